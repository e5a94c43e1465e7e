"""What went wrong, and why: findings a student can read (issue 9 item 3, issue 10 item 5).

The plots show *that* gradients vanish, explode or stop; this module says *why*, in the words of the mechanism,
with the layers and the numbers it rests on, and what to try. It reads only what the Trainer already has: each
step's :class:`~bpviz.engine.telemetry.StepStats`, the History's Events (live changes), the Divergence, the
config, and (for a residual stream, which no statistic covers) the block outputs of the step just taken.

The vocabulary (each a frozen dataclass; ``finding.kind`` names it; ``layers`` are 0-based hidden-layer indices,
the way every per-layer array in the engine counts, and are shown 1-based to people):

==================  ==========================================================================================
``dead_layers``     ReLU layers in which every unit outputs 0 for the whole batch: no gradient passes through
                    them (after a live change from sigmoid, whose outputs are all positive, the next layers'
                    weights can make every pre-activation negative). A layer once reported stays reported while
                    at least ``DEAD_LAYER_KEEP`` of its units are dead, so one unit waking on one batch does not
                    make the finding flicker.
``saturation``      sigmoid/tanh layers with at least ``SATURATED_LAYER`` of their units saturated from the first
                    step on, under an init that is too large (``large``, or a gain above 1): there the
                    activation's derivative is ~0.
``residual_growth`` the residual stream grows block over block (``h = h + a`` adds variance, or with sigmoid a
                    positive mean, at every block), so later layers and the output see ever larger inputs.
``activation_growth`` a plain (no skip) network whose activations grow exponentially layer over layer (the init
                    is too large for the activation).
``tiny_batch_norm`` batch normalization over a batch of 1 or 2: the batch statistics are meaningless.
``update_too_large`` an update as large as a sizeable fraction of the weights (update:data ratio above
                    ``UPDATE_RATIO_LIMIT``; ~1e-3 is healthy): the learning rate is too large for these weights.
``no_gradient``     the first layer's weight gradient is exactly 0 and no dead layer explains it (it underflowed).
``loss_jump``       the loss (a median of 3 steps) rose more than ``LOSS_JUMP_FACTOR`` times above its level
                    before a live change (the median of up to ``LOSS_BASELINE_STEPS`` steps) within
                    ``LOSS_JUMP_WINDOW`` steps of it, or above the first step's loss within as many steps of the
                    start of the run; ``cause`` holds the mechanism when one is identified.
``loss_rise``       no single jump, but the median of the last ``LOSS_BASELINE_STEPS`` losses stays more than
                    ``LOSS_RISE_FACTOR`` times above that level (a remedy that makes training worse, slowly).
                    Loss findings end when the loss is back below ``LOSS_RECOVERED_FACTOR`` times the level.
``diverged``        the run stopped being finite; ``where``/``quantity`` say where, ``cause`` the mechanism.
==================  ==========================================================================================

Remedies (``finding.remedy``): ``"reset"``, ``"undo"`` (revert the live change), ``"lower_lr"``, ``"clip"``,
``"scale_residual"``, ``"layer_norm"``, ``"larger_batch"``, ``"smaller_init"``, ``"leaky_relu"``,
``"relu_family"``, ``"float64"``, or ``""`` when there is none to suggest.

Which findings are shown: those that are always a fault (dead layers, exponential growth, batch norm on a tiny
batch, an update as large as the weights, no gradient) whenever they are seen; saturation only when a too large
init put it there from the first step (training a healthy network saturates many units on purpose, and a residual
stream that drifts saturates the upper layers of a network that still learns); the milder mechanisms (a
residual stream that grows or drifts without exploding, saturation) only as the ``cause`` of a loss jump, rise or
divergence. A finding that appears within ``ATTRIBUTION_WINDOW`` steps of a live change, and was not there
before it, carries that change as its ``event``. After a divergence only the ``diverged`` finding is shown.

:func:`describe` turns a finding into one plain English sentence (the CLI, the tests, summary.json). The window
words findings through Qt's translation system from ``kind`` and the fields, so every number a sentence uses is a
field. :func:`gradient_ratio` is the first/last gradient ratio with a reason instead of NaN.

:class:`Diagnosis` is the incremental watcher a Trainer owns: ``observe()`` per step costs a few Python
operations; the per-layer checks run every ``EVALUATE_EVERY`` steps and at the first step after a reset or a live
change. Findings are small and picklable (they cross the training process's pipe inside every Snapshot).

Only NumPy and the standard library here (the engine's rule).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Sequence

import numpy as np

from bpviz.engine.telemetry import Divergence, Event, StepStats

# ---------------------------------------------------------------- thresholds (each is documented where it is used)

LOSS_JUMP_FACTOR = 10.0     # "the loss rose more than 10x ..."
LOSS_JUMP_WINDOW = 50       # "... within 50 steps of a live change"
LOSS_BASELINE_STEPS = 20    # the loss before a change: the median of up to this many steps before it
LOSS_JUMP_MINIMUM = 0.1     # a jump must reach at least this loss (0.001 -> 0.02 is not a broken network)
LOSS_RISE_FACTOR = 3.0      # a loss whose median over LOSS_BASELINE_STEPS stays this far above its level before
LOSS_RECOVERED_FACTOR = 2.0  # a loss jump is over once the loss is back below this many times its baseline
ATTRIBUTION_WINDOW = 50     # a finding that appears within this many steps of a change is tied to that change
EVALUATE_EVERY = 20         # steps between the per-layer checks (also run at the first step after a change)
DEAD_LAYER_KEEP = 0.9       # a layer reported dead (every unit 0) stays reported while this fraction is dead
SATURATED_LAYER = 0.2       # fraction of saturated units that makes a layer "saturated" (healthy inits: ~0)
UPDATE_RATIO_LIMIT = 0.3    # update:data ratio; healthy ~1e-3, the highest seen in healthy runs ~0.06
GROWTH_PER_LAYER = 1.25     # exponential growth: this factor per layer over the upper half of the stack ...
GROWTH_TOTAL = 10.0         # ... and this much from the first layer to the last
RESIDUAL_GROWTH_TOTAL = 4.0  # a residual stream this much larger at the last block than at the first is a
                             # mechanism for a loss jump or divergence (alone it may still train: tanh does)
TINY_BATCH = 2              # batch norm over at most this many examples is meaningless
MAX_LOSS_JUMPS = 3          # loss-jump findings kept at once (the newest)

KINDS = ("dead_layers", "saturation", "residual_growth", "activation_growth", "tiny_batch_norm",
         "update_too_large", "no_gradient", "loss_jump", "loss_rise", "diverged")
REMEDIES = ("reset", "undo", "lower_lr", "clip", "scale_residual", "layer_norm", "larger_batch", "smaller_init",
            "leaky_relu", "relu_family", "float64")

# Which mechanism explains a loss jump (first match wins), and which can make a run diverge.
MECHANISM_ORDER = ("dead_layers", "tiny_batch_norm", "residual_growth", "activation_growth", "update_too_large",
                   "saturation", "no_gradient")
DIVERGENCE_MECHANISMS = ("tiny_batch_norm", "residual_growth", "activation_growth", "update_too_large")
# Seen only in the last finite step or the diverging one, growth may be the blow-up itself rather than its cause,
# while an update as large as the weights is the cause: then that comes first.
LATE_DIVERGENCE_MECHANISMS = ("tiny_batch_norm", "update_too_large", "residual_growth", "activation_growth")
# The settings whose live change can cause each mechanism (to tie a finding to the right one of several events).
_CAUSING_SETTINGS = {
    "dead_layers": ("network.activation", "train.learning_rate", "train.optimizer"),
    "tiny_batch_norm": ("network.batchnorm", "network.normalization", "train.batch_size"),
    "residual_growth": ("network.residual", "network.residual_scale", "network.activation"),
    "activation_growth": ("network.activation",),
    "update_too_large": ("train.learning_rate", "train.optimizer", "train.clip_mode", "train.clip_threshold"),
    "saturation": ("network.activation", "network.batchnorm", "network.normalization"),
    "no_gradient": ("network.activation", "train.dtype"),
}


# ---------------------------------------------------------------- the findings

@dataclass(frozen=True, kw_only=True)
class Finding:
    """What went wrong: a ``kind`` (class attribute), the ``step`` it was first seen at (a loss jump: the step it
    was detected at; a divergence: the step that diverged), the 0-based hidden ``layers`` it rests on, the live
    change (``event``) it follows if it was tied to one, and a suggested ``remedy`` (see the module doc). The
    numbers in a finding that stays are those of the latest check."""

    kind: ClassVar[str] = ""
    step: int
    layers: tuple[int, ...] = ()
    event: Event | None = None
    remedy: str = ""


@dataclass(frozen=True, kw_only=True)
class DeadLayers(Finding):
    """ReLU layers (``layers``) in which every unit is 0 for the whole batch."""

    kind: ClassVar[str] = "dead_layers"
    dead_fraction: tuple[float, ...] = ()   # per layer in ``layers`` (1.0: every unit dead)
    gradient_blocked: bool = False          # the first layer's weight gradient is exactly 0
    previous_activation: str = ""           # the activation before the live change it follows, if one did


@dataclass(frozen=True, kw_only=True)
class Saturation(Finding):
    """sigmoid/tanh layers (``layers``) with at least SATURATED_LAYER of their units saturated."""

    kind: ClassVar[str] = "saturation"
    activation: str = ""
    saturated_fraction: tuple[float, ...] = ()  # per layer in ``layers``
    init: str = ""
    init_gain: float = 1.0


@dataclass(frozen=True, kw_only=True)
class ResidualGrowth(Finding):
    """The residual stream's RMS grows from block 1 to the last block (``layers``: all blocks)."""

    kind: ClassVar[str] = "residual_growth"
    growth: float = 1.0          # RMS of the last block's output / RMS of the first block's
    per_block: float = 1.0       # geometric growth factor per block over the upper half of the stack
    stream_mean: float = 0.0     # mean of the last block's output (sigmoid's drift shows here)
    stream_rms: float = 0.0      # RMS of the last block's output
    exponential: bool = False    # per_block >= GROWTH_PER_LAYER: it doubles its variance every few blocks
    activation: str = ""

    @property
    def drifts(self) -> bool:
        """The growth is mostly a common offset (every block adds a positive output), not spread."""
        return self.stream_mean * self.stream_mean > 0.5 * self.stream_rms * self.stream_rms


@dataclass(frozen=True, kw_only=True)
class ActivationGrowth(Finding):
    """A network without skips whose activations grow exponentially layer over layer (``layers``: all)."""

    kind: ClassVar[str] = "activation_growth"
    growth: float = 1.0      # RMS of the last layer's activations / RMS of the first layer's
    per_layer: float = 1.0
    activation: str = ""
    init: str = ""
    init_gain: float = 1.0


@dataclass(frozen=True, kw_only=True)
class TinyBatchNorm(Finding):
    """Batch normalization over ``batch_size`` <= TINY_BATCH examples."""

    kind: ClassVar[str] = "tiny_batch_norm"
    batch_size: int = 0


@dataclass(frozen=True, kw_only=True)
class UpdateTooLarge(Finding):
    """Layers (``layers``) whose update:data ratio is above UPDATE_RATIO_LIMIT."""

    kind: ClassVar[str] = "update_too_large"
    update_ratio: tuple[float, ...] = ()  # per layer in ``layers``
    learning_rate: float = 0.0
    optimizer: str = ""


@dataclass(frozen=True, kw_only=True)
class NoGradient(Finding):
    """Layers (``layers``) whose weight gradient is exactly 0, the first layer among them."""

    kind: ClassVar[str] = "no_gradient"
    underflow: bool = False   # the last layer still gets a gradient: it shrank to exactly 0 on the way back
    dtype: str = "float64"


@dataclass(frozen=True, kw_only=True)
class LossJump(Finding):
    """The loss rose ``ratio`` times within LOSS_JUMP_WINDOW steps of ``event`` (None: of the start of the run)."""

    kind: ClassVar[str] = "loss_jump"
    loss_before: float = 0.0   # median of the last LOSS_BASELINE_STEPS losses before the change (or step 1's)
    loss_after: float = 0.0    # the highest median of 3 consecutive losses after it so far
    ratio: float = 0.0         # loss_after / loss_before
    steps_after: int = 0       # steps from the change to loss_after
    cause: Finding | None = None


@dataclass(frozen=True, kw_only=True)
class LossRise(Finding):
    """The loss has stayed ``ratio`` times above its level before ``event`` (None: the start of the run): the
    median of the last LOSS_BASELINE_STEPS losses is above LOSS_RISE_FACTOR times it (no single jump needed)."""

    kind: ClassVar[str] = "loss_rise"
    loss_before: float = 0.0
    loss_now: float = 0.0      # median of the last LOSS_BASELINE_STEPS losses
    ratio: float = 0.0
    steps_after: int = 0       # steps since the change
    cause: Finding | None = None


@dataclass(frozen=True, kw_only=True)
class Diverged(Finding):
    """The run stopped being finite at ``step``: ``quantity`` in ``where`` (as in :class:`Divergence`)."""

    kind: ClassVar[str] = "diverged"
    where: str = ""        # "hidden 3" (0-based), "output" or "loss"
    quantity: str = ""     # "activation", "weight gradient", ...
    cause: Finding | None = None


# ---------------------------------------------------------------- the first/last gradient ratio

@dataclass(frozen=True)
class GradientRatio:
    """||dL/dW_1|| / ||dL/dW_last||, or the reason there is none (the window never shows NaN).

    ``reason``: ``""`` (``value`` is a finite number), ``"not_finite"`` (a norm is NaN/Inf: the run diverged),
    ``"first_zero"`` (no gradient reaches the first layer), ``"last_zero"`` (the last layer gets none),
    ``"both_zero"``, ``"empty"`` (no layers). ``dead_layers`` (0-based) are the fully dead ReLU layers that explain
    a zero, if any.
    """

    value: float | None
    reason: str = ""
    dead_layers: tuple[int, ...] = ()
    first: float = math.nan
    last: float = math.nan

    @property
    def finite(self) -> bool:
        return self.value is not None


def gradient_ratio(grad_norm: Sequence[float] | np.ndarray, dead: Sequence[float] | np.ndarray | None = None
                   ) -> GradientRatio:
    """First/last ratio of per-layer weight-gradient norms (``StepStats.grad_norm``), ``dead`` the per-layer dead
    fractions (``StepStats.dead``) that name the layers a zero comes from."""
    values = np.asarray(grad_norm, dtype=np.float64)
    if values.size == 0:
        return GradientRatio(None, "empty")
    first, last = float(values[0]), float(values[-1])
    dead_layers = () if dead is None else _fully_dead(np.asarray(dead, dtype=np.float64))
    if not (math.isfinite(first) and math.isfinite(last)):
        return GradientRatio(None, "not_finite", dead_layers, first, last)
    if first == 0.0 or last == 0.0:
        reason = "both_zero" if first == last else ("first_zero" if first == 0.0 else "last_zero")
        return GradientRatio(None, reason, dead_layers, first, last)
    value = first / last
    if not math.isfinite(value):  # e.g. 1e300 / 1e-300
        return GradientRatio(None, "not_finite", dead_layers, first, last)
    return GradientRatio(value, "", dead_layers, first, last)


def describe_ratio(ratio: GradientRatio, depth: int | None = None) -> str:
    """The ratio as text: ``"first/last = 5.2e-07"``, or what its absence means."""
    if ratio.value is not None:
        return f"first/last = {ratio.value:.2g}"
    dead = ratio.dead_layers
    dead_text = f": {_layer_phrase(dead)} {'is' if len(dead) == 1 else 'are'} dead" if dead else ""
    last_name = f"layer {depth}" if depth else "the last layer"
    if ratio.reason == "not_finite":
        return "no ratio: the gradient is not finite (the run diverged)"
    if ratio.reason == "first_zero":
        return f"no gradient reaches layer 1{dead_text or ': it underflowed to 0'}"
    if ratio.reason == "last_zero":
        return f"no gradient in {last_name}{dead_text}"
    if ratio.reason == "both_zero":
        return f"no gradient reaches layer 1{dead_text}" if dead else "no layer gets a gradient"
    return "no layers"


# ---------------------------------------------------------------- sentences

def layer_ranges(layers: Iterable[int]) -> str:
    """0-based layer indices as 1-based ranges: (0, 1, 2, 6) -> "1-3, 7"."""
    numbers = sorted({int(layer) + 1 for layer in layers})
    parts: list[str] = []
    start = previous = None
    for number in numbers:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ", ".join(parts)


def _layer_phrase(layers: Sequence[int]) -> str:
    if len(layers) == 1:
        return f"layer {layers[0] + 1}"
    return f"layers {layer_ranges(layers)}"


def _percent(fraction: float) -> str:
    return f"{100.0 * fraction:.0f}%"


def _times(value: float) -> str:
    return f"{value:.3g}x" if value < 1e4 else f"{value:.1e}x"


REMEDY_TEXT = {
    "reset": "press Reset",
    "undo": "undo the change or press Reset",
    "lower_lr": "lower the learning rate",
    "clip": "turn on gradient clipping",
    "scale_residual": "try scaling the branch",
    "layer_norm": "use layer norm or a larger batch",
    "larger_batch": "use a larger batch",
    "smaller_init": "use a smaller init or batch norm",
    "leaky_relu": "try Leaky ReLU or a lower learning rate",
    "relu_family": "try a ReLU-family activation",
    "float64": "use float64, which keeps numbers down to 1e-308",
}
RELU_FAMILY = ("relu", "leaky_relu", "prelu", "elu", "gelu")


def remedy_text(finding: Finding) -> str:
    """The remedy as a clause ("press Reset"); a smaller init names the one that suits the activation."""
    if finding.remedy == "smaller_init":
        activation = getattr(finding, "activation", "")
        if activation:
            suited = "He" if activation in RELU_FAMILY else "Xavier"
            if getattr(finding, "init", "") == suited.lower():  # the right scheme, times a gain above 1
                return f"use {suited} init with gain 1 or batch norm"
            return f"use {suited} init or batch norm"
    return REMEDY_TEXT.get(finding.remedy, "")


def _init_text(init: str, gain: float) -> str:
    return f"init '{init}'" if gain == 1.0 else f"init '{init}' with gain {gain:g}"


def mechanism_text(finding: Finding) -> str:
    """The mechanism of a finding as a clause, without the remedy (used inside loss-jump and divergence
    sentences)."""
    kind = finding.kind
    if isinstance(finding, DeadLayers):
        layers = finding.layers
        text = (f"{_layer_phrase(layers)} {'is' if len(layers) == 1 else 'are'} dead: every ReLU unit there "
                f"outputs 0 for the whole batch")
        if finding.gradient_blocked:
            text += ", so no gradient reaches layer 1"
        if finding.previous_activation:
            text += f" (the weights were trained for {finding.previous_activation}"
            text += ", whose outputs are all positive)" if finding.previous_activation == "sigmoid" else ")"
        return text
    if isinstance(finding, Saturation):
        name = {"sigmoid": "sigmoid'(z)", "tanh": "tanh'(z)"}.get(finding.activation, "the derivative")
        worst = max(finding.saturated_fraction, default=0.0)
        return (f"activations saturated: {name} ~ 0 for up to {_percent(worst)} of the units in "
                f"{_layer_phrase(finding.layers)}")
    if isinstance(finding, ResidualGrowth):
        last = (finding.layers[-1] + 1) if finding.layers else 0
        if finding.drifts and not finding.exponential:
            return (f"residual sum drifts: every block adds a positive output, so the stream's mean reaches "
                    f"{finding.stream_mean:.3g} at block {last}")
        if not math.isfinite(finding.growth):  # measured at a divergence: the stream overflowed on the way
            return f"residual sum grows: each block adds variance, until the stream overflows at block {last}"
        return (f"residual sum grows: each block adds variance, so the stream is {_times(finding.growth)} "
                f"larger at block {last} than at block 1")
    if isinstance(finding, ActivationGrowth):
        if not math.isfinite(finding.growth):
            return (f"activations grow layer over layer until they overflow at layer {len(finding.layers)}: "
                    f"{_init_text(finding.init, finding.init_gain)} is too large for {finding.activation}")
        return (f"activations grow {finding.per_layer:.2g}x per layer ({_times(finding.growth)} from layer 1 to "
                f"layer {len(finding.layers)}): {_init_text(finding.init, finding.init_gain)} is too large for "
                f"{finding.activation}")
    if isinstance(finding, TinyBatchNorm):
        return (f"batch norm on a batch of {finding.batch_size}: the batch statistics are meaningless")
    if isinstance(finding, UpdateTooLarge):
        worst = max(finding.update_ratio, default=0.0)
        return (f"learning rate too large for these weights: one update is {_percent(worst)} of the weights' size "
                f"in {_layer_phrase(finding.layers)} (healthy: about 0.1%)")
    if isinstance(finding, NoGradient):
        if finding.underflow:
            return (f"no gradient reaches {_layer_phrase(finding.layers)}: it shrank below the smallest "
                    f"{finding.dtype} number on its way back")
        return "no layer gets a weight gradient: the output does not depend on the weights"
    if isinstance(finding, (LossJump, LossRise)):
        return f"the loss rose {_times(finding.ratio)}"
    if isinstance(finding, Diverged):
        return f"training diverged at step {finding.step}"
    return kind


def _event_text(event: Event | None) -> str:
    return f"'{event.label}' at step {event.step}" if event is not None else "the start of the run"


def describe(finding: Finding) -> str:
    """One plain English sentence: what happened, why, and what to try (for the CLI and the tests)."""
    cause = getattr(finding, "cause", None)
    # a loss jump, rise or divergence suggests its cause's remedy: word it as the cause does
    remedy = remedy_text(cause if cause is not None and cause.remedy == finding.remedy else finding)
    tail = f"; {remedy}" if remedy else ""
    if isinstance(finding, LossJump):
        head = (f"Loss rose {_times(finding.ratio)} ({finding.loss_before:.3g} -> {finding.loss_after:.3g}) "
                f"within {finding.steps_after} steps of {_event_text(finding.event)}")
        cause = f": {mechanism_text(finding.cause)}" if finding.cause is not None else ""
        return f"{head}{cause}{tail}."
    if isinstance(finding, LossRise):
        level = "at the start of the run" if finding.event is None else f"before {_event_text(finding.event)}"
        head = (f"Loss stays {_times(finding.ratio)} above its level {level} ({finding.loss_before:.3g} -> "
                f"{finding.loss_now:.3g}, median of the last {LOSS_BASELINE_STEPS} steps)")
        cause = f": {mechanism_text(finding.cause)}" if finding.cause is not None else ""
        return f"{head}{cause}{tail}."
    if isinstance(finding, Diverged):
        where = finding.where
        if where.startswith("hidden "):
            where = f"hidden layer {int(where.split()[1]) + 1}"
        head = f"Training diverged at step {finding.step} (the {finding.quantity} in {where} overflowed)"
        if finding.event is not None:
            head += f" after {_event_text(finding.event)}"
        cause = f": {mechanism_text(finding.cause)}" if finding.cause is not None else ""
        return f"{head}{cause}{tail}."
    text = mechanism_text(finding)
    if finding.event is not None:
        text += f", after {_event_text(finding.event)}"
    return f"{text[0].upper()}{text[1:]}{tail}."


def summary_lines(findings: Sequence[Finding]) -> list[str]:
    """The findings for a terminal: a header and one line per finding (a line saying so if there is none)."""
    if not findings:
        return ["Diagnosis: nothing went wrong that bpviz can name."]
    return ["Diagnosis:"] + [f"  step {finding.step}: {describe(finding)}" for finding in findings]


def _json_value(value: Any) -> Any:
    if isinstance(value, Finding):
        return finding_to_dict(value)
    if isinstance(value, Event):
        return {"step": value.step, "label": value.label, "setting": value.setting, "kind": value.kind}
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """A finding as plain JSON-ready data: ``kind``, every field (layers 0-based), and ``text`` (its sentence)."""
    out: dict[str, Any] = {"kind": finding.kind}
    for field in dataclasses.fields(finding):
        out[field.name] = _json_value(getattr(finding, field.name))
    out["text"] = describe(finding)
    return out


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The findings for summary.json (``json.dumps`` takes the result as is)."""
    return [finding_to_dict(finding) for finding in findings]


# ---------------------------------------------------------------- detection (pure functions of one step)

def _indices(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(np.flatnonzero(mask).tolist())


def _values(array: np.ndarray, layers: tuple[int, ...]) -> tuple[float, ...]:
    return tuple(array[list(layers)].astype(np.float64).tolist())


def _fully_dead(dead: np.ndarray) -> tuple[int, ...]:
    return _indices(dead >= 1.0)


def _growth_of(first: float, middle: float, last: float, n: int) -> tuple[float, float] | None:
    """(last/first, per-layer factor from the middle layer n // 2 to the last) of n layers' RMS; None if fewer
    than 4 layers or a zero first layer. Exponential growth keeps its per-layer factor in the upper half; the
    linear or square-root growth of a stream that only accumulates does not."""
    if n < 4 or not first > 0.0:
        return None
    if not math.isfinite(last):  # the last layer's square overflowed: growth beyond measure
        return math.inf, math.inf
    per = (last / middle) ** (1.0 / (n - 1 - n // 2)) if middle > 0.0 else math.inf
    return last / first, per


def _growth(rms: np.ndarray) -> tuple[float, float] | None:
    """:func:`_growth_of` of a whole per-layer RMS profile. A profile that stops being finite part-way (it
    overflowed) grows beyond measure: (inf, inf)."""
    n = len(rms)
    finite = np.isfinite(rms)
    if n >= 4 and not finite.all():
        first_bad = int(np.argmin(finite))
        return (math.inf, math.inf) if first_bad >= 1 and rms[0] > 0 else None
    return _growth_of(float(rms[0]), float(rms[n // 2]), float(rms[-1]), n) if n else None


def _rms(array: np.ndarray) -> float:
    """Root mean square of all entries (a BLAS dot product: an overflow gives inf, with no warning)."""
    return math.sqrt(float(np.vdot(array, array)) / array.size) if array.size else 0.0


def stream_profile(outputs: Sequence[np.ndarray]) -> tuple[np.ndarray, float]:
    """Per-block RMS of the block outputs h_i and the mean of the last one (float64; overflow gives inf)."""
    rms = np.empty(len(outputs))
    with np.errstate(all="ignore"):
        for i, h in enumerate(outputs):
            rms[i] = _rms(h)
        mean = float(np.mean(outputs[-1], dtype=np.float64)) if len(outputs) and outputs[-1].size else 0.0
    return rms, mean


def _network_setting(config, name: str, default):
    """A NetworkConfig field that may not exist yet (residual_scale, normalization arrive with issue 10)."""
    return getattr(config.network, name, default)


def uses_batch_norm(config) -> bool:
    return bool(config.network.batchnorm) or _network_setting(config, "normalization", "none") == "batch"


def unscaled_residual(config) -> bool:
    """Residual connections with a plain ``h + a`` (residual_scale "none", today's only kind)."""
    return bool(config.network.residual) and _network_setting(config, "residual_scale", "none") == "none"


def detect(stats: StepStats, config, outputs: Sequence[np.ndarray] | None = None, *, start: bool = False,
           previous: dict[str, Finding] | None = None) -> tuple[dict[str, Finding], set[str]]:
    """Every mechanism visible in one step: (kind -> finding, the kinds strong enough to show on their own).

    ``outputs`` are the step's block outputs h_i (only read for an unscaled residual stream). ``start``: this is
    the first step of a run (saturation present then comes from the init). ``previous``: the findings shown so
    far (kind -> finding), for hysteresis. Findings carry no event or remedy yet.
    """
    step = stats.step
    net = config.network
    found: dict[str, Finding] = {}
    shown: set[str] = set()
    depth = len(stats.grad_norm)
    grad_norm = stats.grad_norm

    # Most checks first look at one maximum: the common, healthy case costs a handful of small reductions.
    dead: tuple[int, ...] = ()
    if net.activation == "relu":
        reported = previous.get("dead_layers") if previous else None
        if reported is not None:  # hysteresis: a dead layer with a unit that wakes on one batch stays reported
            dead = tuple(sorted(set(_fully_dead(stats.dead))
                                | {i for i in reported.layers if stats.dead[i] >= DEAD_LAYER_KEEP}))
        elif depth and stats.dead.max() >= 1.0:
            dead = _fully_dead(stats.dead)
    if dead:
        found["dead_layers"] = DeadLayers(step=step, layers=dead,
                                          dead_fraction=_values(stats.dead, dead),
                                          gradient_blocked=depth > 0 and float(grad_norm[0]) == 0.0)
        shown.add("dead_layers")

    if net.activation in ("sigmoid", "tanh") and depth and stats.saturation.max() >= SATURATED_LAYER:
        saturated = _indices(stats.saturation >= SATURATED_LAYER)
        if saturated:
            found["saturation"] = Saturation(
                step=step, layers=saturated, activation=net.activation, init=net.init, init_gain=net.init_gain,
                saturated_fraction=_values(stats.saturation, saturated))
            if start and _init_too_large(net):  # saturated by the init, not by training or a growing stream
                shown.add("saturation")

    if config.network.residual:
        if unscaled_residual(config) and outputs is not None and len(outputs) >= 4:
            n = len(outputs)
            last = _rms(outputs[-1])
            growth = _growth_of(_rms(outputs[0]), _rms(outputs[n // 2]), last, n)
            if growth is not None and growth[0] >= RESIDUAL_GROWTH_TOTAL:
                exponential = growth[1] >= GROWTH_PER_LAYER and growth[0] >= GROWTH_TOTAL
                found["residual_growth"] = ResidualGrowth(
                    step=step, layers=tuple(range(n)), growth=growth[0], per_block=growth[1],
                    stream_mean=float(outputs[-1].sum(dtype=np.float64)) / outputs[-1].size, stream_rms=last,
                    exponential=exponential, activation=net.activation)
                if exponential:
                    shown.add("residual_growth")
    else:
        mean, std = stats.activation_mean, stats.activation_std
        middle = depth // 2
        growth = None
        if depth >= 4:  # RMS = hypot(mean, std)
            growth = _growth_of(math.hypot(mean[0], std[0]), math.hypot(mean[middle], std[middle]),
                                math.hypot(mean[-1], std[-1]), depth)
        if growth is not None and growth[1] >= GROWTH_PER_LAYER and growth[0] >= GROWTH_TOTAL:
            found["activation_growth"] = ActivationGrowth(
                step=step, layers=tuple(range(depth)), growth=growth[0], per_layer=growth[1],
                activation=net.activation, init=net.init, init_gain=net.init_gain)
            shown.add("activation_growth")

    batch = min(config.train.batch_size, _train_size(config))
    if uses_batch_norm(config) and batch <= TINY_BATCH:
        found["tiny_batch_norm"] = TinyBatchNorm(step=step, layers=tuple(range(depth)), batch_size=batch)
        shown.add("tiny_batch_norm")

    ratios = stats.update_ratio
    if depth and ratios.max() > UPDATE_RATIO_LIMIT:
        large = _indices(ratios > UPDATE_RATIO_LIMIT)
        found["update_too_large"] = UpdateTooLarge(
            step=step, layers=large, update_ratio=_values(ratios, large),
            learning_rate=config.train.learning_rate, optimizer=config.train.optimizer)
        shown.add("update_too_large")

    if depth and float(grad_norm[0]) == 0.0 and "dead_layers" not in found:
        zero = _indices(grad_norm == 0.0)
        found["no_gradient"] = NoGradient(step=step, layers=zero, underflow=float(grad_norm[-1]) > 0.0,
                                          dtype=config.train.dtype)
        shown.add("no_gradient")
    return found, shown


def _init_too_large(net) -> bool:
    """An init above the usual scale for any activation: N(0, 1), or any scheme times a gain above 1."""
    return net.init == "large" or net.init_gain > 1.0


def _train_size(config) -> int:
    return max(1, int(config.data.samples * config.data.train_fraction))


_OWN_EVENT = object()


def remedy_for(finding: Finding, config, event: Event | None | object = _OWN_EVENT) -> str:
    """The remedy to suggest for a finding; ``event``: the live change it follows, if not ``finding.event``."""
    kind = finding.kind
    if event is _OWN_EVENT:
        event = finding.event
    if kind == "dead_layers":
        return "reset" if event is not None else "leaky_relu"
    if kind == "saturation":
        return "smaller_init" if _init_too_large(config.network) else "relu_family"
    if kind == "residual_growth":
        return "scale_residual"
    if kind == "activation_growth":
        return "smaller_init"
    if kind == "tiny_batch_norm":
        return "layer_norm" if hasattr(config.network, "normalization") else "larger_batch"
    if kind == "update_too_large":
        return "lower_lr"
    if kind == "no_gradient":
        if finding.underflow and config.train.dtype == "float32":
            return "float64"
        return "relu_family" if config.network.activation in ("sigmoid", "tanh") else "reset"
    if isinstance(finding, (LossJump, LossRise, Diverged)):
        if finding.cause is not None:
            return finding.cause.remedy
        if kind != "diverged":
            return "undo" if event is not None else "lower_lr"
        return "lower_lr" if config.train.clip_mode != "off" else "clip"
    return ""


# ---------------------------------------------------------------- the watcher

@dataclass
class _Regime:
    """Training since the last live change (or since the start of the run): what the loss is measured against."""

    start: int                      # the step the change was made after (0: the start of the run)
    events: tuple[Event, ...]       # the change(s) made then (empty: the start of the run)
    baseline: float | None          # the loss before it (None until the first step after the start)
    baseline_kinds: frozenset[str]  # the mechanisms visible before it
    config_before: Any = None       # the config before the change
    peak: float = 0.0               # the highest median of 3 consecutive losses in its first LOSS_JUMP_WINDOW steps
    peak_step: int = 0
    jump: LossJump | None = None
    rise: LossRise | None = None
    evidence: dict[str, Finding] = dataclasses.field(default_factory=dict)  # divergence mechanisms seen in it


class Diagnosis:
    """The incremental watcher a Trainer owns (``trainer.diagnosis``); :attr:`findings` is what is wrong now.

    ``observe`` is called once per step with that step's StepStats, the config, the History's events and the
    step's block outputs; ``observe_divergence`` once when the run diverges. A Trainer makes a new one per reset.
    Per step it stores the loss and compares a median of three with the loss before the last change (a few
    Python operations); the per-layer checks (:func:`detect`) run every EVALUATE_EVERY steps and at the first
    step after the start and after each change.
    """

    RING = 128  # losses kept (>= LOSS_BASELINE_STEPS + LOSS_JUMP_WINDOW + 3)

    def __init__(self) -> None:
        self._losses = [0.0] * self.RING
        self._last_step = 0
        self._events_seen = 0
        self._config = None
        self._regime = _Regime(0, (), None, frozenset())
        self._next_evaluation = 1
        self._evaluated = False
        self._possible: frozenset[str] = frozenset()   # mechanisms visible at the last evaluation
        self._state: dict[str, Finding] = {}           # findings shown on their own (kind -> finding)
        self._older: list[LossJump | LossRise] = []    # loss findings of earlier regimes, not yet recovered
        self._diverged: Diverged | None = None
        self._findings: tuple[Finding, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Most important first: a divergence alone (nothing after it is measured); else the loss jumps and rises
        (newest first), then the state findings, except those already named as the cause of one of them."""
        return self._findings

    # ---- per step

    def observe(self, stats: StepStats, config, events: Sequence[Event],
                outputs: Sequence[np.ndarray] | None = None) -> None:
        """Take one finished step (``outputs``: its block outputs h_i, read only at evaluations)."""
        step = stats.step
        if len(events) != self._events_seen:
            self._take_events(events)
        self._config = config
        loss = stats.loss
        ring = self._losses
        ring[step % self.RING] = loss
        self._last_step = step
        regime = self._regime
        if regime.baseline is None:
            regime.baseline = loss  # the start of a run, or a change before the first step
        since = step - regime.start
        if 3 <= since <= LOSS_JUMP_WINDOW:
            median3 = sorted((ring[(step - 2) % self.RING], ring[(step - 1) % self.RING], loss))[1]
            if median3 > regime.peak:
                regime.peak, regime.peak_step = median3, since
                if _rose(median3, regime.baseline, LOSS_JUMP_FACTOR):
                    self._record_jump(regime, stats, config, outputs)
        if step >= self._next_evaluation:
            self._evaluate(stats, config, outputs)

    def _take_events(self, events: Sequence[Event]) -> None:
        fresh = tuple(event for event in events[self._events_seen:] if event.kind == "change")
        self._events_seen = len(events)
        if not fresh:
            return
        regime = self._regime
        start = fresh[-1].step
        if regime.jump is None and regime.start >= start - 3 and (regime.events or regime.start == start):
            # changes in a row (a few steps apart): one regime, measured from the loss before the first of them
            regime.events = regime.events + fresh
            regime.start = start
        else:
            self._older = [f for f in (regime.jump, regime.rise) if f is not None] + self._older
            del self._older[MAX_LOSS_JUMPS:]
            last = self._last_step
            count = min(LOSS_BASELINE_STEPS, last)
            recent = [self._losses[s % self.RING] for s in range(last - count + 1, last + 1)]
            self._regime = _Regime(start, fresh, _median(recent) if recent else None, self._possible,
                                   self._config)
        self._next_evaluation = 0  # check the layers at the first step after a change

    def _record_jump(self, regime: _Regime, stats: StepStats, config, outputs) -> None:
        """The regime's LossJump, new or with its higher peak (the cause found first is kept)."""
        cause = regime.jump.cause if regime.jump is not None else self._cause(regime, stats, config, outputs)
        event = regime.jump.event if regime.jump is not None else self._event_for(cause, regime)
        jump = LossJump(step=regime.jump.step if regime.jump is not None else stats.step,
                        layers=cause.layers if cause is not None else (), event=event,
                        loss_before=regime.baseline, loss_after=regime.peak, ratio=regime.peak / regime.baseline,
                        steps_after=regime.peak_step, cause=cause)
        regime.jump = dataclasses.replace(jump, remedy=remedy_for(jump, config))
        regime.rise = None
        self._publish()

    def _cause(self, regime: _Regime, stats: StepStats, config, outputs) -> Finding | None:
        """The mechanism behind a loss jump or rise: the first (in MECHANISM_ORDER) that appeared since the
        regime began, else the first present."""
        found, _ = detect(stats, config, outputs, start=not regime.events, previous=self._state)
        cause = _first(found, MECHANISM_ORDER, regime.baseline_kinds) or _first(found, MECHANISM_ORDER)
        if cause is None:
            return None
        return self._finish(cause, config, self._relevant_event(cause.kind, regime.events))

    def _event_for(self, cause: Finding | None, regime: _Regime) -> Event | None:
        return self._relevant_event(cause.kind if cause is not None else "", regime.events)

    # ---- per-layer checks

    def _evaluate(self, stats: StepStats, config, outputs) -> None:
        step = stats.step
        start = not self._evaluated
        self._evaluated = True
        self._next_evaluation = step + EVALUATE_EVERY
        regime = self._regime
        found, shown = detect(stats, config, outputs, start=start, previous=self._state)
        state: dict[str, Finding] = {}
        attributable = bool(regime.events) and step - regime.start <= ATTRIBUTION_WINDOW
        for kind in MECHANISM_ORDER:
            if kind not in found:
                continue
            previous = self._state.get(kind)
            if previous is None and kind not in shown:
                continue  # e.g. saturation that training brought about: healthy, not a finding
            if previous is not None:
                event, first_step = previous.event, previous.step
            else:
                event, first_step = None, step
                if attributable and kind not in regime.baseline_kinds:
                    event = self._relevant_event(kind, regime.events)
            state[kind] = self._finish(found[kind], config, event, first_step)
        for kind in DIVERGENCE_MECHANISMS:
            if kind in found and kind not in regime.evidence:
                regime.evidence[kind] = state.get(kind) or self._finish(found[kind], config, None)
        self._possible = frozenset(found)
        changed = state != self._state
        self._state = state
        changed |= self._check_losses(regime, stats, config, outputs)
        if changed:
            self._publish()

    def _check_losses(self, regime: _Regime, stats: StepStats, config, outputs) -> bool:
        """Loss rises (a sustained rise), and loss findings that are over. Returns whether anything changed."""
        step = stats.step
        ring = self._losses
        count = min(LOSS_BASELINE_STEPS, step - regime.start)
        changed = False
        if count >= 3:
            recent = _median([ring[s % self.RING] for s in range(step - count + 1, step + 1)])
        else:
            recent = None
        if recent is not None and regime.jump is None and count == LOSS_BASELINE_STEPS:
            if _rose(recent, regime.baseline, LOSS_RISE_FACTOR):
                cause = regime.rise.cause if regime.rise is not None else self._cause(regime, stats, config, outputs)
                event = regime.rise.event if regime.rise is not None else self._event_for(cause, regime)
                rise = LossRise(step=regime.rise.step if regime.rise is not None else step,
                                layers=cause.layers if cause is not None else (), event=event,
                                loss_before=regime.baseline, loss_now=recent, ratio=recent / regime.baseline,
                                steps_after=step - regime.start, cause=cause)
                regime.rise = dataclasses.replace(rise, remedy=remedy_for(rise, config))
                changed = True
            elif regime.rise is not None and recent < LOSS_RECOVERED_FACTOR * regime.baseline:
                regime.rise = None
                changed = True
        if recent is not None and regime.jump is not None and step - regime.start > LOSS_JUMP_WINDOW:
            if recent < LOSS_RECOVERED_FACTOR * regime.jump.loss_before:
                regime.jump = None
                changed = True
        if self._older and recent is not None:
            kept = [f for f in self._older if recent >= LOSS_RECOVERED_FACTOR * f.loss_before]
            changed |= len(kept) != len(self._older)
            self._older = kept
        return changed

    def _finish(self, finding: Finding, config, event: Event | None, step: int | None = None) -> Finding:
        """The finding tied to ``event`` (if any), with its remedy, the activation a live change replaced (dead
        layers) and the step it first appeared at (one ``dataclasses.replace``: this runs at every check)."""
        changes: dict[str, Any] = {"event": event, "remedy": remedy_for(finding, config, event)}
        if isinstance(finding, DeadLayers) and event is not None and event.setting == "network.activation":
            before = self._regime.config_before
            if before is not None and before.network.activation != config.network.activation:
                changes["previous_activation"] = before.network.activation
        if step is not None:
            changes["step"] = step
        return dataclasses.replace(finding, **changes)

    @staticmethod
    def _relevant_event(kind: str, events: Sequence[Event]) -> Event | None:
        """Of the changes made together, the one that can cause ``kind`` (else the last)."""
        settings = _CAUSING_SETTINGS.get(kind, ())
        for event in reversed(events):
            if event.setting in settings:
                return event
        return events[-1] if events else None

    # ---- divergence

    def observe_divergence(self, divergence: Divergence, config, events: Sequence[Event],
                           outputs: Sequence[np.ndarray] | None = None,
                           last_stats: StepStats | None = None) -> None:
        """The run diverged: a Diverged finding with the mechanism seen since the last change or, if none was
        seen, in the last finite step and in the diverging step's block outputs (those still finite)."""
        if len(events) != self._events_seen:
            self._take_events(events)
        regime = self._regime
        cause = _first(regime.evidence, DIVERGENCE_MECHANISMS)
        if cause is None:
            candidates: dict[str, Finding] = {}
            if last_stats is not None:
                found, _ = detect(last_stats, config, None)
                candidates.update(found)
            if outputs is not None and len(outputs) >= 4:
                candidates.update(_growth_at_divergence(divergence.step, config, outputs))
            cause = _first(candidates, LATE_DIVERGENCE_MECHANISMS)
            if cause is not None:
                cause = self._finish(cause, config, None)
        event = None
        if regime.events and divergence.step - regime.start <= ATTRIBUTION_WINDOW:
            event = self._event_for(cause, regime)
        diverged = Diverged(step=divergence.step, layers=_hidden_index(divergence.layer), event=event,
                            where=divergence.layer, quantity=divergence.quantity, cause=cause)
        self._diverged = dataclasses.replace(diverged, remedy=remedy_for(diverged, config))
        self._publish()

    # ---- the tuple every snapshot carries

    def _publish(self) -> None:
        if self._diverged is not None:
            self._findings = (self._diverged,)
            return
        regime = self._regime
        head: list[Finding] = [f for f in (regime.jump, regime.rise) if f is not None] + self._older
        explained = {f.cause.kind for f in head if f.cause is not None}
        self._findings = tuple(head) + tuple(f for kind, f in self._state.items() if kind not in explained)


def _median(values: list[float]) -> float:
    """Median of a few Python floats (cheaper than NumPy's for twenty)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else 0.5 * (ordered[half - 1] + ordered[half])


def _rose(loss: float, baseline: float | None, factor: float) -> bool:
    return (baseline is not None and baseline > 0 and math.isfinite(loss) and loss >= LOSS_JUMP_MINIMUM
            and loss > factor * baseline)


def _first(found: dict[str, Finding], order: Sequence[str], exclude: frozenset[str] = frozenset()
           ) -> Finding | None:
    for kind in order:
        if kind in found and kind not in exclude:
            return found[kind]
    return None


def _growth_at_divergence(step: int, config, outputs: Sequence[np.ndarray]) -> dict[str, Finding]:
    """Exponential growth of the diverging step's block outputs (measured over those still finite)."""
    rms, mean = stream_profile(outputs)
    growth = _growth(rms)
    if growth is None or growth[0] < GROWTH_TOTAL or growth[1] < GROWTH_PER_LAYER:
        return {}
    net = config.network
    finite = np.isfinite(rms)
    # up to the layer where the stream overflowed (its square is beyond float64), if it did
    layers = tuple(range(len(outputs) if finite.all() else int(np.argmin(finite)) + 1))
    if not net.residual:
        return {"activation_growth": ActivationGrowth(step=step, layers=layers, growth=growth[0],
                                                      per_layer=growth[1], activation=net.activation,
                                                      init=net.init, init_gain=net.init_gain)}
    if not unscaled_residual(config):
        return {}
    return {"residual_growth": ResidualGrowth(
        step=step, layers=layers, growth=growth[0], per_block=growth[1],
        stream_mean=mean if math.isfinite(mean) else 0.0, stream_rms=float(rms[-1]), exponential=True,
        activation=net.activation)}


def _hidden_index(layer: str) -> tuple[int, ...]:
    if layer.startswith("hidden "):
        try:
            return (int(layer.split()[1]),)
        except ValueError:
            return ()
    return ()
