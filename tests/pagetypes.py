"""Which page of the built site stands for each page type, chosen from the catalogue."""

from __future__ import annotations

import re
from typing import Any

import pytest

DIFFICULTY_UNKNOWN = 99
HUBS = {"exercises", "muscles", "equipment", "goals", "routines"}  # section index pages
GUIDE_PAGE = "guide/training-plan/"  # a hand-written guide page with a table


def page_types(catalog: dict[str, Any]) -> dict[str, str | None]:
    """Page type -> site-relative URL (None when the site has no page of that type yet)."""
    exercises = catalog["exercises"]
    # The exercise with the longest ladder and the muscle worked by most exercises show the most.
    exercise = max(exercises, key=lambda e: (len(e["easier"]) + len(e["harder"]), e["slug"]))
    muscle = max(
        catalog["muscles"], key=lambda m: (len(m["primary"]) + len(m["secondary"]), m["slug"])
    )
    used_goals = {g for e in exercises for g in e["goals"]}
    goal = next(t["slug"] for t in catalog["vocabularies"]["goals"] if t["slug"] in used_goals)
    routines = catalog.get("routines") or []
    return {
        "home": "",
        "exercise": exercise["url"],
        "muscle": muscle["url"],
        "equipment": "equipment/none/",
        "goal": f"goals/{goal}/",
        "routine": routines[0]["url"] if routines else None,
        "finder": "finder/",
        # The hubs, and the pages made of one long list or table.
        "exercises": "exercises/",
        "muscles": "muscles/",
        "equipment-hub": "equipment/",
        "goals": "goals/",
        "routines": "routines/",
        "sources": "sources/",
        "reference": "reference/front-matter/",
        "guide": GUIDE_PAGE,
    }


def page_type_url(catalog: dict[str, Any], page_type: str) -> str:
    """The URL of a page of this type, or the test is skipped: the site has none yet."""
    url = page_types(catalog)[page_type]
    if url is None:
        pytest.skip(f"the site has no {page_type} page yet")
    return url


def offline_url(url: str) -> str:
    """A directory URL as the offline build (no directory URLs) writes it."""
    page, hash_, anchor = url.partition("#")
    if page == "" or page.rstrip("/") in HUBS:
        page += "index.html"
    else:
        page = re.sub(r"/$", ".html", page)
    return page + hash_ + anchor


def search_word(catalog: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A word that appears in one exercise title only, and that exercise."""
    titles = {
        e["slug"]: set(re.findall(r"[a-z]{5,}", e["title"].lower())) for e in catalog["exercises"]
    }
    for ex in catalog["exercises"]:
        others = set().union(*(w for s, w in titles.items() if s != ex["slug"]))
        unique = sorted(titles[ex["slug"]] - others)
        if unique:
            return unique[0], ex
    raise AssertionError("every title word is shared; pick the search word differently")


# The finder's semantics, written again in Python so the browser's answers can be checked.

FACETS = ("muscle", "equipment", "goal", "difficulty", "kind", "legs")


def facet_values(ex: dict[str, Any], facet: str) -> list[str]:
    if facet == "muscle":
        return ex["primary_muscles"] + ex["secondary_muscles"]
    if facet == "equipment":
        return ex["equipment"] or ["none"]
    if facet == "goal":
        return ex["goals"]
    return [ex[facet]]


def entries(catalog: dict[str, Any]) -> list[dict[str, Any]]:
    """What the finder lists: the exercises, and their variations with the kit, difficulty and
    legs of their own and the rest of their exercise's."""
    result = []
    for ex in catalog["exercises"]:
        result.append(ex)
        for v in ex.get("variations", []):
            result.append(
                {
                    **ex,
                    "slug": f"{ex['slug']}#{v['anchor']}",
                    "url": v["url"],
                    "title": f"{ex['title']}: {v['title']}",
                    "summary": v["summary"],
                    "variation_of": ex["title"],
                    **{k: v[k] for k in ("equipment", "difficulty", "legs") if k in v},
                }
            )
    return result


def expected_matches(catalog: dict[str, Any], state: dict[str, list[str]]) -> list[str]:
    """Slugs the finder should list: AND across facets, OR within one, and 'what I have'
    (equipment) as a subset test; easiest first, then by title."""
    rank = {t["slug"]: i for i, t in enumerate(catalog["vocabularies"]["difficulty"])}
    found = []
    for ex in entries(catalog):
        ok = True
        for facet, chosen in state.items():
            if not chosen:
                continue
            values = set(facet_values(ex, facet))
            ok = ok and (
                values <= set(chosen) if facet == "equipment" else bool(values & set(chosen))
            )
        if ok:
            found.append(ex)
    found.sort(key=lambda e: (rank.get(e["difficulty"], DIFFICULTY_UNKNOWN), e["title"]))
    return [e["slug"] for e in found]


def choices(catalog: dict[str, Any], facet: str) -> list[str]:
    """The values some exercise has for a facet, sorted."""
    return sorted({v for ex in entries(catalog) for v in facet_values(ex, facet)})
