"""Drawings for print: WeasyPrint resolves `<use href="#id">` only inside one `<svg>`, while a
web page shares a figure or prop shape between the drawings of a page. Give each drawing its
own copy of what it borrows."""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, Tag


def self_contained(article: Tag) -> None:
    """Copy into each <svg> the shapes its <use> elements take from other drawings."""
    svgs = article.find_all("svg")
    owners = {str(e["id"]): e for svg in svgs for e in svg.find_all(id=True)}
    for svg in svgs:
        own = {str(e["id"]) for e in svg.find_all(id=True)}
        used = {str(u.get("href", ""))[1:] for u in svg.find_all("use")}
        wanted = sorted((used - own) & owners.keys())
        if not wanted:
            continue
        defs = svg.find("defs")
        if defs is None:
            defs = BeautifulSoup("", "html.parser").new_tag("defs")
            svg.insert(0, defs)
        for ident in wanted:
            defs.append(copy.copy(owners[ident]))
