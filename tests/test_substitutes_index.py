"""The substitutes index finds exactly what scoring every exercise finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import ROOT

from bench import catalogue
from builder import pipeline
from builder.model.entities import Catalogue, Exercise, Term, Variation, Vocabulary
from builder.stages.substitutes import Index, Substitute


def by_scoring_everything(cat: Catalogue, slug: str, limit: int) -> dict[str, tuple]:
    """The definition: score every exercise (and its variations) against this one."""
    ex = cat.exercises[slug]
    rank = {t.slug: i for i, t in enumerate(cat.vocabularies["difficulty"].terms)}
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

    found = {}
    for kit in ex.equipment:
        scored = []
        for other in cat.exercises.values():
            if other.slug != slug and not (
                other.pattern == ex.pattern
                or (other.kind == ex.kind and primaries & set(other.primary_muscles))
            ):
                continue
            options = [] if other.slug == slug else [(other.equipment, other.difficulty, "", other)]
            options += [(v.equipment, v.difficulty, v.anchor, v) for v in other.variations]
            usable = [
                (key(other, e, d, item.title), Substitute(other.slug, anchor))
                for e, d, anchor, item in options
                if kit not in e
            ]
            if other.slug == slug:
                scored += usable
            elif usable:
                scored.append(min(usable, key=lambda pair: pair[0]))
        scored.sort(key=lambda pair: pair[0])
        found[kit] = tuple(s for _, s in scored[:limit])
    return found


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    made = catalogue.make(ROOT, tmp_path_factory.mktemp("subs") / "project", exercises=400)
    result = pipeline.run(made.content, made.root, [made.root / "overrides"])
    assert result.catalogue is not None, [str(p) for p in result.problems]
    return result.catalogue


@pytest.mark.parametrize("limit", [1, 4, 12])
def test_the_index_agrees_with_scoring_every_exercise(synthetic: Catalogue, limit: int) -> None:
    assert sum(bool(ex.variations) for ex in synthetic.exercises.values()) > 40
    index = Index(synthetic)
    for slug in synthetic.exercises:
        assert index.find(slug, limit) == by_scoring_everything(synthetic, slug, limit), slug


def test_the_index_agrees_on_the_real_guide() -> None:
    cat = pipeline.run(ROOT / "content", ROOT, [ROOT / "overrides"]).catalogue
    assert cat is not None
    for slug in cat.exercises:
        assert Index(cat).find(slug) == by_scoring_everything(cat, slug, 4), slug


def test_a_new_catalogue_gets_a_new_index(tiny: Path) -> None:
    first = pipeline.run(tiny / "content", tiny).catalogue
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("pattern: hinge", "pattern: knee-flexion"))
    second = pipeline.run(tiny / "content", tiny).catalogue
    assert first is not None and second is not None
    assert Index(first).find("swing") == by_scoring_everything(first, "swing", 4)
    assert Index(second).find("swing") == by_scoring_everything(second, "swing", 4)


def random_catalogue(seed: int) -> Catalogue:
    """Small dense catalogues: many shared muscle sets, ties of kit and title, variations of
    every difficulty, so that every group and tie-break of the ranking is exercised."""
    rng = random.Random(seed)
    muscles = [f"m{i}" for i in range(rng.randint(2, 6))]
    kits = ["a", "b", "c"]
    levels = ("beginner", "intermediate", "advanced")
    exercises = {}
    for i in range(rng.randint(20, 60)):
        variations = tuple(
            Variation(
                title=rng.choice(["Alt", "alt", "Base"]),
                anchor=f"v{j}",
                summary="",
                equipment=tuple(sorted(rng.sample(kits, rng.randint(0, 2)))),
                difficulty=rng.choice(levels),
                legs="both",
                dosage=(),
            )
            for j in range(rng.choice([0, 0, 1, 2, 3]))
        )
        slug = f"e{i:02d}"
        exercises[slug] = Exercise(
            slug=slug,
            src=f"exercises/{slug}.md",
            title=rng.choice(["Base", "Curl", "curl"]),
            summary="",
            kind=rng.choice(["strength", "stretch"]),
            primary_muscles=tuple(rng.sample(muscles, rng.randint(1, min(4, len(muscles))))),
            secondary_muscles=(),
            equipment=tuple(sorted(rng.sample(kits, rng.randint(0, 3)))),
            goals=(),
            difficulty=rng.choice(levels),
            pattern=rng.choice(["hinge", "curl", "bridge"]),
            emphasis="",
            legs="both",
            dosage=(),
            progressions=(),
            regressions=(),
            related=(),
            cautions=(),
            sources=(),
            variations=variations,
        )
    terms = tuple(Term(level, level, "", n) for n, level in enumerate(levels, 1))
    return Catalogue(exercises, {}, {"difficulty": Vocabulary("difficulty", "difficulty", terms)})


@pytest.mark.parametrize("seed", range(40))
def test_the_index_agrees_on_random_dense_catalogues(seed: int) -> None:
    cat = random_catalogue(seed)
    index = Index(cat)
    for limit in (1, 3, 6):
        for slug in cat.exercises:
            expected = by_scoring_everything(cat, slug, limit)
            assert index.find(slug, limit) == expected, (seed, slug, limit)
