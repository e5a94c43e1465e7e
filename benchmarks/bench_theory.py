"""Time the mean-field theory the window needs: the phase diagram per activation, chi1, the per-layer prediction.

    python benchmarks/bench_theory.py            # median of --rounds runs, in milliseconds

The phase diagram is the issue-11 grid (sigma_w2 in [0.1, 4] x sigma_b2 in [0, 0.5], 200 x 100 points) with its
chi1 = 1 curve. "cold" builds everything, including the activation's table of E[phi^2] and E[phi'^2] (the caches
are cleared before every round); "warm" is a second call with the same grid, which returns the cached result;
"new grid" is another grid for an activation whose table exists (e.g. the window's dock resized).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpviz.config import NetworkConfig  # noqa: E402
from bpviz.engine import theory  # noqa: E402

SIGMA_W2 = np.linspace(0.1, 4.0, 200)
SIGMA_B2 = np.linspace(0.0, 0.5, 100)


def clear_caches() -> None:
    theory._table.cache_clear()
    theory._phase_diagram.cache_clear()


def milliseconds(function) -> float:
    started = time.perf_counter()
    function()
    return 1e3 * (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    print(f"{'activation':<11} {'cold':>8} {'warm':>8} {'new grid':>9} {'chi1':>7} {'prediction d=50':>16}"
          f"   (ms, median of {rounds})")
    for activation in theory.ACTIVATION_NAMES:
        cold, warm, regrid, chi, predict = [], [], [], [], []
        config = NetworkConfig(depth=50, width=32, activation=activation, init="xavier", bias_init_std=0.1)
        for round_ in range(rounds):
            clear_caches()
            cold.append(milliseconds(lambda: theory.phase_diagram(activation, SIGMA_W2, SIGMA_B2)))
            warm.append(milliseconds(lambda: theory.phase_diagram(activation, SIGMA_W2, SIGMA_B2)))
            other = np.linspace(0.1, 4.0, 160 + round_)
            regrid.append(milliseconds(lambda: theory.phase_diagram(activation, other, SIGMA_B2)))
            chi.append(milliseconds(lambda: theory.chi1(activation, 1.7, 0.2)))
            predict.append(milliseconds(lambda: theory.predicted_log10_signal_norms(config)))
        print(f"{activation:<11} {statistics.median(cold):8.1f} {statistics.median(warm):8.2f} "
              f"{statistics.median(regrid):9.1f} {statistics.median(chi):7.1f} {statistics.median(predict):16.1f}")


if __name__ == "__main__":
    main()
