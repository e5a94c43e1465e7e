"""benchmarks/bench_engine.py (issue 16): the shapes it times, the GEMM bound, the PyTorch twin and the profile."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_engine.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_the_five_shapes_of_issue_16_in_both_dtypes(bench):
    labels = [(s.depth, s.width, s.batch, s.activation, s.residual, s.normalization) for s in bench.SHAPES]
    assert labels == [(10, 32, 128, "relu", False, "none"), (50, 64, 256, "tanh", True, "batch"),
                      (20, 256, 512, "relu", False, "none"), (100, 512, 256, "relu", True, "batch"),
                      (200, 128, 128, "sigmoid", False, "none")]
    assert bench.DTYPES == ("float64", "float32")
    trainer = bench.make_trainer(bench.Shape(3, 8, 16, "tanh", residual=True, normalization="batch"), "float32")
    net = trainer.network
    assert (net.depth, net.width, net.activation, net.residual, net.normalization, net.dtype) == (
        3, 8, "tanh", True, "batch", np.dtype(np.float32))


def test_the_gemm_bound_makes_exactly_the_products_of_a_step(bench):
    shape = bench.Shape(3, 8, 16, "relu")
    trainer = bench.make_trainer(shape, "float64")
    gemm = bench.GemmStep(trainer, shape, "float64")
    calls = []
    original = np.matmul

    def counting(a, b, out=None):
        calls.append((a.shape, b.shape))
        return original(a, b, out=out)

    bench.np.matmul = counting
    try:
        gemm.step()
    finally:
        bench.np.matmul = original
    n_in, n_out = trainer.network.n_inputs, trainer.network.n_classes
    # forward: 3 hidden + output; backward: dW for all 4, dh for all but the first layer
    assert len(calls) == 4 + 4 + 3
    assert calls[:4] == [((16, n_in), (n_in, 8)), ((16, 8), (8, 8)), ((16, 8), (8, 8)), ((16, 8), (8, n_out))]


def test_a_row_reports_the_gemm_ratio_from_width_256_on(bench):
    small = bench.bench_shape(None, bench.Shape(2, 16, 8, "relu"), "float32", rounds=2, steps=1)
    assert "gemm_ratio" not in small and small["bpviz_ms"] > 0
    wide = bench.bench_shape(None, bench.Shape(2, 256, 8, "relu", True, "batch"), "float32", rounds=2, steps=1)
    assert wide["gemm_ratio"] > 0 and wide["gemm_ms"] > 0 and wide["samples"] == 2
    text = bench.table([small, wide])
    assert "| 2x256x8 relu + residual + BN | float32 |" in text and "| – | – |" in text


def test_the_profile_accounts_for_the_whole_step(bench):
    rows = dict(bench.profile(bench.Shape(3, 16, 8, "sigmoid"), "float64", steps=1))  # one step: no medians
    parts = sum(value for name, value in rows.items() if name not in ("whole step", "GEMM bound (products alone)"))
    assert parts == pytest.approx(rows["whole step"], rel=1e-9)
    assert rows["forward (hidden blocks)"] > 0 and rows["backward (rest of loss_and_grads)"] > 0
    assert rows["GEMM bound (products alone)"] > 0


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("shape_args", [(3, 8, 16, "tanh", True, "batch"), (3, 8, 16, "sigmoid", False, "none"),
                                        (2, 8, 16, "relu", False, "none")])
def test_pytorch_twin_is_the_same_network(bench, dtype, shape_args):
    """The PyTorch step starts from bpviz's weights and computes the same loss on the same batch (PyTorch is
    optional: skipped where it is not installed, as in CI)."""
    torch = pytest.importorskip("torch")
    shape = bench.Shape(*shape_args)
    trainer = bench.make_trainer(shape, dtype)
    twin = bench.TorchStep(torch, trainer, shape, dtype)
    X, y = trainer._X_train[:16], trainer.dataset.y_train[:16]
    expected = trainer.network.loss(X, y)
    with torch.no_grad():
        logits = twin.model(torch.from_numpy(np.array(X)))
        got = float(twin.loss_fn(logits, torch.from_numpy(np.array(y, dtype=np.int64))))
    assert got == pytest.approx(expected, rel=1e-5 if dtype == "float32" else 1e-12)


def _row(shape: str, **values) -> dict:
    row = {"shape": shape, "dtype": "float64", "bpviz_ms": 10.0, "samples": 4}
    row.update(values)
    return row


def test_the_summary_names_rows_where_numpys_products_alone_miss_the_pytorch_goal(bench):
    wide = _row("20x256x512 relu", torch_ms=9.0, torch_ratio=1.11, torch_range=(1.0, 1.2), gemm_ms=9.5,
                gemm_ratio=1.05, gemm_range=(1.0, 1.1), torch_gemm_ms=7.5, torch_gemm_ratio=1.33,
                torch_gemm_range=(1.3, 1.4), blas_ratio=1.27, blas_range=(1.2, 1.3), floor_ratio=1.06,
                floor_range=(1.0, 1.1))
    reachable = dict(wide, shape="100x512x256 relu", floor_ratio=0.80, floor_range=(0.7, 0.9))
    small = _row("10x32x128 relu", torch_ms=20.0, torch_ratio=0.5, torch_range=(0.4, 0.6))
    text = bench.goal_summary([wide, reachable, small], 1)
    assert "On 20x256x512 relu float64 (1.06) NumPy's matrix products alone" in text
    assert "100x512x256" not in text.split("On ")[-1]  # a floor below 0.95 is not named
    table = bench.table([wide, small])
    assert "| 20x256x512 relu | float64 | 10.00 | 9.00 | 1.11 | 9.50 | 1.05 | 7.50 | 1.27 | 1.06 |" in table
    assert "| 10x32x128 relu | float64 | 10.00 | 20.00 | 0.50 | – | – | – | – | – |" in table
    ranges = bench.range_table([wide, small])
    assert "| 20x256x512 relu float64 | 1.00-1.20 | 1.00-1.10 | 1.20-1.30 | 1.00-1.10 |" in ranges
    assert "| 10x32x128 relu float64 | 0.40-0.60 | – | – | – |" in ranges


def test_pytorchs_products_are_the_gemm_bounds_products(bench):
    torch = pytest.importorskip("torch")
    shape = bench.Shape(3, 8, 16, "relu")
    trainer = bench.make_trainer(shape, "float64")
    gemm = bench.GemmStep(trainer, shape, "float64")
    gemm.step()
    expected = [[None if a is None else a.copy() for a in layer] for layer in gemm.layers]
    for layer in gemm.layers:  # the twin writes the same outputs (shared memory)
        for index in (2, 4, 5):
            if layer[index] is not None:
                layer[index].fill(np.nan)
    bench.TorchGemmStep(torch, gemm).step()
    for layer, want in zip(gemm.layers, expected):
        for index in (2, 4, 5):
            if layer[index] is not None:
                np.testing.assert_allclose(layer[index], want[index], rtol=1e-12)
