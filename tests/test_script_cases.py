"""The script cases of hostile front matter, on every kind of page: each is refused by the
check with its exact line, or published as inert text; and either way, a build with the
content policy turned off parses into HTML where no element, attribute or URL came from
the content unescaped (the escaping of printed front matter and the theme overrides hold
by themselves).

Every payload calls alert(); the theme's own scripts never do.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from builder import pipeline
from builder.model.yamltree import Map
from builder.stages.load import RawPage
from builder.stages.policy import bodies
from builder.stages.validate.pages import validate_exercise
from builder.stages.validate.values import Vocabularies

BREAKOUT = "'\"><script>alert(55)</script><img src=x onerror=alert(56)><svg onload=alert(57)>'"
"""Quotes and brackets that close an attribute or an element, then three ways to run code."""
REDIRECT = "template: redirect.html\nlocation: '\"]);alert(58);//'\n"
HUB = "<!-- atlas:generated -->\n"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]
    expect: list[str] = field(default_factory=list)
    """The check's exact lines; none when the case is published as inert text."""


def _page(front: str, body: str = "Some text.\n") -> str:
    return f"---\ntitle: A page\n{front}---\n\n{body}"


def _theme(path: str, line: int, key: str) -> str:
    return (
        f"content/{path}:{line}:1: [theme-key] the key '{key}' changes how the theme renders "
        "this page. hint: remove it: a page cannot choose its template, icon, status, author "
        "or dates"
    )


CASES = [
    # 1. a hub switches template; and the same on every other kind of page
    Case(
        "hub of a schema section switches template",
        {"content/exercises/index.md": _page(REDIRECT, HUB)},
        [_theme("exercises/index.md", 3, "template"), _theme("exercises/index.md", 4, "location")],
    ),
    Case(
        "hub of a generated section switches template",
        {"content/equipment/index.md": _page(REDIRECT, HUB)},
        [_theme("equipment/index.md", 3, "template"), _theme("equipment/index.md", 4, "location")],
    ),
    Case(
        "home page switches template",
        {"content/index.md": _page(REDIRECT)},
        [_theme("index.md", 3, "template"), _theme("index.md", 4, "location")],
    ),
    Case(
        "new page among the goals switches template",
        {"content/goals/new.md": _page(REDIRECT)},
        [_theme("goals/new.md", 3, "template"), _theme("goals/new.md", 4, "location")],
    ),
    Case(
        "page without front matter sets a template MultiMarkdown-style",
        {"content/notes.md": REDIRECT + "\nText.\n"},
        [
            "content/notes.md:1:1: [engine-meta] MkDocs reads the first line 'template: "
            "redirect.html' as a page setting 'template', not as text. hint: start the page "
            "with front matter between '---' lines, or reword its first line"
        ],
    ),
    Case(
        "front matter closed by '...' hides a template from the check",
        {"content/notes.md": "---\ntitle: Notes\n...\n" + REDIRECT + "---\n\nText.\n"},
        [
            "content/notes.md:3:1: [engine-front] MkDocs would end the front matter here, and "
            "read what follows differently. hint: open and close front matter with a line of "
            "exactly '---', and no '...' in between"
        ],
    ),
    # 2. author breaks out of <meta name="author">
    *(
        Case(
            f"author on {path}",
            {f"content/{path}": _page(f"author: {BREAKOUT}\n", body)},
            [_theme(path, 3, "author")],
        )
        for path, body in (
            ("index.md", "Home.\n"),
            ("exercises/index.md", HUB),
            ("muscles/index.md", HUB),
            ("equipment/new-kit.md", "Kit.\n"),
            ("goals/new-goal.md", "Goal.\n"),
        )
    ),
    Case(
        "author on an exercise",
        {"content/exercises/bridge.md": ""},  # the key is added to the valid page (_apply)
        [_theme("exercises/bridge.md", 13, "author")],
    ),
    # 3. date keys the theme prints
    *(
        Case(
            f"{key} on {path}",
            {f"content/{path}": _page(f"{key}: {BREAKOUT}\n", body)},
            [_theme(path, 3, key)],
        )
        for key in ("revision_date", "git_revision_date_localized", "git_creation_date_localized")
        for path, body in (("index.md", "Home.\n"), ("routines/index.md", HUB))
    ),
    Case(
        "the builder's own card data on a free page",
        {"content/notes.md": _page("atlas: {type: exercise, title: " + BREAKOUT + "}\n")},
        [_theme("notes.md", 3, "atlas")],
    ),
    # 4. an entity-encoded first heading reaches <title> through striptags: published inert
    Case(
        "entity-encoded H1 on a new equipment page",
        {
            "content/equipment/new-kit.md": "---\ndescription: Kit.\n---\n\n"
            "# X &lt;/title&gt;&lt;script&gt;alert(59)&lt;/script&gt;\n\nText.\n"
        },
    ),
    Case(
        "entity-encoded H1 on a page without front matter",
        {
            "content/notes.md": "# Y &lt;/title&gt;&lt;script&gt;alert(60)&lt;/script&gt;"
            "&lt;img src=x onerror=alert(61)&gt;\n\nText.\n"
        },
    ),
    Case(
        "title and description with quotes and entities on a free page",
        {
            "content/notes.md": "---\ntitle: 'Q &amp; A &#34; it&#39;s &lt;/title&gt;'\n"
            "description: 'a &#34; b'\n---\n\nText.\n"
        },
    ),
]


def _apply(site: Path, case: Case) -> None:
    for path, text in case.files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path == "content/exercises/bridge.md":  # one key added to a valid page
            text = target.read_text("utf-8").replace(
                "legs: both\n", f"legs: both\nauthor: {BREAKOUT}\n"
            )
        target.write_text(text, "utf-8")


class _Active(HTMLParser):
    """Elements, attributes and URLs in a page that could run a payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        self._in_title = tag == "title"
        if tag in ("svg", "iframe", "object", "embed") and "alert" in str(attrs):
            self.found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            plain = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") and "alert" in plain:
                self.found.append(f"<{tag} {name}={value}>")
            if name in bodies.URL_ATTRIBUTES and plain.startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._script = self._in_title = False


def _active(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        scan = _Active()
        scan.feed(page.read_text("utf-8"))
        if scan.found:
            found[page.relative_to(site).as_posix()] = scan.found
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_check_refuses_it_or_it_is_inert(tiny: Path, case: Case) -> None:
    _apply(tiny, case)
    result = pipeline.run(tiny / "content", display_root=tiny)
    assert [str(p) for p in result.problems] == case.expect


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_element_attribute_or_url_from_content_runs(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    """Built with the content policy off when the check refuses the case: what the theme
    prints is escaped whatever the key, and titles reach <title> as text."""
    _apply(tiny, case)
    if case.expect:
        monkeypatch.setattr(bodies, "check_bodies", lambda *args: [])
        if "bridge.md" in str(case.files):  # the schema's own refusal, off too
            monkeypatch.setattr(pipeline, "validate_exercise", _lenient_exercise)
    monkeypatch.chdir(tiny)
    site = tmp_path / "out"
    try:
        build(load_config(str(tiny / "mkdocs.yml"), site_dir=str(site)))
    except Abort:  # refused while reading the file, policy or not: nothing is published
        assert not (site / "index.html").exists()
        return
    assert (site / "index.html").is_file()
    assert _active(site) == {}
    for page in site.rglob("*.html"):
        head = page.read_text("utf-8").split("</head>", 1)[0]
        titles = re.findall(r"<title>(.*?)</title>", head, re.DOTALL)
        assert len(titles) <= 1 and "<" not in "".join(titles), page


def _lenient_exercise(page: RawPage, vocabs: Vocabularies) -> Any:
    """validate_exercise on the page without the key the schema would refuse."""
    entries = tuple((k, v) for k, v in page.front.entries if k.text != "author")
    front = Map(entries, page.front.line, page.front.col)
    return validate_exercise(dataclasses.replace(page, front=front), vocabs)
