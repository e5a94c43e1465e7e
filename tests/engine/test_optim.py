"""Gradient clipping (torch.nn.utils.clip_grad_norm_ semantics, and by value) and the three optimizers against
hand-written reference updates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpviz.engine.optim import (
    ADAM_BETAS, ADAM_EPS, CLIP_EPS, MOMENTUM, OPTIMIZER_NAMES, Adam, Momentum, SGD, clip_gradients, global_norm,
    make_optimizer, norm,
)


def random_grads(scale: float = 1.0, seed: int = 0, dtype=np.float64) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "hidden.0.weight": (scale * rng.standard_normal((3, 4))).astype(dtype),
        "hidden.0.bias": (scale * rng.standard_normal(4)).astype(dtype),
        "hidden.0.prelu.alpha": np.array(scale * rng.standard_normal(), dtype=dtype),
        "output.weight": (scale * rng.standard_normal((4, 2))).astype(dtype),
    }


def flat(grads: dict[str, np.ndarray]) -> np.ndarray:
    return np.concatenate([g.reshape(-1).astype(np.float64) for g in grads.values()])


def copy(grads):
    return {name: g.copy() for name, g in grads.items()}


def exactly(expected: float, rel: float):
    """``pytest.approx`` with no absolute tolerance: its default (1e-12) would accept 0 for 1e-200, which is the
    very bug (a norm squared to zero) these tests are here to catch."""
    return pytest.approx(expected, rel=rel, abs=0)


# ---------------------------------------------------------------- clipping

@pytest.mark.parametrize("size", [1e-300, 1e-200, 1e-160, 1e-30, 1.0, 1e100, 1e150])
def test_norm_is_right_from_tiny_to_large(size):
    assert norm(np.array([3.0, -4.0]) * size) == exactly(5.0 * size, rel=1e-15)
    assert norm(np.full((7, 9), -size)) == exactly(math.sqrt(63) * size, rel=1e-14)  # many entries, one sign


def test_norm_of_float32_is_taken_in_float64_and_edge_cases():
    # a float32 square of 1e-30 underflows and of 1e30 overflows: both are squared in float64
    assert norm(np.array([1e-30, -1e-30], dtype=np.float32)) == exactly(float(np.float32(1e-30)) * math.sqrt(2),
                                                                        rel=1e-7)
    assert norm(np.array([1e30, 0.0], dtype=np.float32)) == exactly(float(np.float32(1e30)), rel=1e-7)
    assert norm(np.zeros(3)) == 0.0 and norm(np.zeros(0)) == 0.0
    assert norm(np.array(-2e-200)) == exactly(2e-200, rel=1e-15)  # a 0-d array (a PReLU alpha's gradient)
    with np.errstate(over="ignore"):
        assert math.isinf(norm(np.array([1e200, 1.0])))  # its square overflows: counts as diverged
    assert math.isnan(norm(np.array([np.nan, 1.0])))


@pytest.mark.parametrize("scale", [1e-200, 1e-100, 1.0, 1e150])
def test_global_norm_is_the_norm_of_everything_from_tiny_to_large(scale):
    reference = np.linalg.norm(flat(random_grads()))  # scale 1: nothing under- or overflows
    assert global_norm(random_grads(scale)) == exactly(scale * reference, rel=1e-14)


def test_global_norm_of_norms_near_1e154_does_not_overflow():
    # Each array's norm (1.2e154) squares to a finite float64, their sum of squares does not: hypot is needed.
    grads = {name: np.array([1.2e154]) for name in ("a", "b", "c")}
    assert global_norm(grads) == exactly(1.2e154 * math.sqrt(3), rel=1e-15)


@pytest.mark.parametrize("threshold", [0.01, 0.5, 2.0])
def test_norm_clipping_bounds_the_norm_and_keeps_the_direction(threshold):
    grads = random_grads(scale=3.0)
    original = flat(grads)
    norm = np.linalg.norm(original)
    assert norm > threshold
    result = clip_gradients(grads, "norm", threshold)
    clipped = flat(grads)
    assert result.clipped
    assert result.norm_before == exactly(norm, rel=1e-14)
    assert result.norm_after == exactly(np.linalg.norm(clipped), rel=1e-14)
    assert result.scale == exactly(threshold / (norm + CLIP_EPS), rel=1e-15)
    assert np.linalg.norm(clipped) <= threshold
    cosine = clipped @ original / (np.linalg.norm(clipped) * norm)
    assert cosine == pytest.approx(1.0, abs=1e-14)
    # torch.nn.utils.clip_grad_norm_: every gradient times max_norm / (norm + 1e-6)
    np.testing.assert_allclose(clipped, original * (threshold / (norm + CLIP_EPS)), rtol=1e-15)


def test_norm_clipping_leaves_small_gradients_alone_and_follows_torch_at_the_edge():
    grads = random_grads(scale=0.01)
    original = copy(grads)
    result = clip_gradients(grads, "norm", 10.0)
    assert not result.clipped and result.norm_after == result.norm_before
    for name in grads:
        np.testing.assert_array_equal(grads[name], original[name])
    # Exactly at the threshold torch still multiplies by max_norm / (norm + 1e-6) < 1.
    norm = global_norm(grads)
    result = clip_gradients(grads, "norm", norm)
    assert result.clipped
    np.testing.assert_allclose(flat(grads), flat(original) * (norm / (norm + CLIP_EPS)), rtol=1e-15)


def test_norm_clipping_measures_tiny_gradients_and_leaves_them_alone():
    grads = random_grads(scale=1e-200)
    original = copy(grads)
    result = clip_gradients(grads, "norm", 1.0)
    reference = np.linalg.norm(flat(random_grads()))
    assert result.norm_before == exactly(1e-200 * reference, rel=1e-14)
    assert not result.clipped and result.norm_after == result.norm_before and result.scale == 1.0
    for name in grads:
        np.testing.assert_array_equal(grads[name], original[name])


def test_norm_clipping_still_clips_a_norm_whose_square_overflows():
    # global norm 2.1e154: finite, so it is clipped to the threshold (a norm taken as sqrt(sum of squares)
    # would be inf here, and an infinite norm is left alone as a divergence)
    grads = {name: np.array([1.2e154]) for name in ("a", "b", "c")}
    result = clip_gradients(grads, "norm", 1.0)
    before = 1.2e154 * math.sqrt(3)
    assert result.clipped and result.norm_before == exactly(before, rel=1e-15)
    assert result.norm_after == exactly(1.0, rel=1e-14)
    for g in grads.values():
        np.testing.assert_allclose(g, [1.0 / math.sqrt(3)], rtol=1e-14)


def test_value_clipping_clamps_each_entry():
    grads = random_grads(scale=2.0)
    original = flat(grads)
    result = clip_gradients(grads, "value", 1.0)
    clipped = flat(grads)
    assert result.clipped
    np.testing.assert_array_equal(clipped, np.clip(original, -1.0, 1.0))
    assert result.norm_before == exactly(np.linalg.norm(original), rel=1e-14)
    assert result.norm_after == exactly(np.linalg.norm(clipped), rel=1e-14)
    assert result.norm_after < result.norm_before
    assert np.abs(clipped).max() == 1.0


def test_value_clipping_of_tiny_entries_measures_the_norm_after_clipping_too():
    # Entries of 1e-200 and one of 1e-199 clipped to 5e-200: every norm must survive the squaring.
    grads = {"a": np.array([1e-200, -2e-200]), "b": np.array([[1e-199, 3e-200]])}
    result = clip_gradients(grads, "value", 5e-200)
    assert result.clipped
    np.testing.assert_array_equal(grads["b"], [[5e-200, 3e-200]])
    assert result.norm_before == exactly(math.sqrt(1 + 4 + 100 + 9) * 1e-200, rel=1e-14)
    assert result.norm_after == exactly(math.sqrt(1 + 4 + 25 + 9) * 1e-200, rel=1e-14)


def test_value_clipping_below_the_threshold_changes_nothing():
    grads = random_grads(scale=0.01)
    original = copy(grads)
    assert not clip_gradients(grads, "value", 1.0).clipped
    for name in grads:
        np.testing.assert_array_equal(grads[name], original[name])


def test_clipping_off_does_nothing():
    grads = random_grads(scale=100.0)
    original = copy(grads)
    result = clip_gradients(grads, "off", 1e-3)
    assert not result.clipped and result.norm_before == result.norm_after == exactly(
        np.linalg.norm(flat(original)), rel=1e-14)
    for name in grads:
        np.testing.assert_array_equal(grads[name], original[name])


def test_clipping_keeps_float32_and_ignores_non_finite_norms():
    grads = random_grads(scale=5.0, dtype=np.float32)
    clip_gradients(grads, "norm", 1.0)
    assert all(g.dtype == np.float32 for g in grads.values())
    assert global_norm(grads) <= 1.0 + 1e-6
    grads["hidden.0.bias"][0] = np.nan
    before = copy(grads)
    result = clip_gradients(grads, "norm", 1.0)
    assert math.isnan(result.norm_before) and not result.clipped
    np.testing.assert_array_equal(grads["output.weight"], before["output.weight"])


def test_unknown_clip_mode_is_rejected():
    with pytest.raises(ValueError, match="sideways"):
        clip_gradients(random_grads(), "sideways", 1.0)


# ---------------------------------------------------------------- optimizers

LR = 0.05
GRAD_SEQUENCE = [random_grads(seed=s) for s in (11, 12, 13)]


def run(optimizer, steps=3):
    params = random_grads(seed=99)
    history = [copy(params)]
    for grads in GRAD_SEQUENCE[:steps]:
        before = copy(params)
        updates = optimizer.step(params, copy(grads), LR)
        for name in params:
            np.testing.assert_allclose(updates[name], before[name] - params[name], rtol=1e-12, atol=1e-15)
        history.append(copy(params))
    return history


def test_sgd_matches_reference():
    params = random_grads(seed=99)
    reference = [copy(params)]
    for grads in GRAD_SEQUENCE:
        params = {n: p - LR * grads[n] for n, p in params.items()}
        reference.append(params)
    for got, want in zip(run(SGD()), reference):
        for name in want:
            np.testing.assert_allclose(got[name], want[name], rtol=1e-14, atol=1e-15)


def test_momentum_matches_torch_sgd_with_momentum():
    # torch.optim.SGD(momentum=0.9, dampening=0): buf = g on the first step, then buf = 0.9 buf + g; p -= lr buf
    params = random_grads(seed=99)
    reference = [copy(params)]
    buffers = {}
    for grads in GRAD_SEQUENCE:
        for name, g in grads.items():
            buffers[name] = g.copy() if name not in buffers else MOMENTUM * buffers[name] + g
        params = {n: p - LR * buffers[n] for n, p in params.items()}
        reference.append(params)
    for got, want in zip(run(Momentum()), reference):
        for name in want:
            np.testing.assert_allclose(got[name], want[name], rtol=1e-14, atol=1e-15)


def test_adam_matches_reference():
    beta1, beta2 = ADAM_BETAS
    params = random_grads(seed=99)
    reference = [copy(params)]
    m = {n: np.zeros_like(p) for n, p in params.items()}
    v = {n: np.zeros_like(p) for n, p in params.items()}
    for t, grads in enumerate(GRAD_SEQUENCE, start=1):
        new = {}
        for name, g in grads.items():
            m[name] = beta1 * m[name] + (1 - beta1) * g
            v[name] = beta2 * v[name] + (1 - beta2) * g * g
            m_hat = m[name] / (1 - beta1 ** t)
            v_hat = v[name] / (1 - beta2 ** t)
            new[name] = params[name] - LR * m_hat / (np.sqrt(v_hat) + ADAM_EPS)
        params = new
        reference.append(params)
    for got, want in zip(run(Adam()), reference):
        for name in want:
            np.testing.assert_allclose(got[name], want[name], rtol=1e-13, atol=1e-15)


def test_adam_first_step_moves_every_entry_by_about_lr():
    params = random_grads(seed=1)
    before = copy(params)
    Adam().step(params, random_grads(seed=2), LR)
    for name in params:
        np.testing.assert_allclose(np.abs(before[name] - params[name]), LR, rtol=1e-6)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_optimizer_state_follows_parameters_that_appear_and_disappear(name):
    optimizer = make_optimizer(name)
    assert optimizer.name == name
    params = {"w": np.ones(3)}
    grads = {"w": np.full(3, 0.5)}
    optimizer.step(params, grads, LR)
    optimizer.step(params, grads, LR)
    # a BN gamma appears: it starts with fresh state, exactly like a first step
    params["gamma"] = np.ones(3)
    grads["gamma"] = np.full(3, 0.5)
    optimizer.step(params, grads, LR)
    fresh = make_optimizer(name)
    reference = {"gamma": np.ones(3)}
    fresh.step(reference, {"gamma": np.full(3, 0.5)}, LR)
    np.testing.assert_allclose(params["gamma"], reference["gamma"], rtol=1e-15)
    assert set(optimizer.state) == (set() if name == "sgd" else {"w", "gamma"})  # plain SGD keeps no state
    # it disappears: its state goes with it; when it comes back it starts fresh again
    del params["gamma"], grads["gamma"]
    optimizer.step(params, grads, LR)
    assert "gamma" not in optimizer.state
    params["gamma"] = np.ones(3)
    grads["gamma"] = np.full(3, 0.5)
    optimizer.step(params, grads, LR)
    np.testing.assert_allclose(params["gamma"], reference["gamma"], rtol=1e-15)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_optimizers_keep_float32(name):
    params = random_grads(seed=3, dtype=np.float32)
    arrays = {n: p for n, p in params.items()}
    make_optimizer(name).step(params, random_grads(seed=4, dtype=np.float32), LR)
    for n, p in params.items():
        assert p.dtype == np.float32 and p is arrays[n]  # updated in place


def test_unknown_optimizer_is_rejected():
    with pytest.raises(ValueError, match="rmsprop"):
        make_optimizer("rmsprop")
