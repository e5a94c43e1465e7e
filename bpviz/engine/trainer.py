"""The Trainer: owns the network, the optimizer and the data; one ``step()`` at a time.

Live changes (DESIGN.md §5) go through :meth:`Trainer.apply_config`: settings in ``LIVE_FIELDS`` change in place
at the next step and are recorded as Events; anything else needs :meth:`Trainer.reset`. A run that stops being
finite is recorded as a :class:`Divergence` and the trainer stops stepping; no exception escapes ``step()``.
"""

from __future__ import annotations

import math

import numpy as np

from bpviz.config import LIVE_FIELDS, ExperimentConfig, model_field_paths
from bpviz.engine import activations as act_module
from bpviz.engine.datasets import SHOWCASE_SHAPE, Dataset, load_dataset, showcase_indices
from bpviz.engine.diagnosis import Diagnosis
from bpviz.engine.network import Network
from bpviz.engine.optim import clip_gradients, make_optimizer, norm
from bpviz.engine.telemetry import (
    FROBENIUS_SAMPLES, SVD_SAMPLES, DecisionGrid, Divergence, Event, GridRefiner, History, Jacobians, Snapshot,
    StepStats, activation_histograms, activation_statistics, confusion_matrix, example_grid, grid_points_per_call,
    jacobian_method, layer_jacobians, layer_norms, predictions, signal_grad_histograms, update_ratios,
)
from bpviz.engine.telemetry import decision_grid as whole_decision_grid

TEST_EVERY = 10  # steps between test-set evaluations (the value is carried between them)


class RebuildRequired(ValueError):
    """The change needs a new network (depth, width, init, dataset, seed, ...): call ``reset``."""


class Trainer:
    def __init__(self, config: ExperimentConfig, history_capacity: int = 2048) -> None:
        self.history_capacity = history_capacity
        self.reset(config)

    # ------------------------------------------------------------------ lifecycle

    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Fresh network, optimizer, data and history from ``config`` (or the current config).

        The data are loaded first: if that fails (an imported CSV that moved or changed raises
        ``bpviz.engine.tabular.DataFileError``), nothing of the current run has changed.
        """
        dataset = load_dataset((config or self.config).data, (config or self.config).train.seed)
        if config is not None:
            if config.model != "feedforward":
                raise ValueError(f"Trainer trains feed-forward models, not {config.model!r}: use "
                                 "bpviz.engine.recurrent_trainer.make_trainer(config)")
            self.config = config
        cfg = self.config
        self.dataset: Dataset = dataset
        self.dtype = np.dtype(cfg.train.dtype)
        self.network = Network(cfg.network, n_inputs=self.dataset.X_train.shape[1],
                               n_classes=self.dataset.n_classes, seed=cfg.train.seed, dtype=self.dtype)
        self.optimizer = make_optimizer(cfg.train.optimizer)
        self.history = History(cfg.network.depth, self.history_capacity)
        self.step_count = 0
        self.divergence: Divergence | None = None
        self.last_stats: StepStats | None = None
        self._initial_stats: StepStats | None = None  # step 0's statistics, until a live change alters them
        self._X_train = self.dataset.X_train.astype(self.dtype)
        self._X_test = self.dataset.X_test.astype(self.dtype)
        self._batch_rng = np.random.default_rng([cfg.train.seed, 1])
        self._order = np.arange(0)
        self._cursor = 0
        self._names: list[str] = []
        self._showcase: np.ndarray | None = None  # the test examples the decision-boundary plot shows (not 2-D)
        self._grid_refiner: GridRefiner | None = None
        self._test_accuracy = self.test_accuracy()
        self.diagnosis = Diagnosis()  # what went wrong and why: Snapshot.findings

    # ------------------------------------------------------------------ live changes

    def apply_config(self, new_config: ExperimentConfig) -> list[Event]:
        """Apply the live settings that differ from the current config, in place; returns their Events.

        Raises :class:`RebuildRequired` (and changes nothing) if a setting that needs a new network differs.
        ``network.batchnorm`` and ``network.normalization`` are one setting (the first is the old name of
        ``normalization == "batch"``): a change of both gives one Event, named after ``network.batchnorm`` when
        only batch norm went on or off (as before layer norm existed), else after ``network.normalization``.
        """
        # settings of the other model kind (recurrent.*) do not touch this network: taken without an event
        paths = ["model", *model_field_paths("feedforward")]
        changed = [path for path in paths if new_config.get(path) != self.config.get(path)]
        rebuild = [path for path in changed if path not in LIVE_FIELDS]
        if rebuild:
            raise RebuildRequired(f"changing {', '.join(rebuild)} needs a new network: press Reset")
        if "network.normalization" in changed and "network.batchnorm" in changed:
            if "layer" in (new_config.network.normalization, self.config.network.normalization):
                changed.remove("network.batchnorm")
            else:
                changed.remove("network.normalization")
        events = []
        net = self.network
        for path in changed:
            value = new_config.get(path)
            if path in ("network.activation", "network.leaky_slope"):
                net.set_activation(new_config.network.activation, new_config.network.leaky_slope)
            elif path == "network.residual":
                net.set_residual(value)
            elif path == "network.residual_scale":
                net.set_residual_scale(value)
            elif path in ("network.batchnorm", "network.normalization"):
                net.set_normalization(new_config.network.normalization)
            elif path == "train.optimizer":
                self.optimizer = make_optimizer(value)
            events.append(Event(self.step_count, _event_label(path, value, new_config, self.config), path))
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

    def step(self) -> StepStats | None:
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
            measured = self._measure(loss, grads, y)
            norms = measured["norms"]
            norm_before = math.hypot(*norms.values())
            if not (math.isfinite(loss) and math.isfinite(norm_before) and measured["finite"]):
                self._record_divergence(self._locate_divergence(step, loss, norms, measured))
                return None
            clip = clip_gradients(grads, cfg.clip_mode, cfg.clip_threshold, norm_before=norm_before)
            names = self._weight_names()
            if clip.clipped and cfg.clip_mode == "value":
                grad_norm = layer_norms([grads[name] for name in names])
                output_grad_norm = float(layer_norms([grads["output.weight"]])[0])
            else:
                grad_norm = measured["grad_norm"] * clip.scale
                output_grad_norm = norms["output.weight"] * clip.scale
            updates = self.optimizer.step(net.parameters(), grads, cfg.learning_rate)
            update_ratio = update_ratios([updates[name] for name in names], net.hidden_weights())
            if not np.isfinite(update_ratio).all():
                layer = int(np.flatnonzero(~np.isfinite(update_ratio))[0])
                self._record_divergence(Divergence(step, f"hidden {layer}", "weight"))
                return None
            self.step_count = step
            if step % TEST_EVERY == 0:
                self._test_accuracy = self.test_accuracy()
            stats = StepStats(
                step=step, loss=loss, train_accuracy=measured["train_accuracy"], test_accuracy=self._test_accuracy,
                grad_norm_before_clip=clip.norm_before, grad_norm_after_clip=clip.norm_after,
                grad_norm=grad_norm, signal_grad_norm=measured["signal_grad_norm"], update_ratio=update_ratio,
                activation_mean=measured["mean"], activation_std=measured["std"],
                saturation=measured["saturation"], dead=measured["dead"], output_grad_norm=output_grad_norm,
            )
        self.last_stats = stats
        self.history.append(stats)
        self.diagnosis.observe(stats, self.config, self.history.events, self.network.trace.outputs)
        return stats

    def run(self, steps: int) -> StepStats | None:
        """Up to ``steps`` steps (fewer if the run diverges); returns the last statistics."""
        stats = self.last_stats
        for _ in range(steps):
            result = self.step()
            if result is None:
                break
            stats = result
        return stats

    def _weight_names(self) -> list[str]:
        depth = self.network.depth
        if len(self._names) != depth:
            self._names = [f"hidden.{i}.weight" for i in range(depth)]
        return self._names

    def _measure(self, loss: float, grads: dict[str, np.ndarray], y: np.ndarray) -> dict:
        """The statistics of the pass the network just made (before any clipping or update).

        Each is one or two reads of an array; together they also tell whether anything stopped being finite:
        a NaN or Inf anywhere makes its sum (and so its statistic) NaN or Inf.
        """
        trace = self.network.trace
        mean, std, saturation, dead = activation_statistics(self.network.activation, trace.activations)
        signal_grad_norm = layer_norms(trace.signal_grads)
        norms = {name: norm(grad) for name, grad in grads.items()}
        grad_norm = np.array([norms[name] for name in self._weight_names()])
        finite = bool(np.isfinite(mean).all() and np.isfinite(std).all() and np.isfinite(signal_grad_norm).all())
        return {
            "mean": mean, "std": std, "saturation": saturation, "dead": dead, "norms": norms,
            "grad_norm": grad_norm, "signal_grad_norm": signal_grad_norm, "finite": finite,
            "train_accuracy": float(np.mean(trace.probabilities.argmax(axis=1) == y)),
        }

    def _locate_divergence(self, step: int, loss: float, norms: dict[str, float], measured: dict) -> Divergence:
        """The first place not finite: activations input side first, then the loss, then the gradients output
        side first. Only runs once, when something is not finite, so it may look at every array."""
        trace = self.network.trace
        depth = self.network.depth
        for i in range(depth):
            if not (np.isfinite(trace.outputs[i]).all() and np.isfinite(trace.activations[i]).all()
                    and math.isfinite(measured["mean"][i]) and math.isfinite(measured["std"][i])):
                return Divergence(step, f"hidden {i}", "activation")
        if not math.isfinite(loss):
            return Divergence(step, "output", "loss")
        if not math.isfinite(norms["output.weight"]):
            return Divergence(step, "output", "weight gradient")
        for i in range(depth - 1, -1, -1):
            for name, quantity in ((f"hidden.{i}.weight", "weight gradient"), (f"hidden.{i}.bias", "bias gradient")):
                if not math.isfinite(norms[name]):
                    return Divergence(step, f"hidden {i}", quantity)
        for name, value in norms.items():
            if not math.isfinite(value):
                return Divergence(step, name, "gradient")
        for i in range(depth - 1, -1, -1):
            if not math.isfinite(measured["signal_grad_norm"][i]):
                return Divergence(step, f"hidden {i}", "signal gradient")
        return Divergence(step, "output", "gradient norm")

    def _record_divergence(self, divergence: Divergence) -> None:
        self.divergence = divergence
        self.history.add_event(Event(divergence.step, "diverged", "", kind="diverged"))
        self.diagnosis.observe_divergence(divergence, self.config, self.history.events, self.network.trace.outputs,
                                          self.last_stats)

    # ------------------------------------------------------------------ evaluation and frames

    def test_accuracy(self) -> float:
        with np.errstate(all="ignore"):
            logits = self.network.forward(self._X_test, train=False)
        if not np.isfinite(logits).all():
            return float("nan")
        return float(np.mean(logits.argmax(axis=1) == self.dataset.y_test))

    def train_accuracy(self) -> float:
        with np.errstate(all="ignore"):
            logits = self.network.forward(self._X_train, train=False)
        return float(np.mean(logits.argmax(axis=1) == self.dataset.y_train))

    def initial_stats(self) -> StepStats:
        """Statistics of the untrained network on one batch, without changing anything (step 0)."""
        if self.last_stats is not None:
            return self.last_stats
        if self._initial_stats is not None:  # every frame drawn before the first step asks for it
            return self._initial_stats
        index = np.arange(min(self.config.train.batch_size, len(self._X_train)))
        X, y = self._X_train[index], self.dataset.y_train[index]
        with np.errstate(all="ignore"):
            loss, grads = self.network.loss_and_grads(X, y, l2=self.config.train.l2, update_stats=False)
            measured = self._measure(loss, grads, y)
            total = math.hypot(*measured["norms"].values())
            stats = StepStats(
                step=0, loss=loss, train_accuracy=measured["train_accuracy"], test_accuracy=self._test_accuracy,
                grad_norm_before_clip=total, grad_norm_after_clip=total, grad_norm=measured["grad_norm"],
                signal_grad_norm=measured["signal_grad_norm"], update_ratio=np.zeros(self.network.depth),
                activation_mean=measured["mean"], activation_std=measured["std"],
                saturation=measured["saturation"], dead=measured["dead"],
                output_grad_norm=measured["norms"]["output.weight"],
            )
        self._initial_stats = stats
        return stats

    def snapshot(self, histograms: bool = True, grid: bool = False, jacobians: bool = False,
                 grid_resolution: int = 48) -> Snapshot:
        """What the plots draw now. The costly parts are computed only when asked for, each within a bounded
        cost (see :meth:`decision_grid` and :meth:`jacobians`)."""
        stats = self.last_stats if self.last_stats is not None else self.initial_stats()
        net = self.network
        cfg = self.config
        parts: dict = {}
        trace = net.trace
        with np.errstate(all="ignore"):
            if histograms and trace.activations:
                parts["activation_histograms"], parts["activation_edges"] = activation_histograms(
                    net.activation, trace.activations)
                parts["signal_grad_histograms"], parts["signal_grad_edges"] = signal_grad_histograms(
                    trace.signal_grads)
            if grid:
                parts.update(self._grid_parts(grid_resolution))
            if jacobians and trace.pre_activations:
                parts["jacobians"] = self.jacobians()
        alpha = None
        if net.activation == "prelu":
            alpha = np.array([net.prelu_alpha(i) for i in range(net.depth)])
        data = self.dataset
        planar = data.is_planar
        rezero = None
        if net.residual and net.residual_scale == "rezero":
            rezero = np.array([math.nan] + [net.branch_scale(i) for i in range(1, net.depth)])
        # the scales of the pass that computed ``stats`` (the trace), not the ones the optimizer has moved since
        branch_scales = None
        if any(scale is not None for scale in trace.branch_scales):
            branch_scales = np.array([math.nan if scale is None else scale for scale in trace.branch_scales])
        return Snapshot(
            stats=stats, depth=net.depth, width=net.width, activation=net.activation, residual=net.residual,
            batchnorm=net.batchnorm, clip_mode=cfg.train.clip_mode, clip_threshold=cfg.train.clip_threshold,
            learning_rate=cfg.train.learning_rate, events=tuple(self.history.events), divergence=self.divergence,
            prelu_alpha=alpha, findings=self.diagnosis.findings, residual_scale=net.residual_scale,
            normalization=net.normalization, rezero_alpha=rezero, branch_scales=branch_scales,
            batch_size=cfg.train.batch_size,
            train_points=(data.X_train, data.y_train) if planar else None,
            test_points=(data.X_test, data.y_test) if planar else None,
            n_inputs=data.n_inputs, n_classes=data.n_classes, class_names=data.class_names,
            **parts,
        )

    def _grid_parts(self, resolution: int) -> dict:
        """The decision-boundary plot's data: the probability grid over the plane for 2-D data; otherwise the
        showcase test examples with their predictions and the test set's confusion matrix."""
        data = self.dataset
        net = self.network
        if data.is_planar:
            return {"decision_grid": self.decision_grid(resolution)}
        predicted, confidence = predictions(net.predict_proba, self._X_test)
        if self._showcase is None:
            self._showcase = showcase_indices(data.y_test)
        return {
            "example_grid": example_grid(predicted, confidence, data.y_test, self._showcase, SHOWCASE_SHAPE,
                                         data.images_test, data.image_max, data.class_names),
            "confusion": confusion_matrix(data.y_test, predicted, data.n_classes, data.class_names),
        }

    def _weight_shapes(self) -> list[tuple[int, int]]:
        return [w.shape for w in self.network.hidden_weights()] + [self.network.output_weight.shape]

    def decision_grid(self, resolution: int = 48) -> DecisionGrid:
        """P(class 1) over the data's extent, at a bounded cost per call (telemetry.GRID_BUDGET multiply-adds).

        A network whose whole grid fits the budget gets it exactly, every call. A larger one (hundreds of wide
        layers) gets it from a :class:`GridRefiner` kept between calls: a few points per call, coarse to fine,
        flagged ``exact=False`` with its ``progress``. A reset starts the picture afresh.
        """
        per_call = grid_points_per_call(self._weight_shapes())
        extent = self.dataset.extent
        if per_call >= resolution * resolution:
            self._grid_refiner = None
            return whole_decision_grid(self.network.predict_proba, extent, resolution)
        refiner = self._grid_refiner
        if refiner is None or refiner.resolution != resolution or refiner.extent != extent:
            refiner = self._grid_refiner = GridRefiner(extent, resolution, per_call)
        refiner.points_per_call = per_call
        return refiner.update(self.network.predict_proba)

    def jacobians(self) -> Jacobians:
        """Layer Jacobians at the last step's batch (see telemetry.Jacobians), at a bounded cost: exact SVDs of
        SVD_SAMPLES rows when they fit telemetry.SVD_BUDGET, else RMS singular values from Frobenius norms of
        FROBENIUS_SAMPLES rows (reading at most telemetry.FROBENIUS_BUDGET weight entries)."""
        net = self.network
        trace = net.trace
        method = jacobian_method([w.shape for w in net.hidden_weights()])
        samples = SVD_SAMPLES if method == "svd" else FROBENIUS_SAMPLES
        derivatives = []
        for i, (z, a) in enumerate(zip(trace.pre_activations, trace.activations)):
            alpha = net.prelu_alpha(i)
            derivatives.append(act_module.derivative(net.activation, z[:samples], a[:samples], net.leaky_slope,
                                                     0.25 if alpha is None else alpha))
        scales = trace.norm_scales if trace.norm_scales else [None] * net.depth
        branches = trace.branch_scales if trace.branch_scales else [None] * net.depth
        rng = np.random.default_rng([self.config.train.seed, self.step_count, 2])
        return layer_jacobians(net.hidden_weights(), derivatives, scales, branches, method=method, rng=rng)


RESIDUAL_SCALE_LABELS = {"none": "residual scale 1", "sqrt_depth": "residual scale 1/√depth",
                         "rezero": "residual scale ReZero (α = 0)"}
NORMALIZATION_NAMES = {"batch": "batch norm", "layer": "layer norm"}


def _event_label(path: str, value, config: ExperimentConfig, previous: ExperimentConfig | None = None) -> str:
    """The short label of a live change's Event (the time-axis plots print it by the marker line)."""
    short = path.split(".", 1)[1]
    if path in ("network.batchnorm", "network.normalization"):
        now = config.network.normalization
        if now != "none":
            return f"{NORMALIZATION_NAMES[now]} on"
        before = previous.network.normalization if previous is not None else "batch"
        return f"{NORMALIZATION_NAMES.get(before, 'batch norm')} off"
    if path == "network.residual_scale":
        return RESIDUAL_SCALE_LABELS[value]
    if isinstance(value, bool):
        names = {"residual": "residual"}
        return f"{names.get(short, short)} {'on' if value else 'off'}"
    if path == "train.clip_mode":
        return "clipping off" if value == "off" else f"clip by {value} ({config.train.clip_threshold:g})"
    if path == "train.clip_threshold":
        return f"clip threshold {value:g}"
    if path == "train.learning_rate":
        return f"lr {value:g}"
    if path == "train.l2":
        return f"L2 {value:g}"
    if path == "network.leaky_slope":
        return f"leaky slope {value:g}"
    if path == "train.batch_size":
        return f"batch {value}"
    if path == "network.activation":
        return f"activation {value}"
    if path == "train.optimizer":
        return f"optimizer {value}"
    return f"{short} {value}"
