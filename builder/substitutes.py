"""What to do instead when a piece of kit is missing: ranked substitutes for an exercise."""

from __future__ import annotations

import heapq
from collections import defaultdict
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
    return _index(catalogue).find(slug, limit)


def readers(catalogue: Catalogue, ex: Exercise) -> set[str]:
    """The catalogue's exercises whose substitutes may read this exercise, as it is or as it
    was in an earlier catalogue. An exercise's substitutes read only itself and its pool (see
    `_Index.pool_of`), and pools are symmetric (X is in Y's pool exactly when Y is in X's),
    so these are the exercises of its own pool in this catalogue."""
    return _index(catalogue).pool_of(ex)


def _index(catalogue: Catalogue) -> _Index:
    global _last
    if _last is None or _last[0] is not catalogue:
        _last = (catalogue, _Index(catalogue))
    return _last[1]


_last: tuple[Catalogue, _Index] | None = None
"""The index of the last catalogue asked about: a build asks about every exercise of one."""


@dataclass(frozen=True)
class _Option:
    """An exercise or one of its variations, as a candidate."""

    slug: str
    anchor: str
    equipment: tuple[str, ...]
    rank: int
    """Difficulty rank."""
    title: str
    """Lower-cased, for sorting."""


class _Index:
    """The catalogue's exercises grouped so that finding substitutes reads only the best few.

    Ranking by pattern, kind and shared muscles first splits the candidates into groups that
    are visited in order; the large groups that share no muscle are kept sorted by difficulty,
    kit and title, and read lazily, stopping as soon as enough substitutes are found. The
    result is the same as scoring every exercise, without the work growing with the
    square of the catalogue.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.rank = {t.slug: i for i, t in enumerate(catalogue.vocabularies["difficulty"].terms)}
        self.options: dict[str, list[_Option]] = {}
        self.by_pattern: dict[str, list[str]] = defaultdict(list)
        self.by_kind_muscle: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_pattern_muscle: dict[tuple[str, str], list[str]] = defaultdict(list)
        # (pattern, kind, difficulty rank) -> other exercises' options, by kit, title, slug
        self.sorted: dict[tuple[str, str, int], list[_Option]] = defaultdict(list)
        for ex in catalogue.exercises.values():
            own = [_Option(ex.slug, "", ex.equipment, self._rank(ex.difficulty), ex.title)]
            own += [
                _Option(ex.slug, v.anchor, v.equipment, self._rank(v.difficulty), v.title)
                for v in ex.variations
            ]
            self.options[ex.slug] = own
            self.by_pattern[ex.pattern].append(ex.slug)
            for m in ex.primary_muscles:
                self.by_kind_muscle[ex.kind, m].append(ex.slug)
                self.by_pattern_muscle[ex.pattern, m].append(ex.slug)
            for o in own:
                self.sorted[ex.pattern, ex.kind, o.rank].append(o)
        for options in self.sorted.values():
            options.sort(key=lambda o: (len(o.equipment), o.title.lower(), o.slug))
        self.kinds = sorted({ex.kind for ex in catalogue.exercises.values()})

    def _rank(self, difficulty: str) -> int:
        return self.rank.get(difficulty, 0)

    def pool_of(self, ex: Exercise) -> set[str]:
        """Every exercise whose page or variations could substitute for this one's kit: the
        same movement pattern, or the same kind sharing a primary muscle."""
        found = set(self.by_pattern.get(ex.pattern, ()))
        for m in ex.primary_muscles:
            found.update(self.by_kind_muscle.get((ex.kind, m), ()))
        return found

    def find(self, slug: str, limit: int) -> dict[str, tuple[Substitute, ...]]:
        ex = self.cat.exercises[slug]
        return {kit: self._for_kit(ex, kit, limit) for kit in ex.equipment}

    def _for_kit(self, ex: Exercise, kit: str, limit: int) -> tuple[Substitute, ...]:
        rank = self._rank(ex.difficulty)
        primaries = set(ex.primary_muscles)

        def key(o: _Option) -> tuple:
            return (abs(o.rank - rank), len(o.equipment), o.title.lower(), o.slug)

        # The exercise's own variations first, each one on its own.
        found = [
            Substitute(o.slug, o.anchor)
            for o in sorted(self.options[ex.slug][1:], key=key)
            if kit not in o.equipment
        ]
        seen = {ex.slug}

        def best(slug: str) -> _Option | None:
            usable = [o for o in self.options[slug] if kit not in o.equipment]
            return min(usable, key=key) if usable else None

        def take(candidates: list[_Option]) -> bool:
            for o in sorted(candidates, key=key):
                found.append(Substitute(o.slug, o.anchor))
                if len(found) >= limit:
                    return True
            return False

        def shared_counts(slugs: set[str]) -> dict[int, list[str]]:
            """Exercises not seen yet, by how many primary muscles they share with this one."""
            by_count: dict[int, list[str]] = defaultdict(list)
            for other in sorted(slugs - seen):
                shared = len(primaries & set(self.cat.exercises[other].primary_muscles))
                by_count[shared].append(other)
            return by_count

        def take_sharing(slugs: set[str]) -> bool:
            """The best options of these exercises, most muscles shared first."""
            by_count = shared_counts(slugs)
            for shared in sorted(by_count, reverse=True):
                options = []
                for other in by_count[shared]:
                    seen.add(other)
                    option = best(other)
                    if option is not None:
                        options.append(option)
                if take(options):
                    return True
            return False

        if len(found) >= limit:
            return tuple(found[:limit])
        exercises = self.cat.exercises
        same_pattern_sharing = {
            s for m in primaries for s in self.by_pattern_muscle.get((ex.pattern, m), ())
        }
        # Same pattern: same kind before other kinds; in each, more muscles shared first.
        for same_kind in (True, False):
            group = {s for s in same_pattern_sharing if (exercises[s].kind == ex.kind) == same_kind}
            if take_sharing(group):
                return tuple(found)
            kinds = [ex.kind] if same_kind else [k for k in self.kinds if k != ex.kind]
            if self._scan(ex, kinds, rank, kit, seen, found, limit):
                return tuple(found)
        # Another pattern: only the same kind sharing a primary muscle.
        group = {
            s
            for m in primaries
            for s in self.by_kind_muscle.get((ex.kind, m), ())
            if exercises[s].pattern != ex.pattern
        }
        take_sharing(group)
        return tuple(found[:limit])

    def _scan(
        self,
        ex: Exercise,
        kinds: list[str],
        rank: int,
        kit: str,
        seen: set[str],
        found: list[Substitute],
        limit: int,
    ) -> bool:
        """Exercises of the pattern and kinds sharing no muscle, best option first, lazily."""
        ranks = sorted({r for (p, k, r) in self.sorted if p == ex.pattern and k in kinds})
        for distance in sorted({abs(r - rank) for r in ranks}):
            lists = [
                self.sorted[ex.pattern, k, r]
                for k in kinds
                for r in ranks
                if abs(r - rank) == distance
            ]
            merged = heapq.merge(*lists, key=lambda o: (len(o.equipment), o.title.lower(), o.slug))
            for o in merged:
                if o.slug in seen or kit in o.equipment:
                    continue
                seen.add(o.slug)
                found.append(Substitute(o.slug, o.anchor))
                if len(found) >= limit:
                    return True
        return False
