"""Frames on a page: `frames_html(exercise)` for the theme, `frame_files` for the CLI."""

from __future__ import annotations

import functools
from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from builder.pose.describe import moves, posture, sentence
from builder.pose.scene import Placed, Pose, placed_frames
from builder.pose.svg import Sheet, figure_markup, frame_svg, limbs_markup, view_box

if TYPE_CHECKING:
    from builder.model.entities import Exercise

WORDS = {"start": "Start", "middle": "Middle", "end": "End"}


def poses_of(exercise: Exercise) -> list[tuple[str, str, Pose]]:
    """(data-pose id, heading, pose) for the exercise and each variation, page order."""
    if exercise.pose is None:
        return []
    found = [(exercise.slug, exercise.title, exercise.pose.exercise)]
    titles = {v.anchor: v.title for v in exercise.variations}
    for anchor, pose in exercise.pose.variations:
        found.append((f"{exercise.slug}.{anchor}", titles.get(anchor, anchor), pose))
    return found


@functools.lru_cache(maxsize=256)  # drawn once per distinct pose (the marked muscles aside)
def _drawn(pose: Pose) -> tuple[tuple[Placed, ...], str, tuple[str, ...], tuple[str, ...], str]:
    """What a pose's frames are, whatever page shows them and whatever muscles it marks: placed
    frames, view box, limbs, each frame's text alternative, and the movement in words."""
    placed = list(placed_frames(pose)[0])
    where = posture(pose)
    labels = []
    for i, frame in enumerate(pose.frames):
        moved = ", ".join(moves(pose, i - 1, i, placed)) if i else ""
        labels.append(f"{WORDS[frame.name]} position: " + (where if i == 0 else moved or "held"))
    limbs = tuple(limbs_markup(one.body) for one in placed)
    return tuple(placed), view_box(placed), limbs, tuple(labels), sentence(pose, placed)


def _svgs(ident: str, pose: Pose, sheet: Sheet) -> tuple[list[tuple[str, str]], str]:
    bare = Pose(pose.view, pose.root, pose.props, pose.frames, one_leg=pose.one_leg)
    placed, box, limbs, labels, words = _drawn(bare)
    svgs = []
    for frame, one, drawn, label in zip(pose.frames, placed, limbs, labels, strict=True):
        figure = figure_markup(one.body, pose, drawn)
        svgs.append(
            (frame.name, frame_svg(ident, frame.name, one, pose, box, label, sheet, figure))
        )
    return svgs, words


def _parts(svg: str) -> tuple[str, str]:
    """(opening tag and defs, drawing) of one frame's <svg>."""
    head, _, rest = svg.partition(">")
    defs, mark, body = rest.rpartition("</defs>")
    return f"{head}>{defs}{mark}", body.removesuffix("</svg>")


def _share_drawings(svgs: list[str]) -> list[str]:
    """A drawing shown twice on a page (a variation drawn like another) is a <use> the second
    time."""
    seen = Counter(_parts(svg)[1] for svg in svgs)
    ids: dict[str, str] = {}
    out = []
    for svg in svgs:
        head, body = _parts(svg)
        if seen[body] < 2:
            out.append(svg)
        elif body in ids:
            out.append(f'{head}<use href="#{ids[body]}"/></svg>')
        else:
            ids[body] = f"apd{len(ids) + 1}"
            out.append(f'{head}<g id="{ids[body]}">{body}</g></svg>')
    return out


def block_html(heading: str, words: str, svgs: list[tuple[str, str]]) -> str:
    """One pose's frames side by side with their captions and the movement in words."""
    figures = "".join(
        f"<figure>{svg}<figcaption>{WORDS[name]}</figcaption></figure>" for name, svg in svgs
    )
    return (
        '<div class="atlas-pose">'
        f'<p class="atlas-pose-title"><strong>{escape(heading)}</strong>: {escape(words)}</p>'
        f'<div class="atlas-pose-frames">{figures}</div></div>'
    )


def pose_html(ident: str, heading: str, pose: Pose, sheet: Sheet) -> str:
    """One pose's block on its own (the contact sheet)."""
    svgs, words = _svgs(ident, pose, sheet)
    return block_html(heading, words, svgs)


def frames_html(exercise: Exercise) -> str:
    """Every frame of an exercise and its variations, for right under the card ('' if none).
    Its styles are in overrides/assets/stylesheets/pose.css (svg.STYLE)."""
    found = poses_of(exercise)
    if not found:
        return ""
    sheet = Sheet()
    drawn = [(h, *_svgs(i, p, sheet)) for i, h, p in found]
    shared = iter(_share_drawings([svg for _, svgs, _ in drawn for _, svg in svgs]))
    blocks = "".join(
        block_html(h, words, [(name, next(shared)) for name, _ in svgs]) for h, svgs, words in drawn
    )
    box = f"atlas-pose-play-{exercise.slug}"
    toggle = (  # one switch animates every block; shown only without reduced motion
        f'<input class="atlas-pose-toggle atlas-pose-play" type="checkbox" id="{box}">'
        f'<label class="atlas-pose-play" for="{box}">Play the movements</label>'
    )
    return (
        f'<section class="atlas-poses" aria-label="The movement, drawn">{toggle}{blocks}</section>'
    )


def frame_files(exercise: Exercise) -> list[tuple[str, str]]:
    """(file stem, standalone SVG document) for every frame of an exercise and its variations."""
    files = []
    for ident, _heading, pose in poses_of(exercise):
        svgs, _ = _svgs(ident, pose, Sheet(share=False))
        for name, svg in svgs:
            files.append((f"{ident}-{name}", svg))
    return files


def thumbnail_svg(exercise: Exercise) -> str:
    """The exercise's end frame as a standalone SVG document ('' if it is not drawn): shown
    through <img>, so in black, which dark mode inverts (overrides/assets/stylesheets/atlas.css)."""
    if exercise.pose is None:
        return ""
    svgs, _ = _svgs(exercise.slug, exercise.pose.exercise, Sheet(share=False))
    return svgs[-1][1] + "\n"


def catalog_frames(exercise: Exercise) -> list[str]:
    """What catalog.json lists: the data-pose id of each drawn frame, page order."""
    return [f"{ident}:{f.name}" for ident, _h, pose in poses_of(exercise) for f in pose.frames]
