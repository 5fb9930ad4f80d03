"""What the templates look things up with (`c`): terms, exercises, substitutes, similar ones."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine, Term, Variation
from builder.model.schema import NO_EQUIPMENT
from builder.stages.substitutes import Index, Substitute
from builder.stages.view import NO_EQUIPMENT_DEFINITION, NO_EQUIPMENT_NAME

Rows = dict[tuple[str, str], tuple[Exercise, str]]

SIMILAR = 5
"""How many similar exercises an exercise page lists at most."""


class Lookup:
    """Read-only helpers the templates use to look things up."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.ex = catalogue.exercises
        self.muscles = catalogue.muscles
        self._similar: dict[str, list[Exercise]] = {}
        self.rows: Rows = {}
        """(exercise, folder) -> the exercise and its row in exercise tables (listing.table)."""
        self.kept_rows: Rows = {}
        """The rows of the last build under `mkdocs serve` (the memo's), reused while the
        exercise is the same object and the vocabularies are the same."""
        self.known_substitutes: dict[str, dict[str, tuple[Substitute, ...]]] = {}
        """Exercise -> its substitutes, found by `substitutes` or handed over by the memo."""
        self._terms = {
            name: {t.slug: t for t in v.terms} for name, v in catalogue.vocabularies.items()
        }

    @functools.cached_property
    def indexes(self) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
        """The catalogue's indexes, slug -> slugs: by_equipment, easier, ladders..."""
        return self._dicts(lambda values: all(isinstance(v, tuple) for v in values))

    @functools.cached_property
    def tables(self) -> list[tuple[str, dict[str, Any]]]:
        """The catalogue's objects by slug: exercises, muscles, vocabularies..."""
        return self._dicts(lambda values: any(map(dataclasses.is_dataclass, values)))

    def _dicts(self, holding: Callable[[Iterable[Any]], bool]) -> list[tuple[str, dict[str, Any]]]:
        """(name, value) of the catalogue's dict fields whose values are `holding`."""
        named = ((f.name, getattr(self.cat, f.name)) for f in dataclasses.fields(self.cat))
        return [(k, v) for k, v in named if isinstance(v, dict) and holding(v.values())]

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
        if ex.slug not in self.known_substitutes:
            self.known_substitutes[ex.slug] = self._index.find(ex.slug)
        return self.known_substitutes[ex.slug]

    @functools.cached_property
    def _index(self) -> Index:
        return Index(self.cat)

    def similar(self, ex: Exercise) -> list[Exercise]:
        """Other exercises with the same movement pattern and a shared primary muscle (the
        first `SIMILAR` by slug, leaving out those its page links already)."""
        if ex.slug not in self._similar:
            linked = {ex.slug, *self.cat.related[ex.slug], *self.cat.ladders[ex.slug]}
            pools = [self._by_muscle_pattern.get((m, ex.pattern), ()) for m in ex.primary_muscles]
            # Each pool is sorted by slug, so the answer lies in the first few of each pool.
            enough = SIMILAR + len(linked)
            pool = sorted({s for p in pools for s in p[:enough]} - linked)
            self._similar[ex.slug] = [self.ex[s] for s in pool[:SIMILAR]]
        return self._similar[ex.slug]

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
