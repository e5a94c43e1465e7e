"""The digits data set: the shipped file, the loader (shape, balance, scaling, seeded stratified split), what the
Trainer shows for data that are not 2-D, and the vanishing-gradient story told on digits as on spirals."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.config import DataConfig, ExperimentConfig
from bpviz.engine import datasets
from bpviz.engine.datasets import (
    DIGITS_CLASS_COUNTS, DIGITS_CONTENT_SHA256, DigitsFileError, digits_arrays, load_dataset, load_digits,
    make_dataset, showcase_indices, stratified_split,
)
from bpviz.engine.telemetry import confusion_matrix, predictions
from bpviz.engine.trainer import Trainer
from bpviz.paths import resource_path

DIGITS_FILE_SHA256 = "6a6432310fd6e1be5ff3b45259efbbb2c8e76103c5f64f64b4d80f530315b5c6"


# ---------------------------------------------------------------- the shipped file

def test_shipped_file_is_the_one_built_from_the_uci_data():
    path = resource_path("data", "digits.npz")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == DIGITS_FILE_SHA256
    assert path.stat().st_size < 100_000  # compact: 45 kB
    assert (path.parent / "README.md").is_file()
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "Alpaydin" in readme and "10.24432/C50P49" in readme


def test_arrays_shape_range_and_class_counts():
    images, labels = digits_arrays()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0 and images.max() == 16
    assert tuple(np.bincount(labels)) == DIGITS_CLASS_COUNTS
    assert hashlib.sha256(images.tobytes() + labels.astype(np.uint8).tobytes()).hexdigest() == DIGITS_CONTENT_SHA256
    assert not images.flags.writeable and not labels.flags.writeable


def test_a_damaged_file_is_refused(tmp_path, monkeypatch):
    images, labels = digits_arrays()
    damaged = images.copy()
    damaged[0, 0, 0] = 1
    path = tmp_path / "digits.npz"
    np.savez_compressed(path, images=damaged, labels=labels.astype(np.uint8))
    monkeypatch.setattr(datasets, "resource_path", lambda *parts: path)
    digits_arrays.cache_clear()
    try:
        with pytest.raises(DigitsFileError, match="checksum"):
            digits_arrays()
        path.write_bytes(b"not a zip")
        with pytest.raises(DigitsFileError, match="reinstall"):
            digits_arrays()
    finally:
        digits_arrays.cache_clear()


# ---------------------------------------------------------------- the loader

def test_shape_dtypes_names_and_no_planar_view():
    data = load_digits(seed=0, train_fraction=0.8)
    assert data.name == "digits" and data.n_classes == 10 and data.n_inputs == 64
    assert len(data.y_train) + len(data.y_test) == 1797
    assert data.X_train.shape == (len(data.y_train), 64) and data.X_test.shape == (len(data.y_test), 64)
    assert data.X_train.dtype == np.float64 and data.y_train.dtype == np.int64
    assert data.extent is None and not data.is_planar
    assert data.class_names == tuple("0123456789") and len(data.feature_names) == 64
    assert data.images_test.shape == (len(data.y_test), 8, 8) and data.image_max == 16
    for array in (data.X_train, data.y_train, data.X_test, data.y_test, data.images_test):
        assert not array.flags.writeable


def test_split_is_stratified_every_class_in_proportion():
    data = load_digits(seed=3, train_fraction=0.8)
    train_counts = np.bincount(data.y_train, minlength=10)
    test_counts = np.bincount(data.y_test, minlength=10)
    assert tuple(train_counts + test_counts) == DIGITS_CLASS_COUNTS
    assert np.array_equal(train_counts, [round(n * 0.8) for n in DIGITS_CLASS_COUNTS])
    assert test_counts.min() >= 34  # every digit is tested


def test_features_are_pixels_over_16_standardized_with_one_mean_and_std():
    data = load_digits(seed=0, train_fraction=0.8)
    assert abs(data.X_train.mean()) < 1e-12 and abs(data.X_train.std() - 1.0) < 1e-12
    # one affine map for every pixel: the test images map back to their raw pixels exactly
    pixels = np.concatenate((data.X_train, data.X_test))
    low = pixels.min()  # a pixel of 0
    scale = (pixels.max() - low) / 16.0  # a pixel of 16
    recovered = (data.X_test - low) / scale
    assert np.allclose(recovered, data.images_test.reshape(len(data.y_test), 64), atol=1e-9)


def test_same_seed_same_split_other_seed_other_split():
    a, b, c = load_digits(5, 0.8), load_digits(5, 0.8), load_digits(6, 0.8)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_train, c.y_train)
    assert len(a.y_train) == len(c.y_train)


def test_samples_and_noise_do_not_apply_to_digits():
    reference = make_dataset("digits", 400, 0.1, 2, 0.7)
    other = make_dataset("digits", 20, 5.0, 2, 0.7)
    assert np.array_equal(reference.X_train, other.X_train) and np.array_equal(reference.y_test, other.y_test)
    via_config = load_dataset(DataConfig(dataset="digits", samples=1000, noise=2.0, train_fraction=0.7), seed=2)
    assert np.array_equal(via_config.X_test, reference.X_test)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="train_fraction"):
        load_digits(0, 1.0)
    with pytest.raises(ValueError, match="seed"):
        load_digits(-1, 0.5)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(st.integers(0, 5), min_size=1, max_size=80), fraction=st.floats(0.1, 0.95),
       seed=st.integers(0, 2**32 - 1))
def test_stratified_split_partitions_and_keeps_every_class_on_both_sides(labels, fraction, seed):
    y = np.array(labels)
    train, test = stratified_split(y, fraction, np.random.default_rng(seed))
    assert sorted(np.concatenate((train, test)).tolist()) == list(range(len(y)))
    for label in np.unique(y):
        count = int(np.sum(y == label))
        in_train = int(np.sum(y[train] == label))
        assert in_train >= 1
        if count >= 2:
            assert 1 <= in_train <= count - 1
    again = stratified_split(y, fraction, np.random.default_rng(seed))
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])


def test_showcase_is_fixed_and_spread_over_the_classes():
    data = load_digits(0, 0.8)
    chosen = showcase_indices(data.y_test)
    assert len(chosen) == 24 and len(set(chosen.tolist())) == 24
    assert np.array_equal(chosen, showcase_indices(data.y_test))
    counts = np.bincount(data.y_test[chosen], minlength=10)
    assert counts.min() == 2 and counts.max() == 3  # 24 cells over 10 digits
    assert list(data.y_test[chosen][:10]) == list(range(10))
    assert len(showcase_indices(np.array([0, 1, 1]))) == 3  # fewer examples than cells: all of them


# ---------------------------------------------------------------- what the Trainer shows

def digits_config(**changes) -> ExperimentConfig:
    return ExperimentConfig().replace(**{"data.dataset": "digits", **changes})


def test_trainer_on_digits_gives_examples_and_confusion_instead_of_a_plane_grid():
    trainer = Trainer(digits_config(**{"network.depth": 3, "network.activation": "relu", "network.init": "he"}))
    trainer.run(30)
    snapshot = trainer.snapshot(grid=True)
    assert snapshot.decision_grid is None
    assert snapshot.train_points is None and snapshot.test_points is None  # 64-D points are not sent per frame
    assert (snapshot.n_inputs, snapshot.n_classes) == (64, 10) and snapshot.class_names == tuple("0123456789")
    grid = snapshot.example_grid
    assert grid.shape == (4, 6) and len(grid.indices) == 24
    assert grid.images.shape == (24, 8, 8) and grid.image_max == 16
    assert np.array_equal(grid.images, trainer.dataset.images_test[grid.indices])
    assert np.array_equal(grid.true_labels, trainer.dataset.y_test[grid.indices])
    probability = trainer.network.predict_proba(trainer.dataset.X_test[grid.indices])
    assert np.array_equal(grid.predicted, probability.argmax(axis=1))
    assert np.allclose(grid.confidence, probability.max(axis=1))
    confusion = snapshot.confusion
    assert confusion.counts.shape == (10, 10) and confusion.counts.sum() == len(trainer.dataset.y_test)
    assert np.array_equal(confusion.counts.sum(axis=1), np.bincount(trainer.dataset.y_test, minlength=10))
    assert confusion.accuracy == pytest.approx(trainer.test_accuracy())
    assert np.array_equal(trainer.snapshot(grid=True).example_grid.indices, grid.indices)  # the same examples
    assert trainer.snapshot(grid=False).example_grid is None


def test_trainer_on_a_plane_still_gives_the_probability_grid():
    trainer = Trainer(ExperimentConfig())
    snapshot = trainer.snapshot(grid=True)
    assert snapshot.decision_grid is not None and snapshot.example_grid is None and snapshot.confusion is None
    assert snapshot.train_points is not None and (snapshot.n_inputs, snapshot.n_classes) == (2, 2)


def test_rows_that_are_not_finite_are_predicted_as_nothing_not_as_class_0():
    probability = np.array([[0.1, 0.7, 0.2], [np.nan, np.nan, np.nan], [0.5, 0.2, 0.3], [np.inf, 0.0, 0.0]])
    predicted, confidence = predictions(lambda X: probability, np.zeros((4, 5)))
    assert predicted.tolist() == [1, -1, 0, -1]
    assert confidence[0] == pytest.approx(0.7) and confidence[2] == pytest.approx(0.5)
    assert np.isnan(confidence[1]) and np.isnan(confidence[3])
    confusion = confusion_matrix(np.array([1, 0, 2, 2]), predicted, 3, ("a", "b", "c"))
    assert confusion.counts.tolist() == [[0, 0, 0], [0, 1, 0], [1, 0, 0]]
    assert confusion.accuracy == pytest.approx(0.5)  # of the 2 rows with a prediction
    assert np.allclose(confusion.recall(), [np.nan, 1.0, 0.0], equal_nan=True)


# ---------------------------------------------------------------- the story, on digits as on spirals

STORY_STEPS = 150  # ReLU + He reaches 67-89 % test accuracy by then (seeds 0-5), sigmoid stays at 10 %


def test_deep_sigmoid_vanishes_and_stays_at_chance_where_relu_he_learns():
    """Depth 10, width 32, SGD lr 0.1, batch 64, seed 0: the first layer's gradient of the sigmoid network is ~1e-5
    of the last layer's at init, and after 150 steps it still guesses (10 classes: 10 %); ReLU + He passes the
    gradient on (ratio ~1) and learns."""
    common = {"network.depth": 10, "network.width": 32, "train.learning_rate": 0.1, "train.batch_size": 64}
    sigmoid = Trainer(digits_config(**common, **{"network.activation": "sigmoid", "network.init": "xavier"}))
    relu = Trainer(digits_config(**common, **{"network.activation": "relu", "network.init": "he"}))
    ratios = [trainer.initial_stats().grad_norm[0] / trainer.initial_stats().grad_norm[-1]
              for trainer in (sigmoid, relu)]
    assert ratios[0] < 1e-4 and ratios[1] > 0.1
    sigmoid.run(STORY_STEPS)
    relu.run(STORY_STEPS)
    assert sigmoid.test_accuracy() < 0.2
    assert relu.test_accuracy() > 0.5
    assert relu.last_stats.loss < 0.75 * sigmoid.last_stats.loss
