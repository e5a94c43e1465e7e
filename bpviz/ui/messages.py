"""What the window and the training worker say to each other (DESIGN.md §4): the commands going to the worker
(:class:`Command`, coalesced by :func:`coalesce`), the notices and frames coming back (:class:`Notice`,
:class:`Frame`, with a lesson's :class:`LessonPlan` and :class:`LessonProgress`), and the lock-protected
:class:`Mailbox` that holds the newest frame. No Qt, no threads of its own; :mod:`bpviz.ui.worker` has the
overview."""

from __future__ import annotations

import abc
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from bpviz.config import ExperimentConfig, all_field_paths
from bpviz.engine.datasets import make_dataset
from bpviz.engine.telemetry import (GRID_PARTS, LAYER_METRICS, SCALAR_METRICS, Divergence, HistoryView, Snapshot,
                                    StepStats)
from bpviz.engine.recurrent_trainer import make_trainer
from bpviz.engine.trainer import RebuildRequired, Trainer
from bpviz.lessons.expectation import JACOBIAN_METRICS, Expectation, ExpectationResult, evaluate, measure


WORKER_THREAD_NAME = "bpviz-worker"
FRAME_RATE = 30.0            # frames published per second, at most
STATS_WINDOW_SECONDS = 2.0   # steps/s is measured over this much recent time
MIN_SPEED = 1.0              # slowest slow motion, steps per second
YIELD_EVERY_SECONDS = 0.005  # at full speed, offer the GIL to the UI thread this often (time.sleep(0))
POLL_SECONDS = 0.25          # an idle worker still wakes this often to notice that the program is ending
MAX_HOLD_SECONDS = 0.1       # the longest the worker waits for the UI thread to finish drawing


# ---------------------------------------------------------------- what crosses the threads

@dataclass(frozen=True)
class Command:
    """One request to the worker. ``kind`` is one of :data:`COMMAND_KINDS`.

    ``covers`` is how many of the window's commands this one stands for: 1 as sent, more once :func:`coalesce` has
    folded older ones into it, 0 for a command the worker adds itself (a restarted process's compare mode).
    """

    kind: str
    value: Any = None
    covers: int = 1


COMMAND_KINDS = ("start", "pause", "step", "set_speed", "apply_config", "reset", "set_compare", "set_parts",
                 "set_lesson", "stop")
FRAME_PARTS = ("histograms", "grid", "jacobians")  # the costly parts of a frame, computed only when wanted
PART_STATES = ("fresh", "stale", "coming", "off")  # see Frame.part_status
# A first frame with the real untrained network is computed in the window only up to this many hidden weights
# (depth x width^2; about 50 ms); a larger network's first frame is a placeholder (see initial_frame).
INITIAL_FRAME_MAX_WEIGHTS = 1 << 20

_NEWEST_ONLY = frozenset({"set_speed", "set_parts"})       # independent of every other kind
# set_lesson is never merged: it applies to the networks as the commands before it left them.
_BARRIERS = frozenset({"start", "pause", "step", "stop"})    # kept exactly, in order; nothing moves across them


def coalesce(commands: list[Command]) -> list[Command]:
    """The commands of ``commands`` that still matter, in their order. A dropped command's ``covers`` is added to
    the newer one that replaces it, so the total of ``covers`` never changes.

    * ``start``, ``pause``, ``step`` and ``stop`` are barriers: each is kept, in order, and nothing is merged across
      one (a step after an ``apply_config`` sees that config).
    * ``set_speed`` and ``set_parts`` do not interact with anything else: only the newest of each is kept.
    * Between two barriers: only the newest ``set_compare`` is kept (it sets B's config and pins from scratch);
      a ``reset`` is dropped for a newer ``reset`` when no ``set_compare`` lies between (a ``reset(None)``, "with the
      current settings", then takes over the older one's config unless an ``apply_config`` came between); an
      ``apply_config`` is dropped for a newer one when no ``set_compare`` and no ``reset(None)`` lies between.

    The result leaves the session with the same settings (A's and B's configs, B's pins, speed, wanted parts) as
    handling every command, running or paused as after every command; it only skips intermediate networks, their
    events and notices (and so the pause that a skipped restart of both networks in compare mode would have made).
    """
    items: list[Command | None] = list(commands)

    def merge(older: int, newer: int, value: Any = None, keep_value: bool = True) -> None:
        old, new = items[older], items[newer]
        items[newer] = Command(new.kind, new.value if keep_value else value, new.covers + old.covers)
        items[older] = None

    newest: dict[str, int] = {}
    for index, command in enumerate(commands):
        if command.kind in _NEWEST_ONLY:
            if command.kind in newest:
                merge(newest[command.kind], index)
            newest[command.kind] = index
    start = 0
    for end in [*(i for i, c in enumerate(commands) if c.kind in _BARRIERS), len(commands)]:
        _coalesce_segment(items, range(start, end), merge)
        start = end + 1
    return [command for command in items if command is not None]


def _coalesce_segment(items: list[Command | None], segment: range, merge: Callable[..., None]) -> None:
    def alive(kind: str, first: int, last: int, none_only: bool = False) -> bool:
        return any(items[k] is not None and items[k].kind == kind and (not none_only or items[k].value is None)
                   for k in range(first + 1, last))

    def indexes(kind: str) -> list[int]:
        return [k for k in segment if items[k] is not None and items[k].kind == kind]

    compares = indexes("set_compare")
    for older in compares[:-1]:
        merge(older, compares[-1])
    resets = indexes("reset")
    for older, newer in zip(resets, resets[1:]):
        if alive("set_compare", older, newer):
            continue
        if items[newer].value is None and items[older].value is not None and not alive("apply_config", older, newer):
            merge(older, newer, items[older].value, keep_value=False)
        else:
            merge(older, newer)
    applies = indexes("apply_config")
    for older, newer in zip(applies, applies[1:]):
        if not alive("set_compare", older, newer) and not alive("reset", older, newer, none_only=True):
            merge(older, newer)


@dataclass(frozen=True)
class Notice:
    """Something the UI should tell the user once (frames may be skipped; notices are not).

    kind:

    * ``"rebuilt"``: ``fields`` needed a new network;
    * ``"diverged"``: ``divergence`` of ``network`` ("A" or "B"); ``detail`` "alone" when the other network of
      compare mode trains on (a diverged network stops alone), else "" (training paused);
    * ``"lesson"``: the lesson (``detail``: its name) reached its step count and training paused; the frame's
      :attr:`Frame.lesson` holds the verdict;
    * ``"compare"``: compare mode switched on or off (``detail`` "on"/"off"); both networks restarted;
    * ``"error"``: ``detail`` says what failed (the engine raised, or the training process could not start or
      died: then ``detail`` names the exit code or the signal, e.g. "killed by signal 9 (SIGKILL)"); when the
      engine raised a :class:`~bpviz.engine.tabular.DataFileError` (the experiment's CSV file moved or changed),
      ``data_error`` is that error, which the window words in its own language;
    * ``"stalled"``: the training process has not answered for ``seconds`` while it had work (``detail`` says
      what it was doing, e.g. "stopped (SIGSTOP)" or "step 12 has taken 95 s; steps took 3.1 s");
      the window should offer :meth:`~bpviz.ui.training_process.ProcessWorker.restart`;
    * ``"resumed"``: a stalled training process answers again (``seconds`` it was silent);
    * ``"restarted"``: a new training process has taken over (step 0, paused).

    The UI words them (and translates them); the worker only says what happened.
    """

    kind: str
    fields: tuple[str, ...] = ()
    divergence: Divergence | None = None
    network: str = "A"
    detail: str = ""
    seconds: float = 0.0
    data_error: Exception | None = None


@dataclass(frozen=True)
class LessonPlan:
    """A lesson the session runs (``set_lesson``): A = ``config``, B = ``remedy``, trained to ``steps`` and then
    paused, with ``expectation`` measured as ``bpviz run --lesson`` measures it (:class:`bpviz.lessons.LessonRun`).
    The first ``slow_steps`` steps run at ``slow_speed`` steps/s at most (the class sees them), then the chosen
    speed (full speed unless the user chose slow motion)."""

    name: str
    steps: int
    expectation: Expectation
    config: ExperimentConfig
    remedy: ExperimentConfig
    slow_steps: int = 30
    slow_speed: float = 10.0


# Why a lesson's expectation could not be checked (LessonProgress.unchecked)
LESSON_CHANGED = "changed"      # A's or B's settings differ from the lesson's (a live change, compare mode off)
LESSON_DIVERGED = "diverged"    # both networks diverged before the lesson's step count


@dataclass(frozen=True)
class LessonProgress:
    """Where the loaded lesson stands: ``step`` of ``steps`` (the further of A and B: a diverged network stops while
    the other trains on), and once ``finished`` its ``result`` (None with the reason in ``unchecked``)."""

    name: str
    steps: int
    step: int
    finished: bool = False
    result: ExpectationResult | None = None
    unchecked: str = ""


@dataclass(frozen=True)
class Frame:
    """The newest state of training, as the plots draw it. Immutable, so it is safe in any thread."""

    serial: int
    history: HistoryView
    snapshot: Snapshot
    compare: tuple[HistoryView, Snapshot] | None
    steps_per_second: float
    running: bool
    speed: float | None          # steps/s, None = full speed
    config: ExperimentConfig
    config_b: ExperimentConfig | None = None
    generation: int = 0          # counts resets/rebuilds: a new generation means new weights
    rebuilt: bool = False        # this generation began with a rebuild forced by a settings change
    commands_handled: int = 0    # how many commands the session had handled when it published this frame
    # Per costly part (FRAME_PARTS): "fresh" (computed for exactly this state), "stale" (from an earlier step or
    # before a live change: part_steps says which step), "coming" (the worker is about to compute it: say
    # "computing…" rather than show the old one silently), "off" (not wanted, so not computed; the value is None).
    part_status: Mapping[str, str] = field(default_factory=lambda: dict.fromkeys(FRAME_PARTS, "off"))
    part_steps: Mapping[str, int] = field(default_factory=dict)   # the step each present part was computed at
    placeholder: bool = False    # no network yet (initial_frame of a large one): statistics are NaN, parts None
    lesson: LessonProgress | None = None  # the lesson being run (set_lesson), its verdict once it has finished

    @property
    def step(self) -> int:
        return self.snapshot.step

    @property
    def divergence(self) -> Divergence | None:
        return self.snapshot.divergence

    def part_is_coming(self, part: str) -> bool:
        """Whether a plot of ``part`` should say "computing…" (a fresh value is on its way)."""
        return self.part_status.get(part) == "coming"


class Mailbox:
    """Holds the newest Frame (older ones are simply replaced) and the notices not yet shown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._notices: list[Notice] = []

    def publish(self, frame: Frame) -> None:
        with self._lock:
            self._frame = frame

    def latest(self) -> Frame | None:
        with self._lock:
            return self._frame

    def post(self, notice: Notice) -> None:
        with self._lock:
            self._notices.append(notice)

    def take_notices(self) -> list[Notice]:
        with self._lock:
            notices, self._notices = self._notices, []
        return notices


# ---------------------------------------------------------------- pacing of costly frame parts


def make_command(kind: str, value: Any = None) -> Command:
    if kind not in COMMAND_KINDS:
        raise ValueError(f"unknown worker command {kind!r}; known: {', '.join(COMMAND_KINDS)}")
    return Command(kind, value)
