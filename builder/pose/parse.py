"""Read and check an exercise's `pose` block, reporting every problem at its line.

pose:
  view: side                     # side (default), front or back
  root: [shoulders, feet]        # what touches the floor, or the rest prop under it
  props: [mat, stability-ball@heels, band@near-toe>near-hand]
  start: {trunk: -90, hip: 0, knee: 0}
  end: {knee: 90, hip: [20, 0]}   # [near, far]; a frame keeps what it does not change
  variations:
    banded-clamshell: {props: [band@knees]}   # by heading id; the rest is the exercise's
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from builder.model.problems import closest
from builder.model.yamltree import Map, Node, Scalar, Seq, kind_of
from builder.pose.figure import (
    BODY_JOINTS,
    JOINTS,
    LIMB_JOINTS,
    MEANING,
    NEUTRAL,
    RANGES,
    VIEWS,
    Angles,
)
from builder.pose.props import props
from builder.pose.scene import ANCHORS, LANDMARKS, Frame, Pose, PropUse, placed_frames

FRAMES = ("start", "middle", "end")
KEYS = ("view", "root", "props", *FRAMES)
POSE_KEYS = (*KEYS, "variations")

Add = Callable[..., None]
"""`add(node, code, **fields)`: report a problem at a node."""


@dataclass(frozen=True)
class Poses:
    """An exercise's pose and each variation's (its own, or the exercise's with its changes)."""

    exercise: Pose
    variations: tuple[tuple[str, Pose], ...]
    """(heading id, pose) for every variation of the page."""


def _hint(value: str, choices: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    same_start = [c for c in near if c[:1] == value[:1]]  # 'feats' is 'feet', not 'seat'
    close = same_start[0] if same_start else closest(value, choices)
    return f"did you mean '{close}'?" if close else "expected one of: " + ", ".join(choices)


def read_pose(
    node: Node,
    anchors: tuple[str, ...],
    muscles: tuple[tuple[str, ...], tuple[str, ...]],
    one_leg: bool,
    add: Add,
    one_leg_variations: tuple[str, ...] = (),
) -> Poses | None:
    """The exercise's poses, or None after reporting what is wrong. Variations whose heading
    id is in one_leg_variations work one leg (only the near one is marked)."""
    if not isinstance(node, Map):
        add(node, "wrong-type", key="pose", expected="a mapping", found=kind_of(node),
            example="pose: {root: feet, start: {hip: 0}, end: {hip: 90}}")  # fmt: skip
        return None
    problems: list[bool] = []
    seen: set[tuple[Any, ...]] = set()

    def report(at: Node, code: str, **fields: Any) -> None:
        problems.append(True)
        key = (at.line, at.col, code, *sorted(fields.items()))
        if key not in seen:  # a variation's change is read again for each later frame
            seen.add(key)
            add(at, code, **fields)

    base = _read(node, POSE_KEYS, None, report)
    if base is None:
        return None
    base = Pose(base.view, base.root, base.props, base.frames, muscles, one_leg)
    inherited = tuple(_check_scene(node, base, report))
    variations: list[tuple[str, Pose]] = []
    own = node.get("variations")
    given: dict[str, Map] = {}
    if own is not None:
        if not isinstance(own, Map):
            example = "variations: {band-curl: {props: [band@ankles]}}"
            report(own, "wrong-type", key="variations", expected="a mapping of heading ids",
                   found=kind_of(own), example=example)  # fmt: skip
        else:
            for key, value in own.entries:
                if key.text not in anchors:
                    hint = _hint(key.text, anchors or ("(this page has none)",))
                    report(key, "pose-unknown-variation", value=key.text, suggestion=hint)
                elif isinstance(value, Map):
                    given[key.text] = value
                else:
                    report(value, "wrong-type", key=key.text, expected="a mapping",
                           found=kind_of(value), example="{props: [band@ankles]}")  # fmt: skip
    for anchor in anchors:
        if anchor in given:
            one = _read(given[anchor], KEYS, base, report)
            if one is not None:
                single = anchor in one_leg_variations
                one = Pose(one.view, one.root, one.props, one.frames, muscles, single)
                _check_scene(given[anchor], one, report, inherited)
                variations.append((anchor, one))
        else:
            single = anchor in one_leg_variations
            variations.append((anchor, replace(base, one_leg=single)))
    return None if problems else Poses(base, tuple(variations))


_Inherited = tuple[str, str, dict[str, str]]
"""A trouble of a frame as a variation inherits it: (frame, code, fields)."""


def _check_scene(
    node: Map, pose: Pose, report: Add, known: Sequence[_Inherited] = ()
) -> list[_Inherited]:
    """Report where the frames do not stand as their root says; return the troubles, so a
    variation does not repeat the ones it inherits."""
    _, troubles = placed_frames(pose)
    for trouble in troubles:
        if (trouble.frame, trouble.code, trouble.fields) in known:
            continue
        at = node.get(trouble.frame) or _inherited(node, trouble.frame) or node
        report(at, trouble.code, **trouble.fields)
    return [(t.frame, t.code, t.fields) for t in troubles]


def _inherited(node: Map, frame: str) -> Node | None:
    """A variation that keeps the exercise's frames: its first key is where to point."""
    return node.entries[0][0] if node.entries else None


def _read(node: Map, keys: tuple[str, ...], base: Pose | None, report: Add) -> Pose | None:
    for key, _ in node.entries:
        if key.text not in keys:
            report(key, "unknown-key", key=key.text, suggestion=_hint(key.text, keys))
    view = base.view if base else "side"
    if isinstance(v := node.get("view"), Scalar):
        if v.text in VIEWS:
            view = v.text
        else:
            report(
                v,
                "pose-bad-value",
                key="view",
                value=v.text,
                suggestion=_hint(v.text, tuple(VIEWS)),
            )
    elif v is not None:
        report(
            v,
            "pose-bad-value",
            key="view",
            value=kind_of(v),
            suggestion="one of: side, front, back",
        )
    root = base.root if base else ()
    if (r := node.get("root")) is not None:
        found = [_landmark(item, report) for item in _list(r)]
        if None in found:
            return None
        root = tuple(name for name in found if name)
    if not root:
        report(node, "missing-key", key="root", doc="what touches the floor, e.g. feet or back")
        return None
    used = base.props if base else ()
    if (p := node.get("props")) is not None:
        uses = [_prop(item, root[0], report) for item in _list(p)]
        if None in uses:
            return None
        used = tuple(u for u in uses if u is not None)
    given = sum(node.get(name) is not None for name in FRAMES)
    if base is None and given < 2:
        report(node, "pose-frames")
        return None
    frames = _frames(node, base, report)
    if len(frames) < 2:
        return None
    return Pose(view, root, used, tuple(frames))


def _list(node: Node) -> tuple[Node, ...]:
    return node.items if isinstance(node, Seq) else (node,)


def _landmark(node: Node, report: Add) -> str | None:
    if not isinstance(node, Scalar) or node.text not in LANDMARKS:
        text = node.text if isinstance(node, Scalar) else kind_of(node)
        report(node, "pose-unknown-landmark", value=text, suggestion=_hint(text, LANDMARKS))
        return None
    return node.text


def _prop(node: Node, root: str, report: Add) -> PropUse | None:
    if not isinstance(node, Scalar):
        report(node, "pose-unknown-prop", value=kind_of(node), suggestion="write prop@landmark")
        return None
    slug, _, rest = node.text.partition("@")
    at, _, anchor = rest.partition(">")
    known = tuple(props())
    if slug not in known:
        report(node, "pose-unknown-prop", value=slug, suggestion=_hint(slug, known))
        return None
    at = at or root
    if at not in LANDMARKS:
        report(node, "pose-unknown-landmark", value=at, suggestion=_hint(at, LANDMARKS))
        return None
    kind = props()[slug].kind
    if kind == "line" and not anchor:
        report(node, "pose-bad-value", key=slug, value=node.text,
               suggestion=f"a line runs to an anchor: {slug}@{at}>high-front")  # fmt: skip
        return None
    choices = LANDMARKS + tuple(ANCHORS)
    if anchor and anchor not in choices:
        report(node, "pose-unknown-landmark", value=anchor, suggestion=_hint(anchor, choices))
        return None
    return PropUse(slug, at, anchor)


def _frames(node: Map, base: Pose | None, report: Add) -> list[Frame]:
    """The frames given, each keeping what it does not change from the one before; in a
    variation, from the exercise's frame of the same name plus the variation's earlier
    changes, so `start: {shoulder: 0}` holds for its end frame too."""
    frames: list[Frame] = []
    inherited = {f.name: f.angles for f in base.frames} if base else {}
    previous = NEUTRAL
    changes: dict[str, tuple[Scalar, Node]] = {}
    for name in FRAMES:
        given = node.get(name)
        if given is not None and not isinstance(given, Map):
            report(given, "wrong-type", key=name, expected="a mapping of joint angles",
                   found=kind_of(given), example="{trunk: 0, hip: 90, knee: [0, 45]}")  # fmt: skip
            continue
        if base is None:
            if given is None:
                continue
            angles = _angles(given.entries, previous, report)
        else:
            if name not in inherited and given is None:
                continue
            if given is not None:
                changes.update((k.text, (k, v)) for k, v in given.entries)
            angles = _angles(tuple(changes.values()), inherited.get(name, previous), report)
        if angles is None:
            continue
        previous = angles
        frames.append(Frame(name, angles))
    return frames


def _angles(entries: tuple[tuple[Scalar, Node], ...], start: Angles, report: Add) -> Angles | None:
    body = dict(start.body)
    limbs = {j: (near, far) for j, near, far in start.limbs}
    ok = True
    for key, value in entries:
        if key.text not in JOINTS:
            report(key, "pose-unknown-joint", value=key.text, suggestion=_hint(key.text, JOINTS))
            ok = False
            continue
        sided = _list(value) if isinstance(value, Seq) else (value,)
        if len(sided) not in (1, 2) or (len(sided) == 2 and key.text in BODY_JOINTS):
            example = "e.g. 20" if key.text in BODY_JOINTS else "one number, or [near, far]"
            report(value, "pose-bad-value", key=key.text, value=kind_of(value), suggestion=example)
            ok = False
            continue
        read = [_degrees(key.text, item, report) for item in sided]
        numbers = [n for n in read if n is not None]
        if len(numbers) < len(read):
            ok = False
            continue
        if key.text in BODY_JOINTS:
            body[key.text] = numbers[0]
        else:
            limbs[key.text] = (numbers[0], numbers[-1])
    if not ok:
        return None
    return Angles(
        tuple((j, body[j]) for j in BODY_JOINTS),
        tuple((j, *limbs[j]) for j in LIMB_JOINTS),
    )


def _degrees(joint: str, node: Node, report: Add) -> float | None:
    text = node.text.strip() if isinstance(node, Scalar) else ""
    try:
        value = float(text)
    except ValueError:
        report(node, "pose-bad-value", key=joint, value=text or kind_of(node),
               suggestion="an angle in degrees, e.g. 45")  # fmt: skip
        return None
    low, high = RANGES[joint]
    if not low <= value <= high:
        report(node, "pose-angle", joint=joint, value=text, low=str(low), high=str(high),
               meaning=MEANING[joint])  # fmt: skip
        return None
    return value
