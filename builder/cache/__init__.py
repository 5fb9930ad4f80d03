"""What `mkdocs serve` keeps between rebuilds, so that one edit re-reads one file.

One `Cache` per serve session, behind one interface: `file` keeps what was read from a file
while its stamp (modification time, size, inode) is the same; `keep` keeps a computed value
while its key (what it was computed from: objects kept by this cache, compared by identity
or equality) is the same; `keep_pages` does the same for a check over many pages, page by
page. `tree` is the names and kinds of everything under content/ at the start of the run,
for what depends on what is there. A run without a cache computes everything (`NO_CACHE`).
Unchanged inputs give back the very objects of the last run, so that the renderer's memo
(`memo.Memo`) can tell by identity what did not change. The cache only saves work: it
never changes a result (tests/test_incremental.py).

Besides: the render's memo (`memo.py`), the generated pages on disk for `serve --dirty`
(`Outputs`) and the theme's compiled templates (`CompiledTemplates`). Nothing here reaches
beyond the session. May import ``model``, ``pose``, ``stages`` and ``pipeline``.
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

from builder.cache.memo import Memo
from builder.model.problems import Problem
from builder.stages.policy.tree import Shown, is_editor_file
from builder.stages.render import Rendered, generated_page

if TYPE_CHECKING:
    from builder.pipeline import Result

_T = TypeVar("_T")
RACY_SECONDS = 2.0
"""A file modified this recently when read may change again within the same timestamp tick:
it is read again next time rather than trusted (git's "racily clean" rule)."""

Stamp = tuple[str, int, int, int]


def _stamp(path: Path, shown: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if time.time() - st.st_mtime < RACY_SECONDS:
        return None
    return (shown, st.st_mtime_ns, st.st_size, st.st_ino)


class NoCache:
    """A run without a cache: everything is read and computed."""

    memo: Memo | None = None
    tree: object = None

    def start(self, content: Path) -> None:
        pass

    def file(self, path: Path, shown: str, read: Callable[[], _T]) -> _T:
        return read()

    def keep(self, name: str, key: tuple[object, ...], compute: Callable[[], _T]) -> _T:
        return compute()

    def keep_pages(
        self,
        name: str,
        keys: dict[str, object],
        shown: Shown,
        check: Callable[[list[str]], list[Problem]],
    ) -> list[Problem]:
        return check(list(keys))


NO_CACHE = NoCache()


@dataclass(eq=False)
class Cache(NoCache):
    """What one `mkdocs serve` session keeps across rebuilds."""

    memo: Memo = field(default_factory=Memo)
    """Rendered pages and blocks by their inputs."""
    outputs: Outputs | None = None
    """The generated pages on disk, under `serve --dirty`."""
    templates: CompiledTemplates = field(default_factory=lambda: CompiledTemplates())
    tree: object = None
    reads: int = 0
    """Files actually read from disk by the last run, for tests and the benchmark."""
    _files: dict[Path, tuple[Stamp | None, Any]] = field(default_factory=dict)
    _kept: dict[str, tuple[tuple[object, ...], Any]] = field(default_factory=dict)
    _pages: dict[str, dict[str, tuple[object, list[Problem]]]] = field(default_factory=dict)
    _used: set[str | Path] = field(default_factory=set)
    """What this run used, of `_kept` and `_files`: the rest is forgotten at the next start."""

    def start(self, content: Path) -> None:
        """Begin a run over this content directory; forget what the last run did not use."""
        self.reads = 0
        tree = _tree(content)
        # The same object while the tree is the same, so that keys holding it compare fast;
        # an unknown tree equals no other.
        self.tree = self.tree if tree is not None and tree == self.tree else tree or object()
        if self._used:
            for name in self._kept.keys() - self._used:
                del self._kept[name]
            for path in self._files.keys() - self._used:
                del self._files[path]
        self._used.clear()

    def file(self, path: Path, shown: str, read: Callable[[], _T]) -> _T:
        """read(), kept while the file's stamp is the same."""
        self._used.add(path)
        stamp = _stamp(path, shown)
        kept = self._files.get(path)
        if stamp is not None and kept is not None and kept[0] == stamp:
            return kept[1]  # type: ignore[no-any-return]
        self.reads += 1
        result = read()
        if kept is not None and result == kept[1]:
            # Read again but unchanged (a file saved just before the last rebuild is read
            # again): the same objects, so that nothing made from them counts as changed.
            result = kept[1]
        self._files[path] = (stamp, result)  # no stamp yet: read again next time
        return result

    def keep(self, name: str, key: tuple[object, ...], compute: Callable[[], _T]) -> _T:
        """compute(), kept under `name` while `key` is equal to the last one."""
        self._used.add(name)
        kept = self._kept.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]  # type: ignore[no-any-return]
        result = compute()
        self._kept[name] = (key, result)
        return result

    def keep_pages(
        self,
        name: str,
        keys: dict[str, object],
        shown: Shown,
        check: Callable[[list[str]], list[Problem]],
    ) -> list[Problem]:
        """check() over the pages whose key changed (all pages, the first time); each
        page's problems (those at its path) are kept while its key is equal. A page whose
        key is None is checked every time. The problems' order is left to the caller."""
        kept = self._pages.setdefault(name, {})
        problems: list[Problem] = []
        todo: list[str] = []
        for src, key in keys.items():
            entry = kept.get(src)
            if key is not None and entry is not None and entry[0] == key:
                problems += entry[1]
            else:
                todo.append(src)
        for src in kept.keys() - keys.keys():
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
            if keys[src] is not None:
                kept[src] = (keys[src], own[src])
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
            if is_editor_file(entry.name):
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
