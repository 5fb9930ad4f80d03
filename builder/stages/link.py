"""Stage 3, link: build the catalogue's indexes, reverse links and progression ladders,
and warn of what no exercise uses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from builder.model import routes
from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine, Vocabulary
from builder.model.problems import Problem, problem
from builder.model.schema import NO_EQUIPMENT, SOURCE_VOCABULARIES
from builder.stages import stats
from builder.stages.validate.references import harder_edges


def link(
    exercises: dict[str, Exercise],
    muscles: dict[str, Muscle],
    vocabularies: dict[str, Vocabulary],
    routines: dict[str, Routine],
    guides: dict[str, GuidePage],
) -> Catalogue:
    """Index a validated, reference-checked set of exercises (no dangling slugs, no cycles)."""
    exercises = dict(sorted(exercises.items()))
    routines = dict(sorted(routines.items()))
    guides = dict(sorted(guides.items()))
    muscles = dict(sorted(muscles.items()))
    rank = {t.slug: t.line for t in vocabularies["difficulty"].terms}
    sort_key = {s: (rank.get(ex.difficulty, 0), ex.title.lower(), s) for s, ex in exercises.items()}

    def order(slugs: set[str]) -> tuple[str, ...]:
        """Easiest first, then by title, then by slug."""
        return tuple(sorted(slugs, key=sort_key.__getitem__))

    by = _group(exercises)

    def index(name: str, keys: list[str]) -> dict[str, tuple[str, ...]]:
        return {k: order(by[name].get(k, set())) for k in sorted(keys)}

    harder = harder_edges(exercises)
    easier, related = _easier_and_related(exercises, harder)
    kits = sorted([*vocabularies["equipment"].slugs, NO_EQUIPMENT])
    return Catalogue(
        exercises=exercises,
        muscles=muscles,
        vocabularies=dict(sorted(vocabularies.items())),
        by_primary=index("primary", list(muscles)),
        by_secondary=index("secondary", list(muscles)),
        by_equipment=index("equipment", kits),
        by_goal=index("goal", list(vocabularies["goals"].slugs)),
        by_difficulty=index("difficulty", list(vocabularies["difficulty"].slugs)),
        easier={s: order(v) for s, v in easier.items()},
        harder={s: order(v) for s, v in harder.items()},
        related={s: order(v) for s, v in related.items()},
        ladders=_ladders(exercises, easier, harder, order),
        routines=routines,
        guides=guides,
        routines_using=_routines_using(exercises, routines),
        variations_by_equipment=_variations_by_equipment(exercises, kits),
        cited_by=_cited_by(
            [*exercises.values(), *muscles.values(), *routines.values(), *guides.values()],
            vocabularies,
        ),
    )


def _group(exercises: dict[str, Exercise]) -> dict[str, dict[str, set[str]]]:
    """The exercises by muscle (primary, secondary), equipment, goal and difficulty."""
    by: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for slug, ex in exercises.items():
        for m in ex.primary_muscles:
            by["primary"][m].add(slug)
        for m in ex.secondary_muscles:
            by["secondary"][m].add(slug)
        for kit in ex.equipment or (NO_EQUIPMENT,):
            by["equipment"][kit].add(slug)
        for goal in ex.goals:
            by["goal"][goal].add(slug)
        by["difficulty"][ex.difficulty].add(slug)
    return by


def _easier_and_related(
    exercises: dict[str, Exercise], harder: dict[str, set[str]]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The reverse of the harder links, and the related links made both ways."""
    easier: dict[str, set[str]] = {slug: set() for slug in exercises}
    for slug, targets in harder.items():
        for t in targets:
            easier[t].add(slug)
    related: dict[str, set[str]] = {slug: set() for slug in exercises}
    for slug, ex in exercises.items():
        for other in ex.related:
            if other in exercises and other != slug:
                related[slug].add(other)
                related[other].add(slug)
    return easier, related


def _routines_using(
    exercises: dict[str, Exercise], routines: dict[str, Routine]
) -> dict[str, tuple[str, ...]]:
    """The routines each exercise is a step of."""
    using: dict[str, set[str]] = {slug: set() for slug in exercises}
    for slug, routine in routines.items():
        for step in routine.steps:
            using[step.exercise].add(slug)
    return {s: tuple(sorted(v)) for s, v in using.items()}


def _variations_by_equipment(
    exercises: dict[str, Exercise], kits: list[str]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each kit's variations, as (exercise, anchor)."""
    variations: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for slug, ex in exercises.items():
        for v in ex.variations:
            for kit in v.equipment or (NO_EQUIPMENT,):
                variations[kit].add((slug, v.anchor))
    return {k: tuple(sorted(variations.get(k, ()))) for k in kits}


def _cited_by(
    pages: list[Exercise | Muscle | Routine | GuidePage], vocabularies: dict[str, Vocabulary]
) -> dict[str, tuple[str, ...]]:
    """Each source's citing pages, by their src."""
    cited: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for source in page.sources:
            cited[source].add(page.src)
    sources = {
        s for name in SOURCE_VOCABULARIES if name in vocabularies for s in vocabularies[name].slugs
    }
    return {s: tuple(sorted(cited.get(s, ()))) for s in sorted(sources)}


def _ladders(
    exercises: dict[str, Exercise],
    easier: dict[str, set[str]],
    harder: dict[str, set[str]],
    order: Callable[[set[str]], tuple[str, ...]],
) -> dict[str, tuple[str, ...]]:
    """Each exercise's whole progression ladder, in steps from easiest to hardest.

    A ladder is a connected part of the progression graph, computed once for all its members;
    an exercise with no easier or harder version has an empty ladder.
    """
    ladders: dict[str, tuple[str, ...]] = {}
    depth: dict[str, int] = {}

    def level(s: str) -> int:
        """Length of the longest chain of easier steps below s (the graph is acyclic)."""
        stack = [s]
        while stack:  # iterative, so long ladders cannot exhaust the recursion limit
            top = stack[-1]
            pending = [e for e in easier[top] if e not in depth]
            if pending:
                stack.extend(pending)
                continue
            depth[top] = 1 + max((depth[e] for e in easier[top]), default=-1)
            stack.pop()
        return depth[s]

    for slug in exercises:
        if slug in ladders:
            continue
        component: set[str] = set()
        stack = [slug]
        while stack:
            s = stack.pop()
            if s not in component:
                component.add(s)
                stack.extend(easier[s] | harder[s])
        if len(component) == 1:
            ladders[slug] = ()
            continue
        position = {s: i for i, s in enumerate(order(component))}
        ladder = tuple(sorted(component, key=lambda s: (level(s), position[s])))
        for member in component:
            ladders[member] = ladder
    return dict(sorted(ladders.items()))


def link_warnings(catalogue: Catalogue, shown: Callable[[str], str]) -> list[Problem]:
    """Terms and muscles no exercise uses (their pages would be empty); exercises off
    every ladder."""
    problems = []
    for name, index in (("equipment", catalogue.by_equipment), ("goals", catalogue.by_goal)):
        variations = catalogue.variations_by_equipment if name == "equipment" else {}
        src, vocabulary = f"{routes.DATA_DIR}/{name}.yml", catalogue.vocabularies[name]
        for term in vocabulary.terms:
            if not index.get(term.slug) and not variations.get(term.slug):
                where = (shown(src), term.line, 1, "unused-term")
                label = vocabulary.label
                problems.append(problem(*where, vocabulary=label, value=term.slug, file=src))
    for slug, muscle in catalogue.muscles.items():
        if not catalogue.by_primary[slug] and not catalogue.by_secondary[slug]:
            problems.append(problem(shown(muscle.src), 1, 1, "unused-muscle", value=slug))
    problems += [
        problem(shown(catalogue.exercises[slug].src), 1, 1, "no-ladder")
        for slug in stats.off_ladder(catalogue)
    ]
    return problems
