"""The committed JSON Schemas are current, valid JSON Schema, and accept the guide.

The schemas and the check read one declaration (builder/model/schema.py and page_fields.py),
so no test keeps them in agreement. The guide's pages are read as an editor's YAML tooling
reads them (``no`` stays text, ``10`` is a number) by the script the pre-commit hook runs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import yaml
from conftest import ROOT

from builder.model.schema import DISTANCE_UNITS, DOSE_FIELDS, MAX_COUNT, YEARS, Field
from builder.outputs import jsonschema as generated

SCHEMA_DIR = ROOT / "schema"


def test_committed_schemas_are_current() -> None:
    assert generated.stale(SCHEMA_DIR) == [], "run: python -m builder schema"


def test_schemas_are_valid_json_schema() -> None:
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = yaml.safe_load(path.read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_real_page_passes_its_schema() -> None:
    sections = ("exercises", "muscles", "routines", "guide")
    pages = [str(p) for s in sections for p in sorted((ROOT / "content" / s).glob("*.md"))]
    assert len(pages) > len(sections)
    script = ROOT / "scripts/check_front_matter.py"
    proc = subprocess.run([sys.executable, script, *pages], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_vocabulary_passes_its_schema() -> None:
    for path in sorted((ROOT / "content/_data").glob("*.yml")):
        name = "references" if path.stem == "references" else "vocabulary"
        schema = yaml.safe_load((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema)


def test_a_year_passes_the_schema_only_within_the_bounds_the_check_accepts() -> None:
    references = json.loads(generated.schemas()["references.schema.json"])
    year = jsonschema.Draft202012Validator(references["additionalProperties"]["properties"]["year"])
    low, high = YEARS
    for n in range(10_000):
        assert year.is_valid(f"{n:04d}") == (low <= n <= high), f"{n:04d}"
    for n in (low - 1, low, high, high + 1):
        assert year.is_valid(n) == (low <= n <= high), n
    assert not year.is_valid("02011")


def _numbers(most: int) -> list[tuple[str, bool]]:
    """Texts around the bounds, each with whether the check accepts it."""
    cases = [(str(n), 1 <= n <= most) for n in (0, 1, 9, 10, most - 1, most, most + 1, 10 * most)]
    cases += [(f"1-{most}", True), (f"1-{most + 1}", False), (f"{most}–{most}", True)]
    return [*cases, ("07", False), ("1-08", False), ("-3", False)]


def test_a_number_passes_the_schema_only_within_the_bounds_the_check_accepts() -> None:
    amounts = [f for f in DOSE_FIELDS if f.type == "amount"]
    assert {f.name: f.most for f in amounts} == {
        "sets": MAX_COUNT,
        "reps": MAX_COUNT,
        "seconds": 3600,
        "minutes": 300,
    }
    for f in amounts:
        value = jsonschema.Draft202012Validator(generated.VALUES["amount"](f))
        for text, accepted in _numbers(f.most):
            assert value.is_valid(text) == accepted, (f.name, text)
    count = jsonschema.Draft202012Validator(
        generated.VALUES["count"](Field("n", "count", True, "", "1"))
    )
    for text, accepted in _numbers(MAX_COUNT):
        assert count.is_valid(text) == (accepted and text.isdigit()), text
    distance = jsonschema.Draft202012Validator(generated.VALUES["distance"](DOSE_FIELDS[0]))
    for unit, (_, most) in DISTANCE_UNITS.items():
        for text, accepted in _numbers(most):
            assert distance.is_valid(f"{text} {unit}") == accepted, (unit, text)
