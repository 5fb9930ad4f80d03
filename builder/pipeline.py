"""Run the four stages over a content directory: load -> validate -> link -> render."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder.cache import NO_CACHE
from builder.model import routes
from builder.model.entities import Catalogue, Exercise, GuidePage, Muscle, Routine, Vocabulary
from builder.model.problems import Problem, fold, has_errors, problem
from builder.model.schema import VOCABULARIES
from builder.model.yamltree import Map
from builder.stages import sitecheck, stats
from builder.stages.link import link
from builder.stages.load import RawPage, load_data, load_page, read_text
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


class _Paths:
    """Maps content paths to the form shown in messages."""

    def __init__(self, content: Path, display_root: Path | None) -> None:
        self.content = content
        self.root = display_root or Path.cwd()
        self._prefix: str | None = None
        if content.is_absolute():
            with contextlib.suppress(ValueError):  # another drive on Windows
                prefix = os.path.relpath(content, self.root)
                if os.path.basename(prefix) != os.pardir:  # the root is not inside content/
                    self._prefix = prefix

    def shown(self, src: str) -> str:
        if self._prefix is not None:  # as os.path.relpath(content / src, root)
            return os.path.normpath(os.path.join(self._prefix, src))
        path = self.content / src
        try:
            return os.path.relpath(path, self.root) if path.is_absolute() else str(path)
        except ValueError:  # another drive on Windows
            return str(path)


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
    paths = _Paths(content, display_root)
    problems: list[Problem] = []

    vocabularies: dict[str, Vocabulary] = {}
    unreadable: set[str] = set()
    for spec in VOCABULARIES:
        src = f"{routes.DATA_DIR}/{spec.name}.yml"
        if spec.name in OPTIONAL_VOCABULARIES and not (content / src).exists():
            vocabularies[spec.name] = Vocabulary(spec.name, spec.label, ())
            continue
        path, where = content / src, paths.shown(src)
        raw, found = store.file(path, where, functools.partial(load_data, path, where))
        problems += found
        if raw is None:
            unreadable.add(spec.name)
            vocabularies[spec.name] = Vocabulary(spec.name, spec.label, ())
            continue
        vocabularies[spec.name], found = store.keep(
            src, (raw, spec), functools.partial(validate_vocabulary, raw, spec)
        )
        problems += found
    problems += _source_clashes(vocabularies, paths)

    def discover() -> tuple[tuple[list[str], list[tree.Entry]], list[Problem]]:
        found: list[Problem] = []
        return _discover(content, paths, found), found

    # What reads only the names and kinds of what is under content/ is kept by the tree.
    (sources, entries), found = store.keep("discover", (store.tree, paths.root), discover)
    problems += found
    pages: dict[str, RawPage] = {}
    for src in sources:
        path, where = content / src, paths.shown(src)
        raw_page, found = store.file(path, where, functools.partial(load_page, path, src, where))
        in_section = src.split("/", 1)[0] in routes.PAGE_SECTIONS
        if found and (in_section or found[0].code != "no-front-matter"):
            problems += found
        if raw_page:
            pages[src] = raw_page

    problems += store.keep(
        "tree", (store.tree, paths.root), lambda: tree.check_tree(content, paths.shown, entries)
    )
    # A body's links to files must exist: checked again when the tree changes.
    problems += store.keep_pages(
        "bodies",
        {src: (store.tree, pages[src]) if src in pages else None for src in sources},
        paths.shown,
        lambda todo: bodies.check_bodies(content, todo, pages, paths.shown),
    )

    muscle_srcs = _section(sources, routes.MUSCLES)
    exercise_srcs = _section(sources, routes.EXERCISES)
    muscle_slugs = tuple(sorted(_stem(s) for s in muscle_srcs))
    files = {spec.name: paths.shown(f"{routes.DATA_DIR}/{spec.name}.yml") for spec in VOCABULARIES}
    vocabs = Vocabularies(vocabularies, muscle_slugs, frozenset(unreadable), files=files)

    muscles: dict[str, Muscle] = {}
    for src in muscle_srcs:
        if src in pages:
            muscle, found = store.keep(
                src, (pages[src], vocabs), functools.partial(validate_muscle, pages[src], vocabs)
            )
            problems += found
            if muscle:
                muscles[muscle.slug] = muscle
    aliases = {fold(a): m.slug for m in muscles.values() for a in m.aliases}
    if aliases:
        vocabs = dataclasses.replace(vocabs, muscle_aliases=aliases)

    exercises: dict[str, Exercise] = {}
    refs: dict[str, list[Ref]] = {}
    shown: dict[str, str] = {}
    for src in exercise_srcs:
        slug = _stem(src)
        shown[slug] = paths.shown(src)
        if src in pages:
            exercise, found_refs, found = store.keep(
                src, (pages[src], vocabs), functools.partial(validate_exercise, pages[src], vocabs)
            )
            problems += found
            refs[slug] = found_refs
            if exercise:
                exercises[slug] = exercise
    problems += check_references(exercises, refs, shown)

    routines: dict[str, Routine] = {}
    for src in _section(sources, routes.ROUTINES):
        if src in pages:
            routine, found_refs, found = store.keep(
                src, (pages[src], vocabs), functools.partial(validate_routine, pages[src], vocabs)
            )
            problems += found + check_steps(found_refs, shown, pages[src].shown)
            if routine:
                routines[routine.slug] = routine
    guides: dict[str, GuidePage] = {}
    for src in _section(sources, routes.GUIDE):
        if src in pages:
            guide, found = store.keep(
                src, (pages[src], vocabs), functools.partial(validate_guide, pages[src], vocabs)
            )
            problems += found
            if guide:
                guides[guide.slug] = guide

    problems += check_titles([pages[s] for s in sources if s in pages and _in_section(s)])
    if has_errors(problems):
        return Result(sorted(problems), None, None, frozenset())
    catalogue = link(exercises, muscles, vocabularies, routines, guides)
    problems += _unused(catalogue, paths)
    problems += [
        problem(paths.shown(catalogue.exercises[slug].src), 1, 1, "no-ladder")
        for slug in stats.off_ladder(catalogue)
    ]
    rendered = render(catalogue, override_dirs, store.memo)
    merged = _collisions(rendered, pages, paths, problems)
    generated = [*rendered.pages, *rendered.thumbnails, routes.CATALOG_JSON, routes.CATALOG_JS]
    problems += store.keep(
        "generated",
        (store.tree, paths.root, tuple(sources), tuple(generated)),
        lambda: tree.check_generated(content, sources, generated, paths.shown, entries),
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
    if site is not None and not has_errors(problems):  # as MkDocs would get no further
        problems += _site_checks(site, content, sources, pages, rendered, merged, entries, paths)
    if has_errors(problems):
        return Result(sorted(problems), None, None, frozenset())
    read = {s: pages[s] for d in routes.PAGE_SECTIONS for s in _section(sources, d) if s in pages}
    return Result(sorted(problems), catalogue, rendered, merged, read)


def _discover(
    content: Path, paths: _Paths, problems: list[Problem]
) -> tuple[list[str], list[tree.Entry]]:
    """Markdown pages under content/, sorted, and every entry there (tree.walk);
    symlinks and stray section pages are reported."""
    found: list[str] = []
    entries = tree.walk(content)
    for src, mode, is_dir in entries:
        name = src.rsplit("/", 1)[-1]
        if is_dir and (not stat.S_ISLNK(mode) or name.startswith(".")):
            continue  # a folder; links to hidden folders are not looked at
        if stat.S_ISLNK(mode):
            problems.append(problem(paths.shown(src), 0, 0, "symlink"))
        elif name.endswith(".md") and not name.startswith(".") and stat.S_ISREG(mode):
            section, _, rest = src.partition("/")
            if section in routes.PAGE_SECTIONS and "/" in rest:
                problems.append(problem(paths.shown(src), 0, 0, "stray-page", section=section))
            else:
                found.append(src)
    return sorted(found), entries


def _site_checks(
    site: sitecheck.Site,
    content: Path,
    sources: list[str],
    pages: dict[str, RawPage],
    rendered: Rendered,
    merged: frozenset[str],
    entries: list[tree.Entry],
    paths: _Paths,
) -> list[Problem]:
    """sitecheck over every hand-written page, those without front matter included."""
    written = dict(pages)
    for src in sources:
        if src not in written:
            text, _ = read_text(content / src, paths.shown(src))
            if text is not None:
                written[src] = RawPage(src, paths.shown(src), Map((), 1, 1), text, 1)
    files = {
        src
        for src, mode, is_dir in entries
        if stat.S_ISREG(mode) and not src.startswith(routes.DATA_DIR + "/")
    }
    files |= {*rendered.pages, routes.CATALOG_JSON, routes.CATALOG_JS}
    return sitecheck.check(
        site, written, rendered.pages, merged, rendered.heads, files, paths.shown, rendered.feet
    )


def _section(sources: list[str], section: str) -> list[str]:
    return [s for s in sources if s.startswith(section + "/") and s != routes.hub(section)]


def _in_section(src: str) -> bool:
    section, _, rest = src.partition("/")
    return section in routes.PAGE_SECTIONS and "/" not in rest and rest != "index.md"


def _stem(src: str) -> str:
    return src.rsplit("/", 1)[-1].removesuffix(".md")


OPTIONAL_VOCABULARIES = ("references",)
"""Data files a guide may leave out (a guide built from its articles alone)."""


def _source_clashes(vocabularies: dict[str, Vocabulary], paths: _Paths) -> list[Problem]:
    """A standard reference may not share a slug with an article: 'sources' names either."""
    articles = set(vocabularies["sources"].slugs)
    src = f"{routes.DATA_DIR}/references.yml"
    return [
        problem(paths.shown(src), term.line, 1, "source-clash", value=term.slug)
        for term in vocabularies["references"].terms
        if term.slug in articles
    ]


def _unused(catalogue: Catalogue, paths: _Paths) -> list[Problem]:
    """Warnings for terms and muscles no exercise uses: their pages would be empty."""
    problems = []
    indexes: tuple[tuple[str, Mapping[str, tuple[object, ...]], Mapping[str, object]], ...] = (
        ("equipment", catalogue.by_equipment, catalogue.variations_by_equipment),
        ("goals", catalogue.by_goal, {}),
    )
    for name, index, variations in indexes:
        src = f"{routes.DATA_DIR}/{name}.yml"
        for term in catalogue.vocabularies[name].terms:
            if not index.get(term.slug) and not variations.get(term.slug):
                problems.append(
                    problem(
                        paths.shown(src),
                        term.line,
                        1,
                        "unused-term",
                        vocabulary=catalogue.vocabularies[name].label,
                        value=term.slug,
                        file=src,
                    )
                )
    for slug, muscle in catalogue.muscles.items():
        if not catalogue.by_primary[slug] and not catalogue.by_secondary[slug]:
            problems.append(problem(paths.shown(muscle.src), 1, 1, "unused-muscle", value=slug))
    return problems


def _collisions(
    rendered: Rendered, pages: dict[str, RawPage], paths: _Paths, problems: list[Problem]
) -> frozenset[str]:
    """A hand-written page where a page is generated must carry the marker, or it is an error."""
    merged = set()
    for src in sorted(rendered.pages):
        page = pages.get(src)
        if page is None and not (paths.content / src).exists():
            continue
        if page is not None and routes.MARKER in page.body:
            merged.add(src)
        else:
            problems.append(
                problem(
                    paths.shown(src),
                    1,
                    1,
                    "path-collision",
                    target=routes.url(src) or "/",
                    marker=routes.MARKER,
                )
            )
    return frozenset(merged)
