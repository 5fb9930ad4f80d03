"""Read links out of built HTML pages."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1


def content_links(site: Path, url: str) -> set[str]:
    """Site-relative URLs (like 'muscles/semitendinosus/') linked from a page's article."""
    parser = _Links()
    parser.feed((site / url / "index.html").read_text("utf-8"))
    found = set()
    for href in parser.hrefs:
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        path = href.split("#", 1)[0]
        target = posixpath.normpath(posixpath.join(url, path)) if path else url.rstrip("/")
        found.add("" if target == "." else target.rstrip("/") + "/")
    return found
