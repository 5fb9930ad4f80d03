"""The catalogue as JSON (catalog.json) and as a script, for the finder and the tests."""

from __future__ import annotations

import json
from typing import Any

from builder.model import licence, routes
from builder.model.entities import Catalogue, Exercise
from builder.model.schema import NO_EQUIPMENT
from builder.pose.render import catalog_frames

Entries = dict[str, tuple[Exercise, tuple[Any, ...], str]]
"""Exercise -> (the exercise, its rows, its entry in catalog.json, encoded)."""


def catalog_json(catalogue: Catalogue, kept: Entries | None = None) -> str:
    """The machine-readable catalogue the finder and the tests read; `kept` (the render
    memo's, under serve) keeps each exercise's entry until the exercise or its rows change."""
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
    return opening + ",".join(_exercises(catalogue, kept)) + rest[len(opening) :] + "\n"


def _exercises(catalogue: Catalogue, kept: Entries | None) -> list[str]:
    """Each exercise's entry, encoded; `kept` as in `catalog_json`, updated."""
    before = kept or {}
    now: Entries = {}
    for slug, ex in catalogue.exercises.items():
        rows = (
            catalogue.easier[slug],
            catalogue.harder[slug],
            catalogue.related[slug],
            catalogue.routines_using[slug],
        )
        entry = before.get(slug)
        if entry is None or entry[0] is not ex or entry[1] != rows:
            entry = (ex, rows, _json(_exercise_entry(ex, rows)))
        now[slug] = entry
    if kept is not None:
        kept.clear()
        kept.update(now)
    return [text for _, _, text in now.values()]


def _json(value: Any) -> str:
    """Compact, so that the C encoder writes it (indenting takes the slow pure-Python path)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _exercise_entry(ex: Exercise, rows: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    """An exercise's entry; `rows` are its easier and harder, related exercises and routines."""
    easier, harder, related, routines = rows
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
