"""The book printed in parts: joined with the right numbers, reused from the cache, failing
cleanly. Hand-written built pages in tmp_path, no MkDocs (builder.outputs.pdf.export only
needs a site)."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, build_env
from pdfread import read_pdf
from test_pdf import printable

from builder.model import routes
from builder.model.problems import Severity
from builder.outputs import pdf
from builder.outputs.article import SitePage
from builder.outputs.front import Meta, edition_date

META = Meta("Atlas", "Tiny", edition_date("1700000000"), "https://atlas.example/")
FILLER = "<p>" + "A sentence of filler for the printed page, long enough to wrap. " * 40 + "</p>"


def write_site(site: Path, extra: str = "", exercises: int = 8) -> list[SitePage]:
    """Muscles and exercises linking each other, some pages long enough for two sheets."""

    def write(url: str, body: str) -> None:
        (site / url).mkdir(parents=True, exist_ok=True)
        (site / url / "index.html").write_text(
            f'<html><body><article class="md-content__inner">{body}</article></body></html>'
        )

    pages = []
    for m in range(3):
        write(f"muscles/m{m}", f'<h1>Muscle {m}</h1>{FILLER * (m + 1)}<h2 id="where">Where</h2>')
        pages.append(SitePage(f"muscles/m{m}/", f"Muscle {m}"))
    for e in range(exercises):
        body = (
            f"<h1>Exercise {e}</h1>"
            f'<p>Works <a href="../../muscles/m{e % 3}/#where">muscle {e % 3}</a> and leads to '
            f'<a href="../e{(e + 1) % exercises}/">exercise {(e + 1) % exercises}</a>.</p>'
            + FILLER * (e % 3)
            + (extra if e == 3 else "")
        )
        write(f"exercises/e{e}", body)
        pages.append(SitePage(f"exercises/e{e}/", f"Exercise {e}"))
    return pages


def export(site: Path, pages: list[SitePage], cache: Path | None, **kw: int) -> pdf.Report:
    settings = pdf.Settings(site, ROOT / "overrides/pdf", META, "a4", cache=cache, **kw)
    return pdf.export(pages, settings)


def layout_texts(path: Path) -> list[str]:
    """Each page's text as laid out (drawn numbers land next to the words they follow)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout.split("\f")[:-1]


def test_parts_join_with_right_numbers_links_and_bookmarks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = write_site(site)
    report = export(site, pages, tmp_path / "cache", chunk=1)  # every page a document
    assert report.problems == [] and report.notices == []
    assert report.printed >= len(pages)
    printed = read_pdf(site / routes.PDF_BOOK)
    texts = layout_texts(site / routes.PDF_BOOK)
    assert printed.pages == report.pages == len(texts) > len(pages) + 4
    # every page after the cover carries its own number at its foot
    for number, text in enumerate(texts[1:], 2):
        assert text.rstrip().splitlines()[-1].strip() == str(number), number
    # every "(p. N)" names the page its link lands on
    for index, text in enumerate(texts):
        shown = [int(n) for n in re.findall(r"\(p\.\s(\d+)\)", text)]
        links = [link.dest for link in printed.links if link.page == index and link.dest]
        if index > 1:  # the contents prints its numbers after dot leaders instead
            expected = sorted({printed.dests[d] + 1 for d in links})
            assert sorted(set(shown)) == expected, index
    # every in-book link lands on a named place; every page is bookmarked once, in order
    for link in printed.links:
        assert link.uri is None or link.uri.startswith("https://"), link
        assert link.dest in printed.dests, link
    titles = [t for _, t, _ in printed.outline]
    assert [t for t in titles if t.startswith("Exercise ")] == [f"Exercise {e}" for e in range(8)]
    assert (0, "Exercises") in [(d, t) for d, t, _ in printed.outline]
    assert {(1, "Exercise 5"), (2, "Where")} <= {(d, t) for d, t, _ in printed.outline}
    contents = " ".join(texts[1].split())
    assert f"Exercise 5 {'. ' * 3}".strip() in contents
    assert re.search(rf"Exercise 5[ .]+{printed.dests['/exercises/e5/'] + 1}\b", contents)


def test_an_edit_prints_only_its_part_again_and_changes_only_its_pages(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = write_site(site)
    first = export(site, pages, cache, chunk=2)
    before = (site / routes.PDF_BOOK).read_bytes()
    again = export(site, pages, cache, chunk=2)
    assert again.printed == 0 and again.reused == first.printed
    assert (site / routes.PDF_BOOK).read_bytes() == before
    old_texts = layout_texts(site / routes.PDF_BOOK)

    write_site(site, extra="<p>One more sentence about the knee, added by an edit.</p>")
    edited = export(site, pages, cache, chunk=2)
    assert edited.printed == 1  # the document holding exercise 3; no number moved
    new_texts = layout_texts(site / routes.PDF_BOOK)
    changed = [i for i, (a, b) in enumerate(zip(old_texts, new_texts, strict=True)) if a != b]
    printed = read_pdf(site / routes.PDF_BOOK)
    assert changed == [printed.dests["/exercises/e3/"]]


def test_a_page_that_grows_moves_the_numbers_without_printing_later_parts(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    pages = write_site(site)
    export(site, pages, cache, chunk=2)
    write_site(site, extra=FILLER * 3)  # exercise 3 takes more sheets
    grown = export(site, pages, cache, chunk=2)
    # its own document, and the contents (its numbers changed); nothing else
    assert grown.printed == 2
    cold = tmp_path / "cold"
    shutil.copytree(site, cold)
    export(cold, pages, tmp_path / "other-cache", chunk=2)
    assert (cold / routes.PDF_BOOK).read_bytes() == (site / routes.PDF_BOOK).read_bytes()


def test_two_cold_builds_print_the_same_bytes(tmp_path: Path) -> None:
    books = []
    for name in ("one", "two"):
        site = tmp_path / name
        export(site, write_site(site), None)
        books.append((site / routes.PDF_BOOK).read_bytes())
    assert books[0] == books[1]


def test_a_part_that_fails_names_its_page_and_leaves_no_book(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = write_site(site)
    export(site, pages, None)
    assert (site / routes.PDF_BOOK).is_file()
    deep = "<div>" * 2000 + "too deep to lay out" + "</div>" * 2000
    pages = write_site(site, extra=deep)
    pages = [SitePage(p.url, p.title, source=f"content/{p.url.rstrip('/')}.md") for p in pages]
    report = export(site, pages, tmp_path / "cache", chunk=3)
    failed = [p for p in report.problems if p.code == "pdf-part-failed"]
    assert len(failed) == 1, report.problems
    assert failed[0].severity is Severity.ERROR
    assert failed[0].path == "content/exercises/e3.md"
    assert "RecursionError" in failed[0].message
    assert not (site / routes.PDF_BOOK).exists()
    assert not list((site / "pdf").glob("*.pdf")) and not list((site / "pdf").glob(".*"))


@pytest.mark.parametrize("numbered_only", [False, True], ids=["blank", "numbered"])
def test_a_cover_that_fails_is_reported_and_leaves_no_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, numbered_only: bool
) -> None:
    """The cover and contents print twice: blank, to count their pages, then with the page
    numbers. Either failing is reported under its own name, and no book is left."""
    site = tmp_path / "site"
    pages = write_site(site)
    export(site, pages, None)
    assert (site / routes.PDF_BOOK).is_file()
    real = pdf.front_document
    deep = "<html><body>" + "<div>" * 2000 + "too deep" + "</div>" * 2000 + "</body></html>"

    def front(front: Any, numbers: dict[str, int]) -> str:
        return deep if numbers or not numbered_only else real(front, numbers)

    monkeypatch.setattr(pdf, "front_document", front)
    report = export(site, pages, None)
    failed = [p for p in report.problems if p.code == "pdf-part-failed"]
    assert [(p.path, p.severity) for p in failed] == [("(cover and contents)", Severity.ERROR)]
    assert "RecursionError" in failed[0].message
    assert not (site / routes.PDF_BOOK).exists()


@pytest.mark.parametrize(
    ("messages", "notices", "problems"),
    [
        (
            ["Using fontTools instead of HarfBuzz-Subset for font subsetting, please install"] * 3,
            1,
            0,
        ),
        (["Ignored `colour: red` at 3:1, unknown property"] * 2, 1, 0),
        (["Failed to load image at 'https://example.org/x.png': not fetched"], 0, 1),
    ],
)
def test_renderer_warnings_are_told_once_and_only_pages_get_a_position(
    messages: list[str], notices: int, problems: int
) -> None:
    report = pdf.Report()
    pdf._warnings(messages, "content/guide/x.md", report)
    pdf._warnings(messages, "content/guide/y.md", report)
    assert len(report.notices) == notices and len(report.problems) in (problems, 2 * problems)
    if "HarfBuzz" in messages[0]:
        assert "libharfbuzz-subset0" in report.notices[0]
    for notice in report.notices:
        assert ":1:1" not in notice


def test_offline_urls_find_their_routine_card() -> None:
    assert routes.pdf_card("routines/ten-minutes.html") == "pdf/routines/ten-minutes.pdf"
    assert routes.pdf_card("routines/index.html") is None
    assert routes.pdf_card("routines/ten-minutes/") == "pdf/routines/ten-minutes.pdf"


def build(project: Path, site: Path, config: str = "mkdocs.yml", **env: str) -> str:
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), "-f", config]
    proc = subprocess.run(
        args, cwd=project, env={**build_env(), **env}, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def pdf_links(site: Path) -> list[tuple[Path, Path]]:
    """(page, target) of every link to a PDF in the built pages."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for href in re.findall(r'href="([^"]+\.pdf)"', page.read_text("utf-8")):
            found.append((page, Path(posixpath.normpath(str(page.parent / href)))))
    return found


def test_the_offline_copy_links_the_sites_pdfs_and_atlas_pdf_0_links_none(tiny: Path) -> None:
    project = printable(tiny)
    site, offline = tiny / "site", tiny / "offline"
    (project / "mkdocs-offline.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  - search\n"
        f"  - atlas:\n      pdf: true\n      pdf_copy_from: {site}\n  - offline\n",
        "utf-8",
    )
    build(project, tiny / "alone", "mkdocs-offline.yml")  # no site yet: no PDF, no link
    assert pdf_links(tiny / "alone") == [] and not (tiny / "alone/pdf").exists()
    build(project, site)
    build(project, offline, "mkdocs-offline.yml")
    links = pdf_links(offline)
    assert len(links) > 10 and {t.name for _, t in links} >= {"hamstring-atlas.pdf"}
    assert [(p, t) for p, t in links if not t.is_file()] == []
    assert (offline / routes.PDF_BOOK).read_bytes() == (site / routes.PDF_BOOK).read_bytes()
    assert (offline / "pdf/routines/ten-minutes.pdf").is_file()

    for config, out in (("mkdocs.yml", tiny / "plain"), ("mkdocs-offline.yml", tiny / "off")):
        build(project, out, config, ATLAS_PDF="0")
        assert pdf_links(out) == [] and not (out / "pdf").exists(), config
