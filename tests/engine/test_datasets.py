"""The toy datasets: shape, seeding, balance, split, the geometry of each one at noise 0, and bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.engine.datasets import DATASET_NAMES, Dataset, make_dataset

SPIRAL_TURNS = 1.75


def all_points(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate((data.X_train, data.X_test)), np.concatenate((data.y_train, data.y_test))


def by_class(name: str, noise: float = 0.0, samples: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X, y = all_points(make_dataset(name, samples, noise, seed, 0.8))
    return X[y == 0], X[y == 1]


def leave_one_out_1nn_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    squared_distance = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    np.fill_diagonal(squared_distance, np.inf)
    return float(np.mean(y[np.argmin(squared_distance, axis=1)] == y))


def wrap_angle(angle: np.ndarray) -> np.ndarray:
    return (angle + np.pi) % (2.0 * np.pi) - np.pi


def sorted_rows(X: np.ndarray) -> np.ndarray:
    return X[np.lexsort(X.T[::-1])]


# ---------------------------------------------------------------- shape, dtype, labels

@pytest.mark.parametrize("name", DATASET_NAMES)
def test_shapes_dtypes_and_labels(name):
    data = make_dataset(name, samples=101, noise=0.1, seed=3, train_fraction=0.7)
    assert data.name == name
    assert data.n_classes == 2
    assert data.X_train.shape == (71, 2) and data.X_test.shape == (30, 2)
    assert data.y_train.shape == (71,) and data.y_test.shape == (30,)
    assert data.X_train.dtype == np.float64 and data.X_test.dtype == np.float64
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64
    assert set(np.unique(data.y_train)) == {0, 1} and set(np.unique(data.y_test)) == {0, 1}
    assert np.all(np.isfinite(data.X_train)) and np.all(np.isfinite(data.X_test))


def test_dataset_names_are_the_five_of_the_design():
    assert DATASET_NAMES == ("circle", "xor", "gauss", "spiral", "moons")


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_arrays_are_read_only(name):
    data = make_dataset(name, 40, 0.1, 0, 0.5)
    with pytest.raises(ValueError, match="read-only"):
        data.X_train[0, 0] = 99.0
    with pytest.raises(ValueError, match="read-only"):
        data.y_test[0] = 1


# ---------------------------------------------------------------- seeding

@pytest.mark.parametrize("name", DATASET_NAMES)
def test_same_arguments_give_bit_identical_arrays(name):
    first = make_dataset(name, 200, 0.2, 7, 0.75)
    second = make_dataset(name, 200, 0.2, 7, 0.75)
    for field in ("X_train", "y_train", "X_test", "y_test"):
        assert getattr(first, field).tobytes() == getattr(second, field).tobytes(), field
    assert first.extent == second.extent


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_another_seed_gives_other_points_not_just_another_order(name):
    X_a, _ = all_points(make_dataset(name, 200, 0.0, 1, 0.8))
    X_b, _ = all_points(make_dataset(name, 200, 0.0, 2, 0.8))
    assert not np.array_equal(sorted_rows(X_a), sorted_rows(X_b))


@pytest.mark.parametrize("name", ["circle", "xor", "spiral", "moons"])
def test_noise_is_gaussian_with_std_noise_on_the_same_clean_points(name):
    X_clean, y_clean = all_points(make_dataset(name, 2000, 0.0, 5, 0.8))
    X_noisy, y_noisy = all_points(make_dataset(name, 2000, 0.3, 5, 0.8))
    np.testing.assert_array_equal(y_clean, y_noisy)
    offset = X_noisy - X_clean
    assert abs(offset.mean()) < 0.03
    assert offset.std() == pytest.approx(0.3, rel=0.05)


def test_gauss_noise_widens_the_blobs():
    for noise in (0.0, 0.4):
        for blob in by_class("gauss", noise=noise, samples=2000):
            assert blob.std(axis=0) == pytest.approx([0.1 + noise] * 2, rel=0.1)


# ---------------------------------------------------------------- balance and split

@pytest.mark.parametrize("name", DATASET_NAMES)
@pytest.mark.parametrize("samples", [100, 101])
def test_classes_are_balanced_with_the_odd_point_in_class_0(name, samples):
    _, y = all_points(make_dataset(name, samples, 0.1, 0, 0.8))
    assert np.bincount(y).tolist() == [samples - samples // 2, samples // 2]


def test_points_are_shuffled_not_grouped_by_class():
    data = make_dataset("circle", 400, 0.1, 0, 0.8)
    label_changes = np.count_nonzero(np.diff(data.y_train))
    assert label_changes > 100  # grouped labels would change once; a fair shuffle changes ~160 times


@pytest.mark.parametrize(("samples", "train_fraction", "n_train"),
                         [(400, 0.8, 320), (101, 0.3, 30), (20, 0.5, 10), (20, 0.95, 18), (20, 0.01, 2),
                          (4, 0.5, 2)])
def test_split_sizes(samples, train_fraction, n_train):
    data = make_dataset("xor", samples, 0.1, 0, train_fraction)
    assert len(data.y_train) == n_train
    assert len(data.y_test) == samples - n_train


def test_train_is_the_first_part_of_one_shuffled_order():
    """Changing train_fraction moves the cut, not the points: train + test is the same sequence."""
    X_half, y_half = all_points(make_dataset("spiral", 400, 0.1, 4, 0.5))
    X_most, y_most = all_points(make_dataset("spiral", 400, 0.1, 4, 0.8))
    np.testing.assert_array_equal(X_half, X_most)
    np.testing.assert_array_equal(y_half, y_most)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(DATASET_NAMES), samples=st.integers(20, 120), seed=st.integers(0, 2**32 - 1),
       train_fraction=st.floats(0.001, 0.999))
def test_both_sides_hold_both_classes_and_no_point_is_lost(name, samples, seed, train_fraction):
    data = make_dataset(name, samples, 0.1, seed, train_fraction)
    assert set(data.y_train.tolist()) == {0, 1}
    assert set(data.y_test.tolist()) == {0, 1}
    assert len(data.y_train) + len(data.y_test) == samples
    X, y = all_points(data)
    X_ref, y_ref = all_points(make_dataset(name, samples, 0.1, seed, 0.5))
    np.testing.assert_array_equal(sorted_rows(np.column_stack((X, y))), sorted_rows(np.column_stack((X_ref, y_ref))))


# ---------------------------------------------------------------- geometry at noise 0

def test_circle_is_a_disc_inside_a_ring():
    inner, ring = (np.hypot(*blob.T) for blob in by_class("circle"))
    assert inner.max() < 0.5
    assert 0.7 <= ring.min() and ring.max() <= 1.0
    assert inner.max() < ring.min()
    assert inner.min() < 0.1 and ring.max() > 0.95  # the disc and the ring are filled, not a thin shell


def test_circle_classes_are_separable_by_nearest_neighbour():
    X, y = all_points(make_dataset("circle", 400, 0.0, 0, 0.8))
    assert leave_one_out_1nn_accuracy(X, y) == 1.0


def test_xor_labels_follow_the_quadrant_rule_with_a_margin():
    X, y = all_points(make_dataset("xor", 400, 0.0, 0, 0.8))
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(np.int64))
    assert np.abs(X).min() >= 0.05 - 1e-12
    assert np.abs(X).max() <= 1.0
    quadrants = {(bool(sx), bool(sy)) for sx, sy in X > 0}
    assert len(quadrants) == 4


def test_gauss_blobs_sit_at_their_centres():
    class_0, class_1 = by_class("gauss")
    np.testing.assert_allclose(class_0.mean(axis=0), [-0.5, -0.5], atol=0.04)
    np.testing.assert_allclose(class_1.mean(axis=0), [0.5, 0.5], atol=0.04)


@pytest.mark.parametrize("label", [0, 1])
def test_spiral_angle_grows_with_radius_along_one_arm(label):
    arm = by_class("spiral")[label]
    radius = np.hypot(*arm.T)
    assert radius.max() <= 1.1
    order = np.argsort(radius)
    angle = np.unwrap(np.arctan2(arm[order, 1], arm[order, 0]))
    assert np.all(np.diff(angle) >= 0.0)  # one arm, winding outward
    turns = (angle[-1] - angle[0]) / (2.0 * np.pi)
    assert turns == pytest.approx(SPIRAL_TURNS * (radius.max() - radius.min()), rel=0.02)


def test_spiral_arms_are_interleaved_half_a_turn_apart():
    phases = []
    for arm in by_class("spiral"):
        radius = np.hypot(*arm.T)
        phase = wrap_angle(np.arctan2(arm[:, 1], arm[:, 0]) - 2.0 * np.pi * SPIRAL_TURNS * radius)
        mean_phase = np.angle(np.mean(np.exp(1j * phase)))
        assert np.abs(wrap_angle(phase - mean_phase)).max() < 1e-9  # every point on the same arm
        phases.append(mean_phase)
    assert abs(wrap_angle(phases[1] - phases[0])) == pytest.approx(np.pi)


def test_moons_are_separable_by_nearest_neighbour_and_fit_the_square():
    X, y = all_points(make_dataset("moons", 400, 0.0, 0, 0.8))
    assert leave_one_out_1nn_accuracy(X, y) == 1.0
    assert np.abs(X).max() <= 1.0 + 1e-12
    np.testing.assert_allclose([X[:, 0].min(), X[:, 0].max()], [-1.0, 1.0], atol=0.05)  # scaled to fill x
    # interleaved half-moons, not two blobs: a straight line cannot separate them
    class_0, class_1 = X[y == 0], X[y == 1]
    assert class_0[:, 1].min() < class_1[:, 1].max() and class_0[:, 0].max() > class_1[:, 0].min()


@pytest.mark.parametrize("name", ["circle", "moons"])
def test_heavy_noise_makes_the_classes_overlap(name):
    X, y = all_points(make_dataset(name, 400, 0.5, 0, 0.8))
    assert leave_one_out_1nn_accuracy(X, y) < 0.9


# ---------------------------------------------------------------- extent

@pytest.mark.parametrize("name", DATASET_NAMES)
@pytest.mark.parametrize("noise", [0.0, 0.5, 3.0])
def test_extent_is_a_square_holding_every_point_with_a_margin(name, noise):
    data = make_dataset(name, 300, noise, 2, 0.8)
    X, _ = all_points(data)
    xmin, xmax, ymin, ymax = data.extent
    assert all(isinstance(v, float) for v in data.extent)
    assert xmax - xmin == pytest.approx(ymax - ymin)
    span = xmax - xmin
    margin = 0.02 * span
    assert xmin + margin < X[:, 0].min() and X[:, 0].max() < xmax - margin
    assert ymin + margin < X[:, 1].min() and X[:, 1].max() < ymax - margin


# ---------------------------------------------------------------- bad input

def test_unknown_name_is_named_and_the_allowed_ones_listed():
    with pytest.raises(ValueError, match=r"'ring'.*circle, xor, gauss, spiral, moons"):
        make_dataset("ring", 100, 0.1, 0, 0.8)


@pytest.mark.parametrize("samples", [3, 0, -5])
def test_too_few_samples(samples):
    with pytest.raises(ValueError, match=rf"samples = {samples} .*at least 4"):
        make_dataset("circle", samples, 0.1, 0, 0.8)


def test_samples_must_be_whole():
    with pytest.raises(ValueError, match=r"samples = 10\.5"):
        make_dataset("circle", 10.5, 0.1, 0, 0.8)


@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf")])
def test_bad_noise(noise):
    with pytest.raises(ValueError, match=rf"noise = {noise!r} .*>= 0"):
        make_dataset("xor", 100, noise, 0, 0.8)


@pytest.mark.parametrize("train_fraction", [0.0, 1.0, -0.2, 1.5, float("nan")])
def test_train_fraction_outside_the_open_unit_interval(train_fraction):
    with pytest.raises(ValueError, match=rf"train_fraction = {train_fraction!r} .*between 0 and 1"):
        make_dataset("gauss", 100, 0.1, 0, train_fraction)


def test_negative_seed():
    with pytest.raises(ValueError, match=r"seed = -1 "):
        make_dataset("moons", 100, 0.1, -1, 0.8)


def test_boundary_values_are_accepted():
    data = make_dataset("spiral", 4, 0.0, 0, 0.5)
    assert len(data.y_train) == 2 and len(data.y_test) == 2


# ---------------------------------------------------------------- the engine stays free of Qt

def test_module_imports_no_qt():
    code = ("import sys, bpviz.engine.datasets; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
