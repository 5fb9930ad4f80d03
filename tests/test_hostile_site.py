"""End to end: pages carrying everything the policy lets through build into HTML with no
script, event attribute or script URL that the theme did not put there.

A baseline build of the clean tiny site tells what the theme emits on every page (its
scripts, with relative paths normalised); the hostile build may contain nothing more.
A second test turns the content policy off to show the sanitiser and the escaping of
printed front matter hold by themselves (defence in depth).
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pdfread import read_pdf

from builder import pipeline
from builder.model import routes
from builder.outputs import sanitize
from builder.stages.policy import bodies

INDEX = """---
title: 'Tiny "Atlas" & friends: a deliberately long title with quotes, ampersands <3 and more'
description: 'Quotes " and apostrophes '' & ampersands, <3'
---

Harmless inline HTML: press <kbd title="javascript:alert(1)">Ctrl</kbd>, read the
<abbr title="onmouseover=alert(1)">HS</abbr> note,<br>then <mark>lift</mark>, H<sub>2</sub>O,
x<sup>2</sup>, <del>old</del> <ins>new</ins>, <small>small</small>, <q>quoted</q>,
<time datetime="2024-01-01">new year</time>, <span class="pill" lang="fr">français</span>.

Text that only looks dangerous: &lt;script&gt;alert(1)&lt;/script&gt;,
&#x3C;img src=x onerror=alert(1)&#x3E;, "javascript:alert(1)", onload=alert(1),
`<script>alert(1)</script>` and \\<b>escaped\\</b>.

Odd characters: 🦵🏃‍♀️ naïve café, ÅÄÖ, 日本語, עברית, العربية, e\u0301, non\u00a0breaking,
a very long word Pneumonoultramicroscopicsilicovolcanoconiosis repeated
Pneumonoultramicroscopicsilicovolcanoconiosis.

## <kbd>Ctrl</kbd> & "quotes" &lt;b&gt; {: #keys .fancy title="onclick=alert(1)" }

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |

!!! note "A note with <kbd>keys</kbd> & ampersands"

    Inside an admonition, [a link](https://example.org/?a=1&b=2), an
    [email](mailto:someone@example.org), and [the exercises](exercises/index.md).

<details markdown>
<summary>More, with <em>emphasis</em></summary>

Hidden **Markdown** inside details.

</details>

<div class="grid" markdown>

![A picture](images/picture.png "A title with 'quotes'")

</div>

```html
<script>alert("in a code block")</script>
<img src=x onerror=alert(1)>
```

[ref]: https://example.org/ref "Reference"

See the [reference][ref].
"""

LONG_TITLE = "Bridge & \"hip\" lift 'n' hold <3: a title as long as the schema allows"


def _hostile(tiny: Path) -> None:
    config = tiny / "mkdocs.yml"  # the real site's extensions
    config.write_text(
        config.read_text("utf-8")
        + "  - md_in_html\n  - pymdownx.details\n  - pymdownx.superfences\n",
        "utf-8",
    )
    (tiny / "content/index.md").write_text(INDEX, "utf-8")
    (tiny / "content/images").mkdir()
    (tiny / "content/images/picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    bridge = tiny / "content/exercises/bridge.md"
    title = json.dumps(LONG_TITLE[:70])
    text = bridge.read_text("utf-8").replace("title: Bridge", f"title: {title}")
    text = text.replace(
        "summary: Lift the hips from the floor.",
        "summary: 'Lift the hips & hold; <3 \"quotes\" and &lt;script&gt; as text.'",
    )
    bridge.write_text(text + "\nPress <kbd>Space</kbd> & hold.\n", "utf-8")


class _Scan(HTMLParser):
    """Scripts, event attributes and script URLs in one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.events: list[str] = []
        self.urls: list[str] = []
        self.in_article = 0
        self.article_tags: list[str] = []
        self._script: list[str] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        elif self.in_article:
            self.article_tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.events.append(f"<{tag} {name}={value}>")
            plain = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name in bodies.URL_ATTRIBUTES and plain.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.urls.append(f"<{tag} {name}={value}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            self._script = [re.sub(r"^(\.\./)+", "", src), str(dict(attrs).get("type"))]
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if tag == "script" and self._script is not None:
            text = "|".join(self._script)
            self.scripts.append(re.sub(r'"\.(?:\.(?:/\.\.)*)?"', '"BASE"', text))
            self._script = None
        if tag == "title":
            self._in_title = False


def _scan_site(site: Path) -> dict[str, _Scan]:
    scans = {}
    for page in sorted(site.rglob("*.html")):
        scan = _Scan()
        scan.feed(page.read_text("utf-8"))
        scans[page.relative_to(site).as_posix()] = scan
    return scans


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every script the theme emits on the clean tiny site, normalised."""
    from conftest import ROOT, TINY

    project = tmp_path_factory.mktemp("baseline") / "tiny"
    shutil.copytree(TINY, project)
    shutil.copytree(ROOT / "overrides", project / "overrides")  # as the tiny fixture does
    site = project.parent / "site"
    proc = mkdocs_build(project, site)
    assert proc.returncode == 0, proc.stderr
    scans = _scan_site(site)
    assert not any(s.events or s.urls for s in scans.values()), "the theme itself"
    return {script for s in scans.values() for script in s.scripts}


def test_everything_the_policy_allows_builds_without_active_content(
    tiny: Path, tmp_path: Path, baseline: set[str]
) -> None:
    _hostile(tiny)
    result = pipeline.run(tiny / "content", tiny)
    assert [str(p) for p in result.problems] == []
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    scans = _scan_site(site)
    home = scans["index.html"]
    assert "Ctrl" in (site / "index.html").read_text("utf-8")  # the page really is there
    for name, scan in scans.items():
        assert scan.events == [], name
        assert scan.urls == [], name
        assert set(scan.scripts) <= baseline, name
        assert not {"script", "style", "iframe", "object", "embed", "form"} & set(
            scan.article_tags
        ), name
        raw = (site / name).read_text("utf-8")
        assert re.search(r"<title>[^<]*</title>", raw) or "<title>" not in raw, name
    assert {"kbd", "abbr", "details", "summary", "mark", "table", "img"} <= set(home.article_tags)
    html = (site / "index.html").read_text("utf-8")
    assert '<meta name="description" content="Quotes &#34; and apostrophes' in html
    for doc in json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]:
        for text in (doc["title"], doc["text"]):
            tags = r"<\s*script|<[^>]*\son\w+\s*=|<[^>]*(?:href|src)\s*=\s*[\"']?\s*javascript:"
            assert not re.search(tags, text, re.IGNORECASE), doc


HOSTILE_HOME = (
    "---\ntitle: <img src=x onerror=alert(1)>\n"
    "description: '\"><script>alert(2)</script>'\n---\n\n"
    "<script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n"
    "[a](javascript:alert(5)) [b](jav&#x61;script:alert(6)) ![c](data:image/svg+xml,x)\n\n"
    "<iframe src=https://example.org></iframe><style>*{}</style>\n\n"
    '[d](https://example.org){: onclick="alert(7)" }\n\n'
    '<div onmouseover="alert(8)" style="position:fixed">x</div>\n'
)


def test_sanitiser_and_escaping_hold_without_the_policy(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turn the body and front-matter policy off: nothing executable reaches the HTML."""
    monkeypatch.setattr(bodies, "check_bodies", lambda *args: [])
    monkeypatch.setattr(bodies, "check_page_links", lambda *args: [])
    (tiny / "content/index.md").write_text(HOSTILE_HOME, "utf-8")
    monkeypatch.chdir(tiny)
    site = tmp_path / "out"
    config = load_config(str(tiny / "mkdocs.yml"), site_dir=str(site))
    build(config)
    html = (site / "index.html").read_text("utf-8")
    assert "alert(" not in html.replace("alert(1)&gt;", "").replace("alert(2)&lt;", "")
    scan = _Scan()
    scan.feed(html)
    assert scan.events == [] and scan.urls == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title, as text
    assert "position:fixed" not in html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>alert(1)</script></p>", "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="page/" title="t">x</a>', '<a href="page/" title="t">x</a>'),
        ('<img src="x.png" onerror="alert(1)" alt="a">', '<img src="x.png" alt="a">'),
        (
            '<table><tr><td style="text-align: center;">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>',
        ),
        ('<p style="position:fixed">x</p>', "<p>x</p>"),
        ('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>', None),
        ('<div class="admonition note"><p class="admonition-title">N</p></div>', None),
        ('<details open=""><summary>s</summary><p>x</p></details>', None),
        ('<kbd>Ctrl</kbd><abbr title="t">a</abbr><br>', None),
    ],
)
def test_clean(dirty: str, clean: str | None) -> None:
    assert sanitize.clean(dirty) == (dirty if clean is None else clean)


def test_escape_meta_escapes_once() -> None:
    meta = {
        "title": 'A & "B" <i>',
        "description": "x",
        "author": "<b>",
        "hide": ["toc"],
        "extra": {"revision_date": "<svg onload=alert(1)>", "count": 3},
    }
    sanitize.escape_meta(meta)
    sanitize.escape_meta(meta)
    assert meta == {
        "title": "A &amp; &#34;B&#34; &lt;i&gt;",
        "description": "x",
        "author": "&lt;b&gt;",
        "hide": ["toc"],
        "extra": {"revision_date": "&lt;svg onload=alert(1)&gt;", "count": 3},
    }


def test_the_pdf_carries_nothing_executable_without_the_policy(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same hostile page printed: no script action, no script link, no script text."""
    monkeypatch.setattr(bodies, "check_bodies", lambda *args: [])
    monkeypatch.setattr(bodies, "check_page_links", lambda *args: [])
    monkeypatch.setenv("ATLAS_PDF", "1")
    (tiny / "content/index.md").write_text(HOSTILE_HOME, "utf-8")
    config_file = tiny / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text("utf-8").replace("  - atlas\n", "  - atlas:\n      pdf: true\n")
        + "site_url: https://tiny.example.org/\n",
        "utf-8",
    )
    monkeypatch.chdir(tiny)
    site = tmp_path / "out"
    build(load_config(str(config_file), site_dir=str(site)))
    book = site / routes.PDF_BOOK
    raw = book.read_bytes()
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/SubmitForm", b"/ImportData"):
        assert action not in raw, action
    printed = read_pdf(book)
    assert "Welcome" in [title for _, title, _ in printed.outline]  # the hostile home is in it
    for link in printed.links:
        target = (link.uri or "").lower().replace(" ", "")
        assert not target.startswith(("javascript:", "vbscript:", "data:", "file:")), link
    for alert in ("alert(3)", "alert(4)", "alert(5)", "alert(6)", "alert(7)", "alert(8)"):
        assert alert not in printed.text(), alert


HOSTILE_TEXT = {
    "title: Band curl": "title: 'Band \"curl\" & > hold'",
    "summary: Curl the heel against a band.": "summary: \"Curl 'against' & > {#x} [y](z) *w*.\"",
    "  - title: Ankle-weight curl\n    summary: The same curl with a weight on the ankle.": (
        '  - title: Ankle "weight" & > curl\n    summary: "The \\"same\\" & > {#w} curl."'
    ),
    "## Ankle-weight curl": '## Ankle "weight" & > curl',
}
"""Quotes, '>', '&', attribute lists, links and emphasis in a title, a summary and a
variation's title and summary, which the builder places on many pages."""
ALLOWED_IN_ARTICLE = {"class", "id", "href", "title", "aria-label", "data-muscle", "data-shape"}


def test_titles_and_summaries_reach_every_page_as_text(tiny: Path, tmp_path: Path) -> None:
    page = tiny / "content/exercises/band-curl.md"
    text = page.read_text("utf-8")
    for old, new in HOSTILE_TEXT.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    page.write_text(text, "utf-8")
    site = tmp_path / "out"
    proc = mkdocs_build(tiny, site)
    assert proc.returncode == 0, proc.stderr
    seen = 0
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        article = soup.select_one("article")
        if article is None:
            continue
        for a in article.select("a"):  # links the builder wrote: nothing but its own attributes
            assert set(a.attrs) <= ALLOWED_IN_ARTICLE | {"download"}, (path, a.attrs)
            assert '"' not in a.get("href", ""), (path, a["href"])
        for a in soup.select("nav.md-nav--secondary a"):  # the theme's contents: ids unescaped
            assert set(a.attrs) <= {"href", "class"}, (path, a.attrs)
        texts = [a.get_text() for a in article.select("a")]
        seen += texts.count('Band "curl" & > hold') + texts.count('Ankle "weight" & > curl')
        for el in article.find_all(string=True):  # escaped text, never markup
            assert "{#" not in el or "{#x}" in el or "{#w}" in el, (path, el)
    assert seen >= 4, "the titles were not found as link text on the pages that list them"
    term = BeautifulSoup(
        (site / "equipment/ankle-weight/index.html").read_text("utf-8"), "html.parser"
    )
    cells = [td.get_text() for td in term.select("article td")]
    assert 'The "same" & > {#w} curl.' in cells
    band_page = (site / "exercises/band-curl/index.html").read_text("utf-8")
    band = BeautifulSoup(band_page, "html.parser")
    summary = band.select_one("article .atlas-summary")
    assert summary is not None and summary.get_text() == "Curl 'against' & > {#x} [y](z) *w*."
    assert summary.find(["em", "a"]) is None
