"""Lighthouse on every page type of a built site, phone and desktop: `make audit`.

Serves the site on 127.0.0.1, runs Lighthouse (npm, pinned in package.json) with Debian's
Chromium on each page type at 390x844 and 1280x800, prints the accessibility and best-practices
scores with the audits that failed, writes the JSON reports to test-artifacts/lighthouse/, and
exits 1 unless every score is 1.00. Usage: python scripts/audit.py SITE_DIR
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browsers import find_browser  # noqa: E402  (the browser the tests drive)
from pagetypes import page_types, search_word  # noqa: E402  (the tests' choice of pages)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
FORM_FACTORS = {
    "phone": ["--form-factor=mobile", "--screenEmulation.width=390", "--screenEmulation.height=844",
              "--screenEmulation.deviceScaleFactor=3", "--screenEmulation.mobile"],
    "desktop": ["--preset=desktop", "--screenEmulation.width=1280", "--screenEmulation.height=800"],
}  # fmt: skip


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def lighthouse(url: str, form_factor: str, report: Path) -> dict[str, Any]:
    args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
    args += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    env = dict(os.environ, CHROME_PATH=str(find_browser() or "chromium"))
    proc = subprocess.run(
        [*args, *FORM_FACTORS[form_factor]], env=env, capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    return json.loads(report.read_text("utf-8"))


def failed_audits(result: dict[str, Any], category: str) -> list[str]:
    audits = result["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] not in (None, 1)
    ]


def main(site: Path) -> int:
    if not LIGHTHOUSE.is_file():
        print("Lighthouse is missing: run `make audit`, which installs it", file=sys.stderr)
        return 2
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    pages = {name: url for name, url in page_types(catalog).items() if url is not None}
    # material opens its search with the query from ?q=, so Lighthouse sees it open.
    pages["search open"] = "?q=" + search_word(catalog)[0]
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    REPORTS.mkdir(parents=True, exist_ok=True)
    perfect = True
    print(f"{'page type':<12} {'viewport':<8} {'access.':>7} {'best pr.':>8}  url")
    try:
        for name, url in pages.items():
            for form_factor in FORM_FACTORS:
                slug = name.replace(" ", "-")
                result = lighthouse(base + url, form_factor, REPORTS / f"{slug}-{form_factor}.json")
                scores = [result["categories"][c]["score"] for c in CATEGORIES]
                print(f"{name:<12} {form_factor:<8} {scores[0]:>7.2f} {scores[1]:>8.2f}  /{url}")
                for category in CATEGORIES:
                    for audit in failed_audits(result, category):
                        perfect = False
                        print(f"    {category}: {audit}")
                perfect = perfect and all(s == 1 for s in scores)
    finally:
        server.shutdown()
    print("every score is 1.00" if perfect else "some scores are below 1.00")
    return 0 if perfect else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
