"""The listings of other pages that many pages carry, written as Markdown in Python.

An exercise's ladder, substitutes, related exercises and routines, and the rows of the
exercise tables recur on thousands of pages: made by Jinja macros they were most of the
render stage. The templates call these (`listing.ladder(c, ex, here)`...); `here` is the
source path of the page being rendered, `c` the templates' view. Every link is a relative
link to the target's source file in Markdown syntax, which MkDocs resolves and checks.
"""

from __future__ import annotations

import re
from typing import Any

from builder.model import routes
from builder.model.entities import Exercise

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#{}<>&])")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> str:
    """Plain text placed in Markdown: no HTML, emphasis, links, attribute lists or table
    cells; line breaks become spaces, so text cannot start a block of its own."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(lambda m: _ESCAPES.get(m[1]) or "\\" + m[1], text)


def link(here: str, target: str, text: str, anchor: str = "") -> str:
    """`[text](../section/page.md#anchor)`: a Markdown link from one source page to another."""
    path = routes.relative(here, target)
    return f"[{escape_markdown(text)}]({path}{'#' + anchor if anchor else ''})"


def _link(here: str, target: Any, anchor: str = "", title: str = "") -> str:
    return link(here, target.src, title or target.title, anchor)


def ladder(c: Any, ex: Exercise, here: str) -> str:
    """Easier and harder versions of an exercise, then its whole ladder."""
    easier, harder = c.cat.easier[ex.slug], c.cat.harder[ex.slug]
    if not easier and not harder:
        return f"{escape_markdown(ex.off_ladder or 'No easier or harder version is listed yet.')}\n"
    line = f"**{escape_markdown(ex.title)}**"
    if easier:
        line = f"**Easier:** {_either(c, easier, here)} ← {line}"
    if harder:
        line = f"{line} → **Harder:** {_either(c, harder, here)}"
    tree = _ladder_tree(c, ex, here)
    return (
        f"{line}\n{{: .atlas-ladder }}\n\n"
        f"The whole ladder, each step under the easier one it builds on:\n\n{tree}"
    )


def _ladder_tree(c: Any, ex: Exercise, here: str) -> str:
    """The ladder as a nested list: its easiest steps at the top level, under each step the
    steps declared harder than it. Every link of the ladder is drawn once; a step that builds
    on several is nested under the first and named again, without its own steps, under the
    others. Linear in the ladder's links, whatever its shape."""
    order = {slug: i for i, slug in enumerate(c.cat.ladders[ex.slug])}
    out: list[str] = []
    shown: set[str] = set()

    def item(slug: str, depth: int) -> None:
        harder = sorted(c.cat.harder[slug], key=order.__getitem__)
        again = slug in shown
        notes = ["this page"] if slug == ex.slug else []
        notes += ["harder steps listed above"] if again and harder else []
        name = f"**{escape_markdown(ex.title)}**" if slug == ex.slug else _link(here, c.ex[slug])
        more = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"{'    ' * depth}- {name}{more}\n")
        if again:
            return
        shown.add(slug)
        for step in harder:
            item(step, depth + 1)

    for slug in c.cat.ladders[ex.slug]:
        if not c.cat.easier[slug]:
            item(slug, 0)
    return "".join(out)


def _either(c: Any, slugs: tuple[str, ...], here: str) -> str:
    return " or ".join(_link(here, c.ex[slug]) for slug in slugs)


def substitutes(c: Any, ex: Exercise, here: str) -> str:
    """For each piece of kit the exercise needs, what trains the same without it."""
    out = []
    for kit, found in c.substitutes(ex).items():
        missing = f"**No {escape_markdown(c.name('equipment', kit).lower())}?**"
        if not found:
            out.append(f"{missing} No exercise in the guide replaces it yet.\n\n")
            continue
        out.append(f"{missing} These train the same movement or muscles without one:\n\n")
        for sub in found:
            other = c.ex[sub.slug]
            item = c.variation(sub.slug, sub.anchor) if sub.anchor else other
            names = ", ".join(escape_markdown(c.name("equipment", k).lower()) for k in c.kit(item))
            if sub.slug == ex.slug:
                names += "; a variation on this page"
            elif sub.anchor:
                names += f"; a variation of {escape_markdown(other.title)}"
            item_link = _link(here, other, sub.anchor, item.title)
            out.append(f"- {item_link} ({names}): {escape_markdown(item.summary)}\n")
        out.append("\n")
    return "".join(out)


def summaries(pages: list[Any], here: str) -> str:
    """A list of pages (exercises, routines), each linked, with its summary."""
    return "".join(f"- {_link(here, page)}: {escape_markdown(page.summary)}\n" for page in pages)


def table(c: Any, exercises: list[Exercise], here: str) -> str:
    """The exercise table of hubs, muscle pages and term pages."""
    folder = routes.source_folder(here)
    rows = []
    for ex in exercises:
        key = (ex.slug, folder)
        row = c.rows.get(key) or c.kept_rows.get(key)
        if row is None or row[0] is not ex:  # links are relative to the folder: shared by it
            row = (ex, _row(c, ex, here))
        c.rows[key] = row
        rows.append(row[1])
    return f"| Exercise | Difficulty | Equipment | Dosage |\n|---|---|---|---|\n{''.join(rows)}"


def _row(c: Any, ex: Exercise, here: str) -> str:
    kit = ", ".join(
        link(here, routes.page(routes.EQUIPMENT, k), c.name("equipment", k)) for k in c.kit(ex)
    )
    thumb = ""
    if ex.pose is not None:  # decorative: the link beside it names the exercise
        src = routes.relative(here, routes.thumbnail(ex.slug))
        thumb = f'![]({src}){{: .atlas-thumb loading="lazy" }} '
    return (
        f"| {thumb}{_link(here, ex)} | {escape_markdown(c.name('difficulty', ex.difficulty))} "
        f"| {kit} | {escape_markdown(ex.dosage[0].text())} |\n"
    )
