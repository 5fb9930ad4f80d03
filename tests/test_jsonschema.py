"""The committed JSON Schemas are current, and they agree with the validator.

Front matter is read as an editor's YAML 1.2 tooling reads it (``no`` stays text, ``10``
is a number) from the same positioned tree the validator uses. On every table case that
changes an exercise or muscle page, and on every real page, the schema and the validator
must agree wherever the schema can tell: it accepts what the validator accepts, and it
rejects every mutation whose problems are all of a kind the schema expresses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT
from test_cases import CASES, apply

from builder import jsonschema as generated
from builder import pipeline
from builder.load import load_page
from builder.yamltree import Map, Node, Scalar

SCHEMA_DIR = ROOT / "schema"
EXPRESSED = {
    "unknown-key",
    "missing-key",
    "empty-value",
    "wrong-type",
    "bad-number",
    "bad-dosage",
    "repeated-term",
    "none-with-kit",
}
"""Problem codes the structural schema reports too (not terms, links or positions)."""
GAPS = {
    "octal-looking number": "YAML 1.2 tooling reads 010 as the number 10",
    "out-of-range number": "a schema cannot compare the two ends of a range like 12-10",
    "the same variation twice": "a schema cannot require list items to differ in one key",
    "too many miles": "the distance is text; its pattern does not bound the number per unit",
}
"""Cases of an expressed code that the schema cannot see, and why."""
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


def _page_cases() -> list[Any]:
    params = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text("utf-8")):
            if re.match(
                r"content/(exercises|muscles|routines|guide)/[a-z-]+\.md$", case["file"]
            ) and ("replace" in case):
                params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


@pytest.mark.parametrize("case", _page_cases())
def test_schema_agrees_with_the_validator(tiny: Path, case: dict[str, Any]) -> None:
    apply(tiny, case)
    front = _front(tiny / case["file"])
    if front is None:
        pytest.skip("the YAML itself is refused: no front matter to compare")
    result = pipeline.run(tiny / "content", tiny)
    codes = {p.code for p in result.problems if p.path == case["file"]}
    codes.discard("todo")  # a warning
    errors = list(_validator(case["file"]).iter_errors(front))
    if not codes:
        assert errors == [], errors[0].message
    elif codes <= EXPRESSED and case["name"] not in GAPS:
        assert errors, f"the schema accepts what the validator refuses: {sorted(codes)}"
    if errors:
        assert codes, f"the schema refuses what the validator accepts: {errors[0].message}"
