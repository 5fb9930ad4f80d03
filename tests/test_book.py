"""The book's pure parts: order, link rewriting, printing tabs and collapsed blocks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from builder.frontdoors.mkdocs_plugin import AtlasPlugin
from builder.model import routes
from builder.outputs import book, bookplan, card, front
from builder.outputs.article import SitePage, parse_article, print_widgets, resolve
from builder.outputs.bookplan import plan

META = front.Meta("Atlas", "A guide", datetime(2023, 11, 14, tzinfo=UTC), "https://atlas.example/")


def page(html_body: str) -> str:
    return (
        '<html><body><nav><a href="../nav/">nav</a></nav>'
        f'<article class="md-content__inner md-typeset">{html_body}</article></body></html>'
    )


@pytest.mark.parametrize(
    ("url", "href", "expected"),
    [
        ("exercises/bridge/", "../../muscles/semitendinosus/", ("muscles/semitendinosus/", "")),
        (
            "exercises/bridge/",
            "../../muscles/semitendinosus/#where",
            ("muscles/semitendinosus/", "where"),
        ),
        ("exercises/bridge/", "#how-to-do-it", ("exercises/bridge/", "how-to-do-it")),
        ("exercises/bridge/", "../../", ("", "")),
        ("", "muscles/", ("muscles/", "")),
        ("", "goals/index.html", ("goals/", "")),
        ("exercises/", "../catalog.json", ("catalog.json", "")),
        ("exercises/", "https://example.org/a", None),
        ("exercises/", "mailto:someone@example.org", None),
    ],
)
def test_resolve_relative_links(url: str, href: str, expected: tuple[str, str] | None) -> None:
    assert resolve(url, href) == expected


def pages(*urls: str) -> list[SitePage]:
    return [SitePage(u, u.rstrip("/").rsplit("/", 1)[-1] or "Home") for u in urls]


def test_plan_orders_parts_like_a_book_and_skips_missing_sections() -> None:
    site = pages(
        "goals/strength/",
        "goals/",
        "exercises/swing/",
        "exercises/bridge/",
        "exercises/fold/",
        "exercises/",
        "muscles/semitendinosus/",
        "muscles/biceps-femoris/",
        "muscles/",
        "equipment/",
        "equipment/none/",
        "guide/glossary/",
        "guide/safety/",
        "sources/",
        "reference/front-matter/",
        "",
        "odd/page/",
    )
    links = {
        "muscles/": ["muscles/semitendinosus/", "muscles/biceps-femoris/"],
        "exercises/": ["exercises/fold/", "exercises/bridge/", "exercises/swing/"],
    }
    groups = [
        ("Strength", ["exercises/bridge/", "exercises/swing/"]),
        ("Stretch", ["exercises/fold/"]),
    ]
    parts = plan(site, links, groups)
    assert [p.title for p in parts] == [
        "Introduction",
        "Anatomy",
        "Exercises",
        "Indexes",
        "Glossary",
        "Sources",
        "Appendix",
    ]
    outline = {p.title: [(s.title, [x.url for x in s.pages]) for s in p.sections] for p in parts}
    assert outline["Introduction"] == [(None, ["", "guide/safety/"])]
    assert outline["Anatomy"] == [(None, ["muscles/semitendinosus/", "muscles/biceps-femoris/"])]
    assert outline["Exercises"] == [
        (None, ["exercises/"]),
        ("Strength", ["exercises/bridge/", "exercises/swing/"]),  # the hub's order: easiest first
        ("Stretch", ["exercises/fold/"]),
    ]
    assert outline["Indexes"] == [
        ("By muscle", ["muscles/"]),
        ("By equipment", ["equipment/", "equipment/none/"]),
        ("By goal", ["goals/", "goals/strength/"]),
    ]
    assert outline["Appendix"] == [(None, ["odd/page/"])]
    assert all(p.url != "reference/front-matter/" for part in parts for p in part.pages)
    assert [p.flow for p in parts] == [False, False, False, True, False, False, False]


def test_plan_picks_up_routines_and_a_guide_in_nav_order() -> None:
    site = [
        SitePage("", "Home", 0),
        SitePage("guide/why/", "Why", 2),
        SitePage("guide/safety/", "Safety", 1),
        SitePage("routines/", "Routines", 3),
        SitePage("routines/weekly/", "Weekly"),
        SitePage("routines/ten-minutes/", "Ten"),
    ]
    parts = plan(site, {"routines/": ["routines/ten-minutes/", "routines/weekly/"]})
    assert [[x.url for x in p.pages] for p in parts] == [
        ["", "guide/safety/", "guide/why/"],
        ["routines/", "routines/ten-minutes/", "routines/weekly/"],
    ]


def test_anatomy_is_printed_under_muscle_group_labels() -> None:
    site = [
        SitePage("muscles/", "Muscles"),
        SitePage("muscles/abdominals/", "Abdominals"),
        SitePage("muscles/semitendinosus/", "Semitendinosus"),
        SitePage("muscles/biceps-femoris/", "Biceps femoris"),
    ]
    links = {"muscles/": ["muscles/semitendinosus/", "muscles/biceps-femoris/"]}
    catalog = {
        "vocabularies": {
            "muscle-groups": [
                {"slug": "hamstrings", "name": "Hamstrings"},
                {"slug": "calves", "name": "Calves"},
                {"slug": "core", "name": "Core"},
            ]
        },
        "muscles": [
            {"url": "muscles/abdominals/", "group": "core"},
            {"url": "muscles/biceps-femoris/", "group": "hamstrings"},
            {"url": "muscles/semitendinosus/", "group": "hamstrings"},
        ],
    }
    groups = bookplan.muscle_groups(catalog)
    assert [name for name, _ in groups] == ["Hamstrings", "Core"]  # no empty group
    anatomy = plan(site, links, muscle_groups=groups)[0]
    assert anatomy.title == "Anatomy"
    outline = [(s.title, [x.url for x in s.pages], s.new_page) for s in anatomy.sections]
    assert outline == [
        ("Hamstrings", ["muscles/semitendinosus/", "muscles/biceps-femoris/"], False),
        ("Core", ["muscles/abdominals/"], False),
    ]
    titles = {p.url: p.title for p in site}
    contents = front.contents((anatomy,), titles, {})
    assert contents.index("Hamstrings") < contents.index("Core")
    assert contents.count('class="toc-group"') == 2


def test_exercise_groups_follow_the_kinds_vocabulary() -> None:
    catalog = {
        "vocabularies": {
            "kinds": [
                {"slug": "strength", "name": "Strength"},
                {"slug": "stretch", "name": "Stretch"},
            ]
        },
        "exercises": [
            {"url": "exercises/fold/", "kind": "stretch"},
            {"url": "exercises/bridge/", "kind": "strength"},
        ],
    }
    assert bookplan.exercise_groups(catalog) == [
        ("Strength", ["exercises/bridge/"]),
        ("Stretch", ["exercises/fold/"]),
    ]


def assembled(**bodies: str) -> book.Book:
    articles = {url.replace("_", "/"): parse_article(page(b)) for url, b in bodies.items()}
    site = [SitePage(u, u) for u in articles]
    return book.assemble(plan(site, {}), articles, META)


def test_links_become_in_book_links_or_web_links() -> None:
    result = assembled(
        exercises_bridge_=(
            '<h1 id="bridge">Bridge<a class="headerlink" href="#bridge">¶</a></h1>'
            '<p><a href="../../muscles/semitendinosus/#where">where</a>'
            ' <a href="../../reference/front-matter/">ref</a>'
            ' <a href="https://example.org/x">web</a>'
            ' <a href="#how">how</a></p><h2 id="how">How</h2>'
        ),
        muscles_semitendinosus_='<h1>Semitendinosus</h1><h2 id="where">Where it runs</h2>',
    )
    html = result.html
    assert 'href="#/muscles/semitendinosus/#where"' in html
    assert 'id="/muscles/semitendinosus/#where"' in html
    assert 'href="https://atlas.example/reference/front-matter/"' in html
    assert 'href="https://example.org/x"' in html
    assert 'href="#/exercises/bridge/#how"' in html
    assert 'id="/exercises/bridge/"' in html
    assert "¶" not in html and "../nav/" not in html
    assert result.problems == ()


def test_links_that_cannot_work_on_paper_are_reported_and_unlinked() -> None:
    result = assembled(
        exercises_bridge_=(
            "<h1>Bridge</h1>"
            '<p><a href="../../muscles/semitendinosus/#nowhere">a</a>'
            ' <a href="http://127.0.0.1:8000/muscles/">b</a>'
            ' <a href="file:///etc/passwd">c</a>'
            ' <a href="../fold.md">d</a></p>'
        ),
        muscles_semitendinosus_="<h1>Semitendinosus</h1>",
    )
    assert [p.code for p in result.problems] == [
        "pdf-missing-anchor",
        "pdf-local-link",
        "pdf-scheme",
        "pdf-markdown-link",
    ]
    assert str(result.problems[0]) == (
        "/exercises/bridge/:1:1: warning [pdf-missing-anchor] the link "
        "'../../muscles/semitendinosus/#nowhere' has no '#nowhere' to land on in the book, "
        "so it opens the page. hint: link to a heading that exists on /muscles/semitendinosus/"
    )
    assert "'file:' scheme" in result.problems[2].message
    assert 'href="#/muscles/semitendinosus/"' in result.html  # the page, at least
    hrefs = re.findall(r'href="([^"]*)"', result.html)
    assert hrefs and not [h for h in hrefs if "127.0.0.1" in h or "file:" in h or ".md" in h]


def test_tabs_and_collapsed_blocks_print_open() -> None:
    article = parse_article(
        page(
            '<div class="tabbed-set tabbed-alternate" data-tabs="1:2">'
            '<input checked id="__tabbed_1_1" name="__tabbed_1" type="radio">'
            '<input id="__tabbed_1_2" name="__tabbed_1" type="radio">'
            '<div class="tabbed-labels"><label for="__tabbed_1_1">Floor</label>'
            '<label for="__tabbed_1_2">Bench</label></div>'
            '<div class="tabbed-content"><div class="tabbed-block"><p>On the floor.</p></div>'
            '<div class="tabbed-block"><p>On a bench.</p></div></div></div>'
            '<details class="note"><summary>More</summary><p>Hidden words.</p></details>'
        )
    )
    print_widgets(article)
    text = " ".join(article.get_text(" ").split())
    assert "Floor On the floor. Bench On a bench." in text
    assert "More Hidden words." in text
    assert article.find("details") is None and article.find("input") is None


def test_pdf_is_off_under_serve_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = AtlasPlugin()
    plugin.load_config({"pdf": True})
    monkeypatch.delenv("ATLAS_PDF", raising=False)
    plugin.on_startup(command="build", dirty=False)
    assert plugin._pdf_wanted()
    plugin.on_startup(command="serve", dirty=False)
    assert not plugin._pdf_wanted()
    monkeypatch.setenv("ATLAS_PDF", "1")
    assert plugin._pdf_wanted()
    monkeypatch.setenv("ATLAS_PDF", "0")
    plugin.on_startup(command="build", dirty=False)
    assert not plugin._pdf_wanted()


def test_routine_cards_have_one_place() -> None:
    assert routes.pdf_card("routines/ten-minutes/") == "pdf/routines/ten-minutes.pdf"
    assert routes.pdf_card("routines/") is None
    assert routes.pdf_card("exercises/bridge/") is None


def test_drawings_keep_their_own_references_under_page_scoped_ids() -> None:
    html = (
        '<h1>Bridge</h1><svg aria-labelledby="t"><title id="t">Legs</title>'
        '<defs><pattern id="hatch"></pattern><clipPath id="clip"></clipPath></defs>'
        "<style>#hatch { stroke: red }</style>"
        '<path fill="url(#hatch)" clip-path="url(\'#clip\')" style="fill: url(#hatch)"></path>'
        '<use href="#clip"></use><path fill="url(#elsewhere)"></path></svg>'
    )
    result = assembled(exercises_bridge_=html, muscles_glute_=html)
    assert result.problems == ()
    for key in ("exercises-bridge-svg1-", "muscles-glute-svg1-"):
        assert f'id="{key}hatch"' in result.html
        assert f'fill="url(#{key}hatch)"' in result.html
        assert f'clip-path="url(#{key}clip)"' in result.html
        assert f'style="fill: url(#{key}hatch)"' in result.html
        assert f'href="#{key}clip"' in result.html
        assert f'aria-labelledby="{key}t"' in result.html
        assert f"#{key}hatch {{ stroke: red }}" in result.html
    assert 'fill="url(#elsewhere)"' in result.html  # not the drawing's own: left alone


def test_a_wall_card_keeps_the_lead_and_the_steps() -> None:
    article = parse_article(
        page(
            "<h1>Ten minutes</h1><p>Lead.</p><h2>Why</h2><p>Reasons.</p>"
            "<h2>The exercises</h2><table><tr><td>Bridge</td></tr></table><p>After.</p>"
            "<h2>Sources</h2><ul><li>An article</li></ul>"
        )
    )
    assert card.wall_card(article)
    assert (
        " ".join(article.get_text(" ").split()) == "Ten minutes Lead. The exercises Bridge After."
    )
    prose = parse_article(page("<h1>Plan</h1><p>Lead.</p><h2>Why</h2><p>Reasons.</p>"))
    assert not card.wall_card(prose)
    assert "Reasons." in prose.get_text()


def test_a_wall_card_has_one_step_table_and_no_dangling_see() -> None:
    row = "<tr><td>{}</td><td>{}</td><td>1 × 10</td><td>Slow</td></tr>"
    head = "<thead><tr><th>#</th><th>Exercise</th><th>How much</th><th>Note</th></tr></thead>"
    article = parse_article(
        page(
            "<h1>Plan</h1><p>Weak hamstrings overwork the quadriceps (see "
            '<a href="../../guide/quadriceps-overuse/">Quadriceps overuse</a>). Go.</p>'
            "<h2>The exercises</h2>"
            f"<h3>Warm-up</h3><table>{head}<tbody>{row.format(1, 'Bridge')}</tbody></table>"
            f"<h3>Strength</h3><table>{head}<tbody>{row.format(2, 'Curl')}"
            f"{row.format(3, 'Raise')}</tbody></table>"
        )
    )
    card.drop_see_references(article)
    card.one_step_table(article)
    text = " ".join(article.get_text(" ").split())
    assert "see" not in text and "Quadriceps overuse" not in text
    assert "overwork the quadriceps . Go." in text or "overwork the quadriceps. Go." in text
    tables = article.find_all("table")
    assert len(tables) == 1
    rows = [r.get_text(" ", strip=True) for r in tables[0].find("tbody").find_all("tr")]
    assert rows[0] == "Warm-up" and rows[2] == "Strength"
    assert [r.split()[0] for r in rows[1:2] + rows[3:]] == ["1", "2", "3"]
    assert not article.find("h3")
    assert "Sessions" in card.SESSION_LOG and card.SESSION_LOG.count("card-log-line") == 6
