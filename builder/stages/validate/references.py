"""What pages say about each other: exercise slugs that must exist, ladders (progressions and
regressions) that must agree and not loop, and titles readers cannot tell apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.model.entities import Exercise
from builder.model.problems import Problem, did_you_mean, problem
from builder.model.yamltree import Scalar
from builder.stages.load import RawPage


@dataclass(frozen=True)
class Ref:
    """A slug written in one exercise's front matter that must name another exercise."""

    key: str
    slug: str
    line: int
    col: int


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
        other, other_title = first.setdefault(key, (page, node.text))
        if other is page:
            continue
        code = "same-title" if node.text.strip() == other_title.strip() else "similar-title"
        at = (page.shown, node.line, node.col)
        problems.append(problem(*at, code, title=node.text, other=other_title, where=other.shown))
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
        edges[slug].update(h for h in ex.progressions if h in exercises and h != slug)
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
