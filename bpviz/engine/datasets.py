"""The five 2-D toy datasets (as in TensorFlow Playground), seeded, with a train/test split.

Coordinates live in roughly [-1, 1], so networks train without input normalization. ``noise`` is the standard
deviation of Gaussian noise added to each coordinate, in those same units: 0.1 is a little noise, 0.5 makes the
classes overlap a lot (for ``gauss`` it widens the blobs instead: std = 0.1 + noise).

One generator of ``numpy.random.default_rng(seed)`` draws everything, in a fixed order: the clean points, then
the noise, then the shuffle. So the same arguments give bit-identical arrays, and the same seed with another
noise level gives the same underlying points, only jittered differently (the noise slider looks continuous).
Each generator draws its clean points at random (not on a fixed grid), so another seed gives other points.
Labels come from the clean points: noise moves points across the class boundary, which is what overlap means.

Beyond the toy sets (see ``docs/data.md``):

* ``digits``: 1,797 handwritten digits (8x8 grey images, pixels 0..16, 10 classes; the UCI "Optical Recognition
  of Handwritten Digits" set, CC BY 4.0), shipped in ``resources/data/digits.npz``. Features are the 64 pixels
  divided by 16 and then standardized with ONE mean and ONE standard deviation of the training pixels (not one
  per pixel: some border pixels are almost always 0, and scaling each by its own tiny std would turn a stray
  stroke into a 20-sigma input). ``samples`` and ``noise`` do not apply and are ignored.
* ``csv``: the teacher's own table, read by :mod:`bpviz.engine.tabular`.

Both use a stratified split (:func:`stratified_split`): each class is shuffled with the seed and split at
``train_fraction``, so every class is on both sides in the same proportion. :func:`load_dataset` is the one entry
point the Trainer uses for any :class:`~bpviz.config.DataConfig`.
"""

from __future__ import annotations

import hashlib
import math
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import numpy as np

from bpviz.paths import resource_path

if TYPE_CHECKING:  # only for the annotation: the Trainer passes its config's data part
    from bpviz.config import DataConfig

DATASET_NAMES = ("circle", "xor", "gauss", "spiral", "moons")  # the 2-D toy sets
DIGITS = "digits"
BUILTIN_DATASETS = DATASET_NAMES + (DIGITS,)  # what make_dataset builds (everything but an imported CSV)

DIGITS_FILE = ("data", "digits.npz")
DIGITS_COUNT = 1797
DIGITS_IMAGE_SHAPE = (8, 8)
DIGITS_PIXEL_MAX = 16
DIGITS_CLASS_COUNTS = (178, 182, 177, 183, 181, 182, 181, 179, 174, 180)
# SHA-256 of images.tobytes() + labels.tobytes(): the loader refuses a damaged or replaced file.
DIGITS_CONTENT_SHA256 = "87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826"
SHOWCASE_SHAPE = (4, 6)  # rows x columns of test examples the decision-boundary plot shows for non-2-D data

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
    """Train and test examples of one dataset; the arrays are read-only.

    The first seven fields are what every dataset has (the 2-D toy sets have nothing else). ``extent`` is the
    square view of the input plane for 2-D data and None otherwise: :attr:`is_planar` tells the Trainer whether a
    decision-boundary grid makes sense. ``images_test`` holds the raw pixels of the test examples for image data
    (digits), so a view can draw them without undoing the feature scaling. ``notices`` are things the user should
    be told once (a sub-sampled file, a constant column): plain English sentences.
    """

    name: str
    X_train: np.ndarray  # (n_train, n_inputs) float64
    y_train: np.ndarray  # (n_train,) int64 labels in 0..n_classes-1
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    extent: tuple[float, float, float, float] | None  # (xmin, xmax, ymin, ymax) for 2-D data, else None
    class_names: tuple[str, ...] = ()      # one per class; empty means "0", "1", ...
    feature_names: tuple[str, ...] = ()    # one per input column; empty means unnamed
    images_test: np.ndarray | None = None  # (n_test, h, w) uint8 raw pixels of the test examples (image data only)
    image_max: int = 0                     # the largest pixel value images_test can hold (16 for digits)
    notices: tuple[str, ...] = ()

    @property
    def n_inputs(self) -> int:
        return int(self.X_train.shape[1])

    @property
    def is_planar(self) -> bool:
        """2-D inputs with a view extent: the decision boundary can be drawn over the plane."""
        return self.n_inputs == 2 and self.extent is not None

    def class_name(self, label: int) -> str:
        return self.class_names[label] if self.class_names else str(label)


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
    if name not in BUILTIN_DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(BUILTIN_DATASETS)}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < MIN_SAMPLES:
        raise ValueError(f"samples = {samples!r} must be a whole number of at least {MIN_SAMPLES}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.number)) \
            or not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise = {noise!r} must be a finite number >= 0")
    check_split_arguments(seed, train_fraction)


def check_split_arguments(seed: int, train_fraction: float) -> None:
    """ValueError unless ``seed`` is a whole number >= 0 and ``train_fraction`` is strictly between 0 and 1."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed = {seed!r} must be a whole number >= 0")
    if isinstance(train_fraction, bool) or not isinstance(train_fraction, (int, float, np.number)) \
            or not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction = {train_fraction!r} must be strictly between 0 and 1")


def make_dataset(name: str, samples: int, noise: float, seed: int, train_fraction: float) -> Dataset:
    """``samples`` points of dataset ``name``, balanced (the odd one to class 0), shuffled and split.

    For ``digits`` ``samples`` and ``noise`` are checked the same way but ignored (see :func:`load_digits`).
    """
    _validate(name, samples, noise, seed, train_fraction)
    if name == DIGITS:
        return load_digits(int(seed), float(train_fraction))
    samples = int(samples)
    rng = np.random.default_rng(int(seed))
    class_counts = (samples - samples // 2, samples // 2)
    X, y = GENERATORS[name](rng, class_counts, float(noise))
    X_train, y_train, X_test, y_test = _split(X, y, rng.permutation(samples), float(train_fraction))
    arrays = [_read_only(np.ascontiguousarray(a)) for a in (X_train, y_train, X_test, y_test)]
    return Dataset(name, *arrays, n_classes=N_CLASSES, extent=_extent(X))


# ---------------------------------------------------------------- stratified split (digits, CSV)

def stratified_split(y: np.ndarray, train_fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test): each class's examples shuffled and split at ``train_fraction``, then each side shuffled.

    A class of n >= 2 examples puts round(n * train_fraction) of them in train, but at least 1 and at most n - 1,
    so it is on both sides; a class of a single example trains. One generator draws, class by class in label order
    and then the two side shuffles, so the same ``y``, fraction and seed give the same split.
    """
    y = np.asarray(y)
    train_parts, test_parts = [], []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        n = len(members)
        n_train = n if n < 2 else min(max(round(n * train_fraction), 1), n - 1)
        train_parts.append(members[:n_train])
        test_parts.append(members[n_train:])
    train = np.concatenate(train_parts) if train_parts else np.zeros(0, dtype=np.int64)
    test = np.concatenate(test_parts) if test_parts else np.zeros(0, dtype=np.int64)
    return rng.permutation(train), rng.permutation(test)


def showcase_indices(y_test: np.ndarray, count: int = SHOWCASE_SHAPE[0] * SHOWCASE_SHAPE[1]) -> np.ndarray:
    """A fixed choice of ``count`` test examples spread over the classes: the first example of each class in
    test order, then the second of each, ... (classes in label order). The same test set always gives the same
    choice, so a view of them changes only because the predictions do."""
    y_test = np.asarray(y_test)
    per_class = [np.flatnonzero(y_test == label) for label in np.unique(y_test)]
    chosen: list[int] = []
    rank = 0
    while len(chosen) < min(count, len(y_test)):
        for members in per_class:
            if rank < len(members) and len(chosen) < count:
                chosen.append(int(members[rank]))
        rank += 1
    return np.array(chosen, dtype=np.int64)


# ---------------------------------------------------------------- digits

class DigitsFileError(RuntimeError):
    """resources/data/digits.npz is missing or not the file bpviz shipped (a broken installation)."""


@lru_cache(maxsize=1)
def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """(images (1797, 8, 8) uint8 0..16, labels (1797,) int64 0..9), read once and checked against their SHA-256."""
    try:
        path = resource_path(*DIGITS_FILE)
        with np.load(path, allow_pickle=False) as archive:
            images, labels = archive["images"], archive["labels"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DigitsFileError(f"the digits data set cannot be read ({exc}); reinstall bpviz") from None
    content = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
    if content != DIGITS_CONTENT_SHA256 or images.dtype != np.uint8 or labels.dtype != np.uint8:
        raise DigitsFileError(f"{path} is not the digits file bpviz shipped (checksum differs); reinstall bpviz")
    return _read_only(images), _read_only(labels.astype(np.int64))


def load_digits(seed: int, train_fraction: float) -> Dataset:
    """The digits, split by :func:`stratified_split` with ``seed``; features: pixels / 16, then standardized with
    the training pixels' overall mean and standard deviation (one of each for all 64 pixels)."""
    check_split_arguments(seed, train_fraction)
    images, labels = digits_arrays()
    rng = np.random.default_rng([int(seed), 13])  # its own stream: digits do not share draws with the toy sets
    train, test = stratified_split(labels, float(train_fraction), rng)
    pixels = images.reshape(len(images), -1).astype(np.float64) / DIGITS_PIXEL_MAX
    mean = float(pixels[train].mean())
    std = float(pixels[train].std())
    X = (pixels - mean) / std
    arrays = [_read_only(np.ascontiguousarray(a)) for a in (X[train], labels[train], X[test], labels[test])]
    return Dataset(DIGITS, *arrays, n_classes=10, extent=None,
                   class_names=tuple(str(digit) for digit in range(10)),
                   feature_names=tuple(f"pixel ({row}, {col})" for row in range(8) for col in range(8)),
                   images_test=_read_only(np.ascontiguousarray(images[test])), image_max=DIGITS_PIXEL_MAX)


# ---------------------------------------------------------------- any DataConfig

def load_dataset(data: "DataConfig", seed: int) -> Dataset:
    """The dataset a :class:`~bpviz.config.DataConfig` describes, split with ``seed`` (the experiment's seed).

    A ``csv`` dataset is read from ``data.path`` and must still have the content ``data.sha256`` names; otherwise
    :class:`bpviz.engine.tabular.DataFileMissing` or :class:`~bpviz.engine.tabular.DataFileChanged` (both
    ``ConfigError``) says so, and nothing is replaced silently.
    """
    if data.dataset == "csv":
        from bpviz.engine.tabular import load_csv_dataset  # tabular imports this module

        return load_csv_dataset(data.path, seed=seed, train_fraction=data.train_fraction,
                                expected_sha256=data.sha256 or None)
    return make_dataset(data.dataset, data.samples, data.noise, seed, data.train_fraction)
