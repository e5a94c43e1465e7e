"""The recurrent trainer: the Trainer's surface for a recurrent experiment; telemetry through time in the same
Snapshot/History machinery; live changes as events; divergence stops the run with a located Divergence."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from bpviz.config import CELLS, ExperimentConfig
from bpviz.engine.recurrent import WEIGHT_NAMES
from bpviz.engine.recurrent_trainer import (
    MATRIX_METRICS, NOT_APPLICABLE, TIME_METRICS, RecurrentHistory, RecurrentJacobians, RecurrentSnapshot,
    RecurrentStepStats, RecurrentTrainer, make_trainer,
)
from bpviz.engine.telemetry import GRAD_LOG_EDGES, SCALAR_METRICS, Event
from bpviz.engine.trainer import RebuildRequired, Trainer


def recurrent_config(**changes) -> ExperimentConfig:
    base = {"recurrent.hidden_size": 8, "recurrent.seq_len": 12, "data.samples": 120, "train.batch_size": 16,
            "train.optimizer": "adam", "train.learning_rate": 0.01}
    base.update(changes)
    return ExperimentConfig(name="recurrent test", model="recurrent").replace(**base)


def test_make_trainer_picks_the_trainer_of_the_model_kind():
    assert type(make_trainer(ExperimentConfig(), 64)) is Trainer
    trainer = make_trainer(recurrent_config(), 64)
    assert type(trainer) is RecurrentTrainer and trainer.history.capacity == 64
    with pytest.raises(ValueError, match="make_trainer"):
        Trainer(recurrent_config())
    with pytest.raises(ValueError, match="make_trainer"):
        RecurrentTrainer(ExperimentConfig())


@pytest.mark.parametrize("cell", CELLS)
def test_steps_record_telemetry_through_time(cell):
    steps = 12
    trainer = RecurrentTrainer(recurrent_config(**{"recurrent.cell": cell}))
    initial = trainer.initial_stats()
    assert initial.step == 0 and trainer.step_count == 0
    assert np.array_equal(initial.matrix_update_ratio, np.zeros(3))
    stats = trainer.run(3)
    assert isinstance(stats, RecurrentStepStats) and stats.step == 3 == trainer.step_count
    assert trainer.last_stats is stats and trainer.divergence is None
    for name in TIME_METRICS:
        assert getattr(stats, name).shape == (steps,), name
    for name in MATRIX_METRICS:
        assert getattr(stats, name).shape == (len(WEIGHT_NAMES),), name
    assert np.isfinite(stats.time_signal_grad_norm).all() and (stats.time_signal_grad_norm > 0).all()
    assert np.array_equal(stats.time_signal_grad_norm, trainer.network.trace.hidden_grad_norm)
    assert stats.time_signal_grad_norm is not trainer.network.trace.hidden_grad_norm  # a copy: the trace is reused
    if cell in ("lstm", "gru"):
        assert ((stats.time_gate_mean > 0) & (stats.time_gate_mean < 1)).all()
    else:
        assert np.isnan(stats.time_gate_mean).all()
    assert (stats.time_dead > 0).any() == (cell == "rnn_relu") or cell == "rnn_relu"
    if cell != "rnn_relu":
        assert not stats.time_dead.any()
    else:
        assert not stats.time_saturation.any()
    assert ((stats.time_saturation >= 0) & (stats.time_saturation <= 1)).all()
    assert (stats.matrix_grad_norm > 0).all() and (stats.matrix_update_ratio > 0).all()
    assert math.isfinite(stats.loss) and 0 <= stats.train_accuracy <= 1
    assert stats.grad_norm_after_clip == stats.grad_norm_before_clip  # clipping off
    assert stats.gradient_ratio_first_last == pytest.approx(
        stats.time_signal_grad_norm[0] / stats.time_signal_grad_norm[-1])


def test_matrix_gradient_norms_are_what_the_optimizer_used(monkeypatch):
    trainer = RecurrentTrainer(recurrent_config(**{"train.clip_mode": "norm", "train.clip_threshold": 1e-3}))
    seen = {}
    step = trainer.optimizer.step

    def spy(params, grads, learning_rate):
        seen.update({name: np.linalg.norm(grads[name]) for name in WEIGHT_NAMES})
        return step(params, grads, learning_rate)

    monkeypatch.setattr(trainer.optimizer, "step", spy)
    stats = trainer.step()
    assert stats.grad_norm_after_clip == pytest.approx(1e-3, rel=1e-3)
    assert stats.grad_norm_after_clip < stats.grad_norm_before_clip
    assert np.allclose(stats.matrix_grad_norm, [seen[name] for name in WEIGHT_NAMES], rtol=1e-12)


def test_history_keeps_time_and_matrix_columns_and_writes_them_to_csv(tmp_path):
    trainer = RecurrentTrainer(recurrent_config(), history_capacity=8)
    assert isinstance(trainer.history, RecurrentHistory) and trainer.history.seq_len == 12
    trainer.run(11)
    view = trainer.history.view()
    assert list(view.scalars) == list(SCALAR_METRICS)
    assert set(view.layers) == set(TIME_METRICS) | set(MATRIX_METRICS)
    assert view.layer("time_signal_grad_norm").shape[1] == 12 and view.layer("matrix_grad_norm").shape[1] == 3
    assert view.stride == 2 and len(view) == 6  # capped at 8 rows, then decimated
    assert np.array_equal(view.steps, [1, 3, 5, 7, 9, 11])
    assert np.array_equal(view.layer("time_signal_grad_norm")[-1], trainer.last_stats.time_signal_grad_norm)
    path = tmp_path / "history.csv"
    view.to_csv(path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    assert header[:1 + len(SCALAR_METRICS)] == ["step", *SCALAR_METRICS]
    assert "time_signal_grad_norm_t1" in header and "time_signal_grad_norm_t12" in header
    assert "time_signal_grad_norm_t13" not in header and "time_gate_mean_t1" in header
    assert ["matrix_grad_norm_weight_ih", "matrix_grad_norm_weight_hh", "matrix_grad_norm_head"] == \
        [name for name in header if name.startswith("matrix_grad_norm")]
    assert len(header) == 1 + len(SCALAR_METRICS) + 4 * 12 + 2 * 3 and len(rows) == 7
    column = header.index("time_signal_grad_norm_t12")
    assert float(rows[-1][column]) == trainer.last_stats.time_signal_grad_norm[-1]


@pytest.mark.parametrize("cell", CELLS)
def test_snapshot_carries_what_the_recurrent_plots_draw(cell):
    trainer = RecurrentTrainer(recurrent_config(**{"recurrent.cell": cell, "recurrent.spectral_radius": 0.8}))
    cheap = trainer.snapshot(histograms=False)
    assert isinstance(cheap, RecurrentSnapshot) and cheap.model == "recurrent" and cheap.step == 0
    assert cheap.activation_histograms is None and cheap.jacobians is None and cheap.decision_grid is None
    assert cheap.train_points is None and cheap.seq_len == 12 and cheap.cell == cell and cheap.hidden_size == 8
    assert cheap.task == "first_symbol" and cheap.n_classes == 4 and cheap.chance == pytest.approx(0.25, abs=0.05)
    assert cheap.matrix_names == WEIGHT_NAMES and cheap.spectral_radius_setting == 0.8
    assert cheap.memory_gate == {"lstm": "f", "gru": "z"}.get(cell)
    trainer.run(2)
    full = trainer.snapshot(histograms=True, grid=True, jacobians=True)
    assert full.step == 2 and full.decision_grid is None
    assert full.activation_histograms.shape == (12, len(full.activation_edges) - 1)
    assert np.allclose(full.activation_histograms.sum(axis=1), 1.0)
    assert full.signal_grad_histograms.shape == (12, len(GRAD_LOG_EDGES) - 1)
    assert np.array_equal(full.signal_grad_edges, GRAD_LOG_EDGES)
    assert np.all(full.signal_grad_histograms.sum(axis=1) <= 1.0 + 1e-12)
    jac = full.jacobians
    assert isinstance(jac, RecurrentJacobians)
    assert jac.mean_slope.shape == jac.predicted_factor.shape == (12,) and jac.measured_factor.shape == (11,)
    signal = trainer.last_stats.time_signal_grad_norm
    assert np.allclose(jac.measured_factor, signal[:-1] / signal[1:])
    assert ((jac.mean_slope >= 0) & (jac.mean_slope <= 1)).all()
    if cell.startswith("rnn"):
        assert jac.spectral_radius.shape == (1,)
        assert np.allclose(jac.predicted_factor, jac.spectral_radius[0] * jac.mean_slope)
    else:
        assert np.allclose(jac.mean_slope, trainer.last_stats.time_gate_mean)
    # the worker carries costly parts into cheap frames with with_frame, by these names
    carried = cheap.with_frame(activation_histograms=full.activation_histograms, jacobians=jac)
    assert carried.jacobians is jac and carried.stats is cheap.stats


def test_histograms_per_step_count_each_step_on_its_own():
    from bpviz.engine.recurrent_trainer import _histograms_per_step, _log_histograms_per_step

    values = np.array([[[-1.0, -0.99], [0.0, 5.0]], [[0.5, 0.5], [0.5, np.nan]]])  # (T=2, batch=2, H=2)
    edges = np.linspace(-1.0, 1.0, 5)  # 4 bins of 0.5
    hist = _histograms_per_step(values, edges)
    assert np.array_equal(hist, [[0.5, 0.0, 0.25, 0.25], [0.0, 0.0, 0.0, 0.75]])
    grads = np.array([[[1e-3, 0.0], [10.0, -1e-3]]])
    log_hist = _log_histograms_per_step(grads, np.array([-4.0, -2.0, 0.0, 2.0]))
    assert np.array_equal(log_hist, [[0.5, 0.0, 0.25]])


def test_live_changes_apply_in_place_and_become_events():
    config = recurrent_config(**{"recurrent.cell": "rnn_tanh", "recurrent.spectral_radius": 0.9})
    trainer = RecurrentTrainer(config)
    trainer.run(2)
    weight = trainer.network.weight_hh
    changed = config.replace(**{"recurrent.spectral_radius": 1.5, "train.learning_rate": 0.05,
                                "train.clip_mode": "norm", "train.optimizer": "sgd", "network.depth": 3,
                                "data.dataset": "moons"})
    events = trainer.apply_config(changed)
    assert [event.setting for event in events] == ["recurrent.spectral_radius", "train.optimizer",
                                                    "train.learning_rate", "train.clip_mode"]
    assert all(isinstance(event, Event) and event.step == 2 for event in events)
    assert "λ₁ 1.5" in [event.label for event in events] and "lr 0.05" in [event.label for event in events]
    assert trainer.network.weight_hh is weight and np.allclose(trainer.network.spectral_radius(), 1.5)
    assert trainer.optimizer.name == "sgd" and trainer.config == changed and trainer.step_count == 2
    assert trainer.history.events[-4:] == events
    free = trainer.apply_config(changed.replace(**{"recurrent.spectral_radius": None}))
    assert [event.label for event in free] == ["λ₁ off"] and np.allclose(trainer.network.spectral_radius(), 1.5)
    assert trainer.apply_config(trainer.config) == []
    trainer.step()
    assert trainer.step_count == 3


@pytest.mark.parametrize("path, value", [
    ("model", "feedforward"), ("recurrent.cell", "gru"), ("recurrent.hidden_size", 9), ("recurrent.init", "orthogonal"),
    ("recurrent.forget_bias", 1.0), ("recurrent.task", "adding"), ("recurrent.seq_len", 13),
    ("recurrent.symbols", 3), ("data.samples", 121), ("data.train_fraction", 0.5), ("train.seed", 1),
    ("train.dtype", "float32"),
])
def test_other_changes_need_a_rebuild(path, value):
    config = recurrent_config()
    trainer = RecurrentTrainer(config)
    trainer.step()
    with pytest.raises(RebuildRequired, match=path):
        trainer.apply_config(config.replace(**{path: value}))
    assert trainer.config == config and trainer.history.events == []
    if path != "model":
        trainer.reset(config.replace(**{path: value}))
        assert trainer.step_count == 0 and trainer.config.get(path) == value


def test_feed_forward_trainer_ignores_recurrent_settings_and_rebuilds_for_the_model():
    trainer = Trainer(ExperimentConfig())
    trainer.step()
    config = ExperimentConfig().replace(**{"recurrent.cell": "gru", "recurrent.spectral_radius": 2.0})
    assert trainer.apply_config(config) == [] and trainer.config == config and trainer.step_count == 1
    with pytest.raises(RebuildRequired, match="model"):
        trainer.apply_config(config.replace(model="recurrent"))


def test_same_config_gives_the_same_run():
    config = recurrent_config(**{"recurrent.cell": "gru"})
    first, second = RecurrentTrainer(config), RecurrentTrainer(config)
    a, b = first.run(4), second.run(4)
    assert a.loss == b.loss and np.array_equal(a.time_signal_grad_norm, b.time_signal_grad_norm)
    third = RecurrentTrainer(config.replace(**{"train.seed": 5}))
    assert third.run(4).loss != a.loss


def test_test_accuracy_is_measured_every_tenth_step():
    trainer = RecurrentTrainer(recurrent_config())
    before = trainer.test_accuracy()
    stats = trainer.run(9)
    assert stats.test_accuracy == before
    stats = trainer.step()
    assert stats.test_accuracy == trainer.test_accuracy()
    assert 0.0 <= trainer.train_accuracy() <= 1.0


def test_explosion_is_a_located_divergence_and_stops_the_run():
    config = recurrent_config(**{"recurrent.cell": "rnn_relu", "recurrent.spectral_radius": 10.0,
                                 "recurrent.seq_len": 200, "train.optimizer": "sgd", "train.learning_rate": 1.0})
    trainer = RecurrentTrainer(config)
    results = [trainer.step() for _ in range(5)]
    divergence = trainer.divergence
    assert divergence is not None and results[divergence.step - 1:] == [None] * (6 - divergence.step)
    assert divergence.layer.startswith("time ") or divergence.layer in ("loss", "output", "recurrent")
    assert "diverged" in divergence.message and trainer.step_count == divergence.step - 1
    assert trainer.history.events[-1].kind == "diverged"
    snapshot = trainer.snapshot(histograms=True, jacobians=True)
    assert snapshot.divergence == divergence
    assert trainer.step() is None and trainer.run(3) is trainer.last_stats


def test_overflowing_hidden_state_is_located_at_its_time_step():
    config = recurrent_config(**{"recurrent.cell": "rnn_relu", "recurrent.seq_len": 60})
    trainer = RecurrentTrainer(config)
    net = trainer.network
    net.weight_hh[...] = 1e6 * np.eye(net.hidden_size)  # h_{k+1} ~ 1e6^k: beyond 1e308 at k = 52
    net.bias_ih[...] = 1.0
    assert trainer.step() is None
    layer, quantity = trainer.divergence.layer, trainer.divergence.quantity
    assert layer.startswith("time ") and quantity == "activation"
    assert int(layer.split()[1]) == 52


def test_not_applicable_names_feed_forward_plots():
    assert set(NOT_APPLICABLE) == {"decisionBoundaryPlot", "networkDiagramPlot", "jacobianPlot"}
    assert all(len(reason) > 20 for reason in NOT_APPLICABLE.values())


@pytest.mark.parametrize("task, n_inputs, n_classes", [("first_symbol", 6, 3), ("adding", 2, 2)])
def test_trainer_builds_the_task(task, n_inputs, n_classes):
    trainer = RecurrentTrainer(recurrent_config(**{"recurrent.task": task, "recurrent.symbols": 3}))
    assert trainer.dataset.name == task and trainer.dataset.seq_len == 12
    assert trainer.network.n_inputs == n_inputs and trainer.network.n_classes == n_classes
    assert len(trainer.dataset.y_train) + len(trainer.dataset.y_test) == 120
    assert len(trainer.dataset.y_train) == 96  # data.train_fraction 0.8


def test_float32_training():
    trainer = RecurrentTrainer(recurrent_config(**{"train.dtype": "float32", "recurrent.cell": "lstm"}))
    stats = trainer.run(3)
    assert trainer.network.weight_hh.dtype == np.float32 and stats.time_signal_grad_norm.dtype == np.float64
    assert math.isfinite(stats.loss)


def test_history_and_snapshot_cross_to_the_window_process():
    """The training process sends history rows as deltas and snapshots through a pipe (pickled): the recurrent
    ones rebuild on the other side as they were (the window's HistoryMirror handles tables of any width)."""
    import pickle

    from bpviz.ui.training_process import HistoryMirror, HistorySender

    trainer = RecurrentTrainer(recurrent_config(**{"recurrent.cell": "gru"}), history_capacity=8)
    sender, mirror = HistorySender(), HistoryMirror(8)
    for steps in (3, 4, 6):  # the third delta follows a decimation
        trainer.run(steps)
        delta = pickle.loads(pickle.dumps(sender.delta(trainer.history, trainer.history.view())))
        view = mirror.apply(delta)
    original = trainer.history.view()
    assert np.array_equal(view.steps, original.steps) and view.stride == original.stride == 2
    for name in (*TIME_METRICS, *MATRIX_METRICS):
        assert np.array_equal(view.layer(name), original.layer(name), equal_nan=True), name
    snapshot = trainer.snapshot(histograms=True, jacobians=True)
    copy = pickle.loads(pickle.dumps(snapshot))
    assert copy.model == "recurrent" and copy.step == snapshot.step
    assert np.array_equal(copy.stats.time_signal_grad_norm, snapshot.stats.time_signal_grad_norm)
    assert np.array_equal(copy.jacobians.measured_factor, snapshot.jacobians.measured_factor)
