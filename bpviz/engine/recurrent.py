"""A one-layer recurrent network with its own backpropagation through time (issue 12; DESIGN.md §9).

The cells follow PyTorch's ``torch.nn.RNN`` / ``LSTM`` / ``GRU`` (one layer, ``batch_first=True``) exactly: the same
equations, gate order and parameter shapes, so the same weights give the same numbers. With x_t the input at step
t, h_0 = c_0 = 0, and ``W_ih`` / ``W_hh`` / ``b_ih`` / ``b_hh`` split into G blocks of H rows in the order given:

``rnn_tanh``, ``rnn_relu`` (G = 1)   h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
``lstm`` (G = 4: i, f, g, o)         i, f, o = sigmoid(W_i* x_t + b_i* + W_h* h_{t-1} + b_h*), g = tanh(...)
                                     c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)
``gru`` (G = 3: r, z, n)             r, z = sigmoid(W_i* x_t + b_i* + W_h* h_{t-1} + b_h*)
                                     n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))
                                     h_t = (1 - z) * n + z * h_{t-1}

The head reads the last hidden state: ``logits = h_T @ head.weight + head.bias`` (``head.weight`` is H x classes,
the transpose of a torch Linear's weight). Loss: mean softmax cross-entropy + 0.5 * l2 * (||W_ih||^2 + ||W_hh||^2
+ ||head.weight||^2). Parameter names, in forward order: ``rnn.weight_ih`` (G*H x I), ``rnn.weight_hh`` (G*H x H),
``rnn.bias_ih`` (G*H), ``rnn.bias_hh`` (G*H), ``head.weight`` (H x classes), ``head.bias`` (classes).

Init (``RecurrentConfig``): every parameter U(-1/sqrt(H), 1/sqrt(H)), PyTorch's default for all of them (the head's
too, as a torch Linear of fan-in H). ``init="orthogonal"`` makes each H x H gate block of ``rnn.weight_hh``
orthogonal (QR of a Gaussian, sign-corrected). ``spectral_radius`` rescales each H x H gate block of
``rnn.weight_hh`` to that largest |eigenvalue|: for the vanilla RNN this is the lambda_1 of Pascanu et al. 2013
(gradients through time shrink by about lambda_1 * gamma per step, gamma the mean slope of tanh); for the gated
cells each gate's recurrent matrix gets the radius (one number, the natural generalisation; there the cell path
through the forget gate, not W_hh, decides how far a gradient travels). ``forget_bias`` sets the effective bias of
the LSTM's forget gate (or the GRU's update gate z, which keeps the old state in PyTorch's convention):
``bias_ih`` of that block becomes the value and ``bias_hh`` of that block 0. The uniform draws come first from
``default_rng(seed)`` in the order above; the orthogonal blocks come from a stream of their own, so switching
``init`` changes only ``rnn.weight_hh``.

Speed: one GEMM projects the inputs of all time steps; every array of a training step lives in buffers allocated
once per (batch, T) and reused; the per-step gate math is in place; the local derivatives that backward needs are
computed for all steps at once after the forward loop, so each backward step is a few multiplies and one GEMM;
the weight gradients are one GEMM each over all steps. sigmoid and tanh are computed from ``exp`` (NumPy's
``exp`` is vectorised, its ``tanh`` is not): sigmoid(x) = 1 / (1 + exp(-x)), tanh(x) = 2 / (1 + exp(-2x)) - 1,
exact to a few units in the last place of 1 (absolute), which only matters for |x| below ~1e-8.

After :meth:`RecurrentNetwork.loss_and_grads` the network keeps a :class:`RecurrentTrace` of that step (hidden
states, dL/dh_t for every step, gate activations) in those buffers: valid until the next ``loss_and_grads``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bpviz.config import RecurrentConfig
from bpviz.engine.network import _cross_entropy, _softmax
from bpviz.engine.optim import TINY_SQUARE, norm

GATES = {"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}
GATE_NAMES = {"rnn_tanh": ("h",), "rnn_relu": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
MEMORY_GATE = {"lstm": "f", "gru": "z"}  # the gate that keeps the old state (its block is the second in both)
PARAMETER_NAMES = ("rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih", "rnn.bias_hh", "head.weight", "head.bias")
WEIGHT_NAMES = ("rnn.weight_ih", "rnn.weight_hh", "head.weight")  # the matrices L2 and the telemetry look at
EVAL_ROWS = 512  # sequences per chunk in evaluation, so a large test set needs no T x rows x G*H array


# ---------------------------------------------------------------- elementwise, in place

def _sigmoid_(x: np.ndarray) -> np.ndarray:
    """x <- 1 / (1 + exp(-x)), in place (exp may overflow to inf for x < -709: the result is then 0, exactly)."""
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    np.reciprocal(x, out=x)
    return x


def _tanh_(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """out <- tanh(x) = 2 / (1 + exp(-2x)) - 1 (in place when ``out`` is None)."""
    out = x if out is None else out
    np.multiply(x, -2.0, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(2.0, out, out=out)
    out -= 1.0
    return out


def _orthogonal(size: int, rng: np.random.Generator) -> np.ndarray:
    """A size x size orthogonal matrix, uniform over the orthogonal group (QR of a Gaussian, sign-corrected)."""
    q, r = np.linalg.qr(rng.normal(size=(size, size)))
    return q * np.sign(np.diag(r))


def spectral_radius(matrix: np.ndarray) -> float:
    """Largest |eigenvalue| of a square matrix (NaN if it is not finite)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    if not np.isfinite(matrix).all():
        return math.nan
    return float(np.max(np.abs(np.linalg.eigvals(matrix)))) if matrix.size else 0.0


# ---------------------------------------------------------------- the trace

@dataclass
class RecurrentTrace:
    """What one training forward/backward pass saw, step by step (index t = time step t + 1, input side first).

    ``hidden`` (T, batch, H): h_1 .. h_T. ``hidden_grads`` (T, batch, H): dL/dh_t, the gradient that reaches the
    hidden state of step t from the loss (through the head at step T, through the later steps before that).
    ``hidden_grad_norm`` (T,): its Frobenius norm per step, float64. ``gates`` (T, batch, G*H): the gate
    activations (LSTM i, f, g, o; GRU r, z, n), None for the vanilla cells. ``probabilities``: softmax of the logits.
    """

    hidden: np.ndarray
    hidden_grads: np.ndarray
    hidden_grad_norm: np.ndarray
    gates: np.ndarray | None
    probabilities: np.ndarray


class _Buffers:
    """Every array of one training step for one (batch, T), reused by every step (see the module docstring)."""

    def __init__(self, cell: str, steps: int, batch: int, n_inputs: int, hidden: int, dtype: np.dtype) -> None:
        width = GATES[cell] * hidden
        self.key = (cell, steps, batch, n_inputs, hidden, dtype)
        self.x = np.empty((steps, batch, n_inputs), dtype)    # the inputs, time-major
        self.gates = np.empty((steps, batch, width), dtype)   # input projections, then the gate activations
        self.h = np.zeros((steps + 1, batch, hidden), dtype)  # h[0] = h_0 = 0 is never written
        self.d_gates = np.empty((steps, batch, width), dtype)  # dL/d(pre-activation); GRU: the W_hh side
        self.dh = np.empty((steps, batch, hidden), dtype)     # dL/dh_t
        self.step = np.empty((batch, width), dtype)           # h_{t-1} @ W_hh^T
        self.scratch = np.empty((batch, hidden), dtype)
        self.ones = np.ones(steps * batch, dtype)             # ones @ M sums rows through BLAS
        if cell == "lstm":
            self.c = np.zeros((steps + 1, batch, hidden), dtype)  # c[0] = c_0 = 0
            self.tanh_c = np.empty((steps, batch, hidden), dtype)
            self.local = np.empty((steps, batch, 5 * hidden), dtype)  # see RecurrentNetwork._lstm_backward
            self.dc = np.empty((batch, hidden), dtype)
        elif cell == "gru":
            self.gh_n = np.empty((steps, batch, hidden), dtype)   # W_hn h_{t-1} + b_hn
            self.local = np.empty((steps, batch, 3 * hidden), dtype)
            self.dx_n = np.empty((steps, batch, hidden), dtype)   # dL/d(n's pre-activation), the W_ih side
        else:
            self.local = np.empty((steps, batch, hidden), dtype)  # act'(a_t)


# ---------------------------------------------------------------- the network

class RecurrentNetwork:
    """One recurrent layer (``config.cell``) of ``config.hidden_size`` units and a linear head on h_T."""

    def __init__(self, config: RecurrentConfig, n_inputs: int, n_classes: int, seed: int = 0,
                 dtype: np.dtype | type | str = np.float64) -> None:
        self.config = config
        self.cell = config.cell
        self.hidden_size = H = int(config.hidden_size)
        self.n_inputs = int(n_inputs)
        self.n_classes = int(n_classes)
        self.n_gates = GATES[self.cell]
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
            raise ValueError(f"dtype must be float64 or float32, got {self.dtype}")
        width = self.n_gates * H
        bound = 1.0 / math.sqrt(H)
        rng = np.random.default_rng(seed)

        def uniform(*shape: int) -> np.ndarray:
            return rng.uniform(-bound, bound, size=shape).astype(self.dtype)

        self.weight_ih = uniform(width, self.n_inputs)
        self.weight_hh = uniform(width, H)
        self.bias_ih = uniform(width)
        self.bias_hh = uniform(width)
        self.head_weight = uniform(H, self.n_classes)
        self.head_bias = uniform(self.n_classes)
        if config.init == "orthogonal":
            orthogonal_rng = np.random.default_rng([seed, 2])
            for block in self.gate_blocks(self.weight_hh):
                block[...] = _orthogonal(H, orthogonal_rng)
        if config.forget_bias is not None and self.cell in MEMORY_GATE:
            self.bias_ih[H:2 * H] = config.forget_bias
            self.bias_hh[H:2 * H] = 0.0
        if config.spectral_radius is not None:
            self.set_spectral_radius(config.spectral_radius)
        self.trace: RecurrentTrace | None = None
        self._buffers: _Buffers | None = None

    # ------------------------------------------------------------------ structure

    def parameters(self) -> dict[str, np.ndarray]:
        """Name -> live parameter array, in forward order."""
        return {
            "rnn.weight_ih": self.weight_ih, "rnn.weight_hh": self.weight_hh,
            "rnn.bias_ih": self.bias_ih, "rnn.bias_hh": self.bias_hh,
            "head.weight": self.head_weight, "head.bias": self.head_bias,
        }

    def weights(self) -> list[np.ndarray]:
        """The weight matrices W_ih, W_hh and the head's, in the order of :data:`WEIGHT_NAMES`."""
        return [self.weight_ih, self.weight_hh, self.head_weight]

    def gate_blocks(self, array: np.ndarray) -> list[np.ndarray]:
        """Views of the G gate blocks (H rows each) of a ``rnn.*`` parameter, in PyTorch's gate order."""
        H = self.hidden_size
        return [array[g * H:(g + 1) * H] for g in range(self.n_gates)]

    def spectral_radius(self) -> np.ndarray:
        """Largest |eigenvalue| of each H x H gate block of ``rnn.weight_hh`` (one value for the vanilla cells)."""
        return np.array([spectral_radius(block) for block in self.gate_blocks(self.weight_hh)])

    def set_spectral_radius(self, radius: float) -> None:
        """Rescale each gate block of ``rnn.weight_hh`` in place so its largest |eigenvalue| is ``radius``.

        The direction of the weights is kept (only their scale changes), so this works as a live change too.
        A block that is all zeros (radius 0) cannot be rescaled and stays as it is.
        """
        for block in self.gate_blocks(self.weight_hh):
            current = spectral_radius(block)
            if current > 0 and math.isfinite(current):
                block *= float(radius) / current

    # ------------------------------------------------------------------ forward

    def forward(self, X: np.ndarray) -> np.ndarray:
        """Logits for X (sequences, T, n_inputs), computed in chunks of EVAL_ROWS sequences; no trace is kept."""
        X = np.asarray(X, dtype=self.dtype)
        self._check_input(X)
        logits = np.empty((X.shape[0], self.n_classes), self.dtype)
        with np.errstate(over="ignore"):
            for start in range(0, X.shape[0], EVAL_ROWS):
                h_last = self._forward_eval(X[start:start + EVAL_ROWS])
                np.matmul(h_last, self.head_weight, out=logits[start:start + EVAL_ROWS])
        logits += self.head_bias
        return logits

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return _softmax(self.forward(X))

    def loss(self, X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> float:
        """The loss of :meth:`loss_and_grads`, without a trace or gradients (for finite differences)."""
        logits = self.forward(X)
        data_loss, _ = _cross_entropy(logits, np.asarray(y))
        return float(data_loss + self._l2_penalty(l2))

    def _check_input(self, X: np.ndarray) -> None:
        if X.ndim != 3 or X.shape[2] != self.n_inputs or X.shape[1] < 1:
            raise ValueError(f"X must have shape (sequences, T >= 1, {self.n_inputs}), got {X.shape}")

    def _input_bias(self) -> np.ndarray:
        """What the input projection adds: b_ih + b_hh (GRU: b_hh of n stays inside r * (...))."""
        if self.cell == "gru":
            bias = self.bias_ih.copy()
            bias[:2 * self.hidden_size] += self.bias_hh[:2 * self.hidden_size]
            return bias
        return self.bias_ih + self.bias_hh

    def _forward_eval(self, X: np.ndarray) -> np.ndarray:
        """h_T for a chunk of sequences, step by step, keeping only the current state."""
        rows, steps, _ = X.shape
        H = self.hidden_size
        width = self.n_gates * H
        dtype = self.dtype
        weight_ih_t = self.weight_ih.T
        weight_hh_t = self.weight_hh.T
        bias = self._input_bias()
        gates = np.empty((rows, width), dtype)
        step = np.empty((rows, width), dtype)
        scratch = np.empty((rows, H), dtype)
        h = np.zeros((rows, H), dtype)
        h_next = np.empty((rows, H), dtype)
        c = np.zeros((rows, H), dtype)
        c_next = np.empty((rows, H), dtype)
        tanh_c = np.empty((rows, H), dtype)
        gh_n = np.empty((rows, H), dtype)
        for t in range(steps):
            np.matmul(X[:, t, :], weight_ih_t, out=gates)
            gates += bias
            if self.cell == "lstm":
                self._lstm_step(gates, h, c, weight_hh_t, step, scratch, c_next, tanh_c, h_next)
                c, c_next = c_next, c
            elif self.cell == "gru":
                self._gru_step(gates, h, weight_hh_t, step, gh_n, h_next)
            else:
                self._vanilla_step(gates, h, weight_hh_t, step, h_next)
            h, h_next = h_next, h
        return h

    # One time step of each cell. ``gates`` holds the input projection (plus biases); the gated cells turn it into
    # their gate activations, the vanilla cells leave it and write h_t.

    def _vanilla_step(self, gates: np.ndarray, h_prev: np.ndarray, weight_hh_t: np.ndarray, step: np.ndarray,
                      h_out: np.ndarray) -> None:
        np.matmul(h_prev, weight_hh_t, out=step)
        np.add(gates, step, out=h_out)
        if self.cell == "rnn_tanh":
            _tanh_(h_out)
        else:
            np.maximum(h_out, 0.0, out=h_out)

    def _lstm_step(self, gates: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, weight_hh_t: np.ndarray,
                   step: np.ndarray, scratch: np.ndarray, c_out: np.ndarray, tanh_c: np.ndarray,
                   h_out: np.ndarray) -> None:
        H = self.hidden_size
        np.matmul(h_prev, weight_hh_t, out=step)
        gates += step
        g = gates[:, 2 * H:3 * H]
        g *= 2.0  # tanh(g) = 2 sigmoid(2g) - 1: one sigmoid pass over all four blocks
        _sigmoid_(gates)
        g *= 2.0
        g -= 1.0
        i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 3 * H:]
        np.multiply(f, c_prev, out=c_out)
        np.multiply(i, g, out=scratch)
        c_out += scratch
        _tanh_(c_out, out=tanh_c)
        np.multiply(o, tanh_c, out=h_out)

    def _gru_step(self, gates: np.ndarray, h_prev: np.ndarray, weight_hh_t: np.ndarray, step: np.ndarray,
                  gh_n: np.ndarray, h_out: np.ndarray) -> None:
        H = self.hidden_size
        np.matmul(h_prev, weight_hh_t, out=step)
        rz = gates[:, :2 * H]
        rz += step[:, :2 * H]
        _sigmoid_(rz)
        np.add(step[:, 2 * H:], self.bias_hh[2 * H:], out=gh_n)
        r, z, n = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
        np.multiply(r, gh_n, out=h_out)  # h_out as scratch until the last line
        n += h_out
        _tanh_(n)
        np.subtract(h_prev, n, out=h_out)  # h = n + z * (h_prev - n)
        h_out *= z
        h_out += n

    # ------------------------------------------------------------------ loss and backward

    def _l2_penalty(self, l2: float) -> float:
        if l2 == 0.0:
            return 0.0
        return 0.5 * l2 * sum(float(np.vdot(w, w)) for w in self.weights())

    def _buffers_for(self, steps: int, batch: int) -> _Buffers:
        key = (self.cell, steps, batch, self.n_inputs, self.hidden_size, self.dtype)
        if self._buffers is None or self._buffers.key != key:
            self._buffers = None  # let the old ones go before allocating the new ones
            self._buffers = _Buffers(self.cell, steps, batch, self.n_inputs, self.hidden_size, self.dtype)
        return self._buffers

    def loss_and_grads(self, X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> tuple[float, dict[str, np.ndarray]]:
        """Loss and the gradient of every parameter (same keys as :meth:`parameters`), by backpropagation through
        time. X is (batch, T, n_inputs), y (batch,) integer labels. Parameters are left unchanged; the step's
        hidden states, gates and dL/dh_t are kept in :attr:`trace`. The gradients are fresh arrays."""
        X = np.asarray(X, dtype=self.dtype)
        self._check_input(X)
        y = np.asarray(y)
        batch, steps, _ = X.shape
        buffers = self._buffers_for(steps, batch)
        with np.errstate(over="ignore"):
            self._forward_train(X, buffers)
            h_last = buffers.h[steps]
            logits = h_last @ self.head_weight
            logits += self.head_bias
            data_loss, probs = _cross_entropy(logits, y)
            loss = float(data_loss + self._l2_penalty(l2)) if l2 else data_loss
            probabilities = probs.copy()

            grad_logits = probs  # overwritten into dL/dlogits
            grad_logits[np.arange(batch), y] -= 1.0
            grad_logits *= 1.0 / batch
            head_weight_grad = h_last.T @ grad_logits
            head_bias_grad = np.add.reduce(grad_logits, axis=0)
            np.matmul(grad_logits, self.head_weight.T, out=buffers.dh[steps - 1])
            if self.cell == "lstm":
                grads = self._lstm_backward(buffers)
            elif self.cell == "gru":
                grads = self._gru_backward(buffers)
            else:
                grads = self._vanilla_backward(buffers)
        grads["head.weight"] = head_weight_grad
        grads["head.bias"] = head_bias_grad
        if l2:
            for name, weight in zip(WEIGHT_NAMES, self.weights()):
                grads[name] += self.dtype.type(l2) * weight
        grads = {name: grads[name] for name in PARAMETER_NAMES}
        self.trace = RecurrentTrace(
            hidden=buffers.h[1:], hidden_grads=buffers.dh, hidden_grad_norm=_norms_per_step(buffers.dh),
            gates=None if self.n_gates == 1 else buffers.gates, probabilities=probabilities,
        )
        return loss, grads

    def _forward_train(self, X: np.ndarray, buffers: _Buffers) -> None:
        """The forward pass of a training step, every intermediate kept in ``buffers``."""
        steps, batch = X.shape[1], X.shape[0]
        np.copyto(buffers.x, X.transpose(1, 0, 2))
        flat_gates = buffers.gates.reshape(steps * batch, -1)
        np.matmul(buffers.x.reshape(steps * batch, -1), self.weight_ih.T, out=flat_gates)
        flat_gates += self._input_bias()
        weight_hh_t = self.weight_hh.T
        gates, h = buffers.gates, buffers.h
        if self.cell == "lstm":
            c, tanh_c = buffers.c, buffers.tanh_c
            for t in range(steps):
                self._lstm_step(gates[t], h[t], c[t], weight_hh_t, buffers.step, buffers.scratch, c[t + 1],
                                tanh_c[t], h[t + 1])
        elif self.cell == "gru":
            for t in range(steps):
                self._gru_step(gates[t], h[t], weight_hh_t, buffers.step, buffers.gh_n[t], h[t + 1])
        else:
            for t in range(steps):
                self._vanilla_step(gates[t], h[t], weight_hh_t, buffers.step, h[t + 1])

    def _weight_grads(self, buffers: _Buffers, d_gates: np.ndarray) -> dict[str, np.ndarray]:
        """dL/dW_ih, dL/dW_hh and the biases' gradients from dL/d(pre-activation) of every step (one GEMM each)."""
        steps, batch = d_gates.shape[:2]
        flat = d_gates.reshape(steps * batch, -1)
        bias_grad = buffers.ones @ flat
        return {
            "rnn.weight_ih": flat.T @ buffers.x.reshape(steps * batch, -1),
            "rnn.weight_hh": flat.T @ buffers.h[:steps].reshape(steps * batch, -1),
            "rnn.bias_ih": bias_grad,
            "rnn.bias_hh": bias_grad.copy(),
        }

    def _vanilla_backward(self, buffers: _Buffers) -> dict[str, np.ndarray]:
        steps = buffers.gates.shape[0]
        local, dh, d_gates = buffers.local, buffers.dh, buffers.d_gates
        hidden = buffers.h[1:]
        if self.cell == "rnn_tanh":  # tanh'(a) = 1 - h^2
            np.multiply(hidden, hidden, out=local)
            np.subtract(1.0, local, out=local)
        else:  # relu'(a) = 1 where h > 0 (PyTorch's convention: 0 at a = 0)
            np.greater(hidden, 0.0, out=local, casting="unsafe")
        weight_hh = self.weight_hh
        for t in range(steps - 1, -1, -1):
            np.multiply(dh[t], local[t], out=d_gates[t])
            if t > 0:
                np.matmul(d_gates[t], weight_hh, out=dh[t - 1])
        return self._weight_grads(buffers, d_gates)

    def _lstm_backward(self, buffers: _Buffers) -> dict[str, np.ndarray]:
        """With every local derivative computed for all steps first (columns of ``local``, H each):
        [g i(1-i), c_{t-1} f(1-f), i (1-g^2), tanh(c_t) o(1-o), o (1-tanh(c_t)^2)], a step is
        dc += dh * local_4;  d(i,f,g) = dc * local_0..2;  do = dh * local_3;  dc <- dc * f;  dh_{t-1} = d @ W_hh."""
        H = self.hidden_size
        steps, batch = buffers.gates.shape[:2]
        gates, local, tanh_c = buffers.gates, buffers.local, buffers.tanh_c
        i, f, g, o = (gates[..., k * H:(k + 1) * H] for k in range(4))
        l_i, l_f, l_g, l_o, l_c = (local[..., k * H:(k + 1) * H] for k in range(5))
        np.subtract(1.0, i, out=l_i)
        l_i *= i
        l_i *= g
        np.subtract(1.0, f, out=l_f)
        l_f *= f
        l_f *= buffers.c[:steps]
        np.multiply(g, g, out=l_g)
        np.subtract(1.0, l_g, out=l_g)
        l_g *= i
        np.subtract(1.0, o, out=l_o)
        l_o *= o
        l_o *= tanh_c
        np.multiply(tanh_c, tanh_c, out=l_c)
        np.subtract(1.0, l_c, out=l_c)
        l_c *= o
        local_ifg = local[..., :3 * H].reshape(steps, batch, 3, H)
        d_gates, dh, dc, scratch = buffers.d_gates, buffers.dh, buffers.dc, buffers.scratch
        d_ifg = d_gates[..., :3 * H].reshape(steps, batch, 3, H)
        d_o = d_gates[..., 3 * H:]
        dc_wide = dc[:, None, :]
        weight_hh = self.weight_hh
        dc.fill(0.0)
        for t in range(steps - 1, -1, -1):
            np.multiply(dh[t], l_c[t], out=scratch)
            dc += scratch
            np.multiply(dh[t], l_o[t], out=d_o[t])
            np.multiply(dc_wide, local_ifg[t], out=d_ifg[t])
            if t > 0:
                dc *= f[t]
                np.matmul(d_gates[t], weight_hh, out=dh[t - 1])
        return self._weight_grads(buffers, d_gates)

    def _gru_backward(self, buffers: _Buffers) -> dict[str, np.ndarray]:
        """With h = n + z (h_{t-1} - n), the local derivatives for all steps first (columns of ``local``):
        [(1-z)(1-n^2), (h_{t-1}-n) z(1-z), gh_n r(1-r)], a step is dn = dh * local_0 (n's pre-activation, W_ih
        side), dz = dh * local_1, dr = dn * local_2, the W_hh side of n is dn * r, and
        dh_{t-1} = dh * z + [dr, dz, dn * r] @ W_hh."""
        H = self.hidden_size
        steps = buffers.gates.shape[0]
        gates, local = buffers.gates, buffers.local
        r, z, n = (gates[..., k * H:(k + 1) * H] for k in range(3))
        l_n, l_z, l_r = (local[..., k * H:(k + 1) * H] for k in range(3))
        h_prev = buffers.h[:steps]
        np.multiply(n, n, out=l_n)
        np.subtract(1.0, l_n, out=l_n)
        np.subtract(1.0, z, out=l_z)  # l_z as scratch for (1 - z)
        l_n *= l_z
        l_z *= z
        np.subtract(h_prev, n, out=l_r)  # l_r as scratch for (h_{t-1} - n)
        l_z *= l_r
        np.subtract(1.0, r, out=l_r)
        l_r *= r
        l_r *= buffers.gh_n
        d_gates, dx_n, dh, scratch = buffers.d_gates, buffers.dx_n, buffers.dh, buffers.scratch
        d_r, d_z, d_hn = (d_gates[..., k * H:(k + 1) * H] for k in range(3))
        weight_hh = self.weight_hh
        for t in range(steps - 1, -1, -1):
            np.multiply(dh[t], l_n[t], out=dx_n[t])
            np.multiply(dh[t], l_z[t], out=d_z[t])
            np.multiply(dx_n[t], l_r[t], out=d_r[t])
            np.multiply(dx_n[t], r[t], out=d_hn[t])
            if t > 0:
                np.matmul(d_gates[t], weight_hh, out=dh[t - 1])
                np.multiply(dh[t], z[t], out=scratch)
                dh[t - 1] += scratch
        # the W_hh side is d_gates = [dr, dz, dn * r]; the W_ih side is [dr, dz, dn]
        flat = d_gates.reshape(steps * d_gates.shape[1], -1)
        x_flat = buffers.x.reshape(flat.shape[0], -1)
        flat_n = dx_n.reshape(flat.shape[0], -1)
        weight_ih_grad = np.empty_like(self.weight_ih)
        np.matmul(flat[:, :2 * H].T, x_flat, out=weight_ih_grad[:2 * H])
        np.matmul(flat_n.T, x_flat, out=weight_ih_grad[2 * H:])
        bias_hh_grad = buffers.ones @ flat
        bias_ih_grad = bias_hh_grad.copy()
        bias_ih_grad[2 * H:] = buffers.ones @ flat_n
        return {
            "rnn.weight_ih": weight_ih_grad,
            "rnn.weight_hh": flat.T @ h_prev.reshape(flat.shape[0], -1),
            "rnn.bias_ih": bias_ih_grad,
            "rnn.bias_hh": bias_hh_grad,
        }


def _norms_per_step(grads: np.ndarray) -> np.ndarray:
    """Frobenius norm of each step's (batch, H) slice, in float64; tiny ones rescaled (as optim.norm does),
    so a gradient of 1e-200 shows as 1e-200, not 0."""
    flat = grads.reshape(grads.shape[0], -1)
    squares = np.einsum("ij,ij->i", flat, flat, dtype=np.float64)
    norms = np.sqrt(squares)
    for t in np.flatnonzero(squares < TINY_SQUARE):
        norms[t] = norm(flat[t])
    return norms
