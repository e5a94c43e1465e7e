"""Time one training step of bpviz's recurrent network against the same step in PyTorch eager on the CPU.

    python benchmarks/bench_recurrent.py                                   # print the table
    python benchmarks/bench_recurrent.py --threads 1 --write docs/benchmarks.md   # and put it under
                                                                                  # "## Recurrent engine" there

The case of issue 12: an LSTM with H = 64 over T = 100 steps, batch 64, float64, on the "first_symbol" task
(4 symbols: 8 inputs a step, 4 classes); GRU and the vanilla tanh RNN of the same size for comparison.

Two bpviz times per case:

* **step**: ``RecurrentTrainer.step()`` as the app runs it: batch selection, forward and backward through time,
  gradient norms, clipping check, SGD update and the telemetry through time (||dL/dh_t|| for every step, the mean
  forget gate per step, saturation per step, gradient norms and update ratios per weight matrix), plus the
  test-set accuracy every 10th step;
* **backprop**: ``RecurrentNetwork.loss_and_grads`` and the SGD update only, which is exactly what the PyTorch
  step does.

The PyTorch step is ``torch.nn.LSTM`` / ``GRU`` / ``RNN`` (one layer, ``batch_first``) and a ``Linear`` head on the
last output with the same weights, on the same batches: zero_grad, forward, cross-entropy, backward,
``optimizer.step()`` (SGD, same learning rate). PyTorch gets as many threads as NumPy's BLAS has. The sides run
interleaved in rounds, the order alternating, so a busy machine slows them alike; the table quotes medians of the
per-step times, and the ratio is the median over rounds of (bpviz median / PyTorch median) within the round.

PyTorch is optional (``pip install torch``); it is never a dependency of bpviz. Without it only bpviz is timed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import blas_info, limit_blas_threads  # noqa: E402

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.recurrent_trainer import RecurrentTrainer  # noqa: E402

CASES = [("lstm", 64, 100, 64, "float64"), ("gru", 64, 100, 64, "float64"), ("rnn_tanh", 64, 100, 64, "float64"),
         ("lstm", 64, 100, 64, "float32")]  # cell, H, T, batch, dtype
LEARNING_RATE = 0.01
SECTION = "Recurrent engine"


def make_trainer(cell: str, hidden: int, steps: int, batch: int, dtype: str) -> RecurrentTrainer:
    config = ExperimentConfig(name="benchmark", model="recurrent").replace(**{
        "recurrent.cell": cell, "recurrent.hidden_size": hidden, "recurrent.seq_len": steps,
        "recurrent.task": "first_symbol", "train.optimizer": "sgd", "train.learning_rate": LEARNING_RATE,
        "train.batch_size": batch, "train.dtype": dtype, "data.samples": max(400, int(np.ceil(batch / 0.8)) + 10),
    })
    return RecurrentTrainer(config)


class Batches:
    """The trainer's training sequences in a fixed random order, a batch at a time (both sides use the same)."""

    def __init__(self, trainer: RecurrentTrainer, batch: int) -> None:
        self.X = np.array(trainer.dataset.X_train, dtype=trainer.dtype)
        self.y = np.array(trainer.dataset.y_train)
        self.batch = batch
        self.rng = np.random.default_rng(1)
        self.order = self.rng.permutation(len(self.X))
        self.cursor = 0

    def next(self) -> np.ndarray:
        if self.cursor + self.batch > len(self.order):
            self.order = self.rng.permutation(len(self.X))
            self.cursor = 0
        index = self.order[self.cursor:self.cursor + self.batch]
        self.cursor += self.batch
        return index


class BackpropStep:
    """bpviz without the trainer: loss_and_grads and the SGD update, what the PyTorch step does."""

    def __init__(self, trainer: RecurrentTrainer, batch: int) -> None:
        self.network = trainer.network
        self.batches = Batches(trainer, batch)

    def step(self) -> float:
        index = self.batches.next()
        loss, grads = self.network.loss_and_grads(self.batches.X[index], self.batches.y[index])
        for name, param in self.network.parameters().items():
            grad = grads[name]
            grad *= LEARNING_RATE
            param -= grad
        return loss


class TorchStep:
    """The same network, weights and batches in PyTorch eager mode."""

    def __init__(self, torch, trainer: RecurrentTrainer, batch: int) -> None:
        self.torch = torch
        net = trainer.network
        torch_dtype = {"float64": torch.float64, "float32": torch.float32}[str(net.dtype)]
        kinds = {"rnn_tanh": ("RNN", {"nonlinearity": "tanh"}), "rnn_relu": ("RNN", {"nonlinearity": "relu"}),
                 "lstm": ("LSTM", {}), "gru": ("GRU", {})}
        kind, options = kinds[net.cell]
        self.rnn = getattr(torch.nn, kind)(net.n_inputs, net.hidden_size, batch_first=True, **options).to(torch_dtype)
        self.head = torch.nn.Linear(net.hidden_size, net.n_classes).to(torch_dtype)
        with torch.no_grad():
            for target, source in ((self.rnn.weight_ih_l0, net.weight_ih), (self.rnn.weight_hh_l0, net.weight_hh),
                                   (self.rnn.bias_ih_l0, net.bias_ih), (self.rnn.bias_hh_l0, net.bias_hh),
                                   (self.head.weight, net.head_weight.T), (self.head.bias, net.head_bias)):
                target.copy_(torch.from_numpy(np.ascontiguousarray(source)))
        self.optimizer = torch.optim.SGD([*self.rnn.parameters(), *self.head.parameters()], lr=LEARNING_RATE)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.batches = Batches(trainer, batch)
        self.X = torch.from_numpy(self.batches.X)
        self.y = torch.from_numpy(self.batches.y.astype(np.int64))

    def step(self) -> float:
        index = self.torch.from_numpy(self.batches.next())
        self.optimizer.zero_grad(set_to_none=True)
        output, _ = self.rnn(self.X[index])
        loss = self.loss_fn(self.head(output[:, -1]), self.y[index])
        loss.backward()
        self.optimizer.step()
        return float(loss.detach())


def time_steps(step, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def bench_case(torch, cell: str, hidden: int, steps: int, batch: int, dtype: str, rounds: int,
               per_round: int) -> dict:
    trainer = make_trainer(cell, hidden, steps, batch, dtype)
    backprop = BackpropStep(make_trainer(cell, hidden, steps, batch, dtype), batch)
    reference = TorchStep(torch, make_trainer(cell, hidden, steps, batch, dtype), batch) if torch else None
    sides = {"step": trainer.step, "backprop": backprop.step}
    if reference is not None:
        sides["torch"] = reference.step
    for step in sides.values():  # warm-up: buffers, allocator, caches
        for _ in range(2):
            step()
    times: dict[str, list[float]] = {name: [] for name in sides}
    ratios: dict[str, list[float]] = {"step": [], "backprop": []}
    names = list(sides)
    for round_number in range(rounds):
        order = names if round_number % 2 == 0 else names[::-1]
        medians = {}
        for name in order:
            now = time_steps(sides[name], per_round)
            times[name] += now
            medians[name] = statistics.median(now)
        if reference is not None:
            for name in ratios:
                ratios[name].append(medians[name] / medians["torch"])
    if trainer.divergence is not None:
        raise RuntimeError(f"the benchmark run diverged: {trainer.divergence}")
    result = {"case": f"{cell} H={hidden} T={steps} batch={batch}", "dtype": dtype, "samples": len(times["step"]),
              "step_ms": 1e3 * statistics.median(times["step"]),
              "backprop_ms": 1e3 * statistics.median(times["backprop"])}
    if reference is not None:
        result["torch_ms"] = 1e3 * statistics.median(times["torch"])
        for name, values in ratios.items():
            result[f"{name}_ratio"] = statistics.median(values)
            result[f"{name}_ratio_range"] = (min(values), max(values))
    return result


def table(results: list[dict]) -> str:
    has_torch = any("torch_ms" in r for r in results)
    if has_torch:
        lines = ["| case | dtype | bpviz step ms | bpviz backprop ms | PyTorch ms | step / PyTorch "
                 "| backprop / PyTorch |", "|---|---|---:|---:|---:|---:|---:|"]
    else:
        lines = ["| case | dtype | bpviz step ms | bpviz backprop ms |", "|---|---|---:|---:|"]
    for r in results:
        row = f"| {r['case']} | {r['dtype']} | {r['step_ms']:.1f} | {r['backprop_ms']:.1f} |"
        if has_torch:
            row += f" {r['torch_ms']:.1f} | {r['step_ratio']:.2f} | {r['backprop_ratio']:.2f} |"
        lines.append(row)
    return "\n".join(lines)


def environment(torch, threads: int | None, blas: str) -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    lines = [
        f"- Python {platform.python_version()}, NumPy {np.__version__}, BLAS {blas}, {threads} thread(s)",
        f"- CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        + (f", load average before the run {load[0]:.2f}" if load else ""),
    ]
    if torch is not None:
        lines.append(f"- PyTorch {torch.__version__} ({torch.get_num_threads()} thread(s), "
                     f"{torch.backends.cpu.get_cpu_capability()})")
    return lines


def write_section(path: Path, body: str) -> None:
    """Put ``body`` under "## Recurrent engine" in ``path`` (a new section goes right after "## Engine"),
    leaving every other section as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"## {SECTION}\n\n{body.strip()}\n\n"
    own = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    after_engine = re.compile(r"^## Engine\n.*?(?=^## |\Z)", re.S | re.M)
    if own.search(text):
        text = own.sub(lambda _: section, text, count=1)
    elif after_engine.search(text):
        match = after_engine.search(text)
        text = text[:match.end()] + section + text[match.end():]
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def run_all(torch, args, threads: int | None, blas: str) -> tuple[list[dict], list[str]]:
    if torch is not None:
        torch.set_num_threads(threads or os.cpu_count() or 1)
    env = environment(torch, threads, blas)
    print("\n".join(env), flush=True)
    results = []
    for cell, hidden, steps, batch, dtype in CASES:
        if args.cell and cell not in args.cell:
            continue
        result = bench_case(torch, cell, hidden, steps, batch, dtype, args.rounds, args.steps)
        results.append(result)
        line = (f"{result['case']:>30} {dtype}: step {result['step_ms']:7.1f} ms  "
                f"backprop {result['backprop_ms']:7.1f} ms")
        if "torch_ms" in result:
            low, high = result["step_ratio_range"]
            line += (f"  PyTorch {result['torch_ms']:7.1f} ms  step/PyTorch {result['step_ratio']:.2f} "
                     f"({low:.2f}-{high:.2f})  backprop/PyTorch {result['backprop_ratio']:.2f}")
        print(line + f"  ({result['samples']} steps each)", flush=True)
    if hasattr(os, "getloadavg"):
        env.append(f"- load average after the run {os.getloadavg()[0]:.2f}")
    print()
    print(table(results), flush=True)
    return results, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per case (default 15)")
    parser.add_argument("--steps", type=int, default=5, help="steps per round and side (default 5)")
    parser.add_argument("--threads", type=int, action="append",
                        help="limit NumPy's BLAS and PyTorch to N threads (repeatable: one table each)")
    parser.add_argument("--cell", action="append", help="only this cell (repeatable)")
    parser.add_argument("--no-torch", action="store_true", help="time bpviz only")
    parser.add_argument("--write", type=Path, help=f"write the tables into this Markdown file's '## {SECTION}'")
    args = parser.parse_args(argv)

    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("PyTorch is not installed: timing bpviz only.", file=sys.stderr)
    sections = []
    for limit in args.threads or [None]:
        limiter = limit_blas_threads(limit) if limit else None
        threads, blas = blas_info()
        results, env = run_all(torch, args, threads, blas)
        sections.append((threads, results, env))
        if limiter is not None:
            limiter.restore_original_limits()
    if args.write:
        command = "python benchmarks/bench_recurrent.py" + "".join(f" --threads {n}" for n in args.threads or [])
        body = [
            "One training step of the recurrent network (issue 12's case: LSTM, H = 64, T = 100, batch 64, "
            "float64; GRU and vanilla tanh RNN of the same size beside it) against the same step in PyTorch eager "
            "on the CPU (`torch.nn.LSTM`/`GRU`/`RNN` + `Linear` head, same weights, same batches: zero_grad, "
            "forward, cross-entropy, backward, SGD `optimizer.step()`). *bpviz step* is `RecurrentTrainer.step()` "
            "as the app runs it (with the telemetry through time and every 10th step the test accuracy); "
            "*bpviz backprop* is `RecurrentNetwork.loss_and_grads` plus the SGD update, the work the PyTorch step "
            "does. Times are medians of per-step times; a ratio is the median over interleaved rounds of "
            "(bpviz median / PyTorch median) within the round. Ratio < 1: bpviz is faster. The goal is an LSTM "
            "step within 1.5x of PyTorch.",
        ]
        for threads, results, env in sections:
            body += ["", f"### {threads} BLAS thread(s)", "", table(results), "", *env]
        body += ["", "Where the time goes: the element-wise gate math of each time step (NumPy runs each operation "
                 "on one thread), and sigmoid/tanh, which bpviz computes from NumPy's vectorised `exp` (NumPy's "
                 "own float64 `tanh` is several times slower); the GEMMs over all time steps are BLAS's.",
                 "", f"Reproduce: `{command} --write docs/benchmarks.md` (PyTorch and threadpoolctl are optional "
                 "and never bpviz dependencies: `pip install torch threadpoolctl`)."]
        write_section(args.write, "\n".join(body))
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
