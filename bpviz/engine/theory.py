"""Mean-field signal propagation: predict, before training, how each layer scales the gradient.

The theory (Poole et al. 2016, arXiv:1606.05340; Schoenholz et al. 2017, arXiv:1611.01232) looks at a plain deep
network at initialization whose weights have variance ``sigma_w2 / fan_in`` and whose biases have variance
``sigma_b2``, in the limit of wide layers. Then every pre-activation z of hidden layer l is Gaussian over the random
weights, with mean 0 and second moment q_l, and

    q_{l+1} = sigma_w2 * V(q_l) + sigma_b2,      V(q) = E_{z~N(0,1)}[ phi(sqrt(q) z)^2 ]            (1)

Note V is the *second moment* of the activation, not its variance: z_{l+1} = sum_j W_jk h_j + b_k has
E[z^2] = sigma_w2 * mean_j(h_j^2) + sigma_b2 because the weights have mean 0, whatever the mean of h. So (1) holds
unchanged for activations that are not odd (sigmoid, ReLU, ELU, GELU), whose outputs have a non-zero mean.

Going backwards, dL/dh_l = W_{l+1} (phi'(z_{l+1}) * dL/dh_{l+1}), and (weights independent of the backward signal,
the usual "gradient independence" assumption, accurate for wide layers at initialization)

    ||dL/dh_l||^2 = chi_{l+1} * ||dL/dh_{l+1}||^2,   chi_l = sigma_w2 * D(q_l),  D(q) = E[ phi'(sqrt(q) z)^2 ]   (2)

whatever the two layers' widths (sigma_w2 is measured against the fan-in). Once q_l has settled at its limit q*,
every layer multiplies the squared gradient norm by the same chi1 = sigma_w2 * D(q*): chi1 < 1 is the ordered phase
(gradients vanish), chi1 > 1 the chaotic phase (they explode), chi1 = 1 the edge of chaos.

Where q goes (``fixed_point_q``). The map (1) is increasing in q, so iterating it from a start q0 moves
monotonically to the nearest fixed point in the direction it starts to move, or runs off to 0 or to infinity:

* bounded activations (sigmoid, tanh): q stays below sigma_w2 * max(phi^2) + sigma_b2, so a finite limit exists;
  it is 0 for tanh when sigma_b2 = 0 and sigma_w2 <= 1 (z -> 0, where tanh is the identity).
* the ReLU family (relu, leaky_relu at its slope s, prelu at its initial alpha s = 0.25) is positively
  homogeneous: V(q) = c q and D(q) = c with c = (1 + s^2) / 2 exactly. With sigma_b2 = 0, q is multiplied by
  sigma_w2 * c at every layer: it shrinks geometrically to 0 (sigma_w2 * c < 1), grows geometrically to infinity
  (> 1), or keeps its start value (= 1, He init for ReLU). With sigma_b2 > 0 the limit is
  sigma_b2 / (1 - sigma_w2 c) if sigma_w2 c < 1, else infinity. chi1 = sigma_w2 * c never depends on q.
* ELU and GELU are ReLU-like for large q (D -> 1/2) and smooth at 0 (D(0) = phi'(0)^2 = 1 and 1/4). GELU can be
  bistable: with sigma_b2 = 0 and 2 < sigma_w2 < 4 there is an unstable fixed point, q collapses to 0 from below
  it and explodes from above it, so the answer depends on q0, and chi1 jumps across 1 instead of passing
  through it (a bias shrinks that window: 2 < sigma_w2 < 2.4 at sigma_b2 = 0.05; none from about 0.15 on).
  Both also break the rule that chi1 grows with sigma_w2, a little: as sigma_w2 -> 2 from below, q* -> inf and
  E[phi'^2] falls to its limit 1/2, so chi1 dips back to exactly 1 at sigma_w2 = 2 (ELU at sigma_b2 = 0 has
  chi1 = 1.054 at 1.8 and 1.0 at 2; the dip is confined to 1.8 < sigma_w2 <= 2). Elsewhere, and everywhere for
  sigmoid, tanh and the ReLU family, chi1 increases with sigma_w2.

When the limit is 0 or infinity, chi1 is the limit of sigma_w2 * D(q) there (D(0+) and D(inf) above).

What is and is not covered: plain dense blocks ``z = h W + b -> phi`` at initialization, every activation bpviz has
(sigmoid, tanh, relu, leaky_relu, prelu at alpha 0.25, elu, gelu as bpviz's tanh approximation), any init scheme
through its sigma_w2 (below) and biases N(0, sigma_b2). Not covered: batch norm, layer norm and residual
connections (they change the recursion itself; :func:`not_applicable_reasons` says so), a network after training
(weights are no longer independent of the data), and finite width (the prediction is the wide-layer mean; at
width N each layer's measured ratio scatters by roughly +-sqrt(2/N)).

Init schemes -> sigma_w2 = fan_in * Var(W) (``sigma_w2_of_init``; every value times ``init_gain ** 2``):

    small       N(0, 0.01^2)                     1e-4 * fan_in
    standard    U(+-1/sqrt(fan_in))              1/3
    xavier      U(+-sqrt(6/(fan_in+fan_out)))    2 fan_in / (fan_in + fan_out)      (1 for a square layer)
    he          N(0, 2/fan_in)                   2
    large       N(0, 1)                          fan_in
    orthogonal  orthonormal columns (or rows)    min(1, fan_in / fan_out)           (1 for a square layer)

Hidden layers 1..depth-1 are square (fan_in = fan_out = width); they set the network's sigma_w2. The first layer
has fan_in = n_inputs (2 for the toy data) and its own sigma_w2; in the prediction it only sets the starting
second moment q_0 = sigma_w2(first) * m + sigma_b2, where m is the mean square of one input coordinate (its weight
matrix never multiplies a dL/dh that bpviz shows; with 2 inputs and a uniform init z_0 is not Gaussian, but only
its second moment is used). The output layer (fan_out = n_classes) sets the scale of dL/dh at the last hidden
layer, which is where the predicted norms are anchored.

Numerics. V and D are computed by composite Gauss-Legendre quadrature against the normal density, split at z = 0
and on panels that halve towards 0 until they are narrower than 1/(8 sqrt(q)): plain Gauss-Hermite converges badly
here (ReLU's and ELU's kink at 0; at large q the peak of tanh' and sigmoid' is narrower than the nodes' spacing,
100 Gauss-Hermite nodes miss D by 30 % for tanh at q = 30), while this rule is accurate to ~1e-14 for every
activation and q from 1e-12 to 1e12 (against 48 nodes per panel). The ReLU family uses its exact closed form.

Units and conventions used throughout: ``sigma_w2`` and ``sigma_b2`` are variances (not standard deviations);
``q`` is a second moment of a pre-activation; ``chi1`` multiplies a *squared* gradient norm per layer; layer
arrays are indexed like the Snapshot's (hidden layer 0 = input side). Everything is float64 NumPy, no Qt.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import activations

START_Q = 1.0
"""Default start of the variance iteration: a first pre-activation of unit second moment (bpviz's inputs are O(1))."""

DEFAULT_PRELU_ALPHA = activations.DEFAULT_PRELU_ALPHA
DEFAULT_LEAKY_SLOPE = 0.01
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu")
INIT_SCHEMES = ("small", "standard", "xavier", "he", "large", "orthogonal")

# The iteration's q is called 0 below Q_ZERO times its start and infinite above Q_INFINITE times it.
Q_ZERO = 1e-12
Q_INFINITE = 1e12
_SCAN_RATIO = 10.0 ** (1.0 / 16.0)   # root search: steps of 1/16 decade, then bisection in log q
_SCAN_STEPS = 12 * 16                # 12 decades: Q_INFINITE and Q_ZERO
_ROOT_ITERATIONS = 60                # Illinois steps at most (about 8 are needed)

_Q_OVERFLOW = 1e250   # a q above this is inf: phi(sqrt(q) z)^2 would overflow in the quadrature
_Z_MAX = 12.0          # the normal density beyond 12 is < 1e-32
_NODES_PER_PANEL = 12  # Gauss-Legendre nodes per panel: 1e-14 relative (measured against 48 per panel)

# The phase diagram's table of V and D: log10 q from -8 to 8, 64 points per decade (q = 1 is a table point).
_TABLE_DECADES = 8
_TABLE_PER_DECADE = 64

# Reasons the plain mean-field prediction does not apply, by code (the window translates by code).
REASONS = {
    "batchnorm": "batch normalization rescales every layer to unit variance, which replaces the variance recursion",
    "layernorm": "layer normalization rescales every example to unit variance, which replaces the variance recursion",
    "residual": "residual connections add an identity path, so the gradient is not a product of plain layer factors",
}


# ---------------------------------------------------------------- activations as seen by the theory

def _negative_slope(activation: str, leaky_slope: float, prelu_alpha: float) -> float | None:
    """The slope below 0 of a ReLU-family activation (positively homogeneous), or None for the others."""
    if activation == "relu":
        return 0.0
    if activation == "leaky_relu":
        return float(leaky_slope)
    if activation == "prelu":
        return float(prelu_alpha)
    if activation in ACTIVATION_NAMES:
        return None
    raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")


@functools.lru_cache(maxsize=64)
def _nodes(panels: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights (times the normal density) of the composite rule on [-Z_MAX, Z_MAX] with ``panels`` per side.

    Panel edges on each side: 0, Z_MAX 2^-(panels-1), ..., Z_MAX/2, Z_MAX. A kink of phi at 0 is a panel edge.
    """
    x, w = np.polynomial.legendre.leggauss(_NODES_PER_PANEL)
    edges = np.concatenate(([0.0], _Z_MAX * 2.0 ** -np.arange(panels - 1, -1, -1.0)))
    left, right = edges[:-1, None], edges[1:, None]
    z = (0.5 * (right - left) * x + 0.5 * (right + left)).ravel()
    weight = (0.5 * (right - left) * w).ravel() * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    z = np.concatenate((-z[::-1], z))
    weight = np.concatenate((weight[::-1], weight))
    z.flags.writeable = weight.flags.writeable = False
    return z, weight


def _panels_for(q: float) -> int:
    """Enough panels that the innermost one is narrower than min(1, 1/sqrt(q)) / 8 (the scale of phi(sqrt(q) z))."""
    return max(1, math.ceil(math.log2(_Z_MAX * 8.0 * max(1.0, math.sqrt(q))))) + 1


def _phi_and_derivative(activation: str, x: np.ndarray, leaky_slope: float,
                        prelu_alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """phi(x) and phi'(x) as the network computes them (bpviz.engine.activations).

    For sigmoid and tanh phi' is a(1 - a) and 1 - a^2 without the network's exact-tail refinement, which only
    restores relative precision where phi' < 1e-6: it moves E[phi'^2] by less than 1e-16, and skipping it makes
    the quadrature several times faster.
    """
    value = activations.forward(activation, x, leaky_slope, prelu_alpha)
    if activation == "sigmoid":
        slope = value * (1.0 - value)
    elif activation == "tanh":
        slope = 1.0 - value * value
    else:
        slope = activations.derivative(activation, x, value, leaky_slope, prelu_alpha)
    return value, slope


def _limits(activation: str, leaky_slope: float, prelu_alpha: float) -> tuple[float, float, float]:
    """(V(0), D(0+), D(inf)): the second moments at q -> 0 and D at q -> infinity."""
    s = _negative_slope(activation, leaky_slope, prelu_alpha)
    if s is not None:
        c = 0.5 * (1.0 + s * s)
        return 0.0, c, c
    zero = np.zeros(1)
    value, slope = _phi_and_derivative(activation, zero, leaky_slope, prelu_alpha)
    d_infinity = {"sigmoid": 0.0, "tanh": 0.0, "elu": 0.5, "gelu": 0.5}[activation]
    return float(value[0] ** 2), float(slope[0] ** 2), d_infinity


def _second_moment_quadrature(activation: str, q: np.ndarray, leaky_slope: float, prelu_alpha: float) -> np.ndarray:
    """V(q) alone (the fixed-point search needs no derivative), for finite q > 0 (a 1-D array)."""
    z, weight = _nodes(_panels_for(float(np.max(q))))
    value = activations.forward(activation, np.sqrt(q)[:, None] * z[None, :], leaky_slope, prelu_alpha)
    return (value * value) @ weight


def _moments_quadrature(activation: str, q: np.ndarray, leaky_slope: float,
                        prelu_alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """V(q) and D(q) for finite q > 0 (a 1-D array), by the composite rule with enough panels for max(q)."""
    z, weight = _nodes(_panels_for(float(np.max(q))))
    x = np.sqrt(q)[:, None] * z[None, :]
    value, slope = _phi_and_derivative(activation, x, leaky_slope, prelu_alpha)
    return (value * value) @ weight, (slope * slope) @ weight


def moments(activation: str, q: float | np.ndarray, *, leaky_slope: float = DEFAULT_LEAKY_SLOPE,
            prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> tuple[Any, Any]:
    """(V(q), D(q)) = (E[phi(sqrt(q) z)^2], E[phi'(sqrt(q) z)^2]) for z ~ N(0, 1).

    ``q`` (>= 0, may be ``inf``) is the second moment of a pre-activation; a scalar gives floats, an array gives
    arrays of its shape. At q = 0, D is the limit from above (ReLU: 1/2, not relu'(0)); at q = inf, V is inf for
    the unbounded activations (1 for tanh, 1/2 for sigmoid) and D its limit.
    """
    q_array = np.asarray(q, dtype=np.float64)
    if np.any(np.isnan(q_array)) or np.any(q_array < 0):
        raise ValueError(f"q must be >= 0, got {q!r}")
    flat = q_array.reshape(-1)
    v = np.empty_like(flat)
    d = np.empty_like(flat)
    v0, d0, d_infinity = _limits(activation, leaky_slope, prelu_alpha)
    s = _negative_slope(activation, leaky_slope, prelu_alpha)
    zero, infinite = flat == 0.0, np.isinf(flat)
    inside = ~(zero | infinite)
    if s is not None:
        c = 0.5 * (1.0 + s * s)
        v[:] = c * flat
        d[:] = c
    else:
        v[zero], d[zero] = v0, d0
        v[infinite] = {"sigmoid": 0.5, "tanh": 1.0}.get(activation, math.inf)
        d[infinite] = d_infinity
        if inside.any():
            v[inside], d[inside] = _moments_quadrature(activation, flat[inside], leaky_slope, prelu_alpha)
    if q_array.ndim == 0:
        return float(v[0]), float(d[0])
    return v.reshape(q_array.shape), d.reshape(q_array.shape)


def variance_map(activation: str, q: float, sigma_w2: float, sigma_b2: float, *,
                 leaky_slope: float = DEFAULT_LEAKY_SLOPE, prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> float:
    """One step of recursion (1): the next layer's q, sigma_w2 * E[phi(sqrt(q) z)^2] + sigma_b2."""
    v, _ = moments(activation, float(q), leaky_slope=leaky_slope, prelu_alpha=prelu_alpha)
    return sigma_w2 * v + sigma_b2


def _check_sigmas(sigma_w2: float, sigma_b2: float) -> None:
    if not (math.isfinite(sigma_w2) and sigma_w2 > 0.0):
        raise ValueError(f"sigma_w2 must be a finite number > 0, got {sigma_w2!r}")
    if not (math.isfinite(sigma_b2) and sigma_b2 >= 0.0):
        raise ValueError(f"sigma_b2 must be a finite number >= 0, got {sigma_b2!r}")


# ---------------------------------------------------------------- the fixed point and chi1

def fixed_point_q(activation: str, sigma_w2: float, sigma_b2: float, *, q0: float = START_Q,
                  leaky_slope: float = DEFAULT_LEAKY_SLOPE, prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> float:
    """The limit q* of recursion (1) started at ``q0``: a float in [0, inf].

    Returns 0.0 when q collapses (below ``Q_ZERO * q0``: tanh with sigma_w2 <= 1 and sigma_b2 = 0; the ReLU family
    below He-criticality without bias), ``math.inf`` when it grows without bound (above ``Q_INFINITE * q0``: the
    ReLU family above criticality, geometrically, or exactly at it with sigma_b2 > 0, linearly), and ``q0`` itself
    for the ReLU family exactly at sigma_w2 (1 + s^2)/2 = 1 with sigma_b2 = 0, where every q is a fixed point.
    Beyond that last case only bistable GELU (small sigma_b2, 2 < sigma_w2 < 4; module docstring) depends on q0.
    """
    _check_sigmas(sigma_w2, sigma_b2)
    if not (math.isfinite(q0) and q0 > 0.0):
        raise ValueError(f"q0 must be a finite number > 0, got {q0!r}")
    s = _negative_slope(activation, leaky_slope, prelu_alpha)
    if s is not None:
        gain = sigma_w2 * 0.5 * (1.0 + s * s)
        if gain < 1.0:
            return sigma_b2 / (1.0 - gain)
        if gain == 1.0 and sigma_b2 == 0.0:
            return float(q0)
        return math.inf

    def excess(q: np.ndarray) -> np.ndarray:  # g(q) = map(q) - q for finite q > 0: its sign is where q moves
        return sigma_w2 * _second_moment_quadrature(activation, q, leaky_slope, prelu_alpha) + sigma_b2 - q

    start = float(excess(np.array([q0]))[0])
    if start == 0.0:
        return float(q0)
    up = start > 0.0
    # Scan in steps of 1/16 decade, all at once, for the first point where q would move the other way.
    steps = np.arange(1, _SCAN_STEPS + 1)
    scan = q0 * _SCAN_RATIO ** (steps if up else -steps)
    turned = (excess(scan) > 0.0) != up
    if not turned.any():
        return math.inf if up else 0.0
    first = int(np.argmax(turned))
    near = math.log(q0 if first == 0 else float(scan[first - 1]))
    far = math.log(float(scan[first]))
    return math.exp(_illinois(lambda log_q: float(excess(np.array([math.exp(log_q)]))[0]), near, far))


def _illinois(function: Any, a: float, b: float) -> float:
    """A root of ``function`` between a and b (opposite signs) by the Illinois false-position method.

    Superlinear for the smooth g(log q) here (about 8 evaluations to 1e-14), and never leaves the bracket.
    """
    fa, fb = function(a), function(b)
    side = 0
    for _ in range(_ROOT_ITERATIONS):
        if fa == fb:
            break
        c = (a * fb - b * fa) / (fb - fa)
        fc = function(c)
        if fc == 0.0 or abs(b - a) < 1e-14 * max(1.0, abs(a)):
            return c
        if (fc > 0.0) == (fb > 0.0):
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
    return 0.5 * (a + b)


def chi1(activation: str, sigma_w2: float, sigma_b2: float, *, q0: float = START_Q,
         leaky_slope: float = DEFAULT_LEAKY_SLOPE, prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> float:
    """chi1 = sigma_w2 * E[phi'(sqrt(q*) z)^2]: how much each layer multiplies the *squared* gradient norm.

    q* is :func:`fixed_point_q` (0 and inf use the limits of E[phi'^2], so chi1 is always finite and > 0).
    < 1: ordered phase, gradients vanish; > 1: chaotic phase, they explode; = 1: the edge of chaos. Exactly
    1.0 for tanh at (1, 0) and for ReLU at sigma_w2 = 2 (any sigma_b2).
    """
    q_star = fixed_point_q(activation, sigma_w2, sigma_b2, q0=q0, leaky_slope=leaky_slope, prelu_alpha=prelu_alpha)
    _, d = moments(activation, q_star, leaky_slope=leaky_slope, prelu_alpha=prelu_alpha)
    return sigma_w2 * d


def depth_scale_from_chi1(chi: float) -> float:
    """xi = 1 / |ln chi1|: the number of layers over which the squared gradient norm changes by a factor e.

    Positive on both sides (the sign of ln chi1 says which way: shrinking in the ordered phase, chi1 < 1, which
    is Schoenholz et al.'s xi_grad = -1/ln chi1; growing in the chaotic phase, chi1 > 1). ``math.inf`` at
    chi1 == 1, 0.0 at chi1 == 0 or inf. The norm itself changes by e over 2 xi layers; a depth-D network's
    first/last gradient-norm ratio is about chi1^(D/2) = exp(+-D / (2 xi)).
    """
    if math.isnan(chi) or chi < 0.0:
        raise ValueError(f"chi1 must be >= 0, got {chi!r}")
    if chi == 0.0 or math.isinf(chi):
        return 0.0
    log_chi = math.log(chi)
    return math.inf if log_chi == 0.0 else 1.0 / abs(log_chi)


def depth_scale(activation: str, sigma_w2: float, sigma_b2: float, *, q0: float = START_Q,
                leaky_slope: float = DEFAULT_LEAKY_SLOPE, prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> float:
    """The depth scale 1/|ln chi1| in layers (see :func:`depth_scale_from_chi1`); ``math.inf`` at chi1 == 1."""
    return depth_scale_from_chi1(chi1(activation, sigma_w2, sigma_b2, q0=q0, leaky_slope=leaky_slope,
                                      prelu_alpha=prelu_alpha))


# ---------------------------------------------------------------- bpviz's networks

def sigma_w2_of_init(scheme: str, fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """fan_in * Var(W) for an init scheme of bpviz (table in the module docstring), times ``gain ** 2``.

    ``orthogonal``: a matrix with orthonormal columns (fan_in >= fan_out) or rows (fan_in < fan_out) has entries of
    variance 1/max(fan_in, fan_out), so sigma_w2 = min(1, fan_in / fan_out): 1 for a square layer.
    """
    if fan_in < 1 or fan_out < 1:
        raise ValueError(f"fan_in and fan_out must be >= 1, got {fan_in}, {fan_out}")
    if scheme == "small":
        base = 1e-4 * fan_in
    elif scheme == "standard":
        base = 1.0 / 3.0
    elif scheme == "xavier":
        base = 2.0 * fan_in / (fan_in + fan_out)
    elif scheme == "he":
        base = 2.0
    elif scheme == "large":
        base = float(fan_in)
    elif scheme == "orthogonal":
        base = min(1.0, fan_in / fan_out)
    else:
        raise ValueError(f"unknown init scheme {scheme!r}; choose one of {', '.join(INIT_SCHEMES)}")
    return base * gain * gain


@dataclass(frozen=True)
class NetworkSigmas:
    """The mean-field parameters of one bpviz network (all variances)."""

    sigma_w2: float        # hidden layers 1..depth-1 (square, width x width): the network's sigma_w2
    first_sigma_w2: float  # hidden layer 0 (fan_in = n_inputs): sets only the starting q_0
    sigma_b2: float        # bias_init_std ** 2, every layer


def _network_config(config: Any) -> Any:
    """A NetworkConfig from a NetworkConfig or an ExperimentConfig."""
    return getattr(config, "network", config)


def network_sigmas(config: Any, n_inputs: int = 2) -> NetworkSigmas:
    """sigma_w2 (hidden and first layer) and sigma_b2 of a NetworkConfig (or an ExperimentConfig's network)."""
    net = _network_config(config)
    gain = float(net.init_gain)
    return NetworkSigmas(
        sigma_w2=sigma_w2_of_init(net.init, net.width, net.width, gain),
        first_sigma_w2=sigma_w2_of_init(net.init, int(n_inputs), net.width, gain),
        sigma_b2=float(getattr(net, "bias_init_std", 0.0)) ** 2,
    )


def not_applicable_reasons(config: Any) -> tuple[str, ...]:
    """Codes (keys of :data:`REASONS`) of what makes the plain mean-field prediction wrong for this network.

    Empty when it applies. Batch norm (``batchnorm`` or ``normalization == "batch"``), layer norm
    (``normalization == "layer"``) and residual connections each break recursion (1) or (2).
    """
    net = _network_config(config)
    normalization = getattr(net, "normalization", "none")
    reasons = []
    if getattr(net, "batchnorm", False) or normalization == "batch":
        reasons.append("batchnorm")
    if normalization == "layer":
        reasons.append("layernorm")
    if getattr(net, "residual", False):
        reasons.append("residual")
    return tuple(reasons)


class PredictionNotApplicable(ValueError):
    """The plain mean-field prediction does not apply to this network; ``reasons`` holds the codes."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons
        super().__init__("the plain mean-field prediction does not apply: "
                         + "; ".join(REASONS[code] for code in reasons))


def _activation_parameters(net: Any) -> dict[str, float]:
    return {"leaky_slope": float(net.leaky_slope), "prelu_alpha": DEFAULT_PRELU_ALPHA}


def predicted_layer_q(config: Any, n_layers: int | None = None, *, n_inputs: int = 2,
                      input_second_moment: float = 1.0) -> np.ndarray:
    """q_i, the predicted second moment of hidden layer i's pre-activations at initialization, i = 0..n_layers-1.

    q_0 = first_sigma_w2 * input_second_moment + sigma_b2, where ``input_second_moment`` is the mean of x_k^2 over
    the data and the input coordinates k; then recursion (1) with the hidden layers' sigma_w2. ``n_layers``
    defaults to the config's depth. Values may reach 0 or inf (collapse or explosion). The activation's
    parameters are its initial ones (PReLU alpha 0.25, the config's leaky slope).
    """
    net = _network_config(config)
    n_layers = net.depth if n_layers is None else int(n_layers)
    if n_layers < 1:
        raise ValueError(f"n_layers must be >= 1, got {n_layers}")
    if not (math.isfinite(input_second_moment) and input_second_moment >= 0.0):
        raise ValueError(f"input_second_moment must be a finite number >= 0, got {input_second_moment!r}")
    sigmas = network_sigmas(net, n_inputs)
    params = _activation_parameters(net)
    q = np.empty(n_layers)
    q[0] = sigmas.first_sigma_w2 * input_second_moment + sigmas.sigma_b2
    for i in range(1, n_layers):
        v, _ = moments(net.activation, float(q[i - 1]), **params)
        q[i] = sigmas.sigma_w2 * v + sigmas.sigma_b2
        if q[i] > _Q_OVERFLOW:
            q[i:] = math.inf  # an exploding q: from here on the limits at q = inf apply
            break
    return q


def predicted_layer_chi(config: Any, n_layers: int | None = None, *, n_inputs: int = 2,
                        input_second_moment: float = 1.0) -> np.ndarray:
    """chi_i = sigma_w2 * E[phi'(sqrt(q_i) z)^2] per hidden layer: ||dL/dh_{i-1}||^2 = chi_i ||dL/dh_i||^2.

    Entry 0 uses the hidden sigma_w2 too, but no dL/dh lies before layer 0, so :func:`predicted_signal_norms`
    does not use it. See :func:`predicted_layer_q` for the arguments.
    """
    net = _network_config(config)
    q = predicted_layer_q(net, n_layers, n_inputs=n_inputs, input_second_moment=input_second_moment)
    _, d = moments(net.activation, q, **_activation_parameters(net))
    return network_sigmas(net, n_inputs).sigma_w2 * d


def predicted_log10_signal_norms(config: Any, n_layers: int | None = None, *, anchor: float = 1.0,
                                 n_inputs: int = 2, input_second_moment: float = 1.0) -> np.ndarray:
    """log10 of the predicted ||dL/dh_i|| per hidden layer (index 0 = input side), anchored at the last one.

    Entry n_layers-1 is log10(anchor): pass 1.0 for the shape alone, or the measured ||dL/dh|| of the last hidden
    layer (the Snapshot's ``signal_grad_norm[-1]`` at step 0) to draw the prediction over the measurement. Going
    towards the input, entry i-1 = entry i + log10(chi_i) / 2 (:func:`predicted_layer_chi`), so nothing underflows
    at any depth. Raises :class:`PredictionNotApplicable` for batch norm, layer norm or residual connections.
    """
    net = _network_config(config)
    reasons = not_applicable_reasons(net)
    if reasons:
        raise PredictionNotApplicable(reasons)
    if not (math.isfinite(anchor) and anchor > 0.0):
        raise ValueError(f"anchor must be a finite number > 0, got {anchor!r}")
    chi = predicted_layer_chi(net, n_layers, n_inputs=n_inputs, input_second_moment=input_second_moment)
    steps = 0.5 * np.log10(chi[1:])  # log10 of the norm ratio ||dL/dh_{i-1}|| / ||dL/dh_i|| for i = 1..n-1
    log_norms = np.empty(len(chi))
    log_norms[-1] = math.log10(anchor)
    log_norms[:-1] = log_norms[-1] + np.cumsum(steps[::-1])[::-1]
    return log_norms


def predicted_signal_norms(config: Any, n_layers: int | None = None, *, anchor: float = 1.0,
                           n_inputs: int = 2, input_second_moment: float = 1.0) -> np.ndarray:
    """The predicted ||dL/dh_i|| per hidden layer at initialization (index 0 = input side; the last = ``anchor``).

    10 ** :func:`predicted_log10_signal_norms` (same arguments and conventions); a norm below ~1e-308 is 0 here,
    so plots should use the log10 version. ``config`` is a NetworkConfig or an ExperimentConfig; ``n_layers``
    defaults to its depth (another value predicts the same network at that depth).
    """
    return 10.0 ** predicted_log10_signal_norms(config, n_layers, anchor=anchor, n_inputs=n_inputs,
                                                input_second_moment=input_second_moment)


def summary_fields(config: Any, *, n_inputs: int = 2, input_second_moment: float = 1.0) -> dict[str, Any]:
    """The prediction for ``bpviz run``'s summary.json.

    ``{"predicted_chi1", "predicted_depth_scale", "sigma_w2", "sigma_b2", "prediction_applies", "reason"}``:
    chi1 and the depth scale (layers, ``math.inf`` at criticality, which the CLI writes as null) at the fixed point
    reached from the network's own q_0 (:func:`predicted_layer_q`); both are None when the prediction does not
    apply, and ``reason`` says why (English; it names what applies when it does).
    """
    net = _network_config(config)
    sigmas = network_sigmas(net, n_inputs)
    reasons = not_applicable_reasons(net)
    fields: dict[str, Any] = {"sigma_w2": sigmas.sigma_w2, "sigma_b2": sigmas.sigma_b2}
    if reasons:
        fields.update(predicted_chi1=None, predicted_depth_scale=None, prediction_applies=False,
                      reason="the plain mean-field prediction does not apply: "
                      + "; ".join(REASONS[code] for code in reasons))
        return fields
    q0 = float(predicted_layer_q(net, 1, n_inputs=n_inputs, input_second_moment=input_second_moment)[0])
    chi = chi1(net.activation, sigmas.sigma_w2, sigmas.sigma_b2, q0=q0 if q0 > 0.0 else START_Q,
               **_activation_parameters(net))
    fields.update(predicted_chi1=chi, predicted_depth_scale=depth_scale_from_chi1(chi), prediction_applies=True,
                  reason="plain network at initialization: mean-field prediction for wide layers "
                  f"(at width {net.width} each layer scatters by about {100 * math.sqrt(2.0 / net.width):.0f} %)")
    return fields


# ---------------------------------------------------------------- the phase diagram

@dataclass(frozen=True)
class PhaseDiagram:
    """chi1 over a (sigma_w2, sigma_b2) grid for one activation, for a heatmap (arrays are read-only).

    Grids have shape (len(sigma_w2), len(sigma_b2)): axis 0 is sigma_w2 (x), axis 1 is sigma_b2 (y), which is
    pyqtgraph ImageItem's default (column-major) axis order. ``log10_chi1`` is log10 of chi1 per layer (0 on the
    edge of chaos, -1: the squared gradient norm shrinks 10x per layer); ``depth_scale`` is 1/|ln chi1| in layers
    (inf on the edge). ``critical_sigma_w2[j]`` is the sigma_w2 where chi1 crosses 1 at ``sigma_b2[j]`` (NaN
    where it does not within [1e-3, 1e4]): the chi1 = 1 curve. The variance iteration starts at q0 = START_Q.
    """

    activation: str
    sigma_w2: np.ndarray
    sigma_b2: np.ndarray
    log10_chi1: np.ndarray
    depth_scale: np.ndarray
    critical_sigma_w2: np.ndarray


class _Table:
    """V and D of one activation on a log-spaced q grid (q = START_Q is a grid point), for the phase diagram."""

    def __init__(self, activation: str, leaky_slope: float, prelu_alpha: float) -> None:
        count = 2 * _TABLE_DECADES * _TABLE_PER_DECADE + 1
        self.log_q = np.linspace(-_TABLE_DECADES * math.log(10.0), _TABLE_DECADES * math.log(10.0), count)
        self.q = np.exp(self.log_q)
        self.start = count // 2
        self.q[self.start] = START_Q
        self.step = float(self.log_q[1] - self.log_q[0])
        self.v = np.empty(count)
        self.d = np.empty(count)
        for decade in range(-_TABLE_DECADES, _TABLE_DECADES):  # each decade with the nodes its largest q needs
            part = slice((decade + _TABLE_DECADES) * _TABLE_PER_DECADE,
                         (decade + _TABLE_DECADES + 1) * _TABLE_PER_DECADE + 1)
            self.v[part], self.d[part] = _moments_quadrature(activation, self.q[part], leaky_slope, prelu_alpha)
        self.v0, self.d0, self.d_infinity = _limits(activation, leaky_slope, prelu_alpha)

    def d_at(self, q_star: np.ndarray) -> np.ndarray:
        """D(q*) by linear interpolation in log q; the limits at 0 and inf (and beyond the table's ends)."""
        d = np.interp(np.log(np.clip(q_star, self.q[0], self.q[-1])), self.log_q, self.d)
        d = np.where(q_star < self.q[0], self.d0, d)
        return np.where(q_star > self.q[-1], self.d_infinity, d)


class _Rows:
    """Where q goes from START_Q, for each sigma_b2 of a list and any sigma_w2 (the table's fixed-point search).

    q_k is a fixed point of (1) exactly when sigma_w2 = W_k = (q_k - sigma_b2) / V(q_k), and q rises at q_k when
    sigma_w2 > W_k. So from q0 = START_Q (table index k0), q rises to the first q_k above q0 with W_k >= sigma_w2
    (the first index where the running maximum of W above k0 reaches sigma_w2), or falls to the last q_k below q0
    with W_k <= sigma_w2 (running minimum going down); between two table points the crossing is interpolated.
    """

    def __init__(self, table: _Table, sigma_b2: np.ndarray) -> None:
        self.table = table
        k0 = table.start
        self.ratio = (table.q[None, :] - sigma_b2[:, None]) / table.v[None, :]  # W, shape (n_b, K)
        self.rising_max = np.maximum.accumulate(self.ratio[:, k0 + 1:], axis=1)
        self.falling_min = np.minimum.accumulate(self.ratio[:, k0 - 1::-1], axis=1)

    def chi1(self, sigma_w2: np.ndarray) -> np.ndarray:
        """chi1 at every (sigma_w2, row) pair: shape (len(sigma_w2), number of rows)."""
        k0, n_rows = self.table.start, len(self.ratio)
        rises = np.empty((len(sigma_w2), n_rows), dtype=np.intp)
        falls = np.empty_like(rises)
        for row in range(n_rows):
            rises[:, row] = np.searchsorted(self.rising_max[row], sigma_w2, side="left")
            falls[:, row] = np.searchsorted(-self.falling_min[row], -sigma_w2, side="left")
        rows = np.broadcast_to(np.arange(n_rows), rises.shape)
        w = np.broadcast_to(sigma_w2[:, None], rises.shape)
        return self._chi1(rows, w, self.ratio[rows, k0], rises, falls)

    def _chi1(self, rows: np.ndarray, sigma_w2: np.ndarray, w_start: np.ndarray, rises: np.ndarray,
              falls: np.ndarray) -> np.ndarray:
        table = self.table
        k0, last = table.start, len(table.q) - 1
        up = sigma_w2 > w_start
        # The crossing lies between table points left and left + 1.
        left = np.where(up, k0 + rises, k0 - 1 - falls)
        beyond = np.where(up, left >= last, left < 0)
        left = np.clip(left, 0, last - 1)
        w_left, w_right = self.ratio[rows, left], self.ratio[rows, left + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            fraction = np.clip((sigma_w2 - w_left) / (w_right - w_left), 0.0, 1.0)
        fraction = np.where(np.isfinite(fraction), fraction, 0.5)
        q_star = np.exp(table.log_q[left] + fraction * table.step)
        q_star = np.where(beyond, np.where(up, math.inf, 0.0), q_star)
        q_star = np.where(sigma_w2 == w_start, START_Q, q_star)
        return sigma_w2 * table.d_at(q_star)

    def critical(self) -> np.ndarray:
        """Per row, the sigma_w2 where chi1 reaches 1 (NaN if nowhere in [1e-3, 1e4]).

        The fixed points reachable from q0 are the table points where W sets a record (a new maximum going up from
        k0, a new minimum going down); in table order their W increase, and at each chi1 = W_k D(q_k). chi1
        reaches 1 between the first record with chi1 >= 1 and the record before it: by linear interpolation when
        they are neighbours in the table, at the earlier one's W when they are not (q* jumps there). Before the
        first record q* collapses to 0 (chi1 = sigma_w2 D(0)); after the last it runs off to inf (sigma_w2 D(inf)).
        """
        table, ratio = self.table, self.ratio
        k0, count = table.start, len(table.q)
        record = np.zeros(ratio.shape, dtype=bool)
        record[:, k0] = True
        record[:, k0 + 1:] = ratio[:, k0 + 1:] > np.concatenate((ratio[:, k0:k0 + 1], self.rising_max[:, :-1]), 1)
        record[:, k0 - 1::-1] = ratio[:, k0 - 1::-1] < np.concatenate((ratio[:, k0:k0 + 1],
                                                                      self.falling_min[:, :-1]), 1)
        chi = ratio * table.d[None, :]
        reached = record & (chi >= 1.0)
        first = np.argmax(reached, axis=1)
        rows = np.arange(len(ratio))
        last_record = np.maximum.accumulate(np.where(record, np.arange(count), -1), axis=1)
        previous = np.where(first > 0, last_record[rows, np.maximum(first - 1, 0)], -1)
        w_first, w_previous = ratio[rows, first], ratio[rows, np.maximum(previous, 0)]
        chi_first, chi_previous = chi[rows, first], chi[rows, np.maximum(previous, 0)]
        with np.errstate(divide="ignore", invalid="ignore"):
            between = w_previous + (1.0 - chi_previous) * (w_first - w_previous) / (chi_first - chi_previous)
            collapse = 1.0 / table.d0  # chi1 = sigma_w2 D(0) reaches 1 here, below the first record
            runaway = 1.0 / table.d_infinity if table.d_infinity > 0.0 else math.inf
        critical = np.where(first - previous == 1, between, w_previous)
        critical = np.where(previous < 0, np.minimum(collapse, w_first), critical)
        critical = np.where(reached.any(axis=1), critical, np.maximum(runaway, ratio[rows, last_record[:, -1]]))
        return np.where((critical >= 1e-3) & (critical <= 1e4), critical, math.nan)


@functools.lru_cache(maxsize=32)
def _table(activation: str, leaky_slope: float, prelu_alpha: float) -> _Table:
    return _Table(activation, leaky_slope, prelu_alpha)


def _chi1_grid(activation: str, sigma_w2: np.ndarray, sigma_b2: np.ndarray, leaky_slope: float,
               prelu_alpha: float) -> np.ndarray:
    """chi1 on the grid sigma_w2 x sigma_b2 (shape (len(sigma_w2), len(sigma_b2))), from q0 = START_Q."""
    s = _negative_slope(activation, leaky_slope, prelu_alpha)
    if s is not None:
        return np.repeat(sigma_w2[:, None] * 0.5 * (1.0 + s * s), len(sigma_b2), axis=1)
    return _Rows(_table(activation, leaky_slope, prelu_alpha), sigma_b2).chi1(sigma_w2)


def critical_sigma_w2(activation: str, sigma_b2_values: Any, *, leaky_slope: float = DEFAULT_LEAKY_SLOPE,
                      prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> np.ndarray:
    """The chi1 = 1 curve: for each sigma_b2, the sigma_w2 where chi1 reaches 1 (NaN if not in [1e-3, 1e4]).

    From q0 = START_Q, like the phase diagram, and as accurate (~1e-4 relative): the smallest sigma_w2 with
    chi1 >= 1 (ELU and GELU touch 1 again at sigma_w2 = 2, see the module docstring); where chi1 jumps over 1
    (bistable GELU at small sigma_b2) this is where it jumps. ReLU family: 2 / (1 + s^2) for every sigma_b2.
    Sigmoid's curve lies near sigma_w2 = 100: with usual inits sigmoid networks are deep in the ordered
    (vanishing) phase.
    """
    sigma_b2 = np.asarray(sigma_b2_values, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(sigma_b2) & (sigma_b2 >= 0.0)):
        raise ValueError("sigma_b2 values must be finite and >= 0")
    s = _negative_slope(activation, leaky_slope, prelu_alpha)
    if s is not None:
        return np.full(sigma_b2.shape, 2.0 / (1.0 + s * s))
    return _Rows(_table(activation, leaky_slope, prelu_alpha), sigma_b2).critical()


def phase_diagram(activation: str, sigma_w2_values: Any, sigma_b2_values: Any, *,
                  leaky_slope: float = DEFAULT_LEAKY_SLOPE,
                  prelu_alpha: float = DEFAULT_PRELU_ALPHA) -> PhaseDiagram:
    """log10 chi1 and the depth scale on the grid sigma_w2_values x sigma_b2_values, plus the chi1 = 1 curve.

    Grid values: sigma_w2 > 0, sigma_b2 >= 0, any order. The result is cached per (activation, grid), so the
    window can switch activations without recomputing; the first call for an activation builds a table of
    E[phi^2] and E[phi'^2] (~1000 values of q) and costs a few tens of milliseconds. Agrees with :func:`chi1` to
    about 1e-4 (linear interpolation in the table). See :class:`PhaseDiagram` for the layout.
    """
    w = tuple(float(x) for x in np.asarray(sigma_w2_values, dtype=np.float64).reshape(-1))
    b = tuple(float(x) for x in np.asarray(sigma_b2_values, dtype=np.float64).reshape(-1))
    if not w or not b:
        raise ValueError("phase_diagram needs at least one sigma_w2 and one sigma_b2 value")
    if not all(math.isfinite(x) and x > 0.0 for x in w) or not all(math.isfinite(x) and x >= 0.0 for x in b):
        raise ValueError("sigma_w2 values must be finite and > 0, sigma_b2 values finite and >= 0")
    return _phase_diagram(activation, w, b, float(leaky_slope), float(prelu_alpha))


@functools.lru_cache(maxsize=32)
def _phase_diagram(activation: str, w: tuple[float, ...], b: tuple[float, ...], leaky_slope: float,
                   prelu_alpha: float) -> PhaseDiagram:
    sigma_w2, sigma_b2 = np.array(w), np.array(b)
    chi = _chi1_grid(activation, sigma_w2, sigma_b2, leaky_slope, prelu_alpha)
    log10_chi1 = np.log10(chi)
    with np.errstate(divide="ignore"):
        depth = 1.0 / np.abs(np.log(chi))
    critical = critical_sigma_w2(activation, sigma_b2, leaky_slope=leaky_slope, prelu_alpha=prelu_alpha)
    arrays = (sigma_w2, sigma_b2, log10_chi1, depth, critical)
    for array in arrays:
        array.flags.writeable = False
    return PhaseDiagram(activation, *arrays)
