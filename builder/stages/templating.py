"""The Jinja environment the builder renders with, and the filters and globals it adds."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from builder.model import routes
from builder.stages import listing
from builder.stages.listing import escape_markdown

TEMPLATE_SUBDIR = "atlas"
"""Templates are overridden by files of the same name in <theme custom_dir>/atlas/."""


@functools.lru_cache(maxsize=8)
def environment(override_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The template environment; cached, while Jinja still reloads templates edited on disk."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d / TEMPLATE_SUBDIR)) for d in override_dirs
    ]
    loaders.append(jinja2.PackageLoader("builder", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        # Markdown templates escape each value with `md`; the card's HTML templates
        # (*.html.j2) escape everything, and values inside Markdown spans also with `md`.
        autoescape=jinja2.select_autoescape(("html.j2",), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["attr"] = _attribute
    env.globals["href"] = env.globals["to"] = _href
    env.globals["part"] = _part
    env.globals["listing"] = listing
    return env


def _md(text: Any) -> Markup:
    """Plain text for Markdown (and, as Markup, for an HTML template too)."""
    return Markup(escape_markdown(str(text)))


def _attribute(text: Any) -> Markup:
    """Plain text for an attribute value in an attr_list (`{: key="..." }`): escaped for
    HTML, on one line, with no brace to end the list early."""
    escaped = str(escape(" ".join(str(text).split())))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A relative link from the page being rendered to another page's source file."""
    return routes.relative(context["here"], target)


@jinja2.pass_context
def _part(context: jinja2.runtime.Context, template: str, **data: Any) -> Markup:
    """`{{ part("x.html.j2", **data) }}`: another template, given `data` on top of the page's
    context (the anatomy drawing's parts)."""
    partial = context.environment.get_template(template)
    return Markup(partial.render({**context.get_all(), **data}))
