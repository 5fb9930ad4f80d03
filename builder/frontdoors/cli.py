"""The command-line front door: `python -m builder check|stats|new|pose|schema|export|verify`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence, Sized
from pathlib import Path

from builder import pipeline
from builder.frontdoors import scaffold
from builder.model import routes
from builder.model.problems import SUMMARY_AFTER, Problem, Severity, did_you_mean, summary
from builder.outputs import export, jsonschema
from builder.stages import sitecheck, stats

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    """Every command and its options."""
    parser = argparse.ArgumentParser(prog="python -m builder", description=__doc__)
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="the content directory (default: content)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="report every problem in every page")
    check.add_argument("paths", nargs="*", type=Path, help="only report problems in these files")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: workflow commands that annotate the pull request's files",
    )
    sub.add_parser("stats", help="counts per term, and what is missing")
    new = sub.add_parser("new", help="write a new exercise page from the template")
    new.add_argument("slug", help="the page's slug, e.g. single-leg-bridge")
    for name in scaffold.ASKED:
        listed = " (comma-separated)" if name in scaffold.LISTS else ""
        new.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"the {name}{listed}")
    new.add_argument(
        "--no-input", action="store_true", help="do not ask; mark what is not given TODO"
    )
    draw = sub.add_parser("pose", help="draw one exercise's frames to SVG files and a PNG")
    draw.add_argument("slug", help="the exercise's slug, e.g. glute-bridge")
    draw.add_argument("--out", type=Path, default=Path("build/pose"), help="default: build/pose/")
    schema = sub.add_parser("schema", help="write the JSON Schemas of the front matter")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="default: schema/")
    schema.add_argument("--check", action="store_true", help="exit 1 if they are not current")
    out = sub.add_parser(
        "export", help="write the guide as a plain MkDocs project (no plugin needed) into DIR"
    )
    out.add_argument("dir", type=Path, help="the folder to write; replaced if it exists")
    verify = sub.add_parser(
        "verify", help="after a build by any engine: exit 1 unless every generated page is there"
    )
    verify.add_argument("site", type=Path, help="the built site, e.g. site/")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)

    if args.command == "schema":
        return _schema(args.out, args.check)

    if not args.content.is_dir():
        print(
            f"{args.content}: not a directory. hint: run from the project root or pass --content",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "new":
        return _new(args)
    if args.command == "verify":
        return _verify(args.content, args.site)
    if args.command == "export":
        problems = export.export(Path.cwd(), args.dir)
        return _check(pipeline.Result(problems, None, None, frozenset()), [], False)
    site = None
    if args.command == "check":
        config = args.content.parent / "mkdocs.yml"
        site = sitecheck.read_site(config, os.path.relpath(config)) if config.is_file() else None
    result = pipeline.run(args.content, Path.cwd(), [Path("overrides")], site=site)
    if args.command == "check":
        return _check(result, args.paths, args.strict, args.format)
    if args.command == "pose":
        return _pose(result, args.slug, args.out)
    return _stats(result)


def _check(result: pipeline.Result, only: list[Path], strict: bool, form: str = "text") -> int:
    wanted = {os.path.normpath(p) for p in only}
    problems = [p for p in result.problems if not wanted or p.path in wanted]
    for p in problems:
        print(github(p) if form == "github" else p)
    if len(problems) > SUMMARY_AFTER:
        print("\n".join(summary(problems)))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if errors or (strict and warnings) else EXIT_OK


def github(p: Problem) -> str:
    """A GitHub Actions workflow command that annotates the file at the problem's place."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    kind = "error" if p.severity is Severity.ERROR else "warning"
    where = f"file={prop(p.path)},line={max(p.line, 1)},col={max(p.col, 1)}"
    return f"::{kind} {where},title={prop(p.code)}::{data(f'{p.message}. hint: {p.hint}')}"


def _new(args: argparse.Namespace) -> int:
    given = {name: getattr(args, name) for name in scaffold.ASKED}
    ask = input if sys.stdin.isatty() and not args.no_input else None
    try:
        path = scaffold.create(args.content, args.slug, given, ask)
    except scaffold.ScaffoldError as err:
        print(err, file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path}")
    result = pipeline.run(args.content, Path.cwd(), [Path("overrides")])
    return _check(result, [path], strict=False)


def _pose(result: pipeline.Result, slug: str, out: Path) -> int:
    from builder.pose import files

    exercise = result.catalogue.exercises.get(slug) if result.catalogue else None
    if exercise is None:
        for p in result.problems:
            print(p)
        known = tuple(result.catalogue.exercises) if result.catalogue else ()
        hint = did_you_mean(slug, known, "fix the errors above, or check the slug")
        print(f"{slug}: no drawable exercise of that slug. hint: {hint}", file=sys.stderr)
        return EXIT_PROBLEMS
    if exercise.pose is None:
        print(f"{slug}: the page has no 'pose' yet. hint: see CONTRIBUTING.md", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in files.write_svgs(exercise, out):
        print(f"wrote {path}")
    for path in files.write_png(files.sheet_html([exercise]), out / slug):
        print(f"wrote {path}")
    return EXIT_OK


def _schema(out: Path, check_only: bool) -> int:
    if check_only:
        for path in jsonschema.stale(out):
            print(f"{path}: out of date. hint: run python -m builder schema", file=sys.stderr)
        return EXIT_PROBLEMS if jsonschema.stale(out) else EXIT_OK
    for path in jsonschema.write(out):
        print(f"wrote {path}")
    return EXIT_OK


def _stats(result: pipeline.Result) -> int:
    if result.catalogue is None:
        for p in result.problems:
            print(p)
        print("fix the errors above to see statistics", file=sys.stderr)
        return EXIT_PROBLEMS
    cat = result.catalogue
    print(f"exercises: {len(cat.exercises)}")
    print(f"muscles:   {len(cat.muscles)}")
    print(f"routines:  {len(cat.routines)}")
    sections: list[tuple[str, Mapping[str, Sized], Mapping[str, Sized] | None]] = [
        ("muscles (primary / secondary)", cat.by_primary, cat.by_secondary),
        ("equipment (exercises / variations)", cat.by_equipment, cat.variations_by_equipment),
        ("goals", cat.by_goal, None),
        ("difficulty", cat.by_difficulty, None),
    ]
    for title, index, second in sections:
        extra = {key: f" / {len(second[key])}" if second is not None else "" for key in index}
        _table(title, {key: f"{len(slugs)}{extra[key]}" for key, slugs in index.items()})
    for name, tally in stats.counts(cat).items():
        if name not in stats.SHOWN_ABOVE:
            _table(name, tally)
    for title, lines in (
        ("missing", stats.missing(cat)),
        ("could be added", stats.gaps(cat, result.problems)),
    ):
        print(f"\n{title}:" if lines else f"\n{title}: nothing")
        for line in lines:
            print(f"  {line}")
    return EXIT_OK


def _table(title: str, rows: Mapping[str, object]) -> None:
    print(f"\n{title}:")
    width = max((len(key) for key in rows), default=0)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def _verify(content: Path, site: Path) -> int:
    """Engines that skip plugins they do not know (Zensical does) build the hand-written pages
    alone and say nothing: this check, run after the build, does not depend on the engine."""
    result = pipeline.run(content, Path.cwd(), [Path("overrides")])
    if result.rendered is None:
        return _check(result, [], False)
    missing = [
        src
        for src in sorted({*result.rendered.pages, routes.CATALOG_JSON})
        if not any((site / out).is_file() for out in _outputs(src))
    ]
    for src in missing:
        print(
            f"{site}: the generated page {src} was not built. hint: build with the atlas "
            "plugin (mkdocs or properdocs), or build the output of `python -m builder export`",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if missing else EXIT_OK


def _outputs(src: str) -> tuple[str, ...]:
    """Where an engine writes a source file, with directory URLs or without."""
    if not src.endswith(".md"):
        return (src,)
    return (f"{src.removesuffix('.md')}.html", f"{routes.url(src)}index.html")
