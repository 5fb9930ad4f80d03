"""Edit -> reload in `mkdocs serve --dirty`: change one exercise's equipment, time the reload.

The time runs from writing the file to the moment the live-reload long-poll (what a
browser waits on) answers with the new build. After each reload the affected pages are
fetched and checked: the exercise has left the old equipment page and appears on the new
one, and the exercise page names its new equipment.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from builder.model import routes

_EQUIPMENT = re.compile(r"^equipment: \[([a-z0-9-]+)\]$", re.MULTILINE)
_EPOCH = re.compile(r"livereload\((\d+),\s*\d+\)")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


class ServeError(Exception):
    """The server did not start, did not reload, or served a wrong page."""


@dataclass(frozen=True)
class Reload:
    slug: str
    old: str
    new: str
    seconds: float
    """From the write to the live-reload answer (wall clock)."""
    build_seconds: float
    """What MkDocs reports for the rebuild itself (wall clock)."""
    cpu_seconds: float
    """CPU time the server used from the write to the answer: the rebuild and the watcher."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


class Server:
    """`mkdocs serve --dirty` on a project, in a child process we own."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log
        self._log = log.open("w")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", ATLAS_PDF="0")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dirty",
                "--no-strict",
                "-a",
                f"127.0.0.1:{self.port}",
            ],
            cwd=project,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Ctrl-C must reach it even when this runs in the background (where SIGINT is
            # ignored and the child would inherit that): stop() asks it to shut down cleanly.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServeError(f"mkdocs serve exited; see {self.log_path}")
            try:
                _get(self.url, timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise ServeError(f"mkdocs serve did not answer within {timeout:.0f} s")

    def epoch(self, path: str) -> int:
        match = _EPOCH.search(_get(self.url + path))
        if not match:
            raise ServeError(f"no live-reload script in {path}")
        return int(match.group(1))

    def cpu(self) -> float:
        """CPU seconds (user + system) the server has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def builds(self) -> list[float]:
        return [float(s) for s in _BUILT.findall(self.log_path.read_text("utf-8"))]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def _targets(content: Path, count: int, kit: list[str]) -> list[tuple[Path, str, str]]:
    """Exercises with one equipment item, each with another item to switch to."""
    found = []
    for path in sorted((content / routes.EXERCISES).glob("*.md")):
        match = _EQUIPMENT.search(path.read_text("utf-8"))
        if match:
            old = match.group(1)
            new = kit[(kit.index(old) + 1 + len(found)) % len(kit)]
            if new != old:
                found.append((path, old, new))
        if len(found) == count:
            break
    return found


def _article(html: str) -> str:
    start = html.find("<article")
    return html[start : html.find("</article>", start)]


def _check(server: Server, slug: str, old: str, new: str) -> None:
    link = f"../../{routes.EXERCISES}/{slug}/"
    old_page = _article(_get(server.url + f"{routes.EQUIPMENT}/{old}/"))
    new_page = _article(_get(server.url + f"{routes.EQUIPMENT}/{new}/"))
    exercise = _article(_get(server.url + f"{routes.EXERCISES}/{slug}/"))
    if link in old_page:
        raise ServeError(f"after the reload, /{routes.EQUIPMENT}/{old}/ still lists {slug}")
    if link not in new_page:
        raise ServeError(f"after the reload, /{routes.EQUIPMENT}/{new}/ does not list {slug}")
    if f"../../{routes.EQUIPMENT}/{new}/" not in exercise:
        raise ServeError(f"after the reload, /{routes.EXERCISES}/{slug}/ does not show {new}")


def measure(project: Path, kit: list[str], edits: int, log: Path) -> list[Reload]:
    """Start the server, make `edits` equipment changes one after another, time each."""
    targets = _targets(project / "content", edits, kit)
    if len(targets) < edits:
        raise ServeError(f"found only {len(targets)} exercises with one equipment item")
    long_ago = time.time() - 3600  # as in a writing session: only the file being saved is new
    for path in project.rglob("*"):
        os.utime(path, (long_ago, long_ago))
    server = Server(project, log)
    reloads = []
    try:
        server.wait_ready(timeout=900)
        time.sleep(1.0)  # let the file watcher take its first snapshot
        for path, old, new in targets:
            slug = path.stem
            epoch = server.epoch(f"{routes.EXERCISES}/{slug}/")
            done = len(server.builds())
            text = path.read_text("utf-8")
            cpu = server.cpu()
            start = time.perf_counter()
            path.write_text(text.replace(f"equipment: [{old}]", f"equipment: [{new}]", 1))
            answer = _get(server.url + f"livereload/{epoch}/1", timeout=300)
            seconds = time.perf_counter() - start
            cpu = server.cpu() - cpu
            if int(answer) <= epoch:
                raise ServeError(f"no reload within 300 s after editing {path.name}")
            _check(server, slug, old, new)
            for _ in range(50):  # MkDocs logs the build time just before it answers
                builds = server.builds()
                if len(builds) > done:
                    break
                time.sleep(0.1)
            build = builds[done] if len(builds) > done else float("nan")
            reloads.append(Reload(slug, old, new, seconds, build, cpu))
            time.sleep(0.6)  # a quiet gap, as between two saves by hand
    finally:
        server.stop()
    return reloads
