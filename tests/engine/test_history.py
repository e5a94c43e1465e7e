"""History: bounded memory for a million steps, the whole run still visible, views that stay valid, CSV."""

from __future__ import annotations

import csv
import time

import numpy as np
import pytest

from bpviz.engine.telemetry import LAYER_METRICS, SCALAR_METRICS, Event, History, StepStats

DEPTH = 50
CAPACITY = 2048
MILLION = 1_000_000
BUDGET_BYTES = 8 * 1024 * 1024  # (1 + 5 + 7 x 50) float64 columns x 2048 rows = 5.8 MB


def stats(step: int, depth: int = DEPTH, layers: dict | None = None) -> StepStats:
    base = np.full(depth, float(step))
    layers = layers or {name: base for name in LAYER_METRICS}
    return StepStats(step=step, loss=1.0 / step, train_accuracy=0.5, test_accuracy=0.25,
                     grad_norm_before_clip=2.0 * step, grad_norm_after_clip=step, **layers)


def test_a_million_steps_stay_in_a_fixed_budget_and_span_the_whole_run():
    history = History(DEPTH, CAPACITY)
    layers = {name: np.arange(DEPTH, dtype=float) + i for i, name in enumerate(LAYER_METRICS)}
    sizes = {}
    start = time.perf_counter()
    for step in range(1, MILLION + 1):
        history.append(StepStats(step, 0.5, 0.5, 0.5, 1.0, 1.0, **layers))
        if step in (CAPACITY, 10_000, 100_000):
            sizes[step] = history.nbytes
    elapsed = time.perf_counter() - start
    sizes[MILLION] = history.nbytes
    assert elapsed < 30, f"{elapsed:.1f} s for a million appends"
    assert max(sizes.values()) <= BUDGET_BYTES
    assert len(set(sizes.values())) == 1, sizes  # not one byte more after the first decimation
    view = history.view()
    assert CAPACITY // 2 <= len(view) <= CAPACITY
    steps = view.steps
    assert steps[0] == 1
    assert MILLION - view.stride < steps[-1] <= MILLION
    assert np.all(np.diff(steps) == view.stride)  # evenly strided
    assert view.stride == history.stride and view.stride >= MILLION // CAPACITY
    np.testing.assert_array_equal(view.layer("dead")[-1], layers["dead"])
    assert view.layer("grad_norm").shape == (len(view), DEPTH)


def test_every_step_is_kept_until_the_capacity_then_every_other():
    history = History(3, capacity=8)
    kept = [history.append(stats(step, 3)) for step in range(1, 9)]
    assert all(kept) and list(history.view().steps) == list(range(1, 9))
    assert history.append(stats(9, 3))  # full: keep every other row, stride 2; 9 - 1 is a multiple of 2
    assert not history.append(stats(10, 3))
    view = history.view()
    assert list(view.steps) == [1, 3, 5, 7, 9] and view.stride == 2
    np.testing.assert_array_equal(view.scalar("loss"), [1.0, 1 / 3, 1 / 5, 1 / 7, 1 / 9])
    np.testing.assert_array_equal(view.layer("grad_norm")[:, 1], [1.0, 3.0, 5.0, 7.0, 9.0])
    for step in range(11, 31):
        history.append(stats(step, 3))
    assert list(history.view().steps) == [1, 5, 9, 13, 17, 21, 25, 29]
    assert history.view().stride == 4


def test_first_step_need_not_be_one():
    history = History(2, capacity=4)
    for step in range(101, 120):
        history.append(stats(step, 2))
    steps = history.view().steps
    assert steps[0] == 101 and np.all(np.diff(steps) == history.stride)


def test_a_view_stays_unchanged_while_appends_and_decimations_go_on():
    history = History(4, capacity=16)
    for step in range(1, 14):
        history.append(stats(step, 4))
    view = history.view()
    frozen_steps = view.steps.copy()
    frozen_scalars = {name: view.scalar(name).copy() for name in SCALAR_METRICS}
    frozen_layers = {name: view.layer(name).copy() for name in LAYER_METRICS}
    for step in range(14, 500):  # several decimations
        history.append(stats(step, 4))
    assert history.stride >= 16
    np.testing.assert_array_equal(view.steps, frozen_steps)
    for name in SCALAR_METRICS:
        np.testing.assert_array_equal(view.scalar(name), frozen_scalars[name])
    for name in LAYER_METRICS:
        np.testing.assert_array_equal(view.layer(name), frozen_layers[name])
    assert len(view) == 13


def test_view_arrays_are_read_only():
    history = History(2, capacity=4)
    history.append(stats(1, 2))
    view = history.view()
    with pytest.raises(ValueError):
        view.steps[0] = 5
    with pytest.raises(ValueError):
        view.layer("grad_norm")[0, 0] = 5.0


def test_events_are_kept_in_the_view():
    history = History(2, capacity=4)
    history.append(stats(1, 2))
    history.add_event(Event(1, "residual on", "network.residual"))
    assert history.view().events == (Event(1, "residual on", "network.residual"),)


def test_csv_has_one_column_per_layer_metric_per_layer(tmp_path):
    depth = 3
    history = History(depth, capacity=8)
    layers = {name: np.array([1.5, 2.5, 3.5]) * (i + 1) for i, name in enumerate(LAYER_METRICS)}
    for step in (1, 2):
        history.append(stats(step, depth, layers))
    path = tmp_path / "history.csv"
    history.view().to_csv(path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:1 + len(SCALAR_METRICS)] == ["step", *SCALAR_METRICS]
    assert len(header) == 1 + len(SCALAR_METRICS) + len(LAYER_METRICS) * depth
    for name in LAYER_METRICS:
        assert [h for h in header if h.startswith(name + "_layer")] == [f"{name}_layer{i}" for i in range(depth)]
    assert len(rows) == 3 and rows[2][0] == "2"
    record = dict(zip(header, rows[2]))
    assert float(record["loss"]) == 0.5
    assert float(record["update_ratio_layer2"]) == 3.5 * (LAYER_METRICS.index("update_ratio") + 1)


def test_bad_capacity_is_rejected():
    with pytest.raises(ValueError):
        History(3, capacity=5)
