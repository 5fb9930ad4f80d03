"""The front matter, declared once: the check (stages/validate/), the JSON Schemas for editors
(jsonschema.py) and the reference page all read these fields, patterns and limits. Here: what
a field is, the patterns and limits, the vocabularies, and the keys of vocabulary terms and of
a page's parts (doses, steps, heads, citations); each kind of page's keys are in page_fields.py.

Patterns are written so that Python's re (the check) and ECMA-262 (JSON Schema) read them
the same way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter key."""

    name: str
    """The key as written in front matter."""
    type: str
    """One of: line, lines, doi, count, year, term, terms, muscles, equipment, exercises,
    dosage, heads, variations, steps, pose; inside a dose or step: amount (a whole number or a
    range), distance, flag (true or false), exercise (one exercise slug)."""
    required: bool
    """Whether the key must be present."""
    doc: str
    """What the key means, for contributors."""
    example: str
    """A valid YAML value."""
    vocabulary: str = ""
    """For term and terms fields: the data file the values come from."""
    min_items: int = 0
    """For list fields: how many items at least."""
    max_length: int = 0
    """For line fields: the longest allowed text; 0 for no limit."""
    most: int = 0
    """For amount fields: the largest number allowed (the smallest is 1)."""


def by_name(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}


SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""A slug: words of lower-case letters and digits joined by single hyphens."""
MARKUP = r"<\s*[A-Za-z/!?]"
"""HTML in text: a '<' that opens a tag, a comment or a declaration."""
CONTROL = r"[\u0000-\u0008\u000b-\u001f\u007f\u200b\u202a-\u202e\u2066-\u2069]"
"""Control characters, zero-width spaces and bidi overrides, as in a body (policy/bodies.py):
the joiners of emoji and Persian (U+200C, U+200D) and the RTL/LTR marks are text."""
SEVERAL_LINES = r"\S\s*\n\s*\S"
"""Text that runs over more than one line (a line break between words)."""
DOI = r"^10\.\d{4,9}/\S+$"
RANGE_DASH = r"\s*[-–]\s*"
"""What joins the two ends of a range such as 8-10: a hyphen or an en dash."""
MAX_COUNT = 1000
"""The largest whole number of a routine's minutes and per_week."""
YEARS = (1500, 2100)
"""The first and last year a reference may have."""
FLAGS = {"true": True, "yes": True, "false": False, "no": False}
"""The words of a true-or-false value ('per_side'), in any letter case."""


@dataclass(frozen=True)
class Vocab:
    """A data file of terms."""

    name: str
    """File stem in the data directory."""
    label: str
    """What one term is called in messages."""
    doc: str


VOCABULARIES: tuple[Vocab, ...] = (
    Vocab("difficulty", "difficulty", "How hard an exercise is, easiest first."),
    Vocab("emphases", "contraction emphasis", "The kind of contraction an exercise stresses."),
    Vocab("equipment", "equipment item", "Kit an exercise needs; 'none' means no kit at all."),
    Vocab("goals", "goal", "What an exercise is for."),
    Vocab("kinds", "kind", "What sort of exercise a page describes."),
    Vocab("legs", "legs value", "How many legs work at once."),
    Vocab("muscle-groups", "muscle group", "Groups that muscle pages belong to."),
    Vocab("patterns", "movement pattern", "The main movement an exercise trains."),
    Vocab("sources", "source", "Articles the guide's facts come from."),
    Vocab(
        "references",
        "reference",
        "Standard references (a textbook, named trials and reviews) for what the articles do "
        "not say; each also gives authors, year, title, where it was published and a DOI.",
    ),
)
SOURCE_VOCABULARIES = ("sources", "references")
"""The vocabularies a page's 'sources' may name: the articles, then the standard references."""


THEME_KEYS = frozenset(
    {
        "template", "location", "redirect", "icon", "status", "subtitle", "author",
        "revision_date", "git_revision_date_localized", "git_creation_date_localized",
        "search", "tags", "social", "comments", "extra", "meta", "atlas",
    }
)  # fmt: skip
"""Front-matter keys the theme, MkDocs or one of our plugins read, that a page may not set:
a template of its own (``redirect.html`` prints ``location`` into a script), an icon path
the theme includes as a file, a status, text the theme prints unescaped (subtitle,
author, revision dates), search and tag settings, and the builder's own page data."""

NO_EQUIPMENT = "none"
"""The equipment value for exercises that need nothing; it has its own computed page."""
NO_EQUIPMENT_ALIASES = ("body only", "bodyweight", "body weight", "no equipment", "nothing")
"""What contributors write for 'none'; the check suggests 'none' for them."""

TERM_FIELDS: tuple[Field, ...] = (
    Field("name", "line", True, "Display name.", "Resistance band", max_length=100),
    Field(
        "definition",
        "line",
        True,
        "What the term means, in a sentence or two.",
        "An elastic loop or strip.",
        max_length=400,
    ),
    Field(
        "aliases",
        "lines",
        False,
        "Other names contributors use for the term; the check suggests the term for them.",
        "[band, elastic band]",
    ),
)

CITATION_FIELDS: tuple[Field, ...] = (
    Field("authors", "line", True, "Authors (or editor), as printed.", "Petersen J, Thorborg K"),
    Field("year", "year", True, "Year of publication.", "2011"),
    Field("title", "line", True, "Title of the work.", "Preventive effect of eccentric training"),
    Field(
        "published_in",
        "line",
        True,
        "Journal (with volume and pages) or publisher.",
        "Am J Sports Med 39(11):2296-2303",
    ),
    Field(
        "doi",
        "doi",
        False,
        "Its DOI, without https://doi.org/; leave it out when there is none.",
        "10.1177/0363546511419277",
        max_length=200,
    ),
)
"""Keys of where a reference was published (model.Citation)."""
REFERENCE_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "line",
        True,
        "Short citation shown where pages cite it.",
        "Petersen et al. 2011",
        max_length=100,
    ),
    TERM_FIELDS[1],
    *CITATION_FIELDS,
)
"""Keys of a term in references.yml."""

DOSE_FIELDS: tuple[Field, ...] = (
    Field("sets", "amount", False, "sets", "3", most=1000),
    Field("reps", "amount", False, "repetitions per set", "8-10", most=1000),
    Field("seconds", "amount", False, "seconds per set (a hold or timed work)", "30", most=3600),
    Field("minutes", "amount", False, "minutes per set (a run, a longer block)", "20", most=300),
    Field("distance", "distance", False, "distance per set, with its unit", "400 m"),
    Field("per_side", "flag", False, "`true` when the amount is for each leg", "true"),
    Field(
        "label",
        "line",
        False,
        "who or when the dose is for (exercise pages)",
        "to start",
        max_length=40,
    ),
)
"""Keys of a dose, one item of a 'dosage'."""
DOSE_AMOUNTS = ("reps", "seconds", "minutes", "distance")
"""A dose gives exactly one of these."""
DOSE_KEYS = tuple(f.name for f in DOSE_FIELDS)
DISTANCE_UNITS: dict[str, tuple[str, int]] = {
    "m": ("metres", 10000),
    "yd": ("yards", 10000),
    "km": ("kilometres", 100),
    "mi": ("miles", 100),
}
"""Unit of a dose's distance -> (what it is, the largest whole number allowed)."""
STEP_FIELDS: tuple[Field, ...] = (
    Field("exercise", "exercise", True, "The slug of an exercise page.", "glute-bridge"),
    Field("block", "line", False, "", "Warm-up", max_length=80),
    Field("note", "line", False, "", "Keep the hips level", max_length=80),
    *(f for f in DOSE_FIELDS if f.name != "label"),
)
"""Keys of a routine's step: the exercise, its place, and a dose without a label."""
STEP_KEYS = tuple(f.name for f in STEP_FIELDS)
HEAD_FIELDS: tuple[Field, ...] = tuple(
    Field(k, "line", True, f"the head's {k}", example, max_length=200)
    for k, example in (
        ("name", "Long head"),
        ("origin", "Ischial tuberosity"),
        ("insertion", "Head of the fibula"),
    )
)
"""Keys of one of a muscle's 'heads'."""
