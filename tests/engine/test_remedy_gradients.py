"""Backprop through the second round's remedies agrees with central finite differences in float64.

Every activation x residual branch scale (none, 1/sqrt(depth), ReZero) x normalization (none, batch, layer),
with L2 > 0 and every parameter moved away from its initial value (ReZero alphas, LN gamma/beta, PReLU alpha
included): relative error < 1e-6 per parameter array, as tests/engine/test_gradients.py does for the first round.
Also: ReZero at its initial alpha = 0, layer norm's forward against a hand-written formula (PyTorch's LayerNorm),
batch norm on a batch of one, and float32.
"""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.config import ACTIVATIONS, NORMALIZATIONS, RESIDUAL_SCALES, NetworkConfig
from bpviz.engine import Network
from bpviz.engine import activations as act

TOLERANCE = 1e-6
EPS = 1e-5
STEP = 1e-5
N_INPUTS = 3
BATCH = 7
L2 = 0.03


def numeric_grads(net: Network, X: np.ndarray, y: np.ndarray, l2: float) -> dict[str, np.ndarray]:
    """Central differences of Network.loss (training mode, running statistics untouched), as test_gradients."""
    grads = {}
    for name, param in net.parameters().items():
        grad = np.zeros(param.shape)
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


def randomize(net: Network, rng: np.random.Generator) -> None:
    """Move every non-weight parameter away from its initial value (weights are already random)."""
    for name, param in net.parameters().items():
        if name.endswith(".gamma"):
            param[...] = 1.0 + 0.3 * rng.standard_normal(param.shape)
        elif name.endswith(".beta") or name.endswith(".bias"):
            param[...] = 0.2 * rng.standard_normal(param.shape)
        elif name.endswith(".prelu.alpha"):
            param[...] = 0.25 + 0.15 * rng.standard_normal()
        elif name.endswith(".rezero.alpha"):
            param[...] = 0.6 + 0.3 * rng.standard_normal()


def make_net(activation: str, scale: str | None, normalization: str, depth: int = 3, width: int = 5,
             n_classes: int = 3, seed: int = 0, init: str = "xavier", dtype=np.float64) -> Network:
    config = NetworkConfig(depth=depth, width=width, activation=activation, init=init, residual=scale is not None,
                           residual_scale=scale or "none", normalization=normalization)
    return Network(config, n_inputs=N_INPUTS, n_classes=n_classes, seed=seed, dtype=dtype)


def batch(n_classes: int, seed: int, size: int = BATCH) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(500 + seed)
    X = rng.standard_normal((size, N_INPUTS))
    y = rng.integers(0, n_classes, size)
    present = min(size, n_classes)
    y[:present] = np.arange(present)  # every class present when the batch has room
    return X, y


def check(net: Network, X: np.ndarray, y: np.ndarray, l2: float = L2) -> dict[str, np.ndarray]:
    _, analytic = net.loss_and_grads(X, y, l2=l2, update_stats=False)
    numeric = numeric_grads(net, X, y, l2)
    assert list(analytic) == list(numeric) == list(net.parameters())
    for name in analytic:
        assert analytic[name].shape == net.parameters()[name].shape, name
        if net.normalization == "batch" and name.startswith("hidden.") and name.endswith(".bias"):
            assert np.max(np.abs(analytic[name])) < 1e-12, name  # BN removes a bias before it exactly
            assert np.max(np.abs(numeric[name])) < 1e-8, name
            continue
        error = relative_error(analytic[name], numeric[name])
        assert error < TOLERANCE, f"{name}: relative error {error:.3g}"
        assert np.linalg.norm(analytic[name]) > 1e-6, f"{name}: gradient too small to test"
    return analytic


@pytest.mark.parametrize("normalization", NORMALIZATIONS)
@pytest.mark.parametrize("scale", [None, *RESIDUAL_SCALES], ids=lambda s: "plain" if s is None else s)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_match_finite_differences(activation, scale, normalization):
    net = make_net(activation, scale, normalization)
    randomize(net, np.random.default_rng(7))
    X, y = batch(3, 0)
    grads = check(net, X, y)
    names = list(grads)
    assert any(".rezero.alpha" in n for n in names) == (scale == "rezero")
    assert any(".ln.gamma" in n for n in names) == (normalization == "layer")
    assert any(".bn.gamma" in n for n in names) == (normalization == "batch")
    assert any(".prelu.alpha" in n for n in names) == (activation == "prelu")


@pytest.mark.parametrize("normalization", NORMALIZATIONS)
@pytest.mark.parametrize("scale", RESIDUAL_SCALES)
def test_gradients_of_deeper_wider_nets_without_l2(scale, normalization):
    net = make_net("prelu", scale, normalization, depth=5, width=6, n_classes=2, seed=3)
    randomize(net, np.random.default_rng(8))
    X, y = batch(2, 3)
    check(net, X, y, l2=0.0)


@pytest.mark.parametrize("normalization", NORMALIZATIONS)
def test_orthogonal_init_gradients(normalization):
    net = make_net("tanh", "sqrt_depth", normalization, depth=4, width=5, init="orthogonal", seed=2)
    randomize(net, np.random.default_rng(9))
    X, y = batch(3, 2)
    check(net, X, y)


def test_l2_leaves_the_new_parameters_alone():
    # 0.5 * l2 * sum ||W||^2 over weight matrices only: no ReZero alpha, no LN gamma/beta in it
    net = make_net("prelu", "rezero", "layer")
    randomize(net, np.random.default_rng(1))
    X, y = batch(3, 1)
    _, with_l2 = net.loss_and_grads(X, y, l2=0.7, update_stats=False)
    _, without = net.loss_and_grads(X, y, l2=0.0, update_stats=False)
    params = net.parameters()
    for name in params:
        extra = 0.7 * params[name] if name.endswith("weight") else 0.0
        np.testing.assert_allclose(with_l2[name] - without[name], extra, rtol=1e-9, atol=1e-14, err_msg=name)


# ---------------------------------------------------------------- ReZero

def test_rezero_starts_as_identity_blocks_and_only_the_alphas_and_block_0_learn_at_first():
    net = make_net("tanh", "rezero", "none", depth=4, width=5)
    params = net.parameters()
    alphas = [params[f"hidden.{i}.rezero.alpha"] for i in range(1, 4)]
    assert "hidden.0.rezero.alpha" not in params  # block 0 changes width: no skip, no alpha
    assert all(a.shape == () and float(a) == 0.0 for a in alphas)
    X, y = batch(3, 4)
    # with every alpha = 0 the network is block 0 followed by the output layer
    h = np.tanh(X @ params["hidden.0.weight"] + params["hidden.0.bias"])
    np.testing.assert_allclose(net.forward(X), h @ params["output.weight"] + params["output.bias"], rtol=1e-12)
    _, grads = net.loss_and_grads(X, y, update_stats=False)
    for i in range(1, 4):
        assert not np.any(grads[f"hidden.{i}.weight"]) and not np.any(grads[f"hidden.{i}.bias"])
        assert abs(float(grads[f"hidden.{i}.rezero.alpha"])) > 1e-4
    numeric = numeric_grads(net, X, y, 0.0)
    for i in range(1, 4):
        name = f"hidden.{i}.rezero.alpha"
        assert relative_error(grads[name], numeric[name]) < TOLERANCE, name
    assert np.linalg.norm(grads["hidden.0.weight"]) > 1e-4


@pytest.mark.parametrize("scale, expected", [("none", 1.0), ("sqrt_depth", 0.5), ("rezero", 0.0)])
def test_branch_scale_per_block(scale, expected):
    net = make_net("relu", scale, "none", depth=4)
    assert net.branch_scale(0) is None
    assert [net.branch_scale(i) for i in range(1, 4)] == [expected] * 3
    net.set_residual(False)
    assert [net.branch_scale(i) for i in range(4)] == [None] * 4


@pytest.mark.parametrize("scale", RESIDUAL_SCALES)
@pytest.mark.parametrize("normalization", NORMALIZATIONS)
def test_forward_matches_a_hand_written_reference(scale, normalization):
    net = make_net("gelu", scale, normalization, depth=4, width=6, n_classes=2, seed=11)
    randomize(net, np.random.default_rng(12))
    X, _ = batch(2, 5, size=9)
    p = net.parameters()
    h = X
    for i in range(4):
        z = h @ p[f"hidden.{i}.weight"] + p[f"hidden.{i}.bias"]
        if normalization == "batch":
            z = p[f"hidden.{i}.bn.gamma"] * (z - z.mean(0)) / np.sqrt(z.var(0) + EPS) + p[f"hidden.{i}.bn.beta"]
        elif normalization == "layer":
            mean = z.mean(axis=1, keepdims=True)
            var = z.var(axis=1, keepdims=True)  # biased, as torch.nn.LayerNorm
            z = p[f"hidden.{i}.ln.gamma"] * (z - mean) / np.sqrt(var + EPS) + p[f"hidden.{i}.ln.beta"]
        a = 0.5 * z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (z + 0.044715 * z ** 3)))
        if i == 0:
            h = a
        else:
            s = {"none": 1.0, "sqrt_depth": 1.0 / np.sqrt(4.0), "rezero": float(p.get(f"hidden.{i}.rezero.alpha", 0))}
            h = h + s[scale] * a
    expected = h @ p["output.weight"] + p["output.bias"]
    np.testing.assert_allclose(net.forward(X, train=True), expected, rtol=1e-11, atol=1e-12)
    if normalization != "batch":  # layer norm has no running statistics: evaluation is the same
        np.testing.assert_allclose(net.forward(X, train=False), expected, rtol=1e-11, atol=1e-12)


# ---------------------------------------------------------------- layer norm

def test_layer_norm_normalizes_each_example_over_its_units_with_biased_variance():
    net = make_net("relu", None, "layer", depth=1, width=7)
    X, _ = batch(3, 6, size=5)
    X[2] *= 100.0  # one example far larger than the others: per-example statistics do not care
    net.loss_and_grads(X, np.zeros(5, dtype=int), update_stats=False)
    z = net.trace.pre_activations[0]  # gamma = 1, beta = 0: the normalized values themselves
    np.testing.assert_allclose(z.mean(axis=1), 0.0, atol=1e-12)
    lin = X @ net.parameters()["hidden.0.weight"]
    expected = lin.var(axis=1) / (lin.var(axis=1) + EPS)  # var of x-hat = var / (var + eps) with biased var
    np.testing.assert_allclose(z.var(axis=1), expected, rtol=1e-10)
    # a single example through LN gives the same as inside a batch: no coupling across the batch
    alone = net.forward(X[2:3])
    np.testing.assert_allclose(alone, net.forward(X)[2:3], rtol=1e-12)


def test_layer_norm_bias_gradient_has_no_component_along_all_ones():
    # LN subtracts each example's mean over units, so adding c to every bias changes nothing
    net = make_net("tanh", "sqrt_depth", "layer", depth=3, width=5)
    randomize(net, np.random.default_rng(2))
    X, y = batch(3, 7)
    _, grads = net.loss_and_grads(X, y, update_stats=False)
    for i in range(3):
        grad = grads[f"hidden.{i}.bias"]
        assert abs(grad.sum()) < 1e-12 * max(1.0, np.abs(grad).max()) + 1e-15
        assert np.abs(grad).max() > 1e-4


def test_switching_normalization_in_place():
    net = make_net("relu", None, "none", depth=3, width=4)
    weights = [w.copy() for w in net.hidden_weights()]
    net.set_normalization("layer")
    params = net.parameters()
    for i in range(3):
        np.testing.assert_array_equal(params[f"hidden.{i}.ln.gamma"], np.ones(4))
        np.testing.assert_array_equal(params[f"hidden.{i}.ln.beta"], np.zeros(4))
        assert net.running_statistics(i) is None and net.batchnorm_scale(i) is None
    assert not net.batchnorm and net.normalization == "layer"
    params["hidden.0.ln.gamma"][...] = 3.0
    net.set_normalization("batch")  # a new BN starts afresh; LN's learned gamma goes
    params = net.parameters()
    assert not any(".ln." in name for name in params) and net.batchnorm
    np.testing.assert_array_equal(params["hidden.0.bn.gamma"], np.ones(4))
    net.set_batchnorm(False)
    assert net.normalization == "none" and not any("gamma" in name for name in net.parameters())
    net.set_normalization("layer")
    net.set_batchnorm(False)  # switching batch norm off leaves layer norm alone
    assert net.normalization == "layer"
    for before, after in zip(weights, net.hidden_weights()):
        np.testing.assert_array_equal(before, after)
    with pytest.raises(ValueError, match="group"):
        net.set_normalization("group")


# ---------------------------------------------------------------- batch norm on one example

@pytest.mark.parametrize("scale", [None, "sqrt_depth"], ids=["plain", "residual"])
def test_batchnorm_on_a_batch_of_one_outputs_beta_and_passes_no_gradient(scale):
    net = make_net("tanh", scale, "batch", depth=3, width=5)
    randomize(net, np.random.default_rng(3))
    params = net.parameters()
    X, y = batch(3, 8, size=1)
    with np.errstate(all="raise"):
        loss, grads = net.loss_and_grads(X, y)
    assert np.isfinite(loss)
    # x-hat = (z - z) / sqrt(0 + eps) = 0, so every BN layer outputs beta, whatever the example
    for i in range(3):
        np.testing.assert_array_equal(net.trace.pre_activations[i][0], params[f"hidden.{i}.bn.beta"])
    other = X + 5.0
    assert net.loss(other, y) == pytest.approx(net.loss(X, y), rel=1e-14)
    for i in range(3):  # each W_i only moves z_i, which BN maps to beta_i: exactly zero, skips or not
        assert not np.any(grads[f"hidden.{i}.weight"]) and not np.any(grads[f"hidden.{i}.bias"])
        assert not np.any(grads[f"hidden.{i}.bn.gamma"])  # gamma multiplies x-hat = 0
        # beta_i reaches the loss only through the skips, or directly from the last block
        assert bool(np.any(grads[f"hidden.{i}.bn.beta"])) == (scale is not None or i == 2)
    numeric = numeric_grads(net, X, y, 0.0)
    for name in grads:
        np.testing.assert_allclose(grads[name], numeric[name], atol=1e-8, err_msg=name)
    # the running variance learns 0 from one example (its unbiased estimate is 0/0): evaluation amplifies
    for _ in range(60):
        net.loss_and_grads(X, y)
    running_var = net.running_statistics(0)[1]
    assert np.all(running_var < 0.01)


def test_layer_norm_on_a_batch_of_one_still_learns():
    net = make_net("tanh", None, "layer", depth=3, width=5)
    X, y = batch(3, 8, size=1)
    _, grads = net.loss_and_grads(X, y)
    assert all(np.linalg.norm(grads[f"hidden.{i}.weight"]) > 1e-6 for i in range(3))


# ---------------------------------------------------------------- float32

@pytest.mark.parametrize("normalization", NORMALIZATIONS)
def test_new_parameters_keep_the_network_dtype_in_float32(normalization):
    net = make_net("prelu", "rezero", normalization, dtype=np.float32, init="orthogonal")
    X, y = batch(3, 9)
    loss, grads = net.loss_and_grads(X, y, l2=0.1)
    assert np.isfinite(loss)
    for name, param in net.parameters().items():
        assert param.dtype == np.float32 and grads[name].dtype == np.float32, name
    for z in net.trace.pre_activations:
        assert z.dtype == np.float32
    assert act.forward("relu", np.zeros(2, np.float32)).dtype == np.float32
