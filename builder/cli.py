"""The command-line front door: `python -m builder check|stats`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from builder import pipeline
from builder.problems import Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
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
    sub.add_parser("stats", help="counts per term, and what is missing")
    args = parser.parse_args(argv)

    if not args.content.is_dir():
        print(
            f"{args.content}: not a directory. hint: run from the project root or pass --content",
            file=sys.stderr,
        )
        return EXIT_USAGE
    result = pipeline.run(args.content, Path.cwd(), [Path("overrides")])
    if args.command == "check":
        return _check(result, args.paths, args.strict)
    return _stats(result)


def _check(result: pipeline.Result, only: list[Path], strict: bool) -> int:
    wanted = {os.path.normpath(p) for p in only}
    problems = [p for p in result.problems if not wanted or p.path in wanted]
    for p in problems:
        print(p)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if errors or (strict and warnings) else EXIT_OK


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
    variations = {
        k: tuple(f"{s}#{a}" for s, a in v) for k, v in cat.variations_by_equipment.items()
    }
    sections: list[tuple[str, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]] | None]] = [
        ("muscles (primary / secondary)", cat.by_primary, cat.by_secondary),
        ("equipment (exercises / variations)", cat.by_equipment, variations),
        ("goals", cat.by_goal, None),
        ("difficulty", cat.by_difficulty, None),
    ]
    missing: list[str] = []
    for title, index, second in sections:
        print(f"\n{title}:")
        width = max((len(k) for k in index), default=0)
        for key, slugs in index.items():
            extra = f" / {len(second[key])}" if second is not None else ""
            print(f"  {key:<{width}}  {len(slugs)}{extra}")
            if not slugs and not (second and second[key]):
                missing.append(f"{title.split()[0]} '{key}' has no exercise")
    no_ladder = [s for s in cat.exercises if not cat.ladders[s]]
    print(f"\nexercises outside any progression ladder: {len(no_ladder)}")
    for slug in no_ladder:
        print(f"  {slug}")
    print("\nmissing:" if missing else "\nmissing: nothing")
    for line in missing:
        print(f"  {line}")
    return EXIT_OK
