"""A built page of the site, read for print: its article without the site's chrome, its links
resolved, its widgets opened flat, and its links and ids rewritten for the book or a card.

Pure: it reads HTML strings and returns parsed trees. Every internal link becomes an in-book
link (`#/<url>` or `#/<url>#<fragment>`); links to pages that are not in the book become web
links; nothing may point at a `.md` file or a local server.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList

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

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
"""The elements a page's headings are, for `find_all`."""


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
    known, found = set(site_urls), dict[str, None]()  # a dict keeps the first order
    for a in article.find_all("a", href=True):
        target = resolve(url, str(a["href"]))
        if target and target[0] in known and target[0] != url:
            found.setdefault(target[0])
    return list(found)


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
        return path.removesuffix("index.html"), fragment
    return (path + "/" if parts.path.endswith("/") else path), fragment


class Links:
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
        for element in with_ids(article):
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


def with_ids(article: Tag) -> list[Tag]:
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
            item.extend(block)  # moves the block's children
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
