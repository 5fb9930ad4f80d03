"""The text alternative of a pose: where the body starts and what moves."""

from __future__ import annotations

from builder.pose.props import props
from builder.pose.scene import Placed, Pose

_POSTURE = {
    "feet": "standing",
    "near-foot": "standing on one leg",
    "back": "lying on your back",
    "front": "lying face down",
    "side": "lying on your side",
    "seat": "sitting",
    "hip": "sitting",
    "far-foot": "standing on one leg",
    "knees": "kneeling",
    "shoulders": "lying on your back, shoulders down",
    "hands": "on your hands",
}
_PART = {
    "heels": "heels", "near-heel": "heel", "feet": "feet", "near-foot": "foot",
    "near-toe": "foot", "hands": "hands", "near-hand": "hand", "far-hand": "other hand",
    "seat": "seat", "hip": "seat", "knees": "knees", "ankles": "ankles", "near-ankle": "ankle",
    "back": "back", "front": "front", "far-heel": "other heel", "far-foot": "other foot",
    "shoulders": "shoulders",
}  # fmt: skip
THRESHOLD = 20.0
"""Degrees a limb must turn to be mentioned."""


def posture(pose: Pose) -> str:
    """E.g. 'lying on your back with the heels on the stability ball'."""
    words = _POSTURE.get(pose.root[0], "")
    if pose.root[0] == "hands" or pose.root == ("hands", "feet") or "hands" in pose.root[1:]:
        words = "on your hands and feet" if "feet" in pose.root else words
    extras = []
    for use in pose.props:
        prop = props()[use.prop]
        name = prop.name.lower()
        part = _PART.get(use.at, use.at.replace("-", " "))
        if prop.kind == "rest":
            extras.append(f"{part} on the {name}")
        elif prop.kind == "held" and use.prop in ("barbell", "dumbbell", "kettlebell"):
            extras.append(f"a {name} in the {part}")
        elif prop.kind == "held":
            extras.append(f"the {name} at the {part}")
        elif prop.kind == "line":
            extras.append(f"a {name.split(' ')[0]} from the {part}")
        elif prop.kind == "partner":
            extras.append("a partner holding the ankles")
        elif prop.kind == "wall":
            extras.append(f"the {part} by a wall")
    return words + (" with " + " and ".join(extras) if extras else "")


def _owner(part: str, near: float, far: float, one_leg: bool) -> str:
    """'the knees', 'the working knee', 'one arm', 'the other leg'... or '' for no change."""
    moved_near, moved_far = abs(near) >= THRESHOLD, abs(far) >= THRESHOLD
    if moved_near and moved_far and (near > 0) == (far > 0):
        return f"the {part}s"
    if moved_near:
        return f"the working {part}" if one_leg and part in ("leg", "knee") else f"one {part}"
    if moved_far:
        return f"the other {part}"
    return ""


def moves(pose: Pose, a: int, b: int, placed: list[Placed]) -> list[str]:
    """What changes from frame a to frame b, in plain words."""
    first, second = pose.frames[a].angles, pose.frames[b].angles
    out = []
    rise = placed[b].body.points["hip"][1] - placed[a].body.points["hip"][1]
    trunk = second.get("trunk") - first.get("trunk")
    standing = pose.root[0] in ("feet", "near-foot", "far-foot")
    upright = standing or pose.root[0] in ("knees", "seat", "hip", "hands")
    if upright and abs(trunk) >= THRESHOLD:
        out.append("lean forward" if trunk > 0 else "come back up")
    elif abs(rise) > 0.05:
        out.append("lift the hips" if rise > 0 else "lower the hips")

    def change(joint: str, side: str, relative: str = "") -> float:
        delta = second.get(joint, side) - first.get(joint, side)
        return delta - (trunk if relative else 0.0)

    one_leg = pose.one_leg
    # The thigh's own turn (not the trunk's): does the knee go up or down?
    knees = {
        side: placed[b].body.points[f"{side}-knee"][1]
        - placed[b].body.points["hip"][1]
        - (placed[a].body.points[f"{side}-knee"][1] - placed[a].body.points["hip"][1])
        for side in ("near", "far")
    }
    near, far = (change("hip", side, "trunk") for side in ("near", "far"))
    # a leg whose own hip angle stays only follows the trunk
    near = near if abs(change("hip", "near")) >= THRESHOLD else 0.0
    far = far if abs(change("hip", "far")) >= THRESHOLD else 0.0
    standing_on = {side for side in ("near", "far") for root in pose.root
                   if root in ("feet", "heels", f"{side}-foot", f"{side}-heel")}  # fmt: skip
    near, far = (0.0 if "near" in standing_on else near), (0.0 if "far" in standing_on else far)
    if owner := _owner("leg", near, far, one_leg):
        side = "near" if abs(near) >= THRESHOLD else "far"
        out.append(("raise " if knees[side] > 0 else "lower ") + owner)
    for joint, part, grow, shrink in (
        ("knee", "knee", "bend", "straighten"),
        ("abduction", "knee", "open", "close"),
        ("rotation", "knee", "open", "close"),
        ("shoulder", "arm", "raise", "lower"),
        ("elbow", "elbow", "bend", "straighten"),
    ):
        near, far = (change(joint, side) for side in ("near", "far"))
        if joint == "shoulder":  # arms that only follow the trunk (hanging, crossed) stay unsaid
            near, far = (
                v if abs(change(joint, side, "trunk")) >= THRESHOLD else 0.0
                for v, side in ((near, "near"), (far, "far"))
            )
        if owner := _owner(part, near, far, one_leg):
            grows = (near if abs(near) >= THRESHOLD else far) > 0
            words = f"{grow if grows else shrink} {owner}"
            out.append(
                words + (" out to the side" if joint in ("abduction", "rotation") and grows else "")
            )
    return out


def sentence(pose: Pose, placed: list[Placed]) -> str:
    """From where, what moves: the summary under the frames."""
    steps = []
    for i in range(1, len(pose.frames)):
        step = moves(pose, i - 1, i, placed)
        if step:
            steps.append(", ".join(step))
    movement = ", then ".join(steps) or "hold the position"
    where = posture(pose)
    return f"From {where}, {movement}." if where else movement[:1].upper() + movement[1:] + "."
