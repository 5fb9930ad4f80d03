"""A mapping checked against a field list of builder.model.schema or page_fields: unknown,
empty and missing keys, and each value read by the reader of its field's type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from builder.model.entities import Head
from builder.model.page_fields import VARIATION_FIELDS
from builder.model.problems import closest
from builder.model.schema import HEAD_FIELDS, THEME_KEYS, Field
from builder.model.yamltree import Map, Node, Scalar, Seq
from builder.stages.validate.doses import read_count, read_dosage, read_steps
from builder.stages.validate.values import (
    FileReport,
    Vocabularies,
    read_equipment,
    read_exercises,
    read_line,
    read_lines,
    read_term,
    read_terms,
    read_year,
    short,
)

Reader = Callable[[Field, Node, Vocabularies | None, FileReport], Any]


def read_fields(
    node: Node,
    spec: tuple[Field, ...],
    vocabs: Vocabularies | None,
    out: FileReport,
    owner: Scalar | None = None,
) -> dict[str, Any]:
    """Check a mapping against a field list; return converted values by key."""
    where = owner or node
    if not isinstance(node, Map):
        name = owner.text if owner else "front matter"
        out.wrong(where, name, "a mapping", "write one 'key: value' per line")
        return {}
    by_name = {f.name: f for f in spec}
    values: dict[str, Any] = {}
    present = {k.text for k, _ in node.entries}
    for key, value in node.entries:
        f = by_name.get(key.text)
        if f is None and key.text in THEME_KEYS:
            out.add(key, "theme-key", key=key.text)
        elif f is None:
            close = closest(key.text, tuple(by_name))
            hint = f"did you mean '{close}'?" if close else "allowed keys: " + ", ".join(by_name)
            out.add(key, "unknown-key", key=key.text, suggestion=hint)
            if close:
                present.add(close)  # a misspelt key is not reported missing as well
        elif isinstance(value, Scalar) and value.is_null:
            out.empty(f, value)
        elif (converted := READERS[f.type](f, value, vocabs, out)) is not None:
            values[f.name] = converted
    for f in spec:
        if f.required and f.name not in present:
            out.add(where, "missing-key", key=f.name, doc=short(f.doc))
    return values


def values_of(spec: tuple[Field, ...], fields: dict[str, Any]) -> dict[str, Any]:
    """A valid page's values by key, with an empty value for each optional key left out."""
    return {f.name: fields.get(f.name, _EMPTY.get(f.type, ())) for f in spec}


_EMPTY = {"line": "", "doi": "", "count": None}


def _read_heads(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[Head, ...] | None:
    if not isinstance(node, Seq):
        out.wrong_value(f, node, "a list")
        return None
    read = [read_fields(item, HEAD_FIELDS, vocabs, out) for item in node.items]
    heads = tuple(Head(**fields) for fields in read if len(fields) == len(HEAD_FIELDS))
    return heads if len(heads) == len(node.items) else None


def _read_variations(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[tuple[dict[str, Any], Node], ...] | None:
    """Each variation's checked fields, with its title node (or the item) for messages."""
    if not isinstance(node, Seq):
        out.wrong_value(f, node, "a list")
        return None
    found = []
    for item in node.items:
        before = len(out.problems)
        values = read_fields(item, VARIATION_FIELDS, vocabs, out)
        if len(out.problems) == before:
            title_node = item.get("title") if isinstance(item, Map) else None
            found.append((values, title_node or item))
    return tuple(found)


READERS: dict[str, Reader] = {
    "pose": lambda f, node, vocabs, out: node,  # read by builder.pose.parse with the variations
    "line": read_line,
    "doi": read_line,
    "lines": read_lines,
    "term": read_term,
    "terms": read_terms,
    "muscles": read_terms,
    "equipment": read_equipment,
    "exercises": read_exercises,
    "dosage": read_dosage,
    "heads": _read_heads,
    "variations": _read_variations,
    "count": read_count,
    "year": read_year,
    "steps": read_steps,
}
"""The reader of each field type; None means the value was wrong (its problem reported)."""
