"""Stage 4, render: Jinja2 templates that turn the catalogue into Markdown and JSON."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markdown.extensions.toc import slugify  # the ids the toc extension gives headings

from builder import listing, routes
from builder.listing import escape_html
from builder.model import Catalogue, Exercise, Routine, Term, Variation
from builder.pose.render import catalog_frames
from builder.schema import (
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    MUSCLE_FIELDS,
    NO_EQUIPMENT,
    ROUTINE_FIELDS,
    VARIATION_FIELDS,
    VOCABULARIES,
)
from builder.substitutes import Substitute, readers, substitutes

NO_EQUIPMENT_NAME = "No equipment"
NO_EQUIPMENT_DEFINITION = (
    "Exercises you can do anywhere with nothing but the floor, a wall or a doorway."
)
TEMPLATE_SUBDIR = "atlas"
"""Templates are overridden by files of the same name in <theme custom_dir>/atlas/."""
_T = TypeVar("_T")


class _Rows(dict[Any, Any]):
    """Rows of exercise tables (listing.table), and which this build used."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[Any] = set()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


@dataclass(frozen=True)
class Heading:
    """A heading of a page's foot, for the page's table of contents."""

    level: int
    id: str
    title: str
    """As HTML."""

    def html(self) -> str:
        """The heading as the toc extension writes one (`permalink: true`)."""
        return (
            f'<h{self.level} id="{self.id}">{self.title}<a class="headerlink" '
            f'href="#{self.id}" title="Permanent link">\u00b6</a></h{self.level}>'
        )


@dataclass(frozen=True)
class Rendered:
    """What the build adds to the site."""

    pages: dict[str, str]
    """Generated page source path -> Markdown."""
    heads: dict[str, str]
    """Hand-written page source path -> Markdown placed before its body."""
    feet: dict[str, str]
    """Hand-written page source path -> HTML placed after its body (or at the marker) once
    MkDocs has made the page's HTML: Markdown would cost more than the body itself."""
    catalog_json: str
    blocks: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    """Page source path -> placeholder -> HTML that replaces it once MkDocs has made the
    page's HTML. Large generated listings are written as HTML directly: MkDocs would spend
    far longer turning the same listing from Markdown into HTML."""
    headings: dict[str, tuple[Heading, ...]] = dataclasses.field(default_factory=dict)
    """Hand-written page source path -> the headings of its foot."""
    leads: dict[str, str] = dataclasses.field(default_factory=dict)
    """Hand-written page source path -> HTML placed before its body's HTML (an exercise's
    cautions), where search indexes it."""


@functools.lru_cache(maxsize=8)
def environment(override_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The template environment; cached, while Jinja still reloads templates edited on disk."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d / TEMPLATE_SUBDIR)) for d in override_dirs
    ]
    loaders.append(jinja2.PackageLoader("builder", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; values pass through the `md` filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["h"] = escape_html
    env.globals["href"] = _href
    env.globals["url"] = _url
    env.globals["html"] = _html
    env.globals["heading"] = _heading
    env.globals["listing"] = listing
    return env


@functools.lru_cache(maxsize=1 << 16)  # the same titles and names recur on many pages
def escape_markdown(text: str) -> str:
    """Make plain text safe to place in Markdown: no HTML, no emphasis, links or table cells."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    return routes.relative(context["here"], target)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    """A link to a page's source path, for HTML blocks."""
    return routes.html_link(context["here"], target)


@jinja2.pass_context
def _html(context: jinja2.runtime.Context, caller: jinja2.runtime.Macro) -> str:
    """`{% call html() %}...{% endcall %}`: HTML placed in the page after MkDocs made its HTML.

    The page gets an empty placeholder element now (one the HTML sanitiser keeps); the plugin
    puts the HTML in at the end. Markdown would take far longer over the same listing, and
    the search index is better without lists of other pages' titles.
    """
    blocks = context["blocks"]
    name = context["page_template"].split(".", 1)[0]
    placeholder = f'<div id="atlas-html-{name}-{len(blocks)}"></div>'
    blocks[placeholder] = caller()
    return placeholder


@functools.lru_cache(maxsize=256)  # a handful of headings, on every page
def _slug(title: str) -> str:
    return slugify(title, "-")


@jinja2.pass_context
def _heading(context: jinja2.runtime.Context, level: int, title: str) -> str:
    """`{{ heading(2, "Sources") }}` in a page's foot: the heading, listed in its contents."""
    made = Heading(level, _slug(title), escape_html(title))
    context["headings"].append(made)
    return made.html()


def render(
    catalogue: Catalogue, override_dirs: list[Path] | None = None, memo: Memo | None = None
) -> Rendered:
    """Every generated page and block; `memo` reuses those whose inputs did not change."""
    env = environment(tuple(override_dirs or ()))
    view = _View(catalogue)
    pages: dict[str, str] = {}
    if memo is not None and not memo.start(catalogue, override_dirs or []):
        memo = None
    templates: dict[str, jinja2.Template] = {}
    blocks: dict[str, dict[str, str]] = {}
    if memo is not None:  # under `mkdocs serve`, table rows are kept across builds
        view.rows = memo.rows
    view.rows.used.clear()
    inputs: dict[tuple[tuple[str, int], ...], tuple[dict[str, Any], tuple[Any, ...]]] = {}

    headings: dict[str, tuple[Heading, ...]] = {}

    def page(template: str, here: str, **extra: Any) -> str:
        def produce() -> tuple[str, dict[str, str], tuple[Heading, ...]]:
            if template not in templates:  # once per build, not once per page
                templates[template] = env.get_template(template)
            made: dict[str, str] = {}
            found: list[Heading] = []
            context = dict(here=here, c=view, routes=routes, **extra)
            context.update(blocks=made, page_template=template)
            context.update(headings=found)
            return templates[template].render(context), made, tuple(found)

        ex, kept = extra.get("ex"), None
        if (
            memo is not None
            and template in MEMOIZED
            and ex is not None
            and ex.slug in memo.unchanged
        ):
            kept = memo.kept(template, here)  # an exercise nothing of which changed
        if kept is not None:
            markdown, made, found = kept
        elif memo is None or template not in MEMOIZED:
            markdown, made, found = produce()
        else:
            # A page's head and foot have the same inputs: work them out once. The values are
            # kept alive with their ids, so that no id can be reused during this build.
            key = tuple((k, id(v)) for k, v in sorted(extra.items()))
            if key not in inputs:
                inputs[key] = (extra, _inputs(view, extra, memo))
            markdown, made, found = memo.get(template, here, inputs[key][1], produce)
        if made:
            blocks.setdefault(here, {}).update(made)
        if found:
            headings[here] = found
        return markdown

    pages[routes.hub(routes.EXERCISES)] = page("exercises.md.j2", routes.hub(routes.EXERCISES))
    pages[routes.hub(routes.MUSCLES)] = page("muscles.md.j2", routes.hub(routes.MUSCLES))
    for section, vocabulary, index in (
        (routes.EQUIPMENT, "equipment", catalogue.by_equipment),
        (routes.GOALS, "goals", catalogue.by_goal),
    ):
        terms = view.terms(vocabulary)
        here = routes.hub(section)
        pages[here] = page("terms.md.j2", here, section=section, terms=terms, index=index)
        for term in terms:
            here = routes.page(section, term.slug)
            variations = catalogue.variations_by_equipment if section == routes.EQUIPMENT else {}
            pages[here] = page(
                "term.md.j2",
                here,
                section=section,
                term=term,
                exercises=[catalogue.exercises[s] for s in index[term.slug]],
                variations=[
                    (catalogue.exercises[s], view.variation(s, anchor))
                    for s, anchor in variations.get(term.slug, ())
                ],
            )
    pages[routes.REFERENCE] = page(
        "reference.md.j2",
        routes.REFERENCE,
        exercise_fields=EXERCISE_FIELDS,
        muscle_fields=MUSCLE_FIELDS,
        variation_fields=VARIATION_FIELDS,
        routine_fields=ROUTINE_FIELDS,
        guide_fields=GUIDE_FIELDS,
        vocabularies=VOCABULARIES,
    )
    pages[routes.SOURCES] = page("sources.md.j2", routes.SOURCES)
    if catalogue.routines:
        pages[routes.hub(routes.ROUTINES)] = page("routines.md.j2", routes.hub(routes.ROUTINES))
    heads, feet, leads = {}, {}, {}
    for ex in catalogue.exercises.values():
        leads[ex.src] = page("exercise_head.html.j2", ex.src, ex=ex)
        feet[ex.src] = page("exercise_foot.html.j2", ex.src, ex=ex)
    for muscle in catalogue.muscles.values():
        heads[muscle.src] = page("muscle_head.md.j2", muscle.src, muscle=muscle)
        feet[muscle.src] = page("muscle_foot.html.j2", muscle.src, muscle=muscle)
    for routine in catalogue.routines.values():
        heads[routine.src] = page("routine_head.md.j2", routine.src, routine=routine)
        feet[routine.src] = page("routine_foot.html.j2", routine.src, routine=routine)
    for guide in catalogue.guides.values():
        heads[guide.src] = page("guide_head.md.j2", guide.src, guide=guide)
        feet[guide.src] = page("guide_foot.html.j2", guide.src, guide=guide)
    if memo is not None:
        memo.finish()
    return Rendered(pages, heads, feet, catalog_json(catalogue, memo), blocks, headings, leads)


MEMOIZED = frozenset(
    (
        "term.md.j2",
        "exercise_head.html.j2",
        "exercise_foot.html.j2",
        "muscle_head.md.j2",
        "muscle_foot.html.j2",
    )
)
"""Templates whose output `mkdocs serve` may reuse: one per term, exercise or muscle, each
reading only its arguments, the catalogue's entries about its subject and what those name."""


class Memo:
    """Pages and blocks rendered by earlier builds of a `mkdocs serve` session.

    An entry is reused when its template's inputs are the same as last time: the arguments,
    everything the catalogue holds about the page's subject (its row in every index, the
    objects those rows and the subject's own fields name, its similar exercises), and the
    vocabularies. Unchanged objects are the very same objects from one build to the next
    (the cache keeps them), so comparing keys is mostly comparing identities. Nothing is
    reused when a template was edited or any template is overridden, since an override may
    read anything.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._used: set[tuple[str, str]] = set()
        self._context: Any = None
        self.hits = 0
        """Entries reused by the last build."""
        self.rows = _Rows()
        """Exercise table rows kept across builds (listing.table)."""
        self.substitutes: dict[str, dict[str, tuple[Substitute, ...]]] = {}
        """Exercise -> its substitutes, found by an earlier build."""
        self.stale_substitutes: set[str] = set()
        """Exercises whose substitutes this build must find again."""
        self.unchanged: set[str] = set()
        """Exercises whose pages' inputs this build cannot have changed (see `_unchanged`)."""
        self._deps: dict[str, frozenset[str]] = {}
        """Exercise -> the slugs its pages' inputs named when last worked out."""
        self._finished: Catalogue | None = None
        """The catalogue of the last build that finished."""
        self._starting: Catalogue | None = None
        self._fields: dict[tuple[type, str], tuple[Any, frozenset[str]]] = {}
        self.exercise_entries: dict[str, tuple[Exercise, tuple[Any, ...], str]] = {}
        """Exercise -> (the exercise, its rows, its entry in catalog.json, encoded)."""

    def start(self, catalogue: Catalogue, override_dirs: list[Path]) -> bool:
        """Begin a build; False when nothing may be memoized."""
        overridden = any(
            p.suffix == ".j2" for d in override_dirs for p in (d / TEMPLATE_SUBDIR).glob("*")
        )
        package = Path(__file__).parent / "templates"
        stamps = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in package.glob("*.j2")))
        context = (stamps, catalogue.vocabularies)
        if overridden or context != self._context:
            self._entries.clear()
            self.substitutes.clear()
            self.rows.clear()
            self._deps.clear()
        self._context = None if overridden else context
        self._starting = catalogue
        self.stale_substitutes = self._stale_substitutes(catalogue)
        self.unchanged = self._unchanged(catalogue)
        self._used.clear()
        self.hits = 0
        return not overridden

    def _stale_substitutes(self, catalogue: Catalogue) -> set[str]:
        """Substitutes are chosen from a pool of similar exercises: found again only for the
        exercises whose pool holds an exercise that changed since the last finished build, as
        it is now or as it was."""
        before = self._finished.exercises if self._finished is not None else {}
        now = catalogue.exercises
        if not self.substitutes:
            return set()
        changed = [ex for slug, ex in now.items() if before.get(slug) is not ex]
        changed += [ex for slug, ex in before.items() if now.get(slug) is not ex]
        return {s for ex in changed for s in readers(catalogue, ex)}

    def _unchanged(self, catalogue: Catalogue) -> set[str]:
        """Exercises whose pages' inputs (`_inputs`) are the same as when last worked out, seen
        without working them out: the exercise, its index rows and every object its inputs
        named are what they were at the last finished build, and its substitutes need not be
        found again. Its similar exercises are then the same too: they are picked from its
        substitutes' pool (tests/test_incremental.py checks it) by its related and ladder
        rows."""
        before = self._finished
        if before is None or not self._deps:
            return set()
        old, new = _View(before), _View(catalogue)
        changed: set[str] = set()  # slugs whose object changed, in any table
        for table in _pairs(old.tables, new.tables):
            changed.update(
                k
                for k in table[0].keys() | table[1].keys()
                if table[0].get(k) is not table[1].get(k)
            )
        rows: set[str] = set()  # keys whose row changed, in any index
        for index in _pairs(old.indexes, new.indexes):
            rows.update(
                k for k in index[0].keys() | index[1].keys() if index[0].get(k) != index[1].get(k)
            )
        return {
            slug
            for slug, deps in self._deps.items()
            if slug not in changed
            and slug not in rows
            and slug not in self.stale_substitutes
            and deps.isdisjoint(changed)
        }

    def record(self, slug: str, deps: frozenset[str]) -> None:
        """The slugs an exercise's pages' inputs named, for `_unchanged`."""
        self._deps[slug] = deps

    def kept(self, template: str, here: str) -> Any:
        """What an unchanged page made last time, or None."""
        where = (template, here)
        entry = self._entries.get(where)
        if entry is None:
            return None
        self._used.add(where)
        self.hits += 1
        return entry[1]

    def fields(self, subject: Any) -> frozenset[str]:
        """The strings among a page subject's fields (the slugs it names), kept while it is
        the same object."""
        if subject is None:
            return frozenset()
        key = (type(subject), subject.slug)
        kept = self._fields.get(key)
        if kept is None or kept[0] is not subject:
            kept = self._fields[key] = (subject, frozenset(_strings(vars(subject).values(), set())))
        return kept[1]

    def get(self, template: str, here: str, inputs: Any, produce: Callable[[], _T]) -> _T:
        where = (template, here)
        self._used.add(where)
        kept = self._entries.get(where)
        if kept is not None and kept[0] == inputs:
            self.hits += 1
            return kept[1]
        output = produce()
        self._entries[where] = (inputs, output)
        return output

    def finish(self) -> None:
        """Forget pages and rows this build no longer has."""
        self._finished = self._starting
        if self._finished is not None:
            for slug in set(self._deps) - set(self._finished.exercises):
                del self._deps[slug]
        for where in set(self._entries) - self._used:
            del self._entries[where]
        for where in set(self.rows) - self.rows.used:
            del self.rows[where]


def _inputs(view: _View, extra: dict[str, Any], memo: Memo) -> tuple[Any, ...]:
    """A generated page's inputs, to compare with the previous build's."""
    subject = extra.get("ex") or extra.get("muscle") or extra.get("term")
    slug = getattr(subject, "slug", "")
    rows = tuple((name, index[slug]) for name, index in view.indexes if slug in index)
    named = _strings([row for _, row in rows], set(memo.fields(subject)))
    computed: tuple[Any, ...] = ()
    if isinstance(subject, Exercise):  # what the templates work out from the whole catalogue
        kept = memo.substitutes.get(subject.slug)
        if kept is not None and subject.slug not in memo.stale_substitutes:
            view._substitutes[subject.slug] = kept
        found = view.substitutes(subject)
        memo.substitutes[subject.slug] = found
        named.update(s.slug for subs in found.values() for s in subs)
        similar = tuple(view.similar(subject))
        computed = (similar, tuple(found.items()))
        memo.record(subject.slug, frozenset(named).union(e.slug for e in similar))
    names = sorted(named)
    objects = tuple((name, s, table[s]) for name, table in view.tables for s in names if s in table)
    arguments = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(extra.items()))
    return (arguments, rows, objects, computed)


def _pairs(
    old: list[tuple[str, dict[str, Any]]], new: list[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(old, new) for every named dict in either list."""
    before, after = dict(old), dict(new)
    for name in before.keys() | after.keys():
        yield before.get(name, {}), after.get(name, {})


def _strings(values: Iterable[Any], found: set[str]) -> set[str]:
    """Every string in values and in the tuples among them, at any depth (slugs, anchors),
    added to `found`."""
    for value in values:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple):
            _strings(value, found)
    return found


class _View:
    """Read-only helpers the templates use to look things up."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.ex = catalogue.exercises
        self.muscles = catalogue.muscles
        self._similar: dict[tuple[str, int], list[Exercise]] = {}
        self.rows: _Rows = _Rows()
        """(exercise, folder) -> the exercise and its row in exercise tables (listing.table);
        the memo's under `mkdocs serve`, kept while the exercise is the same object and the
        vocabularies are the same."""
        self._substitutes: dict[str, dict[str, tuple[Substitute, ...]]] = {}
        self._terms = {
            name: {t.slug: t for t in v.terms} for name, v in catalogue.vocabularies.items()
        }

    @functools.cached_property
    def indexes(self) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
        """The catalogue's indexes, slug -> slugs: by_equipment, easier, ladders..."""
        found = []
        for f in dataclasses.fields(self.cat):
            value = getattr(self.cat, f.name)
            if isinstance(value, dict) and all(isinstance(v, tuple) for v in value.values()):
                found.append((f.name, value))
        return found

    @functools.cached_property
    def tables(self) -> list[tuple[str, dict[str, Any]]]:
        """The catalogue's objects by slug: exercises, muscles, vocabularies..."""
        found = []
        for f in dataclasses.fields(self.cat):
            value = getattr(self.cat, f.name)
            if isinstance(value, dict) and any(map(dataclasses.is_dataclass, value.values())):
                found.append((f.name, value))
        return found

    def term(self, vocabulary: str, slug: str) -> Any:
        if vocabulary == "equipment" and slug == NO_EQUIPMENT:
            return _no_equipment()
        term = self._terms[vocabulary].get(slug)
        return term if term is not None else self.cat.term(vocabulary, slug)

    def terms(self, vocabulary: str) -> list[Any]:
        terms = sorted(self.cat.vocabularies[vocabulary].terms, key=lambda t: t.name.lower())
        return [_no_equipment(), *terms] if vocabulary == "equipment" else terms

    def exs(self, slugs: tuple[str, ...]) -> list[Exercise]:
        return [self.ex[s] for s in slugs]

    def routines(self, slugs: tuple[str, ...]) -> list[Routine]:
        return [self.cat.routines[s] for s in slugs]

    def name(self, vocabulary: str, slug: str) -> str:
        return self.term(vocabulary, slug).name

    def kit(self, ex: Exercise | Variation) -> tuple[str, ...]:
        return ex.equipment or (NO_EQUIPMENT,)

    def variation(self, slug: str, anchor: str) -> Variation:
        return next(v for v in self.ex[slug].variations if v.anchor == anchor)

    def title_of(self, src: str) -> str:
        """The title of any hand-written page of the catalogue."""
        return self._titles[src]

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        pages = [self.ex, self.muscles, self.cat.routines, self.cat.guides]
        return {p.src: p.title for group in pages for p in group.values()}

    def groups(self) -> list[tuple[Any, list[Any]]]:
        vocab = self.cat.vocabularies["muscle-groups"]
        return [
            (g, [m for m in self.muscles.values() if m.group == g.slug])
            for g in vocab.terms
            if any(m.group == g.slug for m in self.muscles.values())
        ]

    def substitutes(self, ex: Exercise) -> dict[str, tuple[Substitute, ...]]:
        """Missing piece of kit -> exercises to do instead, best first."""
        if ex.slug not in self._substitutes:
            self._substitutes[ex.slug] = substitutes(self.cat, ex.slug)
        return self._substitutes[ex.slug]

    def similar(self, ex: Exercise, limit: int = 5) -> list[Exercise]:
        """Other exercises with the same movement pattern and a shared primary muscle."""
        key = (ex.slug, limit)
        if key not in self._similar:
            self._similar[key] = self._find_similar(ex, limit)
        return self._similar[key]

    def _find_similar(self, ex: Exercise, limit: int) -> list[Exercise]:
        linked = {ex.slug, *self.cat.related[ex.slug], *self.cat.ladders[ex.slug]}
        pools = [self._by_muscle_pattern.get((m, ex.pattern), ()) for m in ex.primary_muscles]
        # Each pool is sorted by slug, so the answer lies in the first few of each pool.
        enough = limit + len(linked)
        pool = sorted({s for p in pools for s in p[:enough]} - linked)
        return [self.ex[s] for s in pool[:limit]]

    @functools.cached_property
    def _by_muscle_pattern(self) -> dict[tuple[str, str], list[str]]:
        """(primary muscle, pattern) -> exercise slugs, sorted."""
        index: dict[tuple[str, str], list[str]] = {}
        for slug in sorted(self.ex):
            ex = self.ex[slug]
            for m in ex.primary_muscles:
                index.setdefault((m, ex.pattern), []).append(slug)
        return index


def _no_equipment() -> Term:
    return Term(NO_EQUIPMENT, NO_EQUIPMENT_NAME, NO_EQUIPMENT_DEFINITION, 0)


def catalog_json(catalogue: Catalogue, memo: Memo | None = None) -> str:
    """The machine-readable catalogue the finder and the tests read; `memo` keeps each
    exercise's entry until the exercise or its rows change."""
    exercises = []
    before = memo.exercise_entries if memo is not None else {}
    now: dict[str, tuple[Exercise, tuple[Any, ...], str]] = {}
    for slug, ex in catalogue.exercises.items():
        rows = (
            catalogue.easier[slug],
            catalogue.harder[slug],
            catalogue.related[slug],
            catalogue.routines_using[slug],
        )
        entry = before.get(slug)
        if entry is None or entry[0] is not ex or entry[1] != rows:
            entry = (ex, rows, _json(_exercise_entry(ex, *rows)))
        now[slug] = entry
        exercises.append(entry[2])
    if memo is not None:
        memo.exercise_entries = now
    muscles = [
        {
            "slug": m.slug,
            "url": routes.url(m.src),
            "title": m.title,
            "latin": m.latin,
            "group": m.group,
            "primary": list(catalogue.by_primary[m.slug]),
            "secondary": list(catalogue.by_secondary[m.slug]),
        }
        for m in catalogue.muscles.values()
    ]
    vocabularies = {
        name: [{"slug": t.slug, "name": t.name, "definition": t.definition} for t in v.terms]
        for name, v in catalogue.vocabularies.items()
    }
    routines = [
        {
            "slug": r.slug,
            "url": routes.url(r.src),
            "title": r.title,
            "summary": r.summary,
            "minutes": r.minutes,
            "per_week": r.per_week,
            "goals": list(r.goals),
            "steps": [
                {"exercise": s.exercise, "dose": s.dose.text(), "note": s.note, "block": s.block}
                for s in r.steps
            ],
            "sources": list(r.sources),
        }
        for r in catalogue.routines.values()
    ]
    data = {"exercises": [], "muscles": muscles, "routines": routines, "vocabularies": vocabularies}
    # Each exercise's entry is encoded on its own, as the encoder writes it inside the list.
    rest = _json(data)
    opening = '{"exercises":['
    assert rest.startswith(opening + "]")
    return opening + ",".join(exercises) + rest[len(opening) :] + "\n"


def _json(value: Any) -> str:
    """Compact, so that the C encoder writes it (indenting takes the slow pure-Python path)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _exercise_entry(
    ex: Exercise,
    easier: tuple[str, ...],
    harder: tuple[str, ...],
    related: tuple[str, ...],
    routines: tuple[str, ...],
) -> dict[str, Any]:
    return {
        "slug": ex.slug,
        "url": routes.url(ex.src),
        "title": ex.title,
        "summary": ex.summary,
        "kind": ex.kind,
        "primary_muscles": list(ex.primary_muscles),
        "secondary_muscles": list(ex.secondary_muscles),
        "equipment": list(ex.equipment) or [NO_EQUIPMENT],
        "goals": list(ex.goals),
        "difficulty": ex.difficulty,
        "pattern": ex.pattern,
        "emphasis": ex.emphasis,
        "legs": ex.legs,
        "dosage": [d.text() for d in ex.dosage],
        "easier": list(easier),
        "harder": list(harder),
        "related": list(related),
        "sources": list(ex.sources),
        "routines": list(routines),
        "frames": catalog_frames(ex),  # data-pose ids of the drawn frames (builder/pose/)
        "variations": [
            {
                "title": v.title,
                "anchor": v.anchor,
                "url": f"{routes.url(ex.src)}#{v.anchor}",
                "summary": v.summary,
                "equipment": list(v.equipment) or [NO_EQUIPMENT],
                "difficulty": v.difficulty,
                "legs": v.legs,
                "dosage": [d.text() for d in v.dosage],
            }
            for v in ex.variations
        ],
    }


CATALOG_GLOBAL = "ATLAS_CATALOG"
"""The global name under which catalog.js publishes the catalogue."""


def catalog_script(catalog_json: str) -> str:
    """catalog.json as a classic script (JSON is valid JavaScript), so file:// pages can load it."""
    return f"window.{CATALOG_GLOBAL} = {catalog_json.rstrip()};\n"
