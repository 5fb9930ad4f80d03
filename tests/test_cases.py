"""Table tests: one mutation of the valid tiny site per case, with the exact messages expected.

Each file in tests/cases/ holds a list of cases:

    - name: what the case shows
      file: content/exercises/bridge.md    # the file to change, relative to the tiny site
      replace: [old text, new text]       # or write: <whole text>, or raw: <text written as
                                          # latin-1 bytes>, or delete: true, or link: <target>,
                                          # or fifo: true (a named pipe)
      extra: {content/x.md: text}         # optional: more files to write first
      expect:                             # every problem, exactly as `check` prints it
        - "content/...:7:14: [code] message. hint: ..."
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import mkdocs_build

from builder import pipeline
from builder.stages import sitecheck

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


def _load_cases() -> list[Any]:
    params = []
    for path in CASES:
        for case in yaml.safe_load(path.read_text("utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


def apply(site: Path, case: dict[str, Any]) -> None:
    for path, text in case.get("extra", {}).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, "utf-8")
    target = site / case["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if "replace" in case:
        old, new = case["replace"]
        text = target.read_text("utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {case['file']}"
        target.write_text(text.replace(old, new), "utf-8")
    elif "write" in case:
        target.write_text(case["write"], "utf-8")
    elif "raw" in case:
        target.write_bytes(case["raw"].encode("latin-1"))
    elif "link" in case:
        os.symlink(case["link"], target)
    elif case.get("delete"):
        target.unlink()
    elif case.get("fifo"):
        os.mkfifo(target)
    else:
        raise AssertionError(f"case {case['name']!r} makes no change")


@pytest.mark.parametrize("case", _load_cases())
def test_case(tiny: Path, case: dict[str, Any]) -> None:
    apply(tiny, case)
    result = pipeline.run(tiny / "content", display_root=tiny, site=site_of(tiny))
    assert [str(p) for p in result.problems] == case["expect"]
    if any("] " in line and "warning [" not in line for line in case["expect"]):
        assert result.catalogue is None and result.rendered is None
    else:  # warnings alone never drop a page
        assert result.catalogue is not None and result.rendered is not None


def site_of(tiny: Path) -> sitecheck.Site | None:
    """The tiny site's mkdocs.yml, as `builder check` reads it."""
    return sitecheck.read_site(tiny / "mkdocs.yml", "mkdocs.yml")


def test_unchanged_tiny_site_has_no_problems(tiny: Path) -> None:
    result = pipeline.run(tiny / "content", display_root=tiny, site=site_of(tiny))
    assert result.problems == []
    assert result.catalogue is not None


def _clean_cases() -> list[Any]:
    return [p for p in _load_cases() if not p.values[0]["expect"]]


@pytest.mark.parametrize("case", _clean_cases())
def test_check_clean_case_builds_strictly(tiny: Path, tmp_path: Path, case: dict[str, Any]) -> None:
    """What `builder check` passes, `mkdocs build --strict` passes too, in every case file."""
    apply(tiny, case)
    proc = mkdocs_build(tiny, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-3000:]
