"""Problems found in the content, and the one place that words them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# code -> (severity, message template, hint template). Templates use str.format fields.
MESSAGES: dict[str, tuple[Severity, str, str]] = {
    # reading the file
    "unreadable": (
        Severity.ERROR,
        "cannot read the file: {reason}",
        "check that it exists and is readable",
    ),
    "encoding": (
        Severity.ERROR,
        "the file is not valid UTF-8 (byte {byte})",
        "save the file as UTF-8",
    ),
    "bom": (
        Severity.ERROR,
        "the file starts with a byte-order mark",
        "save the file as UTF-8 without BOM",
    ),
    "no-front-matter": (
        Severity.ERROR,
        "the page has no front matter",
        "start the file with a line '---', the YAML fields, and a closing '---'",
    ),
    "unclosed-front-matter": (
        Severity.ERROR,
        "the front matter opened here is never closed",
        "add a line '---' after the last field",
    ),
    "yaml-syntax": (Severity.ERROR, "invalid YAML: {problem}", "{hint}"),
    "yaml-feature": (
        Severity.ERROR,
        "YAML {feature} are not allowed in front matter",
        "write the value out in full",
    ),
    "yaml-depth": (
        Severity.ERROR,
        "the front matter is nested more than {limit} levels deep",
        "flatten the structure",
    ),
    "not-a-mapping": (
        Severity.ERROR,
        "the front matter must be a mapping of 'key: value' lines, not a {found}",
        "write one 'key: value' per line",
    ),
    "duplicate-key": (
        Severity.ERROR,
        "the key '{key}' is given twice (first on line {first})",
        "keep one of them",
    ),
    # fields
    "unknown-key": (Severity.ERROR, "unknown key '{key}'", "{suggestion}"),
    "missing-key": (Severity.ERROR, "the required key '{key}' is missing", "add '{key}:' ({doc})"),
    "empty-value": (Severity.ERROR, "'{key}' is empty", "give it a value ({doc})"),
    "wrong-type": (Severity.ERROR, "'{key}' must be {expected}, but received {found}", "{example}"),
    "bad-text": (Severity.ERROR, "'{key}' {reason}", "{fix}"),
    "bad-number": (
        Severity.ERROR,
        "'{key}' must be a whole number or a range like 8-10, but received '{value}'",
        "{fix}",
    ),
    "bad-dosage": (Severity.ERROR, "the dosage {reason}", "{fix}"),
    "unknown-term": (Severity.ERROR, "unknown {vocabulary} '{value}'", "{suggestion}"),
    # poses (builder/pose/)
    "pose-angle": (
        Severity.ERROR,
        "'{joint}' is {value} degrees, outside the human range {low} to {high}",
        "{joint} is the {meaning}",
    ),
    "pose-unknown-joint": (Severity.ERROR, "unknown joint '{value}'", "{suggestion}"),
    "pose-unknown-prop": (Severity.ERROR, "unknown prop '{value}'", "{suggestion}"),
    "pose-unknown-landmark": (Severity.ERROR, "unknown landmark '{value}'", "{suggestion}"),
    "pose-unknown-variation": (
        Severity.ERROR,
        "no variation of this page has the heading id '{value}'",
        "{suggestion}",
    ),
    "pose-bad-value": (Severity.ERROR, "'{key}' cannot be '{value}'", "{suggestion}"),
    "pose-frames": (
        Severity.ERROR,
        "a pose needs at least two frames",
        "give 'start' and 'end' (and 'middle' where it helps), each a mapping of joint angles",
    ),
    "pose-floating": (
        Severity.ERROR,
        "in the {frame} frame a gap of about {cm} cm is left between the {part} and the "
        "{surface} it should rest on",
        "change the hip, knee or trunk angles of that frame until the {part} touches down",
    ),
    "pose-through-floor": (
        Severity.ERROR,
        "in the {frame} frame about {cm} cm of the {part} is inside the {surface}",
        "change the angles of that frame, or the root, so it stays on top",
    ),
    "repeated-term": (
        Severity.ERROR,
        "'{value}' is listed twice in '{key}'",
        "remove the second one",
    ),
    "muscle-overlap": (
        Severity.ERROR,
        "'{value}' is both a primary and a secondary muscle",
        "keep it in 'primary_muscles' only",
    ),
    "none-with-kit": (
        Severity.ERROR,
        "'none' cannot be combined with other equipment",
        "write 'equipment: none' or list the kit",
    ),
    "symlink": (
        Severity.ERROR,
        "symbolic links are not allowed in the content directory",
        "replace the link with a real file or folder",
    ),
    "stray-page": (
        Severity.ERROR,
        "pages in {section}/ must sit directly in that folder",
        "move it to {section}/<slug>.md",
    ),
    "bad-slug": (
        Severity.ERROR,
        "the file name '{name}' is not a valid slug",
        "use lower-case letters, digits and single hyphens, e.g. 'single-leg-bridge.md'",
    ),
    "body-h1": (
        Severity.ERROR,
        "the page body has its own level-1 heading",
        "remove it: the title comes from 'title' in the front matter",
    ),
    "variation-heading": (
        Severity.ERROR,
        "the variation '{title}' has no section on the page",
        "add a heading '## {title}' to the body, or give the variation a heading's exact text",
    ),
    "not-a-count": (
        Severity.ERROR,
        "'{key}' must be a single whole number, but received '{value}'",
        "for example: {key}: {example}",
    ),
    "same-title": (
        Severity.WARNING,
        "the title '{title}' is already the title of {where}",
        "give each page a title readers can tell apart, or merge the two pages",
    ),
    "similar-title": (
        Severity.WARNING,
        "the title '{title}' differs from '{other}' ({where}) only in case, punctuation or plural",
        "give each page a title readers can tell apart, or merge the two pages",
    ),
    "todo": (Severity.WARNING, "the page still has a TODO marker", "replace it with real content"),
    # between files
    "unknown-slug": (
        Severity.ERROR,
        "'{key}' names '{value}', but there is no exercise with that slug",
        "{suggestion}",
    ),
    "self-link": (Severity.ERROR, "'{key}' names this exercise itself", "remove '{value}'"),
    "ladder-conflict": (
        Severity.ERROR,
        "'{value}' is listed as both easier and harder than this exercise",
        "keep it on one side",
    ),
    "progression-cycle": (
        Severity.ERROR,
        "progressions go round in a circle: {cycle}",
        "an exercise cannot be harder than itself; remove one link of the circle",
    ),
    "path-collision": (
        Severity.ERROR,
        "this page sits where the builder generates '{target}'",
        "delete or move it, or put the marker '{marker}' where the generated listing should go",
    ),
    # content policy (builder/stages/policy/)
    "hidden-file": (
        Severity.ERROR,
        "hidden files are never published, and none may sit among the pages",
        "rename it without the leading '.', or remove it",
    ),
    "not-a-file": (
        Severity.ERROR,
        "this is not a regular file or folder",
        "replace it with a real file, or remove it",
    ),
    "bad-path": (
        Severity.ERROR,
        "the name '{name}' has characters that do not belong in a URL",
        "use letters, digits, '-', '_' and '.'",
    ),
    "portable-name": (Severity.ERROR, "the name '{name}' {reason}", "{fix}"),
    "reserved-name": (
        Severity.ERROR,
        "'{name}' is reserved for files the site writes itself",
        "choose another name",
    ),
    "case-collision": (
        Severity.ERROR,
        "this name differs from '{other}' only in letter case",
        "rename one of them: on Windows and macOS they are the same file",
    ),
    "url-collision": (
        Severity.ERROR,
        "this and {other} would both be published at '{url}'",
        "{fix}",
    ),
    "stray-file": (
        Severity.ERROR,
        "only pages ('<slug>.md') belong in {section}/",
        "put images in content/images/ and link them from the page; remove anything else",
    ),
    "active-file": (
        Severity.ERROR,
        "a browser runs scripts in {suffix} files, so they are not published from content/",
        "use .png, .jpg or .webp for pictures; theme files belong in overrides/",
    ),
    "theme-key": (
        Severity.ERROR,
        "the key '{key}' changes how the theme renders this page",
        "remove it: a page cannot choose its template, icon, status, author or dates",
    ),
    "yaml-comment": (
        Severity.ERROR,
        "YAML reads ' #' as the start of a comment, so '{key}' is only '{kept}'",
        'put the whole text in quotes: {key}: "{quoted}"',
    ),
    "page-suffix": (
        Severity.ERROR,
        "MkDocs publishes '{suffix}' files as pages, but only '.md' pages are checked",
        "rename it to '{name}'",
    ),
    "engine-front": (
        Severity.ERROR,
        "MkDocs would end the front matter here, and read what follows differently",
        "open and close front matter with a line of exactly '---', and no '...' in between",
    ),
    "engine-meta": (
        Severity.ERROR,
        "MkDocs reads the first line '{text}' as a page setting '{key}', not as text",
        "start the page with front matter between '---' lines, or reword its first line",
    ),
    "page-limit": (Severity.ERROR, "the page {reason}", "{fix}"),
    "more-problems": (
        Severity.ERROR,
        "{count} more [{kind}] problems from here on are not listed",
        "fix the ones above, then check again",
    ),
    "bad-character": (
        Severity.ERROR,
        "the text contains the invisible control or direction-changing character {char}",
        "delete it and retype the text around it",
    ),
    "unclosed-fence": (
        Severity.ERROR,
        "the code block opened here is never closed",
        "add a line '{fence}' after the code",
    ),
    "unclosed-bracket": (
        Severity.ERROR,
        "the '{char}' opened here is never closed in this paragraph",
        "close it with '{close}', or write '\\{char}' for the character itself",
    ),
    "unclosed-tag": (
        Severity.ERROR,
        "this '<' opens a tag or link that is never closed",
        "close it with '>', or write '&lt;' for the character itself",
    ),
    "raw-html": (Severity.ERROR, "raw HTML {tag} is not allowed in a page", "{fix}"),
    "event-attribute": (
        Severity.ERROR,
        "the attribute '{name}' runs a script",
        "remove it: pages may not run scripts",
    ),
    "raw-html-link": (
        Severity.ERROR,
        "the build cannot check a link written in raw HTML ('{name}')",
        "write it in Markdown: [text](page.md) or ![alt](image.png)",
    ),
    "unsafe-id": (
        Severity.ERROR,
        "the id '{id}' holds characters that are not safe in a link to it",
        "use only letters, digits and '-', '_', '.', ':', e.g. '#{fix}'",
    ),
    "html-attribute": (
        Severity.ERROR,
        "the attribute '{name}' is not allowed in a page",
        "allowed attributes: {allowed}",
    ),
    "script-url": (
        Severity.ERROR,
        "the link '{url}' uses '{scheme}:', which can run code",
        "link to a page of the guide or to an https:// address",
    ),
    "outside-content": (
        Severity.ERROR,
        "'{target}' points outside the content folder",
        "link only to pages and images inside content/",
    ),
    "missing-target": (
        Severity.ERROR,
        "'{target}' points to {what} that does not exist",
        "{suggestion}",
    ),
    # what a strict MkDocs build also refuses (builder/stages/sitecheck.py)
    "absolute-link": (
        Severity.ERROR,
        "the link '{target}' starts with '/': it breaks when the site is opened from disk "
        "or published under a sub-path, and the build cannot check it",
        "{fix}",
    ),
    "folder-link": (
        Severity.ERROR,
        "the link '{target}' points to a folder, not to a page's file, so the build cannot "
        "check it and it fails when the site is opened from disk",
        "{fix}",
    ),
    "missing-anchor": (
        Severity.ERROR,
        "'{target}' points to a heading that {page} does not have",
        "{fix}",
    ),
    "not-in-nav": (
        Severity.ERROR,
        "this page is in no menu of the site, so readers cannot reach it",
        "add it to 'nav:' in {config} (e.g. '- Title: {src}'), or move it into a section",
    ),
    "unused-term": (
        Severity.WARNING,
        "no exercise uses the {vocabulary} '{value}'",
        "use it in an exercise or remove it from {file}",
    ),
    "no-ladder": (
        Severity.WARNING,
        "this exercise is on no ladder: no page lists an easier or harder step for it",
        "add 'regressions' or 'progressions', or say in 'off_ladder' why the guide has none",
    ),
    "source-clash": (
        Severity.ERROR,
        "the reference '{value}' has the slug of an article in sources.yml",
        "rename one of them: a page's 'sources' names either by slug",
    ),
    "unused-muscle": (
        Severity.WARNING,
        "no exercise works this muscle, so no index reaches it",
        "list '{value}' in an exercise's 'primary_muscles' or 'secondary_muscles'",
    ),
    # the printed book and routine cards (builder/outputs/article.py, builder/outputs/pdf.py)
    "pdf-local-link": (
        Severity.WARNING,
        "the link '{href}' points at a local server, which no reader of the PDF has",
        "link to the page with a relative Markdown link, e.g. [text](../muscles/biceps-femoris.md)",
    ),
    "pdf-scheme": (
        Severity.WARNING,
        "the link '{href}' uses the '{scheme}:' scheme, which a reader of the PDF cannot follow",
        "link to a page of the guide or to a web address (https://...)",
    ),
    "pdf-markdown-link": (
        Severity.WARNING,
        "the link '{href}' points at a Markdown file",
        "write it as a Markdown link, [text](page.md), so that it becomes the page's address",
    ),
    "pdf-missing-anchor": (
        Severity.WARNING,
        "the link '{href}' has no '#{fragment}' to land on in the book, so it opens the page",
        "link to a heading that exists on {target}",
    ),
    "pdf-no-site-url": (
        Severity.WARNING,
        "the link '{href}' leads to a page that is not in the book",
        "set site_url in mkdocs.yml so that such links become web links",
    ),
    "pdf-missing-page": (
        Severity.WARNING,
        "the built page /{url} is missing, so the book leaves it out",
        "build the site before printing it",
    ),
    "pdf-card-too-long": (
        Severity.WARNING,
        "the routine's card needs {pages} pages even at {size}",
        "shorten the routine page so that it prints on one page",
    ),
    "pdf-part-failed": (
        Severity.ERROR,
        "the book could not be printed: the part holding this page failed ({error})",
        "fix the page or the print stylesheets; no book was written, the site's old one removed",
    ),
    "pdf-renderer": (
        Severity.WARNING,
        "WeasyPrint: {message}",
        "the PDF is built offline from files under site/ and overrides/pdf/; "
        "check the print stylesheets and any picture or link from elsewhere",
    ),
}


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
        subjects: dict[str, int] = {}
        for p in found:
            if p.subject:
                subjects[p.subject] = subjects.get(p.subject, 0) + 1
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
    close = difflib.get_close_matches(folded, list(choices), n=1, cutoff=0.6)
    return close


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
