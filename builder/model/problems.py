"""Problems found in the content: the Problem type, its wording from MESSAGES, summaries and
did-you-mean hints."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from builder.model.messages import MESSAGES
from builder.model.messages import Severity as Severity


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, located in a file."""

    path: str
    """File path as shown to the user (relative to the working directory where possible)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file (shown as 1)."""
    col: int
    """1-based column; 0 when the problem concerns the whole line or file (shown as 1)."""
    code: str
    """Stable short code, a key of MESSAGES."""
    message: str
    """What is wrong, one sentence without a full stop."""
    hint: str
    """How to fix it."""
    severity: Severity = Severity.ERROR
    """Whether the problem fails the build by itself or only under --strict."""
    subject: str = field(default="", compare=False)
    """What the problem is about when many problems share it (a term, a key), for summaries."""

    def __str__(self) -> str:
        # File-level problems point at 1:1 so every line reads path:line:col.
        where = f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}"
        label = "" if self.severity is Severity.ERROR else "warning "
        return f"{where}: {label}[{self.code}] {self.message}. hint: {self.hint}"


def problem(path: str, line: int, col: int, code: str, **fields: Any) -> Problem:
    """Make a Problem, wording it from MESSAGES."""
    severity, message, hint = MESSAGES[code]
    subject = ""
    if code == "unknown-term":
        subject = f"{fields['vocabulary']} '{fields['value']}'"
    elif "key" in fields or "value" in fields:
        subject = f"'{fields.get('value', fields.get('key'))}'"
    return Problem(
        path, line, col, code, message.format(**fields), hint.format(**fields), severity, subject
    )


SUMMARY_AFTER = 20
"""More problems than this get a summary by code and subject after the list."""


def summary(problems: list[Problem], top: int = 5) -> list[str]:
    """Lines summing up many problems: per code, how many in how many files, and the
    subjects (terms, keys) that come up most, so one fix can be seen to clear hundreds."""
    by_code: dict[str, list[Problem]] = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    lines = [f"summary: {len(problems):,} problems in {len({p.path for p in problems}):,} files"]
    for code, found in sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0])):
        files = len({p.path for p in found})
        line = f"  {len(found):>6,} [{code}] in {files:,} file{'s' if files != 1 else ''}"
        subjects = Counter(p.subject for p in found if p.subject)
        if subjects:
            ranked = sorted(subjects.items(), key=lambda item: (-item[1], item[0]))
            shown = ", ".join(f"{name} ({count:,})" for name, count in ranked[:top])
            more = len(ranked) - top
            line += f": {shown}" + (f", and {more:,} more" if more > 0 else "")
        lines.append(line)
        if code in SUMMARY_HINTS:
            lines.append(f"         {SUMMARY_HINTS[code]}")
    return lines


SUMMARY_HINTS = {
    "unknown-term": "add each new term, with a name and a definition, to its vocabulary in "
    "content/_data/ (or use an existing term); 'aliases:' there point other names at it",
    "unknown-slug": "create the missing exercise pages in content/exercises/, or correct the slugs",
    "unknown-key": "the keys each kind of page may have are listed on /reference/front-matter/",
}


def fold(value: str) -> str:
    """A value as a slug would spell it: 'Body only' -> 'body-only'."""
    return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


def suggestions(
    value: str, choices: tuple[str, ...], aliases: dict[str, str] | None = None
) -> list[str]:
    """What a mistyped value most likely meant: the choice it spells in another case, the
    term it is a known other name of (aliases, folded), every choice it is a word or the
    start of a word of ('machine' -> both machines; 'glutes' -> both gluteus), or the
    closest spelling."""
    folded = fold(value)
    if folded in choices:
        return [folded] if folded != value else []
    if aliases and folded in aliases:
        return [aliases[folded]]
    singular = folded[:-1] if len(folded) > 3 and folded.endswith("s") else folded
    words = [c for c in choices if {folded, singular} & set(c.split("-"))]
    if not words and len(singular) >= 4 and "-" not in singular:
        words = [c for c in choices if any(w.startswith(singular) for w in c.split("-"))]
    if 1 <= len(words) <= 4:
        return words
    return difflib.get_close_matches(folded, list(choices), n=1, cutoff=0.6)


def closest(value: str, choices: tuple[str, ...]) -> str | None:
    """The choice a mistyped value most likely meant, if any is close."""
    found = suggestions(value, choices)
    return found[0] if len(found) == 1 else None


def did_you_mean(
    value: str, choices: tuple[str, ...], fallback: str, aliases: dict[str, str] | None = None
) -> str:
    """A did-you-mean hint for a mistyped value, or the fallback when nothing is close."""
    found = suggestions(value, choices, aliases)
    if len(found) > 1:
        return "did you mean one of " + ", ".join(f"'{c}'" for c in found) + "?"
    return f"did you mean '{found[0]}'?" if found else fallback


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
