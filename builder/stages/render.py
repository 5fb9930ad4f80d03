"""Stage 4, render: Jinja2 templates that turn the catalogue into Markdown and JSON."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
from markupsafe import Markup

from builder.model import routes, schema
from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine
from builder.model.page_fields import (
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    MUSCLE_FIELDS,
    ROUTINE_FIELDS,
    VARIATION_FIELDS,
)
from builder.model.schema import VOCABULARIES
from builder.pose.render import frames_html, thumbnail_svg
from builder.stages import provenance
from builder.stages.catalog import catalog_json
from builder.stages.lookup import Lookup
from builder.stages.policy.front import HIDE_VALUES, PAGE_KEYS
from builder.stages.policy.limits import limits
from builder.stages.templating import environment
from builder.stages.view import page_view

if TYPE_CHECKING:  # the memo lives with the cache of `mkdocs serve`, which imports this
    from builder.cache.memo import Memo

_S = TypeVar("_S", bound=Exercise | Muscle)
_V = TypeVar("_V")


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
    diagrams: dict[str, str]
    """Exercise or muscle page source path -> its anatomy diagram (HTML), which goes where
    the card has DIAGRAM (`place_diagram`). Read as Markdown, the drawing's hundred-odd
    elements took longer than all the rest of the page: it joins the page's HTML instead,
    before the sanitiser cleans the whole."""
    frames: dict[str, str]
    """Exercise page source path -> its drawn movement frames (builder/pose/, HTML), which go
    right under the card, where the head has FRAMES; placed like the diagram."""
    thumbnails: dict[str, str]
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


def render(
    catalogue: Catalogue, override_dirs: list[Path] | None = None, memo: Memo | None = None
) -> Rendered:
    """Every generated page, head and foot; `memo` reuses those whose inputs did not change."""
    dirs = override_dirs or []
    if memo is not None and not memo.start(catalogue, dirs):
        memo = None
    page = _Pages(catalogue, environment(tuple(dirs)), memo)
    pages = _generated_pages(page)
    heads, feet = _heads_and_feet(page)
    if memo is not None:
        memo.rows = page.view.rows
        memo.finish()
    frames, thumbnails = _frames(catalogue, memo)
    entries = memo.exercise_entries if memo is not None else None
    return Rendered(
        pages,
        heads,
        feet,
        catalog_json(catalogue, entries),
        _diagrams(page),
        frames,
        thumbnails,
    )


class _Pages:
    """The templates of one build, rendered through the memo when there is one."""

    def __init__(self, catalogue: Catalogue, env: jinja2.Environment, memo: Memo | None):
        self.catalogue = catalogue
        self.view = Lookup(catalogue)
        self.memo = memo
        self.template = functools.cache(env.get_template)  # once per build, not once per page
        if memo is not None:  # under `mkdocs serve`, table rows are kept across builds
            self.view.kept_rows = memo.rows

    def __call__(self, template: str, here: str, **extra: Any) -> str:
        """The template rendered for the page at `here`, given `extra`."""

        def produce() -> str:
            context = dict(here=here, c=self.view, routes=routes, **extra)
            if template in CARDS:
                context["card"] = _card(self.template, self.catalogue, context)
            return self.template(template).render(context)

        if self.memo is None:
            return produce()
        return self.memo.page(template, here, extra, self.view, produce)


def _generated_pages(page: _Pages) -> dict[str, str]:
    """The hubs, a page per equipment item and goal, the front-matter reference, the sources."""
    catalogue = page.catalogue
    pages = {
        routes.hub(routes.EXERCISES): page("exercises.md.j2", routes.hub(routes.EXERCISES)),
        routes.hub(routes.MUSCLES): page("muscles.md.j2", routes.hub(routes.MUSCLES)),
    }
    pages |= _term_pages(page, routes.EQUIPMENT, "equipment", catalogue.by_equipment)
    pages |= _term_pages(page, routes.GOALS, "goals", catalogue.by_goal)
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
    return pages


def _term_pages(
    page: _Pages, section: str, vocabulary: str, index: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """A section's hub and a page per term of its vocabulary (equipment items, goals)."""
    catalogue, view = page.catalogue, page.view
    terms = view.terms(vocabulary)
    here = routes.hub(section)
    pages = {here: page("terms.md.j2", here, section=section, terms=terms, index=index)}
    variations = catalogue.variations_by_equipment if section == routes.EQUIPMENT else {}
    for term in terms:
        here = routes.page(section, term.slug)
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
    return pages


def _heads_and_feet(page: _Pages) -> tuple[dict[str, str], dict[str, str]]:
    """The head and foot of every hand-written page: exercises, muscles, routines, guides."""
    catalogue = page.catalogue
    groups: list[tuple[str, str, Mapping[str, Exercise | Muscle | Routine | GuidePage]]] = [
        ("exercise", "ex", catalogue.exercises),
        ("muscle", "muscle", catalogue.muscles),
        ("routine", "routine", catalogue.routines),
        ("guide", "guide", catalogue.guides),
    ]
    heads, feet = {}, {}
    for kind, name, subjects in groups:
        for subject in subjects.values():
            heads[subject.src] = page(f"{kind}_head.md.j2", subject.src, **{name: subject})
            feet[subject.src] = page(f"{kind}_foot.md.j2", subject.src, **{name: subject})
    return heads, feet


def _diagrams(page: _Pages) -> dict[str, str]:
    """Each exercise and muscle page's anatomy diagram. It reads its page's exercise or
    muscle, the muscles and the vocabularies (page_view): under serve, kept while the subject
    is the same object (the memo forgets them all when a muscle or a vocabulary changes)."""
    catalogue, memo = page.catalogue, page.memo

    def draw(subject: Exercise | Muscle) -> str:
        context = dict(here=subject.src, atlas=page_view(catalogue, subject.src))
        return page.template("diagram.html.j2").render(context)

    subjects: list[Exercise | Muscle] = [*catalogue.exercises.values(), *catalogue.muscles.values()]
    drawn = _reuse(memo.diagrams if memo is not None else {}, subjects, draw)
    if memo is not None:
        memo.diagrams = drawn
    return {src: html for src, (_, html) in drawn.items()}


def _frames(catalogue: Catalogue, memo: Memo | None) -> tuple[dict[str, str], dict[str, str]]:
    """Each exercise page's drawn frames, and the thumbnails by their path. They read the
    exercise alone: under serve, kept while it is the same object."""
    kept = memo.frames if memo is not None else {}
    framed = _reuse(
        kept, catalogue.exercises.values(), lambda ex: (frames_html(ex), thumbnail_svg(ex))
    )
    if memo is not None:
        memo.frames = framed
    frames = {src: html for src, (_, (html, _)) in framed.items()}
    thumbnails = {routes.thumbnail(ex.slug): svg for ex, (_, svg) in framed.values() if svg}
    return frames, dict(sorted(thumbnails.items()))


def _reuse(
    kept: Mapping[str, tuple[_S, _V]], subjects: Iterable[_S], make: Callable[[_S], _V]
) -> dict[str, tuple[_S, _V]]:
    """(subject, make(subject)) by the subject's source path, or the entry `kept` from the
    last build while its subject is the same object."""
    made = {}
    for subject in subjects:
        entry = kept.get(subject.src)
        if entry is None or entry[0] is not subject:
            entry = (subject, make(subject))
        made[subject.src] = entry
    return made


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
