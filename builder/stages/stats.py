"""Counts per term and what the guide is missing, for `python -m builder stats`."""

from __future__ import annotations

from collections.abc import Callable

from builder.model.entities import Catalogue, Exercise
from builder.model.problems import Problem
from builder.model.schema import NO_EQUIPMENT

COUNTED = ("equipment", "goals", "difficulty", "kinds", "patterns", "emphases", "legs")
"""Vocabularies whose terms exercises use, in the order the report lists them."""
SHOWN_ABOVE = ("equipment", "goals", "difficulty")
"""Counted in the report's index sections (equipment with its variations)."""


def counts(catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """Vocabulary -> term slug -> number of exercises using it, terms in file order."""
    fields: dict[str, Callable[[Exercise], tuple[str, ...]]] = {
        "equipment": lambda ex: ex.equipment or (NO_EQUIPMENT,),
        "goals": lambda ex: ex.goals,
        "difficulty": lambda ex: (ex.difficulty,),
        "kinds": lambda ex: (ex.kind,),
        "patterns": lambda ex: (ex.pattern,),
        "emphases": lambda ex: (ex.emphasis,),
        "legs": lambda ex: (ex.legs,),
    }
    result: dict[str, dict[str, int]] = {}
    for name in COUNTED:
        slugs = list(catalogue.vocabularies[name].slugs)
        if name == "equipment":
            slugs.append(NO_EQUIPMENT)
        tally = dict.fromkeys(slugs, 0)
        for ex in catalogue.exercises.values():
            for slug in fields[name](ex):
                tally[slug] = tally.get(slug, 0) + 1
        result[name] = tally
    return result


def missing(catalogue: Catalogue) -> list[str]:
    """Holes in the indexes: listed terms no exercise (or variation) uses, muscles none works."""
    lines: list[str] = []
    varied = {kit for kit, found in catalogue.variations_by_equipment.items() if found}
    for name, tally in counts(catalogue).items():
        if name not in SHOWN_ABOVE:
            continue  # no index lists them; unused ones are gaps
        label = catalogue.vocabularies[name].label
        unused = [
            s for s, n in tally.items() if not n and not (name == "equipment" and s in varied)
        ]
        lines += [f"no exercise uses the {label} '{slug}'" for slug in unused]
    for slug in catalogue.muscles:
        if not catalogue.by_primary[slug] and not catalogue.by_secondary[slug]:
            lines.append(f"no exercise works the muscle '{slug}'")
    lines += [
        f"the exercise '{slug}' is on no ladder and its page does not say why [no-ladder]"
        for slug in off_ladder(catalogue)
    ]
    return lines


def off_ladder(catalogue: Catalogue) -> list[str]:
    """Exercises with no easier or harder step whose page does not say why (no-ladder)."""
    return [
        slug
        for slug, ex in catalogue.exercises.items()
        if not catalogue.ladders[slug] and not ex.off_ladder
    ]


def gaps(catalogue: Catalogue, problems: list[Problem]) -> list[str]:
    """What a contributor could add next, one line each."""
    lines: list[str] = []
    for name, tally in counts(catalogue).items():
        if name not in SHOWN_ABOVE:
            label = catalogue.vocabularies[name].label
            lines += [f"no exercise uses the {label} '{s}'" for s, n in tally.items() if not n]
    for slug in catalogue.muscles:
        if catalogue.by_secondary[slug] and not catalogue.by_primary[slug]:
            lines.append(f"no exercise works the muscle '{slug}' as a primary mover")
    easiest = catalogue.vocabularies["difficulty"].slugs[:1]
    for goal, slugs in catalogue.by_goal.items():
        if (
            slugs
            and easiest
            and not any(catalogue.exercises[s].difficulty in easiest for s in slugs)
        ):
            lines.append(f"the goal '{goal}' has no {easiest[0]} exercise")
    lines += [
        f"no page cites the source '{s}'" for s, pages in catalogue.cited_by.items() if not pages
    ]
    lines += [
        f"the exercise '{slug}' lists no cautions"
        for slug, ex in catalogue.exercises.items()
        if not ex.cautions
    ]
    todo = sorted({p.path for p in problems if p.code == "todo"})
    lines += [f"{path} still has TODO markers" for path in todo]
    return lines
