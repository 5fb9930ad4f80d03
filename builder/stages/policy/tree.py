"""What may sit under content/: reserved names, names that are not URL-safe or portable,
case-only and URL collisions, hidden and stray files in the contributed sections, files that
are not regular files, and files a browser would run (HTML, SVG, XML) if they were published;
editors' temporary files are skipped. Also the walk of content/ and the pages it finds."""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Callable
from pathlib import Path

from builder.model import routes
from builder.model.problems import Problem, problem
from builder.stages.policy.limits import MAX_NAME_LENGTH

Shown = Callable[[str], str]
"""How a path under content/ is written in a message."""

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


def check_tree(entries: list[Entry], shown: Shown) -> list[Problem]:
    """Every file and folder under content/ (`walk`) against the rules of the tree."""
    problems: list[Problem] = []
    by_folded: dict[str, str] = {}
    urls: dict[str, str] = {}
    for src, mode, _is_dir in entries:
        name = src.rsplit("/", 1)[-1]
        top, _, rest = src.partition("/")
        in_section = top in SCHEMA_SECTIONS and rest != ""

        def add(code: str, **fields: str) -> None:
            problems.append(problem(shown(src), 0, 0, code, **fields))  # noqa: B023

        written = posixpath.splitext(name)[1]
        suffix = written.lower()
        if stat.S_ISLNK(mode):
            continue  # reported by discover
        if name.startswith("."):
            if in_section or name.endswith(".md"):
                add("hidden-file")
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            add("not-a-file")
        elif not _SAFE_NAME.match(name):
            add("bad-path", name=name)
        elif (unportable := portability(name)) is not None:
            add("portable-name", name=name, reason=unportable[0], fix=unportable[1])
        elif "/" not in src and name.removesuffix(".md").lower() in RESERVED:
            add("reserved-name", name=name)
        elif (other := by_folded.setdefault(src.lower(), src)) != src:
            add("case-collision", other=shown(other))
        elif stat.S_ISDIR(mode):
            continue
        elif suffix in MARKDOWN_SUFFIXES and written != ".md":
            add("page-suffix", suffix=written, name=name[: -len(written)] + ".md")
        elif in_section and (suffix != ".md" or "/" in rest):
            if suffix != ".md":  # a page in a sub-folder is reported by discovery as stray
                add("stray-file", section=top)
        elif suffix in ACTIVE_SUFFIXES:
            add("active-file", suffix=suffix)
        elif suffix == ".md":
            url = page_url(src)
            if (first := urls.setdefault(url.lower(), src)) != src:
                add("url-collision", other=shown(first), url=url, fix="keep one of them")
    return problems


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


def discover(content: Path, shown: Shown) -> tuple[list[str], list[Entry], list[Problem]]:
    """Markdown pages under content/, sorted, every entry there (walk), and the symlinks and
    stray section pages found."""
    found: list[str] = []
    problems: list[Problem] = []
    entries = walk(content)
    for src, mode, is_dir in entries:
        name = src.rsplit("/", 1)[-1]
        if is_dir and (not stat.S_ISLNK(mode) or name.startswith(".")):
            continue  # a folder; links to hidden folders are not looked at
        if stat.S_ISLNK(mode):
            problems.append(problem(shown(src), 0, 0, "symlink"))
        elif name.endswith(".md") and not name.startswith(".") and stat.S_ISREG(mode):
            section, _, rest = src.partition("/")
            if section in routes.PAGE_SECTIONS and "/" in rest:
                problems.append(problem(shown(src), 0, 0, "stray-page", section=section))
            else:
                found.append(src)
    return sorted(found), entries, problems


def page_url(src: str) -> str:
    """The URL MkDocs gives a page, treating README.md as index.md as MkDocs does."""
    head, _, name = src.rpartition("/")
    if name.lower() == "readme.md":
        src = f"{head}/index.md" if head else "index.md"
    return "/" + routes.url(src)


def check_generated(
    entries: list[Entry], sources: list[str], generated: list[str], shown: Shown
) -> list[Problem]:
    """Hand-written files published where the builder generates a page or a file.

    An exact path match is the pipeline's path-collision (the marker can resolve it); here
    the names differ but the URL is the same: 'goals.md' beside a generated 'goals/index.md'.
    """
    problems: list[Problem] = []
    targets = {page_url(g).lower(): g for g in generated if g.endswith(".md")}
    files = {g.lower(): g for g in generated if not g.endswith(".md")}
    for src in sources:
        target = targets.get(page_url(src).lower())
        if target is not None and target != src:
            problems.append(_collision(shown(src), target, page_url(src), "page"))
    for src, _mode, _is_dir in entries:
        if (target := files.get(src.lower())) is not None:
            problems.append(_collision(shown(src), target, "/" + target, "file"))
    return problems


def _collision(shown: str, generated: str, url: str, what: str) -> Problem:
    other, fix = f"the generated {generated}", f"rename or move this {what}"
    return problem(shown, 0, 0, "url-collision", other=other, url=url, fix=fix)
