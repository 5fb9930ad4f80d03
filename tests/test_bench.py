"""The benchmark's synthetic catalogues are valid and use everything the schema offers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from bench import catalogue, measure
from builder import pipeline
from builder.model.page_fields import EXERCISE_FIELDS


def test_a_synthetic_catalogue_is_valid_and_uses_every_term(tmp_path: Path) -> None:
    made = catalogue.make(ROOT, tmp_path / "project", exercises=60)
    result = pipeline.run(made.content, made.root, [made.root / "overrides"])
    assert [str(p) for p in result.problems] == []
    cat = result.catalogue
    assert cat is not None and len(cat.exercises) == 60
    for f in EXERCISE_FIELDS:
        if f.vocabulary and f.name != "sources":
            used = {v for ex in cat.exercises.values() for v in _values(getattr(ex, f.name))}
            assert used >= set(cat.vocabularies[f.vocabulary].slugs), f.name
    groups = {m.group for m in cat.muscles.values()}
    assert groups == set(cat.vocabularies["muscle-groups"].slugs)
    assert sum(len(ladder) > 2 for ladder in cat.ladders.values()) > 5
    assert sum(bool(related) for related in cat.related.values()) > 30
    words = [
        len(p.read_text().split("---", 2)[2].split())
        for p in (made.content / "exercises").glob("bench-*.md")
    ]
    assert min(words) > 250


def _values(value: object) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (str(value),)


def test_the_same_seed_gives_the_same_catalogue(tmp_path: Path) -> None:
    a = catalogue.make(ROOT, tmp_path / "a", exercises=50, seed=3)
    b = catalogue.make(ROOT, tmp_path / "b", exercises=50, seed=3)
    files = sorted(p.relative_to(a.root) for p in a.root.rglob("*.md"))
    assert files == sorted(p.relative_to(b.root) for p in b.root.rglob("*.md"))
    assert all((a.root / f).read_text() == (b.root / f).read_text() for f in files)


def test_the_plain_build_drops_only_our_plugin() -> None:
    overrides = measure.plain_overrides(ROOT / "mkdocs.yml")
    names = [p if isinstance(p, str) else next(iter(p)) for p in overrides["plugins"]]
    assert "atlas" not in names and "search" in names


def test_every_stage_the_bench_times_is_called_by_the_pipeline(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: set[str] = set()
    for names in measure.STAGES.values():
        for name in names:
            owner, attribute = measure._owner(name)
            real = getattr(owner, attribute)
            monkeypatch.setattr(owner, attribute, _recorded(called, name, real))
    pipeline.run(tiny / "content", display_root=tiny)
    assert called == {name for names in measure.STAGES.values() for name in names}


def _recorded(called: set[str], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        called.add(name)
        return real(*args, **kwargs)

    return wrapper
