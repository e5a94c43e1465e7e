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
INITS = ("small", "standard", "xavier", "he", "large", "orthogonal")
OPTIMIZERS = ("sgd", "momentum", "adam")
CLIP_MODES = ("off", "norm", "value")
DATASETS = ("circle", "xor", "gauss", "spiral", "moons")
DTYPES = ("float64", "float32")
RESIDUAL_SCALES = ("none", "sqrt_depth", "rezero")
NORMALIZATIONS = ("none", "batch", "layer")
DEFAULT_RESIDUAL_SCALE = "rezero"

DEPTH_RANGE = (1, 200)
WIDTH_RANGE = (1, 1024)
LEARNING_RATE_RANGE = (1e-6, 100.0)
INIT_GAIN_RANGE = (1e-3, 100.0)
LEAKY_SLOPE_RANGE = (0.0, 1.0)
BATCH_SIZE_RANGE = (1, 4096)
L2_RANGE = (0.0, 10.0)
CLIP_THRESHOLD_RANGE = (1e-6, 1e6)
SEED_RANGE = (0, 2**32 - 1)
SAMPLES_RANGE = (20, 100_000)
NOISE_RANGE = (0.0, 5.0)
TRAIN_FRACTION_RANGE = (0.1, 0.95)


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

    def __post_init__(self) -> None:
        _check_int("network.depth", self.depth, DEPTH_RANGE)
        _check_int("network.width", self.width, WIDTH_RANGE)
        _check_choice("network.activation", self.activation, ACTIVATIONS)
        _check_choice("network.init", self.init, INITS)
        _check_float("network.init_gain", self.init_gain, INIT_GAIN_RANGE)
        _check_bool("network.residual", self.residual)
        _check_choice("network.residual_scale", self.residual_scale, RESIDUAL_SCALES)
        _check_float("network.leaky_slope", self.leaky_slope, LEAKY_SLOPE_RANGE)
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
class ExperimentConfig:
    """One experiment: a name, the network, how it trains, and on what data."""

    name: str = "Deep sigmoid on spirals"
    network: NetworkConfig = field(default_factory=NetworkConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataConfig = field(default_factory=DataConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(f"name = {self.name!r} must be a non-empty text")
        for part, cls in (("network", NetworkConfig), ("train", TrainConfig), ("data", DataConfig)):
            if not isinstance(getattr(self, part), cls):
                raise ConfigError(f"{part} must be a {cls.__name__}, got {type(getattr(self, part)).__name__}")

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
            "network": dataclasses.asdict(self.network),
            "train": dataclasses.asdict(self.train),
            "data": dataclasses.asdict(self.data),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "ExperimentConfig":
        if not isinstance(raw, Mapping):
            raise ConfigError(f"an experiment must be a JSON object, got {type(raw).__name__}")
        known = {"schema_version", "name", "network", "train", "data"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ConfigError(f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(known))}")
        version = raw.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            raise ConfigError(
                f"schema_version = {version!r} is not supported; this bpviz reads schema_version {SCHEMA_VERSION}"
            )
        kwargs: dict[str, Any] = {}
        if "name" in raw:
            kwargs["name"] = raw["name"]
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
            if part == "network":
                values = _upgrade_network(values, version)
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


_PARTS: dict[str, type] = {"network": NetworkConfig, "train": TrainConfig, "data": DataConfig}


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
    """Every dotted setting name, e.g. ``network.depth``, in declaration order."""
    return [f"{part}.{f.name}" for part, cls in _PARTS.items() for f in dataclasses.fields(cls)]


# Settings that change in place while training (DESIGN.md §5); everything else rebuilds the network.
LIVE_FIELDS = frozenset({
    "network.activation", "network.residual", "network.residual_scale", "network.batchnorm",
    "network.normalization", "network.leaky_slope",
    "train.clip_mode", "train.clip_threshold", "train.learning_rate", "train.optimizer", "train.l2",
    "train.batch_size",
})
REBUILD_FIELDS = frozenset(set(all_field_paths()) - LIVE_FIELDS)
