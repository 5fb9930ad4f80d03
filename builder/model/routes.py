"""The one place that decides where pages live."""

from __future__ import annotations

import posixpath

EXERCISES = "exercises"
MUSCLES = "muscles"
EQUIPMENT = "equipment"
GOALS = "goals"
ROUTINES = "routines"
GUIDE = "guide"
DATA_DIR = "_data"
"""Vocabulary data files live here, inside the content directory; they are not pages."""
MARKER = "<!-- atlas:generated -->"
"""Where a hand-written page receives its generated listing."""

SECTIONS = (EXERCISES, MUSCLES, EQUIPMENT, GOALS, ROUTINES)
"""Sections whose pages are reached through their hub, so they stay out of the nav."""
PAGE_SECTIONS = (EXERCISES, MUSCLES, ROUTINES, GUIDE)
"""Sections of hand-written pages that must have valid front matter."""


def page(section: str, slug: str) -> str:
    """Source path of a term or exercise page, e.g. 'equipment/kettlebell.md'."""
    return f"{section}/{slug}.md"


def hub(section: str) -> str:
    """Source path of a section's hub, e.g. 'muscles/index.md'."""
    return f"{section}/index.md"


REFERENCE = "reference/front-matter.md"
"""The generated front-matter reference for contributors."""
FINDER = "finder.md"
"""The hand-written finder page; the plugin renders it with the theme's finder template."""
FINDER_TEMPLATE = "finder.html"
SOURCES = "sources.md"
"""The generated list of the articles the guide is built from."""
CATALOG_JSON = "catalog.json"
CATALOG_JS = "catalog.js"
"""The same catalogue as a script, for pages opened from disk, where fetch() cannot read JSON."""
THUMBNAILS = "pose"
"""Generated files: a small drawing of each exercise's end frame, for tables and the finder."""


def thumbnail(slug: str) -> str:
    """Source path of an exercise's thumbnail, e.g. 'pose/nordic-curl.svg'."""
    return f"{THUMBNAILS}/{slug}.svg"


def url(src: str) -> str:
    """Site-relative URL of a source path, as MkDocs builds it with directory URLs: for
    catalog.json's readers and messages only. Pages link to each other by source path
    (`relative`), which MkDocs resolves for either URL style."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_src: str, to_src: str) -> str:
    """A relative Markdown link from one source page to another: posixpath.relpath for two
    paths inside the content directory, without os calls."""
    folder = posixpath.dirname(from_src)
    start = [p for p in posixpath.normpath(folder).split("/") if p not in ("", ".")]
    target = [p for p in posixpath.normpath(to_src).split("/") if p not in ("", ".")]
    common = len(posixpath.commonprefix([start, target]))
    parts = [".."] * (len(start) - common) + target[common:]
    return "/".join(parts) or "."


def source_folder(src: str) -> str:
    """The folder of a source path: links from pages of the same folder are the same."""
    return posixpath.dirname(src)


def reached_by_index(src: str) -> bool:
    """Term and exercise pages are reached through hubs, so they stay out of the nav."""
    section, _, rest = src.partition("/")
    return section in SECTIONS and rest.endswith(".md") and rest != "index.md"


PDF_BOOK = "pdf/hamstring-atlas.pdf"
"""The whole guide as a printable book, written after the site is built."""
PDF_CARDS = "pdf/routines"


def pdf_card(url: str) -> str | None:
    """Where a routine page's one-page card is written; None for any other page."""
    section, _, rest = url.partition("/")
    slug = rest.strip("/").removesuffix(".html")  # .html: the offline copy's URLs
    if section != "routines" or not slug or "/" in slug or slug == "index":
        return None
    return f"{PDF_CARDS}/{slug}.pdf"
