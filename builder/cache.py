"""What `mkdocs serve` keeps between rebuilds, so that one edit re-reads one file.

Loaded files are kept by (path, shown path, modification time, size, inode); a file that
changes on disk is read again. Validated pages are kept with the exact page object and
vocabularies they were checked against, so an unchanged page keeps its model object
across rebuilds, and the renderer's memo (see ``render.Memo``) can tell by identity what
did not change. The content policy's checks of a page body are kept with the page object
and what else they read: the files under content/ (a body's links to images and files) or
the pages that exist (its links to pages). A clean build never uses any of this: the cache
only saves work, it never changes a result.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
import jinja2.bccache

from builder import policy
from builder.load import RawData, RawPage, load_data, load_page
from builder.model import Exercise, GuidePage, Muscle, Routine, Vocabulary
from builder.problems import Problem
from builder.render import Memo, Rendered, generated_page
from builder.schema import Vocab
from builder.validate import (
    Ref,
    Vocabularies,
    validate_exercise,
    validate_guide,
    validate_muscle,
    validate_routine,
    validate_vocabulary,
)

if TYPE_CHECKING:
    from builder.pipeline import Result

_T = TypeVar("_T")
RACY_SECONDS = 2.0
"""A file modified this recently when read may change again within the same timestamp tick:
it is read again next time rather than trusted (git's "racily clean" rule)."""

Stamp = tuple[str, int, int, int]
Checked = dict[str, tuple[RawPage, list[Problem]]]
"""Source path -> (the page object checked, its problems)."""


def _stamp(path: Path, shown: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time() - st.st_mtime < RACY_SECONDS:
        return None
    return (shown, st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class Cache:
    """Loaded and validated files, and rendered fragments, kept across rebuilds."""

    memo: Memo = field(default_factory=Memo)
    """Rendered pages and blocks by their inputs."""
    _loaded: dict[Path, tuple[Stamp, Any]] = field(default_factory=dict)
    _checked: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)
    _bodies: Checked = field(default_factory=dict)
    _tree: Any = None
    _page_links: Checked = field(default_factory=dict)
    _known: frozenset[str] = frozenset()
    _by_tree: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reads: int = 0
    """Files actually read from disk by the last run, for tests and the benchmark."""

    def start_run(self) -> None:
        self.reads = 0

    def _load(self, path: Path, shown: str, read: Any) -> Any:
        stamp = _stamp(path, shown)
        kept = self._loaded.get(path)
        if stamp is not None and kept is not None and kept[0] == stamp:
            return kept[1]
        self.reads += 1
        result = read()
        if kept is not None and result == kept[1]:
            # Read again but unchanged (a file saved just before the last rebuild is read
            # again): the same objects, so that nothing checked or rendered from them is
            # counted as changed.
            result = kept[1]
        self._loaded[path] = (stamp, result)  # no stamp yet: read again next time
        return result

    def load_page(self, path: Path, src: str, shown: str) -> tuple[RawPage | None, list[Problem]]:
        return self._load(path, shown, lambda: load_page(path, src, shown))

    def load_data(self, path: Path, shown: str) -> tuple[RawData | None, list[Problem]]:
        return self._load(path, shown, lambda: load_data(path, shown))

    def _check(self, key: str, raw: Any, against: Any, check: Any) -> Any:
        kept = self._checked.get(key)
        if kept is not None and kept[0] is raw and kept[1] == against:
            return kept[2]
        result = check()
        self._checked[key] = (raw, against, result)
        return result

    def validate_vocabulary(self, raw: RawData, spec: Vocab) -> tuple[Vocabulary, list[Problem]]:
        return self._check(
            f"vocabulary:{raw.shown}", raw, spec, lambda: validate_vocabulary(raw, spec)
        )

    def validate_muscle(
        self, page: RawPage, vocabs: Vocabularies
    ) -> tuple[Muscle | None, list[Problem]]:
        return self._check(
            f"muscle:{page.shown}", page, vocabs, lambda: validate_muscle(page, vocabs)
        )

    def validate_exercise(
        self, page: RawPage, vocabs: Vocabularies
    ) -> tuple[Exercise | None, list[Ref], list[Problem]]:
        return self._check(
            f"exercise:{page.shown}", page, vocabs, lambda: validate_exercise(page, vocabs)
        )

    def validate_routine(
        self, page: RawPage, vocabs: Vocabularies
    ) -> tuple[Routine | None, list[Ref], list[Problem]]:
        return self._check(
            f"routine:{page.shown}", page, vocabs, lambda: validate_routine(page, vocabs)
        )

    def validate_guide(
        self, page: RawPage, vocabs: Vocabularies
    ) -> tuple[GuidePage | None, list[Problem]]:
        return self._check(
            f"guide:{page.shown}", page, vocabs, lambda: validate_guide(page, vocabs)
        )

    def by_tree(self, name: str, content: Path, key: Any, compute: Callable[[], _T]) -> _T:
        """compute(), kept while nothing under content/ is added, removed or renamed and `key`
        is equal: for the checks that read only the names and kinds of what is there (the
        pipeline's discovery, the policy's tree checks; tests/test_incremental.py checks it)."""
        tree = (content, _tree(content), key)
        kept = self._by_tree.get(name)
        if tree[1] is not None and kept is not None and kept[0] == tree:
            return kept[1]
        result = compute()
        self._by_tree[name] = (tree, result)
        return result

    def check_bodies(
        self, content: Path, sources: list[str], pages: dict[str, RawPage], shown: policy.Shown
    ) -> list[Problem]:
        """policy.check_bodies for the pages that changed; for all when any file under
        content/ was added, removed or renamed, since a body's links to files must exist."""
        tree = (content, _tree(content))
        if tree[1] is None or tree != self._tree:
            self._bodies.clear()
        self._tree = tree
        return _per_page(
            self._bodies,
            sources,
            pages,
            shown,
            lambda todo: policy.check_bodies(content, todo, pages, shown),
        )

    def check_page_links(
        self, pages: dict[str, RawPage], known: set[str], shown: policy.Shown
    ) -> list[Problem]:
        """policy.check_page_links for the pages that changed; for all when a page was
        added or removed."""
        if known != self._known:
            self._page_links.clear()
            self._known = frozenset(known)
        return _per_page(
            self._page_links,
            sorted(pages),
            pages,
            shown,
            lambda todo: policy.check_page_links({s: pages[s] for s in todo}, known, shown),
        )


def _per_page(
    kept: Checked,
    sources: list[str],
    pages: dict[str, RawPage],
    shown: policy.Shown,
    check: Callable[[list[str]], list[Problem]],
) -> list[Problem]:
    """Run a per-page check on the pages not checked as these very objects before; keep each
    page's problems (those at its path). The order of the problems is left to the caller."""
    problems: list[Problem] = []
    todo: list[str] = []
    for src in sources:
        entry, page = kept.get(src), pages.get(src)
        if entry is not None and entry[0] is page:
            problems += entry[1]
        else:
            todo.append(src)
    for src in set(kept) - set(sources):
        del kept[src]
    if not todo:
        return problems
    found = check(todo)
    problems += found
    by_path = {shown(src): src for src in todo}
    own: dict[str, list[Problem]] = {src: [] for src in todo}
    for p in found:
        if p.path not in by_path:  # a problem of no page checked: keep nothing
            return problems
        own[by_path[p.path]].append(p)
    for src in todo:
        page = pages.get(src)
        if page is not None:  # a page without front matter is read and checked every time
            kept[src] = (page, own[src])
    return problems


def _tree(content: Path) -> frozenset[tuple[str, str]] | None:
    """Every entry under content/, hidden ones too, with its kind; None when there is a
    symbolic link (what a link through it reaches is not seen here) or a directory that
    cannot be read."""
    found: list[tuple[str, str]] = []
    stack = [("", str(content))]
    while stack:
        prefix, directory = stack.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:
            return None
        for entry in listed:
            name = prefix + entry.name
            if policy.is_editor_file(entry.name):
                continue  # an editor's swap file or lock link comes and goes with every save
            if entry.is_symlink():
                return None
            if entry.is_dir(follow_symlinks=False):
                stack.append((name + "/", entry.path))
                found.append((name, "dir"))
            else:
                found.append((name, "file" if entry.is_file(follow_symlinks=False) else "other"))
    return frozenset(found)


class Outputs:
    """The generated Markdown on disk, for `mkdocs serve --dirty`.

    MkDocs's --dirty rebuilds a page only when its source is newer than its output, and
    counts in-memory generated pages as always modified. Backing generated pages with files
    rewritten only when their Markdown changes lets unchanged ones be skipped. A page whose
    Markdown changed, or a hand-written page whose head or foot changed, is reported so that
    its output can be removed: --dirty then has to rebuild it.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._previous: Rendered | None = None

    def path(self, src: str) -> Path:
        return self.directory / src

    def update(self, result: Result, docs: str = "content") -> set[str]:
        """Write what changed since the last update; return the sources whose output changed."""
        rendered, merged = result.rendered, result.merged
        assert rendered is not None
        before = self._previous
        changed: set[str] = set()
        for src, markdown in rendered.pages.items():
            old = before.pages.get(src) if before else None
            if markdown != old or not self.path(src).is_file():
                changed.add(src)
                if src not in merged:
                    self.path(src).parent.mkdir(parents=True, exist_ok=True)
                    page = generated_page(rendered, src, docs)
                    self.path(src).write_text(page, encoding="utf-8")
        for parts in ("heads", "feet", "diagrams", "frames", "thumbnails"):
            now, then = getattr(rendered, parts), getattr(before, parts) if before else {}
            changed.update(src for src in now.keys() | then.keys() if now.get(src) != then.get(src))
        self._previous = rendered
        return changed


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per `mkdocs serve` session, not once per rebuild.

    MkDocs makes a new template environment for every build, which compiled the theme's
    templates (base.html, the partials) again: about a fifth of a rebuild's CPU at 1,000
    exercises. Given to each new environment, this hands back the code compiled for the same
    template under the same compile settings; Jinja compiles again any template whose source
    changed (the bucket's checksum).
    """

    def __init__(self) -> None:
        self.code: dict[tuple[Any, str], tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.code.get((_settings(bucket.environment), bucket.key))
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            key = (_settings(bucket.environment), bucket.key)
            self.code[key] = (bucket.checksum, bucket.code)


def _settings(env: jinja2.Environment) -> tuple[Any, ...]:
    """What compiled code depends on besides the template's source: the syntax, extensions
    and options, and the filters and tests by identity (the compiler checks that they exist,
    passes them what they ask for and may call them on constants)."""
    return (
        type(env),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        tuple(sorted((name, type(ext)) for name, ext in env.extensions.items())),
        env.optimized,
        env.autoescape,
        env.finalize,
        env.is_async,
        env.code_generator_class,
        env.undefined,
        tuple(sorted(env.filters.items())),
        tuple(sorted(env.tests.items())),
    )
