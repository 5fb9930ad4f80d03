"""The book at scale: `python -m bench.book` (part of `make bench`).

For the real guide and synthetic catalogues (the real guide grown to N exercises), in one run:
the site build without the PDF, the same build printing the book from an empty cache (printed
in parts, in parallel), the rebuild after editing one exercise's body (the cache kept), and,
up to --one-document-max exercises, the same book HTML printed as one WeasyPrint document (as
the project did before). CPU is user + system of the build and every process it started; peak
memory is the largest single process (the build, or one printing worker). Prints JSON lines
and writes a Markdown table.

    python -m bench.book [--sizes 0 100 1000] [--one-document-max 100] [--out FILE]

Size 0 is the real guide.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import catalogue

ROOT = Path(__file__).resolve().parent.parent


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """CPU (user + system, children included), wall and the largest process's peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # GNU time's %M: the largest resident set of the command and everything it waited for
    timed = ["/usr/bin/time", "-f", "peak %M", *argv]
    proc = subprocess.run(timed, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"bench.book: {' '.join(argv)} failed:\n{proc.stderr[-3000:]}")
    return {
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "wall": wall,
        "peak_mb": int(proc.stderr.rsplit("peak ", 1)[1].split()[0]) / 1024,
    }


def _env(pdf: bool, cache: Path) -> dict[str, str]:
    return dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(ROOT),
        ATLAS_PDF="1" if pdf else "0",
        ATLAS_PDF_CACHE=str(cache),
        SOURCE_DATE_EPOCH="1700000000",
    )


def _build(project: Path, site: Path, pdf: bool, cache: Path) -> dict[str, float]:
    argv = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    return _run(argv, project, _env(pdf, cache))


def _page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def _words(texts: list[str]) -> list[str]:
    return [re.sub(r"[0-9]+", "#", " ".join(t.split())) for t in texts]


def _edit(project: Path) -> str:
    """Add a sentence to the body of one exercise in the middle of the catalogue."""
    pages = sorted(p for p in (project / "content/exercises").glob("*.md") if p.stem != "index")
    page = pages[len(pages) // 2]
    text = page.read_text("utf-8").rstrip("\n")
    page.write_text(text + "\n\nKeep the movement slow and even on every repetition.\n", "utf-8")
    return page.relative_to(project).as_posix()


def one_document(site: Path, stylesheets: Path) -> None:
    """Print the built site's book as one WeasyPrint document (the way before parts)."""
    from weasyprint import CSS, HTML

    from builder.outputs import article, book, bookplan, front

    pages = []
    for index in sorted(site.rglob("index.html")):
        url = index.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        if url.split("/", 1)[0] in ("search", "assets", "pdf"):
            continue
        pages.append(article.SitePage(url, url))
    articles = {
        p.url: article.parse_article((site / p.url / "index.html").read_text()) for p in pages
    }
    links = {p.url: article.page_links(p.url, articles[p.url], articles) for p in pages}
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    parts = bookplan.plan(pages, links, bookplan.exercise_groups(catalog))
    meta = front.Meta("Hamstring Atlas", "", front.edition_date("1700000000"), "https://x.org/")
    assembled = book.assemble(parts, articles, meta)
    count_refs = ".page-num::after { content: target-counter(attr(data-target), page) }"
    document = HTML(string=assembled.html, base_url=site.resolve().as_uri() + "/").render(
        stylesheets=[CSS(filename=str(stylesheets / "book.css")), CSS(string=count_refs)]
    )
    out = site / "one-document.pdf"
    document.write_pdf(out, pdf_tags=True)
    print(json.dumps({"pages": len(document.pages)}))


def measure(size: int, work: Path, one_document_max: int) -> dict[str, Any]:
    if size:
        project = catalogue.make(ROOT, work / f"catalogue-{size}", size).root
    else:
        project = work / "guide"
        shutil.copytree(
            ROOT,
            project,
            ignore=shutil.ignore_patterns(
                ".venv", "site", "build", ".cache", "node_modules", ".git", "test-artifacts"
            ),
        )
    cache = work / f"cache-{size}"
    row: dict[str, Any] = {"exercises": size or "guide"}
    row["site"] = _build(project, work / f"site-{size}-a", False, cache)
    row["book"] = _build(project, work / f"site-{size}-b", True, cache)
    pdf = work / f"site-{size}-b/pdf/hamstring-atlas.pdf"
    before = _page_texts(pdf)
    row["pages"] = len(before)
    row["mb"] = pdf.stat().st_size / 1e6
    row["again"] = _build(project, work / f"site-{size}-c", True, cache)
    row["identical"] = (work / f"site-{size}-c/pdf/hamstring-atlas.pdf").read_bytes() == (
        pdf.read_bytes()
    )
    row["edited"] = _edit(project)
    row["edit"] = _build(project, work / f"site-{size}-d", True, cache)
    after = _page_texts(work / f"site-{size}-d/pdf/hamstring-atlas.pdf")
    row["pages_after"] = len(after)
    row["pages_differing"] = sum(a != b for a, b in zip(before, after, strict=False)) + abs(
        len(after) - len(before)
    )
    # pages whose words changed, page numbers aside (a page added moves every later number)
    matcher = difflib.SequenceMatcher(None, _words(before), _words(after), autojunk=False)
    row["pages_reworded"] = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    if size <= one_document_max:
        argv = [sys.executable, "-m", "bench.book", "--one-document", str(work / f"site-{size}-a")]
        row["one"] = _run(argv, ROOT, _env(False, cache))
    print(json.dumps(row), flush=True)
    return row


def table(rows: list[dict[str, Any]]) -> str:
    def book_cpu(row: dict[str, Any], key: str) -> float:
        return row[key]["cpu"] - row["site"]["cpu"]

    out = [
        "| exercises | pages | site build CPU | book CPU (wall) | book CPU/page | book ÷ site "
        "| peak memory (largest process) | edit one exercise: book CPU (wall) | edit ÷ full "
        "| pages that differ (in words) | same bytes twice | one document: CPU (wall), peak |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        cpu = book_cpu(row, "book")
        edit = book_cpu(row, "edit")
        wall = row["book"]["wall"] - row["site"]["wall"]
        edit_wall = row["edit"]["wall"] - row["site"]["wall"]
        one = row.get("one")
        one_text = (
            f"{one['cpu']:.0f} s ({one['wall']:.0f} s), {one['peak_mb']:.0f} MB"
            if one
            else "not run"
        )
        out.append(
            f"| {row['exercises']} | {row['pages']} | {row['site']['cpu']:.1f} s "
            f"| {cpu:.1f} s ({wall:.0f} s) | {cpu / row['pages']:.3f} s "
            f"| {row['book']['cpu'] / row['site']['cpu']:.1f} × "
            f"| {max(row['book']['peak_mb'], row['edit']['peak_mb']):.0f} MB "
            f"| {edit:.1f} s ({edit_wall:.0f} s) | {edit / cpu:.0%} "
            f"| {row['pages_differing']} ({row['pages_reworded']}) of {row['pages_after']} "
            f"| {row['identical']} "
            f"| {one_text} |"
        )
    return "\n".join(out)


def _verdict(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def section(rows: list[dict[str, Any]]) -> list[str]:
    """The book table, how it was measured, and the issue's must-hold figures."""
    out = [
        "## The book at scale",
        "",
        "Measured by `python -m bench.book` (also run by `make bench`): `mkdocs build --strict` "
        "without the PDF (ATLAS_PDF=0), then with it from an empty cache, again with the cache "
        "(same bytes?), then after adding a sentence to one exercise's body. Book CPU is the "
        "build with the PDF minus the build without it; CPU counts every process (the printing "
        "workers too) and imports; peak memory is the largest single process (GNU time). "
        '"One document" prints the same book HTML as one WeasyPrint document, as the '
        'project did before printing in parts, on the built site of the row. "Pages that '
        'differ" compares the text of each page before and after the edit (pdftotext).',
        "",
        table(rows),
        "",
    ]
    guide = next((r for r in rows if r["exercises"] == "guide"), None)
    big = next((r for r in rows if r["exercises"] == 1000), None)
    checks = []
    if guide:
        checks.append(
            f"- Real guide: {guide['pages']} pages, same bytes on a second build: "
            f"{_verdict(guide['identical'])}."
        )
        edit = (guide["edit"]["cpu"] - guide["site"]["cpu"]) / (
            guide["book"]["cpu"] - guide["site"]["cpu"]
        )
        checks.append(
            f"- Real guide, edit rebuild ≤ 40 % of the full book: {edit:.0%}, "
            f"{_verdict(edit <= 0.4)}."
        )
    if guide and big:

        def per_page(row: dict[str, Any]) -> float:
            return (row["book"]["cpu"] - row["site"]["cpu"]) / row["pages"]

        ratio = per_page(big) / per_page(guide)
        peak = max(big["book"]["peak_mb"], big["edit"]["peak_mb"])
        times = big["book"]["cpu"] / big["site"]["cpu"]
        edit = (big["edit"]["cpu"] - big["site"]["cpu"]) / (big["book"]["cpu"] - big["site"]["cpu"])
        checks += [
            f"- 1,000 exercises, CPU per page ≤ 1.3 × the guide's: {ratio:.2f} ×, "
            f"{_verdict(ratio <= 1.3)}.",
            f"- 1,000 exercises, peak memory ≤ 1.5 GB: {peak:.0f} MB, {_verdict(peak <= 1536)}.",
            f"- 1,000 exercises, build with the book ≤ 10 × the site build: {times:.1f} ×, "
            f"{_verdict(times <= 10)}.",
            f"- 1,000 exercises, edit rebuild ≤ 20 % of the full book: {edit:.0%}, "
            f"{_verdict(edit <= 0.2)}.",
        ]
    if checks:
        out += ["Must hold (issue: the book at scale):", "", *checks]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 100, 1000])
    parser.add_argument("--one-document-max", type=int, default=100)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--one-document", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_document:
        one_document(args.one_document, ROOT / "overrides/pdf")
        return
    with tempfile.TemporaryDirectory(prefix="atlas-book-bench-") as tmp:
        rows = [measure(n, Path(tmp), args.one_document_max) for n in args.sizes]
    text = "\n".join(section(rows))
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
