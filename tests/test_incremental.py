"""The `mkdocs serve --dirty` path gives exactly the pages a clean build gives.

Each test replays a series of edits: after every edit, the cached path (one plugin object,
dirty rebuilds) must agree with a clean run of the same tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build_env
from mkdocs.commands.build import build
from mkdocs.config import load_config

from builder import pipeline
from builder.cache import Cache

AN_HOUR_AGO = time.time() - 3600


def _age(root: Path) -> None:
    """Make every file look saved long ago, as in a session where nothing is being typed."""
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    # Newer than any output, whatever the file system's timestamp granularity.
    later = time.time() + 5
    os.utime(path, (later, later))


def _edits(content: Path) -> list[tuple[str, Callable[[], None]]]:
    """Edits of every kind a generated page depends on, in the order a writer might make them."""
    ex, data, muscles = content / "exercises", content / "_data", content / "muscles"
    new_page = (ex / "band-curl.md").read_text("utf-8").replace("Band curl", "Band curl hold")
    return [
        ("nothing", lambda: None),
        (
            "an exercise's equipment",
            lambda: _edit(ex / "swing.md", "[kettlebell]", "[kettlebell, resistance-band]"),
        ),
        (
            "an exercise's title",
            lambda: _edit(ex / "bridge.md", "title: Bridge", "title: Hip lift"),
        ),
        (
            "equipment: none -> kit",
            lambda: _edit(ex / "fold.md", "equipment: none", "equipment: [kettlebell]"),
        ),
        ("a ladder", lambda: _edit(ex / "bridge.md", "progressions: [single-leg-bridge]\n", "")),
        (
            "a muscle page",
            lambda: _edit(muscles / "biceps-femoris.md", "The outer hamstring.", "The outer one."),
        ),
        (
            "a vocabulary term",
            lambda: _edit(data / "equipment.yml", "An elastic band.", "A stretchy band."),
        ),
        ("a new exercise", lambda: (ex / "band-curl-hold.md").write_text(new_page, "utf-8")),
        ("a page removed", lambda: (ex / "band-curl-hold.md").unlink()),
    ]


@pytest.fixture
def site(tiny: Path) -> Path:
    _age(tiny)
    return tiny


def _snapshot(result: pipeline.Result) -> object:
    assert result.rendered is not None, [str(p) for p in result.problems]
    r = result.rendered
    return ([str(p) for p in result.problems], r.pages, r.heads, r.leads, r.feet, r.catalog_json)


def test_cached_runs_equal_clean_runs_after_each_edit(site: Path) -> None:
    content, cache = site / "content", Cache()
    pipeline.run(content, site, cache=cache)
    for what, edit in _edits(content):
        edit()
        cache.start_run()
        cached = pipeline.run(content, site, cache=cache)
        assert _snapshot(cached) == _snapshot(pipeline.run(content, site)), what


def test_one_edit_reads_one_file_and_renders_only_what_it_touches(site: Path) -> None:
    content, cache = site / "content", Cache()
    first = pipeline.run(content, site, cache=cache)
    assert first.rendered is not None
    cache.start_run()
    pipeline.run(content, site, cache=cache)
    assert cache.reads == 0
    renders = len(first.rendered.heads) * 2 + cache.memo.hits
    _edit(content / "exercises/fold.md", "Forward fold", "Standing fold")
    cache.start_run()
    pipeline.run(content, site, cache=cache)
    assert cache.reads == 1
    assert 0 < cache.memo.hits < renders


def _tree(root: Path) -> dict[str, str]:
    """Every output file's digest, but the search index's: its entries, by location."""
    digests = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name != "search_index.json":
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return digests


def _search_entries(root: Path) -> set[str]:
    docs = json.loads((root / "search/search_index.json").read_text("utf-8"))["docs"]
    return {json.dumps(d, sort_keys=True) for d in docs}


def _clean_build(site: Path, out: Path) -> Path:
    """A clean build in its own process, so that it shares nothing with the serve session."""
    args = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--clean", "-q"]
    proc = subprocess.run(
        [*args, "-d", str(out), "-f", str(site / "mkdocs.yml")],
        cwd=site,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_dirty_serve_rebuilds_give_the_clean_build_after_each_edit(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `mkdocs serve --dirty` does: one configuration and plugin object, dirty rebuilds."""
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", build_env()["SOURCE_DATE_EPOCH"])
    served = tmp_path / "served"
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(served), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        for what, edit in _edits(site / "content"):
            edit()
            build(config, dirty=True)
            expected = _tree(_clean_build(site, tmp_path / "clean"))
            got = _tree(served)
            if what == "a page removed":  # --dirty never deletes output; MkDocs warns of that
                del got["exercises/band-curl-hold/index.html"]
            assert got == expected, what
            # Material's search merges a --dirty rebuild into its previous index assuming one
            # page was rebuilt, so stale entries of other rebuilt pages stay until a restart;
            # every entry of the clean index must be there all the same.
            assert _search_entries(tmp_path / "clean") <= _search_entries(served), what
    finally:
        config.plugins.on_shutdown()
