"""The experiment a student builds: frozen dataclasses, validated with clear messages, saved as JSON.

Only the standard library here (and nothing from Qt): the engine, the CLI and the window all read these.
Every invalid value raises :class:`ConfigError` whose message names the field, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

SCHEMA_VERSION = 1

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu")
INITS = ("small", "standard", "xavier", "he", "large")
OPTIMIZERS = ("sgd", "momentum", "adam")
CLIP_MODES = ("off", "norm", "value")
DATASETS = ("circle", "xor", "gauss", "spiral", "moons")
DTYPES = ("float64", "float32")
MODELS = ("feedforward", "recurrent")
CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru")
RECURRENT_INITS = ("pytorch", "orthogonal")
TASKS = ("first_symbol", "adding")

DEPTH_RANGE = (1, 200)
WIDTH_RANGE = (1, 1024)
LEARNING_RATE_RANGE = (1e-6, 100.0)
INIT_GAIN_RANGE = (1e-3, 100.0)
LEAKY_SLOPE_RANGE = (0.0, 1.0)
BATCH_SIZE_RANGE = (2, 4096)
L2_RANGE = (0.0, 10.0)
CLIP_THRESHOLD_RANGE = (1e-6, 1e6)
SEED_RANGE = (0, 2**32 - 1)
SAMPLES_RANGE = (20, 100_000)
NOISE_RANGE = (0.0, 5.0)
TRAIN_FRACTION_RANGE = (0.1, 0.95)
HIDDEN_SIZE_RANGE = (1, 256)
SPECTRAL_RADIUS_RANGE = (0.01, 10.0)
FORGET_BIAS_RANGE = (-10.0, 10.0)
SEQ_LEN_RANGE = (5, 200)
SYMBOLS_RANGE = (2, 10)
RECURRENT_MEMORY_LIMIT = 2 * 1024**3  # bytes a recurrent training step may hold (see recurrent_memory_bytes)


class ConfigError(ValueError):
    """An experiment value that bpviz cannot use; the message says which field and what is allowed."""


# ---------------------------------------------------------------- field checks

def _check_choice(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ConfigError(f"{name} = {value!r} is not allowed; choose one of: {', '.join(allowed)}")


def _check_int(name: str, value: Any, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} = {value!r} must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ConfigError(f"{name} = {value} is out of range; allowed: {low} to {high}")


def _check_float(name: str, value: Any, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} = {value!r} must be a number from {low:g} to {high:g}")
    if isinstance(value, int) and not low <= value <= high:  # a huge int cannot even become a float
        raise ConfigError(f"{name} = {value!r} is out of range; allowed: {low:g} to {high:g}")
    if not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(f"{name} = {value!r} is out of range; allowed: {low:g} to {high:g}")


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} = {value!r} must be true or false")


def _check_optional_float(name: str, value: Any, bounds: tuple[float, float]) -> None:
    if value is None:
        return
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} = {value!r} must be a number from {low:g} to {high:g}, or null (off)")
    _check_float(name, value, bounds)


# ---------------------------------------------------------------- the dataclasses

@dataclass(frozen=True)
class NetworkConfig:
    """The network: ``depth`` hidden blocks of ``width`` units (DESIGN.md §2)."""

    depth: int = 10
    width: int = 32
    activation: str = "sigmoid"
    init: str = "xavier"
    init_gain: float = 1.0
    residual: bool = False
    batchnorm: bool = False
    leaky_slope: float = 0.01

    def __post_init__(self) -> None:
        _check_int("network.depth", self.depth, DEPTH_RANGE)
        _check_int("network.width", self.width, WIDTH_RANGE)
        _check_choice("network.activation", self.activation, ACTIVATIONS)
        _check_choice("network.init", self.init, INITS)
        _check_float("network.init_gain", self.init_gain, INIT_GAIN_RANGE)
        _check_bool("network.residual", self.residual)
        _check_bool("network.batchnorm", self.batchnorm)
        _check_float("network.leaky_slope", self.leaky_slope, LEAKY_SLOPE_RANGE)


@dataclass(frozen=True)
class TrainConfig:
    """How the network learns: optimizer, step size, regularization and clipping."""

    optimizer: str = "sgd"
    learning_rate: float = 0.1
    batch_size: int = 64
    l2: float = 0.0
    clip_mode: str = "off"
    clip_threshold: float = 1.0
    seed: int = 0
    dtype: str = "float64"

    def __post_init__(self) -> None:
        _check_choice("train.optimizer", self.optimizer, OPTIMIZERS)
        _check_float("train.learning_rate", self.learning_rate, LEARNING_RATE_RANGE)
        _check_int("train.batch_size", self.batch_size, BATCH_SIZE_RANGE)
        _check_float("train.l2", self.l2, L2_RANGE)
        _check_choice("train.clip_mode", self.clip_mode, CLIP_MODES)
        _check_float("train.clip_threshold", self.clip_threshold, CLIP_THRESHOLD_RANGE)
        _check_int("train.seed", self.seed, SEED_RANGE)
        _check_choice("train.dtype", self.dtype, DTYPES)


@dataclass(frozen=True)
class DataConfig:
    """The 2-D toy dataset and its train/test split."""

    dataset: str = "spiral"
    samples: int = 400
    noise: float = 0.1
    train_fraction: float = 0.8

    def __post_init__(self) -> None:
        _check_choice("data.dataset", self.dataset, DATASETS)
        _check_int("data.samples", self.samples, SAMPLES_RANGE)
        _check_float("data.noise", self.noise, NOISE_RANGE)
        _check_float("data.train_fraction", self.train_fraction, TRAIN_FRACTION_RANGE)


@dataclass(frozen=True)
class RecurrentConfig:
    """A one-layer recurrent network and the sequence task it learns (used when ``model == "recurrent"``).

    ``cell``: ``rnn_tanh``, ``rnn_relu``, ``lstm`` or ``gru`` (PyTorch's equations, gate order and shapes).
    ``hidden_size``: H, the width of the hidden state.
    ``init``: ``pytorch`` (every parameter U(+-1/sqrt(H)), PyTorch's default) or ``orthogonal`` (each H x H gate
    block of ``rnn.weight_hh`` orthogonal, the rest as ``pytorch``).
    ``spectral_radius``: None keeps the init's scale; a number rescales each H x H gate block of
    ``rnn.weight_hh`` so its largest |eigenvalue| is that number (the lambda_1 of Pascanu et al. 2013 for the
    vanilla RNN). Live: changing it while training rescales the current recurrent weights in place.
    ``forget_bias``: None keeps PyTorch's init; a number sets the bias of the gate that keeps the old state, the
    LSTM's forget gate f (Jozefowicz et al. 2015 use 1.0) and the GRU's update gate z: ``bias_ih`` of that block
    becomes the number and ``bias_hh`` of that block 0, so their sum is exactly it. The vanilla cells ignore it.
    ``task``: ``first_symbol`` (name the first of ``seq_len`` symbols; the rest are distractors) or ``adding``
    (is the sum of the two marked numbers above 1?); see :mod:`bpviz.engine.sequences`.
    ``seq_len``: T, the number of time steps (5 to 200). ``symbols``: the alphabet (and classes) of
    ``first_symbol``. The number of sequences and the train/test split are ``data.samples`` and
    ``data.train_fraction``; the other data settings are for the 2-D datasets only.
    """

    cell: str = "lstm"
    hidden_size: int = 32
    init: str = "pytorch"
    spectral_radius: float | None = None
    forget_bias: float | None = None
    task: str = "first_symbol"
    seq_len: int = 20
    symbols: int = 4

    def __post_init__(self) -> None:
        _check_choice("recurrent.cell", self.cell, CELLS)
        _check_int("recurrent.hidden_size", self.hidden_size, HIDDEN_SIZE_RANGE)
        _check_choice("recurrent.init", self.init, RECURRENT_INITS)
        _check_optional_float("recurrent.spectral_radius", self.spectral_radius, SPECTRAL_RADIUS_RANGE)
        _check_optional_float("recurrent.forget_bias", self.forget_bias, FORGET_BIAS_RANGE)
        _check_choice("recurrent.task", self.task, TASKS)
        _check_int("recurrent.seq_len", self.seq_len, SEQ_LEN_RANGE)
        _check_int("recurrent.symbols", self.symbols, SYMBOLS_RANGE)
        for name in ("spectral_radius", "forget_bias"):  # JSON's 1 means 1.0
            value = getattr(self, name)
            if isinstance(value, int):
                object.__setattr__(self, name, float(value))


def recurrent_memory_bytes(recurrent: RecurrentConfig, train: TrainConfig, data: DataConfig) -> int:
    """About how many bytes a recurrent experiment holds: the generated sequences (float64, and the trainer's copy
    in its dtype) plus one training step's buffers, which keep every gate of every time step of the batch for
    backpropagation through time (per sequence and step: the input and 5 (vanilla), 13 (GRU) or 17 (LSTM) times H
    numbers)."""
    per_unit = {"rnn_tanh": 5, "rnn_relu": 5, "lstm": 17, "gru": 13}[recurrent.cell]
    n_inputs = 2 if recurrent.task == "adding" else 2 * recurrent.symbols
    itemsize = 8 if train.dtype == "float64" else 4
    steps = recurrent.seq_len
    batch = min(train.batch_size, data.samples)
    sequences = data.samples * steps * n_inputs * (8 + itemsize)
    return sequences + steps * batch * (n_inputs + per_unit * recurrent.hidden_size) * itemsize


@dataclass(frozen=True)
class ExperimentConfig:
    """One experiment: a name, the model kind, the network, how it trains, and on what data.

    ``model`` is ``feedforward`` (the MLP of ``network`` on the 2-D ``data``) or ``recurrent`` (the recurrent
    network of ``recurrent`` on its sequence task); ``train`` applies to both. Files written before the recurrent
    model existed have neither ``model`` nor ``recurrent`` and load as feed-forward experiments.
    """

    name: str = "Deep sigmoid on spirals"
    network: NetworkConfig = field(default_factory=NetworkConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataConfig = field(default_factory=DataConfig)
    model: str = "feedforward"
    recurrent: RecurrentConfig = field(default_factory=RecurrentConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(f"name = {self.name!r} must be a non-empty text")
        for part, cls in _PARTS.items():
            if not isinstance(getattr(self, part), cls):
                raise ConfigError(f"{part} must be a {cls.__name__}, got {type(getattr(self, part)).__name__}")
        _check_choice("model", self.model, MODELS)
        if self.model == "recurrent":
            needed = recurrent_memory_bytes(self.recurrent, self.train, self.data)
            if needed > RECURRENT_MEMORY_LIMIT:
                raise ConfigError(
                    f"this recurrent experiment would need about {needed / 1024**3:.1f} GiB (limit "
                    f"{RECURRENT_MEMORY_LIMIT / 1024**3:g} GiB): lower recurrent.seq_len, recurrent.hidden_size, "
                    "train.batch_size or data.samples")

    # ---- changing one value

    def replace(self, **changes: Any) -> "ExperimentConfig":
        """A copy with dotted fields changed, e.g. ``cfg.replace(**{"network.depth": 20})``.

        Top-level fields (``name``, ``network``, ...) are accepted too. Unknown fields are a ConfigError.
        """
        top: dict[str, Any] = {}
        parts: dict[str, dict[str, Any]] = {}
        for key, value in changes.items():
            if "." in key:
                part, _, name = key.partition(".")
                if part not in _PARTS or name not in _field_names(_PARTS[part]):
                    raise ConfigError(f"unknown setting {key!r}; known: {', '.join(all_field_paths())}")
                parts.setdefault(part, {})[name] = value
            elif key in _field_names(ExperimentConfig):
                top[key] = value
            else:
                raise ConfigError(f"unknown setting {key!r}; known: {', '.join(all_field_paths())}")
        for part, values in parts.items():
            top[part] = dataclasses.replace(top.get(part, getattr(self, part)), **values)
        return dataclasses.replace(self, **top)

    def get(self, path: str) -> Any:
        """Value of a dotted field, e.g. ``cfg.get("train.learning_rate")``."""
        part, _, name = path.partition(".")
        if not name:
            return getattr(self, part)
        return getattr(getattr(self, part), name)

    # ---- JSON

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "model": self.model,
            "network": dataclasses.asdict(self.network),
            "train": dataclasses.asdict(self.train),
            "data": dataclasses.asdict(self.data),
            "recurrent": dataclasses.asdict(self.recurrent),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "ExperimentConfig":
        if not isinstance(raw, Mapping):
            raise ConfigError(f"an experiment must be a JSON object, got {type(raw).__name__}")
        known = {"schema_version", "name", "model", *_PARTS}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ConfigError(f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(known))}")
        version = raw.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            raise ConfigError(
                f"schema_version = {version!r} is not supported; this bpviz reads schema_version {SCHEMA_VERSION}"
            )
        kwargs: dict[str, Any] = {}
        for key in ("name", "model"):
            if key in raw:
                kwargs[key] = raw[key]
        for part, part_cls in _PARTS.items():
            if part not in raw:
                continue
            values = raw[part]
            if not isinstance(values, Mapping):
                raise ConfigError(f"{part} must be a JSON object, got {type(values).__name__}")
            names = _field_names(part_cls)
            unknown = sorted(set(values) - names)
            if unknown:
                raise ConfigError(
                    f"unknown key(s) in {part}: {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(names))}"
                )
            kwargs[part] = part_cls(**_coerce_floats(part_cls, values))
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "ExperimentConfig":
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        return cls.from_dict(raw)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "ExperimentConfig":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read it ({exc})") from None
        try:
            return cls.from_json(text)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None


_PARTS: dict[str, type] = {"network": NetworkConfig, "train": TrainConfig, "data": DataConfig,
                           "recurrent": RecurrentConfig}


def _field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _coerce_floats(cls: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON writes 1.0 as 1.0 but people write 1: accept whole numbers where a float is meant."""
    float_fields = {f.name for f in dataclasses.fields(cls) if f.type in ("float", float)}
    out = dict(values)
    for name in float_fields & set(out):
        value = out[name]
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                out[name] = float(value)
            except OverflowError:
                pass  # too large for a float: the range check says so, naming the field
    return out


def all_field_paths() -> list[str]:
    """Every setting: ``model``, then every dotted name (e.g. ``network.depth``), in declaration order."""
    return ["model", *(f"{part}.{f.name}" for part, cls in _PARTS.items() for f in dataclasses.fields(cls))]


# The data settings a recurrent experiment uses (the sequence task itself is in ``recurrent``).
RECURRENT_DATA_FIELDS = ("data.samples", "data.train_fraction")


def model_field_paths(model: str) -> list[str]:
    """The dotted settings that change what a model of kind ``model`` does (``model`` itself not included).

    ``feedforward``: network, train and data. ``recurrent``: recurrent, train, ``data.samples`` and
    ``data.train_fraction``. A setting not listed has no effect on such a model: its trainer takes a change to it
    without an event or a rebuild, and a lesson of that kind need not give it.
    """
    _check_choice("model", model, MODELS)
    parts = ("network", "train", "data") if model == "feedforward" else ("recurrent", "train")
    paths = [f"{part}.{f.name}" for part in parts for f in dataclasses.fields(_PARTS[part])]
    if model == "recurrent":
        paths += RECURRENT_DATA_FIELDS
    return paths


# Settings that change in place while training (DESIGN.md §5); everything else rebuilds the network.
LIVE_FIELDS = frozenset({
    "network.activation", "network.residual", "network.batchnorm", "network.leaky_slope",
    "train.clip_mode", "train.clip_threshold", "train.learning_rate", "train.optimizer", "train.l2",
    "train.batch_size", "recurrent.spectral_radius",
})
REBUILD_FIELDS = frozenset(set(all_field_paths()) - LIVE_FIELDS)
