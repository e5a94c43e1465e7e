"""Weight-initialization schemes (DESIGN.md §2). Biases always start at zero.

small     N(0, 0.01^2)
standard  U(-1/sqrt(fan_in), +1/sqrt(fan_in))            Glorot & Bengio's "standard" init
xavier    U(-sqrt(6/(fan_in+fan_out)), +sqrt(6/(fan_in+fan_out)))
he        N(0, 2/fan_in)
large     N(0, 1)
orthogonal  a (semi-)orthogonal matrix, Haar-distributed (Saxe et al. 2014), as torch.nn.init.orthogonal_
``gain`` multiplies the result of any of them.

Orthogonal, exactly as PyTorch draws it for its (fan_out, fan_in) weight: a Gaussian G of shape
(rows, cols) = (fan_out, fan_in), transposed when it has fewer rows than columns; its reduced QR, G = QR; Q's
columns multiplied by the signs of R's diagonal (so that R = Q^T G has a positive diagonal, which makes Q
Haar-distributed rather than biased by the QR routine's sign convention); transposed back. bpviz stores the
transpose, W = Q^T of shape (fan_in, fan_out). So when fan_out <= fan_in the columns of W are orthonormal
(W^T W = I: a block maps onto its outputs without shrinking any direction), otherwise its rows are (W W^T = I).
Every singular value is 1 (times ``gain``); each entry has variance 1 / max(fan_in, fan_out).
"""

from __future__ import annotations

import math

import numpy as np

INIT_SCHEMES = ("small", "standard", "xavier", "he", "large", "orthogonal")


def init_std(scheme: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation the scheme gives a weight (before gain); used in tooltips and tests."""
    if scheme == "small":
        return 0.01
    if scheme == "standard":
        return 1.0 / math.sqrt(fan_in) / math.sqrt(3.0)
    if scheme == "xavier":
        return math.sqrt(6.0 / (fan_in + fan_out)) / math.sqrt(3.0)
    if scheme == "he":
        return math.sqrt(2.0 / fan_in)
    if scheme == "large":
        return 1.0
    if scheme == "orthogonal":
        return 1.0 / math.sqrt(max(fan_in, fan_out))
    raise ValueError(f"unknown init scheme {scheme!r}; choose one of {', '.join(INIT_SCHEMES)}")


def init_weight(scheme: str, fan_in: int, fan_out: int, rng: np.random.Generator,
                gain: float = 1.0, dtype: np.dtype | type = np.float64) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix drawn from the scheme, scaled by ``gain``."""
    shape = (fan_in, fan_out)
    if scheme == "small":
        weight = rng.normal(0.0, 0.01, size=shape)
    elif scheme == "standard":
        bound = 1.0 / math.sqrt(fan_in)
        weight = rng.uniform(-bound, bound, size=shape)
    elif scheme == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        weight = rng.uniform(-bound, bound, size=shape)
    elif scheme == "he":
        weight = rng.normal(0.0, math.sqrt(2.0 / fan_in), size=shape)
    elif scheme == "large":
        weight = rng.normal(0.0, 1.0, size=shape)
    elif scheme == "orthogonal":
        weight = orthogonal(fan_in, fan_out, rng)
    else:
        raise ValueError(f"unknown init scheme {scheme!r}; choose one of {', '.join(INIT_SCHEMES)}")
    weight *= gain
    return weight.astype(dtype, copy=False)


def orthogonal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-distributed (fan_in, fan_out) matrix with orthonormal columns or rows (see the module docstring)."""
    rows, cols = fan_out, fan_in  # PyTorch's layout of the same weight
    gaussian = rng.normal(0.0, 1.0, size=(rows, cols))
    if rows < cols:
        gaussian = gaussian.T
    q, r = np.linalg.qr(gaussian)  # reduced: q is (max, min) with orthonormal columns
    q *= np.sign(np.diagonal(r))
    if rows < cols:
        q = q.T
    return np.ascontiguousarray(q.T)
