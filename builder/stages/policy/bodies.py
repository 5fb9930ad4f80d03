"""What a page body may contain: raw HTML only from a small allow-list of harmless tags
and attributes, no event attributes, no links in raw HTML (the build never checks them), no
URLs that can run code (``javascript:``, ``vbscript:``, ``data:``), no links to missing
images, files or pages, no control characters; and the limits of limits.py.

Every scan here is linear in the size of the page."""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from builder.model import routes
from builder.model.problems import Problem, closest, problem
from builder.model.yamltree import Map
from builder.stages.load import RawPage, read_text
from builder.stages.policy.front import PAGE_KEYS, check_engine_front, check_front, page_kind
from builder.stages.policy.limits import MAX_BODY_CHARS, check_limits
from builder.stages.policy.scan import Link, Scan
from builder.stages.policy.tree import Shown
from builder.stages.validate.values import CONTROL_CHARACTERS

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

_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<[!?]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):([^\s<>]*)>")
_MAILLINK = re.compile(r"<[^\s<>@]+@[^\s<>@]+>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ID_WORD = re.compile(r"(?:^|\s)#([^\s}=]+)")
"""An id in an attribute list, as attr_list reads it (a word up to a space, '=' or '}')."""
_SAFE_ID = re.compile(r"[\w.:-]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def check_bodies(
    content: Path, sources: list[str], pages: dict[str, RawPage], shown: Shown
) -> list[Problem]:
    """The body rules for every hand-written page, including pages without front matter."""
    problems: list[Problem] = []
    for src in sources:
        page, text = pages.get(src), None
        engine_reads = page_kind(src) in PAGE_KEYS  # MkDocs reads these pages' front matter itself
        if page is None or engine_reads:
            text, _ = read_text(content / src, shown(src))
        if page is not None:
            problems += check_front(page) + check_body(page, content)
            problems += check_engine_front(page, text) if engine_reads else []
        elif text is not None and not text.startswith("---"):
            plain = RawPage(src, shown(src), Map((), 1, 1), text, 1)
            problems += check_engine_front(plain, text) + check_body(plain, content)
    return problems


def check_body(page: RawPage, content: Path) -> list[Problem]:
    """Raw HTML, URLs, links to files and the Markdown limits of one page body."""
    scan = Scan(page)
    if len(page.body) > MAX_BODY_CHARS:
        scan.limit(0, f"body is {len(page.body):,} characters long, over {MAX_BODY_CHARS:,}")
        return scan.problems
    text = scan.masked
    for m in CONTROL_CHARACTERS.finditer(page.body):
        scan.add(m.start(), "bad-character", char=f"U+{ord(m.group(0)):04X}")
    check_limits(scan, text)
    if "<" in text:
        _check_tags(scan, text)
    if "{" in text:
        _check_attr_lists(scan, text)
    for link in scan.links:
        _check_scheme(scan, link.line, link.col, link.target)
        _check_file(scan, link, content)
    return scan.summary()


def links(page: RawPage) -> list[Link]:
    """Every Markdown link and image target in a body, outside code (scanned again: 30 ms for
    every page at 1,000 exercises)."""
    return Scan(page).links


def check_page_links(pages: dict[str, RawPage], known: set[str], shown: Shown) -> list[Problem]:
    """Links to '.md' pages that neither a hand-written nor a generated page answers."""
    problems: list[Problem] = []
    candidates = tuple(sorted(known))
    for src, page in sorted(pages.items()):
        for link in links(page):
            path = _local_path(src, link.target)
            if path is None or not path.endswith(".md") or path in known or path.startswith(".."):
                continue
            near = closest(path, candidates)
            hint = f"did you mean '{routes.relative(src, near)}'?" if near else "check the path"
            where = (shown(src), link.line, link.col, "missing-target")
            problems.append(problem(*where, target=link.target, what="a page", suggestion=hint))
    return problems


def _check_tags(scan: Scan, text: str) -> None:
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
        for attr in _ATTRIBUTE.finditer(tag[m.end() - start : -1]):
            _check_attribute(scan, m.end() + attr.start(), attr.group(1), _value(attr))


_ALLOWED_HINT = "inline HTML may use only " + ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))


def _tag_fix(name: str) -> str:
    if name in ("script", "iframe", "object", "embed", "style", "form", "link", "meta", "base"):
        return "pages may not run scripts, embed other pages or restyle the site; remove it"
    if name == "a":
        return "write links in Markdown, [text](page.md), so the build checks them"
    if name == "img":
        return "write images in Markdown, ![alt](image.png), so the build checks them"
    return _ALLOWED_HINT


def _check_attribute(scan: Scan, offset: int, name: str, value: str) -> None:
    key = name.lower()
    if key.startswith("on"):
        scan.add(offset, "event-attribute", name=name)
    elif key in URL_ATTRIBUTES:
        if not _check_scheme(scan, *scan.where(offset), value):
            scan.add(offset, "raw-html-link", name=name)
    elif key not in ALLOWED_ATTRIBUTES:
        allowed = ", ".join(sorted(ALLOWED_ATTRIBUTES - {"markdown", "open"}))
        scan.add(offset, "html-attribute", name=name, allowed=allowed)


def _check_attr_lists(scan: Scan, text: str) -> None:
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
                _check_attribute(scan, start + attr.start(), attr.group(1), _value(attr))


def _check_scheme(scan: Scan, line: int, col: int, url: str) -> bool:
    """Report a URL whose scheme can run code, decoded as a browser would; True if it did."""
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    scheme = _SCHEME.match(plain)
    if scheme and scheme.group(1).lower() in SCRIPT_SCHEMES:
        scan.add_at(line, col, "script-url", url=url[:60], scheme=scheme.group(1).lower())
        return True
    return False


def _check_file(scan: Scan, link: Link, content: Path) -> None:
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
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else None


def _value(attr: re.Match[str]) -> str:
    """An attribute's value, however it is quoted; '' for a bare attribute."""
    return next((v for v in attr.groups()[1:] if v is not None), "")
