"""Print the built site: the whole guide as one book, and a one-page card per routine.

Runs after the site is built (the MkDocs front door calls `export` from `on_post_build`), reads
the pages from the site directory and writes PDFs with WeasyPrint. Nothing is fetched from the
network: only files under the site and the stylesheet directory may be read. The PDFs are
tagged (structure for screen readers and reflow) and carry the build's date, not the clock's.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from bs4 import Tag
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

from builder import book, routes
from builder.problems import Problem, problem

BOOK_CSS = "book.css"
CARD_CSS = "card.css"
PAPER = {"a4": "A4", "letter": "letter"}
CARD_FONT_SIZES = ("16pt", "14pt", "12pt", "11pt", "10pt", "9pt", "8pt", "7pt")
"""A card is tried at each size, largest first, until it fits on one page."""


@dataclass(frozen=True)
class Settings:
    """What the export needs to know beyond the pages themselves."""

    site_dir: Path
    stylesheets: Path
    """The directory holding book.css and card.css (overrides/pdf/)."""
    meta: book.Meta
    paper: str = "a4"
    exclude: tuple[str, ...] = book.DEFAULT_EXCLUDE


@dataclass
class Report:
    """What was written, and everything that went wrong, worded for the build log."""

    problems: list[Problem] = field(default_factory=list)
    book: Path | None = None
    pages: int = 0
    cards: list[Path] = field(default_factory=list)


class OfflineFetcher(URLFetcher):
    """Reads files under the given roots and data: URLs; refuses anything else.

    WeasyPrint logs each refusal as a warning, which `export` reports as a problem.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [r.resolve() for r in roots]

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[no-untyped-def]
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        raise URLFetchingError(f"not fetched, the PDF is built offline: {url}")


class _Collect(logging.Handler):
    def __init__(self, into: list[Problem]) -> None:
        super().__init__(logging.WARNING)
        self.into = into
        self.shown = ""
        """The PDF being written, which the messages name."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().rstrip(".")
        self.into.append(problem(self.shown, 0, 0, "pdf-renderer", message=message))


@contextmanager
def _weasyprint_warnings(into: list[Problem]) -> Iterator[_Collect]:
    """WeasyPrint's warnings (missing anchors, bad CSS, refused files) become our problems."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(into)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def export(pages: Sequence[book.SitePage], settings: Settings) -> Report:
    """Write the book and the routine cards into the site directory."""
    report = Report()
    site = settings.site_dir
    articles: dict[str, Tag] = {}
    for page in pages:
        source = site / page.url / "index.html"
        if source.is_file():
            articles[page.url] = book.parse_article(source.read_text("utf-8"))
        else:
            report.problems.append(problem(page.shown, 0, 0, "pdf-missing-page", url=page.url))
    known = [p for p in pages if p.url in articles]
    site_urls = [p.url for p in known]
    links = {p.url: book.page_links(p.url, articles[p.url], site_urls) for p in known}
    parts = book.plan(known, links, _groups(site), settings.exclude)

    fetcher = OfflineFetcher([site, settings.stylesheets])
    with _weasyprint_warnings(report.problems) as warnings:
        cards = [(p, routes.pdf_card(p.url)) for part in parts for p in part.pages]
        for page, target in cards:
            if target is not None:  # before the book, which rewrites the articles in place
                warnings.shown = _shown(site / target)
                copy = book.parse_article((site / page.url / "index.html").read_text("utf-8"))
                report.cards.append(_card(page, copy, site / target, settings, fetcher, report))
        assembled = book.assemble(parts, articles, settings.meta)
        report.problems += assembled.problems
        report.book = site / routes.PDF_BOOK
        warnings.shown = _shown(report.book)
        document = _render(assembled.html, BOOK_CSS, settings, fetcher, [])
        report.book.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(report.book, pdf_tags=True)
        report.pages = len(document.pages)
    return report


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _groups(site: Path) -> list[tuple[str, list[str]]]:
    catalog = site / routes.CATALOG_JSON
    if not catalog.is_file():
        return []
    return book.exercise_groups(json.loads(catalog.read_text("utf-8")))


def _render(
    html: str, stylesheet: str, settings: Settings, fetcher: OfflineFetcher, extra: list[str]
):  # type: ignore[no-untyped-def]
    fonts = FontConfiguration()
    sheets = [
        CSS(
            filename=str(settings.stylesheets / stylesheet),
            url_fetcher=fetcher,
            font_config=fonts,
        ),
        CSS(string=f"@page {{ size: {PAPER[settings.paper]} }}", font_config=fonts),
        *(CSS(string=text, font_config=fonts) for text in extra),
    ]
    document = HTML(
        string=html, base_url=settings.site_dir.resolve().as_uri() + "/", url_fetcher=fetcher
    )
    return document.render(stylesheets=sheets, font_config=fonts)


def _card(
    page: book.SitePage,
    article: Tag,
    target: Path,
    settings: Settings,
    fetcher: OfflineFetcher,
    report: Report,
) -> Path:
    """The routine on one page: the largest type size at which it fits."""
    html, problems = book.card(page, article, settings.meta)
    report.problems += problems
    document = None
    for size in CARD_FONT_SIZES:
        document = _render(html, CARD_CSS, settings, fetcher, [f"html {{ font-size: {size} }}"])
        if len(document.pages) == 1:
            break
    else:
        report.problems.append(
            problem(
                page.shown, 0, 0, "pdf-card-too-long",
                pages=len(document.pages), size=CARD_FONT_SIZES[-1],
            )
        )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_tags=True)
    return target
