"""`python -m builder export DIR`: engines of the MkDocs family build the same guide from the
export without the atlas plugin, strictly: same pages, same internal links (the same target
page and anchor), same headings. MkDocs, ProperDocs and Zensical."""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_env

BIN = Path(sys.executable).parent


def _pages(site: Path) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    """Page -> (its article's internal links as (target, anchor), its headings' ids)."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        if "assets" in path.parts:
            continue
        article = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        # Theme chrome, not the page: the PDF link, the edit button of generated pages, the
        # breadcrumb (drawn from the nav, which Zensical gives the theme in its own shape).
        for chrome in article.select(".atlas-download, .md-content__button, .atlas-breadcrumb"):
            chrome.decompose()
        here = posixpath.dirname(str(path.relative_to(site)))
        links = sorted(
            _target(here, a["href"])
            for a in article.select("a[href]")
            if "://" not in a["href"] and not a["href"].startswith("mailto:")
        )
        headings = [h.get("id", "") for h in article.select("h1, h2, h3, h4")]
        found[str(path.relative_to(site))] = (links, headings)
    return found


def _target(here: str, href: str) -> tuple[str, str]:
    """The folder a link leads to from the page's folder, and its anchor: Zensical writes a
    link to the page itself as '../page/', MkDocs as './'."""
    path, _, anchor = href.partition("#")
    return (posixpath.normpath(posixpath.join(here, path)) if path else here), anchor


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "guide"
    env = {**os.environ, **build_env(), "ATLAS_PDF": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "export", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    config = (out / "mkdocs.yml").read_text("utf-8")
    assert "atlas" not in config.split("plugins:", 1)[1].split("\n\n", 1)[0]
    return out


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_the_export_builds_the_same_guide_without_the_plugin(
    engine: str, exported: Path, real_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / engine
    env = {**os.environ, **build_env()}
    command = [str(BIN / engine), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    if engine == "zensical":  # no -d: it builds into the configuration's site_dir
        shutil.copytree(exported, tmp_path / "project")
        exported, site, command = tmp_path / "project", tmp_path / "project/site", command[:5]
    proc = subprocess.run(
        command,
        cwd=exported, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    want, got = _pages(real_site), _pages(site)
    assert sorted(got) == sorted(want)
    for page in want:
        assert got[page] == want[page], page
    assert (site / "catalog.json").read_text("utf-8") == (real_site / "catalog.json").read_text(
        "utf-8"
    )
