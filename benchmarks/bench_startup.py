"""Start-up time: from launching bpviz to its first drawn window, for the installed package and the bundle.

    python benchmarks/bench_startup.py                 # installed package, and dist/bpviz/bpviz if it was built
    python benchmarks/bench_startup.py --runs 11 --bundle path/to/dist/bpviz/bpviz

Each run launches a fresh process with ``BPVIZ_STARTUP_PROBE=1 <bpviz> --self-test`` (offscreen), which opens the
main window exactly as ``bpviz`` does and prints the wall-clock time of the window's first paint and of the
gradient-flow plot's first paint (bpviz/selftest.py, ``startup_probe``). Time is counted from just before the
process is launched, so it includes the interpreter (or the bundle's bootloader), every import, building the
window and the first frame. One warm-up run (not counted) fills the file cache; then the builds take turns, run
by run, so that a busy moment of the machine slows all of them alike; the median and the fastest run are reported.
Goal on the 2-core reference machine: <= 2 s installed, <= 3 s bundle.

Prints a Markdown section ("## Start-up") for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROBE = re.compile(r"bpviz-startup window-painted=(?P<window>[\d.]+) plots-painted=(?P<plots>[\d.]+)")
GOALS = {"installed": 2.0, "bundle": 3.0}


@dataclass
class Result:
    name: str
    command: list[str]
    window: list[float]
    plots: list[float]


def installed_command() -> list[str]:
    """The ``bpviz`` console script next to this interpreter, else ``python -m bpviz``."""
    script = Path(sys.executable).with_name("bpviz")
    if script.is_file():
        return [str(script)]
    found = shutil.which("bpviz")
    return [found] if found else [sys.executable, "-m", "bpviz"]


def launch_once(command: list[str]) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BPVIZ_STARTUP_PROBE="1")
    started = time.time()
    result = subprocess.run([*command, "--self-test"], capture_output=True, text=True, env=env, timeout=120)
    match = PROBE.search(result.stdout)
    if result.returncode != 0 or match is None:
        raise RuntimeError(f"{' '.join(command)} --self-test (probe) failed with exit code {result.returncode}:\n"
                           f"{result.stdout}\n{result.stderr}")
    return float(match["window"]) - started, float(match["plots"]) - started


def measure(builds: dict[str, list[str]], runs: int) -> list[Result]:
    """Runs alternate between the builds, so a busy moment of the machine hits all of them alike."""
    results = [Result(name, command, [], []) for name, command in builds.items()]
    for result in results:
        launch_once(result.command)  # warm-up: file cache, font cache, __pycache__
    for _ in range(runs):
        for result in results:
            first_window, first_plots = launch_once(result.command)
            result.window.append(first_window)
            result.plots.append(first_plots)
            print(f"  {result.name}: window {first_window:.2f} s, plots {first_plots:.2f} s", file=sys.stderr,
                  flush=True)
    return results


def markdown(results: list[Result], runs: int, load: tuple[float, float, float] | None) -> str:
    busy = f", load average {load[0]:.1f} at the start" if load else ""
    lines = [
        "## Start-up",
        "",
        f"Time from launching bpviz to its first drawn window, offscreen, median of {runs} runs after one warm-up "
        f"run, the builds taking turns (`python benchmarks/bench_startup.py`; {os.cpu_count()} CPU cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}{busy}).",
        "\"Window\" is the main window's first paint; \"plots\" is the first paint of the gradient-flow plot, "
        "i.e. the dashboard a student sees.",
        "",
        "| build | window (median) | plots (median) | fastest – slowest (plots) | goal (median) |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        goal = GOALS.get(result.name)
        median_plots = statistics.median(result.plots)
        verdict = "" if goal is None else f"<= {goal:.0f} s {'met' if median_plots <= goal else 'MISSED'}"
        shown = " ".join([_short(result.command[0]), *result.command[1:]])
        lines.append(f"| {result.name} (`{shown}`) | {statistics.median(result.window):.2f} s "
                     f"| {median_plots:.2f} s | {min(result.plots):.2f} – {max(result.plots):.2f} s | {verdict} |")
    return "\n".join(lines) + "\n"


def _short(path: str) -> str:
    """A command as the table shows it: relative to the repository if inside it, else its file name."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return Path(path).name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="counted runs per build (default 7)")
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "bpviz" / "bpviz",
                        help="the bundle's executable (default dist/bpviz/bpviz; skipped if absent)")
    parser.add_argument("--no-installed", action="store_true", help="measure only the bundle")
    args = parser.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    builds = {}
    if not args.no_installed:
        builds["installed"] = installed_command()
    if args.bundle.is_file():
        builds["bundle"] = [str(args.bundle)]
    else:
        print(f"no bundle at {args.bundle}: build it with `pyinstaller bpviz.spec`", file=sys.stderr)
    if not builds:
        return 1
    results = measure(builds, args.runs)
    print(markdown(results, args.runs, load))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
