"""What `mkdocs serve` shows while a contributor edits, worked around MkDocs' live server.

- Editors' temporary files (vim swap files, emacs lock links and backups...) are never
  published: `drop_editor_files` takes them out of a build's files (the policy never reports
  them).
- With `--dirty`, MkDocs writes only what changed into the site it serves and never removes
  a page's output: `Preview.prune` deletes the output of pages gone since the last build, so
  a deleted or renamed page disappears on the next rebuild.
- After a broken save MkDocs' server keeps every request waiting until a build succeeds, and
  the reader sees nothing of why. `Preview.attach` wraps the server's builder and web app:
  a failed rebuild is caught (the server then goes on), every page is answered with a page
  listing the problems (file, line, message), and that page reloads itself when the next
  build ends.

This module does not import MkDocs: the plugin hands it the files and the server, and only
their documented attributes are used (`src_uri`, `abs_dest_path`, `builder`, `get_app` and
`set_app` of the WSGI server).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from html import escape
from typing import Any

from builder.stages.policy.tree import is_editor_file

STATUS_PATH = "/.atlas-preview-status"
"""Answered with the number of builds so far; the problems page polls it."""
_PROBLEM = re.compile(r"(\S+:\d+:\d+: (?:warning )?\[[a-z-]+\] [^\n]*)")
log = logging.getLogger("mkdocs.plugins.builder.frontdoors.preview")


def drop_editor_files(files: Any) -> None:
    """Take editors' temporary files out of a build's files (a MkDocs `Files`)."""
    for file in list(files):
        if is_editor_file(file.src_uri.rsplit("/", 1)[-1]):
            files.remove(file)


class Preview:
    """State kept across the rebuilds of one `mkdocs serve`."""

    def __init__(self) -> None:
        self.outputs: set[str] = set()
        """Output files of the last build's files."""
        self.problems: list[str] | None = None
        """The last build's problems when it failed; None when it succeeded."""
        self.builds = 0
        self._lock = threading.Lock()

    def prune(self, files: Iterable[Any], site_dir: str) -> list[str]:
        """Delete the output of files the last build had and this one has not; return them."""
        current = {file.abs_dest_path for file in files}
        root = os.path.realpath(site_dir)
        gone = sorted(self.outputs - current)
        for path in gone:
            if os.path.realpath(path).startswith(root + os.sep):
                with suppress(OSError):
                    os.remove(path)
        self.outputs = current
        return gone

    def attach(self, server: Any) -> Any:
        """Wrap the server's rebuild and web app; return the server (unchanged if it is not
        MkDocs' LiveReloadServer)."""
        build, app = getattr(server, "builder", None), getattr(server, "get_app", None)
        if build is None or app is None or not hasattr(server, "set_app"):
            return server
        app = app()

        def guarded_build() -> None:
            collected = logging.handlers.BufferingHandler(capacity=sys.maxsize)  # every record
            collected.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(collected)
            found: list[str] | None = None  # None: the build succeeded
            try:
                build()
            except Exception as error:  # a broken save: show it, and let the server go on
                messages = (record.getMessage() for record in collected.buffer)
                lines = [match[1] for text in messages if (match := _PROBLEM.search(text))]
                found = lines or [f"{type(error).__name__}: {error}"]
                log.error("The preview shows the problems until the next good save.")
            finally:
                logging.getLogger("mkdocs").removeHandler(collected)
            with self._lock:
                self.problems, self.builds = found, self.builds + 1

        def guarded_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "")
            if path == STATUS_PATH:
                start_response("200 OK", [("Content-Type", "text/plain"), _NO_STORE])
                return [str(self.builds).encode()]
            problems = self.problems
            if problems is not None and _is_page(path):
                body = problems_page(problems, self.builds).encode("utf-8")
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), _NO_STORE])
                return [body]
            return app(environ, start_response)

        server.builder = guarded_build
        server.set_app(guarded_app)
        return server


_NO_STORE = ("Cache-Control", "no-store")


def _is_page(path: str) -> bool:
    return not path.startswith("/livereload/") and (
        path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
    )


def problems_page(problems: list[str], builds: int) -> str:
    """A page listing a broken build's problems, which reloads when the next build ends."""
    items = "\n".join(_item(line) for line in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Preview paused: {count}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }}
li {{ margin-bottom: 1rem; }} code {{ font-weight: bold; }} .hint {{ color: #555; }}
</style>
</head>
<body>
<h1>The preview is paused: the last save has {count}</h1>
<p>Fix them and save: this page reloads by itself when the site builds again.</p>
<ol>
{items}
</ol>
<script>
setInterval(function () {{
  fetch("{STATUS_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
    .then(function (t) {{ if (t !== "{builds}") {{ location.reload(); }} }})
    .catch(function () {{}});
}}, 1000);
</script>
</body>
</html>
"""


def _item(line: str) -> str:
    where, _, rest = line.partition(": ")
    message, _, hint = rest.partition(". hint: ")
    hint_html = f'<br><span class="hint">Hint: {escape(hint)}</span>' if hint else ""
    return f"<li><code>{escape(where)}</code> {escape(message)}{hint_html}</li>"
