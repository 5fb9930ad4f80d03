"""The guide's content licence, stated once: catalog.json, the book and the site's footer
(mkdocs.yml `copyright`) all say the same. The code is MIT (LICENSE)."""

from __future__ import annotations

SPDX = "CC-BY-SA-4.0"
NAME = "Creative Commons Attribution-ShareAlike 4.0 International"
URL = "https://creativecommons.org/licenses/by-sa/4.0/"
ATTRIBUTION = "Hamstring Atlas contributors"
NOTICE = f"Text © {ATTRIBUTION}, licensed under {NAME} (CC BY-SA 4.0): {URL}"
"""One line for print: the book's colophon."""


def catalog_entry() -> dict[str, str]:
    """The `license` field of catalog.json."""
    return {"spdx": SPDX, "name": NAME, "url": URL, "attribution": ATTRIBUTION}
