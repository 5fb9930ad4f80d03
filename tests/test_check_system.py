"""scripts/check_system.py, which `make test` runs: the Makefile's package list against the
code's needs, and a test print that must not warn. Each way it can fail is tried once."""

from __future__ import annotations

import importlib.util
import logging
import re
import sys

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("check_system", ROOT / "scripts/check_system.py")
assert _spec and _spec.loader
check_system = importlib.util.module_from_spec(_spec)
sys.modules["check_system"] = check_system
_spec.loader.exec_module(check_system)


def makefile_packages() -> list[str]:
    text = (ROOT / "Makefile").read_text("utf-8").replace("\\\n", " ")
    lists = dict(re.findall(r"^(PDF_PACKAGES|TEST_PACKAGES) := (.+)$", text, re.MULTILINE))
    return [*lists["PDF_PACKAGES"].split(), *lists["TEST_PACKAGES"].split()]


def test_the_makefile_list_is_exactly_the_needs() -> None:
    assert sorted(set(makefile_packages())) == sorted({n.package for n in check_system.NEEDS})
    assert "libharfbuzz-subset0" in makefile_packages()


def test_this_machine_meets_every_need() -> None:
    assert check_system.problems(makefile_packages()) == []


def test_a_package_missing_from_the_list_is_reported() -> None:
    packages = [p for p in makefile_packages() if p != "libharfbuzz-subset0"]
    assert any(
        "libharfbuzz-subset0 is not in the Makefile's list" in line
        for line in check_system.problems(packages)
    )


def test_a_weasyprint_warning_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    real = weasyprint.HTML.write_pdf

    def warn_then_print(self, *args, **kwargs):
        logging.getLogger("weasyprint").warning("Using fontTools instead of HarfBuzz-Subset")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", warn_then_print)
    assert check_system.print_warnings() == ["Using fontTools instead of HarfBuzz-Subset"]
