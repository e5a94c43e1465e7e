"""The recurrent part of the experiment config: validation with clear messages, JSON round trips, old files load
unchanged, and which settings are live."""

from __future__ import annotations

import json

import pytest

from bpviz.config import (
    CELLS, LIVE_FIELDS, REBUILD_FIELDS, RECURRENT_MEMORY_LIMIT, SCHEMA_VERSION, TASKS, ConfigError, DataConfig,
    ExperimentConfig, NetworkConfig, RecurrentConfig, TrainConfig, all_field_paths, model_field_paths,
    recurrent_memory_bytes,
)

BAD_VALUES = [
    ("model", "transformer", ["model", "'transformer'", "feedforward", "recurrent"]),
    ("recurrent.cell", "elman", ["recurrent.cell", "'elman'", "rnn_tanh", "lstm", "gru"]),
    ("recurrent.hidden_size", 0, ["recurrent.hidden_size", "0", "1 to 256"]),
    ("recurrent.hidden_size", 257, ["recurrent.hidden_size", "257", "1 to 256"]),
    ("recurrent.hidden_size", 8.0, ["recurrent.hidden_size", "8.0", "whole number"]),
    ("recurrent.init", "xavier", ["recurrent.init", "'xavier'", "pytorch", "orthogonal"]),
    ("recurrent.spectral_radius", 0.0, ["recurrent.spectral_radius", "0.0", "0.01 to 10"]),
    ("recurrent.spectral_radius", 11.0, ["recurrent.spectral_radius", "11.0", "0.01 to 10"]),
    ("recurrent.spectral_radius", "big", ["recurrent.spectral_radius", "'big'", "number", "null"]),
    ("recurrent.spectral_radius", float("nan"), ["recurrent.spectral_radius", "nan", "0.01 to 10"]),
    ("recurrent.forget_bias", 11.0, ["recurrent.forget_bias", "11.0", "-10 to 10"]),
    ("recurrent.forget_bias", True, ["recurrent.forget_bias", "True", "number"]),
    ("recurrent.task", "copy", ["recurrent.task", "'copy'", "first_symbol", "adding"]),
    ("recurrent.seq_len", 4, ["recurrent.seq_len", "4", "5 to 200"]),
    ("recurrent.seq_len", 201, ["recurrent.seq_len", "201", "5 to 200"]),
    ("recurrent.symbols", 1, ["recurrent.symbols", "1", "2 to 10"]),
    ("recurrent.symbols", 11, ["recurrent.symbols", "11", "2 to 10"]),
]


@pytest.mark.parametrize("path, value, fragments", BAD_VALUES, ids=[f"{p}={v!r}" for p, v, _ in BAD_VALUES])
def test_bad_value_is_rejected_with_a_clear_message(path, value, fragments):
    with pytest.raises(ConfigError) as info:
        ExperimentConfig().replace(**{path: value})
    for fragment in fragments:
        assert fragment in str(info.value), f"{fragment!r} not in {info.value}"
    raw = ExperimentConfig().to_dict()  # the same message from a file
    if "." in path:
        part, name = path.split(".")
        raw[part][name] = value
    else:
        raw[path] = value
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.from_json(json.dumps(raw))
    for fragment in fragments:
        assert fragment in str(info.value)


def test_defaults():
    config = RecurrentConfig()
    assert (config.cell, config.hidden_size, config.init) == ("lstm", 32, "pytorch")
    assert config.spectral_radius is None and config.forget_bias is None
    assert (config.task, config.seq_len, config.symbols) == ("first_symbol", 20, 4)
    experiment = ExperimentConfig()
    assert experiment.model == "feedforward" and experiment.recurrent == RecurrentConfig()
    assert RecurrentConfig(cell="gru", hidden_size=8).hidden_size == 8  # the two fields by name
    assert set(CELLS) == {"rnn_tanh", "rnn_relu", "lstm", "gru"} and set(TASKS) == {"first_symbol", "adding"}


def test_json_round_trip_of_a_recurrent_experiment(tmp_path):
    config = ExperimentConfig(
        name="LSTM remembers", model="recurrent",
        train=TrainConfig(optimizer="adam", learning_rate=0.01, clip_mode="norm", seed=7),
        data=DataConfig(samples=1500, train_fraction=0.7),
        recurrent=RecurrentConfig(cell="rnn_tanh", hidden_size=24, init="orthogonal", spectral_radius=0.9,
                                  forget_bias=1.0, task="adding", seq_len=50, symbols=3),
    )
    assert ExperimentConfig.from_json(config.to_json()) == config
    path = tmp_path / "recurrent.json"
    config.save(path)
    assert ExperimentConfig.load(path) == config
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["model"] == "recurrent" and raw["recurrent"]["spectral_radius"] == 0.9
    assert raw["schema_version"] == SCHEMA_VERSION


def test_null_means_off_and_whole_numbers_become_floats():
    config = ExperimentConfig.from_json(
        '{"model": "recurrent", "recurrent": {"spectral_radius": 2, "forget_bias": 1, "cell": "gru"}}')
    assert config.recurrent.spectral_radius == 2.0 and isinstance(config.recurrent.spectral_radius, float)
    assert config.recurrent.forget_bias == 1.0 and isinstance(config.recurrent.forget_bias, float)
    off = ExperimentConfig.from_json('{"recurrent": {"spectral_radius": null, "forget_bias": null}}')
    assert off.recurrent.spectral_radius is None and off.recurrent.forget_bias is None
    assert json.loads(off.to_json())["recurrent"]["spectral_radius"] is None


OLD_FILE = """{
  "schema_version": 1,
  "name": "Deep sigmoid on spirals",
  "network": {"depth": 12, "width": 16, "activation": "tanh", "init": "he", "init_gain": 1.0,
              "residual": true, "batchnorm": false, "leaky_slope": 0.01},
  "train": {"optimizer": "momentum", "learning_rate": 0.05, "batch_size": 32, "l2": 0.001, "clip_mode": "norm",
            "clip_threshold": 2.0, "seed": 3, "dtype": "float64"},
  "data": {"dataset": "moons", "samples": 300, "noise": 0.2, "train_fraction": 0.75}
}"""


def test_an_experiment_file_from_before_the_recurrent_model_loads_unchanged(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(OLD_FILE, encoding="utf-8")
    config = ExperimentConfig.load(path)
    assert config.model == "feedforward" and config.recurrent == RecurrentConfig()
    # schema 1 meant the plain residual sum h + a (residual_scale did not exist yet)
    assert config.network == NetworkConfig(depth=12, width=16, activation="tanh", init="he", residual=True,
                                           residual_scale="none")
    assert config.train == TrainConfig(optimizer="momentum", learning_rate=0.05, batch_size=32, l2=0.001,
                                       clip_mode="norm", clip_threshold=2.0, seed=3)
    assert config.data == DataConfig(dataset="moons", samples=300, noise=0.2, train_fraction=0.75)
    assert ExperimentConfig.from_json(config.to_json()) == config


def test_unknown_recurrent_keys_are_named():
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.from_json('{"recurrent": {"cell": "lstm", "layers": 2}}')
    assert "layers" in str(info.value) and "hidden_size" in str(info.value)


def test_a_recurrent_experiment_too_large_for_memory_is_refused():
    huge = {"model": "recurrent", "recurrent.hidden_size": 256, "recurrent.seq_len": 200,
            "train.batch_size": 4096, "data.samples": 100_000}
    with pytest.raises(ConfigError) as info:
        ExperimentConfig().replace(**huge)
    assert "GiB" in str(info.value) and "recurrent.seq_len" in str(info.value)
    feedforward = ExperimentConfig().replace(**{key: value for key, value in huge.items() if key != "model"})
    assert feedforward.model == "feedforward"  # the recurrent settings cost nothing there
    config = ExperimentConfig(model="recurrent")
    assert recurrent_memory_bytes(config.recurrent, config.train, config.data) < RECURRENT_MEMORY_LIMIT / 100


def test_paths_and_live_fields():
    paths = all_field_paths()
    assert paths[0] == "model" and "recurrent.cell" in paths and "recurrent.spectral_radius" in paths
    assert LIVE_FIELDS | REBUILD_FIELDS == set(paths) and not LIVE_FIELDS & REBUILD_FIELDS
    assert "recurrent.spectral_radius" in LIVE_FIELDS and "model" in REBUILD_FIELDS
    for name in ("cell", "hidden_size", "init", "forget_bias", "task", "seq_len", "symbols"):
        assert f"recurrent.{name}" in REBUILD_FIELDS
    recurrent = model_field_paths("recurrent")
    assert "recurrent.cell" in recurrent and "train.learning_rate" in recurrent
    assert "data.samples" in recurrent and "data.train_fraction" in recurrent
    assert "data.dataset" not in recurrent and not any(path.startswith("network.") for path in recurrent)
    feedforward = model_field_paths("feedforward")
    assert "network.depth" in feedforward and "data.dataset" in feedforward
    assert not any(path.startswith("recurrent.") for path in feedforward) and "model" not in feedforward
    with pytest.raises(ConfigError, match="model"):
        model_field_paths("cnn")
    switched = ExperimentConfig().replace(model="recurrent", **{"recurrent.cell": "gru"})
    assert switched.get("model") == "recurrent" and switched.get("recurrent.cell") == "gru"


def test_lesson_problems_give_the_settings_of_their_model_kind():
    from bpviz.lessons import LessonError, _problem_config

    raw = ExperimentConfig(model="recurrent").to_dict()
    del raw["schema_version"]
    assert _problem_config(raw, "lesson").model == "recurrent"
    del raw["network"]  # a recurrent lesson need not give the feed-forward network
    assert _problem_config(raw, "lesson").model == "recurrent"
    del raw["recurrent"]["seq_len"]
    with pytest.raises(LessonError, match="recurrent.seq_len"):
        _problem_config(raw, "lesson")
    feedforward = ExperimentConfig().to_dict()
    del feedforward["recurrent"], feedforward["model"]  # a feed-forward lesson need not give the recurrent part
    assert _problem_config(feedforward, "lesson").model == "feedforward"
