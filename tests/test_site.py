"""Tiny sites built with MkDocs --strict in tmp_path."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build
from htmllinks import content_links
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_tiny_site_builds_strictly_with_every_generated_page(tiny: Path, tmp_path: Path) -> None:
    site = tmp_path / "out"
    before = tree_digest(tiny / "content")
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(tiny / "content") == before, "the build must not write into content/"
    for url in (
        "exercises/",
        "muscles/",
        "equipment/",
        "goals/",
        "equipment/none/",
        "equipment/kettlebell/",
        "goals/strength/",
        "reference/front-matter/",
        "exercises/bridge/",
        "muscles/semitendinosus/",
    ):
        assert (site / url / "index.html").is_file(), url
    assert not (site / "_data").exists()
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert [e["slug"] for e in catalog["exercises"]] == [
        "band-curl",
        "bridge",
        "fold",
        "single-leg-bridge",
        "swing",
    ]
    assert catalog["exercises"][1]["url"] == "exercises/bridge/"
    assert catalog["exercises"][1]["harder"] == ["single-leg-bridge"]


def test_marker_places_the_listing_inside_hand_written_prose(tiny: Path, tmp_path: Path) -> None:
    (tiny / "content/equipment").mkdir()
    (tiny / "content/equipment/index.md").write_text(
        "---\ntitle: Kit\n---\n\n# Kit\n\nOur words first.\n\n"
        "<!-- atlas:generated -->\n\nAnd last.\n"
    )
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    html = (site / "equipment/index.html").read_text("utf-8")
    html = html[html.index("<article") :]
    assert html.index("Our words first.") < html.index("Resistance band") < html.index("And last.")
    muscle = (site / "muscles/biceps-femoris/index.html").read_text("utf-8")
    muscle = muscle[muscle.index("<article") :]
    assert muscle.index("outside of the knee.") < muscle.index("As a primary mover")
    assert muscle.index("As a primary mover") < muscle.index("More prose after the listing.")


def test_typo_fails_the_strict_build_with_file_line_and_hint(tiny: Path, tmp_path: Path) -> None:
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(swing.read_text("utf-8").replace("[kettlebell]", "[kettelbell]"))
    proc = mkdocs_build(tiny, tmp_path / "out")
    assert proc.returncode == 1
    assert (
        "content/exercises/swing.md:6:13: [unknown-term] unknown equipment item "
        "'kettelbell'. hint: did you mean 'kettlebell'?"
    ) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "catalog.json").exists()


def test_a_warning_fails_the_strict_build(tiny: Path, tmp_path: Path) -> None:
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8") + "\nTODO: a picture\n")
    proc = mkdocs_build(tiny, tmp_path / "out")
    assert proc.returncode == 1
    assert "warning [todo]" in proc.stderr


def test_broken_yaml_is_not_swallowed_by_mkdocs(tiny: Path, tmp_path: Path) -> None:
    index = tiny / "content/index.md"
    index.write_text("---\ntitle: [Tiny\n---\n\nHello.\n")
    proc = mkdocs_build(tiny, tmp_path / "out")
    assert proc.returncode == 1
    assert "content/index.md:3:1: [yaml-syntax]" in proc.stderr


def test_two_builds_are_byte_identical(tiny: Path, tmp_path: Path) -> None:
    assert mkdocs_build(tiny, tmp_path / "a").returncode == 0
    assert mkdocs_build(tiny, tmp_path / "b").returncode == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_generated_pages_link_both_ways(tiny: Path, tmp_path: Path) -> None:
    site = tmp_path / "out"
    assert mkdocs_build(tiny, site).returncode == 0
    links = content_links(site, "exercises/band-curl/")
    assert {"muscles/semitendinosus/", "equipment/resistance-band/", "goals/strength/"} <= links
    assert "exercises/band-curl/" in content_links(site, "equipment/resistance-band/")


def test_a_broken_save_then_a_good_one_recovers(tiny: Path, tmp_path: Path, monkeypatch) -> None:
    """What `mkdocs serve` does: one plugin object, several builds."""
    monkeypatch.chdir(tiny)
    config = load_config(str(tiny / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    swing = tiny / "content/exercises/swing.md"
    good = swing.read_text("utf-8")
    swing.write_text(good.replace("[kettlebell]", "[kettelbell]"))
    with pytest.raises((PluginError, Abort)):
        build(config)
    swing.write_text(good.replace("title: Kettlebell swing", "title: Bell swing"))
    build(config)
    page = (tmp_path / "out/equipment/kettlebell/index.html").read_text("utf-8")
    assert "Bell swing" in page and "Kettlebell swing" not in page


def test_template_override_from_the_theme_dir(tiny: Path, tmp_path: Path) -> None:
    (tiny / "overrides/atlas").mkdir(parents=True, exist_ok=True)
    (tiny / "overrides/atlas/term.md.j2").write_text(
        "# {{ term.name | md }}\n\nOur own term page.\n"
    )
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    assert "Our own term page." in (site / "goals/strength/index.html").read_text("utf-8")
    assert not (site / "atlas").exists(), "template overrides must not be published"


def test_routines_variations_guides_and_sources_are_linked(tiny: Path, tmp_path: Path) -> None:
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)  # --strict: every link and anchor below must resolve
    assert proc.returncode == 0, proc.stderr
    assert {"exercises/bridge/", "exercises/single-leg-bridge/", "exercises/fold/"} <= (
        content_links(site, "routines/quick/")
    )
    routine = (site / "routines/quick/index.html").read_text("utf-8")
    assert "Stretch after" in routine and "8 reps per side" in routine
    assert "routines/quick/" in content_links(site, "exercises/bridge/")
    assert "routines/quick/" in content_links(site, "routines/")
    kit = (site / "equipment/ankle-weight/index.html").read_text("utf-8")
    assert 'href="../../exercises/band-curl/#ankle-weight-curl"' in kit
    assert 'id="ankle-weight-curl"' in (site / "exercises/band-curl/index.html").read_text("utf-8")
    guide = (site / "guide/why/index.html").read_text("utf-8")
    assert 'href="../../sources/#article-one"' in guide
    assert 'id="article-one"' in (site / "sources/index.html").read_text("utf-8")
    assert "guide/why/" in content_links(site, "sources/")
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert catalog["routines"][0]["steps"][2] == {
        "block": "Stretch after",
        "dose": "30 s",
        "exercise": "fold",
        "note": "",
    }
    band_curl = catalog["exercises"][0]
    assert band_curl["routines"] == []
    assert band_curl["variations"][0]["equipment"] == ["ankle-weight"]


def _contents(html: str) -> list[str]:
    """The anchors listed in a page's table of contents (material's secondary nav), in order."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--secondary")
    assert nav is not None
    return [a["href"].removeprefix("#") for a in nav.select("a.md-nav__link")]


def test_generated_sections_are_in_the_contents_in_page_order(tiny: Path, tmp_path: Path) -> None:
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8") + "\n## Sources\n\nOur own note on sources.\n")
    muscle = tiny / "content/muscles/biceps-femoris.md"
    text = muscle.read_text("utf-8").replace("It crosses", "## Before\n\nIt crosses")
    muscle.write_text(text.replace("More prose", "## After\n\nMore prose"))
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    page = (site / "exercises/bridge/index.html").read_text("utf-8")
    contents = _contents(page)
    assert contents == [  # the body's headings, then the foot's, numbered as toc would
        "how-to-do-it",
        "sources",
        "easier-and-harder",
        "routines-that-use-it",
        "sources_1",
    ]
    for anchor in contents:  # every entry leads to one heading of the page
        assert page.count(f'id="{anchor}"') == 1, anchor
    assert page.index("Our own note on sources.") < page.index('id="sources_1"')
    # The generated sections are Markdown like the body: search finds their headings too.
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    found = {d["location"] for d in index if d["location"].startswith("exercises/bridge/")}
    assert found == {"exercises/bridge/", *(f"exercises/bridge/#{a}" for a in contents)}
    assert _contents((site / "muscles/biceps-femoris/index.html").read_text("utf-8")) == [
        "before",
        "exercises-that-work-it",
        "as-a-primary-mover",
        "sources",
        "after",
    ]


def test_section_pages_keep_their_front_matter_as_written(tiny: Path, tmp_path: Path) -> None:
    """MkDocs would read `title: Yes` as the boolean True; the builder's reading is the page's."""
    bridge = tiny / "content/exercises/bridge.md"
    bridge.write_text(bridge.read_text("utf-8").replace("title: Bridge", "title: Yes"))
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    page = BeautifulSoup((site / "exercises/bridge/index.html").read_text("utf-8"), "html.parser")
    assert page.title is not None and page.title.text.startswith("Yes - ")
    assert page.select_one("article h1").text.rstrip("¶") == "Yes"
