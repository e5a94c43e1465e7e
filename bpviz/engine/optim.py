"""Optimizers (SGD, momentum 0.9, Adam) and gradient clipping.

Optimizers keep their state per parameter *name*, so a parameter that appears mid-run (a BN layer switched on,
a PReLU alpha) starts with fresh state and one that disappears takes its state with it. L2 is part of the loss
(``Network.loss_and_grads(l2=...)``), so it reaches the optimizer through the gradients.
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


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """sqrt of the sum of squares of every gradient entry (inf/nan propagate)."""
    return math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))


@dataclass(frozen=True)
class ClipResult:
    norm_before: float
    norm_after: float
    clipped: bool


def clip_gradients(grads: dict[str, np.ndarray], mode: str, threshold: float) -> ClipResult:
    """Clip in place. ``norm``: rescale all gradients so the global norm is <= threshold (direction kept),
    exactly as ``torch.nn.utils.clip_grad_norm_``; ``value``: clamp each entry to [-threshold, threshold];
    ``off``: nothing. Clipping only shrinks: it cannot enlarge a vanishing gradient."""
    before = global_norm(grads)
    if mode == "off" or not math.isfinite(before):
        return ClipResult(before, before, False)
    if mode == "norm":
        coef = threshold / (before + CLIP_EPS)
        if coef >= 1.0:
            return ClipResult(before, before, False)
        for g in grads.values():
            g *= g.dtype.type(coef)
        return ClipResult(before, global_norm(grads), True)
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

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray],
             learning_rate: float) -> dict[str, np.ndarray]:
        self.steps += 1
        for gone in set(self.state) - set(params):
            del self.state[gone]
        updates: dict[str, np.ndarray] = {}
        for name, param in params.items():
            update = self._update(name, grads[name], learning_rate)
            param -= update
            updates[name] = update
        return updates

    @abstractmethod
    def _update(self, name: str, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        """The amount to subtract from parameter ``name`` this step."""


class SGD(Optimizer):
    name = "sgd"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        return grad * grad.dtype.type(learning_rate)


class Momentum(Optimizer):
    """Heavy-ball momentum as torch.optim.SGD(momentum=0.9): v = 0.9 v + g; p -= lr v."""

    name = "momentum"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float) -> np.ndarray:
        state = self.state.get(name)
        if state is None:
            velocity = grad.copy()
            self.state[name] = {"velocity": velocity}
        else:
            velocity = state["velocity"]
            velocity *= grad.dtype.type(MOMENTUM)
            velocity += grad
        return velocity * grad.dtype.type(learning_rate)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias correction; betas (0.9, 0.999), eps 1e-8, as torch.optim.Adam."""

    name = "adam"

    def _update(self, name: str, grad: np.ndarray, learning_rate: float) -> np.ndarray:
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
        m += dtype(1.0 - beta1) * grad
        v *= dtype(beta2)
        v += dtype(1.0 - beta2) * (grad * grad)
        step_size = learning_rate / (1.0 - beta1 ** t)
        denom = np.sqrt(v / dtype(1.0 - beta2 ** t))
        denom += dtype(ADAM_EPS)
        update = m / denom
        update *= dtype(step_size)
        return update


def make_optimizer(name: str) -> Optimizer:
    classes = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
    if name not in classes:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZER_NAMES)}")
    return classes[name]()
