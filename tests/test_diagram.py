"""The anatomy diagram in real Chromium: every exercise page highlights the muscles its
front matter names, primary movers drawn apart from helpers by more than colour (solid against
hatched, bold against italic labels, and words in each shape's name)."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser_support import load_catalog

from builder import pipeline
from builder.outputs import sanitize
from builder.stages import render
from builder.stages.view import DIAGRAM, HIP_ONLY_PATTERNS

KNEE_ONLY = {s.id for s in DIAGRAM if s.knee_only}

# What the page shows of each drawn shape, as the browser computes it.
SHAPES = """() => [...document.querySelectorAll('.atlas-diagram .atlas-shape')].map(s => {
  const outline = s.querySelector('.atlas-outline');
  return {
    muscle: s.dataset.muscle,
    shape: s.dataset.shape,
    role: [...s.classList].find(c => c.startsWith('atlas-') && c !== 'atlas-shape'),
    fill: getComputedStyle(outline).fill,
    name: s.getAttribute('aria-label') || '',
  };
})"""
LABEL_STYLES = """() => [...document.querySelectorAll('.atlas-diagram .atlas-label')].map(l => ({
  role: [...l.classList].find(c => c.startsWith('atlas-label-')).slice('atlas-label-'.length),
  weight: getComputedStyle(l.querySelector('text')).fontWeight,
  style: getComputedStyle(l.querySelector('text')).fontStyle,
}))"""


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


def diagram(page: Any) -> list[dict[str, Any]]:
    shapes = page.evaluate(SHAPES)
    assert shapes, f"{page.url} has no diagram"
    return shapes


def assert_told_apart(page: Any, shapes: list[dict[str, Any]]) -> None:
    """Solid against hatched, and labels bold against italic: not colour alone."""
    for s in shapes:
        if s["role"] in ("atlas-primary", "atlas-this"):
            assert s["fill"].startswith("rgb"), s
            assert "helper" not in s["name"], s
        elif s["role"] == "atlas-secondary":
            assert s["fill"].startswith("url("), s  # a hatch pattern, not a hue
            assert s["name"].endswith("(helper)"), s
    styles = {(t["role"], t["weight"], t["style"]) for t in page.evaluate(LABEL_STYLES)}
    for role, weight, style in styles:
        if role in ("primary", "this"):
            assert (int(weight), style) == (700, "normal"), role
        elif role == "secondary":
            assert (int(weight), style) == (700, "italic"), role
        else:
            assert (int(weight), style) == (400, "normal"), role


def test_every_exercise_diagram_highlights_its_muscles(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    seen_roles: set[str] = set()
    for ex in catalog["exercises"]:
        visit = open_page(served_site + ex["url"])
        page = visit.page
        shapes = diagram(page)
        drawn = {s["muscle"] for s in shapes}
        for s in shapes:
            if s["shape"] in KNEE_ONLY and ex["pattern"] in HIP_ONLY_PATTERNS:
                want = "atlas-other"  # a movement of the hip alone does not work it
            elif s["muscle"] in ex["primary_muscles"]:
                want = "atlas-primary"
            elif s["muscle"] in ex["secondary_muscles"]:
                want = "atlas-secondary"
            else:
                want = "atlas-other"
            assert s["role"] == want, (ex["slug"], s)
            seen_roles.add(s["role"])
        assert_told_apart(page, shapes)
        # A muscle the drawing lacks is still named under it.
        listed = page.locator(".atlas-not-drawn").all_inner_texts()
        worked = set(ex["primary_muscles"] + ex["secondary_muscles"])
        for muscle in catalog["muscles"]:
            if muscle["slug"] in worked - drawn:
                assert any(muscle["title"] in t for t in listed), (ex["slug"], muscle["slug"])
        visit.assert_no_console_errors()
        page.context.close()
    assert seen_roles >= {"atlas-primary", "atlas-secondary", "atlas-other"}


def test_the_dark_scheme_keeps_primary_and_helpers_apart(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    ex = next(e for e in catalog["exercises"] if e["primary_muscles"] and e["secondary_muscles"])
    page = open_page(served_site + ex["url"], "phone", "dark").page
    shapes = diagram(page)
    assert {s["role"] for s in shapes} >= {"atlas-primary", "atlas-secondary"}
    assert_told_apart(page, shapes)


def test_every_muscle_page_draws_its_own_muscle(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    for muscle in catalog["muscles"]:
        page = open_page(served_site + muscle["url"]).page
        shapes = diagram(page)
        mine = {s["role"] for s in shapes if s["muscle"] == muscle["slug"]}
        others = {s["role"] for s in shapes if s["muscle"] != muscle["slug"]}
        assert mine in (set(), {"atlas-this"}), muscle["slug"]
        assert others == {"atlas-other"}, muscle["slug"]
        if not mine:
            assert "not drawn" in page.locator(".atlas-diagram desc").text_content()
        if muscle["slug"] in ("abdominals", "quadriceps"):  # drawn from the front
            assert mine == {"atlas-this"}, muscle["slug"]
            assert "Front view" in page.locator(".atlas-diagram desc").text_content()
        page.context.close()


class _Elements(HTMLParser):
    """Every element with its attributes, in order, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, sorted(attrs)))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.seen


HOSTILE_TITLE = "Bridge & \"hip\" <b onclick='x'>lift</b> <script>alert(1)</script>"


def test_the_sanitiser_would_keep_every_diagram_whole(tiny: Path) -> None:
    """The diagram is cleaned on its own as it joins each page (render.place_drawing): the
    sanitiser must find nothing of ours to remove from it, whatever the titles (set here
    past the content policy, which would refuse them), or the drawing would break."""
    result = pipeline.run(tiny / "content", tiny)
    assert result.ok and result.catalogue is not None, result.problems
    catalogue = result.catalogue
    bridge = next(e for e in catalogue.exercises.values() if e.slug == "bridge")
    catalogue.exercises[bridge.slug] = dataclasses.replace(bridge, title=HOSTILE_TITLE)
    for slug, muscle in list(catalogue.muscles.items()):
        catalogue.muscles[slug] = dataclasses.replace(muscle, title=f"{HOSTILE_TITLE} {slug}")
    diagrams = render.render(catalogue).diagrams
    assert len(diagrams) == len(catalogue.exercises) + len(catalogue.muscles)
    for src, drawing in diagrams.items():
        assert _elements(sanitize.clean(drawing)) == _elements(drawing), src
        assert "<script" not in drawing and "<b " not in drawing, src
    assert "Muscles worked by Bridge &amp; &#34;hip&#34; &lt;b onclick=" in "".join(
        diagrams.values()
    )
