"""Every link of every page, followed the way a reader follows it: `site/` through a web server,
the offline copy from disk. Every `href` and `src` must reach a file and every `#anchor` an id."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_env
from linkcheck import Site


def _report(site: Site) -> str:
    broken = site.broken()
    pages = len({b.link.page for b in broken})
    shown = "\n".join(str(b) for b in broken[:40])
    return f"{len(broken)} broken links on {pages} pages of {len(site.pages)}:\n{shown}"


def test_every_link_of_the_site_resolves(real_site: Path) -> None:
    site = Site.read(real_site, served=True)
    assert len(site.pages) > 50
    assert site.broken() == [], _report(site)


def test_every_link_of_the_offline_copy_opens_from_disk(offline_site: Path) -> None:
    site = Site.read(offline_site, served=False)
    assert len(site.pages) > 50
    assert site.broken() == [], _report(site)


def test_the_offline_copy_carries_the_book(offline_site: Path, real_site: Path) -> None:
    book = Path("pdf") / "hamstring-atlas.pdf"
    if not (real_site / book).is_file():
        pytest.skip("this build prints no book (ATLAS_PDF=0)")
    assert (offline_site / book).is_file()
    pdfs = {p.relative_to(offline_site) for p in offline_site.rglob("*.pdf")}
    assert pdfs == {p.relative_to(real_site) for p in real_site.rglob("*.pdf")}
    linked = {
        link.url for link in Site.read(offline_site, served=False).links() if ".pdf" in link.url
    }
    assert linked, "no page of the offline copy links to the book"


def test_a_build_without_pdfs_links_to_none(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
        cwd=ROOT,
        env={**build_env(), "ATLAS_PDF": "0"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    site = Site.read(site_dir, served=True)
    assert not list(site_dir.rglob("*.pdf"))
    assert site.broken() == [], _report(site)


# The checker itself, on a tree small enough to read.
PAGES = {
    "index.html": '<a href="a/">a</a><a href="a/index.html#top">top</a><img src="i.png">',
    "a/index.html": '<h1 id="top">A</h1><a href="../">home</a><a href="../b.html#nope">x</a>',
    "b.html": '<a name="n">n</a><a href="/a/">abs</a><a href="javascript:alert(1)">js</a>'
    '<a href="../../out.html">out</a><a href="https://example.org/x/">ext</a>',
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, html in PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, "utf-8")
    (tmp_path / "i.png").write_bytes(b"")
    return tmp_path


def test_checker_served(tree: Path) -> None:
    reasons = {(b.link.page, b.link.url): b.reason for b in Site.read(tree, served=True).broken()}
    assert reasons == {
        ("a/index.html", "../b.html#nope"): "no id 'nope' in b.html",
        ("b.html", "javascript:alert(1)"): "script URL",
        ("b.html", "../../out.html"): "leaves the site",
    }


def test_checker_from_disk(tree: Path) -> None:
    broken = {(b.link.page, b.link.url) for b in Site.read(tree, served=False).broken()}
    assert broken == {
        ("index.html", "a/"),
        ("a/index.html", "../"),
        ("a/index.html", "../b.html#nope"),
        ("b.html", "/a/"),
        ("b.html", "javascript:alert(1)"),
        ("b.html", "../../out.html"),
    }
