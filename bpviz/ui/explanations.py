"""What went wrong, in one sentence a student understands, in the UI language (issue 9 item 3, issue 10 item 5).

The engine finds the mechanisms (:mod:`bpviz.engine.diagnosis`: a :class:`~bpviz.engine.diagnosis.Finding` on every
Snapshot) and words them in English for the CLI; this module words the same findings through Qt's translation
system, from each finding's ``kind`` and fields (every number a sentence shows is a field). The window's banner
(:mod:`bpviz.ui.divergence_banner`) shows one explanation per network: why it diverged, or the first of
:data:`EXPLAINED_KINDS` that a live change (or the start of the run) brought.

Strings go through ``translate("Explanations", "text")`` with a literal context, which Qt's lupdate extracts.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication

from bpviz.engine.diagnosis import (
    RELU_FAMILY, ActivationGrowth, DeadLayers, Diverged, Finding, LossJump, LossRise, NoGradient, ResidualGrowth,
    Saturation, TinyBatchNorm, UpdateTooLarge, layer_ranges,
)
from bpviz.engine.telemetry import Snapshot
from bpviz.ui.plots.texts import activation_text, event_text

translate = QCoreApplication.translate

# The findings the banner explains on their own: training got worse (the loss jumped or keeps rising after a
# change) or stopped (layers dead). A divergence is explained through its Diverged finding's cause.
EXPLAINED_KINDS = ("loss_jump", "loss_rise", "dead_layers")
# Remedies for which the banner's Reset button is the thing to press
RESET_REMEDIES = ("reset", "undo")


def banner_finding(snapshot: Snapshot | None) -> Finding | None:
    """The finding the banner explains for one network: its divergence (the Diverged finding), else the first
    (most important) of EXPLAINED_KINDS, else None."""
    if snapshot is None:
        return None
    findings: Sequence[Finding] = getattr(snapshot, "findings", ()) or ()
    if snapshot.divergence is not None:
        return next((f for f in findings if isinstance(f, Diverged)), None)
    return next((f for f in findings if f.kind in EXPLAINED_KINDS), None)


def offers_reset(finding: Finding | None) -> bool:
    """Whether Reset is what helps (dead layers, an unwanted change, a divergence)."""
    if finding is None:
        return False
    cause = getattr(finding, "cause", None)
    return (finding.remedy in RESET_REMEDIES or isinstance(finding, (DeadLayers, Diverged))
            or (cause is not None and cause.remedy in RESET_REMEDIES))


# ---------------------------------------------------------------- pieces

def _layers(layers: Sequence[int]) -> str:
    """0-based layers as people count them: "layer 10", "layers 7-10"."""
    if len(layers) == 1:
        return translate("Explanations", "layer {number}").format(number=layers[0] + 1)
    return translate("Explanations", "layers {ranges}").format(ranges=layer_ranges(layers))


def _times(value: float) -> str:
    return f"{value:.3g}×" if value < 1e4 else f"{value:.1e}×"


def _percent(fraction: float) -> str:
    return f"{100.0 * fraction:.0f}%"


def _number(value: float) -> str:
    return f"{value:.3g}"


def _init(init: str, gain: float) -> str:
    if gain == 1.0:
        return translate("Explanations", "init “{init}”").format(init=init)
    return translate("Explanations", "init “{init}” with gain {gain}").format(init=init, gain=f"{gain:g}")


def remedy_sentence(finding: Finding) -> str:
    """What to try, as a sentence ("Press Reset to start from fresh weights."); "" when there is nothing to say."""
    remedy = finding.remedy
    if remedy == "smaller_init":
        activation = getattr(finding, "activation", "")
        suited = "He" if activation in RELU_FAMILY else "Xavier"
        if activation and getattr(finding, "init", "") == suited.lower():
            return translate("Explanations", "Use {scheme} init with gain 1, or batch norm.").format(scheme=suited)
        return translate("Explanations", "Use {scheme} init, or batch norm.").format(scheme=suited)
    sentences = {
        "reset": translate("Explanations", "Press Reset to start from fresh weights."),
        "undo": translate("Explanations", "Undo the change, or press Reset to start from fresh weights."),
        "lower_lr": translate("Explanations", "Lower the learning rate."),
        "clip": translate("Explanations", "Turn on gradient clipping."),
        "scale_residual": translate("Explanations", "Try scaling the branch (ReZero or 1/√depth)."),
        "layer_norm": translate("Explanations", "Use layer norm, or a larger batch."),
        "larger_batch": translate("Explanations", "Use a larger batch."),
        "leaky_relu": translate("Explanations", "Try Leaky ReLU, or a lower learning rate."),
        "relu_family": translate("Explanations", "Try an activation of the ReLU family."),
        "float64": translate("Explanations", "Use float64, which keeps numbers down to 1e-308."),
    }
    return sentences.get(remedy, "")


def mechanism(finding: Finding) -> str:
    """The mechanism as a clause, without the remedy, e.g. "the residual sum grows: each block adds variance, so
    the stream is 102× larger at block 10 than at block 1"."""
    if isinstance(finding, DeadLayers):
        where = _layers(finding.layers)
        if finding.previous_activation:
            return translate("Explanations", "in {layers} every ReLU unit is dead: after training with {activation}, "
                             "their inputs are all negative, so no gradient passes").format(
                layers=where, activation=activation_text(finding.previous_activation))
        return translate("Explanations", "in {layers} every ReLU unit outputs 0 for the whole batch, so no gradient "
                         "passes").format(layers=where)
    if isinstance(finding, ResidualGrowth):
        last = (finding.layers[-1] + 1) if finding.layers else 0
        if finding.drifts and not finding.exponential:
            return translate("Explanations", "the residual sum drifts: every block adds a positive output, so the "
                             "stream's mean reaches {mean} at block {block}").format(
                mean=_number(finding.stream_mean), block=last)
        if finding.growth != finding.growth or finding.growth == float("inf"):
            return translate("Explanations", "the residual sum grows: each block adds variance, until the stream "
                             "overflows at block {block}").format(block=last)
        return translate("Explanations", "the residual sum grows: each block adds variance, so the stream is "
                         "{growth} larger at block {block} than at block 1").format(
            growth=_times(finding.growth), block=last)
    if isinstance(finding, ActivationGrowth):
        init = _init(finding.init, finding.init_gain)
        activation = activation_text(finding.activation)
        if finding.growth != finding.growth or finding.growth == float("inf"):
            return translate("Explanations", "the activations grow layer over layer until they overflow: {init} is "
                             "too large for {activation}").format(init=init, activation=activation)
        return translate("Explanations", "the activations grow {factor} per layer: {init} is too large for "
                         "{activation}").format(factor=_times(finding.per_layer), init=init, activation=activation)
    if isinstance(finding, TinyBatchNorm):
        return translate("Explanations", "batch norm over a batch of {size}: its batch statistics are "
                         "meaningless").format(size=finding.batch_size)
    if isinstance(finding, UpdateTooLarge):
        return translate("Explanations", "the learning rate is too large for these weights: one update is {share} "
                         "of the weights' size in {layers} (healthy: about 0.1%)").format(
            share=_percent(max(finding.update_ratio, default=0.0)), layers=_layers(finding.layers))
    if isinstance(finding, Saturation):
        return translate("Explanations", "the activations are saturated: {activation}'s slope is about 0 for up to "
                         "{share} of the units in {layers}").format(
            activation=activation_text(finding.activation), share=_percent(max(finding.saturated_fraction,
                                                                                 default=0.0)),
            layers=_layers(finding.layers))
    if isinstance(finding, NoGradient):
        if finding.underflow:
            return translate("Explanations", "no gradient reaches {layers}: it shrank below the smallest {dtype} "
                             "number on its way back").format(layers=_layers(finding.layers), dtype=finding.dtype)
        return translate("Explanations", "no layer gets a weight gradient")
    return finding.kind


def _sentence(clause: str) -> str:
    return f"{clause[:1].upper()}{clause[1:]}" if clause else clause


def explanation(finding: Finding) -> str:
    """The finding in one or two sentences: what happened and why, then what to try."""
    cause = getattr(finding, "cause", None)
    remedy = remedy_sentence(cause if cause is not None and cause.remedy == finding.remedy else finding)
    if isinstance(finding, (LossJump, LossRise)):
        if isinstance(finding, LossJump):
            before, after = _number(finding.loss_before), _number(finding.loss_after)
            if finding.event is not None:
                head = translate("Explanations", "The loss rose {ratio} ({before} → {after}) within {steps} steps of "
                                 "“{change}”").format(ratio=_times(finding.ratio), before=before, after=after,
                                                     steps=finding.steps_after, change=event_text(finding.event))
            else:
                head = translate("Explanations", "The loss rose {ratio} ({before} → {after}) in the first {steps} "
                                 "steps").format(ratio=_times(finding.ratio), before=before, after=after,
                                                 steps=finding.steps_after)
        else:
            before, now = _number(finding.loss_before), _number(finding.loss_now)
            if finding.event is not None:
                head = translate("Explanations", "The loss stays {ratio} above its level before “{change}” "
                                 "({before} → {now})").format(ratio=_times(finding.ratio), before=before, now=now,
                                                             change=event_text(finding.event))
            else:
                head = translate("Explanations", "The loss stays {ratio} above its level at the start "
                                 "({before} → {now})").format(ratio=_times(finding.ratio), before=before, now=now)
        if cause is not None:
            text = translate("Explanations", "{what}: {why}.").format(what=head, why=mechanism(cause))
        else:
            text = translate("Explanations", "{what}.").format(what=head)
    elif isinstance(finding, Diverged):
        if cause is None:
            return ""  # the banner's divergence sentence already says what to try
        if finding.event is not None:
            text = translate("Explanations", "Why: after “{change}” at step {step}, {why}.").format(
                change=event_text(finding.event), step=finding.event.step, why=mechanism(cause))
        else:
            text = translate("Explanations", "Why: {why}.").format(why=mechanism(cause))
    else:
        text = _sentence(translate("Explanations", "{why}.").format(why=mechanism(finding)))
    return translate("Explanations", "{what} {todo}").format(what=text, todo=remedy) if remedy else text
