"""Backprop is right: central finite differences in float64 agree with ``Network.loss_and_grads``.

Every activation x {plain, BN, residual, BN+residual} x several (depth, width, n_classes), with L2 > 0, random
parameters (biases, BN gamma/beta, PReLU alpha and the default ReZero alphas moved away from their initial
values), random inputs and labels.
The numeric side uses ``Network.loss`` (training-mode forward, running statistics untouched).
"""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.config import ACTIVATIONS, INITS, NetworkConfig
from bpviz.engine import Network
from bpviz.engine import activations as act

STEP = 1e-5          # central-difference step: truncation ~STEP^2, round-off ~1e-16 / STEP; both << 1e-6
TOLERANCE = 1e-6     # relative error per parameter array
N_INPUTS = 3
BATCH = 7
L2 = 0.03

VARIANTS = {"plain": (False, False), "bn": (True, False), "residual": (False, True), "bn+residual": (True, True)}
SHAPES = [(1, 5, 2), (3, 4, 3), (4, 6, 2)]  # (depth, width, n_classes)


def randomize(net: Network, rng: np.random.Generator) -> None:
    """Move every non-weight parameter away from its initial value (weights are already random)."""
    for name, param in net.parameters().items():
        if name.endswith(".bn.gamma"):
            param[...] = 1.0 + 0.3 * rng.standard_normal(param.shape)
        elif name.endswith(".bn.beta") or name.endswith(".bias"):
            param[...] = 0.2 * rng.standard_normal(param.shape)
        elif name.endswith(".prelu.alpha"):
            param[...] = 0.25 + 0.15 * rng.standard_normal()
        elif name.endswith(".rezero.alpha"):  # the default residual scale starts at 0: every branch would be off
            param[...] = 0.6 + 0.3 * rng.standard_normal()


def numeric_grads(net: Network, X: np.ndarray, y: np.ndarray, l2: float) -> dict[str, np.ndarray]:
    grads = {}
    for name, param in net.parameters().items():
        grad = np.zeros(param.shape)
        # A weight of size 0.01 behind BN has curvature ~1/0.01^2: scale the step with the parameter.
        step = STEP * min(1.0, float(np.sqrt(np.mean(param * param))) or 1.0)
        flat, flat_grad = param.reshape(-1), grad.reshape(-1)
        for k in range(flat.size):
            original = flat[k]
            flat[k] = original + step
            plus = net.loss(X, y, l2)
            flat[k] = original - step
            minus = net.loss(X, y, l2)
            flat[k] = original
            flat_grad[k] = (plus - minus) / (2.0 * step)
        grads[name] = grad
    return grads


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


def make_case(activation: str, variant: str, depth: int, width: int, n_classes: int, init: str = "xavier",
              seed: int = 0, leaky_slope: float = 0.01) -> tuple[Network, np.ndarray, np.ndarray]:
    batchnorm, residual = VARIANTS[variant]
    config = NetworkConfig(depth=depth, width=width, activation=activation, init=init, residual=residual,
                           batchnorm=batchnorm, leaky_slope=leaky_slope)
    net = Network(config, n_inputs=N_INPUTS, n_classes=n_classes, seed=seed)
    rng = np.random.default_rng(1000 + seed)
    randomize(net, rng)
    X = rng.standard_normal((BATCH, N_INPUTS))
    y = rng.integers(0, n_classes, BATCH)
    y[:n_classes] = np.arange(n_classes)  # every class present
    return net, X, y


def check_gradients(net: Network, X: np.ndarray, y: np.ndarray, l2: float = L2) -> None:
    _, analytic = net.loss_and_grads(X, y, l2=l2, update_stats=False)
    numeric = numeric_grads(net, X, y, l2)
    assert list(analytic) == list(numeric) == list(net.parameters())
    for name in analytic:
        assert analytic[name].shape == net.parameters()[name].shape, name
        if net.batchnorm and name.startswith("hidden.") and name.endswith(".bias"):
            # BN subtracts the batch mean, so the bias before it has an exactly-zero true gradient.
            assert np.max(np.abs(analytic[name])) < 1e-12, name
            assert np.max(np.abs(numeric[name])) < 1e-8, name
            continue
        error = relative_error(analytic[name], numeric[name])
        assert error < TOLERANCE, f"{name}: relative error {error:.3g}"
        assert np.linalg.norm(analytic[name]) > 1e-6, f"{name}: gradient too small to test"


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "d{}w{}c{}".format(*s))
@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_match_finite_differences(activation, variant, shape):
    net, X, y = make_case(activation, variant, *shape)
    check_gradients(net, X, y)


@pytest.mark.parametrize("variant", ["plain", "bn+residual"])
@pytest.mark.parametrize("init", INITS)
def test_gradients_for_every_init_scheme(init, variant):
    # Without BN, a deep "small" or "large" init makes some gradients too tiny to difference: stay shallow there.
    depth = 3 if variant != "plain" or init in ("standard", "xavier", "he") else 1
    net, X, y = make_case("tanh", variant, depth, 5, 3, init=init, seed=3)
    check_gradients(net, X, y)


@pytest.mark.parametrize("activation", ["leaky_relu", "elu", "gelu"])
def test_gradients_with_another_leaky_slope_and_no_l2(activation):
    net, X, y = make_case(activation, "residual", 3, 4, 2, seed=5, leaky_slope=0.3)
    check_gradients(net, X, y, l2=0.0)


def test_l2_term_is_half_l2_times_sum_of_squared_weights_only():
    net, X, y = make_case("prelu", "bn", 2, 4, 2)
    params = net.parameters()
    weights = [params[name] for name in params if name.endswith("weight")]
    expected = 0.5 * 0.7 * sum(float(np.sum(w * w)) for w in weights)
    assert net.loss(X, y, 0.7) - net.loss(X, y, 0.0) == pytest.approx(expected, rel=1e-12)
    _, with_l2 = net.loss_and_grads(X, y, l2=0.7, update_stats=False)
    _, without = net.loss_and_grads(X, y, l2=0.0, update_stats=False)
    for name in params:
        extra = 0.7 * params[name] if name.endswith("weight") else 0.0
        np.testing.assert_allclose(with_l2[name] - without[name], extra, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_loss_and_grads_leaves_parameters_unchanged(variant):
    net, X, y = make_case("prelu", variant, 3, 4, 3)
    before = {name: (param, param.copy()) for name, param in net.parameters().items()}
    loss, grads = net.loss_and_grads(X, y, l2=L2)
    after = net.parameters()
    assert list(after) == list(before)
    for name, (array, copy) in before.items():
        assert after[name] is array, f"{name} was replaced"
        np.testing.assert_array_equal(array, copy, err_msg=name)
        assert grads[name] is not array
    assert loss == pytest.approx(net.loss(X, y, L2), rel=1e-12)


def test_grads_have_parameter_dtype_in_float32():
    config = NetworkConfig(depth=3, width=4, activation="prelu", batchnorm=True, residual=True)
    net = Network(config, n_inputs=2, n_classes=2, seed=0, dtype=np.float32)
    X = np.random.default_rng(0).standard_normal((6, 2))
    loss, grads = net.loss_and_grads(X, np.array([0, 1, 0, 1, 1, 0]), l2=0.1)
    assert np.isfinite(loss)
    for name, param in net.parameters().items():
        assert param.dtype == np.float32 and grads[name].dtype == np.float32, name


def test_loss_is_stable_for_huge_logits():
    net, X, y = make_case("relu", "plain", 1, 4, 3)
    net.parameters()["output.weight"][...] *= 1e6  # logits ~1e6: a naive softmax overflows
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        loss, grads = net.loss_and_grads(X, y)
    assert np.isfinite(loss) and loss > 1e3
    assert all(np.isfinite(g).all() for g in grads.values())


# ---------------------------------------------------------------- the activations on their own

def _grid(dtype=np.float64) -> np.ndarray:
    z = np.concatenate([np.linspace(-6.0, 6.0, 241), [-30.0, -12.0, 12.0, 30.0]])
    return z[np.abs(z) > 1e-3].astype(dtype)  # keep off the kink of the ReLU family


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivative_matches_finite_differences(name):
    z = _grid()
    kwargs = {"slope": 0.07, "alpha": np.array(0.4)}
    a = act.forward(name, z, **kwargs)
    h = 1e-6
    numeric = (act.forward(name, z + h, **kwargs) - act.forward(name, z - h, **kwargs)) / (2 * h)
    analytic = act.derivative(name, z, a, **kwargs)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


REFERENCE = {
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.07 * z),
    "prelu": lambda z: np.where(z > 0, z, 0.4 * z),
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))),
    "gelu": lambda z: 0.5 * z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (z + 0.044715 * z ** 3))),
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_values_dtype_and_no_overflow(name, dtype):
    z = np.concatenate([_grid(dtype), np.array([-1000.0, 1000.0], dtype=dtype)])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = act.forward(name, z, slope=0.07, alpha=np.array(0.4, dtype=dtype))
        d = act.derivative(name, z, a, slope=0.07, alpha=np.array(0.4, dtype=dtype))
    assert a.dtype == dtype and d.dtype == dtype
    assert np.isfinite(a).all() and np.isfinite(d).all()
    with np.errstate(over="ignore"):
        expected = REFERENCE[name](z.astype(np.float64))
    np.testing.assert_allclose(a, expected, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-6)


def test_saturated_tails_keep_their_tiny_values_in_float64():
    # float64 exists here to show tiny gradients: a saturated unit's derivative is e^-50, not 0.
    z = np.array([-50.0, -30.0, 30.0, 50.0])
    sigmoid = act.forward("sigmoid", z)
    np.testing.assert_allclose(sigmoid[:2], np.exp(z[:2]), rtol=1e-12)
    expected = np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))) ** 2
    np.testing.assert_allclose(act.derivative("sigmoid", z, sigmoid), expected, rtol=1e-12)
    z = np.array([-20.0, -12.0, 12.0, 20.0])
    expected = 4.0 * np.exp(-2 * np.abs(z)) / (1.0 + np.exp(-2 * np.abs(z))) ** 2
    np.testing.assert_allclose(act.derivative("tanh", z, act.forward("tanh", z)), expected, rtol=1e-12)
    z = np.array([-40.0, -700.0])
    np.testing.assert_allclose(act.derivative("elu", z, act.forward("elu", z)), np.exp(z), rtol=1e-12)
    assert act.derivative("elu", z, act.forward("elu", z))[1] > 0


def test_activation_derivative_bounds():
    z = _grid()
    assert act.derivative("sigmoid", z, act.forward("sigmoid", z)).max() <= 0.25
    assert act.derivative("tanh", z, act.forward("tanh", z)).max() <= 1.0
    relu = act.derivative("relu", z, act.forward("relu", z))
    assert set(np.unique(relu)) == {0.0, 1.0}


def test_forward_out_parameter_is_used_in_place():
    z = _grid()
    for name in ACTIVATIONS:
        out = np.empty_like(z)
        assert act.forward(name, z, out=out) is out
        d_out = np.empty_like(z)
        assert act.derivative(name, z, out, out=d_out) is d_out


def test_unknown_activation_is_rejected():
    with pytest.raises(ValueError, match="swish"):
        act.forward("swish", np.zeros(3))
    with pytest.raises(ValueError, match="swish"):
        act.derivative("swish", np.zeros(3), np.zeros(3))

