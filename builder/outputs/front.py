"""The book's front (cover and contents) and the HTML document every printed piece is wrapped in.

Pure: it returns HTML strings. The contents' page numbers are known only once the rest of the
book is laid out, so the front is printed last (`builder.outputs.pdf`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from builder.model import licence
from builder.outputs.article import anchor
from builder.outputs.bookplan import Part

BOOK_LINK = "atlas-book:"
"""In a document of the book, an in-book link reads 'atlas-book:/url/#fragment'."""


@dataclass(frozen=True)
class Meta:
    """What the cover and the PDF's metadata say."""

    title: str
    subtitle: str
    edition: datetime
    site_url: str
    language: str = "en"


def edition_date(epoch: str | None) -> datetime:
    """The build's date: SOURCE_DATE_EPOCH when set, so two builds print the same edition."""
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def long_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


@dataclass(frozen=True)
class Front:
    """What the cover and contents need; the contents' page numbers come last."""

    meta: Meta
    parts: tuple[Part, ...]
    titles: Mapping[str, str]


def front_document(front: Front, numbers: Mapping[str, int]) -> str:
    """Cover and contents, the contents printing the page of each entry (`numbers`: anchor ->
    page, known once the rest of the book is laid out)."""
    body = cover(front.meta) + contents(front.parts, front.titles, numbers)
    return document(front.meta, in_parts(body), "book")


def in_parts(body: str) -> str:
    """In a document of its own, an in-book link leads out of it: the join makes it a link
    inside the book again."""
    return body.replace('href="#/', f'href="{BOOK_LINK}/').replace(
        'href="#part-', f'href="{BOOK_LINK}part-'
    )


def cover(meta: Meta) -> str:
    site = esc(meta.site_url.rstrip("/")) if meta.site_url else ""
    return (
        '<section class="cover">'
        f'<h1 class="cover-title" style="bookmark-level: none">{esc(meta.title)}</h1>'
        f'<p class="cover-subtitle">{esc(meta.subtitle)}</p>'
        f'<p class="cover-edition">Edition of {long_date(meta.edition)}</p>'
        + (f'<p class="cover-site">{site}</p>' if site else "")
        + f'<p class="cover-licence">{esc(licence.NOTICE)}</p>'
        + "</section>"
    )


def contents(parts: Sequence[Part], titles: Mapping[str, str], numbers: Mapping[str, int]) -> str:
    def link(target: str, words: str) -> str:
        page = numbers.get(target.removeprefix("#"), 0)
        return f'<a href="{esc(target)}" data-page="{page or ""}">{words}</a>'

    items = []
    for number, part in enumerate(parts, 1):
        entries = []
        for section in part.sections:
            pages = "".join(
                f'<li class="toc-page">{link("#" + anchor(p.url), esc(titles[p.url]))}</li>'
                for p in section.pages
            )
            title = esc(section.title or "")
            group = f'<li class="toc-group"><span>{title}</span><ol>{pages}</ol></li>'
            entries.append(group if section.title else pages)
        words = f"Part {number}. {esc(part.title)}"
        items.append(
            f'<li class="toc-part">{link(f"#part-{number}", words)}<ol>{"".join(entries)}</ol></li>'
        )
    return (
        '<nav class="contents">'
        '<h1 class="contents-title" style="bookmark-level: 1">Contents</h1>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def document(meta: Meta, body: str, kind: str) -> str:
    stamp = meta.edition.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<!DOCTYPE html><html lang="{esc(meta.language)}"><head><meta charset="utf-8">'
        f"<title>{esc(meta.title)}</title>"
        f'<meta name="description" content="{esc(meta.subtitle)}">'
        f'<meta name="dcterms.created" content="{stamp}">'
        f'<meta name="dcterms.modified" content="{stamp}">'
        f'</head><body class="{kind}">{body}</body></html>'
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)
