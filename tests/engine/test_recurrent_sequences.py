"""The sequence tasks: what each sequence holds, seeds, balance and the train/test split."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.engine.sequences import TASK_NAMES, SequenceDataset, make_sequences, n_classes_for, n_inputs_for


@pytest.mark.parametrize("task", TASK_NAMES)
@pytest.mark.parametrize("seq_len", [5, 50, 200])
def test_shapes_dtypes_and_read_only(task, seq_len):
    data = make_sequences(task, 100, seq_len, seed=0, train_fraction=0.8, symbols=3)
    assert isinstance(data, SequenceDataset) and data.name == task
    assert data.X_train.shape == (80, seq_len, n_inputs_for(task, 3)) and data.X_test.shape[0] == 20
    assert data.seq_len == seq_len and data.n_inputs == n_inputs_for(task, 3)
    assert data.n_classes == n_classes_for(task, 3) == (3 if task == "first_symbol" else 2)
    for array in (data.X_train, data.y_train, data.X_test, data.y_test):
        assert not array.flags.writeable and array.flags.c_contiguous
    assert data.X_train.dtype == np.float64 and data.y_train.dtype == np.int64


@pytest.mark.parametrize("task", TASK_NAMES)
def test_same_seed_same_sequences_other_seed_others(task):
    a = make_sequences(task, 60, 20, seed=4, train_fraction=0.5)
    b = make_sequences(task, 60, 20, seed=4, train_fraction=0.5)
    c = make_sequences(task, 60, 20, seed=5, train_fraction=0.5)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X_train, c.X_train)


@pytest.mark.parametrize("symbols", [2, 4, 10])
def test_first_symbol_is_the_label_and_the_rest_are_distractors(symbols):
    data = make_sequences("first_symbol", 200, 30, seed=1, train_fraction=0.8, symbols=symbols)
    for X, y in ((data.X_train, data.y_train), (data.X_test, data.y_test)):
        assert np.array_equal(X[:, 0, :symbols].argmax(axis=1), y)
        assert np.array_equal(X[:, 0].sum(axis=1), np.ones(len(y))) and not X[:, 0, symbols:].any()
        assert not X[:, 1:, :symbols].any()  # the symbol channels are silent after step 1
        assert np.array_equal(X[:, 1:, symbols:].sum(axis=2), np.ones((len(y), 29)))  # one distractor a step
    distractors = data.X_train[:, 1:, symbols:].argmax(axis=2)
    counts = np.bincount(distractors.ravel(), minlength=symbols) / distractors.size
    assert np.allclose(counts, 1.0 / symbols, atol=0.02)  # uniform, and independent of the label:
    for label in range(symbols):
        rows = data.y_train == label
        assert abs(np.mean(distractors[rows] == label) - 1.0 / symbols) < 0.05


def test_adding_marks_two_numbers_one_in_each_half():
    seq_len = 41
    data = make_sequences("adding", 3000, seq_len, seed=2, train_fraction=0.8)
    X, y = data.X_train, data.y_train
    markers = X[:, :, 1]
    assert np.array_equal(markers.sum(axis=1), np.full(len(y), 2.0)) and set(np.unique(markers)) == {0.0, 1.0}
    first, second = np.argsort(-markers, axis=1, kind="stable")[:, :2].T
    first, second = np.minimum(first, second), np.maximum(first, second)
    assert (first < seq_len // 2).all() and (second >= seq_len // 2).all()
    assert first.min() == 0 and second.max() == seq_len - 1
    total = (X[:, :, 0] * markers).sum(axis=1)
    assert np.array_equal(total > 1.0, y == 1)
    values = X[:, :, 0]
    assert ((values >= 0) & (values <= 1)).all()
    marked = values[markers == 1]
    assert abs(marked.mean() - 0.5) < 0.02 and abs(marked.std() - np.sqrt(1 / 12)) < 0.02  # still uniform


@pytest.mark.parametrize("task, symbols, samples", [("first_symbol", 4, 400), ("first_symbol", 3, 101),
                                                    ("adding", 4, 401), ("first_symbol", 10, 20)])
def test_classes_are_balanced_on_both_sides_of_the_split(task, symbols, samples):
    data = make_sequences(task, samples, 10, seed=3, train_fraction=0.8, symbols=symbols)
    n_classes = data.n_classes
    train = np.bincount(data.y_train, minlength=n_classes)
    test = np.bincount(data.y_test, minlength=n_classes)
    total = train + test
    assert total.sum() == samples and total.max() - total.min() <= 1
    assert (train >= 1).all() and (test >= 1).all()
    if samples >= 100:
        assert len(data.y_train) == round(samples * 0.8)
        assert train.max() - train.min() <= 1 and test.max() - test.min() <= 1
    assert data.chance == pytest.approx(test.max() / test.sum())


def test_train_and_test_hold_different_sequences():
    data = make_sequences("first_symbol", 300, 40, seed=0, train_fraction=0.5)
    train = {row.tobytes() for row in data.X_train}
    assert not any(row.tobytes() in train for row in data.X_test)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"task": "copy"}, "unknown task"), ({"samples": 3}, "samples"), ({"seq_len": 1}, "seq_len"),
    ({"seed": -1}, "seed"), ({"train_fraction": 1.0}, "train_fraction"), ({"symbols": 1}, "symbols"),
    ({"samples": 7, "symbols": 4}, "too few"), ({"samples": 10.0}, "samples"),
])
def test_bad_arguments_are_rejected(kwargs, fragment):
    arguments = {"task": "first_symbol", "samples": 40, "seq_len": 10, "seed": 0, "train_fraction": 0.8}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=fragment):
        make_sequences(**arguments)
