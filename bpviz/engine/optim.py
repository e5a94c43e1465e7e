"""Optimizers (SGD, momentum 0.9, Adam) and gradient clipping.

Optimizers keep their state per parameter *name*, so a parameter that appears mid-run (a BN layer switched on,
a PReLU alpha) starts with fresh state and one that disappears takes its state with it. L2 is part of the loss
(``Network.loss_and_grads(l2=...)``), so it reaches the optimizer through the gradients.

Each optimizer writes the step it takes into an update array of its own per parameter (allocated once, reused
every step) and subtracts it in place: no temporaries on the hot path. ``step`` returns those arrays so the
telemetry can measure the update:data ratio; they are valid until the next ``step``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

OPTIMIZER_NAMES = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
CLIP_EPS = 1e-6  # as torch.nn.utils.clip_grad_norm_


TINY_SQUARE = 1e-280  # below this a sum of float64 squares may have lost entries to underflow (1e-162^2 -> 0)


def norm(array: np.ndarray) -> float:
    """The Euclidean norm of all entries, in float64, one BLAS dot product in the usual case.

    float32 entries are squared in float64 (a float32 square of 1e-30 underflows, of 1e20 overflows). Tiny
    float64 entries are rescaled first, so a gradient of 1e-200 shows as 1e-200, not 0. A square that overflows
    gives inf: values beyond ~1e154 count as diverged. NaN and inf propagate.
    """
    flat = array.reshape(-1)
    if flat.dtype != np.float64:
        flat = flat.astype(np.float64)
    square = float(np.dot(flat, flat))
    if square >= TINY_SQUARE or math.isnan(square) or not flat.size:
        return math.sqrt(square)
    scale = max(float(np.max(flat)), -float(np.min(flat)))
    if scale == 0.0:
        return 0.0
    scaled = flat / scale
    return scale * math.sqrt(float(np.dot(scaled, scaled)))


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """The norm of every gradient entry together (inf/nan propagate)."""
    return math.hypot(*(norm(g) for g in grads.values()))


@dataclass(frozen=True)
class ClipResult:
    norm_before: float
    norm_after: float
    clipped: bool
    scale: float = 1.0  # what norm clipping multiplied every gradient by (1.0 when it did nothing)


def clip_gradients(grads: dict[str, np.ndarray], mode: str, threshold: float,
                   norm_before: float | None = None) -> ClipResult:
    """Clip in place. ``norm``: rescale all gradients so the global norm is <= threshold (direction kept),
    exactly as ``torch.nn.utils.clip_grad_norm_``; ``value``: clamp each entry to [-threshold, threshold];
    ``off``: nothing. Clipping only shrinks: it cannot enlarge a vanishing gradient.

    ``norm_before`` is the global norm if the caller already knows it (the trainer does), to save a pass.
    """
    before = global_norm(grads) if norm_before is None else norm_before
    if mode == "off" or not math.isfinite(before):
        if mode not in ("off", "norm", "value"):
            raise ValueError(f"unknown clip mode {mode!r}; choose off, norm or value")
        return ClipResult(before, before, False)
    if mode == "norm":
        coef = threshold / (before + CLIP_EPS)
        if coef >= 1.0:
            return ClipResult(before, before, False)
        for g in grads.values():
            g *= g.dtype.type(coef)
        return ClipResult(before, before * coef, True, coef)
    if mode == "value":
        clipped = False
        for g in grads.values():
            if g.size and float(np.max(np.abs(g))) > threshold:
                clipped = True
                np.clip(g, -threshold, threshold, out=g)
        return ClipResult(before, global_norm(grads) if clipped else before, clipped)
    raise ValueError(f"unknown clip mode {mode!r}; choose off, norm or value")


class Optimizer(ABC):
    """Base: ``step(params, grads, lr)`` updates params in place and returns the update applied to each."""

    name = "base"

    def __init__(self) -> None:
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.steps = 0
        self._updates: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray],
             learning_rate: float) -> dict[str, np.ndarray]:
        self.steps += 1
        if len(self._updates) != len(params) or any(name not in params for name in self._updates):
            for gone in set(self.state) - set(params):
                del self.state[gone]
            for gone in set(self._updates) - set(params):
                del self._updates[gone]
        updates = self._updates
        for name, param in params.items():
            update = updates.get(name)
            if update is None or update.shape != param.shape or update.dtype != param.dtype:
                update = updates[name] = np.empty_like(param)
            self._update(name, grads[name], learning_rate, update)
            param -= update
        return updates

    @abstractmethod
    def _update(self, name: str, grad: np.ndarray, learning_rate: float, out: np.ndarray) -> None:
        """Write the amount to subtract from parameter ``name`` this step into ``out``."""


class SGD(Optimizer):
    name = "sgd"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float, out: np.ndarray) -> None:
        np.multiply(grad, grad.dtype.type(learning_rate), out=out)


class Momentum(Optimizer):
    """Heavy-ball momentum as torch.optim.SGD(momentum=0.9): v = 0.9 v + g; p -= lr v."""

    name = "momentum"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float, out: np.ndarray) -> None:
        state = self.state.get(name)
        if state is None:
            velocity = grad.copy()
            self.state[name] = {"velocity": velocity}
        else:
            velocity = state["velocity"]
            velocity *= grad.dtype.type(MOMENTUM)
            velocity += grad
        np.multiply(velocity, grad.dtype.type(learning_rate), out=out)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias correction; betas (0.9, 0.999), eps 1e-8, as torch.optim.Adam."""

    name = "adam"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float, out: np.ndarray) -> None:
        dtype = grad.dtype.type
        beta1, beta2 = ADAM_BETAS
        state = self.state.get(name)
        if state is None:
            state = {"m": np.zeros_like(grad), "v": np.zeros_like(grad), "t": np.zeros((), dtype=np.int64)}
            self.state[name] = state
        state["t"] += 1
        t = int(state["t"])
        m, v = state["m"], state["v"]
        m *= dtype(beta1)
        np.multiply(grad, dtype(1.0 - beta1), out=out)
        m += out
        v *= dtype(beta2)
        np.multiply(grad, grad, out=out)
        out *= dtype(1.0 - beta2)
        v += out
        # lr * m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)
        np.sqrt(v, out=out)
        out *= dtype(1.0 / math.sqrt(1.0 - beta2 ** t))
        out += dtype(ADAM_EPS)
        np.divide(m, out, out=out)
        out *= dtype(learning_rate / (1.0 - beta1 ** t))


def make_optimizer(name: str) -> Optimizer:
    classes = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
    if name not in classes:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZER_NAMES)}")
    return classes[name]()
