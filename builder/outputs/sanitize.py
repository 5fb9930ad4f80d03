"""Defence in depth: clean every page's rendered HTML, and escape the text the theme prints.

The content policy (stages/policy/) refuses raw HTML that could run code before anything is
built; this module makes sure that whatever still reaches a page cannot. ``clean`` passes
the HTML of a page's content (hand-written and generated pages alike) through nh3, the
binding of the maintained Rust sanitiser ammonia, with an allow-list that keeps everything
our Markdown extensions emit: headings with ids and permalinks, admonitions,
details/summary, tables (with their text-align), code, attr_list classes and ids, md_in_html
containers and the inline tags the policy allows. Scripts, styles, frames, event
attributes and ``javascript:`` / ``vbscript:`` / ``data:`` URLs are removed.

It runs on each page's whole content, after every other plugin: the hand-written body and
everything the builder added to it (the card, the drawn frames, the listings). The anatomy
diagram is cleaned on its own as it joins the page, after the search index read the page
(render.place_drawing). The theme's own output (templates in overrides/) is trusted and never
passes through here.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import nh3
from markupsafe import Markup, escape

from builder.stages.policy.bodies import ALLOWED_TAGS

SVG_TAGS = {
    "svg", "g", "defs", "pattern", "clipPath", "clippath", "path", "rect", "line", "text",
    "tspan", "title", "desc", "symbol", "use", "circle",
}  # fmt: skip
"""The anatomy diagram's elements (builder/templates/diagram*.html.j2) and the drawn frames'
(builder/pose/svg.py: shared shapes as <symbol>, placed with <use href="#...">)."""
_PAINT = {
    "class", "clip-path", "d", "dy", "fill", "font-family", "font-size", "font-style",
    "font-weight", "height", "stroke", "stroke-linejoin", "stroke-opacity", "stroke-width",
    "stroke-linecap", "stroke-dasharray", "fill-opacity", "opacity", "rx", "cx", "cy", "r",
    "text-anchor", "width", "x", "x1", "x2", "y", "y1", "y2",
}  # fmt: skip
_ARIA = {"aria-describedby", "aria-hidden", "aria-label", "aria-labelledby", "role"}
TAGS = ALLOWED_TAGS | {
    "a", "blockquote", "caption", "col", "colgroup", "h1", "h2", "h3", "h4", "h5", "h6",
    "img", "li", "ol", "pre", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "input", "label",  # content tabs (pymdownx.tabbed): radio buttons and their labels
    "section",  # the card (builder/templates/card.html.j2)
    "figure", "figcaption",  # the drawn frames (builder/pose/)
} | SVG_TAGS  # fmt: skip
"""What Python-Markdown and the enabled extensions emit, plus the policy's inline tags."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "lang", "title"},
    "a": {"href", "aria-label", "data-muscle", "data-shape"},
    "section": {"aria-label"},
    "svg": _ARIA
    | {"font-family", "font-size", "height", "overflow", "viewBox", "viewbox", "width", "xmlns"}
    | {"data-pose"},
    "symbol": {"id", "overflow", "viewBox", "viewbox"},
    "use": _PAINT | {"href"},
    "g": _ARIA | _PAINT | {"data-muscle", "data-shape"},
    "pattern": {"height", "width", "patternTransform", "patternUnits"}
    | {"patterntransform", "patternunits"},
    **{tag: _PAINT for tag in ("path", "rect", "line", "text", "tspan", "circle")},
    "img": {"alt", "height", "loading", "src", "width"},
    "details": {"open"},
    "ol": {"start", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
    "time": {"datetime"},
    "input": {"checked", "name"},
    "label": {"for"},
}
ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {"input": {"type": {"radio", "checkbox"}}}
"""A tab's input may only be a radio button (the frames' play switch a checkbox): no text
field, no submit button."""
URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}
"""The tables extension aligns columns with style="text-align: ..."; nothing else is kept."""


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    filter_style_properties=STYLE_PROPERTIES,
    link_rel=None,
    strip_comments=True,
)
"""Built once: nh3.clean would convert the allow-lists to Rust again for every page."""


def clean(html: str) -> str:
    """The page content with everything outside the allow-list removed."""
    return _CLEANER.clean(html)


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape, in place, every text value of a page's front matter, at any depth.

    The theme prints some of them as raw HTML (title, description, author, revision dates,
    subtitle...), and which ones depends on the theme's version, so none is trusted. The
    policy already refuses keys that are not ours and HTML in those that are; this keeps
    '&' and quotes correct and makes sure nothing in them is ever read as markup. Markup
    objects are not escaped twice, and escaped text still compares equal to plain words
    ('toc' in hide).
    """
    for key in STEERING_KEYS:  # the policy refuses them; the plugin sets its own after this
        meta.pop(key, None)
    for key, value in meta.items():
        meta[key] = _escaped(value)


STEERING_KEYS = ("template", "location", "redirect", "icon", "status")
"""Front-matter keys that choose how the theme renders a page rather than text it prints."""


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value
