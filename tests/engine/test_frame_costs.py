"""The costly per-frame parts, kept truthful and bounded: layer Jacobians (exact SVDs on small networks, a
Frobenius-norm RMS on large ones) and the decision grid (whole, or refined coarse to fine over several frames)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine import activations as act
from bpviz.engine import telemetry
from bpviz.engine.telemetry import (
    FROBENIUS_BUDGET, GridRefiner, coarse_to_fine_order, decision_grid, grid_points_per_call, jacobian_method,
    layer_jacobians,
)
from bpviz.engine.trainer import Trainer

H = 1e-6


def trainer_for(steps: int = 3, **changes) -> Trainer:
    settings = {"network.depth": 4, "network.width": 6, "data.samples": 120, "train.batch_size": 16}
    settings.update(changes)
    trainer = Trainer(ExperimentConfig().replace(**settings))
    trainer.run(steps)
    for name, param in trainer.network.parameters().items():  # alphas away from 0, so every block counts
        if name.endswith(".rezero.alpha"):
            param[...] = 0.7
    # the trace of the first 16 training points with the current weights: what block_jacobian differentiates
    trainer.network.loss_and_grads(trainer._X_train[:16], trainer.dataset.y_train[:16], update_stats=False)
    return trainer


def block_jacobian(trainer: Trainer, layer: int, row: int) -> np.ndarray:
    """dh_l/dh_(l-1) at one batch row by central differences, the norm layer's statistics held fixed (the
    coupling that the Jacobian view leaves out: across the batch for BN, the centring within an example for LN)."""
    net = trainer.network
    trace = net.trace
    params = net.parameters()
    weight, bias = params[f"hidden.{layer}.weight"], params[f"hidden.{layer}.bias"]
    h_in = (trainer._X_train[:16] if layer == 0 else trace.outputs[layer - 1])[row].astype(np.float64)
    z_lin = h_in @ weight + bias
    norm_scale = trace.norm_scales[layer]
    if norm_scale is None:
        shift = np.zeros_like(z_lin)
        scale = np.ones_like(z_lin)
    else:
        scale = norm_scale[row] if norm_scale.ndim == 2 else norm_scale
        shift = trace.pre_activations[layer][row] - scale * z_lin  # z = scale * z_lin + shift, statistics fixed
    alpha = net.prelu_alpha(layer)
    branch = net.branch_scale(layer)

    def block(h):
        a = act.forward(net.activation, scale * (h @ weight + bias) + shift, net.leaky_slope,
                        0.25 if alpha is None else alpha)
        return a if branch is None else h + branch * a

    np.testing.assert_allclose(block(h_in), trace.outputs[layer][row], rtol=1e-10, atol=1e-12)
    columns = []
    for k in range(h_in.size):
        step = np.zeros_like(h_in)
        step[k] = H
        columns.append((block(h_in + step) - block(h_in - step)) / (2 * H))
    return np.stack(columns, axis=1)  # (fan_out, fan_in)


CASES = [
    {"network.activation": "tanh"},
    {"network.activation": "relu", "network.init": "he", "network.residual": True},
    {"network.activation": "gelu", "network.residual": True, "network.residual_scale": "none"},
    {"network.activation": "prelu", "network.residual": True, "network.residual_scale": "rezero"},
    {"network.activation": "sigmoid", "network.batchnorm": True, "network.residual": True},
    {"network.activation": "elu", "network.normalization": "layer", "network.residual": True},
    {"network.activation": "tanh", "network.normalization": "layer", "network.init": "orthogonal"},
]


@pytest.mark.parametrize("changes", CASES, ids=lambda c: "+".join(f"{v}" for v in c.values()))
def test_svd_jacobians_match_finite_differences_of_each_block(changes):
    trainer = trainer_for(**changes)
    jac = trainer.jacobians()
    assert jac.method == "svd" and not jac.estimated and jac.samples == telemetry.SVD_SAMPLES
    depth = trainer.network.depth
    mean, rms, low, high = (np.empty(depth) for _ in range(4))
    for layer in range(depth):
        singular = np.array([np.linalg.svd(block_jacobian(trainer, layer, row), compute_uv=False)
                             for row in range(jac.samples)])
        mean[layer] = singular.mean()
        rms[layer] = np.sqrt(np.mean(singular ** 2))
        low[layer] = singular.min(axis=1).mean()
        high[layer] = singular.max(axis=1).mean()
    np.testing.assert_allclose(jac.mean_singular_value, mean, rtol=1e-6)
    np.testing.assert_allclose(jac.rms_singular_value, rms, rtol=1e-6)
    np.testing.assert_allclose(jac.min_singular_value, low, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(jac.max_singular_value, high, rtol=1e-6)
    np.testing.assert_allclose(jac.running_product, np.cumprod(mean[::-1])[::-1], rtol=1e-6)
    assert np.all(jac.rms_singular_value >= jac.mean_singular_value * (1 - 1e-12))


def test_frobenius_method_gives_the_exact_rms_when_it_reads_every_row():
    trainer = trainer_for(**{"network.activation": "relu", "network.init": "he", "network.residual": True,
                             "network.normalization": "layer"})
    trace = trainer.network.trace
    net = trainer.network
    derivatives = [act.derivative(net.activation, z[:4], a[:4]) for z, a in zip(trace.pre_activations,
                                                                                trace.activations)]
    exact = layer_jacobians(net.hidden_weights(), derivatives, trace.norm_scales, trace.branch_scales, "svd")
    rms = layer_jacobians(net.hidden_weights(), derivatives, trace.norm_scales, trace.branch_scales, "frobenius")
    assert rms.method == "frobenius" and rms.estimated and rms.rows_sampled is None
    assert rms.min_singular_value is None and rms.max_singular_value is None
    np.testing.assert_allclose(rms.rms_singular_value, exact.rms_singular_value, rtol=1e-10)
    np.testing.assert_allclose(rms.mean_singular_value, rms.rms_singular_value, rtol=0)  # the RMS stands in
    np.testing.assert_allclose(rms.running_product, np.cumprod(rms.rms_singular_value[::-1])[::-1], rtol=1e-12)


@pytest.mark.parametrize("residual", [False, True])
def test_frobenius_estimate_from_sampled_rows_is_close_to_the_exact_value(monkeypatch, residual):
    rng = np.random.default_rng(0)
    width, depth = 512, 3
    weights = [rng.normal(0.0, np.sqrt(2.0 / width), (width, width)) for _ in range(depth)]
    derivatives = [(rng.random((16, width)) > 0.5).astype(np.float64) for _ in range(depth)]  # ReLU-like
    branches = [None] + [1.0 / np.sqrt(depth)] * (depth - 1) if residual else [None] * depth
    exact = layer_jacobians(weights, derivatives, [None] * depth, branches, "frobenius")
    assert exact.rows_sampled is None
    monkeypatch.setattr(telemetry, "FROBENIUS_BUDGET", 32 * width * depth)
    sampled = layer_jacobians(weights, derivatives, [None] * depth, branches, "frobenius",
                              rng=np.random.default_rng(1))
    assert sampled.rows_sampled == 32 and sampled.estimated
    np.testing.assert_allclose(sampled.rms_singular_value, exact.rms_singular_value, rtol=0.03)
    assert not np.array_equal(sampled.rms_singular_value, exact.rms_singular_value)


def test_jacobians_at_the_largest_network_are_cheap():
    # 200 layers x 1024 units: the SVDs took minutes. The same 1024 x 1024 matrix stands for every layer here
    # (building the real network takes longer than this test may): what is bounded is the work per layer.
    width, depth = 1024, 200
    rng = np.random.default_rng(0)
    shared = rng.normal(0.0, np.sqrt(1.0 / width), (width, width))
    shapes = [(2, width)] + [(width, width)] * (depth - 1)
    assert jacobian_method(shapes) == "frobenius"
    weights = [rng.normal(0.0, 1.0, (2, width))] + [shared] * (depth - 1)
    samples = telemetry.FROBENIUS_SAMPLES
    derivatives = [rng.random((samples, width)) for _ in range(depth)]
    branches = [None] + [1.0 / np.sqrt(depth)] * (depth - 1)
    started = time.perf_counter()
    jac = layer_jacobians(weights, derivatives, [None] * depth, branches, "frobenius", rng=rng)
    elapsed = time.perf_counter() - started
    assert jac.rows_sampled * width * depth <= FROBENIUS_BUDGET + 8 * width * depth
    assert np.isfinite(jac.rms_singular_value).all() and jac.estimated
    assert elapsed < 2.0, f"{elapsed:.2f} s"  # ~0.05 s on a quiet 2-core machine; an SVD per layer took minutes


def test_trainer_picks_the_method_by_cost():
    assert trainer_for().jacobians().method == "svd"
    big = trainer_for(steps=1, **{"network.depth": 3, "network.width": 256})
    assert jacobian_method([w.shape for w in big.network.hidden_weights()]) == "frobenius"
    jac = big.jacobians()
    assert jac.method == "frobenius" and jac.estimated and jac.samples == telemetry.FROBENIUS_SAMPLES
    assert big.snapshot(jacobians=True).jacobians.method == "frobenius"


def test_orthogonal_layers_keep_every_singular_value_within_the_activation_slopes():
    # J = diag(tanh'(z)) W^T with W orthogonal: its singular values lie between the smallest and largest slope.
    # A Gaussian W of the same scale spreads them (Marchenko-Pastur): that spread is the orthogonal lesson.
    common = {"network.activation": "tanh", "network.depth": 6, "network.width": 16, "train.batch_size": 8}
    ortho = trainer_for(steps=0, **common, **{"network.init": "orthogonal"})
    jac = ortho.jacobians()
    trace = ortho.network.trace
    for layer in range(1, 6):
        slopes = act.derivative("tanh", trace.pre_activations[layer][:4], trace.activations[layer][:4])
        assert jac.max_singular_value[layer] <= slopes.max(axis=1).mean() + 1e-12
        assert jac.min_singular_value[layer] >= slopes.min(axis=1).mean() - 1e-12
    gaussian = trainer_for(steps=0, **common, **{"network.init": "he", "network.init_gain": 2 ** -0.5})
    spread_ortho = np.median(jac.max_singular_value[1:] / jac.min_singular_value[1:])
    g = gaussian.jacobians()
    spread_gauss = np.median(g.max_singular_value[1:] / g.min_singular_value[1:])
    assert spread_gauss > 5 * spread_ortho


# ---------------------------------------------------------------- the decision grid

@pytest.mark.parametrize("resolution", [1, 5, 8, 48])
def test_coarse_to_fine_order_visits_every_cell_once_coarsest_first(resolution):
    order = coarse_to_fine_order(resolution)
    assert sorted(order) == list(range(resolution * resolution)) and order[0] == 0
    iy, ix = np.divmod(order, resolution)
    stride_of = np.array([np.gcd.reduce([y, x, 1 << 12]) if (y or x) else 1 << 12 for y, x in zip(iy, ix)])
    assert np.all(np.diff(np.minimum(stride_of, 1 << 12)) <= 0)  # never a finer point before a coarser one


def test_grid_refiner_stays_within_its_budget_and_converges_to_the_exact_grid():
    trainer = trainer_for()
    sizes = []

    def predict(points):
        sizes.append(len(points))
        return trainer.network.predict_proba(points)

    exact = decision_grid(trainer.network.predict_proba, trainer.dataset.extent, 10)
    refiner = GridRefiner(trainer.dataset.extent, 10, points_per_call=7)
    first = refiner.update(predict)
    assert not first.exact and first.progress == pytest.approx(0.07)
    assert np.isfinite(first.probability).all() and first.probability.shape == (10, 10)
    assert len(np.unique(first.probability)) <= 7  # coarse: each computed point fills its block
    grids = [refiner.update(predict) for _ in range(14)]
    assert max(sizes) <= 7 and sum(sizes) == 7 * 15
    assert grids[-1].progress == 1.0 and not grids[-1].exact
    np.testing.assert_allclose(grids[-1].probability, exact.probability, rtol=1e-12)
    np.testing.assert_array_equal(grids[-1].xs, exact.xs)


def test_trainer_grid_is_exact_when_it_fits_and_refined_when_it_does_not(monkeypatch):
    trainer = trainer_for()
    whole = trainer.decision_grid(12)
    assert whole.exact and whole.progress == 1.0
    assert trainer.snapshot(grid=True, grid_resolution=12).decision_grid.exact
    per_point = sum(m * n for m, n in trainer._weight_shapes())
    monkeypatch.setattr(telemetry, "GRID_BUDGET", 20 * per_point)
    assert grid_points_per_call(trainer._weight_shapes()) == 20
    parts = [trainer.decision_grid(12) for _ in range(8)]
    assert [round(p.progress * 144) for p in parts] == [20, 40, 60, 80, 100, 120, 140, 144]
    assert not any(p.exact for p in parts)
    np.testing.assert_allclose(parts[-1].probability, whole.probability, rtol=1e-12)
    trainer.reset()
    assert trainer.decision_grid(12).progress == pytest.approx(20 / 144)  # a reset starts the picture afresh


def test_grid_budget_at_the_largest_network():
    shapes = [(2, 1024)] + [(1024, 1024)] * 199 + [(1024, 2)]
    assert 1 <= grid_points_per_call(shapes) <= 4  # each point costs 2e8 multiply-adds there
    assert grid_points_per_call([(2, 32)] + [(32, 32)] * 9 + [(32, 2)]) >= 48 * 48  # the default: whole grid


def test_cells_not_computed_yet_show_their_nearest_coarser_computed_point():
    trainer = trainer_for()
    exact = decision_grid(trainer.network.predict_proba, trainer.dataset.extent, 8).probability
    refiner = GridRefiner(trainer.dataset.extent, 8, points_per_call=4)
    first = refiner.update(trainer.network.predict_proba).probability  # (0, 0), then the stride-4 lattice
    iy, ix = np.indices((8, 8))
    np.testing.assert_allclose(first, exact[iy // 4 * 4, ix // 4 * 4], rtol=1e-12)
    for _ in range(3):  # 16 points: the stride-2 lattice is complete
        grid = refiner.update(trainer.network.predict_proba).probability
    np.testing.assert_allclose(grid, exact[iy // 2 * 2, ix // 2 * 2], rtol=1e-12)
    assert len(np.unique(np.round(grid, 12))) > len(np.unique(np.round(first, 12)))
