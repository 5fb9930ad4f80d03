"""The printed guide: the real book read back with pypdf, and tiny sites printed in tmp_path."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TINY, mkdocs_build
from pdfread import Printed, flat, lines_per_page, read_pdf
from pypdf import PdfReader

from builder.model import routes
from builder.outputs import pdf
from builder.outputs.article import SitePage, heading_text, parse_article, resolve
from builder.outputs.book import HOME_CHAPTER
from builder.outputs.front import Meta, edition_date

ARTIFACTS = ROOT / "test-artifacts"
SECTIONS = ("exercises", "muscles", "routines", "equipment", "goals")
"""Sections whose every page (hub included) must be in the book's bookmarks."""


@pytest.fixture(scope="session")
def printed(real_site: Path) -> Printed:
    path = real_site / routes.PDF_BOOK
    assert path.is_file(), "mkdocs build did not write the book"
    return read_pdf(path)


def built_pages(site: Path, section: str) -> list[str]:
    """URLs of the built pages of a section, its hub included."""
    return sorted(
        p.parent.relative_to(site).as_posix() + "/" for p in (site / section).rglob("index.html")
    )


def title(site: Path, url: str) -> str:
    h1 = parse_article((site / url / "index.html").read_text("utf-8")).find("h1")
    assert h1 is not None, url
    return heading_text(h1)


def target_heading(site: Path, dest: str) -> str:
    """What a reader must find where an in-book link lands: the heading it points at."""
    url, _, fragment = dest.removeprefix("/").partition("#")
    if not url and not fragment:
        return HOME_CHAPTER  # the book's name for the home page
    article = parse_article((site / url / "index.html").read_text("utf-8"))
    element = article.find(id=fragment) if fragment else article.find("h1")
    assert element is not None, dest
    return heading_text(element)


def chapter_pages(printed: Printed, url: str) -> range:
    """The pages of one chapter: from its start to the start of the next one."""
    starts = sorted({page for name, page in printed.dests.items() if "#" not in name})
    start = printed.dests["/" + url]
    later = [s for s in starts if s > start]
    return range(start, later[0] if later else printed.pages)


def test_page_count_is_plausible(printed: Printed, real_site: Path) -> None:
    chapters = [name for name in printed.dests if "#" not in name and name.startswith("/")]
    assert len(chapters) >= 20
    # a cover, the contents, then every chapter on at least one page of its own
    assert len(chapters) + 2 <= printed.pages <= 8 * len(chapters)


def test_every_section_page_is_bookmarked(printed: Printed, real_site: Path) -> None:
    bookmarks = {t for _, t, _ in printed.outline}
    expected = {url: title(real_site, url) for s in SECTIONS for url in built_pages(real_site, s)}
    assert len(expected) >= 40
    missing = {url: t for url, t in expected.items() if t not in bookmarks}
    assert not missing
    catalog = json.loads((real_site / routes.CATALOG_JSON).read_text("utf-8"))
    for entry in catalog["exercises"] + catalog["muscles"] + catalog.get("routines", []):
        assert entry["title"] in bookmarks


def test_bookmarks_nest_parts_pages_and_headings(printed: Printed) -> None:
    def children(title: str) -> tuple[int, list[tuple[int, str]]]:
        i = [t for _, t, _ in printed.outline].index(title)
        depth, below = printed.outline[i][0], []
        for d, t, _ in printed.outline[i + 1 :]:
            if d <= depth:
                break
            below.append((d, t))
        return depth, below

    assert children("Anatomy")[0] == 0
    depth, headings = children("Semitendinosus")
    assert depth == 2 and (3, "Where it runs") in headings  # under its muscle group
    assert (2, "Semitendinosus") in children("Hamstrings")[1]
    depth, headings = children("Nordic hamstring curl")
    assert depth == 2  # under its kind of exercise
    assert (3, "How to do it") in headings and {d for d, _ in headings} == {3}
    order = [t for d, t, _ in printed.outline if d == 0]
    assert order[:4] == ["Contents", "Introduction", "Anatomy", "Exercises"]
    assert order.index("Exercises") < order.index("Indexes")


def test_every_exercise_page_has_in_book_links(printed: Printed, real_site: Path) -> None:
    for url in built_pages(real_site, "exercises"):
        pages = chapter_pages(printed, url)
        internal = [link for link in printed.links if link.page in pages and link.dest]
        assert internal, f"no in-book link on {url} (pages {pages})"


def test_every_in_book_link_lands_on_its_heading(printed: Printed, real_site: Path) -> None:
    internal = [link for link in printed.links if link.dest]
    assert len(internal) > 100
    wrong = []
    for dest in sorted({link.dest for link in internal if link.dest}):
        if not dest.startswith("/"):  # contents entries to part dividers
            assert dest.startswith("part-"), dest
            continue
        heading = flat(target_heading(real_site, dest))
        if heading not in printed.texts[printed.dests[dest]]:
            wrong.append((dest, heading, printed.dests[dest] + 1))
    assert not wrong


def test_every_link_between_printed_pages_survives(printed: Printed, real_site: Path) -> None:
    """Each link of the site between two printed pages is an in-book link, fragment and all."""
    chapters = {n.removeprefix("/") for n in printed.dests if n.startswith("/") and "#" not in n}
    expected = set()
    for url in sorted(chapters):
        article = parse_article((real_site / url / "index.html").read_text("utf-8"))
        for a in article.find_all("a", href=True):
            target = resolve(url, str(a["href"]))
            if target and target[0] in chapters:
                expected.add(f"/{target[0]}#{target[1]}" if target[1] else f"/{target[0]}")
    assert len(expected) > 30
    assert expected <= {link.dest for link in printed.links}


def test_every_printed_page_reference_names_the_page_its_link_lands_on(printed: Printed) -> None:
    """'(p. N)' after an in-book link, and the number at each page's foot, are drawn in after
    the parts are joined: they must be the pages the links land on, and the page itself."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(printed.path), "-"], capture_output=True, text=True
    )
    texts = out.stdout.split("\f")[:-1]
    assert len(texts) == printed.pages
    shown_total, wrong = 0, []
    for index, text in enumerate(texts):
        if index > 0:
            assert text.rstrip().splitlines()[-1].strip() == str(index + 1), index
        if index < 2:
            continue  # the cover, and the contents (its numbers follow dot leaders)
        landing = {printed.dests[link.dest] + 1 for link in printed.links if link.page == index
                   and link.dest}  # fmt: skip
        shown = {int(n) for n in re.findall(r"\(p\.\s(\d+)\)", text)}
        shown_total += len(shown)
        wrong += [(index + 1, n) for n in sorted(shown - landing)]
    assert shown_total > 100 and not wrong


def test_no_link_points_at_markdown_files_or_a_local_server(printed: Printed) -> None:
    assert printed.links
    for link in printed.links:
        target = (link.uri or link.dest or "").lower()
        assert target, link
        assert ".md" not in target.split("#")[0], link
        assert not target.startswith("file:"), link
        assert "127.0.0.1" not in target and "localhost" not in target, link
        if link.uri:
            assert link.uri.startswith(("https://", "http://", "mailto:")), link


SHORT_PAGE = 12
"""Lines of text at most on a page that reads as nearly empty."""
SHORT_PAGES_ALLOWED = 2


def test_few_pages_hold_only_a_few_lines(printed: Printed) -> None:
    """Pages of at most 12 lines, leaving out the cover, the part dividers and the last page
    of each part (a part may end anywhere): reported, and at most two."""
    lines = lines_per_page(printed.path)
    dividers = {page for depth, _title, page in printed.outline if depth == 0}
    ends = {page - 1 for page in dividers} | {printed.pages - 1}
    short = [
        page + 1
        for page, count in enumerate(lines)
        if count <= SHORT_PAGE and page > 0 and page not in dividers | ends
    ]
    print(f"pages with at most {SHORT_PAGE} lines: {len(short)} {short}")
    assert len(short) <= SHORT_PAGES_ALLOWED, [(p, lines[p - 1]) for p in short]


def test_cover_names_the_guide_and_its_edition(printed: Printed) -> None:
    assert "Hamstring Atlas" in printed.texts[0]
    assert "Edition of" in printed.texts[0]
    assert "Contents" in printed.texts[1]


def test_render_an_exercise_page_to_png_for_a_person_to_look_at(printed: Printed) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: `make test` installs poppler-utils"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(printed.path, ARTIFACTS / "hamstring-atlas.pdf")
    page = printed.dests["/exercises/nordic-hamstring-curl/"] + 1
    out = ARTIFACTS / "book-nordic-hamstring-curl"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        [pdftoppm, *pages, "-r", "80", "-png", "-singlefile", str(printed.path), str(out)],
        check=True,
        timeout=120,
    )
    png = out.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000, "the page rendered nearly blank"


# Tiny sites: what the guide does not have (tabs, collapsed blocks); pages may not carry raw SVG,
# so the drawing checked is the theme's anatomy diagram on every exercise page -----

GUIDE_PAGE = """\
---
title: Printing test
summary: Tabs and a collapsed block, both of which the book must print.
sources: [article-one]
---

=== "On the floor"

    First tab words: lie on your back.

=== "On a bench"

    Second tab words: heels up on the bench.

??? note "Collapsed note"

    Collapsed block words: breathe out as you rise.

How the [bridge is done](../exercises/bridge.md#how-to-do-it), and what
[biceps femoris](../muscles/biceps-femoris.md) does.
"""

ROUTINE_PAGE = """\
---
title: Ten-minute test routine
summary: Three exercises, ten minutes, twice a week.
minutes: 10
per_week: 2
goals: [strength]
steps:
  - {exercise: bridge, sets: 2, reps: 10}
  - {exercise: swing, sets: 2, reps: 15}
sources: [article-one]
---

Tape this card to the wall.

| Step | Exercise | Dose |
|---|---|---|
| 1 | [Bridge](../exercises/bridge.md) | 2 × 10 |
| 2 | [Swing](../exercises/swing.md) | 2 × 15 |
"""


def printable(tiny: Path) -> Path:
    """The tiny site with a guide page, a routine page, our overrides and the PDF switched on."""
    (tiny / "content/guide").mkdir(exist_ok=True)
    (tiny / "content/guide/printing.md").write_text(GUIDE_PAGE, "utf-8")
    (tiny / "content/routines").mkdir(exist_ok=True)
    (tiny / "content/routines/ten-minutes.md").write_text(ROUTINE_PAGE, "utf-8")
    shutil.copytree(ROOT / "overrides", tiny / "overrides", dirs_exist_ok=True)
    config = yaml.safe_load((tiny / "mkdocs.yml").read_text("utf-8"))
    config["site_url"] = "https://tiny.example.org/"
    config["site_description"] = "A tiny guide for tests."
    config["theme"]["custom_dir"] = "overrides"
    config["plugins"] = ["search", {"atlas": {"pdf": True}}]
    config["nav"] += [{"Printing": "guide/printing.md"}]
    config["markdown_extensions"] += [
        "md_in_html",
        "pymdownx.details",
        "pymdownx.superfences",
        {"pymdownx.tabbed": {"alternate_style": True}},
    ]
    (tiny / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return tiny


@pytest.fixture(scope="module")
def tiny_printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The printable tiny site, built once for this module."""
    root = tmp_path_factory.mktemp("printable")
    project = printable(Path(shutil.copytree(TINY, root / "tiny")))
    site = root / "site"
    proc = mkdocs_build(project, site)
    assert proc.returncode == 0, proc.stderr
    return site


def test_nothing_is_lost_tabs_collapsed_blocks_and_svg(tiny_printed: Path) -> None:
    printed = read_pdf(tiny_printed / routes.PDF_BOOK)
    text = printed.text()
    for words in (
        "First tab words: lie on your back.",
        "On a bench",
        "Second tab words: heels up on the bench.",
        "Collapsed note",
        "Collapsed block words: breathe out as you rise.",
        "Adductor magnus",  # a label of the theme's SVG diagram, on no page of the tiny site
    ):
        assert words in text, words
    bookmarks = [t for _, t, _ in printed.outline]
    assert {"Printing test", "Ten-minute test routine", "Bridge", "Biceps femoris"} <= set(
        bookmarks
    )
    on_guide = [link.dest for link in printed.links if link.dest]
    assert "/exercises/bridge/#how-to-do-it" in on_guide
    landing = printed.texts[printed.dests["/exercises/bridge/#how-to-do-it"]]
    assert "How to do it" in landing


def test_a_routine_prints_on_one_card_with_web_links(tiny_printed: Path) -> None:
    card = tiny_printed / "pdf/routines/ten-minutes.pdf"
    printed = read_pdf(card)
    assert printed.pages == 1
    assert "Ten-minute test routine" in printed.texts[0]
    assert "Tape this card to the wall." in printed.texts[0]
    assert "https://tiny.example.org/routines/ten-minutes/" in printed.texts[0]
    uris = {link.uri for link in printed.links}
    assert "https://tiny.example.org/exercises/bridge/" in uris
    assert all(link.uri and link.uri.startswith("https://") for link in printed.links)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: `make test` installs poppler-utils"
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "routine-card"
    subprocess.run([pdftoppm, "-r", "60", "-png", "-singlefile", str(card), str(out)], check=True)
    assert out.with_suffix(".png").stat().st_size > 5_000


def test_every_page_links_to_the_book_and_a_routine_to_its_card(tiny_printed: Path) -> None:
    pages = [
        p
        for p in sorted(tiny_printed.rglob("index.html"))
        if p.parent.name not in ("search", "assets")
    ]
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text("utf-8")
        assert "Download PDF</a>" in html, page
        href = html.split('class="atlas-download"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
        target = Path(posixpath.normpath(str(page.parent / href)))
        assert target == tiny_printed / routes.PDF_BOOK, page
    routine = (tiny_printed / "routines/ten-minutes/index.html").read_text("utf-8")
    assert 'href="../../pdf/routines/ten-minutes.pdf"' in routine
    assert not (tiny_printed / "pdf/book.css").exists(), "print stylesheets are not published"


def test_a_second_build_prints_the_same_bytes(tiny_printed: Path, tmp_path: Path) -> None:
    project = tiny_printed.parent / "tiny"
    again = tmp_path / "again"
    proc = mkdocs_build(project, again)
    assert proc.returncode == 0, proc.stderr
    for path in (routes.PDF_BOOK, "pdf/routines/ten-minutes.pdf"):
        assert (again / path).read_bytes() == (tiny_printed / path).read_bytes(), path


def test_links_and_assets_from_outside_fail_the_strict_build(tiny: Path, tmp_path: Path) -> None:
    project = printable(tiny)
    guide = project / "content/guide/printing.md"
    guide.write_text(
        guide.read_text("utf-8")
        + "\n[local](http://127.0.0.1:8000/exercises/)\n"
        + "\n![remote](https://example.org/picture.png)\n",
        "utf-8",
    )
    proc = mkdocs_build(project, tmp_path / "out")
    assert proc.returncode == 1
    assert (
        "content/guide/printing.md:1:1: warning [pdf-local-link] the link "
        "'http://127.0.0.1:8000/exercises/' points at a local server"
    ) in proc.stderr
    assert "[pdf-renderer] WeasyPrint:" in proc.stderr
    assert "https://example.org/picture.png" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_real_page_offers_the_pdf(real_site: Path) -> None:
    pages = [p for p in real_site.rglob("index.html") if p.parent.name not in ("search", "assets")]
    assert len(pages) >= 40
    assert not [p for p in pages if "Download PDF</a>" not in p.read_text("utf-8")]


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_export_without_mkdocs_on_a4_or_letter(
    tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    """The PDF step needs only a built site: two pages written by hand here."""

    def write(url: str, body: str) -> None:
        (tmp_path / url).mkdir(parents=True, exist_ok=True)
        (tmp_path / url / "index.html").write_text(
            f'<html><body><article class="md-content__inner">{body}</article></body></html>'
        )

    write("exercises/bridge", '<h1>Bridge</h1><p><a href="../../muscles/glute/">Glute</a></p>')
    write("muscles/glute", '<h1>Glute</h1><h2 id="where">Where</h2>')
    meta = Meta("Atlas", "Tiny", edition_date("1700000000"), "")
    pages = [SitePage("exercises/bridge/", "Bridge"), SitePage("muscles/glute/", "Glute")]
    report = pdf.export(pages, pdf.Settings(tmp_path, ROOT / "overrides/pdf", meta, paper))
    assert report.problems == []
    printed = read_pdf(tmp_path / routes.PDF_BOOK)
    assert printed.pages == report.pages >= 6  # cover, contents, 2 part pages, 2 chapters
    box = PdfReader(printed.path).pages[3].mediabox
    assert (round(box.width), round(box.height)) == size
    assert "/muscles/glute/" in {link.dest for link in printed.links}
