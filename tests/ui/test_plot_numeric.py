"""bpviz.ui.plots.numeric: the plots' numbers, checked without Qt (the module runs without it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bpviz.ui.plots.numeric import (
    LOG_FLOORS, WidenOnlyRange, exponent_label, finite_or_nan, format_sci, grown_extent, layer_subset, layer_ticks,
    log10_or_nan, log_floor, safe_log10,
)

NUMERIC = Path(__file__).resolve().parents[2] / "bpviz" / "ui" / "plots" / "numeric.py"


def test_the_module_runs_without_qt():
    """Loaded on its own (not through the bpviz.ui.plots package, which imports the plots), it imports no Qt."""
    code = textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("numeric", {str(NUMERIC)!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.log_floor(-94.0) == -100.0
        print(sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6")))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_finite_or_nan_and_log10_or_nan_leave_gaps_instead_of_wild_values():
    values = [1e-3, np.inf, -np.inf, np.nan, 0.0, -2.0, 100.0]
    np.testing.assert_array_equal(finite_or_nan(values), [1e-3, np.nan, np.nan, np.nan, 0.0, -2.0, 100.0])
    np.testing.assert_array_equal(log10_or_nan(values), [-3.0, np.nan, np.nan, np.nan, np.nan, np.nan, 2.0])
    original = np.array([np.inf, 1.0])
    finite_or_nan(original)
    assert original[0] == np.inf  # a copy: the history's own array is never changed


def test_exponent_labels():
    assert [exponent_label(v) for v in (-40, -0.2, 0, 5, 4.6)] == ["1e-40", "1", "1", "1e+5", "1e+5"]


@pytest.mark.parametrize(("lowest", "floor"), [(-10.0, -45.0), (-44.5, -45.0), (-44.6, -100.0), (-94.0, -100.0),
                                               (-150.0, -200.0), (-250.0, -330.0), (-400.0, -330.0),
                                               (float("nan"), -45.0), (float("-inf"), -45.0)])
def test_log_floor_steps_down_only_when_the_data_go_deeper(lowest, floor):
    assert log_floor(lowest) == floor
    assert LOG_FLOORS[0] == -45.0


def test_safe_log10_clamps_zeros_and_tiny_values_and_flags_non_finite_without_warning():
    with np.errstate(all="raise"):
        logs, clamped, not_finite = safe_log10([1e-200, 0.0, -1e-3, np.nan, np.inf, 1e5], floor=-45.0)
    np.testing.assert_array_equal(logs, [-45.0, -45.0, -3.0, np.nan, np.nan, 5.0])
    assert clamped.tolist() == [True, True, False, False, False, False]
    assert not_finite.tolist() == [False, False, False, True, True, False]
    logs, clamped, _ = safe_log10([1e-200], floor=-330.0)  # a deep floor shows 1e-200 as it is
    assert logs[0] == pytest.approx(-200.0, abs=0) and not clamped[0]


def test_format_sci():
    assert [format_sci(v) for v in (3.21e-8, 0.0, float("nan"), float("inf"), float("-inf"))] == \
        ["3.2e-08", "0", "NaN", "Inf", "-Inf"]
    assert format_sci(123456.0, digits=3) == "1.235e+05"


def test_layer_subset_keeps_the_first_and_last_layer():
    assert layer_subset(5, 8).tolist() == [0, 1, 2, 3, 4]
    shown = layer_subset(50, 8)
    assert len(shown) == 8 and shown[0] == 0 and shown[-1] == 49 and np.all(np.diff(shown) > 0)
    assert layer_subset(50, 12, shown=6).tolist() == [0, 10, 20, 29, 39, 49]


def test_layer_ticks_every_layer_for_shallow_nets_round_steps_for_deep_ones():
    assert [text for _x, text in layer_ticks(6)] == ["1", "2", "3", "4", "5", "6"]
    assert [text for _x, text in layer_ticks(50)] == ["1", "5", "10", "15", "20", "25", "30", "35", "40", "45", "50"]
    assert [text for _x, text in layer_ticks(21, max_ticks=5)] == ["1", "5", "10", "15", "21"]  # not "20", "21"
    assert layer_ticks(3, offset=10.0) == [(11.0, "1"), (12.0, "2"), (13.0, "3")]


def test_widen_only_range_grows_and_resets():
    axis = WidenOnlyRange(minimum_span=2.0)
    assert axis.include(0.0, 0.5) and (axis.low, axis.high) == (-0.75, 1.25)  # at least minimum_span wide
    assert not axis.include(0.0, 1.0)                                          # inside: no change
    assert axis.include(-3.0, 0.0) and (axis.low, axis.high) == (-3.0, 1.25)
    assert not axis.include(float("nan"), 5.0) and axis.high == 1.25
    axis.reset()
    assert axis.include(10.0, 20.0) and (axis.low, axis.high) == (10.0, 20.0)


def test_grown_extent_moves_a_time_axis_a_few_times_per_doubling():
    assert grown_extent(None, 0.0, 100.0) == (0.0, 125.0)
    assert grown_extent((0.0, 125.0), 0.0, 124.0) is None         # still fits: the axis does not move
    assert grown_extent((0.0, 125.0), 0.0, 126.0) == (0.0, 157.5)
    assert grown_extent((0.0, 125.0), 5.0, 10.0) == (5.0, 11.25)   # starts elsewhere (decimated history)
    assert grown_extent((0.0, 157.5), 0.0, 10.0) == (0.0, 12.5)    # after a reset: back to the run's size
    assert grown_extent(None, 0.0, 0.0) == (0.0, 1.25)             # one row still spans a step
    assert grown_extent((0.0, 1.0), float("nan"), 3.0) is None
    steps, moves, extent = range(100, 1001), 0, None
    for last in steps:
        new = grown_extent(extent, 0.0, float(last))
        if new is not None:
            extent, moves = new, moves + 1
    assert moves <= 12 and extent[1] >= 1000                       # 100 -> 1000 steps: a dozen moves, not 900
