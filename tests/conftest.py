"""Shared fixtures: the tiny sample site, MkDocs builds in tmp_path, the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).parent / "fixtures" / "site"
pytest_plugins = ["browser_support"]  # the real-browser fixtures


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1")
    return env


def mkdocs_build(
    project: Path, site_dir: Path, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """Build `project` strictly into `site_dir`, returning the finished process."""
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site_dir)]
    return subprocess.run(
        [*args, "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A fresh copy of the tiny sample site."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    shutil.copytree(ROOT / "overrides", target / "overrides")  # the guide's theme
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once with --strict."""
    site = tmp_path_factory.mktemp("real") / "site"
    proc = mkdocs_build(ROOT, site)
    assert proc.returncode == 0, proc.stderr
    return site
