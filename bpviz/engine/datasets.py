"""The five 2-D toy datasets (as in TensorFlow Playground), seeded, with a train/test split.

Coordinates live in roughly [-1, 1], so networks train without input normalization. ``noise`` is the standard
deviation of Gaussian noise added to each coordinate, in those same units: 0.1 is a little noise, 0.5 makes the
classes overlap a lot (for ``gauss`` it widens the blobs instead: std = 0.1 + noise).

One generator of ``numpy.random.default_rng(seed)`` draws everything, in a fixed order: the clean points, then
the noise, then the shuffle. So the same arguments give bit-identical arrays, and the same seed with another
noise level gives the same underlying points, only jittered differently (the noise slider looks continuous).
Each generator draws its clean points at random (not on a fixed grid), so another seed gives other points.
Labels come from the clean points: noise moves points across the class boundary, which is what overlap means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

DATASET_NAMES = ("circle", "xor", "gauss", "spiral", "moons")

N_CLASSES = 2
MIN_SAMPLES = 4  # two per class, so each side of the split can hold both classes
CIRCLE_INNER_RADIUS = 0.5
CIRCLE_RING = (0.7, 1.0)
XOR_MARGIN = 0.05  # keeps clean points off the axes, where the XOR label flips
GAUSS_CENTRE = 0.5  # class 0 at (-0.5, -0.5), class 1 at (+0.5, +0.5)
GAUSS_BASE_STD = 0.1
SPIRAL_TURNS = 1.75
EXTENT_MARGIN = 1.1  # the view is 10 % wider than the farthest coordinate (and never smaller than [-1, 1])


@dataclass(frozen=True)
class Dataset:
    """Train and test points of one toy dataset; the arrays are read-only."""

    name: str
    X_train: np.ndarray  # (n_train, 2) float64
    y_train: np.ndarray  # (n_train,) int64 labels in 0..n_classes-1
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    extent: tuple[float, float, float, float]  # (xmin, xmax, ymin, ymax): square, origin-centred, holds all points


# ---------------------------------------------------------------- generators
# Each takes the generator, the number of points per class and the noise; returns (X, y) grouped by class.

def _labels(class_counts: tuple[int, int]) -> np.ndarray:
    return np.repeat(np.arange(N_CLASSES, dtype=np.int64), class_counts)


def _polar(radius: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))


def _add_noise(rng: np.random.Generator, X: np.ndarray, noise: float) -> np.ndarray:
    return X + rng.normal(0.0, noise, size=X.shape)


def _circle(rng: np.random.Generator, class_counts: tuple[int, int], noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Class 0 fills the disc r < 0.5, class 1 the ring 0.7 <= r <= 1.0, both uniform in area."""
    inner, outer = class_counts
    low, high = CIRCLE_RING
    squared_radius = np.concatenate((rng.uniform(0.0, CIRCLE_INNER_RADIUS**2, inner),
                                     rng.uniform(low**2, high**2, outer)))
    angle = rng.uniform(0.0, 2.0 * np.pi, inner + outer)
    X = _polar(np.sqrt(squared_radius), angle)
    return _add_noise(rng, X, noise), _labels(class_counts)


def _xor(rng: np.random.Generator, class_counts: tuple[int, int], noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in the square; class 1 where x and y share a sign (quadrants I and III), class 0 elsewhere."""
    y = _labels(class_counts)
    magnitude = rng.uniform(XOR_MARGIN, 1.0, size=(len(y), 2))
    sign_x = rng.choice((-1.0, 1.0), size=len(y))
    sign_y = np.where(y == 1, sign_x, -sign_x)
    X = magnitude * np.column_stack((sign_x, sign_y))
    return _add_noise(rng, X, noise), y


def _gauss(rng: np.random.Generator, class_counts: tuple[int, int], noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Two round blobs, class 0 at (-0.5, -0.5) and class 1 at (0.5, 0.5); noise widens them."""
    y = _labels(class_counts)
    centre = np.where(y == 1, GAUSS_CENTRE, -GAUSS_CENTRE)[:, None]
    X = centre + rng.normal(0.0, GAUSS_BASE_STD + noise, size=(len(y), 2))
    return X, y


def _spiral(rng: np.random.Generator, class_counts: tuple[int, int], noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms of 1.75 turns; radius grows from 0 to 1; class 1 is class 0 turned by pi."""
    y = _labels(class_counts)
    radius = rng.uniform(0.0, 1.0, len(y))
    angle = 2.0 * np.pi * SPIRAL_TURNS * radius + np.pi * y
    return _add_noise(rng, _polar(radius, angle), noise), y


def _moons(rng: np.random.Generator, class_counts: tuple[int, int], noise: float) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's two half-moons (x in [-1, 2], y in [-0.5, 1]), recentred and scaled to x in [-1, 1]."""
    y = _labels(class_counts)
    angle = rng.uniform(0.0, np.pi, len(y))
    upper = np.column_stack((np.cos(angle), np.sin(angle)))
    lower = np.column_stack((1.0 - np.cos(angle), 0.5 - np.sin(angle)))
    X = np.where((y == 0)[:, None], upper, lower)
    X = (X - (0.5, 0.25)) / 1.5
    return _add_noise(rng, X, noise), y


GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral, "moons": _moons,
}


# ---------------------------------------------------------------- split and view

def _train_size(samples: int, train_fraction: float) -> int:
    """round(samples * train_fraction), kept to at least 2 per side so each side can hold both classes."""
    return min(max(round(samples * train_fraction), 2), samples - 2)


def _give_each_side_both_classes(order: np.ndarray, y: np.ndarray, n_train: int) -> np.ndarray:
    """Swap one point across the split if a side lacks a class (rare: only for tiny sides)."""
    order = order.copy()
    train, test = order[:n_train], order[n_train:]  # views: swapping through them edits ``order``
    for side, other in ((train, test), (test, train)):
        for label in range(N_CLASSES):
            if not np.any(y[side] == label):
                i = int(np.argmax(y[other] == label))  # the other side holds every point of this class
                side[0], other[i] = other[i], side[0]  # side[0] has the other class, and its side has >= 2
    return order


def _split(X: np.ndarray, y: np.ndarray, order: np.ndarray, train_fraction: float):
    """The first ``_train_size`` points of ``order`` train, the rest test."""
    n_train = _train_size(len(y), train_fraction)
    order = _give_each_side_both_classes(order, y, n_train)
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


def _extent(X: np.ndarray) -> tuple[float, float, float, float]:
    half = EXTENT_MARGIN * max(1.0, float(np.max(np.abs(X))))
    return (-half, half, -half, half)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


# ---------------------------------------------------------------- the public function

def _validate(name: str, samples: int, noise: float, seed: int, train_fraction: float) -> None:
    if name not in DATASET_NAMES:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASET_NAMES)}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < MIN_SAMPLES:
        raise ValueError(f"samples = {samples!r} must be a whole number of at least {MIN_SAMPLES}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.number)) \
            or not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise = {noise!r} must be a finite number >= 0")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed = {seed!r} must be a whole number >= 0")
    if isinstance(train_fraction, bool) or not isinstance(train_fraction, (int, float, np.number)) \
            or not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction = {train_fraction!r} must be strictly between 0 and 1")


def make_dataset(name: str, samples: int, noise: float, seed: int, train_fraction: float) -> Dataset:
    """``samples`` points of dataset ``name``, balanced (the odd one to class 0), shuffled and split."""
    _validate(name, samples, noise, seed, train_fraction)
    samples = int(samples)
    rng = np.random.default_rng(int(seed))
    class_counts = (samples - samples // 2, samples // 2)
    X, y = GENERATORS[name](rng, class_counts, float(noise))
    X_train, y_train, X_test, y_test = _split(X, y, rng.permutation(samples), float(train_fraction))
    arrays = [_read_only(np.ascontiguousarray(a)) for a in (X_train, y_train, X_test, y_test)]
    return Dataset(name, *arrays, n_classes=N_CLASSES, extent=_extent(X))
