"""The experiment config: every bad value is a ConfigError naming the field, the value and what is allowed;
JSON round-trips; and any valid config trains (or is flagged as diverged, never crashes)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviz.config import (
    ACTIVATIONS, CLIP_MODES, DATASETS, DTYPES, INITS, LIVE_FIELDS, OPTIMIZERS, REBUILD_FIELDS, SCHEMA_VERSION,
    ConfigError, DataConfig, ExperimentConfig, NetworkConfig, TrainConfig, all_field_paths,
)

# (dotted field, bad value, substrings the message must contain: the field, the value, what is allowed)
BAD_VALUES = [
    ("network.depth", 0, ["network.depth", "0", "1 to 200"]),
    ("network.depth", 201, ["network.depth", "201", "1 to 200"]),
    ("network.depth", 2.5, ["network.depth", "2.5", "whole number", "1 to 200"]),
    ("network.depth", "10", ["network.depth", "'10'", "whole number"]),
    ("network.depth", True, ["network.depth", "True", "whole number"]),
    ("network.width", 0, ["network.width", "0", "1 to 1024"]),
    ("network.width", 4096, ["network.width", "4096", "1 to 1024"]),
    ("network.activation", "swish", ["network.activation", "'swish'", "sigmoid", "gelu"]),
    ("network.activation", None, ["network.activation", "None", "relu"]),
    ("network.init", "kaiming", ["network.init", "'kaiming'", "xavier", "he", "orthogonal"]),
    ("network.init_gain", 0.0, ["network.init_gain", "0.0", "0.001 to 100"]),
    ("network.init_gain", math.nan, ["network.init_gain", "nan", "0.001 to 100"]),
    ("network.init_gain", "big", ["network.init_gain", "'big'", "number"]),
    ("network.residual", 1, ["network.residual", "1", "true or false"]),
    ("network.batchnorm", "yes", ["network.batchnorm", "'yes'", "true or false"]),
    ("network.residual_scale", "half", ["network.residual_scale", "'half'", "none", "sqrt_depth", "rezero"]),
    ("network.normalization", "group", ["network.normalization", "'group'", "none", "batch", "layer"]),
    ("network.leaky_slope", -0.1, ["network.leaky_slope", "-0.1", "0 to 1"]),
    ("network.leaky_slope", 1.5, ["network.leaky_slope", "1.5", "0 to 1"]),
    ("train.optimizer", "rmsprop", ["train.optimizer", "'rmsprop'", "sgd", "momentum", "adam"]),
    ("train.learning_rate", 0.0, ["train.learning_rate", "0.0", "1e-06 to 100"]),
    ("train.learning_rate", math.inf, ["train.learning_rate", "inf", "1e-06 to 100"]),
    ("train.learning_rate", 1000.0, ["train.learning_rate", "1000.0", "1e-06 to 100"]),
    ("train.batch_size", 0, ["train.batch_size", "0", "1 to 4096"]),
    ("train.batch_size", 64.0, ["train.batch_size", "64.0", "whole number"]),
    ("train.l2", -1e-3, ["train.l2", "-0.001", "0 to 10"]),
    ("train.clip_mode", "global", ["train.clip_mode", "'global'", "off", "norm", "value"]),
    ("train.clip_threshold", 0.0, ["train.clip_threshold", "0.0", "1e-06 to 1e+06"]),
    ("train.seed", -1, ["train.seed", "-1", "0 to 4294967295"]),
    ("train.seed", 2 ** 32, ["train.seed", str(2 ** 32), "0 to 4294967295"]),
    ("train.dtype", "float16", ["train.dtype", "'float16'", "float64", "float32"]),
    ("data.dataset", "mnist", ["data.dataset", "'mnist'", "spiral", "moons"]),
    ("data.samples", 10, ["data.samples", "10", "20 to 100000"]),
    ("data.samples", 10 ** 6, ["data.samples", "1000000", "20 to 100000"]),
    ("data.noise", -0.5, ["data.noise", "-0.5", "0 to 5"]),
    ("data.train_fraction", 1.0, ["data.train_fraction", "1.0", "0.1 to 0.95"]),
    ("data.train_fraction", 0.05, ["data.train_fraction", "0.05", "0.1 to 0.95"]),
    ("name", "  ", ["name", "'  '", "non-empty"]),
    ("name", 3, ["name", "3", "non-empty"]),
]


@pytest.mark.parametrize("path, value, fragments", BAD_VALUES, ids=[f"{p}={v!r}" for p, v, _ in BAD_VALUES])
def test_bad_value_is_rejected_with_a_clear_message(path, value, fragments):
    with pytest.raises(ConfigError) as info:
        ExperimentConfig().replace(**{path: value})
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


@pytest.mark.parametrize("path, value, fragments", BAD_VALUES[:-2], ids=[p for p, _, _ in BAD_VALUES[:-2]])
def test_bad_value_in_json_is_rejected_with_the_same_message(path, value, fragments):
    raw = ExperimentConfig().to_dict()
    part, name = path.split(".")
    raw[part][name] = value
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.from_dict(raw)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_defaults_are_valid_and_replace_get_work():
    cfg = ExperimentConfig()
    assert cfg.network == NetworkConfig() and cfg.train == TrainConfig() and cfg.data == DataConfig()
    deeper = cfg.replace(**{"network.depth": 20, "train.l2": 0.5, "name": "deep"})
    assert deeper.get("network.depth") == 20 and deeper.get("train.l2") == 0.5 and deeper.name == "deep"
    assert cfg.get("network.depth") == 10  # frozen: the original is unchanged
    assert deeper.get("network") == deeper.network
    with pytest.raises(Exception):
        cfg.network.depth = 3  # type: ignore[misc]


@pytest.mark.parametrize("key", ["network.depht", "nothing"])
def test_replace_rejects_unknown_settings(key):
    with pytest.raises(ConfigError) as info:
        ExperimentConfig().replace(**{key: 1})
    assert f"unknown setting {key!r}" in str(info.value) and "network.depth" in str(info.value)


def test_replace_rejects_a_section_that_is_not_one():
    with pytest.raises(ConfigError, match="train must be a TrainConfig, got int"):
        ExperimentConfig().replace(train=1)


def test_json_round_trip(tmp_path):
    cfg = ExperimentConfig(
        name="BN rescue",
        network=NetworkConfig(depth=33, width=17, activation="prelu", init="he", init_gain=1.5, residual=True,
                              batchnorm=True, leaky_slope=0.2),
        train=TrainConfig(optimizer="adam", learning_rate=3e-4, batch_size=100, l2=1e-4, clip_mode="value",
                          clip_threshold=0.25, seed=123456789, dtype="float32"),
        data=DataConfig(dataset="moons", samples=1000, noise=0.35, train_fraction=0.6),
    )
    assert ExperimentConfig.from_json(cfg.to_json()) == cfg
    path = tmp_path / "experiment.json"
    cfg.save(path)
    assert ExperimentConfig.load(path) == cfg
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    assert set(raw) == {"schema_version", "name", "model", "network", "train", "data", "recurrent"}


def test_json_may_leave_out_parts_and_write_whole_numbers_for_floats():
    cfg = ExperimentConfig.from_json('{"network": {"depth": 3, "init_gain": 2}, "train": {"learning_rate": 1}}')
    assert cfg.network.depth == 3 and cfg.network.init_gain == 2.0 and isinstance(cfg.network.init_gain, float)
    assert cfg.train.learning_rate == 1.0 and cfg.data == DataConfig()


@pytest.mark.parametrize("text, fragments", [
    ('{"network": {"depth": 3, "colour": "red"}}', ["colour", "network", "depth"]),
    ('{"netwrk": {}}', ["netwrk", "network"]),
    ('{"network": [1, 2]}', ["network", "JSON object", "list"]),
    ('[1, 2, 3]', ["JSON object", "list"]),
    ('{"schema_version": 99}', ["schema_version", "99", str(SCHEMA_VERSION)]),
    ('{"network": {"depth": "deep"}}', ["network.depth", "'deep'", "whole number"]),
    ('{"train": {"batch_size": null}}', ["train.batch_size", "None"]),
    ('{"network": {"depth": 3,}}', ["not valid JSON", "line 1"]),
    ('{"schema_version": true}', ["schema_version", "True", str(SCHEMA_VERSION)]),
    ('{"train": {"learning_rate": 1' + "0" * 400 + '}}', ["train.learning_rate", "out of range", "1e-06 to 100"]),
    ('{"network": {"depth": 1' + "0" * 400 + '}}', ["network.depth", "out of range", "1 to 200"]),
    ('{"data": {"noise": NaN}}', ["data.noise", "nan", "0 to 5"]),
    ('{"train": {"seed": 1e3}}', ["train.seed", "1000.0", "whole number"]),
    ('"spiral"', ["JSON object", "str"]),
    ('', ["not valid JSON"]),
])
def test_bad_json_is_a_clear_config_error(text, fragments):
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.from_json(text)
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


def test_load_names_the_file(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(ConfigError, match="missing.json"):
        ExperimentConfig.load(missing)
    broken = tmp_path / "broken.json"
    broken.write_text('{"network": {"depth": 0}}', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.load(broken)
    assert "broken.json" in str(info.value) and "network.depth" in str(info.value)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError, match="binary.json"):
        ExperimentConfig.load(binary)


def test_live_and_rebuild_fields_partition_every_setting():
    paths = set(all_field_paths())
    assert LIVE_FIELDS | REBUILD_FIELDS == paths and not LIVE_FIELDS & REBUILD_FIELDS
    for path in ("network.depth", "network.width", "network.init", "data.dataset", "train.seed"):
        assert path in REBUILD_FIELDS
    for path in ("network.activation", "network.residual", "network.batchnorm", "train.optimizer",
                 "train.learning_rate", "train.l2", "train.clip_mode", "train.clip_threshold"):
        assert path in LIVE_FIELDS


# ---------------------------------------------------------------- any valid config trains

valid_configs = st.builds(
    ExperimentConfig,
    network=st.builds(
        NetworkConfig,
        depth=st.integers(1, 6), width=st.integers(1, 12), activation=st.sampled_from(ACTIVATIONS),
        init=st.sampled_from(INITS), init_gain=st.floats(1e-3, 100.0), residual=st.booleans(),
        batchnorm=st.booleans(), leaky_slope=st.floats(0.0, 1.0),
    ),
    train=st.builds(
        TrainConfig,
        optimizer=st.sampled_from(OPTIMIZERS), learning_rate=st.floats(1e-6, 100.0), batch_size=st.integers(2, 64),
        l2=st.floats(0.0, 10.0), clip_mode=st.sampled_from(CLIP_MODES), clip_threshold=st.floats(1e-6, 1e6),
        seed=st.integers(0, 2 ** 32 - 1), dtype=st.sampled_from(DTYPES),
    ),
    data=st.builds(
        DataConfig,
        dataset=st.sampled_from(DATASETS), samples=st.integers(20, 120), noise=st.floats(0.0, 5.0),
        train_fraction=st.floats(0.1, 0.95),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=valid_configs)
def test_any_valid_config_trains_five_steps_and_ends_finite_or_diverged(cfg):
    from bpviz.engine.trainer import Trainer

    assert ExperimentConfig.from_json(cfg.to_json()) == cfg
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trainer = Trainer(cfg)
        results = [trainer.step() for _ in range(5)]
        snapshot = trainer.snapshot(histograms=True, grid=True, jacobians=True, grid_resolution=8)
    if trainer.divergence is None:
        assert all(r is not None for r in results) and trainer.step_count == 5
        last = results[-1]
        for value in (last.loss, last.grad_norm_before_clip, last.grad_norm_after_clip, last.output_grad_norm):
            assert math.isfinite(value)
        for array in (last.grad_norm, last.signal_grad_norm, last.update_ratio, last.activation_mean,
                      last.activation_std, last.saturation, last.dead):
            assert array.shape == (cfg.network.depth,) and np.isfinite(array).all()
        for param in trainer.network.parameters().values():
            assert np.isfinite(param).all()
    else:
        first_none = results.index(None)
        assert all(r is None for r in results[first_none:])
        assert trainer.divergence.step == first_none + 1 == trainer.step_count + 1
        assert snapshot.divergence == trainer.divergence
