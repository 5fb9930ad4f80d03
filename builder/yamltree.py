"""A guarded YAML reader that keeps the line and column of every key and item.

Values stay as the text the author wrote: the schema, not YAML 1.1, decides what
``no``, ``1:30`` or ``010`` mean. The plain YAML of most front matter is read by a small
reader of its own (`_Simple`), far faster than libyaml's event stream; anything else goes to
that stream, where anchors, aliases, tags and deep nesting are refused before anything is
built. Either way the tree and every message are the same.
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
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


Node = Scalar | Seq | Map


class YamlProblem(Exception):
    """The YAML could not be read; carries a problem code, a position and format fields."""

    def __init__(self, code: str, line: int, col: int, **fields: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.col = col
        self.fields = fields


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when present: its event parser is iterative, so deep nesting cannot crash it."""


def parse(text: str, first_line: int = 1) -> Node:
    """Parse one YAML document whose first line is line ``first_line`` of its file."""
    simple = _Simple(text, first_line).parse()
    if simple is not None:
        return simple
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
        raise YamlProblem("yaml-syntax", line, col, problem=_describe(err), hint=hint) from None
    except yaml.YAMLError as err:
        raise YamlProblem(
            "yaml-syntax", first_line, 0, problem=str(err), hint="check the YAML syntax"
        ) from None


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
    for pattern, found in ((_CONTROL, _control), (_WIDE_COLON, _wide_colon)):
        match = pattern.search(text)
        if match is not None:
            start = match.start(match.lastindex or 0)
            line = first_line + text.count("\n", 0, start)
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            raise found(match, line, col)


def _control(match: re.Match[str], line: int, col: int) -> YamlProblem:
    return YamlProblem("bad-character", line, col, char=f"U+{ord(match.group(0)):04X}")


def _wide_colon(match: re.Match[str], line: int, col: int) -> YamlProblem:
    return YamlProblem(
        "yaml-syntax",
        line,
        col,
        problem=f"the key '{match.group(1)}' is followed by a full-width colon '{match.group(2)}'",
        hint=f"type an ordinary colon: '{match.group(1)}: ...'",
    )


def _build(events: Iterator[yaml.Event], offset: int) -> Node | None:
    """Build the tree from the event stream in one pass, refusing what we do not allow.

    Anchors, aliases and tags are refused, and nesting is limited, before any of them
    could expand or recurse.
    """
    stack: list[tuple[list[Node], yaml.Event]] = []
    root: Node | None = None
    for event in events:
        line, col = event.start_mark.line + 1 + offset, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem("yaml-feature", line, col, feature="aliases (*name)")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlProblem("yaml-feature", line, col, feature="anchors (&name)")
        if getattr(event, "tag", None) is not None:
            raise YamlProblem("yaml-feature", line, col, feature=f"tags ({event.tag})")
        if isinstance(event, yaml.DocumentStartEvent) and root is not None:
            raise YamlProblem(
                "yaml-syntax",
                line,
                col,
                problem="a second document starts here",
                hint="front matter holds one mapping; remove the extra '---'",
            )
        node: Node | None = None
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem("yaml-depth", line, col, limit=MAX_DEPTH)
            stack.append(([], event))
        elif isinstance(event, yaml.ScalarEvent):
            node = Scalar(event.value, line, col, quoted=event.style in ("'", '"', "|", ">"))
        elif isinstance(event, yaml.CollectionEndEvent):
            items, start = stack.pop()
            at = start.start_mark.line + 1 + offset, start.start_mark.column + 1
            if isinstance(start, yaml.SequenceStartEvent):
                node = Seq(tuple(items), *at)
            else:
                node = Map(_pairs(items), *at)
        if node is not None:
            if stack:
                stack[-1][0].append(node)
            else:
                root = node
    return root


def _pairs(items: list[Node]) -> tuple[tuple[Scalar, Node], ...]:
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    for key, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(key, Scalar):
            raise YamlProblem(
                "yaml-syntax",
                key.line,
                key.col,
                problem="a key must be plain text",
                hint="write keys as simple words",
            )
        if key.text in seen:
            raise YamlProblem(
                "duplicate-key", key.line, key.col, key=key.text, first=seen[key.text]
            )
        seen[key.text] = key.line
        entries.append((key, value))
    return tuple(entries)


class _NotSimple(Exception):
    """The text uses YAML beyond what `_Simple` reads: libyaml reads it instead."""


_UNSAFE = re.compile(
    r"[^\x20-\x7e\n\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)
"""Characters YAML refuses or reads as line breaks, tabs and byte-order marks."""
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@` "
"""Characters a plain scalar may not start with (anchors, tags, aliases among them)."""


def _not_plain(text: str) -> bool:
    """Whether text cannot start a plain scalar; '-' before a digit can (a negative number)."""
    return text[:1] in _INDICATORS and not (text[:1] == "-" and text[1:2].isdigit())


_DOUBLE = re.compile(r'"([^"\\]*)" *')
_SINGLE = re.compile(r"'([^']*)' *")
_FLOW_PLAIN = re.compile(r"([^,\[\]{}#: ]+(?: +[^,\[\]{}#: ]+)*) *")
"""Words and the spaces between them (matched in linear time), then trailing spaces."""
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +")
_SPACES = re.compile(r" *")


class _Simple:
    """A reader of the plain YAML front matter is made of, far faster than libyaml's events.

    It reads block mappings with simple keys, block sequences, one-line flow sequences and
    mappings, and one-line scalars (plain, or quoted without escapes), with the positions
    libyaml gives them. Anything else (comments after values, anchors, tags, multi-line
    scalars, escapes, tabs, empty values, duplicate keys, errors) makes it give up, and
    libyaml reads the text: the result is the same either way (tests/test_yamltree.py).
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.lines: list[tuple[int, int, str]] = []
        """(line number, indentation, content) of each line that is not blank or a comment,
        then an end mark that is less indented than any."""

    def parse(self) -> Map | None:
        text = self.text
        if not (text.isascii() and text.replace("\n", "").isprintable()) and _UNSAFE.search(text):
            return None
        for number, line in enumerate(text.split("\n"), self.first_line):
            content = line.lstrip(" ")
            if content and not content.startswith("#"):
                if line.startswith(("---", "...", "%")):
                    return None
                self.lines.append((number, len(line) - len(content), content))
        if not self.lines or self.lines[0][1] != 0 or not _KEY.match(self.lines[0][2]):
            return None
        self.lines.append((0, -1, ""))
        try:
            root, end = self._mapping(0, 1)
        except _NotSimple:
            return None
        return root if end == len(self.lines) - 1 else None

    def _mapping(self, i: int, depth: int) -> tuple[Map, int]:
        if depth > MAX_DEPTH:
            raise _NotSimple
        lines = self.lines
        number, indent, _ = lines[i]
        entries: list[tuple[Scalar, Node]] = []
        keys: set[str] = set()
        while lines[i][1] == indent:
            line, _, content = lines[i]
            key = _KEY.match(content)
            if key is None or key.group(1) in keys:
                raise _NotSimple  # libyaml reports a duplicate key in its own order
            keys.add(key.group(1))
            rest = content[key.end() :]
            i += 1
            value: Node
            if rest:
                value = self._inline(rest, line, indent + key.end() + 1, depth)
            elif lines[i][2].startswith("- ") and lines[i][1] >= indent:
                value, i = self._sequence(i, depth + 1)  # a list may be as indented as its key
            elif lines[i][1] > indent:
                value, i = self._mapping(i, depth + 1)
            else:
                raise _NotSimple  # an empty value
            if lines[i][1] > indent:
                raise _NotSimple  # a scalar continued on the next line, or an error
            entries.append((Scalar(key.group(1), line, indent + 1, False), value))
        return Map(tuple(entries), number, indent + 1), i

    def _sequence(self, i: int, depth: int) -> tuple[Seq, int]:
        if depth > MAX_DEPTH:
            raise _NotSimple
        lines = self.lines
        number, indent, _ = lines[i]
        items: list[Node] = []
        while lines[i][1] == indent and lines[i][2].startswith("- "):
            line, _, content = lines[i]
            rest = content[2:].lstrip(" ")
            col = indent + len(content) - len(rest) + 1
            item: Node
            if _KEY.match(rest):  # a mapping starting on the item's line
                lines[i] = (line, col - 1, rest)
                item, i = self._mapping(i, depth + 1)
            elif rest and not rest.startswith("-"):
                item = self._inline(rest, line, col, depth)
                i += 1
            else:
                raise _NotSimple
            if lines[i][1] > indent:
                raise _NotSimple
            items.append(item)
        return Seq(tuple(items), number, indent + 1), i

    def _inline(self, rest: str, line: int, col: int, depth: int) -> Node:
        """A value that starts and ends on this line."""
        first = rest[0]
        if first in "[{":
            if depth + 1 > MAX_DEPTH:
                raise _NotSimple
            flat = _flat_flow(rest, line, col)
            if flat is not None:
                return flat
            node, end = self._flow(rest, 0, line, col, depth + 1)
            if end != len(rest.rstrip(" ")):
                raise _NotSimple
            return node
        if first in "\"'":
            match = (_DOUBLE if first == '"' else _SINGLE).fullmatch(rest)
            if match is None:
                raise _NotSimple
            return Scalar(match.group(1), line, col, True)
        text = rest.rstrip(" ")
        if first in _INDICATORS or "#" in text or ": " in text or text.endswith(":"):
            raise _NotSimple
        return Scalar(text, line, col, False)

    def _flow(self, rest: str, at: int, line: int, col: int, depth: int) -> tuple[Node, int]:
        """A flow sequence or mapping starting at rest[at], and where it ends."""
        if depth > MAX_DEPTH:
            raise _NotSimple
        mapping = rest[at] == "{"
        close = "}" if mapping else "]"
        i = _SPACES.match(rest, at + 1).end()  # type: ignore[union-attr]
        items: list[Node] = []  # of a mapping: keys and values, as `_pairs` takes them
        while not rest.startswith(close, i):
            if mapping:
                key = _FLOW_KEY.match(rest, i)
                if key is None:
                    raise _NotSimple
                items.append(Scalar(key.group(1), line, col + key.start(), False))
                i = key.end()
            if rest.startswith(("[", "{"), i):
                item, end = self._flow(rest, i, line, col, depth + 1)
                i = _SPACES.match(rest, end).end()  # type: ignore[union-attr]
            else:
                item, i = self._flow_scalar(rest, i, line, col)
            items.append(item)
            if rest.startswith(",", i):
                i = _SPACES.match(rest, i + 1).end()  # type: ignore[union-attr]
                if rest.startswith(close, i):
                    raise _NotSimple  # a trailing comma
            elif not rest.startswith(close, i):
                raise _NotSimple
        if mapping:
            try:
                return Map(_pairs(items), line, col + at), i + 1
            except YamlProblem:
                raise _NotSimple from None
        return Seq(tuple(items), line, col + at), i + 1

    @staticmethod
    def _flow_scalar(rest: str, i: int, line: int, col: int) -> tuple[Scalar, int]:
        first = rest[i : i + 1]
        if first in ('"', "'"):
            match = (_DOUBLE if first == '"' else _SINGLE).match(rest, i)
            if match is None:
                raise _NotSimple
            return Scalar(match.group(1), line, col + i, True), match.end()
        plain = _FLOW_PLAIN.match(rest, i)
        if not first or _not_plain(rest[i : i + 2]) or plain is None:
            raise _NotSimple
        return Scalar(plain.group(1), line, col + i, False), plain.end()


_FLAT_SEQ = re.compile(r"\[([^\[\]{}'\"#:]*)\] *")
_FLAT_MAP = re.compile(r"\{([^\[\]{}'\"#]*)\} *")


def _flat_flow(rest: str, line: int, col: int) -> Node | None:
    """The most common flow collection, quickly: a list of plain words, or a mapping of
    simple keys to plain words, alone on its line (None for any other)."""
    if rest[0] == "[":
        match = _FLAT_SEQ.fullmatch(rest)
        if match is None:
            return None
        inner, at = match.group(1), col + 1
        if not inner.strip(" "):
            return Seq((), line, col)
        items: list[Node] = []
        for part in inner.split(","):
            text = part.strip(" ")
            if not text or _not_plain(text):
                return None
            items.append(Scalar(text, line, at + len(part) - len(part.lstrip(" ")), False))
            at += len(part) + 1
        return Seq(tuple(items), line, col)
    match = _FLAT_MAP.fullmatch(rest)
    if match is None:
        return None
    inner, at = match.group(1), col + 1
    if not inner.strip(" "):
        return Map((), line, col)
    entries: list[tuple[Scalar, Node]] = []
    keys: set[str] = set()
    for part in inner.split(","):
        key = _FLOW_KEY.match(part, len(part) - len(part.lstrip(" ")))
        text = part[key.end() :].rstrip(" ") if key else ""
        if key is None or not text or _not_plain(text) or ":" in text:
            return None
        if key.group(1) in keys:
            return None
        keys.add(key.group(1))
        name = Scalar(key.group(1), line, at + key.start(), False)
        entries.append((name, Scalar(text, line, at + key.end(), False)))
        at += len(part) + 1
    return Map(tuple(entries), line, col)


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
