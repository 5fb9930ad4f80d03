"""Stage 1, load: read pages and vocabularies into positioned YAML trees.

A guarded reader around python-frontmatter: before handing a file to it, we report
what it would hide (a BOM, bad bytes, unclosed or non-mapping front matter, YAML
errors with the file's own line numbers); and how a path is shown in messages.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from builder.model.problems import Problem, problem
from builder.model.yamltree import Map, Node, YamlProblem, kind_of, parse

MAX_FILE_BYTES = 1_000_000
# python-frontmatter's own fence pattern, so we and it agree on where front matter ends.
_FENCE = YAMLHandler.FM_BOUNDARY
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class RawPage:
    """A Markdown page as read from disk, before validation."""

    src: str
    """Path relative to the content directory, with forward slashes."""
    shown: str
    """Path as shown in messages."""
    front: Map
    """The front matter, with positions."""
    body: str
    """The Markdown after the front matter."""
    body_line: int
    """1-based line of the file on which the body starts."""
    front_text: str = ""
    """The front matter as written, comments included."""
    front_line: int = 2
    """1-based line of the file on which the front matter starts."""


@dataclass(frozen=True)
class RawData:
    """A YAML data file (a vocabulary) as read from disk."""

    name: str
    """File stem, e.g. 'equipment'."""
    shown: str
    """Path as shown in messages."""
    tree: Node
    """The parsed document."""


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, reporting a BOM, bad bytes and oversize files."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [problem(shown, 0, 0, "unreadable", reason=err.strerror or str(err))]
    if len(raw) > MAX_FILE_BYTES:
        reason = f"it is {len(raw):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"
        return None, [problem(shown, 0, 0, "unreadable", reason=reason)]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [problem(shown, 1, 1, "bom")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [problem(shown, line, col, "encoding", byte=f"0x{raw[err.start]:02x}")]
    return text.replace("\r\n", "\n"), []


def load_page(path: Path, src: str, shown: str) -> tuple[RawPage | None, list[Problem]]:
    """Read one Markdown page with its front matter."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    # The fence matches whole lines: its '\s*' may run on over blank lines, but only from a
    # line that is a fence itself.
    if not _FENCE.match(text):
        return None, [problem(shown, 1, 1, "no-front-matter")]
    second = text.find("\n") + 1
    close = _FENCE.search(text, second) if second else None
    if close is None:
        return None, [problem(shown, 1, 1, "unclosed-front-matter")]
    yaml_text = text[second : close.start()] or "\n"
    end = _DOCUMENT_END.search(yaml_text)
    if end is not None:  # MkDocs ends front matter there; YAML reads on: they would differ
        line = 2 + yaml_text.count("\n", 0, end.start())
        return None, [problem(shown, line, 1, "engine-front")]
    try:
        tree = parse(yaml_text, first_line=2)
    except YamlProblem as err:
        return None, [problem(shown, err.line, err.col, err.code, **err.fields)]
    if not isinstance(tree, Map):
        return None, [problem(shown, 2, 1, "not-a-mapping", found=kind_of(tree).removeprefix("a "))]
    after = text.find("\n", close.start()) + 1
    body = text[after:] if after else ""
    body_line = text.count("\n", 0, close.start()) + 2
    return RawPage(src, shown, tree, body, body_line, yaml_text), []


def load_data(path: Path, shown: str) -> tuple[RawData | None, list[Problem]]:
    """Read one YAML data file."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    try:
        tree = parse(text, first_line=1)
    except YamlProblem as err:
        return None, [problem(shown, err.line, err.col, err.code, **err.fields)]
    return RawData(path.stem, shown, tree), []


class Paths:
    """Maps paths under content/ to the form shown in messages."""

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
