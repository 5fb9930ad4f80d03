"""`python -m builder new <slug>`: a new exercise page that passes `check` as written.

Key fields come from options or, at a terminal, from questions; any left unanswered get
the first term of their vocabulary and a '# TODO' comment, which `check` reports as a
warning until someone replaces it. Existing files are never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.model import routes
from builder.model.page_fields import EXERCISE_FIELDS
from builder.model.problems import did_you_mean
from builder.model.schema import NO_EQUIPMENT, VOCABULARIES
from builder.stages.load import load_data
from builder.stages.policy.tree import portability
from builder.stages.templating import environment
from builder.stages.validate.pages import validate_vocabulary
from builder.stages.validate.values import SLUG

Ask = Callable[[str], str]

ASKED = (
    "title",
    "summary",
    "kind",
    "primary_muscles",
    "equipment",
    "goals",
    "difficulty",
    "pattern",
    "emphasis",
    "legs",
)
"""The fields `new` asks for or takes as options, in the order of the front matter."""
LISTS = ("primary_muscles", "equipment", "goals")


class ScaffoldError(Exception):
    """Why no page was written; the message is one line for the user."""


@dataclass(frozen=True)
class Answer:
    """One front-matter value for the new page."""

    yaml: str
    """The value as YAML text."""
    todo: str = ""
    """What to check, when the value is a placeholder; written as a '# TODO' comment."""


def choices(content: Path) -> dict[str, tuple[str, ...]]:
    """Allowed values of each asked field: vocabulary terms, and muscle page slugs."""
    terms: dict[str, tuple[str, ...]] = {}
    for spec in VOCABULARIES:
        path = content / routes.DATA_DIR / f"{spec.name}.yml"
        raw, _ = load_data(path, str(path))
        terms[spec.name] = validate_vocabulary(raw, spec)[0].slugs if raw else ()
    muscles = tuple(sorted(p.stem for p in (content / routes.MUSCLES).glob("*.md")))
    by_field = {f.name: terms.get(f.vocabulary, ()) for f in EXERCISE_FIELDS if f.vocabulary}
    by_field["primary_muscles"] = tuple(m for m in muscles if m != "index")
    by_field["equipment"] = (NO_EQUIPMENT, *terms["equipment"])
    return by_field


def answers(
    slug: str, given: dict[str, str | None], allowed: dict[str, tuple[str, ...]], ask: Ask | None
) -> dict[str, Answer]:
    """Every asked field's value: given, answered, or a placeholder marked TODO."""
    result: dict[str, Answer] = {}
    for name in ASKED:
        value = given.get(name)
        options = allowed.get(name, ())
        if value is None and ask is not None:
            shown = f" ({', '.join(options)})" if options else ""
            value = ask(f"{name}{shown}: ").strip() or None
        result[name] = _answer(slug, name, value, options)
    return result


def _answer(slug: str, name: str, value: str | None, options: tuple[str, ...]) -> Answer:
    if name in ("title", "summary") and value is not None:
        return Answer(_quote(value))
    if name == "title":
        return Answer(_quote(slug.replace("-", " ").capitalize()), "check the name")
    if name == "summary":
        return Answer(_quote("TODO: one sentence, what it is and why a runner does it."))
    if value is None:
        if not options:
            raise ScaffoldError(f"no {name} is defined yet; add one before creating exercises")
        first = options[0]
        return Answer(f"[{first}]" if name in LISTS else first, "one of: " + ", ".join(options))
    values = [v.strip() for v in value.split(",") if v.strip()]
    for v in values:
        if v not in options:
            hint = did_you_mean(v, options, "allowed: " + ", ".join(options))
            raise ScaffoldError(f"unknown {name} '{v}'. hint: {hint}")
    if name in LISTS:
        return Answer(values[0] if values == [NO_EQUIPMENT] else f"[{', '.join(values)}]")
    if len(values) != 1:
        raise ScaffoldError(f"'{name}' takes one value, but received {value!r}")
    return Answer(values[0])


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: no value the user types is read as YAML syntax."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_page(slug: str, fields: dict[str, Answer], allowed: dict[str, tuple[str, ...]]) -> str:
    sources = allowed.get("sources", ())
    if not sources:
        raise ScaffoldError("no source is defined yet; add one to content/_data/sources.yml")
    template = environment(()).get_template("new_exercise.md.j2")
    return template.render(slug=slug, fields=fields, sources=sources)


def create(content: Path, slug: str, given: dict[str, str | None], ask: Ask | None = None) -> Path:
    """Write content/exercises/<slug>.md, refusing bad slugs and existing files."""
    if not SLUG.match(slug):
        raise ScaffoldError(
            f"'{slug}' is not a valid slug. hint: use lower-case letters, digits and single "
            "hyphens, e.g. 'single-leg-bridge'"
        )
    unportable = portability(f"{slug}.md")
    if unportable is not None:
        raise ScaffoldError(f"the name '{slug}.md' {unportable[0]}. hint: {unportable[1]}")
    if slug in ("index", "readme"):
        raise ScaffoldError(
            f"'{slug}' is the exercises hub's file, not an exercise. hint: choose the "
            "exercise's own name, e.g. 'single-leg-bridge'"
        )
    folder = content / routes.EXERCISES
    target = folder / f"{slug}.md"
    taken = {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()
    if target.name.lower() in taken or os.path.lexists(target):
        raise ScaffoldError(f"{target} already exists; refusing to overwrite it")
    allowed = choices(content)
    text = render_page(slug, answers(slug, given, allowed, ask), allowed)
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # 'x': never replace a file
        out.write(text)
    return target
