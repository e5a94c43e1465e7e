"""The seven activations: value and derivative, in place where it helps.

``derivative`` returns act'(z) as an array; the network multiplies it into the upstream gradient.
The sigmoid is written as 0.5 * (1 + tanh(z / 2)): exact, and it never overflows for large |z|.
"""

from __future__ import annotations

import numpy as np

SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
GELU_CUBIC = 0.044715

SATURATING = frozenset({"sigmoid", "tanh"})
RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "elu", "gelu"})
DEFAULT_PRELU_ALPHA = 0.25


def forward(name: str, z: np.ndarray, slope: float = 0.01, alpha: float | np.ndarray = DEFAULT_PRELU_ALPHA,
            out: np.ndarray | None = None) -> np.ndarray:
    """a = act(z). ``slope`` is Leaky ReLU's negative slope, ``alpha`` PReLU's learnable one."""
    dtype = z.dtype.type
    if out is None:
        out = np.empty_like(z)
    if name == "sigmoid":
        np.multiply(z, dtype(0.5), out=out)
        np.tanh(out, out=out)
        out += dtype(1.0)
        out *= dtype(0.5)
    elif name == "tanh":
        np.tanh(z, out=out)
    elif name == "relu":
        np.maximum(z, dtype(0.0), out=out)
    elif name in ("leaky_relu", "prelu"):
        negative_slope = dtype(slope if name == "leaky_relu" else alpha)
        np.multiply(z, negative_slope, out=out)
        np.copyto(out, z, where=z > 0)
    elif name == "elu":
        np.minimum(z, dtype(0.0), out=out)
        np.expm1(out, out=out)
        np.copyto(out, z, where=z > 0)
    elif name == "gelu":
        inner = z * z
        inner *= dtype(GELU_CUBIC)
        inner += dtype(1.0)
        inner *= z
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
    elif name == "tanh":  # 1 - a^2, at most 1
        np.multiply(a, a, out=out)
        np.subtract(dtype(1.0), out, out=out)
    elif name == "relu":
        np.greater(z, dtype(0.0), out=out)
    elif name in ("leaky_relu", "prelu"):
        out.fill(dtype(slope if name == "leaky_relu" else alpha))
        out[z > 0] = dtype(1.0)
    elif name == "elu":  # exp(z) = a + 1 for z <= 0
        np.add(a, dtype(1.0), out=out)
        out[z > 0] = dtype(1.0)
    elif name == "gelu":
        z2 = z * z
        t = z2 * dtype(GELU_CUBIC)
        t += dtype(1.0)
        t *= z
        t *= dtype(SQRT_2_OVER_PI)
        np.tanh(t, out=t)
        # d/dz 0.5 z (1 + t) = 0.5 (1 + t) + 0.5 z (1 - t^2) sqrt(2/pi) (1 + 3 c z^2)
        np.multiply(z2, dtype(3.0 * GELU_CUBIC), out=z2)
        z2 += dtype(1.0)
        z2 *= dtype(SQRT_2_OVER_PI)
        z2 *= z
        np.multiply(t, t, out=out)
        np.subtract(dtype(1.0), out, out=out)
        out *= z2
        out += t
        out += dtype(1.0)
        out *= dtype(0.5)
    else:
        raise ValueError(f"unknown activation {name!r}")
    return out
