"""bpviz's command line: the window by default, and a headless ``bpviz run`` that prepares a whole class.

Usage::

    bpviz                                open the window (default experiment)
    bpviz EXPERIMENT.json                open the window with that experiment
    bpviz --lang zh_CN                   ... in Simplified Chinese (en or zh_CN; default: the system's language)
    bpviz --version                      print the version
    bpviz --self-test                    open the window offscreen, run every lesson briefly, check, exit
    bpviz lessons                        lesson names, one per line: name, a tab, the English title
    bpviz run EXPERIMENT.json [options]  train without a window and write the results
    bpviz run --lesson NAME [options]    train a lesson's problem (A) and remedy (B) and check its expectation

``bpviz run`` options: ``--steps N`` (default: the lesson's own step count, or 500; fewer steps than a lesson's
expectation needs leave it unchecked, and stderr says so), ``--check`` (a lesson's expectation must be met: exit
status 4 if it is not, or could not be checked), ``--seed S``, ``--set KEY=VALUE`` (any dotted setting, e.g.
``network.depth=20``; repeatable), ``--out DIR`` (default ``bpviz-run-<name>``), ``--scale K`` (PNG resolution
1..8 x 1000x560), ``--compare`` (a lesson's PNGs overlay B), ``--no-png``, ``--quiet``.

It writes into DIR: ``config.json`` (reopens in the window: ``bpviz DIR/config.json``), ``history.csv`` (one row
per step, one column per scalar and per layer metric), ``summary.json`` (final loss and accuracy, per-layer
gradient norms at the start and the end, divergence with step and layer, the mean-field prediction for the untrained
network (``predicted_chi1``, ``predicted_depth_scale`` in layers, ``sigma_w2``, ``sigma_b2``, ``prediction_applies``,
``prediction_reason``, ``predicted_signal_ratio_first_last``: see bpviz.engine.theory), the lesson's expectation and
the numbers measured, wall time; numbers that are not finite are written as null, so a depth scale of null with
``prediction_applies`` true is infinite: the edge of chaos), for a lesson also ``remedy_config.json``
and ``remedy_history.csv``, and one PNG per plot, ``<objectName>.png`` (rendered offscreen; no display needed).

Exit codes:
    0    success (for a lesson: its expectation was met)
    1    a lesson's expectation was not met, or a run diverged that was not expected to
         (an experiment file that diverges; a lesson whose remedy diverges before its expectation could be checked)
    2    bad usage or bad input: unknown option, unreadable or invalid experiment file, out-of-range value,
         unknown setting, unknown lesson (a one-line message names the problem)
    3    the results could not be written (e.g. the output folder is not writable)
    4    with --check: the lesson's expectation was not met, or could not be checked (too few --steps, or both
         networks diverged first)
    130  interrupted (Ctrl+C)

Without ``--check`` an expectation left unchecked is not an error (exit 0, unless the remedy diverged: 1).

The headless commands never import Qt, except to render the PNGs (with QT_QPA_PLATFORM=offscreen unless set).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any, Sequence

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_NOT_MET = 4  # --check: the lesson's expectation was not met or could not be checked
EXIT_INTERRUPTED = 130

LANGUAGES = ("en", "zh_CN")
DEFAULT_STEPS = 500
MAX_STEPS = 10_000_000
MAX_SCALE = 8
PNG_SIZE = (1000, 560)

EXIT_CODES_HELP = """exit codes:
  0    success (for a lesson: its expectation was met)
  1    a lesson's expectation was not met, or a run diverged that was not expected to
  2    bad usage or bad input (file, value, setting, lesson): a one-line message names it
  3    the results could not be written
  4    with --check: the lesson's expectation was not met or could not be checked
  130  interrupted (Ctrl+C)"""

ENVIRONMENT_HELP = """environment:
  BPVIZ_TRAINING=thread         train in a thread of the window's process instead of a child
                                process (slower drawing while training; for machines that
                                cannot start processes)"""


class UsageError(Exception):
    """Bad usage or bad input: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors become UsageError (one line, no usage dump) instead of printing and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


# ---------------------------------------------------------------- argument parsing

def _positive_int(maximum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not 1 <= value <= maximum:
            raise argparse.ArgumentTypeError(f"{value} is out of range; allowed: 1 to {maximum}")
        return value
    return parse


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 2**32 - 1:
        raise argparse.ArgumentTypeError(f"{value} is out of range; allowed: 0 to {2**32 - 1}")
    return value


def _version() -> str:
    from bpviz import __version__

    return __version__


def _formatted(**kwargs: Any) -> dict[str, Any]:
    return {"formatter_class": argparse.RawDescriptionHelpFormatter, **kwargs}


def _window_options(parser: argparse.ArgumentParser) -> None:
    """What the window takes, before an experiment file and after it: --lang, --version, --self-test."""
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the window and the lesson texts")
    parser.add_argument("--version", action="version", version=f"bpviz {_version()}")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, run every lesson briefly, check the results, exit")


def _window_parser() -> _Parser:
    """``bpviz EXPERIMENT.json [options]``: the window with that experiment."""
    parser = _Parser(prog="bpviz", add_help=False)
    parser.add_argument("experiment", metavar="EXPERIMENT.json", help="open this experiment in the window")
    _window_options(parser)
    return parser


class _CommandOrExperiment(argparse._SubParsersAction):
    """The first positional argument: a command (``run``, ``lessons``: the rest of the line goes to its parser,
    whose errors name it), or else the experiment file the window opens (the rest goes to
    :func:`_window_parser`). Both parse into the main namespace, so an option given before the file and again after
    it takes the later value, and ``--lang`` before a command is kept."""

    window_parser: _Parser

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = None  # any word may be an experiment file: this action, not argparse, tells them apart

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        name, *rest = values
        command = self._name_parser_map.get(name)
        if command is None:
            setattr(namespace, self.dest, None)
            self.window_parser.parse_args(values, namespace)
        else:
            setattr(namespace, self.dest, name)
            command.parse_args(rest, namespace)


def _parser() -> _Parser:
    parser = _Parser(
        prog="bpviz",
        usage="bpviz [-h] [--lang {en,zh_CN}] [--version] [--self-test] [EXPERIMENT.json]\n"
              "       bpviz [--lang {en,zh_CN}] {lessons,run} ...",
        description="See why gradients vanish or explode in backpropagation, and what fixes it. With no command, "
                    "open the window (with EXPERIMENT.json, if given).",
        **_formatted(epilog=ENVIRONMENT_HELP + "\n\n" + EXIT_CODES_HELP),
    )
    _window_options(parser)
    parser.set_defaults(command=None, experiment=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     action=_CommandOrExperiment)
    commands.window_parser = _window_parser()
    _lessons_options(commands.add_parser(
        "lessons", prog="bpviz lessons", help="list the lessons (name, tab, title)",
        **_formatted(description="List the lessons: name, a tab, the title.", epilog=EXIT_CODES_HELP)))
    _run_options(commands.add_parser(
        "run", prog="bpviz run", help="train without a window (see: bpviz run --help)",
        **_formatted(
            description="Train without a window and write config.json, history.csv, summary.json and one PNG per "
                        "plot. With --lesson, train the lesson's problem (A) and its remedy (B) in lockstep and "
                        "check the lesson's expectation.",
            epilog="examples:\n"
                   "  bpviz run --lesson depth --out class/depth --compare --scale 2\n"
                   "  bpviz run my-experiment.json --steps 2000 --set network.residual=true\n"
                   "  bpviz run --data grades.csv --steps 1000 --animate class/grades.gif\n\n"
                   + EXIT_CODES_HELP)))
    return parser


def _command_lang(parser: argparse.ArgumentParser, help_text: str) -> None:
    # Its own dest: a --lang before the command (bpviz --lang zh_CN lessons) wins over this one's default.
    parser.add_argument("--lang", choices=LANGUAGES, default="en", dest="command_lang", help=help_text)


def _lessons_options(parser: argparse.ArgumentParser) -> None:
    _command_lang(parser, "language of the titles (default: en)")


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", nargs="?", metavar="EXPERIMENT.json", help="the experiment to train")
    parser.add_argument("--lesson", metavar="NAME", help="train a lesson instead (see: bpviz lessons)")
    parser.add_argument("--steps", type=_positive_int(MAX_STEPS), metavar="N",
                        help=f"training steps (default: the lesson's own step count, or {DEFAULT_STEPS})")
    parser.add_argument("--check", action="store_true",
                        help=f"with --lesson: exit with status {EXIT_NOT_MET} unless the lesson's expectation is met "
                             "(not met, or not checked because of too few --steps)")
    parser.add_argument("--seed", type=_seed, metavar="S", help="random seed (overrides the experiment's)")
    parser.add_argument("--data", metavar="FILE.csv",
                        help="train on this CSV table (numeric features, a label column; see docs/data.md)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                        help="change one setting, e.g. network.depth=20 (repeatable)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: bpviz-run-<name>)")
    parser.add_argument("--scale", type=_positive_int(MAX_SCALE), default=1, metavar="K",
                        help=f"PNG resolution: K x {PNG_SIZE[0]}x{PNG_SIZE[1]} pixels (1 to {MAX_SCALE}; default 1)")
    parser.add_argument("--compare", action="store_true", help="a lesson's PNGs overlay the remedy B")
    parser.add_argument("--no-png", action="store_true", help="do not render the plots")
    parser.add_argument("--animate", metavar="OUT.gif|OUT.png",
                        help="also write an animation of the run: GIF, or APNG for .png (drawn from the recorded "
                             "history; --scale and --compare apply)")
    parser.add_argument("--animate-plot", metavar="PLOT", dest="animate_plot",
                        help="the plot to animate, by objectName (default: the lesson's, else gradientFlowPlot)")
    parser.add_argument("--animate-seconds", type=float, default=10.0, metavar="S", dest="animate_seconds",
                        help="length of the animation in seconds (default 10)")
    parser.add_argument("--animate-fps", type=float, default=10.0, metavar="F", dest="animate_fps",
                        help="frames per second (1 to 50; default 10)")
    _command_lang(parser, "language of the lesson texts")
    parser.add_argument("--quiet", action="store_true", help="no progress output")


# ---------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            return _gui(args)
        if args.self_test:
            raise UsageError(f"put options after the command: bpviz {args.command} ...")
        args.lang = args.lang or args.command_lang  # --lang before the command wins
        return _lessons(args) if args.command == "lessons" else _run(args)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version print and ask argparse to exit
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        print("\nbpviz: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _error(message: str) -> None:
    print(f"bpviz: error: {message}", file=sys.stderr)


# ---------------------------------------------------------------- the window

def _gui(args: argparse.Namespace) -> int:
    if args.self_test:
        if args.experiment:
            raise UsageError("--self-test takes no experiment file")
        from bpviz.selftest import main as self_test

        return self_test()
    if args.experiment:
        _load_experiment(args.experiment)  # a bad file is a one-line error before any window opens
    from bpviz.ui.training_process import training_mode

    try:
        training_mode()
    except ValueError as exc:  # a bad BPVIZ_TRAINING is a one-line error too
        raise UsageError(str(exc)) from None
    from bpviz.ui.platform_check import window_problem

    problem = window_problem()  # before PySide6 is imported: a missing system library already breaks the import
    if problem is not None:
        _error(str(problem))
        return EXIT_FAILED
    from bpviz.ui.app import run_gui

    return run_gui(experiment_path=args.experiment, lang=args.lang)


# ---------------------------------------------------------------- bpviz lessons

def _lessons(args: argparse.Namespace) -> int:
    from bpviz.lessons import LessonError, lesson_names, load_lesson

    try:
        lines = [f"{name}\t{load_lesson(name, args.lang).title}" for name in lesson_names()]
    except LessonError as exc:
        raise UsageError(str(exc)) from None
    print("\n".join(lines))
    return EXIT_OK


# ---------------------------------------------------------------- bpviz run

def _load_experiment(path: str):
    from bpviz.config import ConfigError, ExperimentConfig

    try:
        return ExperimentConfig.load(path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _parse_settings(settings: list[str]) -> dict[str, Any]:
    """``--set KEY=VALUE`` items as config changes: VALUE read as JSON (else as text); a whole number for a float
    setting is that float."""
    from bpviz.config import float_field_paths

    changes: dict[str, Any] = {}
    for item in settings:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item!r}: write KEY=VALUE, e.g. --set network.depth=20")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        if isinstance(value, int) and not isinstance(value, bool) and key.strip() in float_field_paths():
            value = float(value)
        changes[key.strip()] = value
    return changes


def _configs(args: argparse.Namespace):
    """(config A, config B or None, lesson or None) from the command line."""
    from bpviz.config import ConfigError, ExperimentConfig
    from bpviz.lessons import LessonError, load_lesson

    if args.lesson and args.experiment:
        raise UsageError("give an experiment file or --lesson NAME, not both")
    if not args.lesson and not args.experiment and not args.data:
        raise UsageError("give an experiment file or --lesson NAME (see: bpviz lessons), or --data FILE.csv")
    if args.compare and not args.lesson:
        raise UsageError("--compare needs --lesson: B is the lesson's remedy")
    if args.check and not args.lesson:
        raise UsageError("--check needs --lesson: only a lesson has an expectation to check")
    changes = _parse_settings(args.settings)
    if args.seed is not None:
        changes["train.seed"] = args.seed
    lesson = None
    try:
        if args.lesson:
            try:
                lesson = load_lesson(args.lesson, args.lang)
            except LessonError as exc:
                raise UsageError(str(exc)) from None
            config_a = lesson.config.replace(**changes)
            config_b = config_a.replace(name=lesson.remedy_label, **dict(lesson.remedy_changes))
        else:
            config_a = (_load_experiment(args.experiment) if args.experiment else ExperimentConfig()).replace(**changes)
            config_b = None
    except ConfigError as exc:
        raise UsageError(f"--set/--seed: {exc}") from None
    if args.data:
        config_a, config_b = _with_data(args.data, config_a, config_b)
        if not args.experiment and not args.lesson:  # the default network on the table: name it after the file
            config_a = config_a.replace(name=Path(args.data).stem)
    return config_a, config_b, lesson


def _with_data(path: str, config_a, config_b):
    """--data FILE.csv: both experiments train on the table (a bad file is one message naming row and column)."""
    import dataclasses

    from bpviz.config import ConfigError
    from bpviz.engine.tabular import import_csv

    try:
        data, table = import_csv(path, base=config_a.data)
        config_a = dataclasses.replace(config_a, data=data)
        if config_b is not None:
            config_b = dataclasses.replace(config_b, data=data)
    except ConfigError as exc:  # DataFileError is one
        raise UsageError(f"--data: {exc}") from None
    for notice in table.notices:
        print(f"bpviz: note: {notice}", file=sys.stderr)
    return config_a, config_b


class _Progress:
    """A bar on a terminal (stderr), plain lines every 10 % otherwise, nothing with --quiet."""

    def __init__(self, total: int, label: str, quiet: bool, stream=None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_tenth = 0

    def __call__(self, done: int, loss: float | None = None) -> None:
        if self.quiet:
            return
        fraction = done / self.total
        if self.tty:
            now = time.monotonic()
            if done < self.total and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            width = 30
            filled = int(round(width * fraction))
            loss_text = "" if loss is None or not math.isfinite(loss) else f"  loss {loss:.3f}"
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} "
                              f"step {done}/{self.total}{loss_text}  ")
            if done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            tenth = int(fraction * 10)
            if tenth > self._last_tenth or done == self.total:
                self._last_tenth = tenth
                print(f"{self.label}: step {done}/{self.total} ({fraction:.0%})", file=self.stream, flush=True)

    def finish_early(self, done: int) -> None:
        if not self.quiet and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _finite(value: Any) -> Any:
    """JSON has no NaN/Infinity: write them as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _floats(values) -> list[float]:
    return [float(v) for v in values]


def _prediction_summary(trainer) -> dict[str, Any]:
    """The mean-field prediction for the trainer's network untrained (bpviz.engine.theory.summary_fields), with the
    data's input size and mean square."""
    import numpy as np

    from bpviz.engine import theory
    from bpviz.lessons.expectation import predicted_signal_ratio

    data = trainer.dataset
    fields = theory.summary_fields(trainer.config, n_inputs=int(data.n_inputs),
                                   input_second_moment=float(np.mean(np.square(data.X_train))))
    return {
        "predicted_chi1": fields["predicted_chi1"],
        "predicted_depth_scale": fields["predicted_depth_scale"],
        "sigma_w2": fields["sigma_w2"],
        "sigma_b2": fields["sigma_b2"],
        "prediction_applies": fields["prediction_applies"],
        "prediction_reason": fields["reason"],
        "predicted_signal_ratio_first_last": predicted_signal_ratio(trainer) if fields["prediction_applies"] else None,
    }


def _recurrent_summary(trainer, start_stats) -> dict[str, Any]:
    """The per-time-step and per-matrix fields of a recurrent network's summary (t = 1 first: the input side)."""
    from bpviz.engine.recurrent import WEIGHT_NAMES

    last = trainer.last_stats
    rec = trainer.config.recurrent
    return {
        "model": "recurrent",
        "cell": rec.cell, "hidden_size": rec.hidden_size, "seq_len": rec.seq_len, "task": rec.task,
        "spectral_radius": rec.spectral_radius, "forget_bias": rec.forget_bias,
        "chance_accuracy": trainer.dataset.chance,
        "gradient_ratio_first_last": {"start": float(start_stats.gradient_ratio_first_last),
                                      "end": None if last is None else float(last.gradient_ratio_first_last)},
        "signal_grad_norm_per_time_step": {"start": _floats(start_stats.time_signal_grad_norm),
                                           "end": None if last is None else _floats(last.time_signal_grad_norm)},
        "memory_gate_mean_per_time_step": {"start": _floats(start_stats.time_gate_mean),
                                           "end": None if last is None else _floats(last.time_gate_mean)},
        "matrix_grad_norm": {"names": list(WEIGHT_NAMES), "start": _floats(start_stats.matrix_grad_norm),
                             "end": None if last is None else _floats(last.matrix_grad_norm)},
    }


def _network_summary(trainer, start_stats) -> dict[str, Any]:
    last = trainer.last_stats
    divergence = trainer.divergence
    diverged = None if divergence is None else {
        "step": divergence.step, "layer": divergence.layer, "quantity": divergence.quantity,
        "message": divergence.message,
    }
    final = {
        "loss": None if last is None else float(last.loss),
        "train_accuracy": trainer.train_accuracy(),
        "test_accuracy": trainer.test_accuracy(),
        "grad_norm_before_clip": None if last is None else float(last.grad_norm_before_clip),
    }
    if trainer.config.model == "recurrent":  # per time step instead of per layer; no mean-field prediction
        return {"name": trainer.config.name, "steps_run": trainer.step_count, "final": final,
                **_recurrent_summary(trainer, start_stats), "diverged": diverged}
    return {
        "name": trainer.config.name,
        "steps_run": trainer.step_count,
        "final": {
            "loss": None if last is None else float(last.loss),
            "train_accuracy": trainer.train_accuracy(),
            "test_accuracy": trainer.test_accuracy(),
            "grad_norm_before_clip": None if last is None else float(last.grad_norm_before_clip),
        },
        "grad_norm_per_layer": {"start": _floats(start_stats.grad_norm),
                                "end": None if last is None else _floats(last.grad_norm)},
        "signal_grad_norm_per_layer": {"start": _floats(start_stats.signal_grad_norm),
                                       "end": None if last is None else _floats(last.signal_grad_norm)},
        "diverged": None if divergence is None else {
            "step": divergence.step, "layer": divergence.layer, "quantity": divergence.quantity,
            "message": divergence.message,
        },
        **_prediction_summary(trainer),
    }


def _snapshot(trainer):
    import numpy as np

    try:
        return trainer.snapshot(histograms=True, grid=True, jacobians=True)
    except (np.linalg.LinAlgError, ValueError):  # a diverged network's Jacobians may not be computable
        return trainer.snapshot(histograms=True, grid=True, jacobians=False)


def _render_pngs(out: Path, trainer_a, trainer_b, scale: int) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
    from PySide6.QtCore import qInstallMessageHandler

    previous = qInstallMessageHandler(_quiet_qt_messages)
    try:
        from bpviz.ui.export import render_all_plots

        compare = None if trainer_b is None else (trainer_b.history.view(), _snapshot(trainer_b))
        return render_all_plots(trainer_a.history.view(), _snapshot(trainer_a), out, compare=compare,
                                size=PNG_SIZE, scale=scale, config=trainer_a.config,
                                config_b=None if trainer_b is None else trainer_b.config)
    finally:
        qInstallMessageHandler(previous)


def _check_animation(args: argparse.Namespace, lesson) -> str | None:
    """--animate's plot (checked before any training), or None without --animate."""
    if not args.animate:
        if args.animate_plot:
            raise UsageError("--animate-plot needs --animate OUT.gif|OUT.png")
        return None
    from bpviz.animation import animation_format, frame_count_for

    try:
        animation_format(args.animate)
        frame_count_for(args.animate_seconds, args.animate_fps)
    except ValueError as exc:
        raise UsageError(f"--animate: {exc}") from None
    from bpviz.lessons import PLOT_NAMES

    plot = args.animate_plot or (lesson.watch if lesson is not None and lesson.watch else "gradientFlowPlot")
    if plot not in PLOT_NAMES:
        raise UsageError(f"--animate-plot {plot!r}: choose one of {', '.join(sorted(PLOT_NAMES))}")
    return plot


def _render_animation(args: argparse.Namespace, plot: str, trainer_a, trainer_b):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
    from PySide6.QtCore import QRect, qInstallMessageHandler

    previous = qInstallMessageHandler(_quiet_qt_messages)
    try:
        from bpviz.animation import animation_format
        from bpviz.ui.animation_export import AnimationOptions, export_animation
        from bpviz.ui.export import _app

        _app()
        options = AnimationOptions(plot, args.animate_seconds, args.animate_fps, args.scale,
                                   animation_format(args.animate))
        compare = None if trainer_b is None else (trainer_b.history.view(), _snapshot(trainer_b))
        return export_animation(args.animate, [(plot, QRect(0, 0, *PNG_SIZE))], PNG_SIZE,
                                (trainer_a.history.view(), _snapshot(trainer_a)), compare, options,
                                config=trainer_a.config, config_b=None if trainer_b is None else trainer_b.config)
    finally:
        qInstallMessageHandler(previous)


def _quiet_qt_messages(mode, context, message: str) -> None:
    """The offscreen platform's harmless chatter stays out of the terminal; anything else is shown."""
    if "propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from bpviz.config import ConfigError
    from bpviz.engine.recurrent_trainer import make_trainer
    from bpviz.lessons import LessonRun

    started = time.perf_counter()
    config_a, config_b, lesson = _configs(args)
    steps = args.steps or (lesson.steps if lesson else DEFAULT_STEPS)
    animation_plot = _check_animation(args, lesson)
    name = lesson.name if lesson else Path(args.experiment or args.data).stem
    out = Path(args.out or f"bpviz-run-{name}")
    capacity = max(2048, steps + steps % 2)
    try:  # an experiment's CSV file that moved or changed since it was saved
        trainer_a = make_trainer(config_a, history_capacity=min(capacity, 8192))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    start_a = trainer_a.initial_stats()
    run = trainer_b = start_b = None
    if lesson is not None:
        trainer_b = make_trainer(config_b, history_capacity=min(capacity, 8192))
        start_b = trainer_b.initial_stats()
        run = LessonRun(trainer_a, trainer_b, lesson.expectation)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _error(f"cannot create the output folder {out}: {exc.strerror or exc}")
        return EXIT_OUTPUT
    if lesson is not None and steps < lesson.expectation.steps:
        print(f"bpviz run: lesson {lesson.name} checks its expectation after {lesson.expectation.steps} steps; "
              f"--steps {steps} trains fewer, so the expectation will not be checked"
              + (f" (exit status {EXIT_NOT_MET} with --check)" if args.check else ""), file=sys.stderr)

    progress = _Progress(steps, f"bpviz run {name}", args.quiet)
    for done in range(1, steps + 1):
        if run is not None:
            run.step()
            if trainer_a.divergence and trainer_b.divergence:
                progress.finish_early(done)
                break
        else:
            if trainer_a.step() is None:
                progress.finish_early(done)
                break
        progress(done, None if trainer_a.last_stats is None else trainer_a.last_stats.loss)

    summary: dict[str, Any] = {
        "bpviz_version": _version(),
        "experiment": config_a.name,
        "lesson": lesson.name if lesson else None,
        "seed": config_a.train.seed,
        "steps_requested": steps,
        **_network_summary(trainer_a, start_a),
    }
    result = None
    if lesson is not None:
        summary["remedy"] = {"label": lesson.remedy_label, **_network_summary(trainer_b, start_b)}
        expectation: dict[str, Any] = {"checked": run.complete, "steps_needed": lesson.expectation.steps,
                                       "checks": [check.describe() for check in lesson.expectation.checks]}
        if run.complete:
            result = run.result()
            expectation.update(met=result.met, detail=result.detail, measured=result.measured)
        else:
            expectation.update(met=None, detail=f"not checked: the expectation needs {lesson.expectation.steps} "
                                                f"steps, this run had {steps}")
        summary["expectation"] = expectation

    files = ["config.json", "history.csv", "summary.json"]
    try:
        config_a.save(out / "config.json")
        trainer_a.history.view().to_csv(out / "history.csv")
        if trainer_b is not None:
            config_b.save(out / "remedy_config.json")
            trainer_b.history.view().to_csv(out / "remedy_history.csv")
            files += ["remedy_config.json", "remedy_history.csv"]
        if not args.no_png:
            pngs = _render_pngs(out, trainer_a, trainer_b if args.compare else None, args.scale)
            files += [path.name for path in pngs]
        if animation_plot is not None:
            animation = _render_animation(args, animation_plot, trainer_a, trainer_b if args.compare else None)
            summary["animation"] = {"path": str(animation.path), "plot": animation_plot, "frames": animation.frames,
                                    "seconds": animation.duration_s, "bytes": animation.size_bytes}
            if not args.quiet:
                print(f"animation: {animation.path} ({animation_plot}, {animation.frames} frames, "
                      f"{animation.size_bytes / 1e6:.1f} MB, drawn in {animation.seconds:.1f} s)")
        summary["files"] = files
        summary["wall_time_seconds"] = round(time.perf_counter() - started, 3)
        from bpviz import fileio

        # atomically: a failure (a full disk, text that cannot be encoded) leaves the old summary, never half of one
        fileio.atomic_write_text(out / "summary.json",
                                 json.dumps(_finite(summary), indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        _error(f"cannot write the results to {out}: {exc.strerror or exc}")
        return EXIT_OUTPUT
    except UnicodeError as exc:
        _error(f"cannot write the results to {out}: {exc}")
        return EXIT_OUTPUT

    code = _report(summary, result, trainer_a, trainer_b, out, files)
    if args.check and lesson is not None and (result is None or not result.met):
        return EXIT_NOT_MET
    return code


def _report(summary, result, trainer_a, trainer_b, out: Path, files: list[str]) -> int:
    def accuracy(block: dict[str, Any]) -> str:
        value = block["final"]["test_accuracy"]
        return "n/a" if value is None or not math.isfinite(value) else f"{value:.1%}"

    if trainer_b is None:
        trained = f"{trainer_a.step_count} steps, test accuracy {accuracy(summary)}"
    else:
        trained = (f"A {trainer_a.step_count} steps, test accuracy {accuracy(summary)}; B ({summary['remedy']['label']}) "
                   f"{trainer_b.step_count} steps, test accuracy {accuracy(summary['remedy'])}")
    print(f"bpviz run: {summary['experiment']}: {trained}; {summary['wall_time_seconds']:.1f} s; "
          f"wrote {len(files)} files to {out}")
    if trainer_a.divergence is not None:
        print(f"A: {trainer_a.divergence.message}")
    if trainer_b is not None and trainer_b.divergence is not None:
        print(f"B: {trainer_b.divergence.message}")
    if summary.get("lesson") is None:
        return EXIT_FAILED if trainer_a.divergence is not None else EXIT_OK
    expectation = summary["expectation"]
    if not expectation["checked"]:
        print(f"expectation {expectation['detail']}")
        return EXIT_FAILED if trainer_b.divergence is not None else EXIT_OK
    print(f"expectation {'met' if result.met else 'NOT met'}:")
    for line in result.detail.splitlines():
        print(f"  {line}")
    return EXIT_OK if result.met else EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
