"""Lighthouse on every page type of a built site, phone and desktop: `make audit`.

Serves the site on 127.0.0.1 as a static host does (gzip when the request accepts it), runs
Lighthouse (npm, pinned in package.json) with the tests' Chrome or Chromium on each page type at
390x844 (phone: simulated slow 4G and a 4x slower CPU) and 1280x800 (desktop), and prints the
performance, accessibility and best-practices scores with CLS, LCP and TBT, and what failed.
Each page is measured --runs times (default 1) and the run of median performance is kept.
Writes the JSON reports to test-artifacts/lighthouse/ and exits 1 unless accessibility and best
practices are 1.00 everywhere and phone performance is at least 0.95.
Usage: python scripts/audit.py [--runs N] [--only PAGE_TYPE ...] [--form-factor F] SITE_DIR
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
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
CATEGORIES = ("performance", "accessibility", "best-practices")
# The least score of each category, per form factor (desktop performance is shown, not required).
REQUIRED = {
    "phone": {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0},
    "desktop": {"performance": 0.0, "accessibility": 1.0, "best-practices": 1.0},
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
FORM_FACTORS = {
    "phone": ["--form-factor=mobile", "--screenEmulation.width=390", "--screenEmulation.height=844",
              "--screenEmulation.deviceScaleFactor=3", "--screenEmulation.mobile"],
    "desktop": ["--preset=desktop", "--screenEmulation.width=1280", "--screenEmulation.height=800"],
}  # fmt: skip
# What static hosts compress (GitHub Pages, Netlify, nginx's usual gzip_types).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest"}


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """The site as a static host serves it: text files gzipped when the request accepts gzip."""

    def send_head(self) -> Any:
        file = self._file()
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if file is None or not accepts or file.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = _gzipped(file, file.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _file(self) -> Path | None:
        """The file a request names (a folder's index.html), or None: the stock handler then
        redirects, lists or answers 404."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return None
            path = path / "index.html"
        return path if path.is_file() else None

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """A StaticHost for `site` on a free port of 127.0.0.1, answering from a daemon thread."""
    handler = functools.partial(StaticHost, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


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


def median_run(url: str, form_factor: str, report: Path, runs: int) -> dict[str, Any]:
    """The run of median performance score (Lighthouse's own advice against variance); the
    higher of the middle two for an even number of runs."""
    results = [lighthouse(url, form_factor, report) for _ in range(runs)]
    results.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    chosen = results[len(results) // 2]
    report.write_text(json.dumps(chosen), "utf-8")
    return chosen


def failed_audits(result: dict[str, Any], category: str) -> list[str]:
    failed = [
        result["audits"][ref["id"]]
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and result["audits"][ref["id"]]["score"] not in (None, 1)
    ]
    return [f"{a['id']}: {a['title']} {a.get('displayValue', '')}".rstrip() for a in failed]


def opportunities(result: dict[str, Any]) -> list[str]:
    """What Lighthouse says would make the page load faster, largest saving first."""
    found = [
        (audit["details"].get("overallSavingsMs") or 0, f"{audit['id']}: {audit['title']}")
        for audit in result["audits"].values()
        if (audit.get("details") or {}).get("type") == "opportunity"
    ]
    return [f"{text} (~{ms:.0f} ms)" for ms, text in sorted(found, reverse=True) if ms >= 50]


def row(name: str, form_factor: str, result: dict[str, Any], url: str) -> str:
    scores = [result["categories"][c]["score"] or 0 for c in CATEGORIES]
    audits = result["audits"]
    cls = audits["cumulative-layout-shift"]["numericValue"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    tbt = audits["total-blocking-time"]["numericValue"]
    return (
        f"{name:<13} {form_factor:<8} {scores[0]:>5.2f} {scores[1]:>7.2f} {scores[2]:>8.2f}"
        f" {cls:>6.3f} {lcp:>5.1f}s {tbt:>5.0f}ms  /{url}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="runs a page, the median kept")
    parser.add_argument("--only", nargs="*", default=[], help="page types to audit (default all)")
    parser.add_argument("--form-factor", choices=sorted(FORM_FACTORS), action="append")
    options = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print("Lighthouse is missing: run `make audit`, which installs it", file=sys.stderr)
        return 2
    catalog = json.loads((options.site / "catalog.json").read_text("utf-8"))
    pages = {name: url for name, url in page_types(catalog).items() if url is not None}
    # material opens its search with the query from ?q=, so Lighthouse sees it open.
    pages["search open"] = "?q=" + search_word(catalog)[0]
    if unknown := set(options.only) - set(pages):
        parser.error(f"unknown page types {sorted(unknown)}; expected some of {sorted(pages)}")
    pages = {name: url for name, url in pages.items() if not options.only or name in options.only}
    server = serve(options.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    REPORTS.mkdir(parents=True, exist_ok=True)
    passed = True
    print(f"{'page type':<13} {'viewport':<8} {'perf.':>5} {'access.':>7} {'best pr.':>8}"
          f" {'CLS':>6} {'LCP':>6} {'TBT':>7}  url")  # fmt: skip
    try:
        for name, url in pages.items():
            for form_factor in options.form_factor or FORM_FACTORS:
                report = REPORTS / f"{name.replace(' ', '-')}-{form_factor}.json"
                result = median_run(base + url, form_factor, report, options.runs)
                print(row(name, form_factor, result, url), flush=True)
                for category, least in REQUIRED[form_factor].items():
                    if (result["categories"][category]["score"] or 0) >= least:
                        continue
                    passed = False
                    for audit in failed_audits(result, category):
                        print(f"    {category}: {audit}")
                    if category == "performance":
                        for text in opportunities(result):
                            print(f"    could save: {text}")
    finally:
        server.shutdown()
        server.server_close()
    print(
        "every page reaches the required scores (phone performance >= 0.95, the rest 1.00)"
        if passed
        else "some scores are below what is required"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
