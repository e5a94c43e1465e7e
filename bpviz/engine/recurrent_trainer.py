"""The recurrent trainer: the :class:`~bpviz.engine.trainer.Trainer` of a recurrent experiment, and its telemetry.

:func:`make_trainer` picks the trainer a config needs (``config.model``); both have the same public surface, so
the window's worker, the CLI and the lessons can drive either: ``reset``, ``apply_config`` (live changes as
Events, :class:`~bpviz.engine.trainer.RebuildRequired` for the rest), ``step``, ``run``, ``initial_stats``,
``test_accuracy``, ``train_accuracy``, ``snapshot``, and the attributes ``config``, ``network``, ``dataset``,
``history``, ``step_count``, ``divergence``, ``last_stats``.

What a recurrent step records (one :class:`RecurrentStepStats`, one :class:`RecurrentHistory` row):

* the same scalars as the MLP (``SCALAR_METRICS``: loss, train and test accuracy, global gradient norm before and
  after clipping), so the loss plot reads them as it does for the MLP;
* per time step t = 1..T (index 0 = t = 1, the input side, first), the ``time_*`` metrics:
  ``time_signal_grad_norm`` ||dL/dh_t|| (the gradient through time: it vanishes towards t = 1 when the network
  forgets), ``time_gate_mean`` the mean of the gate that keeps the old state (LSTM forget gate f, GRU update gate
  z; NaN for the vanilla cells, which have none), ``time_saturation`` the fraction of hidden units with
  |h_t| > 0.97 (every cell but ``rnn_relu``), ``time_dead`` the fraction of ``rnn_relu`` units at 0;
* per weight matrix, in the order ``rnn.weight_ih``, ``rnn.weight_hh``, ``head.weight``
  (:data:`~bpviz.engine.recurrent.WEIGHT_NAMES`), the ``matrix_*`` metrics: ``matrix_grad_norm`` ||dL/dW|| (after
  clipping: what the optimizer used) and ``matrix_update_ratio`` std(update) / std(W).

A :class:`RecurrentSnapshot` is what the plots draw. Its costly parts (computed only when asked, under the same
names as the MLP's Snapshot so the worker carries them unchanged): ``activation_histograms`` (T x bins: h_t values)
and ``signal_grad_histograms`` (T x bins: log10 |dL/dh_t|) with ``histograms=True``, and
:class:`RecurrentJacobians` in ``jacobians`` (spectral radius of W_hh's gate blocks, the per-step factor of the
gradient, measured and predicted) with ``jacobians=True``. There is no decision grid (``grid=True`` gives None):
the inputs are sequences, not points of a plane. :data:`NOT_APPLICABLE` names the feed-forward plots that have
nothing to show for a recurrent model, and why.

Divergence is handled as for the MLP: the first non-finite value stops the run as a
:class:`~bpviz.engine.telemetry.Divergence`; its ``layer`` is ``"time {t}"`` (0-based time step: the hidden state
or dL/dh_t there), ``"recurrent"`` (the ``rnn.*`` parameters), ``"output"`` (the head) or ``"loss"``, and its
``quantity`` one of the MLP's words (``activation``, ``loss``, ``weight``, ``weight gradient``, ``bias gradient``,
``signal gradient``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from bpviz.config import LIVE_FIELDS, ExperimentConfig, model_field_paths
from bpviz.engine.optim import clip_gradients, make_optimizer, norm
from bpviz.engine.recurrent import MEMORY_GATE, WEIGHT_NAMES, RecurrentNetwork
from bpviz.engine.sequences import SequenceDataset, make_sequences
from bpviz.engine.telemetry import (
    GRAD_LOG_EDGES, TANH_SATURATION, Divergence, Event, History, activation_edges,
    layer_norms, update_ratios,
)
from bpviz.engine.trainer import TEST_EVERY, RebuildRequired, Trainer, _event_label

TIME_METRICS = ("time_signal_grad_norm", "time_gate_mean", "time_saturation", "time_dead")
MATRIX_METRICS = ("matrix_grad_norm", "matrix_update_ratio")

#: objectName of each feed-forward plot that does not apply to a recurrent model -> why (English; the window words
#: and translates its own text). The others apply: gradientFlowPlot (||dL/dh_t|| over t), gradientHeatmapPlot
#: (time step x training step), lossPlot, updateRatioPlot (W_ih, W_hh, head), gradientHistogramPlot (per time step),
#: activationPlot (h_t per time step).
NOT_APPLICABLE: dict[str, str] = {
    "decisionBoundaryPlot": "the inputs are sequences, not points of a plane: there is no boundary to draw",
    "networkDiagramPlot": "one recurrent layer applied T times: the diagram of stacked layers does not apply",
    "jacobianPlot": "the layer Jacobians are of stacked layers; a recurrent network's per-step factor is in "
                    "RecurrentJacobians instead",
}

_MEMORY_GATE_BLOCK = 1  # LSTM (i, f, g, o) and GRU (r, z, n): the gate that keeps the old state is the second


def make_trainer(config: ExperimentConfig, history_capacity: int = 2048) -> "Trainer | RecurrentTrainer":
    """The trainer for ``config.model``: :class:`~bpviz.engine.trainer.Trainer` (feed-forward) or
    :class:`RecurrentTrainer`."""
    if config.model == "recurrent":
        return RecurrentTrainer(config, history_capacity)
    return Trainer(config, history_capacity)


# ---------------------------------------------------------------- what a step records

@dataclass(frozen=True)
class RecurrentStepStats:
    """The cheap per-step numbers of a recurrent network (one History row; see the module docstring)."""

    step: int
    loss: float
    train_accuracy: float
    test_accuracy: float
    grad_norm_before_clip: float
    grad_norm_after_clip: float
    time_signal_grad_norm: np.ndarray  # (T,) ||dL/dh_t||, t = 1..T
    time_gate_mean: np.ndarray         # (T,) mean forget gate (LSTM) / update gate (GRU); NaN for vanilla cells
    time_saturation: np.ndarray        # (T,) fraction of |h_t| > 0.97 (0 for rnn_relu)
    time_dead: np.ndarray              # (T,) fraction of rnn_relu units at 0 (0 for the other cells)
    matrix_grad_norm: np.ndarray       # (3,) ||dL/dW| for W_ih, W_hh, head (after clipping)
    matrix_update_ratio: np.ndarray    # (3,) std(update) / std(W) for W_ih, W_hh, head

    @property
    def gradient_ratio_first_last(self) -> float:
        """||dL/dh_1|| / ||dL/dh_T||: how much of the gradient reaches the first step (tiny: it vanished)."""
        first, last = float(self.time_signal_grad_norm[0]), float(self.time_signal_grad_norm[-1])
        return first / last if last > 0 else math.nan


@dataclass(frozen=True)
class RecurrentJacobians:
    """Why the gradient through time shrinks or grows (a costly frame part, ``snapshot(jacobians=True)``).

    ``spectral_radius`` (G,): largest |eigenvalue| of each H x H gate block of W_hh now (lambda_1 for the vanilla
    cells). ``mean_slope`` (T,): gamma_t, the mean derivative on the path from h_{t-1} to h_t besides W_hh: the
    mean of act'(a_t) for the vanilla cells (1 - h_t^2 for tanh, the active fraction for ReLU), the mean forget gate
    (LSTM: the cell path c_{t-1} -> c_t) or update gate (GRU: the direct path h_{t-1} -> h_t) for the gated ones.
    ``predicted_factor`` (T,): lambda_1 * gamma_t for the vanilla cells (Pascanu et al. 2013: ||dL/dh_{t-1}|| is at
    most about this times ||dL/dh_t||), gamma_t for the gated cells (the factor along the memory path).
    ``measured_factor`` (T - 1,): ||dL/dh_t|| / ||dL/dh_{t+1}|| of the last step, t = 1..T-1.
    """

    spectral_radius: np.ndarray
    mean_slope: np.ndarray
    predicted_factor: np.ndarray
    measured_factor: np.ndarray
    estimated: bool = False  # exact eigenvalues and slopes (the window's plot notes ask, as of LayerJacobians)


@dataclass(frozen=True)
class RecurrentSnapshot:
    """Everything the plots draw for one moment of recurrent training. Immutable; safe to hand to another thread.

    The fields shared with :class:`~bpviz.engine.telemetry.Snapshot` mean the same (``stats``, ``clip_mode``,
    ``clip_threshold``, ``learning_rate``, ``events``, ``divergence``, the costly parts); ``model`` tells the two
    apart. ``matrix_names`` label the ``matrix_*`` metrics; ``memory_gate`` is ``"f"`` (LSTM), ``"z"`` (GRU) or
    None; ``chance`` is the test accuracy of guessing.
    """

    model: ClassVar[str] = "recurrent"
    stats: RecurrentStepStats
    cell: str
    hidden_size: int
    seq_len: int
    task: str
    n_classes: int
    chance: float
    clip_mode: str
    clip_threshold: float
    learning_rate: float
    spectral_radius_setting: float | None = None
    forget_bias: float | None = None
    memory_gate: str | None = None
    matrix_names: tuple[str, ...] = WEIGHT_NAMES
    events: tuple[Event, ...] = ()
    divergence: Divergence | None = None
    activation_histograms: np.ndarray | None = None   # (T, bins) fractions of h_t values
    activation_edges: np.ndarray | None = None        # (bins + 1,)
    signal_grad_histograms: np.ndarray | None = None  # (T, len(GRAD_LOG_EDGES) - 1) fractions of log10|dL/dh_t|
    signal_grad_edges: np.ndarray | None = None
    decision_grid: None = None                        # never: there is no plane of inputs
    example_grid: None = None                         # never: no test images (see telemetry.GRID_PARTS)
    confusion: None = None                            # never: the plots say why (not for recurrent networks)
    jacobians: RecurrentJacobians | None = None
    train_points: None = None
    test_points: None = None

    @property
    def step(self) -> int:
        return self.stats.step

    def with_frame(self, **parts: Any) -> "RecurrentSnapshot":
        return replace(self, **parts)


class RecurrentHistory(History):
    """:class:`~bpviz.engine.telemetry.History` (capped, decimating, thread-safe views) with the recurrent
    columns: the scalars, the ``time_*`` metrics (``seq_len`` columns) and the ``matrix_*`` ones (3 columns).
    ``depth`` is ``seq_len`` here: the width of the per-time-step tables."""

    def __init__(self, seq_len: int, capacity: int = 2048) -> None:
        super().__init__(0, capacity)  # no per-layer tables: the recurrent ones below replace them
        self.depth = self.seq_len = seq_len
        self._layers = {name: np.zeros((capacity, seq_len)) for name in TIME_METRICS}
        self._layers.update({name: np.zeros((capacity, len(WEIGHT_NAMES))) for name in MATRIX_METRICS})


# ---------------------------------------------------------------- the trainer

class RecurrentTrainer:
    """Owns a :class:`~bpviz.engine.recurrent.RecurrentNetwork`, its optimizer and its sequence task; one
    ``step()`` at a time. Same surface as :class:`~bpviz.engine.trainer.Trainer` (see the module docstring).

    Live settings (at the next step, recorded as Events): ``train.learning_rate``, ``optimizer``, ``l2``,
    ``clip_mode``, ``clip_threshold``, ``batch_size`` and ``recurrent.spectral_radius`` (rescales the current
    W_hh; back to None leaves the weights as they are). Settings of the feed-forward model (``network.*``,
    ``data.dataset``, ``data.noise``) do nothing here and are taken silently. Anything else raises RebuildRequired.
    """

    def __init__(self, config: ExperimentConfig, history_capacity: int = 2048) -> None:
        self.history_capacity = history_capacity
        self.reset(config)

    # ------------------------------------------------------------------ lifecycle

    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Fresh network, optimizer, sequences and history from ``config`` (or the current config)."""
        if config is not None:
            if config.model != "recurrent":
                raise ValueError(f"RecurrentTrainer trains recurrent models, not {config.model!r}: use make_trainer")
            self.config = config
        cfg = self.config
        rec = cfg.recurrent
        self.dataset: SequenceDataset = make_sequences(rec.task, cfg.data.samples, rec.seq_len, cfg.train.seed,
                                                       cfg.data.train_fraction, rec.symbols)
        self.dtype = np.dtype(cfg.train.dtype)
        self.network = RecurrentNetwork(rec, n_inputs=self.dataset.n_inputs, n_classes=self.dataset.n_classes,
                                        seed=cfg.train.seed, dtype=self.dtype)
        self.optimizer = make_optimizer(cfg.train.optimizer)
        self.history = RecurrentHistory(rec.seq_len, self.history_capacity)
        self.step_count = 0
        self.divergence: Divergence | None = None
        self.last_stats: RecurrentStepStats | None = None
        self._initial_stats: RecurrentStepStats | None = None
        self._X_train = self.dataset.X_train.astype(self.dtype)
        self._X_test = self.dataset.X_test.astype(self.dtype)
        self._batch_rng = np.random.default_rng([cfg.train.seed, 1])
        self._order = np.arange(0)
        self._cursor = 0
        self._test_accuracy = self.test_accuracy()

    # ------------------------------------------------------------------ live changes

    def apply_config(self, new_config: ExperimentConfig) -> list[Event]:
        """Apply the live settings that differ from the current config, in place; returns their Events.

        Raises :class:`~bpviz.engine.trainer.RebuildRequired` (and changes nothing) if a setting that needs a new
        network differs (the model kind, the cell, H, init, forget bias, task, T, symbols, samples, split, seed,
        dtype).
        """
        paths = ["model", *model_field_paths("recurrent")]
        changed = [path for path in paths if new_config.get(path) != self.config.get(path)]
        rebuild = [path for path in changed if path not in LIVE_FIELDS]
        if rebuild:
            raise RebuildRequired(f"changing {', '.join(rebuild)} needs a new network: press Reset")
        events = []
        for path in changed:
            value = new_config.get(path)
            if path == "recurrent.spectral_radius":
                if value is not None:
                    self.network.set_spectral_radius(value)
                label = "λ₁ off" if value is None else f"λ₁ {value:g}"
            else:
                if path == "train.optimizer":
                    self.optimizer = make_optimizer(value)
                label = _event_label(path, value, new_config)
            events.append(Event(self.step_count, label, path))
        self.config = new_config
        for event in events:
            self.history.add_event(event)
        if events:
            self._initial_stats = None
        return events

    # ------------------------------------------------------------------ training

    def _next_batch(self) -> np.ndarray:
        n_train = len(self._X_train)
        batch = min(self.config.train.batch_size, n_train)
        if self._cursor + batch > len(self._order):
            self._order = self._batch_rng.permutation(n_train)
            self._cursor = 0
        index = self._order[self._cursor:self._cursor + batch]
        self._cursor += batch
        return index

    def step(self) -> RecurrentStepStats | None:
        """One training step. Returns its statistics, or None once the run has diverged."""
        if self.divergence is not None:
            return None
        cfg = self.config.train
        net = self.network
        index = self._next_batch()
        X, y = self._X_train[index], self.dataset.y_train[index]
        step = self.step_count + 1
        with np.errstate(all="ignore"):
            loss, grads = net.loss_and_grads(X, y, l2=cfg.l2)
            norms = {name: norm(grad) for name, grad in grads.items()}
            norm_before = math.hypot(*norms.values())
            signal = net.trace.hidden_grad_norm
            if not (math.isfinite(loss) and math.isfinite(norm_before) and np.isfinite(signal).all()):
                self._record_divergence(self._locate_divergence(step, loss, norms))
                return None
            clip = clip_gradients(grads, cfg.clip_mode, cfg.clip_threshold, norm_before=norm_before)
            if clip.clipped and cfg.clip_mode == "value":
                matrix_grad_norm = layer_norms([grads[name] for name in WEIGHT_NAMES])
            else:
                matrix_grad_norm = np.array([norms[name] for name in WEIGHT_NAMES]) * clip.scale
            updates = self.optimizer.step(net.parameters(), grads, cfg.learning_rate)
            update_ratio = update_ratios([updates[name] for name in WEIGHT_NAMES], net.weights())
            if not np.isfinite(update_ratio).all():
                matrix = WEIGHT_NAMES[int(np.flatnonzero(~np.isfinite(update_ratio))[0])]
                self._record_divergence(Divergence(step, "output" if matrix == "head.weight" else "recurrent",
                                                   "weight"))
                return None
            self.step_count = step
            if step % TEST_EVERY == 0:
                self._test_accuracy = self.test_accuracy()
            stats = self._stats(step, loss, y, clip.norm_before, clip.norm_after, matrix_grad_norm, update_ratio)
        self.last_stats = stats
        self.history.append(stats)
        return stats

    def run(self, steps: int) -> RecurrentStepStats | None:
        """Up to ``steps`` steps (fewer if the run diverges); returns the last statistics."""
        stats = self.last_stats
        for _ in range(steps):
            result = self.step()
            if result is None:
                break
            stats = result
        return stats

    def _stats(self, step: int, loss: float, y: np.ndarray, norm_before: float, norm_after: float,
               matrix_grad_norm: np.ndarray, update_ratio: np.ndarray) -> RecurrentStepStats:
        """The statistics of the pass the network just made (its trace)."""
        trace = self.network.trace
        gate_mean, saturation, dead = _time_statistics(self.network.cell, trace.hidden, trace.gates,
                                                       self.network.hidden_size)
        return RecurrentStepStats(
            step=step, loss=loss, train_accuracy=float(np.mean(trace.probabilities.argmax(axis=1) == y)),
            test_accuracy=self._test_accuracy, grad_norm_before_clip=norm_before, grad_norm_after_clip=norm_after,
            time_signal_grad_norm=trace.hidden_grad_norm.copy(), time_gate_mean=gate_mean,
            time_saturation=saturation, time_dead=dead, matrix_grad_norm=np.asarray(matrix_grad_norm, np.float64),
            matrix_update_ratio=update_ratio,
        )

    def _locate_divergence(self, step: int, loss: float, norms: dict[str, float]) -> Divergence:
        """The first place not finite: hidden states from the first step on, then the loss, then the gradients
        (the head's, then dL/dh_t from the last step back, then the recurrent parameters'). Runs once, when
        something is not finite, so it may look at every array."""
        trace = self.network.trace
        for t in range(trace.hidden.shape[0]):
            if not np.isfinite(trace.hidden[t]).all():
                return Divergence(step, f"time {t}", "activation")
        if not math.isfinite(loss):
            return Divergence(step, "loss", "loss")
        for name, quantity in (("head.weight", "weight gradient"), ("head.bias", "bias gradient")):
            if not math.isfinite(norms[name]):
                return Divergence(step, "output", quantity)
        signal = trace.hidden_grad_norm
        for t in range(len(signal) - 1, -1, -1):
            if not math.isfinite(signal[t]):
                return Divergence(step, f"time {t}", "signal gradient")
        for name in ("rnn.weight_hh", "rnn.weight_ih", "rnn.bias_hh", "rnn.bias_ih"):
            if not math.isfinite(norms[name]):
                return Divergence(step, "recurrent", "weight gradient" if "weight" in name else "bias gradient")
        return Divergence(step, "output", "gradient norm")

    def _record_divergence(self, divergence: Divergence) -> None:
        self.divergence = divergence
        self.history.add_event(Event(divergence.step, "diverged", "", kind="diverged"))

    # ------------------------------------------------------------------ evaluation and frames

    def test_accuracy(self) -> float:
        with np.errstate(all="ignore"):
            logits = self.network.forward(self._X_test)
        if not np.isfinite(logits).all():
            return float("nan")
        return float(np.mean(logits.argmax(axis=1) == self.dataset.y_test))

    def train_accuracy(self) -> float:
        with np.errstate(all="ignore"):
            logits = self.network.forward(self._X_train)
        return float(np.mean(logits.argmax(axis=1) == self.dataset.y_train))

    def initial_stats(self) -> RecurrentStepStats:
        """Statistics of the untrained network on one batch, without changing anything (step 0)."""
        if self.last_stats is not None:
            return self.last_stats
        if self._initial_stats is not None:
            return self._initial_stats
        index = np.arange(min(self.config.train.batch_size, len(self._X_train)))
        X, y = self._X_train[index], self.dataset.y_train[index]
        with np.errstate(all="ignore"):
            loss, grads = self.network.loss_and_grads(X, y, l2=self.config.train.l2)
            total = math.hypot(*(norm(grad) for grad in grads.values()))
            matrix_grad_norm = layer_norms([grads[name] for name in WEIGHT_NAMES])
            stats = self._stats(0, loss, y, total, total, matrix_grad_norm, np.zeros(len(WEIGHT_NAMES)))
        self._initial_stats = stats
        return stats

    def snapshot(self, histograms: bool = True, grid: bool = False, jacobians: bool = False,
                 grid_resolution: int = 48) -> RecurrentSnapshot:
        """What the plots draw now; the costly parts only when asked for (``grid`` has nothing to compute)."""
        stats = self.last_stats if self.last_stats is not None else self.initial_stats()
        net = self.network
        cfg = self.config
        parts: dict[str, Any] = {}
        trace = net.trace
        with np.errstate(all="ignore"):
            if histograms and trace is not None:
                edges = activation_edges("relu" if net.cell == "rnn_relu" else "tanh")
                parts["activation_histograms"] = _histograms_per_step(trace.hidden, edges)
                parts["activation_edges"] = edges
                parts["signal_grad_histograms"] = _log_histograms_per_step(trace.hidden_grads, GRAD_LOG_EDGES)
                parts["signal_grad_edges"] = GRAD_LOG_EDGES
            if jacobians and trace is not None:
                parts["jacobians"] = self.jacobians()
        return RecurrentSnapshot(
            stats=stats, cell=net.cell, hidden_size=net.hidden_size, seq_len=self.dataset.seq_len,
            task=self.dataset.name, n_classes=self.dataset.n_classes, chance=self.dataset.chance,
            clip_mode=cfg.train.clip_mode, clip_threshold=cfg.train.clip_threshold,
            learning_rate=cfg.train.learning_rate, spectral_radius_setting=cfg.recurrent.spectral_radius,
            forget_bias=cfg.recurrent.forget_bias, memory_gate=MEMORY_GATE.get(net.cell),
            events=tuple(self.history.events), divergence=self.divergence, **parts,
        )

    def jacobians(self) -> RecurrentJacobians:
        """The per-step factors of the gradient through time at the last step's batch (see RecurrentJacobians)."""
        net = self.network
        trace = net.trace
        radius = net.spectral_radius()
        H = net.hidden_size
        if net.cell == "rnn_tanh":
            hidden = trace.hidden.reshape(trace.hidden.shape[0], -1).astype(np.float64)
            slope = 1.0 - np.einsum("ij,ij->i", hidden, hidden) / hidden.shape[1]
        elif net.cell == "rnn_relu":
            slope = np.count_nonzero(trace.hidden.reshape(trace.hidden.shape[0], -1) > 0, axis=1) \
                / (trace.hidden[0].size or 1)
        else:
            gate = trace.gates[..., _MEMORY_GATE_BLOCK * H:(_MEMORY_GATE_BLOCK + 1) * H]
            slope = gate.mean(axis=(1, 2), dtype=np.float64)
        predicted = radius[0] * slope if net.n_gates == 1 else slope.copy()
        signal = trace.hidden_grad_norm
        with np.errstate(all="ignore"):
            measured = signal[:-1] / signal[1:]
        return RecurrentJacobians(radius, np.asarray(slope, np.float64), np.asarray(predicted, np.float64),
                                  measured)


# ---------------------------------------------------------------- statistics over time

def _time_statistics(cell: str, hidden: np.ndarray, gates: np.ndarray | None,
                     hidden_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per time step: mean memory gate (NaN without gates), saturated fraction, dead fraction."""
    steps = hidden.shape[0]
    flat = hidden.reshape(steps, -1)
    if gates is None:
        gate_mean = np.full(steps, np.nan)
    else:
        gate = gates[..., _MEMORY_GATE_BLOCK * hidden_size:(_MEMORY_GATE_BLOCK + 1) * hidden_size]
        gate_mean = gate.mean(axis=(1, 2), dtype=np.float64)
    saturation = np.zeros(steps)
    dead = np.zeros(steps)
    if cell == "rnn_relu":
        dead = np.count_nonzero(flat == 0.0, axis=1) / flat.shape[1]
    else:
        saturated = np.count_nonzero(flat > TANH_SATURATION, axis=1)
        saturated += np.count_nonzero(flat < -TANH_SATURATION, axis=1)
        saturation = saturated / flat.shape[1]
    return gate_mean, saturation.astype(np.float64), dead.astype(np.float64)


def _histograms_per_step(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(T, bins): per time step, the fraction of values in each of the uniform bins ``edges`` (outside values fall
    in the end bins, NaN in none). One pass over all steps."""
    steps = values.shape[0]
    bins = len(edges) - 1
    flat = values.reshape(steps, -1).astype(np.float64)
    finite = np.isfinite(flat)
    position = (np.clip(flat, edges[0], edges[-1]) - edges[0]) * (bins / (edges[-1] - edges[0]))
    index = np.minimum(np.where(finite, position, 0.0).astype(np.int64), bins - 1)
    index += np.arange(steps)[:, None] * bins
    counts = np.bincount(index[finite], minlength=steps * bins).reshape(steps, bins)
    return counts / max(flat.shape[1], 1)


def _log_histograms_per_step(grads: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(T, bins): per time step, the fraction of entries of dL/dh_t in each log10 |.| bin (exact zeros left out,
    as the MLP's signal_grad_histograms)."""
    steps = grads.shape[0]
    magnitude = np.abs(grads.reshape(steps, -1).astype(np.float64))
    with np.errstate(divide="ignore"):
        logs = np.log10(magnitude)
    logs[magnitude == 0] = np.nan
    return _histograms_per_step(logs, edges)

