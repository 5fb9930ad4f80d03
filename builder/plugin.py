"""The MkDocs front door: run the pipeline, add virtual pages, log problems."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup
from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from builder import book, pipeline, provenance, routes, sanitize, yamltree
from builder.cache import Cache, Compiled, Outputs
from builder.problems import Severity
from builder.render import TEMPLATE_SUBDIR, Heading, catalog_script
from builder.view import page_view

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
PDF_STYLES = "pdf"
"""The print stylesheets' directory in the theme's custom_dir (overrides/pdf/)."""
VIEW_KEY = "atlas"
"""page.meta key holding builder.view's data for the theme."""
FOOT = '<div id="atlas-foot"></div>'
"""Where the marker puts a page's foot (its generated sections) until its HTML is made."""
_ID = re.compile(r'\sid="([^"]*)"')
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")


class AtlasConfig(Config):
    enabled = c.Type(bool, default=True)
    pdf = c.Type(bool, default=False)
    """Print the book and routine cards after a build (not under `serve` unless ATLAS_PDF=1)."""
    pdf_paper = c.Choice(("a4", "letter"), default="a4")
    pdf_exclude = c.ListOfItems(c.Type(str), default=list(book.DEFAULT_EXCLUDE))
    """URL prefixes of pages left out of the book."""
    pdf_cache = c.Type(str, default=".cache/pdf")
    """Printed parts of the book kept between builds (relative to mkdocs.yml; '' for none).
    ATLAS_PDF_CACHE overrides it."""
    pdf_copy_from = c.Optional(c.Type(str))
    """Copy the PDFs of this built site (relative to mkdocs.yml) instead of printing them: the
    offline copy takes the main site's."""


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Generates the index pages and per-page blocks of Hamstring Atlas."""

    def __init__(self) -> None:
        self.result: pipeline.Result | None = None
        self.command = "build"
        self.nav_order: dict[str, int] = {}
        self.printed: dict[str, book.SitePage] = {}
        """URL -> page seen in this build, for the PDF step."""
        self.cache: Cache | None = None
        self.feet: dict[str, str] = {}
        self.read: dict[str, tuple[str, dict[str, Any]]] = {}
        """Source path -> a section page's Markdown body and front matter, as the builder read
        them (for on_page_read_source and on_page_markdown)."""
        """Source path -> the foot placed into the page's HTML at on_post_page."""
        self.outputs: Outputs | None = None
        self.compiled: Compiled | None = None
        self.frozen = False
        """Whether on_serve froze the objects alive after the first build (see there)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining this hook makes `mkdocs serve` keep this object across rebuilds.
        self.command = command
        self.on_shutdown()
        if command == "serve":
            self.cache, self.compiled = Cache(), Compiled()
            if dirty:
                self.outputs = Outputs(Path(tempfile.mkdtemp(prefix="atlas-generated-")))

    def on_shutdown(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        if self.outputs is not None:
            shutil.rmtree(self.outputs.directory, ignore_errors=True)
        self.cache = self.outputs = self.compiled = None

    def _overrides(self, config: MkDocsConfig) -> list[Path]:
        custom_dir = config.theme.custom_dir
        return [Path(custom_dir)] if custom_dir else []

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.result = None  # serve keeps this object between builds
        self.nav_order, self.printed, self.feet, self.read = {}, {}, {}, {}
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path).parent if config.config_file_path else None
        if self.cache is not None:
            self.cache.start_run()
        building = self.command != "serve" and not self.frozen
        if building:  # what the run makes lives until the build ends: see below
            gc.disable()
        try:
            result = pipeline.run(Path(config.docs_dir), root, self._overrides(config), self.cache)
        finally:
            gc.enable()
        for p in result.problems:
            (log.error if p.severity is Severity.ERROR else log.warning)(str(p))
        if not result.ok or result.rendered is None:
            errors = sum(p.severity is Severity.ERROR for p in result.problems)
            raise PluginError(f"Hamstring Atlas: {errors} error(s) in the content, listed above.")
        # What MkDocs needs of the section pages as read; their YAML trees can go now.
        self.read = {s: (p.body, yamltree.plain(p.front)) for s, p in result.pages.items()}
        self.result = result = dataclasses.replace(result, pages={})
        stale = self.outputs.update(result, page_view) if self.outputs else set()
        if building:
            # The catalogue and everything rendered live until the build ends. The collector
            # need not walk them again and again while the builder makes them (it was paused),
            # nor later while MkDocs builds the pages: after one pass for the run's garbage,
            # they are frozen. Thawed in on_post_build.
            gc.collect()
            gc.freeze()
            self.frozen = True
        for file in list(files):
            if (
                file.src_uri.startswith(routes.DATA_DIR + "/")
                or _is_template(file)
                or self._is_print_stylesheet(file, config)
            ):
                files.remove(file)
            elif routes.reached_by_index(file.src_uri):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for src, markdown in sorted(result.rendered.pages.items()):
            if src not in result.merged:
                inclusion = (
                    InclusionLevel.NOT_IN_NAV
                    if routes.reached_by_index(src)
                    else InclusionLevel.UNDEFINED
                )
                if self.outputs is not None:  # on disk, so --dirty can skip it when unchanged
                    path = str(self.outputs.path(src))
                    file = File.generated(config, src, abs_src_path=path, inclusion=inclusion)
                else:
                    file = File.generated(config, src, content=markdown, inclusion=inclusion)
                file.edit_uri = provenance.sources(src)[0]  # a vocabulary, or no edit button
                files.append(file)
        files.append(
            File.generated(config, routes.CATALOG_JSON, content=result.rendered.catalog_json)
        )
        files.append(
            File.generated(
                config, routes.CATALOG_JS, content=catalog_script(result.rendered.catalog_json)
            )
        )
        for file in files:
            if file.src_uri in stale:  # its output is out of date: make --dirty rebuild it
                Path(file.abs_dest_path).unlink(missing_ok=True)
        return files

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A section page's Markdown as the builder read it: MkDocs need not read the file
        and parse its front matter again (on_page_markdown sets the page's meta)."""
        read = self.read.get(page.file.src_uri)
        # After a blank line MkDocs finds no front matter, nor MultiMarkdown's "key: value".
        return None if read is None else "\n" + read[0]

    @event_priority(100)  # first, so that other plugins see the page's meta
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        read = self.read.get(page.file.src_uri)
        if read is not None:  # the front matter as written: the schema says what it means
            page.meta = read[1]
        page.meta.pop(VIEW_KEY, None)  # only the plugin sets it, never front matter
        sanitize.escape_meta(page.meta)
        if self.result is None or self.result.rendered is None:
            return markdown
        rendered, src = self.result.rendered, page.file.src_uri
        if src == routes.FINDER:
            page.meta["template"] = routes.FINDER_TEMPLATE  # pages may not choose templates
        if page.file.generated_by is not None and src in rendered.pages:
            docs = Path(config.docs_dir).name
            return f"{markdown.rstrip()}\n\n{provenance.note(src, docs)}"
        if src in self.result.merged:
            return markdown.replace(routes.MARKER, _without_title(rendered.pages[src]), 1)
        foot = rendered.feet.get(src)
        if foot is None:
            return markdown
        head = rendered.heads.get(src, "")  # exercises have none: their cautions are a lead
        if routes.MARKER in markdown:
            return head + markdown.replace(routes.MARKER, FOOT, 1)
        return f"{head}{markdown.rstrip()}\n"

    @event_priority(-100)  # last, so nothing added to the content after it escapes cleaning
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.result is not None and self.result.rendered is not None:
            html = self.result.rendered.leads.get(page.file.src_uri, "") + html
            html = self._with_foot(html, page)
        return sanitize.clean(html)

    def _with_foot(self, html: str, page: Page) -> str:
        """Mark where the page's foot (HTML, see builder/render.py) goes and put its headings
        into the page's contents, as if Markdown had made them. The foot itself goes in with
        the listings, after search: its sections hold nothing but links to other pages."""
        assert self.result is not None and self.result.rendered is not None
        rendered, src = self.result.rendered, page.file.src_uri
        foot = rendered.feet.get(src)
        if foot is None:
            return html
        taken = set(_ID.findall(html))
        headings = []
        for heading in rendered.headings.get(src, ()):
            unique = _unique_id(heading.id, taken)
            if unique != heading.id:  # the body has a heading of that name: number it, as toc does
                moved = dataclasses.replace(heading, id=unique)
                foot, heading = foot.replace(heading.html(), moved.html(), 1), moved
            taken.add(unique)
            headings.append(heading)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(h.id for h in headings)
        self.feet[src] = foot
        at = html.find(FOOT)
        if at < 0:
            _append_to_toc(page.toc, headings)
            return f"{html.rstrip()}\n{FOOT}\n"
        page.toc = _insert_into_toc(page.toc, headings, html[:at])
        return html

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.compiled is not None and env.bytecode_cache is None:
            env.bytecode_cache = self.compiled  # serve: the theme's templates compiled once
        env.globals["atlas_once"] = _once_per_build()
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_order = {page.url: i for i, page in enumerate(nav.pages)}
        return nav

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        """The card's data for the theme; every page links to the book, a routine page also
        to its one-page card."""
        if self.result is not None and self.result.catalogue is not None:
            # Made now, just before the theme draws the page, and dropped once it is drawn:
            # kept from Markdown time, thousands of them would be alive at once, and walked by
            # every full pass of the garbage collector.
            view = page_view(self.result.catalogue, page.file.src_uri)
            if view is not None:
                page.meta[VIEW_KEY] = view  # read by overrides/partials/atlas/
        if self._pdf_wanted() and self._copy_ready(config):  # no link to a missing PDF
            card = routes.pdf_card(page.url)
            context["atlas_pdf"] = {
                "book": get_relative_url(routes.PDF_BOOK, page.url),
                "card": get_relative_url(card, page.url) if card else None,
            }
            if not self.config.pdf_copy_from:  # what the book needs from the page
                self.printed[page.url] = book.SitePage(
                    page.url,
                    page.title or "",
                    self.nav_order.get(page.url),
                    self._shown(page, config),
                )
        return context

    def _thaw_build(self) -> None:
        if self.frozen and self.command != "serve":  # serve's stay frozen until shutdown
            gc.unfreeze()
            self.frozen = False

    def on_build_error(self, *, error: Exception) -> None:
        self._thaw_build()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._thaw_build()
        if not self._pdf_wanted():
            return
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        if self.config.pdf_copy_from:
            if self._copy_ready(config):
                self._copy_pdfs(root / self.config.pdf_copy_from, Path(config.site_dir))
            else:
                log.info(f"no PDFs: {self.config.pdf_copy_from}/{routes.PDF_BOOK} is missing")
            return
        from builder import pdf

        started = time.perf_counter()
        cache = os.environ.get("ATLAS_PDF_CACHE", self.config.pdf_cache).strip()
        settings = pdf.Settings(
            site_dir=Path(config.site_dir),
            stylesheets=self._stylesheets(config),
            meta=book.Meta(
                title=config.site_name,
                subtitle=config.site_description or "",
                edition=book.edition_date(os.environ.get("SOURCE_DATE_EPOCH")),
                site_url=config.site_url or "",
                language=config.theme.get("language") or "en",
            ),
            paper=self.config.pdf_paper,
            exclude=tuple(self.config.pdf_exclude),
            cache=root / cache if cache else None,
        )
        report = pdf.export([self.printed[url] for url in sorted(self.printed)], settings)
        for p in report.problems:
            (log.error if p.severity is Severity.ERROR else log.warning)(str(p))
        for notice in report.notices:
            log.warning(notice)
        if report.book is not None:
            log.info(
                f"PDF: {routes.PDF_BOOK}, {report.pages} pages, "
                f"{report.book.stat().st_size / 1e6:.1f} MB, and {len(report.cards)} routine "
                f"card(s) in {time.perf_counter() - started:.1f} s ({report.printed} parts "
                f"printed, {report.reused} from the cache)"
            )

    def _copy_ready(self, config: MkDocsConfig) -> bool:
        """Printing, or copying PDFs that exist: `make site` builds the site before the offline
        copy; an offline copy built alone has no PDF, and no link to one."""
        if not self.config.pdf_copy_from:
            return True
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (root / self.config.pdf_copy_from / routes.PDF_BOOK).is_file()

    def _copy_pdfs(self, source_site: Path, site: Path) -> None:
        """The offline copy links the same PDFs as the site: copied, not printed again."""
        source = source_site / routes.PDF_BOOK
        target = site / "pdf"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source.parent, target)

    def _pdf_wanted(self) -> bool:
        """On for builds when configured; ATLAS_PDF=1 or 0 overrides, e.g. to print under serve."""
        if not self.config.enabled or not self.config.pdf:
            return False
        wanted = os.environ.get("ATLAS_PDF", "").strip()
        if wanted in ("0", "1"):
            return wanted == "1"
        return self.command != "serve"

    def _shown(self, page: Page, config: MkDocsConfig) -> str:
        """A page's file as messages show it: 'content/exercises/bridge.md'."""
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        source = Path(config.docs_dir) / page.file.src_uri
        try:
            return os.path.relpath(source, root)
        except ValueError:  # another drive on Windows
            return str(source)

    def _is_print_stylesheet(self, file: File, config: MkDocsConfig) -> bool:
        """overrides/pdf/*.css style the PDFs; the site does not publish them."""
        if not file.src_uri.startswith(PDF_STYLES + "/") or not file.abs_src_path:
            return False
        source = Path(file.abs_src_path)
        return any(source.is_relative_to(d) for d in self._overrides(config))

    def _stylesheets(self, config: MkDocsConfig) -> Path:
        for directory in self._overrides(config):
            if (directory / PDF_STYLES).is_dir():
                return directory / PDF_STYLES
        raise PluginError(
            f"Hamstring Atlas: the print stylesheets are missing: expected {PDF_STYLES}/ "
            "(book.css, card.css) in the theme's custom_dir."
        )

    @event_priority(50)  # before other plugins see the page's final HTML
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Put the page's foot and generated listings in: after Markdown, and after the search
        plugin indexed the page (they list other pages' titles: that would only clutter the
        results, and make the search index every phone loads larger)."""
        page.meta.pop(VIEW_KEY, None)
        if self.result is None or self.result.rendered is None:
            return output
        blocks = self.result.rendered.blocks.get(page.file.src_uri, {})
        foot = self.feet.pop(page.file.src_uri, None)
        in_foot = [p for p in blocks if p in foot] if foot is not None else []
        if foot is not None:  # its listings go into the foot first: a short string to search
            for placeholder in in_foot:
                foot = foot.replace(placeholder, blocks[placeholder], 1)
            output = output.replace(FOOT, foot, 1)
        for placeholder, block in blocks.items():
            if placeholder not in in_foot:
                output = output.replace(placeholder, block, 1)
        return output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(TEMPLATES))
        for directory in self._overrides(config):
            server.watch(str(directory))
        # What the first build leaves in memory (our caches, MkDocs, the theme) lives as long
        # as the server. Frozen, it is no longer walked by the garbage collector's full
        # passes, which come every other rebuild or so and took 0.2 s each at 1,000
        # exercises. Garbage is collected first; frozen objects are still freed when unused.
        gc.collect()
        gc.freeze()
        self.frozen = True
        return server


def _once_per_build() -> Any:
    """`{{ atlas_once("partials/x.html", **data) }}` in the theme: a partial that reads only
    `data` and makes links with the `url` filter, rendered once per build for the same data
    and page folder rather than once per page (the anatomy drawing is the same on every page
    that works the same muscles)."""
    made: dict[tuple[str, str, str], Markup] = {}

    @jinja2.pass_context
    def once(context: jinja2.runtime.Context, template: str, **data: Any) -> Markup:
        page = context["page"]
        key = json.dumps(data, sort_keys=True)
        url = page.url if page is not None else ""
        # Links are relative to the page's folder, and a link to the page itself is "./".
        where = url if f'"{url}"' in key else url[: url.rstrip("/").rfind("/") + 1]
        if (template, where, key) not in made:
            partial = context.environment.get_template(template)
            made[template, where, key] = Markup(partial.render({**context.get_all(), **data}))
        return made[template, where, key]

    return once


def _unique_id(wanted: str, taken: set[str]) -> str:
    """The toc extension's rule: 'sources', then 'sources_1', 'sources_2'..."""
    while wanted in taken:
        numbered = _ID_COUNT.match(wanted)
        wanted = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{wanted}_1"
    return wanted


def _append_to_toc(toc: TableOfContents, headings: list[Heading]) -> None:
    """Headings after the page's last one: each under the last heading of a higher level."""
    for heading in headings:
        siblings = toc.items
        while siblings and siblings[-1].level < heading.level:
            siblings = siblings[-1].children
        siblings.append(AnchorLink(heading.title, heading.id, heading.level))


def _insert_into_toc(toc: TableOfContents, headings: list[Heading], before: str) -> TableOfContents:
    """The contents with `headings` placed after the page's headings found in `before`."""

    def flat(links: list[AnchorLink]) -> list[AnchorLink]:
        return [x for link in links for x in (link, *flat(link.children))]

    old = flat(toc.items)
    cut = next((i for i, link in enumerate(old) if f'id="{link.id}"' not in before), len(old))
    new = [AnchorLink(h.title, h.id, h.level) for h in headings]
    items: list[AnchorLink] = []
    open_: list[AnchorLink] = []
    for link in [*old[:cut], *new, *old[cut:]]:
        link.children = []
        while open_ and open_[-1].level >= link.level:
            open_.pop()
        (open_[-1].children if open_ else items).append(link)
        open_.append(link)
    if items:
        items[0].active = True  # type: ignore[attr-defined]  # as MkDocs' get_toc does
    return TableOfContents(items)


def _is_template(file: File) -> bool:
    """A template override from the theme's custom_dir, which MkDocs would copy as a static file."""
    return file.src_uri.startswith(TEMPLATE_SUBDIR + "/") and file.src_uri.endswith(".j2")


def _without_title(markdown: str) -> str:
    """A generated page's body without its level-1 heading, for a hand-written page's marker."""
    first, _, rest = markdown.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else markdown
