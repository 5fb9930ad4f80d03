"""The search on a phone does not shift while it opens. material grows its panel when the search
opens (also from a link with ?q=); results drawn while it grew were laid out for a panel wider
than the screen, then rewrapped and pushed down: a layout shift Lighthouse measured at 0.27 in
most runs. Whatever the panel's width, the list of results is no wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import load_catalog, settle
from pagetypes import search_word


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


def test_results_are_laid_out_for_the_screen_while_the_panel_grows(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    word, _ = search_word(catalog)
    page = open_page(served_site + "?q=" + word, "phone").page
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    settle(page)
    # The panel as it is midway through material's opening transition: wider than the screen.
    page.evaluate("document.querySelector('.md-search__inner').style.width = '1000px'")
    widths = page.evaluate(
        "[innerWidth, document.querySelector('.md-search-result__list').offsetWidth]"
    )
    assert widths[1] <= widths[0], f"results {widths[1]} px wide on a {widths[0]} px screen"
