"""Print the built site: the whole guide as one book, and a one-page card per routine.

Runs after the site is built (the MkDocs front door calls `export` from `on_post_build`), reads
the pages from the site directory and writes PDFs. The book is printed in parts: `book.assemble`
cuts it into documents of a few pages, each printed by WeasyPrint in a worker process
(builder/outputs/pdfrender.py), several at once, then `pdfjoin` numbers the pages and joins
them. Each printed document is kept in a cache folder under a key of everything it is made from
(its HTML, the stylesheets, the pictures it shows, the paper), so a build prints again only the
documents that changed. Nothing is fetched from the network: only files under the site and the
stylesheet directory may be read. The PDFs carry the build's date, not the clock's; the cards
are tagged.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from builder.model import routes
from builder.model.problems import Problem, problem
from builder.outputs import book, pdfjoin, pdfrender
from builder.outputs.article import SitePage, page_links, parse_article
from builder.outputs.bookplan import DEFAULT_EXCLUDE, Part, exercise_groups, muscle_groups, plan
from builder.outputs.card import card
from builder.outputs.front import Front, Meta, front_document
from builder.pose import printing

BOOK_CSS = "book.css"
CARD_CSS = "card.css"
CACHE_FORMAT = "atlas-pdf-1"
"""Changes when what a cached document holds changes, so older entries are not read."""
CACHE_DAYS = 14
"""Cached documents no build used for this many days are removed."""
SYSTEM_LIBRARIES = {
    "HarfBuzz-Subset": "libharfbuzz-subset0 on Debian and Ubuntu, harfbuzz on Fedora and Homebrew",
}
"""Renderer warnings that mean a system library is missing -> what to install."""


@dataclass(frozen=True)
class Settings:
    """What the export needs to know beyond the pages themselves."""

    site_dir: Path
    stylesheets: Path
    """The directory holding book.css and card.css (overrides/pdf/)."""
    meta: Meta
    paper: str = "a4"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    cache: Path | None = None
    """Where printed documents are kept between builds; None keeps them for this build only."""
    workers: int = 0
    """Processes printing at once; 0 for one per core."""
    chunk: int = book.CHUNK
    """About one page in `chunk` starts a new document of the book."""


@dataclass
class Report:
    """What was written, and everything that went wrong, worded for the build log."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Warnings of the renderer that are not about a page (a missing system library, the
    stylesheets), once each."""
    book: Path | None = None
    pages: int = 0
    cards: list[Path] = field(default_factory=list)
    printed: int = 0
    """Documents printed in this build; the others came from the cache."""
    reused: int = 0


def export(pages: Sequence[SitePage], settings: Settings) -> Report:
    """Write the book and the routine cards into the site directory."""
    report = Report()
    site = settings.site_dir
    articles: dict[str, Any] = {}
    for page in pages:
        source = site / page.url / "index.html"
        if source.is_file():
            articles[page.url] = parse_article(source.read_text("utf-8"))
        else:
            report.problems.append(problem(page.shown, 0, 0, "pdf-missing-page", url=page.url))
    known = [p for p in pages if p.url in articles]
    site_urls = [p.url for p in known]
    links = {p.url: page_links(p.url, articles[p.url], site_urls) for p in known}
    catalog = _catalog(site)
    parts = plan(known, links, exercise_groups(catalog), settings.exclude, muscle_groups(catalog))

    with _Cache(settings, report) as cache:
        cards = _card_tasks(parts, cache)
        assembled = book.assemble(parts, articles, settings.meta, settings.chunk)
        report.problems += assembled.problems
        # the parsed pages are HTML strings now: free their trees (cycles of parent and child
        # links) before the printing and the join, so their memory is not held at the peak
        articles.clear()
        gc.collect()
        blank = cache.task("part", front_document(assembled.front, {}), "")
        docs = [cache.task("part", d.html, d.shown) for d in assembled.docs]
        done = cache.run([blank, *docs, *(task for _, task in cards)])
        for target, task in cards:
            if task.target in done:
                pages_of = done[task.target]["pages"]
                if pages_of > 1:
                    report.problems.append(
                        problem(
                            task.shown, 0, 0, "pdf-card-too-long",
                            pages=pages_of, size=pdfrender.CARD_FONT_SIZES[-1],
                        )
                    )  # fmt: skip
                pdfrender.atomic_write(target, task.target.read_bytes())
                report.cards.append(target)
        _write_book(assembled, [blank, *docs], done, cache)
    return report


def _card_tasks(parts: Sequence[Part], cache: _Cache) -> list[tuple[Path, pdfrender.Job]]:
    """Each routine's card to print: where it goes, and the printing."""
    site = cache.settings.site_dir
    cards = []
    for part in parts:
        for page in part.pages:
            card_url = routes.pdf_card(page.url)
            if card_url is None:
                continue
            copy = parse_article((site / page.url / "index.html").read_text("utf-8"))
            printing.step_frames(copy, printing.frame_finder(site, page.url))
            html, problems = card(page, copy, cache.settings.meta)
            cache.report.problems += problems
            cards.append((site / card_url, cache.task("card", html, page.shown)))
    return cards


def _write_book(
    assembled: book.Book,
    tasks: list[pdfrender.Job],
    done: dict[Path, dict[str, Any]],
    cache: _Cache,
) -> None:
    """Number and join the printed documents (`tasks`: the blank front, then the book's) into
    the book; when one failed, name its page and leave no book (never an older one)."""
    site, meta, report = cache.settings.site_dir, cache.settings.meta, cache.report
    blank, docs = tasks[0], tasks[1:]
    if not cache.failed:
        printed = [pdfjoin.Printed(t.target, done[t.target]["pages"]) for t in docs]
        front = _front(assembled.front, done[blank.target], printed, cache)
        if front is not None:
            report.book = site / routes.PDF_BOOK
            partial = report.book.with_name(f".{report.book.name}.partial")
            stamp = meta.edition.strftime("D:%Y%m%d%H%M%SZ")
            info = pdfjoin.Info(meta.title, meta.subtitle, meta.language, stamp)
            try:
                report.pages = _join_apart([front, *printed], partial, info)
                partial.replace(report.book)
            finally:
                partial.unlink(missing_ok=True)
            return
    (site / routes.PDF_BOOK).unlink(missing_ok=True)
    for doc, task in zip(assembled.docs, docs, strict=True):
        if task.target in cache.failed:
            _failed_pages(doc, task, cache)
    if blank.target in cache.failed:
        cache.fail("(cover and contents)", blank.target)


def _front(
    front: Front, blank: dict[str, Any], printed: list[pdfjoin.Printed], cache: _Cache
) -> pdfjoin.Printed | None:
    """Cover and contents with the page of every entry: printed once the rest is laid out, and
    again if the numbers made the contents longer or shorter. None, reported, if it failed."""
    facts = blank["pages"]
    for _ in range(3):
        guess = pdfjoin.Printed(Path(), facts)
        numbers = pdfjoin.numbering([guess, *printed])
        task = cache.task("part", front_document(front, numbers), "")
        done = cache.run([task])
        if task.target not in done:
            cache.fail("(cover and contents)", task.target)
            return None
        if len(done[task.target]["pages"]) == len(facts):
            return pdfjoin.Printed(task.target, done[task.target]["pages"])
        facts = done[task.target]["pages"]
    return pdfjoin.Printed(task.target, facts)


def _join_apart(documents: list[pdfjoin.Printed], target: Path, info: pdfjoin.Info) -> int:
    """The join, in a process of its own: the whole book's PDF objects are not added to what
    this process already holds (its peak was the largest of the build)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(pdfjoin.join, documents, target, info).result()


_CHAPTER = re.compile(r'(?=<section class="chapter[ "])')


def _failed_pages(doc: book.Doc, task: pdfrender.Job, cache: _Cache) -> None:
    """Name the page that cannot be printed: each page of the failed document is tried alone
    (only when something failed, so it costs nothing otherwise)."""
    head, _, rest = doc.html.partition("<body")
    opening, _, body = rest.partition(">")
    pieces = _CHAPTER.split(body.removesuffix("</body></html>"))[1:]
    if len(pieces) != len(doc.sources) or len(pieces) < 2:
        cache.fail(doc.shown, task.target)
        return
    alone = [
        cache.task("part", f"{head}<body{opening}>{piece}</body></html>", shown)
        for piece, shown in zip(pieces, doc.sources, strict=True)
    ]
    cache.run(alone)
    culprits = [t for t in alone if t.target in cache.failed]
    for culprit in culprits:
        cache.fail(culprit.shown, culprit.target)
    if not culprits:  # only together: name the first page of the run
        cache.fail(doc.shown, task.target)


class _Cache:
    """Printed documents by key, and the pool of processes that prints the missing ones."""

    def __init__(self, settings: Settings, report: Report) -> None:
        self.settings, self.report = settings, report
        self.failed: dict[Path, str] = {}
        """Document -> why it could not be printed."""
        self.sheets = {
            name: (settings.stylesheets / name).read_bytes() for name in (BOOK_CSS, CARD_CSS)
        }
        self.scratch = settings.cache is None
        """Whether the folder is this build's only, removed at the end."""
        self.folder = settings.cache or Path(tempfile.mkdtemp(prefix="atlas-pdf-"))

    def __enter__(self) -> _Cache:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *_: object) -> None:
        if self.scratch:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            self._prune()

    def task(self, kind: str, html: str, shown: str) -> pdfrender.Job:
        """A document to print, under a key of everything it is made from."""
        s, part = self.settings, kind == "part"
        sheet = BOOK_CSS if part else CARD_CSS
        digest = hashlib.sha256()
        words = (CACHE_FORMAT, version("weasyprint"), version("pypdf"), kind, s.paper)
        for word in (*words, pdfrender.IN_PARTS_CSS if part else ""):
            digest.update(word.encode() + b"\0")
        for piece in (self.sheets[sheet], *_pictures(html, s.site_dir)):
            digest.update(piece + b"\0")
        digest.update(html.encode())
        target = self.folder / f"{digest.hexdigest()[:32]}.pdf"
        return pdfrender.Job(kind, html, target, s.site_dir, s.stylesheets, sheet, s.paper, shown)

    def run(self, tasks: Sequence[pdfrender.Job]) -> dict[Path, dict[str, Any]]:
        """Facts of every task's document, printing those not in the cache; a failed or
        missing one is reported and left out."""
        report = self.report
        done: dict[Path, dict[str, Any]] = {}
        todo: list[pdfrender.Job] = []
        for task in tasks:
            facts = self._read(task.target)
            if facts is not None:
                done[task.target] = facts
                report.reused += 1
            elif all(t.target != task.target for t in todo):
                todo.append(task)
        for task, result in zip(todo, self._print(todo), strict=True):
            _warnings(result.get("warnings", []), task.shown, report)
            if "error" in result:
                self.failed[task.target] = result["error"]
                continue
            facts = {"pages": result["pages"]}
            pdfrender.atomic_write(task.target.with_suffix(".json"), json.dumps(facts).encode())
            done[task.target] = facts
            report.printed += 1
        return done

    def fail(self, shown: str, target: Path) -> None:
        """Report that the document printed at `target` failed, as the problem of `shown`."""
        error = self.failed[target]
        self.report.problems.append(problem(shown, 0, 0, "pdf-part-failed", error=error))

    def _print(self, todo: Sequence[pdfrender.Job]) -> list[dict[str, Any]]:
        if not todo:
            return []
        workers = self.settings.workers or len(os.sched_getaffinity(0))
        workers = max(1, min(workers, len(todo)))
        context = multiprocessing.get_context("spawn")  # nothing of the MkDocs process
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(pdfrender.run, task) for task in todo]
            results = []
            for future in futures:
                try:
                    results.append(future.result())
                except Exception as error:  # the worker itself died (memory, a crash)
                    results.append({"error": f"the printing process stopped: {error}"})
            return results

    def _read(self, target: Path) -> dict[str, Any] | None:
        facts_file = target.with_suffix(".json")
        if not (target.is_file() and facts_file.is_file()):
            return None
        try:
            facts: dict[str, Any] = json.loads(facts_file.read_text("utf-8"))
        except ValueError:
            return None
        for used in (target, facts_file):
            os.utime(used)  # now: pruned by the last use
        return facts

    def _prune(self) -> None:
        old = time.time() - CACHE_DAYS * 86400
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json", ".tmp") and path.stat().st_mtime < old:
                path.unlink(missing_ok=True)


_SRC = re.compile(r'\ssrc="([^"#?:]+)"')


def _pictures(html: str, site: Path) -> list[bytes]:
    """The bytes of every local picture a document shows (they are part of what it prints)."""
    paths = {src: site / src for src in sorted(set(_SRC.findall(html)))}
    return [s.encode() + (p.read_bytes() if p.is_file() else b"") for s, p in paths.items()]


def _warnings(messages: Sequence[str], shown: str, report: Report) -> None:
    """A warning about what a page asks for (a file from elsewhere) is that page's problem;
    one about the machine or the stylesheets is a notice, given once."""
    for message in messages:
        library = next((lib for key, lib in SYSTEM_LIBRARIES.items() if key in message), None)
        if library is not None:
            notice = (
                f"PDF: a system library is missing ({message}); install {library}, "
                "or build with ATLAS_PDF=0"
            )
        elif "not fetched, the PDF is built offline" in message or "Failed to load" in message:
            found = problem(shown or "(cover and contents)", 0, 0, "pdf-renderer", message=message)
            if found not in report.problems:
                report.problems.append(found)
            continue
        else:
            notice = f"PDF renderer (WeasyPrint): {message}"
        if notice not in report.notices:
            report.notices.append(notice)


def _catalog(site: Path) -> dict[str, Any]:
    """The built site's catalog.json ({} when it has none): the book's groups come from it."""
    catalog = site / routes.CATALOG_JSON
    return json.loads(catalog.read_text("utf-8")) if catalog.is_file() else {}
