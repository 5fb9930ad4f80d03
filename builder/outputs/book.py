"""The printed book: put the built site's pages in book order and join them into documents.

Pure: it reads parsed articles and returns HTML strings. `builder.outputs.bookplan` chooses the
order, `builder.outputs.article` rewrites each page's links and ids, `builder.outputs.front`
writes the cover and contents; `builder.outputs.pdf` does the files and WeasyPrint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList

from builder.model.problems import Problem
from builder.outputs.article import (
    HEADINGS,
    Links,
    SitePage,
    anchor,
    print_widgets,
    title_of,
    with_ids,
)
from builder.outputs.bookplan import Part
from builder.outputs.front import Front, Meta, contents, cover, document, esc, in_parts

HOME_CHAPTER = "Welcome"
"""The home page's title in the book, where 'Home' would read oddly."""
CHUNK = 6
"""About one page in CHUNK starts a new document of the book (the fewer, the less overhead;
the more, the less an edit renders again)."""
PAGES_PER_CHAPTER = 3
"""Pages a chapter takes at most, on average: how many digits of room a '(p. N)' keeps."""


@dataclass(frozen=True)
class Doc:
    """A run of the book's pages printed as a document of its own."""

    html: str
    sources: tuple[str, ...]
    """Its pages' files, in book order, as messages show them (the part's first page for a
    lone divider)."""

    @property
    def shown(self) -> str:
        return self.sources[0]


@dataclass(frozen=True)
class Book:
    html: str
    """The whole book as one document (to compare with the printing in parts)."""
    front: Front
    docs: tuple[Doc, ...]
    """The book after its cover and contents, in order, each printed on its own."""
    problems: tuple[Problem, ...]
    """What could not be printed faithfully."""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def assemble(
    parts: Sequence[Part], articles: Mapping[str, Tag], meta: Meta, chunk: int = CHUNK
) -> Book:
    """The book as independent documents: cover and contents, then each part in runs of pages.

    The articles are consumed: each is emptied once its HTML is in the book (a thousand
    parsed pages would otherwise all be held until the end); parse them again to reuse them.
    """
    problems: list[Problem] = []
    chapters = [p.url for part in parts for p in part.pages]
    in_book = {url: frozenset(str(e["id"]) for e in with_ids(articles[url])) for url in chapters}
    home = articles[""].find("h1") if "" in articles else None
    if isinstance(home, Tag):
        home.string = HOME_CHAPTER
    titles = {url: title_of(articles[url], url) for url in chapters}
    digits = len(str(PAGES_PER_CHAPTER * len(chapters) + 10))  # room for the page numbers
    cutter = _Cutter(articles, Links(in_book, meta.site_url, problems), meta, digits, chunk)
    for number, part in enumerate(parts, 1):
        cutter.add_part(number, part)
    front = Front(meta, tuple(parts), titles)
    whole = cover(meta) + contents(front.parts, titles, {}) + "".join(cutter.bodies)
    return Book(document(meta, whole, "book"), front, tuple(cutter.docs), tuple(problems))


class _Cutter:
    """Cuts the book's parts into documents: the run of pages being filled, and those done."""

    def __init__(
        self, articles: Mapping[str, Tag], links: Links, meta: Meta, digits: int, chunk: int
    ) -> None:
        self.articles, self.links, self.meta = articles, links, meta
        self.digits, self.chunk = digits, chunk
        self.docs: list[Doc] = []
        self.bodies: list[str] = []
        """The HTML of each document's body, in order."""
        self.run: list[str] = []
        self.run_pages: list[SitePage] = []
        self.lead = SitePage("", "")
        """The first page of the part being cut: a lone divider is shown as it."""

    def close(self) -> None:
        """End the run being filled as a document (nothing when the run is empty)."""
        if self.run:
            self.bodies.append("".join(self.run))
            html_text = document(self.meta, in_parts(self.bodies[-1]), "book")
            named = self.run_pages or [self.lead]
            self.docs.append(Doc(html_text, tuple(p.shown for p in named)))
            self.run.clear()
            self.run_pages.clear()

    def add_part(self, number: int, part: Part) -> None:
        """A part's divider and chapters, in runs of about `chunk` pages (one run if it flows)."""
        self.run.append(_divider(number, part))
        self.lead = part.pages[0]
        # a document that does not start with its part's divider still heads pages with it
        running = f"string-set: part {_css_string(part.title)}"
        for section in part.sections:
            page_level = 3 if section.title else 2
            if part.flow or (section.title and section.new_page):
                self.close()  # flowing pages share sheets: a section of them is one document
            if section.title:
                style = "bookmark-level: 2" + ("" if self.run else f"; {running}")
                label = "group-title" if section.new_page else "group-title group-label"
                self.run.append(
                    f'<h1 class="{label}" style="{esc(style)}">{esc(section.title)}</h1>'
                )
            for index, page in enumerate(section.pages):
                if not part.flow and index and _boundary(page, self.chunk):
                    self.close()
                article = self.articles[page.url]
                inner = _chapter(page, article, self.links, page_level, self.digits)
                classes = ["chapter", "flow"] if part.flow else ["chapter"]
                if index == 0 and section.title:
                    classes.append("after-group-title")
                style = "" if self.run else f' style="{esc(running)}"'
                self.run.append(
                    f'<section class="{" ".join(classes)}" id="{esc(anchor(page.url))}"{style}>'
                    f"{inner}</section>"
                )
                self.run_pages.append(page)
        self.close()


def _divider(number: int, part: Part) -> str:
    """The page opening a part: its number and title."""
    return (
        f'<section class="part" id="part-{number}">'
        f'<p class="part-number">Part {number}</p>'
        f'<h1 class="part-title" style="bookmark-level: 1">{esc(part.title)}</h1>'
        "</section>"
    )


def _chapter(page: SitePage, article: Tag, links: Links, page_level: int, digits: int) -> str:
    """A page's article as the book prints it. Its tree is emptied once printed, so that it is
    not held to the end."""
    print_widgets(article)
    links.rewrite(page, article)
    _levels(article, page_level)
    _page_refs(article, digits)
    inner = "".join(str(c) for c in article.contents)
    article.decompose()
    return inner


def _boundary(page: SitePage, chunk: int) -> bool:
    """Whether a new document starts at this page: about one page in `chunk`, chosen from its
    URL, so that a page added or removed moves the boundaries of its own run only."""
    digest = hashlib.sha256(page.url.encode()).digest()
    return int.from_bytes(digest[:4], "big") % chunk == 0


def _page_refs(article: Tag, digits: int) -> None:
    """After each in-book link, where it leads: '(p. N)'. The number is drawn on the page once
    the whole book is laid out (builder/outputs/pdfjoin.py); the layout keeps room for it."""
    make = BeautifulSoup("", "html.parser").new_tag
    for a in article.find_all("a", href=True):
        href = str(a["href"])
        if not href.startswith("#/") or a.find_parent("svg") is not None:
            continue
        ref = make("span", attrs={"class": "page-ref"})
        ref.append("\u2009(p.\u00a0")
        number = make("span", attrs={"class": "page-num", "data-target": href})
        number.string = "0" * digits + ")"
        ref.append(number)
        a.insert_after(ref)  # after the link, not in it: each box of a link is an annotation


def _levels(article: Tag, page_level: int) -> None:
    """Bookmarks: the page title at `page_level`, its main headings one below, nothing deeper."""
    levels = {"h1": page_level, "h2": page_level + 1}
    for heading in article.find_all(HEADINGS):
        heading["style"] = f"bookmark-level: {levels.get(heading.name, 'none')}"
        if heading.name == "h1":
            classes = [*heading.get_attribute_list("class"), "chapter-title"]
            heading["class"] = AttributeValueList(classes)
