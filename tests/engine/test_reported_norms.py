"""The gradient norms a training step reports (per layer, global, before and after clipping) are the norms of the
gradients the optimizer really used, from 1e-200 to 1e150.

Two tools make these tests exact rather than plausible:
- ``scaled(trainer, factor)`` multiplies every gradient the network returns by ``factor``: the forward pass, the
  back-propagated signal and the batch stay those of an unscaled twin, so every gradient norm must be exactly
  ``factor`` times the twin's (a norm that squares 1e-200 to zero, or 1e154 to inf, cannot pass);
- ``spy(trainer)`` records the gradients handed to the optimizer, i.e. after clipping.
``pytest.approx`` is always given ``abs=0``: its default absolute tolerance (1e-12) would accept 0 for 1e-200.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.optim import CLIP_EPS, norm
from bpviz.engine.telemetry import layer_norms
from bpviz.engine.trainer import Trainer

DEPTH = 4


def make_trainer(**changes) -> Trainer:
    base = {"network.depth": DEPTH, "network.width": 8, "network.activation": "tanh", "network.init": "xavier",
            "data.samples": 120, "train.batch_size": 32}
    return Trainer(ExperimentConfig().replace(**{**base, **changes}))


def scaled(trainer: Trainer, factor: float) -> Trainer:
    """Make the network's gradients ``factor`` times what they are (float64: 1e-200 x O(1) is a normal number)."""
    original = trainer.network.loss_and_grads

    def loss_and_grads(*args, **kwargs):
        loss, grads = original(*args, **kwargs)
        return loss, {name: g * factor for name, g in grads.items()}

    trainer.network.loss_and_grads = loss_and_grads
    return trainer


def spy(trainer: Trainer) -> list[dict[str, np.ndarray]]:
    """Copies of the gradients the optimizer receives, one dict per step."""
    received: list[dict[str, np.ndarray]] = []
    original = trainer.optimizer.step

    def step(params, grads, learning_rate):
        received.append({name: g.copy() for name, g in grads.items()})
        return original(params, grads, learning_rate)

    trainer.optimizer.step = step
    return received


def weight_names() -> list[str]:
    return [f"hidden.{i}.weight" for i in range(DEPTH)]


def exactly(expected, rel: float = 1e-12):
    return pytest.approx(expected, rel=rel, abs=0)


def test_layer_norms_keep_tiny_and_large_arrays():
    arrays = [np.full((3, 4), 1e-200), np.array([3e-170, -4e-170]), np.full(5, -1e150), np.zeros(2)]
    np.testing.assert_array_equal(layer_norms(arrays) == 0, [False, False, False, True])
    assert layer_norms(arrays).tolist() == exactly([math.sqrt(12) * 1e-200, 5e-170, math.sqrt(5) * 1e150, 0.0])


@pytest.mark.parametrize("factor, clip_mode", [
    (1e-200, "off"), (1e-170, "off"), (1e150, "off"),
    (1e-200, "norm"), (1e-200, "value"),  # clipping on, but nothing this small reaches the threshold
])
def test_unclipped_step_reports_every_norm_at_its_true_size(factor, clip_mode):
    changes = {"train.clip_mode": clip_mode, "train.clip_threshold": 1.0}
    reference = make_trainer().step()
    trainer = scaled(make_trainer(**changes), factor)
    received = spy(trainer)
    stats = trainer.step()
    assert trainer.divergence is None and stats is not None
    assert stats.grad_norm_before_clip == exactly(factor * reference.grad_norm_before_clip)
    assert stats.grad_norm_after_clip == stats.grad_norm_before_clip
    assert stats.grad_norm.tolist() == exactly((factor * reference.grad_norm).tolist())
    assert stats.output_grad_norm == exactly(factor * reference.output_grad_norm)
    np.testing.assert_array_equal(stats.signal_grad_norm, reference.signal_grad_norm)  # the signal is not scaled
    # and they are the norms of what the optimizer used
    used = received[0]
    assert stats.grad_norm.tolist() == exactly([norm(used[name]) for name in weight_names()])
    assert stats.grad_norm_after_clip == exactly(math.hypot(*(norm(g) for g in used.values())))
    assert trainer.history.view().scalar("grad_norm_before_clip")[-1] == exactly(stats.grad_norm_before_clip)


@pytest.mark.parametrize("factor", [1.0, 1e150])
def test_norm_clipped_step_reports_the_norms_after_clipping(factor):
    reference = make_trainer().step()  # the same step unclipped
    trainer = scaled(make_trainer(**{"train.clip_mode": "norm", "train.clip_threshold": 1e-3}), factor)
    received = spy(trainer)
    stats = trainer.step()
    total = factor * reference.grad_norm_before_clip
    coef = 1e-3 / (total + CLIP_EPS)
    assert coef < 1e-2  # it clips
    assert stats.grad_norm_before_clip == exactly(total)
    assert stats.grad_norm_after_clip == exactly(coef * total)
    assert stats.grad_norm.tolist() == exactly((coef * factor * reference.grad_norm).tolist())
    used = received[0]
    assert stats.grad_norm.tolist() == exactly([norm(used[name]) for name in weight_names()])
    assert stats.output_grad_norm == exactly(norm(used["output.weight"]))


def test_value_clipped_step_reports_the_per_layer_norms_after_clipping():
    # A large init makes gradients of order 1; clipping each entry at 1e-3 shrinks every layer's norm.
    changes = {"network.init": "large", "network.init_gain": 3.0, "train.clip_mode": "value",
               "train.clip_threshold": 1e-3}
    unclipped = make_trainer(**{**changes, "train.clip_mode": "off"}).step()
    trainer = make_trainer(**changes)
    received = spy(trainer)
    stats = trainer.step()
    used = received[0]
    assert max(float(np.max(np.abs(g))) for g in used.values()) == 1e-3  # it did clip
    assert stats.grad_norm_before_clip == exactly(unclipped.grad_norm_before_clip)
    expected = [norm(used[name]) for name in weight_names()]
    assert stats.grad_norm.tolist() == exactly(expected)
    assert np.all(stats.grad_norm < unclipped.grad_norm)  # not the norms from before the clip
    assert stats.output_grad_norm == exactly(norm(used["output.weight"]))
    assert stats.output_grad_norm < unclipped.output_grad_norm
    assert stats.grad_norm_after_clip == exactly(math.hypot(*(norm(g) for g in used.values())))
    assert trainer.history.view().layer("grad_norm")[-1].tolist() == exactly(expected)
