"""Every page type in real Chromium: no axe-core violation, no console error, screenshots;
search finds an exercise; the phone layout opens the navigation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    axe_violations,
    describe,
    heading,
    load_catalog,
    open_search,
    screenshot,
    settle,
)
from pagetypes import page_type_url, search_word

PAGE_TYPES = (
    "home", "exercise", "muscle", "equipment", "goal", "routine", "finder",
    "exercises", "muscles", "equipment-hub", "goals", "routines", "sources", "reference", "guide",
)  # fmt: skip
# Light at both sizes; dark at both too, since contrast differs between the palettes.
LOOKS = [("desktop", "light"), ("phone", "light"), ("desktop", "dark"), ("phone", "dark")]


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS, ids=[f"{v}-{s}" for v, s in LOOKS])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_axe_violation_nor_console_error(
    page_type: str, viewport: str, scheme: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    url = page_type_url(catalog, page_type)
    visit = open_page(served_site + url, viewport, scheme)
    page = visit.page
    assert page.locator("h1").first.is_visible()
    screenshot(page, f"{page_type}-{viewport}-{scheme}")
    assert describe(axe_violations(page)) == ""
    visit.assert_no_console_errors()


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS, ids=[f"{v}-{s}" for v, s in LOOKS])
def test_search_open_finds_an_exercise_and_has_no_axe_violation(
    viewport: str, scheme: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    word, exercise = search_word(catalog)
    visit = open_page(served_site, viewport, scheme)
    page = visit.page
    open_search(page, word)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert any(exercise["url"] in href for href in hrefs), (word, hrefs)
    screenshot(page, f"search-{viewport}-{scheme}", full_page=False)
    assert describe(axe_violations(page)) == ""
    visit.assert_no_console_errors()


def test_phone_layout_opens_the_navigation(served_site: str, open_page: Any) -> None:
    visit = open_page(served_site + "exercises/", "phone")
    page = visit.page
    finder_link = page.locator(".md-nav--primary a.md-nav__link", has_text="Finder").first
    left = "link => link.getBoundingClientRect().left"
    assert finder_link.evaluate(left) < 0, "the drawer should start off-screen"
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_function(f"({left})(document.querySelector('.md-nav--primary')) >= 0")
    assert page.locator("#__drawer").is_checked()
    screenshot(page, "nav-phone-light", full_page=False)
    finder_link.click()
    page.wait_for_url("**/finder/")
    assert heading(page) == "Exercise finder"
    visit.assert_no_console_errors()


def test_home_page_leads_with_the_ways_in(served_site: str, open_page: Any) -> None:
    """The first screen of the home page on a phone offers the finder and the three ways in."""
    page = open_page(served_site, "phone").page
    for target in ("finder/", "muscles/", "equipment/", "goals/"):
        link = page.locator(f'article a[href$="{target}"]').first
        box = link.bounding_box()
        assert box is not None, target
        assert box["y"] + box["height"] <= 844, f"{target} is below the first screen"


# Elements of the content wider than the screen, or scrolling sideways inside it. Hidden text
# for screen readers (clipped to a pixel) is neither.
TOO_WIDE = """() => {
    const screen = document.documentElement.clientWidth;
    const name = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
    const found = [];
    for (const el of document.querySelectorAll('article, article *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || el.closest('.atlas-visually-hidden, thead')) continue;
        // Shapes inside a drawing are cut at its edge (the svg's overflow): the svg is measured.
        const drawing = el.parentElement && el.parentElement.closest('svg');
        if (drawing && getComputedStyle(drawing).overflowX !== 'visible') continue;
        const scrolls = getComputedStyle(el).overflowX !== 'visible';
        if (box.right > screen + 0.5 || box.left < -0.5) {
            found.push(`${name(el)} spans ${box.left}-${box.right}`);
        } else if (scrolls && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${name(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
        }
    }
    if (document.documentElement.scrollWidth > screen) found.push('the page scrolls sideways');
    return found;
}"""


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_on_a_phone_nothing_is_wider_than_the_screen(
    page_type: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    url = page_type_url(catalog, page_type)
    page = open_page(served_site + url, "phone").page
    settle(page)
    assert page.evaluate(TOO_WIDE) == []
