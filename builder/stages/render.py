"""Stage 4, render: Jinja2 templates that turn the catalogue into Markdown and JSON."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
from markupsafe import Markup, escape

from builder.model import licence, routes, schema
from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine, Term, Variation
from builder.model.page_fields import (
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    MUSCLE_FIELDS,
    ROUTINE_FIELDS,
    VARIATION_FIELDS,
)
from builder.model.schema import NO_EQUIPMENT, VOCABULARIES
from builder.pose.render import catalog_frames, frames_html, thumbnail_svg
from builder.stages import listing, provenance
from builder.stages.listing import escape_markdown
from builder.stages.policy.front import HIDE_VALUES, PAGE_KEYS
from builder.stages.policy.limits import limits
from builder.stages.substitutes import Index, Substitute
from builder.stages.view import NO_EQUIPMENT_DEFINITION, NO_EQUIPMENT_NAME, page_view

TEMPLATE_SUBDIR = "atlas"
"""Templates are overridden by files of the same name in <theme custom_dir>/atlas/."""
_T = TypeVar("_T")


class _Rows(dict[Any, Any]):
    """Rows of exercise tables (listing.table), and which this build used."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[Any] = set()


@dataclass(frozen=True)
class Rendered:
    """What the build adds to the site, as Markdown that MkDocs turns into pages."""

    pages: dict[str, str]
    """Generated page source path -> Markdown."""
    heads: dict[str, str]
    """Hand-written page source path -> Markdown placed before its body: the title, summary
    and card, the cautions."""
    feet: dict[str, str]
    """Hand-written page source path -> Markdown placed after its body (or at the marker):
    ladder, substitutes, routines, related exercises, sources."""
    catalog_json: str
    diagrams: dict[str, str] = dataclasses.field(default_factory=dict)
    """Exercise or muscle page source path -> its anatomy diagram (HTML), which goes where
    the card has DIAGRAM (`place_diagram`). Read as Markdown, the drawing's hundred-odd
    elements took longer than all the rest of the page: it joins the page's HTML instead,
    before the sanitiser cleans the whole."""
    frames: dict[str, str] = dataclasses.field(default_factory=dict)
    """Exercise page source path -> its drawn movement frames (builder/pose/, HTML), which go
    right under the card, where the head has FRAMES; placed like the diagram."""
    thumbnails: dict[str, str] = dataclasses.field(default_factory=dict)
    """Thumbnail file path (routes.thumbnail) -> the exercise's end frame as an SVG document."""


DIAGRAM = "<!-- atlas:diagram -->"
"""Where the card's anatomy diagram goes in the page's HTML."""
FRAMES = "<!-- atlas:frames -->"
"""Where an exercise's drawn frames go in the page's HTML."""


def place_diagram(rendered: Rendered, src: str, html: str) -> str:
    """A page's Markdown with its anatomy diagram and frames in place, for the export, where
    any engine reads them as raw HTML."""
    html = html.replace(DIAGRAM, rendered.diagrams.get(src, ""), 1)
    return html.replace(FRAMES, rendered.frames.get(src, ""), 1)


DIAGRAM_SLOT = '<figure class="atlas-diagram"></figure>'
"""Where the diagram goes in a page's sanitised HTML: an empty element the sanitiser keeps
as it is (a comment it would drop). A page that wrote one itself only moves the drawing."""


def mark_diagram(rendered: Rendered, src: str, html: str) -> str:
    """A page's HTML as the sanitiser and the search index get it: the frames in place, an
    empty slot for the diagram (`place_drawing` fills it after the search index)."""
    if src in rendered.diagrams:
        html = html.replace(DIAGRAM, DIAGRAM_SLOT, 1)
    return html.replace(FRAMES, rendered.frames.get(src, ""), 1)


def place_drawing(rendered: Rendered, src: str, html: str, clean: Callable[[str], str]) -> str:
    """A page's sanitised HTML with its anatomy diagram in the slot, itself passed through
    `clean` (the sanitiser): every part of the final page is sanitised, the diagram apart.

    The diagram joins the page after the search index read it, on purpose: its ~25 KB of
    SVG a page is no text to search, and indexing it cost more than the rest of the page
    (10 times the index's work, at 1,000 exercises)."""
    drawing = rendered.diagrams.get(src)
    return html.replace(DIAGRAM_SLOT, clean(drawing), 1) if drawing else html


def generated_page(rendered: Rendered, src: str, docs: str = "content") -> str:
    """A generated page's whole Markdown, with the note naming the files it comes from."""
    return f"{rendered.pages[src].rstrip()}\n\n{provenance.note(src, docs)}"


def hand_written_page(rendered: Rendered, src: str, body: str, merged: bool = False) -> str:
    """A hand-written page's whole Markdown: its body with the builder's head and foot, or,
    for a page with the marker at a generated path, the generated listing at the marker."""
    if merged:
        return body.replace(routes.MARKER, _without_title(rendered.pages[src]), 1)
    head, foot = rendered.heads.get(src, ""), rendered.feet.get(src, "")
    if routes.MARKER in body and foot:
        return head + body.replace(routes.MARKER, foot, 1)
    if not head and not foot:
        return body
    return f"{head}{body.strip()}\n\n{foot}"


def _without_title(markdown: str) -> str:
    """A generated page's body without its level-1 heading, for a hand-written page's marker."""
    first, _, rest = markdown.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else markdown


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
        # Markdown templates escape each value with `md`; the card's HTML templates
        # (*.html.j2) escape everything, and values inside Markdown spans also with `md`.
        autoescape=jinja2.select_autoescape(("html.j2",), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["attr"] = _attribute
    env.globals["href"] = env.globals["to"] = _href
    env.globals["part"] = _part
    env.globals["listing"] = listing
    return env


def _md(text: Any) -> Markup:
    """Plain text for Markdown (and, as Markup, for an HTML template too)."""
    return Markup(escape_markdown(str(text)))


def _attribute(text: Any) -> Markup:
    """Plain text for an attribute value in an attr_list (`{: key="..." }`): escaped for
    HTML, on one line, with no brace to end the list early."""
    escaped = str(escape(" ".join(str(text).split())))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A relative link from the page being rendered to another page's source file."""
    return routes.relative(context["here"], target)


@jinja2.pass_context
def _part(context: jinja2.runtime.Context, template: str, **data: Any) -> Markup:
    """`{{ part("x.html.j2", **data) }}`: another template, given `data` on top of the page's
    context (the anatomy drawing's parts)."""
    partial = context.environment.get_template(template)
    return Markup(partial.render({**context.get_all(), **data}))


def render(
    catalogue: Catalogue, override_dirs: list[Path] | None = None, memo: Memo | None = None
) -> Rendered:
    """Every generated page, head and foot; `memo` reuses those whose inputs did not change."""
    env = environment(tuple(override_dirs or ()))
    view = _View(catalogue)
    pages: dict[str, str] = {}
    if memo is not None and not memo.start(catalogue, override_dirs or []):
        memo = None
    templates: dict[str, jinja2.Template] = {}
    if memo is not None:  # under `mkdocs serve`, table rows are kept across builds
        view.rows = memo.rows
    view.rows.used.clear()
    inputs: dict[tuple[tuple[str, int], ...], tuple[dict[str, Any], tuple[Any, ...]]] = {}

    def template_named(name: str) -> jinja2.Template:
        if name not in templates:  # once per build, not once per page
            templates[name] = env.get_template(name)
        return templates[name]

    def page(template: str, here: str, **extra: Any) -> str:
        def produce() -> str:
            context = dict(here=here, c=view, routes=routes, **extra)
            if template in CARDS:
                context["card"] = _card(template_named, catalogue, context)
            return template_named(template).render(context)

        ex, kept = extra.get("ex"), None
        if (
            memo is not None
            and template in MEMOIZED
            and ex is not None
            and ex.slug in memo.unchanged
        ):
            kept = memo.kept(template, here)  # an exercise nothing of which changed
        if kept is not None:
            return str(kept)
        if memo is None or template not in MEMOIZED:
            return produce()
        # A page's head and foot have the same inputs: work them out once. The values are
        # kept alive with their ids, so that no id can be reused during this build.
        key = tuple((k, id(v)) for k, v in sorted(extra.items()))
        if key not in inputs:
            inputs[key] = (extra, _inputs(view, extra, memo))
        return memo.get(template, here, inputs[key][1], produce)

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
        schema=schema,
        limits=limits(),
        page_keys=PAGE_KEYS["page"],
        hide_values=HIDE_VALUES,
    )
    pages[routes.SOURCES] = page("sources.md.j2", routes.SOURCES)
    if catalogue.routines:
        pages[routes.hub(routes.ROUTINES)] = page("routines.md.j2", routes.hub(routes.ROUTINES))
    heads, feet = {}, {}
    for ex in catalogue.exercises.values():
        heads[ex.src] = page("exercise_head.md.j2", ex.src, ex=ex)
        feet[ex.src] = page("exercise_foot.md.j2", ex.src, ex=ex)
    for muscle in catalogue.muscles.values():
        heads[muscle.src] = page("muscle_head.md.j2", muscle.src, muscle=muscle)
        feet[muscle.src] = page("muscle_foot.md.j2", muscle.src, muscle=muscle)
    for routine in catalogue.routines.values():
        heads[routine.src] = page("routine_head.md.j2", routine.src, routine=routine)
        feet[routine.src] = page("routine_foot.md.j2", routine.src, routine=routine)
    for guide in catalogue.guides.values():
        heads[guide.src] = page("guide_head.md.j2", guide.src, guide=guide)
        feet[guide.src] = page("guide_foot.md.j2", guide.src, guide=guide)
    if memo is not None:
        memo.finish()
    # A diagram reads its page's exercise or muscle, the muscles and the vocabularies
    # (page_view): under serve, kept while the subject is the same object (the memo forgets
    # them all when a muscle or a vocabulary changes).
    kept = memo.diagrams if memo is not None else {}
    drawn: dict[str, tuple[Exercise | Muscle, str]] = {}
    subjects: list[Exercise | Muscle] = [*catalogue.exercises.values(), *catalogue.muscles.values()]
    for subject in subjects:
        entry = kept.get(subject.src)
        if entry is None or entry[0] is not subject:
            context = dict(here=subject.src, atlas=page_view(catalogue, subject.src))
            entry = (subject, template_named("diagram.html.j2").render(context))
        drawn[subject.src] = entry
    if memo is not None:
        memo.diagrams = drawn
    diagrams = {src: html for src, (_, html) in drawn.items()}
    # Drawn frames read the exercise alone: under serve, kept while it is the same object.
    kept_frames = memo.frames if memo is not None else {}
    framed: dict[str, tuple[Exercise, str, str]] = {}
    for ex in catalogue.exercises.values():
        kept_frame = kept_frames.get(ex.src)
        if kept_frame is None or kept_frame[0] is not ex:
            kept_frame = (ex, frames_html(ex), thumbnail_svg(ex))
        framed[ex.src] = kept_frame
    if memo is not None:
        memo.frames = framed
    frames = {src: html for src, (_, html, _) in framed.items()}
    thumbnails = {routes.thumbnail(ex.slug): svg for ex, _, svg in framed.values() if svg}
    return Rendered(
        pages,
        heads,
        feet,
        catalog_json(catalogue, memo),
        diagrams,
        frames,
        dict(sorted(thumbnails.items())),
    )


CARDS = frozenset(("exercise_head.md.j2", "muscle_head.md.j2"))
"""Heads that carry the card and anatomy diagram (card.html.j2, diagram.html.j2)."""


def _card(
    template: Callable[[str], jinja2.Template], catalogue: Catalogue, context: dict[str, Any]
) -> Markup:
    """The card of an exercise or muscle page: HTML that Markdown reads (md_in_html), with
    no indentation, which Markdown would read as code."""
    atlas = page_view(catalogue, context["here"])
    context = {**context, "atlas": atlas, "diagram": Markup(DIAGRAM)}
    card = _BETWEEN_TAGS.sub(">\n<", template("card.html.j2").render(context))
    lines = "\n".join(line.strip() for line in card.strip().splitlines())
    return Markup(_BLANK_LINES.sub("\n\n", lines))


_BETWEEN_TAGS = re.compile(r">\s+<")
_BLANK_LINES = re.compile(r"\n{3,}")


MEMOIZED = frozenset(
    (
        "term.md.j2",
        "exercise_head.md.j2",
        "exercise_foot.md.j2",
        "muscle_head.md.j2",
        "muscle_foot.md.j2",
    )
)
"""Templates whose output `mkdocs serve` may reuse: one per term, exercise or muscle, each
reading only its arguments, the catalogue's entries about its subject and what those name."""


class Memo:
    """Pages, heads and feet rendered by earlier builds of a `mkdocs serve` session.

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
        self.diagrams: dict[str, tuple[Exercise | Muscle, str]] = {}
        """Page -> (its exercise or muscle, its anatomy diagram), from the last build."""
        self.frames: dict[str, tuple[Exercise, str, str]] = {}
        """Exercise page -> (its exercise, its drawn frames, its thumbnail), from the last build."""
        self.exercise_entries: dict[str, tuple[Exercise, tuple[Any, ...], str]] = {}
        """Exercise -> (the exercise, its rows, its entry in catalog.json, encoded)."""

    def start(self, catalogue: Catalogue, override_dirs: list[Path]) -> bool:
        """Begin a build; False when nothing may be memoized."""
        overridden = any(
            p.suffix == ".j2" for d in override_dirs for p in (d / TEMPLATE_SUBDIR).glob("*")
        )
        package = Path(__file__).parent.parent / "templates"
        stamps = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in package.glob("*.j2")))
        # The anatomy diagram of every card names and links every drawn muscle.
        context = (stamps, catalogue.vocabularies, tuple(catalogue.muscles.values()))
        if overridden or context != self._context:
            self._entries.clear()
            self.diagrams.clear()
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
        if not changed:
            return set()
        index = Index(catalogue)
        return {s for ex in changed for s in index.pool_of(ex)}

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
            return cast(_T, kept[1])  # what produce() made for these inputs last time
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

    def term(self, vocabulary: str, slug: str) -> Term:
        if vocabulary == "equipment" and slug == NO_EQUIPMENT:
            return _no_equipment()
        term = self._terms[vocabulary].get(slug)
        return term if term is not None else self.cat.term(vocabulary, slug)

    def terms(self, vocabulary: str) -> list[Term]:
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
        pages: list[Mapping[str, Exercise | Muscle | Routine | GuidePage]] = [
            self.ex,
            self.muscles,
            self.cat.routines,
            self.cat.guides,
        ]
        return {p.src: p.title for group in pages for p in group.values()}

    def groups(self) -> list[tuple[Term, list[Muscle]]]:
        vocab = self.cat.vocabularies["muscle-groups"]
        return [
            (g, [m for m in self.muscles.values() if m.group == g.slug])
            for g in vocab.terms
            if any(m.group == g.slug for m in self.muscles.values())
        ]

    def substitutes(self, ex: Exercise) -> dict[str, tuple[Substitute, ...]]:
        """Missing piece of kit -> exercises to do instead, best first."""
        if ex.slug not in self._substitutes:
            self._substitutes[ex.slug] = self._index.find(ex.slug)
        return self._substitutes[ex.slug]

    @functools.cached_property
    def _index(self) -> Index:
        return Index(self.cat)

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
    data["license"] = licence.catalog_entry()
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
        "thumbnail": routes.thumbnail(ex.slug) if ex.pose is not None else None,
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
