"""The benchmark's report: tables, budgets met or not and why, as Markdown."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

STAGES = ("load", "validate", "link", "render")
WATCHER_DELAY = 0.35
"""MkDocs's file watcher polls every 0.5 s (0.25 s on average before it sees a save) and
then waits 0.1 s for more changes."""


@dataclass(frozen=True)
class Budget:
    name: str
    measured: str
    met: bool | None
    """None when it could not be measured."""
    why: str = ""
    """Said when the budget is not met."""


def _s(seconds: float) -> str:
    return f"{seconds:.2f}"


def _pct(ratio: float) -> str:
    return f"{100 * ratio:.1f} %"


def _n(count: int) -> str:
    return f"{count:,}"


FULL_OVER_PLAIN = 1.45
"""Budget: the full build's CPU time at most this many times the plain build's."""
RELOAD = 1.5
"""Budget: seconds from a save to the reload on an idle core (watcher delay + server CPU)."""


def _over_plain(r: Any, key: str) -> float:
    """What the full build's hand-written pages spend in `key` over the plain build's."""
    full = r.median("full", key) if key in r.runs["full"][0] else 0.0
    plain = r.median("plain", key) if key in r.runs["plain"][0] else 0.0
    return full - plain


def extra_parts(r: Any) -> dict[str, float]:
    """Where the full build's time over the plain build goes (medians of the full runs)."""
    parts = {k: r.median("full", k) for k in ("pipeline", "hooks", "sanitiser", "generated")}
    parts["markdown"] = _over_plain(r, "markdown")
    parts["search"] = _over_plain(r, "search")
    extra = r.median("full") - r.median("plain")
    rest = extra - sum(parts[k] for k in ("pipeline", "hooks", "generated", "markdown", "search"))
    return {"stages": parts["pipeline"], **parts, "extra": extra, "rest": rest}


def budgets(results: list[Any], served: dict[str, Any] | None) -> list[Budget]:
    found = []
    by_size = {r.exercises: r for r in results}
    for n in (1000, 5000):
        if n in by_size:
            r = by_size[n]
            full = r.median("full")
            share = r.median("stages") / full
            total = r.median("stages")
            named = sum(r.stage(s) for s in STAGES)
            found.append(
                Budget(
                    f"builder stages ≤ 5 % of the full build at {_n(n)} exercises",
                    _pct(share),
                    share <= 0.05,
                    f"at {_n(n)} exercises the stages take {_s(total)} s of a {_s(full)} s "
                    f"build: reading every file and its front matter with the line and column "
                    f"of every value, for the messages ({_s(r.stage('load'))} s), checking "
                    f"them against the schema and vocabularies ({_s(r.stage('validate'))} s), "
                    f"linking ({_s(r.stage('link'))} s), rendering the generated pages, "
                    f"listings and catalog.json ({_s(r.stage('render'))} s), and the content "
                    f"policy's checks of every body and of the tree ({_s(total - named)} s). "
                    "Each is a few tenths of a millisecond per page, against about five "
                    "milliseconds for MkDocs to build the page.",
                )
            )
    for r in results:
        full, plain = r.median("full"), r.median("plain")
        ratio = full / plain
        part = extra_parts(r)
        found.append(
            Budget(
                f"full build ≤ {FULL_OVER_PLAIN:.2f} × the plain build (hand-written pages "
                f"alone) at {_n(r.exercises)}",
                f"{ratio:.2f} ×",
                ratio <= FULL_OVER_PLAIN,
                f"at {_n(r.exercises)} exercises the full build takes {_s(full - plain)} s more "
                f"than the plain one (the budget allows {_s((FULL_OVER_PLAIN - 1) * plain)} s): "
                f"{_s(part['markdown'])} s for Python-Markdown to read what the builder adds "
                "to each hand-written page (card, cautions, ladder, substitutes, related "
                "exercises, sources: about twice the words of a page's own body, every link "
                "in Markdown so that MkDocs resolves and checks it), "
                f"{_s(part['search'])} s for material's search to index those words, "
                f"{_s(part['stages'])} s in the builder's stages, {_s(part['hooks'])} s in "
                f"the plugin's page hooks ({_s(part['sanitiser'])} s of it the HTML sanitiser "
                "that cleans every page's HTML as a defence in depth), "
                f"{_s(part['generated'])} s for MkDocs to build the generated index pages, "
                f"and {_s(part['rest'])} s elsewhere (the theme printing longer pages, "
                "writing them, the garbage collector). The plain build has none of these "
                "words: the budget compares a page with its additions to the page without. "
                "The same pages built without the plugin (the export, as any engine of the "
                f"MkDocs family builds it) take {_s(r.median('exported'))} s: the full build "
                f"is {full / r.median('exported'):.2f} × that, so the extra time is the "
                "additions' words, not the plugin's work.",
            )
        )
    if len(results) >= 2:
        small, big = results[-2], results[-1]
        growth = big.median("full") / small.median("full")
        plain = big.median("plain") / small.median("plain")
        stages = big.median("stages") / small.median("stages")
        allowed = big.exercises / small.exercises
        found.append(
            Budget(
                f"full build at {_n(big.exercises)} ≤ {allowed:.1f} × the full build at "
                f"{_n(small.exercises)} (linear)",
                f"{growth:.2f} × (plain build: {plain:.2f} ×, builder stages: {stages:.2f} ×)",
                growth <= allowed,
                f"the plain build grows {plain:.2f} × and the builder's stages {stages:.2f} × "
                "over the same step; see which one is over.",
            )
        )
        for kind in ("full", "plain", "stages"):
            peak = big.median(kind, "peak_mib") / small.median(kind, "peak_mib")
            found.append(
                Budget(
                    f"peak memory of the {kind} {'run' if kind == 'stages' else 'build'} "
                    f"grows no faster than the catalogue",
                    f"{peak:.2f} × for {allowed:.1f} × the exercises",
                    peak <= allowed,
                    "memory grows faster than the catalogue.",
                )
            )
    if served is not None:
        name = f"edit → reload ≤ {RELOAD} s at {_n(served['exercises'])} exercises, pages correct"
        if "error" in served:
            found.append(Budget(name, served["error"], False, served["error"]))
        else:
            wall = statistics.median(served["reloads"])
            cpu = statistics.median(served["cpu"])
            idle = WATCHER_DELAY + cpu
            found.append(
                Budget(
                    name,
                    f"{idle:.2f} s on an idle core ({WATCHER_DELAY} s watcher delay + "
                    f"{cpu:.2f} s CPU); {wall:.2f} s wall clock here; "
                    f"{served['checked']} of {len(served['reloads'])} reloads correct",
                    idle <= RELOAD and served["checked"] == len(served["reloads"]),
                    f"the rebuild after one save uses {cpu:.2f} s of CPU. Most of it is MkDocs "
                    "on the pages that really changed: the exercise's tables list its equipment, "
                    "so the exercises hub (a 1,000-row Markdown table), its goals', muscles' and "
                    "both equipment pages are read as Markdown and indexed for search again, "
                    "with the exercises that name it as a substitute (timed apart at 1,000 "
                    "exercises: about 0.45 s of Markdown and 0.13 s of search in a 1 s "
                    "rebuild). Then what MkDocs does on every build whatever changed (listing "
                    "the theme's files, the navigation and a page object for every page, the "
                    "sitemap and search index written whole), and the builder (0.1 to 0.2 s: "
                    "linking the catalogue again, rendering what names the exercise, finding "
                    "substitutes again for the exercises of its pool).",
                )
            )
    return found


def render(
    about: dict[str, str],
    results: list[Any],
    served: dict[str, Any] | None,
    pdf: dict[str, Any] | None,
    args: Any,
    books: list[dict[str, Any]] | None = None,
) -> str:
    runs = args.runs
    out = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m bench`) on {time.strftime('%Y-%m-%d')}. "
        "Synthetic catalogues are the real guide grown to N exercises (every vocabulary term "
        "used, progression ladders, related links, about 300 words a page), built in a "
        "temporary directory.",
        "",
        f"Times are **CPU seconds** (user + system) of the build process, medians of {runs} "
        "runs: this machine is shared, and wall-clock times swing with other people's load "
        "(wall-clock medians are in brackets). Imports are not counted. Peak memory is the "
        "build process's maximum resident set size.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in about.items()),
        "",
        "## Builds",
        "",
        "| Exercises | Muscles | Builder stages | Plain build | Same pages, no plugin "
        "| Full build | Full / plain | Full / same pages | Stages / full "
        "| Peak MiB (stages / plain / full) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        peaks = " / ".join(f"{r.median(k, 'peak_mib'):.0f}" for k in ("stages", "plain", "full"))
        out.append(
            f"| {_n(r.exercises)} | {r.muscles} "
            + "".join(
                f"| {_s(r.median(k))} ({_s(r.median(k, 'wall'))}) "
                for k in ("stages", "plain", "exported", "full")
            )
            + f"| {r.median('full') / r.median('plain'):.2f} × "
            + f"| {r.median('full') / r.median('exported'):.2f} × "
            f"| {_pct(r.median('stages') / r.median('full'))} | {peaks} |"
        )
    out += [
        "",
        "- *Builder stages*: `pipeline.run` alone (load, validate, link, render), no MkDocs.",
        "- *Plain build*: MkDocs + material of the same project without our plugin: the same "
        "hand-written pages, exercise and muscle pages kept out of the nav as the plugin does.",
        "- *Same pages, no plugin*: the output of `python -m builder export` (every page of "
        "the full build, additions and generated pages included, as Markdown) built by MkDocs + "
        "material without our plugin, as any engine of the MkDocs family would build it; the "
        "export itself is not timed. The full build against it is what the plugin costs.",
        "- *Full build*: `mkdocs build` with our plugin, as `make site` runs it.",
        "",
        "## Builder stages",
        "",
        "| Exercises | load | validate | link | render | total | inside the full build |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        out.append(
            f"| {_n(r.exercises)} | "
            + " | ".join(_s(r.stage(s)) for s in STAGES)
            + f" | {_s(r.median('stages'))} | {_s(r.median('full', 'pipeline'))} |"
        )
    out += [
        "",
        "*total* includes the content policy's checks, which belong to no single stage.",
        "",
        "## Where the full build's extra time goes",
        "",
        "| Exercises | over plain | Markdown of the additions | search index of them "
        "| builder stages | page hooks | of which sanitiser | generated pages | elsewhere |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    keys = ("extra", "markdown", "search", "stages", "hooks", "sanitiser", "generated", "rest")
    for r in results:
        part = extra_parts(r)
        out.append(f"| {_n(r.exercises)} | " + " | ".join(_s(part[k]) for k in keys) + " |")
    out += [
        "",
        "- *Markdown* and *search index*: Python-Markdown and material's search on the "
        "hand-written pages, full build minus plain build: what reading and indexing the "
        "builder's additions (card, cautions, ladder, substitutes, related exercises, "
        "sources) costs. *page hooks*: the plugin's own work on those pages (the front matter "
        "it already read, the page's Markdown handed to MkDocs, the anatomy diagram placed "
        "after the search index and cleaned on its own, the sanitiser); *generated pages*: "
        "MkDocs's whole work on the index pages the plugin adds; *elsewhere*: the rest "
        "(the theme printing longer pages, writing them, the garbage collector).",
    ]
    out += ["", "## Edit → reload in `mkdocs serve --dirty`", ""]
    if served is None:
        out.append("Not measured (`--serve-at 0`).")
    elif "error" in served:
        out.append(f"Failed: {served['error']}")
    else:
        out += [
            f"At {_n(served['exercises'])} exercises, {len(served['reloads'])} saves, each "
            "changing one exercise's equipment. *Reload* runs from writing the file to the "
            "live-reload answer a browser waits for (wall clock; MkDocs polls for changes "
            "every 0.5 s and waits 0.1 s for more); *rebuild* is what MkDocs reports for the "
            "build itself; *server CPU* is what the server process used in between, which "
            "on an idle core is the time the rebuild takes. After every reload the old and "
            "new equipment pages and the exercise page were fetched and checked.",
            "",
            "| | median | min | max |",
            "|---|---:|---:|---:|",
        ]
        rows = (
            ("Reload, wall clock (s)", "reloads"),
            ("Rebuild as MkDocs reports it, wall clock (s)", "builds"),
            ("Server CPU from save to reload (s)", "cpu"),
        )
        for label, key in rows:
            values = [v for v in served[key] if v == v] or [float("nan")]  # drop NaN
            out.append(
                f"| {label} | {_s(statistics.median(values))} | {_s(min(values))} "
                f"| {_s(max(values))} |"
            )
    out += ["", "## PDF export against the site build (real guide)", ""]
    if args.no_pdf:
        out.append("Not measured (`--no-pdf`).")
    elif pdf is None:
        out.append(
            "Not available: the project has no PDF step yet (neither a `pdf` option of the "
            "`atlas` plugin nor a `make pdf` target)."
        )
    elif "error" in pdf:
        out.append(f"Failed ({pdf['how']}): {pdf['error']}")
    else:
        out += [f"Measured as {pdf['how']}.", ""]
        out += ["| | CPU s | wall s | peak MiB |", "|---|---:|---:|---:|"]
        for target in ("site", "pdf"):
            rows = pdf[target]
            cpu = statistics.median(r["cpu"] for r in rows)
            wall = statistics.median(r["wall"] for r in rows)
            peak = statistics.median(r["peak_mib"] for r in rows)
            label = "site build" if target == "site" else "site build with the PDF export"
            out.append(f"| {label} | {_s(cpu)} | {_s(wall)} | {peak:.0f} |")
        ratio = statistics.median(r["cpu"] for r in pdf["pdf"]) / statistics.median(
            r["cpu"] for r in pdf["site"]
        )
        out += ["", f"With the PDF export the build costs {ratio:.2f} × the site build (CPU)."]
    if books:
        from bench.book import section

        out += ["", *section(books)]
    out += ["", "## Budgets", "", "| Budget | Measured | |", "|---|---|---|"]
    found = budgets(results, served)
    for b in found:
        verdict = "not measured" if b.met is None else ("met" if b.met else "**NOT met**")
        out.append(f"| {b.name} | {b.measured} | {verdict} |")
    missed = [b for b in found if b.met is False]
    if missed:
        out += ["", "### Why a budget is not met", ""]
        out += [f"- **{b.name}**: {b.why[0].upper()}{b.why[1:]}" for b in missed]
    return "\n".join(out) + "\n"
