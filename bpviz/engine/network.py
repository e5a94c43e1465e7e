"""The network of DESIGN.md §2, with its own forward and backward pass.

Hidden block i (width ``width``):  z = h @ W + b  ->  [BatchNorm]  ->  a = act(z)  ->  h = h + a (residual, i >= 1) or a.
Output: logits = h @ W_out + b_out; loss = mean softmax cross-entropy + 0.5 * l2 * sum ||W||^2.

After :meth:`Network.loss_and_grads` the network keeps a :class:`Trace` of that step (activations, back-propagated
signal gradients dL/dh), which the telemetry reads. The trace lives in buffers that the network allocates once per
batch size and reuses: every training step writes the same memory (no allocation, no page faults on the hot path),
so a trace is valid until the next ``loss_and_grads``. The gradients it returns are fresh arrays, the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpviz.config import NetworkConfig
from bpviz.engine import activations
from bpviz.engine.init import init_weight

BN_EPS = 1e-5
BN_MOMENTUM = 0.1


class _Block:
    """One hidden block's parameters and running statistics."""

    __slots__ = ("weight", "bias", "gamma", "beta", "alpha", "running_mean", "running_var")

    def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
        self.weight = weight
        self.bias = bias
        self.gamma: np.ndarray | None = None
        self.beta: np.ndarray | None = None
        self.alpha: np.ndarray | None = None
        self.running_mean: np.ndarray | None = None
        self.running_var: np.ndarray | None = None


class _Buffers:
    """Per-layer arrays of one batch size, reused by every training step (see the module docstring)."""

    def __init__(self, depth: int, batch: int, width: int, residual: bool, batchnorm: bool, dtype: np.dtype) -> None:
        shape = (batch, width)
        self.key = (depth, batch, width, residual, batchnorm, dtype)
        self.z = [np.empty(shape, dtype) for _ in range(depth)]
        self.a = [np.empty(shape, dtype) for _ in range(depth)]
        # the block output h_i is a_i itself without a skip; with one it needs its own array
        self.h = [np.empty(shape, dtype) if residual and i >= 1 else self.a[i] for i in range(depth)]
        self.xhat = [np.empty(shape, dtype) for _ in range(depth)] if batchnorm else []
        self.inv_std: list[np.ndarray | None] = [None] * depth
        self.signal = [np.empty(shape, dtype) for _ in range(depth)]  # dL/dh_i
        self.grad_z = np.empty(shape, dtype)   # scratch: dL/dz of the layer being back-propagated
        self.scratch = np.empty(shape, dtype)  # scratch for BN's backward and PReLU's alpha gradient
        self.ones = np.ones(batch, dtype)      # ones @ x sums the batch through BLAS (faster than add.reduce)


@dataclass
class Trace:
    """What one training forward/backward pass saw, layer by layer (block outputs, input side first)."""

    pre_activations: list[np.ndarray] = field(default_factory=list)  # z_i after BN, before act
    activations: list[np.ndarray] = field(default_factory=list)      # a_i = act(z_i)
    outputs: list[np.ndarray] = field(default_factory=list)          # h_i (a_i, plus the skip if residual)
    signal_grads: list[np.ndarray] = field(default_factory=list)     # dL/dh_i
    bn_scales: list[np.ndarray | None] = field(default_factory=list)  # gamma / sqrt(batch var + eps), or None
    probabilities: np.ndarray | None = None                          # softmax of the logits


class Network:
    """A deep multilayer perceptron with optional batch norm and residual connections."""

    def __init__(self, config: NetworkConfig, n_inputs: int, n_classes: int, seed: int = 0,
                 dtype: np.dtype | type | str = np.float64) -> None:
        self.config = config
        self.n_inputs = int(n_inputs)
        self.n_classes = int(n_classes)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
            raise ValueError(f"dtype must be float64 or float32, got {self.dtype}")
        rng = np.random.default_rng(seed)
        self._blocks: list[_Block] = []
        fan_in = self.n_inputs
        for _ in range(config.depth):
            weight = init_weight(config.init, fan_in, config.width, rng, config.init_gain, self.dtype)
            self._blocks.append(_Block(weight, np.zeros(config.width, dtype=self.dtype)))
            fan_in = config.width
        self.output_weight = init_weight(config.init, fan_in, self.n_classes, rng, config.init_gain, self.dtype)
        self.output_bias = np.zeros(self.n_classes, dtype=self.dtype)
        if config.bias_init_std > 0.0:  # drawn after every weight, so a seed gives the same weights as with 0
            for bias in [block.bias for block in self._blocks] + [self.output_bias]:
                bias[...] = rng.normal(0.0, config.bias_init_std, size=bias.shape)
        self.activation = config.activation
        self.leaky_slope = config.leaky_slope
        self.residual = config.residual
        self.batchnorm = False
        self.set_batchnorm(config.batchnorm)
        self.set_activation(config.activation)
        self.trace = Trace()
        self._buffers: _Buffers | None = None

    # ------------------------------------------------------------------ structure

    @property
    def depth(self) -> int:
        return len(self._blocks)

    @property
    def width(self) -> int:
        return self.config.width

    def parameters(self) -> dict[str, np.ndarray]:
        """Name -> live parameter array, in forward order (DESIGN.md §2)."""
        params: dict[str, np.ndarray] = {}
        for i, block in enumerate(self._blocks):
            params[f"hidden.{i}.weight"] = block.weight
            params[f"hidden.{i}.bias"] = block.bias
            if block.gamma is not None:
                params[f"hidden.{i}.bn.gamma"] = block.gamma
                params[f"hidden.{i}.bn.beta"] = block.beta
            if block.alpha is not None:
                params[f"hidden.{i}.prelu.alpha"] = block.alpha
        params["output.weight"] = self.output_weight
        params["output.bias"] = self.output_bias
        return params

    def hidden_weights(self) -> list[np.ndarray]:
        return [block.weight for block in self._blocks]

    def batchnorm_scale(self, layer: int) -> np.ndarray | None:
        """gamma / sqrt(running_var + eps) of a BN layer (None without BN): how BN rescales a unit at eval."""
        block = self._blocks[layer]
        if block.gamma is None:
            return None
        return block.gamma / np.sqrt(block.running_var + self.dtype.type(BN_EPS))

    def running_statistics(self, layer: int) -> tuple[np.ndarray, np.ndarray] | None:
        """BN's running (mean, unbiased variance) of a layer, as used in evaluation mode (None without BN)."""
        block = self._blocks[layer]
        if block.running_mean is None:
            return None
        return block.running_mean, block.running_var

    def prelu_alpha(self, layer: int) -> float | None:
        block = self._blocks[layer]
        return None if block.alpha is None else float(block.alpha)

    def set_activation(self, name: str, leaky_slope: float | None = None) -> None:
        """Change the activation in place; a PReLU that appears starts at alpha = 0.25."""
        if name not in activations.SATURATING | activations.RELU_FAMILY:
            raise ValueError(f"unknown activation {name!r}")
        self.activation = name
        if leaky_slope is not None:
            self.leaky_slope = float(leaky_slope)
        for block in self._blocks:
            if name == "prelu":
                if block.alpha is None:
                    block.alpha = np.array(activations.DEFAULT_PRELU_ALPHA, dtype=self.dtype)
            else:
                block.alpha = None

    def set_residual(self, on: bool) -> None:
        self.residual = bool(on)

    def set_batchnorm(self, on: bool) -> None:
        """Switch BN in place; a BN layer that appears starts at gamma = 1, beta = 0, running mean 0, var 1."""
        self.batchnorm = bool(on)
        width = self.config.width
        for block in self._blocks:
            if on and block.gamma is None:
                block.gamma = np.ones(width, dtype=self.dtype)
                block.beta = np.zeros(width, dtype=self.dtype)
                block.running_mean = np.zeros(width, dtype=self.dtype)
                block.running_var = np.ones(width, dtype=self.dtype)
            elif not on:
                block.gamma = block.beta = block.running_mean = block.running_var = None

    # ------------------------------------------------------------------ forward

    def forward(self, X: np.ndarray, train: bool = False) -> np.ndarray:
        """Logits for X. ``train=True`` uses batch statistics (and updates BN's running estimates)."""
        h = self._forward_hidden(np.asarray(X, dtype=self.dtype), train=train, buffers=None, update_stats=train)
        logits = h @ self.output_weight
        logits += self.output_bias
        return logits

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities in evaluation mode."""
        return _softmax(self.forward(X, train=False))

    def _forward_hidden(self, h: np.ndarray, train: bool, buffers: _Buffers | None,
                        update_stats: bool) -> np.ndarray:
        """The hidden blocks. With ``buffers`` every array lands there (the trace); without, in fresh arrays."""
        act = self.activation
        slope = self.leaky_slope
        residual = self.residual
        default_alpha = self.dtype.type(activations.DEFAULT_PRELU_ALPHA)
        for i, block in enumerate(self._blocks):
            if buffers is None:
                z = h @ block.weight
            else:
                z = np.matmul(h, block.weight, out=buffers.z[i])
            z += block.bias
            if block.gamma is not None:
                self._batchnorm_forward(block, z, train, update_stats, buffers, i)
            a = activations.forward(act, z, slope, default_alpha if block.alpha is None else block.alpha,
                                    out=None if buffers is None else buffers.a[i])
            if residual and i >= 1:
                h = np.add(h, a, out=None if buffers is None else buffers.h[i])
            else:
                h = a
        return h

    def _batchnorm_forward(self, block: _Block, z: np.ndarray, train: bool, update_stats: bool,
                           buffers: _Buffers | None, layer: int) -> None:
        """Normalize z in place: z <- gamma * xhat + beta (x-hat kept in the buffers for backward)."""
        dtype = self.dtype.type
        if train:
            batch = z.shape[0]
            mean = np.add.reduce(z, axis=0) if buffers is None else buffers.ones @ z
            mean *= dtype(1.0 / batch)
            z -= mean
            var = np.einsum("ij,ij->j", z, z)
            var *= dtype(1.0 / batch)
            if update_stats:
                unbiased = var * dtype(batch / max(batch - 1, 1))
                block.running_mean *= dtype(1.0 - BN_MOMENTUM)
                block.running_mean += dtype(BN_MOMENTUM) * mean
                block.running_var *= dtype(1.0 - BN_MOMENTUM)
                block.running_var += dtype(BN_MOMENTUM) * unbiased
            var += dtype(BN_EPS)
        else:
            z -= block.running_mean
            var = block.running_var + dtype(BN_EPS)
        inv_std = np.sqrt(var)
        np.reciprocal(inv_std, out=inv_std)
        z *= inv_std  # z is now x-hat
        if buffers is not None:
            np.copyto(buffers.xhat[layer], z)
            buffers.inv_std[layer] = inv_std
        z *= block.gamma
        z += block.beta

    # ------------------------------------------------------------------ loss and backward

    def loss(self, X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> float:
        """The training-mode loss, without touching running statistics or the trace (for finite differences)."""
        X = np.asarray(X, dtype=self.dtype)
        h = self._forward_hidden(X, train=True, buffers=None, update_stats=False)
        logits = h @ self.output_weight + self.output_bias
        data_loss, _ = _cross_entropy(logits, np.asarray(y))
        return float(data_loss + self._l2_penalty(l2))

    def _l2_penalty(self, l2: float) -> float:
        if l2 == 0.0:
            return 0.0
        total = sum(float(np.vdot(w, w)) for w in self.hidden_weights())
        total += float(np.vdot(self.output_weight, self.output_weight))
        return 0.5 * l2 * total

    def _buffers_for(self, batch: int) -> _Buffers:
        key = (self.depth, batch, self.width, self.residual, self.batchnorm, self.dtype)
        if self._buffers is None or self._buffers.key != key:
            self._buffers = None  # let the old ones go before allocating the new ones
            self._buffers = _Buffers(self.depth, batch, self.width, self.residual, self.batchnorm, self.dtype)
        return self._buffers

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray, l2: float = 0.0,
                       update_stats: bool = True) -> tuple[float, dict[str, np.ndarray]]:
        """Training-mode loss and the gradient of every parameter (same keys as :meth:`parameters`).

        Parameters are left unchanged (BN running estimates advance, as in PyTorch's train mode, unless
        ``update_stats`` is False). The step's activations and dL/dh per layer are kept in :attr:`trace`.
        """
        X = np.asarray(X, dtype=self.dtype)
        y = np.asarray(y)
        dtype = self.dtype.type
        batch = X.shape[0]
        buffers = self._buffers_for(batch)
        h = self._forward_hidden(X, train=True, buffers=buffers, update_stats=update_stats)
        logits = h @ self.output_weight
        logits += self.output_bias
        data_loss, probs = _cross_entropy(logits, y)
        loss = float(data_loss + self._l2_penalty(l2)) if l2 else data_loss
        trace = Trace(probabilities=probs.copy())

        grad_logits = probs  # overwritten into dL/dlogits
        grad_logits[np.arange(batch), y] -= dtype(1.0)
        grad_logits *= dtype(1.0 / batch)

        out_w_grad = h.T @ grad_logits
        if l2:
            out_w_grad += dtype(l2) * self.output_weight
        out_b_grad = np.add.reduce(grad_logits, axis=0)
        depth = self.depth
        signal = buffers.signal
        np.matmul(grad_logits, self.output_weight.T, out=signal[depth - 1])

        act = self.activation
        slope = self.leaky_slope
        residual = self.residual
        grad_z = buffers.grad_z
        scratch = buffers.scratch
        default_alpha = dtype(activations.DEFAULT_PRELU_ALPHA)
        block_grads: list[tuple] = [None] * depth  # type: ignore[list-item]
        for i in range(depth - 1, -1, -1):
            block = self._blocks[i]
            grad_h = signal[i]
            z = buffers.z[i]
            activations.derivative(act, z, buffers.a[i], slope,
                                   default_alpha if block.alpha is None else block.alpha, out=grad_z)
            grad_z *= grad_h
            alpha_grad = None
            if block.alpha is not None:  # da/dalpha = min(z, 0)
                np.minimum(z, dtype(0.0), out=scratch)
                alpha_grad = np.array(np.vdot(grad_h, scratch), dtype=self.dtype)
            gamma_grad = beta_grad = None
            if block.gamma is not None:
                xhat = buffers.xhat[i]
                gamma_grad = np.einsum("ij,ij->j", grad_z, xhat)
                beta_grad = buffers.ones @ grad_z
                # dL/dz_lin = gamma * inv_std / B * (B * g - sum(g) - xhat * sum(g * xhat)), g = dL/dz
                grad_z -= beta_grad * dtype(1.0 / batch)
                np.multiply(xhat, gamma_grad * dtype(1.0 / batch), out=scratch)
                grad_z -= scratch
                grad_z *= block.gamma * buffers.inv_std[i]
            h_in = X if i == 0 else buffers.h[i - 1]
            weight_grad = h_in.T @ grad_z
            if l2:
                weight_grad += dtype(l2) * block.weight
            bias_grad = buffers.ones @ grad_z
            block_grads[i] = (weight_grad, bias_grad, gamma_grad, beta_grad, alpha_grad)
            if i > 0:
                upstream = np.matmul(grad_z, block.weight.T, out=signal[i - 1])
                if residual:
                    upstream += grad_h

        grads: dict[str, np.ndarray] = {}
        for i, (weight_grad, bias_grad, gamma_grad, beta_grad, alpha_grad) in enumerate(block_grads):
            grads[f"hidden.{i}.weight"] = weight_grad
            grads[f"hidden.{i}.bias"] = bias_grad
            if gamma_grad is not None:
                grads[f"hidden.{i}.bn.gamma"] = gamma_grad
                grads[f"hidden.{i}.bn.beta"] = beta_grad
            if alpha_grad is not None:
                grads[f"hidden.{i}.prelu.alpha"] = alpha_grad
        grads["output.weight"] = out_w_grad
        grads["output.bias"] = out_b_grad

        trace.pre_activations = buffers.z
        trace.activations = buffers.a
        trace.outputs = buffers.h
        trace.signal_grads = signal
        trace.bn_scales = [None if block.gamma is None else block.gamma * buffers.inv_std[i]
                           for i, block in enumerate(self._blocks)]
        self.trace = trace
        return loss, grads


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


def _cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy via log-sum-exp, and the softmax probabilities."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=1, keepdims=True)
    log_sum_exp = np.log(sum_exp)
    rows = np.arange(logits.shape[0])
    loss = float(np.mean(log_sum_exp[:, 0] - shifted[rows, y]))
    exp /= sum_exp
    return loss, exp
