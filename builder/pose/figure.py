"""The figure: segment lengths, joint angles and forward kinematics.

Lengths are fractions of body height H from Winter, *Biomechanics and Motor Control of Human
Movement* (4th ed., Wiley, 2009), Figure 4.1 / Table 4.1 ("segment lengths expressed as a
fraction of body height H", after Drillis and Contini, 1966): shoulder at 0.818 H, hip joint
at 0.530 H, knee at 0.285 H, ankle at 0.039 H, chin at 0.870 H, head (chin to crown) 0.130 H,
upper arm 0.186 H, forearm 0.146 H, hand 0.108 H, foot length 0.152 H, shoulder width
0.259 H, hip width 0.191 H. The drawn thicknesses are ours (the table gives no depths).

Coordinates: H = 1; x forward (to the right of a side view), y up, z toward the viewer. The
figure faces +x. "Near" limbs are the ones on the viewer's side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Winter (2009), Fig. 4.1: segment lengths as fractions of height H.
TRUNK = 0.818 - 0.530  # hip joint to shoulder joint
NECK = 0.870 - 0.818  # shoulder to chin
HEAD = 0.130  # chin to crown
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
THIGH = 0.530 - 0.285
SHANK = 0.285 - 0.039
FOOT = 0.152
ANKLE_HEIGHT = 0.039
SHOULDER_HALF = 0.259 / 2 * 0.7  # joint centres sit inside the outer width
HIP_HALF = 0.191 / 2 * 0.55
HEEL_BACK = 0.25 * FOOT  # the ankle sits a quarter of the foot ahead of the heel

# Drawn half-thicknesses (ours), also used for contacts with the floor.
RADIUS = {
    "trunk": 0.06,
    "pelvis": 0.065,
    "neck": 0.025,
    "head": 0.06,
    "upper_arm": 0.025,
    "forearm": 0.02,
    "hand": 0.016,
    "thigh": 0.04,
    "shank": 0.03,
    "foot": 0.018,
}

BODY_JOINTS = ("trunk", "roll", "neck")
"""Joints of the body as a whole: one value each."""
LIMB_JOINTS = ("hip", "abduction", "rotation", "knee", "ankle", "shoulder", "elbow")
"""Joints of each side: one value for both, or [near, far]."""
JOINTS = BODY_JOINTS + LIMB_JOINTS

RANGES: dict[str, tuple[float, float]] = {
    "trunk": (-180, 180),  # the trunk's tilt from upright: 90 leans face-forward, -90 back
    "roll": (-90, 90),  # the body turned about its long axis: 90 lies on the far side
    "neck": (-60, 60),  # head nodded forward (+) or back (-)
    "hip": (-30, 150),  # extension 30 to flexion 150 (a deep forward fold)
    "abduction": (-20, 60),  # leg out to the side (+) or across (-)
    "rotation": (-30, 50),  # the bent knee turned out (+) about the hip-to-ankle line
    "knee": (0, 155),  # straight to fully bent (kneeling sits near 150)
    "ankle": (-70, 30),  # toes pointed 50, and 70 with the midfoot (kneeling), to toes up 30
    "shoulder": (-60, 180),  # arm back 60 to overhead 180
    "elbow": (0, 150),
}
"""Human ranges of motion in degrees (after the AAOS norms, widened a little for stretches)."""

MEANING = {
    "trunk": "tilt of the trunk from upright: 0 standing, 90 leaning forward level, -90 lying back",
    "roll": "turn of the body about its length: 90 lying on the far side, near side up",
    "neck": "head nodded forward (+) or back (-) from the trunk's line",
    "hip": "hip flexion: thigh toward the chest (+) or behind the body (-)",
    "abduction": "leg out to the side (+)",
    "rotation": "hip turn: the knee swung out (+) while the foot stays, as in a clamshell",
    "knee": "knee bend: 0 straight",
    "ankle": "ankle: 0 foot square to the shin, + toes up, - toes pointed",
    "shoulder": "arm forward and up (+, 180 overhead) or back (-) from hanging at the side",
    "elbow": "elbow bend: 0 straight",
}

VIEWS = {"side": 0.0, "front": -90.0, "back": 90.0}
"""View -> turn of the whole figure about the vertical: front and back show sideways movements."""

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]


@dataclass(frozen=True)
class Angles:
    """One frame's joint angles in degrees: body joints single, limb joints per side."""

    body: tuple[tuple[str, float], ...]
    """(joint, degrees) for trunk and neck."""
    limbs: tuple[tuple[str, float, float], ...]
    """(joint, near, far) for each limb joint."""

    def get(self, joint: str, side: str = "near") -> float:
        for name, value in self.body:
            if name == joint:
                return value
        for name, near, far in self.limbs:
            if name == joint:
                return near if side == "near" else far
        return 0.0


NEUTRAL = Angles(tuple((j, 0.0) for j in BODY_JOINTS), tuple((j, 0.0, 0.0) for j in LIMB_JOINTS))
"""Standing upright, arms hanging, feet square: where a new pose starts."""


@dataclass(frozen=True)
class Segment:
    """A drawn part of the body between two points."""

    name: str
    """Segment name (trunk, thigh...)."""
    side: str
    """'near', 'far' or '' for the trunk, pelvis, neck and head."""
    start: Vec
    end: Vec
    back: Vec
    """Unit vector toward the segment's posterior side, for muscle marks."""


@dataclass(frozen=True)
class Body:
    """A posed figure: its segments and named landmarks, in figure coordinates."""

    segments: tuple[Segment, ...]
    points: dict[str, Vec]
    """Landmarks: 'near-heel', 'far-toe', 'near-knee', 'near-hand', 'head', 'hip'..."""

    def moved(self, dx: float, dy: float) -> Body:
        def m(v: Vec) -> Vec:
            return (v[0] + dx, v[1] + dy, v[2])

        return Body(
            tuple(Segment(s.name, s.side, m(s.start), m(s.end), s.back) for s in self.segments),
            {k: m(v) for k, v in self.points.items()},
        )


def _rx(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _about(axis: Vec, deg: float) -> Mat:
    """Rotation by deg about an axis (Rodrigues)."""
    n = math.sqrt(sum(a * a for a in axis)) or 1.0
    x, y, z = (a / n for a in axis)
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    t = 1 - c
    return (
        (c + x * x * t, x * y * t - z * s, x * z * t + y * s),
        (y * x * t + z * s, c + y * y * t, y * z * t - x * s),
        (z * x * t - y * s, z * y * t + x * s, c + z * z * t),
    )


def _rz(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a: Mat, b: Mat) -> Mat:
    (a0, a1, a2), (a3, a4, a5), (a6, a7, a8) = a
    (b0, b1, b2), (b3, b4, b5), (b6, b7, b8) = b
    return (
        (a0 * b0 + a1 * b3 + a2 * b6, a0 * b1 + a1 * b4 + a2 * b7, a0 * b2 + a1 * b5 + a2 * b8),
        (a3 * b0 + a4 * b3 + a5 * b6, a3 * b1 + a4 * b4 + a5 * b7, a3 * b2 + a4 * b5 + a5 * b8),
        (a6 * b0 + a7 * b3 + a8 * b6, a6 * b1 + a7 * b4 + a8 * b7, a6 * b2 + a7 * b5 + a8 * b8),
    )


def _apply(m: Mat, v: Vec) -> Vec:
    (m0, m1, m2), (m3, m4, m5), (m6, m7, m8) = m
    x, y, z = v
    return (m0 * x + m1 * y + m2 * z, m3 * x + m4 * y + m5 * z, m6 * x + m7 * y + m8 * z)


def _add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return (a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2])


DOWN: Vec = (0.0, -1.0, 0.0)
UP: Vec = (0.0, 1.0, 0.0)
BACKWARD: Vec = (-1.0, 0.0, 0.0)


def pose(angles: Angles, view: str = "side") -> Body:
    """Forward kinematics: the figure with its pelvis centre at the origin."""
    body = _mul(_mul(_ry(VIEWS[view]), _rz(-angles.get("trunk"))), _ry(angles.get("roll")))
    pelvis: Vec = (0.0, 0.0, 0.0)
    shoulders = _apply(body, (0.0, TRUNK, 0.0))
    head_frame = _mul(body, _rz(-angles.get("neck")))
    chin = _add(shoulders, _apply(head_frame, UP), NECK)
    head = _add(chin, _apply(head_frame, UP), HEAD / 2)
    back = _apply(body, BACKWARD)
    segments = [
        Segment("pelvis", "", pelvis, _apply(body, (0.0, 0.06, 0.0)), back),
        Segment("trunk", "", _apply(body, (0.0, 0.07, 0.0)), shoulders, back),
        Segment("neck", "", shoulders, chin, _apply(head_frame, BACKWARD)),
        Segment("head", "", head, head, _apply(head_frame, BACKWARD)),
    ]
    points: dict[str, Vec] = {"hip": pelvis, "shoulder": shoulders, "head": head}
    for side, lateral in (("near", 1.0), ("far", -1.0)):
        hip = _apply(body, (0.0, 0.0, lateral * HIP_HALF))
        thigh = _mul(
            body, _mul(_rz(angles.get("hip", side)), _rx(-lateral * angles.get("abduction", side)))
        )
        knee = _add(hip, _apply(thigh, DOWN), THIGH)
        shank = _mul(thigh, _rz(-angles.get("knee", side)))
        ankle = _add(knee, _apply(shank, DOWN), SHANK)
        foot = _mul(shank, _rz(angles.get("ankle", side)))
        if turn := angles.get("rotation", side):  # swing the knee about the hip-ankle line
            spin = _about(_add(ankle, hip, -1.0), lateral * turn)
            knee = _add(hip, _apply(spin, _add(knee, hip, -1.0)))
            thigh, shank, foot = _mul(spin, thigh), _mul(spin, shank), _mul(spin, foot)
        heel = _add(ankle, _apply(foot, (-HEEL_BACK, -ANKLE_HEIGHT, 0.0)))
        toe = _add(ankle, _apply(foot, (FOOT - HEEL_BACK, -ANKLE_HEIGHT, 0.0)))
        shoulder = _add(shoulders, _apply(body, (0.0, 0.0, lateral * SHOULDER_HALF)))
        arm = _mul(body, _rz(angles.get("shoulder", side)))
        elbow = _add(shoulder, _apply(arm, DOWN), UPPER_ARM)
        forearm = _mul(arm, _rz(angles.get("elbow", side)))
        wrist = _add(elbow, _apply(forearm, DOWN), FOREARM)
        fingers = _add(wrist, _apply(forearm, DOWN), HAND * 0.6)
        segments += [
            Segment("thigh", side, hip, knee, _apply(thigh, BACKWARD)),
            Segment("shank", side, knee, ankle, _apply(shank, BACKWARD)),
            Segment("foot", side, heel, toe, _apply(foot, DOWN)),
            Segment("upper_arm", side, shoulder, elbow, _apply(arm, BACKWARD)),
            Segment("forearm", side, elbow, wrist, _apply(forearm, BACKWARD)),
            Segment("hand", side, wrist, fingers, _apply(forearm, BACKWARD)),
        ]
        points |= {
            f"{side}-hip": hip,
            f"{side}-knee": knee,
            f"{side}-ankle": ankle,
            f"{side}-heel": heel,
            f"{side}-toe": toe,
            f"{side}-shoulder": shoulder,
            f"{side}-elbow": elbow,
            f"{side}-hand": wrist,
            f"{side}-fingers": fingers,
        }
    return Body(tuple(segments), points)
