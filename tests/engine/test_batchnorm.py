"""Batch normalization: training uses batch statistics, evaluation the running estimates (momentum 0.1,
unbiased running variance, as PyTorch's BatchNorm1d), and the backward pass is the textbook formula."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.config import NetworkConfig
from bpviz.engine import Network
from bpviz.engine import activations as act

EPS = 1e-5
MOMENTUM = 0.1


def bn_net(depth=2, width=5, activation="tanh", residual=False, n_inputs=3, n_classes=3, seed=0) -> Network:
    config = NetworkConfig(depth=depth, width=width, activation=activation, batchnorm=True, residual=residual,
                           residual_scale="none")  # the plain sum: every block's beta matters from the start
    net = Network(config, n_inputs=n_inputs, n_classes=n_classes, seed=seed)
    rng = np.random.default_rng(seed + 7)
    for name, param in net.parameters().items():
        if name.endswith("gamma"):
            param[...] = 1.0 + 0.4 * rng.standard_normal(param.shape)
        elif name.endswith("beta") or name.endswith("bias"):
            param[...] = 0.3 * rng.standard_normal(param.shape)
    return net


def hand_forward(net: Network, X: np.ndarray, stats: list[tuple[np.ndarray, np.ndarray]] | None):
    """Logits by hand. ``stats`` None: batch statistics (returns them too); else per-layer (mean, var) to use."""
    p = net.parameters()
    h = X
    used = []
    for i in range(net.depth):
        z = h @ p[f"hidden.{i}.weight"] + p[f"hidden.{i}.bias"]
        if stats is None:
            mean, var = z.mean(axis=0), z.var(axis=0)  # biased, for normalizing
            used.append((mean, z.var(axis=0, ddof=1)))  # unbiased, for the running estimate
        else:
            mean, var = stats[i]
        z = p[f"hidden.{i}.bn.gamma"] * (z - mean) / np.sqrt(var + EPS) + p[f"hidden.{i}.bn.beta"]
        a = np.tanh(z)
        scale = net.branch_scale(i)  # 1/sqrt(depth) with the default residual scale
        h = h + scale * a if scale is not None else a
    return h @ p["output.weight"] + p["output.bias"], used


@pytest.mark.parametrize("residual", [False, True])
def test_running_statistics_follow_pytorch_and_eval_uses_them(residual):
    net = bn_net(depth=3, residual=residual)
    rng = np.random.default_rng(1)
    depth, width = net.depth, net.width
    running = [(np.zeros(width), np.ones(width)) for _ in range(depth)]
    for i in range(depth):
        np.testing.assert_array_equal(net.running_statistics(i), running[i])
    for _ in range(4):
        X = rng.standard_normal((9, 3)) * 2.0 + 0.5
        y = rng.integers(0, 3, 9)
        _, batch_stats = hand_forward(net, X, None)
        net.loss_and_grads(X, y)  # train mode: advances the running estimates, parameters unchanged
        running = [((1 - MOMENTUM) * rm + MOMENTUM * m, (1 - MOMENTUM) * rv + MOMENTUM * v)
                   for (rm, rv), (m, v) in zip(running, batch_stats)]
    X_eval = rng.standard_normal((6, 3))
    expected, _ = hand_forward(net, X_eval, running)
    np.testing.assert_allclose(net.forward(X_eval, train=False), expected, rtol=1e-12, atol=1e-12)
    # ... and not the batch statistics of the evaluation batch
    train_mode, _ = hand_forward(net, X_eval, None)
    assert not np.allclose(expected, train_mode, atol=1e-3)
    # the scale the diagram shows is gamma / sqrt(running var + eps)
    np.testing.assert_allclose(net.batchnorm_scale(0),
                               net.parameters()["hidden.0.bn.gamma"] / np.sqrt(running[0][1] + EPS), rtol=1e-12)


def test_evaluation_and_loss_do_not_touch_running_statistics():
    net = bn_net()
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 3, 8)
    net.loss_and_grads(X, y)
    before = [tuple(s.copy() for s in net.running_statistics(i)) for i in range(net.depth)]
    net.forward(X, train=False)
    net.loss(X, y)
    net.loss_and_grads(X, y, update_stats=False)
    for i, (mean, var) in enumerate(before):
        np.testing.assert_array_equal(net.running_statistics(i)[0], mean)
        np.testing.assert_array_equal(net.running_statistics(i)[1], var)


def test_train_mode_normalizes_with_the_biased_batch_variance():
    net = bn_net(depth=1)
    X = np.random.default_rng(3).standard_normal((10, 3))
    expected, _ = hand_forward(net, X, None)
    np.testing.assert_allclose(net.forward(X, train=True), expected, rtol=1e-12, atol=1e-12)


def test_batchnorm_backward_is_the_textbook_formula_and_sums_to_zero_per_feature():
    # With X = identity (one input per batch row), dL/dW_0 = X^T dL/dz_0 IS the gradient into BN's input.
    batch, width, n_classes = 6, 4, 3
    net = bn_net(depth=1, width=width, n_inputs=batch, n_classes=n_classes, seed=4)
    X = np.eye(batch)
    y = np.array([0, 1, 2, 0, 1, 2])
    _, grads = net.loss_and_grads(X, y)
    grad_into_bn = grads["hidden.0.weight"]

    p = net.parameters()
    z = X @ p["hidden.0.weight"] + p["hidden.0.bias"]
    mean, var = z.mean(axis=0), z.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (z - mean) * inv_std
    out = p["hidden.0.bn.gamma"] * xhat + p["hidden.0.bn.beta"]
    a = np.tanh(out)
    logits = a @ p["output.weight"] + p["output.bias"]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    grad_logits = (probs - np.eye(n_classes)[y]) / batch
    grad_out = (grad_logits @ p["output.weight"].T) * (1.0 - a * a)
    grad_xhat = grad_out * p["hidden.0.bn.gamma"]
    expected = inv_std / batch * (batch * grad_xhat - grad_xhat.sum(axis=0)
                                  - xhat * (grad_xhat * xhat).sum(axis=0))
    np.testing.assert_allclose(grad_into_bn, expected, rtol=1e-10, atol=1e-16)
    np.testing.assert_allclose(grads["hidden.0.bn.gamma"], (grad_out * xhat).sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(grads["hidden.0.bn.beta"], grad_out.sum(axis=0), rtol=1e-12)

    scale = np.abs(grad_into_bn).max()
    assert scale > 1e-3
    # Per feature, the gradient into BN sums to zero (shifting a feature does nothing) ...
    assert np.abs(grad_into_bn.sum(axis=0)).max() < 1e-14 * batch * max(scale, 1.0)
    # ... and is orthogonal to x-hat up to eps (scaling a feature changes only eps's share of the variance).
    projection = (grad_into_bn * xhat).sum(axis=0)
    np.testing.assert_allclose(projection, inv_std * (grad_xhat * xhat).sum(axis=0) * EPS / (var + EPS),
                               rtol=1e-6, atol=1e-16)


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "prelu"])
def test_bias_before_batchnorm_gets_no_gradient(activation, residual):
    net = bn_net(depth=4, width=6, activation=activation, residual=residual, seed=5)
    rng = np.random.default_rng(6)
    _, grads = net.loss_and_grads(rng.standard_normal((16, 3)), rng.integers(0, 3, 16), l2=0.1)
    for i in range(net.depth):
        assert np.abs(grads[f"hidden.{i}.bias"]).max() < 1e-15 + 1e-12 * np.abs(grads[f"hidden.{i}.weight"]).max()
        assert np.abs(grads[f"hidden.{i}.bn.beta"]).max() > 1e-6  # the shift that does matter is beta


def test_switching_batchnorm_on_starts_at_identity_and_off_removes_it():
    config = NetworkConfig(depth=3, width=4, activation="relu")
    net = Network(config, n_inputs=2, n_classes=2, seed=0)
    assert not any("bn" in name for name in net.parameters())
    net.set_batchnorm(True)
    for i in range(3):
        np.testing.assert_array_equal(net.parameters()[f"hidden.{i}.bn.gamma"], np.ones(4))
        np.testing.assert_array_equal(net.parameters()[f"hidden.{i}.bn.beta"], np.zeros(4))
        np.testing.assert_array_equal(net.running_statistics(i)[0], np.zeros(4))
        np.testing.assert_array_equal(net.running_statistics(i)[1], np.ones(4))
    net.set_batchnorm(False)
    assert not any("bn" in name for name in net.parameters())
    assert net.batchnorm_scale(0) is None and net.running_statistics(0) is None


def test_eval_with_fresh_running_stats_is_nearly_identity_transform():
    # running mean 0 / var 1: evaluation BN is gamma * z / sqrt(1 + eps) + beta
    config = NetworkConfig(depth=1, width=3, activation="relu", batchnorm=True)
    net = Network(config, n_inputs=2, n_classes=2, seed=0)
    X = np.random.default_rng(0).standard_normal((5, 2))
    p = net.parameters()
    z = (X @ p["hidden.0.weight"]) / np.sqrt(1.0 + EPS)
    expected = act.forward("relu", z) @ p["output.weight"] + p["output.bias"]
    np.testing.assert_allclose(net.forward(X, train=False), expected, rtol=1e-12)
