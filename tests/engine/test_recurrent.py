"""The recurrent network: backpropagation through time agrees with central finite differences (every cell, with
and without L2, T from 1 to 30, float64), dL/dh_t in the trace is the true gradient of each hidden state, the
init options do what they say, and (when PyTorch is installed) forward and gradients equal torch.nn.RNN/LSTM/GRU's
for the same weights."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.config import CELLS, RecurrentConfig
from bpviz.engine import recurrent as recurrent_module
from bpviz.engine.recurrent import GATES, PARAMETER_NAMES, WEIGHT_NAMES, RecurrentNetwork, spectral_radius

STEP = 1e-5       # central-difference step: truncation ~STEP^2, round-off ~1e-16 / STEP; both << 1e-6
TOLERANCE = 1e-6  # relative error per parameter array
N_INPUTS = 3
N_CLASSES = 3
BATCH = 5
HIDDEN = 4


def make_case(cell: str, steps: int, seed: int = 0, **options) -> tuple[RecurrentNetwork, np.ndarray, np.ndarray]:
    config = RecurrentConfig(cell=cell, hidden_size=HIDDEN, **options)
    net = RecurrentNetwork(config, n_inputs=N_INPUTS, n_classes=N_CLASSES, seed=seed)
    rng = np.random.default_rng(100 + seed)
    for param in net.parameters().values():  # larger than U(+-1/2): gates away from 1/2, tanh away from linear
        param *= 2.0
    X = rng.standard_normal((BATCH, steps, N_INPUTS))
    y = rng.integers(0, N_CLASSES, BATCH)
    y[:N_CLASSES] = np.arange(N_CLASSES)
    return net, X, y


def numeric_grads(net: RecurrentNetwork, X: np.ndarray, y: np.ndarray, l2: float) -> dict[str, np.ndarray]:
    grads = {}
    for name, param in net.parameters().items():
        grad = np.zeros(param.shape)
        flat, flat_grad = param.reshape(-1), grad.reshape(-1)
        for k in range(flat.size):
            original = flat[k]
            flat[k] = original + STEP
            plus = net.loss(X, y, l2)
            flat[k] = original - STEP
            minus = net.loss(X, y, l2)
            flat[k] = original
            flat_grad[k] = (plus - minus) / (2.0 * STEP)
        grads[name] = grad
    return grads


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("steps", [1, 2, 7, 30])
@pytest.mark.parametrize("cell", CELLS)
def test_gradients_match_central_finite_differences(cell, steps, l2):
    net, X, y = make_case(cell, steps, seed=steps)
    before = {name: param.copy() for name, param in net.parameters().items()}
    loss, analytic = net.loss_and_grads(X, y, l2=l2)
    assert loss == pytest.approx(net.loss(X, y, l2), rel=1e-12, abs=1e-14)
    assert all(np.array_equal(before[name], param) for name, param in net.parameters().items())
    numeric = numeric_grads(net, X, y, l2)
    assert list(analytic) == list(numeric) == list(PARAMETER_NAMES)
    for name in analytic:
        assert analytic[name].shape == net.parameters()[name].shape
        assert analytic[name].dtype == np.float64
        error = relative_error(analytic[name], numeric[name])
        assert error < TOLERANCE, f"{cell} T={steps} l2={l2} {name}: relative error {error:.2e}"


@pytest.mark.parametrize("cell", CELLS)
def test_gradients_with_every_init_option(cell):
    net, X, y = make_case(cell, 6, seed=3, init="orthogonal", spectral_radius=1.3, forget_bias=1.0)
    _, analytic = net.loss_and_grads(X, y, l2=0.01)
    numeric = numeric_grads(net, X, y, 0.01)
    for name in analytic:
        assert relative_error(analytic[name], numeric[name]) < TOLERANCE, name


def _loss_from_state(net: RecurrentNetwork, X: np.ndarray, y: np.ndarray, t: int, h: np.ndarray,
                     c: np.ndarray | None) -> float:
    """The loss when the hidden state after step t (0-based) is replaced by ``h`` (the LSTM's cell state kept at
    ``c``): the steps after t run from there."""
    rows, steps, _ = X.shape
    width = net.n_gates * net.hidden_size
    gates, step, scratch = np.empty((rows, width)), np.empty((rows, width)), np.empty((rows, net.hidden_size))
    h, c = h.copy(), None if c is None else c.copy()
    for k in range(t + 1, steps):
        gates[...] = X[:, k, :] @ net.weight_ih.T + net._input_bias()
        h_next = np.empty_like(h)
        if net.cell == "lstm":
            c_next, tanh_c = np.empty_like(c), np.empty_like(c)
            net._lstm_step(gates, h, c, net.weight_hh.T, step, scratch, c_next, tanh_c, h_next)
            c = c_next
        elif net.cell == "gru":
            net._gru_step(gates, h, net.weight_hh.T, step, np.empty_like(h), h_next)
        else:
            net._vanilla_step(gates, h, net.weight_hh.T, step, h_next)
        h = h_next
    logits = h @ net.head_weight + net.head_bias
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(rows), y].mean())


@pytest.mark.parametrize("cell", CELLS)
def test_trace_holds_the_true_gradient_of_every_hidden_state(cell):
    steps = 6
    net, X, y = make_case(cell, steps, seed=11)
    net.loss_and_grads(X, y)
    trace = net.trace
    assert trace.hidden.shape == trace.hidden_grads.shape == (steps, BATCH, HIDDEN)
    assert trace.hidden_grad_norm.shape == (steps,) and trace.hidden_grad_norm.dtype == np.float64
    assert trace.probabilities.shape == (BATCH, N_CLASSES)
    assert (trace.gates is None) == (GATES[cell] == 1)
    cell_states = net._buffers.c if cell == "lstm" else None
    for t in range(steps):
        h = trace.hidden[t].copy()
        c = None if cell_states is None else cell_states[t + 1]
        numeric = np.zeros_like(h)
        for index in np.ndindex(h.shape):
            original = h[index]
            h[index] = original + STEP
            plus = _loss_from_state(net, X, y, t, h, c)
            h[index] = original - STEP
            minus = _loss_from_state(net, X, y, t, h, c)
            h[index] = original
            numeric[index] = (plus - minus) / (2.0 * STEP)
        assert relative_error(trace.hidden_grads[t], numeric) < TOLERANCE, f"dL/dh at step {t + 1}"
        assert trace.hidden_grad_norm[t] == pytest.approx(np.linalg.norm(numeric), rel=1e-6)


def test_gradient_norms_per_step_keep_tiny_values():
    grads = np.zeros((3, 2, 2))
    grads[0] = 1e-200
    grads[1] = 3.0
    norms = recurrent_module._norms_per_step(grads)
    assert norms[0] == pytest.approx(2e-200) and norms[1] == pytest.approx(6.0) and norms[2] == 0.0


# ---------------------------------------------------------------- structure and init

@pytest.mark.parametrize("cell", CELLS)
def test_parameters_have_pytorchs_names_shapes_and_init(cell):
    hidden, gates = 8, GATES[cell]
    net = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=hidden), n_inputs=5, n_classes=3, seed=4)
    params = net.parameters()
    assert list(params) == list(PARAMETER_NAMES)
    shapes = {"rnn.weight_ih": (gates * hidden, 5), "rnn.weight_hh": (gates * hidden, hidden),
              "rnn.bias_ih": (gates * hidden,), "rnn.bias_hh": (gates * hidden,), "head.weight": (hidden, 3),
              "head.bias": (3,)}
    bound = 1.0 / np.sqrt(hidden)
    for name, param in params.items():
        assert param.shape == shapes[name] and param.dtype == np.float64
        assert np.abs(param).max() <= bound and np.abs(param).max() > 0.5 * bound  # U(+-1/sqrt(H)), all of them
    assert [w is p for w, p in zip(net.weights(), (params[name] for name in WEIGHT_NAMES))] == [True] * 3
    params["rnn.weight_hh"][0, 0] = 123.0  # live arrays
    assert net.weight_hh[0, 0] == 123.0
    same = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=hidden), n_inputs=5, n_classes=3, seed=4)
    other = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=hidden), n_inputs=5, n_classes=3, seed=5)
    assert np.array_equal(same.weight_ih, net.weight_ih) and not np.array_equal(other.weight_ih, net.weight_ih)


@pytest.mark.parametrize("cell", CELLS)
def test_orthogonal_init_changes_only_the_recurrent_weights(cell):
    plain = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=6), 3, 2, seed=1)
    orthogonal = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=6, init="orthogonal"), 3, 2, seed=1)
    for name in PARAMETER_NAMES:
        if name != "rnn.weight_hh":
            assert np.array_equal(plain.parameters()[name], orthogonal.parameters()[name]), name
    for block in orthogonal.gate_blocks(orthogonal.weight_hh):
        assert np.allclose(block.T @ block, np.eye(6), atol=1e-12)
    assert np.allclose(orthogonal.spectral_radius(), 1.0)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("radius", [0.5, 0.9, 2.5])
def test_spectral_radius_sets_every_gate_block(cell, radius):
    net = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=10, spectral_radius=radius), 3, 2, seed=2)
    assert net.spectral_radius().shape == (GATES[cell],)
    assert np.allclose(net.spectral_radius(), radius, rtol=1e-10)
    free = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=10), 3, 2, seed=2)
    for scaled, original in zip(net.gate_blocks(net.weight_hh), free.gate_blocks(free.weight_hh)):
        ratio = scaled / original
        assert np.allclose(ratio, ratio.flat[0])  # only the scale changed, per block
    net.set_spectral_radius(1.7)  # live: in place, the same array
    weight = net.weight_hh
    assert net.weight_hh is weight and np.allclose(net.spectral_radius(), 1.7, rtol=1e-10)


def test_spectral_radius_of_a_matrix():
    assert spectral_radius(np.diag([0.5, -3.0, 2.0])) == pytest.approx(3.0)
    assert spectral_radius(np.array([[0.0, -2.0], [2.0, 0.0]])) == pytest.approx(2.0)  # complex pair +-2i
    assert np.isnan(spectral_radius(np.array([[np.nan]])))
    net = RecurrentNetwork(RecurrentConfig(cell="rnn_tanh", hidden_size=3), 2, 2)
    net.weight_hh[...] = 0.0
    net.set_spectral_radius(0.9)  # an all-zero block cannot be rescaled: left as it is
    assert not net.weight_hh.any()


@pytest.mark.parametrize("cell", CELLS)
def test_forget_bias_sets_the_memory_gates_effective_bias(cell):
    hidden = 5
    plain = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=hidden), 3, 2, seed=7)
    net = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=hidden, forget_bias=1.0), 3, 2, seed=7)
    if cell in ("lstm", "gru"):  # LSTM forget gate f, GRU update gate z: both the second block
        assert np.array_equal(net.bias_ih[hidden:2 * hidden], np.ones(hidden))
        assert np.array_equal(net.bias_hh[hidden:2 * hidden], np.zeros(hidden))
        rest = np.r_[0:hidden, 2 * hidden:GATES[cell] * hidden]
        assert np.array_equal(net.bias_ih[rest], plain.bias_ih[rest])
        assert np.array_equal(net.bias_hh[rest], plain.bias_hh[rest])
    else:
        assert np.array_equal(net.bias_ih, plain.bias_ih) and np.array_equal(net.bias_hh, plain.bias_hh)


# ---------------------------------------------------------------- forward, dtypes, inputs

@pytest.mark.parametrize("cell", CELLS)
def test_evaluation_in_chunks_gives_the_training_logits(cell, monkeypatch):
    net, X, y = make_case(cell, 9, seed=5)
    net.loss_and_grads(X, y)
    monkeypatch.setattr(recurrent_module, "EVAL_ROWS", 2)  # 5 sequences: chunks of 2, 2, 1
    probabilities = net.predict_proba(X)
    assert np.allclose(probabilities, net.trace.probabilities, rtol=1e-13, atol=1e-15)
    assert net.forward(X).shape == (BATCH, N_CLASSES)


@pytest.mark.parametrize("cell", CELLS)
def test_float32_follows_float64(cell):
    config = RecurrentConfig(cell=cell, hidden_size=8)
    net64 = RecurrentNetwork(config, 3, 2, seed=9)
    net32 = RecurrentNetwork(config, 3, 2, seed=9, dtype="float32")
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 12, 3)), rng.integers(0, 2, 6)
    loss64, grads64 = net64.loss_and_grads(X, y, l2=0.01)
    loss32, grads32 = net32.loss_and_grads(X, y, l2=0.01)
    assert loss32 == pytest.approx(loss64, rel=1e-5)
    for name in grads64:
        assert grads32[name].dtype == np.float32 and net32.parameters()[name].dtype == np.float32
        assert relative_error(grads32[name].astype(np.float64), grads64[name]) < 1e-4, name
    assert net32.forward(X).dtype == np.float32 and net32.trace.hidden.dtype == np.float32


def test_bad_inputs_are_rejected():
    net = RecurrentNetwork(RecurrentConfig(cell="gru", hidden_size=4), 3, 2)
    for bad in (np.zeros((2, 3)), np.zeros((2, 5, 4)), np.zeros((2, 0, 3))):
        with pytest.raises(ValueError, match="shape"):
            net.forward(bad)
        with pytest.raises(ValueError, match="shape"):
            net.loss_and_grads(bad, np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match="float64 or float32"):
        RecurrentNetwork(RecurrentConfig(), 3, 2, dtype="float16")


def test_buffers_are_reused_until_the_shape_changes():
    net = RecurrentNetwork(RecurrentConfig(cell="lstm", hidden_size=4), 3, 2)
    rng = np.random.default_rng(0)
    net.loss_and_grads(rng.standard_normal((4, 5, 3)), np.zeros(4, dtype=int))
    buffers = net._buffers
    net.loss_and_grads(rng.standard_normal((4, 5, 3)), np.ones(4, dtype=int))
    assert net._buffers is buffers
    net.loss_and_grads(rng.standard_normal((4, 6, 3)), np.ones(4, dtype=int))
    assert net._buffers is not buffers and net.trace.hidden.shape == (6, 4, 4)


def test_activations_are_exact_where_they_saturate():
    x = np.array([-1000.0, -30.0, -1e-3, 0.0, 1e-3, 30.0, 1000.0, np.nan])
    with np.errstate(over="ignore"):
        sigmoid = recurrent_module._sigmoid_(x.copy())
        tanh = recurrent_module._tanh_(x.copy())
    assert np.allclose(sigmoid[:-1], 1.0 / (1.0 + np.exp(-x[:-1].clip(-700, 700))), rtol=1e-15, atol=1e-300)
    assert np.allclose(tanh[:-1], np.tanh(x[:-1]), rtol=1e-12, atol=3e-16)
    assert sigmoid[0] == 0.0 and sigmoid[-2] == 1.0 and tanh[0] == -1.0 and tanh[-2] == 1.0
    assert np.isnan(sigmoid[-1]) and np.isnan(tanh[-1])


# ---------------------------------------------------------------- PyTorch, when it is installed

def _torch_pair(torch, cell: str, net: RecurrentNetwork):
    kinds = {"rnn_tanh": ("RNN", {"nonlinearity": "tanh"}), "rnn_relu": ("RNN", {"nonlinearity": "relu"}),
             "lstm": ("LSTM", {}), "gru": ("GRU", {})}
    kind, options = kinds[cell]
    module = getattr(torch.nn, kind)(net.n_inputs, net.hidden_size, batch_first=True, **options).double()
    head = torch.nn.Linear(net.hidden_size, net.n_classes).double()
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(net.weight_ih))
        module.weight_hh_l0.copy_(torch.from_numpy(net.weight_hh))
        module.bias_ih_l0.copy_(torch.from_numpy(net.bias_ih))
        module.bias_hh_l0.copy_(torch.from_numpy(net.bias_hh))
        head.weight.copy_(torch.from_numpy(net.head_weight.T))
        head.bias.copy_(torch.from_numpy(net.head_bias))
    return module, head


@pytest.mark.parametrize("steps", [1, 13])
@pytest.mark.parametrize("cell", CELLS)
def test_forward_and_gradients_equal_pytorchs(cell, steps):
    torch = pytest.importorskip("torch")
    net = RecurrentNetwork(RecurrentConfig(cell=cell, hidden_size=7, init="orthogonal", spectral_radius=1.1,
                                           forget_bias=1.0), n_inputs=3, n_classes=4, seed=3)
    module, head = _torch_pair(torch, cell, net)
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((6, steps, 3)), rng.integers(0, 4, 6)
    l2 = 0.02
    output, _ = module(torch.from_numpy(X))
    output.retain_grad()
    logits = head(output[:, -1])
    penalty = sum((w ** 2).sum() for w in (module.weight_ih_l0, module.weight_hh_l0, head.weight))
    loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(y)) + 0.5 * l2 * penalty
    loss.backward()
    ours, grads = net.loss_and_grads(X, y, l2=l2)
    assert ours == pytest.approx(loss.item(), rel=1e-12)
    assert np.allclose(net.forward(X), logits.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert np.allclose(net.trace.hidden.transpose(1, 0, 2), output.detach().numpy(), rtol=1e-12, atol=1e-14)
    theirs = {"rnn.weight_ih": module.weight_ih_l0.grad, "rnn.weight_hh": module.weight_hh_l0.grad,
              "rnn.bias_ih": module.bias_ih_l0.grad, "rnn.bias_hh": module.bias_hh_l0.grad,
              "head.weight": head.weight.grad.T, "head.bias": head.bias.grad}
    for name, grad in theirs.items():
        assert relative_error(grads[name], grad.numpy()) < 1e-12, name
    # torch sees only the head's direct gradient on the last output; the rest flows inside the module
    assert np.allclose(net.trace.hidden_grads[-1], output.grad[:, -1].numpy(), rtol=1e-12, atol=1e-16)
