"""The remedy table of issue 10: plain vs every remedy and combination, trained as the builder would train them.

    python benchmarks/remedies.py                 # print the tables (288 runs, 24 CPU-minutes)
    python benchmarks/remedies.py --jobs 1        # one process
    python benchmarks/remedies.py --write docs/remedies.md   # and refresh its tables (between their markers)

Every run is the engine's own Trainer on the default experiment (spiral data, SGD, lr 0.1, batch 64) with only the
network's activation, init, depth and remedies changed, for 800 steps, seeds 0, 1 and 2. Per cell: the median test
accuracy over the seeds, and what went wrong in any seed: "diverged" (the run stopped on a NaN/Inf), or the largest
loss seen when it exceeded 3 (a spike; the first step's loss on 2 classes is about 0.7).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402

ACTIVATIONS = [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he"), ("leaky_relu", "he")]
DEPTHS = (10, 30)
SEEDS = (0, 1, 2)
STEPS = 800
SPIKE = 3.0

# column name -> network changes
VARIANTS = {
    "plain": {},
    "res (none)": {"residual": True, "residual_scale": "none"},
    "res 1/√L": {"residual": True, "residual_scale": "sqrt_depth"},
    "res ReZero": {"residual": True, "residual_scale": "rezero"},
    "BN": {"normalization": "batch"},
    "LN": {"normalization": "layer"},
    "res (none) + BN": {"residual": True, "residual_scale": "none", "normalization": "batch"},
    "res 1/√L + BN": {"residual": True, "residual_scale": "sqrt_depth", "normalization": "batch"},
    "res ReZero + BN": {"residual": True, "residual_scale": "rezero", "normalization": "batch"},
    "res (none) + LN": {"residual": True, "residual_scale": "none", "normalization": "layer"},
    "res 1/√L + LN": {"residual": True, "residual_scale": "sqrt_depth", "normalization": "layer"},
    "res ReZero + LN": {"residual": True, "residual_scale": "rezero", "normalization": "layer"},
}


def config_for(activation: str, init: str, depth: int, changes: dict, seed: int) -> ExperimentConfig:
    settings = {"network.activation": activation, "network.init": init, "network.depth": depth, "train.seed": seed}
    settings.update({f"network.{key}": value for key, value in changes.items()})
    return ExperimentConfig().replace(**settings)


def run_one(job: tuple) -> dict:
    activation, init, depth, variant, seed, steps = job
    trainer = Trainer(config_for(activation, init, depth, VARIANTS[variant], seed))
    losses = []
    for _ in range(steps):
        stats = trainer.step()
        if stats is None:
            break
        losses.append(stats.loss)
    diverged = trainer.divergence is not None
    return {
        "job": job, "diverged": diverged, "loss0": losses[0] if losses else math.nan,
        "max_loss": max(losses) if losses else math.nan,
        "final_loss": statistics.median(losses[-10:]) if losses else math.nan,
        "test_accuracy": math.nan if diverged else trainer.test_accuracy(),
    }


def cell(results: list[dict]) -> str:
    accuracy = statistics.median(r["test_accuracy"] if not r["diverged"] else 0.0 for r in results)
    notes = []
    diverged = sum(r["diverged"] for r in results)
    if diverged:
        notes.append(f"**diverged {diverged}/{len(results)}**")
    spikes = [r["max_loss"] for r in results if not r["diverged"] and r["max_loss"] > SPIKE]
    if spikes:
        notes.append(f"**loss up to {max(spikes):.3g}**")
    worse = [r for r in results if not r["diverged"] and not r["final_loss"] < r["loss0"]]
    if worse:
        notes.append(f"**ends above its start {len(worse)}/{len(results)}**")
    return f"{accuracy:.2f}" + (", " + ", ".join(notes) if notes else "")


# the tables docs/remedies.md shows: (marker, columns)
TABLES = {
    "before": ["plain", "res (none)", "res (none) + BN", "BN", "LN", "res (none) + LN"],
    "after": ["plain", "res ReZero", "BN", "LN", "res ReZero + BN", "res ReZero + LN"],
    "every scale": list(VARIANTS),
}


def table(results: dict, variants: list[str]) -> str:
    lines = ["| activation / init | depth | " + " | ".join(variants) + " |",
             "|---|---|" + "---|" * len(variants)]
    for activation, init in ACTIVATIONS:
        for depth in DEPTHS:
            cells = [cell([results[(activation, init, depth, v, s)] for s in SEEDS]) for v in variants]
            lines.append(f"| {activation} / {init} | {depth} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--write", type=Path, help="put the tables in this Markdown file, between markers")
    args = parser.parse_args()
    jobs = [(a, i, d, v, s, args.steps) for a, i in ACTIVATIONS for d in DEPTHS for v in args.variants for s in SEEDS]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        found = {r["job"][:5]: r for r in pool.map(run_one, jobs, chunksize=1)}
    elapsed = time.perf_counter() - started
    tables = {name: table(found, [v for v in columns if v in args.variants]) for name, columns in TABLES.items()}
    for name, text in tables.items():
        print(f"{name}:\n{text}\n")
    print(f"{len(jobs)} runs of {args.steps} steps in {elapsed:.0f} s with {args.jobs} processes", file=sys.stderr)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        for name, text in tables.items():
            doc = replace_between(doc, f"<!-- remedies table: {name} -->", "<!-- end of table -->", text)
        args.write.write_text(doc, encoding="utf-8")


def replace_between(doc: str, begin: str, end: str, text: str) -> str:
    head, found, rest = doc.partition(begin)
    if not found:
        raise SystemExit(f"marker {begin!r} not found")
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{text}\n{end}{tail}"


if __name__ == "__main__":
    main()
