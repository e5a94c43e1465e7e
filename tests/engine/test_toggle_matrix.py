"""The toggle matrix of issue 10: a remedy a student ticks must never make training worse than no remedy at all.

For sigmoid/Xavier, tanh/Xavier, ReLU/He and leaky ReLU/He at depths 10 and 30, with the default training settings
(spiral data, SGD, lr 0.1, batch 64) and 800 steps, the builder's remedies (residual connections with the default
branch scale, batch norm, layer norm, and residual with either norm) must, for seeds 0, 1 and 2:

- never diverge;
- end with a lower loss than they started (the median of the last 10 steps' losses below the first step's);
- reach a median test accuracy no lower than the plain network's minus 0.03.

The full matrix is 144 runs of 800 steps, about 9 CPU-minutes: it runs when ``BPVIZ_SLOW_TESTS=1`` (CI runs it
as a job of its own). Cells that do not hold are listed in ``SHORTFALLS`` with the measured reason; they are
strict expected failures, so a change that makes one hold fails the test until the list (and docs/remedies.md)
is updated; the three in ``KERNEL_DEPENDENT`` sit within a test point or two of the criterion and hold with one
BLAS kernel but not with another, so they are expected failures that may pass. The quick test below always runs (~20 CPU-seconds): no residual remedy may diverge or spike in the
first 100 steps, which is what the default branch scale decides.
"""

from __future__ import annotations

import math
import os
import statistics
from functools import lru_cache

import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer

ACTIVATIONS = [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he"), ("leaky_relu", "he")]
DEPTHS = (10, 30)
SEEDS = (0, 1, 2)
STEPS = 800
MARGIN = 0.03

REMEDIES = {
    "residual": {"network.residual": True},  # the builder's toggle: NetworkConfig's default residual_scale
    "batch norm": {"network.normalization": "batch"},
    "layer norm": {"network.normalization": "layer"},
    "residual + batch norm": {"network.residual": True, "network.normalization": "batch"},
    "residual + layer norm": {"network.residual": True, "network.normalization": "layer"},
}

_LAYER_NORM = ("layer norm discards each example's overall size (its pre-activations are scale-invariant at "
               "bias 0: p(x) = p(3x) exactly at init), and the spiral's arms differ by radius")
_SLOW_START = ("ReZero starts every block as the identity, so the residual net begins as a 1-hidden-layer net "
               "and catches up with the already healthy plain He network only after ~1600 steps")
# (activation, depth, remedy) -> why it does not hold (docs/remedies.md has the figures)
SHORTFALLS = {
    ("relu", 10, "residual"): _SLOW_START,
    ("leaky_relu", 10, "residual"): _SLOW_START,
    ("relu", 30, "batch norm"): "median test accuracy 0.60 against plain 0.64: one test point short of the margin",
    ("sigmoid", 30, "layer norm"): _LAYER_NORM + "; one seed ends just above its start, at chance like plain",
    ("tanh", 10, "layer norm"): _LAYER_NORM + "; one seed ends above its start",
    ("relu", 10, "layer norm"): _LAYER_NORM,
    ("relu", 30, "layer norm"): _LAYER_NORM,
    ("leaky_relu", 10, "layer norm"): _LAYER_NORM,
    ("leaky_relu", 30, "layer norm"): _LAYER_NORM,
    ("relu", 10, "residual + layer norm"): _LAYER_NORM,
    ("relu", 30, "residual + layer norm"): _LAYER_NORM,
    ("leaky_relu", 10, "residual + layer norm"): _LAYER_NORM,
    ("leaky_relu", 30, "residual + layer norm"): _LAYER_NORM,
}

# Cells within a test point or two of the criterion, whose outcome depends on the BLAS kernel (800 SGD steps
# amplify last-bit differences): measured with OpenBLAS's Haswell kernels (docs/remedies.md) and again with its
# SkylakeX kernels on an AVX-512 machine. They are expected failures that may pass (not strict).
KERNEL_DEPENDENT = {
    ("tanh", 10, "layer norm"): "fails with OpenBLAS's Haswell kernels (one seed ends above its start), holds with "
                                "its SkylakeX kernels",
    ("relu", 30, "batch norm"): "0.60 against plain 0.64 with OpenBLAS's Haswell kernels (one test point short), "
                                "holds with its SkylakeX kernels",
    ("tanh", 30, "layer norm"): _LAYER_NORM + "; 0.50 against plain 0.59 with OpenBLAS's SkylakeX kernels, holds "
                                "with its Haswell kernels",
}
for _cell in KERNEL_DEPENDENT:
    SHORTFALLS.pop(_cell, None)

slow = pytest.mark.skipif(os.environ.get("BPVIZ_SLOW_TESTS") != "1",
                          reason="the full toggle matrix takes ~9 CPU-minutes: set BPVIZ_SLOW_TESTS=1")


def config(activation: str, init: str, depth: int, remedy: str | None, seed: int) -> ExperimentConfig:
    settings = {"network.activation": activation, "network.init": init, "network.depth": depth, "train.seed": seed}
    settings.update(REMEDIES[remedy] if remedy else {})
    return ExperimentConfig().replace(**settings)


@lru_cache(maxsize=None)
def run(activation: str, init: str, depth: int, remedy: str | None, seed: int, steps: int = STEPS) -> dict:
    trainer = Trainer(config(activation, init, depth, remedy, seed))
    losses = []
    for _ in range(steps):
        stats = trainer.step()
        if stats is None:
            break
        losses.append(stats.loss)
    return {
        "diverged": trainer.divergence is not None,
        "first_loss": losses[0] if losses else math.nan,
        "final_loss": statistics.median(losses[-10:]) if losses else math.nan,
        "max_loss": max(losses) if losses else math.nan,
        "test_accuracy": trainer.test_accuracy() if trainer.divergence is None else 0.0,
    }


def cells():
    for activation, init in ACTIVATIONS:
        for depth in DEPTHS:
            for remedy in REMEDIES:
                marks = [slow]
                reason = SHORTFALLS.get((activation, depth, remedy))
                if reason:
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
                elif (activation, depth, remedy) in KERNEL_DEPENDENT:
                    marks.append(pytest.mark.xfail(strict=False, reason=KERNEL_DEPENDENT[activation, depth, remedy]))
                yield pytest.param(activation, init, depth, remedy, marks=marks,
                                   id=f"{activation}-{depth}-{remedy.replace(' ', '')}")


@pytest.mark.parametrize("activation, init, depth, remedy", list(cells()))
def test_a_remedy_never_makes_training_worse(activation, init, depth, remedy):
    plain = [run(activation, init, depth, None, seed) for seed in SEEDS]
    treated = [run(activation, init, depth, remedy, seed) for seed in SEEDS]
    assert not any(r["diverged"] for r in treated), f"{remedy} diverged"
    for seed, r in zip(SEEDS, treated):
        assert r["final_loss"] < r["first_loss"], (
            f"seed {seed}: {remedy} ends at loss {r['final_loss']:.3f}, above its start {r['first_loss']:.3f}")
    baseline = statistics.median(r["test_accuracy"] for r in plain)
    accuracy = statistics.median(r["test_accuracy"] for r in treated)
    assert accuracy >= baseline - MARGIN, f"{remedy}: median test accuracy {accuracy:.3f}, plain {baseline:.3f}"


def test_shortfalls_name_real_cells():
    known = {(a, d, r) for a, _ in ACTIVATIONS for d in DEPTHS for r in REMEDIES}
    assert set(SHORTFALLS) <= known and set(KERNEL_DEPENDENT) <= known
    assert not set(SHORTFALLS) & set(KERNEL_DEPENDENT)


@pytest.mark.parametrize("activation, init", ACTIVATIONS, ids=[a for a, _ in ACTIVATIONS])
def test_no_remedy_diverges_or_spikes_early(activation, init):
    # the quick guard, always run, on what the default branch scale decides: the plain residual sum
    # (residual_scale "none") diverges within 6 steps with ReLU/He and spikes the sigmoid's loss to ~40;
    # 1/sqrt(depth) spikes ReLU's to ~50 at depth 30. The default must do neither.
    for depth in DEPTHS:
        for remedy in ("residual", "residual + batch norm", "residual + layer norm"):
            result = run(activation, init, depth, remedy, 0, steps=100)
            assert not result["diverged"], f"depth {depth}, {remedy}: diverged"
            assert result["max_loss"] < 3.0, f"depth {depth}, {remedy}: loss up to {result['max_loss']:.3g}"
