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
from typing import TYPE_CHECKING

from builder.pose.render import frame_files, pose_html, poses_of
from builder.pose.svg import STYLE, Sheet

if TYPE_CHECKING:
    from builder.model.entities import Exercise

_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><style>@page{{size:{width}mm {height}mm;"
    "margin:6mm}}body{{font:9pt sans-serif;color:#222}}h2{{font-size:10pt;margin:2mm 0}}"
    ".atlas-pose{{break-inside:avoid;margin-bottom:2mm}}"
    ".atlas-pose-frames{{display:flex;gap:3mm}}.atlas-pose-frames figure{{margin:0;width:{cell}mm}}"
    ".atlas-pose svg{{width:{cell}mm;height:auto}}{style}</style></head><body>{body}</body></html>"
)


def write_svgs(exercise: Exercise, out: Path) -> list[Path]:
    """One standalone SVG per frame, named <id>-<frame>.svg."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, svg in frame_files(exercise):
        path = out / f"{stem}.svg"
        path.write_text(svg + "\n", "utf-8")
        written.append(path)
    return written


def sheet_html(exercises: list[Exercise], cell: int = 45) -> str:
    """Every pose of these exercises, one row of frames each, as an HTML page."""
    rows = []
    for exercise in exercises:
        sheet = Sheet(share=False)
        blocks = "".join(pose_html(i, h, p, sheet) for i, h, p in poses_of(exercise))
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


ANGLES_EXAMPLE = {"trunk": 20.0, "hip": 50.0, "knee": 60.0, "ankle": 10.0, "shoulder": 70.0,
                  "elbow": 50.0}  # fmt: skip
"""The pose of the joint-angle picture in CONTRIBUTING.md (near side only)."""


def angles_picture() -> str:
    """A figure with each joint's angle written beside it: docs/pose-angles.svg."""
    from builder.pose.figure import NEUTRAL, Angles
    from builder.pose.scene import Frame, Pose, place_all
    from builder.pose.svg import SCALE, frame_svg, view_box

    limbs = tuple((j, ANGLES_EXAMPLE.get(j, n), 0.0) for j, n, _ in NEUTRAL.limbs)
    body = tuple((j, ANGLES_EXAMPLE.get(j, v)) for j, v in NEUTRAL.body)
    pose = Pose("side", ("far-foot",), (), (Frame("start", Angles(body, limbs)),) * 2)
    placed, _ = place_all(pose)
    points = placed[0].body.points
    at = {
        "trunk": "shoulder", "hip": "near-hip", "knee": "near-knee", "ankle": "near-ankle",
        "shoulder": "near-shoulder", "elbow": "near-elbow",
    }  # fmt: skip
    box = view_box(placed)
    x0, y0, w, h = (float(v) for v in box.split())
    wide = f"{x0 - 45:g} {y0 - 8:g} {w + 150:g} {h + 13:g}"
    label = "A figure with its joint angles: " + ", ".join(
        f"{j} {v:g}" for j, v in ANGLES_EXAMPLE.items()
    )
    svg = frame_svg("example", "start", placed[0], pose, wide, label, Sheet(share=False))
    points = {**points, "mid-trunk": (points["shoulder"][0] / 2 - 0.38, 0.7, 0.0)}
    at["trunk"] = "mid-trunk"
    notes = "".join(
        f'<text x="{points[p][0] * SCALE + 9:.0f}" y="{-points[p][1] * SCALE + 1:.0f}" '
        f'font-size="6" font-family="sans-serif" fill="#bf360c">{j} {ANGLES_EXAMPLE[j]:g}°</text>'
        for j, p in at.items()
    )
    legend = (
        f'<text x="{x0 - 43:g}" y="{y0 - 1:g}" font-size="5" font-family="sans-serif">'
        "All 0: standing tall, arms hanging, feet square. Near limbs dark, far pale."
        "</text>"
    )
    return svg.replace("</svg>", notes + legend + "</svg>").replace(
        "<svg ", '<svg color="#222" style="background:#fff" ', 1
    )
