"""The real guide, built with --strict, checked on the built HTML and catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from htmllinks import content_links

from builder import pipeline

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict:
    return json.loads((real_site / "catalog.json").read_text("utf-8"))


def test_the_real_content_has_no_problems() -> None:
    result = pipeline.run(CONTENT, ROOT)
    assert [str(p) for p in result.problems] == []


def test_catalog_lists_every_exercise_and_muscle_page(catalog: dict, real_site: Path) -> None:
    files = sorted(p.stem for p in (CONTENT / "exercises").glob("*.md") if p.stem != "index")
    assert [e["slug"] for e in catalog["exercises"]] == files
    muscles = sorted(p.stem for p in (CONTENT / "muscles").glob("*.md") if p.stem != "index")
    assert [m["slug"] for m in catalog["muscles"]] == muscles
    for entry in catalog["exercises"] + catalog["muscles"]:
        assert (real_site / entry["url"] / "index.html").is_file(), entry["url"]


def test_hubs_and_term_pages_exist(catalog: dict, real_site: Path) -> None:
    for hub in ("exercises", "muscles", "equipment", "goals"):
        assert (real_site / hub / "index.html").is_file()
    for section, vocabulary in (("equipment", "equipment"), ("goals", "goals")):
        for term in catalog["vocabularies"][vocabulary]:
            assert (real_site / section / term["slug"] / "index.html").is_file()
    assert (real_site / "equipment/none/index.html").is_file()


def test_every_exercise_links_to_its_terms_and_they_link_back(
    catalog: dict, real_site: Path
) -> None:
    for ex in catalog["exercises"]:
        url = ex["url"]
        targets = {f"muscles/{m}/" for m in ex["primary_muscles"] + ex["secondary_muscles"]}
        targets |= {f"equipment/{k}/" for k in ex["equipment"]}
        targets |= {f"goals/{g}/" for g in ex["goals"]}
        targets |= {f"exercises/{s}/" for s in ex["easier"] + ex["harder"]}
        assert targets <= content_links(real_site, url), url
        for target in sorted(targets):
            assert url in content_links(real_site, target), f"{target} does not link to {url}"


def test_every_exercise_has_sources_dosage_and_a_goal(catalog: dict) -> None:
    for ex in catalog["exercises"]:
        assert ex["sources"] and ex["dosage"] and ex["goals"], ex["slug"]


def test_every_hand_written_page_cites_its_sources(real_site: Path) -> None:
    pages = [
        p
        for section in ("exercises", "muscles", "routines", "guide")
        for p in sorted((CONTENT / section).glob("*.md"))
        if p.stem != "index"
    ]
    assert pages
    for page in pages:
        url = f"{page.parent.name}/{page.stem}/"
        assert "sources/" in content_links(real_site, url), f"{url} has no sources"


def test_no_exercise_or_term_is_outside_the_indexes(catalog: dict, real_site: Path) -> None:
    hubs = content_links(real_site, "exercises/")
    for ex in catalog["exercises"]:
        assert ex["url"] in hubs, ex["slug"]
        for section in ("equipment", "goals", "muscles"):
            assert any(
                ex["url"] in content_links(real_site, target)
                for target in content_links(real_site, f"{section}/")
                if target.startswith(f"{section}/") and target != f"{section}/"
            ), f"{ex['slug']} is on no {section} page"
    result = subprocess.run(
        [sys.executable, "-m", "builder", "stats"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0 and "missing: nothing" in result.stdout, result.stdout


def test_routines_link_every_step_and_exercises_link_back(catalog: dict, real_site: Path) -> None:
    urls = {e["slug"]: e["url"] for e in catalog["exercises"]}
    for routine in catalog["routines"]:
        links = content_links(real_site, routine["url"])
        for step in routine["steps"]:
            assert urls[step["exercise"]] in links, (routine["slug"], step["exercise"])
            assert routine["url"] in content_links(real_site, urls[step["exercise"]])


def test_muscle_pages_list_primary_before_secondary(real_site: Path, catalog: dict) -> None:
    for muscle in catalog["muscles"]:
        if muscle["primary"] and muscle["secondary"]:
            html = (real_site / muscle["url"] / "index.html").read_text("utf-8")
            article = html[html.index("<article") :]
            assert article.index("As a primary mover") < article.index("As a helper")


def test_content_passes_the_originality_check() -> None:
    tool = ROOT.parent / "shared" / "tools" / "originality.py"
    if not tool.is_file():
        pytest.skip("the originality checker ships beside the repository, not in it")
    proc = subprocess.run(
        [sys.executable, str(tool), str(CONTENT)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
