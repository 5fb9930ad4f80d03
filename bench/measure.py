"""One measurement in a fresh process; prints one line of JSON.

    python -m bench.measure stages|plain|full PROJECT SITE_DIR
    python -m bench.measure command DIRECTORY -- ARGV...

- ``stages``: the builder's own stages (load, validate, link, render) on PROJECT/content,
  without MkDocs;
- ``plain``: a MkDocs build of the same project without our plugin (the same hand-written
  pages, with the section pages kept out of the nav as the plugin does);
- ``full``: the normal build, with our plugin, as ``mkdocs build`` runs it;
- ``command``: any command (``make site``, ``make pdf``) run in DIRECTORY, measured with
  everything it starts.

Times are seconds from loading the configuration to the end of the build, the process's
imports not counted: CPU time (user + system, what the budgets use, since this machine is
shared and wall time swings with other people's load) and wall-clock time. Peak memory is the
process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder import pipeline
from builder.model import routes

STAGES = {
    "load": ("tree.discover", "load_data", "load_page"),
    "validate": (
        "validate_vocabulary",
        "validate_muscle",
        "validate_exercise",
        "check_references",
    ),
    "link": ("link",),
    "render": ("render",),
}
"""Each stage and the functions pipeline.run calls for it, as pipeline names them."""


def _timed(spent: dict[str, float], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return wrapper


def _owner(name: str) -> tuple[Any, str]:
    """The object that holds `name` ("tree.discover": pipeline's `tree` module), and the name."""
    *path, attribute = name.split(".")
    owner: Any = pipeline
    for part in path:
        owner = getattr(owner, part)
    return owner, attribute


def instrument() -> dict[str, float]:
    """Time every stage and the whole of pipeline.run, however often they are called."""
    spent: dict[str, float] = defaultdict(float)
    for stage, names in STAGES.items():
        for name in names:
            owner, attribute = _owner(name)
            setattr(owner, attribute, _timed(spent, stage, getattr(owner, attribute)))
    pipeline.run = _timed(spent, "pipeline", pipeline.run)
    return spent


PAGE_HOOKS = (
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
)


def instrument_mkdocs(spent: dict[str, float], plain: bool) -> None:
    """Where the full build spends what the plain one does not: MkDocs's whole work on the
    generated pages; on the other pages, Markdown and material's search index (in both
    builds, to compare) and the plugin's page hooks (the HTML sanitiser also on its own)."""
    import markdown
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.commands import build

    generated = [False]

    def page_step(func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
            generated[0] = page.file.generated_by is not None
            start = time.process_time()
            try:
                return func(page, *args, **kwargs)
            finally:
                if generated[0]:
                    spent["generated"] += time.process_time() - start
                generated[0] = False

        return wrapper

    def hook(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)  # keeps the hook's event priority
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                if not generated[0]:  # a generated page's hooks count with the page
                    spent[name] += time.process_time() - start

        return wrapper

    build._populate_page = page_step(build._populate_page)
    build._build_page = page_step(build._build_page)
    markdown.Markdown.convert = hook("markdown", markdown.Markdown.convert)
    SearchIndex.add_entry_from_context = hook("search", SearchIndex.add_entry_from_context)
    if plain:
        return
    from builder.frontdoors import mkdocs_plugin as plugin

    for name in PAGE_HOOKS:
        setattr(plugin.AtlasPlugin, name, hook("hooks", getattr(plugin.AtlasPlugin, name)))
    plugin.sanitize.clean = hook("sanitiser", plugin.sanitize.clean)


def plain_overrides(config_file: Path) -> dict[str, Any]:
    """Configuration overrides for a build without our plugin, from the project's own file."""
    from mkdocs.utils import yaml_load

    with config_file.open(encoding="utf-8") as f:
        raw = yaml_load(f) or {}
    plugins = [
        p
        for p in raw.get("plugins", [])
        if (p if isinstance(p, str) else next(iter(p), "")) != "atlas"
    ]
    # The plugin keeps exercise and muscle pages out of the nav; do the same without it.
    hidden = "\n".join(f"/{section}/*.md" for section in (routes.EXERCISES, routes.MUSCLES))
    return {"plugins": plugins, "not_in_nav": hidden, "strict": False}


def build(project: Path, site: Path, plain: bool, exported: bool = False) -> dict[str, Any]:
    """One build: with the plugin, plain (the hand-written pages alone), or `exported`: the
    same pages as the full build, from `python -m builder export`, built without the plugin
    (the export itself is not timed)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config_file = project / "mkdocs.yml"
    overrides = plain_overrides(config_file) if plain else {}
    if exported:
        from builder.outputs import export

        out = Path(tempfile.mkdtemp(prefix="atlas-export-"))
        problems = export.export(project, out / "guide")
        if problems:
            raise SystemExit("\n".join(str(p) for p in problems))
        config_file, overrides, plain = out / "guide" / "mkdocs.yml", {"strict": False}, True
    spent = instrument()
    instrument_mkdocs(spent, plain)
    cpu, wall = time.process_time(), time.perf_counter()
    config = load_config(str(config_file), site_dir=str(site), **overrides)
    mkdocs_build(config)
    if exported:
        shutil.rmtree(config_file.parent.parent)
    return {
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
        "pipeline": spent.get("pipeline", 0.0),
        "hooks": spent.get("hooks", 0.0),
        "sanitiser": spent.get("sanitiser", 0.0),
        "generated": spent.get("generated", 0.0),
        "markdown": spent.get("markdown", 0.0),
        "search": spent.get("search", 0.0),
    }


def stages(project: Path) -> dict[str, Any]:
    spent = instrument()
    wall = time.perf_counter()
    result = pipeline.run(project / "content", project, [project / "overrides"])
    wall = time.perf_counter() - wall
    if not result.ok:
        raise SystemExit("\n".join(str(p) for p in result.problems))
    return {"cpu": spent.pop("pipeline"), "wall": wall, "stages": dict(spent)}


def command(directory: Path, argv: list[str]) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    proc = subprocess.run(argv, cwd=directory, stdout=sys.stderr)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed with exit status {proc.returncode}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"cpu": cpu, "wall": wall, "peak_mib": after.ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("kind", choices=("stages", "plain", "exported", "full", "command"))
    parser.add_argument("project", type=Path)
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("argv", nargs="*", help="for 'command': the command to run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    if args.kind == "command":
        argv = [str(args.site), *args.argv] if args.site else args.argv
        print(json.dumps(command(args.project, [a for a in argv if a != "--"])))
        return 0
    if args.kind == "stages":
        out = stages(args.project)
    else:
        out = build(
            args.project, args.site, plain=args.kind == "plain", exported=args.kind == "exported"
        )
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
