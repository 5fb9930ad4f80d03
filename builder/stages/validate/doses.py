"""Readers of numbers: a count, a span such as 8-10, a dose, a dosage and a routine's steps."""

from __future__ import annotations

import re
from typing import Any

from builder.model import schema
from builder.model.entities import Dose, Span, Step
from builder.model.schema import (
    DISTANCE_UNITS,
    DOSE_AMOUNTS,
    DOSE_KEYS,
    MAX_COUNT,
    STEP_KEYS,
    Field,
)
from builder.model.yamltree import Map, Node, Scalar, Seq
from builder.stages.validate.values import FileReport, Vocabularies, read_line, short

_NUMBER = re.compile(rf"^(\d+)(?:{schema.RANGE_DASH}(\d+))?$")
_DISTANCE = re.compile(r"^(.+?)\s*(" + "|".join(DISTANCE_UNITS) + r")$")
_DOSE, _STEP = schema.by_name(schema.DOSE_FIELDS), schema.by_name(schema.STEP_FIELDS)
_UNSET: dict[str, Any] = dict.fromkeys(DOSE_KEYS) | {"unit": "", "per_side": False, "label": ""}
"""A dose's values when their keys are left out."""


def read_count(f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport) -> int | None:
    if isinstance(node, Scalar) and not node.text.strip().isdigit():
        out.add(node, "not-a-count", key=f.name, value=node.text.strip(), example=f.example)
        return None
    span = _span(f.name, node, out)
    return span.low if span else None


def _span(
    key: str, node: Node, out: FileReport, text: str | None = None, most: int = MAX_COUNT
) -> Span | None:
    if not isinstance(node, Scalar):
        out.wrong(node, key, "a number or range", f"for example: {key}: 8-10")
        return None
    raw = (text if text is not None else node.text).strip()
    match = _NUMBER.match(raw)
    fix = "write a whole number such as 8 or a range such as 8-10"
    if ":" in raw:
        fix = "write time in seconds under 'seconds', e.g. 90, or in minutes under 'minutes'"
    if not match:
        out.add(node, "bad-number", key=key, value=raw, fix=fix)
        return None
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if any(g and len(g) > 1 and g.startswith("0") for g in match.groups()):
        fix = f"drop the leading zero: {low}"
    elif not 1 <= low <= high <= most:
        fix = f"use numbers from 1 to {most:,}, the smaller first"
    else:
        return Span(low, high)
    out.add(node, "bad-number", key=key, value=raw, fix=fix)
    return None


def _distance(value: Node, out: FileReport) -> tuple[Span | None, str]:
    """A distance such as '400 m' and its unit."""
    raw = value.text.strip() if isinstance(value, Scalar) else ""
    match = _DISTANCE.match(raw)
    if isinstance(value, Scalar) and not match:
        fix = "write the unit after the number: " + ", ".join(DISTANCE_UNITS)
        out.add(value, "bad-dosage", reason=f"distance '{raw}' has no unit", fix=fix)
        return None, ""
    unit = match.group(2) if match else ""
    most = DISTANCE_UNITS[unit][1] if unit else MAX_COUNT
    return _span("distance", value, out, match.group(1) if match else None, most), unit


def _dose(f: Field, node: Node, out: FileReport) -> Dose | None:
    if not isinstance(node, Map):
        out.wrong_value(f, node, "a mapping such as {sets: 3, reps: 8-10}")
        return None
    values: dict[str, Any] = {}
    before = len(out.problems)
    for key, value in node.entries:
        if key.text not in DOSE_KEYS:
            out.unknown_key(key, DOSE_KEYS)
        elif isinstance(value, Scalar) and value.is_null:
            out.add(value, "empty-value", key=key.text, doc="or remove the key")
        elif (spec := _DOSE[key.text]).type == "flag":
            flag = value.text.lower() if isinstance(value, Scalar) else ""
            if flag not in schema.FLAGS:
                out.wrong_value(spec, value, "true or false")
            values[spec.name] = schema.FLAGS.get(flag, False)
        elif spec.type == "line":
            values[spec.name] = read_line(spec, value, None, out)
        elif spec.type == "distance":
            values["distance"], values["unit"] = _distance(value, out)
        else:
            values[key.text] = _span(key.text, value, out, most=spec.most)
    if len(out.problems) > before:
        return None
    amounts = [k for k in DOSE_AMOUNTS if k in values]
    if len(amounts) != 1:
        choices = ", ".join(DOSE_AMOUNTS[:-1]) + f" or {DOSE_AMOUNTS[-1]}"
        reason = "gives both " + " and ".join(amounts) if amounts else f"gives none of {choices}"
        out.add(node, "bad-dosage", reason=reason, fix=f"give exactly one of {choices}")
        return None
    if any(values.get(k) is None for k in values if k not in ("per_side", "unit")):
        return None
    return Dose(**(_UNSET | values))


def read_dosage(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[Dose, ...] | None:
    nodes = node.items if isinstance(node, Seq) else (node,)
    if not nodes:
        out.empty(f, node)
        return None
    doses = tuple(dose for n in nodes if (dose := _dose(f, n, out)) is not None)
    return doses if len(doses) == len(nodes) else None


def read_steps(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[tuple[Step, Scalar], ...] | None:
    """Routine steps, each with the node of its exercise slug."""
    items = node.items if isinstance(node, Seq) else None
    if not items:
        if items is None:
            out.wrong_value(f, node, "a list")
        else:
            out.empty(f, node)
        return None
    steps: list[tuple[Step, Scalar]] = []
    block = ""  # a step without one is under the block named before it
    for item in items:
        if not isinstance(item, Map):
            out.wrong_value(
                f, item, "a list of mappings such as {exercise: glute-bridge, reps: 10}"
            )
            continue
        step = _step(f, item, block, vocabs, out)
        if step is not None:
            steps.append(step)
            block = step[0].block
    return tuple(steps) if len(steps) == len(items) else None


def _step(
    f: Field, item: Map, block: str, vocabs: Vocabularies | None, out: FileReport
) -> tuple[Step, Scalar] | None:
    """One step and the node of its exercise slug; None if anything in it is wrong."""
    before = len(out.problems)
    dose_entries = []
    exercise: Scalar | None = None
    texts = {"block": block, "note": ""}
    for key, value in item.entries:
        if key.text not in STEP_KEYS:
            out.unknown_key(key, STEP_KEYS)
        elif key.text == "exercise":
            if isinstance(value, Scalar) and not value.is_null:
                exercise = value
            else:
                out.wrong_value(_STEP["exercise"], value, "a slug")
        elif key.text in texts:
            text = read_line(_STEP[key.text], value, vocabs, out)
            if text is not None:
                texts[key.text] = text
        else:
            dose_entries.append((key, value))
    if exercise is None and len(out.problems) == before:
        out.add(item, "missing-key", key="exercise", doc=short(_STEP["exercise"].doc))
    dose = _dose(f, Map(tuple(dose_entries), item.line, item.col), out)
    if exercise is None or dose is None or len(out.problems) > before:
        return None
    return Step(exercise.text, dose, texts["note"], texts["block"]), exercise
