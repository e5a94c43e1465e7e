"""How long the training process stays silent at the largest network, to set the stall threshold (issue 15).

Starts the real training process (ProcessWorker) at DEPTH x WIDTH, makes STEPS single steps with every costly part
that --parts names, and records the gaps between consecutive messages from the child (heartbeats, frames, notices),
per activity. The longest gap must stay well below bpviz.ui.training_process.STALL_SILENCE_SECONDS.

    python benchmarks/bench_heartbeat.py --depth 200 --width 1024 --steps 3 --parts histograms,grid
"""

from __future__ import annotations

import argparse
import statistics
import time

from bpviz.config import ExperimentConfig
from bpviz.ui import training_process
from bpviz.ui.training_process import STALL_SILENCE_SECONDS, ProcessWorker


class MeasuringWorker(ProcessWorker):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gaps: list[tuple[float, str]] = []

    def _receive(self, link) -> None:
        before = link.last_message
        super()._receive(link)
        if link.last_message != before:
            activity = link.heartbeat.activity if link.heartbeat is not None else "?"
            self.gaps.append((link.last_message - before, activity))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=200)
    parser.add_argument("--width", type=int, default=1024)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--parts", default="", help="comma-separated: histograms,grid,jacobians")
    args = parser.parse_args()
    config = ExperimentConfig().replace(**{"network.depth": args.depth, "network.width": args.width})
    wanted = {part: part in args.parts.split(",") for part in ("histograms", "grid", "jacobians")}
    started = time.monotonic()
    worker = MeasuringWorker(config)
    worker.set_parts(wanted)
    worker.start_thread()
    try:
        while worker.mailbox.latest() is None or worker.mailbox.latest().commands_handled < worker.commands_sent:
            time.sleep(0.05)
        print(f"{args.depth} x {args.width}: first frame after {time.monotonic() - started:.1f} s")
        for _ in range(args.steps):
            began = time.monotonic()
            worker.step()
            while worker.mailbox.latest().commands_handled < worker.commands_sent:
                time.sleep(0.05)
            stepped = time.monotonic() - began
            while any(worker.mailbox.latest().part_status[p] == "coming" for p, on in wanted.items() if on):
                time.sleep(0.05)
            print(f"  step {worker.mailbox.latest().step}: {stepped:.1f} s; its parts "
                  f"{time.monotonic() - began - stepped:.1f} s more")
    finally:
        worker.stop()
        worker.join()
    by_activity: dict[str, list[float]] = {}
    for gap, activity in worker.gaps:
        by_activity.setdefault(activity, []).append(gap)
    for activity, gaps in sorted(by_activity.items()):
        print(f"  gaps while {activity:8s}: {len(gaps):4d} messages, median {statistics.median(gaps):.2f} s, "
              f"longest {max(gaps):.2f} s")
    longest = max(gap for gap, _ in worker.gaps)
    print(f"longest silence {longest:.2f} s (heartbeat every {training_process.HEARTBEAT_SECONDS} s; a stall is "
          f"{STALL_SILENCE_SECONDS} s)")


if __name__ == "__main__":
    main()
