"""The committed JSON Schemas are current, valid JSON Schema, and accept the guide.

The schemas and the check read one declaration (builder/schema.py), so they need no test
of agreement. Front matter is read here as an editor's YAML 1.2 tooling reads it (``no``
stays text, ``10`` is a number), from the same positioned tree the check uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT

from builder import jsonschema as generated
from builder.load import load_page
from builder.yamltree import Map, Node, Scalar

SCHEMA_DIR = ROOT / "schema"
_INT = re.compile(r"^[-+]?[0-9]+$")
_BOOL = {"true": True, "false": False}


def _value(node: Node) -> Any:
    """YAML 1.2 core schema: what editors' YAML tooling sees."""
    if isinstance(node, Map):
        return {k.text: _value(v) for k, v in node.entries}
    if not isinstance(node, Scalar):
        return [_value(item) for item in node.items]
    if node.quoted:
        return node.text
    if node.is_null:
        return None
    if node.text.lower() in _BOOL and node.text in ("true", "false", "True", "False", "TRUE"):
        return _BOOL[node.text.lower()]
    return int(node.text) if _INT.match(node.text) else node.text


SECTIONS = {"exercises": "exercise", "muscles": "muscle", "routines": "routine", "guide": "guide"}


def _validator(src: str) -> jsonschema.Draft202012Validator:
    name = SECTIONS[src.split("/")[1]]
    schema = yaml.safe_load((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _front(path: Path) -> Any:
    page, _ = load_page(path, path.name, path.name)
    return None if page is None else _value(page.front)


def test_committed_schemas_are_current() -> None:
    assert generated.stale(SCHEMA_DIR) == [], "run: python -m builder schema"


def test_schemas_are_valid_json_schema() -> None:
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = yaml.safe_load(path.read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_real_page_passes_its_schema(section: str) -> None:
    pages = sorted((ROOT / "content" / section).glob("*.md"))
    assert pages
    for page in pages:
        errors = list(_validator(f"content/{section}/").iter_errors(_front(page)))
        assert errors == [], f"{page.name}: {errors[0].message if errors else ''}"


def test_every_vocabulary_passes_its_schema() -> None:
    for path in sorted((ROOT / "content/_data").glob("*.yml")):
        name = "references" if path.stem == "references" else "vocabulary"
        schema = yaml.safe_load((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema)
