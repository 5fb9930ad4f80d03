"""Drawings for print: WeasyPrint resolves `<use href="#id">` only inside one `<svg>`, while a
web page shares a figure or prop shape between the drawings of a page. Give each drawing its
own copy of what it borrows."""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, Tag


def self_contained(article: Tag) -> None:
    """Copy into each <svg> the shapes its <use> elements take from other drawings."""
    svgs = article.find_all("svg")
    owners = {str(e["id"]): e for svg in svgs for e in svg.find_all(id=True)}
    for svg in svgs:
        while True:  # a copied drawing may itself use shapes from elsewhere
            own = {str(e["id"]) for e in svg.find_all(id=True)}
            used = {str(u.get("href", ""))[1:] for u in svg.find_all("use")}
            wanted = sorted((used - own) & owners.keys())
            if not wanted:
                break
            defs = svg.find("defs")
            if defs is None:
                defs = BeautifulSoup("", "html.parser").new_tag("defs")
                svg.insert(0, defs)
            for ident in wanted:
                defs.append(copy.copy(owners[ident]))


def end_frame(page_html: str, slug: str, prefix: str) -> Tag | None:
    """The end frame of an exercise, from its built page, standing on its own (ids prefixed so
    several drawings can share one document)."""
    soup = BeautifulSoup(page_html, "html.parser")
    svg = soup.find("svg", attrs={"data-pose": f"{slug}:end"})
    if svg is None:
        return None
    self_contained(soup)
    for element in svg.find_all(id=True):
        element["id"] = prefix + str(element["id"])
    for use in svg.find_all("use"):
        use["href"] = "#" + prefix + str(use.get("href", ""))[1:]
    svg["class"] = "card-frame"
    svg["aria-hidden"] = "true"  # the step's name beside it says what it is
    for attribute in ("role", "aria-label"):
        del svg[attribute]
    return svg


def step_frames(article: Tag, frame_of: Callable[[str, str], Tag | None]) -> None:
    """Put each step's end frame, small, before the exercise named in a routine's table.
    `frame_of(href, prefix)` gives the drawing for a link, or None."""
    for n, link in enumerate(article.select("table td a[href]")):
        svg = frame_of(str(link["href"]), f"s{n}-")
        if svg is not None:
            link.insert_before(svg)


def frame_finder(site: Path, page_url: str) -> Callable[[str, str], Tag | None]:
    """For a routine page of the built site: the end frame of the exercise a link points to."""

    def frame_of(href: str, prefix: str) -> Tag | None:
        if "://" in href or href.startswith(("#", "/")):
            return None
        target = posixpath.normpath(posixpath.join(page_url, href.split("#")[0]))
        parts = target.removesuffix(".html").split("/")
        if len(parts) != 2 or parts[0] != "exercises":
            return None
        path = site / (target if target.endswith(".html") else f"{target}/index.html")
        if not path.is_file():
            return None
        return end_frame(path.read_text("utf-8"), parts[1], prefix)

    return frame_of
