"""The experiment a student builds: frozen dataclasses, validated with clear messages, saved as JSON.

Only the standard library here (and nothing from Qt): the engine, the CLI and the window all read these.
Every invalid value raises :class:`ConfigError` whose message names the field, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from bpviz import fileio

# 2: residual_scale, normalization, bias_init_std, data.path/sha256 (an imported CSV), the model kind and the
# recurrent part. Files of schema 1 still load: their missing fields take the meaning they had then
# (residual_scale "none": the plain sum h + a).
SCHEMA_VERSION = 2
READABLE_SCHEMA_VERSIONS = (1, 2)

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu")
INITS = ("small", "standard", "xavier", "he", "large", "orthogonal")
OPTIMIZERS = ("sgd", "momentum", "adam")
CLIP_MODES = ("off", "norm", "value")
DATASETS = ("circle", "xor", "gauss", "spiral", "moons", "digits")  # built in: what a dataset list offers
IMPORTED_DATASET = "csv"  # the teacher's own table (data.path, data.sha256); File > Import data / --data FILE.csv
DTYPES = ("float64", "float32")
RESIDUAL_SCALES = ("none", "sqrt_depth", "rezero")
NORMALIZATIONS = ("none", "batch", "layer")
DEFAULT_RESIDUAL_SCALE = "rezero"
MODELS = ("feedforward", "recurrent")
CELLS = ("rnn_tanh", "rnn_relu", "lstm", "gru")
RECURRENT_INITS = ("pytorch", "orthogonal")
TASKS = ("first_symbol", "adding")

DEPTH_RANGE = (1, 200)
WIDTH_RANGE = (1, 1024)
LEARNING_RATE_RANGE = (1e-6, 100.0)
INIT_GAIN_RANGE = (1e-3, 100.0)
LEAKY_SLOPE_RANGE = (0.0, 1.0)
BIAS_INIT_STD_RANGE = (0.0, 10.0)
BATCH_SIZE_RANGE = (1, 4096)
L2_RANGE = (0.0, 10.0)
CLIP_THRESHOLD_RANGE = (1e-6, 1e6)
SEED_RANGE = (0, 2**32 - 1)
SAMPLES_RANGE = (20, 100_000)
NOISE_RANGE = (0.0, 5.0)
TRAIN_FRACTION_RANGE = (0.1, 0.95)
DATA_PATH_MAX_LENGTH = 4096
SHA256_HEX_DIGITS = 64

# Limits on what an experiment file may hold (docs/robustness.md): a hostile or broken file gets one clear line.
MAX_NAME_LENGTH = 200            # characters of the experiment's name (it is a window title and a file's field)
MAX_EXPERIMENT_BYTES = 1 << 20   # an experiment file is about 1 kB
MAX_JSON_STRING_LENGTH = 1000    # any key or text in the file (the longest allowed value is the name)
MAX_JSON_NUMBER_LENGTH = 1000    # characters of one number literal (no setting needs more than 20)
MAX_JSON_NESTING = 20            # objects and arrays inside each other (an experiment needs 2)
_SHOWN_VALUE_LENGTH = 60         # an error message quotes at most this much of a bad value

HIDDEN_SIZE_RANGE = (1, 256)
SPECTRAL_RADIUS_RANGE = (0.01, 10.0)
FORGET_BIAS_RANGE = (-10.0, 10.0)
SEQ_LEN_RANGE = (5, 200)
SYMBOLS_RANGE = (2, 10)
RECURRENT_MEMORY_LIMIT = 2 * 1024**3  # bytes a recurrent training step may hold (see recurrent_memory_bytes)


class ConfigError(ValueError):
    """An experiment value that bpviz cannot use; the message says which field and what is allowed."""


def _brief(value: Any) -> str:
    """``repr(value)``, cut to a length an error message can show (a 50 MB value must not be printed whole)."""
    if isinstance(value, str) and len(value) > 4 * _SHOWN_VALUE_LENGTH:
        value = value[:4 * _SHOWN_VALUE_LENGTH]  # no need to repr all of it to show its start
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * _SHOWN_VALUE_LENGTH:
        return f"<a whole number of {len(hex(value)) - 2} hexadecimal digits>"  # str() of it may not even work
    elif isinstance(value, (list, tuple, dict)) and len(value) > _SHOWN_VALUE_LENGTH:
        return f"<a {type(value).__name__} of {len(value)} items>"
    try:
        text = repr(value)
    except RecursionError:
        return f"<a deeply nested {type(value).__name__}>"
    if len(text) > _SHOWN_VALUE_LENGTH:
        text = text[:_SHOWN_VALUE_LENGTH - 1] + "…"
    return text


def name_with_suffix(name: str, suffix: str) -> str:
    """``name + suffix``, the name shortened so that the whole stays within MAX_NAME_LENGTH (e.g. compare mode's
    ``name_with_suffix(config.name, " + B")``, which must work for a name of the maximal length too)."""
    room = MAX_NAME_LENGTH - len(suffix)
    if len(name) > room:
        name = name[:max(0, room - 1)].rstrip() + "…"
    return name + suffix


def check_name(value: Any) -> None:
    """The experiment's name: text of 1 to MAX_NAME_LENGTH characters, not only spaces, without control characters,
    line breaks or lone surrogates (it is shown as a window title and written into JSON and CSV files)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"name = {_brief(value)} must be a non-empty text")
    if len(value) > MAX_NAME_LENGTH:
        raise ConfigError(f"name is {len(value):,} characters long; at most {MAX_NAME_LENGTH} are allowed")
    for position, char in enumerate(value):
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Zl", "Zp"):
            what = {"Cc": "a control character", "Cs": "a lone surrogate (not a character)",
                    "Zl": "a line break", "Zp": "a paragraph break"}[category]
            raise ConfigError(f"name = {_brief(value)} contains {what} (U+{ord(char):04X} at position {position + 1})")


# ---------------------------------------------------------------- field checks

def _check_choice(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ConfigError(f"{name} = {_brief(value)} is not allowed; choose one of: {', '.join(allowed)}")


def _check_int(name: str, value: Any, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} = {_brief(value)} must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ConfigError(f"{name} = {_brief(value)} is out of range; allowed: {low} to {high}")


def _check_float(name: str, value: Any, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} = {_brief(value)} must be a number from {low:g} to {high:g}")
    if isinstance(value, int) and not low <= value <= high:  # a huge int cannot even become a float
        raise ConfigError(f"{name} = {_brief(value)} is out of range; allowed: {low:g} to {high:g}")
    if not math.isfinite(value) or not low <= value <= high:
        raise ConfigError(f"{name} = {_brief(value)} is out of range; allowed: {low:g} to {high:g}")


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} = {_brief(value)} must be true or false")


def _check_data_path(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(f"{name} = {value!r} must be a text (a file path, or empty)")
    if len(value) > DATA_PATH_MAX_LENGTH:
        raise ConfigError(f"{name} is {len(value)} characters long; at most {DATA_PATH_MAX_LENGTH} are allowed")
    if any(ord(char) < 32 for char in value):
        raise ConfigError(f"{name} = {value!r} holds a control character; a file path cannot")


def _check_sha256(name: str, value: Any) -> None:
    if not isinstance(value, str) or (value and (len(value) != SHA256_HEX_DIGITS
                                                  or any(char not in "0123456789abcdef" for char in value))):
        raise ConfigError(f"{name} = {value!r} must be empty or the {SHA256_HEX_DIGITS} lowercase hex digits of "
                          "a SHA-256")


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
    """The network: ``depth`` hidden blocks of ``width`` units (DESIGN.md §2 and §9).

    ``residual_scale`` says how a residual block (i >= 1) adds its branch: ``h = h + s_i * a`` with s_i = 1
    (``none``), 1/sqrt(depth) (``sqrt_depth``) or a learnable scalar that starts at 0 (``rezero``, the default:
    the variant that trains most reliably with every activation and remedy, see README's engine section and
    docs/remedies.md). It only matters when ``residual`` is on.

    ``normalization`` is ``none``, ``batch`` or ``layer``; ``batchnorm`` is its older name for ``batch`` and stays
    accepted. After construction both are always set and agree (``batchnorm == (normalization == "batch")``):

    - give neither: no normalization;
    - give only ``batchnorm`` (old code, old experiment files): true means ``batch``, false means ``none``;
    - give only ``normalization``: ``batchnorm`` follows it;
    - give both: they must agree, else a ConfigError (``batchnorm=True`` with ``normalization="layer"``).

    ``dataclasses.replace`` passes both, so it must keep them in agreement; :meth:`ExperimentConfig.replace`
    does that for you (changing one dotted field re-derives the other).
    """

    depth: int = 10
    width: int = 32
    activation: str = "sigmoid"
    init: str = "xavier"
    init_gain: float = 1.0
    residual: bool = False
    residual_scale: str = DEFAULT_RESIDUAL_SCALE
    batchnorm: bool | None = None
    normalization: str | None = None
    leaky_slope: float = 0.01
    bias_init_std: float = 0.0  # biases start N(0, bias_init_std^2): sigma_b^2 of mean-field theory (engine/theory.py)

    def __post_init__(self) -> None:
        _check_int("network.depth", self.depth, DEPTH_RANGE)
        _check_int("network.width", self.width, WIDTH_RANGE)
        _check_choice("network.activation", self.activation, ACTIVATIONS)
        _check_choice("network.init", self.init, INITS)
        _check_float("network.init_gain", self.init_gain, INIT_GAIN_RANGE)
        _check_bool("network.residual", self.residual)
        _check_choice("network.residual_scale", self.residual_scale, RESIDUAL_SCALES)
        _check_float("network.leaky_slope", self.leaky_slope, LEAKY_SLOPE_RANGE)
        _check_float("network.bias_init_std", self.bias_init_std, BIAS_INIT_STD_RANGE)
        normalization = _resolve_normalization(self.batchnorm, self.normalization)
        object.__setattr__(self, "normalization", normalization)
        object.__setattr__(self, "batchnorm", normalization == "batch")


def _resolve_normalization(batchnorm: Any, normalization: Any) -> str:
    """The one normalization that ``batchnorm`` (old name) and ``normalization`` describe (see NetworkConfig)."""
    if batchnorm is not None:
        _check_bool("network.batchnorm", batchnorm)
    if normalization is not None:
        _check_choice("network.normalization", normalization, NORMALIZATIONS)
    if normalization is None:
        return "batch" if batchnorm else "none"
    if batchnorm is not None and batchnorm != (normalization == "batch"):
        raise ConfigError(
            f"network.batchnorm = {str(batchnorm).lower()} contradicts network.normalization = {normalization!r}; "
            "batchnorm is the old name of normalization = 'batch': give one of them, or make them agree")
    return normalization


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
    """The data and its train/test split (see docs/data.md).

    ``dataset`` is a 2-D toy set, ``digits`` (handwritten digits, 64 inputs, 10 classes) or ``csv`` (the teacher's
    own table). ``samples`` and ``noise`` shape only the 2-D toy sets: for ``digits`` and ``csv`` they are still
    range-checked (so switching back to a toy set finds sensible values) but ignored. ``path`` and ``sha256`` name
    an imported CSV file and the SHA-256 of its bytes (64 lowercase hex digits); a ``csv`` dataset needs both,
    and loading checks that the file is still there with that content (:func:`bpviz.engine.datasets.load_dataset`).
    For other datasets they are kept as they are (so switching back to ``csv`` finds the file again) and ignored.
    """

    dataset: str = "spiral"
    samples: int = 400
    noise: float = 0.1
    train_fraction: float = 0.8
    path: str = ""
    sha256: str = ""

    def __post_init__(self) -> None:
        _check_choice("data.dataset", self.dataset, DATASETS + (IMPORTED_DATASET,))
        _check_int("data.samples", self.samples, SAMPLES_RANGE)
        _check_float("data.noise", self.noise, NOISE_RANGE)
        _check_float("data.train_fraction", self.train_fraction, TRAIN_FRACTION_RANGE)
        _check_data_path("data.path", self.path)
        _check_sha256("data.sha256", self.sha256)
        if self.dataset == IMPORTED_DATASET and not (self.path and self.sha256):
            raise ConfigError("data.dataset = 'csv' needs data.path (the CSV file) and data.sha256 (its content's "
                              "SHA-256); File > Import data and `bpviz run --data FILE.csv` fill both in")

    @property
    def uses_file(self) -> bool:
        """True when the data come from the file ``path`` (an imported CSV)."""
        return self.dataset == IMPORTED_DATASET


# Fields that name an imported file. A lesson (which ships with built-in data) need not give them.
DATA_FILE_FIELDS = frozenset({"data.path", "data.sha256"})


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
        check_name(self.name)
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
        ``network.batchnorm`` and ``network.normalization`` name one setting (see :class:`NetworkConfig`):
        changing one alone re-derives the other (batchnorm true -> "batch"; false turns batch norm off and
        leaves layer norm as it is); changing both at once requires them to agree.
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
        network = parts.get("network")
        if network is not None and "network" not in top:
            _derive_normalization_alias(network, self.network)
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
        _refuse_unknown_keys(raw, known, "")
        version = raw.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or not isinstance(version, (int, float)) or version not in READABLE_SCHEMA_VERSIONS:
            raise ConfigError(
                f"schema_version = {_brief(version)} is not supported; this bpviz reads schema_version "
                f"{' and '.join(map(str, READABLE_SCHEMA_VERSIONS))}"
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
            _refuse_unknown_keys(values, _field_names(part_cls), f" in {part}:")
            if part == "network":
                values = _upgrade_network(values, version)
            kwargs[part] = part_cls(**_coerce_floats(part_cls, values))
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "ExperimentConfig":
        """The experiment in the JSON ``text``; anything else (including hostile input: deep nesting, huge numbers,
        NaN/Infinity, duplicate keys, endless strings) is a one-line :class:`ConfigError`."""
        return cls.from_dict(parse_json(text))

    def save(self, path: str | Path) -> None:
        """Write the experiment as JSON, atomically (a temporary file, then a rename: never half-written).
        Raises ``OSError`` if it cannot be written."""
        fileio.atomic_write_text(path, self.to_json() + "\n")

    @classmethod
    def load(cls, path: str | Path) -> "ExperimentConfig":
        """The experiment in the file ``path``. Only a regular file of at most MAX_EXPERIMENT_BYTES of UTF-8 (a
        byte-order mark is fine) is read; every problem is a one-line :class:`ConfigError` that starts with the
        path."""
        shown = _path_text(path)
        try:
            text = fileio.read_text(path, MAX_EXPERIMENT_BYTES)
        except fileio.UnreadableFile as exc:
            raise ConfigError(f"{shown}: {exc}") from None
        try:
            return cls.from_json(text)
        except ConfigError as exc:
            raise ConfigError(f"{shown}: {exc}") from None


def parse_json(text: str) -> Any:
    """JSON with the limits of an experiment file (see the MAX_JSON_* constants), or :class:`ConfigError`.

    Stricter than :func:`json.loads`: no key twice in one object, no text longer than MAX_JSON_STRING_LENGTH, no
    nesting deeper than MAX_JSON_NESTING, no document longer than MAX_EXPERIMENT_BYTES characters. A number literal
    longer than MAX_JSON_NUMBER_LENGTH is not converted (no setting accepts it, and the field's check says so).
    NaN and Infinity literals are read as floats (every numeric setting's range check refuses them, by name).
    """
    if not isinstance(text, str):
        raise ConfigError(f"an experiment must be JSON text, got {type(text).__name__}")
    if len(text) > MAX_EXPERIMENT_BYTES:
        raise ConfigError(f"the text is too long ({len(text):,} characters; at most {MAX_EXPERIMENT_BYTES:,})")
    try:
        raw = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int, parse_float=_json_float)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ConfigError(f"the JSON is nested too deeply (at most {MAX_JSON_NESTING} levels)") from None
    if isinstance(raw, str):
        _check_json_string(raw)
    if _nesting_depth(raw) > MAX_JSON_NESTING:
        raise ConfigError(f"the JSON is nested too deeply (at most {MAX_JSON_NESTING} levels)")
    return raw


def _refuse_unknown_keys(values: Mapping[Any, Any], names: set[str], where: str) -> None:
    unknown = [key for key in values if key not in names]
    if unknown:
        shown = ", ".join(_brief(key) for key in unknown[:5]) + (f" and {len(unknown) - 5} more"
                                                                 if len(unknown) > 5 else "")
        raise ConfigError(f"unknown key(s){where} {shown}; allowed: {', '.join(sorted(names))}")


def _check_json_string(text: str) -> None:
    if len(text) > MAX_JSON_STRING_LENGTH:
        raise ConfigError(f"a text of {len(text):,} characters ({_brief(text)}); at most "
                          f"{MAX_JSON_STRING_LENGTH} are allowed in an experiment")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        _check_json_string(key)
        if isinstance(value, str):
            _check_json_string(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    _check_json_string(item)
        if key in result:
            raise ConfigError(f"the key {_brief(key)} appears twice in one object")
        result[key] = value
    return result


class _LongNumber:
    """Stands for a number literal too long to convert (Python refuses ints of more than 4300 digits): no setting
    accepts it, so the field's own check reports it, by name, as ``<a number of 5,000 characters>``."""

    def __init__(self, literal: str) -> None:
        self.length = len(literal)

    def __repr__(self) -> str:
        return f"<a number of {self.length:,} characters>"


def _json_int(literal: str) -> int | _LongNumber:
    return _LongNumber(literal) if len(literal) > MAX_JSON_NUMBER_LENGTH else int(literal)


def _json_float(literal: str) -> float | _LongNumber:
    return _LongNumber(literal) if len(literal) > MAX_JSON_NUMBER_LENGTH else float(literal)


def _nesting_depth(value: Any) -> int:
    """How many arrays/objects are inside each other (without recursion: the input may be hostile)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _path_text(path: str | Path) -> str:
    """A path as one line: as it is, unless it holds control characters or cannot be encoded."""
    text = str(path)
    if len(text) > 4096 or any(unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") for char in text):
        return _brief(text)
    return text


_PARTS: dict[str, type] = {"network": NetworkConfig, "train": TrainConfig, "data": DataConfig,
                           "recurrent": RecurrentConfig}


# What a residual block meant before residual_scale existed (schema_version 1 files that do not name it).
LEGACY_RESIDUAL_SCALE = "none"


def _upgrade_network(values: Mapping[str, Any], version: Any) -> Mapping[str, Any]:
    """A network part written before residual_scale existed keeps its meaning: h = h + a (scale ``none``)."""
    if version == 1 and "residual_scale" not in values:
        return {**values, "residual_scale": LEGACY_RESIDUAL_SCALE}
    return values


def _derive_normalization_alias(changes: dict[str, Any], current: NetworkConfig) -> None:
    """In place: when only one of ``batchnorm`` / ``normalization`` changes, let the other follow it."""
    if "batchnorm" in changes and "normalization" not in changes:
        on = changes["batchnorm"]
        if on is True:
            changes["normalization"] = "batch"
        elif on is False:
            changes["normalization"] = "none" if current.normalization == "batch" else current.normalization
    elif "normalization" in changes and "batchnorm" not in changes:
        changes["batchnorm"] = None  # derived from normalization in NetworkConfig.__post_init__


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


def float_field_paths() -> frozenset[str]:
    """The dotted settings that hold a float, e.g. ``train.learning_rate``: a whole number given for one of them
    (``bpviz run --set train.learning_rate=1``) means that float."""
    return frozenset(f"{part}.{f.name}" for part, cls in _PARTS.items() for f in dataclasses.fields(cls)
                     if f.type in ("float", float))


# Settings that change in place while training (DESIGN.md §5); everything else rebuilds the network.
LIVE_FIELDS = frozenset({
    "network.activation", "network.residual", "network.residual_scale", "network.batchnorm",
    "network.normalization", "network.leaky_slope",
    "train.clip_mode", "train.clip_threshold", "train.learning_rate", "train.optimizer", "train.l2",
    "train.batch_size", "recurrent.spectral_radius",
})
REBUILD_FIELDS = frozenset(set(all_field_paths()) - LIVE_FIELDS)
