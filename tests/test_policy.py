"""The content policy's limits: pathological pages are refused fast, the worst allowed pages
render fast, and files that vanish or cannot be read are reported.

Times are bounded by subprocess timeouts, never asserted. The pathological inputs are real:
with Python-Markdown 3.11 and this site's extensions, 8,000 '[' took 23 s to render, 8,000
'[a](' 30 s, 25,000 identical headings 145 s, 20,000 unclosed '<http://' 45 s, 5,000
fenced blocks 9 s, and 2,000 nested list levels crashed with RecursionError.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from builder import pipeline
from builder.stages.load import load_page
from builder.stages.policy import limits

CHECK_TIMEOUT = 5  # seconds: the bound on any page, good or bad
LIMIT = limits.MAX_BODY_CHARS - 100

PATHOLOGICAL = {
    "open brackets": ("[" * 8000, "page-limit"),
    "open link targets": ("[a](" * 4000, "unclosed-bracket"),
    "open tags": ("<a " * 6000, "unclosed-tag"),
    "open autolinks": ("<http://a " * 1900, "unclosed-tag"),
    "open mail links": ("<a@b " * 3900, "unclosed-tag"),
    "identical headings": ("## h\n" * 3900, "page-limit"),
    "setext headings": ("a\n---\n" * 3000, "page-limit"),
    "unclosed fences": ("```\n" * 4900, "page-limit"),
    "deep list": ("".join("  " * i + "- x\n" for i in range(130)), "page-limit"),
    "deep quotes": (">" * 2000 + " x\n", "page-limit"),
    "nested brackets": ("[" * 2000 + "a" + "]" * 2000, "page-limit"),
    "huge body": ("word " * 6000, "page-limit"),
}

# At the limits, and allowed: each must still render quickly.
WORST_ALLOWED = {
    "emphasis mix": ("*_a_*" * (LIMIT // 5)),
    "balanced links": "[a](bridge.md) " * (LIMIT // 15),
    "fence pairs": "```\nx\n```\n\n" * limits.MAX_FENCES + "a " * 3000,
    "headings": "## h\n\n" * limits.MAX_HEADINGS + "a " * 3000,
    "inline tags": "<kbd>x</kbd> " * (LIMIT // 13),
    "nested lists": "".join("    " * (i % 6) + "- x\n" for i in range(LIMIT // 25)),
    "tables": "|a|b|\n|-|-|\n" * (LIMIT // 12),
}


# Renders one page with the Markdown extensions of the real site's mkdocs.yml.
RENDER = """
import sys, markdown
from mkdocs.utils.yaml import yaml_load
listed = yaml_load(open(sys.argv[1]))["markdown_extensions"]
names = [e if isinstance(e, str) else next(iter(e)) for e in listed]
configs = {k: v for e in listed if isinstance(e, dict) for k, v in e.items()}
markdown.Markdown(extensions=names, extension_configs=configs).convert(open(sys.argv[2]).read())
"""


def _page(tiny: Path, body: str) -> Path:
    """The tiny site's swing page with another body."""
    swing = tiny / "content/exercises/swing.md"
    front = swing.read_text("utf-8").split("---\n")[1]
    swing.write_text(f"---\n{front}---\n\n{body}\n", "utf-8")
    return swing


def _check(tiny: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "check"],
        cwd=tiny,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_page_is_refused_quickly(tiny: Path, name: str) -> None:
    body, code = PATHOLOGICAL[name]
    _page(tiny, body)
    proc = _check(tiny)
    assert proc.returncode == 1
    assert "content/exercises/swing.md:" in proc.stdout and f"[{code}]" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) < 50


@pytest.mark.parametrize("name", sorted(WORST_ALLOWED))
def test_worst_allowed_page_passes_and_renders_quickly(tiny: Path, name: str) -> None:
    page = _page(tiny, WORST_ALLOWED[name])
    result = pipeline.run(tiny / "content", tiny)
    assert [p.code for p in result.problems] == [], name
    proc = subprocess.run(
        [sys.executable, "-c", RENDER, str(ROOT / "mkdocs.yml"), str(page)],
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr


def test_pathological_pages_fail_the_build_before_markdown(tiny: Path, tmp_path: Path) -> None:
    """The plugin stops the build in on_files, before MkDocs renders any page."""
    _page(tiny, "[a](" * 3000 + "\n\n" + "## h\n" * 1000)
    proc = mkdocs_build(tiny, tmp_path / "out", timeout=60)
    assert proc.returncode == 1
    assert "[unclosed-bracket]" in proc.stderr and "[page-limit]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "exercises").exists()


def test_large_front_matter_on_a_plain_page(tiny: Path) -> None:
    index = tiny / "content/index.md"
    filler = "".join(f"k{i}: v\n" for i in range(4000))
    index.write_text(f"---\ntitle: Tiny\n{filler}---\n\nHello.\n", "utf-8")
    result = pipeline.run(tiny / "content", tiny)
    assert [str(p) for p in result.problems] == [
        "content/index.md:1:1: [page-limit] the page has 34,902 characters of front matter, "
        "over 20,000. hint: keep front matter to the fields; prose goes in the body"
    ]


def test_a_file_that_vanished_is_reported(tmp_path: Path) -> None:
    page, problems = load_page(tmp_path / "gone.md", "exercises/gone.md", "gone.md")
    assert page is None
    assert [str(p) for p in problems] == [
        "gone.md:1:1: [unreadable] cannot read the file: No such file or directory. "
        "hint: check that it exists and is readable"
    ]


def test_a_file_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    page, problems = load_page(tmp_path / "folder.md", "folder.md", "folder.md")
    assert page is None and [p.code for p in problems] == ["unreadable"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_reported(tiny: Path) -> None:
    bridge = tiny / "content/exercises/bridge.md"
    bridge.chmod(0)
    result = pipeline.run(tiny / "content", tiny)
    assert [p.code for p in result.problems] == ["unreadable"]


def test_a_named_pipe_is_never_read(tiny: Path) -> None:
    """Reading a FIFO blocks forever; the check must finish and report it."""
    os.mkfifo(tiny / "content/exercises/pipe.md")
    os.mkfifo(tiny / "content/notes.md")
    proc = _check(tiny)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "content/exercises/pipe.md:1:1: [not-a-file] this is not a regular file or folder. "
        "hint: replace it with a real file, or remove it",
        "content/notes.md:1:1: [not-a-file] this is not a regular file or folder. "
        "hint: replace it with a real file, or remove it",
    ]
