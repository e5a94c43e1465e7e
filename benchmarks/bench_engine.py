"""Time one full bpviz training step against the same step in PyTorch eager on the CPU.

    python benchmarks/bench_engine.py                      # print the table
    python benchmarks/bench_engine.py --write docs/benchmarks.md   # and put it under "## Engine" there

A bpviz step is ``Trainer.step()`` itself: batch selection, forward, backward, gradient norms, clipping check,
SGD update and the per-layer telemetry of DESIGN.md §3 (gradient norms, signal-gradient norms, update:data
ratios, activation mean/std, saturation), plus the test-set accuracy every 10th step, exactly as the app runs it.
The PyTorch step is the same network (Linear + tanh blocks, Xavier-uniform weights, zero biases, softmax cross
entropy, SGD with the same learning rate) on the same batches: zero_grad, forward, loss, backward, optimizer.step.
PyTorch gets as many threads as NumPy's BLAS has. The two run interleaved, in rounds, so that a busy machine slows
both alike; the table quotes medians of the per-step times over all rounds.

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

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402

SHAPES = [(10, 32, 128), (50, 64, 256), (20, 256, 512)]  # depth x width x batch
DTYPES = ("float64", "float32")
LEARNING_RATE = 0.01
ACTIVATION = "tanh"


def blas_info() -> tuple[int | None, str]:
    """Threads and kernel of NumPy's BLAS, from threadpoolctl when it is installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None, "unknown (pip install threadpoolctl to see it)"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            kernel = pool.get("architecture") or "?"
            return int(pool["num_threads"]), f"{pool.get('internal_api')} {pool.get('version')}, kernel {kernel}"
    return None, "no BLAS found by threadpoolctl"


def limit_blas_threads(threads: int):
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        sys.exit("--threads needs threadpoolctl (pip install threadpoolctl)")
    return threadpool_limits(limits=threads, user_api="blas")


def make_trainer(depth: int, width: int, batch: int, dtype: str) -> Trainer:
    samples = max(1000, int(np.ceil(batch / 0.8)) + 10)
    config = ExperimentConfig(name="benchmark").replace(**{
        "network.depth": depth, "network.width": width, "network.activation": ACTIVATION,
        "network.init": "xavier", "train.optimizer": "sgd", "train.learning_rate": LEARNING_RATE,
        "train.batch_size": batch, "train.dtype": dtype, "data.samples": samples, "data.dataset": "spiral",
    })
    return Trainer(config)


class TorchStep:
    """The same network and data in PyTorch eager mode."""

    def __init__(self, torch, trainer: Trainer, depth: int, width: int, batch: int, dtype: str) -> None:
        self.torch = torch
        torch_dtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
        torch.manual_seed(0)
        layers, fan_in = [], trainer.dataset.X_train.shape[1]
        for _ in range(depth):
            linear = torch.nn.Linear(fan_in, width)
            torch.nn.init.xavier_uniform_(linear.weight)
            torch.nn.init.zeros_(linear.bias)
            layers += [linear, torch.nn.Tanh()]
            fan_in = width
        output = torch.nn.Linear(fan_in, trainer.dataset.n_classes)
        torch.nn.init.xavier_uniform_(output.weight)
        torch.nn.init.zeros_(output.bias)
        self.model = torch.nn.Sequential(*layers, output).to(torch_dtype)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LEARNING_RATE)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.X = torch.from_numpy(np.array(trainer.dataset.X_train)).to(torch_dtype)  # a writable copy
        self.y = torch.from_numpy(np.asarray(trainer.dataset.y_train, dtype=np.int64))
        self.batch = batch
        self.rng = np.random.default_rng(1)
        self.order = torch.from_numpy(self.rng.permutation(len(self.X)))
        self.cursor = 0

    def step(self) -> float:
        if self.cursor + self.batch > len(self.order):
            self.order = self.torch.from_numpy(self.rng.permutation(len(self.X)))
            self.cursor = 0
        index = self.order[self.cursor:self.cursor + self.batch]
        self.cursor += self.batch
        self.optimizer.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.model(self.X[index]), self.y[index])
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


def bench_shape(torch, depth: int, width: int, batch: int, dtype: str, rounds: int, steps: int) -> dict:
    trainer = make_trainer(depth, width, batch, dtype)
    reference = TorchStep(torch, trainer, depth, width, batch, dtype) if torch is not None else None
    for _ in range(3):  # warm-up: buffers, allocator, caches
        trainer.step()
        if reference is not None:
            reference.step()
    ours, theirs, ratios = [], [], []
    for round_number in range(rounds):
        # alternate who goes first, so neither always inherits the other's cache or the machine's mood
        if reference is not None and round_number % 2:
            theirs_now = time_steps(reference.step, steps)
            ours_now = time_steps(trainer.step, steps)
        else:
            ours_now = time_steps(trainer.step, steps)
            theirs_now = time_steps(reference.step, steps) if reference is not None else []
        ours += ours_now
        theirs += theirs_now
        if theirs_now:
            ratios.append(statistics.median(ours_now) / statistics.median(theirs_now))
    if trainer.divergence is not None:
        raise RuntimeError(f"the benchmark run diverged: {trainer.divergence}")
    result = {"shape": f"{depth}x{width}x{batch}", "dtype": dtype, "bpviz_ms": 1e3 * statistics.median(ours),
              "samples": len(ours)}
    if theirs:
        result["torch_ms"] = 1e3 * statistics.median(theirs)
        # the median over rounds of (bpviz / PyTorch) within a round: the two ran seconds apart, so a burst of
        # load from elsewhere on the machine affects both sides of a ratio alike
        result["ratio"] = statistics.median(ratios)
        result["ratio_range"] = (min(ratios), max(ratios))
    return result


def table(results: list[dict]) -> str:
    has_torch = any("torch_ms" in r for r in results)
    lines = ["| depth x width x batch | dtype | bpviz ms (median) | PyTorch ms (median) | bpviz / PyTorch |",
             "|---|---|---:|---:|---:|"] if has_torch else [
             "| depth x width x batch | dtype | bpviz ms (median) |", "|---|---|---:|"]
    for r in results:
        row = f"| {r['shape']} | {r['dtype']} | {r['bpviz_ms']:.2f} |"
        if has_torch:
            row += f" {r['torch_ms']:.2f} | {r['ratio']:.2f} |"
        lines.append(row)
    return "\n".join(lines)


def environment(torch, threads: int | None, blas: str) -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    lines = [
        f"- Python {platform.python_version()}, NumPy {np.__version__}, BLAS {blas}, {threads} thread(s)",
        f"- OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
        f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}",
        f"- CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        + (f", load average before the run {load[0]:.2f}" if load else ""),
    ]
    if torch is not None:
        lines.append(f"- PyTorch {torch.__version__} ({torch.get_num_threads()} thread(s), "
                     f"{torch.backends.cpu.get_cpu_capability()})")
    return lines


def write_section(path: Path, body: str) -> None:
    """Put ``body`` under the "## Engine" heading of ``path``, leaving every other section as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"## Engine\n\n{body.strip()}\n"
    pattern = re.compile(r"^## Engine\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def run_all(torch, args, threads: int | None, blas: str) -> tuple[list[dict], list[str]]:
    if torch is not None:
        torch.set_num_threads(threads or os.cpu_count() or 1)
    env = environment(torch, threads, blas)
    print("\n".join(env), flush=True)
    results = []
    for dtype in args.dtype or DTYPES:
        for depth, width, batch in SHAPES:
            steps = args.steps or max(4, min(20, int(1e8 / (depth * width * width * batch * 6))))
            result = bench_shape(torch, depth, width, batch, dtype, args.rounds, steps)
            results.append(result)
            line = f"{result['shape']:>12} {dtype}: bpviz {result['bpviz_ms']:8.2f} ms"
            if "torch_ms" in result:
                low, high = result["ratio_range"]
                line += f"   PyTorch {result['torch_ms']:8.2f} ms   ratio {result['ratio']:.2f} ({low:.2f}-{high:.2f})"
            print(line + f"   ({result['samples']} steps each)", flush=True)
    if hasattr(os, "getloadavg"):
        env.append(f"- load average after the run {os.getloadavg()[0]:.2f} (other work on the machine slows "
                   "multi-threaded BLAS and OpenMP the most)")
    print()
    print(table(results), flush=True)
    return results, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds per shape (default 30)")
    parser.add_argument("--steps", type=int, default=0, help="steps per round and framework (default: by size)")
    parser.add_argument("--threads", type=int, action="append",
                        help="limit NumPy's BLAS and PyTorch to N threads (repeatable: one table each)")
    parser.add_argument("--no-torch", action="store_true", help="time bpviz only")
    parser.add_argument("--dtype", choices=DTYPES, action="append", help="only this dtype (repeatable)")
    parser.add_argument("--write", type=Path, help="write the tables into this Markdown file's '## Engine' section")
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
        command = "python benchmarks/bench_engine.py" + "".join(f" --threads {n}" for n in args.threads or [])
        body = [
            "Time of one full training step (`Trainer.step()`: batch selection, forward, backward, SGD update, the "
            "per-layer telemetry, and every 10th step the test accuracy), tanh network, Xavier init, against the "
            "same step in PyTorch eager on the CPU (zero_grad, forward, loss, backward, `optimizer.step()`), both "
            "on the same batches of the spiral dataset. Times are medians of per-step times; the ratio is the "
            "median over interleaved rounds of (bpviz median / PyTorch median) within the round, so that load "
            "from elsewhere on the machine affects both sides of each ratio alike. Ratio < 1: bpviz is faster.",
        ]
        for threads, results, env in sections:
            body += ["", f"### {threads} BLAS thread(s)", "", table(results), "", *env]
        body += ["", "Notes: the machine these figures come from is shared (see the load averages); multi-threaded "
                 "BLAS and OpenMP slow down most when another process takes a core, so the 2-thread times swing "
                 "more than the 1-thread ones and the per-round ratios are the figure to trust. NumPy's "
                 "element-wise operations run on one thread whatever the BLAS does, while PyTorch splits large "
                 "element-wise operations across its threads: with 2 threads and large float32 layers that is "
                 "where PyTorch pulls ahead. The goal is float64 (the default, which keeps 1e-40 gradients "
                 "visible)."]
        body += ["", f"Reproduce: `{command} --write docs/benchmarks.md` (PyTorch and threadpoolctl are optional "
                 "and never bpviz dependencies: `pip install torch threadpoolctl`)."]
        write_section(args.write, "\n".join(body))
        print(f"\nwrote the Engine section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
