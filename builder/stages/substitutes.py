"""What to do instead when a piece of kit is missing: ranked substitutes for an exercise."""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter

from builder.model.entities import Catalogue, Exercise

LIMIT = 4
"""Substitutes listed per missing piece of kit."""


@dataclass(frozen=True)
class Substitute:
    """An exercise, or one variation of it, to do instead."""

    slug: str
    """The exercise."""
    anchor: str = ""
    """The variation's heading id on the exercise's page; '' for the exercise itself."""


@dataclass(frozen=True)
class _Option:
    """An exercise or one of its variations, as a candidate."""

    slug: str
    anchor: str
    equipment: tuple[str, ...]
    rank: int
    """Difficulty rank."""
    order: tuple[int, str, str, int]
    """How it sorts among options of the same difficulty: less kit, title (lower-cased),
    slug, then its place among its exercise's options."""


_ORDER = attrgetter("order")

Ranked = dict[int, list[_Option]]
"""Options by difficulty rank, each list sorted by `_Option.order`."""


class Index:
    """The catalogue's options in small pre-sorted lists, so that choosing reads only the best.

    The candidates fall into groups, best first: the same movement pattern and kind sharing
    more primary muscles, then fewer; the rest of that pattern and kind; the same for other
    kinds; then other patterns of the same kind, by muscles shared. Each group is read from a
    few lists of options sorted in ranking order (one list per difficulty), merged lazily and
    only until enough substitutes are found. A list may also hold members of earlier groups:
    each group is read to its end unless the limit is reached, so those were taken already
    or have no option without the missing kit. The result is the same as scoring every
    exercise (tests/test_substitutes_index.py), for work that does not grow with the catalogue.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.rank = {t.slug: i for i, t in enumerate(catalogue.vocabularies["difficulty"].terms)}
        self.options: dict[str, list[_Option]] = {}
        self.by_pattern: dict[str, list[str]] = defaultdict(list)
        self.by_kind_muscle: dict[tuple[str, str], list[str]] = defaultdict(list)
        # Options by pattern and kind; by pattern, kind and primary muscle; by kind and
        # primary muscle; by pattern, kind and the exact set of primary muscles.
        self.in_scope: dict[tuple[str, str], Ranked] = defaultdict(dict)
        self.with_muscle: dict[tuple[str, str, str], Ranked] = defaultdict(dict)
        self.kind_with_muscle: dict[tuple[str, str], Ranked] = defaultdict(dict)
        self.with_set: dict[tuple[str, str, frozenset[str]], Ranked] = defaultdict(dict)
        # Distinct (pattern, kind, primary muscles) of the exercises working two muscles, by
        # pattern or kind and the pair.
        self.sets_with: dict[tuple[str, ...], dict[tuple[str, str, frozenset[str]], None]] = (
            defaultdict(dict)
        )
        for ex in catalogue.exercises.values():
            items = [(ex.equipment, ex.difficulty, "", ex.title)]
            items += [(v.equipment, v.difficulty, v.anchor, v.title) for v in ex.variations]
            own = [
                _Option(slug=ex.slug, anchor=anchor, equipment=kit, rank=self._rank(level),
                        order=(len(kit), title.lower(), ex.slug, i))
                for i, (kit, level, anchor, title) in enumerate(items)
            ]  # fmt: skip
            self.options[ex.slug] = own
            self.by_pattern[ex.pattern].append(ex.slug)
            primaries = frozenset(ex.primary_muscles)
            lists = [
                self.in_scope[ex.pattern, ex.kind],
                self.with_set[ex.pattern, ex.kind, primaries],
            ]
            for m in primaries:
                self.by_kind_muscle[ex.kind, m].append(ex.slug)
                lists += [
                    self.with_muscle[ex.pattern, ex.kind, m],
                    self.kind_with_muscle[ex.kind, m],
                ]
            group = (ex.pattern, ex.kind, primaries)
            for pair in itertools.combinations(sorted(primaries), 2):
                self.sets_with[("pattern", ex.pattern, *pair)][group] = None
                self.sets_with[("kind", ex.kind, *pair)][group] = None
            for ranked in lists:
                for o in own:
                    ranked.setdefault(o.rank, []).append(o)
        for index in (self.in_scope, self.with_muscle, self.kind_with_muscle, self.with_set):
            for ranked in index.values():
                for options in ranked.values():
                    options.sort(key=_ORDER)
        self.kinds = sorted({ex.kind for ex in catalogue.exercises.values()})
        self._sharing: dict[tuple[str, str, frozenset[str]], dict[tuple[int, int], list[Ranked]]]
        self._sharing = {}

    def _rank(self, difficulty: str) -> int:
        return self.rank.get(difficulty, 0)

    def pool_of(self, ex: Exercise) -> set[str]:
        """Every exercise whose page or variations could substitute for this one's kit: the
        same movement pattern, or the same kind sharing a primary muscle. Pools are
        symmetric (X is in Y's exactly when Y is in X's): these are also the exercises whose
        substitutes may read this one, as it is or as it was in an earlier catalogue."""
        found = set(self.by_pattern.get(ex.pattern, ()))
        for m in ex.primary_muscles:
            found.update(self.by_kind_muscle.get((ex.kind, m), ()))
        return found

    def find(self, slug: str, limit: int = LIMIT) -> dict[str, tuple[Substitute, ...]]:
        """For each piece of kit the exercise needs, the best things to do without it.

        First the exercise's own variations that need none of that piece. Then other exercises
        (or, when an exercise needs the piece, its first variation that does not) that either
        train the same movement pattern, or share a primary muscle and are the same kind of
        exercise (a stretch is no substitute for a curl). Best match first: same pattern, same
        kind, more primary muscles shared, closer difficulty, less kit, then title and slug, so
        the order is deterministic. An exercise that needs no kit has no entry.
        """
        ex = self.cat.exercises[slug]
        return {kit: self._for_kit(ex, kit, limit) for kit in ex.equipment}

    def _for_kit(self, ex: Exercise, kit: str, limit: int) -> tuple[Substitute, ...]:
        rank = self._rank(ex.difficulty)
        # The exercise's own variations first, each one on its own.
        own = sorted(self.options[ex.slug][1:], key=lambda o: (abs(o.rank - rank), o.order))
        found = [Substitute(o.slug, o.anchor) for o in own if kit not in o.equipment]
        if len(found) >= limit:
            return tuple(found[:limit])
        taken = {ex.slug}
        for lists in self._groups(ex):
            for o in _merged(lists, rank):
                if o.slug in taken or kit in o.equipment:
                    continue
                taken.add(o.slug)  # its first usable option is its best
                found.append(Substitute(o.slug, o.anchor))
                if len(found) >= limit:
                    return tuple(found)
        return tuple(found)

    def _groups(self, ex: Exercise) -> Iterator[list[Ranked]]:
        """The groups of candidates, best first, each as the lists that hold it."""
        primaries = sorted(set(ex.primary_muscles))
        sharing = self._sharing_two(ex)
        # Same pattern: same kind before other kinds; in each, more muscles shared first.
        for same_kind in (True, False):
            kinds = [k for k in self.kinds if (k == ex.kind) == same_kind]
            for shared in range(len(primaries), 1, -1):
                yield sharing.get((0 if same_kind else 1, shared), [])
            yield [self.with_muscle.get((ex.pattern, k, m), {}) for k in kinds for m in primaries]
            yield [self.in_scope.get((ex.pattern, k), {}) for k in kinds]
        # Another pattern: only the same kind sharing a primary muscle.
        for shared in range(len(primaries), 1, -1):
            yield sharing.get((2, shared), [])
        yield [self.kind_with_muscle.get((ex.kind, m), {}) for m in primaries]

    def _sharing_two(self, ex: Exercise) -> dict[tuple[int, int], list[Ranked]]:
        """Lists of the candidates sharing two or more primary muscles, by group (same
        kind, other kinds, other patterns) and muscles shared; the same for every exercise
        of a pattern, kind and set of primary muscles."""
        primaries = frozenset(ex.primary_muscles)
        key = (ex.pattern, ex.kind, primaries)
        if key not in self._sharing:
            found: dict[tuple[int, int], list[Ranked]] = defaultdict(list)
            if len(primaries) > 1:
                sets = {
                    s: None
                    for pair in itertools.combinations(sorted(primaries), 2)
                    for where in (("pattern", ex.pattern, *pair), ("kind", ex.kind, *pair))
                    for s in self.sets_with.get(where, ())
                }
                for pattern, kind, muscles in sets:
                    shared = len(muscles & primaries)
                    if pattern != ex.pattern and kind != ex.kind:
                        continue
                    group = 2 if pattern != ex.pattern else 0 if kind == ex.kind else 1
                    found[group, shared].append(self.with_set[pattern, kind, muscles])
            self._sharing[key] = found
        return self._sharing[key]


def _merged(lists: list[Ranked], rank: int) -> Iterator[_Option]:
    """The options of these lists, closest difficulty first, then by `_Option.order`."""
    ranks = sorted({r for ranked in lists for r in ranked}, key=lambda r: abs(r - rank))
    for _distance, same in itertools.groupby(ranks, key=lambda r: abs(r - rank)):
        at = list(same)
        sorted_lists = [ranked[r] for ranked in lists for r in at if r in ranked]
        if len(sorted_lists) == 1:
            yield from sorted_lists[0]
        else:
            yield from heapq.merge(*sorted_lists, key=_ORDER)
