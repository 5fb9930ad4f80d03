"""The benchmark: `make bench`, or `python -m bench --help`.

Generates synthetic catalogues (the real guide grown to N exercises) in a temporary
directory, measures in one run the builder's stages, a plain material build of the same
pages, the full build, their peak memory, edit -> reload in `mkdocs serve --dirty`, and the
PDF export of the real guide against its site build, then prints a table, checks the
budgets and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import book, catalogue, machine, report, serve

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("stages", "plain", "exported", "full")


@dataclass
class Size:
    """Every measurement of one catalogue size."""

    exercises: int
    muscles: int = 0
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def median(self, kind: str, key: str = "cpu") -> float:
        return statistics.median(r[key] for r in self.runs[kind])

    def stage(self, name: str) -> float:
        return statistics.median(r["stages"][name] for r in self.runs["stages"])


def _child(kind: str, project: Path, site: Path) -> dict[str, Any]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), ATLAS_PDF="0")
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.measure", kind, str(project), str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(f"bench: {kind} build of {project} failed:\n{proc.stderr[-4000:]}")
    shutil.rmtree(site, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def measure_sizes(work: Path, sizes: list[int], runs: int, jobs: int) -> list[Size]:
    results = []
    tasks = []
    for n in sizes:
        made = catalogue.make(ROOT, work / f"catalogue-{n}", n)
        size = Size(n, made.muscles, {k: [] for k in KINDS})
        results.append(size)
        for run in range(runs):
            for kind in KINDS:  # interleaved, so that a burst of load hits every kind alike
                tasks.append((size, kind, made.root, work / f"site-{n}-{kind}-{run}"))
    _say(f"{len(tasks)} builds at {', '.join(map(str, sizes))} exercises, {jobs} at a time")

    def one(task: tuple[Size, str, Path, Path]) -> None:
        size, kind, project, site = task
        result = _child(kind, project, site)
        size.runs[kind].append(result)
        _say(f"{size.exercises:>5} exercises, {kind:<6} {result['cpu']:7.2f} s CPU")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, tasks))
    return results


def measure_serve(work: Path, exercises: int, edits: int) -> dict[str, Any]:
    made = catalogue.make(ROOT, work / f"serve-{exercises}", exercises)
    kit = catalogue.vocabulary_slugs(made.content)["equipment"]
    _say(f"mkdocs serve --dirty at {exercises} exercises: {edits} equipment edits")
    try:
        reloads = serve.measure(made.root, kit, edits, work / "serve.log")
    except serve.ServeError as err:
        return {"exercises": exercises, "error": str(err)}
    for r in reloads:
        _say(
            f"reload {r.seconds:.2f} s, rebuild {r.build_seconds:.2f} s, {r.cpu_seconds:.2f} s CPU"
        )
    return {
        "exercises": exercises,
        "reloads": [r.seconds for r in reloads],
        "builds": [r.build_seconds for r in reloads],
        "cpu": [r.cpu_seconds for r in reloads],
        "checked": len(reloads),
    }


def _pdf_step() -> tuple[str, list[list[str]], list[dict[str, str]]] | None:
    """How this project makes its PDF, if it does: a label, the two commands, their env."""
    from builder.frontdoors.mkdocs_plugin import AtlasConfig

    if "pdf" in dict(AtlasConfig._schema):  # the plugin prints after the build (ATLAS_PDF)
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q"]
        return (
            "`mkdocs build` with the PDF step on (ATLAS_PDF=1) and off (ATLAS_PDF=0)",
            [build, build],
            # no cache: every run prints the whole book (the book table measures reuse)
            [{"ATLAS_PDF": "0"}, {"ATLAS_PDF": "1", "ATLAS_PDF_CACHE": ""}],
        )
    makefile = (ROOT / "Makefile").read_text()
    if any(line.startswith("pdf:") for line in makefile.splitlines()):
        return ("`make pdf` against `make site`", [["make", "site"], ["make", "pdf"]], [{}, {}])
    return None


def measure_pdf(work: Path, runs: int) -> dict[str, Any] | None:
    """The PDF export of the real guide against its site build, when the project has one."""
    step = _pdf_step()
    if step is None:
        return None
    label, commands, envs = step
    out: dict[str, Any] = {"how": label, "site": [], "pdf": []}
    for run in range(runs):
        for name, command, extra in zip(("site", "pdf"), commands, envs, strict=True):
            site = work / f"real-{name}-{run}"
            argv = [*command, "-d", str(site)] if command[0] == sys.executable else command
            proc = subprocess.run(
                [sys.executable, "-m", "bench.measure", "command", str(ROOT), "--", *argv],
                env=dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", **extra),
                capture_output=True,
                text=True,
            )
            if proc.returncode:
                return {"how": label, "error": f"{name} failed:\n{proc.stderr[-2000:]}"}
            out[name].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            _say(f"real guide, {name}: {out[name][-1]['wall']:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes", default="100,1000,5000", help="catalogue sizes (default: 100,1000,5000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default: 3)")
    parser.add_argument("--jobs", type=int, default=2, help="builds at a time (default: 2)")
    parser.add_argument("--serve-at", type=int, default=1000, help="0 to skip (default: 1000)")
    parser.add_argument("--edits", type=int, default=5, help="serve edits (default: 5)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurement")
    parser.add_argument(
        "--book-sizes",
        default="0,100,1000",
        help="book table: catalogue sizes, 0 for the real guide; '' to skip (default: 0,100,1000)",
    )
    parser.add_argument(
        "--one-document-max",
        type=int,
        default=100,
        help="book table: also print as one document up to this size (default: 100)",
    )
    parser.add_argument("--out", type=Path, help="write the report here too (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    started = time.monotonic()
    about = machine.describe(ROOT)
    about["Load average at start"] = machine.load()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        work = Path(tmp)
        results = measure_sizes(work, sizes, args.runs, args.jobs)
        served = measure_serve(work, args.serve_at, args.edits) if args.serve_at else None
        pdf = None if args.no_pdf else measure_pdf(work, args.runs)
        book_sizes = [int(n) for n in args.book_sizes.split(",") if n.strip()]
        books = [book.measure(n, work, args.one_document_max) for n in book_sizes]
    about["Load average at end"] = machine.load()
    about["Benchmark took"] = f"{(time.monotonic() - started) / 60:.1f} min"
    text = report.render(about, results, served, pdf, args, books)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
