"""Sequence tasks that need memory, for the recurrent network: seeded, generated, split into train and test.

``first_symbol``  Each sequence has T steps over 2K input channels. Step 1 shows one of K symbols (a one-hot in
                  channels 0..K-1); steps 2..T show random distractor symbols (a one-hot in channels K..2K-1).
                  The class is the first symbol. Nothing after step 1 says anything about the class, so a network
                  that cannot carry information across T - 1 steps stays at chance (1/K): the gradient that would
                  teach it has to travel back through every step.
``adding``        The adding problem (Hochreiter & Schmidhuber 1997) as classification. Two channels per step: a
                  number uniform in [0, 1] and a marker (0 or 1). Exactly two steps are marked, one in the first
                  half of the sequence and one in the second; the class is 1 if the two marked numbers add up to
                  more than 1, else 0 (chance 1/2).

Both are balanced: ``first_symbol`` holds every symbol equally often (the first ``samples mod K`` symbols once
more), ``adding`` holds as many sums above 1 as below (the odd one below), and the split keeps each class's share
on both sides. One ``numpy.random.default_rng(seed)`` draws everything in a fixed order, so the same arguments
give bit-identical arrays. The arrays are float64 (the trainer casts them to its dtype) and read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TASK_NAMES = ("first_symbol", "adding")
ADDING_INPUTS = 2  # (number, marker)
MIN_SAMPLES = 4


@dataclass(frozen=True)
class SequenceDataset:
    """Train and test sequences of one task; X is (sequences, T, n_inputs), y holds int64 labels."""

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def seq_len(self) -> int:
        return self.X_train.shape[1]

    @property
    def n_inputs(self) -> int:
        return self.X_train.shape[2]

    @property
    def chance(self) -> float:
        """The accuracy of guessing the most common class (the classes are balanced, so about 1/n_classes)."""
        return float(np.bincount(self.y_test, minlength=self.n_classes).max() / len(self.y_test))


def n_inputs_for(task: str, symbols: int) -> int:
    """Input channels per time step of a task."""
    return 2 * symbols if task == "first_symbol" else ADDING_INPUTS


def n_classes_for(task: str, symbols: int) -> int:
    return symbols if task == "first_symbol" else 2


# ---------------------------------------------------------------- generators

def _balanced_labels(rng: np.random.Generator, samples: int, n_classes: int) -> np.ndarray:
    labels = np.arange(samples, dtype=np.int64) % n_classes
    return rng.permutation(labels)


def _first_symbol(rng: np.random.Generator, samples: int, seq_len: int, symbols: int) -> tuple[np.ndarray, ...]:
    y = _balanced_labels(rng, samples, symbols)
    X = np.zeros((samples, seq_len, 2 * symbols))
    rows = np.arange(samples)
    X[rows, 0, y] = 1.0
    distractors = rng.integers(0, symbols, size=(samples, seq_len - 1))
    steps = np.arange(1, seq_len)
    X[rows[:, None], steps[None, :], symbols + distractors] = 1.0
    return X, y


def _adding(rng: np.random.Generator, samples: int, seq_len: int) -> tuple[np.ndarray, ...]:
    y = _balanced_labels(rng, samples, 2)
    values = rng.uniform(0.0, 1.0, size=(samples, seq_len))
    half = seq_len // 2
    first = rng.integers(0, half, size=samples)
    second = rng.integers(half, seq_len, size=samples)
    rows = np.arange(samples)
    # The two marked numbers are uniform on [0, 1]^2; where their sum falls on the wrong side of 1, reflect the pair
    # through (1/2, 1/2) (a -> 1 - a, b -> 1 - b): the sum becomes 2 - sum, on the other side, and the pair stays
    # uniform. So the labels are balanced exactly and the marked numbers keep their distribution.
    total = values[rows, first] + values[rows, second]
    flip = (total > 1.0) != (y == 1)
    values[rows[flip], first[flip]] = 1.0 - values[rows[flip], first[flip]]
    values[rows[flip], second[flip]] = 1.0 - values[rows[flip], second[flip]]
    X = np.zeros((samples, seq_len, ADDING_INPUTS))
    X[:, :, 0] = values
    X[rows, first, 1] = 1.0
    X[rows, second, 1] = 1.0
    return X, y


# ---------------------------------------------------------------- split

def _train_size(samples: int, train_fraction: float) -> int:
    """round(samples * train_fraction), at least 2 and leaving at least 2 for the test set."""
    return min(max(round(samples * train_fraction), 2), samples - 2)


def _stratified_split(rng: np.random.Generator, y: np.ndarray, n_classes: int,
                      train_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices of train and test, each class split in about the same proportion, both sides shuffled.

    Every class (each has two members or more) keeps at least one sequence on each side; that takes priority over
    the exact fraction in a tiny set with many classes.
    """
    n_train = _train_size(len(y), train_fraction)
    members = [np.flatnonzero(y == label) for label in range(n_classes)]
    exact = [len(m) * n_train / len(y) for m in members]
    take = [min(max(int(share), 1), len(m) - 1) for share, m in zip(exact, members)]
    # largest remainder first: hand out (or take back) what rounding down missed, one at a time, where there is room
    while sum(take) != n_train:
        grow = sum(take) < n_train
        room = [c for c in range(n_classes) if (take[c] < len(members[c]) - 1 if grow else take[c] > 1)]
        if not room:
            break
        c = max(room, key=lambda k: exact[k] - take[k]) if grow else min(room, key=lambda k: exact[k] - take[k])
        take[c] += 1 if grow else -1
    train = np.concatenate([m[:k] for m, k in zip(members, take)])
    test = np.concatenate([m[k:] for m, k in zip(members, take)])
    return rng.permutation(train), rng.permutation(test)


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


# ---------------------------------------------------------------- the public function

def _validate(task: str, samples: int, seq_len: int, seed: int, train_fraction: float, symbols: int) -> None:
    if task not in TASK_NAMES:
        raise ValueError(f"unknown task {task!r}; choose one of: {', '.join(TASK_NAMES)}")
    for name, value, low in (("samples", samples, MIN_SAMPLES), ("seq_len", seq_len, 2), ("seed", seed, 0),
                             ("symbols", symbols, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} = {value!r} must be a whole number of at least {low}")
    if isinstance(train_fraction, bool) or not isinstance(train_fraction, (int, float, np.number)) \
            or not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction = {train_fraction!r} must be strictly between 0 and 1")


def make_sequences(task: str, samples: int, seq_len: int, seed: int, train_fraction: float,
                   symbols: int = 4) -> SequenceDataset:
    """``samples`` sequences of ``seq_len`` steps of ``task`` (see the module docstring), split into train and test.

    ``symbols`` (K) is the alphabet of ``first_symbol`` (its classes); ``adding`` ignores it.
    """
    _validate(task, samples, seq_len, seed, train_fraction, symbols)
    n_classes = n_classes_for(task, int(symbols))
    if samples < 2 * n_classes:
        raise ValueError(f"samples = {samples} is too few for {n_classes} classes: give at least {2 * n_classes}")
    rng = np.random.default_rng(int(seed))
    if task == "first_symbol":
        X, y = _first_symbol(rng, int(samples), int(seq_len), int(symbols))
    else:
        X, y = _adding(rng, int(samples), int(seq_len))
    train, test = _stratified_split(rng, y, n_classes, float(train_fraction))
    return SequenceDataset(task, _read_only(X[train]), _read_only(y[train]), _read_only(X[test]),
                           _read_only(y[test]), n_classes)
