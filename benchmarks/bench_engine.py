"""Time one full bpviz training step against the same step in PyTorch eager on the CPU, and against the GEMM bound.

    python benchmarks/bench_engine.py                      # print the table
    python benchmarks/bench_engine.py --write docs/benchmarks.md   # and put it under "## Engine" there
    python benchmarks/bench_engine.py --profile            # where a bpviz step's time goes, part by part

A bpviz step is ``Trainer.step()`` itself: batch selection, forward, backward, gradient norms, clipping check,
SGD update and the per-layer telemetry of DESIGN.md §3 (gradient norms, signal-gradient norms, update:data
ratios, activation mean/std, saturation, dead units), plus the test-set accuracy every 10th step, exactly as the
app runs it. The PyTorch step is the same network, written as a user would (``nn.Linear``, ``nn.BatchNorm1d``,
the built-in activation, ``h = h + alpha * a`` with a learnable ReZero scalar), starting from bpviz's own initial
weights, on the same batches: zero_grad, forward, cross entropy, backward, optimizer.step. PyTorch gets as many
threads as NumPy's BLAS has.

The GEMM bound is the time of only the matrix products a step needs (per hidden layer the forward product, dW and
dh, and the output layer's three), with NumPy's own BLAS at the same shapes and dtype into preallocated arrays:
the floor of a training step on this machine, whatever else the step does.

With PyTorch installed, the same products are also timed through PyTorch (``torch.mm``, its own BLAS: MKL in
the x86 wheels) at the same shapes. NumPy products / PyTorch step is the floor of bpviz / PyTorch for any engine
built on NumPy's matrix product: where it is above the goal, no NumPy code around the products can meet it.

They run interleaved, in rounds (the order rotating), so that a busy machine slows them alike; a ratio is the
median over rounds of (median of one's steps / median of the other's steps) within the round.

PyTorch is optional (``pip install torch``); it is never a dependency of bpviz. Without it only bpviz and the GEMM
bound are timed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402


@dataclass(frozen=True)
class Shape:
    depth: int
    width: int
    batch: int
    activation: str
    residual: bool = False
    normalization: str = "none"  # "none" or "batch"

    @property
    def label(self) -> str:
        extras = [self.activation] + (["residual"] if self.residual else []) + (
            ["BN"] if self.normalization == "batch" else [])
        return f"{self.depth}x{self.width}x{self.batch} {' + '.join(extras)}"


SHAPES = [
    Shape(10, 32, 128, "relu"),
    Shape(50, 64, 256, "tanh", residual=True, normalization="batch"),
    Shape(20, 256, 512, "relu"),
    Shape(100, 512, 256, "relu", residual=True, normalization="batch"),
    Shape(200, 128, 128, "sigmoid"),
]
DTYPES = ("float64", "float32")
LEARNING_RATE = 0.01
RESIDUAL_SCALE = "rezero"  # the app's default branch scale; PyTorch gets the same learnable scalar per block
GEMM_WIDTH = 256  # the bpviz / GEMM-bound ratio is reported from this width on
PROFILE_STEPS = 8
ROUND_SECONDS = 0.3
TORCH_GOAL = 0.95
GEMM_GOAL = 1.12
NOTES = (
    "What remains above the GEMM bound (see the profile): NumPy does one element-wise operation per call, each a "
    "full pass over a batch x width array (or a width x width weight) through memory, where a fused kernel "
    "(PyTorch's batch norm, its activations) does several in one. Per hidden block with batch norm, ReLU and a "
    "ReZero skip the forward pass makes 11 such passes (+ bias, batch mean and variance reads, centring, "
    "* inv_std, the x-hat copy, * gamma, + beta, ReLU, the skip's scale and add) and backward 12 (ReLU's "
    "derivative and product, the ReZero dot, the branch scale, batch norm's three sums and four updates, the "
    "skip's add); then the telemetry reads every activation, signal "
    "gradient and weight gradient once or twice (mean and std, norms), the update ratio reads W and the update "
    "twice each, and SGD makes two passes over W. In float32 each telemetry read first converts to float64 (the "
    "statistics are float64 so that a 1e-40 gradient shows as 1e-40), which costs about as much as the read "
    "itself. With 2 BLAS threads the products run on both cores and the element-wise passes on one, so the share "
    "above the bound is larger than in the 1-thread profile."
)


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


def make_trainer(shape: Shape, dtype: str) -> Trainer:
    samples = max(1000, int(np.ceil(shape.batch / 0.8)) + 10)
    init = "he" if shape.activation == "relu" else "xavier"
    config = ExperimentConfig(name="benchmark").replace(**{
        "network.depth": shape.depth, "network.width": shape.width, "network.activation": shape.activation,
        "network.init": init, "network.residual": shape.residual, "network.residual_scale": RESIDUAL_SCALE,
        "network.normalization": shape.normalization, "train.optimizer": "sgd",
        "train.learning_rate": LEARNING_RATE, "train.batch_size": shape.batch, "train.dtype": dtype,
        "data.samples": samples, "data.dataset": "spiral",
    })
    return Trainer(config)


class TorchStep:
    """The same network, initial weights and data in PyTorch eager mode, written as a user would."""

    def __init__(self, torch, trainer: Trainer, shape: Shape, dtype: str) -> None:
        self.torch = torch
        nn = torch.nn
        torch_dtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
        net = trainer.network
        params = net.parameters()

        def tensor(array):
            return torch.from_numpy(np.array(array, dtype=dtype))

        activation = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[shape.activation]

        class Block(nn.Module):
            def __init__(self, index: int, fan_in: int) -> None:
                super().__init__()
                self.linear = nn.Linear(fan_in, shape.width, dtype=torch_dtype)
                with torch.no_grad():
                    self.linear.weight.copy_(tensor(params[f"hidden.{index}.weight"].T))
                    self.linear.bias.copy_(tensor(params[f"hidden.{index}.bias"]))
                self.norm = nn.BatchNorm1d(shape.width, dtype=torch_dtype) if shape.normalization == "batch" else None
                self.act = activation()
                self.skip = shape.residual and index >= 1
                self.alpha = nn.Parameter(torch.zeros((), dtype=torch_dtype)) if self.skip else None

            def forward(self, h):
                z = self.linear(h)
                if self.norm is not None:
                    z = self.norm(z)
                a = self.act(z)
                return h + self.alpha * a if self.skip else a

        class Model(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                fan_in = net.n_inputs
                blocks = []
                for i in range(shape.depth):
                    blocks.append(Block(i, fan_in))
                    fan_in = shape.width
                self.blocks = nn.Sequential(*blocks)
                self.output = nn.Linear(fan_in, net.n_classes, dtype=torch_dtype)
                with torch.no_grad():
                    self.output.weight.copy_(tensor(params["output.weight"].T))
                    self.output.bias.copy_(tensor(params["output.bias"]))

            def forward(self, x):
                return self.output(self.blocks(x))

        self.model = Model().to(torch_dtype)
        self.model.train()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LEARNING_RATE)
        self.loss_fn = nn.CrossEntropyLoss()
        self.X = torch.from_numpy(np.array(trainer.dataset.X_train)).to(torch_dtype)  # a writable copy
        self.y = torch.from_numpy(np.array(trainer.dataset.y_train, dtype=np.int64))  # a writable copy
        self.batch = shape.batch
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


class GemmStep:
    """Only the matrix products of one training step, at its shapes, into preallocated arrays (the GEMM bound).

    Per hidden layer i: z_i = h_(i-1) @ W_i (forward), dW_i = h_(i-1)^T @ dz_i and, for i >= 1, dh_(i-1) = dz_i @
    W_i^T; the output layer likewise. Operand layouts are the ones bpviz's backward pass uses.
    """

    def __init__(self, trainer: Trainer, shape: Shape, dtype: str) -> None:
        rng = np.random.default_rng(2)
        net = trainer.network
        fans = [net.n_inputs] + [shape.width] * shape.depth
        outs = [shape.width] * shape.depth + [net.n_classes]
        self.layers = []
        for fan_in, fan_out in zip(fans, outs):
            self.layers.append((
                rng.standard_normal((shape.batch, fan_in)).astype(dtype),   # h_in
                rng.standard_normal((fan_in, fan_out)).astype(dtype),       # W
                np.empty((shape.batch, fan_out), dtype),                    # z
                rng.standard_normal((shape.batch, fan_out)).astype(dtype),  # dz
                np.empty((fan_in, fan_out), dtype),                         # dW
                np.empty((shape.batch, fan_in), dtype) if fan_in != net.n_inputs else None,  # dh_in
            ))

    def step(self) -> None:
        for h_in, weight, z, _, _, _ in self.layers:
            np.matmul(h_in, weight, out=z)
        for h_in, weight, _, dz, dw, dh in reversed(self.layers):
            np.matmul(h_in.T, dz, out=dw)
            if dh is not None:
                np.matmul(dz, weight.T, out=dh)


class TorchGemmStep:
    """The GEMM bound's products through PyTorch's BLAS: the same arrays (shared memory), the same layouts."""

    def __init__(self, torch, gemm: GemmStep) -> None:
        self.torch = torch
        self.layers = [tuple(None if array is None else torch.from_numpy(array) for array in layer)
                       for layer in gemm.layers]

    def step(self) -> None:
        mm = self.torch.mm
        for h_in, weight, z, _, _, _ in self.layers:
            mm(h_in, weight, out=z)
        for h_in, weight, _, dz, dw, dh in reversed(self.layers):
            mm(h_in.t(), dz, out=dw)
            if dh is not None:
                mm(dz, weight.t(), out=dh)


# (numerator, denominator) -> result key: the ratios besides bpviz / other, each taken within a round
EXTRA_RATIOS = {("gemm", "torch_gemm"): "blas", ("gemm", "torch"): "floor"}


def time_steps(step, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def bench_shape(torch, shape: Shape, dtype: str, rounds: int, steps: int) -> dict:
    trainer = make_trainer(shape, dtype)
    contenders = {"bpviz": trainer.step}
    if torch is not None:
        contenders["torch"] = TorchStep(torch, trainer, shape, dtype).step
    if shape.width >= GEMM_WIDTH:
        gemm = GemmStep(trainer, shape, dtype)
        contenders["gemm"] = gemm.step
        if torch is not None:
            contenders["torch_gemm"] = TorchGemmStep(torch, gemm).step
    for _ in range(3):  # warm-up: buffers, allocator, caches
        for step in contenders.values():
            step()
    if not steps:  # enough steps for ~ROUND_SECONDS of bpviz per round (a loaded machine gets fewer, not a longer run)
        steps = max(1, min(20, int(ROUND_SECONDS / max(min(time_steps(trainer.step, 2)), 1e-6))))
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names if name != "bpviz"}
    extra = {key: [] for (top, bottom), key in EXTRA_RATIOS.items() if top in names and bottom in names}
    for round_number in range(rounds):
        # rotate who goes first, so that none always inherits another's cache or the machine's mood
        shift = round_number % len(names)
        medians = {}
        for name in names[shift:] + names[:shift]:
            now = time_steps(contenders[name], steps)
            times[name] += now
            medians[name] = statistics.median(now)
        for name in ratios:
            ratios[name].append(medians["bpviz"] / medians[name])
        for (top, bottom), key in EXTRA_RATIOS.items():
            if key in extra:
                extra[key].append(medians[top] / medians[bottom])
    if trainer.divergence is not None:
        raise RuntimeError(f"the benchmark run diverged: {trainer.divergence}")
    result = {"shape": shape.label, "dtype": dtype, "samples": len(times["bpviz"])}
    for name in names:
        result[f"{name}_ms"] = 1e3 * statistics.median(times[name])
    for name, values in ratios.items():
        # the median over rounds of (bpviz / other) within a round: the two ran seconds apart, so a burst of load
        # from elsewhere on the machine affects both sides of a ratio alike
        result[f"{name}_ratio"] = statistics.median(values)
        result[f"{name}_range"] = (min(values), max(values))
    for key, values in extra.items():
        result[f"{key}_ratio"] = statistics.median(values)
        result[f"{key}_range"] = (min(values), max(values))
    return result


def table(results: list[dict]) -> str:
    has_torch = any("torch_ms" in r for r in results)
    header = "| depth x width x batch | dtype | bpviz ms |"
    rule = "|---|---|---:|"
    if has_torch:
        header += " PyTorch ms | bpviz / PyTorch |"
        rule += "---:|---:|"
    header += " GEMM bound ms | bpviz / GEMM bound |"
    rule += "---:|---:|"
    has_floor = any("floor_ratio" in r for r in results)
    if has_floor:
        header += " PyTorch's products ms | NumPy / PyTorch products | NumPy products / PyTorch step |"
        rule += "---:|---:|---:|"
    lines = [header, rule]
    for r in results:
        row = f"| {r['shape']} | {r['dtype']} | {r['bpviz_ms']:.2f} |"
        if has_torch:
            row += f" {r['torch_ms']:.2f} | {r['torch_ratio']:.2f} |" if "torch_ms" in r else " – | – |"
        row += f" {r['gemm_ms']:.2f} | {r['gemm_ratio']:.2f} |" if "gemm_ms" in r else " – | – |"
        if has_floor:
            row += (f" {r['torch_gemm_ms']:.2f} | {r['blas_ratio']:.2f} | {r['floor_ratio']:.2f} |"
                    if "floor_ratio" in r else " – | – | – |")
        lines.append(row)
    return "\n".join(lines)


def range_table(results: list[dict]) -> str:
    """Each ratio's range over the rounds (the spread that the medians above hide)."""
    columns = [(key, title) for key, title in (
        ("torch", "bpviz / PyTorch"), ("gemm", "bpviz / GEMM bound"), ("blas", "NumPy / PyTorch products"),
        ("floor", "NumPy products / PyTorch step")) if any(f"{key}_range" in r for r in results)]
    lines = ["| row | " + " | ".join(f"{title} range" for _, title in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for r in results:
        cells = []
        for key, _ in columns:
            low_high = r.get(f"{key}_range")
            cells.append(f"{low_high[0]:.2f}-{low_high[1]:.2f}" if low_high else "–")
        lines.append(f"| {r['shape']} {r['dtype']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def profile(shape: Shape, dtype: str, steps: int, clock=time.perf_counter) -> list[tuple[str, float]]:
    """Median ms per step of each part of ``Trainer.step()``, timed by wrapping the engine's functions, and of the
    GEMM bound's products; ``clock`` is the timer (``time.thread_time``: this thread's CPU time)."""
    from bpviz.engine import network as network_module
    from bpviz.engine import trainer as trainer_module

    trainer = make_trainer(shape, dtype)
    net = trainer.network
    gemm = GemmStep(trainer, shape, dtype)
    spent: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + clock() - start
        wrapper.__wrapped__ = function
        return wrapper

    patches = [
        (net, "_forward_hidden", timed("forward (hidden blocks)", net._forward_hidden)),
        (net, "loss_and_grads", timed("loss_and_grads", net.loss_and_grads)),
        (trainer, "_measure", timed("telemetry: activation statistics, norms", trainer._measure)),
        (trainer.diagnosis, "observe", timed("diagnosis", trainer.diagnosis.observe)),
        (trainer_module, "update_ratios", timed("telemetry: update ratios", trainer_module.update_ratios)),
        (trainer_module, "clip_gradients", timed("clipping check", trainer_module.clip_gradients)),
        (trainer.optimizer, "step", timed("SGD update", trainer.optimizer.step)),
    ]
    for owner, name, wrapper in patches:
        setattr(owner, name, wrapper)
    del network_module
    try:
        return _profile_steps(trainer, gemm, spent, steps, clock)
    finally:  # the module-level functions go back to what they were (the instances are this profile's own)
        trainer_module.update_ratios = patches[4][2].__wrapped__
        trainer_module.clip_gradients = patches[5][2].__wrapped__


def _profile_steps(trainer: Trainer, gemm: GemmStep, spent: dict[str, float], steps: int,
                   clock) -> list[tuple[str, float]]:
    for _ in range(3):
        trainer.step()
    rows: dict[str, list[float]] = {}
    for _ in range(steps):
        spent.clear()
        start = clock()
        trainer.step()
        total = clock() - start
        start = clock()
        gemm.step()
        products = clock() - start
        parts = dict(spent)
        parts["backward (rest of loss_and_grads)"] = parts.pop("loss_and_grads") - parts["forward (hidden blocks)"]
        parts["rest of Trainer.step"] = total - sum(parts.values())
        parts["whole step"] = total
        parts["GEMM bound (products alone)"] = products
        for name, value in parts.items():
            rows.setdefault(name, []).append(1e3 * value)
    return [(name, statistics.median(values)) for name, values in rows.items()]


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
        for index, shape in enumerate(SHAPES):
            if args.shape and index + 1 not in args.shape:
                continue
            result = bench_shape(torch, shape, dtype, args.rounds, args.steps)
            results.append(result)
            line = f"{result['shape']:>36} {dtype}: bpviz {result['bpviz_ms']:8.2f} ms"
            for name, title in (("torch", "PyTorch"), ("gemm", "GEMM bound"), ("torch_gemm", "PyTorch's products")):
                if f"{name}_ms" in result and f"{name}_ratio" in result:
                    low, high = result[f"{name}_range"]
                    line += (f"   {title} {result[f'{name}_ms']:8.2f} ms, ratio {result[f'{name}_ratio']:.2f} "
                             f"({low:.2f}-{high:.2f})")
            if "floor_ratio" in result:
                line += f"   NumPy products / PyTorch step {result['floor_ratio']:.2f}"
            print(line + f"   ({result['samples']} steps each)", flush=True)
    if hasattr(os, "getloadavg"):
        env.append(f"- load average after the run {os.getloadavg()[0]:.2f} (other work on the machine slows "
                   "multi-threaded BLAS and OpenMP the most)")
    print()
    print(table(results), flush=True)
    return results, env


def goal_summary(results: list[dict], threads: int | None) -> str:
    """Which rows meet issue 16's goals, in one sentence."""
    torch_rows = [r for r in results if "torch_ratio" in r]
    gemm_rows = [r for r in results if "gemm_ratio" in r]
    missed = [f"{r['shape']} {r['dtype']} ({r['torch_ratio']:.2f})" for r in torch_rows
              if r["torch_ratio"] > TORCH_GOAL]
    missed_gemm = [f"{r['shape']} {r['dtype']} ({r['gemm_ratio']:.2f})" for r in gemm_rows
                   if r["gemm_ratio"] > GEMM_GOAL]
    text = f"Goals with {threads} BLAS thread(s): bpviz / PyTorch <= {TORCH_GOAL} on "
    text += f"{len(torch_rows) - len(missed)} of {len(torch_rows)} rows" + (
        f" (not on {', '.join(missed)})" if missed else "")
    text += f"; bpviz / GEMM bound <= {GEMM_GOAL} on {len(gemm_rows) - len(missed_gemm)} of {len(gemm_rows)} rows"
    text += f" (not on {', '.join(missed_gemm)})." if missed_gemm else "."
    floors = [f"{r['shape']} {r['dtype']} ({r['floor_ratio']:.2f})" for r in results
              if r.get("floor_ratio", 0.0) > TORCH_GOAL]
    if floors:
        text += (f" On {', '.join(floors)} NumPy's matrix products alone take more than {TORCH_GOAL} of PyTorch's "
                 "whole step: no engine built on NumPy's BLAS can meet the PyTorch goal there on this machine.")
    return text


def profile_table(rows: list[tuple[str, float]], shape: Shape, dtype: str) -> str:
    total = dict(rows)["whole step"]
    lines = [f"{shape.label}, {dtype}:", "", "| part of `Trainer.step()` | ms (median) | share of the step |",
             "|---|---:|---:|"]
    for name, value in rows:
        lines.append(f"| {name} | {value:.2f} | {100 * value / total:.0f} % |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds per shape (default 30)")
    parser.add_argument("--steps", type=int, default=0,
                        help=f"steps per round and contender (default: as many as take ~{ROUND_SECONDS} s, 1 to 20)")
    parser.add_argument("--threads", type=int, action="append",
                        help="limit NumPy's BLAS and PyTorch to N threads (repeatable: one table each)")
    parser.add_argument("--no-torch", action="store_true", help="time bpviz only")
    parser.add_argument("--dtype", choices=DTYPES, action="append", help="only this dtype (repeatable)")
    parser.add_argument("--shape", type=int, action="append",
                        help=f"only this row of the shapes, 1..{len(SHAPES)} (repeatable)")
    parser.add_argument("--profile", action="store_true",
                        help="print where a bpviz step's time goes (rows of width >= 256), alone or after the tables")
    parser.add_argument("--write", type=Path, help="write the tables into this Markdown file's '## Engine' section")
    args = parser.parse_args(argv)

    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("PyTorch is not installed: timing bpviz only.", file=sys.stderr)
    sections = []
    for limit in (args.threads or [None]) if args.write or not args.profile else []:
        limiter = limit_blas_threads(limit) if limit else None
        threads, blas = blas_info()
        results, env = run_all(torch, args, threads, blas)
        sections.append((threads, results, env))
        if limiter is not None:
            limiter.restore_original_limits()
    profiles = []
    if args.profile:  # after the timing; 1 BLAS thread and the thread's CPU time: other processes do not count
        limiter = limit_blas_threads(1)
        try:
            for dtype in args.dtype or DTYPES:
                for index, shape in enumerate(SHAPES):
                    if (args.shape and index + 1 not in args.shape) or (not args.shape and shape.width < GEMM_WIDTH):
                        continue
                    rows = profile(shape, dtype, args.steps or PROFILE_STEPS, clock=time.thread_time)
                    profiles.append(profile_table(rows, shape, dtype))
                    print(profiles[-1] + "\n", flush=True)
        finally:
            limiter.restore_original_limits()

    if args.write:
        command = "python benchmarks/bench_engine.py" + "".join(f" --threads {n}" for n in args.threads or [])
        body = [
            "Time of one full training step (`Trainer.step()`: batch selection, forward, backward, SGD update, the "
            "per-layer telemetry, and every 10th step the test accuracy) on the five shapes of issue 16, in both "
            "dtypes, against the same step in PyTorch eager on the CPU (the same network written as a user would: "
            "`nn.Linear`, `nn.BatchNorm1d`, the built-in activation, a learnable ReZero scalar per skip; bpviz's own "
            "initial weights; zero_grad, forward, cross entropy, backward, `optimizer.step()`), both on the same "
            "batches of the spiral dataset, and against the GEMM bound: only the matrix products of the step "
            "(forward, dW and dh per layer) with NumPy's own BLAS at the same shapes into preallocated arrays. "
            "Times are medians of per-step times; a ratio is the median over interleaved rounds (the order "
            "rotating) of (bpviz median / other median) within the round, so that load from elsewhere on the "
            "machine affects both sides of each ratio alike. Ratio < 1: bpviz is faster. Goals (issue 16): "
            f"bpviz / PyTorch <= 0.95 on every row, bpviz / GEMM bound <= 1.12 at width >= {GEMM_WIDTH}.",
        ]
        for threads, results, env in sections:
            body += ["", f"### {threads} BLAS thread(s)", "", table(results), "", range_table(results), "", *env]
        if profiles:
            body += ["", "### Where the time above the GEMM bound goes", "",
                     "`python benchmarks/bench_engine.py --profile --write ...`: each part of `Trainer.step()` timed "
                     "by wrapping the engine's functions, with 1 BLAS thread and the thread's own CPU time "
                     "(`time.thread_time`), so that other processes on the machine do not count; medians over "
                     f"{args.steps or PROFILE_STEPS} steps. The GEMM bound's products are inside forward and "
                     "backward; everything else in those two rows is element-wise passes over the layer."]
            for text in profiles:
                body += ["", text]
        body += ["", NOTES]
        for threads, results, _ in sections:
            body += ["", goal_summary(results, threads)]
        body += ["", f"Reproduce: `{command} --profile --write docs/benchmarks.md` (PyTorch and threadpoolctl are "
                 "optional and never bpviz dependencies: `pip install torch==2.13.0 threadpoolctl`)."]
        write_section(args.write, "\n".join(body))
        print(f"\nwrote the Engine section of {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
