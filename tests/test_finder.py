"""The exercise finder in real Chromium, checked against catalog.json (never against counts
written down here): its filtering core, the form, the URL state."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import heading, load_catalog
from pagetypes import FACETS, choices, entries, expected_matches


@pytest.fixture(scope="module")
def catalog(real_site: Path) -> dict[str, Any]:
    return load_catalog(real_site)


@pytest.fixture
def finder(served_site: str, open_page: Any) -> Any:
    visit = open_page(served_site + "finder/")
    yield visit.page
    visit.assert_no_console_errors()


def shown(page: Any) -> list[str]:
    """Every result, after drawing the pages not drawn yet (the finder draws a page at a time)."""
    page.evaluate(
        "() => { const more = document.querySelector('.atlas-finder__more');"
        " while (more && !more.hidden) more.click(); }"
    )
    return page.locator(".atlas-result").evaluate_all("items => items.map(i => i.dataset.slug)")


def tick(page: Any, facet: str, value: str) -> None:
    page.locator(f'input[name="{facet}"][value="{value}"]').click()


def states(catalog: dict[str, Any]) -> list[dict[str, list[str]]]:
    """Every single choice, every pair of choices within a facet, one choice from each of two
    facets, and the whole of 'what I have' taken one item away at a time."""
    result: list[dict[str, list[str]]] = [{}]
    for facet in FACETS:
        values = choices(catalog, facet)
        result += [{facet: [v]} for v in values]
        result += [{facet: list(pair)} for pair in itertools.combinations(values, 2)]
    for a, b in itertools.combinations(FACETS, 2):
        for va, vb in itertools.product(choices(catalog, a), choices(catalog, b)):
            result.append({a: [va], b: [vb]})
    kit = choices(catalog, "equipment")
    result += [{"equipment": [k for k in kit if k != missing]} for missing in kit]
    return result


def test_the_filtering_core_agrees_with_the_catalogue(catalog: dict, finder: Any) -> None:
    cases = states(catalog)
    got = finder.evaluate(
        "states => states.map(s => AtlasFinder.filter(ATLAS_CATALOG, s).map(e => e.slug))", cases
    )
    expected = [expected_matches(catalog, s) for s in cases]
    assert len({len(e) for e in expected}) > 2, "the cases should give results of many sizes"
    for state, want, have in zip(cases, expected, got, strict=True):
        assert have == want, state


def test_the_catalogue_script_holds_the_same_data_as_catalog_json(
    catalog: dict, finder: Any
) -> None:
    assert finder.evaluate("ATLAS_CATALOG") == catalog


def test_ticking_narrows_and_widens_the_list_and_the_url_keeps_it(
    catalog: dict, finder: Any, served_site: str, open_page: Any
) -> None:
    total = len(entries(catalog))
    noun = "exercises and variations" if total > len(catalog["exercises"]) else "exercises"
    assert shown(finder) == expected_matches(catalog, {})
    assert finder.locator("#atlas-finder-count").inner_text() == f"All {total} {noun} shown."

    # A goal that some but not all exercises serve, then a second goal: OR widens the list.
    goals = choices(catalog, "goal")
    first = min(goals, key=lambda g: (len(expected_matches(catalog, {"goal": [g]})), g))
    tick(finder, "goal", first)
    one_goal = expected_matches(catalog, {"goal": [first]})
    assert shown(finder) == one_goal and 0 < len(one_goal) < total
    second = max(goals, key=lambda g: (len(expected_matches(catalog, {"goal": [g]})), g))
    tick(finder, "goal", second)
    two_goals = expected_matches(catalog, {"goal": [first, second]})
    assert shown(finder) == two_goals and len(two_goals) > len(one_goal)

    # A difficulty as well: AND across facets narrows it.
    level = catalog["vocabularies"]["difficulty"][0]["slug"]
    state = {"goal": [first, second], "difficulty": [level]}
    tick(finder, "difficulty", level)
    assert shown(finder) == expected_matches(catalog, state)
    assert set(shown(finder)) <= set(two_goals)
    count = finder.locator("#atlas-finder-count").inner_text()
    assert count == f"{len(shown(finder))} of {total} {noun} match."

    # The state is in the URL, in facet order, and a fresh page restores it.
    # Values follow the order of the form, which is the vocabulary's.
    in_form = [t["slug"] for t in catalog["vocabularies"]["goals"] if t["slug"] in (first, second)]
    query = f"?goal={','.join(in_form)}&difficulty={level}"
    assert finder.url.endswith("finder/" + query)
    again = open_page(served_site + "finder/" + query).page
    assert shown(again) == shown(finder)
    checked = again.locator("input:checked").evaluate_all(
        "boxes => boxes.map(b => b.name + '=' + b.value)"
    )
    assert sorted(checked) == sorted([f"goal={first}", f"goal={second}", f"difficulty={level}"])

    finder.get_by_role("button", name="Clear all filters").click()
    assert shown(finder) == expected_matches(catalog, {})
    assert finder.url.endswith("finder/")


def test_what_i_have_lists_only_exercises_whose_kit_is_all_ticked(
    catalog: dict, finder: Any
) -> None:
    tick(finder, "equipment", "none")
    nothing = expected_matches(catalog, {"equipment": ["none"]})
    assert shown(finder) == nothing
    assert all(ex["equipment"] == ["none"] for ex in entries(catalog) if ex["slug"] in nothing)
    # One more item adds exactly the exercises that need that item alone (or nothing).
    item = next(
        k
        for k in choices(catalog, "equipment")
        if k != "none" and expected_matches(catalog, {"equipment": [k]})
    )
    tick(finder, "equipment", item)
    both = expected_matches(catalog, {"equipment": ["none", item]})
    assert shown(finder) == both and set(nothing) < set(both)
    assert finder.url.endswith(f"?equipment=none,{item}")


def test_unknown_values_in_the_url_are_dropped(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    level = catalog["vocabularies"]["difficulty"][0]["slug"]
    page = open_page(served_site + f"finder/?difficulty={level},no-such-level&colour=red").page
    assert shown(page) == expected_matches(catalog, {"difficulty": [level]})
    assert page.url.endswith(f"finder/?difficulty={level}")


def test_each_result_shows_title_summary_difficulty_and_equipment(
    catalog: dict, finder: Any
) -> None:
    names = {
        vocab: {t["slug"]: t["name"] for t in catalog["vocabularies"][vocab]}
        for vocab in ("difficulty", "equipment")
    }
    names["equipment"]["none"] = "No equipment"
    assert len(shown(finder)) == len(entries(catalog))  # every page of results drawn
    for ex in entries(catalog):
        item = finder.locator(f'.atlas-result[data-slug="{ex["slug"]}"]')
        text = item.inner_text()
        assert item.locator("h3 a").inner_text() == ex["title"]
        assert item.locator("h3 a").get_attribute("href") == "../" + ex["url"]
        assert ex["summary"] in text
        assert f"Difficulty: {names['difficulty'][ex['difficulty']]}" in text
        kit = ", ".join(names["equipment"][k] for k in ex["equipment"])
        assert f"Equipment: {kit}" in text
        if "variation_of" in ex:
            assert f"A variation of {ex['variation_of']}" in text


def test_a_result_leads_to_its_exercise_page(catalog: dict, finder: Any) -> None:
    first = catalog["exercises"][0]
    finder.locator(f'.atlas-result[data-slug="{first["slug"]}"] h3 a').click()
    finder.wait_for_url(f"**/{first['url']}")
    assert heading(finder) == first["title"]


def test_without_javascript_the_page_points_to_the_term_pages(
    browser: Any, served_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "finder/")
    fallback = page.locator("#atlas-finder-fallback")
    assert fallback.is_visible()
    hrefs = fallback.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"../muscles/", "../equipment/", "../goals/"} <= set(hrefs)
    assert not page.locator("#atlas-finder").is_visible()
    context.close()


def test_a_runner_on_a_phone_reaches_an_exercise_in_three_taps(
    catalog: dict, served_site: str, open_page: Any
) -> None:
    visit = open_page(served_site, "phone")
    page = visit.page
    page.locator("article a", has_text="Find an exercise").click()  # 1
    page.wait_for_url("**/finder/")
    page.locator('input[name="equipment"][value="none"]').click()  # 2
    first = expected_matches(catalog, {"equipment": ["none"]})[0]
    page.locator(f'.atlas-result[data-slug="{first}"] h3 a').click()  # 3
    exercise = next(e for e in entries(catalog) if e["slug"] == first)
    page.wait_for_url(f"**/{exercise['url']}")
    assert heading(page) == exercise["title"] and exercise["equipment"] == ["none"]
    visit.assert_no_console_errors()


def test_the_filters_work_from_the_keyboard(catalog: dict, finder: Any) -> None:
    level = catalog["vocabularies"]["difficulty"][-1]["slug"]
    box = finder.locator(f'input[name="difficulty"][value="{level}"]')
    box.focus()
    finder.keyboard.press("Space")
    assert box.is_checked()
    assert shown(finder) == expected_matches(catalog, {"difficulty": [level]})


# The look of a control that can show focus: its outline and shadow, and its chip's.
LOOK = """el => [el, el.closest('.atlas-chip')].filter(Boolean).map(part => {
    const s = getComputedStyle(part);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ');
}).join(' | ')"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_control_draws_a_visible_focus_indicator(
    scheme: str, served_site: str, open_page: Any
) -> None:
    page = open_page(served_site + "finder/", "desktop", scheme).page
    shown(page)  # every result drawn, so that Tab meets no control drawn on the way
    page.evaluate("() => document.activeElement.blur()")
    controls = page.locator(
        "#atlas-finder :is(input, summary, button:not([hidden]), a[href])"
    ).evaluate_all(f"(els, look) => els.map((el, i) => (el.dataset.i = i, ({LOOK})(el)))", None)
    # From the heading's permalink, Tab walks into the finder as a keyboard user does.
    page.locator("h1 a.headerlink").focus()
    reached = {}
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"() => {{ const a = document.activeElement;"
            f" return a.closest('#atlas-finder') ? [a.dataset.i, ({LOOK})(a)] : null; }}"
        )
        if focused is None:
            break
        index, look = focused
        reached[int(index)] = look
    assert len(reached) == len(controls), "Tab should reach every control of the finder"
    unchanged = [i for i, look in reached.items() if look == controls[i]]
    names = page.locator("#atlas-finder [data-i]").evaluate_all(
        "els => els.map(e => e.outerHTML.slice(0, 80))"
    )
    assert unchanged == [], [names[i] for i in unchanged]
    for look in reached.values():
        # Something drawn: a solid outline of some width, or a shadow.
        assert "solid" in look or "rgb" in look.split(" | ")[-1], look


CLS = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const shift of list.getEntries()) if (!shift.hadRecentInput) total += shift.value;
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => done(total), 1500);
})"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_finder_does_not_shift_the_page_while_it_builds(
    viewport: str, served_site: str, open_page: Any
) -> None:
    page = open_page(served_site + "finder/", viewport).page
    assert page.evaluate(CLS) <= 0.02


def test_a_thousand_exercises_stay_instant(catalog: dict, served_site: str, browser: Any) -> None:
    """A catalogue of over 1,000 exercises (copies of the real ones): the finder draws one page
    of results, and a click answers in well under the 100 ms that feel instant."""
    copies = -(-1000 // len(catalog["exercises"]))
    big = dict(catalog)
    big["exercises"] = [
        {**ex, "slug": f"{ex['slug']}-{n}", "title": f"{ex['title']} {n}"}
        for n in range(copies)
        for ex in catalog["exercises"]
    ]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route(
        "**/catalog.js",
        lambda route: route.fulfill(
            body="window.ATLAS_CATALOG = " + json.dumps(big) + ";",
            content_type="text/javascript",
        ),
    )
    page.goto(served_site + "finder/")
    drawn = page.locator(".atlas-result").count()
    assert 0 < drawn <= 60 and page.locator(".atlas-finder__more").is_visible()
    level = catalog["vocabularies"]["difficulty"][0]["slug"]
    took = page.evaluate(
        """level => { const box = document.querySelector(`input[value="${level}"]`);
        const start = performance.now(); box.click(); return performance.now() - start; }""",
        level,
    )
    assert took < 50, f"a click took {took:.0f} ms"
    assert page.locator(".atlas-result").count() <= 60
    page.locator(".atlas-finder__more").click()
    assert page.locator(".atlas-result").count() > drawn
    context.close()


def test_results_and_the_exercises_hub_show_a_thumbnail_per_exercise_that_resolves(
    catalog: dict, finder: Any, real_site: Path
) -> None:
    assert len(shown(finder)) == len(entries(catalog))
    for ex in catalog["exercises"]:
        assert ex["thumbnail"] and (real_site / ex["thumbnail"]).is_file(), ex["slug"]
        img = finder.locator(f'.atlas-result[data-slug="{ex["slug"]}"] img.atlas-thumb')
        assert img.get_attribute("alt") == ""  # decorative: the title names it
        assert img.evaluate("i => i.decode().then(() => i.naturalWidth > 0)"), ex["slug"]
    hub = (real_site / "exercises/index.html").read_text("utf-8")
    thumb = r'<img[^>]*class="atlas-thumb"[^>]*src="\.\./pose/([a-z0-9-]+)\.svg"'
    shown_in_hub = re.findall(thumb, hub)
    assert sorted(set(shown_in_hub)) == sorted(ex["slug"] for ex in catalog["exercises"])
    assert all((real_site / "pose" / f"{slug}.svg").is_file() for slug in shown_in_hub)
