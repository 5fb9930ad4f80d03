"""What to do instead when a piece of kit is missing: ranked substitutes for an exercise."""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Catalogue, Exercise

LIMIT = 4
"""Substitutes listed per missing piece of kit."""


@dataclass(frozen=True)
class Substitute:
    """An exercise, or one variation of it, to do instead."""

    slug: str
    """The exercise."""
    anchor: str = ""
    """The variation's heading id on the exercise's page; '' for the exercise itself."""


def substitutes(
    catalogue: Catalogue, slug: str, limit: int = LIMIT
) -> dict[str, tuple[Substitute, ...]]:
    """For each piece of kit the exercise needs, the best things to do without it.

    First the exercise's own variations that need none of that piece. Then other exercises
    (or, when an exercise needs the piece, its first variation that does not) that either
    train the same movement pattern, or share a primary muscle and are the same kind of
    exercise (a stretch is no substitute for a curl). Best match first: same pattern, same
    kind, more primary muscles shared, closer difficulty, less kit, then title and slug, so
    the order is deterministic. An exercise that needs no kit has no entry.
    """
    ex = catalogue.exercises[slug]
    rank = {t.slug: i for i, t in enumerate(catalogue.vocabularies["difficulty"].terms)}
    primaries = set(ex.primary_muscles)

    def key(other: Exercise, equipment: tuple[str, ...], difficulty: str, title: str) -> tuple:
        shared = len(primaries & set(other.primary_muscles))
        return (
            other.slug != slug,
            other.pattern != ex.pattern,
            other.kind != ex.kind,
            -shared,
            abs(rank.get(difficulty, 0) - rank.get(ex.difficulty, 0)),
            len(equipment),
            title.lower(),
            other.slug,
        )

    found: dict[str, tuple[Substitute, ...]] = {}
    for kit in ex.equipment:
        scored = []
        for other in catalogue.exercises.values():
            if other.slug != slug and not (
                other.pattern == ex.pattern
                or (other.kind == ex.kind and primaries & set(other.primary_muscles))
            ):
                continue
            options = [] if other.slug == slug else [(other.equipment, other.difficulty, "", other)]
            options += [(v.equipment, v.difficulty, v.anchor, v) for v in other.variations]
            usable = [
                (key(other, equipment, difficulty, item.title), Substitute(other.slug, anchor))
                for equipment, difficulty, anchor, item in options
                if kit not in equipment
            ]
            if other.slug == slug:
                scored += usable
            elif usable:
                scored.append(min(usable))
        found[kit] = tuple(s for _, s in sorted(scored)[:limit])
    return found
