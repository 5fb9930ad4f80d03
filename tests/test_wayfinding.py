"""Where a page sits, and the way on: the breadcrumb of leaf pages, and "previous / next" on an
exercise page within the list it was reached from (a hub's table, the finder's results)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import load_catalog
from pagetypes import expected_matches, page_type_url

LEAVES = {"exercise": "Exercises", "muscle": "Muscles", "equipment": "Equipment",
          "goal": "Goals", "routine": "Routines"}  # fmt: skip


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


def trail(page: Any) -> dict[str, str | None]:
    """The previous / back / next links beside the breadcrumb, by their text."""
    return page.locator(".atlas-trail a").evaluate_all(
        "links => Object.fromEntries(links.map(a => [a.rel || 'back', a.href]))"
    )


@pytest.mark.parametrize("page_type", sorted(LEAVES))
def test_every_leaf_page_shows_where_it_sits(
    page_type: str, catalog: dict, served_site: str, open_page: Any
) -> None:
    url = page_type_url(catalog, page_type)
    page = open_page(served_site + url, "phone").page
    crumbs = page.locator("nav.atlas-breadcrumb li")
    assert crumbs.first.inner_text() == LEAVES[page_type]
    hub = crumbs.first.locator("a").get_attribute("href")
    assert page.evaluate("href => new URL(href, location.href).pathname", hub).endswith(
        "/" + url.split("/")[0] + "/"
    )
    here = page.locator('nav.atlas-breadcrumb [aria-current="page"]').inner_text()
    assert here == page.locator("article h1").first.inner_text().removesuffix("¶").strip()
    assert trail(page) == {}, "no list was followed: no previous / next"


def test_previous_and_next_follow_the_finders_results(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    state = {"equipment": ["none"]}
    found = [s for s in expected_matches(catalog, state) if "#" not in s]
    assert len(found) >= 3
    page = open_page(served_site + "finder/?equipment=none", "phone").page
    page.locator(f'.atlas-result[data-slug="{found[1]}"] h3 a').click()
    page.wait_for_url(f"**/exercises/{found[1]}/")
    links = trail(page)
    assert links["prev"].endswith(f"/exercises/{found[0]}/")
    assert links["next"].endswith(f"/exercises/{found[2]}/")
    assert links["back"].endswith("/finder/?equipment=none")
    page.locator('.atlas-trail a[rel="next"]').click()
    page.wait_for_url(f"**/exercises/{found[2]}/")
    page.locator(".atlas-trail a:not([rel])").click()
    page.wait_for_url("**/finder/?equipment=none")
    assert page.locator("input[value=none]").is_checked()


def test_previous_and_next_follow_a_hubs_table(served_site: str, open_page: Any) -> None:
    page = open_page(served_site + "exercises/").page
    rows = page.locator("article table").first.locator("tbody tr td:first-child a")
    hrefs = rows.evaluate_all("links => links.map(a => a.href)")
    rows.nth(0).click()
    page.wait_for_url(hrefs[0])
    links = trail(page)
    assert "prev" not in links and links["next"] == hrefs[1]
    assert page.locator(".atlas-trail").inner_text().count(f"1 of {len(hrefs)}") == 1
