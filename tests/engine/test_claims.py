"""The article's claims, measured on bpviz's engine at initialization.

Each number is the median over 5 seeds of a width-32 network on a batch of 256 spiral points. "Ratio" is
||dL/dW_first|| / ||dL/dW_last|| over the hidden layers: ~1 is healthy, tiny means vanishing.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from bpviz.config import NetworkConfig
from bpviz.engine import Network
from bpviz.engine.datasets import make_dataset

SEEDS = range(5)
WIDTH = 32
BATCH = 256


@lru_cache(maxsize=None)
def weight_grad_norms(activation: str, init: str, depth: int, residual: bool = False, batchnorm: bool = False,
                      seed: int = 0, dtype: str = "float64") -> tuple[float, ...]:
    data = make_dataset("spiral", 400, 0.1, seed, 0.8)
    X, y = data.X_train[:BATCH], data.y_train[:BATCH]
    # the article's residual block is the plain h + f(h) (residual_scale "none"), not bpviz's default ReZero
    config = NetworkConfig(depth=depth, width=WIDTH, activation=activation, init=init, residual=residual,
                           residual_scale="none", batchnorm=batchnorm)
    net = Network(config, n_inputs=2, n_classes=2, seed=seed, dtype=np.dtype(dtype))
    with np.errstate(all="ignore"):
        _, grads = net.loss_and_grads(X, y)
    return tuple(float(np.linalg.norm(grads[f"hidden.{i}.weight"].astype(np.float64))) for i in range(depth))


def median(values) -> float:
    return float(np.median(list(values)))


def ratio(*args, **kwargs) -> float:
    def one(seed):
        norms = weight_grad_norms(*args, seed=seed, **kwargs)
        return norms[0] / norms[-1]
    return median(one(seed) for seed in SEEDS)


def first_layer(*args, **kwargs) -> float:
    return median(weight_grad_norms(*args, seed=seed, **kwargs)[0] for seed in SEEDS)


def test_deep_sigmoid_with_xavier_vanishes_and_gets_worse_with_depth():
    ratios = {depth: ratio("sigmoid", "xavier", depth) for depth in (5, 10, 20)}
    assert ratios[10] < 1e-4
    assert ratios[20] < ratios[10] < ratios[5]
    assert ratios[20] < 1e-4 * ratios[10]  # roughly x0.25 per layer: ten more layers, ~six orders of magnitude


@pytest.mark.parametrize("depth", [10, 30])
def test_relu_with_he_keeps_the_gradient_flowing(depth):
    assert 1e-2 <= ratio("relu", "he", depth) <= 1e2


def test_residual_connections_raise_the_sigmoid_ratio_a_thousandfold():
    plain = ratio("sigmoid", "xavier", 10)
    residual = ratio("sigmoid", "xavier", 10, residual=True)
    assert residual >= 1000 * plain


def test_batchnorm_lifts_the_sigmoid_ratio_above_a_tenth():
    assert ratio("sigmoid", "xavier", 10, batchnorm=True) > 0.1


def test_small_init_starves_tanh_while_xavier_does_not():
    assert first_layer("tanh", "small", 10) < 1e-8
    assert first_layer("tanh", "xavier", 10) > 1e-4


def test_unit_gaussian_init_explodes_deep_relu():
    # Forward and backward both grow ~4x per layer, so first/last weight-gradient norms stay alike (ratio ~1)
    # while every norm explodes: the norm, not the ratio, is what shows it.
    depth = 10
    assert first_layer("relu", "large", depth) > 1e2
    assert median(max(weight_grad_norms("relu", "large", depth, seed=s)) for s in SEEDS) > 1e2
    assert first_layer("relu", "large", 20) > 1e5 * first_layer("relu", "large", depth)  # ~x4 per layer


def test_he_beats_xavier_for_deep_relu():
    assert first_layer("relu", "he", 30) > 1000 * first_layer("relu", "xavier", 30)


# ---------------------------------------------------------------- float64 vs float32 far down

FLOAT32_TINY = float(np.finfo(np.float32).tiny)  # 1.18e-38: below it float32 has only subnormals


def test_float64_keeps_a_1e_39_gradient_that_float32_can_only_hold_as_a_subnormal():
    # Deep sigmoid + Xavier shrinks the gradient ~x0.25 per layer: at depth 60 it is ~1e-39.
    first64 = first_layer("sigmoid", "xavier", 60)
    assert 1e-40 < first64 < 1e-38
    data = make_dataset("spiral", 400, 0.1, 0, 0.8)
    X, y = data.X_train[:BATCH], data.y_train[:BATCH]
    grads = {}
    for dtype in (np.float64, np.float32):
        net = Network(NetworkConfig(depth=60, width=WIDTH, activation="sigmoid", init="xavier"), 2, 2, seed=0,
                      dtype=dtype)
        with np.errstate(all="ignore"):
            grads[dtype] = net.loss_and_grads(X, y)[1]["hidden.0.weight"].astype(np.float64)
    g64, g32 = grads[np.float64], grads[np.float32]
    assert np.all(g64 != 0) and np.all(np.abs(g64) >= np.finfo(np.float64).tiny)  # normal numbers, 16 digits
    # float32 holds every entry only as a subnormal, with a few digits at most (its normal precision is 6e-8).
    assert np.all(np.abs(g32) < FLOAT32_TINY)
    assert np.max(np.abs(g32 - g64) / np.abs(g64)) > 1e-3


def test_a_few_layers_deeper_float32_flushes_the_gradient_to_zero_and_float64_does_not():
    norms64 = weight_grad_norms("sigmoid", "xavier", 68)
    norms32 = weight_grad_norms("sigmoid", "xavier", 68, dtype="float32")
    assert 1e-46 < norms64[0] < 1e-42
    assert norms32[0] == 0.0
    assert norms32[-1] == pytest.approx(norms64[-1], rel=1e-5, abs=0)  # near the output both agree


def test_norms_far_below_1e_154_are_still_shown_not_squared_to_zero():
    # Deep sigmoid with a 0.01-std init: the first layer's gradients are ~1e-187. Their squares underflow, so a
    # plain sqrt(sum(g^2)) says 0; the telemetry rescales and shows the real size.
    from bpviz.config import ExperimentConfig
    from bpviz.engine.trainer import Trainer

    trainer = Trainer(ExperimentConfig().replace(**{"network.activation": "sigmoid", "network.init": "small",
                                                    "network.depth": 100, "train.batch_size": 256}))
    stats = trainer.step()
    signal = trainer.network.trace.signal_grads[0]
    scale = np.abs(signal).max()
    assert 0 < scale < 1e-170
    assert np.linalg.norm(signal) == 0.0  # the naive way loses it
    expected = scale * np.linalg.norm(signal / scale)
    # abs=0: pytest.approx's default absolute tolerance (1e-12) would accept the naive 0 for 1e-187
    assert stats.signal_grad_norm[0] == pytest.approx(expected, rel=1e-12, abs=0)
    assert 0 < stats.grad_norm[0] < 1e-160
    assert trainer.divergence is None
