"""Check every `href` and `src` of every page of a built site against the files on disk.

A reader follows a link either through a web server (`site/`: a folder serves its
`index.html`) or from disk (`build/offline/`, opened as `file://`: only links to files work).
Each link is resolved the way that reader's browser resolves it; a `#fragment` must name an `id`
(or `<a name>`) of the target page. External URLs are left alone; nothing is fetched.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = ("href", "src", "xlink:href")
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "blob:")


@dataclass(frozen=True)
class Link:
    page: str
    """The page holding the link, relative to the site root."""
    tag: str
    url: str


@dataclass(frozen=True)
class Broken:
    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.link.page}: <{self.link.tag}> {self.link.url!r}: {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        for name in LINK_ATTRIBUTES:
            value = values.get(name)
            if value is not None:
                self.urls.append((tag, value))

    handle_startendtag = handle_starttag


@dataclass
class Site:
    """The pages of a built site, parsed once."""

    root: Path
    served: bool
    """True: read through a web server (folders serve index.html); False: opened from disk."""
    pages: dict[str, _Page]

    @classmethod
    def read(cls, root: Path, *, served: bool) -> Site:
        """Parse every page; from disk, the server's error page (404.html) is never opened."""
        pages = {}
        for path in sorted(root.rglob("*.html")):
            if not served and path == root / "404.html":
                continue
            parser = _Page()
            parser.feed(path.read_text("utf-8"))
            pages[path.relative_to(root).as_posix()] = parser
        return cls(root, served, pages)

    def links(self) -> list[Link]:
        return [Link(page, tag, url) for page, p in self.pages.items() for tag, url in p.urls]

    def broken(self) -> list[Broken]:
        return [b for link in self.links() if (b := self.check(link)) is not None]

    def check(self, link: Link) -> Broken | None:
        url = link.url.strip()
        if url.lower().startswith(EXTERNAL) or url.startswith("//"):
            return None
        if url.lower().startswith("javascript:"):
            return Broken(link, "script URL")
        parts = urlsplit(url)
        if parts.scheme:
            return Broken(link, f"unknown scheme {parts.scheme!r}")
        if parts.path.startswith("/") and not self.served:
            return Broken(link, "absolute path: from disk it points at the file system's root")
        target = link.page
        if parts.path:
            # Served, the site is published at the root of its host (site_url's path is "/").
            base = "" if parts.path.startswith("/") else posixpath.dirname(link.page)
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
            if target.startswith("../") or target == "..":
                return Broken(link, "leaves the site")
            file = self.root / target
            if file.is_dir() or parts.path.endswith("/"):
                if not self.served:
                    return Broken(link, "a folder: from disk only links to files open")
                target = posixpath.join(target, "index.html")
                file = self.root / target
            if not file.is_file():
                return Broken(link, f"no file {target}")
        fragment = unquote(parts.fragment)
        if fragment and target.endswith(".html"):
            page = self.pages.get(target)
            if page is None or fragment not in page.ids:
                return Broken(link, f"no id {fragment!r} in {target}")
        return None
