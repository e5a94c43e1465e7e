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
from typing import TYPE_CHECKING, Any

import numpy as np

from bpviz.engine.optim import TINY_SQUARE, norm
from bpviz.fileio import atomic_open

if TYPE_CHECKING:
    from bpviz.engine.diagnosis import Finding

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
# The Snapshot fields Trainer.snapshot(grid=True) fills: decision_grid for 2-D data, the other two otherwise.
GRID_PARTS = ("decision_grid", "example_grid", "confusion")


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
    """P(class 1) over a grid of the input plane.

    ``exact`` is True when every cell was computed in this frame from the current network. A network too large
    to evaluate the whole grid within a frame's budget (see :class:`GridRefiner`) gets it in pieces, coarse to
    fine: then ``exact`` is False, cells not computed yet show their nearest computed coarser point, and
    ``progress`` is the fraction of cells computed at least once (1.0 once the picture is complete; after that
    the pieces keep being refreshed, so a cell is at most one full pass old).
    """

    xs: np.ndarray           # (n,) grid x coordinates
    ys: np.ndarray           # (n,)
    probability: np.ndarray  # (n, n) P(class 1), indexed [iy, ix]
    exact: bool = True
    progress: float = 1.0


@dataclass(frozen=True)
class ExampleGrid:
    """What the decision-boundary plot shows for data that are not 2-D: a fixed set of test examples (chosen by
    :func:`bpviz.engine.datasets.showcase_indices`, laid out ``shape`` = rows x columns, row by row) with the
    true label, the network's prediction and its probability. ``images`` holds their raw pixels for image data
    (digits: (n, 8, 8) uint8, 0..``image_max``) and is None for a table of numbers."""

    indices: np.ndarray          # (n,) int64 indices into the test set
    true_labels: np.ndarray      # (n,) int64
    predicted: np.ndarray        # (n,) int64
    confidence: np.ndarray       # (n,) float64: the predicted class's probability
    shape: tuple[int, int]       # (rows, columns), rows * columns >= n
    images: np.ndarray | None = None
    image_max: int = 0
    class_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfusionMatrix:
    """Test-set counts: ``counts[t, p]`` examples of true class t predicted as p."""

    counts: np.ndarray           # (n_classes, n_classes) int64
    class_names: tuple[str, ...] = ()

    @property
    def accuracy(self) -> float:
        total = int(self.counts.sum())
        return float(np.trace(self.counts)) / total if total else math.nan

    def recall(self) -> np.ndarray:
        """Per true class, the fraction predicted right (NaN for a class with no test example)."""
        per_class = self.counts.sum(axis=1).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.diag(self.counts) / per_class


@dataclass(frozen=True)
class Jacobians:
    """The layer Jacobians J_l = dh_l/dh_(l-1) at a few rows of the last batch, one number per hidden block.

    Per example, J_l = s_l diag(act'(z_l)) diag(n_l) W_l^T (+ I when block l has a skip), with s_l the residual
    branch scale (1, 1/sqrt(depth) or the ReZero alpha) and n_l the norm layer's per-unit scale (batch norm:
    gamma / sqrt(batch var + eps); layer norm: gamma / sqrt(the example's var + eps)). Left out: batch norm's
    coupling across the batch and layer norm's centring within the example (a rank-2 correction).

    ``mean_singular_value`` is the factor per layer that the Jacobian plot draws, and ``running_product`` their
    product from the output back to layer l: how much a signal shrinks or grows on its way back.

    ``method`` says how they were computed:

    - ``"svd"`` (small networks): every singular value of each sampled row's J_l; ``mean_singular_value`` is their
      mean over the ``samples`` rows; ``min_singular_value`` / ``max_singular_value`` (averaged over the rows)
      show the spread, which is what sets orthogonal init apart from a Gaussian one.
    - ``"frobenius"`` (networks whose SVDs would not fit a frame's budget): no singular value is computed one
      by one. ``mean_singular_value`` then holds the root-mean-square singular value sqrt(||J||_F^2 / r) instead
      (r = min(fan_in, fan_out)): equal to the mean when all singular values are alike, larger otherwise; min and
      max are None. The squared Frobenius norm of the branch comes from ``rows_sampled`` rows of W (of fan_in),
      scaled up: an unbiased estimate, within a few per cent at 1024 units because every row sums 1024 terms.

    ``rms_singular_value`` is always there: sqrt(mean of the squared singular values), the factor by which J_l
    multiplies the length of a random direction on average (mean-field theory's sqrt(chi_1)); its running
    product tracks how the gradient's norm actually changes, where the product of mean singular values
    understates it for layers whose singular values spread (ReLU: half the units give 0).

    ``estimated`` is True when any value is not the exact statistic its name says (the RMS standing in for the
    mean, or a Frobenius norm from sampled rows).
    """

    mean_singular_value: np.ndarray
    running_product: np.ndarray
    rms_singular_value: np.ndarray | None = None
    min_singular_value: np.ndarray | None = None
    max_singular_value: np.ndarray | None = None
    method: str = "svd"
    estimated: bool = False
    samples: int = 0
    rows_sampled: int | None = None  # rows of W read per layer by the Frobenius estimate (None: all of them)


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
    residual_scale: str = "none"                      # "none", "sqrt_depth" or "rezero" (used when residual)
    normalization: str = "none"                       # "none", "batch" or "layer"; batchnorm == (this == "batch")
    rezero_alpha: np.ndarray | None = None            # (depth,) ReZero alphas; entry 0 is NaN (block 0 has no skip)
    # (depth,) s_i of h = h + s_i * a that the gradients in ``stats`` were computed with (NaN: the block has no skip),
    # None without skips. ReZero's alpha moves in the step: a branch that was off (s_i = 0, so its weight gradient
    # is exactly 0) reads 0 here while ``rezero_alpha`` already holds the updated value.
    branch_scales: np.ndarray | None = None
    batch_size: int = 0                               # examples per training step
    activation_histograms: np.ndarray | None = None   # (depth, bins) fractions
    activation_edges: np.ndarray | None = None        # (bins + 1,)
    signal_grad_histograms: np.ndarray | None = None  # (depth, len(GRAD_LOG_EDGES) - 1) fractions of log10|dL/dh|
    signal_grad_edges: np.ndarray | None = None
    decision_grid: DecisionGrid | None = None
    jacobians: Jacobians | None = None
    train_points: tuple[np.ndarray, np.ndarray] | None = None  # (X, y), 2-D data only
    test_points: tuple[np.ndarray, np.ndarray] | None = None
    # The data's shape, for any data; for data that are not 2-D the "grid" part is example_grid + confusion
    # (see GRID_PARTS) instead of decision_grid, and train_points/test_points are None (they would be sent to the
    # window with every frame).
    n_inputs: int = 2
    n_classes: int = 2
    class_names: tuple[str, ...] = ()
    example_grid: ExampleGrid | None = None
    confusion: ConfusionMatrix | None = None
    findings: tuple[Finding, ...] = ()  # what went wrong and why (bpviz.engine.diagnosis), most important first

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
    """P(class 1) of the model over a resolution x resolution grid spanning ``extent`` (all of it, now)."""
    xs, ys, points = _grid_points(extent, resolution)
    probability = predict_proba(points)[:, -1].reshape(resolution, resolution)
    return DecisionGrid(xs, ys, np.asarray(probability, dtype=np.float64))


def predictions(predict_proba, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(predicted class, its probability) for each row of X; a row whose probabilities are not finite (a diverged
    network) is predicted as -1 with probability NaN."""
    probability = np.asarray(predict_proba(X), dtype=np.float64)
    finite = np.isfinite(probability).all(axis=1)
    predicted = np.where(finite, np.argmax(np.where(np.isfinite(probability), probability, -np.inf), axis=1), -1)
    confidence = np.where(finite, probability[np.arange(len(X)), np.maximum(predicted, 0)], math.nan)
    return predicted.astype(np.int64), confidence


def confusion_matrix(true_labels: np.ndarray, predicted: np.ndarray, n_classes: int,
                     class_names: tuple[str, ...] = ()) -> ConfusionMatrix:
    """Counts of (true, predicted) pairs; predictions of -1 (not finite) are left out."""
    valid = (predicted >= 0) & (predicted < n_classes)
    pairs = np.asarray(true_labels)[valid] * n_classes + np.asarray(predicted)[valid]
    counts = np.bincount(pairs, minlength=n_classes * n_classes).reshape(n_classes, n_classes).astype(np.int64)
    return ConfusionMatrix(counts, tuple(class_names))


def example_grid(predicted: np.ndarray, confidence: np.ndarray, true_labels: np.ndarray, indices: np.ndarray,
                 shape: tuple[int, int], images: np.ndarray | None = None, image_max: int = 0,
                 class_names: tuple[str, ...] = ()) -> ExampleGrid:
    """The showcase examples ``indices`` (into the test set) with their labels and predictions."""
    indices = np.asarray(indices, dtype=np.int64)
    return ExampleGrid(indices=indices, true_labels=np.asarray(true_labels)[indices].astype(np.int64),
                       predicted=predicted[indices], confidence=confidence[indices], shape=shape,
                       images=None if images is None else images[indices], image_max=image_max,
                       class_names=tuple(class_names))


def _grid_points(extent: tuple[float, float, float, float], resolution: int):
    xmin, xmax, ymin, ymax = extent
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([grid_x.ravel(), grid_y.ravel()])


def coarse_to_fine_order(resolution: int) -> np.ndarray:
    """Every flat index of a resolution x resolution grid, coarsest lattice first: the points with
    (iy, ix) divisible by 2^k for the largest k, then by 2^(k-1), ... down to every point."""
    stride = 1
    while stride < resolution:
        stride *= 2
    index = np.arange(resolution * resolution).reshape(resolution, resolution)
    taken = np.zeros((resolution, resolution), dtype=bool)
    order = []
    while stride >= 1:
        level = np.zeros_like(taken)
        level[::stride, ::stride] = True
        level &= ~taken
        order.append(index[level])
        taken |= level
        stride //= 2
    return np.concatenate(order)


class GridRefiner:
    """A decision grid computed in pieces of at most ``points_per_call`` points, coarse to fine.

    For a network so large that one forward pass of the whole grid would stall a frame (200 layers x 1024 units:
    each grid point costs 2e8 multiply-adds): each :meth:`update` evaluates the next points of
    :func:`coarse_to_fine_order` with the network as it is now, and returns the whole grid, filling every cell
    not computed yet from its nearest computed coarser point. After the first full pass the pieces keep coming
    in the same order, so the picture follows training, each cell at most one pass old.
    """

    def __init__(self, extent: tuple[float, float, float, float], resolution: int, points_per_call: int) -> None:
        self.extent = extent
        self.resolution = resolution
        self.points_per_call = max(1, int(points_per_call))
        self.xs, self.ys, self._points = _grid_points(extent, resolution)
        self._order = coarse_to_fine_order(resolution)
        self._probability = np.zeros(resolution * resolution)
        self._computed = np.zeros(resolution * resolution, dtype=bool)
        self._position = 0

    def update(self, predict_proba) -> DecisionGrid:
        size = self._order.size
        count = min(self.points_per_call, size)
        take = self._order[(self._position + np.arange(count)) % size]
        self._position = (self._position + count) % size
        values = np.asarray(predict_proba(self._points[take])[:, -1], dtype=np.float64)
        self._probability[take] = values
        self._computed[take] = True
        progress = float(np.count_nonzero(self._computed)) / size
        return DecisionGrid(self.xs, self.ys, self._filled(), exact=count == size, progress=progress)

    def _filled(self) -> np.ndarray:
        """The grid with every cell not computed yet taken from its nearest computed coarser lattice point."""
        n = self.resolution
        probability = self._probability.reshape(n, n)
        computed = self._computed.reshape(n, n)
        if computed.all():
            return probability.copy()
        out = np.full((n, n), np.nan)
        iy, ix = np.indices((n, n))
        stride = 1
        while stride < n:
            stride *= 2
        while stride >= 1:  # coarse to fine: a finer computed point overrides a coarser one
            ry, rx = iy - iy % stride, ix - ix % stride
            have = computed[ry, rx]
            out[have] = probability[ry[have], rx[have]]
            stride //= 2
        return out


# Frame budgets, in multiply-adds, for the costly per-frame parts (a quiet 2-core machine does ~1e10 per second).
GRID_BUDGET = 5e8          # one decision grid; beyond it the grid is refined over several frames (GridRefiner)
SVD_BUDGET = 2e7           # the layer Jacobians' SVDs: samples * sum over layers of m * n * min(m, n)
FROBENIUS_BUDGET = 2 ** 21  # entries of the hidden weights that one Frobenius estimate reads (16 MB in float64)
SVD_SAMPLES = 4             # batch rows whose Jacobians are decomposed
FROBENIUS_SAMPLES = 16      # batch rows whose Jacobians' Frobenius norms are averaged
MIN_ROWS_SAMPLED = 8


def grid_points_per_call(shapes: list[tuple[int, int]]) -> int:
    """How many grid points fit :data:`GRID_BUDGET` for a network of these (fan_in, fan_out) weight shapes."""
    per_point = sum(m * n for m, n in shapes)
    return max(1, int(GRID_BUDGET // max(per_point, 1)))


def jacobian_method(shapes: list[tuple[int, int]]) -> str:
    """``"svd"`` if the exact SVDs of the hidden blocks' Jacobians fit :data:`SVD_BUDGET`, else ``"frobenius"``."""
    cost = SVD_SAMPLES * sum(m * n * min(m, n) for m, n in shapes)
    return "svd" if cost <= SVD_BUDGET else "frobenius"


def layer_jacobians(weights: list[np.ndarray], act_derivatives: list[np.ndarray],
                    norm_scales: list[np.ndarray | None], branch_scales: list[float | None],
                    method: str = "svd", rng: np.random.Generator | None = None) -> Jacobians:
    """The Jacobians of the hidden blocks (see :class:`Jacobians`), from the rows of the batch given.

    ``act_derivatives[l]`` is act'(z_l) at those rows, shape (k, fan_out); ``norm_scales[l]`` the norm layer's
    scale, (fan_out,) or (k, fan_out), or None; ``branch_scales[l]`` the block's residual scale s_l, or None
    when it has no skip. ``method`` is ``"svd"`` or ``"frobenius"`` (:func:`jacobian_method` picks it by cost);
    ``rng`` picks the rows of W a Frobenius estimate reads when it cannot read them all.
    """
    if method not in ("svd", "frobenius"):
        raise ValueError(f"unknown Jacobian method {method!r}; choose svd or frobenius")
    depth = len(weights)
    rng = rng if rng is not None else np.random.default_rng(0)
    rms = np.empty(depth)
    mean_sv = np.empty(depth)
    low = np.empty(depth) if method == "svd" else None
    high = np.empty(depth) if method == "svd" else None
    total_entries = sum(w.size for w in weights)
    rows_sampled: int | None = None
    samples = 0
    for l, weight in enumerate(weights):
        fan_in, fan_out = weight.shape
        scale = act_derivatives[l].astype(np.float64)  # (k, fan_out): per row, the diagonal of J's branch
        samples = scale.shape[0]
        norm_scale = norm_scales[l]
        if norm_scale is not None:  # BN: (fan_out,) for every row; LN: (batch, fan_out), one row per example
            norm_scale = np.asarray(norm_scale, dtype=np.float64)
            scale = scale * (norm_scale[:samples] if norm_scale.ndim == 2 else norm_scale)
        skip = branch_scales[l]
        if skip is not None:
            scale *= skip
        rank = min(fan_in, fan_out)
        # ||J||_F^2 per row: sum_j c_j^2 ||W[:, j]||^2 (+ 2 tr(diag(c) W^T) + n with a skip)
        if method == "frobenius" and total_entries > FROBENIUS_BUDGET:
            rows = min(fan_in, max(MIN_ROWS_SAMPLED, FROBENIUS_BUDGET // max(depth * fan_out, 1)))
            rows_sampled = rows if rows_sampled is None else max(rows_sampled, rows)
            picked = np.sort(rng.choice(fan_in, size=rows, replace=False)) if rows < fan_in else slice(None)
            part = np.asarray(weight[picked], dtype=np.float64)
            column_squares = np.einsum("ij,ij->j", part, part) * (fan_in / part.shape[0])
        else:
            w64 = np.asarray(weight, dtype=np.float64)
            column_squares = np.einsum("ij,ij->j", w64, w64)
        frobenius = (scale * scale) @ column_squares
        if skip is not None:
            diagonal = np.diagonal(weight).astype(np.float64)
            frobenius = frobenius + 2.0 * (scale @ diagonal) + fan_out
        square = float(np.mean(frobenius))
        rms[l] = math.sqrt(max(square, 0.0) / rank) if math.isfinite(square) else math.nan
        if method == "frobenius":
            mean_sv[l] = rms[l]
            continue
        jac = scale[:, :, None] * weight.T.astype(np.float64)[None, :, :]  # (k, fan_out, fan_in)
        if skip is not None:
            jac = jac + np.eye(fan_out)[None]
        try:
            if not np.isfinite(jac).all():  # a diverged run: there is no Jacobian to speak of
                raise np.linalg.LinAlgError
            singular = np.linalg.svd(jac, compute_uv=False)  # (k, rank)
        except np.linalg.LinAlgError:
            rms[l] = mean_sv[l] = low[l] = high[l] = math.nan
            continue
        mean_sv[l] = float(singular.mean()) if singular.size else 0.0
        low[l] = float(singular.min(axis=1).mean()) if singular.size else 0.0
        high[l] = float(singular.max(axis=1).mean()) if singular.size else 0.0
    running = np.cumprod(mean_sv[::-1])[::-1].copy()
    return Jacobians(mean_sv, running, rms_singular_value=rms, min_singular_value=low, max_singular_value=high,
                     method=method, estimated=method == "frobenius", samples=samples, rows_sampled=rows_sampled)


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
        weight matrix (see :func:`column_names`). Written atomically."""
        header = ["step", *self.scalars]
        for name, table in self.layers.items():
            header += column_names(name, table.shape[1])
        with atomic_open(path, "w", newline="", encoding="utf-8") as handle:
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
