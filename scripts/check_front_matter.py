"""Checks pages' front matter against the committed JSON Schemas (schema/*.schema.json), as an
editor's YAML tooling would read it; the pre-commit hook runs it on the pages a commit changes.

    python scripts/check_front_matter.py content/exercises/nordic-curl.md ...

Prints `path: [schema] message (at key)` for each problem and exits 1 on any. The builder's
check (`python -m builder check`) stays the authority: it also knows vocabularies and links.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from builder.model.yamltree import Map, Node, Scalar
from builder.stages.load import load_page

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {"exercises": "exercise", "muscles": "muscle", "routines": "routine", "guide": "guide"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}


def editor_value(node: Node) -> Any:
    """The YAML 1.2 core schema's reading (as tests/test_jsonschema.py reads it): `no` stays
    text, `10` is a number."""
    if isinstance(node, Map):
        return {k.text: editor_value(v) for k, v in node.entries}
    if not isinstance(node, Scalar):
        return [editor_value(item) for item in node.items]
    if node.quoted:
        return node.text
    if node.is_null:
        return None
    if node.text in _BOOL:
        return _BOOL[node.text]
    return int(node.text) if _INT.match(node.text) else node.text


def problems(path: Path) -> list[str]:
    parts = path.resolve().relative_to(ROOT / "content").parts
    if len(parts) != 2 or parts[0] not in SCHEMAS or path.suffix != ".md":
        return []  # not a page with a schema (hubs, the home page, vocabularies)
    schema_file = ROOT / "schema" / f"{SCHEMAS[parts[0]]}.schema.json"
    validator = jsonschema.Draft202012Validator(yaml.safe_load(schema_file.read_text("utf-8")))
    page, _ = load_page(path, path.name, str(path))
    if page is None:
        return [f"{path}: [schema] the front matter cannot be read: run `make check`"]
    return [
        f"{path}: [schema] {error.message} (at {'/'.join(map(str, error.path)) or 'top'})"
        for error in validator.iter_errors(editor_value(page.front))
    ]


def main(paths: list[str]) -> int:
    found = [line for p in paths for line in problems(Path(p))]
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
