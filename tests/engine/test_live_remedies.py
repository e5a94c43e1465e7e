"""The second round's settings: residual_scale and normalization (with batchnorm as its old name) in the config,
as live changes in the Trainer (in place, one labelled Event each), in the Snapshot, and batch size 1."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from bpviz.config import (
    DEFAULT_RESIDUAL_SCALE, LIVE_FIELDS, ConfigError, ExperimentConfig, NetworkConfig, TrainConfig,
)
from bpviz.engine.trainer import Trainer


def small(**changes) -> ExperimentConfig:
    base = {"network.depth": 4, "network.width": 8, "data.samples": 120, "train.batch_size": 32}
    base.update(changes)
    return ExperimentConfig().replace(**base)


# ---------------------------------------------------------------- config

@pytest.mark.parametrize("kwargs, normalization", [
    ({}, "none"),
    ({"batchnorm": True}, "batch"),
    ({"batchnorm": False}, "none"),
    ({"normalization": "batch"}, "batch"),
    ({"normalization": "layer"}, "layer"),
    ({"batchnorm": True, "normalization": "batch"}, "batch"),
    ({"batchnorm": False, "normalization": "layer"}, "layer"),
    ({"batchnorm": False, "normalization": "none"}, "none"),
])
def test_batchnorm_is_the_old_name_of_normalization_batch(kwargs, normalization):
    config = NetworkConfig(**kwargs)
    assert config.normalization == normalization
    assert config.batchnorm is (normalization == "batch")


@pytest.mark.parametrize("batchnorm, normalization", [(True, "layer"), (True, "none"), (False, "batch")])
def test_a_contradiction_is_a_config_error_naming_both_fields(batchnorm, normalization):
    with pytest.raises(ConfigError) as info:
        NetworkConfig(batchnorm=batchnorm, normalization=normalization)
    message = str(info.value)
    assert "network.batchnorm" in message and "network.normalization" in message and repr(normalization) in message
    raw = ExperimentConfig().to_dict()
    raw["network"].update(batchnorm=batchnorm, normalization=normalization)
    with pytest.raises(ConfigError, match="contradicts"):
        ExperimentConfig.from_dict(raw)


def test_replace_keeps_the_two_names_in_agreement():
    base = ExperimentConfig()
    on = base.replace(**{"network.batchnorm": True})
    assert on.network.normalization == "batch" and on.network.batchnorm
    off = on.replace(**{"network.batchnorm": False})
    assert off.network.normalization == "none" and not off.network.batchnorm
    layer = on.replace(**{"network.normalization": "layer"})
    assert layer.network.normalization == "layer" and not layer.network.batchnorm
    assert layer.replace(**{"network.batchnorm": False}).network.normalization == "layer"  # BN off: LN stays
    assert layer.replace(**{"network.batchnorm": True}).network.normalization == "batch"
    both = base.replace(**{"network.batchnorm": True, "network.normalization": "batch"})
    assert both.network.normalization == "batch"
    with pytest.raises(ConfigError, match="contradicts"):
        base.replace(**{"network.batchnorm": True, "network.normalization": "layer"})
    with pytest.raises(ConfigError, match="contradicts"):  # dataclasses.replace passes both: it must agree
        dataclasses.replace(on.network, normalization="layer")
    assert dataclasses.replace(on.network, normalization="layer", batchnorm=None).normalization == "layer"


def test_json_round_trip_and_old_files():
    config = small(**{"network.normalization": "layer", "network.residual": True, "network.residual_scale": "rezero",
                      "network.init": "orthogonal", "train.batch_size": 1})
    raw = json.loads(config.to_json())
    assert raw["network"]["normalization"] == "layer" and raw["network"]["batchnorm"] is False
    assert raw["network"]["residual_scale"] == "rezero" and raw["train"]["batch_size"] == 1
    assert ExperimentConfig.from_json(config.to_json()) == config
    # a file from before layer norm: batchnorm only, and no residual_scale, which then meant h = h + a
    old = {"schema_version": 1, "network": {"depth": 3, "residual": True, "batchnorm": True}}
    loaded = ExperimentConfig.from_dict(old)
    assert loaded.network.normalization == "batch" and loaded.network.batchnorm
    assert loaded.network.residual_scale == "none"
    new = {"schema_version": 1, "network": {"depth": 3, "residual": True, "residual_scale": "sqrt_depth"}}
    assert ExperimentConfig.from_dict(new).network.residual_scale == "sqrt_depth"
    assert NetworkConfig().residual_scale == DEFAULT_RESIDUAL_SCALE


def test_new_live_fields_and_batch_size_range():
    assert {"network.residual_scale", "network.normalization", "network.batchnorm"} <= LIVE_FIELDS
    assert TrainConfig(batch_size=1).batch_size == 1
    with pytest.raises(ConfigError, match="1 to 4096"):
        TrainConfig(batch_size=0)


# ---------------------------------------------------------------- live changes in the Trainer

def test_layer_norm_switched_on_mid_run_starts_at_identity_with_one_event():
    trainer = Trainer(small(**{"network.activation": "relu"}))
    trainer.run(4)
    weights = {n: p.copy() for n, p in trainer.network.parameters().items()}
    events = trainer.apply_config(trainer.config.replace(**{"network.normalization": "layer"}))
    assert [(e.label, e.setting, e.step) for e in events] == [("layer norm on", "network.normalization", 4)]
    params = trainer.network.parameters()
    for name, value in weights.items():
        np.testing.assert_array_equal(params[name], value)
    for i in range(4):
        np.testing.assert_array_equal(params[f"hidden.{i}.ln.gamma"], np.ones(8))
        np.testing.assert_array_equal(params[f"hidden.{i}.ln.beta"], np.zeros(8))
    snapshot = trainer.snapshot()
    assert snapshot.normalization == "layer" and not snapshot.batchnorm
    trainer.run(3)
    assert not np.array_equal(trainer.network.parameters()["hidden.0.ln.gamma"], np.ones(8))  # it learns


@pytest.mark.parametrize("steps, expected", [
    ([("network.batchnorm", True)], [("batch norm on", "network.batchnorm")]),
    ([("network.batchnorm", True), ("network.batchnorm", False)],
     [("batch norm on", "network.batchnorm"), ("batch norm off", "network.batchnorm")]),
    ([("network.normalization", "batch")], [("batch norm on", "network.batchnorm")]),
    ([("network.normalization", "layer"), ("network.normalization", "batch"), ("network.normalization", "none")],
     [("layer norm on", "network.normalization"), ("batch norm on", "network.normalization"),
      ("batch norm off", "network.batchnorm")]),
    ([("network.normalization", "layer"), ("network.normalization", "none")],
     [("layer norm on", "network.normalization"), ("layer norm off", "network.normalization")]),
])
def test_normalization_changes_give_one_event_each(steps, expected):
    trainer = Trainer(small())
    trainer.run(1)
    found = []
    for path, value in steps:
        found += [(e.label, e.setting) for e in trainer.apply_config(trainer.config.replace(**{path: value}))]
        assert trainer.network.normalization == trainer.config.network.normalization
        assert trainer.step() is not None
    assert found == expected


@pytest.mark.parametrize("scale, label", [("none", "residual scale 1"), ("sqrt_depth", "residual scale 1/√depth"),
                                          ("rezero", "residual scale ReZero (α = 0)")])
def test_residual_scale_is_a_live_change_with_a_clear_label(scale, label):
    start = "rezero" if scale != "rezero" else "none"
    trainer = Trainer(small(**{"network.residual": True, "network.residual_scale": start}))
    trainer.run(3)
    events = trainer.apply_config(trainer.config.replace(**{"network.residual_scale": scale}))
    assert [(e.label, e.setting) for e in events] == [(label, "network.residual_scale")]
    assert trainer.network.residual_scale == scale == trainer.snapshot().residual_scale
    assert trainer.step() is not None


def test_switching_to_rezero_mid_run_starts_every_alpha_at_zero_and_keeps_the_weights():
    trainer = Trainer(small(**{"network.residual": True, "network.residual_scale": "sqrt_depth",
                               "network.activation": "relu", "network.init": "he"}))
    trainer.run(20)
    weights = {n: p.copy() for n, p in trainer.network.parameters().items()}
    trainer.apply_config(trainer.config.replace(**{"network.residual_scale": "rezero"}))
    params = trainer.network.parameters()
    assert [float(params[f"hidden.{i}.rezero.alpha"]) for i in range(1, 4)] == [0.0, 0.0, 0.0]
    for name, value in weights.items():
        np.testing.assert_array_equal(params[name], value)
    snapshot = trainer.snapshot()
    assert np.isnan(snapshot.rezero_alpha[0]) and list(snapshot.rezero_alpha[1:]) == [0.0, 0.0, 0.0]
    trainer.run(30)
    alphas = trainer.snapshot().rezero_alpha[1:]
    assert np.all(alphas != 0.0)  # updated by the optimizer like any parameter
    trainer.apply_config(trainer.config.replace(**{"network.residual": False}))
    assert not any(".rezero." in n for n in trainer.network.parameters())
    assert trainer.snapshot().rezero_alpha is None
    trainer.apply_config(trainer.config.replace(**{"network.residual": True}))
    assert float(trainer.network.parameters()["hidden.1.rezero.alpha"]) == 0.0  # back at 0


def test_rezero_alphas_are_clipped_with_the_others():
    trainer = Trainer(small(**{"network.residual": True, "network.residual_scale": "rezero",
                               "train.clip_mode": "value", "train.clip_threshold": 1e-4}))
    trainer.run(1)
    before = float(trainer.network.parameters()["hidden.2.rezero.alpha"])
    trainer.run(1)
    after = float(trainer.network.parameters()["hidden.2.rezero.alpha"])
    assert 0 < abs(after - before) <= 0.1 * 1e-4 * (1 + 1e-9)  # lr 0.1 times a gradient clipped to 1e-4


def test_snapshot_carries_the_new_settings():
    trainer = Trainer(small(**{"network.residual": True, "network.residual_scale": "rezero",
                               "network.normalization": "layer", "train.batch_size": 5}))
    snapshot = trainer.snapshot()
    assert (snapshot.residual_scale, snapshot.normalization, snapshot.batch_size) == ("rezero", "layer", 5)
    assert snapshot.rezero_alpha.shape == (4,)
    plain = Trainer(small()).snapshot()
    assert (plain.residual_scale, plain.normalization, plain.rezero_alpha) == (DEFAULT_RESIDUAL_SCALE, "none", None)


# ---------------------------------------------------------------- batch size 1

def test_batch_norm_at_batch_size_one_trains_without_crashing_but_its_hidden_weights_never_move():
    trainer = Trainer(small(**{"network.normalization": "batch", "train.batch_size": 1}))
    hidden = [w.copy() for w in trainer.network.hidden_weights()]
    with np.errstate(all="raise"):
        stats = trainer.run(40)
    assert stats is not None and trainer.divergence is None and np.isfinite(stats.loss)
    for before, after in zip(hidden, trainer.network.hidden_weights()):
        np.testing.assert_array_equal(before, after)  # the gradient through BN of one example is exactly 0
    assert np.all(stats.grad_norm == 0.0)
    snapshot = trainer.snapshot(histograms=True, grid=True, jacobians=True, grid_resolution=6)
    assert snapshot.batch_size == 1 and snapshot.decision_grid is not None


def test_layer_norm_at_batch_size_one_learns():
    trainer = Trainer(small(**{"network.normalization": "layer", "train.batch_size": 1}))
    hidden = [w.copy() for w in trainer.network.hidden_weights()]
    stats = trainer.run(40)
    assert stats is not None and np.all(stats.grad_norm > 0)
    assert all(not np.array_equal(b, a) for b, a in zip(hidden, trainer.network.hidden_weights()))
