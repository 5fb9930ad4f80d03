"""The front matter of pages no schema covers: a section's index and the free pages may
set only a few keys, as plain text (no theme keys such as ``template`` or ``icon``, no HTML
or control characters in what the theme prints); a YAML comment cut out of a prose value;
and MkDocs reading the same front matter as the builder."""

from __future__ import annotations

import re

from builder.model import schema
from builder.model.page_fields import TEXT_FIELDS
from builder.model.problems import Problem, did_you_mean, problem
from builder.model.schema import THEME_KEYS
from builder.model.yamltree import Node, Scalar, Seq
from builder.stages.load import RawPage
from builder.stages.policy.limits import MAX_FRONT_CHARS
from builder.stages.policy.tree import SCHEMA_SECTIONS
from builder.stages.validate.values import CONTROL_CHARACTERS, MARKUP

PLAIN_KEYS = ("title", "description")
"""Front-matter keys the theme prints into every page that lists this one."""
HIDE_VALUES = ("feedback", "footer", "navigation", "path", "tags", "toc")
"""What a page may hide of the theme's layout (material's 'hide' key)."""
PAGE_KEYS = {"hub": (*PLAIN_KEYS, "hide"), "page": (*PLAIN_KEYS, "hide")}
"""The keys a section hub ('exercises/index.md') and a free page ('index.md', 'finder.md',
'equipment/<new>.md'...) may set; the schema sections' pages have theirs in page_fields.py."""


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


def check_front(page: RawPage) -> list[Problem]:
    """Front matter under the policy of its kind of page: the schema sections' keys are
    checked by validate/; hubs and free pages may set only PAGE_KEYS, as plain text."""
    if len(page.front_text) > MAX_FRONT_CHARS:
        size = len(page.front_text)
        reason = f"has {size:,} characters of front matter, over {MAX_FRONT_CHARS:,}"
        fix = "keep front matter to the fields; prose goes in the body"
        return [problem(page.shown, 1, 1, "page-limit", reason=reason, fix=fix)]
    problems = _check_comments(page)
    kind = page_kind(page.src)
    allowed = PAGE_KEYS.get(kind)
    if allowed is None:  # a schema page: validate/ reports keys outside its schema
        return problems

    def add(node: Node, code: str, **fields: str) -> None:
        problems.append(problem(page.shown, node.line, node.col, code, **fields))

    for key, value in page.front.entries:
        if key.text in THEME_KEYS and key.text not in allowed:
            add(key, "theme-key", key=key.text)
        elif key.text not in allowed:
            only = f"a {_KIND_NAMES[kind]} may set only " + ", ".join(allowed)
            add(key, "unknown-key", key=key.text, suggestion=did_you_mean(key.text, allowed, only))
        elif key.text == "hide":
            problems += _check_hide(page, value)
        elif isinstance(value, Scalar) and not value.text.strip():
            add(value, "empty-value", key=key.text, doc=_DOCS[key.text])
        else:
            reason = ""
            if not isinstance(value, Scalar):
                reason = "must be a line of text"
            elif CONTROL_CHARACTERS.search(value.text):
                reason = "contains control or direction-changing characters"
            elif MARKUP.search(value.text):
                reason = "contains HTML"
            if reason:
                fix = "front-matter text is plain; write it without tags"
                add(value, "bad-text", key=key.text, reason=reason, fix=fix)
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
    problems: list[Problem] = []
    for i, line in enumerate(page.front_text.split("\n")):
        m = _TEXT_LINE.match(line) if " #" in line or "\t#" in line else None
        if m is None or m.group(1) not in TEXT_KEYS:
            continue
        value = m.group(2)
        cut = min(i for i in (value.find(" #"), value.find("\t#")) if i >= 0)
        kept, quoted = value[:cut].strip(), value.strip().replace('"', '\\"')
        if kept:
            where = (page.shown, page.front_line + i, m.start(2) + cut + 2, "yaml-comment")
            problems.append(problem(*where, key=m.group(1), kept=kept, quoted=quoted))
    return problems


_KIND_NAMES = {"hub": "section's index page", "page": "page outside the sections"}
_DOCS = {"title": "the page's title", "description": "one sentence for search engines"}


def _check_hide(page: RawPage, value: Node) -> list[Problem]:
    items = value.items if isinstance(value, Seq) else (value,)
    problems: list[Problem] = []
    for item in items:
        if not isinstance(item, Scalar) or item.text not in HIDE_VALUES:
            shown = item.text if isinstance(item, Scalar) else "a nested value"
            hint = did_you_mean(shown, HIDE_VALUES, "allowed: " + ", ".join(HIDE_VALUES))
            what, where = "part of the page to hide", (page.shown, item.line, item.col)
            problems.append(
                problem(*where, "unknown-term", vocabulary=what, value=shown, suggestion=hint)
            )
    return problems


# MkDocs' own reading of front matter (mkdocs/utils/meta.py), which hubs and free pages get.
_ENGINE_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_ENGINE_META = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")


def check_engine_front(page: RawPage, text: str | None) -> list[Problem]:
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
