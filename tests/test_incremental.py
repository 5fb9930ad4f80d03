"""The `mkdocs serve --dirty` path gives exactly the pages a clean build gives.

Each test replays a series of edits: after every edit, the cached path (one plugin object,
dirty rebuilds) must agree with a clean run of the same tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, build_env
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench import catalogue
from builder import pipeline
from builder.cache import Cache, CompiledTemplates
from builder.model.entities import Catalogue
from builder.stages.load import Paths
from builder.stages.lookup import Lookup
from builder.stages.policy.tree import check_generated, check_tree, discover
from builder.stages.substitutes import Index
from builder.stages.view import page_view

AN_HOUR_AGO = time.time() - 3600


def _age(root: Path) -> None:
    """Make every file look saved long ago, as in a session where nothing is being typed."""
    for path in root.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    # Newer than any output, whatever the file system's timestamp granularity.
    later = time.time() + 5
    os.utime(path, (later, later))


def _save(path: Path, text: str) -> None:
    """Write a page as saved a minute ago: not "racily clean", so the cache may keep it."""
    path.write_text(text, "utf-8")
    past = time.time() - 60
    os.utime(path, (past, past))


def _change(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} does not contain {old!r}"
    _save(path, text.replace(old, new, 1))


def _edits(
    content: Path, edit: Callable[[Path, str, str], None] = _edit
) -> list[tuple[str, Callable[[], None]]]:
    """Edits of every kind a generated page depends on, in the order a writer might make them.

    `_edit` makes a file newer than any output, as MkDocs's --dirty needs; `_change` lets
    the cache keep the file once read, so that later runs rely on what it kept.
    """
    ex, data, muscles = content / "exercises", content / "_data", content / "muscles"
    new_page = (ex / "band-curl.md").read_text("utf-8").replace("Band curl", "Band curl hold")
    pose = (
        "pose: {root: [shoulders, feet], start: {trunk: -90, hip: 55, knee: 107, ankle: -50}, "
        "end: {trunk: -115, neck: 25, hip: 0, knee: 98, ankle: -15}}\n"
    )
    return [
        ("nothing", lambda: None),
        (
            "an exercise's equipment",
            lambda: edit(ex / "swing.md", "[kettlebell]", "[kettlebell, resistance-band]"),
        ),
        (
            "an exercise's title",
            lambda: edit(ex / "bridge.md", "title: Bridge", "title: Hip lift"),
        ),
        (
            "equipment: none -> kit",
            lambda: edit(ex / "fold.md", "equipment: none", "equipment: [kettlebell]"),
        ),
        ("a ladder", lambda: edit(ex / "bridge.md", "progressions: [single-leg-bridge]\n", "")),
        # Leaves the pool that swing's substitutes are chosen from.
        ("an exercise's kind", lambda: edit(ex / "bridge.md", "kind: strength", "kind: stretch")),
        # Fold substitutes for swing's kettlebell again, though no page of swing named it.
        (
            "kit -> equipment: none",
            lambda: edit(ex / "fold.md", "equipment: [kettlebell]", "equipment: none"),
        ),
        # Swing joins the bridges' movement: similar to them now.
        ("a movement pattern", lambda: edit(ex / "swing.md", "n: hinge", "n: hip-extension")),
        (
            "a muscle page",
            lambda: edit(muscles / "biceps-femoris.md", "The outer hamstring.", "The outer one."),
        ),
        (
            "a vocabulary term",
            lambda: edit(data / "equipment.yml", "An elastic band.", "A stretchy band."),
        ),
        # What exercise cards show of muscles and terms (cache.Outputs keeps views).
        (
            "a muscle's title",
            lambda: edit(muscles / "biceps-femoris.md", "title: Biceps femoris", "title: Biceps"),
        ),
        ("a term's name", lambda: edit(data / "equipment.yml", "name: Kettlebell", "name: Bell")),
        (
            "a routine",
            lambda: edit(content / "routines/quick.md", "reps: 10}", "reps: 12, note: Slowly}"),
        ),
        (
            "a guide page",
            lambda: edit(content / "guide/why.md", "title: Why train them", "title: Why"),
        ),
        # Its drawn frames (memo.Memo keeps them while the exercise is the same object).
        (
            "an exercise drawn",
            lambda: edit(ex / "bridge.md", "legs: both\n", f"legs: both\n{pose}"),
        ),
        ("its pose changed", lambda: edit(ex / "bridge.md", "neck: 25", "neck: 35")),
        ("a new exercise", lambda: _save(ex / "band-curl-hold.md", new_page)),
        ("a page removed", lambda: (ex / "band-curl-hold.md").unlink()),
    ]


@pytest.fixture
def site(tiny: Path) -> Path:
    _age(tiny)
    return tiny


def _snapshot(result: pipeline.Result) -> object:
    assert result.rendered is not None, [str(p) for p in result.problems]
    r = result.rendered
    return (
        [str(p) for p in result.problems],
        r.pages,
        r.heads,
        r.feet,
        r.catalog_json,
        r.diagrams,
        r.frames,
    )


def test_cached_runs_equal_clean_runs_after_each_edit(site: Path) -> None:
    content, cache = site / "content", Cache()
    pipeline.run(content, site, cache=cache)
    for what, edit in _edits(content, _change):
        edit()
        cached = pipeline.run(content, site, cache=cache)
        assert _snapshot(cached) == _snapshot(pipeline.run(content, site)), what


def _append(path: Path, text: str) -> None:
    _save(path, path.read_text("utf-8") + text)


def _policy_edits(content: Path) -> list[tuple[str, Callable[[], None]]]:
    """Edits that make or clear content-policy problems, in pages and in the files around them."""
    fold, why, notes = content / "exercises/fold.md", content / "guide/why.md", content / "notes.md"
    image, more = content / "img/fold.png", content / "guide/more.md"
    stray = content / "exercises/more/page.md"
    bands, term = content / "equipment/bands/index.md", "bands:\n  name: Bands\n  definition: x\n"
    page = (content / "guide/why.md").read_text("utf-8").replace("Why train them", "More")
    return [
        ("a page without front matter", lambda: _save(notes, "Notes.\n")),
        ("raw HTML in a body", lambda: _append(why, "\n<script>alert(1)</script>\n")),
        ("raw HTML out again", lambda: _change(why, "<script>alert(1)</script>", "")),
        ("raw HTML without front matter", lambda: _append(notes, "\n<iframe></iframe>\n")),
        ("a link to a missing image", lambda: _append(fold, "\n![Fold](../img/fold.png)\n")),
        ("the image added", lambda: (image.parent.mkdir(), image.write_bytes(b"\x89PNG"))),
        ("the image removed", lambda: image.unlink()),
        ("the image is a folder", lambda: image.mkdir()),
        ("the image back", lambda: (image.rmdir(), image.write_bytes(b"\x89PNG"))),
        ("notes fixed", lambda: _change(notes, "<iframe></iframe>", "")),
        ("a link to a missing page", lambda: _append(fold, "\n[More](../guide/more.md)\n")),
        ("the page added", lambda: _save(more, page)),
        ("the page removed", lambda: more.unlink()),
        # The tree: what discovery and the tree checks report (kept while it does not change).
        ("a file a browser would run", lambda: _save(content / "evil.html", "<p>hi</p>\n")),
        ("that file removed", lambda: (content / "evil.html").unlink()),
        ("a hidden page", lambda: _save(content / "guide/.draft.md", "Draft.\n")),
        ("a stray page", lambda: (stray.parent.mkdir(), _save(stray, page))),
        ("the tree tidied", lambda: _tidy(content)),
        ("a page beside a generated one", lambda: _save(content / "goals.md", "Goals.\n")),
        ("that page removed", lambda: (content / "goals.md").unlink()),
        ("a page renamed to the missing one", lambda: why.rename(more)),
        ("its name back", lambda: more.rename(why)),
        # The same tree, but a generated page more: where a hand-written page already is.
        (
            "a page in a folder",
            lambda: (bands.parent.mkdir(parents=True), _save(bands, "Bands.\n")),
        ),
        ("a term with that URL", lambda: _append(content / "_data/equipment.yml", term)),
    ]


def _tidy(content: Path) -> None:
    for name in ("guide/.draft.md", "exercises/more/page.md"):
        (content / name).unlink()
    (content / "exercises/more").rmdir()


def test_cached_policy_checks_equal_clean_ones_after_each_edit(site: Path) -> None:
    """The body and link checks kept across rebuilds report what a clean run reports."""
    content, cache = site / "content", Cache()
    pipeline.run(content, site, cache=cache)
    seen: set[str] = set()
    for what, edit in _policy_edits(content):
        edit()
        cached = [str(p) for p in pipeline.run(content, site, cache=cache).problems]
        assert cached == [str(p) for p in pipeline.run(content, site).problems], what
        seen.update(cached)
    # The edits did make the problems the caches must notice coming and going.
    codes = ("raw-html", "missing-target", "active-file", "hidden-file", "stray-page")
    for code in (*codes, "url-collision"):
        assert any(f"[{code}]" in p for p in seen), code


def test_one_edit_reads_one_file_and_renders_only_what_it_touches(site: Path) -> None:
    content, cache = site / "content", Cache()
    first = pipeline.run(content, site, cache=cache)
    assert first.rendered is not None
    pipeline.run(content, site, cache=cache)
    assert cache.reads == 0
    renders = len(first.rendered.feet) * 2 + cache.memo.hits
    _edit(content / "exercises/fold.md", "Forward fold", "Standing fold")
    pipeline.run(content, site, cache=cache)
    assert cache.reads == 1
    assert 0 < cache.memo.hits < renders


def test_a_file_read_again_unchanged_keeps_its_objects(site: Path) -> None:
    """A file saved just before a rebuild is read again at the next one (it may still change
    within its timestamp's tick); unchanged, it counts as unchanged."""
    content, cache = site / "content", Cache()
    fold = content / "exercises/fold.md"
    fold.write_text(fold.read_text("utf-8").replace("Forward fold", "Standing fold"), "utf-8")
    first = pipeline.run(content, site, cache=cache)
    pipeline.run(content, site, cache=cache)
    all_kept = cache.memo.hits
    again = pipeline.run(content, site, cache=cache)
    assert cache.reads == 1
    assert first.catalogue is not None and again.catalogue is not None
    assert again.catalogue.exercises["fold"] is first.catalogue.exercises["fold"]
    assert cache.memo.hits == all_kept > 0


def _tree(root: Path) -> dict[str, str]:
    """Every output file's digest, but the search index's: its entries, by location."""
    digests = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name != "search_index.json":
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return digests


def _search_entries(root: Path) -> set[str]:
    docs = json.loads((root / "search/search_index.json").read_text("utf-8"))["docs"]
    return {json.dumps(d, sort_keys=True) for d in docs}


def _clean_build(site: Path, out: Path) -> Path:
    """A clean build in its own process, so that it shares nothing with the serve session."""
    args = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--clean", "-q"]
    proc = subprocess.run(
        [*args, "-d", str(out), "-f", str(site / "mkdocs.yml")],
        cwd=site,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_dirty_serve_rebuilds_give_the_clean_build_after_each_edit(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `mkdocs serve --dirty` does: one configuration and plugin object, dirty rebuilds."""
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", build_env()["SOURCE_DATE_EPOCH"])
    served = tmp_path / "served"
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(served), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        for what, edit in _edits(site / "content"):
            edit()
            build(config, dirty=True)
            expected = _tree(_clean_build(site, tmp_path / "clean"))
            got = _tree(served)
            assert got == expected, (
                what
            )  # a removed page's output too (builder/frontdoors/preview.py)
            # Material's search merges a --dirty rebuild into its previous index assuming one
            # page was rebuilt, so stale entries of other rebuilt pages stay until a restart;
            # every entry of the clean index must be there all the same.
            assert _search_entries(tmp_path / "clean") <= _search_entries(served), what
    finally:
        config.plugins.on_shutdown()


def test_serve_rebuilds_compile_an_edited_theme_template_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve keeps the theme's compiled templates across rebuilds, never past an edit."""
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", build_env()["SOURCE_DATE_EPOCH"])
    served = tmp_path / "served"
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(served), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        templates = config.plugins["atlas"].cache.templates
        assert templates is not None and templates.code, "the compiled templates were not kept"
        meta = '<meta name="atlas-edited" content="yes">'
        _edit(site / "overrides/main.html", "{% block styles %}", "{% block styles %}" + meta)
        build(config)
        assert meta in (served / "index.html").read_text("utf-8")
        assert _tree(served) == _tree(_clean_build(site, tmp_path / "clean"))
    finally:
        config.plugins.on_shutdown()


def test_compiled_templates_are_kept_only_for_the_same_source_and_settings() -> None:
    compiled = CompiledTemplates()
    sources = {"page.html": "{{ 'Hamstring' | shout }}"}

    def render(shout: Callable[[str], str]) -> str:
        env = jinja2.Environment(
            loader=jinja2.DictLoader(sources), bytecode_cache=compiled, auto_reload=False
        )
        env.filters["shout"] = shout
        return env.get_template("page.html").render()

    assert render(str.upper) == "HAMSTRING"
    assert render(str.upper) == "HAMSTRING" and compiled.code
    # The compiler calls filters on constants: other filters must not get this code.
    assert render(str.lower) == "hamstring"
    sources["page.html"] = "{{ 'Hamstring' | shout }}!"
    assert render(str.lower) == "hamstring!"


def test_page_views_read_only_what_serve_keeps_them_by(site: Path) -> None:
    """Serve renders a page's card again only when the page's exercise or muscle, a muscle
    or a vocabulary changed (memo.Memo): a view must read nothing else."""
    result = pipeline.run(site / "content", site)
    full = result.catalogue
    assert full is not None and result.rendered is not None
    for src in [*result.rendered.feet, *result.rendered.pages]:
        stem = src.rsplit("/", 1)[-1].removesuffix(".md")
        ex = full.exercises.get(stem)
        own = {stem: ex} if ex is not None and src == ex.src else {}
        bare = Catalogue(own, full.muscles, full.vocabularies)
        assert page_view(bare, src) == page_view(full, src), src


def test_catalog_json_from_kept_entries_is_what_the_encoder_writes_for_the_whole(
    site: Path,
) -> None:
    """Serve keeps each exercise's catalog.json entry encoded; the file must not change."""
    content, cache = site / "content", Cache()
    for run in (pipeline.run(content, site, cache=cache), pipeline.run(content, site)):
        assert run.rendered is not None
        text = run.rendered.catalog_json
        whole = json.dumps(
            json.loads(text), ensure_ascii=False, separators=(",", ":"), sort_keys=True
        )
        assert text == whole + "\n"


def test_a_build_that_stops_midway_leaves_no_stale_substitutes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Substitutes are found again for what changed since the last build that finished."""
    content, cache = site / "content", Cache()
    pipeline.run(content, site, cache=cache)
    # Fold needs no kit and substitutes for swing's kettlebell; now it needs one too.
    _change(content / "exercises/fold.md", "equipment: none", "equipment: [kettlebell]")

    def stop(*args: object) -> None:
        raise RuntimeError("stopped")

    with monkeypatch.context() as patched:
        patched.setattr(Lookup, "substitutes", stop)
        with pytest.raises(RuntimeError):
            pipeline.run(content, site, cache=cache)
    assert _snapshot(pipeline.run(content, site, cache=cache)) == _snapshot(
        pipeline.run(content, site)
    )


def test_discovery_and_tree_checks_read_only_names_and_kinds(site: Path) -> None:
    """Serve keeps them while nothing under content/ is added, removed or renamed (see
    cache.Cache.tree): they must read nothing else of the files."""
    content = site / "content"
    for name in ("evil.html", "guide/.draft.md", "goals.md", "exercises/more/page.md"):
        (content / name).parent.mkdir(exist_ok=True)
        (content / name).write_text("x", "utf-8")

    def checks() -> object:
        paths = Paths(content, site)
        sources, entries, found = discover(content, paths.shown)
        generated = ["goals/index.md", "catalog.json"]
        tree = check_tree(entries, paths.shown)
        return (
            sources,
            found,
            tree,
            check_generated(entries, sources, generated, paths.shown),
        )

    before = checks()
    assert all(before), "every check has something to report"
    for path in content.rglob("*"):
        if path.is_file():  # other bytes, another size, another time
            path.write_bytes(path.read_bytes() * 2 + b"\n")
            os.utime(path, (1, 1))
    assert checks() == before


def _grown_edits(content: Path) -> list[tuple[str, Callable[[], None]]]:
    """Edits of a grown catalogue, chosen from what its pages say."""
    pages = sorted((content / "exercises").glob("bench-*.md"))
    text = {p: p.read_text("utf-8") for p in pages}
    related = re.compile(r"^related: \[([a-z0-9-]+)", re.MULTILINE)
    one_kit = re.compile(r"^equipment: \[([a-z0-9-]+)\]$", re.MULTILINE)
    named = next(  # a generated page (its title is quoted), not one of the guide's own
        content / f"exercises/{m.group(1)}.md"
        for p in pages
        if (m := related.search(text[p])) and m.group(1).startswith("bench-")
    )
    kit = next(p for p in pages if one_kit.search(text[p]))
    old_kit = one_kit.search(text[kit]).group(0)  # type: ignore[union-attr]
    unrelated = [p for p in pages if "\nrelated:" not in text[p]]
    pattern = re.search(r"^pattern: .*$", text[pages[3]], re.MULTILINE).group(0)  # type: ignore[union-attr]
    routine = content / "routines/ten-minute-workout.md"
    step = f"steps:\n  - {{exercise: {pages[7].stem}, sets: 1, reps: 10}}\n"
    return [
        ("a title other pages name", lambda: _change(named, 'title: "', 'title: "Renamed ')),
        # Needing no kit, it substitutes for more exercises: some whose pages never named it.
        ("kit -> equipment: none", lambda: _change(kit, old_kit, "equipment: none")),
        ("a routine step", lambda: _change(routine, "steps:\n", step)),
        (
            "a related link",
            lambda: _change(
                unrelated[0], "\nsources:", f"\nrelated: [{unrelated[1].stem}]\nsources:"
            ),
        ),
        ("a movement pattern", lambda: _change(pages[3], pattern, "pattern: hinge")),
    ]


def test_cached_runs_equal_clean_runs_on_a_grown_catalogue(tmp_path: Path) -> None:
    """On the tiny site every exercise shares every other's substitutes pool; on a grown one
    most pages skip working out their inputs (memo.Memo._unchanged), and must still agree."""
    made = catalogue.make(ROOT, tmp_path / "grown", 150)
    _age(made.root)
    content, cache, skipped = made.content, Cache(), 0
    pipeline.run(content, made.root, cache=cache)
    for what, edit in _grown_edits(content):
        edit()
        cached = pipeline.run(content, made.root, cache=cache)
        assert _snapshot(cached) == _snapshot(pipeline.run(content, made.root)), what
        skipped += len(cache.memo.unchanged)
    assert skipped > 0


def test_a_page_gains_a_substitute_it_never_named(site: Path) -> None:
    """Swing's pages stop naming fold once fold needs a kettlebell too; when it needs nothing
    again, swing's substitutes gain it: the memo must not keep swing's pages as unchanged."""
    content, cache = site / "content", Cache()
    fold = content / "exercises/fold.md"
    pipeline.run(content, site, cache=cache)
    for old, new in (("none", "[kettlebell]"), ("[kettlebell]", "none")):
        _change(fold, f"equipment: {old}", f"equipment: {new}")
        cached = pipeline.run(content, site, cache=cache)
        assert _snapshot(cached) == _snapshot(pipeline.run(content, site)), new


def test_similar_exercises_come_from_the_substitutes_pool(tmp_path: Path) -> None:
    """What lets the memo see that an exercise's similar exercises did not change: they are
    found again whenever its substitutes are (memo.Memo._unchanged)."""
    made = catalogue.make(ROOT, tmp_path / "grown", 150)
    cat = pipeline.run(made.content, made.root).catalogue
    assert cat is not None
    view, index = Lookup(cat), Index(cat)
    similar = {slug: {e.slug for e in view.similar(ex)} for slug, ex in cat.exercises.items()}
    assert any(similar.values())
    for slug, ex in cat.exercises.items():
        assert similar[slug] <= index.pool_of(ex), slug
