"""Mean-field theory (bpviz.engine.theory) against exact values, Monte Carlo, and measured wide networks.

The measurement tests are the point of the module: for a width-512, depth-20 network at initialization the mean
over layers 5-15 of ||dL/dh_i||^2 / ||dL/dh_{i+1}||^2 (median of 5 seeds) lies within 15 % of chi1, with sigma_w2
set through init and init_gain and sigma_b2 through bias_init_std, on both sides of the critical line.
"""

from __future__ import annotations

import json
import math
import time
import types

import numpy as np
import pytest

from bpviz.config import INITS, LIVE_FIELDS, REBUILD_FIELDS, ConfigError, ExperimentConfig, NetworkConfig
from bpviz.engine import Network, activations, theory
from bpviz.engine.init import init_weight

ALL = theory.ACTIVATION_NAMES
SMOOTH = ("sigmoid", "tanh", "elu", "gelu")
RELU_FAMILY = {"relu": 0.0, "leaky_relu": theory.DEFAULT_LEAKY_SLOPE, "prelu": theory.DEFAULT_PRELU_ALPHA}


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


# ---------------------------------------------------------------- the critical points and chi1's shape

def test_critical_points_of_tanh_and_relu():
    assert theory.chi1("tanh", 1.0, 0.0) == pytest.approx(1.0, abs=1e-3)
    assert theory.chi1("relu", 2.0, 0.0) == pytest.approx(1.0, abs=1e-3)
    assert theory.depth_scale("tanh", 1.0, 0.0) == math.inf
    assert theory.depth_scale("relu", 2.0, 0.0) == math.inf
    assert theory.fixed_point_q("tanh", 1.0, 0.0) == 0.0  # the signal dies slowly (like 1/l) but it dies


@pytest.mark.parametrize("activation, slope", sorted(RELU_FAMILY.items()))
def test_relu_family_is_exact_and_independent_of_q(activation, slope):
    c = 0.5 * (1.0 + slope * slope)
    for sigma_w2 in (0.5, 1.0 / c, 3.0):
        for sigma_b2 in (0.0, 0.2):
            assert theory.chi1(activation, sigma_w2, sigma_b2) == pytest.approx(sigma_w2 * c, rel=1e-15)
    assert theory.critical_sigma_w2(activation, [0.0, 0.5]) == pytest.approx(1.0 / c, rel=1e-15)
    # q shrinks or grows geometrically off criticality; with a bias below criticality it settles at b / (1 - w c)
    assert theory.fixed_point_q(activation, 0.9 / c, 0.0) == 0.0
    assert theory.fixed_point_q(activation, 1.1 / c, 0.0) == math.inf
    assert theory.fixed_point_q(activation, 1.0 / c, 0.0, q0=0.37) == 0.37  # neutral: every q is a fixed point
    assert theory.fixed_point_q(activation, 1.0 / c, 0.1) == math.inf       # linear growth
    assert theory.fixed_point_q(activation, 0.5 / c, 0.1) == pytest.approx(0.2, rel=1e-14)


@pytest.mark.parametrize("activation", ALL)
def test_chi1_grows_with_sigma_w2(activation):
    """Everywhere for sigmoid, tanh and the ReLU family; ELU and GELU have a small dip just below sigma_w2 = 2."""
    sigma_w2 = np.geomspace(0.05, 50.0, 9)
    for sigma_b2 in (0.0, 0.05, 0.5):
        chi = [theory.chi1(activation, w, sigma_b2) for w in sigma_w2]
        assert np.all(np.diff(chi) > 0), (sigma_b2, chi)
    # densely, through the phase diagram's table
    w = np.linspace(0.05, 6.0, 400)
    diagram = theory.phase_diagram(activation, w, np.linspace(0.0, 2.0, 21))
    rising = np.diff(diagram.log10_chi1, axis=0) > 0
    if activation in ("elu", "gelu"):
        assert not rising.all()  # the documented exception, so this test notices if it ever goes away
        rising |= ((w[:-1] > 1.8) & (w[:-1] < 2.0))[:, None]  # intervals starting in (1.8, 2)
    assert rising.all()


@pytest.mark.parametrize("activation", ["elu", "gelu"])
def test_elu_and_gelu_dip_back_to_one_at_sigma_w2_two(activation):
    """Below sigma_w2 = 2, q* grows without bound as sigma_w2 -> 2, so chi1 = sigma_w2 E[phi'^2] falls to 2 * 1/2."""
    sigma_b2 = 0.0 if activation == "elu" else 0.3
    assert theory.chi1(activation, 1.97, sigma_b2) > 1.001
    assert theory.chi1(activation, 2.0, sigma_b2) == 1.0


def test_depth_scale_on_both_sides():
    assert theory.depth_scale_from_chi1(1.0) == math.inf
    assert theory.depth_scale_from_chi1(math.exp(-0.1)) == pytest.approx(10.0)  # ordered: shrinks e-fold per 10
    assert theory.depth_scale_from_chi1(math.exp(0.1)) == pytest.approx(10.0)   # chaotic: grows e-fold per 10
    assert theory.depth_scale_from_chi1(0.0) == 0.0
    assert theory.depth_scale("relu", 2.0 * math.exp(-0.05), 0.0) == pytest.approx(20.0)
    with pytest.raises(ValueError):
        theory.depth_scale_from_chi1(-1.0)


# ---------------------------------------------------------------- the quadrature

def test_theory_knows_every_activation_and_init_of_the_config():
    from bpviz.config import ACTIVATIONS
    assert set(theory.ACTIVATION_NAMES) == set(ACTIVATIONS)
    assert set(INITS) <= set(theory.INIT_SCHEMES)


@pytest.mark.parametrize("activation", ALL)
def test_quadrature_uses_the_networks_activation(activation):
    """phi and phi' inside the quadrature are the network's (sigmoid and tanh skip only the exact-tail refinement)."""
    x = np.linspace(-30.0, 30.0, 2001)
    value, slope = theory._phi_and_derivative(activation, x, 0.01, 0.25)
    assert np.array_equal(value, activations.forward(activation, x, 0.01, 0.25))
    assert np.allclose(slope, activations.derivative(activation, x, value, 0.01, 0.25), rtol=0, atol=1e-15)


@pytest.mark.parametrize("activation", ALL)
def test_quadrature_agrees_with_monte_carlo(activation):
    """E[phi^2] and E[phi'^2] by quadrature lie within 5 standard errors of a 400 000-sample mean."""
    z = np.random.default_rng(7).standard_normal(400_000)
    for q in (0.05, 1.0, 20.0):
        x = math.sqrt(q) * z
        value = activations.forward(activation, x)
        slope = activations.derivative(activation, x, value)
        v, d = theory.moments(activation, q)
        for exact, samples in ((v, value * value), (d, slope * slope)):
            error = samples.std() / math.sqrt(len(samples))
            assert abs(exact - samples.mean()) < 5 * error + 1e-15, (q, exact, samples.mean(), error)


def test_quadrature_against_closed_forms():
    # ELU: E[phi'^2] = 1/2 + E[exp(2 sqrt(q) z); z < 0] = 1/2 + exp(2q) Phi(-2 sqrt(q))
    for q in (1e-4, 0.3, 2.0, 30.0):
        _, d = theory.moments("elu", q)
        assert d == pytest.approx(0.5 + math.exp(2 * q) * normal_cdf(-2 * math.sqrt(q)), rel=1e-12)
    # the ReLU family: V = c q, D = c
    for name, slope in RELU_FAMILY.items():
        c = 0.5 * (1 + slope * slope)
        assert theory.moments(name, 3.0) == (pytest.approx(3 * c, rel=1e-15), pytest.approx(c, rel=1e-15))
    # limits: sigmoid(0)^2 = 1/4 and sigmoid'(0)^2 = 1/16; GELU'(0) = 1/2; tanh'^2 -> 0 at q = inf
    assert theory.moments("sigmoid", 0.0) == (0.25, 0.0625)
    assert theory.moments("gelu", 0.0)[1] == 0.25
    assert theory.moments("tanh", math.inf) == (1.0, 0.0)
    # tanh for small q: V = q - 2 q^2 + O(q^3), D = 1 - 2 q + 7 q^2 + O(q^3)
    v, d = theory.moments("tanh", 1e-5)
    assert v == pytest.approx(1e-5 - 2e-10, rel=1e-9) and d == pytest.approx(1 - 2e-5 + 7e-10, rel=1e-13)


def test_quadrature_resolves_what_gauss_hermite_misses():
    """At large q tanh' is a peak narrower than Gauss-Hermite's nodes; the composite rule still converges."""
    for q in (30.0, 1e4):
        _, d = theory.moments("tanh", q)
        # Laplace: for large q, E[tanh'(sqrt(q) z)^2] -> (1/sqrt(2 pi q)) * integral sech^4 = 4 / (3 sqrt(2 pi q))
        assert d == pytest.approx(4.0 / (3.0 * math.sqrt(2 * math.pi * q)), rel=3.0 / q)
    nodes, weights = np.polynomial.hermite_e.hermegauss(100)
    gauss_hermite = float(weights @ (1 - np.tanh(math.sqrt(30.0) * nodes) ** 2) ** 2) / math.sqrt(2 * math.pi)
    assert abs(gauss_hermite / theory.moments("tanh", 30.0)[1] - 1) > 0.1


@pytest.mark.parametrize("activation", SMOOTH)
def test_fixed_point_is_a_fixed_point(activation):
    for sigma_w2, sigma_b2 in ((0.7, 0.1), (1.5, 0.05), (3.0, 0.3)):
        q_star = theory.fixed_point_q(activation, sigma_w2, sigma_b2)
        if math.isfinite(q_star) and q_star > 0:
            mapped = theory.variance_map(activation, q_star, sigma_w2, sigma_b2)
            assert mapped == pytest.approx(q_star, rel=1e-10)


def test_fixed_point_uses_the_second_moment_not_the_variance():
    """Sigmoid's outputs have mean ~1/2: without bias q* = sigma_w2 E[sigmoid^2] > 0, far from sigma_w2 Var."""
    q_star = theory.fixed_point_q("sigmoid", 4.0, 0.0)
    v, _ = theory.moments("sigmoid", q_star)
    assert q_star == pytest.approx(4.0 * v, rel=1e-12) and q_star > 1.0  # E[sigmoid^2] >= 1/4


def test_gelu_is_bistable_without_bias():
    """For 2 < sigma_w2 < 4 and no bias, GELU's q collapses from a small start and explodes from a large one."""
    assert theory.fixed_point_q("gelu", 3.0, 0.0, q0=1e-3) == 0.0
    assert theory.fixed_point_q("gelu", 3.0, 0.0, q0=1e3) == math.inf
    assert theory.chi1("gelu", 3.0, 0.0, q0=1e-3) == pytest.approx(0.75)  # 3 * gelu'(0)^2
    assert theory.chi1("gelu", 3.0, 0.0, q0=1e3) == pytest.approx(1.5)    # 3 * 1/2


def test_bad_arguments_are_value_errors():
    for call in (lambda: theory.chi1("swish", 1.0, 0.0), lambda: theory.chi1("tanh", 0.0, 0.0),
                 lambda: theory.chi1("tanh", 1.0, -0.1), lambda: theory.fixed_point_q("tanh", 1.0, 0.0, q0=0.0),
                 lambda: theory.moments("tanh", -1.0), lambda: theory.sigma_w2_of_init("lecun", 4, 4),
                 lambda: theory.phase_diagram("tanh", [0.0, 1.0], [0.0])):
        with pytest.raises(ValueError):
            call()


# ---------------------------------------------------------------- init schemes -> sigma_w2

def test_sigma_w2_table():
    assert theory.sigma_w2_of_init("small", 32, 32) == pytest.approx(32e-4)
    assert theory.sigma_w2_of_init("standard", 32, 32) == pytest.approx(1 / 3)
    assert theory.sigma_w2_of_init("xavier", 32, 32) == pytest.approx(1.0)
    assert theory.sigma_w2_of_init("xavier", 2, 32) == pytest.approx(4 / 34)
    assert theory.sigma_w2_of_init("he", 7, 3, gain=0.5) == pytest.approx(0.5)
    assert theory.sigma_w2_of_init("large", 32, 32) == pytest.approx(32.0)
    assert theory.sigma_w2_of_init("orthogonal", 32, 32, gain=2.0) == pytest.approx(4.0)
    assert theory.sigma_w2_of_init("orthogonal", 2, 32) == pytest.approx(2 / 32)


@pytest.mark.parametrize("scheme", INITS)
@pytest.mark.parametrize("fan_in, fan_out", [(400, 400), (2, 300), (300, 20)])
def test_sigma_w2_matches_the_weights_bpviz_draws(scheme, fan_in, fan_out):
    """fan_in * mean(W^2) of real init_weight draws (every scheme the config knows) matches the table."""
    rng = np.random.default_rng(3)
    draws = [init_weight(scheme, fan_in, fan_out, rng, gain=1.5) for _ in range(max(1, 60_000 // (fan_in * fan_out)))]
    measured = fan_in * float(np.mean([np.mean(w * w) for w in draws]))
    assert measured == pytest.approx(theory.sigma_w2_of_init(scheme, fan_in, fan_out, gain=1.5), rel=0.05)


def test_network_sigmas_separate_the_first_layer():
    sigmas = theory.network_sigmas(NetworkConfig(width=32, init="xavier", init_gain=2.0, bias_init_std=0.3))
    assert sigmas.sigma_w2 == pytest.approx(4.0)
    assert sigmas.first_sigma_w2 == pytest.approx(4.0 * 4 / 34)
    assert sigmas.sigma_b2 == pytest.approx(0.09)
    assert theory.network_sigmas(ExperimentConfig()).sigma_w2 == pytest.approx(1.0)  # an ExperimentConfig works


# ---------------------------------------------------------------- bias_init_std

def test_bias_init_std_keeps_the_weights_and_draws_the_biases():
    plain = Network(NetworkConfig(depth=3, width=1000, activation="tanh"), 2, 2, seed=4)
    biased = Network(NetworkConfig(depth=3, width=1000, activation="tanh", bias_init_std=0.3), 2, 2, seed=4)
    for name, value in plain.parameters().items():
        if name.endswith(".weight"):
            assert np.array_equal(value, biased.parameters()[name]), name
        else:
            assert not value.any(), name
    hidden = np.concatenate([biased.parameters()[f"hidden.{i}.bias"] for i in range(3)])
    assert hidden.std() == pytest.approx(0.3, rel=0.03) and abs(hidden.mean()) < 0.02
    assert biased.parameters()["output.bias"].any()
    again = Network(NetworkConfig(depth=3, width=1000, activation="tanh", bias_init_std=0.3), 2, 2, seed=4)
    assert np.array_equal(again.parameters()["hidden.2.bias"], biased.parameters()["hidden.2.bias"])
    as_float32 = Network(NetworkConfig(depth=1, width=8, bias_init_std=1.0), 2, 2, seed=0, dtype=np.float32)
    assert as_float32.parameters()["hidden.0.bias"].dtype == np.float32


@pytest.mark.parametrize("value", [-0.1, 10.5, math.nan, math.inf, True, "0.1"])
def test_bias_init_std_rejects_bad_values(value):
    with pytest.raises(ConfigError, match="network.bias_init_std"):
        NetworkConfig(bias_init_std=value)


def test_bias_init_std_in_json_and_a_rebuild_field():
    cfg = ExperimentConfig().replace(**{"network.bias_init_std": 0.25})
    assert ExperimentConfig.from_json(cfg.to_json()) == cfg
    old = json.loads(ExperimentConfig().to_json())
    del old["network"]["bias_init_std"]  # a file saved before the field existed
    assert ExperimentConfig.from_dict(old).network.bias_init_std == 0.0
    assert "network.bias_init_std" in REBUILD_FIELDS and "network.bias_init_std" not in LIVE_FIELDS


# ---------------------------------------------------------------- prediction vs measurement

def measure(activation: str, sigma_w2: float, sigma_b2: float, seed: int) -> tuple[float, float, NetworkConfig]:
    """(mean over layers 5-15 of ||dL/dh_i||^2 / ||dL/dh_{i+1}||^2, mean z^2 over those layers, the config)."""
    config = NetworkConfig(depth=20, width=512, activation=activation, init="he",
                           init_gain=math.sqrt(sigma_w2 / 2.0), bias_init_std=math.sqrt(sigma_b2))
    net = Network(config, n_inputs=2, n_classes=2, seed=seed)
    rng = np.random.default_rng(1000 + seed)
    # One example, a random direction scaled to mean x_k^2 = 1 (so q_0 is the predicted one). The 11 layers average
    # its fluctuations enough (a seed's mean ratio scatters by ~2 %), and every product stays a matrix-vector one:
    # a threaded BLAS on a shared machine is ten times slower on an 8-row batch.
    X = rng.standard_normal((1, 2))
    X *= math.sqrt(2.0) / np.linalg.norm(X)
    net.loss_and_grads(X, rng.integers(0, 2, 1))
    squared = [float(np.vdot(g, g)) for g in net.trace.signal_grads]
    ratios = [squared[i] / squared[i + 1] for i in range(5, 16)]
    second_moments = [float(np.mean(z * z)) for z in net.trace.pre_activations[5:16]]
    return float(np.mean(ratios)), float(np.mean(second_moments)), config


# (activation, sigma_w2, sigma_b2): both sides of the critical line (tanh: w = 1 at b = 0, 1.99 at b = 0.1;
# ReLU: w = 2), and sigmoid, whose non-zero mean is where the second-moment recursion matters.
MEASURED_POINTS = [
    ("tanh", 0.6, 0.0),    # ordered, q -> 0: chi1 = 0.6
    ("tanh", 1.5, 0.3),    # ordered with bias: chi1 = 0.74
    ("tanh", 4.0, 0.2),    # chaotic: chi1 = 1.29
    ("relu", 1.4, 0.0),    # ordered: 0.7
    ("relu", 1.8, 0.4),    # ordered with bias: 0.9
    ("relu", 2.6, 0.1),    # chaotic: 1.3
    ("sigmoid", 4.0, 0.0),  # ordered: 0.17
]


@pytest.mark.parametrize("activation, sigma_w2, sigma_b2", MEASURED_POINTS)
def test_prediction_matches_a_wide_network_at_initialization(activation, sigma_w2, sigma_b2):
    measured = [measure(activation, sigma_w2, sigma_b2, seed) for seed in range(5)]
    ratio = float(np.median([m[0] for m in measured]))
    predicted = theory.chi1(activation, sigma_w2, sigma_b2)
    assert ratio == pytest.approx(predicted, rel=0.15)
    # the layer-by-layer prediction (from the network's own q_0) and the forward second moment agree too
    config = measured[0][2]
    assert float(np.mean(theory.predicted_layer_chi(config)[6:17])) == pytest.approx(ratio, rel=0.15)
    q = float(np.median([m[1] for m in measured]))
    assert q == pytest.approx(float(np.mean(theory.predicted_layer_q(config)[5:16])), rel=0.15, abs=1e-3)


def test_the_measurement_can_tell_the_phases_apart():
    """The test above bites: an ordered point measures far below 1 and a chaotic one above 1."""
    assert measure("tanh", 0.6, 0.0, 0)[0] < 0.7 and measure("tanh", 4.0, 0.2, 0)[0] > 1.15


# ---------------------------------------------------------------- the per-layer prediction

def test_predicted_signal_norms_are_anchored_and_follow_chi():
    config = NetworkConfig(depth=12, width=64, activation="tanh", init="xavier", init_gain=math.sqrt(0.5))
    norms = theory.predicted_signal_norms(config, anchor=3e-2)
    assert norms.shape == (12,) and norms[-1] == pytest.approx(3e-2, rel=1e-14)
    chi = theory.predicted_layer_chi(config)
    assert np.allclose(norms[:-1] / norms[1:], np.sqrt(chi[1:]), rtol=1e-12)
    assert np.all(np.diff(norms) > 0)  # vanishing towards the input
    assert theory.predicted_signal_norms(config, 30).shape == (30,)
    he_relu = NetworkConfig(depth=50, activation="relu", init="he")
    assert np.allclose(theory.predicted_signal_norms(he_relu), 1.0, rtol=1e-12)  # critical: flat


def test_predicted_log10_norms_do_not_underflow():
    config = NetworkConfig(depth=200, width=32, activation="sigmoid", init="small")
    log_norms = theory.predicted_log10_signal_norms(config)
    assert np.all(np.isfinite(log_norms)) and log_norms[0] < -330  # 1e-330 is 0 as a float, not as a log
    assert log_norms[-1] == 0.0 and theory.predicted_signal_norms(config)[0] == 0.0
    exploding = NetworkConfig(depth=200, width=1024, activation="gelu", init="large", init_gain=10.0)
    assert np.all(np.isfinite(theory.predicted_log10_signal_norms(exploding)))


def test_first_layer_sets_only_the_start():
    config = NetworkConfig(depth=5, width=32, activation="tanh", init="xavier", bias_init_std=0.1)
    q = theory.predicted_layer_q(config, input_second_moment=0.5)
    assert q[0] == pytest.approx(4 / 34 * 0.5 + 0.01)
    assert q[1] == pytest.approx(theory.variance_map("tanh", q[0], 1.0, 0.01))


@pytest.mark.parametrize("changes, code", [({"residual": True}, "residual"), ({"batchnorm": True}, "batchnorm")])
def test_prediction_refuses_batchnorm_and_residual(changes, code):
    config = NetworkConfig(**changes)
    assert theory.not_applicable_reasons(config) == (code,)
    with pytest.raises(theory.PredictionNotApplicable) as raised:
        theory.predicted_signal_norms(config)
    assert raised.value.reasons == (code,) and theory.REASONS[code] in str(raised.value)
    fields = theory.summary_fields(ExperimentConfig(network=config))
    assert fields["prediction_applies"] is False and fields["predicted_chi1"] is None
    assert fields["predicted_depth_scale"] is None and theory.REASONS[code] in fields["reason"]


def test_layer_norm_is_refused_too():
    """A config with the ``normalization`` field of DESIGN.md §9 (a stand-in until it lands in NetworkConfig)."""
    fields = {**vars(NetworkConfig()), "normalization": "layer"}
    assert theory.not_applicable_reasons(types.SimpleNamespace(**fields)) == ("layernorm",)
    fields["normalization"] = "batch"
    assert theory.not_applicable_reasons(types.SimpleNamespace(**fields)) == ("batchnorm",)


def test_summary_fields_for_a_plain_network():
    config = ExperimentConfig().replace(**{"network.activation": "tanh", "network.init": "xavier"})
    fields = theory.summary_fields(config)
    assert set(fields) == {"predicted_chi1", "predicted_depth_scale", "sigma_w2", "sigma_b2",
                           "prediction_applies", "reason"}
    assert fields["prediction_applies"] is True and fields["sigma_w2"] == pytest.approx(1.0)
    assert fields["predicted_chi1"] == pytest.approx(1.0, abs=1e-12) and fields["predicted_depth_scale"] == math.inf
    json.dumps(fields)  # plain Python values (the CLI writes inf as null)


# ---------------------------------------------------------------- the phase diagram

def test_phase_diagram_matches_chi1_and_draws_the_critical_curve():
    sigma_w2, sigma_b2 = np.linspace(0.1, 4.0, 40), np.linspace(0.0, 0.5, 6)
    for activation in ALL:
        diagram = theory.phase_diagram(activation, sigma_w2, sigma_b2)
        assert diagram.log10_chi1.shape == diagram.depth_scale.shape == (40, 6)  # axis 0 = sigma_w2 (x)
        for i, j in ((3, 0), (20, 2), (39, 5), (12, 4)):
            exact = theory.chi1(activation, sigma_w2[i], sigma_b2[j])
            assert 10 ** diagram.log10_chi1[i, j] == pytest.approx(exact, rel=1e-3), (activation, i, j)
            assert diagram.depth_scale[i, j] == pytest.approx(theory.depth_scale_from_chi1(exact), rel=2e-2)
        for j, critical in enumerate(diagram.critical_sigma_w2):
            if np.isfinite(critical):  # log10 chi1 changes sign there
                row = diagram.log10_chi1[:, j]
                assert np.all(row[sigma_w2 < critical * 0.999] < 0)
                assert np.all(row[sigma_w2 > critical * 1.001] >= -1e-12)  # ELU and GELU touch 1 again at 2
    tanh = theory.phase_diagram("tanh", sigma_w2, sigma_b2)
    assert tanh.critical_sigma_w2[0] == pytest.approx(1.0, abs=1e-3)
    assert np.all(np.diff(tanh.critical_sigma_w2) > 0)  # bias pushes the edge of chaos to larger weights
    assert theory.critical_sigma_w2("sigmoid", [0.0])[0] > 50  # sigmoid is ordered at every usual init
    with pytest.raises(ValueError):
        tanh.log10_chi1[0, 0] = 1.0  # read-only: it is cached and shared


def test_critical_curve_agrees_with_chi1():
    for activation in ("tanh", "elu", "sigmoid"):
        for sigma_b2 in (0.05, 0.3):
            critical = float(theory.critical_sigma_w2(activation, [sigma_b2])[0])
            assert theory.chi1(activation, critical, sigma_b2) == pytest.approx(1.0, abs=1e-3)


def test_phase_diagram_is_cached_per_activation():
    w, b = np.linspace(0.1, 4.0, 200), np.linspace(0.0, 0.5, 100)
    first = theory.phase_diagram("elu", w, b)
    started = time.perf_counter()
    again = theory.phase_diagram("elu", w, b)
    assert again is first and time.perf_counter() - started < 0.05
