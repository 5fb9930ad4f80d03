"""A guarded YAML reader that keeps the line and column of every key and item.

Values stay as the text the author wrote: the schema, not YAML 1.1, decides what
``no``, ``1:30`` or ``010`` mean. The tree is built from libyaml's event stream, where
anchors, aliases, tags and deep nesting are refused before anything is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Scalar:
    """A leaf value, kept as written."""

    text: str
    """The scalar's text, unresolved."""
    line: int
    """1-based line in the file."""
    col: int
    """1-based column in the file."""
    quoted: bool
    """True when the author quoted it (so it is a string, never null)."""

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True, slots=True)
class Seq:
    """A list of nodes."""

    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Map:
    """A mapping whose keys are scalars, in the order written."""

    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    def get(self, key: str) -> Node | None:
        return next((v for k, v in self.entries if k.text == key), None)


Node = Scalar | Seq | Map


class YamlProblem(Exception):
    """The YAML could not be read; carries a problem code, a position and format fields."""

    def __init__(self, code: str, line: int, col: int, **fields: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.col = col
        self.fields = fields


def _syntax(line: int, col: int, problem: str, hint: str) -> YamlProblem:
    return YamlProblem("yaml-syntax", line, col, problem=problem, hint=hint)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when present: its event parser is iterative, so deep nesting cannot crash it."""


def parse(text: str, first_line: int = 1) -> Node:
    """Parse one YAML document whose first line is line ``first_line`` of its file."""
    _check_characters(text, first_line)
    offset = first_line - 1
    try:
        return _build(yaml.parse(text, Loader=_LOADER), offset) or Map((), first_line, 1)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 0)
        lines = text.split("\n")
        source = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "\t" in source:
            hint = "indent with spaces, not tabs"
        elif _APOSTROPHE.search(source):
            hint = (
                "an apostrophe inside single quotes ends the text: write it twice "
                "('Runner''s curl') or use double quotes (\"Runner's curl\")"
            )
        else:
            hint = _hint(err)
        raise _syntax(line, col, _describe(err), hint) from None
    except yaml.YAMLError as err:
        raise _syntax(first_line, 0, str(err), "check the YAML syntax") from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters YAML refuses outright (its reader's message names no line of the file)."""
_WIDE_COLON = re.compile(
    r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*([\uff1a\ufe55\ufe13])", re.M
)
"""A key followed by a full-width colon: YAML reads the line as text and fails a line on."""
_APOSTROPHE = re.compile(r"'[^'\n]*'[^\s,\]}#'][^\n]*'")
"""A single-quoted value cut short by an apostrophe: 'Runner's curl'."""


def _check_characters(text: str, first_line: int) -> None:
    """Refuse, at their own position, what YAML would report vaguely or a line late."""
    for pattern in (_CONTROL, _WIDE_COLON):
        match = pattern.search(text)
        if match is None:
            continue
        start = match.start(match.lastindex or 0)
        line = first_line + text.count("\n", 0, start)
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        if pattern is _CONTROL:
            raise YamlProblem("bad-character", line, col, char=f"U+{ord(match.group(0)):04X}")
        key, colon = match.groups()
        problem = f"the key '{key}' is followed by a full-width colon '{colon}'"
        raise _syntax(line, col, problem, f"type an ordinary colon: '{key}: ...'")


def _build(events: Iterator[yaml.Event], offset: int) -> Node | None:
    """Build the tree from the event stream in one pass, refusing what we do not allow.

    Anchors, aliases and tags are refused, and nesting is limited, before any of them
    could expand or recurse.
    """
    stack: list[tuple[list[Node], yaml.Event]] = []
    root: Node | None = None
    for event in events:
        line, col = _position(event, offset)
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem("yaml-feature", line, col, feature="aliases (*name)")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlProblem("yaml-feature", line, col, feature="anchors (&name)")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlProblem("yaml-feature", line, col, feature=f"tags ({tag})")
        if isinstance(event, yaml.DocumentStartEvent) and root is not None:
            hint = "front matter holds one mapping; remove the extra '---'"
            raise _syntax(line, col, "a second document starts here", hint)
        node: Node | None = None
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem("yaml-depth", line, col, limit=MAX_DEPTH)
            stack.append(([], event))
        elif isinstance(event, yaml.ScalarEvent):
            node = Scalar(event.value, line, col, quoted=event.style in ("'", '"', "|", ">"))
        elif isinstance(event, yaml.CollectionEndEvent):
            items, start = stack.pop()
            at = _position(start, offset)
            is_seq = isinstance(start, yaml.SequenceStartEvent)
            node = Seq(tuple(items), *at) if is_seq else Map(_pairs(items), *at)
        if node is not None:
            if stack:
                stack[-1][0].append(node)
            else:
                root = node
    return root


def _position(event: yaml.Event, offset: int) -> tuple[int, int]:
    """The 1-based line and column in the file where an event starts (libyaml marks every
    event)."""
    mark = event.start_mark
    assert mark is not None
    return mark.line + 1 + offset, mark.column + 1


def _pairs(items: list[Node]) -> tuple[tuple[Scalar, Node], ...]:
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    for key, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(key, Scalar):
            raise _syntax(
                key.line, key.col, "a key must be plain text", "write keys as simple words"
            )
        if key.text in seen:
            raise YamlProblem(
                "duplicate-key", key.line, key.col, key=key.text, first=seen[key.text]
            )
        seen[key.text] = key.line
        entries.append((key, value))
    return tuple(entries)


def _describe(err: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (err.context, err.problem) if p]
    return ", ".join(parts) if parts else "cannot parse"


def _hint(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or ""
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "each line needs 'key: value'; quote values that span lines"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "put the value in quotes"
    return "check indentation and quote values that contain ':' or '#'"


def kind_of(node: Node) -> str:
    """A short English name of a node's type, for messages."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return "empty value" if node.is_null else f"'{node.text}'"


def plain(node: Node) -> Any:
    """The tree as plain Python data, every scalar as written (None when empty)."""
    if isinstance(node, Map):
        return {key.text: plain(value) for key, value in node.entries}
    if isinstance(node, Seq):
        return [plain(item) for item in node.items]
    return None if node.is_null else node.text
