"""The command-line front door, through main() and as a process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder import pipeline
from builder.frontdoors.cli import main


def test_check_clean_site(tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 error(s), 0 warning(s)" in err


def test_check_reports_every_problem_and_exits_1(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("[kettlebell]", "[kettelbell]"))
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8").replace("legs: both", "legs: bothe"))
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        "content/exercises/bridge.md:12:7: [unknown-term] unknown legs value 'bothe'. "
        "hint: did you mean 'both'?",
        "content/exercises/swing.md:6:13: [unknown-term] unknown equipment item 'kettelbell'. "
        "hint: did you mean 'kettlebell'?",
    ]


def test_check_paths_filter_the_report(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("[kettlebell]", "[kettelbell]"))
    assert main(["check", "content/exercises/bridge.md"]) == 0
    assert main(["check", "content/exercises/swing.md"]) == 1


def test_check_strict_fails_on_warnings(tiny: Path, monkeypatch) -> None:
    monkeypatch.chdir(tiny)
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8") + "\nTODO\n")
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1


def test_stats(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "exercises: 5" in out
    assert "  semitendinosus  3 / 1" in out
    assert "  none             3 / 0" in out
    assert "  ankle-weight     0 / 1" in out
    assert "\nmissing: nothing\n" in out
    assert "\ncould be added:\n  the exercise 'band-curl' lists no cautions\n" in out


def test_stats_lists_an_exercise_on_no_ladder(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    fold = tiny / "content/exercises/fold.md"
    fold.write_text(
        fold.read_text("utf-8").replace("off_ladder: A stretch held at your own range.\n", "")
    )
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    line = "  the exercise 'fold' is on no ladder and its page does not say why [no-ladder]\n"
    assert "\nmissing:\n" + line in out
    assert main(["check", "--strict"]) == 1


def test_missing_content_dir(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "content: not a directory" in capsys.readouterr().err


def test_python_m_builder_runs_without_traceback(tiny: Path) -> None:
    (tiny / "content/exercises/bridge.md").write_text("---\ntitle: [x\n---\n")
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "check"],
        cwd=tiny,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("content/exercises/bridge.md:3:1: [yaml-syntax] ")
    assert "Traceback" not in proc.stderr


def test_check_paths_may_be_written_another_way(tiny: Path, monkeypatch) -> None:
    monkeypatch.chdir(tiny)
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("[kettlebell]", "[kettelbell]"))
    assert main(["check", "./content/exercises/swing.md"]) == 1


def test_stats_lists_unused_terms_and_todo_pages(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    goals = tiny / "content/_data/goals.yml"
    goals.write_text(goals.read_text("utf-8") + "power:\n  name: Power\n  definition: Speed.\n")
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8") + "\nTODO: a picture\n")
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "  power        0\n" in out
    assert "  no exercise uses the goal 'power'\n" in out
    assert "  content/exercises/bridge.md still has TODO markers\n" in out


def test_check_format_github(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("[kettlebell]", "[kettelbell]"))
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8") + "\nTODO: 100% done, really\n")
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::warning file=content/exercises/bridge.md,line=26,col=1,title=todo::the page still "
        "has a TODO marker. hint: replace it with real content",
        "::error file=content/exercises/swing.md,line=6,col=13,title=unknown-term::unknown "
        "equipment item 'kettelbell'. hint: did you mean 'kettlebell'?",
    ]


def test_github_format_escapes_what_would_end_a_command() -> None:
    from builder.frontdoors.cli import github
    from builder.model.problems import problem

    p = problem("a,b:c.md", 0, 0, "unknown-key", key="x%\ny", suggestion="s")
    assert github(p) == (
        "::error file=a%2Cb%3Ac.md,line=1,col=1,title=unknown-key::unknown key 'x%25%0Ay'. hint: s"
    )


def test_new_writes_a_page_that_passes_check(tiny: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    code = main(
        ["new", "nordic-curl", "--title", 'Nordic "curl": hard', "--equipment", "none",
         "--goals", "strength,flexibility", "--no-input"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    page = tiny / "content/exercises/nordic-curl.md"
    text = page.read_text("utf-8")
    assert out.startswith("wrote content/exercises/nordic-curl.md\n")
    assert 'title: "Nordic \\"curl\\": hard"\n' in text
    assert "equipment: none\n" in text and "goals: [strength, flexibility]\n" in text
    assert "kind: strength  # TODO: one of: strength, stretch\n" in text
    result = pipeline.run(tiny / "content", tiny)
    assert result.ok and result.catalogue is not None
    assert "nordic-curl" in result.catalogue.exercises
    codes = {p.code for p in result.problems if p.path == "content/exercises/nordic-curl.md"}
    assert codes == {"todo", "no-ladder"}  # a new page is on no ladder until it is linked
    assert main(["check", "--strict", "content/exercises/nordic-curl.md"]) == 1


def test_new_asks_at_a_terminal(tiny: Path, monkeypatch) -> None:
    from builder.frontdoors import scaffold

    replies = iter(["Band curl two", "", "stretch", "semitendinosus", "resistance-band"])
    questions: list[str] = []

    def ask(question: str) -> str:
        questions.append(question)
        return next(replies, "")

    path = scaffold.create(tiny / "content", "band-curl-two", {"legs": "one"}, ask)
    text = path.read_text("utf-8")
    assert questions[2] == "kind (strength, stretch): "
    assert len(questions) == len(scaffold.ASKED) - 1  # legs was given
    assert 'title: "Band curl two"\n' in text and "kind: stretch\n" in text
    assert "primary_muscles: [semitendinosus]\n" in text and "legs: one\n" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "bridge"], "content/exercises/bridge.md already exists; refusing to overwrite"),
        (["new", "Bridge"], "'Bridge' is not a valid slug"),
        (["new", "x", "--kind", "strenght"], "unknown kind 'strenght'. hint: did you mean"),
        (["new", "x", "--difficulty", "beginner,advanced"], "'difficulty' takes one value"),
        (["new", "index"], "'index' is the exercises hub's file, not an exercise"),
        (["new", "con"], "the name 'con.md' is a device name on Windows ('CON')"),
        (["new", "lpt9"], "the name 'lpt9.md' is a device name on Windows ('LPT9')"),
        (["new", "a" + "-b" * 40], "characters long, over the limit of 80"),
    ],
)
def test_new_refuses(tiny: Path, monkeypatch, capsys, argv: list[str], message: str) -> None:
    monkeypatch.chdir(tiny)
    before = (tiny / "content/exercises/bridge.md").read_bytes()
    assert main([*argv, "--no-input"]) == 1
    assert message in capsys.readouterr().err
    assert (tiny / "content/exercises/bridge.md").read_bytes() == before
    assert not (tiny / "content/exercises/x.md").exists()


def test_new_refuses_a_case_variant_of_an_existing_page(tiny: Path, monkeypatch) -> None:
    monkeypatch.chdir(tiny)
    (tiny / "content/exercises/bridge.md").rename(tiny / "content/exercises/Bridge.md")
    assert main(["new", "bridge", "--no-input"]) == 1


def test_verify_fails_loudly_when_an_engine_skipped_the_plugin(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """What an engine that ignores the plugin leaves: the hand-written pages only."""
    from conftest import mkdocs_build

    site = tmp_path / "site"
    assert mkdocs_build(tiny, site).returncode == 0
    monkeypatch.chdir(tiny)
    assert main(["verify", str(site)]) == 0
    (site / "equipment/kettlebell/index.html").unlink()
    (site / "catalog.json").unlink()
    assert main(["verify", str(site)]) == 1
    err = capsys.readouterr().err
    assert "the generated page equipment/kettlebell.md was not built" in err
    assert "the generated page catalog.json was not built" in err
