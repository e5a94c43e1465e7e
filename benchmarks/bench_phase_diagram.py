"""Time the theory view's redraws: the phase diagram when the activation changes, and the prediction overlay.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_phase_diagram.py      # medians of --rounds, in ms

Phase diagram (``phaseDiagramPlot`` shown at 700 x 450): the time from ``set_experiment`` with another
activation to the end of the repaint it causes (``update`` + a synchronous ``viewport().repaint()``).
"cold" clears theory's caches first (the activation's table of E[phi^2], E[phi'^2] and its map are built in the
redraw); "warm" is what the window sees once :func:`bpviz.ui.plots.phase_diagram.warm_up` has built every map in
the background (it starts the first time the plot shows in the window). Goal: warm < 50 ms.

Prediction overlay (``gradientFlowPlot`` at 700 x 450, tanh): the first frame of a new network computes the
prediction (``theory.predicted_log10_signal_norms``, then cached per network), later frames only shift it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bpviz.ui  # noqa: E402,F401  (PySide6 before pyqtgraph)
from PySide6.QtWidgets import QApplication  # noqa: E402

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine import theory  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402
from bpviz.ui.plots.gradient_flow import GradientFlowPlot  # noqa: E402
from bpviz.ui.plots import phase_diagram  # noqa: E402
from bpviz.ui.plots.phase_diagram import SIGMA_B2_GRID, SIGMA_W2_GRID, PhaseDiagramPlot  # noqa: E402

SIZE = (700, 450)


def clear_caches() -> None:
    theory._table.cache_clear()
    theory._phase_diagram.cache_clear()
    phase_diagram._chi1_cache.clear()  # the marker's exact chi1


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def redraw_ms(plot, config, frame, app: QApplication) -> float:
    started = time.perf_counter()
    plot.set_experiment(config)
    plot.update(*frame)
    plot.plot_widget.viewport().repaint()
    elapsed = time.perf_counter() - started
    settle(app)
    return 1e3 * elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    app = QApplication.instance() or QApplication(["bench"])
    base = ExperimentConfig().replace(**{"network.depth": 10, "network.width": 32})
    trainer = Trainer(base)
    frame = (trainer.history.view(), trainer.snapshot())
    plot = PhaseDiagramPlot()
    plot.resize(*SIZE)
    plot.show()
    settle(app)
    print(f"phaseDiagramPlot {SIZE[0]}x{SIZE[1]}: redraw after an activation change (ms, median of {rounds})")
    print(f"{'activation':<11} {'cold':>8} {'warm':>8}")
    names = theory.ACTIVATION_NAMES
    cold: dict[str, list[float]] = {name: [] for name in names}
    warm: dict[str, list[float]] = {name: [] for name in names}
    for _round in range(rounds):
        for index, name in enumerate(names):
            previous = base.replace(**{"network.activation": names[index - 1]})
            redraw_ms(plot, previous, frame, app)  # the plot shows another activation before each change
            clear_caches()
            theory.phase_diagram(names[index - 1], SIGMA_W2_GRID, SIGMA_B2_GRID)
            cold[name].append(redraw_ms(plot, base.replace(**{"network.activation": name}), frame, app))
        for name in names:  # every map is cached now, as after warm_up()
            theory.phase_diagram(name, SIGMA_W2_GRID, SIGMA_B2_GRID)
        for index, name in enumerate(names):
            redraw_ms(plot, base.replace(**{"network.activation": names[index - 1]}), frame, app)
            phase_diagram._chi1_cache.clear()  # warm_up() builds the maps, not the marker's chi1
            warm[name].append(redraw_ms(plot, base.replace(**{"network.activation": name}), frame, app))
    for name in names:
        print(f"{name:<11} {statistics.median(cold[name]):8.1f} {statistics.median(warm[name]):8.1f}")
    plot.close()

    flow = GradientFlowPlot()
    flow.resize(*SIZE)
    flow.show()
    settle(app)
    print(f"\ngradientFlowPlot {SIZE[0]}x{SIZE[1]} with the prediction overlay, tanh (ms, median of {rounds})")
    print(f"{'depth':>5} {'first frame of a network':>25} {'next frames':>12} {'overlay off':>12}")
    for depth in (10, 50, 200):
        config = base.replace(**{"network.depth": depth, "network.activation": "tanh"})
        run = Trainer(config)
        frame = (run.history.view(), run.snapshot())
        first, later, off = [], [], []
        for round_ in range(rounds):
            fresh = config.replace(**{"network.init_gain": 1.0 + 0.001 * (round_ + 1)})  # not in the cache
            flow.prediction._shapes.clear()
            first.append(redraw_ms(flow, fresh, frame, app))
            later.append(redraw_ms(flow, fresh, frame, app))
            flow.prediction.action.setChecked(False)
            off.append(redraw_ms(flow, fresh, frame, app))
            flow.prediction.action.setChecked(True)
        print(f"{depth:>5} {statistics.median(first):25.1f} {statistics.median(later):12.1f} "
              f"{statistics.median(off):12.1f}")
    flow.close()


if __name__ == "__main__":
    main()
