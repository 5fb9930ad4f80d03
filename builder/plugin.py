"""The MkDocs front door: run the pipeline, add virtual pages, log problems."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from builder import pipeline, provenance, routes, sanitize
from builder.cache import Cache, Outputs
from builder.problems import Severity
from builder.render import TEMPLATE_SUBDIR, catalog_script
from builder.view import page_view

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
VIEW_KEY = "atlas"
"""page.meta key holding builder.view's data for the theme."""


class AtlasConfig(Config):
    enabled = c.Type(bool, default=True)


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Generates the index pages and per-page blocks of Hamstring Atlas."""

    def __init__(self) -> None:
        self.result: pipeline.Result | None = None
        self.cache: Cache | None = None
        self.outputs: Outputs | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook makes `mkdocs serve` keep this object across rebuilds.
        self.on_shutdown()
        if command == "serve":
            self.cache = Cache()
            if dirty:
                self.outputs = Outputs(Path(tempfile.mkdtemp(prefix="atlas-generated-")))

    def on_shutdown(self) -> None:
        if self.outputs is not None:
            shutil.rmtree(self.outputs.directory, ignore_errors=True)
        self.cache = self.outputs = None

    def _overrides(self, config: MkDocsConfig) -> list[Path]:
        custom_dir = config.theme.custom_dir
        return [Path(custom_dir)] if custom_dir else []

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.result = None  # serve keeps this object between builds
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path).parent if config.config_file_path else None
        if self.cache is not None:
            self.cache.start_run()
        result = pipeline.run(Path(config.docs_dir), root, self._overrides(config), self.cache)
        for p in result.problems:
            (log.error if p.severity is Severity.ERROR else log.warning)(str(p))
        if not result.ok or result.rendered is None:
            errors = sum(p.severity is Severity.ERROR for p in result.problems)
            raise PluginError(f"Hamstring Atlas: {errors} error(s) in the content, listed above.")
        self.result = result
        stale = self.outputs.update(result, page_view) if self.outputs else set()
        for file in list(files):
            if file.src_uri.startswith(routes.DATA_DIR + "/") or _is_template(file):
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

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
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
        if self.result.catalogue is not None:
            view = page_view(self.result.catalogue, src)
            if view is not None:
                page.meta[VIEW_KEY] = view  # read by overrides/partials/atlas/
        if src in self.result.merged:
            return markdown.replace(routes.MARKER, _without_title(rendered.pages[src]), 1)
        head, foot = rendered.heads.get(src), rendered.feet.get(src)
        if head is None or foot is None:
            return markdown
        if routes.MARKER in markdown:
            return head + markdown.replace(routes.MARKER, foot, 1)
        return f"{head}{markdown.rstrip()}\n\n{foot}"

    @event_priority(-100)  # last, so nothing added to the content after it escapes cleaning
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return sanitize.clean(html)

    @event_priority(50)  # before other plugins see the page's final HTML
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Put the generated listings in: after Markdown, and after the search plugin indexed
        the page (a listing repeats other pages' titles; it would only clutter the results)."""
        if self.result is None or self.result.rendered is None:
            return output
        for placeholder, block in self.result.rendered.blocks.get(page.file.src_uri, {}).items():
            output = output.replace(placeholder, block, 1)
        return output

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(TEMPLATES))
        for directory in self._overrides(config):
            server.watch(str(directory))
        return server


def _is_template(file: File) -> bool:
    """A template override from the theme's custom_dir, which MkDocs would copy as a static file."""
    return file.src_uri.startswith(TEMPLATE_SUBDIR + "/") and file.src_uri.endswith(".j2")


def _without_title(markdown: str) -> str:
    """A generated page's body without its level-1 heading, for a hand-written page's marker."""
    first, _, rest = markdown.partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else markdown
