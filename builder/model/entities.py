"""The catalogue's model: small frozen dataclasses, filled by validate and link."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the pose package reads front matter through the stages: no cycle at run time
    from builder.pose.parse import Poses


@dataclass(frozen=True)
class Citation:
    """Where a standard reference was published (a term of references.yml)."""

    authors: str
    year: int
    title: str
    published_in: str
    """Journal with volume and pages, or publisher."""
    doi: str = ""
    """The DOI without https://doi.org/, or '' when there is none."""

    def text(self) -> str:
        """One line: 'Authors (year). Title. Journal.'"""
        title = self.title if self.title.endswith(("?", "!", ".")) else f"{self.title}."
        return f"{self.authors} ({self.year}). {title} {self.published_in}."


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary (an equipment item, a goal, a difficulty...)."""

    slug: str
    """Identifier used in front matter and URLs."""
    name: str
    """Display name."""
    definition: str
    """One or two sentences saying what the term means."""
    line: int
    """1-based line in its data file; terms keep that order (difficulty: easiest first)."""
    citation: Citation | None = None
    """For standard references: where the work was published."""
    aliases: tuple[str, ...] = ()
    """Other names contributors use for it, which did-you-mean hints point at this term."""


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms read from one data file."""

    name: str
    """Data file stem, e.g. 'equipment'."""
    label: str
    """What one term is called in messages, e.g. 'equipment item'."""
    terms: tuple[Term, ...]
    """Terms in file order."""

    def get(self, slug: str) -> Term | None:
        return next((t for t in self.terms if t.slug == slug), None)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.terms)


@dataclass(frozen=True)
class Span:
    """A whole number or an inclusive range such as 8-10."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Dose:
    """One prescription: sets of reps, of seconds, or of a distance."""

    sets: Span | None
    """Number of sets, if given."""
    reps: Span | None
    """Repetitions per set."""
    seconds: Span | None
    """Seconds per set (a hold or timed work)."""
    distance: Span | None
    """Distance per set, in ``unit``."""
    unit: str
    """'m', 'yd', 'km' or 'mi' when ``distance`` is given, else ''."""
    per_side: bool
    """True when the count is for each leg."""
    label: str
    """Who or when this dose is for, e.g. 'to start'; may be ''."""
    minutes: Span | None = None
    """Minutes per set (a run or a longer block)."""

    def text(self) -> str:
        """Human wording, e.g. '3 × 8–10 reps per side'."""
        if self.reps:
            amount = f"{self.reps} {'rep' if self.reps.high == 1 else 'reps'}"
        elif self.seconds:
            amount = f"{self.seconds} s"
        elif self.minutes:
            amount = f"{self.minutes} min"
        else:
            amount = f"{self.distance} {self.unit}"
        words = f"{self.sets} × {amount}" if self.sets else amount
        if self.per_side:
            words += " per side"
        return f"{self.label}: {words}" if self.label else words


@dataclass(frozen=True)
class Head:
    """A named head of a muscle (biceps femoris has two)."""

    name: str
    origin: str
    insertion: str


@dataclass(frozen=True)
class Variation:
    """A version of an exercise that changes only the kit or a detail; a section of its page."""

    title: str
    anchor: str
    """The id of its heading on the parent page."""
    summary: str
    equipment: tuple[str, ...]
    """Equipment slugs; empty means it needs none."""
    difficulty: str
    """Its own, or the parent's."""
    legs: str
    dosage: tuple[Dose, ...]
    """Its own, or the parent's."""


@dataclass(frozen=True)
class Exercise:
    """An exercise page, validated."""

    slug: str
    """File stem; the page lives at exercises/<slug>/."""
    src: str
    """Source path relative to the content directory."""
    title: str
    summary: str
    kind: str
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    """Equipment slugs; empty means the exercise needs none."""
    goals: tuple[str, ...]
    difficulty: str
    pattern: str
    emphasis: str
    legs: str
    dosage: tuple[Dose, ...]
    progressions: tuple[str, ...]
    """Slugs of harder exercises declared on this page."""
    regressions: tuple[str, ...]
    """Slugs of easier exercises declared on this page."""
    related: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    variations: tuple[Variation, ...] = ()
    off_ladder: str = ""
    """Why the exercise has no easier or harder step, when it has none."""
    pose: Poses | None = None
    """Its drawn frames, or None when the page has none yet."""


@dataclass(frozen=True)
class Step:
    """One exercise of a routine, with its dose there."""

    exercise: str
    """Exercise slug."""
    dose: Dose
    note: str
    block: str
    """The heading this step is grouped under; '' before any block is named."""


@dataclass(frozen=True)
class Routine:
    """A routine page: exercises in order, with their doses."""

    slug: str
    src: str
    title: str
    summary: str
    minutes: int
    per_week: int | None
    goals: tuple[str, ...]
    steps: tuple[Step, ...]
    sources: tuple[str, ...]

    def blocks(self) -> list[tuple[str, list[tuple[int, Step]]]]:
        """Consecutive steps grouped under their block heading, each with its number."""
        numbered = groupby(enumerate(self.steps, 1), key=lambda pair: pair[1].block)
        return [(block, list(steps)) for block, steps in numbered]


@dataclass(frozen=True)
class GuidePage:
    """A hand-written background page (why, safety, glossary...)."""

    slug: str
    src: str
    title: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Muscle:
    """A hand-written muscle page, validated."""

    slug: str
    src: str
    title: str
    latin: str
    group: str
    summary: str
    origin: str
    insertion: str
    actions: tuple[str, ...]
    heads: tuple[Head, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    """Other names of the muscle ('glutes'), which did-you-mean hints point here."""


@dataclass(frozen=True)
class Catalogue:
    """Everything linked: the exercises, muscles and vocabularies with their indexes.

    All tuples are sorted so that output is deterministic.
    """

    exercises: dict[str, Exercise]
    """By slug, in slug order."""
    muscles: dict[str, Muscle]
    vocabularies: dict[str, Vocabulary]
    by_primary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Muscle slug -> exercises that work it as a primary mover."""
    by_secondary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_equipment: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Equipment slug -> exercises; the key 'none' holds exercises needing nothing."""
    by_goal: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_difficulty: dict[str, tuple[str, ...]] = field(default_factory=dict)
    easier: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Exercise -> immediately easier exercises, declared on either page."""
    harder: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Exercise -> related exercises, declared on either page."""
    ladders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Exercise -> its whole progression ladder, easiest first (itself included)."""
    routines: dict[str, Routine] = field(default_factory=dict)
    guides: dict[str, GuidePage] = field(default_factory=dict)
    routines_using: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Exercise -> slugs of the routines that include it."""
    variations_by_equipment: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Equipment slug (or 'none') -> (exercise slug, variation anchor) pairs that use it."""
    cited_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Source slug -> source paths of every page citing it."""

    def term(self, vocabulary: str, slug: str) -> Term:
        term = self.vocabularies[vocabulary].get(slug)
        if term is None and vocabulary == "sources" and "references" in self.vocabularies:
            term = self.vocabularies["references"].get(slug)  # 'sources' names either
        if term is None:
            raise KeyError(f"{vocabulary}: {slug}")
        return term
