"""What to do instead when a piece of kit is missing: ranked substitutes for an exercise."""

from __future__ import annotations

from builder.model import Catalogue

LIMIT = 4
"""Substitutes listed per missing piece of kit."""


def substitutes(catalogue: Catalogue, slug: str, limit: int = LIMIT) -> dict[str, tuple[str, ...]]:
    """For each piece of kit the exercise needs, the best exercises that do without it.

    A candidate needs none of that piece and either trains the same movement pattern, or
    shares a primary muscle and is the same kind of exercise (a stretch is no substitute for
    a curl). Best match first: same pattern, same kind, more primary muscles shared, closer
    difficulty, less kit, then title and slug, so the order is deterministic.
    An exercise that needs no kit has no entry.
    """
    ex = catalogue.exercises[slug]
    rank = {t.slug: i for i, t in enumerate(catalogue.vocabularies["difficulty"].terms)}
    primaries = set(ex.primary_muscles)
    found: dict[str, tuple[str, ...]] = {}
    for kit in ex.equipment:
        scored = []
        for other in catalogue.exercises.values():
            if other.slug == slug or kit in other.equipment:
                continue
            same_pattern = other.pattern == ex.pattern
            same_kind = other.kind == ex.kind
            shared = len(primaries & set(other.primary_muscles))
            if not (same_pattern or (shared and same_kind)):
                continue
            key = (
                not same_pattern,
                not same_kind,
                -shared,
                abs(rank.get(other.difficulty, 0) - rank.get(ex.difficulty, 0)),
                len(other.equipment),
                other.title.lower(),
                other.slug,
            )
            scored.append((key, other.slug))
        found[kit] = tuple(s for _, s in sorted(scored)[:limit])
    return found
