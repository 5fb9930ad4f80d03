"""Deterministic SVG of placed frames: rounded limbs in `currentColor`, the far side paler,
muscles that work marked in the anatomy diagram's colours (primary solid, helpers hatched),
props from shapes shared on the page through `<symbol>`/`<use>`."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from builder.pose.figure import RADIUS, SHANK, Body, Segment, Vec
from builder.pose.props import Prop, props
from builder.pose.scene import ANCHORS, Placed, Pose, PropUse, held_spot

XMLNS = ' xmlns="http://www.w3.org/2000/svg"'
"""Only standalone files need it; inline SVG in HTML does not."""
FILL = 'fill="currentColor"'
STROKE = 'stroke="currentColor"'
SCALE = 100
"""SVG units per body height."""
PRIMARY = "#bf360c"
"""The anatomy diagram's strong fill (overrides/partials/atlas/diagram-paint.html)."""
BACKGROUND = "#fff"
"""Fill of kit drawn over a limb (the page's background colour on screen, class 'pb')."""

MUSCLE_PLACES: dict[str, tuple[str, float, float, float]] = {
    # muscle -> (segment, side offset toward the back (+) or front (-), from, to) along it
    "biceps-femoris": ("thigh", 0.45, 0.12, 0.85),
    "semitendinosus": ("thigh", 0.45, 0.12, 0.85),
    "semimembranosus": ("thigh", 0.45, 0.12, 0.85),
    "adductor-magnus": ("thigh", 0.1, 0.1, 0.55),
    "quadriceps": ("thigh", -0.45, 0.15, 0.85),
    "gluteus-maximus": ("pelvis", 0.5, 0.0, 1.0),
    "gluteus-medius": ("pelvis", 0.0, 0.6, 1.4),
    "gastrocnemius": ("shank", 0.4, 0.08, 0.55),
    "erector-spinae": ("trunk", 0.55, 0.05, 0.9),
    "abdominals": ("trunk", -0.55, 0.05, 0.7),
}
"""Where each muscle page's muscle is marked on the figure (other muscles are only listed)."""

_WIDTH_ORDER = ("thigh", "shank", "foot", "upper_arm", "forearm", "hand", "neck", "trunk", "pelvis")

STYLE = (
    ".atlas-pose-frames{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem}"
    ".atlas-pose-frames figure{margin:0;flex:1 1 9rem;max-width:16rem;text-align:center}"
    ".atlas-pose svg{width:100%;height:auto;color:var(--md-default-fg-color,#222)}"
    ".atlas-pose figcaption{font-size:.7rem}"
    ".atlas-pose .m1,.atlas-pose .m2{stroke:var(--atlas-strong,#bf360c)}"
    ".atlas-pose .pb{fill:var(--md-default-bg-color,#fff)}"
    ".atlas-pose-play{display:none}"
    "@media (prefers-reduced-motion:no-preference){"
    ".atlas-pose-play{display:inline}"
    ".atlas-pose-toggle:checked~.atlas-pose .atlas-pose-frames"
    "{display:grid;grid-template-areas:'a';max-width:16rem}"
    ".atlas-pose-toggle:checked~.atlas-pose .atlas-pose-frames figure{grid-area:a;opacity:0;"
    "animation:atlas-pose 2.4s infinite}"
    ".atlas-pose-toggle:checked~.atlas-pose figure:nth-child(2){animation-delay:1.2s}"
    "@keyframes atlas-pose{0%,50%{opacity:1}51%,100%{opacity:0}}}"
)
"""Layout, palette hooks and the optional animation of start and end (only without reduced
motion; a middle frame is shown still)."""


def _n(v: float) -> str:
    """A coordinate in whole SVG units (1 % of body height is finer than the eye needs)."""
    text = str(round(v * SCALE))
    return "0" if text == "-0" else text


def _xy(p: Vec) -> str:
    return f"{_n(p[0])} {_n(-p[1])}"


def _centre(p: Vec) -> str:
    return f'cx="{_n(p[0])}" cy="{_n(-p[1])}"'


@dataclass
class Sheet:
    """The shapes already drawn on a page: each figure and prop once, then reused by id."""

    share: bool = True
    """Reuse shapes across the <svg> elements of a page (browsers); False gives every <svg>
    its own definitions, for WeasyPrint, which resolves <use> only inside one <svg>."""
    figures: dict[str, str] = field(default_factory=dict)
    """Figure markup -> its id."""
    symbols: set[str] = field(default_factory=set)


def _use(key: str, x: str, y: str) -> str:
    """A shared shape placed at (x, y); zero coordinates left out (their default)."""
    at = "".join(f' {k}="{v}"' for k, v in (("x", x), ("y", y)) if v not in ("0", "-0"))
    return f'<use href="#{key}"{at}/>'


def _line(a: Vec, b: Vec) -> str:
    return f"M{_xy(a)}L{_xy(b)}"


def figure_markup(body: Body, pose: Pose, limbs: str | None = None) -> str:
    """The figure: far limbs, then trunk and head, then near limbs (`limbs_markup`, given when
    already drawn); then muscle marks."""
    if limbs is None:
        limbs = limbs_markup(body)
    return (
        f'<g fill="none" stroke="currentColor" stroke-linecap="round">{limbs}'
        f"{_muscles(body, pose)}</g>"
    )


def limbs_markup(body: Body) -> str:
    """The figure's limbs, trunk and head, without muscle marks."""
    parts: list[str] = []
    near = {s.name: s for s in body.segments if s.side == "near"}
    for side, opacity in (("far", ' opacity=".45"'), ("", ""), ("near", "")):
        # a far limb exactly behind its near twin is not drawn (both legs together)
        segs = [s for s in body.segments if s.side == side and not _hidden(s, near)]
        if not segs:
            continue
        # one path per stroke width: a group shares its colour, so order inside it is unseen
        by_width: dict[str, str] = {}
        for name in _WIDTH_ORDER:
            d = "".join(_line(s.start, s.end) for s in segs if s.name == name)
            if d:
                width = _n(2 * RADIUS[name])
                by_width[width] = by_width.get(width, "") + d
        group = [f'<path d="{d}" stroke-width="{w}"/>' for w, d in by_width.items()]
        head = next((s for s in segs if s.name == "head"), None)
        if head:
            group.append(f'<circle {_centre(head.start)} r="{_n(RADIUS["head"])}" {FILL}/>')
        parts.append(f"<g{opacity}>{''.join(group)}</g>" if opacity else "".join(group))
    return "".join(parts)


def _hidden(seg: Segment, near: dict[str, Segment]) -> bool:
    twin = near.get(seg.name)
    if seg.side != "far" or twin is None:
        return False
    return all(
        abs(a[0] - b[0]) * SCALE < 1.5 and abs(a[1] - b[1]) * SCALE < 1.5
        for a, b in ((seg.start, twin.start), (seg.end, twin.end))
    )


def _muscles(body: Body, pose: Pose) -> str:
    """Muscle marks along the segments: primary solid, helpers striped (the diagram's hatch)."""
    primary, helpers = pose.muscles
    marks: dict[tuple[str, float, float, float], str] = {}
    for role, muscles in (("m1", primary), ("m2", helpers)):
        for muscle in muscles:
            place = MUSCLE_PLACES.get(muscle)
            if place and place not in marks:
                marks[place] = role
    sides = ("near",) if pose.one_leg else ("near", "far")
    near = {s.name: s for s in body.segments if s.side == "near"}
    paths: dict[tuple[str, str], dict[str, str]] = {}
    for (name, offset, a, b), role in sorted(marks.items()):
        for seg in body.segments:
            if seg.name != name or (seg.side and seg.side not in sides) or _hidden(seg, near):
                continue
            start, end = _along(seg, offset, a, b)
            width = _n(RADIUS[name] * 0.9 * (0.8 if name == "trunk" else 1))
            key = (role, ' opacity=".6"' if seg.side == "far" else "")
            widths = paths.setdefault(key, {})
            widths[width] = widths.get(width, "") + _line(start, end)
    out = []
    for (role, opacity), widths in sorted(paths.items()):
        dashes = ' stroke-dasharray="2 1.5" stroke-linecap="butt"' if role == "m2" else ""
        drawn = "".join(f'<path d="{d}" stroke-width="{w}"/>' for w, d in widths.items())
        out.append(f'<g class="{role}" stroke="{PRIMARY}"{dashes}{opacity}>{drawn}</g>')
    return "".join(out)


def _along(seg: Segment, offset: float, a: float, b: float) -> tuple[Vec, Vec]:
    r = RADIUS[seg.name] * offset
    start, end = seg.start, seg.end  # the pelvis: from the hip joint toward the trunk
    dx, dy = end[0] - start[0], end[1] - start[1]
    back = seg.back
    p = (start[0] + dx * a + back[0] * r, start[1] + dy * a + back[1] * r, 0.0)
    q = (start[0] + dx * b + back[0] * r, start[1] + dy * b + back[1] * r, 0.0)
    return p, q


def _symbol(slug: str) -> str:
    """A prop's shape drawn at the origin (where it meets its landmark), for <use>."""
    prop = props()[slug]
    if prop.kind == "rest":
        return _rest_symbol(prop)
    w, h, r = prop.width * SCALE, prop.height * SCALE, prop.radius * SCALE
    if slug in ("mat", "slider"):
        h = max(h, 1.2)
        return (
            f'<rect x="{-w / 2:g}" y="{-h:g}" width="{w:g}"'
            f' height="{h:g}" rx=".6" {FILL} fill-opacity=".3"/>'
        )
    if slug == "barbell":
        return (
            f'<circle r="{r:g}" {FILL} fill-opacity=".15" {STROKE} stroke-width="1.5"/>'
            '<circle r="1.6" fill="currentColor"/>'
        )
    if slug == "dumbbell":
        return (
            f'<path d="M-4 0H4M-4 -2.6V2.6M4 -2.6V2.6" fill="none"'
            f' {STROKE} stroke-width="2.6" stroke-linecap="round"/>'
        )
    if slug == "kettlebell":
        return (
            f'<path d="M-2.5 {r * 0.5:g}V-1H2.5V{r * 0.5:g}"'
            f' fill="none" {STROKE} stroke-width="1.4"/>'
            f'<circle cy="{r * 1.2:g}" r="{r:g}" fill="currentColor" fill-opacity=".5"/>'
        )
    if slug == "ankle-weight":
        return (
            f'<rect class="pb" x="-4" y="-3" width="8" height="6"'
            f' rx="2" fill="{BACKGROUND}" {STROKE} stroke-width="1.4"/>'
        )
    if slug == "leg-curl-pad":
        return f'<circle class="pb" r="{r:g}" fill="{BACKGROUND}" {STROKE} stroke-width="1.4"/>'
    return ""


def _rest_symbol(prop: Prop) -> str:
    """The shape of a prop whose top meets the landmark."""
    w, h, r = prop.width * SCALE, prop.height * SCALE, prop.radius * SCALE
    if prop.slug == "stability-ball":
        return (
            f'<circle cy="{r:g}" r="{r:g}" {FILL} fill-opacity=".12" {STROKE} stroke-width="1.2"/>'
        )
    if prop.slug in ("bench", "step"):  # a seat on two legs; a block
        bench = prop.slug == "bench"
        legs = f'<path d="M{-w / 2 + 4:g} 3V{h:g}M{w / 2 - 4:g} 3V{h:g}" stroke-width="2.5"/>'
        body = (
            f'<rect x="{-w / 2:g}" width="{w:g}" height="{3 if bench else h:g}"'
            f' rx="1.5" {FILL} fill-opacity=".18"/>'
        )
        return f'<g {STROKE} stroke-width="1.2">{body}{legs if bench else ""}</g>'
    if prop.slug == "chair":
        b = prop.back * SCALE
        return (
            f'<path d="M{w / 2:g} 0H{-w / 2:g}M{-w / 2:g} {-b:g}V{h:g}M{w / 2:g} 0V{h:g}" '
            'fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/>'
        )
    if prop.slug == "glute-ham-developer":  # the pad at the knees, the roller over the ankles
        shank = SHANK * SCALE
        return (
            f'<g fill="currentColor" fill-opacity=".18" stroke="currentColor" stroke-width="1.2">'
            f'<path d="M{-w / 2:g} 2Q0 -6 {w / 2:g} 2V8H{-w / 2:g}Z"/>'
            f'<path d="M0 8V{h:g}M{-w:g} {h:g}H{w / 2:g}M0'
            f' 8H{-shank:g}V{h:g}M{-shank - 4:g} -2V12" fill="none" stroke-width="2.5"/>'
            f'<circle class="pb" cx="{-shank + 2:g}" cy="-6" r="3" fill="{BACKGROUND}"/></g>'
        )
    return ""


def _prop(use: PropUse, at: Vec, anchor: Vec, sheet: Sheet, defs: list[str], body: Body) -> str:
    prop = props()[use.prop]
    if prop.kind == "line":
        colour = 'stroke="currentColor" stroke-width="1.4"'
        end = ""
        if use.prop in ("cable", "flywheel"):
            r = 4 if use.prop == "cable" else 8
            end = f'<circle {_centre(anchor)} r="{r}" fill="none" {colour}/>'
            if use.prop == "cable":
                end += f'<path d="M{_xy(anchor)}V0" {colour} stroke-dasharray="2 2"/>'

        if use.prop == "band":
            colour = 'stroke="currentColor" stroke-width="1.6" stroke-dasharray="5 1.5"'
            if use.anchor in ANCHORS:
                end = f'<circle {_centre(anchor)} r="2.5" {FILL}/>'
        return f'<path d="{_line(at, anchor)}" fill="none" {colour}/>{end}'
    if prop.kind == "wall":  # where the landmark reaches furthest (place_all fixes it)
        return f'<path d="M{_n(anchor[0] + 0.02)} 0V-130" {STROKE} stroke-width="2.5"/>'
    if prop.kind == "partner":
        return _partner(at)
    if prop.kind == "floor":
        return ""
    key = f"ap-{use.prop}"
    if key not in sheet.symbols:
        sheet.symbols.add(key)
        defs.append(f'<symbol id="{key}" overflow="visible">{_symbol(use.prop)}</symbol>')
    if prop.kind == "rest":
        x, y = at[0], prop.top
        if use.prop == "chair" and use.at.endswith("hand"):  # on the backrest
            x, y = at[0] + prop.width / 2, prop.top + prop.back
        elif use.prop == "chair":
            x = at[0] + (prop.width / 2 - 0.04)
        return _use(key, _n(x), _n(-y))
    if prop.kind == "under":
        return _use(key, _n(at[0]), "0")
    # held: at the landmark itself (a hand or an ankle), not at its lowest edge
    spot = held_spot(body, use.at)
    if use.prop == "leg-curl-pad":
        shank = next(s for s in body.segments if s.name == "shank" and s.side == "near")
        spot = (
            shank.end[0] + (shank.start[0] - shank.end[0]) * 0.15 + shank.back[0] * 0.055,
            shank.end[1] + (shank.start[1] - shank.end[1]) * 0.15 + shank.back[1] * 0.055,
            0.0,
        )
    return _use(key, _n(spot[0]), _n(-spot[1]))


def _partner(ankle: Vec) -> str:
    """A second person kneeling behind the ankles, pressing them down (paler)."""
    from builder.pose.figure import Angles, pose

    kneeling = (
        ("hip", 100.0),
        ("knee", 150.0),
        ("ankle", -40.0),
        ("shoulder", 45.0),
        ("elbow", 10.0),
    )
    angles = Angles((("trunk", 55.0),), tuple((j, v, v) for j, v in kneeling))
    partner = pose(angles)
    hand = partner.points["near-hand"]
    knee = partner.points["near-knee"]
    body = partner.moved(ankle[0] - hand[0], -(knee[1] - RADIUS["shank"]))
    segs = [s for s in body.segments if s.side != "far"]
    d = "".join(_line(s.start, s.end) for s in segs if s.name not in ("head", "foot"))
    head = body.points["head"]
    return (
        f'<g opacity=".35" fill="none" {STROKE} stroke-width="6" stroke-linecap="round">'
        f'<path d="{d}"/><circle {_centre(head)} r="6" {FILL}/></g>'
    )


def view_box(frames: list[Placed]) -> str:
    """One box for every frame of a pose, so they line up at the same scale."""
    xs: list[float] = []
    ys: list[float] = [0.0]
    for placed in frames:
        for seg in placed.body.segments:
            for p in (seg.start, seg.end):
                r = RADIUS[seg.name]
                xs += [p[0] - r, p[0] + r]
                ys += [p[1] - r, p[1] + r]
        for use, at, anchor in placed.props:
            prop = props()[use.prop]
            reach = max(prop.width / 2, prop.radius * 1.2, 0.05)
            xs += [at[0] - reach, at[0] + reach, anchor[0]]
            ys += [at[1], anchor[1], at[1] - prop.radius * 2.4]
            if prop.kind == "partner":
                xs += [at[0] - 0.55]
                ys += [0.75]
    pad = 0.06
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = -0.03, max(ys) + pad
    width, height = x1 - x0, y1 - y0
    if width < height * 0.8:  # a tall figure still gets room either side
        grow = (height * 0.8 - width) / 2
        x0, width = x0 - grow, height * 0.8
    return f"{_n(x0)} {_n(-y1)} {_n(width)} {_n(height)}"


def frame_svg(
    ident: str,
    frame: str,
    placed: Placed,
    pose: Pose,
    box: str,
    label: str,
    sheet: Sheet,
    figure: str | None = None,
) -> str:
    """One frame as an <svg> carrying data-pose="<id>:<frame>"."""
    defs: list[str] = []
    if not sheet.share:
        sheet.symbols.clear()
    props_back: list[str] = []
    props_front: list[str] = []
    for use, at, anchor in placed.props:
        shape = _prop(use, at, anchor, sheet, defs, placed.body)
        (props_front if props()[use.prop].kind in ("held", "line") else props_back).append(shape)
    if figure is None:
        figure = figure_markup(placed.body, pose)
    fid = sheet.figures.get(figure) if sheet.share else None
    if fid is None:
        fid = f"apf{len(sheet.figures) + 1}"
        sheet.figures[figure] = fid
        drawn = f'<g id="{fid}"{figure.removeprefix("<g")}'
    else:
        drawn = f'<use href="#{fid}"/>'
    if "ap-floor" not in sheet.symbols:  # one long line, cut by each drawing's box
        sheet.symbols.add("ap-floor")
        defs.append(
            '<symbol id="ap-floor" overflow="visible">'
            f'<path d="M-500 0h1000" {STROKE} stroke-width="1.5"/></symbol>'
        )
    floor = '<use href="#ap-floor"/>'
    defs_markup = f"<defs>{''.join(sorted(defs))}</defs>" if defs else ""
    return (
        f'<svg{XMLNS if not sheet.share else ""} viewBox="{box}" role="img" '
        f'aria-label="{escape(label)}" data-pose="{escape(ident)}:{frame}">'
        f"{defs_markup}{floor}{''.join(props_back)}{drawn}{''.join(props_front)}</svg>"
    )
