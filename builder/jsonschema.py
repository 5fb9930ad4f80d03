"""JSON Schemas of the front matter, generated from builder/schema.py for editors.

The validator stays the authority (it also knows the vocabularies, cross-page links and
positions); the schemas give editors key names, documentation, types, slug patterns and
lengths. They are structural: vocabulary terms are not listed, so adding a term to
content/_data/ never makes them stale. `python -m builder schema` writes them to schema/,
and tests/test_jsonschema.py checks that the committed files are current and that the
schemas and the validator agree on the table cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from builder.pose.figure import BODY_JOINTS, JOINTS, VIEWS
from builder.pose.parse import FRAMES
from builder.schema import (
    DISTANCE_UNITS,
    DOSE_AMOUNTS,
    DOSE_KEYS,
    DOSE_LIMITS,
    EXERCISE_FIELDS,
    GUIDE_FIELDS,
    HEAD_KEYS,
    MUSCLE_FIELDS,
    NO_EQUIPMENT,
    REFERENCE_FIELDS,
    ROUTINE_FIELDS,
    STEP_KEYS,
    TERM_FIELDS,
    VARIATION_FIELDS,
    Field,
)
from builder.validate import MAX_COUNT

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
COUNT = r"^[1-9][0-9]*(?:\s*[-–]\s*[1-9][0-9]*)?$"
DISTANCE = r"^[1-9][0-9]*(?:\s*[-–]\s*[1-9][0-9]*)?\s*(?:" + "|".join(DISTANCE_UNITS) + ")$"
MARKUP = r"<\s*[A-Za-z/!?]"
CONTROL = r"[\u0000-\u0008\u000b-\u001f\u007f\u200b\u202a-\u202e\u2066-\u2069]"
"""validate.CONTROL_CHARACTERS: joiners (U+200C, U+200D) and RTL/LTR marks are text."""
FLAGS = ["yes", "no", "Yes", "No", "YES", "NO", "True", "False", "TRUE", "FALSE"]
DOSE_LABEL_LENGTH = 40
HEAD_TEXT_LENGTH = 200
STEP_TEXT_LENGTH = 80
FILES = {
    "exercise.schema.json": ("Exercise page front matter", EXERCISE_FIELDS),
    "muscle.schema.json": ("Muscle page front matter", MUSCLE_FIELDS),
    "routine.schema.json": ("Routine page front matter", ROUTINE_FIELDS),
    "guide.schema.json": ("Guide page front matter", GUIDE_FIELDS),
}


def _line(max_length: int = 0) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
    if max_length:
        text["maxLength"] = max_length
    text["not"] = {"anyOf": [{"pattern": MARKUP}, {"pattern": CONTROL}]}
    return text


def _slug(doc: str) -> dict[str, Any]:
    return {"type": "string", "pattern": SLUG, "description": doc}


def _list(items: dict[str, Any], min_items: int) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "array", "items": items, "uniqueItems": True}
    if min_items:
        result["minItems"] = min_items
    return result


def _count(most: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": most},
            {"type": "string", "pattern": COUNT},
        ]
    }


def _dose() -> dict[str, Any]:
    properties = {
        **{k: _count(DOSE_LIMITS[k]) for k in ("sets", "reps", "seconds", "minutes")},
        "distance": {"type": "string", "pattern": DISTANCE},
        "per_side": {"anyOf": [{"type": "boolean"}, {"enum": FLAGS}]},
        "label": _line(DOSE_LABEL_LENGTH),
    }
    assert tuple(properties) == DOSE_KEYS
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "oneOf": [{"required": [k]} for k in DOSE_AMOUNTS],
    }


def _field(f: Field) -> dict[str, Any]:
    source = f"a slug from content/_data/{f.vocabulary}.yml" if f.vocabulary else ""
    if f.type == "line":
        value = _line(f.max_length)
    elif f.type == "lines":
        value = _list(_line(), f.min_items)
    elif f.type == "term":
        value = _slug(source)
    elif f.type == "terms":
        value = _list(_slug(source), f.min_items)
    elif f.type == "muscles":
        value = _list(_slug("the slug of a page in content/muscles/"), f.min_items)
    elif f.type == "exercises":
        value = _list(_slug("the slug of a page in content/exercises/"), f.min_items)
    elif f.type == "equipment":
        kit = _slug(source)
        value = {
            "anyOf": [
                {"const": NO_EQUIPMENT},
                {"type": "array", "items": {"const": NO_EQUIPMENT}, "minItems": 1, "maxItems": 1},
                {**_list(kit, f.min_items), "not": {"contains": {"const": NO_EQUIPMENT}}},
            ]
        }
    elif f.type == "dosage":
        dose = _dose()
        value = {"anyOf": [dose, {"type": "array", "items": dose, "minItems": 1}]}
    elif f.type == "year":
        value = {
            "anyOf": [
                {"type": "integer", "minimum": 1500, "maximum": 2100},
                {"type": "string", "pattern": "^[0-9]{4}$"},
            ]
        }
    elif f.type == "count":
        value = {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_COUNT},
                {"type": "string", "pattern": "^[0-9]+$"},
            ]
        }
    elif f.type == "variations":
        variation = _object(VARIATION_FIELDS)
        value = {"type": "array", "items": variation}
    elif f.type == "steps":
        dose = _dose()
        properties = {
            "exercise": _slug("the slug of a page in content/exercises/"),
            "block": _line(STEP_TEXT_LENGTH),
            "note": _line(STEP_TEXT_LENGTH),
            **{k: v for k, v in dose["properties"].items() if k != "label"},
        }
        assert tuple(sorted(properties)) == tuple(sorted(STEP_KEYS))
        step = {**dose, "properties": properties, "required": ["exercise"]}
        value = {"type": "array", "items": step, "minItems": max(f.min_items, 1)}
    elif f.type == "heads":
        head = {
            "type": "object",
            "properties": {k: _line(HEAD_TEXT_LENGTH) for k in HEAD_KEYS},
            "required": list(HEAD_KEYS),
            "additionalProperties": False,
        }
        value = {"type": "array", "items": head}
    elif f.type == "pose":
        angle: dict[str, Any] = {"type": "number"}
        sided = {"anyOf": [angle, {"type": "array", "items": angle, "minItems": 2, "maxItems": 2}]}
        frame = {
            "type": "object",
            "properties": {j: angle if j in BODY_JOINTS else sided for j in JOINTS},
            "additionalProperties": False,
        }
        names = {"type": "string"}
        pose = {
            "view": {"enum": list(VIEWS)},
            "root": {"anyOf": [names, {"type": "array", "items": names}]},
            "props": {"type": "array", "items": names},
            **{name: frame for name in FRAMES},
        }
        value = {
            "type": "object",
            "properties": {
                **pose,
                "variations": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "properties": pose,
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        }
    else:
        raise ValueError(f"no JSON Schema for field type {f.type!r}")
    return {"description": f.doc, **value, "examples": [yaml.safe_load(f.example)]}


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def page_schema(title: str, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": title,
        "description": "Generated from builder/schema.py by `python -m builder schema`.",
        **_object(fields),
    }


def vocabulary_schema() -> dict[str, Any]:
    term = {
        "type": "object",
        "properties": {f.name: {"description": f.doc, **_field(f)} for f in TERM_FIELDS},
        "required": [f.name for f in TERM_FIELDS if f.required],
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "title": "Vocabulary file (content/_data/*.yml)",
        "description": "Generated from builder/schema.py by `python -m builder schema`.",
        "type": "object",
        "propertyNames": {"pattern": SLUG},
        "additionalProperties": term,
    }


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema."""
    documents = {name: page_schema(title, fields) for name, (title, fields) in FILES.items()}
    documents["vocabulary.schema.json"] = vocabulary_schema()
    documents["references.schema.json"] = {
        **vocabulary_schema(),
        "title": "Standard references (content/_data/references.yml)",
        "additionalProperties": {
            "type": "object",
            **{k: v for k, v in _object(REFERENCE_FIELDS).items() if k != "type"},
        },
    }
    return {
        name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        for name, doc in sorted(documents.items())
    }


def write(directory: Path) -> list[Path]:
    """Write the schemas; return the files whose text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schemas().items():
        path = directory / name
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            changed.append(path)
    return changed


def stale(directory: Path) -> list[Path]:
    """Schema files missing or different from what the schema definition generates."""
    return [
        directory / name
        for name, text in schemas().items()
        if not (directory / name).is_file() or (directory / name).read_text("utf-8") != text
    ]
