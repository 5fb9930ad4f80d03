"""The listings of other pages that many pages carry, written as HTML in Python.

An exercise's ladder, substitutes, related exercises and routines, and the rows of the
exercise tables recur on thousands of pages: made by Jinja macros they were most of the
render stage. The templates call these (`listing.ladder(c, ex, here)`...) inside
`{% call html() %}` blocks; `here` is the page being rendered, `c` the templates' view.
"""

from __future__ import annotations

from typing import Any

from builder import routes
from builder.model import Exercise


def escape_html(text: str) -> str:
    """Plain text in HTML, escaped as MkDocs' Markdown would escape it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(here: str, target: Any, anchor: str = "", title: str = "") -> str:
    href = routes.html_link(here, target.src) + (f"#{anchor}" if anchor else "")
    return f'<a href="{href}">{escape_html(title or target.title)}</a>'


def ladder(c: Any, ex: Exercise, here: str) -> str:
    """Easier and harder versions of an exercise, then its whole ladder."""
    easier, harder = c.cat.easier[ex.slug], c.cat.harder[ex.slug]
    if not easier and not harder:
        return (
            f"<p>{escape_html(ex.off_ladder or 'No easier or harder version is listed yet.')}</p>\n"
        )
    line = f"<strong>{escape_html(ex.title)}</strong>"
    if easier:
        line = f"<strong>Easier:</strong> {_either(c, easier, here)} ← {line}"
    if harder:
        line = f"{line} → <strong>Harder:</strong> {_either(c, harder, here)}"
    steps = "".join(
        f"<li><strong>{escape_html(ex.title)}</strong> (this page)</li>\n"
        if slug == ex.slug
        else f"<li>{_link(here, c.ex[slug])}</li>\n"
        for slug in c.cat.ladders[ex.slug]
    )
    return (
        f'<p class="atlas-ladder">{line}</p>\n<p>The whole ladder, easiest first:</p>\n'
        f"<ol>\n{steps}</ol>\n"
    )


def _either(c: Any, slugs: tuple[str, ...], here: str) -> str:
    return " or ".join(_link(here, c.ex[slug]) for slug in slugs)


def substitutes(c: Any, ex: Exercise, here: str) -> str:
    """For each piece of kit the exercise needs, what trains the same without it."""
    out = []
    for kit, found in c.substitutes(ex).items():
        missing = f"<strong>No {escape_html(c.name('equipment', kit).lower())}?</strong>"
        if not found:
            out.append(f"<p>{missing} No exercise in the guide replaces it yet.</p>\n")
            continue
        out.append(f"<p>{missing} These train the same movement or muscles without one:</p>\n")
        out.append("<ul>\n")
        for sub in found:
            other = c.ex[sub.slug]
            item = c.variation(sub.slug, sub.anchor) if sub.anchor else other
            kit_names = ", ".join(escape_html(c.name("equipment", k).lower()) for k in c.kit(item))
            if sub.slug == ex.slug:
                kit_names += "; a variation on this page"
            elif sub.anchor:
                kit_names += f"; a variation of {escape_html(other.title)}"
            link = _link(here, other, sub.anchor, item.title)
            out.append(f"<li>{link} ({kit_names}): {escape_html(item.summary)}</li>\n")
        out.append("</ul>\n")
    return "".join(out)


def summaries(pages: list[Any], here: str) -> str:
    """A list of pages (exercises, routines), each linked, with its summary."""
    items = "".join(
        f"<li>{_link(here, page)}: {escape_html(page.summary)}</li>\n" for page in pages
    )
    return f"<ul>\n{items}</ul>\n"


def table(c: Any, exercises: list[Exercise], here: str) -> str:
    """The exercise table of hubs, muscle pages and term pages."""
    folder = routes.folder(here)
    rows = []
    for ex in exercises:
        key = (ex.slug, folder)
        c.rows.used.add(key)
        row = c.rows.get(key)
        if row is None or row[0] is not ex:
            made = _row(c, ex, here)
            if 'href="./"' not in made:  # a link to this very page: not for the others
                c.rows[key] = (ex, made)
            row = (ex, made)
        rows.append(row[1])
    return (
        "<table>\n<thead>\n<tr>\n<th>Exercise</th>\n<th>Difficulty</th>\n<th>Equipment</th>\n"
        f"<th>Dosage</th>\n</tr>\n</thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _row(c: Any, ex: Exercise, here: str) -> str:
    kit = ", ".join(
        f'<a href="{routes.html_link(here, routes.page(routes.EQUIPMENT, k))}">'
        f"{escape_html(c.name('equipment', k))}</a>"
        for k in c.kit(ex)
    )
    return (
        f"<tr>\n<td>{_link(here, ex)}</td>\n"
        f"<td>{escape_html(c.name('difficulty', ex.difficulty))}</td>\n"
        f"<td>{kit}</td>\n<td>{escape_html(ex.dosage[0].text())}</td>\n</tr>\n"
    )
