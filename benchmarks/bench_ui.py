"""How responsive the window stays while the network trains at full speed (issue 3, "Responsiveness").

For each depth (10, 50, 100 by default):

1. headless: a bare ``Trainer`` steps for a few seconds -> steps/s without any window;
2. in the window: training at full speed while a 5 ms ``QTimer`` probe records how late the event loop runs
   (lateness = interval between probe ticks - 5 ms); the frames the window shows per second (step counter and
   labels) and the redraws of each visible plot per second are counted. "redraws/s" is that of the visible plot
   that redraws least often.

Both places the window can train are measured: in a child process (the default) and in a thread of the window's
process (``MainWindow(training="thread")``), which shares the GIL with the plots.

The two alternate (a few rounds each), so both see the same load when the machine is shared.

Goal: lateness p99 <= 20 ms and max <= 50 ms, >= 25 redraws/s, and >= 80 % of headless steps/s.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py`` (or under ``xvfb-run`` for a real X server).
Options: ``--depths 10 50 100 --rounds 4 --seconds 2 --training process thread --json out.json``.
A recurrent model instead (issue 12): ``--model recurrent --cell lstm --seq-lens 50 100`` (hidden size 32, "remember
the first symbol"); the "depth" column is then T. Settings go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import bpviz.ui  # noqa: E402,F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer  # noqa: E402

from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.recurrent_trainer import make_trainer  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402
from bpviz.ui.app import create_app, settle_memory  # noqa: E402

PROBE_MS = 5
GOALS = {"p99_ms": 20.0, "max_ms": 50.0, "redraws_per_s": 25.0, "speed_ratio": 0.8}


def headless_steps(trainer: Trainer, seconds: float) -> tuple[int, float]:
    """Steps a bare Trainer makes in about ``seconds`` (in this thread, nothing else running): (steps, elapsed)."""
    started = time.perf_counter()
    steps = 0
    while time.perf_counter() - started < seconds:
        trainer.step()
        steps += 1
    return steps, time.perf_counter() - started


def wait(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(config: ExperimentConfig, rounds: int, seconds: float, warmup: float, training: str) -> dict:
    """Alternate headless and in-window segments, so both see the same machine load (others may share the CPU)."""
    from bpviz.ui.main_window import MainWindow

    window = MainWindow(config, training=training)
    window.resize(1600, 1000)
    window.show()
    settle_memory()  # as run_gui does
    wait(0.5)
    trainer = make_trainer(config)
    trainer.run(10)
    headless = [0, 0.0]
    in_window = [0, 0.0, 0]  # steps, seconds, frames shown
    intervals: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def probe() -> None:
        now = clock.nsecsElapsed()
        intervals.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    draws = dict.fromkeys(window.plots, 0)
    for _ in range(rounds):
        steps, elapsed = headless_steps(trainer, seconds / 2)
        headless[0] += steps
        headless[1] += elapsed
        window.start()
        wait(warmup)
        start_step, start_frames = window.latest_frame().step, window.frames_shown
        start_draws = dict(window.draw_counts)
        started = time.perf_counter()
        last[0] = clock.nsecsElapsed()
        timer.start()
        wait(seconds)
        timer.stop()
        in_window[1] += time.perf_counter() - started
        in_window[0] += window.latest_frame().step - start_step
        in_window[2] += window.frames_shown - start_frames
        for name in draws:
            draws[name] += window.draw_counts.get(name, 0) - start_draws.get(name, 0)
        window.pause()
        wait(0.3)
    costs = {name: round(window.plot_cost(name) * 1e3, 1) for name in window.plots}
    diverged = window.latest_frame().divergence is not None
    window.close()
    lateness = np.maximum(np.asarray(intervals) - PROBE_MS, 0.0)
    headless_rate = headless[0] / headless[1]
    window_rate = in_window[0] / in_window[1]
    plot_rates = {name: round(count / in_window[1], 1) for name, count in draws.items() if count}
    return {
        "training": training,
        "p50_ms": float(np.percentile(lateness, 50)),
        "p99_ms": float(np.percentile(lateness, 99)),
        "max_ms": float(lateness.max()),
        "frames_per_s": in_window[2] / in_window[1],
        "redraws_per_s": min(plot_rates.values()),  # of the visible plot that redraws least often
        "window_steps_per_s": window_rate,
        "headless_steps_per_s": headless_rate,
        "speed_ratio": window_rate / headless_rate,
        "plot_cost_ms": costs,
        "plot_redraws_per_s": plot_rates,
        "diverged": diverged,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--rounds", type=int, default=4, help="headless/window segments per depth")
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds of each window segment")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds of training before each segment")
    parser.add_argument("--training", nargs="+", choices=("process", "thread"), default=["process", "thread"],
                        help="where the window trains: in a child process (the default) or in a thread")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--model", choices=("feedforward", "recurrent"), default="feedforward")
    parser.add_argument("--cell", choices=("rnn_tanh", "rnn_relu", "lstm", "gru"), default="lstm",
                        help="the recurrent cell (--model recurrent)")
    parser.add_argument("--seq-lens", type=int, nargs="+", default=[50, 100],
                        help="sequence lengths T to measure (--model recurrent; replaces --depths)")
    args = parser.parse_args(argv)

    settings_dir = tempfile.mkdtemp(prefix="bpviz-bench-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    create_app()

    rows = []
    for training in args.training:
        for depth in (args.seq_lens if args.model == "recurrent" else args.depths):
            if args.model == "recurrent":
                config = ExperimentConfig(model="recurrent").replace(**{
                    "recurrent.cell": args.cell, "recurrent.seq_len": depth})
            else:
                config = ExperimentConfig().replace(**{"network.depth": depth})
            result = measure(config, args.rounds, args.seconds, args.warmup, training)
            result["depth"] = depth
            rows.append(result)
            print(f"{training}, depth {depth}: done", file=sys.stderr, flush=True)

    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    model = f"recurrent {args.cell}, H 32, depth = T" if args.model == "recurrent" else "feed-forward"
    print(f"bpviz UI responsiveness ({model}) — {platform.python_version()}, {os.cpu_count()} cores, "
          f"QT_QPA_PLATFORM={platform_name}, {args.rounds} x {args.seconds:g} s in the window per depth "
          f"(alternating with {args.rounds} x {args.seconds / 2:g} s headless), 1600x1000 window, default layout, "
          f"machine load average {os.getloadavg()[0]:.1f}\n")
    print("| training in | depth | lateness p50 | p99 (goal <= 20 ms) | max (goal <= 50 ms) | frames/s "
          "| redraws/s of every visible plot (>= 25) | steps/s in window | headless | ratio (>= 80 %) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['training']} | {row['depth']} | {row['p50_ms']:.1f} ms | {row['p99_ms']:.1f} ms "
              f"| {row['max_ms']:.1f} ms | {row['frames_per_s']:.1f} | {row['redraws_per_s']:.1f} "
              f"| {row['window_steps_per_s']:.0f} | {row['headless_steps_per_s']:.0f} "
              f"| {100 * row['speed_ratio']:.0f} % |")
    print("\nper visible plot: redraws/s (measured cost of one redraw = update + paint, ms):")
    for row in rows:
        costs = ", ".join(f"{name} {rate:g}/s ({row['plot_cost_ms'][name]:g} ms)"
                          for name, rate in row["plot_redraws_per_s"].items())
        print(f"  {row['training']}, depth {row['depth']}: {costs}")
    for training in args.training:
        met = all(row["p99_ms"] <= GOALS["p99_ms"] and row["max_ms"] <= GOALS["max_ms"]
                  and row["redraws_per_s"] >= GOALS["redraws_per_s"] and row["speed_ratio"] >= GOALS["speed_ratio"]
                  for row in rows if row["training"] == training)
        print(f"goals met training in a {training}: {'yes' if met else 'no'}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
