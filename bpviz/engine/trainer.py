"""The Trainer: owns the network, the optimizer and the data; one ``step()`` at a time.

Live changes (DESIGN.md §5) go through :meth:`Trainer.apply_config`: settings in ``LIVE_FIELDS`` change in place
at the next step and are recorded as Events; anything else needs :meth:`Trainer.reset`. A run that stops being
finite is recorded as a :class:`Divergence` and the trainer stops stepping; no exception escapes ``step()``.
"""

from __future__ import annotations

import math

import numpy as np

from bpviz.config import LIVE_FIELDS, ExperimentConfig, all_field_paths
from bpviz.engine import activations as act_module
from bpviz.engine.datasets import Dataset, make_dataset
from bpviz.engine.network import Network
from bpviz.engine.optim import clip_gradients, make_optimizer
from bpviz.engine.telemetry import (
    Divergence, Event, History, Snapshot, StepStats, activation_histograms, activation_statistics,
    decision_grid, layer_jacobians, layer_norms, signal_grad_histograms, update_ratios,
)

TEST_EVERY = 10  # steps between test-set evaluations (the value is carried between them)


class RebuildRequired(ValueError):
    """The change needs a new network (depth, width, init, dataset, seed, ...): call ``reset``."""


class Trainer:
    def __init__(self, config: ExperimentConfig, history_capacity: int = 2048) -> None:
        self.history_capacity = history_capacity
        self.reset(config)

    # ------------------------------------------------------------------ lifecycle

    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Fresh network, optimizer, data and history from ``config`` (or the current config)."""
        if config is not None:
            self.config = config
        cfg = self.config
        self.dataset: Dataset = make_dataset(cfg.data.dataset, cfg.data.samples, cfg.data.noise, cfg.train.seed,
                                             cfg.data.train_fraction)
        self.dtype = np.dtype(cfg.train.dtype)
        self.network = Network(cfg.network, n_inputs=self.dataset.X_train.shape[1],
                               n_classes=self.dataset.n_classes, seed=cfg.train.seed, dtype=self.dtype)
        self.optimizer = make_optimizer(cfg.train.optimizer)
        self.history = History(cfg.network.depth, self.history_capacity)
        self.step_count = 0
        self.divergence: Divergence | None = None
        self.last_stats: StepStats | None = None
        self._X_train = self.dataset.X_train.astype(self.dtype)
        self._X_test = self.dataset.X_test.astype(self.dtype)
        self._batch_rng = np.random.default_rng([cfg.train.seed, 1])
        self._order = np.arange(0)
        self._cursor = 0
        self._test_accuracy = self.test_accuracy()

    # ------------------------------------------------------------------ live changes

    def apply_config(self, new_config: ExperimentConfig) -> list[Event]:
        """Apply the live settings that differ from the current config, in place; returns their Events.

        Raises :class:`RebuildRequired` (and changes nothing) if a setting that needs a new network differs.
        """
        changed = [path for path in all_field_paths() if new_config.get(path) != self.config.get(path)]
        rebuild = [path for path in changed if path not in LIVE_FIELDS]
        if rebuild:
            raise RebuildRequired(f"changing {', '.join(rebuild)} needs a new network: press Reset")
        events = []
        net = self.network
        for path in changed:
            value = new_config.get(path)
            if path in ("network.activation", "network.leaky_slope"):
                net.set_activation(new_config.network.activation, new_config.network.leaky_slope)
            elif path == "network.residual":
                net.set_residual(value)
            elif path == "network.batchnorm":
                net.set_batchnorm(value)
            elif path == "train.optimizer":
                self.optimizer = make_optimizer(value)
            events.append(Event(self.step_count, _event_label(path, value, new_config), path))
        self.config = new_config
        for event in events:
            self.history.add_event(event)
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
        index = self._next_batch()
        X, y = self._X_train[index], self.dataset.y_train[index]
        with np.errstate(all="ignore"):
            loss, grads = self.network.loss_and_grads(X, y, l2=cfg.l2)
            divergence = self._find_divergence(loss, grads)
            if divergence is not None:
                self._record_divergence(divergence)
                return None
            clip = clip_gradients(grads, cfg.clip_mode, cfg.clip_threshold)
            params = self.network.parameters()
            hidden_names = [f"hidden.{i}.weight" for i in range(self.network.depth)]
            weight_grads = [grads[name] for name in hidden_names]
            updates = self.optimizer.step(params, grads, cfg.learning_rate)
            self.step_count += 1
            if self.step_count % TEST_EVERY == 0:
                self._test_accuracy = self.test_accuracy()
            trace = self.network.trace
            mean, std, saturation, dead = activation_statistics(self.network.activation, trace.activations)
            stats = StepStats(
                step=self.step_count,
                loss=loss,
                train_accuracy=float(np.mean(trace.probabilities.argmax(axis=1) == y)),
                test_accuracy=self._test_accuracy,
                grad_norm_before_clip=clip.norm_before,
                grad_norm_after_clip=clip.norm_after,
                grad_norm=layer_norms(weight_grads),
                signal_grad_norm=layer_norms(trace.signal_grads),
                update_ratio=update_ratios([updates[name] for name in hidden_names], self.network.hidden_weights()),
                activation_mean=mean, activation_std=std, saturation=saturation, dead=dead,
                output_grad_norm=float(np.linalg.norm(grads["output.weight"])),
            )
        self.last_stats = stats
        self.history.append(stats)
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

    def _find_divergence(self, loss: float, grads: dict[str, np.ndarray]) -> Divergence | None:
        """The first place (input side first for activations, output side first for gradients) not finite."""
        trace = self.network.trace
        for i, a in enumerate(trace.outputs):
            if not np.isfinite(a).all():
                return Divergence(self.step_count + 1, f"hidden {i}", "activation")
        if not math.isfinite(loss):
            return Divergence(self.step_count + 1, "output", "loss")
        if not np.isfinite(grads["output.weight"]).all():
            return Divergence(self.step_count + 1, "output", "weight gradient")
        for i in range(self.network.depth - 1, -1, -1):
            for name, quantity in ((f"hidden.{i}.weight", "weight gradient"), (f"hidden.{i}.bias", "bias gradient")):
                if not np.isfinite(grads[name]).all():
                    return Divergence(self.step_count + 1, f"hidden {i}", quantity)
        for name, grad in grads.items():
            if not np.isfinite(grad).all():
                return Divergence(self.step_count + 1, name, "gradient")
        return None

    def _record_divergence(self, divergence: Divergence) -> None:
        self.divergence = divergence
        self.history.add_event(Event(divergence.step, "diverged", "", kind="diverged"))

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
        index = np.arange(min(self.config.train.batch_size, len(self._X_train)))
        X, y = self._X_train[index], self.dataset.y_train[index]
        with np.errstate(all="ignore"):
            loss, grads = self.network.loss_and_grads(X, y, l2=self.config.train.l2, update_stats=False)
            trace = self.network.trace
            mean, std, saturation, dead = activation_statistics(self.network.activation, trace.activations)
            norm = float(math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values())))
            depth = self.network.depth
            stats = StepStats(
                step=0, loss=loss,
                train_accuracy=float(np.mean(trace.probabilities.argmax(axis=1) == y)),
                test_accuracy=self._test_accuracy,
                grad_norm_before_clip=norm, grad_norm_after_clip=norm,
                grad_norm=layer_norms([grads[f"hidden.{i}.weight"] for i in range(depth)]),
                signal_grad_norm=layer_norms(trace.signal_grads),
                update_ratio=np.zeros(depth),
                activation_mean=mean, activation_std=std, saturation=saturation, dead=dead,
                output_grad_norm=float(np.linalg.norm(grads["output.weight"])),
            )
        return stats

    def snapshot(self, histograms: bool = True, grid: bool = False, jacobians: bool = False,
                 grid_resolution: int = 48) -> Snapshot:
        """What the plots draw now. The costly parts are computed only when asked for."""
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
                parts["decision_grid"] = decision_grid(net.predict_proba, self.dataset.extent, grid_resolution)
            if jacobians and trace.pre_activations:
                parts["jacobians"] = self.jacobians()
        alpha = None
        if net.activation == "prelu":
            alpha = np.array([net.prelu_alpha(i) for i in range(net.depth)])
        return Snapshot(
            stats=stats, depth=net.depth, activation=net.activation, residual=net.residual,
            batchnorm=net.batchnorm, clip_mode=cfg.train.clip_mode, clip_threshold=cfg.train.clip_threshold,
            learning_rate=cfg.train.learning_rate, events=tuple(self.history.events), divergence=self.divergence,
            prelu_alpha=alpha,
            train_points=(self.dataset.X_train, self.dataset.y_train),
            test_points=(self.dataset.X_test, self.dataset.y_test),
            **parts,
        )

    def jacobians(self):
        """Layer Jacobians at the last step's batch (see telemetry.layer_jacobians)."""
        net = self.network
        trace = net.trace
        derivatives = []
        for i, (z, a) in enumerate(zip(trace.pre_activations, trace.activations)):
            alpha = net.prelu_alpha(i)
            derivatives.append(act_module.derivative(net.activation, z[:4], a[:4], net.leaky_slope,
                                                     0.25 if alpha is None else alpha))
        scales = [trace.bn_scales[i] if trace.bn_scales else None for i in range(net.depth)]
        return layer_jacobians(net.hidden_weights(), derivatives, scales, net.residual)


def _event_label(path: str, value, config: ExperimentConfig) -> str:
    short = path.split(".", 1)[1]
    if isinstance(value, bool):
        names = {"residual": "residual", "batchnorm": "batch norm"}
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
