"""The checks a strict MkDocs build runs on links and the nav, for `builder check`.

`mkdocs build --strict` (with the `validation:` block of mkdocs.yml) fails on links to
anchors a page does not have, absolute links, links to folders instead of pages' files and
pages in no nav, but says so in its own words, without a line. `builder check` runs the same
checks with positions, so that a page the check passes also builds. MkDocs is not imported:
the nav and Markdown extensions are read from mkdocs.yml as plain YAML, and a page's
anchors are the ids of the HTML Python-Markdown makes of it (as MkDocs collects them).
The build itself does not run this module: MkDocs checks the same things there.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import yaml

from builder.model import routes
from builder.model.problems import Problem, closest, problem
from builder.stages.load import RawPage
from builder.stages.policy.bodies import links
from builder.stages.policy.scan import Link
from builder.stages.policy.tree import Shown

_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Site:
    """What the checks need of mkdocs.yml."""

    config: str
    """The config file as shown in messages."""
    nav: frozenset[str] | None
    """Pages listed in the nav; None when there is no nav (MkDocs then lists every page)."""
    extensions: tuple[str, ...] = ()
    configs: dict[str, Any] = field(default_factory=dict)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain YAML: tags such as !ENV read as the text or list they tag."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the third and last kind of node
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("!", _untagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def read_site(config: Path, shown: str | None = None) -> Site | None:
    """The nav and Markdown extensions of a MkDocs config, or None if it cannot be read."""
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    nav = data.get("nav")
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in data.get("markdown_extensions") or ():
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                configs[name] = options or {}
    listed = frozenset(_nav_pages(nav)) if nav is not None else None
    return Site(shown or str(config), listed, tuple(names), configs)


def _nav_pages(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node] if not urlsplit(node).scheme else []
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [p for value in node for p in _nav_pages(value)]
    return []


def check(
    site: Site,
    pages: dict[str, RawPage],
    generated: dict[str, str],
    merged: frozenset[str],
    heads: dict[str, str],
    files: set[str],
    shown: Shown,
    feet: dict[str, str] | None = None,
) -> list[Problem]:
    """Anchors, absolute links, links to folders, and pages in no nav.

    `pages` are the hand-written pages (with or without front matter), `generated` the
    Markdown of generated pages, `files` every file the site will have (pages included),
    `feet` the Markdown the builder adds below a page's body.
    """
    problems: list[Problem] = []
    feet = feet or {}
    converter = functools.cache(functools.partial(_converter, site))  # made once, if needed

    @functools.cache
    def ids(src: str) -> frozenset[str]:
        """The ids of a page's HTML, made when a link first asks for them."""
        text, page = generated.get(src, ""), pages.get(src)
        if page is not None:
            own = f"{heads.get(src, '')}{page.body}\n\n{feet.get(src, '')}"
            text = own.replace(routes.MARKER, text, 1) if src in merged else own
        html = converter().reset().convert(text)
        return frozenset(a or b for a, b in _ID.findall(html))

    for src, page in sorted(pages.items()):
        for link in links(page):
            problems += _check_link(src, link, files, ids, shown)
        if site.nav is not None and src not in site.nav and not routes.reached_by_index(src):
            problems.append(problem(shown(src), 1, 1, "not-in-nav", config=site.config, src=src))
    return problems


def _converter(site: Site) -> markdown.Markdown:
    try:
        return markdown.Markdown(extensions=list(site.extensions), extension_configs=site.configs)
    except Exception:  # an extension this reading of mkdocs.yml cannot configure
        return markdown.Markdown(extensions=list(site.extensions))


def _check_link(
    src: str, link: Link, files: set[str], ids: Callable[[str], frozenset[str]], shown: Shown
) -> list[Problem]:
    target = link.target
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "@" in target:
        return []
    where = (shown(src), link.line, link.col)
    if target.startswith(("/", "\\")):
        path = unquote(parts.path).strip("/\\")
        found = _page_of(path, files)
        fix = (
            f"link to the file relative to this page: '{_relative(src, found, parts.fragment)}'"
            if found
            else "link to the page's file relative to this page, e.g. '../guide/safety.md'"
        )
        return [problem(*where, "absolute-link", target=target, fix=fix)]
    if not parts.path:
        if parts.fragment:
            return _check_anchor(src, src, target, ids(src), where)
        return []
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(parts.path)))
    if path in files:
        if parts.fragment and path.endswith(".md"):
            return _check_anchor(src, path, target, ids(path), where)
        return []
    if posixpath.splitext(parts.path)[1]:
        return []  # a missing page or file: policy/bodies.py reports it
    found = _page_of(path, files)
    fix = (
        f"link to the page's file: '{_relative(src, found, parts.fragment)}'"
        if found
        else "link to a page's file, e.g. 'single-leg-bridge.md', not to its folder"
    )
    return [problem(*where, "folder-link", target=target, fix=fix)]


def _page_of(path: str, files: set[str]) -> str | None:
    """The page a folder-like path means: 'x/' or 'x' -> 'x.md' or 'x/index.md'."""
    stem = path.strip("/").removesuffix(".html").removesuffix("/index")
    guesses = (f"{stem}.md", f"{stem}/index.md" if stem else "index.md")
    return next((guess for guess in guesses if guess in files), None)


def _relative(src: str, to: str, fragment: str) -> str:
    link = routes.relative(src, to) if to != src else ""
    return f"{link}#{fragment}" if fragment else link


def _check_anchor(
    src: str, target_src: str, target: str, ids: frozenset[str], where: tuple[str, int, int]
) -> list[Problem]:
    """A link's '#anchor' must be an id of the page it links to."""
    anchor = urlsplit(target).fragment
    if anchor in ids:
        return []
    near = closest(anchor, tuple(sorted(ids)))
    page = "this page" if target_src == src else f"'{target_src}'"
    if near:
        fix = f"did you mean '{_relative(src, target_src, near)}'?"
    elif ids:
        fix = "link to one of its headings; their ids are shown in the page's contents"
    else:
        fix = f"{page} has no headings to link to; link to the page itself"
    return [problem(*where, "missing-anchor", target=target, page=page, fix=fix)]
