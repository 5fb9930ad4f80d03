"""Routine cards: each step's end frame, copied from the exercise's built page."""

from __future__ import annotations

from pathlib import Path

from builder.outputs.article import parse_article
from builder.pose.printing import frame_finder, self_contained, step_frames

EXERCISE = (
    '<article class="md-content__inner"><svg viewBox="0 0 1 1" data-pose="curl:start">'
    '<defs><symbol id="ap-floor"><path d="M0 0h1"/></symbol></defs><g id="apf1"/></svg>'
    '<svg viewBox="0 0 1 1" role="img" aria-label="End" data-pose="curl:end">'
    '<use href="#ap-floor"/><g id="apf2"/></svg></article>'
)
ROUTINE = (
    '<article class="md-content__inner"><table><tr><td>1</td>'
    '<td><a href="../../exercises/curl/">Curl</a></td></tr>'
    '<tr><td>2</td><td><a href="../../exercises/gone/">Gone</a></td></tr>'
    '<tr><td>3</td><td><a href="../../guide/x/">Guide</a></td></tr></table></article>'
)


def test_each_step_gets_its_end_frame_standing_alone(tmp_path: Path) -> None:
    (tmp_path / "exercises" / "curl").mkdir(parents=True)
    (tmp_path / "exercises" / "curl" / "index.html").write_text(EXERCISE, "utf-8")
    article = parse_article(ROUTINE)
    step_frames(article, frame_finder(tmp_path, "routines/r/"))
    svgs = article.find_all("svg")
    assert [s["data-pose"] for s in svgs] == ["curl:end"]
    svg = svgs[0]
    assert svg.find_parent("td").a.string == "Curl"
    assert svg.find("symbol")["id"] == "s0-ap-floor"  # borrowed shape copied, id prefixed
    assert svg.use["href"] == "#s0-ap-floor"
    assert svg["aria-hidden"] == "true" and "aria-label" not in svg.attrs


def test_a_shared_drawing_printed_alone_brings_the_shapes_it_uses() -> None:
    page = (
        '<article class="md-content__inner">'
        '<svg data-pose="a:end"><defs><symbol id="ap-floor"><path d="M0 0h1"/></symbol></defs>'
        '<g id="apd1"><use href="#ap-floor"/></g></svg>'
        '<svg data-pose="b:end"><use href="#apd1"/></svg></article>'
    )
    article = parse_article(page)
    self_contained(article)
    second = article.find("svg", attrs={"data-pose": "b:end"})
    assert sorted(str(e["id"]) for e in second.find_all(id=True)) == ["ap-floor", "apd1"]
