"""Routine cards: one routine's page cut down to what goes on the wall, with a session log.

Pure: it rewrites a parsed page and returns HTML; `builder.outputs.pdf` prints it.
"""

from __future__ import annotations

import dataclasses
import re

from bs4 import BeautifulSoup, Tag
from bs4.element import PageElement

from builder.model.problems import Problem
from builder.outputs.article import HEADINGS, Links, SitePage, print_widgets, title_of
from builder.outputs.front import Meta, document, esc, long_date


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
    first_body.extend(rows)


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

    Like `book.assemble`, it rewrites the article in place.
    """
    problems: list[Problem] = []
    url = page.url
    shortened = wall_card(article)
    drop_see_references(article)
    one_step_table(article)
    print_widgets(article)
    Links({}, meta.site_url, problems).rewrite(page, article)
    for heading in article.find_all(HEADINGS):
        heading["style"] = "bookmark-level: none"
    where = (meta.site_url.rstrip("/") + "/" + url) if meta.site_url else meta.title
    inner = "".join(str(c) for c in article.contents)
    whole = "The whole routine, with when and how to do it: " if shortened else ""
    body = (
        f'<section class="card">{inner}{SESSION_LOG}</section>'
        f'<p class="card-source">{whole}<span class="card-url">{esc(where)}</span> · '
        f"{esc(meta.title)}, {long_date(meta.edition)}</p>"
    )
    card_meta = dataclasses.replace(meta, title=title_of(article, url))
    return document(card_meta, body, "routine-card"), problems
