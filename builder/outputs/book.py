"""The printed book: put the built site's pages in book order and join them into one HTML file.

Pure: it reads HTML strings and returns HTML strings. `builder.outputs.pdf` does the files
and WeasyPrint.
Every internal link becomes an in-book link (`#/<url>` or `#/<url>#<fragment>`); links to pages
that are not in the book become web links; nothing may point at a `.md` file or a local server.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList, PageElement

from builder.model import licence
from builder.model.problems import Problem, problem
from builder.pose.printing import self_contained

REMOVED = (
    ("a", "headerlink"),  # the ¶ permalinks
    (None, "md-content__button"),  # edit / view source buttons
    (None, "atlas-download"),  # our own "Download PDF" links
    (None, "atlas-breadcrumb"),  # where a page sits in the site, and previous / next
    (None, "md-source-file"),
    (None, "md-feedback"),
    ("img", "atlas-thumb"),  # the tables' small drawings: the exercise's page shows its frames
    ("script", None),
    ("form", None),
)
"""What the site shows around a page that a printed page does not need: (element, class)."""

HOME_CHAPTER = "Welcome"
"""The home page's title in the book, where 'Home' would read oddly."""
CHUNK = 6
"""About one page in CHUNK starts a new document of the book (the fewer, the less overhead;
the more, the less an edit renders again)."""
BOOK_LINK = "atlas-book:"
"""In a document of the book, an in-book link reads 'atlas-book:/url/#fragment'."""
PAGES_PER_CHAPTER = 3
"""Pages a chapter takes at most, on average: how many digits of room a '(p. N)' keeps."""
DEFAULT_EXCLUDE = ("reference/", "finder/")
"""URL prefixes left out of the book: the contributors' reference is not for runners, and the
finder needs a browser. Links to them become web links."""


@dataclass(frozen=True)
class SitePage:
    """A built page of the site, as the MkDocs front door saw it."""

    url: str
    """Site-relative URL with directory URLs: '' for home, 'exercises/bridge/'."""
    title: str
    nav_index: int | None = None
    """Position in the site's nav; None for pages reached through a hub."""
    source: str = ""
    """The file the page comes from, as shown in messages ('' to show the URL)."""

    @property
    def shown(self) -> str:
        return self.source or f"/{self.url}"


@dataclass(frozen=True)
class Section:
    """Consecutive chapters of a part, optionally under a title (e.g. a kind of exercise)."""

    title: str | None
    pages: tuple[SitePage, ...]
    new_page: bool = True
    """Whether its title starts a page; a label that does not (the anatomy's muscle groups,
    a page or two each) lets short groups share a sheet."""


@dataclass(frozen=True)
class Part:
    """A part of the book, printed after a divider page carrying its title."""

    title: str
    sections: tuple[Section, ...]
    flow: bool = False
    """Chapters follow each other on the same page when they fit (short index pages)."""

    @property
    def pages(self) -> tuple[SitePage, ...]:
        return tuple(p for s in self.sections for p in s.pages)


@dataclass(frozen=True)
class Doc:
    """A run of the book's pages printed as a document of its own."""

    name: str
    html: str
    pages: tuple[str, ...]
    """URLs of the pages in it, in book order."""
    sources: tuple[str, ...]
    """Their files, as messages show them (the part's first page for a lone divider)."""

    @property
    def shown(self) -> str:
        return self.sources[0]


@dataclass(frozen=True)
class Front:
    """What the cover and contents need; the contents' page numbers come last."""

    meta: Meta
    parts: tuple[Part, ...]
    titles: Mapping[str, str]


@dataclass(frozen=True)
class Book:
    html: str
    """The whole book as one document (to compare with the printing in parts)."""
    front: Front
    docs: tuple[Doc, ...]
    """The book after its cover and contents, in order, each printed on its own."""
    chapters: tuple[str, ...]
    """URLs of the pages printed, in book order."""
    problems: tuple[Problem, ...]
    """What could not be printed faithfully."""


def anchor(url: str, fragment: str = "") -> str:
    """The id a page (or a heading in it) carries in the book: '/muscles/semitendinosus/#x'."""
    return f"/{url}#{fragment}" if fragment else f"/{url}"


def parse_article(page_html: str) -> Tag:
    """The article of a built page (what the reader came for), without the site's chrome.

    Only the article's own text is parsed when it can be found (material's pages carry the
    whole site's navigation around it).
    """
    start = page_html.find('<article class="md-content__inner')
    end = page_html.rfind("</article>")
    if start >= 0 and end > start:
        page_html = page_html[start : end + len("</article>")]
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.find("article", class_="md-content__inner") or soup.find("article")
    if not isinstance(article, Tag):
        article = soup.body or soup
    # one walk over the tree (a search per kind of element cost more than the parsing)
    doomed = [element for element in article.find_all(True) if _removed(element)]
    for element in doomed:
        if not element.decomposed:  # not already gone with an element around it
            element.decompose()
    return article


def _removed(element: Tag) -> bool:
    if element.name == "style":  # the site's styles, not a drawing's own
        return element.find_parent("svg") is None
    classes = element.get("class") or ()
    return any(
        (name is None or element.name == name) and (css_class is None or css_class in classes)
        for name, css_class in REMOVED
    )


def heading_text(element: Tag) -> str:
    """A heading's words, as a reader sees them (no permalink sign, single spaces)."""
    return " ".join(element.get_text(" ").split())


def title_of(article: Tag, fallback: str) -> str:
    h1 = article.find("h1")
    return heading_text(h1) if isinstance(h1, Tag) and heading_text(h1) else fallback


def page_links(url: str, article: Tag, site_urls: Iterable[str]) -> list[str]:
    """Pages an article links to, in the order it links them, each once."""
    known, seen, found = set(site_urls), set(), []
    for a in article.find_all("a", href=True):
        target = resolve(url, str(a["href"]))
        if target and target[0] in known and target[0] not in seen and target[0] != url:
            seen.add(target[0])
            found.append(target[0])
    return found


def resolve(url: str, href: str) -> tuple[str, str] | None:
    """(site path, fragment) of a relative link on page `url`; None for a web or mail link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return url, fragment
    path = posixpath.normpath(posixpath.join(url or ".", unquote(parts.path)))
    if path == ".":
        return "", fragment
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
        return path, fragment
    trailing = parts.path.endswith("/")
    return (path + "/" if trailing else path), fragment


# The book's order ----------------------------------------------------------------------------


def _leaf(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _in(section: str) -> Callable[[SitePage], bool]:
    """A page of a section other than its hub: 'muscles/x/' for 'muscles'."""
    return lambda p: p.url.startswith(section + "/") and p.url != section + "/"


def _among(section: str, urls: Sequence[str]) -> Callable[[SitePage], bool]:
    """A page of a section other than its hub whose URL is one of `urls`."""
    members = set(urls)
    inside = _in(section)
    return lambda p: inside(p) and p.url in members


def _hub(section: str) -> Callable[[SitePage], bool]:
    return lambda p: p.url == section + "/"


def _is_glossary(p: SitePage) -> bool:
    return _leaf(p.url) == "glossary"


def _is_sources(p: SitePage) -> bool:
    return _leaf(p.url) == "sources"


def plan(
    pages: Sequence[SitePage],
    links: Mapping[str, Sequence[str]],
    groups: Sequence[tuple[str, Sequence[str]]] = (),
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    muscle_groups: Sequence[tuple[str, Sequence[str]]] = (),
) -> tuple[Part, ...]:
    """The book's parts, from whatever sections the site has; missing sections are skipped.

    Introduction and guide, anatomy (under `muscle_groups` labels), exercises (in `groups`,
    e.g. by kind), routines, the
    indexes (by muscle, equipment, goal), glossary, sources, then an appendix with anything
    else, so no page is dropped. Within a section, pages come in the order its hub links them
    (the hubs already sort sensibly: muscles by group, exercises easiest first), then in nav
    order, then by title.
    """
    pool = {p.url: p for p in pages if not any(p.url.startswith(x) for x in exclude)}

    def take(test: Callable[[SitePage], bool], hub: str | None = None) -> list[SitePage]:
        chosen = [p for p in pool.values() if test(p)]
        for p in chosen:
            del pool[p.url]
        order = {u: i for i, u in enumerate(links.get(hub, ()))} if hub is not None else {}
        big = len(order) + len(pages)

        def key(p: SitePage) -> tuple[int, int, str, str]:
            nav = p.nav_index if p.nav_index is not None else big
            return (order.get(p.url, big), nav, p.title.lower(), p.url)

        return sorted(chosen, key=key)

    parts: list[Part] = []

    def add(title: str, *sections: Section, flow: bool = False) -> None:
        kept = tuple(s for s in sections if s.pages)
        if kept:
            parts.append(Part(title, kept, flow))

    glossary = take(_is_glossary)
    sources = take(_is_sources)
    intro = take(lambda p: p.url == "") + take(_hub("guide")) + take(_in("guide"), "guide/")
    add("Introduction", Section(None, tuple(intro)))
    anatomy = []
    for name, urls in muscle_groups:
        chosen = take(_among("muscles", urls), "muscles/")
        anatomy.append(Section(name, tuple(chosen), new_page=False))
    rest = take(_in("muscles"), "muscles/")
    anatomy.append(Section("Other muscles" if muscle_groups else None, tuple(rest), False))
    add("Anatomy", *anatomy)

    exercise_sections = [Section(None, tuple(take(_hub("exercises"))))]
    for name, urls in groups:
        chosen = take(_among("exercises", urls), "exercises/")
        exercise_sections.append(Section(name, tuple(chosen)))
    rest = take(_in("exercises"), "exercises/")
    exercise_sections.append(Section("More exercises" if groups else None, tuple(rest)))
    add("Exercises", *exercise_sections)

    routines = take(_hub("routines")) + take(_in("routines"), "routines/")
    add("Routines", Section(None, tuple(routines)))

    indexes = [Section("By muscle", tuple(take(_hub("muscles"))))]
    for section, title in (("equipment", "By equipment"), ("goals", "By goal")):
        pages_of = take(_hub(section)) + take(_in(section), section + "/")
        indexes.append(Section(title, tuple(pages_of)))
    add("Indexes", *indexes, flow=True)

    add("Glossary", Section(None, tuple(glossary)))
    add("Sources", Section(None, tuple(sources)))
    add("Appendix", Section(None, tuple(take(lambda p: True))))
    return tuple(parts)


def exercise_groups(catalog: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """Exercise URLs grouped by kind, kinds in their vocabulary's order, from catalog.json."""
    kinds = catalog.get("vocabularies", {}).get("kinds", [])
    by_kind: dict[str, list[str]] = {k["slug"]: [] for k in kinds}
    for ex in catalog.get("exercises", []):
        by_kind.setdefault(ex.get("kind", ""), []).append(ex["url"])
    names = {k["slug"]: k["name"] for k in kinds}
    return [(names.get(slug, slug or "Other"), urls) for slug, urls in by_kind.items() if urls]


def muscle_groups(catalog: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """Muscle URLs by group, groups in their vocabulary's order, from catalog.json."""
    groups = catalog.get("vocabularies", {}).get("muscle-groups", [])
    by_group: dict[str, list[str]] = {g["slug"]: [] for g in groups}
    for muscle in catalog.get("muscles", []):
        by_group.setdefault(muscle.get("group", ""), []).append(muscle["url"])
    names = {g["slug"]: g["name"] for g in groups}
    return [(names.get(slug, slug or "Other"), urls) for slug, urls in by_group.items() if urls]


# Assembling the book -------------------------------------------------------------------------


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


class _Links:
    """Rewrites one page's links and ids for the book (or for a stand-alone card)."""

    def __init__(
        self, in_book: Mapping[str, frozenset[str]], site_url: str, problems: list[Problem]
    ) -> None:
        self.in_book = in_book
        """URL -> ids on that page, for every page printed in this document."""
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.problems = problems

    def rewrite(self, page: SitePage, article: Tag) -> None:
        page_key = re.sub(r"[^a-z0-9]+", "-", page.url.lower()).strip("-") or "home"
        self_contained(article)  # a drawing's shapes shared with others on the page, copied
        for number, svg in enumerate(article.find_all("svg"), 1):
            scope_svg_ids(svg, f"{page_key}-svg{number}-")
        for element in _with_ids(article):
            element["id"] = anchor(page.url, str(element["id"]))
        for a in article.find_all("a", href=True):
            self._link(page, a)
        for image in article.find_all("img", src=True):
            target = resolve(page.url, str(image["src"]))
            if target is not None:  # site-root relative; the renderer's base is the site
                image["src"] = target[0]
            image.attrs.pop("srcset", None)

    def _link(self, page: SitePage, a: Tag) -> None:
        href = str(a["href"]).strip()
        if href.startswith("#") and a.find_parent("svg") is not None:
            return  # a drawing's reference to its own parts, scoped by scope_svg_ids
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https", "mailto", "tel"):
            if (parts.hostname or "").lower() in ("localhost", "127.0.0.1", "0.0.0.0", "::1"):
                self._broken(page, a, "pdf-local-link", href=href)
            return
        target = resolve(page.url, href) if not scheme else None
        if target is None:
            self._broken(page, a, "pdf-scheme", href=href, scheme=scheme)
            return
        path, fragment = target
        if path.endswith(".md"):
            self._broken(page, a, "pdf-markdown-link", href=href)
        elif path in self.in_book:
            if fragment and fragment not in self.in_book[path]:
                self.problems.append(
                    problem(
                        page.shown, 0, 0, "pdf-missing-anchor",
                        href=href, fragment=fragment, target=f"/{path}",
                    )
                )  # fmt: skip
                fragment = ""
            a["href"] = "#" + anchor(path, fragment)
        elif self.site_url and not path.startswith(".."):
            a["href"] = self.site_url + path + (f"#{fragment}" if fragment else "")
        else:
            self._broken(page, a, "pdf-no-site-url", href=href)

    def _broken(self, page: SitePage, a: Tag, code: str, **fields: str) -> None:
        """Report a link that cannot work on paper, and print its words without it."""
        self.problems.append(problem(page.shown, 0, 0, code, **fields))
        a.name = "span"
        a.attrs = {"class": AttributeValueList(["atlas-unlinked"])}


_URL_REF = re.compile(r"url\(\s*(['\"]?)#([^)'\"\s]+)\1\s*\)")


def scope_svg_ids(svg: Tag, prefix: str) -> None:
    """Prefix an inline drawing's ids, and its own references to them (url(#x), href="#x").

    Two pages may draw the same diagram with the same ids; in one book they would be anchors
    defined twice. Only references inside the drawing change, so it draws as before.
    """
    elements = [svg, *svg.find_all(True)]
    ids = {str(e["id"]) for e in elements if e.has_attr("id")}
    if not ids:
        return

    def in_text(text: str) -> str:
        return _URL_REF.sub(lambda m: f"url(#{prefix}{m[2]})" if m[2] in ids else m[0], text)

    for element in elements:
        for name, value in list(element.attrs.items()):
            if not isinstance(value, str):
                continue
            if name == "id":
                element[name] = prefix + value
            elif name in ("href", "xlink:href") and value.startswith("#") and value[1:] in ids:
                element[name] = "#" + prefix + value[1:]
            elif name in ("aria-labelledby", "aria-describedby"):
                element[name] = " ".join(prefix + v if v in ids else v for v in value.split())
            elif "url(" in value:
                element[name] = in_text(value)
        if element.name == "style" and element.string:
            selectors = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
            text = in_text(str(element.string))
            element.string = re.sub(rf"#({selectors})(?![\w-])", rf"#{prefix}\1", text)


def _with_ids(article: Tag) -> list[Tag]:
    """Elements a link can land on; ids inside an SVG stay as they are, for its own references."""
    return [e for e in article.find_all(id=True) if e.name != "svg" and not e.find_parent("svg")]


def print_widgets(article: Tag) -> None:
    """Tabs and collapsed blocks, opened flat: every tab and every hidden line is printed."""
    for tabs in article.find_all("div", class_="tabbed-set"):
        labels = [
            heading_text(label)
            for label in tabs.find_all("label")
            if label.find_parent(class_="tabbed-set") is tabs
        ]
        blocks = tabs.select(":scope > .tabbed-content > .tabbed-block") or tabs.select(
            ":scope > .tabbed-content"
        )
        make = BeautifulSoup("", "html.parser").new_tag
        flat = make("div", attrs={"class": "print-tabs"})
        for i, block in enumerate(blocks):
            item = make("div", attrs={"class": "print-tab"})
            title = make("p", attrs={"class": "print-tab-title"})
            title.string = labels[i] if i < len(labels) else f"Tab {i + 1}"
            item.append(title)
            for child in list(block.contents):
                item.append(child.extract())
            flat.append(item)
        tabs.replace_with(flat)
    for details in article.find_all("details"):
        summary = details.find("summary")
        classes = [c for c in details.get_attribute_list("class") if c != "inline"]
        details.name = "div"
        details.attrs = {"class": AttributeValueList(["admonition", "print-details", *classes])}
        if isinstance(summary, Tag):
            summary.name = "p"
            summary.attrs = {"class": AttributeValueList(["admonition-title"])}
    for hidden in [*article.find_all("input"), *article.find_all(class_="tabbed-labels")]:
        hidden.decompose()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def assemble(
    parts: Sequence[Part],
    articles: Mapping[str, Tag],
    meta: Meta,
    chunk: int = CHUNK,
) -> Book:
    """The book as independent documents: cover and contents, then each part in runs of pages.

    The articles are consumed: each is emptied once its HTML is in the book (a thousand
    parsed pages would otherwise all be held until the end); parse them again to reuse them.
    """
    problems: list[Problem] = []
    chapters = [p.url for part in parts for p in part.pages]
    in_book = {url: frozenset(str(e["id"]) for e in _with_ids(articles[url])) for url in chapters}
    links = _Links(in_book, meta.site_url, problems)
    home = articles[""].find("h1") if "" in articles else None
    if isinstance(home, Tag):
        home.string = HOME_CHAPTER
    titles = {url: title_of(articles[url], url) for url in chapters}
    digits = len(str(PAGES_PER_CHAPTER * len(chapters) + 10))  # room for the page numbers

    docs: list[Doc] = []
    bodies: list[str] = []
    run: list[str] = []
    run_pages: list[SitePage] = []
    lead = parts[0].pages[0] if parts else SitePage("", "")

    def close(name: str) -> None:
        if run:
            bodies.append("".join(run))
            html_text = _document(meta, _in_parts(bodies[-1]), "book")
            named = run_pages or [lead]
            docs.append(
                Doc(name, html_text, tuple(p.url for p in named), tuple(p.shown for p in named))
            )
            run.clear()
            run_pages.clear()

    for number, part in enumerate(parts, 1):
        run.append(
            f'<section class="part" id="part-{number}">'
            f'<p class="part-number">Part {number}</p>'
            f'<h1 class="part-title" style="bookmark-level: 1">{_esc(part.title)}</h1>'
            "</section>"
        )
        lead = part.pages[0]
        # a document that does not start with its part's divider still heads pages with it
        running = f"string-set: part {_css_string(part.title)}"
        for s_number, section in enumerate(part.sections, 1):
            first = True
            page_level = 3 if section.title else 2
            if part.flow:  # pages that share sheets stay in one document
                close(f"part-{number}-{s_number - 1}")
            if section.title:
                if section.new_page:
                    close(f"part-{number}-{s_number}")
                style = "bookmark-level: 2" + ("" if run else f"; {running}")
                label = "group-title" if section.new_page else "group-title group-label"
                run.append(f'<h1 class="{label}" style="{_esc(style)}">{_esc(section.title)}</h1>')
            for page in section.pages:
                if not part.flow and not first and _boundary(page, chunk):
                    close(f"part-{number}-{page.url}")
                article = articles[page.url]
                print_widgets(article)
                links.rewrite(page, article)
                _levels(article, page_level)
                _page_refs(article, digits)
                classes = ["chapter"]
                if part.flow:
                    classes.append("flow")
                if first and section.title:
                    classes.append("after-group-title")
                first = False
                inner = "".join(str(c) for c in article.contents)
                article.decompose()  # printed into the run: its tree is not held to the end
                style = "" if run else f' style="{_esc(running)}"'
                run.append(
                    f'<section class="{" ".join(classes)}" id="{_esc(anchor(page.url))}"{style}>'
                    f"{inner}</section>"
                )
                run_pages.append(page)
        close(f"part-{number}-end")
    front = Front(meta, tuple(parts), titles)
    whole = _cover(meta) + _contents(front.parts, titles, {}) + "".join(bodies)
    return Book(
        _document(meta, whole, "book"), front, tuple(docs), tuple(chapters), tuple(problems)
    )


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


def _in_parts(body: str) -> str:
    """In a document of its own, an in-book link leads out of it: the join makes it a link
    inside the book again."""
    return body.replace('href="#/', f'href="{BOOK_LINK}/').replace(
        'href="#part-', f'href="{BOOK_LINK}part-'
    )


def front_document(front: Front, numbers: Mapping[str, int]) -> str:
    """Cover and contents, the contents printing the page of each entry (`numbers`: anchor ->
    page, known once the rest of the book is laid out)."""
    body = _cover(front.meta) + _contents(front.parts, front.titles, numbers)
    return _document(front.meta, _in_parts(body), "book")


def _levels(article: Tag, page_level: int) -> None:
    """Bookmarks: the page title at `page_level`, its main headings one below, nothing deeper."""
    for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        if heading.name == "h1":
            level, classes = str(page_level), ["chapter-title"]
        elif heading.name == "h2":
            level, classes = str(page_level + 1), []
        else:
            level, classes = "none", []
        heading["style"] = f"bookmark-level: {level}"
        if classes:
            heading["class"] = AttributeValueList([*heading.get_attribute_list("class"), *classes])


def _cover(meta: Meta) -> str:
    site = _esc(meta.site_url.rstrip("/")) if meta.site_url else ""
    return (
        '<section class="cover">'
        f'<h1 class="cover-title" style="bookmark-level: none">{_esc(meta.title)}</h1>'
        f'<p class="cover-subtitle">{_esc(meta.subtitle)}</p>'
        f'<p class="cover-edition">Edition of {long_date(meta.edition)}</p>'
        + (f'<p class="cover-site">{site}</p>' if site else "")
        + f'<p class="cover-licence">{_esc(licence.NOTICE)}</p>'
        + "</section>"
    )


def _contents(parts: Sequence[Part], titles: Mapping[str, str], numbers: Mapping[str, int]) -> str:
    def link(target: str, words: str) -> str:
        page = numbers.get(target.removeprefix("#"), 0)
        return f'<a href="{_esc(target)}" data-page="{page or ""}">{words}</a>'

    items = []
    for number, part in enumerate(parts, 1):
        entries = []
        for section in part.sections:
            pages = "".join(
                f'<li class="toc-page">{link("#" + anchor(p.url), _esc(titles[p.url]))}</li>'
                for p in section.pages
            )
            if section.title:
                entries.append(
                    f'<li class="toc-group"><span>{_esc(section.title)}</span><ol>{pages}</ol></li>'
                )
            else:
                entries.append(pages)
        words = f"Part {number}. {_esc(part.title)}"
        items.append(
            f'<li class="toc-part">{link(f"#part-{number}", words)}<ol>{"".join(entries)}</ol></li>'
        )
    return (
        '<nav class="contents">'
        '<h1 class="contents-title" style="bookmark-level: 1">Contents</h1>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def _document(meta: Meta, body: str, kind: str) -> str:
    stamp = meta.edition.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<!DOCTYPE html><html lang="{_esc(meta.language)}"><head><meta charset="utf-8">'
        f"<title>{_esc(meta.title)}</title>"
        f'<meta name="description" content="{_esc(meta.subtitle)}">'
        f'<meta name="dcterms.created" content="{stamp}">'
        f'<meta name="dcterms.modified" content="{stamp}">'
        f'</head><body class="{kind}">{body}</body></html>'
    )


# Routine cards --------------------------------------------------------------------------------


def wall_card(article: Tag) -> bool:
    """Keep what goes on the wall: the title, the lead, and the sections holding the steps.

    A section (from one level-2 heading to the next) stays when it has a table; what comes
    before the first one always stays. Returns whether anything was left out; when no section
    has a table, the whole page stays.
    """
    sections: list[list[PageElement]] = [[]]
    for child in list(article.children):
        if isinstance(child, Tag) and child.name == "h2":
            sections.append([])
        sections[-1].append(child)

    def has_table(section: list[PageElement]) -> bool:
        return any(isinstance(e, Tag) and (e.name == "table" or e.find("table")) for e in section)

    dropped = [s for s in sections[1:] if not has_table(s)]
    if len(dropped) == len(sections) - 1:
        return False
    for section in dropped:
        for element in section:
            element.extract()
    return bool(dropped)


_SEE_OPEN = re.compile(r"\s*\(see\s+$", re.IGNORECASE)


def drop_see_references(article: Tag) -> None:
    """Remove "(see [page])" from a card: on paper a link's words lead nowhere."""
    for a in article.find_all("a"):
        before, after = a.previous_sibling, a.next_sibling
        if not (isinstance(before, str) and isinstance(after, str)):
            continue
        if _SEE_OPEN.search(before) and after.startswith(")"):
            before.replace_with(_SEE_OPEN.sub("", before))
            after.replace_with(after[1:])
            a.decompose()


def one_step_table(article: Tag) -> None:
    """Join a routine's step tables (one per block, under its heading) into one table, each
    block a full-width row, so the columns cannot jump from block to block."""
    tables = [
        (table, body, row)
        for table in article.find_all("table")
        if isinstance(body := table.find("tbody"), Tag) and isinstance(row := table.find("tr"), Tag)
    ]
    if len(tables) < 2:
        return
    heads = {row.get_text(" ", strip=True) for _, _, row in tables}
    if len(heads) != 1:
        return  # not the same columns: tables of different things
    first, first_body, first_row = tables[0]
    make = BeautifulSoup("", "html.parser").new_tag
    columns = len(first_row.find_all(["th", "td"]))
    rows = []
    for table, body, _ in tables:
        heading = table.find_previous_sibling()
        if heading is not None and heading.name in ("h3", "h4"):
            row = make("tr", attrs={"class": "card-block"})
            cell = make("th", attrs={"colspan": str(columns), "scope": "colgroup"})
            cell.string = heading.get_text(" ", strip=True)
            row.append(cell)
            rows.append(row)
            heading.decompose()
        rows.extend(r.extract() for r in body.find_all("tr", recursive=False))
        if table is not first:
            table.decompose()
    first_body.clear()
    for row in rows:
        first_body.append(row)


SESSION_LOG = (
    '<div class="card-log"><p class="card-log-title">Sessions</p>'
    + "".join(
        f'<p class="card-log-line"><span class="card-log-box">\u2610</span> {n}. '
        '<span class="card-log-date">Date</span><span class="card-log-notes">Notes</span></p>'
        for n in range(1, 7)
    )
    + "</div>"
)
"""The bottom of a routine card: a line to tick and note each of six sessions."""


def card(page: SitePage, article: Tag, meta: Meta) -> tuple[str, list[Problem]]:
    """A stand-alone page for one routine, to print and tape to the wall; links go to the web.

    Like `assemble`, it rewrites the article in place.
    """
    problems: list[Problem] = []
    url = page.url
    shortened = wall_card(article)
    drop_see_references(article)
    one_step_table(article)
    print_widgets(article)
    _Links({}, meta.site_url, problems).rewrite(page, article)
    for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        heading["style"] = "bookmark-level: none"
    where = (meta.site_url.rstrip("/") + "/" + url) if meta.site_url else meta.title
    inner = "".join(str(c) for c in article.contents)
    whole = "The whole routine, with when and how to do it: " if shortened else ""
    body = (
        f'<section class="card">{inner}{SESSION_LOG}</section>'
        f'<p class="card-source">{whole}<span class="card-url">{_esc(where)}</span> · '
        f"{_esc(meta.title)}, {long_date(meta.edition)}</p>"
    )
    card_meta = Meta(
        title_of(article, url), meta.subtitle, meta.edition, meta.site_url, meta.language
    )
    return _document(card_meta, body, "routine-card"), problems
