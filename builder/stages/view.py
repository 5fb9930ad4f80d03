"""What the card at the top of an exercise or muscle page shows: plain data, no markup.

`builder/stages/render.py` passes `page_view(...)` to the card's templates (`card.html.j2`,
`diagram*.html.j2`), which turn it into the card and the anatomy diagram. Every value is
plain text (the templates escape it) or the source path of a linked page (`src`), which the
templates write as a relative Markdown link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder.model import routes
from builder.model.entities import Catalogue, Muscle
from builder.model.schema import NO_EQUIPMENT

NO_EQUIPMENT_NAME = "No equipment"
NO_EQUIPMENT_DEFINITION = (
    "Exercises you can do anywhere with nothing but the floor, a wall or a doorway."
)

PRIMARY, SECONDARY, THIS = "primary", "secondary", "this"
"""A shape's role: worked as a primary mover, as a helper, or the muscle the page is about."""

BACK, FRONT = "back", "front"
"""The diagram's two views: the back of the hip and thigh, and the front with the belly."""


@dataclass(frozen=True)
class Shape:
    """One drawn muscle (or head of a muscle) in the anatomy diagram."""

    id: str
    """The shape's name in `overrides/partials/atlas/diagram.html`."""
    muscle: str
    """Slug of the muscle page it stands for (the page may not exist yet)."""
    head: str = ""
    """Name of the head, as in the muscle's `heads`, when the shape is one head."""
    knee_only: bool = False
    """The shape crosses the knee but not the hip, so a movement of the hip alone
    does not work it."""
    view: str = BACK
    """The view that draws it (diagram_shapes.html.j2 for BACK, diagram_front.html.j2)."""


DIAGRAM: tuple[Shape, ...] = (
    Shape("gluteus-medius", "gluteus-medius"),
    Shape("quadriceps-vastus-lateralis", "quadriceps", "Vastus lateralis"),
    Shape("adductor-magnus", "adductor-magnus"),
    Shape("gastrocnemius-lateral-head", "gastrocnemius", "Lateral head"),
    Shape("gastrocnemius-medial-head", "gastrocnemius", "Medial head"),
    Shape("semimembranosus", "semimembranosus"),
    Shape("biceps-femoris-short-head", "biceps-femoris", "Short head", knee_only=True),
    Shape("semitendinosus", "semitendinosus"),
    Shape("biceps-femoris-long-head", "biceps-femoris", "Long head"),
    Shape("gluteus-maximus", "gluteus-maximus"),
    Shape("abdominals", "abdominals", view=FRONT),
    Shape("quadriceps-vastus-lateralis-front", "quadriceps", "Vastus lateralis", view=FRONT),
    Shape("quadriceps-vastus-medialis", "quadriceps", "Vastus medialis", view=FRONT),
    Shape("quadriceps-rectus-femoris", "quadriceps", "Rectus femoris", view=FRONT),
)
"""The shapes of both views, each view's back to front (later shapes are drawn over earlier
ones)."""

HIP_ONLY_PATTERNS = frozenset({"hip-extension", "hinge"})
"""Movement patterns in which the knee stays still: knee-only shapes are not drawn as worked."""

DRAWN = {v: frozenset(s.muscle for s in DIAGRAM if s.view == v) for v in (BACK, FRONT)}
"""Muscles each view can show; others are only listed."""

_NAMES = {
    "gluteus-medius": "Gluteus medius",
    "adductor-magnus": "Adductor magnus",
    "quadriceps": "Quadriceps",
    "abdominals": "Abdominals",
    "gastrocnemius": "Gastrocnemius",
}
"""Names of drawn muscles that have no page yet."""


def page_view(catalogue: Catalogue, src: str) -> dict[str, Any] | None:
    """The view of an exercise or muscle page, by source path; None for any other page."""
    section, _, name = src.partition("/")
    slug = name.removesuffix(".md")
    if section == routes.EXERCISES and slug in catalogue.exercises:
        return exercise_view(catalogue, slug)
    if section == routes.MUSCLES and slug in catalogue.muscles:
        return muscle_view(catalogue, slug)
    return None


def exercise_view(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    """The card of an exercise page: what it works, needs and is for, and the diagram."""
    ex = catalogue.exercises[slug]
    roles = {m: PRIMARY for m in ex.primary_muscles}
    roles.update({m: SECONDARY for m in ex.secondary_muscles if m not in roles})
    return {
        "type": "exercise",
        "title": ex.title,
        "summary": ex.summary,
        "primary": [_muscle_link(catalogue, m) for m in ex.primary_muscles],
        "secondary": [_muscle_link(catalogue, m) for m in ex.secondary_muscles],
        "equipment": [
            _term_link(catalogue, "equipment", routes.EQUIPMENT, k)
            for k in ex.equipment or (NO_EQUIPMENT,)
        ],
        "goals": [_term_link(catalogue, "goals", routes.GOALS, g) for g in ex.goals],
        "difficulty": _name(catalogue, "difficulty", ex.difficulty),
        "facts": [
            {"label": "Kind", "value": _name(catalogue, "kinds", ex.kind)},
            {"label": "Movement", "value": _name(catalogue, "patterns", ex.pattern)},
            {"label": "Emphasis", "value": _name(catalogue, "emphases", ex.emphasis)},
            {"label": "Legs", "value": _name(catalogue, "legs", ex.legs)},
        ],
        "dosage": [d.text() for d in ex.dosage],
        "variations": [
            {
                "title": v.title,
                "anchor": v.anchor,
                "equipment": [
                    _name(catalogue, "equipment", k) for k in v.equipment or (NO_EQUIPMENT,)
                ],
            }
            for v in ex.variations
        ],
        "diagram": _diagram(catalogue, roles, ex.pattern in HIP_ONLY_PATTERNS),
    }


def muscle_view(catalogue: Catalogue, slug: str) -> dict[str, Any]:
    """The card of a muscle page: where it runs and what it does, and the diagram."""
    muscle = catalogue.muscles[slug]
    return {
        "type": "muscle",
        "title": muscle.title,
        "summary": muscle.summary,
        "latin": muscle.latin,
        "group": _name(catalogue, "muscle-groups", muscle.group),
        "origin": muscle.origin,
        "insertion": muscle.insertion,
        "actions": list(muscle.actions),
        "heads": [
            {"name": h.name, "origin": h.origin, "insertion": h.insertion} for h in muscle.heads
        ],
        "diagram": _diagram(catalogue, {slug: THIS}),
    }


def _diagram(catalogue: Catalogue, roles: dict[str, str], hip_only: bool = False) -> dict[str, Any]:
    """The view that draws the page's muscles, every shape of it with its role and link, and
    the muscles with a role that it does not draw.

    The view is the one with more shapes to highlight, the back on a tie (the guide is about
    the back of the thigh): a page naming only front muscles (abdominals, quadriceps) shows
    the front; a hamstring exercise with a quadriceps helper shows the back and lists the
    muscles only the front would draw under it. One view keeps the card small on a phone.
    In a movement of the hip alone (``hip_only``), shapes that cross only the knee get no role.
    """

    def role(shape: Shape) -> str:
        return "" if hip_only and shape.knee_only else roles.get(shape.muscle, "")

    lit = {v: sum(1 for s in DIAGRAM if s.view == v and role(s)) for v in (BACK, FRONT)}
    view = FRONT if lit[FRONT] > lit[BACK] else BACK
    shapes = []
    for shape in DIAGRAM:
        if shape.view != view:
            continue
        muscle = catalogue.muscles.get(shape.muscle)
        name = muscle.title if muscle else _NAMES.get(shape.muscle, shape.muscle)
        shapes.append(
            {
                "id": shape.id,
                "muscle": shape.muscle,
                "name": name,
                "head": shape.head,
                "label": f"{name}, {shape.head.lower()}" if shape.head else name,
                "src": muscle.src if muscle else "",
                "role": role(shape),
            }
        )
    drawn = DRAWN[view]
    return {
        "view": view,
        "shapes": shapes,
        "drawn": [
            {**_muscle_link(catalogue, m), "role": r} for m, r in roles.items() if m in drawn
        ],
        "not_drawn": [
            {**_muscle_link(catalogue, m), "role": r} for m, r in roles.items() if m not in drawn
        ],
        "roles": sorted({r for m, r in roles.items() if m in drawn}),
    }


def _muscle_link(catalogue: Catalogue, slug: str) -> dict[str, str]:
    muscle: Muscle = catalogue.muscles[slug]
    return {"slug": slug, "title": muscle.title, "src": muscle.src}


def _term_link(catalogue: Catalogue, vocabulary: str, section: str, slug: str) -> dict[str, str]:
    return {
        "slug": slug,
        "title": _name(catalogue, vocabulary, slug),
        "src": routes.page(section, slug),
    }


def _name(catalogue: Catalogue, vocabulary: str, slug: str) -> str:
    if vocabulary == "equipment" and slug == NO_EQUIPMENT:
        return NO_EQUIPMENT_NAME
    return catalogue.term(vocabulary, slug).name
