"""How far is each lesson's machine-checked expectation from flipping?

    python tools/lesson_margins.py                                    # every lesson: a Markdown table on stdout
    python tools/lesson_margins.py --lesson clipping --lesson depth   # only these
    python tools/lesson_margins.py --json /tmp/numpy2.json            # also keep the rows, for --combine
    python tools/lesson_margins.py --combine /tmp/numpy2.json /tmp/numpy126.json --write docs/lesson-margins.md

Each lesson is checked by :func:`bpviz.lessons.check_expectation`: the same lockstep pair of trainers
(:class:`bpviz.lessons.LessonRun`) and the same :func:`bpviz.lessons.expectation.evaluate` that
``bpviz run --lesson NAME --check`` uses, so a row that says "met" is a lesson whose ``--check`` exits 0 here.

One row per comparison of a check (``"problem": {"<": 0.65}`` is one). Its margin is how far the compared value
is from the bound in the direction that would break the comparison: ``bound - value`` for ``<``/``<=``,
``value - bound`` for ``>``/``>=`` (negative: already broken), and relative to the bound (``margin / |bound|``).
``==`` (``diverged``) is an outcome, not a distance: no margin, flagged only when it does not hold. A comparison
is flagged when it does not hold or its relative margin is under 10 %.

``--write FILE`` keeps everything in FILE above the line :data:`NOTES_MARKER` (the written analysis) and replaces
what follows it with the tables, so they can be regenerated without losing the analysis.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import platform
import sys
import textwrap
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
FRAGILE = 0.10  # a relative margin under this is flagged
NOTES_MARKER = "<!-- lesson_margins.py --write keeps everything above this line and replaces what follows -->"
TITLE = "# How far is each lesson's check from flipping?"
DERIVED = {"remedy_minus_problem": "B − A", "remedy_over_problem": "B / A"}


@dataclass(frozen=True)
class MarginRow:
    """One comparison of one lesson's check, measured, with its distance from flipping."""

    lesson: str
    expectation: str         # e.g. "test_accuracy after 400 steps: problem < 0.65"
    target: str              # problem, remedy, remedy_minus_problem or remedy_over_problem
    op: str
    bound: float
    measured: float          # the value compared with the bound
    problem: float           # the problem's (A's) and the remedy's (B's) values of the metric
    remedy: float
    holds: bool
    absolute: float | None   # None for ==
    relative: float | None   # None for == and for a bound of 0
    quantum: float | None = None  # accuracies: what one data point is worth (1 / number of test or train points)

    @property
    def points(self) -> float | None:
        """An accuracy's margin in data points: how many predictions must change to break the comparison."""
        if self.quantum is None or self.absolute is None or self.target == "remedy_over_problem":
            return None
        return self.absolute / self.quantum

    @property
    def flag(self) -> str:
        if not self.holds:
            return "NOT MET"
        if self.relative is not None and self.relative < FRAGILE:
            return f"< {FRAGILE:.0%}"
        return ""


def margin(op: str, bound: float, measured: float) -> tuple[float | None, float | None]:
    """(absolute, relative) distance of ``measured`` from ``bound`` towards breaking ``measured op bound``."""
    if op == "==":
        return None, None
    if math.isnan(measured):
        return math.nan, math.nan
    absolute = bound - measured if op in ("<", "<=") else measured - bound
    return absolute, (absolute / abs(bound) if bound != 0 else None)


def rows_of(lesson_name: str, result, quanta: dict[str, float] | None = None) -> list[MarginRow]:
    """The rows of one lesson's :class:`~bpviz.lessons.ExpectationResult`; ``quanta`` maps a metric to what one
    data point is worth in it (``{"test_accuracy": 1 / 80}``)."""
    rows = []
    for check_result in result.checks:
        check = check_result.check
        for compared in check_result.comparisons:
            op, bound = compared.comparison.op, compared.comparison.value
            absolute, relative = margin(op, bound, compared.measured)
            rows.append(MarginRow(
                lesson=lesson_name, expectation=f"{check.metric} {check.where}: {compared.target.replace('_', ' ')} "
                                                f"{compared.comparison.text()}",
                target=compared.target, op=op, bound=bound, measured=compared.measured, problem=check_result.problem,
                remedy=check_result.remedy, holds=compared.holds, absolute=absolute, relative=relative,
                quantum=(quanta or {}).get(check.metric)))
    return rows


def measure_lessons(names: Iterable[str], log=None, seed: int | None = None) -> list[MarginRow]:
    """Check each lesson as ``bpviz run --lesson NAME --check [--seed S]`` does and return its rows."""
    from bpviz.lessons import check_expectation, load_lesson, start_run

    rows = []
    for name in names:
        started = time.perf_counter()
        lesson = load_lesson(name)
        run = start_run(lesson, seed)  # kept, to count the data points an accuracy is measured on
        result = check_expectation(lesson, run=run)
        data = run.problem.dataset
        rows.extend(rows_of(name, result, {"test_accuracy": 1 / len(data.y_test),
                                           "train_accuracy": 1 / len(data.y_train)}))
        if log is not None:
            print(f"{name}: {'met' if result.met else 'NOT MET'} ({time.perf_counter() - started:.1f} s)", file=log)
    return rows


# ---------------------------------------------------------------- the environment

def _openblas_core() -> str:
    """The kernel OpenBLAS chose at run time (DYNAMIC_ARCH builds; OPENBLAS_CORETYPE overrides it), or ''."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            libraries = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    except OSError:
        return ""
    for library in libraries:
        try:
            handle = ctypes.CDLL(library)
        except OSError:
            continue
        for symbol in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_",
                       "openblas_get_corename"):
            function = getattr(handle, symbol, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return function().decode()
    return ""


def environment() -> dict[str, str]:
    import numpy as np

    blas = ""
    try:
        blas_info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas_info.get('name', '')} {blas_info.get('version', '')}".strip()
    except (TypeError, KeyError, ValueError):  # NumPy without show_config(mode=...)
        pass
    return {"numpy": np.__version__, "python": platform.python_version(), "machine": platform.machine(),
            "blas": blas, "blas_core": _openblas_core(), "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "")}


def label_of(env: dict[str, str]) -> str:
    text = f"NumPy {env['numpy']}"
    if env.get("blas"):
        text += f", {env['blas']}"
    if env.get("blas_core"):
        text += f" ({env['blas_core']} kernels)"
    if env.get("OPENBLAS_CORETYPE"):
        text += f", OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE']}"
    return text


# ---------------------------------------------------------------- Markdown

def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.3e}"


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    if math.isnan(value):
        return "NaN"
    if abs(value) > 10:  # farther than 10 times the bound: far enough, whatever the exact figure
        return "> 1000%" if value > 0 else "< −1000%"
    return f"{value:.1%}" if abs(value) < 1 else f"{value:.0%}"


def _measured(row: MarginRow) -> str:
    if row.target in DERIVED:
        return f"{DERIVED[row.target]} = {_number(row.measured)} (A {_number(row.problem)}, B {_number(row.remedy)})"
    return f"{'A' if row.target == 'problem' else 'B'} = {_number(row.measured)}"


def _points(row: MarginRow) -> str:
    points = row.points
    if points is None or not math.isfinite(points):
        return ""
    return f"{points:.3g} of {round(1 / row.quantum)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(rows: Sequence[MarginRow]) -> str:
    """One run's Markdown table."""
    lines = ["| lesson | expectation | measured | bound | margin | relative margin | in data points | flag |",
             "|---|---|---|---|---:|---:|---:|---|"]
    for row in rows:
        lines.append(f"| {row.lesson} | {_cell(row.expectation)} | {_measured(row)} | {row.op} {_number(row.bound)} | "
                     f"{_number(row.absolute)} | {_percent(row.relative)} | {_points(row)} | {row.flag} |")
    return "\n".join(lines)


def side_by_side(runs: Sequence[tuple[str, Sequence[MarginRow]]]) -> str:
    """Several runs' rows in one table: per run the compared value and its relative margin."""
    keyed = [{(row.lesson, row.expectation): row for row in rows} for _, rows in runs]
    order = list(dict.fromkeys(key for rows in keyed for key in rows))
    header = "| lesson | expectation | " + " | ".join(f"run {i + 1}: value (margin)" for i in range(len(runs)))
    lines = [header + " | moved | flag |", "|---|---|" + "---:|" * (len(runs) + 1) + "---|"]
    for key in order:
        cells, flags, values = [], [], []
        for rows in keyed:
            row = rows.get(key)
            if row is None:
                cells.append("not run")
                continue
            margin_text = _number(row.absolute) if row.relative is None else _percent(row.relative)
            if row.points is not None and math.isfinite(row.points):
                margin_text += f", {row.points:.3g} pts"
            cells.append(f"{_number(row.measured)} ({margin_text})")
            flags.append(row.flag)
            values.append(row)
        flag = "NOT MET" if "NOT MET" in flags else next((f for f in flags if f), "")
        lines.append(f"| {key[0]} | {_cell(key[1])} | " + " | ".join(cells) + f" | {_moved(values)} | {flag} |")
    return "\n".join(lines)


def _moved(rows: Sequence[MarginRow]) -> str:
    """How far the compared value moved between runs (largest - smallest), relative to the bound."""
    values = [row.measured for row in rows]
    if len(values) < 2 or rows[0].op == "==" or not all(math.isfinite(value) for value in values):
        return "—"
    spread = max(values) - min(values)
    if spread == 0:
        return "same"  # to the last bit
    if rows[0].bound == 0:
        return _number(spread)
    relative = spread / abs(rows[0].bound)
    return "< 0.1%" if relative < 0.001 else _percent(relative)


def document(runs: Sequence[tuple[str, Sequence[MarginRow]]]) -> str:
    """The generated part of docs/lesson-margins.md: the runs side by side, then each run in full."""
    explanation = (
        "Generated by `python tools/lesson_margins.py` (see its docstring). Each lesson ran as "
        "`bpviz run --lesson NAME --check` checks it. One row per comparison; the margin is the distance from "
        "the bound in the direction that would break the comparison, relative to the bound "
        f"(`(bound − value) / |bound|` for `<`, `(value − bound) / |bound|` for `>`). Flagged: under "
        f"{FRAGILE:.0%} or not met. `==` (diverged or not) has no distance: `—`. Side by side, *moved* is "
        "how far the value moved between the runs (largest − smallest), relative to the bound (*same*: to the "
        "last bit). For an accuracy, *pts* / *in data points* is the margin counted in test (or train) points: "
        "how many predictions must change to break the comparison.")
    parts = ["## The tables", "", textwrap.fill(explanation, width=120, break_long_words=False,
                                                break_on_hyphens=False), "", "Runs:", ""]
    parts += [f"{i + 1}. {label}" for i, (label, _) in enumerate(runs)]
    parts += ["", "## Side by side", "", side_by_side(runs), ""]
    for i, (label, rows) in enumerate(runs):
        parts += [f"## Run {i + 1}: {label}", "", table(rows), ""]
    return "\n".join(parts)


def write(path: Path, generated: str) -> None:
    """Write ``generated`` to ``path`` below :data:`NOTES_MARKER`, keeping the notes above it if the file has them
    (a new file gets :data:`TITLE`)."""
    notes = TITLE + "\n\n"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            notes = old[:old.index(NOTES_MARKER)]
    path.write_text(notes + NOTES_MARKER + "\n\n" + generated.rstrip("\n") + "\n", encoding="utf-8")


# ---------------------------------------------------------------- saved runs

def save_run(path: Path, label: str, env: dict[str, str], rows: Sequence[MarginRow]) -> None:
    path.write_text(json.dumps({"label": label, "environment": env, "rows": [asdict(row) for row in rows]},
                               indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_run(path: Path) -> tuple[str, list[MarginRow]]:
    saved = json.loads(path.read_text(encoding="utf-8"))
    return saved["label"], [MarginRow(**row) for row in saved["rows"]]


# ---------------------------------------------------------------- command line

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lesson_margins.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lesson", action="append", metavar="NAME", help="only this lesson (repeatable)")
    parser.add_argument("--write", metavar="FILE", type=Path,
                        help="write the tables to FILE (keeping the notes above its marker line)")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also save this run's rows, for --combine")
    parser.add_argument("--seed", type=int, help="train with this seed instead of the lesson's (as bpviz run --seed)")
    parser.add_argument("--label", help="this run's name (default: NumPy, BLAS and its kernels)")
    parser.add_argument("--combine", nargs="+", metavar="RUN.json", type=Path,
                        help="do not run lessons: put saved runs (--json) side by side")
    args = parser.parse_args(argv)
    if args.combine and (args.lesson or args.json or args.label or args.seed is not None):
        parser.error("--combine puts saved runs side by side; --lesson, --seed, --json and --label are for a new run")

    if args.combine:
        runs = [load_run(path) for path in args.combine]
    else:
        sys.path.insert(0, str(ROOT))
        from bpviz.lessons import LessonError, lesson_names

        try:
            rows = measure_lessons(args.lesson or lesson_names(), log=sys.stderr, seed=args.seed)
        except LessonError as exc:
            print(f"lesson_margins.py: {exc}", file=sys.stderr)
            return 2
        env = environment()
        label = args.label or label_of(env) + ("" if args.seed is None else f", seed {args.seed}")
        if args.json:
            save_run(args.json, label, env, rows)
        runs = [(label, rows)]
    generated = document(runs)
    if args.write:
        write(args.write, generated)
    else:
        print(TITLE + "\n\n" + generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
