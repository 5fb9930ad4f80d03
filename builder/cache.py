"""What `mkdocs serve` keeps between rebuilds, so that one edit re-reads one file.

Loaded files are kept by (path, shown path, modification time, size, inode); a file that
changes on disk is read again. Validated pages are kept with the exact page object and
vocabularies they were checked against, so an unchanged page keeps its model object
across rebuilds, and the renderer's memo (see ``render.Memo``) can tell by identity what
did not change. A clean build never uses any of this: the cache only saves work, it never
changes a result.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.load import RawData, RawPage, load_data, load_page
from builder.model import Catalogue, Exercise, Muscle, Vocabulary
from builder.problems import Problem
from builder.render import Memo, Rendered
from builder.schema import Vocab
from builder.validate import (
    Ref,
    Vocabularies,
    validate_exercise,
    validate_muscle,
    validate_vocabulary,
)

if TYPE_CHECKING:
    from builder.pipeline import Result

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


@dataclass
class Cache:
    """Loaded and validated files, and rendered fragments, kept across rebuilds."""

    memo: Memo = field(default_factory=Memo)
    """Rendered pages and blocks by their inputs."""
    _loaded: dict[Path, tuple[Stamp, Any]] = field(default_factory=dict)
    _checked: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)
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
        if stamp is not None:
            self._loaded[path] = (stamp, result)
        else:
            self._loaded.pop(path, None)
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


class Outputs:
    """The generated Markdown on disk, for `mkdocs serve --dirty`.

    MkDocs's --dirty rebuilds a page only when its source is newer than its output, and
    counts in-memory generated pages as always modified. Backing generated pages with files
    rewritten only when their Markdown changes lets unchanged ones be skipped. A page whose
    Markdown changed, or a hand-written page whose generated blocks changed, is reported
    so that its output can be removed: --dirty then has to rebuild it.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._previous: Rendered | None = None
        self._views: dict[str, Any] = {}

    def path(self, src: str) -> Path:
        return self.directory / src

    def update(self, result: Result, view: Callable[[Catalogue, str], Any]) -> set[str]:
        """Write what changed since the last update; return the sources whose output changed.

        `view` gives the data the theme shows on a page (its card), which must be compared too.
        """
        rendered, merged, catalogue = result.rendered, result.merged, result.catalogue
        assert rendered is not None and catalogue is not None
        before = self._previous
        changed: set[str] = set()
        for src, markdown in rendered.pages.items():
            old = before.pages.get(src) if before else None
            if markdown != old or not self.path(src).is_file():
                changed.add(src)
                if src not in merged:
                    self.path(src).parent.mkdir(parents=True, exist_ok=True)
                    self.path(src).write_text(markdown, encoding="utf-8")
        for parts in ("heads", "leads", "feet", "blocks"):
            now, then = getattr(rendered, parts), getattr(before, parts) if before else {}
            changed.update(src for src in now.keys() | then.keys() if now.get(src) != then.get(src))
        views = {src: view(catalogue, src) for src in rendered.heads}
        changed.update(src for src in views if views[src] != self._views.get(src))
        self._previous, self._views = rendered, views
        return changed
