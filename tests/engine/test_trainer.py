"""The Trainer: divergence as data, live changes that keep the weights, rebuilds refused, determinism,
Snapshot shapes, and telemetry numbers checked by hand on a tiny network."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.config import ACTIVATIONS, CLIP_MODES, NORMALIZATIONS, OPTIMIZERS, RESIDUAL_SCALES, ExperimentConfig
from bpviz.engine import activations as act
from bpviz.engine.telemetry import LAYER_METRICS, Divergence, Event, Snapshot, StepStats
from bpviz.engine.trainer import RebuildRequired, Trainer


def config(**changes) -> ExperimentConfig:
    return ExperimentConfig().replace(**changes)


def small(**changes) -> ExperimentConfig:
    base = {"network.depth": 4, "network.width": 8, "data.samples": 120, "train.batch_size": 32}
    base.update(changes)
    return config(**base)


def param_copies(trainer: Trainer) -> dict[str, np.ndarray]:
    return {name: p.copy() for name, p in trainer.network.parameters().items()}


# ---------------------------------------------------------------- divergence

DIVERGING = {"network.activation": "relu", "network.init": "he", "network.depth": 6, "train.learning_rate": 50.0}


@pytest.mark.parametrize("dtype, expected", [
    # float64: by step 6 layer 5's activations reach ~1e217, too large to square: that is where it is reported
    ("float64", Divergence(step=6, layer="hidden 5", quantity="activation")),
    ("float32", Divergence(step=4, layer="hidden 5", quantity="activation")),
])
def test_too_high_learning_rate_is_recorded_as_divergence_reproducibly(dtype, expected):
    cfg = config(**DIVERGING, **{"train.dtype": dtype})
    found = []
    for _ in range(2):
        trainer = Trainer(cfg)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no RuntimeWarning (overflow, invalid value) may escape
            last = trainer.run(50)
            assert trainer.step() is None and trainer.step() is None
            snapshot = trainer.snapshot(histograms=True, grid=True, jacobians=True)
        found.append(trainer.divergence)
        assert trainer.step_count == expected.step - 1
        assert last is not None and last.step == expected.step - 1 and np.isfinite(last.loss)
        assert snapshot.divergence == trainer.divergence
        diverged = [e for e in trainer.history.events if e.kind == "diverged"]
        assert [e.step for e in diverged] == [expected.step]
        assert trainer.history.view().steps[-1] == expected.step - 1
    assert found == [expected, expected]
    assert f"step {expected.step}" in expected.message and expected.layer in expected.message


@pytest.mark.parametrize("layer", [0, 2])
def test_divergence_names_the_first_layer_that_is_not_finite(layer):
    trainer = Trainer(small(**{"network.activation": "relu", "network.init": "he"}))
    trainer.run(2)
    trainer.network.parameters()[f"hidden.{layer}.weight"][:, 0] = np.inf  # unit 0 of that layer blows up
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert trainer.step() is None
    assert trainer.divergence == Divergence(step=3, layer=f"hidden {layer}", quantity="activation")


def test_a_weight_too_large_to_square_is_a_divergence_too():
    # tanh saturates, so activations and gradients stay finite: only the weight itself is out of range.
    trainer = Trainer(small(**{"network.activation": "tanh"}))
    trainer.run(2)
    trainer.network.parameters()["hidden.1.weight"][0, 0] = 1e200
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert trainer.step() is None
    assert trainer.divergence == Divergence(step=3, layer="hidden 1", quantity="weight")
    assert trainer.step_count == 2


def test_reset_clears_divergence():
    trainer = Trainer(config(**DIVERGING))
    trainer.run(20)
    assert trainer.divergence is not None
    trainer.reset()
    assert trainer.divergence is None and trainer.step_count == 0
    assert isinstance(trainer.step(), StepStats)


# ---------------------------------------------------------------- live changes

LIVE_CHANGES = [
    ("network.activation", "relu"),
    ("network.activation", "tanh"),
    ("network.residual", True),
    ("network.batchnorm", True),
    ("network.normalization", "layer"),
    ("network.residual_scale", "none"),
    ("network.residual_scale", "sqrt_depth"),
    ("network.leaky_slope", 0.2),
    ("train.optimizer", "adam"),
    ("train.optimizer", "momentum"),
    ("train.learning_rate", 0.01),
    ("train.l2", 0.1),
    ("train.clip_mode", "norm"),
    ("train.clip_threshold", 0.5),
    ("train.batch_size", 16),
]


@pytest.mark.parametrize("path, value", LIVE_CHANGES, ids=[f"{p}={v}" for p, v in LIVE_CHANGES])
def test_live_change_keeps_the_weights_and_is_recorded(path, value):
    trainer = Trainer(small())
    trainer.run(3)
    before = param_copies(trainer)
    arrays = trainer.network.parameters()
    new = trainer.config.replace(**{path: value})
    events = trainer.apply_config(new)
    assert events == [events[0]] and isinstance(events[0], Event)
    assert events[0].step == 3 and events[0].setting == path and events[0].label and events[0].kind == "change"
    assert trainer.history.events[-1] == events[0]
    assert trainer.config == new and trainer.step_count == 3
    after = trainer.network.parameters()
    for name, copy in before.items():
        assert after[name] is arrays[name], f"{name} was replaced"
        np.testing.assert_array_equal(after[name], copy, err_msg=name)
    stats = trainer.step()
    assert stats is not None and stats.step == 4
    assert trainer.snapshot().events[-1] == events[0]


def test_live_changes_take_effect():
    trainer = Trainer(small())
    trainer.run(2)
    trainer.apply_config(trainer.config.replace(**{"network.residual": True, "train.optimizer": "adam",
                                                   "network.activation": "elu"}))
    net = trainer.network
    assert net.residual and net.activation == "elu" and trainer.optimizer.name == "adam"
    assert len(trainer.history.events) == 3
    assert trainer.apply_config(trainer.config) == []  # nothing changed, nothing recorded
    assert len(trainer.history.events) == 3


def test_batchnorm_switched_on_mid_run_starts_at_identity():
    trainer = Trainer(small(**{"network.activation": "relu"}))
    trainer.run(5)
    trainer.apply_config(trainer.config.replace(**{"network.batchnorm": True}))
    params = trainer.network.parameters()
    for i in range(trainer.network.depth):
        np.testing.assert_array_equal(params[f"hidden.{i}.bn.gamma"], np.ones(8))
        np.testing.assert_array_equal(params[f"hidden.{i}.bn.beta"], np.zeros(8))
        mean, var = trainer.network.running_statistics(i)
        np.testing.assert_array_equal(mean, np.zeros(8))
        np.testing.assert_array_equal(var, np.ones(8))
    assert trainer.snapshot().batchnorm
    trainer.run(3)
    assert not np.array_equal(trainer.network.parameters()["hidden.0.bn.gamma"], np.ones(8))  # and it learns
    trainer.apply_config(trainer.config.replace(**{"network.batchnorm": False}))
    assert not any(".bn." in name for name in trainer.network.parameters())
    assert trainer.step() is not None


def test_prelu_appears_at_a_quarter_and_learns():
    trainer = Trainer(small(**{"network.activation": "relu", "train.learning_rate": 0.5}))
    trainer.run(3)
    trainer.apply_config(trainer.config.replace(**{"network.activation": "prelu"}))
    alphas = [trainer.network.parameters()[f"hidden.{i}.prelu.alpha"] for i in range(4)]
    assert all(a.shape == () and float(a) == 0.25 for a in alphas)
    np.testing.assert_array_equal(trainer.snapshot().prelu_alpha, np.full(4, 0.25))
    trainer.run(5)
    assert any(float(a) != 0.25 for a in trainer.network.parameters().values() if a.shape == ())
    trainer.apply_config(trainer.config.replace(**{"network.activation": "relu"}))
    assert not any("prelu" in name for name in trainer.network.parameters())
    assert trainer.snapshot().prelu_alpha is None


REBUILDS = [
    ("network.depth", 5), ("network.width", 9), ("network.init", "he"), ("network.init_gain", 2.0),
    ("data.dataset", "xor"), ("data.samples", 200), ("data.noise", 0.3), ("data.train_fraction", 0.5),
    ("train.seed", 7), ("train.dtype", "float32"),
]


@pytest.mark.parametrize("path, value", REBUILDS, ids=[p for p, _ in REBUILDS])
def test_rebuild_fields_raise_and_change_nothing(path, value):
    trainer = Trainer(small())
    trainer.run(2)
    old_config = trainer.config
    before = param_copies(trainer)
    # mixed with a live change: the live change must not be applied either
    with pytest.raises(RebuildRequired, match=path.replace(".", r"\.")):
        trainer.apply_config(old_config.replace(**{path: value, "train.learning_rate": 0.01,
                                                   "network.batchnorm": True}))
    assert trainer.config is old_config
    assert list(trainer.network.parameters()) == list(before)
    for name, copy in before.items():
        np.testing.assert_array_equal(trainer.network.parameters()[name], copy)
    assert trainer.history.events == [] and trainer.step_count == 2
    trainer.reset(old_config.replace(**{path: value}))
    assert trainer.step_count == 0 and trainer.config.get(path) == value
    assert trainer.step() is not None


# ---------------------------------------------------------------- determinism and the Snapshot

@pytest.mark.parametrize("changes", [
    {},
    {"network.activation": "relu", "network.batchnorm": True, "train.optimizer": "adam", "train.clip_mode": "norm",
     "train.clip_threshold": 0.1},
    {"network.activation": "prelu", "network.residual": True, "train.optimizer": "momentum", "train.dtype": "float32",
     "train.l2": 0.01},
])
def test_same_config_gives_bit_identical_losses(changes):
    runs = []
    for _ in range(2):
        trainer = Trainer(small(**changes))
        runs.append([trainer.step().loss for _ in range(50)])
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 40  # it does train


def test_snapshot_has_per_layer_arrays_of_length_depth():
    depth = 7
    trainer = Trainer(small(**{"network.depth": depth, "network.activation": "prelu", "network.batchnorm": True}))
    trainer.run(3)
    snapshot = trainer.snapshot(histograms=True, grid=True, jacobians=True, grid_resolution=20)
    assert isinstance(snapshot, Snapshot) and snapshot.step == 3 and snapshot.depth == depth
    for name in LAYER_METRICS:
        values = getattr(snapshot.stats, name)
        assert values.shape == (depth,) and np.isfinite(values).all(), name
    assert snapshot.prelu_alpha.shape == (depth,)
    assert snapshot.activation_histograms.shape == (depth, len(snapshot.activation_edges) - 1)
    np.testing.assert_allclose(snapshot.activation_histograms.sum(axis=1), 1.0)
    assert snapshot.signal_grad_histograms.shape == (depth, len(snapshot.signal_grad_edges) - 1)
    assert snapshot.jacobians.mean_singular_value.shape == (depth,)
    assert snapshot.jacobians.running_product.shape == (depth,)
    assert snapshot.decision_grid.probability.shape == (20, 20)
    assert ((snapshot.decision_grid.probability >= 0) & (snapshot.decision_grid.probability <= 1)).all()
    assert snapshot.batchnorm and snapshot.activation == "prelu"
    assert snapshot.train_points[0].shape[0] == snapshot.train_points[1].shape[0]
    cheap = trainer.snapshot(histograms=False)
    assert cheap.activation_histograms is None and cheap.decision_grid is None and cheap.jacobians is None


def test_snapshot_before_the_first_step_describes_the_untrained_network_without_changing_it():
    trainer = Trainer(small(**{"network.batchnorm": True}))
    before = param_copies(trainer)
    snapshot = trainer.snapshot(histograms=True)
    assert snapshot.step == 0 and snapshot.stats.grad_norm.shape == (4,)
    assert (snapshot.stats.grad_norm > 0).all()
    for name, copy in before.items():
        np.testing.assert_array_equal(trainer.network.parameters()[name], copy)
    np.testing.assert_array_equal(trainer.network.running_statistics(0)[0], np.zeros(8))


# ---------------------------------------------------------------- telemetry by hand

def tiny(activation: str, **changes) -> Trainer:
    # 20 samples -> 16 training points; batch 16 = the whole training set (in a shuffled order).
    return Trainer(config(**{"network.depth": 2, "network.width": 4, "network.activation": activation,
                             "data.samples": 20, "train.batch_size": 16, "train.learning_rate": 0.1, **changes}))


def hand_step(trainer: Trainer):
    """Forward and backward of the whole training set by hand for a 2-layer plain network."""
    p = {name: value.copy() for name, value in trainer.network.parameters().items()}
    X, y = trainer.dataset.X_train, trainer.dataset.y_train
    name = trainer.network.activation
    z0 = X @ p["hidden.0.weight"] + p["hidden.0.bias"]
    a0 = act.forward(name, z0)
    z1 = a0 @ p["hidden.1.weight"] + p["hidden.1.bias"]
    a1 = act.forward(name, z1)
    logits = a1 @ p["output.weight"] + p["output.bias"]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    grad_logits = (probs - np.eye(2)[y]) / len(y)
    grad_h1 = grad_logits @ p["output.weight"].T
    grad_z1 = grad_h1 * act.derivative(name, z1, a1)
    grad_h0 = grad_z1 @ p["hidden.1.weight"].T
    grad_z0 = grad_h0 * act.derivative(name, z0, a0)
    grads = {
        "hidden.0.weight": X.T @ grad_z0, "hidden.0.bias": grad_z0.sum(0),
        "hidden.1.weight": a0.T @ grad_z1, "hidden.1.bias": grad_z1.sum(0),
        "output.weight": a1.T @ grad_logits, "output.bias": grad_logits.sum(0),
    }
    loss = float(np.mean(-np.log(probs[np.arange(len(y)), y])))
    accuracy = float(np.mean(probs.argmax(1) == y))
    return p, (a0, a1), (grad_h0, grad_h1), grads, loss, accuracy


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_telemetry_matches_hand_computation(activation):
    trainer = tiny(activation, **{"network.init": "large", "network.init_gain": 3.0})
    p, activations, signal_grads, grads, loss, accuracy = hand_step(trainer)
    stats = trainer.step()
    lr = 0.1
    assert stats.step == 1
    assert stats.loss == pytest.approx(loss, rel=1e-12)
    assert stats.train_accuracy == pytest.approx(accuracy)
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    assert stats.grad_norm_before_clip == pytest.approx(norm, rel=1e-12)
    assert stats.grad_norm_after_clip == pytest.approx(norm, rel=1e-12)  # clipping is off
    for i in range(2):
        weight_grad = grads[f"hidden.{i}.weight"]
        new_weight = p[f"hidden.{i}.weight"] - lr * weight_grad
        assert stats.grad_norm[i] == pytest.approx(np.linalg.norm(weight_grad), rel=1e-12)
        assert stats.signal_grad_norm[i] == pytest.approx(np.linalg.norm(signal_grads[i]), rel=1e-12)
        assert stats.update_ratio[i] == pytest.approx(np.std(lr * weight_grad) / np.std(new_weight), rel=1e-10)
        a = activations[i]
        assert stats.activation_mean[i] == pytest.approx(a.mean(), rel=1e-12)
        assert stats.activation_std[i] == pytest.approx(a.std(), rel=1e-12)
        if activation == "sigmoid":
            saturated = np.mean((a < 0.02) | (a > 0.98))
        else:
            saturated = np.mean(np.abs(a) > 0.97)
        assert stats.saturation[i] == saturated
        assert stats.dead[i] == 0.0
    assert stats.saturation.max() > 0  # the large init does saturate
    assert stats.output_grad_norm == pytest.approx(np.linalg.norm(grads["output.weight"]), rel=1e-12)
    np.testing.assert_allclose(trainer.network.parameters()["hidden.1.weight"],
                               p["hidden.1.weight"] - lr * grads["hidden.1.weight"], rtol=1e-12)


def test_dead_relu_fraction_matches_hand_computation():
    trainer = tiny("relu", **{"network.init": "he"})
    weight = trainer.network.parameters()["hidden.1.weight"]
    weight[:, 0] = -np.abs(weight[:, 0]) - 0.1  # inputs to layer 1 are >= 0: unit 0 is dead for every point
    weight[:, 3] = -np.abs(weight[:, 3]) - 0.1
    _, activations, _, grads, _, _ = hand_step(trainer)
    stats = trainer.step()
    for i in range(2):
        dead = np.mean(np.all(activations[i] == 0, axis=0))
        assert stats.dead[i] == dead
        assert stats.saturation[i] == 0.0
    assert stats.dead[1] >= 0.5
    assert stats.grad_norm[1] == pytest.approx(np.linalg.norm(grads["hidden.1.weight"]), rel=1e-12)


def test_clipped_step_reports_norm_before_and_after():
    trainer = tiny("tanh", **{"train.clip_mode": "norm", "train.clip_threshold": 1e-3})
    _, _, _, grads, _, _ = hand_step(trainer)
    stats = trainer.step()
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    assert norm > 1e-3
    assert stats.grad_norm_before_clip == pytest.approx(norm, rel=1e-12)
    assert stats.grad_norm_after_clip == pytest.approx(1e-3 * norm / (norm + 1e-6), rel=1e-9)
    coef = 1e-3 / (norm + 1e-6)
    assert stats.grad_norm[0] == pytest.approx(coef * np.linalg.norm(grads["hidden.0.weight"]), rel=1e-9)


def test_test_accuracy_is_refreshed_every_ten_steps():
    trainer = Trainer(small(**{"network.activation": "relu", "network.init": "he", "train.learning_rate": 0.5}))
    initial = trainer.test_accuracy()
    reported = [trainer.step().test_accuracy for _ in range(10)]
    assert reported[:9] == [initial] * 9
    assert reported[9] == trainer.test_accuracy()


# ---------------------------------------------------------------- any sequence of live changes

LIVE_VALUES = {
    "network.activation": st.sampled_from(ACTIVATIONS),
    "network.residual": st.booleans(),
    "network.batchnorm": st.booleans(),
    "network.normalization": st.sampled_from(NORMALIZATIONS),
    "network.residual_scale": st.sampled_from(RESIDUAL_SCALES),
    "network.leaky_slope": st.floats(0.0, 1.0),
    "train.optimizer": st.sampled_from(OPTIMIZERS),
    "train.learning_rate": st.floats(1e-4, 1.0),
    "train.l2": st.floats(0.0, 0.1),
    "train.clip_mode": st.sampled_from(CLIP_MODES),
    "train.clip_threshold": st.floats(1e-3, 10.0),
    "train.batch_size": st.integers(1, 40),
}
live_change = st.sampled_from(sorted(LIVE_VALUES)).flatmap(lambda path: st.tuples(st.just(path), LIVE_VALUES[path]))


@settings(max_examples=40, deadline=None)
@given(changes=st.lists(st.tuples(live_change, st.integers(0, 3)), min_size=1, max_size=6))
def test_any_sequence_of_live_changes_keeps_weights_and_keeps_training(changes):
    trainer = Trainer(small(**{"network.depth": 3, "network.width": 5, "train.dtype": "float64"}))
    trainer.run(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for (path, value), steps in changes:
            before = param_copies(trainer)
            events = trainer.apply_config(trainer.config.replace(**{path: value}))
            assert len(events) <= 1 and all(e.step == trainer.step_count for e in events)
            after = trainer.network.parameters()
            for name, copy in before.items():
                if name in after:
                    np.testing.assert_array_equal(after[name], copy)
            network = trainer.config.network
            assert (".bn.gamma" in "".join(after)) == network.batchnorm == (network.normalization == "batch")
            assert (".ln.gamma" in "".join(after)) == (network.normalization == "layer")
            assert (".rezero.alpha" in "".join(after)) == (network.residual and network.residual_scale == "rezero")
            assert (".prelu.alpha" in "".join(after)) == (trainer.config.network.activation == "prelu")
            for _ in range(steps):
                stats = trainer.step()
                assert stats is not None or trainer.divergence is not None
        snapshot = trainer.snapshot(histograms=True, grid=True, jacobians=True, grid_resolution=6)
    assert snapshot.depth == 3 and len(snapshot.events) == len(trainer.history.events)


def test_step_zero_statistics_are_computed_once_until_a_live_change(monkeypatch):
    trainer = Trainer(small(**{"network.activation": "sigmoid", "network.depth": 6}))
    calls = []
    original = trainer.network.loss_and_grads
    monkeypatch.setattr(trainer.network, "loss_and_grads", lambda *a, **k: calls.append(1) or original(*a, **k))
    first = trainer.snapshot().stats
    assert trainer.snapshot().stats is first and len(calls) == 1  # every frame before the first step reuses it
    trainer.apply_config(trainer.config.replace(**{"network.residual": True}))
    after = trainer.snapshot().stats
    assert len(calls) == 2 and after.step == 0
    assert after.grad_norm[0] > 10 * first.grad_norm[0]  # the skip connections show at once, before any step
