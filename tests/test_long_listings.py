"""Long listings keep their headings in view: scrolled into the middle of a long table, the
heading of its section (and the h3 of its group, and on wider screens the table's heading row)
is still on screen, below material's header and drawn over the rows; past the group, its h3
is gone; on paper the headings stay in the flow. A long table no longer scrolls sideways inside
its own box (that would hold its heading row), so from 600 px up it must fit the column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import load_catalog, settle
from pagetypes import page_type_url

# Where an element is drawn once the page is scrolled, and whether it is the one seen there.
SEEN = """el => {
    const box = el.getBoundingClientRect();
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
    return {top: box.top, bottom: box.bottom, header: header, drawn: el.contains(hit),
            height: window.innerHeight};
}"""


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


def scroll_into_table(page: Any, table: Any) -> None:
    """Scroll so the middle row of the table is mid-screen, far below the table's top."""
    rows = table.locator("tbody tr")
    rows.nth(rows.count() // 2).evaluate("row => row.scrollIntoView({block: 'center'})")
    settle(page)


def assert_in_view(element: Any, below: float | None = None) -> dict[str, float]:
    seen = element.evaluate(SEEN)
    name = element.inner_text().strip()[:30]
    assert seen["top"] >= (seen["header"] if below is None else below) - 1, (name, seen)
    assert seen["bottom"] <= seen["height"] / 3, (name, "stuck near the top", seen)
    assert seen["drawn"], (name, "covered by what scrolls under it", seen)
    return seen


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_hubs_difficulty_stays_in_view(
    viewport: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    url = page_type_url(catalog, "exercises")
    page = open_page(served_site + url, viewport).page
    section = page.locator(".atlas-section").first
    table = section.locator("table").first
    assert table.locator("tbody tr").count() >= 13, "the first level is no long listing"
    scroll_into_table(page, table)
    assert section.evaluate("s => s.getBoundingClientRect().top < 0"), "not scrolled far"
    h2 = assert_in_view(section.locator("h2"))
    if viewport == "desktop":  # phones stack the rows into labelled cards, heading row hidden
        assert_in_view(table.locator("thead th").first, below=h2["bottom"])


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_group_heading_stays_under_its_section_and_leaves_with_its_group(
    viewport: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    url = page_type_url(catalog, "muscle")
    page = open_page(served_site + url, viewport).page
    section = page.locator(".atlas-section:has(.atlas-subsection)").first
    group = section.locator(".atlas-subsection").first
    table = group.locator("table")
    assert table.locator("tbody tr").count() >= 13, "the muscle's first group is short"
    scroll_into_table(page, table)
    h2 = assert_in_view(section.locator("h2"))
    h3 = assert_in_view(group.locator("h3"), below=h2["bottom"])
    if viewport == "desktop":
        assert_in_view(table.locator("thead th").first, below=h3["bottom"])
    # As its group ends, the h3 leaves with it rather than stay over the next part (room added
    # below the page, so it can scroll that far).
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=height:300vh>')")
    group.evaluate(
        "(g, y) => window.scrollBy(0, g.getBoundingClientRect().bottom - y)", h2["bottom"] + 10
    )
    settle(page)
    end = group.evaluate("g => g.getBoundingClientRect().bottom")
    assert h2["bottom"] + 9 <= end <= h2["bottom"] + 11
    last_row = table.locator("tbody tr").last.evaluate("r => r.getBoundingClientRect().bottom")
    assert end - last_row < 40, "the group's block runs on past its table"
    assert group.locator("h3").evaluate(SEEN)["bottom"] <= end + 0.5, "the h3 outstays its group"


def test_on_paper_headings_stay_in_the_flow(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    page = open_page(served_site + page_type_url(catalog, "exercises")).page
    page.emulate_media(media="print")
    assert (
        page.locator(".atlas-section > h2").first.evaluate("h => getComputedStyle(h).position")
        == "static"
    )


@pytest.mark.parametrize("width", [600, 768, 1024])
@pytest.mark.parametrize("page_type", ["exercises", "muscle", "goal", "equipment-hub", "reference"])
def test_long_tables_fit_above_phones(
    page_type: str, width: int, catalog: dict, served_site: str, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(served_site + page_type_url(catalog, page_type), wait_until="load")
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('article table')].filter(t =>
                t.getBoundingClientRect().right > t.closest('article').getBoundingClientRect()
                .right + 0.5).length + (document.documentElement.scrollWidth > innerWidth)"""
        )
        assert overflow == 0
    finally:
        context.close()
