"""Per-layer statistics of one training step (DESIGN.md §3): the Snapshot every plot draws, and the History.

Cheap statistics (every step) go into the :class:`History`; costly ones (histograms, the decision-boundary grid,
the layer Jacobians) are computed only when a frame is drawn, by :func:`frame_data` and friends.
"""

from __future__ import annotations

import csv
import math
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from bpviz.engine.optim import TINY_SQUARE, norm

SIGMOID_SATURATION = (0.02, 0.98)
TANH_SATURATION = 0.97
# Gradient health thresholds for ||dL/dW|| (shown on the gradient-flow plot).
VANISHING_BELOW = 1e-5
EXPLODING_ABOVE = 1e2
GRAD_LOG_EDGES = np.arange(-45.0, 10.5, 0.5)  # log10 |dL/dh| histogram bins, 1e-45 .. 1e10
HISTOGRAM_BINS = 40

LAYER_METRICS = ("grad_norm", "signal_grad_norm", "update_ratio", "activation_mean", "activation_std",
                 "saturation", "dead")
SCALAR_METRICS = ("loss", "train_accuracy", "test_accuracy", "grad_norm_before_clip", "grad_norm_after_clip")


@dataclass(frozen=True)
class Event:
    """A live change: drawn as a labelled vertical line on every time-axis plot."""

    step: int
    label: str            # short, for the marker, e.g. "residual on"
    setting: str = ""     # dotted config field, e.g. "network.residual"
    kind: str = "change"  # "change", "diverged" or "reset"


@dataclass(frozen=True)
class Divergence:
    """Where a run stopped being finite: a NaN or Inf, or a value so large that its square overflows
    (beyond ~1e154 in float64), which no statistic or update can work with either."""

    step: int
    layer: str      # "hidden 3", "output" or "loss"
    quantity: str   # what was not finite, e.g. "loss", "weight gradient", "activation"

    @property
    def message(self) -> str:
        return (f"Training diverged at step {self.step}: the {self.quantity} in {self.layer} overflowed (NaN/Inf). "
                "Lower the learning rate, turn on gradient clipping, or press Reset.")


@dataclass(frozen=True)
class StepStats:
    """The cheap per-step numbers (one History row)."""

    step: int
    loss: float
    train_accuracy: float
    test_accuracy: float
    grad_norm_before_clip: float
    grad_norm_after_clip: float
    grad_norm: np.ndarray          # ||dL/dW_i|| per hidden layer (after clipping, what the optimizer used)
    signal_grad_norm: np.ndarray   # ||dL/dh_i|| per hidden layer
    update_ratio: np.ndarray       # std(update_i) / std(W_i), update = lr-scaled step actually applied
    activation_mean: np.ndarray
    activation_std: np.ndarray
    saturation: np.ndarray         # fraction of units saturated (sigmoid/tanh; 0 otherwise)
    dead: np.ndarray               # fraction of units that are 0 for the whole batch (ReLU); 0 otherwise
    output_grad_norm: float = 0.0


@dataclass(frozen=True)
class DecisionGrid:
    xs: np.ndarray           # (n,) grid x coordinates
    ys: np.ndarray           # (n,)
    probability: np.ndarray  # (n, n) P(class 1), indexed [iy, ix]


@dataclass(frozen=True)
class Jacobians:
    """Per layer l: mean singular value of dh_l/dh_{l-1}, and the product from the output back to layer l."""

    mean_singular_value: np.ndarray
    running_product: np.ndarray


@dataclass(frozen=True)
class Snapshot:
    """Everything the plots draw for one moment of training. Immutable; safe to hand to another thread."""

    stats: StepStats
    depth: int
    width: int
    activation: str
    residual: bool
    batchnorm: bool
    clip_mode: str
    clip_threshold: float
    learning_rate: float
    events: tuple[Event, ...] = ()
    divergence: Divergence | None = None
    prelu_alpha: np.ndarray | None = None
    activation_histograms: np.ndarray | None = None   # (depth, bins) fractions
    activation_edges: np.ndarray | None = None        # (bins + 1,)
    signal_grad_histograms: np.ndarray | None = None  # (depth, len(GRAD_LOG_EDGES) - 1) fractions of log10|dL/dh|
    signal_grad_edges: np.ndarray | None = None
    decision_grid: DecisionGrid | None = None
    jacobians: Jacobians | None = None
    train_points: tuple[np.ndarray, np.ndarray] | None = None  # (X, y)
    test_points: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def step(self) -> int:
        return self.stats.step

    def with_frame(self, **parts: Any) -> "Snapshot":
        return replace(self, **parts)


# ---------------------------------------------------------------- per-step statistics
# These run every training step, so each reads an array once or twice, through BLAS where it can (a sum and a dot
# product give mean and standard deviation), and allocates nothing the size of a layer. Everything is float64.

def _as_float64(array: np.ndarray) -> np.ndarray:
    """The array itself if it is float64, else a float64 copy (same shape)."""
    return array if array.dtype == np.float64 else array.astype(np.float64)


_ONES: dict[int, np.ndarray] = {}


def _column_sums(matrix: np.ndarray) -> np.ndarray:
    """Sum over the rows of a float64 matrix, through BLAS (ones @ matrix): faster than add.reduce."""
    rows = matrix.shape[0]
    ones = _ONES.get(rows)
    if ones is None:
        ones = _ONES[rows] = np.ones(rows)
    return ones @ matrix


def _total(array: np.ndarray) -> float:
    """Sum of all entries, in float64."""
    if array.ndim == 2 and array.dtype == np.float64 and array.size:
        return float(np.add.reduce(_column_sums(array)))
    return float(np.add.reduce(array.reshape(-1), dtype=np.float64))


def layer_norms(arrays: list[np.ndarray]) -> np.ndarray:
    """Frobenius norm of each array, as float64 (so 1e-40 stays 1e-40, see :func:`bpviz.engine.optim.norm`)."""
    return np.array([norm(array) for array in arrays], dtype=np.float64)


def _std(flat: np.ndarray, total: float, total_sq: float) -> float:
    """Population standard deviation from sum and sum of squares; two-pass where those would cancel, and
    rescaled where the squares would underflow (activations of 1e-170 have a std of ~1e-170, not 0)."""
    n = flat.size
    mean_sq = total_sq / n
    mean = total / n
    variance = mean_sq - mean * mean  # float * float overflows to inf; ** would raise
    if variance > 1e-6 * mean_sq and mean_sq >= TINY_SQUARE:  # at most ~1e-10 relative error
        return math.sqrt(variance)
    if not math.isfinite(variance):
        return variance
    scale = max(float(np.max(flat)), -float(np.min(flat))) if n else 0.0
    if scale == 0.0:
        return 0.0
    return scale * float(np.std(flat / scale))


def array_std(array: np.ndarray) -> float:
    """std of all entries (float64), the way :func:`update_ratios` and the activation statistics compute it."""
    array = _as_float64(array)
    flat = array.reshape(-1)
    return _std(flat, _total(array), float(np.dot(flat, flat)))


def update_ratios(updates: list[np.ndarray], weights: list[np.ndarray]) -> np.ndarray:
    """std(update) / std(W) per layer (Karpathy's update:data ratio; ~1e-3 is healthy). NaN if not finite."""
    out = np.empty(len(weights), dtype=np.float64)
    for i, (update, weight) in enumerate(zip(updates, weights)):
        weight_std = array_std(weight)
        update_std = array_std(update)
        if weight_std > 0:
            out[i] = update_std / weight_std
        else:
            out[i] = 0.0 if math.isfinite(update_std) and weight_std == 0 else math.nan
    return out


def activation_statistics(activation: str, activations: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Mean, std, saturation fraction and dead fraction of each layer's activations a_i."""
    depth = len(activations)
    mean = np.empty(depth)
    std = np.empty(depth)
    saturation = np.zeros(depth)
    dead = np.zeros(depth)
    mask = np.empty(activations[0].shape, dtype=bool) if depth else None
    if activation == "sigmoid":
        low, high = SIGMOID_SATURATION
    else:
        low, high = -TANH_SATURATION, TANH_SATURATION
    for i, a in enumerate(activations):
        a64 = _as_float64(a)
        flat = a64.reshape(-1)
        if activation == "relu":  # a >= 0, so a unit's column sums to 0 exactly when it is 0 for the whole batch
            column_sums = _column_sums(a64)
            dead[i] = float(np.count_nonzero(column_sums == 0.0)) / a.shape[1]
            total = float(np.add.reduce(column_sums))
        else:
            total = _total(a64)
        mean[i] = total / flat.size
        std[i] = _std(flat, total, float(np.dot(flat, flat)))
        if activation in ("sigmoid", "tanh"):
            if mask.shape != a.shape:
                mask = np.empty(a.shape, dtype=bool)
            saturated = np.count_nonzero(np.less(a, low, out=mask))
            saturated += np.count_nonzero(np.greater(a, high, out=mask))
            saturation[i] = float(saturated) / a.size
    return mean, std, saturation, dead


# ---------------------------------------------------------------- per-frame data

def activation_edges(activation: str) -> np.ndarray:
    """Fixed histogram bins per activation, so the picture does not rescale from frame to frame."""
    if activation == "sigmoid":
        return np.linspace(0.0, 1.0, HISTOGRAM_BINS + 1)
    if activation == "tanh":
        return np.linspace(-1.0, 1.0, HISTOGRAM_BINS + 1)
    return np.linspace(-2.0, 4.0, HISTOGRAM_BINS + 1)


def activation_histograms(activation: str, activations: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per layer, the fraction of activations in each bin (values outside the range fall in the end bins)."""
    edges = activation_edges(activation)
    out = np.empty((len(activations), len(edges) - 1))
    for i, a in enumerate(activations):
        clipped = np.clip(a.reshape(-1), edges[0], edges[-1])
        counts, _ = np.histogram(clipped, bins=edges)
        out[i] = counts / max(clipped.size, 1)
    return out, edges


def signal_grad_histograms(signal_grads: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per layer, the fraction of entries of dL/dh_i in each log10 |.| bin (exact zeros are left out)."""
    edges = GRAD_LOG_EDGES
    out = np.zeros((len(signal_grads), len(edges) - 1))
    for i, grad in enumerate(signal_grads):
        magnitude = np.abs(grad.reshape(-1)).astype(np.float64)
        magnitude = magnitude[magnitude > 0]
        if magnitude.size:
            logs = np.clip(np.log10(magnitude), edges[0], edges[-1])
            counts, _ = np.histogram(logs, bins=edges)
            out[i] = counts / grad.size
    return out, edges


def decision_grid(predict_proba, extent: tuple[float, float, float, float], resolution: int = 48) -> DecisionGrid:
    """P(class 1) of the model over a resolution x resolution grid spanning ``extent``."""
    xmin, xmax, ymin, ymax = extent
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    probability = predict_proba(points)[:, -1].reshape(resolution, resolution)
    return DecisionGrid(xs, ys, np.asarray(probability, dtype=np.float64))


def layer_jacobians(weights: list[np.ndarray], act_derivatives: list[np.ndarray], bn_scales: list[np.ndarray | None],
                    residual: bool, samples: int = 4) -> Jacobians:
    """Mean singular value of each block's Jacobian dh_l/dh_{l-1}, averaged over a few batch rows.

    Per sample, J_l = diag(act'(z_l)) diag(s_l) W_l^T (+ I when the block has a skip), with s_l BN's per-unit
    scale gamma / sqrt(var + eps) (BN's coupling across the batch is left out). The running product multiplies
    the means from the output back to layer l: how much a signal shrinks or grows on its way back.
    """
    depth = len(weights)
    mean_sv = np.empty(depth)
    for l, (weight, derivative, scale) in enumerate(zip(weights, act_derivatives, bn_scales)):
        rows = derivative[:samples].astype(np.float64)  # (k, width)
        if scale is not None:
            rows = rows * scale.astype(np.float64)
        jac = rows[:, :, None] * weight.T.astype(np.float64)[None, :, :]  # (k, width, fan_in)
        if residual and l >= 1:
            jac = jac + np.eye(jac.shape[1])[None]
        if not np.isfinite(jac).all():  # a diverged run: there is no Jacobian to speak of
            mean_sv[l] = math.nan
            continue
        try:
            singular = np.linalg.svd(jac, compute_uv=False)
        except np.linalg.LinAlgError:
            mean_sv[l] = math.nan
            continue
        mean_sv[l] = float(singular.mean()) if singular.size else 0.0
    running = np.cumprod(mean_sv[::-1])[::-1].copy()
    return Jacobians(mean_sv, running)


# ---------------------------------------------------------------- history

class History:
    """Every step's StepStats up to ``capacity`` rows, then every k-th (k doubling), so memory stays bounded
    for a run of any length while the whole run stays visible.

    Rows already written are never changed in place: decimation builds new arrays, and a :meth:`view` hands out
    read-only slices of the rows written so far. A view taken in one thread therefore stays valid (unchanged)
    while another thread keeps appending; a lock makes taking a view and decimating mutually exclusive.
    """

    def __init__(self, depth: int, capacity: int = 2048) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number >= 4")
        self.depth = depth
        self.capacity = capacity
        self.stride = 1
        self.rows = 0
        self._first_step: int | None = None
        self.events: list[Event] = []
        self._lock = threading.Lock()
        self._steps = np.zeros(capacity, dtype=np.int64)
        self._scalars = {name: np.zeros(capacity) for name in SCALAR_METRICS}
        self._layers = {name: np.zeros((capacity, depth)) for name in LAYER_METRICS}

    def append(self, stats: StepStats) -> bool:
        """Record a step if it falls on the current stride; returns whether it was kept."""
        first = self._first_step
        if first is None:
            first = self._first_step = stats.step
        if (stats.step - first) % self.stride:
            return False  # the common case in a long run: one test, nothing written
        with self._lock:
            if self.rows == self.capacity:
                self._decimate()
                if (stats.step - first) % self.stride:
                    return False
            row = self.rows
            self._steps[row] = stats.step
            for name, column in self._scalars.items():
                column[row] = getattr(stats, name)
            for name, table in self._layers.items():
                table[row] = getattr(stats, name)
            self.rows = row + 1
        return True

    def _decimate(self) -> None:
        """Keep every other row (in new arrays, see the class docstring) and double the stride."""
        keep = slice(0, self.capacity, 2)
        kept = self.capacity // 2

        def halve(array: np.ndarray) -> np.ndarray:
            fresh = np.zeros_like(array)
            fresh[:kept] = array[keep]
            return fresh

        self._steps = halve(self._steps)
        self._scalars = {name: halve(array) for name, array in self._scalars.items()}
        self._layers = {name: halve(array) for name, array in self._layers.items()}
        self.rows = kept
        self.stride *= 2

    def add_event(self, event: Event) -> None:
        self.events.append(event)

    def view(self) -> "HistoryView":
        """A read-only, consistent picture of the history as it is now (cheap: no copies)."""
        with self._lock:
            n = self.rows
            return HistoryView(
                steps=_read_only(self._steps[:n]),
                scalars={name: _read_only(array[:n]) for name, array in self._scalars.items()},
                layers={name: _read_only(array[:n]) for name, array in self._layers.items()},
                events=tuple(self.events),
                stride=self.stride,
            )

    @property
    def nbytes(self) -> int:
        return (self._steps.nbytes + sum(a.nbytes for a in self._scalars.values())
                + sum(a.nbytes for a in self._layers.values()))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False  # a view of the history's array: the history itself can still write
    return array


@dataclass(frozen=True)
class HistoryView:
    steps: np.ndarray
    scalars: dict[str, np.ndarray]
    layers: dict[str, np.ndarray]       # name -> (rows, depth)
    events: tuple[Event, ...] = ()
    stride: int = 1

    def __len__(self) -> int:
        return len(self.steps)

    def scalar(self, name: str) -> np.ndarray:
        return self.scalars[name]

    def layer(self, name: str) -> np.ndarray:
        return self.layers[name]

    def to_csv(self, path: str | Path) -> None:
        """One row per recorded step; one column per scalar and per (multi-column metric, column): ``_layer{i}``
        per layer, and for the recurrent model's metrics ``time_*_t{t}`` per time step and ``matrix_*_{name}`` per
        weight matrix (see :func:`column_names`)."""
        header = ["step", *self.scalars]
        for name, table in self.layers.items():
            header += column_names(name, table.shape[1])
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in range(len(self.steps)):
                values: list[Any] = [int(self.steps[row])]
                values += [repr(float(column[row])) for column in self.scalars.values()]
                for table in self.layers.values():
                    values += [repr(float(v)) for v in table[row]]
                writer.writerow(values)


# The recurrent model's weight matrices, in the order of its per-matrix metrics (bpviz.engine.recurrent.WEIGHT_NAMES).
MATRIX_COLUMNS = ("weight_ih", "weight_hh", "head")


def column_names(metric: str, width: int) -> list[str]:
    """CSV column names of a multi-column history metric: ``time_*`` per time step (1-based, input side first),
    ``matrix_*`` per weight matrix of the recurrent model, anything else per layer (0-based, as always)."""
    if metric.startswith("time_"):
        return [f"{metric}_t{t + 1}" for t in range(width)]
    if metric.startswith("matrix_") and width == len(MATRIX_COLUMNS):
        return [f"{metric}_{matrix}" for matrix in MATRIX_COLUMNS]
    return [f"{metric}_layer{i}" for i in range(width)]


EMPTY_HISTORY = HistoryView(steps=np.zeros(0, dtype=np.int64), scalars={n: np.zeros(0) for n in SCALAR_METRICS},
                            layers={})


def empty_layers(depth: int) -> dict[str, np.ndarray]:
    return {name: np.zeros((0, depth)) for name in LAYER_METRICS}
