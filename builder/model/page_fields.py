"""The front matter of each kind of page: exercises (with their variations), muscles,
routines and guide pages, declared with the fields, patterns and limits of schema.py."""

from __future__ import annotations

from builder.model.schema import Field


def _sources(example: str) -> Field:
    """The 'sources' key, which every kind of page must have."""
    return Field(
        "sources",
        "terms",
        True,
        "Slugs of what its facts come from: articles (sources.yml) or standard references "
        "(references.yml).",
        example,
        "sources",
        min_items=1,
    )


def _equipment(doc: str) -> Field:
    """The kit an exercise or a variation needs: terms of equipment.yml, or 'none'."""
    return Field("equipment", "equipment", True, doc, "[resistance-band]", "equipment", min_items=1)


def _goals(page: str) -> Field:
    """The 'goals' of an exercise or a routine: terms of goals.yml."""
    doc = f"What the {page} is for, most important first."
    return Field("goals", "terms", True, doc, "[strength, injury-prevention]", "goals", min_items=1)


def _title(doc: str, example: str) -> Field:
    """A page's 'title': one line of at most 70 characters."""
    return Field("title", "line", True, doc, example, max_length=70)


def _summary(doc: str, example: str) -> Field:
    """A page's 'summary': one sentence of at most 200 characters."""
    return Field("summary", "line", True, doc, example, max_length=200)


EXERCISE_FIELDS: tuple[Field, ...] = (
    _title("The exercise's name, as a runner would say it.", "Single-leg bridge"),
    _summary(
        "One sentence: what it is and why a runner does it.",
        "A one-legged bridge that loads the hamstrings and glutes of each side in turn.",
    ),
    Field("kind", "term", True, "What sort of exercise this is.", "strength", "kinds"),
    Field(
        "primary_muscles",
        "muscles",
        True,
        "Slugs of the muscles that do most of the work (pages in muscles/).",
        "[biceps-femoris, semitendinosus]",
        min_items=1,
    ),
    Field(
        "secondary_muscles",
        "muscles",
        False,
        "Slugs of muscles that assist or stabilise; none may also be primary.",
        "[gluteus-maximus]",
    ),
    _equipment("Slugs of the kit needed, or 'none' when the exercise needs nothing."),
    _goals("exercise"),
    Field("difficulty", "term", True, "How hard it is.", "beginner", "difficulty"),
    Field("pattern", "term", True, "The main movement trained.", "knee-flexion", "patterns"),
    Field(
        "emphasis", "term", True, "The contraction the exercise stresses.", "eccentric", "emphases"
    ),
    Field("legs", "term", True, "How many legs work at once.", "one", "legs"),
    Field(
        "dosage",
        "dosage",
        True,
        "How much to do: a mapping, or a list of them for different levels. Keys: sets, "
        "and exactly one of reps, seconds, minutes or distance (a whole number or a range "
        "like 8-10; distance with a unit: '20 yd', '400 m', '5 km' or '3 mi'); per_side "
        "(true/false); label. Units and limits: see Doses below.",
        "{sets: 3, reps: 8-10, per_side: true}",
    ),
    Field(
        "progressions",
        "exercises",
        False,
        "Slugs of harder exercises this leads to.",
        "[single-leg-bridge-hold]",
    ),
    Field(
        "regressions",
        "exercises",
        False,
        "Slugs of easier exercises that lead here.",
        "[glute-bridge]",
    ),
    Field(
        "related",
        "exercises",
        False,
        "Slugs of other exercises worth doing with it.",
        "[clamshell]",
    ),
    Field(
        "off_ladder",
        "line",
        False,
        "Why the exercise has no easier or harder step in the guide; the page shows it under "
        "'Easier and harder'. An exercise on no ladder without it is a warning (no-ladder).",
        "A stretch held at your own range: ease off or go further within the same position.",
        max_length=200,
    ),
    Field(
        "cautions",
        "lines",
        False,
        "Who should not do it yet, or what to avoid.",
        "[Stop if you feel pain behind the knee.]",
    ),
    _sources("[exercises-for-runners]"),
    Field("aliases", "lines", False, "Other names people search for.", "[hip bridge]"),
    Field(
        "variations",
        "variations",
        False,
        "Versions that change only the kit or a detail, each a section of this page: a list of "
        "{title, summary, equipment, and optionally difficulty, legs, dosage}. The title must be "
        "the text of a '##' or '###' heading in the body.",
        "[{title: Band leg curl, summary: The curl against a band., equipment: [resistance-band]}]",
    ),
    Field(
        "pose",
        "pose",
        False,
        "How the figure is drawn: 'root' (what touches the floor: feet, back, front, side, "
        "seat, knees, shoulders, hands...), 'props' (prop@landmark, e.g. stability-ball@heels; "
        "lines run on to an anchor, band@near-toe>near-hand), 'view' (side, front or back) and "
        "frames 'start', 'middle' (optional) and 'end', each a mapping of joint angles in degrees "
        "(trunk, neck, hip, abduction, knee, ankle, shoulder, elbow; a limb joint takes one "
        "number or [near, far]; a frame keeps what it does not change). 'variations' maps a "
        "variation's heading id to what it changes. Keep it the last key.",
        "{root: feet, start: {hip: 0}, end: {trunk: 80, hip: 80, knee: 10}}",
    ),
)

VARIATION_FIELDS: tuple[Field, ...] = (
    _title("The variation's name; a heading of the page has the same text.", "Band leg curl"),
    _summary(
        "One sentence on what changes.",
        "The same curl against a band anchored low in front of you.",
    ),
    _equipment("Slugs of the kit this version needs, or 'none'."),
    Field(
        "difficulty", "term", False, "How hard it is, if not as the page.", "beginner", "difficulty"
    ),
    Field("legs", "term", False, "Legs working at once, if not as the page.", "one", "legs"),
    Field("dosage", "dosage", False, "How much to do, if not as the page.", "{sets: 3, reps: 12}"),
)

MUSCLE_FIELDS: tuple[Field, ...] = (
    _title("The muscle's common English name.", "Semitendinosus"),
    Field(
        "latin",
        "line",
        True,
        "The anatomical (Latin) name.",
        "musculus semitendinosus",
        max_length=80,
    ),
    Field("group", "term", True, "The muscle group.", "hamstrings", "muscle-groups"),
    _summary(
        "One sentence on what it does for a runner.",
        "The inner hamstring: it extends the hip and bends and turns the knee in.",
    ),
    Field("origin", "line", True, "Where it starts.", "Ischial tuberosity (the sit bone)."),
    Field("insertion", "line", True, "Where it attaches.", "Inner surface of the upper tibia."),
    Field(
        "actions",
        "lines",
        True,
        "What it does, one action per item.",
        "[Extends the hip, Bends the knee]",
        min_items=1,
    ),
    Field(
        "heads",
        "heads",
        False,
        "For muscles with more than one head: a list of {name, origin, insertion}.",
        "[{name: Long head, origin: Ischial tuberosity, insertion: Head of the fibula}]",
    ),
    _sources("[best-for-runners-guide]"),
    Field(
        "aliases",
        "lines",
        False,
        "Other names people use for the muscle; the check suggests this page's slug for them.",
        "[glutes, glute max]",
    ),
)

ROUTINE_FIELDS: tuple[Field, ...] = (
    _title("The routine's name.", "The 10-minute hamstring workout"),
    _summary(
        "One sentence: what it is for and what it asks.",
        "Seven moves in ten minutes to wake up and strengthen the hamstrings.",
    ),
    Field("minutes", "count", True, "About how long one session takes, in minutes.", "10"),
    Field("per_week", "count", False, "Sessions a week.", "2"),
    _goals("routine"),
    Field(
        "steps",
        "steps",
        True,
        "The exercises in order: a list of {exercise, sets, and one of reps, seconds or "
        "distance; optionally per_side, note (one short line) and block (a heading that groups "
        "this step and the ones after it)}.",
        "[{exercise: glute-bridge, sets: 1, reps: 10}]",
        min_items=1,
    ),
    _sources("[ten-minute-workout]"),
)

GUIDE_FIELDS: tuple[Field, ...] = (
    _title("The page's title.", "Why hamstrings matter"),
    _summary(
        "One sentence on what the page explains.",
        "What the hamstrings do between hip and knee, and why runners train them.",
    ),
    _sources("[best-for-runners-guide]"),
)
TEXT_FIELDS = (EXERCISE_FIELDS, VARIATION_FIELDS, MUSCLE_FIELDS, ROUTINE_FIELDS, GUIDE_FIELDS)
"""Every page schema, for checks that look at all their keys at once."""
