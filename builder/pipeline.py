"""Run the stages over a content directory: load -> validate -> policy -> link -> render."""

from __future__ import annotations

import dataclasses
import functools
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from builder.cache import NO_CACHE, NoCache
from builder.model import routes
from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine, Vocabulary
from builder.model.problems import Problem, fold, has_errors, problem
from builder.model.schema import VOCABULARIES
from builder.model.yamltree import Map
from builder.stages import sitecheck
from builder.stages.link import link, link_warnings
from builder.stages.load import Paths, RawData, RawPage, load_data, load_page, read_text
from builder.stages.policy import bodies, tree
from builder.stages.render import Rendered, render
from builder.stages.validate.pages import (
    validate_exercise,
    validate_guide,
    validate_muscle,
    validate_routine,
    validate_vocabulary,
)
from builder.stages.validate.references import Ref, check_references, check_steps, check_titles
from builder.stages.validate.values import Vocabularies

if TYPE_CHECKING:
    from builder.cache import Cache

_T = TypeVar("_T")


@dataclass(frozen=True)
class Result:
    """The outcome of a run: problems always; a catalogue and output only when error-free."""

    problems: list[Problem]
    """Every problem found, sorted by file, line and column."""
    catalogue: Catalogue | None
    rendered: Rendered | None
    merged: frozenset[str]
    """Generated pages that a hand-written page with the marker receives instead."""
    pages: dict[str, RawPage] = field(default_factory=dict)
    """The pages of the sections (exercises, muscles...) as read, for MkDocs to use rather
    than read them and parse their front matter again."""

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass(frozen=True)
class _Loaded:
    """What stage 1 read: the data files, the pages and the entries under content/."""

    data: dict[str, RawData | None]
    """Each vocabulary's file as read: None when unreadable, absent when optional and missing."""
    sources: list[str]
    """The Markdown pages under content/, sorted."""
    entries: list[tree.Entry]
    pages: dict[str, RawPage]
    """The pages read with their front matter."""

    def in_sections(self) -> dict[str, RawPage]:
        """The pages of the sections (exercises, muscles...) read, their hubs left out."""
        found = [s for d in routes.PAGE_SECTIONS for s in _section(self.sources, d)]
        return {s: self.pages[s] for s in found if s in self.pages}


@dataclass(frozen=True)
class _Valid:
    """What stage 2 accepted, for the link stage."""

    vocabularies: dict[str, Vocabulary]
    muscles: dict[str, Muscle]
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    guides: dict[str, GuidePage]


def run(
    content: Path,
    display_root: Path | None = None,
    override_dirs: list[Path] | None = None,
    cache: Cache | None = None,
    site: sitecheck.Site | None = None,
) -> Result:
    """Check and render the whole content directory.

    With a cache (`mkdocs serve`), unchanged files are neither read nor checked again and
    unchanged pages are not rendered again; the result is the same. With a site (`builder
    check`), the link, anchor and nav checks of a strict MkDocs build run too.
    """
    content = content.absolute()
    store = cache if cache is not None else NO_CACHE
    store.start(content)
    paths = Paths(content, display_root)
    problems: list[Problem] = []
    loaded = _load(store, paths, problems)
    valid = _validate(store, paths, loaded, problems)
    problems += _policy(store, paths, loaded)
    if has_errors(problems):
        return Result(sorted(problems), None, None, frozenset())
    catalogue = link(
        valid.exercises, valid.muscles, valid.vocabularies, valid.routines, valid.guides
    )
    problems += link_warnings(catalogue, paths.shown)
    rendered = render(catalogue, override_dirs, store.memo)
    merged = _collisions(rendered, loaded.pages, paths, problems)
    problems += _policy_of_rendered(store, paths, loaded, rendered)
    if site is not None and not has_errors(problems):  # as MkDocs would get no further
        problems += _site_checks(site, paths, loaded, rendered, merged)
    if has_errors(problems):
        return Result(sorted(problems), None, None, frozenset())
    return Result(sorted(problems), catalogue, rendered, merged, loaded.in_sections())


def _load(store: NoCache, paths: Paths, problems: list[Problem]) -> _Loaded:
    """Stage 1: read the data files and every page under content/."""
    data: dict[str, RawData | None] = {}
    for spec in VOCABULARIES:
        src = _data_src(spec.name)
        path, where = paths.content / src, paths.shown(src)
        if spec.name in OPTIONAL_VOCABULARIES and not path.exists():
            continue
        data[spec.name], found = store.file(path, where, functools.partial(load_data, path, where))
        problems += found

    # What reads only the names and kinds of what is under content/ is kept by the tree.
    look = functools.partial(tree.discover, paths.content, paths.shown)
    sources, entries, found = store.keep("discover", (store.tree, paths.root), look)
    problems += found
    pages: dict[str, RawPage] = {}
    for src in sources:
        path, where = paths.content / src, paths.shown(src)
        raw_page, found = store.file(path, where, functools.partial(load_page, path, src, where))
        in_section = src.split("/", 1)[0] in routes.PAGE_SECTIONS
        if found and (in_section or found[0].code != "no-front-matter"):
            problems += found
        if raw_page:
            pages[src] = raw_page
    return _Loaded(data, sources, entries, pages)


def _validate(store: NoCache, paths: Paths, loaded: _Loaded, problems: list[Problem]) -> _Valid:
    """Stage 2: the vocabularies, then each page against them, then the references."""
    vocabularies = _vocabularies(store, paths, loaded.data, problems)
    files = {spec.name: paths.shown(_data_src(spec.name)) for spec in VOCABULARIES}
    muscle_slugs = tuple(sorted(_stem(s) for s in _section(loaded.sources, routes.MUSCLES)))
    unreadable = frozenset(name for name, raw in loaded.data.items() if raw is None)
    vocabs = Vocabularies(vocabularies, muscle_slugs, unreadable, files=files)

    muscles: dict[str, Muscle] = {}
    for muscle, found in _each(store, loaded, routes.MUSCLES, vocabs, validate_muscle).values():
        problems += found
        if muscle:
            muscles[muscle.slug] = muscle
    aliases = {fold(a): m.slug for m in muscles.values() for a in m.aliases}
    if aliases:
        vocabs = dataclasses.replace(vocabs, muscle_aliases=aliases)

    exercises: dict[str, Exercise] = {}
    refs: dict[str, list[Ref]] = {}
    shown = {_stem(s): paths.shown(s) for s in _section(loaded.sources, routes.EXERCISES)}
    checked = _each(store, loaded, routes.EXERCISES, vocabs, validate_exercise)
    for src, (exercise, found_refs, found) in checked.items():
        problems += found
        refs[_stem(src)] = found_refs
        if exercise:
            exercises[_stem(src)] = exercise
    problems += check_references(exercises, refs, shown)

    routines: dict[str, Routine] = {}
    checked_routines = _each(store, loaded, routes.ROUTINES, vocabs, validate_routine)
    for src, (routine, found_refs, found) in checked_routines.items():
        problems += found + check_steps(found_refs, shown, loaded.pages[src].shown)
        if routine:
            routines[routine.slug] = routine
    guides: dict[str, GuidePage] = {}
    for guide, found in _each(store, loaded, routes.GUIDE, vocabs, validate_guide).values():
        problems += found
        if guide:
            guides[guide.slug] = guide
    problems += check_titles(list(loaded.in_sections().values()))
    return _Valid(vocabularies, muscles, exercises, routines, guides)


def _vocabularies(
    store: NoCache, paths: Paths, data: dict[str, RawData | None], problems: list[Problem]
) -> dict[str, Vocabulary]:
    """Each vocabulary as checked; one unreadable or left out is empty."""
    vocabularies: dict[str, Vocabulary] = {}
    for spec in VOCABULARIES:
        raw = data.get(spec.name)
        if raw is None:
            vocabularies[spec.name] = Vocabulary(spec.name, spec.label, ())
            continue
        vocabularies[spec.name], found = store.keep(
            _data_src(spec.name), (raw, spec), functools.partial(validate_vocabulary, raw, spec)
        )
        problems += found
    problems += _source_clashes(vocabularies, paths)
    return vocabularies


def _each(
    store: NoCache,
    loaded: _Loaded,
    section: str,
    vocabs: Vocabularies,
    validate: Callable[[RawPage, Vocabularies], _T],
) -> dict[str, _T]:
    """validate() of each page of a section that was read, kept while its inputs are the same."""
    pages = loaded.pages
    return {
        src: store.keep(src, (pages[src], vocabs), functools.partial(validate, pages[src], vocabs))
        for src in _section(loaded.sources, section)
        if src in pages
    }


def _policy(store: NoCache, paths: Paths, loaded: _Loaded) -> list[Problem]:
    """The content policy: what may sit under content/ and what a body may contain."""
    content, pages = paths.content, loaded.pages
    return [
        *store.keep(
            "tree", (store.tree, paths.root), lambda: tree.check_tree(loaded.entries, paths.shown)
        ),
        # A body's links to files must exist: checked again when the tree changes.
        *store.keep_pages(
            "bodies",
            {src: (store.tree, pages[src]) if src in pages else None for src in loaded.sources},
            paths.shown,
            lambda todo: bodies.check_bodies(content, todo, pages, paths.shown),
        ),
    ]


def _policy_of_rendered(
    store: NoCache, paths: Paths, loaded: _Loaded, rendered: Rendered
) -> list[Problem]:
    """No generated file where a file is written; links to pages that exist, generated or not."""
    sources, pages = loaded.sources, loaded.pages
    generated = [*rendered.pages, *rendered.thumbnails, routes.CATALOG_JSON, routes.CATALOG_JS]
    problems = list(
        store.keep(
            "generated",
            (store.tree, paths.root, tuple(sources), tuple(generated)),
            lambda: tree.check_generated(loaded.entries, sources, generated, paths.shown),
        )
    )
    known = {*sources, *rendered.pages}
    # Links to pages are checked again when a page comes or goes (the same object till then).
    pages_known = frozenset(known)
    pages_known = store.keep("pages known", (pages_known,), lambda: pages_known)
    problems += store.keep_pages(
        "page links",
        {src: (pages_known, page) for src, page in sorted(pages.items())},
        paths.shown,
        lambda todo: bodies.check_page_links({s: pages[s] for s in todo}, known, paths.shown),
    )
    return problems


def _site_checks(
    site: sitecheck.Site, paths: Paths, loaded: _Loaded, rendered: Rendered, merged: frozenset[str]
) -> list[Problem]:
    """sitecheck over every hand-written page, those without front matter included."""
    written = dict(loaded.pages)
    for src in loaded.sources:
        if src not in written:
            text, _ = read_text(paths.content / src, paths.shown(src))
            if text is not None:
                written[src] = RawPage(src, paths.shown(src), Map((), 1, 1), text, 1)
    files = {
        src
        for src, mode, is_dir in loaded.entries
        if stat.S_ISREG(mode) and not src.startswith(routes.DATA_DIR + "/")
    }
    files |= {*rendered.pages, routes.CATALOG_JSON, routes.CATALOG_JS}
    return sitecheck.check(
        site, written, rendered.pages, merged, rendered.heads, files, paths.shown, rendered.feet
    )


def _section(sources: list[str], section: str) -> list[str]:
    return [s for s in sources if s.startswith(section + "/") and s != routes.hub(section)]


def _stem(src: str) -> str:
    return src.rsplit("/", 1)[-1].removesuffix(".md")


def _data_src(name: str) -> str:
    return f"{routes.DATA_DIR}/{name}.yml"


OPTIONAL_VOCABULARIES = ("references",)
"""Data files a guide may leave out (a guide built from its articles alone)."""


def _source_clashes(vocabularies: dict[str, Vocabulary], paths: Paths) -> list[Problem]:
    """A standard reference may not share a slug with an article: 'sources' names either."""
    articles = set(vocabularies["sources"].slugs)
    src = _data_src("references")
    return [
        problem(paths.shown(src), term.line, 1, "source-clash", value=term.slug)
        for term in vocabularies["references"].terms
        if term.slug in articles
    ]


def _collisions(
    rendered: Rendered, pages: dict[str, RawPage], paths: Paths, problems: list[Problem]
) -> frozenset[str]:
    """A hand-written page where a page is generated must carry the marker, or it is an error."""
    merged = set()
    for src in sorted(rendered.pages):
        page = pages.get(src)
        if page is None and not (paths.content / src).exists():
            continue
        if page is not None and routes.MARKER in page.body:
            merged.add(src)
            continue
        where = (paths.shown(src), 1, 1, "path-collision")
        problems.append(problem(*where, target=routes.url(src) or "/", marker=routes.MARKER))
    return frozenset(merged)
