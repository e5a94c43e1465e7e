"""The network of DESIGN.md §2 and §9, with its own forward and backward pass.

Hidden block i (width ``width``)::

    z = h @ W + b  ->  [BatchNorm | LayerNorm]  ->  a = act(z)  ->  h = h + s_i * a  (residual, i >= 1)  or  h = a

s_i is the residual branch scale: 1 (``none``), 1/sqrt(depth) (``sqrt_depth``) or the learnable ReZero scalar
``hidden.{i}.rezero.alpha`` (``rezero``, starting at 0).
Output: logits = h @ W_out + b_out; loss = mean softmax cross-entropy + 0.5 * l2 * sum ||W||^2.

Batch norm (as PyTorch's BatchNorm1d) normalizes each unit over the batch; layer norm (as PyTorch's LayerNorm over
the features) normalizes each example over its units: xhat = (z - mean) / sqrt(var + 1e-5) with the biased
variance, then gamma * xhat + beta; it has no running statistics and behaves the same in training and evaluation.

Batch norm on a batch of one example: PyTorch raises ("Expected more than 1 value per channel when training");
bpviz does not, because a student should be able to see why. The batch mean is the example itself, so z - mean
is exactly 0 and the batch variance is 0: x-hat = 0 / sqrt(0 + eps) = 0 and every BN layer outputs beta, whatever
the input. The backward pass gives exactly zero too: dL/dz = gamma/sqrt(eps) * (g - mean(g) - xhat * mean(g xhat))
with mean(g) = g and xhat = 0, so no gradient reaches the weights before a BN layer (only beta, and gamma with a
zero gradient, are left). The running variance's unbiased estimate is undefined for one value (0/0); bpviz uses
the batch variance, 0, so the running variance decays toward 0 and evaluation, which divides by
sqrt(running_var + eps), amplifies every unit up to ~300x. Both are what "batch norm needs a batch" means.

After :meth:`Network.loss_and_grads` the network keeps a :class:`Trace` of that step (activations, back-propagated
signal gradients dL/dh), which the telemetry reads. The trace lives in buffers that the network allocates once per
batch size and reuses: every training step writes the same memory (no allocation, no page faults on the hot path),
so a trace is valid until the next ``loss_and_grads``. The gradients it returns are fresh arrays, the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpviz.config import NORMALIZATIONS, RESIDUAL_SCALES, NetworkConfig
from bpviz.engine import activations
from bpviz.engine.init import init_weight

BN_EPS = 1e-5
BN_MOMENTUM = 0.1
LN_EPS = 1e-5
REZERO_INITIAL = 0.0


class _Block:
    """One hidden block's parameters and running statistics.

    ``gamma``/``beta`` belong to batch norm (with the running statistics) or to layer norm (without them),
    whichever the network uses; ``alpha`` is PReLU's slope and ``rezero`` the ReZero branch scale.
    """

    __slots__ = ("weight", "bias", "gamma", "beta", "alpha", "rezero", "running_mean", "running_var")

    def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
        self.weight = weight
        self.bias = bias
        self.gamma: np.ndarray | None = None
        self.beta: np.ndarray | None = None
        self.alpha: np.ndarray | None = None
        self.rezero: np.ndarray | None = None
        self.running_mean: np.ndarray | None = None
        self.running_var: np.ndarray | None = None


class _Buffers:
    """Per-layer arrays of one batch size, reused by every training step (see the module docstring)."""

    def __init__(self, depth: int, batch: int, width: int, residual: bool, normalization: str,
                 dtype: np.dtype) -> None:
        shape = (batch, width)
        self.key = (depth, batch, width, residual, normalization, dtype)
        self.z = [np.empty(shape, dtype) for _ in range(depth)]
        self.a = [np.empty(shape, dtype) for _ in range(depth)]
        # the block output h_i is a_i itself without a skip; with one it needs its own array
        self.h = [np.empty(shape, dtype) if residual and i >= 1 else self.a[i] for i in range(depth)]
        self.xhat = [np.empty(shape, dtype) for _ in range(depth)] if normalization != "none" else []
        self.inv_std: list[np.ndarray | None] = [None] * depth  # BN: (width,) per unit; LN: (batch, 1) per example
        self.signal = [np.empty(shape, dtype) for _ in range(depth)]  # dL/dh_i
        self.grad_z = np.empty(shape, dtype)   # scratch: dL/dz of the layer being back-propagated
        self.scratch = np.empty(shape, dtype)  # scratch for the norms' backward and PReLU's alpha gradient
        self.ones = np.ones(batch, dtype)      # ones @ x sums the batch through BLAS (faster than add.reduce)
        self.ones_width = np.ones(width, dtype) if normalization == "layer" else None  # x @ ones: per-example sums


@dataclass
class Trace:
    """What one training forward/backward pass saw, layer by layer (block outputs, input side first)."""

    pre_activations: list[np.ndarray] = field(default_factory=list)  # z_i after BN, before act
    activations: list[np.ndarray] = field(default_factory=list)      # a_i = act(z_i)
    outputs: list[np.ndarray] = field(default_factory=list)          # h_i (a_i, plus the skip if residual)
    signal_grads: list[np.ndarray] = field(default_factory=list)     # dL/dh_i
    # how the norm layer scaled each unit on this pass, or None: BN gamma / sqrt(batch var + eps), shape (width,);
    # LN gamma / sqrt(example var + eps), shape (batch, width)
    norm_scales: list[np.ndarray | None] = field(default_factory=list)
    branch_scales: list[float | None] = field(default_factory=list)  # s_i of h = h + s_i a, None without a skip
    probabilities: np.ndarray | None = None                          # softmax of the logits

    @property
    def bn_scales(self) -> list[np.ndarray | None]:
        """Batch norm's per-unit scales (the first round's name); None for layers without batch norm."""
        return [s if s is not None and s.ndim == 1 else None for s in self.norm_scales]


class Network:
    """A deep multilayer perceptron with optional batch or layer norm and (scaled) residual connections."""

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
        self.residual = False
        self.residual_scale = "none"
        self.normalization = "none"
        self.set_residual(config.residual, config.residual_scale)
        self.set_normalization(config.normalization)
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

    @property
    def batchnorm(self) -> bool:
        """Whether the blocks use batch norm (``normalization == "batch"``)."""
        return self.normalization == "batch"

    def parameters(self) -> dict[str, np.ndarray]:
        """Name -> live parameter array, in forward order (DESIGN.md §2 and §9)."""
        params: dict[str, np.ndarray] = {}
        norm = {"batch": "bn", "layer": "ln"}.get(self.normalization)
        for i, block in enumerate(self._blocks):
            params[f"hidden.{i}.weight"] = block.weight
            params[f"hidden.{i}.bias"] = block.bias
            if block.gamma is not None:
                params[f"hidden.{i}.{norm}.gamma"] = block.gamma
                params[f"hidden.{i}.{norm}.beta"] = block.beta
            if block.alpha is not None:
                params[f"hidden.{i}.prelu.alpha"] = block.alpha
            if block.rezero is not None:
                params[f"hidden.{i}.rezero.alpha"] = block.rezero
        params["output.weight"] = self.output_weight
        params["output.bias"] = self.output_bias
        return params

    def hidden_weights(self) -> list[np.ndarray]:
        return [block.weight for block in self._blocks]

    def batchnorm_scale(self, layer: int) -> np.ndarray | None:
        """gamma / sqrt(running_var + eps) of a BN layer (None without BN): how BN rescales a unit at eval."""
        block = self._blocks[layer]
        if block.running_var is None:
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

    def branch_scale(self, layer: int) -> float | None:
        """s_i in h = h + s_i * a for block ``layer``, or None when the block has no skip (block 0, no residual)."""
        if not self.residual or layer == 0:
            return None
        if self.residual_scale == "none":
            return 1.0
        if self.residual_scale == "sqrt_depth":
            return 1.0 / float(np.sqrt(self.depth))
        return float(self._blocks[layer].rezero)

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

    def set_residual(self, on: bool, scale: str | None = None) -> None:
        """Switch the skips (and optionally their branch scale, see :meth:`set_residual_scale`) in place."""
        self.residual = bool(on)
        self.set_residual_scale(self.residual_scale if scale is None else scale)

    def set_residual_scale(self, scale: str) -> None:
        """Change how a residual block adds its branch, in place, keeping every weight.

        Switching to ``rezero`` gives each block i >= 1 a fresh alpha = 0 (also when a residual network with
        ReZero is switched on): ReZero's definition, and the rule every live change follows (a parameter that
        appears starts at its initial value, like a new BN layer's gamma = 1). So at that step every block's
        branch is switched off and the network computes what block 0 and the output layer compute: the loss
        jumps, and recovers as the alphas grow, fast, because the branches' trained weights were kept (the
        Event's label says alpha = 0, so a student can tell why). Leaving ``rezero``, or turning the skips off,
        drops the alphas; coming back starts them at 0 again.
        """
        if scale not in RESIDUAL_SCALES:
            raise ValueError(f"unknown residual scale {scale!r}; choose one of {', '.join(RESIDUAL_SCALES)}")
        self.residual_scale = scale
        learnable = self.residual and scale == "rezero"
        for i, block in enumerate(self._blocks):
            if learnable and i >= 1:
                if block.rezero is None:
                    block.rezero = np.array(REZERO_INITIAL, dtype=self.dtype)
            else:
                block.rezero = None

    def set_batchnorm(self, on: bool) -> None:
        """Switch BN in place (off leaves layer norm alone); see :meth:`set_normalization`."""
        if on:
            self.set_normalization("batch")
        elif self.normalization == "batch":
            self.set_normalization("none")

    def set_normalization(self, name: str) -> None:
        """Switch the norm layers in place; a norm layer that appears starts at gamma = 1, beta = 0 (and BN's
        running mean 0, variance 1). Switching between batch and layer norm starts the new one afresh."""
        if name not in NORMALIZATIONS:
            raise ValueError(f"unknown normalization {name!r}; choose one of {', '.join(NORMALIZATIONS)}")
        if name == self.normalization:
            return
        self.normalization = name
        width = self.config.width
        for block in self._blocks:
            block.gamma = block.beta = block.running_mean = block.running_var = None
            if name != "none":
                block.gamma = np.ones(width, dtype=self.dtype)
                block.beta = np.zeros(width, dtype=self.dtype)
            if name == "batch":
                block.running_mean = np.zeros(width, dtype=self.dtype)
                block.running_var = np.ones(width, dtype=self.dtype)

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
        normalization = self.normalization
        dtype = self.dtype.type
        default_alpha = dtype(activations.DEFAULT_PRELU_ALPHA)
        for i, block in enumerate(self._blocks):
            if buffers is None:
                z = h @ block.weight
            else:
                z = np.matmul(h, block.weight, out=buffers.z[i])
            z += block.bias
            if normalization == "batch":
                self._batchnorm_forward(block, z, train, update_stats, buffers, i)
            elif normalization == "layer":
                self._layernorm_forward(block, z, buffers, i)
            a = activations.forward(act, z, slope, default_alpha if block.alpha is None else block.alpha,
                                    out=None if buffers is None else buffers.a[i])
            scale = self.branch_scale(i)
            if scale is None:
                h = a
            elif scale == 1.0:
                h = np.add(h, a, out=None if buffers is None else buffers.h[i])
            else:
                scaled = np.multiply(a, dtype(scale), out=None if buffers is None else buffers.h[i])
                scaled += h
                h = scaled
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
            if update_stats:  # one example: the unbiased variance is 0/0; use the batch variance, 0 (module doc)
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

    def _layernorm_forward(self, block: _Block, z: np.ndarray, buffers: _Buffers | None, layer: int) -> None:
        """Normalize each row of z in place over its units (as torch.nn.LayerNorm(width)): z <- gamma * xhat + beta."""
        dtype = self.dtype.type
        width = z.shape[1]
        row_sum = z.sum(axis=1, keepdims=True) if buffers is None else (z @ buffers.ones_width)[:, None]
        row_sum *= dtype(1.0 / width)
        z -= row_sum
        var = np.einsum("ij,ij->i", z, z)[:, None]
        var *= dtype(1.0 / width)
        var += dtype(LN_EPS)
        inv_std = np.sqrt(var)
        np.reciprocal(inv_std, out=inv_std)
        z *= inv_std
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
        key = (self.depth, batch, self.width, self.residual, self.normalization, self.dtype)
        if self._buffers is None or self._buffers.key != key:
            self._buffers = None  # let the old ones go before allocating the new ones
            self._buffers = _Buffers(self.depth, batch, self.width, self.residual, self.normalization, self.dtype)
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
        normalization = self.normalization
        grad_z = buffers.grad_z
        scratch = buffers.scratch
        default_alpha = dtype(activations.DEFAULT_PRELU_ALPHA)
        branch_scales = [self.branch_scale(i) for i in range(depth)]
        block_grads: list[tuple] = [None] * depth  # type: ignore[list-item]
        for i in range(depth - 1, -1, -1):
            block = self._blocks[i]
            grad_h = signal[i]
            z = buffers.z[i]
            scale = branch_scales[i]
            activations.derivative(act, z, buffers.a[i], slope,
                                   default_alpha if block.alpha is None else block.alpha, out=grad_z)
            grad_z *= grad_h
            rezero_grad = None
            if block.rezero is not None:  # h = h + alpha a: dL/dalpha = <dL/dh, a>
                rezero_grad = np.array(np.vdot(grad_h, buffers.a[i]), dtype=self.dtype)
            alpha_grad = None
            if block.alpha is not None:  # da/dalpha = min(z, 0)
                np.minimum(z, dtype(0.0), out=scratch)
                alpha_grad = np.array(np.vdot(grad_h, scratch), dtype=self.dtype)
                if scale is not None and scale != 1.0:
                    alpha_grad *= dtype(scale)
            if scale is not None and scale != 1.0:  # dL/da = s dL/dh
                grad_z *= dtype(scale)
            gamma_grad = beta_grad = None
            if normalization == "batch":
                xhat = buffers.xhat[i]
                gamma_grad = np.einsum("ij,ij->j", grad_z, xhat)
                beta_grad = buffers.ones @ grad_z
                # dL/dz_lin = gamma * inv_std / B * (B * g - sum(g) - xhat * sum(g * xhat)), g = dL/dz
                grad_z -= beta_grad * dtype(1.0 / batch)
                np.multiply(xhat, gamma_grad * dtype(1.0 / batch), out=scratch)
                grad_z -= scratch
                grad_z *= block.gamma * buffers.inv_std[i]
            elif normalization == "layer":
                xhat = buffers.xhat[i]
                gamma_grad = np.einsum("ij,ij->j", grad_z, xhat)
                beta_grad = buffers.ones @ grad_z
                # per row, with g = gamma * dL/dz over the W units:
                # dL/dz_lin = inv_std * (g - mean(g) - xhat * mean(g * xhat))
                grad_z *= block.gamma
                row_mean = grad_z @ buffers.ones_width
                row_mean *= dtype(1.0 / self.width)
                row_dot = np.einsum("ij,ij->i", grad_z, xhat)
                row_dot *= dtype(1.0 / self.width)
                grad_z -= row_mean[:, None]
                np.multiply(xhat, row_dot[:, None], out=scratch)
                grad_z -= scratch
                grad_z *= buffers.inv_std[i]
            h_in = X if i == 0 else buffers.h[i - 1]
            weight_grad = h_in.T @ grad_z
            if l2:
                weight_grad += dtype(l2) * block.weight
            bias_grad = buffers.ones @ grad_z
            block_grads[i] = (weight_grad, bias_grad, gamma_grad, beta_grad, alpha_grad, rezero_grad)
            if i > 0:
                upstream = np.matmul(grad_z, block.weight.T, out=signal[i - 1])
                if scale is not None:
                    upstream += grad_h

        grads: dict[str, np.ndarray] = {}
        norm = {"batch": "bn", "layer": "ln"}.get(normalization)
        for i, (weight_grad, bias_grad, gamma_grad, beta_grad, alpha_grad, rezero_grad) in enumerate(block_grads):
            grads[f"hidden.{i}.weight"] = weight_grad
            grads[f"hidden.{i}.bias"] = bias_grad
            if gamma_grad is not None:
                grads[f"hidden.{i}.{norm}.gamma"] = gamma_grad
                grads[f"hidden.{i}.{norm}.beta"] = beta_grad
            if alpha_grad is not None:
                grads[f"hidden.{i}.prelu.alpha"] = alpha_grad
            if rezero_grad is not None:
                grads[f"hidden.{i}.rezero.alpha"] = rezero_grad
        grads["output.weight"] = out_w_grad
        grads["output.bias"] = out_b_grad

        trace.pre_activations = buffers.z
        trace.activations = buffers.a
        trace.outputs = buffers.h
        trace.signal_grads = signal
        trace.norm_scales = [None if block.gamma is None else block.gamma * buffers.inv_std[i]
                             for i, block in enumerate(self._blocks)]
        trace.branch_scales = branch_scales
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
