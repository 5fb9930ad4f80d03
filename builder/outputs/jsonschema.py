"""JSON Schemas of the front matter for editors, generated from the declaration in
builder/model/schema.py.

The check stays the authority (it also knows the vocabularies, cross-page links and
positions); the schemas give editors key names, documentation, types, slug patterns and
lengths. They are structural: vocabulary terms are not listed, so adding a term to
content/_data/ never makes them stale. `python -m builder schema` writes them to schema/,
and tests/test_jsonschema.py checks that the committed files are current.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from builder.model import schema
from builder.model.page_fields import (
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    MUSCLE_FIELDS,
    ROUTINE_FIELDS,
    VARIATION_FIELDS,
)
from builder.model.schema import (
    DISTANCE_UNITS,
    DOSE_AMOUNTS,
    DOSE_FIELDS,
    FLAGS,
    HEAD_FIELDS,
    MAX_COUNT,
    NO_EQUIPMENT,
    REFERENCE_FIELDS,
    SLUG,
    STEP_FIELDS,
    TERM_FIELDS,
    YEARS,
    Field,
)
from builder.pose.figure import BODY_JOINTS, JOINTS, VIEWS
from builder.pose.parse import FRAMES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
GENERATED = "Generated from builder/model/schema.py by `python -m builder schema`."
FLAG = "^(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in word) for word in FLAGS) + ")$"
"""A true-or-false word in any letter case, as the check reads it."""
FILES = {
    "exercise.schema.json": ("Exercise page front matter", EXERCISE_FIELDS),
    "muscle.schema.json": ("Muscle page front matter", MUSCLE_FIELDS),
    "routine.schema.json": ("Routine page front matter", ROUTINE_FIELDS),
    "guide.schema.json": ("Guide page front matter", GUIDE_FIELDS),
    "vocabulary.schema.json": ("Vocabulary file (content/_data/*.yml)", TERM_FIELDS),
    "references.schema.json": (
        "Standard references (content/_data/references.yml)",
        REFERENCE_FIELDS,
    ),
}


def _line(max_length: int = 0) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
    if max_length:
        text["maxLength"] = max_length
    refused = [schema.MARKUP, schema.CONTROL, schema.SEVERAL_LINES]
    text["not"] = {"anyOf": [{"pattern": pattern} for pattern in refused]}
    return text


def _slug(doc: str) -> dict[str, Any]:
    return {"type": "string", "pattern": SLUG, "description": doc}


def _list(items: dict[str, Any], min_items: int, unique: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "array", "items": items}
    if unique:  # the check refuses a term or slug named twice
        result["uniqueItems"] = True
    if min_items:
        result["minItems"] = min_items
    return result


def _whole(low: int, high: int, pattern: str) -> dict[str, Any]:
    """A whole number from low to high, or a text the pattern matches."""
    return {
        "anyOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "pattern": pattern},
        ]
    }


def _between(low: str, high: str) -> str:
    """A regular expression matching the numbers from low to high, both written with the same
    number of digits: '1500', '2100' -> '1[5-9][0-9][0-9]|2(?:0[0-9][0-9]|100)'."""
    if low == high:
        return low
    if low[0] == high[0]:
        return low[0] + _group(_between(low[1:], high[1:]))
    rest = len(low) - 1
    first, last = int(low[0]), int(high[0])
    parts = []
    if low[1:] != "0" * rest:  # the first digit's numbers do not all count
        parts.append(low[0] + _group(_between(low[1:], "9" * rest)))
        first += 1
    if high[1:] != "9" * rest:
        last -= 1
    if first <= last:
        parts.append((str(first) if first == last else f"[{first}-{last}]") + "[0-9]" * rest)
    if high[1:] != "9" * rest:
        parts.append(high[0] + _group(_between("0" * rest, high[1:])))
    return "|".join(parts)


def _group(pattern: str) -> str:
    return f"(?:{pattern})" if "|" in pattern else pattern


YEAR = f"^(?:{_between(str(YEARS[0]), str(YEARS[1]))})$"
"""A year as text, in the bounds the check accepts."""


def _up_to(most: int) -> str:
    """A whole number from 1 to most, without leading zeros."""
    top = str(most)
    widths = range(1, len(top) + 1)
    return "|".join(
        _between("1" + "0" * (w - 1), top if w == len(top) else "9" * w) for w in widths
    )


def _amount(most: int) -> str:
    """A number or a range of numbers from 1 to most (the check also wants the smaller first)."""
    number = f"(?:{_up_to(most)})"
    return f"{number}(?:{schema.RANGE_DASH}{number})?"


COUNT = f"^(?:{_up_to(MAX_COUNT)})$"
DISTANCE = (
    "^(?:"
    + "|".join(rf"{_amount(most)}\s*{unit}" for unit, (_, most) in DISTANCE_UNITS.items())
    + ")$"
)
"""A distance with its unit, each unit with its own largest number."""


def _dose(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {**_object(fields), "oneOf": [{"required": [k]} for k in DOSE_AMOUNTS]}


def _equipment(f: Field) -> dict[str, Any]:
    """'none', alone or as the only item, or a list of kit without it."""
    kit = _slug(_source(f))
    return {
        "anyOf": [
            {"const": NO_EQUIPMENT},
            {"type": "array", "items": {"const": NO_EQUIPMENT}, "minItems": 1, "maxItems": 1},
            {**_list(kit, f.min_items), "not": {"contains": {"const": NO_EQUIPMENT}}},
        ]
    }


def _dosage(f: Field) -> dict[str, Any]:
    dose = _dose(DOSE_FIELDS)
    return {"anyOf": [dose, {"type": "array", "items": dose, "minItems": 1}]}


def _pose(f: Field) -> dict[str, Any]:
    angle: dict[str, Any] = {"type": "number"}
    sided = {"anyOf": [angle, {"type": "array", "items": angle, "minItems": 2, "maxItems": 2}]}
    frame = _closed({j: angle if j in BODY_JOINTS else sided for j in JOINTS})
    names = {"type": "string"}
    pose = {
        "view": {"enum": list(VIEWS)},
        "root": {"anyOf": [names, {"type": "array", "items": names}]},
        "props": {"type": "array", "items": names},
        **{name: frame for name in FRAMES},
    }
    changes = {"type": "object", "additionalProperties": _closed(pose)}
    return _closed({**pose, "variations": changes})


def _source(f: Field) -> str:
    return f"a slug from content/_data/{f.vocabulary}.yml" if f.vocabulary else ""


EXERCISE_PAGE = "the slug of a page in content/exercises/"
VALUES: dict[str, Callable[[Field], dict[str, Any]]] = {
    "line": lambda f: _line(f.max_length),
    "doi": lambda f: {**_line(f.max_length), "pattern": schema.DOI},
    "lines": lambda f: _list(_line(f.max_length), f.min_items, unique=False),
    "term": lambda f: _slug(_source(f)),
    "terms": lambda f: _list(_slug(_source(f)), f.min_items),
    "muscles": lambda f: _list(_slug("the slug of a page in content/muscles/"), f.min_items),
    "exercise": lambda f: _slug(EXERCISE_PAGE),
    "exercises": lambda f: _list(_slug(EXERCISE_PAGE), f.min_items),
    "equipment": _equipment,
    "amount": lambda f: _whole(1, f.most, f"^{_amount(f.most)}$"),
    "distance": lambda f: {"type": "string", "pattern": DISTANCE},
    "flag": lambda f: {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": FLAG}]},
    "dosage": _dosage,
    "year": lambda f: _whole(*YEARS, YEAR),
    "count": lambda f: _whole(1, MAX_COUNT, COUNT),
    "variations": lambda f: {"type": "array", "items": _object(VARIATION_FIELDS)},
    "steps": lambda f: {
        "type": "array",
        "items": _dose(STEP_FIELDS),
        "minItems": max(f.min_items, 1),
    },
    "heads": lambda f: {"type": "array", "items": _object(HEAD_FIELDS)},
    "pose": _pose,
}
"""The JSON Schema of a value of each field type."""


def _field(f: Field) -> dict[str, Any]:
    if f.type not in VALUES:
        raise ValueError(f"no JSON Schema for field type {f.type!r}")
    described = {"description": f.doc} if f.doc else {}
    return {**described, **VALUES[f.type](f), "examples": [yaml.safe_load(f.example)]}


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    required = [f.name for f in fields if f.required]
    return _closed({f.name: _field(f) for f in fields}, required)


def _closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object of these keys and no other."""
    return {
        "type": "object",
        "properties": properties,
        **({"required": required} if required else {}),
        "additionalProperties": False,
    }


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema."""
    texts = {}
    for name, (title, fields) in sorted(FILES.items()):
        body = _object(fields)
        if fields in (TERM_FIELDS, REFERENCE_FIELDS):  # a mapping of term slugs to terms
            slugs = {"pattern": SLUG}
            body = {"type": "object", "propertyNames": slugs, "additionalProperties": body}
        document = {"$schema": DIALECT, "title": title, "description": GENERATED, **body}
        texts[name] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return texts


def write(directory: Path) -> list[Path]:
    """Write the schemas; return the files whose text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale(directory)
    for path in changed:
        path.write_text(schemas()[path.name], "utf-8")
    return changed


def stale(directory: Path) -> list[Path]:
    """Schema files missing or different from what the declaration generates."""
    return [
        directory / name
        for name, text in schemas().items()
        if not (directory / name).is_file() or (directory / name).read_text("utf-8") != text
    ]
