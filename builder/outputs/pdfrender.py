"""One document of the book (or one routine card) through WeasyPrint, in a worker process.

`builder.outputs.pdf` sends each document to a pool of processes started fresh (`spawn`), so
WeasyPrint,
its fonts and its logging live there and not in the MkDocs process. A job writes its PDF into the
cache folder under a temporary name, renames it once complete, and returns what the join needs:
per page, the anchors, the bookmarks and the places where a page number is to be drawn.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import urlsplit
from urllib.request import url2pathname

PX = 0.75
"""Points per CSS pixel: WeasyPrint lays out in CSS pixels, a PDF measures in points."""
CARD_FONT_SIZES = ("16pt", "14pt", "12pt", "11pt", "10pt", "9pt", "8pt", "7pt")
"""A card is tried at each size, largest first, until it fits on one page."""
IN_PARTS_CSS = """
@page { @bottom-center { content: "0000"; visibility: hidden; } }
.page-num { visibility: hidden; }
.contents a::after { content: leader(". ") attr(data-page); }
"""
"""A document of the book keeps room for its page numbers, which the join draws in: the page
counter would restart in every document, and a number printed by the renderer would make a
change of length in one part render every later part again."""


class _Box(Protocol):
    """A WeasyPrint layout box (an internal of the pinned version)."""

    def descendants(self) -> Iterator[_Box]: ...


class _TextBox(_Box, Protocol):
    position_x: float
    position_y: float
    width: float
    height: float
    style: Mapping[str, Any]
    """Computed CSS values, of WeasyPrint's own types."""


class _Page(Protocol):
    height: float
    anchors: dict[str, tuple[float, float, float, float]]
    bookmarks: list[tuple[int, str, tuple[float, float], str]]
    _page_box: _Box


class _Document(Protocol):
    """What WeasyPrint's `HTML.render` returns, as used here (WeasyPrint ships no types)."""

    pages: list[_Page]

    def write_pdf(self, *, pdf_tags: bool) -> bytes: ...


@dataclass(frozen=True)
class Job:
    """What a worker needs to print one document."""

    kind: str
    """'part' (a document of the book) or 'card' (a routine card, fitted to one page)."""
    html: str
    target: Path
    """Where the PDF goes (the cache folder)."""
    site_dir: Path
    stylesheets: Path
    stylesheet: str
    paper: str
    shown: str = ""
    """The page it comes from, as messages show it."""


def run(job: Job) -> dict[str, Any]:
    """Print the job; never raises: a failure is returned, worded for the build log."""
    handler = logging.handlers.BufferingHandler(capacity=sys.maxsize)  # keeps every record
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        result = _card(job) if job.kind == "card" else _part(job)
    except Exception as error:  # reported as the page's problem, with what WeasyPrint said
        result = {"error": f"{type(error).__name__}: {error}"}
    finally:
        logger.removeHandler(handler)
    result["warnings"] = [record.getMessage().rstrip(".") for record in handler.buffer]
    return result


def _render(job: Job, extra: str = "") -> _Document:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    paper = {"a4": "A4", "letter": "letter"}[job.paper]
    fonts = FontConfiguration()
    fetcher = _fetcher([job.site_dir, job.stylesheets])
    sheets = [
        CSS(filename=str(job.stylesheets / job.stylesheet), url_fetcher=fetcher, font_config=fonts),
        CSS(string=f"@page {{ size: {paper} }}{extra}", font_config=fonts),
    ]
    document = HTML(
        string=job.html, base_url=job.site_dir.resolve().as_uri() + "/", url_fetcher=fetcher
    )
    return cast(_Document, document.render(stylesheets=sheets, font_config=fonts))


def atomic_write(path: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: never a half-written file under its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def _card(job: Job) -> dict[str, Any]:
    for size in CARD_FONT_SIZES:
        document = _render(job, f"html {{ font-size: {size} }}")
        if len(document.pages) == 1:
            break
    atomic_write(job.target, document.write_pdf(pdf_tags=True))
    return {"pages": len(document.pages)}


def _part(job: Job) -> dict[str, Any]:
    document = _render(job, IN_PARTS_CSS)
    pages = [_page_facts(page) for page in document.pages]
    # Untagged: the join cannot merge the structure trees of separate documents.
    atomic_write(job.target, document.write_pdf(pdf_tags=False))
    return {"pages": pages}


def _page_facts(page: _Page) -> dict[str, Any]:
    """Anchors, bookmarks and number places of a laid-out page, in PDF points from the
    bottom left."""
    height = page.height * PX

    def point(x: float, y: float) -> list[float]:
        return [round(x * PX, 3), round(height - y * PX, 3)]

    anchors = {name: point(box[0], box[1]) for name, box in sorted(page.anchors.items())}
    bookmarks = [[level, label, point(*at)] for level, label, at, _state in page.bookmarks]
    numbers = []
    for box in page._page_box.descendants():  # WeasyPrint's layout boxes (pinned version)
        element = getattr(box, "element", None)
        if getattr(box, "at_keyword", None) == "@bottom-center":
            target, center = "", True
        elif (
            element is not None
            and "page-num" in (element.get("class") or "").split()
            and type(box).__name__ == "InlineBox"
        ):
            target, center = element.get("data-target", ""), False
        else:
            continue
        text = _first_text(box)
        if text is not None:
            numbers.append(_place(text, point, target, center))
    return {"anchors": anchors, "bookmarks": bookmarks, "numbers": numbers}


def _first_text(box: _Box) -> _TextBox | None:
    texts = (child for child in box.descendants() if type(child).__name__ == "TextBox")
    return cast(_TextBox | None, next(texts, None))


def _place(
    text: _TextBox, point: Callable[[float, float], list[float]], target: str, center: bool
) -> dict[str, Any]:
    """Where to draw a number: its baseline's middle (or, for a '(p. N)', the start of the room
    kept for the digits and the ')'), size and colour."""
    x = text.position_x + (text.width / 2 if center else 0)
    baseline = text.position_y + (text.baseline if hasattr(text, "baseline") else text.height)
    rgb = text.style["color"].to("srgb").coordinates
    return {
        "at": point(x, baseline),
        "size": round(text.style["font_size"] * PX, 3),
        "rgb": [round(min(max(c, 0), 1), 3) for c in rgb],
        "target": target.removeprefix("#"),
        "center": center,
    }


def _fetcher(roots: list[Path]) -> object:
    """Reads files under the given roots and data: URLs; refuses anything else.

    WeasyPrint logs each refusal as a warning, which `builder.outputs.pdf` reports as a problem.
    """
    from weasyprint.urls import URLFetcher, URLFetchingError

    resolved = [r.resolve() for r in roots]

    class OfflineFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in resolved):
                    return super().fetch(url, headers)
            raise URLFetchingError(f"not fetched, the PDF is built offline: {url}")

    return OfflineFetcher(allowed_protocols=("file", "data"))
