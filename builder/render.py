"""Stage 4, render: Jinja2 templates that turn the catalogue into Markdown and JSON."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from builder import routes
from builder.model import Catalogue, Exercise, Term, Variation
from builder.schema import (
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    MUSCLE_FIELDS,
    NO_EQUIPMENT,
    ROUTINE_FIELDS,
    VARIATION_FIELDS,
    VOCABULARIES,
)
from builder.substitutes import substitutes

NO_EQUIPMENT_NAME = "No equipment"
NO_EQUIPMENT_DEFINITION = (
    "Exercises you can do anywhere with nothing but the floor, a wall or a doorway."
)
TEMPLATE_SUBDIR = "atlas"
"""Templates are overridden by files of the same name in <theme custom_dir>/atlas/."""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


@dataclass(frozen=True)
class Rendered:
    """What the build adds to the site."""

    pages: dict[str, str]
    """Generated page source path -> Markdown."""
    heads: dict[str, str]
    """Hand-written page source path -> Markdown placed before its body."""
    feet: dict[str, str]
    """Hand-written page source path -> Markdown placed after its body (or at the marker)."""
    catalog_json: str


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
    env.globals["href"] = _href
    return env


def escape_markdown(text: str) -> str:
    """Make plain text safe to place in Markdown: no HTML, no emphasis, links or table cells."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    return routes.relative(context["here"], target)


def render(catalogue: Catalogue, override_dirs: list[Path] | None = None) -> Rendered:
    env = environment(tuple(override_dirs or ()))
    view = _View(catalogue)
    pages: dict[str, str] = {}

    def page(template: str, here: str, **extra: Any) -> str:
        return env.get_template(template).render(here=here, c=view, routes=routes, **extra)

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
    return Rendered(pages, heads, feet, catalog_json(catalogue))


class _View:
    """Read-only helpers the templates use to look things up."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.ex = catalogue.exercises
        self.muscles = catalogue.muscles

    def term(self, vocabulary: str, slug: str) -> Any:
        if vocabulary == "equipment" and slug == NO_EQUIPMENT:
            return _no_equipment()
        return self.cat.term(vocabulary, slug)

    def terms(self, vocabulary: str) -> list[Any]:
        terms = sorted(self.cat.vocabularies[vocabulary].terms, key=lambda t: t.name.lower())
        return [_no_equipment(), *terms] if vocabulary == "equipment" else terms

    def exs(self, slugs: tuple[str, ...]) -> list[Exercise]:
        return [self.ex[s] for s in slugs]

    def name(self, vocabulary: str, slug: str) -> str:
        return self.term(vocabulary, slug).name

    def kit(self, ex: Exercise | Variation) -> tuple[str, ...]:
        return ex.equipment or (NO_EQUIPMENT,)

    def variation(self, slug: str, anchor: str) -> Variation:
        return next(v for v in self.ex[slug].variations if v.anchor == anchor)

    def title_of(self, src: str) -> str:
        """The title of any hand-written page of the catalogue."""
        pages = [self.ex, self.muscles, self.cat.routines, self.cat.guides]
        return next(p.title for group in pages for p in group.values() if p.src == src)

    def groups(self) -> list[tuple[Any, list[Any]]]:
        vocab = self.cat.vocabularies["muscle-groups"]
        return [
            (g, [m for m in self.muscles.values() if m.group == g.slug])
            for g in vocab.terms
            if any(m.group == g.slug for m in self.muscles.values())
        ]

    def substitutes(self, ex: Exercise) -> dict[str, tuple[str, ...]]:
        """Missing piece of kit -> exercises to do instead, best first."""
        return substitutes(self.cat, ex.slug)

    def similar(self, ex: Exercise, limit: int = 5) -> list[Exercise]:
        """Other exercises with the same movement pattern and a shared primary muscle."""
        linked = {ex.slug, *self.cat.related[ex.slug], *self.cat.ladders[ex.slug]}
        pool = {s for m in ex.primary_muscles for s in self.cat.by_primary[m]} - linked
        same = [self.ex[s] for s in sorted(pool) if self.ex[s].pattern == ex.pattern]
        return same[:limit]


def _no_equipment() -> Term:
    return Term(NO_EQUIPMENT, NO_EQUIPMENT_NAME, NO_EQUIPMENT_DEFINITION, 0)


def catalog_json(catalogue: Catalogue) -> str:
    """The machine-readable catalogue the finder and the tests read."""
    exercises = []
    for ex in catalogue.exercises.values():
        exercises.append(
            {
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
                "easier": list(catalogue.easier[ex.slug]),
                "harder": list(catalogue.harder[ex.slug]),
                "related": list(catalogue.related[ex.slug]),
                "sources": list(ex.sources),
                "routines": list(catalogue.routines_using[ex.slug]),
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
        )
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
    data = {
        "exercises": exercises,
        "muscles": muscles,
        "routines": routines,
        "vocabularies": vocabularies,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


CATALOG_GLOBAL = "ATLAS_CATALOG"
"""The global name under which catalog.js publishes the catalogue."""


def catalog_script(catalog_json: str) -> str:
    """catalog.json as a classic script (JSON is valid JavaScript), so file:// pages can load it."""
    return f"window.{CATALOG_GLOBAL} = {catalog_json.rstrip()};\n"
