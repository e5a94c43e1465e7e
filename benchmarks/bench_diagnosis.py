"""What the diagnosis watcher (bpviz.engine.diagnosis) costs per training step, next to the step itself.

    python benchmarks/bench_diagnosis.py

For each network, in interleaved rounds (so that a busy machine slows both alike): the median time of one
``Trainer.step()`` (which includes ``Diagnosis.observe``), and the time of ``Diagnosis.observe`` alone per step,
amortized over its every-EVALUATE_EVERY-steps per-layer checks (fed the trainer's own StepStats and block outputs
for 2000 consecutive steps). The last column is observe / step.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.diagnosis import Diagnosis  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402

CASES = [
    ("depth 10, sigmoid (default)", {}),
    ("depth 10, ReLU, residual", {"network.activation": "relu", "network.init": "xavier", "network.residual": True,
                                  "train.learning_rate": 0.01}),
    ("depth 200, tanh", {"network.depth": 200, "network.activation": "tanh"}),
    ("depth 200, tanh, residual", {"network.depth": 200, "network.activation": "tanh", "network.residual": True,
                                   "train.learning_rate": 0.001}),
]
ROUNDS = 5


def step_time(trainer: Trainer, steps: int) -> float:
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        trainer.step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def observe_time(trainer: Trainer, steps: int = 2000) -> float:
    stats = trainer.last_stats
    fed = [dataclasses.replace(stats, step=k + 1) for k in range(steps)]
    watcher = Diagnosis()
    outputs = trainer.network.trace.outputs
    events = list(trainer.history.events)
    start = time.perf_counter()
    for row in fed:
        watcher.observe(row, trainer.config, events, outputs)
    return (time.perf_counter() - start) / steps


def main() -> None:
    print("| network | step ms (median) | observe µs per step | observe / step |")
    print("|---|---:|---:|---:|")
    for name, changes in CASES:
        trainer = Trainer(ExperimentConfig().replace(**changes))
        trainer.run(30)
        steps = 200 if trainer.network.depth <= 10 else 20
        step_medians, observe_medians = [], []
        for _ in range(ROUNDS):
            step_medians.append(step_time(trainer, steps))
            observe_medians.append(observe_time(trainer))
        step, observe = statistics.median(step_medians), statistics.median(observe_medians)
        print(f"| {name} | {step * 1e3:.2f} | {observe * 1e6:.1f} | {100 * observe / step:.2f}% |", flush=True)


if __name__ == "__main__":
    main()
