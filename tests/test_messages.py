"""Messages that scale: did-you-mean with aliases and shared words, and the summary of many
problems by code and subject."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from builder.frontdoors.cli import main
from builder.model.problems import problem, suggestions, summary

EQUIPMENT = ("cable-machine", "leg-curl-machine", "resistance-band", "stability-ball")
MUSCLES = ("gluteus-maximus", "gluteus-medius", "biceps-femoris", "semitendinosus")


@pytest.mark.parametrize(
    ("value", "choices", "aliases", "expected"),
    [
        ("machine", EQUIPMENT, {}, ["cable-machine", "leg-curl-machine"]),
        ("glutes", MUSCLES, {}, ["gluteus-maximus", "gluteus-medius"]),
        ("glutes", MUSCLES, {"glutes": "gluteus-maximus"}, ["gluteus-maximus"]),
        ("Body only", EQUIPMENT, {"body-only": "none"}, ["none"]),
        ("Swiss Ball", EQUIPMENT, {"swiss-ball": "stability-ball"}, ["stability-ball"]),
        ("resistance band", EQUIPMENT, {}, ["resistance-band"]),
        ("stabilty-ball", EQUIPMENT, {}, ["stability-ball"]),
        ("barbell", EQUIPMENT, {}, []),
    ],
)
def test_suggestions(
    value: str, choices: tuple[str, ...], aliases: dict[str, str], expected: list[str]
) -> None:
    assert suggestions(value, choices, aliases) == expected


def test_summary_counts_by_code_and_subject() -> None:
    found = [
        problem(
            f"content/exercises/x{i}.md",
            7,
            13,
            "unknown-term",
            vocabulary="goal",
            value="hypertrophy" if i % 3 else "speed",
            suggestion="",
        )
        for i in range(30)
    ] + [problem("content/exercises/x1.md", 2, 1, "missing-key", key="legs", doc="legs")]
    assert summary(found) == [
        "summary: 31 problems in 30 files",
        "      30 [unknown-term] in 30 files: goal 'hypertrophy' (20), goal 'speed' (10)",
        "         add each new term, with a name and a definition, to its vocabulary in "
        "content/_data/ (or use an existing term); 'aliases:' there point other names at it",
        "       1 [missing-key] in 1 file: 'legs' (1)",
    ]  # fmt: skip


def test_check_summarises_an_import_of_many_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """About what importing an outside catalogue gives: the same few new terms on every page."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    page = (ROOT / "content/exercises/glute-bridge.md").read_text("utf-8")
    page = page.replace("equipment: none", "equipment: [machine, body only]")
    for i in range(40):
        text = page.replace("title: Glute bridge", f"title: Imported bridge {i}")
        (tmp_path / f"content/exercises/imported-{i}.md").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "did you mean 'none'?" in out
    assert "did you mean one of 'cable-machine', 'leg-curl-machine'?" in out
    assert (
        "summary: 80 problems in 40 files\n"
        "      80 [unknown-term] in 40 files: equipment item 'body only' (40), "
        "equipment item 'machine' (40)\n"
    ) in out


def test_few_problems_have_no_summary(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8").replace("goals: [strength]", "goals: [x]"))
    monkeypatch.chdir(tiny)
    assert main(["check"]) == 1
    assert "summary:" not in capsys.readouterr().out


def test_every_limit_is_on_the_reference_page_and_in_contributing() -> None:
    from builder import pipeline
    from builder.model import routes
    from builder.stages.policy.limits import limits

    result = pipeline.run(ROOT / "content", ROOT)
    assert result.rendered is not None
    reference = result.rendered.pages[routes.REFERENCE]
    contributing = " ".join((ROOT / "CONTRIBUTING.md").read_text("utf-8").split())
    for what, limit in limits():
        assert f"| {what} | {limit} |" in reference
        for number in re.findall(r"[0-9][0-9,]*", limit):
            assert number in contributing, (what, limit)
