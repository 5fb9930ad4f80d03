"""The book's order: which parts, which sections, which pages in each, from the built site.

Pure: it reads the site's pages, the links between them and the catalogue's groups.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from builder.outputs.article import SitePage

DEFAULT_EXCLUDE = ("reference/", "finder/")
"""URL prefixes left out of the book: the contributors' reference is not for runners, and the
finder needs a browser. Links to them become web links."""


@dataclass(frozen=True)
class Section:
    """Consecutive chapters of a part, optionally under a title (e.g. a kind of exercise)."""

    title: str | None
    pages: tuple[SitePage, ...]
    new_page: bool = True
    """Whether its title starts a page; a label that does not (the anatomy's muscle groups,
    a page or two each) lets short groups share a sheet."""


@dataclass(frozen=True)
class Part:
    """A part of the book, printed after a divider page carrying its title."""

    title: str
    sections: tuple[Section, ...]
    flow: bool = False
    """Chapters follow each other on the same page when they fit (short index pages)."""

    @property
    def pages(self) -> tuple[SitePage, ...]:
        return tuple(p for s in self.sections for p in s.pages)


def _in(section: str, urls: Sequence[str] | None = None) -> Callable[[SitePage], bool]:
    """A page of a section other than its hub ('muscles/x/' for 'muscles'), whose URL is one
    of `urls` when they are given."""
    members = None if urls is None else set(urls)
    hub = section + "/"
    return lambda p: (
        p.url.startswith(hub) and p.url != hub and (members is None or p.url in members)
    )


def _hub(section: str) -> Callable[[SitePage], bool]:
    return lambda p: p.url == section + "/"


def _named(leaf: str) -> Callable[[SitePage], bool]:
    """A page whose URL ends with `leaf`, in any section: 'glossary' for 'guide/glossary/'."""
    return lambda p: p.url.rstrip("/").rsplit("/", 1)[-1] == leaf


class _Pool:
    """The pages not yet placed in the book: each is taken once, in the order it is read."""

    def __init__(
        self, pages: Sequence[SitePage], links: Mapping[str, Sequence[str]], exclude: Sequence[str]
    ) -> None:
        self.left = {p.url: p for p in pages if not any(p.url.startswith(x) for x in exclude)}
        self.links = links

    def take(
        self, test: Callable[[SitePage], bool], hub: str | None = None
    ) -> tuple[SitePage, ...]:
        """The pages passing `test`, in the order `hub` links them, then nav order, then title."""
        chosen = [p for p in self.left.values() if test(p)]
        for p in chosen:
            del self.left[p.url]
        order = {u: i for i, u in enumerate(self.links.get(hub, ()))} if hub is not None else {}

        def key(p: SitePage) -> tuple[int, int, str, str]:
            nav = p.nav_index if p.nav_index is not None else sys.maxsize
            return (order.get(p.url, sys.maxsize), nav, p.title.lower(), p.url)

        return tuple(sorted(chosen, key=key))

    def whole(self, section: str) -> tuple[SitePage, ...]:
        """A section's hub, then its pages."""
        return self.take(_hub(section)) + self.take(_in(section), section + "/")

    def grouped(
        self, section: str, named: Sequence[tuple[str, Sequence[str]]], other: str, new_page: bool
    ) -> list[Section]:
        """A section's pages (not its hub) under the `named` groups, the rest under `other`."""
        found = [
            Section(name, self.take(_in(section, urls), section + "/"), new_page)
            for name, urls in named
        ]
        rest = self.take(_in(section), section + "/")
        return [*found, Section(other if named else None, rest, new_page)]


def plan(
    pages: Sequence[SitePage],
    links: Mapping[str, Sequence[str]],
    groups: Sequence[tuple[str, Sequence[str]]] = (),
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    muscle_groups: Sequence[tuple[str, Sequence[str]]] = (),
) -> tuple[Part, ...]:
    """The book's parts, from whatever sections the site has; missing sections are skipped.

    Introduction and guide, anatomy (under `muscle_groups` labels), exercises (in `groups`,
    e.g. by kind), routines, the indexes (by muscle, equipment, goal), glossary, sources, then
    an appendix with anything else, so no page is dropped. Within a section, pages come in the
    order its hub links them (the hubs already sort sensibly: muscles by group, exercises
    easiest first), then in nav order, then by title.
    """
    pool = _Pool(pages, links, exclude)
    parts: list[Part] = []

    def add(title: str, *sections: Section, flow: bool = False) -> None:
        kept = tuple(s for s in sections if s.pages)
        if kept:
            parts.append(Part(title, kept, flow))

    glossary = pool.take(_named("glossary"))
    sources = pool.take(_named("sources"))
    add("Introduction", Section(None, pool.take(lambda p: p.url == "") + pool.whole("guide")))
    add("Anatomy", *pool.grouped("muscles", muscle_groups, "Other muscles", new_page=False))
    exercises_hub = Section(None, pool.take(_hub("exercises")))
    add("Exercises", exercises_hub, *pool.grouped("exercises", groups, "More exercises", True))
    add("Routines", Section(None, pool.whole("routines")))
    indexes = [Section("By muscle", pool.take(_hub("muscles")))]
    for section, title in (("equipment", "By equipment"), ("goals", "By goal")):
        indexes.append(Section(title, pool.whole(section)))
    add("Indexes", *indexes, flow=True)
    add("Glossary", Section(None, glossary))
    add("Sources", Section(None, sources))
    add("Appendix", Section(None, pool.take(lambda p: True)))
    return tuple(parts)


def exercise_groups(catalog: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """Exercise URLs grouped by kind, kinds in their vocabulary's order, from catalog.json."""
    return _grouped(catalog, "kinds", "exercises", "kind")


def muscle_groups(catalog: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """Muscle URLs by group, groups in their vocabulary's order, from catalog.json."""
    return _grouped(catalog, "muscle-groups", "muscles", "group")


def _grouped(
    catalog: Mapping[str, Any], vocabulary: str, items: str, field: str
) -> list[tuple[str, list[str]]]:
    """URLs of the catalogue's `items` by their `field`, in the order of its `vocabulary`."""
    terms = catalog.get("vocabularies", {}).get(vocabulary, [])
    by_term: dict[str, list[str]] = {t["slug"]: [] for t in terms}
    for item in catalog.get(items, []):
        by_term.setdefault(item.get(field, ""), []).append(item["url"])
    names = {t["slug"]: t["name"] for t in terms}
    return [(names.get(slug, slug or "Other"), urls) for slug, urls in by_term.items() if urls]
