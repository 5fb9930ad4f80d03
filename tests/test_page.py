"""The exercise and muscle page layout: view builder, substitutes, the theme's card and diagram."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from builder import pipeline
from builder.model.entities import Catalogue
from builder.stages.substitutes import Index
from builder.stages.view import BACK, DIAGRAM, DRAWN, FRONT, HIP_ONLY_PATTERNS, page_view

DIAGRAM_PARTIAL = ROOT / "builder/templates/diagram_shapes.html.j2"
DIAGRAM_FRONT = ROOT / "builder/templates/diagram_front.html.j2"


def catalogue(tiny: Path) -> Catalogue:
    result = pipeline.run(tiny / "content", display_root=tiny)
    assert result.catalogue is not None, [str(p) for p in result.problems]
    return result.catalogue


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# Substitutes when a piece of kit is missing


def subs(cat: Catalogue, slug: str, limit: int = 4) -> dict[str, list[str]]:
    """Substitutes as 'slug' or 'slug#anchor' strings."""
    return {
        kit: [f"{s.slug}#{s.anchor}" if s.anchor else s.slug for s in found]
        for kit, found in Index(cat).find(slug, limit).items()
    }


def test_substitutes_rank_same_pattern_then_kind_shared_muscles_and_difficulty(
    tiny: Path,
) -> None:
    cat = catalogue(tiny)
    # swing: strength hinge for biceps femoris with a kettlebell (advanced).
    # fold shares the hinge (first, though a stretch); both bridges share biceps femoris as
    # strength work, the intermediate one closer in difficulty; band-curl shares nothing.
    assert subs(cat, "swing") == {"kettlebell": ["fold", "single-leg-bridge", "bridge"]}
    assert subs(cat, "swing", limit=1) == {"kettlebell": ["fold"]}
    assert subs(cat, "bridge") == {}, "nothing to replace when no kit is needed"


def test_own_variations_come_first_then_same_kind_sharing_a_primary(tiny: Path) -> None:
    cat = catalogue(tiny)
    # band-curl works semitendinosus: its ankle-weight variation needs no band; fold is a
    # stretch and bridge has semitendinosus only as a helper, so neither replaces it.
    assert subs(cat, "band-curl") == {
        "resistance-band": ["band-curl#ankle-weight-curl", "single-leg-bridge"]
    }


def test_substitutes_never_need_the_missing_kit(tiny: Path) -> None:
    edit(tiny / "content/exercises/fold.md", "equipment: none", "equipment: [kettlebell]")
    edit(tiny / "content/exercises/bridge.md", "equipment: none", "equipment: [resistance-band]")
    cat = catalogue(tiny)
    assert subs(cat, "swing") == {"kettlebell": ["single-leg-bridge", "bridge"]}
    assert subs(cat, "fold") == {"kettlebell": []}, "swing needs the same kettlebell"


def test_a_variation_stands_in_for_an_exercise_that_needs_the_kit(tiny: Path) -> None:
    fold = tiny / "content/exercises/fold.md"
    edit(fold, "equipment: none", "equipment: [kettlebell]")
    edit(
        fold,
        "sources: [article-one]",
        "sources: [article-one]\nvariations:\n  - title: Bare fold\n"
        "    summary: The fold with empty hands.\n    equipment: none",
    )
    fold.write_text(fold.read_text("utf-8") + "\n## Bare fold\n\nNo weight.\n", "utf-8")
    cat = catalogue(tiny)
    assert subs(cat, "swing")["kettlebell"][0] == "fold#bare-fold"


def test_substitutes_list_one_entry_per_piece_of_kit(tiny: Path) -> None:
    edit(tiny / "content/exercises/swing.md", "[kettlebell]", "[kettlebell, resistance-band]")
    found = subs(catalogue(tiny), "swing")
    assert list(found) == ["kettlebell", "resistance-band"]
    assert "band-curl" not in found["resistance-band"]


# The view the theme reads


def test_exercise_view_resolves_titles_and_source_paths(tiny: Path) -> None:
    view = page_view(catalogue(tiny), "exercises/bridge.md")
    assert view is not None
    assert view["type"] == "exercise" and view["title"] == "Bridge"
    assert view["primary"] == [
        {"slug": "biceps-femoris", "title": "Biceps femoris", "src": "muscles/biceps-femoris.md"}
    ]
    assert [m["src"] for m in view["secondary"]] == ["muscles/semitendinosus.md"]
    assert view["equipment"] == [
        {"slug": "none", "title": "No equipment", "src": "equipment/none.md"}
    ]
    assert [g["src"] for g in view["goals"]] == ["goals/strength.md"]
    assert view["dosage"] == ["3 × 10–12 reps"]
    roles = {s["id"]: s["role"] for s in view["diagram"]["shapes"]}
    assert roles["biceps-femoris-long-head"] == "primary"
    # a bridge moves the hip only: the short head, which crosses only the knee, is not worked
    assert roles["biceps-femoris-short-head"] == ""
    assert roles["semitendinosus"] == "secondary"
    assert roles["gluteus-maximus"] == roles["semimembranosus"] == ""
    urls = {s["id"]: s["src"] for s in view["diagram"]["shapes"]}
    assert urls["semitendinosus"] == "muscles/semitendinosus.md"
    assert urls["gluteus-maximus"] == "", "no page yet, so no link"
    assert view["diagram"]["not_drawn"] == []
    json.dumps(view)  # plain data only


def test_muscles_without_a_shape_are_listed_not_drawn(tiny: Path) -> None:
    (tiny / "content/muscles/abdominals.md").write_text(
        "---\ntitle: Abdominals\nlatin: musculi abdominis\ngroup: hamstrings\n"
        "summary: The belly wall.\norigin: Ribs.\ninsertion: Pelvis.\n"
        "actions: [Brace the trunk]\nsources: [article-one]\n---\n\nThey brace.\n",
        "utf-8",
    )
    edit(
        tiny / "content/exercises/bridge.md",
        "secondary_muscles: [semitendinosus]",
        "secondary_muscles: [semitendinosus, abdominals]",
    )
    view = page_view(catalogue(tiny), "exercises/bridge.md")
    assert view is not None
    assert "abdominals" not in DRAWN[BACK]
    assert view["diagram"]["view"] == BACK, "a hamstring exercise is drawn from behind"
    assert view["diagram"]["not_drawn"] == [
        {
            "slug": "abdominals",
            "title": "Abdominals",
            "src": "muscles/abdominals.md",
            "role": "secondary",
        }
    ]
    assert all(s["muscle"] != "abdominals" for s in view["diagram"]["shapes"])


def test_muscle_view_highlights_the_muscle_and_its_heads(tiny: Path) -> None:
    cat = catalogue(tiny)
    view = page_view(cat, "muscles/biceps-femoris.md")
    assert view is not None and view["type"] == "muscle"
    this = [(s["id"], s["head"]) for s in view["diagram"]["shapes"] if s["role"] == "this"]
    assert this == [
        ("biceps-femoris-short-head", "Short head"),
        ("biceps-femoris-long-head", "Long head"),
    ]
    assert [h["name"] for h in view["heads"]] == ["Long head", "Short head"]
    assert view["latin"] == "musculus biceps femoris"
    assert page_view(cat, "index.md") is None
    assert page_view(cat, "equipment/none.md") is None
    assert page_view(cat, "exercises/index.md") is None


def test_every_shape_has_a_path_and_a_label_in_the_theme() -> None:
    for view, template in ((BACK, DIAGRAM_PARTIAL), (FRONT, DIAGRAM_FRONT)):
        partial = template.read_text("utf-8")
        for name in ("paths", "fibres", "labels"):
            block = partial[partial.index(f"set {name} = {{") :]
            block = block[: block.index("} -%}")]
            keys = re.findall(r'^\s*"([a-z-]+)":', block, re.MULTILINE)
            assert sorted(keys) == sorted(s.id for s in DIAGRAM if s.view == view), name


def test_front_muscles_are_drawn_from_the_front() -> None:
    """The abdominals and quadriceps pages highlight their muscle, in the front view; a page
    naming back and front muscles shows the view with more of them lit (hamstrings: back)."""
    result = pipeline.run(ROOT / "content")
    assert result.catalogue is not None
    cat = result.catalogue
    for slug, heads in (("abdominals", 1), ("quadriceps", 3)):
        view = page_view(cat, f"muscles/{slug}.md")
        assert view is not None
        assert view["diagram"]["view"] == FRONT, slug
        lit = [s["id"] for s in view["diagram"]["shapes"] if s["role"] == "this"]
        assert len(lit) == heads, (slug, lit)
    for slug in ("biceps-femoris", "gluteus-maximus"):
        back = page_view(cat, f"muscles/{slug}.md")
        assert back is not None and back["diagram"]["view"] == BACK, slug
    nordic = page_view(cat, "exercises/nordic-hamstring-curl.md")
    assert nordic is not None and nordic["diagram"]["view"] == BACK


# Built pages


class _Elements(HTMLParser):
    """Every start tag inside <article>, with its attributes, and the text of titled elements."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if self.depth:
            values = {k: v or "" for k, v in attrs}
            self.tags.append((tag, values))
            self._open.append(values.get("id", "") or values.get("class", "") or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if self.depth and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self.depth and self._open:
            key = self._open[-1]
            self.text[key] = self.text.get(key, "") + data

    def find(self, **attrs: str) -> list[dict[str, str]]:
        return [
            values
            for _, values in self.tags
            if all(
                re.search(rf"(^|\s){re.escape(v)}($|\s)", values.get(k.replace("_", "-"), ""))
                for k, v in attrs.items()
            )
        ]


def article(site: Path, url: str) -> tuple[_Elements, str]:
    html = (site / url / "index.html").read_text("utf-8")
    parser = _Elements()
    parser.feed(html)
    return parser, html[html.index("<article") : html.index("</article>")]


def resolve(url: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(url, href.split("#", 1)[0])) + "/"


def shapes(parser: _Elements) -> dict[str, dict[str, str]]:
    return {values["data-shape"]: values for _, values in parser.tags if "data-shape" in values}


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site with a title that needs escaping and a muscle the diagram does not draw."""
    import shutil

    from conftest import TINY

    root = tmp_path_factory.mktemp("page") / "tiny"
    shutil.copytree(TINY, root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    edit(
        root / "content/exercises/single-leg-bridge.md",
        "title: Single-leg bridge",
        "title: 'Single-leg bridge & \"hold\" <3'",
    )
    (root / "content/muscles/erector-spinae.md").write_text(
        "---\ntitle: Erector spinae\nlatin: musculus erector spinae\ngroup: hamstrings\n"
        "summary: The long back muscles.\norigin: Sacrum.\ninsertion: Ribs.\n"
        "actions: [Keep the back straight]\nsources: [article-one]\n---\n\nThey hold.\n",
        "utf-8",
    )
    edit(
        root / "content/exercises/swing.md",
        "primary_muscles: [biceps-femoris]",
        "primary_muscles: [biceps-femoris]\nsecondary_muscles: [erector-spinae]",
    )
    (root / "content/about.md").write_text(
        "---\ntitle: About\n---\n\n# About\n\nHi.\n",
        "utf-8",
    )
    edit(
        root / "mkdocs.yml",
        "  - Reference: reference/front-matter.md",
        "  - Reference: reference/front-matter.md\n  - About: about.md",
    )
    site = root / "site"
    proc = mkdocs_build(root, site)
    assert proc.returncode == 0, proc.stderr
    return site


def test_exercise_page_has_the_card_with_links_to_its_muscle_pages(tiny_site: Path) -> None:
    _, html = article(tiny_site, "exercises/bridge/")
    assert (
        html.index('<h1 id="bridge">Bridge<')
        < html.index('class="atlas-card')
        < html.index("Lie on your back")
    ), "title, then the card, then the hand-written body"
    order = ['id="easier-and-harder"', 'id="routines-that-use-it"', 'id="sources"']
    assert [html.index(o) for o in order] == sorted(html.index(o) for o in order)
    assert html.index("Lie on your back") < html.index(order[0])
    card = html[html.index('class="atlas-card') : html.index("</section>")]
    links = re.findall(r'<dd class="atlas-([a-z-]+)">(.*?)</dd>', card, re.DOTALL)
    hrefs = {name: re.findall(r'href="([^"]+)"', body) for name, body in links}
    assert hrefs["muscles-primary"] == ["../../muscles/biceps-femoris/"]
    assert hrefs["muscles-secondary"] == ["../../muscles/semitendinosus/"]
    assert hrefs["equipment"] == ["../../equipment/none/"]
    assert hrefs["goals"] == ["../../goals/strength/"]
    for href in [h for found in hrefs.values() for h in found]:
        assert (tiny_site / resolve("exercises/bridge/", href) / "index.html").is_file(), href
    assert "3 × 10–12 reps" in card and "Beginner" in card


def test_exercise_diagram_is_named_and_tells_roles_apart(tiny_site: Path) -> None:
    parser, html = article(tiny_site, "exercises/bridge/")
    svg = parser.find(role="group")
    assert len(svg) == 1 and svg[0]["aria-labelledby"] == "atlas-diagram-title"
    assert parser.text["atlas-diagram-title"] == "Muscles worked by Bridge"
    desc = parser.text["atlas-diagram-desc"]
    assert "Primary movers, drawn solid: Biceps femoris." in desc
    assert "Helpers, drawn hatched: Semitendinosus." in desc
    found = shapes(parser)
    assert sorted(found) == sorted(s.id for s in DIAGRAM if s.view == BACK)
    classes = {shape: values["class"].split() for shape, values in found.items()}
    assert "atlas-primary" in classes["biceps-femoris-long-head"]
    assert "atlas-other" in classes["biceps-femoris-short-head"]  # the bridge moves the hip only
    assert "atlas-secondary" in classes["semitendinosus"]
    assert "atlas-other" in classes["semimembranosus"]
    # hatched, not merely another colour: the secondary fill is the pattern, and a legend says so
    assert 'id="atlas-hatch"' in html
    legend = html[html.index('class="atlas-legend"') :]
    assert "Primary mover" in legend and "Helper" in legend


def test_diagram_shapes_are_named_and_the_card_links_the_muscles(tiny_site: Path) -> None:
    """The drawing joins the page's HTML after Markdown, so it links nowhere: each shape is
    named, and the card links every muscle the exercise works (resolved by MkDocs)."""
    for url in ("exercises/bridge/", "exercises/swing/", "muscles/semitendinosus/"):
        parser, html = article(tiny_site, url)
        assert shapes(parser) and all(v.get("aria-label") for v in shapes(parser).values())
        assert not any("href" in v for v in shapes(parser).values())
        card = html[html.index('class="atlas-card') : html.index("</section>")]
        for href in re.findall(r'href="([^"#]+)"', card):
            assert (tiny_site / resolve(url, href) / "index.html").is_file(), (url, href)


def test_muscle_page_highlights_the_muscle_and_both_heads(tiny_site: Path) -> None:
    parser, html = article(tiny_site, "muscles/biceps-femoris/")
    classes = {shape: values["class"].split() for shape, values in shapes(parser).items()}
    assert "atlas-this" in classes["biceps-femoris-long-head"]
    assert "atlas-this" in classes["biceps-femoris-short-head"]
    assert "atlas-other" in classes["semitendinosus"]
    assert parser.text["atlas-diagram-title"] == "Where Biceps femoris lies"
    assert "long head and short head" in parser.text["atlas-diagram-desc"]
    assert "Origin: Linea aspera. Insertion: Head of the fibula." in html
    parser, _ = article(tiny_site, "muscles/semitendinosus/")
    classes = {shape: values["class"].split() for shape, values in shapes(parser).items()}
    assert "atlas-this" in classes["semitendinosus"]
    assert "atlas-other" in classes["biceps-femoris-long-head"]


def test_undrawn_muscles_are_listed_under_the_diagram(tiny_site: Path) -> None:
    parser, html = article(tiny_site, "exercises/swing/")
    note = html[html.index('class="atlas-not-drawn"') :]
    note = note[: note.index("</p>")]
    assert '<a href="../../muscles/erector-spinae/">Erector spinae</a> (helper)' in note
    assert "Also worked, not drawn: Erector spinae (helper)." in parser.text["atlas-diagram-desc"]
    parser, html = article(tiny_site, "muscles/erector-spinae/")
    assert "This muscle is not drawn." in parser.text["atlas-diagram-desc"]
    assert not any("atlas-this" in v["class"] for v in shapes(parser).values())


def test_card_text_is_escaped(tiny_site: Path) -> None:
    _, html = article(tiny_site, "exercises/single-leg-bridge/")
    assert '>Single-leg bridge &amp; "hold" &lt;3<a class="headerlink"' in html
    # the diagram joins the page cleaned on its own (render.place_drawing)
    assert 'Muscles worked by Single-leg bridge &amp; "hold" &lt;3' in html
    assert "<3" not in html


def test_front_matter_cannot_fake_the_card(tiny_site: Path, tiny: Path) -> None:
    """The check refuses the builder's own key; tests/test_script_cases.py builds it with the
    policy off to show the plugin drops it."""
    _, html = article(tiny_site, "about/")
    assert "atlas-card" not in html
    about = tiny / "content/about.md"
    about.write_text("---\ntitle: About\natlas: {type: exercise, title: Spoofed}\n---\n")
    problems = [str(p) for p in pipeline.run(tiny / "content", tiny).problems]
    assert problems == [
        "content/about.md:3:1: [theme-key] the key 'atlas' changes how the theme renders this "
        "page. hint: remove it: a page cannot choose its template, icon, status, author or dates"
    ]


def test_ladder_and_substitutes_stay_markdown(tiny_site: Path) -> None:
    parser, html = article(tiny_site, "exercises/bridge/")
    ladder = parser.find(**{"class": "atlas-ladder"})
    assert len(ladder) == 1
    strip = html[html.index('class="atlas-ladder"') :]
    strip = strip[: strip.index("</p>")]
    assert "<strong>Bridge</strong> → <strong>Harder:</strong>" in strip
    assert 'href="../single-leg-bridge/"' in strip
    _, html = article(tiny_site, "exercises/swing/")
    section = html[html.index('id="without-the-kit"') :]
    section = section[: section.index("<h2")]
    assert "<strong>No kettlebell?</strong>" in section
    found = re.findall(r'<li><a href="\.\./([a-z-]+)/">', section)
    assert found == ["fold", "single-leg-bridge", "bridge"]
    _, html = article(tiny_site, "exercises/bridge/")
    assert 'id="without-the-kit"' not in html, "no kit, nothing to replace"


def test_stylesheet_is_published_and_linked(tiny_site: Path) -> None:
    assert (tiny_site / "assets/stylesheets/atlas.css").is_file()
    html = (tiny_site / "exercises/bridge/index.html").read_text("utf-8")
    assert 'href="../../assets/stylesheets/atlas.css"' in html


# The real guide


def test_real_exercise_pages_highlight_what_the_catalogue_says(real_site: Path) -> None:
    catalog = json.loads((real_site / "catalog.json").read_text("utf-8"))
    drawn = {s.id: s.muscle for s in DIAGRAM}
    knee_only = {s.id for s in DIAGRAM if s.knee_only}
    for ex in catalog["exercises"]:
        parser, _ = article(real_site, ex["url"])
        for shape, values in shapes(parser).items():
            muscle = drawn[shape]
            want = (
                "atlas-other"
                if shape in knee_only and ex["pattern"] in HIP_ONLY_PATTERNS
                else "atlas-primary"
                if muscle in ex["primary_muscles"]
                else "atlas-secondary"
                if muscle in ex["secondary_muscles"]
                else "atlas-other"
            )
            assert want in values["class"].split(), (ex["slug"], shape)
            if "href" in values:
                target = resolve(ex["url"], values["href"])
                assert (real_site / target / "index.html").is_file(), (ex["slug"], shape)
    for muscle in catalog["muscles"]:
        parser, _ = article(real_site, muscle["url"])
        assert parser.text["atlas-diagram-title"] == f"Where {muscle['title']} lies"


def test_variations_show_in_the_card_and_as_substitutes(tiny_site: Path) -> None:
    _, html = article(tiny_site, "exercises/band-curl/")
    card = html[html.index('class="atlas-card') : html.index("</section>")]
    assert '<a href="#ankle-weight-curl">Ankle-weight curl</a> (ankle weight)' in card
    section = html[html.index('id="without-the-kit"') :]
    section = section[: section.index("<h2")]
    assert "<strong>No resistance band?</strong>" in section
    assert re.findall(r'<li><a href="([^"]+)">', section) == [
        "./#ankle-weight-curl",
        "../single-leg-bridge/",
    ]
    assert 'id="ankle-weight-curl"' in html


def test_ladders_are_drawn_as_trees_of_what_the_data_says() -> None:
    """Every step of "the whole ladder" sits under a step the data declares easier, every
    easier-harder link is drawn once, and siblings are never shown as rungs of one line
    (suspension-trainer hamstring runners is not an easier step than the Nordic curl)."""
    result = pipeline.run(ROOT / "content")
    assert result.catalogue is not None and result.rendered is not None
    cat, feet = result.catalogue, result.rendered.feet
    item = re.compile(r"^( *)- (?:\*\*(.+?)\*\*|\[(.+?)\]\(([a-z-]+)\.md\))", re.MULTILINE)
    titles = {ex.title: slug for slug, ex in cat.exercises.items()}
    for slug, ladder in cat.ladders.items():
        if not ladder:
            continue
        text = feet[f"exercises/{slug}.md"]
        text = text[text.index("The whole ladder") :]
        text = text[: text.index("\n\n", text.index("\n- "))]
        parents: list[str] = []
        links = set()
        for m in item.finditer(text):
            depth = len(m[1]) // 4
            step = m[4] or titles[m[2]]
            parents[depth:] = [step]
            if depth:
                assert parents[depth - 1] in cat.easier[step], (slug, step)
                links.add((parents[depth - 1], step))
            else:
                assert not cat.easier[step], (slug, step)
        want = {(e, h) for h in ladder for e in cat.easier[h]}
        assert links == want, slug
    nordic = feet["exercises/nordic-hamstring-curl.md"]
    assert "    - [Suspension trainer hamstring runners]" in nordic


def test_a_long_exercises_hub_is_grouped_with_jump_links_and_counts(tmp_path: Path) -> None:
    from bench import catalogue as bench_catalogue

    made = bench_catalogue.make(ROOT, tmp_path / "project", exercises=240)
    result = pipeline.run(made.content, made.root, [made.root / "overrides"])
    assert result.rendered is not None and result.catalogue is not None
    hub = result.rendered.pages["exercises/index.md"]
    cat = result.catalogue
    jumps = re.findall(r"\[([^\]]+)\]\(#([a-z0-9-]+)\) \((\d+)\)", hub)
    ids = set(re.findall(r"\{ #([a-z0-9-]+) \}", hub))
    assert jumps and all(anchor in ids for _, anchor, _ in jumps), "every jump lands"
    levels = {slug: len(s) for slug, s in cat.by_difficulty.items() if s}
    assert {a: int(n) for _, a, n in jumps if a in levels} == levels
    groups = re.findall(r"^### .+ \((\d+)\) \{ #", hub, re.MULTILINE)
    assert groups, "a difficulty of more than 30 exercises is split by movement"
    rows = re.findall(
        r"^\| (?:!\[\]\([^)]+\)\{: [^}]+ \} )?\[[^\]]+\]\(([a-z0-9-]+)\.md\)", hub, re.M
    )
    assert sorted(rows) == sorted(cat.exercises), "every exercise once"
    tables = hub.split("| Exercise | Difficulty |")[1:]
    assert max(t.count("\n| [") for t in tables) <= 60
