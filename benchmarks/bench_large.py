"""The window at the largest networks: how long the event loop stands still (issue 15, "Done means").

For each size (depth 100 and 200 at width 1024, and the default experiment's 10 x 32 as the baseline of the same
machine load), each run in a fresh process (so each opening is a cold one):

1. **opening from a file**: the experiment is saved to a file; the run loads it (``ExperimentConfig.load``), builds
   the real ``MainWindow`` and shows it. *usable* = seconds from the start of the load until the event loop first
   answers after the window is shown (the clock starts after Python and Qt are imported: ``bench_startup.py``
   measures those);
2. **the first real frame**: the window waits (up to ``--frame-timeout`` s) for the training process to build the
   network and send its first frame, and records the longest stall meanwhile (it includes drawing that frame);
3. **Step, Reset, a rebuild (depth − 1 in the builder's depth box), a live change (activation → ReLU)**: each one is
   made, then the event loop is watched for ``--observe`` s; the figure is the longest stall, which includes the
   action itself.

A stall is the longest gap between two ticks of a 10 ms probe timer, less 10 ms. On a loaded machine a stall is
mostly waiting for a core; so the UI thread's own CPU time is recorded too: within the longest stall, and the most
it used between any two ticks (the work bpviz did; on a quiet machine the stall would be about that), and (Linux)
how long it waited on the run queue for a core within the longest stall. While a stall of more than
``--trace-ms`` is going on, a watchdog thread samples what the UI thread is doing (its Python stack, innermost
bpviz/pyqtgraph frame first), so a missed goal says where the time went. Goals: stalls ≤ 250 ms, usable ≤ 3 s.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_large.py --sizes 10x32 100x1024 200x1024 --runs 3
    python benchmarks/bench_large.py --child-blas-threads 0   # the child's BLAS with its default thread count
    python benchmarks/bench_large.py --child-niceness 0       # the child as nice as the window

Settings go to a temporary folder. Medians and worst over the runs are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

PROBE_MS = 10
GOALS = {"stall_ms": 250.0, "usable_s": 3.0}
ACTIONS = ("first frame", "step", "reset", "rebuild", "live change")


# ---------------------------------------------------------------- one run (in its own process)

class StallProbe:
    """A 10 ms QTimer whose tick gaps are the event loop's stalls, and a watchdog that samples the UI thread's
    stack during a stall."""

    def __init__(self, trace_ms: float) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.last_wait = run_queue_wait()
        self.longest_wait = 0.0  # seconds the UI thread waited for a core (Linux schedstat) within the longest stall
        self.longest = 0.0
        self.longest_cpu = 0.0   # the UI thread's own CPU time within the longest stall
        self.most_cpu = 0.0      # the most CPU time the UI thread used between two ticks
        self.ticks = 0
        self.samples: dict[str, int] = {}
        self._trace_s = trace_ms / 1000.0
        self._main = threading.main_thread().ident
        self._running = True
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._watchdog = threading.Thread(target=self._watch, name="bench-watchdog", daemon=True)
        self._watchdog.start()

    def _tick(self) -> None:
        now, cpu, waited = time.perf_counter(), time.thread_time(), run_queue_wait()
        gap = now - self.last - PROBE_MS / 1000.0
        if gap > self.longest:
            self.longest, self.longest_cpu, self.longest_wait = gap, cpu - self.last_cpu, waited - self.last_wait
        self.most_cpu = max(self.most_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu, self.last_wait = now, cpu, waited
        self.ticks += 1

    def restart(self) -> None:
        """Start a new measurement: the longest stall from now on."""
        self.last, self.last_cpu, self.last_wait = time.perf_counter(), time.thread_time(), run_queue_wait()
        self.longest = self.longest_cpu = self.most_cpu = self.longest_wait = 0.0

    def _watch(self) -> None:
        while self._running:
            time.sleep(0.02)
            if time.perf_counter() - self.last > self._trace_s:
                frame = sys._current_frames().get(self._main)
                if frame is not None:
                    self._record(frame)

    def _record(self, frame) -> None:
        stack = traceback.extract_stack(frame)
        ours = [f for f in stack if "bpviz" in f.filename or "pyqtgraph" in f.filename]
        chosen = (ours or stack)[-3:]
        key = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(chosen))
        self.samples[key] = self.samples.get(key, 0) + 1

    def stop(self) -> None:
        self._running = False
        self.timer.stop()


def run_queue_wait() -> float:
    """Seconds this thread has spent runnable but waiting for a core (Linux /proc schedstat; NaN elsewhere)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat", "rb") as handle:
            return int(handle.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")


def wait(seconds: float, until=None) -> bool:
    """Run the event loop for ``seconds`` (or until ``until()`` is true); returns whether ``until`` came true."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + seconds
    loop = QEventLoop()
    while time.perf_counter() < deadline:
        if until is not None and until():
            return True
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return until is not None and until()


def one_run(depth: int, width: int, observe: float, frame_timeout: float, trace_ms: float) -> dict:
    from PySide6.QtCore import QSettings

    settings_dir = tempfile.mkdtemp(prefix="bpviz-bench-large-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from PySide6.QtWidgets import QComboBox, QSpinBox

    from bpviz.config import ExperimentConfig
    from bpviz.ui.app import create_app, settle_memory

    app = create_app()
    from bpviz.ui.main_window import MainWindow

    path = Path(settings_dir) / "large.json"
    ExperimentConfig(name=f"large {depth} x {width}").replace(
        **{"network.depth": depth, "network.width": width}).save(path)
    result: dict = {"depth": depth, "width": width, "stall_ms": {}, "samples": {}}

    # 1. opening from a file: until the event loop answers after the window is shown
    started, started_cpu = time.perf_counter(), time.thread_time()
    config = ExperimentConfig.load(path)
    loaded = time.perf_counter()
    window = MainWindow(config)
    built = time.perf_counter()
    window.resize(1400, 900)
    window.show()
    settle_memory()
    answered: list[float] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: answered.append((time.perf_counter(), time.thread_time())))
    wait(30.0, lambda: bool(answered))
    result["usable_s"] = answered[0][0] - started if answered else float("nan")
    result["usable_cpu_s"] = round(answered[0][1] - started_cpu, 3) if answered else float("nan")
    result["load_file_s"] = round(loaded - started, 3)
    result["build_window_s"] = round(built - loaded, 3)
    probe = StallProbe(trace_ms)

    def measure(name: str, action, seconds: float, until=None) -> None:
        probe.restart()
        before = dict(probe.samples)
        if action is not None:
            action()
        reached = wait(seconds, until)
        result["stall_ms"][name] = round(probe.longest * 1000.0, 1)
        result.setdefault("stall_cpu_ms", {})[name] = round(probe.longest_cpu * 1000.0, 1)
        result.setdefault("most_cpu_ms", {})[name] = round(probe.most_cpu * 1000.0, 1)
        result.setdefault("stall_wait_ms", {})[name] = round(probe.longest_wait * 1000.0, 1)
        if until is not None:
            result["first_frame_s"] = round(time.perf_counter() - started, 1) if reached else None
        result["samples"][name] = {k: v - before.get(k, 0) for k, v in probe.samples.items()
                                   if v - before.get(k, 0) > 0}

    # 2. the first real frame from the training process (built there), drawn
    measure("first frame", None, frame_timeout, lambda: not window.latest_frame().placeholder)
    # 3. the user's actions
    measure("step", window.step, observe)
    measure("reset", window.reset, observe)
    depth_spin = window.findChild(QSpinBox, "depthSpin")
    measure("rebuild", lambda: depth_spin.setValue(depth - 1), observe)
    activation = window.findChild(QComboBox, "activationCombo")
    relu = activation.findData("relu")
    measure("live change", lambda: activation.setCurrentIndex(relu if relu >= 0 else 0), observe)
    probe.stop()
    closing = time.perf_counter()
    window.close()
    result["close_s"] = round(time.perf_counter() - closing, 2)
    result["frames_shown"] = window.frames_shown
    app.processEvents()
    return result


# ---------------------------------------------------------------- the driver

def median_and_worst(values: list[float]) -> str:
    finite = [v for v in values if v == v]
    if not finite:
        return "—"
    return f"{statistics.median(finite):g} / {max(finite):g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["10x32", "100x1024", "200x1024"],
                        help="DEPTHxWIDTH; 10x32 (the default experiment's size) is the baseline of the same load")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--observe", type=float, default=6.0, help="seconds watched after each action")
    parser.add_argument("--frame-timeout", type=float, default=240.0,
                        help="seconds to wait for the training process's first real frame")
    parser.add_argument("--trace-ms", type=float, default=150.0, help="sample the UI thread in stalls this long")
    parser.add_argument("--child-blas-threads", type=int, default=None,
                        help="BLAS threads of the training process (0: BLAS's own default; unset: bpviz's)")
    parser.add_argument("--child-niceness", type=int, default=None,
                        help="how much nicer than the window the training process runs (unset: bpviz's default)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--one", nargs=2, type=int, metavar=("DEPTH", "WIDTH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
        from bpviz.ui import training_process

        if args.child_blas_threads is not None:
            training_process.CHILD_BLAS_THREADS = args.child_blas_threads or None
        if args.child_niceness is not None:
            training_process.CHILD_NICENESS = args.child_niceness
        result = one_run(args.one[0], args.one[1], args.observe, args.frame_timeout, args.trace_ms)
        print(json.dumps(result))
        return 0

    rows = []
    sizes = [tuple(int(n) for n in size.lower().split("x")) for size in args.sizes]
    for run in range(args.runs):       # the sizes take turns, so each sees the same load
        for depth, width in sizes:
            command = [sys.executable, __file__, "--one", str(depth), str(width), "--observe", str(args.observe),
                       "--frame-timeout", str(args.frame_timeout), "--trace-ms", str(args.trace_ms)]
            if args.child_blas_threads is not None:
                command += ["--child-blas-threads", str(args.child_blas_threads)]
            if args.child_niceness is not None:
                command += ["--child-niceness", str(args.child_niceness)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                print(f"{depth} x {width}, run {run + 1} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
                continue
            row = json.loads(lines[-1])
            row["load"] = round(os.getloadavg()[0], 1)
            rows.append(row)
            print(f"{depth} x {width}, run {run + 1}: usable {row['usable_s']:.2f} s "
                  f"(UI thread CPU {row['usable_cpu_s']:.2f} s), stalls {row['stall_ms']}, "
                  f"first frame after {row.get('first_frame_s')} s, load {row['load']}", file=sys.stderr, flush=True)

    blas = args.child_blas_threads
    print(f"bpviz at the largest networks — Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, {args.runs} runs per depth, "
          f"{args.observe:g} s watched after each action, child BLAS threads "
          f"{'bpviz default' if blas is None else (blas or 'BLAS default')}, child niceness "
          f"{'bpviz default' if args.child_niceness is None else args.child_niceness}\n")
    print("| depth × width | usable after opening (goal ≤ 3 s) | longest stall, ms (goal ≤ 250): "
          + " | ".join(ACTIONS) + " | first frame after | load |")
    print("|---|---:|" + "---:|" * len(ACTIONS) + "---:|---:|")
    cpu_rows: list[str] = []
    for depth, width in sizes:
        mine = [row for row in rows if row["depth"] == depth and row["width"] == width]
        if not mine:
            continue
        cells = [median_and_worst([row["stall_ms"].get(action, float("nan")) for row in mine])
                 for action in ACTIONS]
        first = [row.get("first_frame_s") for row in mine]
        first_text = median_and_worst([f if f is not None else float("nan") for f in first])
        if any(f is None for f in first):
            first_text += f" ({sum(f is None for f in first)} not within {args.frame_timeout:g} s)"
        cpu_cells = [median_and_worst([row["most_cpu_ms"].get(action, float("nan")) for row in mine])
                     for action in ACTIONS]
        usable_cpu = median_and_worst([row["usable_cpu_s"] for row in mine])
        cpu_rows.append(f"| {depth} × {width} | {usable_cpu} s | " + " | ".join(cpu_cells) + " |")
        usable = median_and_worst([round(row["usable_s"], 2) for row in mine])
        loads = median_and_worst([row["load"] for row in mine])
        print(f"| {depth} × {width} | {usable} s | " + " | ".join(cells) + f" | {first_text} s | {loads} |")
    print("\n(median / worst over the runs)\n")
    print("The UI thread's own CPU time: until usable, and the most between two probe ticks after each action (ms)")
    print("\n| depth × width | until usable | " + " | ".join(ACTIONS) + " |")
    print("|---|---:|" + "---:|" * len(ACTIONS))
    print("\n".join(cpu_rows))
    print("\nWithin the longest stall after each action: the UI thread's CPU time + its wait for a core (ms)")
    print("\n| depth × width | " + " | ".join(ACTIONS) + " |")
    print("|---|" + "---:|" * len(ACTIONS))
    for depth, width in sizes:
        mine = [row for row in rows if row["depth"] == depth and row["width"] == width]
        if mine:
            cells = [" ; ".join(f"{row['stall_ms'][a]:g} = {row['stall_cpu_ms'][a]:g} + "
                                f"{row.get('stall_wait_ms', {}).get(a, float('nan')):g}" for row in mine)
                     for action in ACTIONS for a in [action]]
            print(f"| {depth} × {width} | " + " | ".join(cells) + " |")
    stalls = {}
    for row in rows:
        for action, samples in row["samples"].items():
            for key, count in samples.items():
                stalls[key] = stalls.get(key, 0) + count
    if stalls:
        print(f"\nwhere the UI thread was during stalls > {args.trace_ms:g} ms (samples every 20 ms):")
        for key, count in sorted(stalls.items(), key=lambda item: -item[1])[:12]:
            print(f"  {count:5d}  {key}")
    worst_stall = max((v for row in rows for v in row["stall_ms"].values()), default=float("nan"))
    worst_usable = max((row["usable_s"] for row in rows), default=float("nan"))
    print(f"\ngoals met: {'yes' if worst_stall <= GOALS['stall_ms'] and worst_usable <= GOALS['usable_s'] else 'no'}"
          f" (worst stall {worst_stall:g} ms, worst usable {worst_usable:.2f} s)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
