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
NUMBER = rf"[1-9][0-9]*(?:{schema.RANGE_DASH}[1-9][0-9]*)?"
COUNT = f"^{NUMBER}$"
DISTANCE = rf"^{NUMBER}\s*(?:" + "|".join(DISTANCE_UNITS) + ")$"
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


def _count(most: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": most},
            {"type": "string", "pattern": COUNT},
        ]
    }


def _dose(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {**_object(fields), "oneOf": [{"required": [k]} for k in DOSE_AMOUNTS]}


def _field(f: Field) -> dict[str, Any]:
    source = f"a slug from content/_data/{f.vocabulary}.yml" if f.vocabulary else ""
    if f.type == "line":
        value = _line(f.max_length)
    elif f.type == "doi":
        value = {**_line(f.max_length), "pattern": schema.DOI}
    elif f.type == "lines":
        value = _list(_line(f.max_length), f.min_items, unique=False)
    elif f.type == "term":
        value = _slug(source)
    elif f.type == "terms":
        value = _list(_slug(source), f.min_items)
    elif f.type == "muscles":
        value = _list(_slug("the slug of a page in content/muscles/"), f.min_items)
    elif f.type == "exercise":
        value = _slug("the slug of a page in content/exercises/")
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
    elif f.type == "amount":
        value = _count(f.most)
    elif f.type == "distance":
        value = {"type": "string", "pattern": DISTANCE}
    elif f.type == "flag":
        value = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": FLAG}]}
    elif f.type == "dosage":
        dose = _dose(DOSE_FIELDS)
        value = {"anyOf": [dose, {"type": "array", "items": dose, "minItems": 1}]}
    elif f.type == "year":
        value = {
            "anyOf": [
                {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
                {"type": "string", "pattern": "^[0-9]{4}$"},
            ]
        }
    elif f.type == "count":
        value = {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_COUNT},
                {"type": "string", "pattern": "^[1-9][0-9]*$"},
            ]
        }
    elif f.type == "variations":
        value = {"type": "array", "items": _object(VARIATION_FIELDS)}
    elif f.type == "steps":
        value = {"type": "array", "items": _dose(STEP_FIELDS), "minItems": max(f.min_items, 1)}
    elif f.type == "heads":
        value = {"type": "array", "items": _object(HEAD_FIELDS)}
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
    described = {"description": f.doc} if f.doc else {}
    return {**described, **value, "examples": [yaml.safe_load(f.example)]}


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    required = [f.name for f in fields if f.required]
    return {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields},
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
