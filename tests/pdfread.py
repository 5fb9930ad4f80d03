"""Read a built PDF the way the tests need it: page texts, bookmarks, destinations and links."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import Destination


@dataclass(frozen=True)
class Link:
    page: int
    """0-based page the link is on."""
    dest: str | None
    """Named destination of an in-document link."""
    uri: str | None
    """Target of a web link."""


@dataclass(frozen=True)
class Printed:
    path: Path
    pages: int
    texts: list[str]
    """Each page's text, whitespace collapsed."""
    outline: list[tuple[int, str, int]]
    """(depth, title, 0-based page) of every bookmark, in order."""
    dests: dict[str, int]
    """Named destination -> 0-based page."""
    links: list[Link]

    def text(self) -> str:
        return " ".join(self.texts)


def flat(text: str) -> str:
    return " ".join(text.split())


def read_pdf(path: Path) -> Printed:
    reader = PdfReader(path)
    outline: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    dests = {
        str(name): reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
        if isinstance(dest, Destination)
    }
    links = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A") or {}
            dest = annot.get("/Dest")
            if dest is None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            uri = action.get("/URI") if action.get("/S") == "/URI" else None
            links.append(
                Link(number, str(dest) if dest is not None else None, str(uri) if uri else None)
            )
    texts = [flat(page.extract_text() or "") for page in reader.pages]
    return Printed(path, len(reader.pages), texts, outline, dests, links)


# What poppler's pdftotext sees on each page: words and lines with their boxes.
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_BOX = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
_WORD = re.compile(rf"<word {_BOX}>([^<]*)</word>")
_LINE = re.compile(rf"<line {_BOX}>")
_REFERENCE = re.compile(r"\(p\.\s*(\d+)\)")
MARGIN = 50.0
"""Points at the top and bottom of a page that hold only the running header and the number."""


def _pages(path: Path, mode: str) -> list[tuple[float, str]]:
    out = subprocess.run(
        ["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [(float(h), body) for _w, h, body in _PAGE.findall(out)]


def printed_references(path: Path) -> list[tuple[int, int, int]]:
    """(page, printed number, page the link lands on) of every in-book link that prints
    "(p. N)", all 1-based: the text inside the link's box, read back from the PDF."""
    reader = PdfReader(path)
    dests = {
        str(name): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
        if isinstance(dest, Destination)
    }
    found = []
    for number, ((height, body), page) in enumerate(
        zip(_pages(path, "-bbox"), reader.pages, strict=True), start=1
    ):
        words = [(*map(float, w[:4]), w[4]) for w in _WORD.findall(body)]
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
            if annot.get("/Subtype") != "/Link" or str(dest) not in dests:
                continue
            rect = [float(v) for v in annot["/Rect"]]
            left, right = sorted(rect[0::2])
            top, bottom = (height - y for y in sorted(rect[1::2], reverse=True))
            text = " ".join(
                w for x0, y0, x1, y1, w in words
                if x0 >= left - 1 and x1 <= right + 1 and y0 >= top - 1 and y1 <= bottom + 1
            )  # fmt: skip
            printed = _REFERENCE.search(text.replace("\xa0", " "))
            if printed:
                found.append((number, int(printed.group(1)), dests[str(dest)]))
    return found


def lines_per_page(path: Path) -> list[int]:
    """Lines of text on each page, the running header and the page number left out."""
    return [
        sum(1 for _x, y0, _x1, y1 in _LINE.findall(body) if MARGIN < float(y0) < h - MARGIN)
        for h, body in _pages(path, "-bbox-layout")
    ]
