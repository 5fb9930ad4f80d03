"""The pose model, its drawings and the guide's frames (builder/pose/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder import pipeline
from builder.pose import files
from builder.pose.figure import NEUTRAL, THIGH, Angles, pose
from builder.pose.render import catalog_frames, frames_html, poses_of
from builder.pose.scene import Frame, Pose, place_all

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PAGE_BUDGET = 10_000
"""Bytes the frames may add to one exercise page (uncompressed HTML)."""


def angles(**given: float) -> Angles:
    body = tuple((j, given.get(j, v)) for j, v in NEUTRAL.body)
    limbs = tuple((j, given.get(j, n), given.get(j, f)) for j, n, f in NEUTRAL.limbs)
    return Angles(body, limbs)


@pytest.fixture(scope="module")
def guide() -> pipeline.Result:
    result = pipeline.run(ROOT / "content", ROOT, [ROOT / "overrides"])
    assert result.catalogue is not None, [str(p) for p in result.problems]
    return result


def test_a_standing_figure_is_one_body_height_from_sole_to_crown() -> None:
    placed, troubles = place_all(Pose("side", ("feet",), (), (Frame("start", NEUTRAL),) * 2))
    body = placed[0].body
    crown = body.points["head"][1] + 0.065
    assert crown == pytest.approx(1.0, abs=0.02)
    assert body.points["near-knee"][1] == pytest.approx(0.285 + 0.018, abs=0.01)  # Winter
    assert troubles == []


def test_joint_angles_turn_the_segments_they_name() -> None:
    body = pose(angles(hip=90))  # thigh forward, level with the hip
    hip, knee = body.points["near-hip"], body.points["near-knee"]
    assert knee[0] - hip[0] == pytest.approx(THIGH) and knee[1] == pytest.approx(hip[1])
    body = pose(angles(knee=90))  # the shank points backward
    knee, ankle = body.points["near-knee"], body.points["near-ankle"]
    assert ankle[0] < knee[0] and ankle[1] == pytest.approx(knee[1])
    lying = pose(angles(trunk=-90))  # on the back: the head behind the hips, level
    assert lying.points["head"][0] < 0 and lying.points["head"][1] == pytest.approx(0, abs=1e-9)


def test_every_exercise_and_variation_has_a_start_and_an_end(guide: pipeline.Result) -> None:
    assert guide.catalogue is not None
    for exercise in guide.catalogue.exercises.values():
        found = poses_of(exercise)
        assert len(found) == 1 + len(exercise.variations), exercise.slug
        for _ident, _heading, one in found:
            names = [f.name for f in one.frames]
            assert names[0] == "start" and names[-1] == "end", exercise.slug


def test_each_frame_is_one_svg_found_by_its_data_pose(guide: pipeline.Result) -> None:
    assert guide.catalogue is not None
    for exercise in guide.catalogue.exercises.values():
        html = frames_html(exercise)
        found = re.findall(r'<svg [^>]*data-pose="([^"]+)"', html)
        listed = catalog_frames(exercise)
        assert found == listed and len(found) >= 2 * (1 + len(exercise.variations))
        assert len(set(found)) == len(found)
        assert all(re.search(r'<svg [^>]*role="img" aria-label="[^"]{20,}"', html) for _ in found)


def test_the_frames_weigh_at_most_10_kb_a_page(guide: pipeline.Result) -> None:
    assert guide.catalogue is not None
    weights = {s: len(frames_html(e).encode()) for s, e in guide.catalogue.exercises.items()}
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] <= PAGE_BUDGET, (heaviest, weights[heaviest])


def test_drawing_is_deterministic(guide: pipeline.Result) -> None:
    assert guide.catalogue is not None
    exercise = guide.catalogue.exercises["stability-ball-curl"]
    assert frames_html(exercise) == frames_html(exercise)
    assert "From lying on your back" in frames_html(exercise)


def test_the_contact_sheet_of_every_frame(guide: pipeline.Result) -> None:
    """All frames on a few pages of PNG in test-artifacts/, for a person to look at."""
    assert guide.catalogue is not None
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    for old in ARTIFACTS.glob("pose-contact-sheet-*.png"):
        old.unlink()
    exercises = list(guide.catalogue.exercises.values())
    pages = files.write_png(files.sheet_html(exercises), ARTIFACTS / "pose-contact-sheet")
    assert pages and all(p.stat().st_size > 10_000 for p in pages)


def test_the_site_stylesheet_is_the_inline_one() -> None:
    from builder.pose.svg import STYLE

    css = (ROOT / "overrides/assets/stylesheets/pose.css").read_text("utf-8")
    assert "".join(css.split("*/", 1)[1].split("\n")) == STYLE


def test_print_copies_shared_shapes_into_each_drawing(guide: pipeline.Result) -> None:
    from bs4 import BeautifulSoup

    from builder.pose.printing import self_contained

    assert guide.catalogue is not None
    soup = BeautifulSoup(frames_html(guide.catalogue.exercises["lying-leg-curl"]), "html.parser")
    self_contained(soup)
    for svg in soup.find_all("svg"):
        own = {e["id"] for e in svg.find_all(id=True)}
        assert {u["href"][1:] for u in svg.find_all("use")} <= own


def test_the_joint_angle_picture_is_current() -> None:
    """docs/pose-angles.svg, shown in CONTRIBUTING.md, is drawn by the same code."""
    picture = (ROOT / "docs/pose-angles.svg").read_text("utf-8")
    assert picture == files.angles_picture() + "\n"


def test_the_cli_draws_one_exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.frontdoors.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["pose", "glute-bridge", "--out", str(tmp_path)]) == 0
    drawn = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert drawn == ["glute-bridge-end.svg", "glute-bridge-start.svg"]
    assert 'data-pose="glute-bridge:end"' in (tmp_path / "glute-bridge-end.svg").read_text()
    assert main(["pose", "glute-brige", "--out", str(tmp_path)]) == 1  # did you mean
