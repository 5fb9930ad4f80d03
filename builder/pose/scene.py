"""A pose placed in the world: the figure set on its root, the props set by their landmarks,
and the checks that it stands where it says (no foot through the floor, nothing floating)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from builder.pose.figure import RADIUS, Angles, Body, Vec, pose
from builder.pose.props import Prop, props

TOLERANCE = 0.03
"""How far (in H, about 5 cm) a contact may miss its surface before it is a problem."""
CM_PER_H = 175
"""Distances in messages are in cm for a 1.75 m runner."""

_SINGLE = {
    "hip": ("hip", "pelvis"),  # the seat: hip joint less the buttock
    "seat": ("hip", "pelvis"),
    "shoulders": ("shoulder", "trunk"),
    "head": ("head", "head"),
}
_SIDED = {
    "hip": "thigh",
    "knee": "shank",
    "ankle": "shank",
    "heel": "foot",
    "toe": "foot",
    "foot": "foot",
    "shoulder": "upper_arm",
    "elbow": "forearm",
    "hand": "hand",
}
_PLURAL = {"feet": "foot", "knees": "knee", "heels": "heel", "toes": "toe", "hands": "hand",
           "ankles": "ankle", "elbows": "elbow"}  # fmt: skip
LANDMARKS: tuple[str, ...] = tuple(
    sorted(
        set(_SINGLE)
        | set(_PLURAL)
        | {f"{side}-{name}" for side in ("near", "far") for name in _SIDED}
        | {"back", "front", "side"}
    )
)
"""Where a root or a prop can meet the body."""
_LYING = {"back": "trunk", "front": "trunk", "side": "trunk"}
ANCHORS: dict[str, tuple[float, float]] = {
    "low-front": (0.75, 0.06),
    "low-back": (-0.75, 0.06),
    "high-front": (0.6, 1.05),
    "high-back": (-0.6, 1.05),
    "overhead": (0.0, 1.25),
}
"""Fixed points a line prop can run to, from the first root landmark; overhead stands above
where the landmark is in the first frame."""


@dataclass(frozen=True)
class PropUse:
    """A prop at a landmark, e.g. `stability-ball@heels` or `band@near-toe>near-hand`."""

    prop: str
    at: str
    anchor: str = ""


@dataclass(frozen=True)
class Frame:
    name: str
    """start, middle or end."""
    angles: Angles


@dataclass(frozen=True)
class Pose:
    """What one exercise (or variation) shows: a view, a root, props and frames."""

    view: str
    root: tuple[str, ...]
    """Landmarks that touch the floor or the prop under them; the first places the figure."""
    props: tuple[PropUse, ...]
    frames: tuple[Frame, ...]
    muscles: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """(primary, helpers) muscle slugs to mark on the figure."""
    one_leg: bool = False
    """Only the near leg works: only it is marked."""


@dataclass(frozen=True)
class Placed:
    """A frame's figure and props in the world: floor at y = 0."""

    body: Body
    props: tuple[tuple[PropUse, Vec, Vec], ...]
    """Each prop with the landmark's point and its anchor's point (or the landmark again)."""


def _sides(landmark: str) -> list[str]:
    if landmark in _PLURAL:
        return [f"near-{_PLURAL[landmark]}", f"far-{_PLURAL[landmark]}"]
    if landmark == "side":
        return ["side-shoulder", "side-hip"]
    if landmark in _LYING:
        return ["shoulders", "seat"]
    return [landmark]


def contact(body: Body, landmark: str) -> Vec:
    """The lowest point of a single landmark, where it meets what it rests on."""
    if landmark in _SINGLE:
        name, segment = _SINGLE[landmark]
        x, y, z = body.points[name]
        return (x, y - RADIUS[segment], z)
    side, name = landmark.split("-", 1)
    if side == "side":  # lying on a side: the lower of the two joints
        segment = "upper_arm" if name == "shoulder" else "thigh"
        low = min(body.points[f"near-{name}"], body.points[f"far-{name}"], key=lambda p: p[1])
        return (low[0], low[1] - RADIUS[segment], low[2])
    if name == "hand":  # the wrist or the fingers, whichever is lower
        low = min(body.points[f"{side}-hand"], body.points[f"{side}-fingers"], key=lambda p: p[1])
        return (low[0], low[1] - RADIUS["hand"], low[2])
    if name == "foot":
        heel, toe = body.points[f"{side}-heel"], body.points[f"{side}-toe"]
        low = min(heel, toe, key=lambda p: p[1])
        return (low[0], low[1] - RADIUS["foot"], low[2])
    x, y, z = body.points[f"{side}-{name}"]
    return (x, y - RADIUS[_SIDED[name]], z)


def point(body: Body, landmark: str) -> Vec:
    """Where a landmark (or the middle of a pair) is."""
    found = [contact(body, one) for one in _sides(landmark)]
    n = len(found)
    return (sum(p[0] for p in found) / n, min(p[1] for p in found), sum(p[2] for p in found) / n)


def surface_of(use: PropUse) -> float:
    """Height of the part of a rest prop its landmark meets (a chair's back for the hands)."""
    prop = props()[use.prop]
    return prop.top + (prop.back if use.at.endswith(("hand", "hands")) else 0.0)


def _rest_under(pose_: Pose, landmark: str) -> Prop | None:
    for use in pose_.props:
        prop = props()[use.prop]
        if prop.kind in ("rest", "under") and landmark in [*_sides(use.at), use.at]:
            return prop
    return None


@dataclass(frozen=True)
class Trouble:
    """A frame that does not stand where it says: a problem code and its wording fields."""

    frame: str
    code: str
    fields: dict[str, str]


def place(pose_: Pose, frame: Frame, first: Placed | None = None) -> tuple[Placed, list[Trouble]]:
    """Set the frame's figure on its first root and check every contact."""
    body = pose(frame.angles, pose_.view)
    lead = _sides(pose_.root[0])[0]
    under = _rest_under(pose_, pose_.root[0])
    low = contact(body, lead) if pose_.root[0] not in _PLURAL else point(body, pose_.root[0])
    if pose_.root[0] in _LYING:
        low = point(body, pose_.root[0])
    height = under.top if under else 0.0
    body = body.moved(-low[0], height - low[1])
    troubles: list[Trouble] = []
    for root in pose_.root:
        for one in _sides(root):
            prop = _rest_under(pose_, root) or _rest_under(pose_, one)
            surface = prop.top if prop else 0.0
            gap = contact(body, one)[1] - surface
            if gap > TOLERANCE:
                troubles.append(_trouble(frame, "pose-floating", one, gap, prop, root))
    placed = []
    for use in pose_.props:
        at = point(body, use.at)
        anchor = _anchor(use, body, first)
        prop = props()[use.prop]
        if prop.kind == "rest" and use.at not in pose_.root:
            gap = at[1] - surface_of(use)
            if gap > TOLERANCE:
                troubles.append(_trouble(frame, "pose-floating", use.at, gap, prop, use.at))
            elif gap < -TOLERANCE:
                troubles.append(_trouble(frame, "pose-through-floor", use.at, -gap, prop, use.at))
        if prop.kind == "held":
            spot = held_spot(body, use.at)
            bottom = spot[1] - prop.radius * (2.2 if use.prop == "kettlebell" else 1.0)
            if bottom < -TOLERANCE:
                troubles.append(
                    _trouble(frame, "pose-through-floor", use.prop, -bottom, None, use.at)
                )
        placed.append((use, at, anchor))
    deepest = min(
        ((s.name, s.side, p[1] - RADIUS[s.name]) for s in body.segments for p in (s.start, s.end)),
        key=lambda t: t[2],
    )
    if deepest[2] < -TOLERANCE:
        part = f"{deepest[1]} {deepest[0]}".strip().replace("_", " ")
        troubles.append(_trouble(frame, "pose-through-floor", part, -deepest[2], None, ""))
    return Placed(body, tuple(placed)), troubles


def held_spot(body: Body, landmark: str) -> Vec:
    """Where a held prop hangs: the joint itself (the middle of a pair), not its lowest edge."""
    names = (
        [f"near-{_PLURAL[landmark]}", f"far-{_PLURAL[landmark]}"]
        if landmark in _PLURAL
        else [landmark]
    )
    names = [n.replace("-foot", "-ankle").replace("-toe", "-ankle") for n in names]
    found = [body.points.get(n, body.points["hip"]) for n in names]
    k = len(found)
    return (
        sum(p[0] for p in found) / k,
        sum(p[1] for p in found) / k,
        sum(p[2] for p in found) / k,
    )


def _anchor(use: PropUse, body: Body, first: Placed | None) -> Vec:
    if not use.anchor:
        return point(body, use.at)
    if use.anchor in ANCHORS:
        x, y = ANCHORS[use.anchor]
        if use.anchor == "overhead":
            x = point((first.body if first else body), use.at)[0]
        return (x, y, 0.0)
    return point(body, use.anchor)


def _trouble(
    frame: Frame, code: str, part: str, distance: float, prop: Prop | None, root: str
) -> Trouble:
    return Trouble(
        frame.name,
        code,
        {
            "frame": frame.name,
            "part": part.replace("-", " "),
            "cm": str(round(distance * CM_PER_H)),
            "surface": prop.name.lower() if prop else "floor",
            "root": root,
        },
    )


def placed_frames(pose_: Pose) -> tuple[tuple[Placed, ...], tuple[Trouble, ...]]:
    """place_all, remembered for the last few poses (the muscles marked do not matter)."""
    return _placed(Pose(pose_.view, pose_.root, pose_.props, pose_.frames))


@functools.lru_cache(maxsize=128)
def _placed(pose_: Pose) -> tuple[tuple[Placed, ...], tuple[Trouble, ...]]:
    placed, troubles = place_all(pose_)
    return tuple(placed), tuple(troubles)


def place_all(pose_: Pose) -> tuple[list[Placed], list[Trouble]]:
    """Every frame placed (the first fixes the fixed anchors), with all troubles."""
    placed: list[Placed] = []
    troubles: list[Trouble] = []
    for frame in pose_.frames:
        one, found = place(pose_, frame, placed[0] if placed else None)
        placed.append(one)
        troubles += found
    walls = [i for i, use in enumerate(pose_.props) if props()[use.prop].kind == "wall"]
    for i in walls:  # a wall stands where the landmark reaches furthest forward
        x = max(p.props[i][1][0] for p in placed)
        for k, p in enumerate(placed):
            use, at, _ = p.props[i]
            fixed = (*p.props[:i], (use, at, (x, 0.0, 0.0)), *p.props[i + 1 :])
            placed[k] = Placed(p.body, fixed)
    return placed, troubles
