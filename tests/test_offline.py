"""The offline build (mkdocs-offline.yml) opened from disk: pages, search and finder work from
file:// and nothing is requested from anywhere else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    SHIM,
    axe_violations,
    describe,
    heading,
    load_catalog,
    open_search,
    require,
    screenshot,
)
from conftest import ROOT
from pagetypes import entries, expected_matches, offline_url, page_types, search_word

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def catalog(offline_site: Path) -> dict[str, Any]:
    return load_catalog(offline_site)


@pytest.fixture
def open_file(offline_site: Path, open_page: Any) -> Any:
    """open_file(relative_url) -> Visit, recording every request the page makes."""
    visits = []

    def open_(url: str, viewport: str = "desktop") -> Any:
        requests: list[str] = []
        visit = open_page("about:blank", viewport)
        visit.page.on("request", lambda r: requests.append(r.url))
        visit.page.goto((offline_site / url.split("?")[0]).as_uri() + _query(url))
        visit.requests = requests
        visits.append(visit)
        return visit

    yield open_
    for visit in visits:
        visit.assert_no_console_errors()
        remote = [u for u in visit.requests if not u.startswith(LOCAL_SCHEMES)]
        assert remote == [], f"{visit.page.url} asked the network for {remote}"


def _query(url: str) -> str:
    return "?" + url.split("?", 1)[1] if "?" in url else ""


def test_the_vendored_worker_shim_is_the_pinned_npm_one() -> None:
    require(SHIM, "iframe-worker (npm)")
    vendored = ROOT / "overrides" / "assets" / "javascripts" / "iframe-worker-shim.js"
    assert vendored.read_text("utf-8").endswith(SHIM.read_text("utf-8"))


def test_every_page_type_opens_from_disk(catalog: dict, open_file: Any) -> None:
    for page_type, url in page_types(catalog).items():
        if url is None:
            continue
        page = open_file(offline_url(url)).page
        assert page.locator("h1").first.is_visible(), page_type
        assert describe(axe_violations(page)) == "", page_type
        # Links between pages name files, not directories, so they open from disk.
        nav = page.locator(".md-tabs__link").evaluate_all("links => links.map(a => a.href)")
        assert nav and all(h.endswith(".html") for h in nav), nav


def test_search_works_from_disk(catalog: dict, open_file: Any) -> None:
    word, exercise = search_word(catalog)
    page = open_file("index.html").page
    open_search(page, word)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert any(offline_url(exercise["url"]) in h for h in hrefs), (word, hrefs)
    screenshot(page, "offline-search-desktop-light", full_page=False)


def test_finder_works_from_disk_and_its_links_open(catalog: dict, open_file: Any) -> None:
    level = catalog["vocabularies"]["difficulty"][0]["slug"]
    page = open_file(f"finder.html?equipment=none&difficulty={level}", "phone").page
    want = expected_matches(catalog, {"equipment": ["none"], "difficulty": [level]})
    got = page.locator(".atlas-result").evaluate_all("items => items.map(i => i.dataset.slug)")
    assert got == want and want
    screenshot(page, "offline-finder-phone-light")
    first = next(e for e in catalog["exercises"] if e["slug"] == want[0])
    page.locator(f'.atlas-result[data-slug="{first["slug"]}"] h3 a').click()
    page.wait_for_url(f"**/{offline_url(first['url'])}")
    assert heading(page) == first["title"]


def test_a_variation_result_opens_its_section_from_disk(
    catalog: dict, offline_site: Path, open_file: Any
) -> None:
    """Variations are sections of their exercise's page: the link names the file and anchor."""
    variation = next(e for e in entries(catalog) if "variation_of" in e)
    page = open_file("finder.html").page
    link = page.locator(f'.atlas-result[data-slug="{variation["slug"]}"] h3 a')
    assert link.get_attribute("href") == offline_url(variation["url"])
    file, _, anchor = offline_url(variation["url"]).partition("#")
    assert f'id="{anchor}"' in (offline_site / file).read_text("utf-8")
