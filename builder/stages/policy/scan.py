"""A page body read as Python-Markdown reads it: code, comments and escapes blanked out,
the links and images collected, every '[' and '(' of a link closed within its paragraph;
`Scan` keeps the problems found, at most MAX_REPORTS of each kind."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from builder.model.problems import Problem, problem
from builder.stages.load import RawPage
from builder.stages.policy.limits import MAX_BRACKET_DEPTH, MAX_FENCES, MAX_REPORTS

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*$")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_NEWLINE = re.compile("\n")
_BRACKET = re.compile(r"[\[\]]")
_PAREN = re.compile(r"[()]")
_BACKTICKS = re.compile(r"`+")
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>]")
_COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.DOTALL)
"""An HTML comment as a browser reads it: '<!-->' and '<!--->' end where they start."""
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Link:
    """A link or image target written in Markdown, with its place in the file."""

    target: str
    image: bool
    line: int
    col: int


class Scan:
    """A body with code, comments and escapes blanked out, and the problems found in it."""

    def __init__(self, page: RawPage) -> None:
        self.page = page
        self.problems: list[Problem] = []
        self._counts: dict[str, int] = {}
        self._more_at: dict[str, tuple[int, int]] = {}
        self._newlines: list[int] | None = None
        # Each step runs only when its text can occur: most bodies need none of them.
        masked = page.body
        steps: tuple[tuple[tuple[str, ...], Callable[[str, list[str]], None]], ...] = (
            (("```", "~~~"), self._mask_fences),
            (("<!--",), functools.partial(_mask_matches, _COMMENT)),
            (("`",), self._mask_code_spans),
            (("\\",), functools.partial(_mask_matches, _ESCAPED)),
        )
        for markers, mask in steps:
            if any(marker in masked for marker in markers):
                chars = list(masked)
                mask(masked, chars)
                masked = "".join(chars)
        self.masked = masked
        self.links: list[Link] = []
        if "[" in masked or "]" in masked:
            _check_brackets(self, masked)
        if "]:" in masked:
            for m in _REFERENCE.finditer(masked):
                self._link(m.start(1), m.group(1), image=False)

    def _link(self, offset: int, written: str, image: bool) -> None:
        """Record a link target as written: '<url>', 'url' or 'url "title"'."""
        written = written.strip()
        if written.startswith("<"):
            target = written[1:].split(">", 1)[0]
        else:
            target = written.split(None, 1)[0] if written else ""
        line, col = self.where(offset)
        self.links.append(Link(target, image, line, col))

    def where(self, offset: int) -> tuple[int, int]:
        """(line, col) in the file of an offset in the body."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.page.body)]
        index = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[index - 1] + 1 if index else 0
        return self.page.body_line + index, offset - start + 1

    def add(self, offset: int, code: str, **fields: str) -> None:
        line, col = self.where(offset)
        self.add_at(line, col, code, **fields)

    def limit(self, offset: int, reason: str, fix: str = "split it into several pages") -> None:
        """A page over one of the limits of limits.py."""
        self.add(offset, "page-limit", reason=reason, fix=fix)

    def add_at(self, line: int, col: int, code: str, **fields: str) -> None:
        count = self._counts[code] = self._counts.get(code, 0) + 1
        if count <= MAX_REPORTS:
            self.problems.append(problem(self.page.shown, line, col, code, **fields))
        elif count == MAX_REPORTS + 1:
            self._more_at[code] = (line, col)

    def summary(self) -> list[Problem]:
        """The problems found, with one line for each kind that was cut short."""
        more = [
            problem(
                self.page.shown, *at, "more-problems", count=self._counts[c] - MAX_REPORTS, kind=c
            )
            for c, at in self._more_at.items()
        ]
        return sorted(self.problems + more)

    def _mask_fences(self, body: str, chars: list[str]) -> None:
        offset, fence, fence_at, count = 0, "", 0, 0
        for line in body.split("\n"):
            if fence:
                close = _FENCE_CLOSE.match(line)
                if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                    fence = ""
                else:
                    _blank(chars, offset, offset + len(line))
            else:
                opened = _FENCE_OPEN.match(line)
                if opened:
                    fence, fence_at = opened.group(1), offset + opened.start(1)
                    count += 1
                    if count == MAX_FENCES + 1:
                        self.limit(fence_at, f"has more than {MAX_FENCES} code blocks")
            offset += len(line) + 1
        if fence:
            self.add(fence_at, "unclosed-fence", fence=fence)

    @staticmethod
    def _mask_code_spans(text: str, chars: list[str]) -> None:
        """Backtick code spans pair runs of equal length within a paragraph."""
        for para in _PARAGRAPH.finditer(text):
            runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(para.group(0))]
            by_length: dict[int, list[int]] = {}
            for i, (start, end) in enumerate(runs):
                by_length.setdefault(end - start, []).append(i)
            i = 0
            while i < len(runs):
                start, end = runs[i]
                same = by_length[end - start]
                j = bisect.bisect_right(same, i)
                if j == len(same):
                    i += 1
                    continue
                close = runs[same[j]]
                _blank(chars, para.start() + end, para.start() + close[0])
                i = same[j] + 1


def _mask_matches(pattern: re.Pattern[str], text: str, chars: list[str]) -> None:
    """A masking step that blanks every match of `pattern`."""
    for m in pattern.finditer(text):
        _blank(chars, m.start(), m.end())


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _check_brackets(scan: Scan, text: str) -> None:
    """Every '[' closes within its paragraph, and so does the '(' of a link target.

    Python-Markdown looks for the end of every unclosed '[' or '(' to the end of the
    paragraph, so a run of them takes quadratic time. Links are collected on the way.
    """
    pos = 0
    while (first := _BRACKET.search(text, pos)) is not None:  # paragraphs with a bracket
        blank_line = text.rfind("\n\n", 0, first.start())
        para = _PARAGRAPH.search(text, blank_line + 2 if blank_line >= 0 else 0)
        assert para is not None  # the one holding that bracket
        pos = para.end()
        chunk, base = para.group(0), para.start()
        stack: list[int] = []
        i = 0
        while (bracket := _BRACKET.search(chunk, i)) is not None:  # from bracket to bracket
            i = bracket.start()
            ch = chunk[i]
            if ch == "[":
                stack.append(i)
                if len(stack) > MAX_BRACKET_DEPTH:
                    reason = f"nests brackets more than {MAX_BRACKET_DEPTH} deep here"
                    scan.limit(base + i, reason, "nest links and images less deeply")
                    break
            elif ch == "]" and stack:
                opened = stack.pop()
                if chunk.startswith("(", i + 1):
                    close = _closing_paren(chunk, i + 1)
                    if close < 0:
                        scan.add(base + i + 1, "unclosed-bracket", char="(", close=")")
                        break
                    image = opened > 0 and chunk[opened - 1] == "!"
                    written = chunk[i + 2 : close]
                    skip = len(written) - len(written.lstrip())
                    scan._link(base + i + 2 + skip, written, image)
                    i = close
            i += 1
        else:
            if stack:
                scan.add(base + stack[0], "unclosed-bracket", char="[", close="]")


def _closing_paren(text: str, start: int) -> int:
    depth = 0
    for paren in _PAREN.finditer(text, start):
        if paren.group(0) == "(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return paren.start()
    return -1
