"""A guarded YAML reader that keeps the line and column of every key and item.

Values stay as the text the author wrote: the schema, not YAML 1.1, decides what
``no``, ``1:30`` or ``010`` mean. Anchors, aliases, tags and deep nesting are refused
by a scan of the event stream before anything is built.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MAX_DEPTH = 8
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Seq:
    """A list of nodes."""

    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(frozen=True)
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


def parse(text: str, first_line: int = 1) -> Node:
    """Parse one YAML document whose first line is line ``first_line`` of its file."""
    offset = first_line - 1
    try:
        _scan(text, offset)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (first_line, 0)
        raise YamlProblem(
            "yaml-syntax", line, col, problem=_describe(err), hint=_hint(err)
        ) from None
    except yaml.YAMLError as err:
        raise YamlProblem(
            "yaml-syntax", first_line, 0, problem=str(err), hint="check the YAML syntax"
        ) from None
    if node is None:
        return Map((), first_line, 1)
    return _convert(node, offset)


def _scan(text: str, offset: int) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        line, col = mark.line + 1 + offset, mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem("yaml-feature", line, col, feature="aliases (*name)")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlProblem("yaml-feature", line, col, feature="anchors (&name)")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlProblem("yaml-feature", line, col, feature=f"tags ({tag})")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem("yaml-depth", line, col, limit=MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _convert(node: yaml.Node, offset: int) -> Node:
    line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line, col, quoted=node.style in ("'", '"', "|", ">"))
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, offset) for item in node.value), line, col)
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, offset)
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
        entries.append((key, _convert(value_node, offset)))
    return Map(tuple(entries), line, col)


def _describe(err: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (err.context, err.problem) if p]
    return ", ".join(parts) if parts else "cannot parse"


def _hint(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or ""
    if "'\\t'" in problem or "\\t" in problem:
        return "indent with spaces, not tabs"
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
