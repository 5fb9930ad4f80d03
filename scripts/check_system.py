"""Proves the Makefile's list of system packages complete: every need of the code is met on this
machine, every need is covered by a listed package, and WeasyPrint prints a page without a
single warning (a missing library shows up there first, as "Using fontTools instead of
HarfBuzz-Subset"). On Debian/Ubuntu it also checks that each listed package is installed.

    python scripts/check_system.py PACKAGE...   (the Makefile's PDF_PACKAGES TEST_PACKAGES)

Prints one line per problem and exits 1 on any; run by `make test` before the tests.
"""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browsers import find_browser  # the browser the tests drive


@dataclass(frozen=True)
class Need:
    """Something the code needs from the system, and the Debian package that provides it."""

    what: str
    kind: str  # "library", "font" or "program"
    package: str


NEEDS = (
    # The libraries WeasyPrint opens (weasyprint/text/ffi.py); libharfbuzz0b and libgobject
    # come with pango.
    Need("pango-1.0", "library", "libpango-1.0-0"),
    Need("pangoft2-1.0", "library", "libpangoft2-1.0-0"),
    Need("harfbuzz-subset", "library", "libharfbuzz-subset0"),
    # The faces overrides/pdf/*.css ask for; the bold and oblique ones are in -extra.
    Need("DejaVu Sans", "font", "fonts-dejavu-core"),
    Need("DejaVu Sans:bold:italic", "font", "fonts-dejavu-extra"),
    Need("DejaVu Sans Mono", "font", "fonts-dejavu-core"),
    # tests/test_pdf.py looks at printed pages.
    Need("pdftoppm", "program", "poppler-utils"),
    # The node binary inside Playwright's wheel, which drives the browser.
    Need("atomic", "library", "libatomic1"),
)


def unmet(need: Need) -> str | None:
    """Why `need` is not met on this machine, or None."""
    if need.kind == "library":
        return None if ctypes.util.find_library(need.what) else "library not found"
    if need.kind == "program":
        return None if shutil.which(need.what) else "not on the PATH"
    family = need.what.split(":")[0]
    if not shutil.which("fc-match"):
        return "fc-match (fontconfig) not on the PATH"
    found = subprocess.run(
        ["fc-match", "-f", "%{family}|%{style}", need.what], capture_output=True, text=True
    ).stdout
    if family not in found.split("|")[0].split(","):
        return f"fontconfig offers {found!r} instead"
    if ":bold" in need.what and "Bold" not in found:
        return f"fontconfig offers {found!r} instead"
    return None


def not_installed(packages: list[str]) -> list[str]:
    """The listed packages dpkg does not have installed ([] where there is no dpkg)."""
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in packages:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        ).stdout
        if not status.endswith("ok installed"):
            missing.append(package)
    return missing


HTML = """<style>@page { size: A6 } body { font-family: "DejaVu Sans" }
code { font-family: "DejaVu Sans Mono" }</style>
<h1>Nordic curl</h1><p><b>Lower</b> <i>slowly</i>, <code>3 × 5</code>.</p>"""


def print_warnings() -> list[str]:
    """Everything WeasyPrint warns about while printing a small page with our fonts."""
    captured: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                captured.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as python_warnings:
            warnings.simplefilter("always")
            try:
                import weasyprint
            except OSError as error:  # pango itself missing
                return [f"WeasyPrint cannot load its libraries: {error}"]
            weasyprint.HTML(string=HTML).write_pdf()
        captured.extend(
            str(w.message) for w in python_warnings if "weasyprint" in (w.filename or "")
        )
    finally:
        logger.removeHandler(handler)
    return captured


def problems(packages: list[str]) -> list[str]:
    found = []
    listed = set(packages)
    for need in NEEDS:
        if need.package not in listed:
            found.append(f"{need.what}: its package {need.package} is not in the Makefile's list")
        if reason := unmet(need):
            found.append(f"{need.what} ({need.kind}, Debian package {need.package}): {reason}")
    unused = listed - {need.package for need in NEEDS}
    found += [f"{p}: listed in the Makefile but no need here names it" for p in sorted(unused)]
    found += [f"{p}: listed but not installed (dpkg)" for p in not_installed(packages)]
    if find_browser() is None:
        found.append("no Chrome or Chromium ($CHROME_PATH, google-chrome, chromium)")
    found += [f"WeasyPrint warned: {message}" for message in print_warnings()]
    return found


def main(packages: list[str]) -> int:
    found = problems(packages)
    for line in found:
        print(f"check_system: {line}", file=sys.stderr)
    if found:
        print("check_system: install what is missing (`make system-packages`)", file=sys.stderr)
        return 1
    print(f"check_system: {len(NEEDS)} needs met by {len(set(packages))} packages, PDF clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
