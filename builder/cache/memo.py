"""The render's memo under `mkdocs serve`: pages, heads and feet kept while their inputs are."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from builder.model.entities import Catalogue, Exercise, Muscle
from builder.stages.catalog import Entries
from builder.stages.lookup import Lookup, Rows
from builder.stages.substitutes import Index, Substitute
from builder.stages.templating import TEMPLATE_SUBDIR

MEMOIZED = frozenset(
    (
        "term.md.j2",
        "exercise_head.md.j2",
        "exercise_foot.md.j2",
        "muscle_head.md.j2",
        "muscle_foot.md.j2",
    )
)
"""Templates whose output `mkdocs serve` may reuse: one per term, exercise or muscle, each
reading only its arguments, the catalogue's entries about its subject and what those name."""


class Memo:
    """Pages, heads and feet rendered by earlier builds of a `mkdocs serve` session.

    An entry is reused when its template's inputs are the same as last time: the arguments,
    everything the catalogue holds about the page's subject (its row in every index, the
    objects those rows and the subject's own fields name, its similar exercises), and the
    vocabularies. Unchanged objects are the very same objects from one build to the next
    (the cache keeps them), so comparing keys is mostly comparing identities. Nothing is
    reused when a template was edited or any template is overridden, since an override may
    read anything.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._used: set[tuple[str, str]] = set()
        self._context: Any = None
        self.hits = 0
        """Entries reused by the last build."""
        self.rows: Rows = {}
        """Exercise table rows of the last build (listing.table)."""
        self.substitutes: dict[str, dict[str, tuple[Substitute, ...]]] = {}
        """Exercise -> its substitutes, found by an earlier build."""
        self.stale_substitutes: set[str] = set()
        """Exercises whose substitutes this build must find again."""
        self.unchanged: set[str] = set()
        """Exercises whose pages' inputs this build cannot have changed (see `_unchanged`)."""
        self._deps: dict[str, frozenset[str]] = {}
        """Exercise -> the slugs its pages' inputs named when last worked out (`_unchanged`)."""
        self._finished: Catalogue | None = None
        """The catalogue of the last build that finished."""
        self._starting: Catalogue | None = None
        self._fields: dict[tuple[type, str], tuple[Any, frozenset[str]]] = {}
        self.diagrams: dict[str, tuple[Exercise | Muscle, str]] = {}
        """Page -> (its exercise or muscle, its anatomy diagram), from the last build."""
        self.frames: dict[str, tuple[Exercise, tuple[str, str]]] = {}
        """Exercise page -> (its exercise, its drawn frames, its thumbnail), from the last build."""
        self.exercise_entries: Entries = {}
        """Exercise -> (the exercise, its rows, its entry in catalog.json, encoded)."""
        self._inputs: dict[tuple[tuple[str, int], ...], tuple[dict[str, Any], Any]] = {}
        """This build's inputs of a page's arguments (a page's head and foot share them)."""

    def start(self, catalogue: Catalogue, override_dirs: list[Path]) -> bool:
        """Begin a build; False when nothing may be memoized."""
        overridden = any(
            p.suffix == ".j2" for d in override_dirs for p in (d / TEMPLATE_SUBDIR).glob("*")
        )
        package = Path(__file__).parent.parent / "templates"
        stamps = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in package.glob("*.j2")))
        # The anatomy diagram of every card names and links every drawn muscle.
        context = (stamps, catalogue.vocabularies, tuple(catalogue.muscles.values()))
        if overridden or context != self._context:
            self._entries.clear()
            self.diagrams.clear()
            self.substitutes.clear()
            self.rows.clear()
            self._deps.clear()
        self._context = None if overridden else context
        self._starting = catalogue
        self.stale_substitutes = self._stale_substitutes(catalogue)
        self.unchanged = self._unchanged(catalogue)
        self._used.clear()
        self._inputs.clear()
        self.hits = 0
        return not overridden

    def _stale_substitutes(self, catalogue: Catalogue) -> set[str]:
        """Substitutes are chosen from a pool of similar exercises: found again only for the
        exercises whose pool holds an exercise that changed since the last finished build, as
        it is now or as it was."""
        before = self._finished.exercises if self._finished is not None else {}
        now = catalogue.exercises
        if not self.substitutes:
            return set()
        changed = [ex for slug, ex in now.items() if before.get(slug) is not ex]
        changed += [ex for slug, ex in before.items() if now.get(slug) is not ex]
        if not changed:
            return set()
        index = Index(catalogue)
        return {s for ex in changed for s in index.pool_of(ex)}

    def _unchanged(self, catalogue: Catalogue) -> set[str]:
        """Exercises whose pages' inputs (`_inputs_of`) are the same as when last worked out, seen
        without working them out: the exercise, its index rows and every object its inputs
        named are what they were at the last finished build, and its substitutes need not be
        found again. Its similar exercises are then the same too: they are picked from its
        substitutes' pool (tests/test_incremental.py checks it) by its related and ladder
        rows."""
        before = self._finished
        if before is None or not self._deps:
            return set()
        old, new = Lookup(before), Lookup(catalogue)
        changed = set(_changed(old.tables, new.tables, operator.is_not))  # in any table
        rows = set(_changed(old.indexes, new.indexes, operator.ne))  # in any index
        return {
            slug
            for slug, deps in self._deps.items()
            if slug not in changed
            and slug not in rows
            and slug not in self.stale_substitutes
            and deps.isdisjoint(changed)
        }

    def page(
        self,
        template: str,
        here: str,
        extra: dict[str, Any],
        view: Lookup,
        produce: Callable[[], str],
    ) -> str:
        """produce(), or what it made last time for the same inputs (`MEMOIZED` only)."""
        if template not in MEMOIZED:
            return produce()
        where = (template, here)
        self._used.add(where)
        kept = self._entries.get(where)
        ex = extra.get("ex")
        if kept is not None and ex is not None and ex.slug in self.unchanged:
            self.hits += 1  # an exercise nothing of which changed
            return str(kept[1])
        # A page's head and foot have the same inputs: work them out once. The values are
        # kept alive with their ids, so that no id can be reused during this build.
        key = tuple((k, id(v)) for k, v in sorted(extra.items()))
        if key not in self._inputs:
            self._inputs[key] = (extra, self._inputs_of(view, extra))
        inputs = self._inputs[key][1]
        if kept is not None and kept[0] == inputs:
            self.hits += 1
            return str(kept[1])  # what produce() made for these inputs last time
        output = produce()
        self._entries[where] = (inputs, output)
        return output

    def _fields_of(self, subject: Any) -> frozenset[str]:
        """The strings among a page subject's fields (the slugs it names), kept while it is
        the same object."""
        if subject is None:
            return frozenset()
        key = (type(subject), subject.slug)
        kept = self._fields.get(key)
        if kept is None or kept[0] is not subject:
            kept = self._fields[key] = (subject, frozenset(_strings(vars(subject).values(), set())))
        return kept[1]

    def _inputs_of(self, view: Lookup, extra: dict[str, Any]) -> tuple[Any, ...]:
        """A generated page's inputs, to compare with the previous build's."""
        subject = extra.get("ex") or extra.get("muscle") or extra.get("term")
        slug = getattr(subject, "slug", "")
        rows = tuple((name, index[slug]) for name, index in view.indexes if slug in index)
        named = _strings([row for _, row in rows], set(self._fields_of(subject)))
        computed: tuple[Any, ...] = ()
        if isinstance(subject, Exercise):  # what the templates work out from the whole catalogue
            kept = self.substitutes.get(subject.slug)
            if kept is not None and subject.slug not in self.stale_substitutes:
                view.known_substitutes[subject.slug] = kept
            found = view.substitutes(subject)
            self.substitutes[subject.slug] = found
            named.update(s.slug for subs in found.values() for s in subs)
            similar = tuple(view.similar(subject))
            computed = (similar, tuple(found.items()))
            self._deps[subject.slug] = frozenset(named).union(e.slug for e in similar)
        names = sorted(named)
        objects = tuple(
            (name, s, table[s]) for name, table in view.tables for s in names if s in table
        )
        arguments = tuple(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(extra.items())
        )
        return (arguments, rows, objects, computed)

    def finish(self) -> None:
        """Forget pages this build no longer has."""
        self._inputs.clear()
        self._finished = self._starting
        if self._finished is not None:
            for slug in set(self._deps) - set(self._finished.exercises):
                del self._deps[slug]
        for where in set(self._entries) - self._used:
            del self._entries[where]


def _changed(
    old: list[tuple[str, dict[str, Any]]],
    new: list[tuple[str, dict[str, Any]]],
    differ: Callable[[Any, Any], bool],
) -> Iterator[str]:
    """The keys whose values differ between old and new, in any named dict of either list."""
    before, after = dict(old), dict(new)
    for name in before.keys() | after.keys():
        was, now = before.get(name, {}), after.get(name, {})
        yield from (k for k in was.keys() | now.keys() if differ(was.get(k), now.get(k)))


def _strings(values: Iterable[Any], found: set[str]) -> set[str]:
    """Every string in values and in the tuples among them, at any depth (slugs, anchors),
    added to `found`."""
    for value in values:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple):
            _strings(value, found)
    return found
