"""Content policy: which files may sit under content/, and what a page body may contain.

Checked before anything is rendered, every rule reporting its file, line and column:

- the tree: reserved names, names that are not URL-safe, case-only and URL collisions,
  hidden and stray files in the contributed sections, files that are not regular files,
  and files a browser would run (HTML, SVG, XML) if they were published;
- the front matter of pages no schema covers: theme keys (``template``, ``icon``...) and
  HTML or control characters in the values the theme prints (``title``, ``description``);
- the body: raw HTML outside a small allow-list of harmless tags, event attributes, links
  in raw HTML (the build never checks them), URLs that can run code (``javascript:``,
  ``vbscript:``, ``data:``), links to missing images and files;
- the limits that keep Python-Markdown's slow paths out of the build: its parser takes
  quadratic time on unclosed brackets, unclosed ``<``, unclosed code fences, many headings
  and deep nesting (measured in tests/test_policy.py), so those are refused or bounded.

Every scan here is linear in the size of the page.
"""

from __future__ import annotations

import bisect
import html
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from builder.model import routes, schema
from builder.model.problems import Problem, closest, did_you_mean, problem
from builder.model.schema import TEXT_FIELDS, THEME_KEYS
from builder.model.yamltree import Map, Node, Scalar, Seq
from builder.stages.load import RawPage, read_text
from builder.stages.validate.values import CONTROL_CHARACTERS, MARKUP

Shown = Callable[[str], str]

SCHEMA_SECTIONS = routes.PAGE_SECTIONS
"""Sections whose pages a schema validates; only '<slug>.md' pages may sit in them."""
RESERVED = frozenset({"404", "assets", "pdf", "search", "sitemap", "sitemap.xml", "sitemap.xml.gz"})
"""Top-level names the theme, MkDocs and the book (pdf/) write into the site themselves."""
MARKDOWN_SUFFIXES = frozenset({".markdown", ".md", ".mdown", ".mkd", ".mkdn"})
"""Suffixes MkDocs publishes as pages, in any letter case; only '.md' is ours."""
ACTIVE_SUFFIXES = frozenset(
    {".htm", ".html", ".shtml", ".svg", ".svgz", ".swf", ".xht", ".xhtml", ".xml", ".xsl", ".xslt"}
)
"""Files a browser runs scripts in when opened directly; never published from content/."""
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")

PLAIN_KEYS = ("title", "description")
"""Front-matter keys the theme prints into every page that lists this one."""
HIDE_VALUES = ("feedback", "footer", "navigation", "path", "tags", "toc")
"""What a page may hide of the theme's layout (material's 'hide' key)."""
PAGE_KEYS = {"hub": (*PLAIN_KEYS, "hide"), "page": (*PLAIN_KEYS, "hide")}
"""The keys a section hub ('exercises/index.md') and a free page ('index.md', 'finder.md',
'equipment/<new>.md'...) may set; the schema sections' pages have theirs in schema.py."""


def page_kind(src: str) -> str:
    """What kind of page a source path is: a schema section's name for its pages
    ('exercises', 'muscles', 'routines', 'guide'), 'hub' for a section's index (or
    README, which MkDocs reads as the index), 'page' for any other page."""
    head, _, name = src.rpartition("/")
    section, _, rest = head.partition("/")
    if head and not rest and name.lower() in ("index.md", "readme.md"):
        return "hub"
    if head and not rest and section in SCHEMA_SECTIONS:
        return section
    return "page"


# Raw HTML a page body may contain: inline formatting and md_in_html containers.
ALLOWED_TAGS = frozenset(
    {
        "abbr", "b", "br", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "hr", "i", "ins", "kbd", "mark", "p", "q", "s", "samp",
        "small", "span", "strong", "sub", "summary", "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = frozenset(
    {"class", "datetime", "height", "id", "lang", "markdown", "open", "title", "width"}
)
URL_ATTRIBUTES = frozenset(
    {
        "action", "background", "cite", "codebase", "data", "formaction", "href", "longdesc",
        "manifest", "ping", "poster", "src", "srcset", "xlink:href",
    }
)  # fmt: skip
SCRIPT_SCHEMES = ("javascript", "vbscript", "data")

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
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<[!?]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):([^\s<>]*)>")
_MAILLINK = re.compile(r"<[^\s<>@]+@[^\s<>@]+>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ID_WORD = re.compile(r"(?:^|\s)#([^\s}=]+)")
"""An id in an attribute list, as attr_list reads it (a word up to a space, '=' or '}')."""
_SAFE_ID = re.compile(r"[\w.:-]+")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
# Patterns of a line's start, searched by `_check_limits` after a '\n' put before the text.
_HEADING = re.compile(r"\n {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.MULTILINE)
_BLOCK_OPENER = re.compile(r"\n[ \t]*(?:!!!|\?\?\?\+?)[ \t]")
_QUOTE = re.compile(r"\n(?:[ \t]{0,3}>)+")
_DEEP_INDENT = re.compile(rf"\n[ \t]{{{MAX_INDENT // 4 + 1},}}")
"""More blanks than MAX_INDENT columns of tabs (4 each) could fill: the only lines that
can be indented that far."""
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u202a-\u202e\u2066-\u2069]")
"""Control characters, zero-width spaces and bidi overrides, which can make text read
differently from what it says. Joiners (emoji, Persian) and RTL marks are allowed."""


def limits() -> list[tuple[str, str]]:
    """Every limit the check enforces, as (what, limit) rows for the reference page and
    CONTRIBUTING (a test keeps the latter current)."""
    from builder.model.yamltree import MAX_DEPTH
    from builder.stages.load import MAX_FILE_BYTES

    lengths = sorted(
        {(f.name, f.max_length) for fields in TEXT_FIELDS for f in fields if f.max_length}
    )
    rows = [(f"`{name}`", f"{n:,} characters") for name, n in lengths]
    dose, step = schema.by_name(schema.DOSE_FIELDS), schema.by_name(schema.STEP_FIELDS)
    units = schema.DISTANCE_UNITS.items()
    distance = ", ".join(f"1 to {most:,} {unit}" for unit, (_, most) in units)
    head = schema.HEAD_FIELDS[0].max_length
    rows += [
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
    return rows


# The tree -----------------------------------------------------------------------------------


def check_tree(content: Path, shown: Shown, entries: list[Entry] | None = None) -> list[Problem]:
    """Every file and folder under content/ against the rules of the tree."""
    problems: list[Problem] = []
    by_folded: dict[str, str] = {}
    urls: dict[str, str] = {}
    for src, mode, _is_dir in walk(content) if entries is None else entries:
        name = src.rsplit("/", 1)[-1]
        top, _, rest = src.partition("/")
        in_section = top in SCHEMA_SECTIONS and rest != ""

        def add(code: str, **fields: str) -> None:
            problems.append(problem(shown(src), 0, 0, code, **fields))  # noqa: B023

        if stat.S_ISLNK(mode):
            continue  # reported by the pipeline's discovery
        if name.startswith("."):
            if in_section or name.endswith(".md"):
                add("hidden-file")
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            add("not-a-file")
            continue
        if not _SAFE_NAME.match(name):
            add("bad-path", name=name)
            continue
        unportable = portability(name)
        if unportable is not None:
            add("portable-name", name=name, reason=unportable[0], fix=unportable[1])
            continue
        if "/" not in src and name.removesuffix(".md").lower() in RESERVED:
            add("reserved-name", name=name)
            continue
        other = by_folded.setdefault(src.lower(), src)
        if other != src:
            add("case-collision", other=shown(other))
            continue
        if stat.S_ISDIR(mode):
            continue
        written = posixpath.splitext(name)[1]
        if written.lower() in MARKDOWN_SUFFIXES and written != ".md":
            add("page-suffix", suffix=written, name=name[: -len(written)] + ".md")
            continue
        suffix = written.lower()
        if in_section and (suffix != ".md" or "/" in rest):
            if suffix == ".md":
                continue  # a page in a sub-folder: reported by discovery as a stray page
            add("stray-file", section=top)
        elif suffix in ACTIVE_SUFFIXES:
            add("active-file", suffix=suffix)
        elif suffix == ".md":
            url = page_url(src)
            first = urls.setdefault(url.lower(), src)
            if first != src:
                add("url-collision", other=shown(first), url=url, fix="keep one of them")
    return problems


MAX_NAME_LENGTH = 80
"""Characters in a file or folder name under content/: far below the 255 of most file
systems, so that the whole path stays well under Windows' 260 with any checkout folder."""
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³")}
)
"""Names Windows keeps for devices, whatever suffix follows them ('con.md', 'aux.txt')."""


def portability(name: str) -> tuple[str, str] | None:
    """Why a file name cannot be checked out everywhere, and the fix; None if it can."""
    stem = name.split(".", 1)[0].lower()
    if stem in WINDOWS_RESERVED:
        return (
            f"is a device name on Windows ('{stem.upper()}'), whatever follows the dot",
            "choose another name: a checkout on Windows cannot create this file",
        )
    if name.endswith((".", " ")):
        return (
            "ends with a dot or a space, which Windows drops",
            f"rename it to '{name.rstrip('. ')}'",
        )
    if len(name) > MAX_NAME_LENGTH:
        return (
            f"is {len(name)} characters long, over the limit of {MAX_NAME_LENGTH}",
            "shorten it: long names break checkouts on Windows and some file systems",
        )
    return None


EDITOR_FILE = re.compile(
    r"\.#.*|#.*#|.*~|\..+\.sw[a-p]x?|\..+\.kate-swp|4913|\.~lock\..*#|\.goutputstream-.*"
    r"|.*___jb_(?:tmp|old)___"
)
"""Files editors keep beside the one being edited: vim swap files (and its '4913' probe),
emacs lock links, auto-saves and backups, Kate, gedit, LibreOffice and JetBrains temporary
files. They are never content: skipped here, never reported, never published."""


def is_editor_file(name: str) -> bool:
    """Whether a file name (the last part of a path) is an editor's temporary file."""
    return EDITOR_FILE.fullmatch(name) is not None


Entry = tuple[str, int, bool]
"""An entry under content/: its path relative to content/, the file type bits of its lstat
mode, and whether it is a folder or a link to one."""


def walk(content: Path) -> list[Entry]:
    """Every entry under content/, each folder's sorted by name before its sub-folders', as
    os.walk lists them; hidden folders and links to folders are not entered, and editors'
    temporary files are left out."""
    entries: list[Entry] = []

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        folders = []
        for entry in found:
            if is_editor_file(entry.name):
                continue
            try:  # from the directory listing on most systems, without a stat
                if entry.is_symlink():
                    mode = stat.S_IFLNK
                elif entry.is_dir(follow_symlinks=False):
                    mode = stat.S_IFDIR
                elif entry.is_file(follow_symlinks=False):
                    mode = stat.S_IFREG
                else:
                    mode = stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode)
            except OSError:
                continue  # vanished while we looked; reading it reports the problem
            try:
                is_dir = stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and entry.is_dir())
            except OSError:
                is_dir = False
            entries.append((prefix + entry.name, mode, is_dir))
            if stat.S_ISDIR(mode) and not entry.name.startswith("."):
                folders.append(entry)
        for entry in folders:
            visit(entry.path, f"{prefix}{entry.name}/")

    visit(str(content), "")
    return entries


def page_url(src: str) -> str:
    """The URL MkDocs gives a page, treating README.md as index.md as MkDocs does."""
    head, _, name = src.rpartition("/")
    if name.lower() == "readme.md":
        src = f"{head}/index.md" if head else "index.md"
    return "/" + routes.url(src)


def check_generated(
    content: Path,
    sources: list[str],
    generated: list[str],
    shown: Shown,
    entries: list[Entry] | None = None,
) -> list[Problem]:
    """Hand-written files published where the builder generates a page or a file.

    An exact path match is the pipeline's path-collision (the marker can resolve it); here
    the names differ but the URL is the same: 'goals.md' beside a generated 'goals/index.md'.
    """
    problems = []
    targets = {page_url(g).lower(): g for g in generated if g.endswith(".md")}
    files = {g.lower(): g for g in generated if not g.endswith(".md")}
    for src in sources:
        target = targets.get(page_url(src).lower())
        if target is not None and target != src:
            problems.append(
                problem(
                    shown(src),
                    0,
                    0,
                    "url-collision",
                    other=f"the generated {target}",
                    url=page_url(src),
                    fix="rename or move this page",
                )
            )
    for src, _mode, _is_dir in walk(content) if entries is None else entries:
        if src.lower() in files:
            problems.append(
                problem(
                    shown(src),
                    0,
                    0,
                    "url-collision",
                    other=f"the generated {files[src.lower()]}",
                    url="/" + files[src.lower()],
                    fix="rename or move this file",
                )
            )
    return problems


# Front matter of pages no schema covers ------------------------------------------------------


def check_front(page: RawPage) -> list[Problem]:
    """Front matter under the policy of its kind of page: the schema sections' keys are
    checked by validate/; hubs and free pages may set only PAGE_KEYS, as plain text."""
    problems = []
    if len(page.front_text) > MAX_FRONT_CHARS:
        size = len(page.front_text)
        reason = f"has {size:,} characters of front matter, over {MAX_FRONT_CHARS:,}"
        fix = "keep front matter to the fields; prose goes in the body"
        return [problem(page.shown, 1, 1, "page-limit", reason=reason, fix=fix)]
    problems += _check_comments(page)
    kind = page_kind(page.src)
    allowed = PAGE_KEYS.get(kind)
    if allowed is None:  # a schema page: validate/ reports keys outside its schema
        return problems
    for key, value in page.front.entries:
        if key.text not in allowed:
            if key.text in THEME_KEYS:
                problems.append(problem(page.shown, key.line, key.col, "theme-key", key=key.text))
            else:
                hint = did_you_mean(
                    key.text, allowed, f"a {_KIND_NAMES[kind]} may set only " + ", ".join(allowed)
                )
                problems.append(
                    problem(
                        page.shown, key.line, key.col, "unknown-key", key=key.text, suggestion=hint
                    )
                )
        elif key.text == "hide":
            problems += _check_hide(page, value)
        else:
            reason = ""
            if not isinstance(value, Scalar):
                reason = "must be a line of text"
            elif not value.text.strip():
                problems.append(
                    problem(
                        page.shown,
                        value.line,
                        value.col,
                        "empty-value",
                        key=key.text,
                        doc=_DOCS[key.text],
                    )
                )
                continue
            elif CONTROL_CHARACTERS.search(value.text):
                reason = "contains control or direction-changing characters"
            elif MARKUP.search(value.text):
                reason = "contains HTML"
            if reason:
                problems.append(
                    problem(
                        page.shown,
                        value.line,
                        value.col,
                        "bad-text",
                        key=key.text,
                        reason=reason,
                        fix="front-matter text is plain; write it without tags",
                    )
                )
    return problems


TEXT_KEYS = frozenset(
    f.name
    for fields in (*TEXT_FIELDS, schema.DOSE_FIELDS, schema.STEP_FIELDS, schema.HEAD_FIELDS)
    for f in fields
    if f.type in ("line", "lines")
) | {*PLAIN_KEYS, *(f.name for f in schema.TERM_FIELDS)}
"""Keys whose value is prose, where a ' #' is more likely text than a YAML comment."""
_TEXT_LINE = re.compile(
    r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*):[ \t]+([^\s'\"\[{|>&*!#][^\n]*)$"
)


def _check_comments(page: RawPage) -> list[Problem]:
    """'title: Curl #1 variation': YAML reads ' #1 variation' as a comment and the title
    is published as 'Curl'. A comment after the text of a prose key is refused."""
    if "#" not in page.front_text:
        return []
    problems = []
    for i, line in enumerate(page.front_text.split("\n")):
        m = _TEXT_LINE.match(line) if " #" in line or "\t#" in line else None
        if m is None or m.group(1) not in TEXT_KEYS:
            continue
        value = m.group(2)
        cut = min(i for i in (value.find(" #"), value.find("\t#")) if i >= 0)
        if value[:cut].strip():
            problems.append(
                problem(
                    page.shown,
                    page.front_line + i,
                    m.start(2) + cut + 2,
                    "yaml-comment",
                    key=m.group(1),
                    kept=value[:cut].strip(),
                    quoted=value.strip().replace('"', '\\"'),
                )
            )
    return problems


_KIND_NAMES = {"hub": "section's index page", "page": "page outside the sections"}
_DOCS = {"title": "the page's title", "description": "one sentence for search engines"}


def _check_hide(page: RawPage, value: Node) -> list[Problem]:
    items = value.items if isinstance(value, Seq) else (value,)
    problems = []
    for item in items:
        if not isinstance(item, Scalar) or item.text not in HIDE_VALUES:
            shown = item.text if isinstance(item, Scalar) else "a nested value"
            hint = did_you_mean(shown, HIDE_VALUES, "allowed: " + ", ".join(HIDE_VALUES))
            problems.append(
                problem(
                    page.shown,
                    item.line,
                    item.col,
                    "unknown-term",
                    vocabulary="part of the page to hide",
                    value=shown,
                    suggestion=hint,
                )
            )
    return problems


# Bodies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link or image target written in Markdown, with its place in the file."""

    target: str
    image: bool
    line: int
    col: int


def check_bodies(
    content: Path, sources: list[str], pages: dict[str, RawPage], shown: Shown
) -> list[Problem]:
    """The body rules for every hand-written page, including pages without front matter."""
    problems: list[Problem] = []
    _SCANNED.clear()
    for src in sources:
        page = pages.get(src)
        if page is not None:
            problems += check_front(page)
            problems += check_body(page, content)
            if page_kind(src) in PAGE_KEYS:  # MkDocs reads these pages' front matter itself
                text, _ = read_text(content / src, shown(src))
                problems += _check_engine_front(page, text)
            continue
        text, _ = read_text(content / src, shown(src))
        if text is not None and not text.startswith("---"):
            plain = RawPage(src, shown(src), Map((), 1, 1), text, 1)
            problems += _check_engine_front(plain, text)
            problems += check_body(plain, content)
    return problems


# MkDocs' own reading of front matter (mkdocs/utils/meta.py), which hubs and free pages get.
_ENGINE_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_ENGINE_META = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")


def _check_engine_front(page: RawPage, text: str | None) -> list[Problem]:
    """MkDocs must read the same front matter as the builder, or settings we never checked
    reach the theme: a block closed by '...' or opened by '----', or MultiMarkdown's
    'key: value' lines at the top of a page without '---'."""
    if text is None:
        return []
    if not page.front.entries and not text.startswith("---"):
        first = text.split("\n", 1)[0]
        meta = _ENGINE_META.match(first)
        if meta is None:
            return []
        return [problem(page.shown, 1, 1, "engine-meta", text=first[:40], key=meta.group(1))]
    engine = _ENGINE_YAML.match(text + "\n")
    if engine is not None and engine.group(1) == page.front_text:
        return []
    return [problem(page.shown, 1, 1, "engine-front")]


def check_body(page: RawPage, content: Path) -> list[Problem]:
    """Raw HTML, URLs, links to files and the Markdown limits of one page body."""
    scan = _Scan(page)
    _SCANNED[id(page)] = (page, scan.links)
    if len(page.body) > MAX_BODY_CHARS:
        scan.add(
            0,
            "page-limit",
            reason=f"body is {len(page.body):,} characters long, over {MAX_BODY_CHARS:,}",
            fix="split it into several pages",
        )
        return scan.problems
    text = scan.masked
    for m in _BODY_CONTROL.finditer(page.body):
        scan.add(m.start(), "bad-character", char=f"U+{ord(m.group(0)):04X}")
    _check_limits(scan, text)
    if "<" in text:
        _check_tags(scan, text)
    if "{" in text:
        _check_attr_lists(scan, text)
    for link in scan.links:
        _check_scheme(scan, link.line, link.col, link.target)
        _check_file(scan, link, content)
    return scan.summary()


def links(page: RawPage) -> list[Link]:
    """Every Markdown link and image target in a body, outside code."""
    kept = _SCANNED.get(id(page))
    return kept[1] if kept is not None and kept[0] is page else _Scan(page).links


_SCANNED: dict[int, tuple[RawPage, list[Link]]] = {}
"""The links found by this run's body checks, so that the link check does not scan again."""


def check_page_links(pages: dict[str, RawPage], known: set[str], shown: Shown) -> list[Problem]:
    """Links to '.md' pages that neither a hand-written nor a generated page answers."""
    problems = []
    candidates = tuple(sorted(known))
    for src, page in sorted(pages.items()):
        for link in links(page):
            path = _local_path(src, link.target)
            if path is None or not path.endswith(".md") or path in known or path.startswith(".."):
                continue
            near = closest(path, candidates)
            hint = f"did you mean '{routes.relative(src, near)}'?" if near else "check the path"
            problems.append(
                problem(
                    shown(src),
                    link.line,
                    link.col,
                    "missing-target",
                    target=link.target,
                    what="a page",
                    suggestion=hint,
                )
            )
    _SCANNED.clear()  # the last use this run: the pages need not outlive it
    return problems


class _Scan:
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
            (("<!--",), _masker(_COMMENT)),
            (("`",), self._mask_code_spans),
            (("\\",), _masker(_ESCAPED)),
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
                        self.add(
                            fence_at,
                            "page-limit",
                            reason=f"has more than {MAX_FENCES} code blocks",
                            fix="split it into several pages",
                        )
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


def _masker(pattern: re.Pattern[str]) -> Callable[[str, list[str]], None]:
    """A masking step that blanks every match of `pattern`."""

    def mask(text: str, chars: list[str]) -> None:
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())

    return mask


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _check_limits(scan: _Scan, text: str) -> None:
    # Line-start patterns are searched with a '\n' before the text (far faster than '^'), so
    # a match's start() is its line's offset in text. Each only where its text occurs.
    lines = "\n" + text
    headings = list(_HEADING.finditer(lines))
    if len(headings) > MAX_HEADINGS:
        scan.add(
            headings[MAX_HEADINGS].start(),
            "page-limit",
            reason=f"has {len(headings)} headings and rules, over {MAX_HEADINGS}",
            fix="split it into several pages",
        )
    blocks = list(_BLOCK_OPENER.finditer(lines)) if "!!!" in text or "???" in text else []
    if len(blocks) > MAX_BLOCK_OPENERS:
        scan.add(
            blocks[MAX_BLOCK_OPENERS].start(),
            "page-limit",
            reason=f"has {len(blocks)} admonitions, over {MAX_BLOCK_OPENERS}",
            fix="split it into several pages",
        )
    deep = _DEEP_INDENT.finditer(lines) if "\n " in lines or "\t" in text else ()
    for m in deep:
        end = text.find("\n", m.start())
        line = text[m.start() : end if end >= 0 else None]
        width = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if line.strip() and width > MAX_INDENT:
            scan.add(
                m.start(),
                "page-limit",
                reason=f"is indented {width} columns here, over {MAX_INDENT}",
                fix="nest lists and blocks less deeply",
            )
            break
    for m in _QUOTE.finditer(lines) if ">" in text else ():
        if m.group(0).count(">") > MAX_QUOTE_DEPTH:
            scan.add(
                m.start(),
                "page-limit",
                reason=f"nests quotes {m.group(0).count('>')} deep here, over {MAX_QUOTE_DEPTH}",
                fix="nest quotes less deeply",
            )
            break


def _check_brackets(scan: _Scan, text: str) -> None:
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
                    scan.add(
                        base + i,
                        "page-limit",
                        reason=f"nests brackets more than {MAX_BRACKET_DEPTH} deep here",
                        fix="nest links and images less deeply",
                    )
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


def _check_tags(scan: _Scan, text: str) -> None:
    """Raw HTML against the allow-list; every '<' that opens something must close."""
    closers = [m.start() for m in re.finditer(r"[<>]", text)]
    for m in _TAG_START.finditer(text):
        start = m.start()
        k = bisect.bisect_right(closers, start)
        end = closers[k] if k < len(closers) and text[closers[k]] == ">" else -1
        if end < 0:
            scan.add(start, "unclosed-tag")
            continue
        tag = text[start : end + 1]
        autolink = _AUTOLINK.fullmatch(tag)
        if autolink or _MAILLINK.fullmatch(tag):
            if autolink:
                _check_scheme(scan, *scan.where(start + 1), tag[1:-1])
            continue
        if m.group(2) is None:
            scan.add(start, "raw-html", tag=tag[:2] + "...", fix=_ALLOWED_HINT)
            continue
        if m.group(1):
            continue  # closing tags: their opening tag is what counts
        name = m.group(2).lower()
        if name not in ALLOWED_TAGS:
            scan.add(start, "raw-html", tag=f"<{name}>", fix=_tag_fix(name))
            continue
        rest = tag[m.end() - start : -1]
        for attr in _ATTRIBUTE.finditer(rest):
            value = next((v for v in attr.groups()[1:] if v is not None), "")
            _check_attribute(scan, start + (m.end() - start) + attr.start(), attr.group(1), value)


_ALLOWED_HINT = "inline HTML may use only " + ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))


def _tag_fix(name: str) -> str:
    if name in ("script", "iframe", "object", "embed", "style", "form", "link", "meta", "base"):
        return "pages may not run scripts, embed other pages or restyle the site; remove it"
    if name == "a":
        return "write links in Markdown, [text](page.md), so the build checks them"
    if name == "img":
        return "write images in Markdown, ![alt](image.png), so the build checks them"
    return _ALLOWED_HINT


def _check_attribute(scan: _Scan, offset: int, name: str, value: str) -> None:
    key = name.lower()
    if key.startswith("on"):
        scan.add(offset, "event-attribute", name=name)
    elif key in URL_ATTRIBUTES:
        if not _check_scheme(scan, *scan.where(offset), value):
            scan.add(offset, "raw-html-link", name=name)
    elif key not in ALLOWED_ATTRIBUTES:
        allowed = ", ".join(sorted(ALLOWED_ATTRIBUTES - {"markdown", "open"}))
        scan.add(offset, "html-attribute", name=name, allowed=allowed)


def _check_attr_lists(scan: _Scan, text: str) -> None:
    """attr_list's '{: key=value }' sets any attribute, event handlers included; its '#id'
    becomes a heading's id, which the theme writes unescaped into the contents' links."""
    closers = [m.start() for m in re.finditer(r"[{}\n]", text)]
    for m in re.finditer(r"\{", text):
        k = bisect.bisect_right(closers, m.start())
        if k == len(closers) or text[closers[k]] != "}":
            continue
        start = m.end() + (text.startswith(":", m.end()))
        for word in _ID_WORD.finditer(text[start : closers[k]]):
            if not _SAFE_ID.fullmatch(word[1]):
                fix = re.sub(r"[^\w.:-]+", "-", word[1]).strip("-") or "section"
                scan.add(start + word.start(1) - 1, "unsafe-id", id=word[1], fix=fix)
        for attr in _ATTRIBUTE.finditer(text[start : closers[k]]):
            if "=" in attr.group(0) and not attr.group(1).startswith((".", "#")):
                value = next((v for v in attr.groups()[1:] if v is not None), "")
                _check_attribute(scan, start + attr.start(), attr.group(1), value)


def _check_scheme(scan: _Scan, line: int, col: int, url: str) -> bool:
    """Report a URL whose scheme can run code, decoded as a browser would; True if it did."""
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    scheme = _SCHEME.match(plain)
    if scheme and scheme.group(1).lower() in SCRIPT_SCHEMES:
        scan.add_at(line, col, "script-url", url=url[:60], scheme=scheme.group(1).lower())
        return True
    return False


def _check_file(scan: _Scan, link: Link, content: Path) -> None:
    """A link to a file that is not a page (an image, a download) must exist."""
    path = _local_path(scan.page.src, link.target)
    if path is None:
        return
    if path == ".." or path.startswith("../"):
        scan.add_at(link.line, link.col, "outside-content", target=link.target)
        return
    if path.endswith(".md") or not posixpath.splitext(path)[1]:
        return  # pages are checked once generated pages are known; directory URLs by MkDocs
    if not (content / path).is_file():
        what = "an image" if link.image else "a file"
        fix = "add the file or correct the path, relative to this page"
        scan.add_at(
            link.line, link.col, "missing-target", target=link.target, what=what, suggestion=fix
        )


def _local_path(src: str, target: str) -> str | None:
    """The content path a relative link points to, or None for URLs and anchors."""
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
