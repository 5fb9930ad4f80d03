"""The MkDocs front door: run the pipeline, hand MkDocs the Markdown the builder made (the
generated pages, and every hand-written page with its head and foot), clean each page's
HTML, and print the PDFs after the build. Everything a page shows comes from the builder's
Markdown; the plugin makes no HTML and no URL of its own."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import jinja2
from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from builder import pipeline
from builder.cache import Cache, Outputs
from builder.frontdoors import preview
from builder.model import routes, yamltree
from builder.model.problems import Problem, Severity
from builder.outputs import sanitize
from builder.outputs.article import SitePage
from builder.outputs.bookplan import DEFAULT_EXCLUDE
from builder.outputs.front import Meta, edition_date
from builder.stages import provenance
from builder.stages.catalog import catalog_script
from builder.stages.load import Paths
from builder.stages.render import generated_page, hand_written_page, mark_diagram, place_drawing
from builder.stages.templating import TEMPLATE_SUBDIR

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent.parent / "templates"
PDF_STYLES = "pdf"
"""The print stylesheets' directory in the theme's custom_dir (overrides/pdf/)."""
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc")
"""What the builder's Markdown is written for: the card is md_in_html, classes attr_list."""


class AtlasConfig(Config):
    enabled = c.Type(bool, default=True)
    pdf = c.Type(bool, default=False)
    """Print the book and routine cards after a build (not under `serve` unless ATLAS_PDF=1)."""
    pdf_paper = c.Choice(("a4", "letter"), default="a4")
    pdf_exclude = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE))
    """URL prefixes of pages left out of the book."""
    pdf_cache = c.Type(str, default=".cache/pdf")
    """Printed parts of the book kept between builds (relative to mkdocs.yml; '' for none).
    ATLAS_PDF_CACHE overrides it."""
    pdf_copy_from = c.Optional(c.Type(str))
    """Copy the PDFs of this built site (relative to mkdocs.yml) instead of printing them: the
    offline copy takes the main site's."""


class _PdfContext(TemplateContext, total=False):
    """The page's template context with the links to its PDFs (overrides/ reads them)."""

    atlas_pdf: dict[str, str | None]


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Adds the builder's pages and Markdown to the site, and prints it."""

    def __init__(self) -> None:
        self.result: pipeline.Result | None = None
        self.command = "build"
        self.nav_order: dict[str, int] = {}
        self.printed: dict[str, SitePage] = {}
        """URL -> page seen in this build, for the PDF step."""
        self.cache: Cache | None = None
        """What serve keeps across rebuilds (builder/cache/)."""
        self.read: dict[str, tuple[str, yamltree.Map]] = {}
        """Source path -> a section page's whole Markdown (body with the builder's head and
        foot) and its front matter, as the builder read it (made plain only for the pages
        MkDocs renders: under `serve --dirty`, a few)."""
        self.preview: preview.Preview | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining this hook makes `mkdocs serve` keep this object across rebuilds.
        self.command = command
        self.on_shutdown()
        if command == "serve":
            # Under --dirty, generated pages on disk, so that the unchanged ones are skipped.
            outputs = Outputs(Path(tempfile.mkdtemp(prefix="atlas-generated-"))) if dirty else None
            self.cache = Cache(outputs=outputs)
            self.preview = preview.Preview()  # builder/frontdoors/preview.py

    def on_shutdown(self) -> None:
        if self.cache is not None and self.cache.outputs is not None:
            shutil.rmtree(self.cache.outputs.directory, ignore_errors=True)
        self.cache = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        missing = [e for e in EXTENSIONS if e not in config.markdown_extensions]
        if self.config.enabled and missing:
            raise PluginError(
                f"Hamstring Atlas: add {', '.join(missing)} to markdown_extensions in "
                f"{config.config_file_path}: the builder's Markdown needs them."
            )
        return config

    def _overrides(self, config: MkDocsConfig) -> list[Path]:
        custom_dir = config.theme.custom_dir
        return [Path(custom_dir)] if custom_dir else []

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.result = None  # serve keeps this object between builds
        preview.drop_editor_files(files)
        self.nav_order, self.printed, self.read = {}, {}, {}
        if not self.config.enabled:
            return files
        docs = Path(config.docs_dir)
        result = pipeline.run(docs, _root(config), self._overrides(config), self.cache)
        _log(result.problems)
        if not result.ok or result.rendered is None:
            errors = sum(p.severity is Severity.ERROR for p in result.problems)
            raise PluginError(f"Hamstring Atlas: {errors} error(s) in the content, listed above.")
        rendered = result.rendered
        self.read = {
            src: (hand_written_page(rendered, src, page.body, src in result.merged), page.front)
            for src, page in result.pages.items()
        }
        self.result = result
        outputs = self.cache.outputs if self.cache is not None else None
        stale = outputs.update(result, docs.name) if outputs is not None else set()
        for file in list(files):
            if (
                file.src_uri.startswith(routes.DATA_DIR + "/")
                or _is_template(file)
                or self._is_print_stylesheet(file, config)
            ):
                files.remove(file)
            elif routes.reached_by_index(file.src_uri):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        for src in sorted(rendered.pages):
            if src in result.merged:
                continue
            inclusion = (
                InclusionLevel.NOT_IN_NAV
                if routes.reached_by_index(src)
                else InclusionLevel.UNDEFINED
            )
            if outputs is not None:
                on_disk = str(outputs.path(src))
                file = File.generated(config, src, abs_src_path=on_disk, inclusion=inclusion)
            else:
                markdown = generated_page(rendered, src, docs.name)
                file = File.generated(config, src, content=markdown, inclusion=inclusion)
            file.edit_uri = provenance.sources(src)[0]  # a vocabulary, or no edit button
            files.append(file)
        catalog = rendered.catalog_json
        files.append(File.generated(config, routes.CATALOG_JSON, content=catalog))
        files.append(File.generated(config, routes.CATALOG_JS, content=catalog_script(catalog)))
        for src, svg in rendered.thumbnails.items():
            files.append(File.generated(config, src, content=svg))
        for file in files:
            if file.src_uri in stale:  # its output is out of date: make --dirty rebuild it
                Path(file.abs_dest_path).unlink(missing_ok=True)
        if self.preview is not None:  # pages gone since the last build leave the preview
            self.preview.prune(files, config.site_dir)
        return files

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A section page's whole Markdown, as the builder made it from the file it read."""
        read = self.read.get(page.file.src_uri)
        # After a blank line MkDocs finds no front matter, nor MultiMarkdown's "key: value".
        return None if read is None else "\n" + read[0]

    @event_priority(100)  # first, so that other plugins see the page's meta
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        read = self.read.get(src)
        if read is not None:  # the front matter as written: the schema says what it means
            page.meta = yamltree.plain(read[1])
        sanitize.escape_meta(page.meta)
        if src == routes.FINDER:
            page.meta["template"] = routes.FINDER_TEMPLATE  # pages may not choose templates
        result = self.result
        if read is None and result is not None and src in result.merged:
            assert result.rendered is not None
            return hand_written_page(result.rendered, src, markdown, merged=True)
        return markdown

    @event_priority(-100)  # last: the page's whole content, as every other plugin left it
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.result is not None and self.result.rendered is not None:
            html = mark_diagram(self.result.rendered, page.file.src_uri, html)
        return sanitize.clean(html)

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.cache is not None and env.bytecode_cache is None:
            env.bytecode_cache = self.cache.templates  # serve: the theme compiled once
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_order = {page.url: i for i, page in enumerate(nav.pages)}
        return nav

    @event_priority(-100)  # after the search index read the page: the drawing is not text
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The anatomy diagram joins the page (render.place_drawing). Every page links to
        the book, a routine page also to its one-page card."""
        if self.result is not None and self.result.rendered is not None and page.content:
            page.content = place_drawing(
                self.result.rendered, page.file.src_uri, page.content, sanitize.clean
            )
        if self._pdf_wanted() and self._copy_ready(config):  # no link to a missing PDF
            card = routes.pdf_card(page.url)
            cast(_PdfContext, context)["atlas_pdf"] = {
                "book": get_relative_url(routes.PDF_BOOK, page.url),
                "card": get_relative_url(card, page.url) if card else None,
            }
            if not self.config.pdf_copy_from:  # what the book needs from the page
                self.printed[page.url] = SitePage(
                    page.url,
                    page.title or "",
                    self.nav_order.get(page.url),
                    Paths(Path(config.docs_dir), _root(config)).shown(page.file.src_uri),
                )
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self._pdf_wanted():
            return
        root = _root(config)
        if self.config.pdf_copy_from:
            if self._copy_ready(config):  # the offline copy links the site's PDFs, copied
                target = Path(config.site_dir) / "pdf"
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree((root / self.config.pdf_copy_from / routes.PDF_BOOK).parent, target)
            else:
                log.info(f"no PDFs: {self.config.pdf_copy_from}/{routes.PDF_BOOK} is missing")
            return
        from builder.outputs import pdf

        started = time.perf_counter()
        cache = os.environ.get("ATLAS_PDF_CACHE", self.config.pdf_cache).strip()
        settings = pdf.Settings(
            site_dir=Path(config.site_dir),
            stylesheets=self._stylesheets(config),
            meta=Meta(
                title=config.site_name,
                subtitle=config.site_description or "",
                edition=edition_date(os.environ.get("SOURCE_DATE_EPOCH")),
                site_url=config.site_url or "",
                language=config.theme.get("language") or "en",
            ),
            paper=self.config.pdf_paper,
            exclude=tuple(self.config.pdf_exclude),
            cache=root / cache if cache else None,
        )
        report = pdf.export([self.printed[url] for url in sorted(self.printed)], settings)
        _log(report.problems)
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
        return (_root(config) / self.config.pdf_copy_from / routes.PDF_BOOK).is_file()

    def _pdf_wanted(self) -> bool:
        """On for builds when configured; ATLAS_PDF=1 or 0 overrides, e.g. to print under serve."""
        if not self.config.enabled or not self.config.pdf:
            return False
        wanted = os.environ.get("ATLAS_PDF", "").strip()
        if wanted in ("0", "1"):
            return wanted == "1"
        return self.command != "serve"

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

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., object]
    ) -> LiveReloadServer:
        server.watch(str(TEMPLATES))
        for directory in self._overrides(config):
            server.watch(str(directory))
        return self.preview.attach(server) if self.preview is not None else server


def _root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml, which the plugin's paths are relative to."""
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def _log(problems: Iterable[Problem]) -> None:
    """Log problems under the plugin's logger, so that --strict fails on warnings too."""
    for p in problems:
        (log.error if p.severity is Severity.ERROR else log.warning)(str(p))


def _is_template(file: File) -> bool:
    """A template override from the theme's custom_dir, which MkDocs would copy as a static file."""
    return file.src_uri.startswith(TEMPLATE_SUBDIR + "/") and file.src_uri.endswith(".j2")
