"""tools/lesson_margins.py: each comparison's distance from flipping, as `bpviz run --check` measures it."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from bpviz.cli import main as bpviz_main
from bpviz.lessons.expectation import METRICS, evaluate, parse_expectation

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import lesson_margins  # noqa: E402
from lesson_margins import NOTES_MARKER, MarginRow, margin, rows_of  # noqa: E402


@pytest.mark.parametrize("op, bound, measured, expected", [
    ("<", 0.65, 0.52, (0.13, 0.2)),        # A's accuracy may rise by 0.13 before the check breaks
    ("<=", 1e-6, 4e-7, (6e-7, 0.6)),
    (">", 0.8, 0.85, (0.05, 0.0625)),      # B's accuracy may fall by 0.05
    (">=", 0.2, 0.1, (-0.1, -0.5)),        # already broken: negative
    ("<", -0.1, -0.3, (0.2, 2.0)),         # a negative bound: relative to its size
    (">", 0.0, 0.3, (0.3, None)),          # a bound of 0 has no relative margin
    ("==", 1.0, 1.0, (None, None)),        # an outcome, not a distance
])
def test_margin_points_the_way_that_breaks_the_comparison(op, bound, measured, expected):
    absolute, relative = margin(op, bound, measured)
    assert (absolute is None) == (expected[0] is None) and (relative is None) == (expected[1] is None)
    if expected[0] is not None:
        assert absolute == pytest.approx(expected[0])
    if expected[1] is not None:
        assert relative == pytest.approx(expected[1])


def test_nan_has_nan_margins():
    assert all(math.isnan(value) for value in margin(">", 0.9, math.nan))


def _fake_result():
    expectation = parse_expectation([
        {"metric": "test_accuracy", "after_steps": 5, "problem": {"<": 0.65}, "remedy_minus_problem": {">": 0.2}},
        {"metric": "weight_norm", "after_steps": 5, "remedy_over_problem": {"<": 0.75}},
        {"metric": "diverged", "after_steps": 5, "problem": {"==": 1}},
    ], "fake")
    full = dict.fromkeys(METRICS, 0.0)
    return evaluate(expectation, {
        ("problem", 5): {**full, "test_accuracy": 0.62, "weight_norm": 10.0, "diverged": 1.0},
        ("remedy", 5): {**full, "test_accuracy": 0.9, "weight_norm": 8.0, "diverged": 0.0}})


def test_rows_of_a_fake_expectation_flag_the_close_and_the_broken():
    rows = rows_of("fake", _fake_result(), {"test_accuracy": 1 / 100})
    assert [row.expectation for row in rows] == [
        "test_accuracy after 5 steps: problem < 0.65", "test_accuracy after 5 steps: remedy minus problem > 0.2",
        "weight_norm after 5 steps: remedy over problem < 0.75", "diverged after 5 steps: problem == 1"]
    close, comfortable, broken, outcome = rows
    assert close.measured == 0.62 and close.relative == pytest.approx(0.03 / 0.65) and close.flag == "< 10%"
    assert comfortable.measured == pytest.approx(0.28) and comfortable.relative == pytest.approx(0.4)
    assert (comfortable.problem, comfortable.remedy) == (0.62, 0.9) and comfortable.flag == ""
    assert broken.measured == 0.8 and not broken.holds and broken.flag == "NOT MET"
    assert outcome.absolute is None and outcome.flag == ""
    # accuracies count their margin in test points too: 3 of 100 predictions keep A under 0.65
    assert close.points == pytest.approx(3) and comfortable.points == pytest.approx(8) and broken.points is None
    text = lesson_margins.table(rows)
    row = "| fake | test_accuracy after 5 steps: problem < 0.65 | A = 0.62 | < 0.65 | 0.03 | 4.6% | 3 of 100 | < 10% |"
    assert row in text
    assert "B − A = 0.28 (A 0.62, B 0.9)" in text and "B / A = 0.8 (A 10, B 8)" in text


def _moved_by(row: MarginRow, change: float) -> MarginRow:
    """The row as another machine might measure it."""
    measured = row.measured + change
    absolute, relative = margin(row.op, row.bound, measured)
    return MarginRow(**{**row.__dict__, "measured": measured, "absolute": absolute, "relative": relative})


def test_write_keeps_the_notes_above_the_marker_and_combine_sets_runs_side_by_side(tmp_path):
    rows = rows_of("fake", _fake_result(), {"test_accuracy": 1 / 100})
    moved = [_moved_by(row, 0.013) if row.op == "<" else row for row in rows]
    lesson_margins.save_run(tmp_path / "a.json", "run A", {}, rows)
    lesson_margins.save_run(tmp_path / "b.json", "run B", {}, moved)
    doc = tmp_path / "margins.md"
    assert lesson_margins.main(["--combine", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                                "--write", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8").startswith(lesson_margins.TITLE + "\n\n" + NOTES_MARKER + "\n\n## ")
    doc.write_text("# Our title\n\nOur notes.\n\n" + doc.read_text(encoding="utf-8").split("\n", 2)[2],
                   encoding="utf-8")
    assert lesson_margins.main(["--combine", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                                "--write", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert text.count(NOTES_MARKER) == 1 and text.startswith("# Our title\n\nOur notes.\n\n" + NOTES_MARKER)
    assert "1. run A" in text and "2. run B" in text and "## Run 2: run B" in text
    # problem < 0.65 moved from 0.62 to 0.633: 0.013 / 0.65 = 2 % of the bound
    assert "| fake | test_accuracy after 5 steps: problem < 0.65 | 0.62 (4.6%, 3 pts) | 0.633 (2.6%, 1.7 pts) | " \
           "2.0% | < 10% |" in text
    assert "| fake | test_accuracy after 5 steps: remedy minus problem > 0.2 | 0.28 (40.0%, 8 pts) | 0.28 (40.0%, " \
           "8 pts) | same |  |" in text


@pytest.mark.parametrize("seed", [None, 3])
def test_a_cheap_lesson_measures_what_bpviz_run_check_measures(tmp_path, capsys, seed):
    seed_options = [] if seed is None else ["--seed", str(seed)]
    assert lesson_margins.main(["--lesson", "edge-of-chaos", "--json", str(tmp_path / "run.json"), *seed_options]) == 0
    saved = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert saved["environment"]["numpy"] and saved["label"].startswith("NumPy ")
    assert saved["label"].endswith(", seed 3") == (seed == 3)
    rows = [MarginRow(**row) for row in saved["rows"]]
    assert len(rows) == 8 and {row.lesson for row in rows} == {"edge-of-chaos"}
    assert "## Run 1: NumPy" in capsys.readouterr().out

    out = tmp_path / "cli"
    code = bpviz_main(["run", "--lesson", "edge-of-chaos", "--check", "--steps", "2", "--no-png", "--quiet",
                       "--out", str(out), *seed_options])
    measured = json.loads((out / "summary.json").read_text(encoding="utf-8"))["expectation"]["measured"]
    assert code == (0 if all(row.holds for row in rows) else 4)
    for row in rows:
        metric, at = row.expectation.split(" at init:")[0], "init"
        assert measured[f"{metric}@{at}"] == {"problem": pytest.approx(row.problem, rel=1e-12),
                                              "remedy": pytest.approx(row.remedy, rel=1e-12)}


def test_unknown_lesson_is_a_one_line_error(capsys):
    assert lesson_margins.main(["--lesson", "no-such-lesson"]) == 2
    assert "unknown lesson 'no-such-lesson'" in capsys.readouterr().err
