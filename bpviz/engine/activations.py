"""The seven activations: value and derivative, written into ``out`` without temporaries where it can.

``derivative`` returns act'(z) as an array; the network multiplies it into the upstream gradient.

float64 is here to show tiny gradients as they are, so the saturating tails are computed exactly: sigmoid(z) is
1 / (1 + exp(-z)) (sigmoid(-40) = 4.2e-18, not 0), and where a(1 - a) or 1 - a^2 falls below TAIL (the
cancellation would cost digits, or give 0 from |z| ~ 37 or 19 on), the derivative is recomputed from z as
e / (1 + e)^2 with e = exp(-|z|) (4 e / (1 + e)^2 with e = exp(-2|z|) for tanh). That touches only the saturated
entries, so a healthy layer pays for one comparison. ELU's derivative is exp(min(z, 0)) for the same reason.
Leaky ReLU is max(z, slope * z) (its slope lies in [0, 1]) and ELU is max(z, expm1(min(z, 0))): one formula each,
no masks. GELU's cubic is evaluated on z clipped to +-GELU_CLIP, where tanh is already exactly +-1, so z^3 never
overflows (float32 would from |z| ~ 7e12 on) and the result is the same.
"""

from __future__ import annotations

import numpy as np

SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
GELU_CUBIC = 0.044715
GELU_CLIP = 20.0  # tanh(sqrt(2/pi) * (20 + 0.044715 * 20^3)) == 1 exactly, in float32 and float64

SATURATING = frozenset({"sigmoid", "tanh"})
RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "elu", "gelu"})
DEFAULT_PRELU_ALPHA = 0.25
TAIL = 1e-6  # below this a(1 - a) and 1 - a^2 have lost more than ~1e-10 of their relative precision


def forward(name: str, z: np.ndarray, slope: float = 0.01, alpha: float | np.ndarray = DEFAULT_PRELU_ALPHA,
            out: np.ndarray | None = None) -> np.ndarray:
    """a = act(z). ``slope`` is Leaky ReLU's negative slope, ``alpha`` PReLU's learnable one."""
    dtype = z.dtype.type
    if out is None:
        out = np.empty_like(z)
    if name == "sigmoid":
        np.negative(z, out=out)
        with np.errstate(over="ignore"):  # exp(-z) = inf for z < -709 gives 1 / inf = 0, as it should
            np.exp(out, out=out)
        out += dtype(1.0)
        np.reciprocal(out, out=out)
    elif name == "tanh":
        np.tanh(z, out=out)
    elif name == "relu":
        np.maximum(z, dtype(0.0), out=out)
    elif name == "leaky_relu" and 0.0 <= slope <= 1.0:
        np.multiply(z, dtype(slope), out=out)
        np.maximum(z, out, out=out)
    elif name in ("leaky_relu", "prelu"):  # a learned alpha may leave [0, 1]: pick by sign
        negative_slope = dtype(slope if name == "leaky_relu" else alpha)
        np.multiply(z, negative_slope, out=out)
        np.copyto(out, z, where=z > 0)
    elif name == "elu":  # expm1(z) >= z for every z, with equality only at 0
        np.minimum(z, dtype(0.0), out=out)
        np.expm1(out, out=out)
        np.maximum(z, out, out=out)
    elif name == "gelu":
        inner = np.clip(z, dtype(-GELU_CLIP), dtype(GELU_CLIP))
        np.multiply(inner, inner, out=out)
        out *= dtype(GELU_CUBIC)
        out += dtype(1.0)
        inner *= out
        inner *= dtype(SQRT_2_OVER_PI)
        np.tanh(inner, out=inner)
        inner += dtype(1.0)
        np.multiply(z, inner, out=out)
        out *= dtype(0.5)
    else:
        raise ValueError(f"unknown activation {name!r}")
    return out


def derivative(name: str, z: np.ndarray, a: np.ndarray, slope: float = 0.01,
               alpha: float | np.ndarray = DEFAULT_PRELU_ALPHA, out: np.ndarray | None = None) -> np.ndarray:
    """act'(z), given z and a = act(z) (several derivatives are cheapest from a)."""
    dtype = z.dtype.type
    if out is None:
        out = np.empty_like(z)
    if name == "sigmoid":  # a (1 - a), at most 0.25
        np.subtract(dtype(1.0), a, out=out)
        out *= a
        _exact_tails(out, z, 1.0)
    elif name == "tanh":  # 1 - a^2, at most 1
        np.multiply(a, a, out=out)
        np.subtract(dtype(1.0), out, out=out)
        _exact_tails(out, z, 2.0)
    elif name == "relu":
        np.greater(z, dtype(0.0), out=out)
    elif name in ("leaky_relu", "prelu"):
        out.fill(dtype(slope if name == "leaky_relu" else alpha))
        np.copyto(out, dtype(1.0), where=z > 0)
    elif name == "elu":  # exp(z) for z <= 0, exp(0) = 1 for z > 0
        np.minimum(z, dtype(0.0), out=out)
        np.exp(out, out=out)
    elif name == "gelu":
        zc = np.clip(z, dtype(-GELU_CLIP), dtype(GELU_CLIP))
        z2 = zc * zc
        t = z2 * dtype(GELU_CUBIC)
        t += dtype(1.0)
        t *= zc
        t *= dtype(SQRT_2_OVER_PI)
        np.tanh(t, out=t)
        # d/dz 0.5 z (1 + t) = 0.5 (1 + t) + 0.5 z (1 - t^2) sqrt(2/pi) (1 + 3 c z^2)
        np.multiply(z2, dtype(3.0 * GELU_CUBIC), out=z2)
        z2 += dtype(1.0)
        z2 *= dtype(SQRT_2_OVER_PI)
        z2 *= zc
        np.multiply(t, t, out=out)
        np.subtract(dtype(1.0), out, out=out)
        out *= z2
        out += t
        out += dtype(1.0)
        out *= dtype(0.5)
    else:
        raise ValueError(f"unknown activation {name!r}")
    return out


def _exact_tails(out: np.ndarray, z: np.ndarray, scale: float) -> None:
    """Where out < TAIL, replace it by (scale^2) e / (1 + e)^2, e = exp(-scale |z|): sigmoid' (1) or tanh' (2)."""
    threshold = out.dtype.type(TAIL)
    if not out.size or out.min() >= threshold:  # a healthy layer: one fast reduction, nothing written
        return
    tail = out < threshold
    magnitude = np.abs(z[tail])
    e = np.exp(-scale * magnitude)
    out[tail] = (scale * scale) * e / ((1.0 + e) * (1.0 + e))
