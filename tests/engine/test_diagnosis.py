"""What went wrong and why (bpviz.engine.diagnosis): every situation is produced by a real Trainer run, the way a
student produces it in the window, and the finding must name the mechanism, the layers and the remedy."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from types import SimpleNamespace

import numpy as np
import pytest

from bpviz.config import ExperimentConfig, NetworkConfig
from bpviz.engine import diagnosis
from bpviz.engine.diagnosis import (
    DeadLayers, Diagnosis, Diverged, GradientRatio, LossJump, LossRise, ResidualGrowth, Saturation, TinyBatchNorm,
    UpdateTooLarge, describe, describe_ratio, findings_to_json, gradient_ratio, layer_ranges, summary_lines,
)
from bpviz.engine.trainer import Trainer


def config(**changes) -> ExperimentConfig:
    return ExperimentConfig().replace(**changes)


RELU_HE = {"network.activation": "relu", "network.init": "he"}


def findings(trainer: Trainer) -> tuple:
    return trainer.snapshot(histograms=False).findings


def only(found: tuple, cls: type):
    matching = [finding for finding in found if isinstance(finding, cls)]
    assert len(matching) == 1, found
    return matching[0]


# ---------------------------------------------------------------- sigmoid -> ReLU, live (issue 9 item 3)

# The default network (sigmoid, Xavier, depth 10, spirals, SGD lr 0.1, seed 0). After 3000 steps its last layer's
# pre-activations are negative for every example: switched to ReLU, that layer is dead on every batch (measured:
# from about 2400 steps on it is dead on some batches, from 3000 on every one of the next 60).
SIGMOID_STEPS = 3000


@pytest.fixture(scope="module")
def sigmoid_then_relu():
    trainer = Trainer(ExperimentConfig())
    trainer.run(SIGMOID_STEPS)
    before = findings(trainer)
    trainer.apply_config(trainer.config.replace(**{"network.activation": "relu"}))
    first = trainer.step()
    after_one = findings(trainer)
    per_step = []
    for _ in range(60):
        trainer.step()
        per_step.append(findings(trainer))
    return SimpleNamespace(trainer=trainer, before=before, first=first, after_one=after_one, per_step=per_step)


def test_a_trained_sigmoid_network_has_no_finding(sigmoid_then_relu):
    assert sigmoid_then_relu.before == ()


def test_switching_to_relu_kills_the_last_layer_and_the_finding_says_which_why_and_reset(sigmoid_then_relu):
    run = sigmoid_then_relu
    assert run.first.dead[-1] == 1.0 and run.first.grad_norm[0] == 0.0  # the phenomenon itself
    dead = only(run.after_one, DeadLayers)
    assert dead.kind == "dead_layers"
    assert dead.layers == tuple(np.flatnonzero(run.first.dead == 1.0)) and 9 in dead.layers
    assert dead.dead_fraction == (1.0,) * len(dead.layers)
    assert dead.gradient_blocked
    assert dead.event is not None and dead.event.label == "activation relu" and dead.event.step == SIGMOID_STEPS
    assert dead.previous_activation == "sigmoid"
    assert dead.remedy == "reset"
    assert dead.step == SIGMOID_STEPS + 1
    text = describe(dead)
    assert text.startswith("Layer 10 is dead")
    assert "no gradient reaches layer 1" in text and "sigmoid" in text and "press Reset" in text


def test_the_dead_layer_finding_stays_while_the_layer_stays_dead(sigmoid_then_relu):
    for found in sigmoid_then_relu.per_step:
        dead = only(found, DeadLayers)
        assert 9 in dead.layers and dead.event is not None and dead.remedy == "reset"
        assert dead.step == SIGMOID_STEPS + 1  # when it appeared, not when it was last checked


def test_the_first_last_ratio_of_the_dead_network_is_a_reason_not_nan(sigmoid_then_relu):
    stats = sigmoid_then_relu.trainer.last_stats
    ratio = gradient_ratio(stats.grad_norm, stats.dead)
    assert ratio.value is None and not ratio.finite
    assert ratio.reason == "both_zero" and 9 in ratio.dead_layers
    text = describe_ratio(ratio, depth=10)
    assert text == "no gradient reaches layer 1: layer 10 is dead"
    assert "nan" not in text.lower()


# ---------------------------------------------------------------- healthy runs

@pytest.mark.parametrize("changes", [
    {},                                                          # the default sigmoid network (vanishing is
    {**RELU_HE, "network.depth": 6},                             # the lesson, not a fault)
    {"network.activation": "tanh"},
    {**RELU_HE, "network.batchnorm": True, "network.depth": 6},
    {"network.residual": True, "network.depth": 15},             # the residual lesson's remedy: it learns
], ids=["sigmoid", "relu-he", "tanh", "relu-he-bn", "sigmoid-residual-15"])
def test_a_healthy_run_has_no_finding(changes):
    trainer = Trainer(config(**changes))
    for _ in range(4):
        trainer.run(50)
        assert findings(trainer) == ()
    assert trainer.divergence is None


# ---------------------------------------------------------------- divergence

DIVERGING = {**RELU_HE, "network.depth": 6, "train.learning_rate": 50.0}


def test_a_too_high_learning_rate_diverges_and_the_update_is_named():
    trainer = Trainer(config(**DIVERGING))
    trainer.run(50)
    assert trainer.divergence is not None
    (diverged,) = findings(trainer)  # nothing after a divergence is measured: it stands alone
    assert isinstance(diverged, Diverged) and diverged.kind == "diverged"
    assert (diverged.step, diverged.where, diverged.quantity) == (
        trainer.divergence.step, trainer.divergence.layer, trainer.divergence.quantity)
    assert diverged.layers == (int(trainer.divergence.layer.split()[1]),)
    assert isinstance(diverged.cause, UpdateTooLarge)
    assert max(diverged.cause.update_ratio) > 0.5 and diverged.cause.learning_rate == 50.0
    assert diverged.remedy == "lower_lr" and diverged.event is None
    text = describe(diverged)
    assert text.startswith(f"Training diverged at step {trainer.divergence.step}")
    assert "learning rate too large" in text and "lower the learning rate" in text


def test_raising_the_learning_rate_live_diverges_after_that_change():
    trainer = Trainer(config(**RELU_HE, **{"network.depth": 6}))
    trainer.run(100)
    assert findings(trainer) == ()
    trainer.apply_config(trainer.config.replace(**{"train.learning_rate": 3.0}))
    trainer.run(60)
    assert trainer.divergence is not None
    (diverged,) = findings(trainer)
    assert diverged.event is not None and diverged.event.label == "lr 3"
    # the activations have exploded by then too, but as a result of the updates, not of the init
    assert isinstance(diverged.cause, UpdateTooLarge) and diverged.remedy == "lower_lr"
    assert "after 'lr 3' at step 100" in describe(diverged)


def test_a_plain_relu_residual_stack_explodes_and_the_residual_sum_is_named():
    # DESIGN.md §9: residual with every other field at its default; residual_scale "none" where it exists
    changes = {**RELU_HE, "network.residual": True}
    if hasattr(NetworkConfig(), "residual_scale"):
        changes["network.residual_scale"] = "none"
    trainer = Trainer(config(**changes))
    trainer.run(50)
    assert trainer.divergence is not None
    (diverged,) = findings(trainer)
    growth = diverged.cause
    assert isinstance(growth, ResidualGrowth) and growth.kind == "residual_growth"
    assert growth.exponential and growth.per_block > 1.3 and growth.growth > 20
    assert growth.layers == tuple(range(10))
    assert diverged.remedy == growth.remedy == "scale_residual"
    text = describe(diverged)
    assert "residual sum grows: each block adds variance" in text and "try scaling the branch" in text


def test_ticking_residual_live_on_a_relu_network_explodes_after_that_change():
    trainer = Trainer(config(**RELU_HE, **{"network.residual_scale": "none"}))  # the plain sum h + a
    trainer.run(50)
    trainer.apply_config(trainer.config.replace(**{"network.residual": True}))
    trainer.run(30)
    assert trainer.divergence is not None
    (diverged,) = findings(trainer)
    assert diverged.event is not None and diverged.event.label == "residual on"
    assert isinstance(diverged.cause, ResidualGrowth) and diverged.cause.exponential
    assert "after 'residual on' at step 50" in describe(diverged)


def test_a_residual_stream_that_grows_without_exploding_is_only_named_as_a_cause():
    # tanh, Xavier, depth 30: the stream grows ~20x, linearly, and saturates the upper layers; the loss jumps in
    # the first steps (explained by the stream) and recovers; after that neither is a finding: the network learns
    trainer = Trainer(config(**{"network.activation": "tanh", "network.residual": True, "network.depth": 30,
                                "network.residual_scale": "none"}))
    trainer.run(10)
    jump = only(findings(trainer), LossJump)
    assert jump.event is None and isinstance(jump.cause, ResidualGrowth)
    assert jump.cause.growth > 10 and not jump.cause.exponential
    trainer.run(90)
    assert trainer.last_stats.saturation.max() > 0.5
    assert findings(trainer) == ()


@pytest.mark.skipif(not hasattr(NetworkConfig(), "residual_scale"), reason="residual_scale arrives with issue 10")
def test_a_scaled_residual_stack_is_not_called_a_growing_residual_sum():
    trainer = Trainer(config(**RELU_HE, **{"network.residual": True, "network.residual_scale": "sqrt_depth"}))
    trainer.run(100)
    assert not [f for f in findings(trainer) if f.kind in ("residual_growth", "diverged")]


def test_only_an_unscaled_residual_counts_as_one():
    def cfg(residual, scale=None):
        network = SimpleNamespace(residual=residual)
        if scale is not None:
            network.residual_scale = scale
        return SimpleNamespace(network=network)

    assert diagnosis.unscaled_residual(cfg(True))  # before issue 10: h + a is the only residual
    assert diagnosis.unscaled_residual(cfg(True, "none"))
    assert not diagnosis.unscaled_residual(cfg(True, "sqrt_depth"))
    assert not diagnosis.unscaled_residual(cfg(True, "rezero"))
    assert not diagnosis.unscaled_residual(cfg(False, "none"))


# ---------------------------------------------------------------- a loss jump after a live change

def test_ticking_residual_on_a_sigmoid_network_makes_the_loss_jump_and_says_the_stream_drifts():
    trainer = Trainer(ExperimentConfig().replace(**{"network.residual_scale": "none"}))  # the plain sum
    trainer.run(200)
    assert findings(trainer) == ()
    trainer.apply_config(trainer.config.replace(**{"network.residual": True}))
    trainer.run(50)
    assert trainer.divergence is None
    jump = only(findings(trainer), LossJump)
    assert jump.kind == "loss_jump"
    assert jump.event is not None and jump.event.label == "residual on" and jump.event.step == 200
    assert jump.ratio > 10 and jump.loss_after == pytest.approx(jump.ratio * jump.loss_before)
    assert 3 <= jump.steps_after <= 50 and jump.step > 200
    losses = trainer.history.view().scalar("loss")
    assert jump.loss_before == pytest.approx(np.median(losses[180:200]))
    growth = jump.cause
    assert isinstance(growth, ResidualGrowth) and growth.drifts and not growth.exponential
    assert growth.stream_mean > 3  # ten sigmoid outputs of ~0.5 each, summed
    assert jump.remedy == "scale_residual"
    text = describe(jump)
    assert text.startswith(f"Loss rose {jump.ratio:.3g}x") and "'residual on' at step 200" in text
    assert "residual sum drifts" in text and "try scaling the branch" in text


# ---------------------------------------------------------------- batch norm on a tiny batch

def test_batch_norm_on_a_batch_of_two_is_named():
    trainer = Trainer(config(**RELU_HE, **{"network.batchnorm": True, "train.batch_size": 2}))
    trainer.run(1)
    tiny = only(findings(trainer), TinyBatchNorm)
    assert tiny.batch_size == 2 and tiny.kind == "tiny_batch_norm" and tiny.event is None
    has_layer_norm = hasattr(NetworkConfig(), "normalization")
    assert tiny.remedy == ("layer_norm" if has_layer_norm else "larger_batch")
    assert describe(tiny).startswith("Batch norm on a batch of 2: the batch statistics are meaningless")


def test_shrinking_the_batch_under_batch_norm_live_is_tied_to_that_change():
    trainer = Trainer(config(**RELU_HE, **{"network.batchnorm": True, "network.depth": 6}))
    trainer.run(30)
    assert findings(trainer) == ()
    # two changes at once: the finding is tied to the one that causes it, not to the last one
    trainer.apply_config(trainer.config.replace(**{"train.batch_size": 2, "train.l2": 1e-4}))
    assert [event.label for event in trainer.history.events] == ["batch 2", "L2 0.0001"]
    trainer.run(1)
    tiny = only(findings(trainer), TinyBatchNorm)
    assert tiny.event is not None and tiny.event.label == "batch 2"


# ---------------------------------------------------------------- saturation from the init

def test_a_deep_sigmoid_network_with_large_init_is_saturated_from_the_first_step():
    trainer = Trainer(config(**{"network.init": "large"}))
    first = trainer.step()
    saturated = only(findings(trainer), Saturation)
    expected = tuple(np.flatnonzero(first.saturation >= diagnosis.SATURATED_LAYER))
    assert saturated.layers == expected and len(expected) >= 4
    assert saturated.saturated_fraction == tuple(first.saturation[list(expected)])
    assert saturated.activation == "sigmoid" and saturated.init == "large"
    assert saturated.remedy == "smaller_init"
    text = describe(saturated)
    assert text.startswith("Activations saturated: sigmoid'(z) ~ 0 for up to") and "use Xavier init" in text
    trainer.run(50)  # it stays while the layers stay saturated
    assert only(findings(trainer), Saturation).step == 1


def test_saturation_that_training_brings_about_is_not_a_finding():
    # a small tanh network fitting the circles drives most units of its upper layers into saturation: healthy
    trainer = Trainer(config(**{"network.activation": "tanh", "network.depth": 4, "data.dataset": "circle",
                                "train.optimizer": "adam", "train.learning_rate": 0.01}))
    trainer.run(500)
    assert trainer.last_stats.saturation.max() > 0.5
    assert findings(trainer) == ()


# ---------------------------------------------------------------- growth without skips, and underflow

def test_relu_with_large_init_grows_its_activations_layer_over_layer():
    trainer = Trainer(config(**{"network.activation": "relu", "network.init": "large", "network.depth": 6}))
    first = trainer.step()
    growth = only(findings(trainer), diagnosis.ActivationGrowth)
    assert growth.kind == "activation_growth" and growth.layers == tuple(range(6))
    rms = np.hypot(first.activation_mean, first.activation_std)
    assert growth.growth == pytest.approx(rms[-1] / rms[0]) and growth.growth > 100
    assert growth.per_layer == pytest.approx((rms[-1] / rms[3]) ** 0.5) and growth.per_layer > 2
    assert growth.remedy == "smaller_init"
    text = describe(growth)
    assert "init 'large' is too large for relu" in text and text.endswith("use He init or batch norm.")


def test_he_init_times_a_gain_is_told_to_drop_the_gain():
    # the clipping lesson's problem: 20 ReLU layers at 1.3x He's scale diverge at step 4
    trainer = Trainer(config(**RELU_HE, **{"network.init_gain": 1.3, "network.depth": 20}))
    trainer.run(10)
    (diverged,) = findings(trainer)
    assert isinstance(diverged.cause, diagnosis.ActivationGrowth) and diverged.cause.init_gain == 1.3
    assert describe(diverged).endswith("init 'he' with gain 1.3 is too large for relu; use He init with gain 1 or "
                                       "batch norm.")


def test_a_divergence_at_the_first_step_is_explained_from_that_step_alone():
    # N(0, 100) weights, depth 200: the activations overflow within the first forward pass
    trainer = Trainer(config(**{"network.activation": "relu", "network.init": "large", "network.init_gain": 10.0,
                                "network.depth": 200}))
    assert trainer.step() is None and trainer.divergence.step == 1
    (diverged,) = findings(trainer)
    growth = diverged.cause
    assert isinstance(growth, diagnosis.ActivationGrowth) and growth.growth == math.inf
    overflowed = growth.layers[-1]
    outputs = trainer.network.trace.outputs
    assert all(np.isfinite(diagnosis.stream_profile(outputs[:overflowed])[0]))
    assert not np.isfinite(diagnosis.stream_profile(outputs[:overflowed + 1])[0][-1])
    assert diverged.remedy == "smaller_init"
    text = describe(diverged)
    assert f"until they overflow at layer {overflowed + 1}" in text and "with gain 10" in text
    assert "use He init" in text and "inf" not in text.replace("init", "")
    (entry,) = json.loads(json.dumps(findings_to_json((diverged,)), allow_nan=False))
    assert entry["cause"]["growth"] == "inf"


def test_a_gradient_that_underflows_float32_is_named():
    trainer = Trainer(config(**{"network.depth": 80, "train.dtype": "float32"}))
    first = trainer.step()
    assert first.grad_norm[0] == 0.0 and first.grad_norm[-1] > 0.0 and not first.dead.any()
    missing = only(findings(trainer), diagnosis.NoGradient)
    assert missing.kind == "no_gradient" and missing.underflow and missing.dtype == "float32"
    assert missing.layers == tuple(np.flatnonzero(first.grad_norm == 0.0)) and missing.layers[0] == 0
    assert missing.remedy == "float64"
    assert describe(missing).startswith(f"No gradient reaches layers 1-{len(missing.layers)}: it shrank below the "
                                        "smallest float32 number")
    ratio = gradient_ratio(first.grad_norm, first.dead)
    assert ratio.reason == "first_zero" and describe_ratio(ratio) == "no gradient reaches layer 1: it underflowed to 0"


# ---------------------------------------------------------------- the ratio, by hand

@pytest.mark.parametrize("grad_norm, dead, reason, value", [
    ([1e-6, 1e-3, 1.0], None, "", 1e-6),
    ([0.0, 0.0, 0.0], [0.0, 1.0, 1.0], "both_zero", None),
    ([0.0, 1e-3, 1.0], [0.0, 0.0, 0.0], "first_zero", None),
    ([1e-3, 1e-3, 0.0], [0.0, 0.0, 1.0], "last_zero", None),
    ([math.nan, 1.0, 1.0], None, "not_finite", None),
    ([1.0, 1.0, math.inf], None, "not_finite", None),
    ([1e300, 1.0, 1e-300], None, "not_finite", None),
    ([], None, "empty", None),
])
def test_gradient_ratio_is_a_number_or_a_reason(grad_norm, dead, reason, value):
    ratio = gradient_ratio(np.array(grad_norm), None if dead is None else np.array(dead))
    assert ratio.reason == reason
    if value is None:
        assert ratio.value is None
    else:
        assert ratio.value == pytest.approx(value)
    text = describe_ratio(ratio, depth=len(grad_norm) or None)
    assert "nan" not in text.lower() and "inf" not in text.lower()


def test_describe_ratio_names_the_dead_layers_or_the_underflow():
    assert describe_ratio(gradient_ratio([0.0, 0.0, 0.0, 0.0], [0, 0, 1.0, 1.0])) == (
        "no gradient reaches layer 1: layers 3-4 are dead")
    assert describe_ratio(gradient_ratio([0.0, 1e-30, 1.0], [0, 0, 0])) == (
        "no gradient reaches layer 1: it underflowed to 0")
    assert describe_ratio(gradient_ratio([1.0, 1.0, 0.0], [0, 0, 1.0]), depth=3) == (
        "no gradient in layer 3: layer 3 is dead")
    assert describe_ratio(gradient_ratio([2e-7, 1.0])) == "first/last = 2e-07"
    assert describe_ratio(GradientRatio(None, "not_finite")) == (
        "no ratio: the gradient is not finite (the run diverged)")


def test_layer_ranges_are_one_based():
    assert layer_ranges([6, 7, 8, 9]) == "7-10"
    assert layer_ranges([1, 3, 6, 7, 8, 9]) == "2, 4, 7-10"
    assert layer_ranges([0]) == "1"
    assert layer_ranges([]) == ""


# ---------------------------------------------------------------- the watcher's contract

def test_findings_cross_a_pipe_and_go_into_json():
    trainer = Trainer(config(**RELU_HE, **{"network.residual": True, "network.residual_scale": "none"}))
    trainer.run(50)
    snapshot = trainer.snapshot(histograms=False)
    assert snapshot.findings
    copy = pickle.loads(pickle.dumps(snapshot))
    assert copy.findings == snapshot.findings
    data = findings_to_json(snapshot.findings)
    text = json.dumps(data, allow_nan=False)  # strict JSON: no NaN or Infinity
    (entry,) = json.loads(text)
    assert entry["kind"] == "diverged" and entry["cause"]["kind"] == "residual_growth"
    assert entry["remedy"] == "scale_residual" and entry["text"] == describe(snapshot.findings[0])
    assert entry["cause"]["layers"] == list(range(10))
    assert summary_lines(snapshot.findings) == [
        "Diagnosis:", f"  step {entry['step']}: {entry['text']}"]
    assert summary_lines(()) == ["Diagnosis: nothing went wrong that bpviz can name."]


def test_reset_forgets_the_findings():
    trainer = Trainer(config(**DIVERGING))
    trainer.run(20)
    assert findings(trainer)
    trainer.reset(config(**RELU_HE, **{"network.depth": 6}))
    assert findings(trainer) == ()
    trainer.run(20)
    assert findings(trainer) == ()


def test_the_per_layer_checks_run_every_few_steps_not_every_step(monkeypatch):
    calls = []
    real = diagnosis.detect

    def counting(*args, **kwargs):
        calls.append(args[0].step)
        return real(*args, **kwargs)

    monkeypatch.setattr(diagnosis, "detect", counting)
    trainer = Trainer(config(**{"network.depth": 4}))
    trainer.run(95)
    assert calls == [1, *range(1 + diagnosis.EVALUATE_EVERY, 96, diagnosis.EVALUATE_EVERY)]
    del calls[:]
    trainer.apply_config(trainer.config.replace(**{"train.learning_rate": 0.05}))
    trainer.run(2 * diagnosis.EVALUATE_EVERY + 1)
    assert calls == [96, 96 + diagnosis.EVALUATE_EVERY, 96 + 2 * diagnosis.EVALUATE_EVERY]  # first: right after


def test_a_watcher_fed_by_hand_sees_a_loss_jump_only_above_ten_times():
    """The loss-jump rule on its own: a change, then losses 9x (only a sustained rise) or 11x (a jump) the median
    before it."""
    trainer = Trainer(config(**{"network.depth": 4}))
    trainer.run(1)
    template = trainer.last_stats
    for factor, expected in ((9.0, False), (11.0, True)):
        watcher = Diagnosis()
        events = []
        step = 0
        for _ in range(30):
            step += 1
            watcher.observe(_with(template, step, 0.5), trainer.config, events)
        events.append(diagnosis.Event(step, "lr 1", "train.learning_rate"))
        for k in range(50):
            step += 1
            loss = 0.5 * factor if k >= 5 else 0.5
            watcher.observe(_with(template, step, loss), trainer.config, events)
        (finding,) = watcher.findings
        assert isinstance(finding, LossJump if expected else LossRise), (factor, watcher.findings)
        assert finding.ratio == pytest.approx(factor) and finding.event == events[-1]
        assert finding.loss_before == 0.5 and finding.remedy == "undo" and finding.cause is None


def test_one_bad_batch_is_not_a_loss_jump():
    trainer = Trainer(config(**{"network.depth": 4}))
    trainer.run(1)
    template = trainer.last_stats
    watcher = Diagnosis()
    events = []
    for step in range(1, 31):
        watcher.observe(_with(template, step, 0.5), trainer.config, events)
    events.append(diagnosis.Event(30, "lr 1", "train.learning_rate"))
    for step in range(31, 81):
        watcher.observe(_with(template, step, 50.0 if step in (40, 60) else 0.5), trainer.config, events)
    assert watcher.findings == ()


def _with(stats, step: int, loss: float, **fields):
    return dataclasses.replace(stats, step=step, loss=loss, **fields)


def test_a_dead_layer_stays_reported_while_almost_all_its_units_stay_dead():
    """Hysteresis, fed by hand: one unit of 32 waking on one batch does not make the finding flicker."""
    trainer = Trainer(config(**RELU_HE, **{"network.depth": 4}))
    trainer.run(1)
    template = trainer.last_stats
    relu = trainer.config
    watcher = Diagnosis()
    step = 0
    seen = []
    for fraction in (1.0, 31 / 32, 31 / 32, 0.5):
        dead = np.array([0.0, 0.0, 0.0, fraction])
        for _ in range(diagnosis.EVALUATE_EVERY):
            step += 1
            watcher.observe(_with(template, step, 0.7, dead=dead), relu, [])
        seen.append(tuple(f.layers for f in watcher.findings if isinstance(f, DeadLayers)))
    assert seen == [((3,),), ((3,),), ((3,),), ()]
    # a layer never fully dead is not reported at 31/32
    fresh = Diagnosis()
    for step in range(1, 3 * diagnosis.EVALUATE_EVERY):
        fresh.observe(_with(template, step, 0.7, dead=np.array([0.0, 0.0, 0.0, 31 / 32])), relu, [])
    assert fresh.findings == ()
