"""Frames to files: an SVG per frame and a PNG of them all, for contributors and the contact sheet.

The PNG goes HTML -> PDF with WeasyPrint (already a dependency, for the book) -> PNG with
poppler's `pdftoppm`, which the book's tests use too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from builder.pose.render import block_html, frame_files, poses_of
from builder.pose.svg import STYLE, Sheet

_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><style>@page{{size:{width}mm {height}mm;"
    "margin:6mm}}body{{font:9pt sans-serif;color:#222}}h2{{font-size:10pt;margin:2mm 0}}"
    ".atlas-pose{{break-inside:avoid;margin-bottom:2mm}}"
    ".atlas-pose-frames{{display:flex;gap:3mm}}.atlas-pose-frames figure{{margin:0;width:{cell}mm}}"
    ".atlas-pose svg{{width:{cell}mm;height:auto}}{style}</style></head><body>{body}</body></html>"
)


def write_svgs(exercise: Any, out: Path) -> list[Path]:
    """One standalone SVG per frame, named <id>-<frame>.svg."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, svg in frame_files(exercise):
        path = out / f"{stem}.svg"
        path.write_text(svg + "\n", "utf-8")
        written.append(path)
    return written


def sheet_html(exercises: list[Any], cell: int = 45) -> str:
    """Every pose of these exercises, one row of frames each, as an HTML page."""
    rows = []
    for exercise in exercises:
        sheet = Sheet(share=False)
        blocks = "".join(block_html(i, h, p, sheet) for i, h, p in poses_of(exercise))
        rows.append(f"<h2>{escape(exercise.slug)}</h2>{blocks}")
    return _PAGE.format(
        width=3 * cell + 24, height=297, cell=cell, style="", body="".join(rows)
    ).replace("{style}", STYLE)


def write_png(html: str, out: Path, dpi: int = 90) -> list[Path]:
    """Render the HTML to PNG pages (out-1.png, out-2.png...); [] if pdftoppm is missing."""
    import weasyprint

    if shutil.which("pdftoppm") is None:
        return []
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "frames.pdf"
        weasyprint.HTML(string=html).write_pdf(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out)], check=True, timeout=300
        )
    return sorted(out.parent.glob(f"{out.name}-*.png"))
