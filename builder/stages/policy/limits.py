"""The limits that keep Python-Markdown's slow paths out of the build: its parser takes
quadratic time on unclosed brackets, unclosed '<', unclosed code fences, many headings and
deep nesting (measured in tests/test_policy.py), so those are refused or bounded; and the
table of every limit the check enforces."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from builder.model import schema
from builder.model.page_fields import TEXT_FIELDS
from builder.model.yamltree import MAX_DEPTH
from builder.stages.load import MAX_FILE_BYTES

if TYPE_CHECKING:
    from builder.stages.policy.scan import Scan

MAX_BODY_CHARS = 20_000
"""About four times the longest page of the guide; Python-Markdown's emphasis and list
parsing grow faster than linearly, so this bounds the time a page takes."""
MAX_FRONT_CHARS = 20_000
"""MkDocs parses front matter again with pure-Python YAML; keep that quick."""
MAX_HEADINGS = 100
"""Python-Markdown makes heading ids unique in quadratic time."""
MAX_INDENT = 24
"""Columns of indentation: six levels of list or admonition nesting."""
MAX_QUOTE_DEPTH = 6
MAX_BRACKET_DEPTH = 4
MAX_BLOCK_OPENERS = 100
"""Admonitions and details blocks ('!!!', '???') per page."""
MAX_REPORTS = 10
"""Problems of one kind listed per page; the rest are counted in one line."""
MAX_FENCES = 50
"""Fenced code blocks per page: superfences takes quadratic time in their number."""
MAX_NAME_LENGTH = 80
"""Characters in a file or folder name under content/: far below the 255 of most file
systems, so that the whole path stays well under Windows' 260 with any checkout folder."""

# Patterns of a line's start, searched by `check_limits` after a '\n' put before the text.
_HEADING = re.compile(r"\n {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.MULTILINE)
_BLOCK_OPENER = re.compile(r"\n[ \t]*(?:!!!|\?\?\?\+?)[ \t]")
_QUOTE = re.compile(r"\n(?:[ \t]{0,3}>)+")
_DEEP_INDENT = re.compile(rf"\n[ \t]{{{MAX_INDENT // 4 + 1},}}")
"""More blanks than MAX_INDENT columns of tabs (4 each) could fill: the only lines that
can be indented that far."""


def limits() -> list[tuple[str, str]]:
    """Every limit the check enforces, as (what, limit) rows for the reference page and
    CONTRIBUTING (a test keeps the latter current)."""
    lengths = sorted(
        {(f.name, f.max_length) for fields in TEXT_FIELDS for f in fields if f.max_length}
    )
    rows = [(f"`{name}`", f"{n:,} characters") for name, n in lengths]
    dose, step = schema.by_name(schema.DOSE_FIELDS), schema.by_name(schema.STEP_FIELDS)
    units = schema.DISTANCE_UNITS.items()
    distance = ", ".join(f"1 to {most:,} {unit}" for unit, (_, most) in units)
    head = schema.HEAD_FIELDS[0].max_length
    return [
        *rows,
        ("a dose's `sets` and `reps`", f"1 to {dose['reps'].most:,}"),
        ("a dose's `seconds`", f"1 to {dose['seconds'].most:,}"),
        ("a dose's `minutes`", f"1 to {dose['minutes'].most:,}"),
        ("a dose's `distance`", distance),
        ("a routine's `minutes` and `per_week`", f"1 to {schema.MAX_COUNT:,}"),
        ("a dose's `label`", f"{dose['label'].max_length} characters"),
        ("a step's `block` and `note`", f"{step['note'].max_length} characters"),
        ("a muscle head's `name`, `origin`, `insertion`", f"{head} characters"),
        ("front matter", f"{MAX_FRONT_CHARS:,} characters, nested {MAX_DEPTH} levels deep"),
        ("a page body", f"{MAX_BODY_CHARS:,} characters"),
        ("headings (and rules) in a body", f"{MAX_HEADINGS}"),
        ("fenced code blocks in a body", f"{MAX_FENCES}"),
        ("admonitions and details blocks in a body", f"{MAX_BLOCK_OPENERS}"),
        ("indentation", f"{MAX_INDENT} columns (six levels of lists or blocks)"),
        ("nested quotes", f"{MAX_QUOTE_DEPTH} deep"),
        ("nested brackets of links and images", f"{MAX_BRACKET_DEPTH} deep"),
        ("a file", f"{MAX_FILE_BYTES:,} bytes"),
        ("a file or folder name", f"{MAX_NAME_LENGTH} characters"),
    ]


def check_limits(scan: Scan, text: str) -> None:
    """Headings, admonitions, indentation and quotes of a masked body, within their limits."""
    # Line-start patterns are searched with a '\n' before the text (far faster than '^'), so
    # a match's start() is its line's offset in text. Each only where its text occurs.
    lines = "\n" + text
    headings = list(_HEADING.finditer(lines))
    if len(headings) > MAX_HEADINGS:
        reason = f"has {len(headings)} headings and rules, over {MAX_HEADINGS}"
        scan.limit(headings[MAX_HEADINGS].start(), reason)
    blocks = list(_BLOCK_OPENER.finditer(lines)) if "!!!" in text or "???" in text else []
    if len(blocks) > MAX_BLOCK_OPENERS:
        reason = f"has {len(blocks)} admonitions, over {MAX_BLOCK_OPENERS}"
        scan.limit(blocks[MAX_BLOCK_OPENERS].start(), reason)
    deep = _DEEP_INDENT.finditer(lines) if "\n " in lines or "\t" in text else ()
    for m in deep:
        end = text.find("\n", m.start())
        line = text[m.start() : end if end >= 0 else None]
        width = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if line.strip() and width > MAX_INDENT:
            reason = f"is indented {width} columns here, over {MAX_INDENT}"
            scan.limit(m.start(), reason, "nest lists and blocks less deeply")
            break
    for m in _QUOTE.finditer(lines) if ">" in text else ():
        if m.group(0).count(">") > MAX_QUOTE_DEPTH:
            reason = f"nests quotes {m.group(0).count('>')} deep here, over {MAX_QUOTE_DEPTH}"
            scan.limit(m.start(), reason, "nest quotes less deeply")
            break
