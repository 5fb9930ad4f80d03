"""Real-browser fixtures: Chrome or Chromium (see tests/browsers.py) driven by Playwright,
axe-core, the site served locally.

Loaded from conftest.py as a pytest plugin. `make test` installs what these need (a browser,
Playwright, the pinned npm packages); run by hand without them, the browser tests fail with a
message that says so rather than skip.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browsers import find_browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
ARTIFACTS = ROOT / "test-artifacts"
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def require(path: Path, what: str) -> None:
    """Fail (not skip) when a browser tool is missing: `make test` installs them all."""
    if not path.is_file():
        pytest.fail(f"{what} is missing ({path}): run `make test`, which installs it", False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Visit:
    """A page opened in the browser, with the errors it printed to the console."""

    page: Any
    errors: list[str] = field(default_factory=list)

    def assert_no_console_errors(self) -> None:
        assert self.errors == [], f"{self.page.url}: console errors {self.errors}"


@pytest.fixture(scope="session")
def served_site(real_site: Path) -> Iterator[str]:
    """The real site on a threaded HTTP server on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory, real_site: Path) -> Path:
    """The offline build (mkdocs-offline.yml), built once, to be opened from file://; it
    takes its PDFs from the real site's build, as `make site` takes them from site/."""
    site = tmp_path_factory.mktemp("offline") / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1")
    env["ATLAS_PDF_COPY_FROM"] = str(real_site)
    proc = subprocess.run(
        [*MKDOCS_BUILD, "-f", "mkdocs-offline.yml", "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    chrome = find_browser()
    if chrome is None:
        pytest.fail(
            "no Chrome or Chromium ($CHROME_PATH, google-chrome, chromium): run `make test`"
        )
    require(chrome, "Chrome or Chromium")
    require(AXE, "axe-core (npm)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: run `make test`, which installs it", False)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chrome), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(url, viewport="desktop", scheme="light") -> Visit, in a fresh context."""
    contexts: list[Any] = []

    def open_(url: str, viewport: str = "desktop", scheme: str = "light") -> Visit:
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)
        page.on("console", lambda m: m.type == "error" and visit.errors.append(m.text))
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.goto(url, wait_until="load")
        return visit

    yield open_
    for context in contexts:
        context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now, all rules on."""
    settle(page)
    page.add_script_tag(path=str(AXE))
    # From file:// axe cannot fetch the stylesheets it preloads (for css-orientation-lock).
    options = {"resultTypes": ["violations"], "preload": not page.url.startswith("file:")}
    return page.evaluate("async options => (await axe.run(document, options)).violations", options)


def settle(page: Any) -> None:
    """Wait for running CSS transitions (material fades its tabs in) to end."""
    page.evaluate(
        "() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """axe violations in a few readable lines: rule, impact, the first offending nodes."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:4]]
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} {targets}")
        lines.extend(f"    {n['failureSummary']!r}" for n in v["nodes"][:2])
    return "\n".join(lines)


NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/: the page from the top, at most 3,000 px tall."""
    ARTIFACTS.mkdir(exist_ok=True)
    settle(page)
    path = ARTIFACTS / f"{name}.png"
    if full_page:
        # Growing the viewport to the page's height restarts material's tab transitions.
        page.add_style_tag(content=NO_TRANSITIONS)
        height = min(page.evaluate("document.documentElement.scrollHeight"), 3000)
        clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(path))
    return path


def open_search(page: Any, word: str) -> None:
    """Open material's search as a reader would and type a word into the box."""
    box = page.locator("input.md-search__input")
    magnifier = page.locator('label.md-header__button[for="__search"]')
    if magnifier.is_visible():  # on a phone the box hides behind the header's magnifier
        magnifier.click()
    else:
        box.click()
    box.press_sequentially(word, delay=40)
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def heading(page: Any) -> str:
    """The page's title as shown, without the permalink sign."""
    return page.locator("article h1").first.inner_text().removesuffix("¶").strip()


def load_catalog(site: Path) -> dict[str, Any]:
    return json.loads((site / "catalog.json").read_text("utf-8"))
