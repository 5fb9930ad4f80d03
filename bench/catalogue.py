"""Synthetic catalogues: the real guide grown to N exercises, for the benchmark.

The project is copied (mkdocs.yml, overrides/, content/) so the nav, the vocabularies and
the real pages stay as they are; synthetic exercise and muscle pages are added next to the
real ones. Front matter is written from the schema (every field of the exercise and muscle
schemas, every term of every vocabulary used), with progression ladders, related links,
cautions, aliases and about 300 words of body. The same seed gives the same tree.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.model import routes
from builder.model.page_fields import EXERCISE_FIELDS, MUSCLE_FIELDS
from builder.model.schema import NO_EQUIPMENT, VOCABULARIES, Field
from builder.stages.load import load_data
from builder.stages.validate.pages import validate_vocabulary

_WORDS = [
    "hamstring",
    "hip",
    "knee",
    "stride",
    "runner",
    "tendon",
    "load",
    "tempo",
    "heel",
    "glute",
    "pelvis",
    "thigh",
    "control",
    "lengthen",
    "brace",
    "hinge",
    "curl",
    "bridge",
    "hold",
    "breath",
    "spine",
    "floor",
    "band",
    "ball",
    "weight",
    "balance",
    "steady",
    "slow",
    "smooth",
    "strong",
    "length",
    "tension",
    "landing",
    "swing",
    "push",
    "drive",
    "recover",
    "rest",
    "set",
    "rep",
    "side",
    "leg",
    "foot",
    "ankle",
    "core",
    "trunk",
    "posture",
    "range",
    "stretch",
    "warm",
    "easy",
    "hard",
    "build",
    "week",
]
_VERBS = [
    "keeps",
    "loads",
    "trains",
    "steadies",
    "lengthens",
    "strengthens",
    "prepares",
    "protects",
    "guides",
    "teaches",
]
_ADJECTIVES = [
    "banded",
    "seated",
    "standing",
    "lying",
    "kneeling",
    "elevated",
    "tempo",
    "paused",
    "split",
    "staggered",
    "reverse",
    "supported",
    "offset",
    "long",
    "short",
    "slow",
    "isometric",
    "eccentric",
    "light",
    "heavy",
]
_MOVES = [
    "curl",
    "bridge",
    "hinge",
    "reach",
    "fold",
    "swing",
    "hold",
    "lift",
    "kick",
    "march",
    "raise",
    "slide",
]
_GROUP_MUSCLES = ("vastus", "rectus", "obliquus", "gluteus", "adductor", "popliteus")


@dataclass(frozen=True)
class Catalogue:
    """A generated project on disk."""

    root: Path
    """The project directory (holds mkdocs.yml)."""
    exercises: int
    """Exercise pages in it, real and synthetic."""
    muscles: int
    """Muscle pages in it, real and synthetic."""

    @property
    def content(self) -> Path:
        return self.root / "content"


def vocabulary_slugs(content: Path) -> dict[str, list[str]]:
    """Each vocabulary's term slugs, read with the builder's own loader and validator."""
    slugs: dict[str, list[str]] = {}
    for spec in VOCABULARIES:
        path = content / routes.DATA_DIR / f"{spec.name}.yml"
        raw, problems = load_data(path, str(path))
        if raw is None:
            raise ValueError(f"{path}: cannot read the vocabulary: {problems}")
        vocabulary, problems = validate_vocabulary(raw, spec)
        if not vocabulary.terms:
            raise ValueError(f"{path}: the vocabulary has no terms: {problems}")
        slugs[spec.name] = list(vocabulary.slugs)
    return slugs


def make(source: Path, target: Path, exercises: int, seed: int = 7) -> Catalogue:
    """Copy the project at `source` to `target` and grow it to `exercises` exercise pages."""
    content = target / "content"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).exists():
            shutil.copy2(source / name, target / name)
    shutil.copytree(source / "content", content)
    vocab = vocabulary_slugs(content)
    real_ex = _stems(content / routes.EXERCISES)
    real_muscles = _stems(content / routes.MUSCLES)
    synthetic = exercises - len(real_ex)
    if synthetic < 0:
        raise ValueError(f"the guide already has {len(real_ex)} exercises, over {exercises}")
    rng = random.Random(seed)
    count = max(len(vocab["muscle-groups"]), exercises // 100)  # every group, then more
    if synthetic < len(real_muscles) + count:  # each muscle must be some exercise's primary
        raise ValueError(f"grow the guide to at least {len(real_ex) + len(real_muscles) + count}")
    muscles = _write_muscles(content, vocab, count, rng)
    _write_exercises(content, vocab, real_ex, [*real_muscles, *muscles], synthetic, rng)
    return Catalogue(target, exercises, len(real_muscles) + len(muscles))


def _stems(directory: Path) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.md") if p.stem != "index")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


class _Unknown(Exception):
    """A schema field type the generator cannot write."""


def _write_muscles(
    content: Path, vocab: dict[str, list[str]], count: int, rng: random.Random
) -> list[str]:
    """Synthetic muscle pages, spread over every muscle group."""
    slugs = []
    groups = vocab["muscle-groups"]
    for i in range(count):
        slug = f"bench-muscle-{i:04d}"
        name = f"{rng.choice(_GROUP_MUSCLES).title()} {i}"

        def value(f: Field, i: int = i, name: str = name) -> str | None:
            if f.type == "line":
                texts = {"title": name, "latin": f"musculus {name.lower()}"}
                return _quote(texts.get(f.name) or _sentence(rng, 12))
            if f.type == "term":
                return groups[i % len(groups)]
            if f.type == "terms":
                return _flow(_pick(vocab[f.vocabulary], i, rng, 1, 3))
            if f.type == "lines":
                return _flow([_quote(_sentence(rng, 5)) for _ in range(rng.randint(1, 3))])
            if f.type == "heads":
                return _flow([_head(rng, h) for h in ("Long", "Short")])
            raise _Unknown

        front = _front_matter(MUSCLE_FIELDS, value, rng, optional=0.3)
        body = _body(rng, words=200, links=[])
        (content / routes.page(routes.MUSCLES, slug)).write_text(f"---\n{front}---\n\n{body}")
        slugs.append(slug)
    return slugs


def _head(rng: random.Random, name: str) -> str:
    origin, insertion = _quote(_sentence(rng, 6)), _quote(_sentence(rng, 6))
    return f"{{name: {name} head, origin: {origin}, insertion: {insertion}}}"


def _pick(choices: list[str], i: int, rng: random.Random, low: int, high: int) -> list[str]:
    """Between low and high distinct choices; item i cycles so every choice gets used."""
    first = choices[i % len(choices)]
    rest = rng.sample([c for c in choices if c != first], min(len(choices) - 1, high - 1))
    return [first, *rest[: rng.randint(low, high) - 1]]


_ALWAYS = ("pose", "off_ladder", "progressions", "regressions")


def _front_matter(
    fields: tuple[Field, ...],
    value: Callable[[Field], str | None],
    rng: random.Random,
    optional: float,
) -> str:
    """One line per schema field; optional fields are left out with the given probability."""
    lines = []
    for f in fields:
        if not f.required and f.name not in _ALWAYS and rng.random() < optional:
            continue  # every page is drawn and on a ladder or says why not, as in the guide
        try:
            text = value(f)
        except _Unknown:
            if f.required:
                raise ValueError(
                    f"bench/catalogue.py cannot write the required field '{f.name}' "
                    f"of type '{f.type}': teach it that type"
                ) from None
            continue
        if text is not None:
            lines.append(f"{f.name}: {text}\n")
    return "".join(lines)


def _ladders(slugs: list[str], rng: random.Random) -> list[list[str]]:
    """Consecutive runs of 1 to 5 exercises; a run of one has no easier or harder version."""
    runs, i = [], 0
    while i < len(slugs):
        size = rng.choice((1, 1, 2, 3, 3, 4, 5))
        runs.append(slugs[i : i + size])
        i += size
    return runs


def _write_exercises(
    content: Path,
    vocab: dict[str, list[str]],
    real: list[str],
    muscles: list[str],
    count: int,
    rng: random.Random,
) -> None:
    slugs = [f"bench-{i:05d}-{rng.choice(_ADJECTIVES)}-{rng.choice(_MOVES)}" for i in range(count)]
    titles = {s: " ".join(s.split("-")[2:]).capitalize() + f" {i}" for i, s in enumerate(slugs)}
    ladders = _ladders(slugs, rng)
    place = {s: (run, k) for run in ladders for k, s in enumerate(run)}
    levels = vocab["difficulty"]
    kit = vocab["equipment"]
    poses = _real_poses(content)
    everyone = [*real, *slugs]
    for i, slug in enumerate(slugs):
        run, k = place[slug]
        # Both ways of declaring a rung: "harder is X" on every page but the top, and on every
        # other page also "easier is X" (the same rung declared twice), so none is left off.
        links: dict[str, list[str]] = {
            "progressions": [run[k + 1]] if k + 1 < len(run) else [],
            "regressions": [run[k - 1]] if k > 0 and i % 2 == 0 else [],
            "related": [s for s in rng.sample(everyone, 2) if s != slug and s not in run],
        }
        primary = _pick(muscles, i, rng, 1, 2)
        secondary = [m for m in rng.sample(muscles, 3) if m not in primary][: rng.randint(0, 3)]
        if i % (len(kit) + 3) >= len(kit):
            equipment = NO_EQUIPMENT
        else:
            equipment = _flow(_pick(kit, i, rng, 1, 2))
        # One exercise in five has variations: other kit, sometimes another difficulty.
        variants = [
            (f"{word.capitalize()} version", rng.choice([NO_EQUIPMENT, *kit]), rng.random())
            for word in rng.sample(_ADJECTIVES, rng.choice((0, 0, 0, 0, 1, 2)))
        ]

        def value(
            f: Field,
            i: int = i,
            slug: str = slug,
            k: int = k,
            run: list[str] = run,
            links: dict[str, list[str]] = links,
            primary: list[str] = primary,
            secondary: list[str] = secondary,
            equipment: str = equipment,
            variants: list[tuple[str, str, float]] = variants,
        ) -> str | None:
            if f.name == "off_ladder":  # only a run of one is on no ladder
                return _quote(_sentence(rng, 14)) if len(run) == 1 else None
            if f.type == "line":
                return _quote(titles[slug] if f.name == "title" else _sentence(rng, 14))
            if f.type == "term" and f.vocabulary == "difficulty":
                return levels[min(k * len(levels) // len(run), len(levels) - 1)]
            if f.type == "term":
                terms = vocab[f.vocabulary]
                # a stride prime to the count, so that every term is used (7 terms, stride 7: one)
                stride = next(n for n in (7, 5, 3, 1) if math.gcd(n, len(terms)) == 1)
                return terms[(i * stride + len(f.name)) % len(terms)]
            if f.type == "terms":
                return _flow(_pick(vocab[f.vocabulary], i, rng, 1, 3))
            if f.type == "muscles":
                chosen = primary if f.name == "primary_muscles" else secondary
                return _flow(chosen) if chosen else None
            if f.type == "equipment":
                return equipment
            if f.type == "exercises":
                return _flow(links[f.name]) if links.get(f.name) else None
            if f.type == "lines":
                return _flow([_quote(_sentence(rng, 6)) for _ in range(rng.randint(1, 2))])
            if f.type == "dosage":
                return _dosage(rng)
            if f.type == "variations":
                made = [_variation(t, item, x, levels) for t, item, x in variants]
                return _flow(made) if made else None
            if f.type == "pose":  # a real exercise's frames (their variations inherit them)
                return poses[i % len(poses)] if poses else None
            raise _Unknown

        front = _front_matter(EXERCISE_FIELDS, value, rng, optional=0.25)
        body_links = [
            (
                titles.get(r, r),
                routes.relative(
                    routes.page(routes.EXERCISES, slug), routes.page(routes.EXERCISES, r)
                ),
            )
            for r in links["related"][:1]
        ]
        body_links.append(
            (
                "the muscle",
                routes.relative(
                    routes.page(routes.EXERCISES, slug), routes.page(routes.MUSCLES, primary[0])
                ),
            )
        )
        body = _body(rng, words=300, links=body_links)
        body += "".join(f"\n## {title}\n\n{_sentence(rng, 12)}\n" for title, _, _ in variants)
        (content / routes.page(routes.EXERCISES, slug)).write_text(f"---\n{front}---\n\n{body}")


def _real_poses(content: Path) -> list[str]:
    """The guide's pose blocks as one-line flow mappings, without their variations."""

    def flow(value: object) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(flow(v) for v in value) + "]"
        return str(value)

    found = []
    for page in sorted((content / routes.EXERCISES).glob("*.md")):
        parts = page.read_text("utf-8").split("---\n")
        front = yaml.safe_load(parts[1]) if len(parts) > 2 else None
        if isinstance(front, dict) and isinstance(front.get("pose"), dict):
            found.append(flow({k: v for k, v in front["pose"].items() if k != "variations"}))
    return found


def _variation(title: str, kit: str, x: float, levels: list[str]) -> str:
    equipment = kit if kit == NO_EQUIPMENT else _flow([kit])
    summary = _quote(f"The same movement, {title.lower()}.")
    extra = f", difficulty: {levels[int(x * len(levels))]}" if x < 0.5 else ""
    return f"{{title: {title}, summary: {summary}, equipment: {equipment}{extra}}}"


def _dosage(rng: random.Random) -> str:
    doses = []
    for label in rng.sample(("to start", "as a strength set", ""), rng.randint(1, 2)):
        amount = rng.choice(
            (
                f"reps: {rng.randint(5, 8)}-{rng.randint(9, 15)}",
                f"seconds: {rng.choice((20, 30, 45, 60))}",
                f"distance: {rng.choice(('20 m', '15 yd'))}",
                f"reps: {rng.randint(6, 12)}",
            )
        )
        parts = [f"sets: {rng.randint(1, 4)}", amount]
        if rng.random() < 0.5:
            parts.append("per_side: true")
        if label:
            parts.append(f"label: {label}")
        doses.append("{" + ", ".join(parts) + "}")
    return doses[0] if len(doses) == 1 else _flow(doses)


def _body(rng: random.Random, words: int, links: list[tuple[str, str]]) -> str:
    """About `words` words of Markdown: an intro, numbered steps, coaching points, links."""
    out: list[str] = [" ".join(_sentence(rng, rng.randint(9, 15)) for _ in range(4)), ""]
    out += ["## How to do it", ""]
    out += [f"{n}. {_sentence(rng, rng.randint(8, 14))}" for n in range(1, rng.randint(5, 7))]
    out += ["", "## Coaching points", ""]
    out += [f"- {_sentence(rng, rng.randint(8, 14))}" for _ in range(rng.randint(3, 5))]
    out.append("")
    for text, href in links:
        out.append(f"See also [{text}]({href}): it {rng.choice(_VERBS)} the same {_WORDS[0]}s.")
    written = sum(len(line.split()) for line in out)
    while written < words:
        sentence = _sentence(rng, 12)
        out += ["", sentence]
        written += 12
    return "\n".join(out) + "\n"
