"""Join the documents of the book into one PDF, with pypdf.

Each document was printed on its own (builder/outputs/pdfrender.py), its page numbers left
blank. Here
the pages are numbered as one book: each page's number and each "(p. N)" of an in-book link are
drawn where the layout kept room for them, every in-book link becomes a link to a named place
of the book, and the bookmarks of all documents become one outline. Nothing is laid out again,
so a document whose pages moved is reused as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from builder.outputs.front import BOOK_LINK

NUMBER_FONT = "/AtlasNumbers"
HELVETICA_WIDTHS = {**dict.fromkeys("0123456789", 556), ")": 333}
"""Widths of the glyphs drawn (thousandths of the size), to centre a page number."""


@dataclass(frozen=True)
class Printed:
    """A document of the book, printed: its PDF and the facts of each of its pages."""

    pdf: Path
    pages: Sequence[Mapping[str, Any]]
    """Per page: 'anchors' (name -> [x, y]), 'bookmarks' ([level, label, [x, y]]) and
    'numbers' (where to draw a page number: 'at', 'size', 'rgb', 'target', 'center')."""


@dataclass(frozen=True)
class Info:
    title: str
    subtitle: str
    language: str
    stamp: str
    """The edition's date, as PDF dates read: 'D:20231114221320Z'."""


def numbering(documents: Sequence[Printed]) -> dict[str, int]:
    """Anchor -> the 1-based page of the book it is on (the first, if defined twice)."""
    numbers: dict[str, int] = {}
    pages = (facts for document in documents for facts in document.pages)
    for page, facts in enumerate(pages, 1):
        for name in facts["anchors"]:
            numbers.setdefault(name, page)
    return numbers


def join(documents: Sequence[Printed], target: Path, info: Info) -> int:
    """Write the book to `target`; returns its page count."""
    numbers = numbering(documents)
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    places: dict[str, tuple[int, list[float]]] = {}
    outline: list[tuple[int, str, int, list[float]]] = []
    for document in documents:
        reader = PdfReader(document.pdf)
        for page, facts in zip(reader.pages, document.pages, strict=True):
            index = len(writer.pages)
            added = writer.add_page(page)
            for name, at in facts["anchors"].items():
                places.setdefault(name, (index, at))
            outline += [(level, label, index, at) for level, label, at in facts["bookmarks"]]
            _draw_numbers(writer, added, facts["numbers"], index + 1, numbers, font)
    for added in writer.pages:
        _link_inside(added, places)
    _named_places(writer, places)
    _outline(writer, outline)
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Subject": info.subtitle,
            "/Producer": "Hamstring Atlas (WeasyPrint, pypdf)",
            "/CreationDate": info.stamp,
            "/ModDate": info.stamp,
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    file_id = ByteStringObject(hashlib.md5(f"{info.title}{info.stamp}".encode()).digest())
    writer._ID = ArrayObject([file_id, file_id])  # fixed: two builds, the same bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        writer.write(out)
    return len(writer.pages)


def _draw_numbers(
    writer: PdfWriter,
    page: PageObject,
    places: Sequence[Mapping[str, Any]],
    number: int,
    numbers: Mapping[str, int],
    font: IndirectObject,
) -> None:
    """Draw the page's own number and the page of each in-book link, in the room kept."""
    if not places:
        return
    ops = []
    for place in places:
        target = place["target"]
        text = str(number) if not target else f"{numbers.get(target, '?')})"
        x, y = place["at"]
        size = place["size"]
        width = sum(HELVETICA_WIDTHS.get(c, 556) for c in text) * size / 1000
        if place["center"]:
            x -= width / 2
        r, g, b = place["rgb"]
        ops.append(
            f"BT {NUMBER_FONT} {size:g} Tf {r:g} {g:g} {b:g} rg {x:.3f} {y:.3f} Td "
            f"({_pdf_string(text)}) Tj ET"
        )
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(("\nQ\n" + "\n".join(ops) + "\n").encode("ascii"))
    contents = page.get("/Contents")
    assert contents is not None  # every page WeasyPrint prints draws something
    drawn = contents.get_object()
    streams = list(drawn) if isinstance(drawn, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *streams, writer._add_object(after)]
    )
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    assert isinstance(fonts, DictionaryObject)
    fonts[NameObject(NUMBER_FONT)] = font


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _link_inside(page: PageObject, places: Mapping[str, tuple[int, list[float]]]) -> None:
    """An in-book link (printed as 'atlas-book:/url/#fragment') goes to its named place."""
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        action = annot.get("/A", DictionaryObject()).get_object()
        uri = str(action.get("/URI", ""))
        if action.get("/S") != "/URI" or not uri.startswith(BOOK_LINK):
            continue
        name = uri.removeprefix(BOOK_LINK)
        if name in places:
            annot[NameObject("/A")] = DictionaryObject(
                {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): TextStringObject(name)}
            )


def _named_places(writer: PdfWriter, places: Mapping[str, tuple[int, list[float]]]) -> None:
    names = ArrayObject()
    for name in sorted(places, key=lambda n: TextStringObject(n).get_original_bytes()):
        index, (x, y) = places[name]
        page = writer.pages[index].indirect_reference
        at = [page, NameObject("/XYZ"), FloatObject(x), FloatObject(y), NumberObject(0)]
        names += [TextStringObject(name), ArrayObject(at)]
    dests = DictionaryObject({NameObject("/Names"): names})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)}
    )


def _outline(writer: PdfWriter, outline: Sequence[tuple[int, str, int, list[float]]]) -> None:
    """One outline from every document's bookmarks, nested by level as the renderer would."""
    stack: list[tuple[int, Any]] = []
    for level, label, index, at in outline:
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        item = writer.add_outline_item(
            title=label,
            page_number=index,
            parent=parent,
            fit=Fit.xyz(left=at[0], top=at[1], zoom=0),
        )
        stack.append((level, item))
