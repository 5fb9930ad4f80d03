"""Unit tests of the core stages on small inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import pipeline
from builder.model import routes
from builder.model.entities import Dose, Span
from builder.model.problems import did_you_mean
from builder.model.yamltree import Map, Scalar, Seq, YamlProblem, parse
from builder.stages.listing import escape_markdown
from builder.stages.load import load_page


def test_parse_keeps_text_and_positions() -> None:
    tree = parse("a: no\nb: [1:30, '010']\nc:\n  - 2024-02-30\n", first_line=2)
    assert isinstance(tree, Map)
    a, b, c = (tree.get(k) for k in "abc")
    assert a == Scalar("no", 2, 4, quoted=False)  # YAML 1.1 would make this False
    assert isinstance(b, Seq) and [i.text for i in b.items] == ["1:30", "010"]
    assert (b.items[1].line, b.items[1].col, b.items[1].quoted) == (3, 11, True)
    assert isinstance(c, Seq) and c.items[0] == Scalar("2024-02-30", 5, 5, quoted=False)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x 1\nb: *x\n", "yaml-feature", 1),
        ("a: !!binary aGk=\n", "yaml-feature", 1),
        ("a: !!set {x}\n", "yaml-feature", 1),
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
        ("a: " + "[" * 30 + "]" * 30 + "\n", "yaml-depth", 1),
        ("a: [\n", "yaml-syntax", 2),
        ("a:\n\t- b\n", "yaml-syntax", 2),
    ],
)
def test_parse_refuses(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlProblem) as err:
        parse(text)
    assert (err.value.code, err.value.line) == (code, line)


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    with pytest.raises(YamlProblem) as err:
        parse("a: " + "[" * 30000 + "]" * 30000)
    assert err.value.code == "yaml-depth"


def test_load_page_body_starts_after_the_fence(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: X\n---\n\nBody line\n", "utf-8")
    page, problems = load_page(path, "exercises/x.md", "x.md")
    assert problems == [] and page is not None
    assert page.body_line == 4
    assert page.body.split("\n")[1] == "Body line"


def test_did_you_mean() -> None:
    assert (
        did_you_mean("kettelbell", ("kettlebell", "dumbbell"), "-") == "did you mean 'kettlebell'?"
    )
    assert (
        did_you_mean("Resistance Band", ("resistance-band",), "-")
        == "did you mean 'resistance-band'?"
    )
    assert did_you_mean("trampoline", ("kettlebell",), "nothing close") == "nothing close"


def test_dose_wording() -> None:
    dose = Dose(Span(3, 3), Span(8, 10), None, None, "", True, "")
    assert dose.text() == "3 × 8–10 reps per side"
    hold = Dose(None, None, Span(30, 60), None, "", False, "to start")
    assert hold.text() == "to start: 30–60 s"
    walk = Dose(Span(2, 3), None, None, Span(20, 20), "yd", False, "")
    assert walk.text() == "2–3 × 20 yd"


def test_escape_markdown_neutralises_html_and_links() -> None:
    assert escape_markdown("<b>[x](y)</b> | *a*") == r"&lt;b&gt;\[x\](y)&lt;/b&gt; \| \*a\*"
    # attr_list braces, headings, and line breaks that could start a block of their own
    assert escape_markdown('{#w"autofocus}\n# x') == r'\{\#w"autofocus\} \# x'


def test_routes() -> None:
    assert routes.url("exercises/glute-bridge.md") == "exercises/glute-bridge/"
    assert routes.url("muscles/index.md") == "muscles/"
    assert routes.url("index.md") == ""
    assert routes.relative("equipment/none.md", "exercises/a.md") == "../exercises/a.md"
    assert routes.relative("index.md", "goals/index.md") == "goals/index.md"


def test_link_indexes_and_ladders(tiny: Path) -> None:
    cat = pipeline.run(tiny / "content", display_root=tiny).catalogue
    assert cat is not None
    assert cat.by_primary["semitendinosus"] == ("band-curl", "fold", "single-leg-bridge")
    assert cat.by_secondary["semitendinosus"] == ("bridge",)
    assert cat.by_equipment["none"] == ("bridge", "fold", "single-leg-bridge")
    assert cat.by_equipment["kettlebell"] == ("swing",)
    assert cat.by_goal["flexibility"] == ("fold",)
    assert cat.by_difficulty["advanced"] == ("swing",)
    # declared once on the easier page, linked both ways
    assert cat.harder["bridge"] == ("single-leg-bridge",)
    assert cat.easier["single-leg-bridge"] == ("bridge",)
    assert cat.ladders["single-leg-bridge"] == ("bridge", "single-leg-bridge")
    assert cat.ladders["swing"] == ()
    assert cat.related["band-curl"] == ("single-leg-bridge",)


def test_ladder_orders_branches_by_level(tiny: Path) -> None:
    swing = tiny / "content/exercises/swing.md"
    swing.write_text(
        swing.read_text("utf-8").replace(
            "sources:", "regressions: [single-leg-bridge, band-curl]\nsources:"
        ),
        "utf-8",
    )
    cat = pipeline.run(tiny / "content", display_root=tiny).catalogue
    assert cat is not None
    assert cat.ladders["bridge"] == ("band-curl", "bridge", "single-leg-bridge", "swing")
    assert cat.easier["swing"] == ("band-curl", "single-leg-bridge")


def test_a_step_without_a_block_stays_under_the_block_before_it(tiny: Path) -> None:
    quick = tiny / "content/routines/quick.md"
    last = "  - {block: Stretch after, exercise: fold, seconds: 30}\n"
    text = quick.read_text("utf-8")
    quick.write_text(text.replace(last, last + "  - {exercise: bridge, reps: 5}\n"), "utf-8")
    cat = pipeline.run(tiny / "content", display_root=tiny).catalogue
    assert cat is not None
    routine = cat.routines["quick"]
    assert [step.block for step in routine.steps] == ["", "", "Stretch after", "Stretch after"]
    assert [(block, len(steps)) for block, steps in routine.blocks()] == [
        ("", 2),
        ("Stretch after", 2),
    ]


def test_render_is_deterministic_and_complete(tiny: Path) -> None:
    first = pipeline.run(tiny / "content", display_root=tiny).rendered
    second = pipeline.run(tiny / "content", display_root=tiny).rendered
    assert first == second and first is not None
    assert sorted(first.pages) == [
        "equipment/ankle-weight.md",
        "equipment/index.md",
        "equipment/kettlebell.md",
        "equipment/none.md",
        "equipment/resistance-band.md",
        "exercises/index.md",
        "goals/flexibility.md",
        "goals/index.md",
        "goals/strength.md",
        "muscles/index.md",
        "reference/front-matter.md",
        "routines/index.md",
        "sources.md",
    ]
    # Listings are Markdown, linked to the source files, which MkDocs resolves.
    assert "| [Kettlebell swing](../exercises/swing.md) |" in first.pages["equipment/kettlebell.md"]
    assert "href=" not in "".join([*first.pages.values(), *first.feet.values()])
    assert "# No equipment" in first.pages["equipment/none.md"]


def test_templates_are_overridable(tiny: Path) -> None:
    override = tiny / "overrides" / "atlas"
    override.mkdir(parents=True, exist_ok=True)
    (override / "term.md.j2").write_text("# {{ term.name }} (ours)\n", "utf-8")
    rendered = pipeline.run(tiny / "content", tiny, [tiny / "overrides"]).rendered
    assert rendered is not None
    assert rendered.pages["goals/strength.md"] == "# Strength (ours)\n"
