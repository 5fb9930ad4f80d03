"""Readers of one field's value (a line of text, a list, a vocabulary term), and the report
of one file's problems that every reader writes to."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from builder.model import schema
from builder.model.entities import Vocabulary
from builder.model.problems import Problem, did_you_mean, fold, problem
from builder.model.schema import (
    NO_EQUIPMENT,
    NO_EQUIPMENT_ALIASES,
    SOURCE_VOCABULARIES,
    YEARS,
    Field,
)
from builder.model.yamltree import Node, Scalar, Seq, kind_of

SLUG = re.compile(schema.SLUG)
MARKUP = re.compile(schema.MARKUP)
CONTROL_CHARACTERS = re.compile(schema.CONTROL)
_SEVERAL_LINES = re.compile(schema.SEVERAL_LINES)
_DOI = re.compile(schema.DOI)


@dataclass
class FileReport:
    """Problems collected for one file."""

    shown: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, at: Node | tuple[int, int], code: str, **fields: Any) -> None:
        line, col = (at.line, at.col) if not isinstance(at, tuple) else at
        self.problems.append(problem(self.shown, line, col, code, **fields))

    def wrong(self, node: Node, key: str, expected: str, example: str) -> None:
        self.add(
            node, "wrong-type", key=key, expected=expected, found=kind_of(node), example=example
        )

    def wrong_value(self, f: Field, node: Node, expected: str) -> None:
        self.wrong(node, f.name, expected, f"for example: {f.name}: {f.example}")

    def empty(self, f: Field, node: Node) -> None:
        self.add(node, "empty-value", key=f.name, doc=short(f.doc))

    def unknown_key(self, key: Scalar, allowed: tuple[str, ...]) -> None:
        hint = did_you_mean(key.text, allowed, "allowed keys: " + ", ".join(allowed))
        self.add(key, "unknown-key", key=key.text, suggestion=hint)


def short(doc: str) -> str:
    """The first clause of a field's doc, lower-cased, for hints."""
    first = re.split(r"[.:;]", doc, maxsplit=1)[0]
    return first[:1].lower() + first[1:]


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


def read_line(f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport) -> str | None:
    if not isinstance(node, Scalar):
        out.wrong_value(f, node, "a line of text")
        return None
    text = " ".join(node.text.split())
    if not text:  # '' or '   ': an empty heading or row, published without a word
        out.add(node, "empty-value", key=f.name, doc=short(f.doc) if f.doc else "some text")
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


def _items(f: Field, node: Node, out: FileReport) -> list[Scalar] | None:
    if isinstance(node, Scalar):
        out.wrong(node, f.name, "a list", f"write it in brackets: {f.name}: [{node.text}]")
        return None
    if not isinstance(node, Seq):
        out.wrong_value(f, node, "a list")
        return None
    if len(node.items) < f.min_items:
        out.empty(f, node)
        return None
    items: list[Scalar] = []
    for item in node.items:
        if isinstance(item, Scalar) and not item.is_null:
            items.append(item)
        else:
            out.wrong_value(f, item, "a list of single values")
    return items


def read_lines(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[str, ...] | None:
    items = _items(f, node, out)
    if items is None:
        return None
    return tuple(t for item in items if (t := read_line(f, item, vocabs, out)) is not None)


def read_term(f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport) -> str | None:
    if not isinstance(node, Scalar):
        out.wrong_value(f, node, "a single value")
        return None
    return _known(f, node, vocabs, out)


def _known(f: Field, node: Scalar, vocabs: Vocabularies | None, out: FileReport) -> str | None:
    assert vocabs is not None
    vocabulary = f.vocabulary or "muscles"
    if vocabs.knows(vocabulary, node.text):
        return node.text
    choices = vocabs.choices(vocabulary) or ()
    label = "muscle" if vocabulary == "muscles" else vocabs.by_name[vocabulary].label
    where = vocabs.files.get(vocabulary, f"content/_data/{vocabulary}.yml")
    if vocabulary == "muscles":
        where = "the pages in content/muscles/"
    fallback = f"none are defined yet; add one to {where}"
    if len(choices) > 12:
        fallback = f"not a term of {where}; add it there, or use one of its terms"
    elif choices:
        new_terms = f" (new terms go in {where})" if vocabulary != "muscles" else ""
        fallback = "allowed: " + ", ".join(choices) + new_terms
    hint = did_you_mean(node.text, choices, fallback, vocabs.aliases(vocabulary))
    out.add(node, "unknown-term", vocabulary=label, value=node.text, suggestion=hint)
    return None


def read_terms(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[str, ...] | None:
    return _unique(f, node, out, lambda item: _known(f, item, vocabs, out))


def read_exercises(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
) -> tuple[str, ...] | None:
    return _unique(f, node, out, lambda item: item.text)


def _unique(
    f: Field, node: Node, out: FileReport, read: Callable[[Scalar], str | None]
) -> tuple[str, ...] | None:
    """A list's items, each read by read (None when wrong), each repeat reported."""
    items = _items(f, node, out)
    if items is None:
        return None
    seen: list[str] = []
    for item in items:
        slug = read(item)
        if slug in seen:
            out.add(item, "repeated-term", value=slug, key=f.name)
        elif slug is not None:
            seen.append(slug)
    return tuple(seen)


def read_equipment(
    f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport
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
    return read_terms(f, node, vocabs, out)


def read_year(f: Field, node: Node, vocabs: Vocabularies | None, out: FileReport) -> int | None:
    text = node.text.strip() if isinstance(node, Scalar) else ""
    if not (len(text) == 4 and text.isdigit() and YEARS[0] <= int(text) <= YEARS[1]):
        out.add(node, "not-a-count", key=f.name, value=text, example=f.example)
        return None
    return int(text)
