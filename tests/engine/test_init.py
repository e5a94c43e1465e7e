"""Weight-init schemes, orthogonal above all: torch.nn.init.orthogonal_'s recipe, shape convention and distribution."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpviz.config import INITS, NetworkConfig
from bpviz.engine import Network
from bpviz.engine.init import INIT_SCHEMES, init_std, init_weight


@pytest.mark.parametrize("fan_in, fan_out", [(5, 5), (2, 32), (32, 3), (64, 16), (16, 64)])
@pytest.mark.parametrize("gain", [1.0, 1.7])
def test_orthogonal_has_orthonormal_columns_or_rows_times_gain(fan_in, fan_out, gain):
    weight = init_weight("orthogonal", fan_in, fan_out, np.random.default_rng(0), gain=gain)
    assert weight.shape == (fan_in, fan_out) and weight.dtype == np.float64
    if fan_out <= fan_in:  # PyTorch's (fan_out, fan_in) weight has orthonormal rows: ours has orthonormal columns
        np.testing.assert_allclose(weight.T @ weight, gain ** 2 * np.eye(fan_out), atol=1e-12)
    else:
        np.testing.assert_allclose(weight @ weight.T, gain ** 2 * np.eye(fan_in), atol=1e-12)
    np.testing.assert_allclose(np.linalg.svd(weight, compute_uv=False), gain, rtol=1e-12)


@pytest.mark.parametrize("fan_in, fan_out", [(6, 6), (3, 8), (8, 3)])
def test_orthogonal_follows_torch_recipe_qr_of_a_gaussian_with_positive_r_diagonal(fan_in, fan_out):
    # torch.nn.init.orthogonal_(w) for w of shape (rows, cols) = (fan_out, fan_in): G ~ N(0, 1) of that shape,
    # transposed if rows < cols; G = QR; Q *= sign(diag(R)); transposed back. So R = Q^T G is upper triangular with
    # a positive diagonal, for the very Gaussian the generator drew first.
    seed = 42
    weight = init_weight("orthogonal", fan_in, fan_out, np.random.default_rng(seed))
    rows, cols = fan_out, fan_in
    gaussian = np.random.default_rng(seed).normal(0.0, 1.0, size=(rows, cols))
    torch_weight = weight.T  # (fan_out, fan_in), PyTorch's layout
    if rows < cols:
        gaussian, q = gaussian.T, torch_weight.T
    else:
        q = torch_weight
    r = q.T @ gaussian
    np.testing.assert_allclose(np.tril(r, -1), 0.0, atol=1e-12)
    assert np.all(np.diagonal(r) > 0)
    np.testing.assert_allclose(q @ r, gaussian, atol=1e-12)


def test_orthogonal_is_haar_distributed():
    # For 2 x 2, Haar measure: rotation angle uniform, rotation or reflection equally likely. Without the sign
    # correction, LAPACK's Householder QR would return a fixed sign pattern on R's diagonal and a biased Q.
    rng = np.random.default_rng(7)
    draws = [init_weight("orthogonal", 2, 2, rng) for _ in range(4000)]
    dets = np.array([np.linalg.det(w) for w in draws])
    np.testing.assert_allclose(np.abs(dets), 1.0, atol=1e-12)
    assert abs(np.mean(dets > 0) - 0.5) < 0.03
    angles = np.array([math.atan2(w[1, 0], w[0, 0]) for w in draws])
    counts, _ = np.histogram(angles, bins=8, range=(-math.pi, math.pi))
    assert counts.min() > 0.8 * 500 and counts.max() < 1.2 * 500
    # every entry has mean 0 and variance 1 / n, like a Gaussian init of the same scale
    big = np.stack([init_weight("orthogonal", 16, 16, rng) for _ in range(400)])
    assert abs(big.mean()) < 0.01
    assert big.var() == pytest.approx(1.0 / 16, rel=0.02)


@pytest.mark.parametrize("fan_in, fan_out", [(4, 4), (2, 9), (9, 2)])
def test_init_std_of_orthogonal_is_one_over_sqrt_of_the_larger_fan(fan_in, fan_out):
    assert init_std("orthogonal", fan_in, fan_out) == pytest.approx(1.0 / math.sqrt(max(fan_in, fan_out)))
    weight = init_weight("orthogonal", fan_in, fan_out, np.random.default_rng(0))
    assert float(np.mean(weight * weight)) == pytest.approx(init_std("orthogonal", fan_in, fan_out) ** 2, rel=1e-12)


def test_every_config_init_has_a_scheme_and_float32_works():
    assert tuple(INITS) == INIT_SCHEMES
    for scheme in INIT_SCHEMES:
        weight = init_weight(scheme, 7, 5, np.random.default_rng(0), dtype=np.float32)
        assert weight.dtype == np.float32 and weight.shape == (7, 5)


def test_orthogonal_network_is_reproducible_and_its_output_layer_too():
    config = NetworkConfig(depth=3, width=6, activation="tanh", init="orthogonal", init_gain=2.0)
    first = Network(config, n_inputs=2, n_classes=3, seed=5).parameters()
    again = Network(config, n_inputs=2, n_classes=3, seed=5).parameters()
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    out = first["output.weight"]  # (6, 3): orthonormal columns, times the gain
    np.testing.assert_allclose(out.T @ out, 4.0 * np.eye(3), atol=1e-12)
    square = first["hidden.1.weight"]
    np.testing.assert_allclose(square.T @ square, 4.0 * np.eye(6), atol=1e-12)
