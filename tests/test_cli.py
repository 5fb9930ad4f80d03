"""The command-line front door, through main() and as a process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main


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
    assert "missing: nothing" in out


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
