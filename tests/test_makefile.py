"""The Makefile on a machine that is not Debian: no apt-get, dpkg-query or sudo on the PATH.
`ATLAS_PDF=0 make site` still builds the site, and asking for system packages prints what to
install with Homebrew or dnf instead of calling a package manager that is not there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

ABSENT = {"apt-get", "apt", "dpkg", "dpkg-query", "sudo"}


def _without_debian_tools(bin_dir: Path) -> str:
    """A PATH of one folder linking every program of the current PATH but ABSENT."""
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            link = bin_dir / program.name
            if program.name not in ABSENT and not link.exists() and os.access(program, os.X_OK):
                link.symlink_to(program)
    return str(bin_dir)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the repository (sharing this virtual environment) and a non-Debian PATH."""
    tmp = tmp_path_factory.mktemp("elsewhere")
    copy = tmp / "atlas"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if k not in {"ATLAS_PDF", "MAKEFLAGS"}}
    env["PATH"] = _without_debian_tools(tmp / "bin")
    return copy, env


def _make(copy: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """make in the copy; `-o` keeps the shared virtual environment as it is."""
    return subprocess.run(
        ["make", "-o", ".venv/.installed", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_fake_path_lacks_the_debian_tools(elsewhere: tuple[Path, dict[str, str]]) -> None:
    _, env = elsewhere
    for program in ABSENT:
        assert shutil.which(program, path=env["PATH"]) is None, program
    assert shutil.which("make", path=env["PATH"])


def test_site_without_pdf_builds_without_debian_tools(
    elsewhere: tuple[Path, dict[str, str]],
) -> None:
    copy, env = elsewhere
    proc = _make(copy, dict(env, ATLAS_PDF="0"), "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (copy / "site" / "index.html").is_file()
    assert (copy / "build" / "offline" / "index.html").is_file()
    assert not (copy / "site" / "pdf" / "hamstring-atlas.pdf").exists()
    assert "apt-get" not in proc.stdout + proc.stderr


def test_system_packages_say_what_to_install_instead(
    elsewhere: tuple[Path, dict[str, str]],
) -> None:
    copy, env = elsewhere
    proc = _make(copy, env, "system-packages")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "This machine has no apt-get" in out
    assert "Homebrew: brew install pango poppler" in out
    assert "Fedora:   sudo dnf install pango harfbuzz" in out
    assert "'ATLAS_PDF=0 make site'" in out
