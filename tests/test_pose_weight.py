"""Page weight: the drawn frames add at most 10 KB to every exercise page of the real site."""

from __future__ import annotations

import re
from pathlib import Path

LIMIT = 10_000  # bytes of uncompressed HTML per exercise page
FRAMES = re.compile(r'<section class="atlas-poses".*?</section>', re.S)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*pose\.css">')


def frames_weight(page: str) -> int:
    """Bytes the frames add: the page less the same page without them and their stylesheet."""
    bare = STYLESHEET.sub("", FRAMES.sub("", page))
    return len(page.encode()) - len(bare.encode())


def test_frames_add_at_most_10_kb_to_every_exercise_page(real_site: Path) -> None:
    pages = sorted((real_site / "exercises").glob("*/index.html"))
    assert len(pages) > 20
    weights = {p.parent.name: frames_weight(p.read_text("utf-8")) for p in pages}
    assert all(w > 1000 for w in weights.values()), weights  # every page has its frames
    heavy = {name: w for name, w in weights.items() if w > LIMIT}
    assert not heavy, f"frames over {LIMIT} bytes: {heavy}"
