"""`python -m builder export DIR`: the whole guide as a plain MkDocs project, no plugin needed.

DIR/docs holds every page as the plugin hands it to MkDocs (hand-written pages with the
builder's head and foot, the generated pages, catalog.json and catalog.js); DIR/overrides
the theme; DIR/mkdocs.yml the repository's configuration without the atlas plugin, with
the pages reached through a hub marked `not_in_nav`. Any engine of the MkDocs family
(MkDocs 1.6, ProperDocs) then builds the same guide with `build --strict`. Not done
without the plugin: the HTML sanitiser (the content policy still refused unsafe HTML when
the export was made) and the PDFs.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from builder import pipeline
from builder.model import routes
from builder.model.problems import Problem
from builder.stages.catalog import catalog_script
from builder.stages.render import generated_page, hand_written_page, place_diagram

PLUGIN = "atlas"
PDF_STYLES = "pdf"
TEMPLATE_SUBDIR = "atlas"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's loader: `!ENV [NAME, default]` reads as its default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    return values[-1] if len(values) > 1 else None


_Loader.add_constructor("!ENV", _env)


def export(root: Path, out: Path) -> list[Problem]:
    """Write the plain project for the repository at `root` into `out`; the problems found
    (nothing is written when there is an error)."""
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    content = root / config.get("docs_dir", "docs")
    overrides = root / config["theme"]["custom_dir"] if config["theme"].get("custom_dir") else None
    result = pipeline.run(content, root, [overrides] if overrides else [])
    if not result.ok or result.rendered is None:
        return result.problems
    rendered, docs = result.rendered, out / "docs"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(content, docs, ignore=shutil.ignore_patterns(routes.DATA_DIR))
    for src, page in result.pages.items():
        path = content / src
        text = path.read_text("utf-8-sig")
        front = text[: len(text) - len(page.body)] if text.endswith(page.body) else ""
        whole = hand_written_page(rendered, src, page.body, src in result.merged)
        whole = place_diagram(rendered, src, whole)  # raw HTML any engine passes on
        (docs / src).write_text(front + whole, "utf-8")
    made = {s: generated_page(rendered, s, content.name) for s in rendered.pages}
    made |= {routes.CATALOG_JSON: rendered.catalog_json, **rendered.thumbnails}
    made[routes.CATALOG_JS] = catalog_script(rendered.catalog_json)
    for src, text in made.items():  # a generated page's text, unless merged into a written one
        if src not in result.merged:
            (docs / src).parent.mkdir(parents=True, exist_ok=True)
            (docs / src).write_text(text, "utf-8")
    finder = docs / routes.FINDER
    if finder.is_file():  # the plugin gives the finder its template; here, its front matter
        text = finder.read_text("utf-8")
        opening = "---\n" if text.startswith("---\n") else "---\n---\n"
        template = f"template: {routes.FINDER_TEMPLATE}\n"
        finder.write_text(opening + template + text.removeprefix("---\n"), "utf-8")
    if overrides is not None:
        shutil.copytree(
            overrides, out / "overrides", ignore=shutil.ignore_patterns(PDF_STYLES, TEMPLATE_SUBDIR)
        )
        config["theme"]["custom_dir"] = "overrides"
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [p for p in config.get("plugins", []) if _name(p) != PLUGIN]
    config["not_in_nav"] = "\n".join(
        line
        for section in routes.SECTIONS
        for line in (f"/{section}/*.md", f"!/{section}/index.md")
    )
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (out / "mkdocs.yml").write_text(text, "utf-8")
    return result.problems


def _name(plugin: Any) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))
