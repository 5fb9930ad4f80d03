"""The code is MIT, the guide's text CC BY-SA 4.0, and every place a reader or a re-user looks
says so: the licence files, the README, every page's footer, catalog.json and the book."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from conftest import ROOT

from builder.model import licence
from builder.outputs import front


def test_licence_files() -> None:
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    content = (ROOT / "LICENSE-CONTENT").read_text("utf-8")
    assert "Attribution-ShareAlike 4.0 International" in content
    assert "Section 1 – Definitions." in content  # the legal code itself, not only a link


def test_readme_states_both_licences() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "[MIT](LICENSE)" in readme and "[CC BY-SA 4.0](LICENSE-CONTENT)" in readme


def test_every_page_footer_names_the_content_licence(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert f'<a href="{licence.URL}">CC BY-SA 4.0</a>' in page.read_text("utf-8"), page


def test_catalog_carries_the_licence(real_site: Path) -> None:
    catalog = json.loads((real_site / "catalog.json").read_text("utf-8"))
    assert catalog["license"] == {
        "spdx": "CC-BY-SA-4.0",
        "name": licence.NAME,
        "url": licence.URL,
        "attribution": licence.ATTRIBUTION,
    }


def test_book_cover_carries_the_licence() -> None:
    meta = front.Meta("Hamstring Atlas", "A guide", datetime(2026, 1, 1, tzinfo=UTC), "")
    assert front.esc(licence.NOTICE) in front.cover(meta)
