"""Stage 2, validate: turn positioned front matter into model objects, collecting every problem."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify  # the ids the toc extension gives headings

from builder.model import schema
from builder.model.entities import (
    Citation,
    Dose,
    Exercise,
    GuidePage,
    Head,
    Muscle,
    Routine,
    Span,
    Step,
    Term,
    Variation,
    Vocabulary,
)
from builder.model.problems import Problem, closest, did_you_mean, fold, has_errors, problem
from builder.model.schema import (
    CITATION_FIELDS,
    DISTANCE_UNITS,
    DOSE_AMOUNTS,
    DOSE_FIELDS,
    DOSE_KEYS,
    EXERCISE_FIELDS,
    FLAGS,
    GUIDE_FIELDS,
    HEAD_FIELDS,
    MAX_COUNT,
    MUSCLE_FIELDS,
    NO_EQUIPMENT,
    NO_EQUIPMENT_ALIASES,
    REFERENCE_FIELDS,
    ROUTINE_FIELDS,
    SOURCE_VOCABULARIES,
    STEP_FIELDS,
    STEP_KEYS,
    TERM_FIELDS,
    THEME_KEYS,
    VARIATION_FIELDS,
    YEARS,
    Field,
    Vocab,
    by_name,
)
from builder.model.yamltree import Map, Node, Scalar, Seq, kind_of
from builder.pose.parse import read_pose
from builder.stages.load import RawData, RawPage

SLUG = re.compile(schema.SLUG)
MARKUP = re.compile(schema.MARKUP)
CONTROL_CHARACTERS = re.compile(schema.CONTROL)
_SEVERAL_LINES = re.compile(schema.SEVERAL_LINES)
_DOI = re.compile(schema.DOI)
_NUMBER = re.compile(rf"^(\d+)(?:{schema.RANGE_DASH}(\d+))?$")
_DISTANCE = re.compile(r"^(.+?)\s*(" + "|".join(DISTANCE_UNITS) + r")$")
_DOSE, _STEP = by_name(DOSE_FIELDS), by_name(STEP_FIELDS)
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_TODO = re.compile(r"\bTODO\b")
_COMMENT_START = re.compile(r"(?:^|\s)#")
# Patterns of a line's start, searched in the text with a '\n' before it: far faster than '^'.
_H1 = re.compile(r"\n {0,3}#(?:[ \t]|$)|\n[^\n]+\n {0,3}=+[ \t]*$", re.MULTILINE)
"""An ATX or setext level-1 heading, indented by up to three spaces as Markdown allows."""
_HEADING = re.compile(r"\n#{2,3}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_ATTRS = re.compile(r"\s*\{:?([^}]*)\}\s*$")


@dataclass(frozen=True)
class Ref:
    """A slug written in one exercise's front matter that must name another exercise."""

    key: str
    slug: str
    line: int
    col: int


@dataclass
class _File:
    """Problems collected for one file."""

    shown: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, at: Node | tuple[int, int], code: str, **fields: Any) -> None:
        line, col = (at.line, at.col) if not isinstance(at, tuple) else at
        self.problems.append(problem(self.shown, line, col, code, **fields))


@dataclass(frozen=True)
class Vocabularies:
    """The vocabularies, plus the muscle slugs from the muscle pages."""

    by_name: dict[str, Vocabulary]
    muscles: tuple[str, ...]
    """Slugs of every muscle page, valid or not, so one bad page does not cascade."""
    unreadable: frozenset[str] = frozenset()
    """Vocabularies whose file could not be read: their terms are not checked."""
    muscle_aliases: dict[str, str] = field(default_factory=dict)
    """Other names of muscles (folded) -> the muscle's slug, from the muscle pages."""
    files: dict[str, str] = field(default_factory=dict)
    """Vocabulary name -> its file as shown in messages, for hints that name it."""

    def aliases(self, vocabulary: str) -> dict[str, str]:
        """Other names (folded) -> term slug, for did-you-mean hints."""
        if vocabulary == "muscles":
            return self.muscle_aliases
        found = {fold(a): t.slug for t in self.by_name[vocabulary].terms for a in t.aliases}
        if vocabulary == "equipment":
            found.update((fold(a), NO_EQUIPMENT) for a in NO_EQUIPMENT_ALIASES)
        return found

    def choices(self, vocabulary: str) -> tuple[str, ...] | None:
        if vocabulary in self.unreadable:
            return None
        if vocabulary == "sources":  # an article or a standard reference
            names = [n for n in SOURCE_VOCABULARIES if n in self.by_name]
            return tuple(s for n in names for s in self.by_name[n].slugs)
        return self.muscles if vocabulary == "muscles" else self.by_name[vocabulary].slugs

    def knows(self, vocabulary: str, slug: str) -> bool:
        """Whether slug is in the vocabulary (always, when it could not be read)."""
        if vocabulary == "sources" and "references" in self.unreadable:
            return True
        return vocabulary in self.unreadable or slug in self._slugs[vocabulary]

    @functools.cached_property
    def _slugs(self) -> dict[str, frozenset[str]]:
        slugs = {name: frozenset(v.slugs) for name, v in self.by_name.items()}
        slugs["muscles"] = frozenset(self.muscles)
        slugs["sources"] = frozenset(self.choices("sources") or ())
        return slugs


def validate_vocabulary(raw: RawData, spec: Vocab) -> tuple[Vocabulary, list[Problem]]:
    """A data file: a mapping of slug -> {name, definition}."""
    out = _File(raw.shown)
    terms: list[Term] = []
    if not isinstance(raw.tree, Map):
        out.add(raw.tree, "not-a-mapping", found=kind_of(raw.tree).removeprefix("a "))
        return Vocabulary(spec.name, spec.label, ()), out.problems
    for key, value in raw.tree.entries:
        if not SLUG.match(key.text) or (key.text == NO_EQUIPMENT and spec.name == "equipment"):
            out.add(
                key,
                "bad-text",
                key=key.text,
                reason="is not a valid term slug",
                fix="use lower-case letters, digits and single hyphens; 'none' is reserved",
            )
            continue
        spec_fields = REFERENCE_FIELDS if spec.name == "references" else TERM_FIELDS
        fields = _read_fields(value, spec_fields, None, out, key)
        citation = None
        if spec_fields is REFERENCE_FIELDS and all(
            f.name in fields for f in CITATION_FIELDS if f.required
        ):
            citation = Citation(**_values(CITATION_FIELDS, fields))
        # A term with a broken entry is still known, so pages using it do not fail too.
        terms.append(
            Term(
                key.text,
                fields.get("name", key.text),
                fields.get("definition", ""),
                key.line,
                citation,
                fields.get("aliases", ()),
            )
        )
    return Vocabulary(spec.name, spec.label, tuple(terms)), out.problems


def validate_muscle(page: RawPage, vocabs: Vocabularies) -> tuple[Muscle | None, list[Problem]]:
    out = _File(page.shown)
    slug = _slug_of(page, out)
    fields = _read_fields(page.front, MUSCLE_FIELDS, vocabs, out, None)
    _check_body(page, out)
    if has_errors(out.problems) or slug is None:
        return None, out.problems
    return Muscle(slug, page.src, **_values(MUSCLE_FIELDS, fields)), out.problems


def validate_exercise(
    page: RawPage, vocabs: Vocabularies
) -> tuple[Exercise | None, list[Ref], list[Problem]]:
    """One exercise page; slug references are returned for the cross-file checks."""
    out = _File(page.shown)
    slug = _slug_of(page, out)
    fields = _read_fields(page.front, EXERCISE_FIELDS, vocabs, out, None)
    _check_body(page, out)
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
        muscles = (fields.get("primary_muscles", ()), fields.get("secondary_muscles", ()))
        anchors = tuple(v.anchor for v in variations)
        single = tuple(v.anchor for v in variations if v.legs == "one")
        poses = read_pose(
            fields["pose"], anchors, muscles, fields.get("legs") == "one", out.add, single
        )
    if has_errors(out.problems) or slug is None:
        return None, refs, out.problems
    values = _values(EXERCISE_FIELDS, fields) | {"variations": variations, "pose": poses}
    return Exercise(slug, page.src, **values), refs, out.problems


def validate_routine(
    page: RawPage, vocabs: Vocabularies
) -> tuple[Routine | None, list[Ref], list[Problem]]:
    """One routine page; its exercise slugs are returned for the cross-file checks."""
    out = _File(page.shown)
    slug = _slug_of(page, out)
    fields = _read_fields(page.front, ROUTINE_FIELDS, vocabs, out, None)
    _check_body(page, out)
    steps: tuple[tuple[Step, Scalar], ...] = fields.get("steps", ())
    refs = [Ref("steps", node.text, node.line, node.col) for _step, node in steps]
    if has_errors(out.problems) or slug is None:
        return None, refs, out.problems
    values = _values(ROUTINE_FIELDS, fields) | {"steps": tuple(step for step, _ in steps)}
    return Routine(slug, page.src, **values), refs, out.problems


def validate_guide(page: RawPage, vocabs: Vocabularies) -> tuple[GuidePage | None, list[Problem]]:
    out = _File(page.shown)
    slug = _slug_of(page, out)
    fields = _read_fields(page.front, GUIDE_FIELDS, vocabs, out, None)
    _check_body(page, out)
    if has_errors(out.problems) or slug is None:
        return None, out.problems
    return GuidePage(slug, page.src, **_values(GUIDE_FIELDS, fields)), out.problems


def _values(spec: tuple[Field, ...], fields: dict[str, Any]) -> dict[str, Any]:
    """A valid page's values by key, with an empty value for each optional key left out."""
    return {f.name: fields.get(f.name, _EMPTY.get(f.type, ())) for f in spec}


_EMPTY = {"line": "", "doi": "", "count": None}


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


def _variations_of(page: RawPage, fields: dict[str, Any], out: _File) -> tuple[Variation, ...]:
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
        variations.append(
            Variation(
                title=title,
                anchor=anchor,
                summary=values["summary"],
                equipment=values["equipment"],
                difficulty=values.get("difficulty", fields.get("difficulty", "")),
                legs=values.get("legs", fields.get("legs", "")),
                dosage=values.get("dosage", fields.get("dosage", ())),
            )
        )
    return tuple(variations)


def _slug_of(page: RawPage, out: _File) -> str | None:
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


def _check_body(page: RawPage, out: _File) -> None:
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


def _read_fields(
    node: Node,
    spec: tuple[Field, ...],
    vocabs: Vocabularies | None,
    out: _File,
    owner: Scalar | None,
) -> dict[str, Any]:
    """Check a mapping against a field list; return converted values by key.

    List fields of exercise slugs also store their references under '@key'.
    """
    where = owner or node
    if not isinstance(node, Map):
        out.add(
            where,
            "wrong-type",
            key=owner.text if owner else "front matter",
            expected="a mapping",
            found=kind_of(node),
            example="write one 'key: value' per line",
        )
        return {}
    by_name = {f.name: f for f in spec}
    values: dict[str, Any] = {}
    present = {k.text for k, _ in node.entries}
    for key, value in node.entries:
        f = by_name.get(key.text)
        if f is None and key.text in THEME_KEYS:
            out.add(key, "theme-key", key=key.text)
            continue
        if f is None:
            close = closest(key.text, tuple(by_name))
            hint = f"did you mean '{close}'?" if close else "allowed keys: " + ", ".join(by_name)
            out.add(key, "unknown-key", key=key.text, suggestion=hint)
            if close:
                present.add(close)  # a misspelt key is not reported missing as well
            continue
        if isinstance(value, Scalar) and value.is_null:
            out.add(value, "empty-value", key=f.name, doc=_short(f.doc))
            continue
        converted = _CONVERTERS[f.type](f, value, vocabs, out)
        if converted is not None:
            values[f.name] = converted
    for f in spec:
        if f.required and f.name not in present:
            out.add(where, "missing-key", key=f.name, doc=_short(f.doc))
    return values


def _short(doc: str) -> str:
    """The first clause of a field's doc, lower-cased, for hints."""
    first = re.split(r"[.:;]", doc, maxsplit=1)[0]
    return first[:1].lower() + first[1:]


def _wrong(f: Field, node: Node, out: _File, expected: str) -> None:
    out.add(
        node,
        "wrong-type",
        key=f.name,
        expected=expected,
        found=kind_of(node),
        example=f"for example: {f.name}: {f.example}",
    )


def _line(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> str | None:
    if not isinstance(node, Scalar):
        _wrong(f, node, out, "a line of text")
        return None
    text = " ".join(node.text.split())
    if not text:  # '' or '   ': an empty heading or row, published without a word
        out.add(node, "empty-value", key=f.name, doc=_short(f.doc) if f.doc else "some text")
        return None
    reason = fix = ""
    if CONTROL_CHARACTERS.search(node.text):
        reason, fix = "contains control or direction-changing characters", "retype the text"
    elif MARKUP.search(text):
        reason, fix = "contains HTML", "front-matter text is plain; write it without tags"
    elif _SEVERAL_LINES.search(node.text):
        reason, fix = "runs over several lines", "write it on one line"
    elif f.max_length and len(text) > f.max_length:
        reason, fix = f"is {len(text)} characters long", f"keep it under {f.max_length}"
    elif f.type == "doi" and not _DOI.match(text):
        reason, fix = "is not a DOI", "write it as 10.<number>/<suffix>, without https://doi.org/"
    if reason:
        out.add(node, "bad-text", key=f.name, reason=reason, fix=fix)
        return None
    return text


def _items(f: Field, node: Node, out: _File) -> list[Scalar] | None:
    if isinstance(node, Scalar):
        out.add(
            node,
            "wrong-type",
            key=f.name,
            expected="a list",
            found=kind_of(node),
            example=f"write it in brackets: {f.name}: [{node.text}]",
        )
        return None
    if not isinstance(node, Seq):
        _wrong(f, node, out, "a list")
        return None
    if len(node.items) < f.min_items:
        out.add(node, "empty-value", key=f.name, doc=_short(f.doc))
        return None
    items: list[Scalar] = []
    for item in node.items:
        if isinstance(item, Scalar) and not item.is_null:
            items.append(item)
        else:
            _wrong(f, item, out, "a list of single values")
    return items


def _lines(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> tuple[str, ...] | None:
    items = _items(f, node, out)
    if items is None:
        return None
    texts = [_line(f, item, vocabs, out) for item in items]
    return tuple(t for t in texts if t is not None)


def _term(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> str | None:
    if not isinstance(node, Scalar):
        _wrong(f, node, out, "a single value")
        return None
    return _known(f, node, vocabs, out)


def _known(f: Field, node: Scalar, vocabs: Vocabularies | None, out: _File) -> str | None:
    assert vocabs is not None
    vocabulary = f.vocabulary or "muscles"
    if vocabs.knows(vocabulary, node.text):
        return node.text
    choices = vocabs.choices(vocabulary) or ()
    label = "muscle" if vocabulary == "muscles" else vocabs.by_name[vocabulary].label
    where = vocabs.files.get(vocabulary, f"content/_data/{vocabulary}.yml")
    if vocabulary == "muscles":
        where = "the pages in content/muscles/"
    listing = ", ".join(choices) if len(choices) <= 12 else f"see {where}"
    fallback = f"allowed: {listing}" if choices else f"none are defined yet; add one to {where}"
    if choices and vocabulary != "muscles" and len(choices) <= 12:
        fallback += f" (new terms go in {where})"
    if choices and len(choices) > 12:
        fallback = f"not a term of {where}; add it there, or use one of its terms"
    out.add(
        node,
        "unknown-term",
        vocabulary=label,
        value=node.text,
        suggestion=did_you_mean(node.text, choices, fallback, vocabs.aliases(vocabulary)),
    )
    return None


def _terms(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> tuple[str, ...] | None:
    items = _items(f, node, out)
    if items is None:
        return None
    seen: list[str] = []
    for item in items:
        slug = _known(f, item, vocabs, out)
        if slug in seen:
            out.add(item, "repeated-term", value=slug, key=f.name)
        elif slug is not None:
            seen.append(slug)
    return tuple(seen)


def _equipment(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[str, ...] | None:
    if isinstance(node, Scalar) and node.text == NO_EQUIPMENT:
        return ()
    if isinstance(node, Seq):
        nones = [i for i in node.items if isinstance(i, Scalar) and i.text == NO_EQUIPMENT]
        if nones and len(node.items) > 1:
            out.add(nones[0], "none-with-kit")
            return None
        if nones:
            return ()
    return _terms(f, node, vocabs, out)


def _exercises(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[str, ...] | None:
    items = _items(f, node, out)
    if items is None:
        return None
    slugs: list[str] = []
    for item in items:
        if item.text in slugs:
            out.add(item, "repeated-term", value=item.text, key=f.name)
        else:
            slugs.append(item.text)
    return tuple(slugs)


def _span(
    key: str, node: Node, out: _File, text: str | None = None, most: int = MAX_COUNT
) -> Span | None:
    if not isinstance(node, Scalar):
        out.add(
            node,
            "wrong-type",
            key=key,
            expected="a number or range",
            found=kind_of(node),
            example=f"for example: {key}: 8-10",
        )
        return None
    raw = (text if text is not None else node.text).strip()
    match = _NUMBER.match(raw)
    fix = "write a whole number such as 8 or a range such as 8-10"
    if ":" in raw:
        fix = "write time in seconds under 'seconds', e.g. 90, or in minutes under 'minutes'"
    if not match:
        out.add(node, "bad-number", key=key, value=raw, fix=fix)
        return None
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if any(g and len(g) > 1 and g.startswith("0") for g in match.groups()):
        out.add(node, "bad-number", key=key, value=raw, fix=f"drop the leading zero: {low}")
        return None
    if not 1 <= low <= high <= most:
        out.add(
            node,
            "bad-number",
            key=key,
            value=raw,
            fix=f"use numbers from 1 to {most:,}, the smaller first",
        )
        return None
    return Span(low, high)


def _dose(f: Field, node: Node, out: _File) -> Dose | None:
    if not isinstance(node, Map):
        _wrong(f, node, out, "a mapping such as {sets: 3, reps: 8-10}")
        return None
    values: dict[str, Any] = {}
    before = len(out.problems)
    for key, value in node.entries:
        if key.text not in DOSE_KEYS:
            hint = did_you_mean(key.text, DOSE_KEYS, "allowed keys: " + ", ".join(DOSE_KEYS))
            out.add(key, "unknown-key", key=key.text, suggestion=hint)
        elif isinstance(value, Scalar) and value.is_null:
            out.add(value, "empty-value", key=key.text, doc="or remove the key")
        elif (spec := _DOSE[key.text]).type == "flag":
            flag = value.text.lower() if isinstance(value, Scalar) else ""
            if flag not in FLAGS:
                _wrong(spec, value, out, "true or false")
            values[spec.name] = FLAGS.get(flag, False)
        elif spec.type == "line":
            values[spec.name] = _line(spec, value, None, out)
        elif spec.type == "distance":
            raw = value.text.strip() if isinstance(value, Scalar) else ""
            match = _DISTANCE.match(raw)
            if isinstance(value, Scalar) and not match:
                out.add(
                    value,
                    "bad-dosage",
                    reason=f"distance '{raw}' has no unit",
                    fix="write the unit after the number: " + ", ".join(DISTANCE_UNITS),
                )
                values["distance"] = None
            else:
                unit = match.group(2) if match else ""
                most = DISTANCE_UNITS[unit][1] if unit else MAX_COUNT
                values["distance"] = _span(
                    "distance", value, out, match.group(1) if match else None, most
                )
                values["unit"] = unit
        else:
            values[key.text] = _span(key.text, value, out, most=spec.most)
    if len(out.problems) > before:
        return None
    amounts = [k for k in DOSE_AMOUNTS if k in values]
    if len(amounts) != 1:
        choices = ", ".join(DOSE_AMOUNTS[:-1]) + f" or {DOSE_AMOUNTS[-1]}"
        reason = "gives both " + " and ".join(amounts) if amounts else f"gives none of {choices}"
        out.add(node, "bad-dosage", reason=reason, fix=f"give exactly one of {choices}")
        return None
    if any(values.get(k) is None for k in values if k not in ("per_side", "unit")):
        return None
    return Dose(
        sets=values.get("sets"),
        reps=values.get("reps"),
        seconds=values.get("seconds"),
        minutes=values.get("minutes"),
        distance=values.get("distance"),
        unit=values.get("unit", ""),
        per_side=values.get("per_side", False),
        label=values.get("label") or "",
    )


def _dosage(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[Dose, ...] | None:
    nodes = node.items if isinstance(node, Seq) else (node,)
    if not nodes:
        out.add(node, "empty-value", key=f.name, doc=_short(f.doc))
        return None
    doses = [_dose(f, n, out) for n in nodes]
    if any(d is None for d in doses):
        return None
    return tuple(d for d in doses if d is not None)


def _heads(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[Head, ...] | None:
    if not isinstance(node, Seq):
        _wrong(f, node, out, "a list")
        return None
    heads = []
    for item in node.items:
        fields = _read_fields(item, HEAD_FIELDS, vocabs, out, None)
        if len(fields) == len(HEAD_FIELDS):
            heads.append(Head(**fields))
    return tuple(heads) if len(heads) == len(node.items) else None


def _variations(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[tuple[dict[str, Any], Node], ...] | None:
    """Each variation's checked fields, with its title node (or the item) for messages."""
    if not isinstance(node, Seq):
        _wrong(f, node, out, "a list")
        return None
    found = []
    for item in node.items:
        before = len(out.problems)
        values = _read_fields(item, VARIATION_FIELDS, vocabs, out, None)
        if len(out.problems) == before:
            title_node = item.get("title") if isinstance(item, Map) else None
            found.append((values, title_node or item))
    return tuple(found)


def _year(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> int | None:
    text = node.text.strip() if isinstance(node, Scalar) else ""
    if not (len(text) == 4 and text.isdigit() and YEARS[0] <= int(text) <= YEARS[1]):
        out.add(node, "not-a-count", key=f.name, value=text, example=f.example)
        return None
    return int(text)


def _count(f: Field, node: Node, vocabs: Vocabularies | None, out: _File) -> int | None:
    if isinstance(node, Scalar) and not node.text.strip().isdigit():
        out.add(node, "not-a-count", key=f.name, value=node.text.strip(), example=f.example)
        return None
    span = _span(f.name, node, out)
    return span.low if span else None


def _steps(
    f: Field, node: Node, vocabs: Vocabularies | None, out: _File
) -> tuple[tuple[Step, Scalar], ...] | None:
    """Routine steps, each with the node of its exercise slug."""
    items = node.items if isinstance(node, Seq) else None
    if not items:
        if items is None:
            _wrong(f, node, out, "a list")
        else:
            out.add(node, "empty-value", key=f.name, doc=_short(f.doc))
        return None
    steps: list[tuple[Step, Scalar]] = []
    block = ""
    for item in items:
        if not isinstance(item, Map):
            _wrong(f, item, out, "a list of mappings such as {exercise: glute-bridge, reps: 10}")
            continue
        before = len(out.problems)
        dose_entries = []
        exercise: Scalar | None = None
        note = ""
        for key, value in item.entries:
            if key.text not in STEP_KEYS:
                hint = did_you_mean(key.text, STEP_KEYS, "allowed keys: " + ", ".join(STEP_KEYS))
                out.add(key, "unknown-key", key=key.text, suggestion=hint)
            elif key.text == "exercise":
                if isinstance(value, Scalar) and not value.is_null:
                    exercise = value
                else:
                    _wrong(_STEP["exercise"], value, out, "a slug")
            elif key.text in ("block", "note"):
                text = _line(_STEP[key.text], value, vocabs, out)
                if key.text == "block" and text is not None:
                    block = text
                elif text is not None:
                    note = text
            else:
                dose_entries.append((key, value))
        if exercise is None and len(out.problems) == before:
            out.add(item, "missing-key", key="exercise", doc=_short(_STEP["exercise"].doc))
        dose = _dose(f, Map(tuple(dose_entries), item.line, item.col), out)
        if exercise is not None and dose is not None and len(out.problems) == before:
            steps.append((Step(exercise.text, dose, note, block), exercise))
    return tuple(steps) if len(steps) == len(items) else None


_CONVERTERS = {
    "pose": lambda f, node, vocabs, out: (
        node
    ),  # read by builder.pose.parse once variations are known
    "line": _line,
    "doi": _line,
    "lines": _lines,
    "term": _term,
    "terms": _terms,
    "muscles": _terms,
    "equipment": _equipment,
    "exercises": _exercises,
    "dosage": _dosage,
    "heads": _heads,
    "variations": _variations,
    "count": _count,
    "year": _year,
    "steps": _steps,
}


_NOT_WORD = re.compile(r"[^\w\s]|_")


def title_key(title: str) -> str:
    """A title with case, punctuation and plural endings taken away: 'Romanian Deadlifts!'
    and 'romanian deadlift' give the same key."""
    words = _NOT_WORD.sub(" ", title.casefold()).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def check_titles(pages: list[RawPage]) -> list[Problem]:
    """A warning for each page whose title differs from an earlier page's of the same
    section only in case, punctuation or plural: readers cannot tell them apart."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], tuple[RawPage, str]] = {}
    for page in sorted(pages, key=lambda p: p.src):
        node = page.front.get("title")
        if not isinstance(node, Scalar) or not node.text.strip():
            continue
        key = (page.src.split("/", 1)[0], title_key(node.text))
        if key not in first:
            first[key] = (page, node.text)
            continue
        other, other_title = first[key]
        problems.append(
            problem(
                page.shown,
                node.line,
                node.col,
                "same-title" if node.text.strip() == other_title.strip() else "similar-title",
                title=node.text,
                other=other_title,
                where=other.shown,
            )
        )
    return problems


def check_references(
    exercises: dict[str, Exercise], refs: dict[str, list[Ref]], shown: dict[str, str]
) -> list[Problem]:
    """Cross-file checks on exercise slugs: unknown, self, both sides of a ladder, cycles.

    ``shown`` has every exercise file, valid or not: naming an invalid page is not
    reported again here, since that page has its own errors.
    """
    problems: list[Problem] = []
    slugs = tuple(sorted(shown))
    for slug in sorted(refs):
        sides: dict[str, str] = {}
        for ref in refs[slug]:
            where = (shown[slug], ref.line, ref.col)
            if ref.slug == slug:
                problems.append(problem(*where, "self-link", key=ref.key, value=ref.slug))
            elif ref.slug not in shown:
                problems.append(_unknown_slug(shown[slug], ref, slugs))
            elif ref.key != "related" and sides.setdefault(ref.slug, ref.key) != ref.key:
                problems.append(problem(*where, "ladder-conflict", value=ref.slug))
    if not any(p.code == "ladder-conflict" for p in problems):
        problems.extend(_cycles(exercises, refs, shown))
    return problems


def check_steps(refs: list[Ref], shown: dict[str, str], routine_shown: str) -> list[Problem]:
    """A routine's steps must name existing exercises."""
    slugs = tuple(sorted(shown))
    return [_unknown_slug(routine_shown, ref, slugs) for ref in refs if ref.slug not in shown]


def _unknown_slug(path: str, ref: Ref, slugs: tuple[str, ...]) -> Problem:
    hint = did_you_mean(ref.slug, slugs, "check the file name in exercises/")
    return problem(
        path, ref.line, ref.col, "unknown-slug", key=ref.key, value=ref.slug, suggestion=hint
    )


def harder_edges(exercises: dict[str, Exercise]) -> dict[str, set[str]]:
    """Exercise -> exercises declared harder, from both pages' declarations."""
    edges: dict[str, set[str]] = {slug: set() for slug in exercises}
    for slug, ex in exercises.items():
        for harder in ex.progressions:
            if harder in exercises and harder != slug:
                edges[slug].add(harder)
        for easier in ex.regressions:
            if easier in exercises and easier != slug:
                edges[easier].add(slug)
    return edges


def _cycles(
    exercises: dict[str, Exercise], refs: dict[str, list[Ref]], shown: dict[str, str]
) -> list[Problem]:
    edges = harder_edges(exercises)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()

    def visit(slug: str, path: list[str]) -> None:
        state[slug] = 1
        path.append(slug)
        for nxt in sorted(edges[slug]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    problems.append(_cycle_problem(cycle, refs, shown))
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[slug] = 2

    for slug in sorted(edges):
        if slug not in state:
            visit(slug, [])
    return problems


def _cycle_problem(cycle: list[str], refs: dict[str, list[Ref]], shown: dict[str, str]) -> Problem:
    start = min(cycle)
    i = cycle.index(start)
    ordered = cycle[i:] + cycle[:i]
    nxt, prev = ordered[1 % len(ordered)], ordered[-1]
    ref = next(
        (r for r in refs.get(start, []) if r.key == "progressions" and r.slug == nxt),
        next((r for r in refs.get(start, []) if r.slug in (nxt, prev)), None),
    )
    line, col = (ref.line, ref.col) if ref else (0, 0)
    text = " → ".join([*ordered, start])
    return problem(shown[start], line, col, "progression-cycle", cycle=text)
