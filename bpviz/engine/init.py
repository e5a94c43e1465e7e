"""Weight-initialization schemes (DESIGN.md §2). Biases always start at zero.

small     N(0, 0.01^2)
standard  U(-1/sqrt(fan_in), +1/sqrt(fan_in))            Glorot & Bengio's "standard" init
xavier    U(-sqrt(6/(fan_in+fan_out)), +sqrt(6/(fan_in+fan_out)))
he        N(0, 2/fan_in)
large     N(0, 1)
``gain`` multiplies the result of any of them.
"""

from __future__ import annotations

import math

import numpy as np

INIT_SCHEMES = ("small", "standard", "xavier", "he", "large")


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
    else:
        raise ValueError(f"unknown init scheme {scheme!r}; choose one of {', '.join(INIT_SCHEMES)}")
    weight *= gain
    return weight.astype(dtype, copy=False)
