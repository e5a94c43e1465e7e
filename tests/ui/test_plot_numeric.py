"""bpviz.ui.plots.numeric: the plots' numbers, checked without Qt (the module runs without it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bpviz.ui.plots.numeric import (
    DecadeRange, WidenOnlyRange, exponent_label, finite_log_extent, finite_or_nan, format_sci,
    grown_extent, layer_subset, layer_ticks, log10_or_nan, place_labels, safe_log10, short_sci,
    spread_order,
)

NUMERIC = Path(__file__).resolve().parents[2] / "bpviz" / "ui" / "plots" / "numeric.py"


def test_the_module_runs_without_qt():
    """Loaded on its own (not through the bpviz.ui.plots package, which imports the plots), it imports no Qt."""
    code = textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("numeric", {str(NUMERIC)!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.short_sci(3.2e-08) == "3e-8"
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


# ---------------------------------------------------------------- fitted log axes

def test_decade_range_fits_whole_decades_with_headroom_and_keeps_the_thresholds_in_view():
    fitted = DecadeRange(headroom=1.0, always=(-5.0, 2.0))
    assert fitted.fit(-8.3, -1.2) == (-10.0, 3.0)       # the default sigmoid net: 13 decades, not 55
    fresh = DecadeRange(headroom=1.0)
    assert fresh.fit(-8.3, -1.2) == (-10.0, 0.0)
    assert DecadeRange(always=(-5.0, 2.0)).fit(float("nan"), float("nan")) == (-6.0, 3.0)
    deep = DecadeRange(always=(-5.0, 2.0))
    assert deep.fit(-94.2, 0.5) == (-96.0, 3.0)          # as deep as the data go, never clamped


def test_decade_range_grows_at_once_when_data_leave_it():
    fitted = DecadeRange(always=(-5.0, 2.0))
    fitted.fit(-8.3, -1.2)
    assert fitted.fit(-12.5, -1.2) == (-14.0, 3.0)      # one frame
    assert fitted.fit(-12.5, 40.2) == (-14.0, 42.0)


def test_decade_range_does_not_jitter_and_shrinks_only_after_staying_well_inside():
    fitted = DecadeRange(always=(-5.0, 2.0), patience=30)
    fitted.fit(-20.5, -1.0)
    first = fitted.range
    rng = np.random.default_rng(0)
    ranges = {fitted.fit(low, -1.0) for low in -19.5 + rng.uniform(-1.0, 1.0, 200)}
    assert ranges == {first}                              # a decade of wobble never moves the axis
    for frame in range(29):                               # well inside (8 decades): not yet
        assert fitted.fit(-8.3, -1.2) == first, frame
    assert fitted.fit(-8.3, -1.2) == (-10.0, 3.0)         # after patience frames in a row
    fitted.fit(-30.0, -1.2)
    for _ in range(20):
        fitted.fit(-8.3, -1.2)
    fitted.fit(-29.0, -1.2)                               # back near the edge: the count starts again
    for _ in range(29):
        assert fitted.fit(-8.3, -1.2)[0] < -30


def test_decade_range_reset_starts_over():
    fitted = DecadeRange(always=(-5.0, 2.0))
    fitted.fit(-80.0, 1.0)
    fitted.reset()
    assert fitted.fit(-8.3, -1.2) == (-10.0, 3.0)


def test_finite_log_extent_ignores_zeros_and_non_finite_values():
    assert finite_log_extent([0.0, 1e-7, np.nan], [np.inf, 10.0]) == pytest.approx((-7.0, 1.0))
    low, high = finite_log_extent([0.0, np.nan], None)
    assert np.isnan(low) and np.isnan(high)


def test_short_sci():
    assert [short_sci(v) for v in (3.2e-08, 250.0, 0.0, 1.0, np.nan, 9.7e-5)] == ["3e-8", "2e+2", "0", "1e+0", "NaN",
                                                                                  "1e-4"]


def test_place_labels_never_overlaps_never_leaves_the_bounds_and_prefers_the_first():
    bounds = (0, 0, 100, 50)
    candidates = [(30, 10, [(10, 10)]), (30, 10, [(20, 12), (20, 30)]), (30, 10, [(25, 5)]), (30, 10, [(80, 10)])]
    chosen = place_labels(candidates, blocked=[(60, 0, 100, 8)], bounds=bounds)
    assert chosen[0] == (10, 10)
    assert chosen[1] == (20, 30)          # its first place overlaps label 0: the second place
    assert chosen[2] is None              # overlaps label 0 wherever it may go
    assert chosen[3] is None              # would run past the right edge: left out, never cut


def test_spread_order_gives_the_ends_then_the_middles():
    assert spread_order(1) == [0]
    assert spread_order(2) == [0, 1]
    order = spread_order(9)
    assert order[:3] == [0, 8, 4] and sorted(order) == list(range(9))
