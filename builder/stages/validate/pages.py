"""Each kind of page (and the vocabularies' data files) read into its model object, with the
checks of the body: no level-1 heading, no TODO, a heading for each variation."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from markdown.extensions.toc import slugify  # the ids the toc extension gives headings

from builder.model import schema
from builder.model.entities import (
    Citation,
    Exercise,
    GuidePage,
    Muscle,
    Routine,
    Step,
    Term,
    Variation,
    Vocabulary,
)
from builder.model.page_fields import EXERCISE_FIELDS, GUIDE_FIELDS, MUSCLE_FIELDS, ROUTINE_FIELDS
from builder.model.problems import Problem, has_errors
from builder.model.schema import REFERENCE_FIELDS, Field, Vocab
from builder.model.yamltree import Map, Scalar, Seq, kind_of
from builder.pose.parse import read_pose
from builder.stages.load import RawData, RawPage
from builder.stages.validate.fields import read_fields, values_of
from builder.stages.validate.references import Ref
from builder.stages.validate.values import SLUG, FileReport, Vocabularies

_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_TODO = re.compile(r"\bTODO\b")
_COMMENT_START = re.compile(r"(?:^|\s)#")
# Patterns of a line's start, searched in the text with a '\n' before it: far faster than '^'.
_H1 = re.compile(r"\n {0,3}#(?:[ \t]|$)|\n[^\n]+\n {0,3}=+[ \t]*$", re.MULTILINE)
"""An ATX or setext level-1 heading, indented by up to three spaces as Markdown allows."""
_HEADING = re.compile(r"\n#{2,3}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_ATTRS = re.compile(r"\s*\{:?([^}]*)\}\s*$")

_INHERITED = (("difficulty", ""), ("legs", ""), ("dosage", ()))
_Page = TypeVar("_Page", Muscle, GuidePage)


def validate_vocabulary(raw: RawData, spec: Vocab) -> tuple[Vocabulary, list[Problem]]:
    """A data file: a mapping of slug -> {name, definition}."""
    out = FileReport(raw.shown)
    terms: list[Term] = []
    if not isinstance(raw.tree, Map):
        out.add(raw.tree, "not-a-mapping", found=kind_of(raw.tree).removeprefix("a "))
        return Vocabulary(spec.name, spec.label, ()), out.problems
    spec_fields = REFERENCE_FIELDS if spec.name == "references" else schema.TERM_FIELDS
    reserved = schema.NO_EQUIPMENT if spec.name == "equipment" else None
    for key, value in raw.tree.entries:
        if not SLUG.match(key.text) or key.text == reserved:
            fix = "use lower-case letters, digits and single hyphens; 'none' is reserved"
            out.add(key, "bad-text", key=key.text, reason="is not a valid term slug", fix=fix)
            continue
        fields = read_fields(value, spec_fields, None, out, key)
        citation = None
        if spec_fields is REFERENCE_FIELDS and all(
            f.name in fields for f in schema.CITATION_FIELDS if f.required
        ):
            citation = Citation(**values_of(schema.CITATION_FIELDS, fields))
        # A term with a broken entry is still known, so pages using it do not fail too.
        name, definition = fields.get("name", key.text), fields.get("definition", "")
        aliases = fields.get("aliases", ())
        terms.append(Term(key.text, name, definition, key.line, citation, aliases))
    return Vocabulary(spec.name, spec.label, tuple(terms)), out.problems


def _validate_plain(
    page: RawPage, vocabs: Vocabularies, spec: tuple[Field, ...], kind: Callable[..., _Page]
) -> tuple[_Page | None, list[Problem]]:
    """A page made of its front matter's values alone."""
    out, slug, fields = _read_page(page, spec, vocabs)
    if has_errors(out.problems) or slug is None:
        return None, out.problems
    return kind(slug, page.src, **values_of(spec, fields)), out.problems


validate_muscle = functools.partial(_validate_plain, spec=MUSCLE_FIELDS, kind=Muscle)
validate_guide = functools.partial(_validate_plain, spec=GUIDE_FIELDS, kind=GuidePage)


def validate_exercise(
    page: RawPage, vocabs: Vocabularies
) -> tuple[Exercise | None, list[Ref], list[Problem]]:
    """One exercise page; slug references are returned for the cross-file checks."""
    out, slug, fields = _read_page(page, EXERCISE_FIELDS, vocabs)
    primary, secondary = fields.get("primary_muscles", ()), fields.get("secondary_muscles", ())
    if set(primary) & set(secondary):
        node = page.front.get("secondary_muscles") or page.front
        for item in node.items if isinstance(node, Seq) else ():
            if isinstance(item, Scalar) and item.text in primary:
                out.add(item, "muscle-overlap", value=item.text)
    refs = [
        Ref(f.name, item.text, item.line, item.col)
        for f in EXERCISE_FIELDS
        if f.type == "exercises" and isinstance(listed := page.front.get(f.name), Seq)
        for item in listed.items
        if isinstance(item, Scalar)
    ]
    variations = _variations_of(page, fields, out)
    poses = None
    if "pose" in fields:
        anchors = tuple(v.anchor for v in variations)
        single = tuple(v.anchor for v in variations if v.legs == "one")
        one_leg = fields.get("legs") == "one"
        poses = read_pose(fields["pose"], anchors, (primary, secondary), one_leg, out.add, single)
    if has_errors(out.problems) or slug is None:
        return None, refs, out.problems
    values = values_of(EXERCISE_FIELDS, fields) | {"variations": variations, "pose": poses}
    return Exercise(slug, page.src, **values), refs, out.problems


def validate_routine(
    page: RawPage, vocabs: Vocabularies
) -> tuple[Routine | None, list[Ref], list[Problem]]:
    """One routine page; its exercise slugs are returned for the cross-file checks."""
    out, slug, fields = _read_page(page, ROUTINE_FIELDS, vocabs)
    steps: tuple[tuple[Step, Scalar], ...] = fields.get("steps", ())
    refs = [Ref("steps", node.text, node.line, node.col) for _step, node in steps]
    if has_errors(out.problems) or slug is None:
        return None, refs, out.problems
    values = values_of(ROUTINE_FIELDS, fields) | {"steps": tuple(step for step, _ in steps)}
    return Routine(slug, page.src, **values), refs, out.problems


def _read_page(
    page: RawPage, spec: tuple[Field, ...], vocabs: Vocabularies
) -> tuple[FileReport, str | None, dict[str, Any]]:
    """The page's slug (None if its file name is not one) and front matter, body checked."""
    out = FileReport(page.shown)
    slug = _slug_of(page, out)
    fields = read_fields(page.front, spec, vocabs, out)
    _check_body(page, out)
    return out, slug, fields


def _headings(body: str) -> dict[str, str]:
    """Level-2 and -3 headings of a body: folded text -> anchor (an attr_list id wins)."""
    found: dict[str, str] = {}
    for match in _HEADING.finditer("\n" + _prose(body)):
        text, anchor = match.group(1), ""
        attrs = _ATTRS.search(text)
        if attrs:
            text = text[: attrs.start()]
            anchor = next((a[1:] for a in attrs.group(1).split() if a.startswith("#")), "")
        found.setdefault(" ".join(text.split()).casefold(), anchor or slugify(text, "-"))
    return found


def _variations_of(page: RawPage, fields: dict[str, Any], out: FileReport) -> tuple[Variation, ...]:
    """Variations with the page's values filled in, each matched to a heading of the body."""
    if not fields.get("variations"):
        return ()
    headings = _headings(page.body)
    variations: list[Variation] = []
    seen: set[str] = set()
    for values, node in fields["variations"]:
        title = values["title"]
        anchor = headings.get(" ".join(title.split()).casefold())
        if anchor is None:
            out.add(node, "variation-heading", title=title)
            continue
        if anchor in seen:
            out.add(node, "repeated-term", value=title, key="variations")
            continue
        seen.add(anchor)
        # what a variation leaves out, it has as the page has it
        own = {key: values.get(key, fields.get(key, empty)) for key, empty in _INHERITED}
        variations.append(Variation(title, anchor, values["summary"], values["equipment"], **own))
    return tuple(variations)


def _slug_of(page: RawPage, out: FileReport) -> str | None:
    name = page.src.rsplit("/", 1)[-1].removesuffix(".md")
    if not SLUG.match(name):
        out.add((0, 0), "bad-slug", name=name)
        return None
    return name


def _prose(body: str) -> str:
    """The body with fenced code blanked out, line for line."""
    if "```" not in body and "~~~" not in body:
        return body
    return _FENCED.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def _check_body(page: RawPage, out: FileReport) -> None:
    prose = _prose(page.body)
    heading = _H1.search("\n" + prose)  # its start() is the line's offset in prose
    if heading:
        out.add((page.body_line + prose.count("\n", 0, heading.start()), 1), "body-h1")
    for match in _TODO.finditer(page.body) if "TODO" in page.body else ():
        line = page.body_line + page.body.count("\n", 0, match.start())
        col = match.start() - (page.body.rfind("\n", 0, match.start()) + 1) + 1
        out.add((line, col), "todo")
    for _key, value in page.front.entries:
        if isinstance(value, Scalar) and _TODO.search(value.text):
            out.add(value, "todo")
    lines = page.front_text.split("\n") if "TODO" in page.front_text else []
    for i, text in enumerate(lines):  # YAML drops comments
        comment = _COMMENT_START.search(text)
        todo = _TODO.search(text, comment.end()) if comment else None
        if todo:
            out.add((page.front_line + i, todo.start() + 1), "todo")
