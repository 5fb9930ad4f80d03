"""`mkdocs serve` while a contributor edits (builder/frontdoors/preview.py): editors'
temporary files are
never published, deleted and renamed pages leave the preview, and a broken save shows a page
of problems that reloads itself when the next save is good."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import build_env, mkdocs_build

from builder.frontdoors import preview


def test_editor_files_are_never_published(tiny: Path, tmp_path: Path) -> None:
    exercises = tiny / "content/exercises"
    (exercises / "bridge.md~").write_text("---\ntitle: <script>alert(1)</script>\n---\n")
    (exercises / "#bridge.md#").write_text("draft")
    (exercises / ".bridge.md.swp").write_bytes(b"b0VIM 9.0\x00")
    os.symlink("runner@laptop.4242:1700000000", exercises / ".#bridge.md")
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    published = {p.name for p in site.rglob("*")}
    assert not published & {"bridge.md~", "#bridge.md#", ".bridge.md.swp", ".#bridge.md"}
    assert (site / "exercises/bridge/index.html").is_file()


def test_prune_deletes_the_output_of_pages_gone_since_the_last_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("a/index.html", "b/index.html", "outside.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")

    def files(*names: str) -> list[Any]:
        return [SimpleNamespace(abs_dest_path=str(site / n)) for n in names]

    kept = preview.Preview()
    assert kept.prune(files("a/index.html", "b/index.html"), str(site)) == []
    assert kept.prune(files("a/index.html"), str(site)) == [str(site / "b/index.html")]
    assert not (site / "b/index.html").exists() and (site / "a/index.html").exists()
    kept.outputs.add(str(tmp_path / "elsewhere.html"))  # never outside the site
    (tmp_path / "elsewhere.html").write_text("x")
    kept.prune(files("a/index.html"), str(site))
    assert (tmp_path / "elsewhere.html").exists()


class _Server:
    """The two attributes of MkDocs' LiveReloadServer that preview uses."""

    def __init__(self, build: Any) -> None:
        self.builder = build
        self._app = lambda environ, start: [b"the real page"]

    def get_app(self) -> Any:
        return self._app

    def set_app(self, app: Any) -> None:
        self._app = app

    def get(self, path: str) -> str:
        return b"".join(self._app({"PATH_INFO": path}, lambda *a: None)).decode()


def test_a_broken_build_shows_its_problems_until_a_good_one() -> None:
    broken = {"now": False}

    def build() -> None:
        if broken["now"]:
            logging.getLogger("mkdocs.plugins.builder.frontdoors.mkdocs_plugin").error(
                "builder: content/exercises/x.md:3:8: [bad-text] 'title' contains HTML. "
                "hint: front-matter text is plain; write it without <tags>"
            )
            raise RuntimeError("Aborted with a BuildError!")

    server = _Server(build)
    preview.Preview().attach(server)
    server.builder()
    assert server.get("/exercises/x/") == "the real page"
    assert server.get(preview.STATUS_PATH) == "1"
    broken["now"] = True
    server.builder()  # does not raise: MkDocs' server goes on and reloads the browsers
    page = server.get("/exercises/x/")
    assert "content/exercises/x.md:3:8" in page
    assert "&#x27;title&#x27; contains HTML" in page
    assert "Hint: front-matter text is plain; write it without &lt;tags&gt;" in page
    assert f'fetch("{preview.STATUS_PATH}"' in page and 'if (t !== "2")' in page
    assert server.get("/assets/x.css") == "the real page"  # only pages are replaced
    broken["now"] = False
    server.builder()
    assert server.get("/exercises/x/") == "the real page"
    assert server.get(preview.STATUS_PATH) == "3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, OSError):  # not listening yet
        return 0, ""


def _until(url: str, check: Any, seconds: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        got = _get(url)
        if check(*got) or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def test_serve_dirty_as_a_contributor_sees_it(tiny: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        args, cwd=tiny, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        assert _until(f"{base}/exercises/swing/", lambda code, _: code == 200)[0] == 200
        exercises = tiny / "content/exercises"
        # An editor opens a page: its swap file and lock link never stop the preview.
        (exercises / ".swing.md.swp").write_bytes(b"b0VIM 9.0\x00")
        os.symlink("runner@laptop.4242:1700000000", exercises / ".#swing.md")
        # A page no other page needs is deleted: it leaves the preview on the next rebuild.
        swing = (exercises / "swing.md").read_text("utf-8")
        (exercises / "swing.md").unlink()
        code, _ = _until(f"{base}/exercises/swing/", lambda code, _: code == 404)
        assert code == 404
        # A broken save: every page shows the problems, with file, line and message.
        bridge = exercises / "bridge.md"
        good = bridge.read_text("utf-8")
        bridge.write_text(good.replace("title: Bridge", "title: <b>Bridge</b>"), "utf-8")
        code, page = _until(f"{base}/exercises/bridge/", lambda _, text: "paused" in text)
        assert "content/exercises/bridge.md:2:8" in page and "contains HTML" in page
        assert _get(f"{base}/")[1].count("paused") >= 1
        # The next good save: the page is back.
        bridge.write_text(good, "utf-8")
        (exercises / "swing.md").write_text(swing, "utf-8")
        code, page = _until(f"{base}/exercises/bridge/", lambda _, text: "paused" not in text)
        assert code == 200 and "Press through the heels" in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert "Traceback" not in (proc.stderr.read().decode() if proc.stderr else "")


@pytest.mark.parametrize(
    "name",
    [".bridge.md.swp", ".bridge.md.swo", ".#bridge.md", "#bridge.md#", "bridge.md~", "4913"],
)
def test_editor_file_names(name: str) -> None:
    from builder.stages.policy.tree import is_editor_file

    assert is_editor_file(name)
    assert not is_editor_file("bridge.md")
