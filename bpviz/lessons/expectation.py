"""The expectation language: what a lesson promises, as numbers a machine can check.

See the package docstring (:mod:`bpviz.lessons`) for the language; this module parses it, measures the metrics on
two Trainers (the problem A and the remedy B) and evaluates the comparisons. No Qt here.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from bpviz.engine import theory
from bpviz.engine.trainer import Trainer

#: Steps at the end of a run over which per-step metrics are summarised by their median.
WINDOW = 10
RECENT_STEPS = 100  # test_accuracy_recent: the mean of the test-accuracy line over this many last steps

#: metric name -> one-line meaning (the docs and error messages list these)
METRICS: dict[str, str] = {
    "grad_ratio_first_last": "||dL/dW|| of the first hidden layer divided by that of the last hidden layer",
    "signal_ratio_first_last": "||dL/dh|| at the first hidden layer divided by that at the last hidden layer",
    "first_layer_grad_norm": "||dL/dW|| of the first hidden layer",
    "last_layer_grad_norm": "||dL/dW|| of the last hidden layer",
    "max_grad_norm": "largest global gradient norm (before clipping) seen so far",
    "train_loss": "training loss (mean cross-entropy of a batch, plus L2)",
    "test_accuracy": "accuracy on the held-out test points",
    "test_accuracy_recent": "the mean of the test accuracy over the last 100 steps (the loss plot's test line; "
                            "evaluated every 10 steps): for runs whose accuracy jumps from evaluation to evaluation",
    "train_accuracy": "accuracy on all training points",
    "diverged": "1 if the run stopped because a value became NaN/Inf, else 0",
    "dead_fraction": "mean over layers of the fraction of ReLU units that are 0 for the whole batch",
    "inactive_fraction": "mean over layers of the fraction of units whose input z <= 0 for the whole batch",
    "saturation": "mean over layers of the fraction of saturated sigmoid/tanh units",
    "weight_norm": "sqrt of the sum of squares of every weight matrix (hidden and output)",
    "jacobian_product": "the Jacobian view's running product at layer 1: the layer factors multiplied from the "
                        "output back to the input",
    "jacobian_mean_singular_value": "median over layers of the Jacobian view's factor per layer "
                                    "(mean singular value of dh_l/dh_(l-1))",
    "jacobian_spread": "median over layers (from the second: the first maps the 2-D input) of the largest over the "
                       "smallest singular value of dh_l/dh_(l-1): 1 means every direction passes alike",
    "predicted_signal_ratio": "signal_ratio_first_last as mean-field theory predicts it for the untrained network "
                              "(NaN where the prediction does not apply: batch/layer norm, residual connections)",
    "signal_ratio_over_prediction": "signal_ratio_first_last divided by predicted_signal_ratio (1 = exactly as "
                                    "predicted; NaN where the prediction does not apply)",
    "time_factor": "recurrent models: the geometric mean over time steps of ||dL/dh_t|| / ||dL/dh_(t+1)||, the factor "
                   "by which the gradient shrinks (< 1) or grows (> 1) per step back in time",
    "time_factor_over_prediction": "recurrent models: time_factor divided by the mean of lambda_1 * gamma_t (vanilla "
                                   "cells; the mean memory gate for LSTM/GRU), Pascanu et al.'s factor per step",
    "memory_gate_mean": "recurrent models: the mean over time steps of the gate that keeps the old state (LSTM "
                        "forget gate f, GRU update gate z); NaN for the vanilla cells",
}

#: the metrics a recurrent model has (signal_ratio_first_last is ||dL/dh_1|| / ||dL/dh_T||: first and last time
#: step); the others are about stacked layers and are NaN for it
RECURRENT_METRICS = ("signal_ratio_first_last", "max_grad_norm", "train_loss", "test_accuracy",
                     "test_accuracy_recent", "train_accuracy",
                     "diverged", "saturation", "weight_norm", "time_factor", "time_factor_over_prediction",
                     "memory_gate_mean")

#: metrics measured from the layer Jacobians (computed only when a check asks for one of them)
JACOBIAN_METRICS = ("jacobian_product", "jacobian_mean_singular_value", "jacobian_spread")

#: comparisons a check may hold, e.g. ``{"<": 1e-4}``
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
}

#: which side of a check each comparison applies to
TARGETS = ("problem", "remedy", "remedy_minus_problem", "remedy_over_problem")


class LessonError(ValueError):
    """A lesson that cannot be found or whose file is not valid; the message says which and why."""


@dataclass(frozen=True)
class Comparison:
    op: str
    value: float

    def holds(self, measured: float) -> bool:
        if measured is None or (isinstance(measured, float) and math.isnan(measured)):
            return False
        return OPERATORS[self.op](measured, self.value)

    def text(self) -> str:
        return f"{self.op} {self.value:g}"


@dataclass(frozen=True)
class Check:
    """One promise: ``metric`` measured ``at`` a step (0 = the untrained network) compared for A, B or both."""

    metric: str
    at: int
    problem: tuple[Comparison, ...] = ()
    remedy: tuple[Comparison, ...] = ()
    remedy_minus_problem: tuple[Comparison, ...] = ()
    remedy_over_problem: tuple[Comparison, ...] = ()

    @property
    def where(self) -> str:
        return "at init" if self.at == 0 else f"after {self.at} steps"

    @property
    def key(self) -> str:
        return f"{self.metric}@{'init' if self.at == 0 else self.at}"

    def describe(self) -> str:
        """One line, e.g. ``grad_ratio_first_last at init: problem < 0.0001, remedy > 0.01``."""
        parts = []
        for target in TARGETS:
            for comparison in getattr(self, target):
                parts.append(f"{target.replace('_', ' ')} {comparison.text()}")
        return f"{self.metric} {self.where}: " + ", ".join(parts)


@dataclass(frozen=True)
class ComparisonResult:
    """One comparison of a check as evaluated: its side (one of TARGETS), the bound, the value compared with it
    (for ``remedy_minus_problem`` and ``remedy_over_problem`` the derived value) and whether it held."""

    target: str
    comparison: Comparison
    measured: float
    holds: bool


@dataclass(frozen=True)
class CheckResult:
    check: Check
    met: bool
    problem: float
    remedy: float
    text: str
    comparisons: tuple[ComparisonResult, ...] = ()


@dataclass(frozen=True)
class ExpectationResult:
    """Whether a lesson kept its promise; ``measured`` maps ``metric@at`` to the problem's and remedy's values."""

    met: bool
    detail: str
    measured: dict[str, dict[str, float]]
    checks: tuple[CheckResult, ...] = ()


@dataclass(frozen=True)
class Expectation:
    """All checks of a lesson; the expectation is met when every check holds."""

    checks: tuple[Check, ...]

    @property
    def steps(self) -> int:
        """Training steps needed to measure every check (0 if all are at init)."""
        return max(check.at for check in self.checks)

    @property
    def checkpoints(self) -> tuple[int, ...]:
        return tuple(sorted({check.at for check in self.checks}))

    def describe(self) -> str:
        return "\n".join(check.describe() for check in self.checks)


# ---------------------------------------------------------------- parsing

def parse_expectation(raw: Any, where: str) -> Expectation:
    """An Expectation from a lesson file's ``expectation`` value (one check object or a list of them)."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise LessonError(f"{where}: expectation is empty; give at least one check")
    return Expectation(tuple(_parse_check(item, f"{where}: expectation[{i}]") for i, item in enumerate(items)))


def _parse_check(raw: Any, where: str) -> Check:
    if not isinstance(raw, Mapping):
        raise LessonError(f"{where} must be an object like {{\"metric\": ..., \"at\": \"init\", ...}}")
    allowed = {"metric", "at", "after_steps", *TARGETS}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise LessonError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(allowed))}")
    metric = raw.get("metric")
    if metric not in METRICS:
        raise LessonError(f"{where}: metric = {metric!r} is not known; choose one of: {', '.join(METRICS)}")
    if ("at" in raw) == ("after_steps" in raw):
        raise LessonError(f"{where}: give exactly one of \"at\": \"init\" or \"after_steps\": N")
    at_value = raw.get("at", raw.get("after_steps"))
    if at_value == "init":
        at = 0
    elif isinstance(at_value, int) and not isinstance(at_value, bool) and 0 <= at_value <= 1_000_000:
        at = at_value
    else:
        raise LessonError(f"{where}: at/after_steps = {at_value!r} must be \"init\" or a whole number of steps")
    sides: dict[str, tuple[Comparison, ...]] = {}
    for target in TARGETS:
        if target not in raw:
            continue
        spec = raw[target]
        if not isinstance(spec, Mapping) or not spec:
            raise LessonError(f"{where}: {target} must be an object like {{\"<\": 0.001}}")
        comparisons = []
        for op, value in spec.items():
            if op not in OPERATORS:
                raise LessonError(f"{where}: {target}: operator {op!r} is not known; choose one of: {' '.join(OPERATORS)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise LessonError(f"{where}: {target} {op} {value!r}: the bound must be a number")
            comparisons.append(Comparison(op, float(value)))
        sides[target] = tuple(comparisons)
    if not sides:
        raise LessonError(f"{where}: nothing to compare; give at least one of: {', '.join(TARGETS)}")
    return Check(metric=metric, at=at, **sides)


# ---------------------------------------------------------------- measuring

def _median_last(values: np.ndarray) -> float:
    tail = values[-WINDOW:]
    return float(np.median(tail)) if len(tail) else float("nan")


def _median_first_over_last(table: np.ndarray) -> float:
    """The median over the last WINDOW steps of first column / last column (a zero last column gives NaN)."""
    return _median_last(table[:, 0] / np.where(table[:, -1] > 0, table[:, -1], np.nan))


def _recent_test_accuracy(trainer) -> float:
    """The mean of the per-step test accuracy over the last RECENT_STEPS steps (up to the current one); at step 0
    the untrained network's. Reads the steps column, so a history that has been thinned out still averages the
    right span."""
    history = trainer.history.view()
    if len(history) == 0:
        return float(trainer.test_accuracy())
    recent = history.steps > history.steps[-1] - RECENT_STEPS
    return float(np.mean(history.scalar("test_accuracy")[recent]))


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0.0:
        return float("inf") if numerator > 0 else float("nan")
    return numerator / denominator


def measure(trainer: Trainer, jacobians: bool = True) -> dict[str, float]:
    """Every metric of :data:`METRICS` for the trainer as it is now (step 0 = untrained, see the package docs).

    The Jacobian metrics come from :meth:`Trainer.jacobians` at the last step's batch (at step 0, the first
    batch); ``jacobians=False`` leaves them out (NaN), for callers that do not check them.
    """
    if trainer.config.model == "recurrent":
        return measure_recurrent(trainer)
    with np.errstate(all="ignore"):
        history = trainer.history.view()
        if len(history) == 0:
            stats = trainer.initial_stats()
            grad = stats.grad_norm
            signal = stats.signal_grad_norm
            first, last = float(grad[0]), float(grad[-1])
            values = {
                "grad_ratio_first_last": _ratio(first, last),
                "signal_ratio_first_last": _ratio(float(signal[0]), float(signal[-1])),
                "first_layer_grad_norm": first,
                "last_layer_grad_norm": last,
                "max_grad_norm": float(stats.grad_norm_before_clip),
                "train_loss": float(stats.loss),
                "dead_fraction": float(np.mean(stats.dead)),
                "saturation": float(np.mean(stats.saturation)),
            }
        else:
            grad = history.layer("grad_norm")
            signal = history.layer("signal_grad_norm")
            values = {
                "grad_ratio_first_last": _median_first_over_last(grad),
                "signal_ratio_first_last": _median_first_over_last(signal),
                "first_layer_grad_norm": _median_last(grad[:, 0]),
                "last_layer_grad_norm": _median_last(grad[:, -1]),
                "max_grad_norm": float(np.max(history.scalar("grad_norm_before_clip"))),
                "train_loss": _median_last(history.scalar("loss")),
                "dead_fraction": _median_last(history.layer("dead").mean(axis=1)),
                "saturation": _median_last(history.layer("saturation").mean(axis=1)),
            }
        values["test_accuracy"] = trainer.test_accuracy()
        values["test_accuracy_recent"] = _recent_test_accuracy(trainer)
        values["train_accuracy"] = trainer.train_accuracy()
        values["diverged"] = 1.0 if trainer.divergence is not None else 0.0
        zs = trainer.network.trace.pre_activations
        values["inactive_fraction"] = float(np.mean([np.mean(np.all(z <= 0, axis=0)) for z in zs])) if zs else 0.0
        weights = [*trainer.network.hidden_weights(), trainer.network.parameters()["output.weight"]]
        values["weight_norm"] = math.sqrt(sum(float(np.vdot(w, w)) for w in weights))
        values.update(_jacobian_metrics(trainer) if jacobians else dict.fromkeys(JACOBIAN_METRICS, math.nan))
        values["predicted_signal_ratio"] = predicted_signal_ratio(trainer)
        values["signal_ratio_over_prediction"] = _ratio(values["signal_ratio_first_last"],
                                                        values["predicted_signal_ratio"])
    for name in ("time_factor", "time_factor_over_prediction", "memory_gate_mean"):  # recurrent models only
        values[name] = math.nan
    return values


def measure_recurrent(trainer) -> dict[str, float]:
    """:func:`measure` for a :class:`~bpviz.engine.recurrent_trainer.RecurrentTrainer`: the metrics of
    :data:`RECURRENT_METRICS` (per step ones as the median of the last WINDOW steps, as for the MLP), NaN for the
    others. The time factors are of the last step's batch (at step 0, the first batch)."""
    values = dict.fromkeys(METRICS, math.nan)
    with np.errstate(all="ignore"):
        history = trainer.history.view()
        if len(history) == 0:
            stats = trainer.initial_stats()
            signal = stats.time_signal_grad_norm
            values.update({
                "signal_ratio_first_last": _ratio(float(signal[0]), float(signal[-1])),
                "max_grad_norm": float(stats.grad_norm_before_clip),
                "train_loss": float(stats.loss),
                "saturation": float(np.mean(stats.time_saturation)),
                "memory_gate_mean": float(np.mean(stats.time_gate_mean)),
            })
        else:
            signal = history.layer("time_signal_grad_norm")
            values.update({
                "signal_ratio_first_last": _median_first_over_last(signal),
                "max_grad_norm": float(np.max(history.scalar("grad_norm_before_clip"))),
                "train_loss": _median_last(history.scalar("loss")),
                "saturation": _median_last(history.layer("time_saturation").mean(axis=1)),
                "memory_gate_mean": _median_last(history.layer("time_gate_mean").mean(axis=1)),
            })
        values["test_accuracy"] = trainer.test_accuracy()
        values["test_accuracy_recent"] = _recent_test_accuracy(trainer)
        values["train_accuracy"] = trainer.train_accuracy()
        values["diverged"] = 1.0 if trainer.divergence is not None else 0.0
        values["weight_norm"] = math.sqrt(sum(float(np.vdot(w, w)) for w in trainer.network.weights()))
        if trainer.divergence is None:
            jac = trainer.jacobians()
            measured = jac.measured_factor[np.isfinite(jac.measured_factor) & (jac.measured_factor > 0)]
            if len(measured):
                values["time_factor"] = float(np.exp(np.mean(np.log(measured))))
                values["time_factor_over_prediction"] = _ratio(values["time_factor"],
                                                               float(np.mean(jac.predicted_factor)))
    return values


def _jacobian_metrics(trainer: Trainer) -> dict[str, float]:
    if not trainer.network.trace.pre_activations:
        trainer.initial_stats()
    jac = trainer.jacobians()
    spread = math.nan
    if jac.min_singular_value is not None:  # exact SVDs: small networks (every lesson's)
        ratios = jac.max_singular_value / np.where(jac.min_singular_value > 0, jac.min_singular_value, np.nan)
        inner = ratios[1:] if len(ratios) > 1 else ratios
        spread = float(np.median(inner)) if np.isfinite(inner).all() else math.inf
    return {
        "jacobian_product": float(jac.running_product[0]),
        "jacobian_mean_singular_value": float(np.median(jac.mean_singular_value)),
        "jacobian_spread": spread,
    }


def predicted_signal_ratio(trainer: Trainer) -> float:
    """||dL/dh_first|| / ||dL/dh_last|| as mean-field theory predicts it for the trainer's network untrained
    (:func:`bpviz.engine.theory.predicted_log10_signal_norms` with the data's input size and mean square);
    NaN where the prediction does not apply, inf/0 beyond the float range."""
    data = trainer.dataset
    try:
        logs = theory.predicted_log10_signal_norms(trainer.config, n_inputs=int(data.n_inputs),
                                                   input_second_moment=float(np.mean(np.square(data.X_train))))
    except theory.PredictionNotApplicable:
        return float("nan")
    return float(10.0 ** (logs[0] - logs[-1]))


# ---------------------------------------------------------------- evaluating

def _fmt(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NaN"
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.3e}"


def evaluate(expectation: Expectation,
             measurements: Mapping[tuple[str, int], Mapping[str, float]]) -> ExpectationResult:
    """Check every comparison; ``measurements[(side, at)]`` holds :func:`measure` of side problem/remedy."""
    results = []
    measured: dict[str, dict[str, float]] = {}
    for check in expectation.checks:
        a = measurements[("problem", check.at)][check.metric]
        b = measurements[("remedy", check.at)][check.metric]
        derived = {"problem": a, "remedy": b, "remedy_minus_problem": b - a, "remedy_over_problem": _ratio(b, a)}
        ok = True
        pieces = []
        compared = []
        for target in TARGETS:
            for comparison in getattr(check, target):
                holds = comparison.holds(derived[target])
                ok &= holds
                pieces.append(f"{target.replace('_', ' ')} {_fmt(derived[target])} {comparison.text()} "
                              f"{'yes' if holds else 'NO'}")
                compared.append(ComparisonResult(target, comparison, derived[target], holds))
        text = f"{'met' if ok else 'NOT MET'}: {check.metric} {check.where}: " + "; ".join(pieces)
        results.append(CheckResult(check, ok, a, b, text, tuple(compared)))
        measured[check.key] = {"problem": a, "remedy": b}
    met = all(result.met for result in results)
    return ExpectationResult(met=met, detail="\n".join(result.text for result in results), measured=measured,
                             checks=tuple(results))


@dataclass
class LessonRun:
    """The problem (A) and the remedy (B) trained in lockstep, measured at the expectation's checkpoints.

    ``step()`` advances both by one step (a diverged trainer stays where it stopped). Measurements are taken at
    step 0 on construction and whenever the step count reaches a checkpoint.
    """

    problem: Trainer
    remedy: Trainer
    expectation: Expectation
    step_count: int = 0
    measurements: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._measure_if_checkpoint()

    def _measure_if_checkpoint(self) -> None:
        if self.step_count in self.expectation.checkpoints:
            jacobians = any(c.metric in JACOBIAN_METRICS and c.at == self.step_count for c in self.expectation.checks)
            self.measurements[("problem", self.step_count)] = measure(self.problem, jacobians)
            self.measurements[("remedy", self.step_count)] = measure(self.remedy, jacobians)

    def step(self) -> None:
        self.problem.step()
        self.remedy.step()
        self.step_count += 1
        self._measure_if_checkpoint()

    def run(self, steps: int, progress: Callable[[int, int], None] | None = None) -> None:
        for i in range(steps):
            self.step()
            if progress is not None:
                progress(i + 1, steps)

    @property
    def complete(self) -> bool:
        """Whether every checkpoint has been measured."""
        return all(("problem", at) in self.measurements for at in self.expectation.checkpoints)

    def result(self) -> ExpectationResult:
        if not self.complete:
            raise LessonError(f"the expectation needs {self.expectation.steps} steps; only {self.step_count} ran")
        return evaluate(self.expectation, self.measurements)
