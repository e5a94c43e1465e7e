"""The training thread and its mailbox (DESIGN.md §4).

Training runs in a plain :class:`threading.Thread`; the UI thread only draws. Data crosses threads two ways only:

* commands go *to* the worker through a :class:`queue.Queue`, drained between steps;
* the newest :class:`Frame` comes *back* through a lock-protected :class:`Mailbox` that a UI ``QTimer`` polls.

No Qt signal ever crosses threads (PySide6 6.12.0 corrupts reference counts when a Python signal is emitted from a
worker thread), and this module does not import Qt at all. The logic lives in :class:`TrainingSession`, which has no
thread of its own: tests drive it synchronously with :meth:`TrainingSession.handle` and
:meth:`TrainingSession.advance` (the Orange3 ``concurrent.py`` pattern); :class:`TrainingWorker` is a thin loop
around it. :class:`bpviz.ui.training_process.ProcessWorker` runs the same session in a child process instead (the
window's default), behind the same interface.

Three rules keep the window responsive at any network size (docs/robustness.md):

* **Commands are coalesced.** Everything waiting is taken at once (:func:`coalesce`): of the rebuilds and live changes
  of one kind only the newest is applied (holding the depth arrow from 10 to 200 is one rebuild, not 190), while
  start, pause and step keep their exact order and count. ``Command.covers`` carries how many of the window's
  commands a surviving one stands for, so ``Frame.commands_handled`` still reaches ``commands_sent``.
* **A command's frame is cheap.** It is published at once without the costly parts (histograms, decision grid,
  Jacobians); those are then computed one at a time, only for the plots that are shown (``set_parts``), between
  commands (:meth:`TrainingSession.refresh_parts`) or, while training runs, at their own pace. Each frame says per
  part whether it is ``fresh``, ``stale``, ``coming`` or ``off`` (:attr:`Frame.part_status`).
* **The window never builds a network it does not need.** :func:`initial_frame` is the first frame the window draws:
  the real untrained network when it is small, else a placeholder (``Frame.placeholder``) with the settings, the
  data and NaN statistics; the worker (a thread or the child process) builds the network.
"""

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
      died: then ``detail`` names the exit code or the signal, e.g. "killed by signal 9 (SIGKILL)");
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

class PartSchedule:
    """When a costly frame part is next due: at most ``max_rate`` per second, and at most ``budget`` of the time.

    A part that took ``cost`` seconds waits ``max(1 / max_rate, cost / budget)`` before the next one, so a deep
    network (where the decision grid takes tens of ms) is redrawn less often instead of slowing training down.
    """

    def __init__(self, max_rate: float, budget: float) -> None:
        self.max_rate = max_rate
        self.budget = budget
        self.next_due = 0.0

    def due(self, now: float) -> bool:
        return now >= self.next_due

    def done(self, now: float, cost: float) -> None:
        self.next_due = now + max(1.0 / self.max_rate, cost / self.budget)

    def clear(self) -> None:
        self.next_due = 0.0


@dataclass
class _Carried:
    """The last costly parts of one network's snapshot, carried into frames that do not recompute them."""

    parts: dict[str, Any] = field(default_factory=dict)


_PART_KEYS = {
    "histograms": ("activation_histograms", "activation_edges", "signal_grad_histograms", "signal_grad_edges"),
    "grid": GRID_PARTS,  # decision_grid for 2-D data, example_grid + confusion otherwise
    "jacobians": ("jacobians",),
}


# ---------------------------------------------------------------- the logic, without a thread

class TrainingSession:
    """Trainer A (and B in compare mode), the run state, and the frames they publish. Not thread-aware.

    ``handle(command)`` (or ``handle_all(commands)``, coalesced) applies commands and publishes one cheap frame at
    once; ``advance()`` makes one training step (of both networks in compare mode) and publishes a frame when one
    is due (at most FRAME_RATE a second), with the costly parts that are wanted and due by their pacing;
    ``refresh_parts()`` computes one costly part that a paused session still owes (see :meth:`pending_parts`).
    ``clock`` is injectable so tests control time.
    """

    def __init__(self, config: ExperimentConfig | None = None, mailbox: Mailbox | None = None,
                 clock: Callable[[], float] = time.perf_counter, history_capacity: int = 2048,
                 commands_handled: int = 0) -> None:
        self.mailbox = mailbox if mailbox is not None else Mailbox()
        self.clock = clock
        self.cost_clock: Callable[[], float] = time.perf_counter  # measures what steps and parts cost
        self.history_capacity = history_capacity
        self.trainer = make_trainer(config if config is not None else ExperimentConfig(), history_capacity)
        self.trainer_b: Trainer | None = None
        self.pins: dict[str, Any] = {}   # compare mode: the settings B keeps whatever A does
        self.running = False
        self.speed: float | None = None  # steps per second; None = full speed
        self.generation = 0
        self.rebuilt = False
        self.serial = 0
        self.commands_handled = commands_handled  # a restarted process continues its predecessor's count
        self.last_step_seconds = 0.0     # how long the last training step took (both networks)
        self._next_step_time = 0.0
        self._step_times: deque[float] = deque()
        self._reported_divergence: set[str] = set()
        self._next_frame_time = 0.0
        self._schedules = {
            "histograms": PartSchedule(max_rate=FRAME_RATE, budget=0.03),
            "grid": PartSchedule(max_rate=5.0, budget=0.04),
            "jacobians": PartSchedule(max_rate=2.0, budget=0.03),
        }
        self._carried = {"A": _Carried(), "B": _Carried()}
        # The state the networks are in: +1 for every step, live change, rebuild or compare change. A costly part
        # computed at the current state is fresh; one computed earlier is stale.
        self._state = 0
        self._part_state: dict[str, int] = {}   # part -> state it was computed at (absent: not this generation)
        self._part_step: dict[str, int] = {}    # part -> training step it was computed at
        self.wanted_parts = dict.fromkeys(FRAME_PARTS, True)  # the UI turns off what no visible plot draws
        # Told ("step", "") before each training step and ("part", name) before each costly part is computed: the
        # training process's heartbeat says what it is doing, and how long the same thing took before.
        self.activity_hook: Callable[[str, str], None] | None = None
        self.lesson: LessonPlan | None = None
        self._lesson_measured: dict[tuple[str, int], dict[str, float]] = {}
        self._lesson_valid = False        # the networks are the lesson's, untouched since step 0
        self._lesson_done: LessonProgress | None = None
        self._slow_until = 0              # lesson start: steps below this run at the plan's slow speed at most

    # ---- read-only conveniences

    @property
    def config(self) -> ExperimentConfig:
        return self.trainer.config

    @property
    def config_b(self) -> ExperimentConfig | None:
        return None if self.trainer_b is None else self.trainer_b.config

    @property
    def compare(self) -> bool:
        return self.trainer_b is not None

    @property
    def step_count(self) -> int:
        return self.trainer.step_count

    def trainers(self) -> list[tuple[str, Trainer]]:
        pairs = [("A", self.trainer)]
        if self.trainer_b is not None:
            pairs.append(("B", self.trainer_b))
        return pairs

    def all_diverged(self) -> bool:
        return all(trainer.divergence is not None for _, trainer in self.trainers())

    def lesson_step(self) -> int:
        """The lesson's clock: the further of A's and B's steps (a diverged network stops at its step)."""
        return max(trainer.step_count for _, trainer in self.trainers())

    # ---- commands

    def handle(self, command: Command) -> None:
        """Apply one command and publish a (cheap) frame; ``stop`` is the thread's business and is ignored here."""
        self._apply(command)
        self.publish(force=True)

    def handle_all(self, commands: list[Command],
                   guard: Callable[..., Any] | None = None) -> None:
        """Apply a batch of waiting commands, coalesced (see :func:`coalesce`), then publish one cheap frame.

        ``guard(action, *args)`` runs each command (e.g. :func:`run_guarded` bound to this session), so that one
        failing command does not stop the others; without it the first error propagates.
        """
        survivors = coalesce([command for command in commands if command.kind != "stop"])
        for command in survivors:
            if guard is None:
                self._apply(command)
            else:
                guard(self._apply, command)
        if survivors:
            self.publish(force=True)

    def _apply(self, command: Command) -> None:
        handler = getattr(self, f"_on_{command.kind}", None)
        if handler is None:
            if command.kind == "stop":
                return
            raise ValueError(f"unknown worker command {command.kind!r}; known: {', '.join(COMMAND_KINDS)}")
        self.commands_handled += command.covers
        handler(command.value)

    def _on_start(self, _value: Any) -> None:
        self.running = not self.all_diverged()
        self._next_step_time = self.clock()

    def _on_pause(self, _value: Any) -> None:
        self.running = False
        self._step_times.clear()

    def _on_step(self, _value: Any) -> None:
        # Single-stepping is a paused activity: a running session pauses first, then makes exactly one step.
        self.running = False
        self._step_times.clear()
        if self._step_all():
            self._lesson_after_step()
        self._check_divergence()
        self._lesson_check_end()

    def _on_set_speed(self, value: float | None) -> None:
        self.speed = None if not value else max(MIN_SPEED, float(value))
        self._slow_until = 0  # the user's choice wins over a lesson's slow start
        self._next_step_time = self.clock()

    def _on_set_lesson(self, plan: LessonPlan | None) -> None:
        """Run ``plan`` from the networks' step 0 (its verdict needs the lesson's networks, untouched), or none."""
        self.lesson = plan
        self._lesson_restart()

    def _on_set_parts(self, wanted: dict[str, bool]) -> None:
        """Which costly parts visible plots need; a part switched on is due at once."""
        newly = [part for part in FRAME_PARTS if wanted.get(part, False) and not self.wanted_parts[part]]
        self.wanted_parts = {part: bool(wanted.get(part, False)) for part in FRAME_PARTS}
        for part in newly:
            self._schedules[part].clear()

    def _on_apply_config(self, config: ExperimentConfig) -> None:
        config_b = self._mirror(config)
        fields = tuple(path for path in all_field_paths() if config.get(path) != self.trainer.config.get(path))
        if not fields and config_b == self.config_b:
            self.trainer.config = config  # e.g. only the name: nothing to apply, the parts stay fresh
            return
        try:
            self.trainer.apply_config(config)
            if self.trainer_b is not None and config_b is not None:
                self.trainer_b.apply_config(config_b)
        except RebuildRequired:
            self._rebuild(config, config_b)
            self.rebuilt = True
            self.mailbox.post(Notice("rebuilt", fields=fields))
        else:
            self._changed()
            self._lesson_check_settings()

    def _on_reset(self, config: ExperimentConfig | None) -> None:
        self.running = False
        new = config if config is not None else self.trainer.config
        self._rebuild(new, self._mirror(new))
        self.rebuilt = False

    def _on_set_compare(self, config_b: ExperimentConfig | None) -> None:
        """Compare mode on (B = ``config_b``), changed, or off (None).

        Switching it on restarts A too, so both networks start from step 0 on the same data and seed. Changing only
        B's live settings keeps both runs going (B records the change as an event); any other change restarts both.
        """
        config_a = self.trainer.config
        if config_b is None:
            if self.trainer_b is not None:
                self.trainer_b = None
                self.pins = {}
                self._carried["B"] = _Carried()
                self._reported_divergence.discard("B")
                self._changed()
                self._lesson_check_settings()
                self.mailbox.post(Notice("compare", detail="off"))
            return
        pins = {path: config_b.get(path) for path in all_field_paths() if config_b.get(path) != config_a.get(path)}
        if self.trainer_b is not None:
            try:
                self.trainer_b.apply_config(config_b)
            except RebuildRequired:
                pass
            else:
                self.pins = pins
                self._changed()
                self._lesson_check_settings()
                return
        self.pins = pins
        self.running = False
        self._rebuild(config_a, config_b)
        self.mailbox.post(Notice("compare", detail="on"))

    # ---- config plumbing

    def _mirror(self, config_a: ExperimentConfig) -> ExperimentConfig | None:
        """B's config for A's ``config_a``: A's settings, except the ones B pins."""
        if self.trainer_b is None:
            return None
        return config_a.replace(name=self.trainer_b.config.name, **self.pins)

    def _rebuild(self, config_a: ExperimentConfig, config_b: ExperimentConfig | None) -> None:
        """New weights for A (and B): the same data and seed, step 0, no divergence."""
        # a change of model kind (feed-forward <-> recurrent) needs the other kind of trainer
        if config_a.model != self.trainer.config.model:
            self.trainer = make_trainer(config_a, self.history_capacity)
        else:
            self.trainer.reset(config_a)
        if self.trainer_b is not None or config_b is not None:
            if config_b is None:
                config_b = config_a
            if self.trainer_b is None or config_b.model != self.trainer_b.config.model:
                self.trainer_b = make_trainer(config_b, self.history_capacity)
            else:
                self.trainer_b.reset(config_b)
        self.generation += 1
        self._reported_divergence.clear()
        self._step_times.clear()
        self._carried = {"A": _Carried(), "B": _Carried()}
        self._part_state.clear()
        self._part_step.clear()
        self._changed()
        for schedule in self._schedules.values():
            schedule.clear()
        self._lesson_restart()

    # ---- the lesson being run

    def _is_lesson_pair(self) -> bool:
        plan = self.lesson
        if plan is None or self.trainer_b is None:
            return False

        def same(a: ExperimentConfig, b: ExperimentConfig) -> bool:
            return a.replace(name="lesson") == b.replace(name="lesson")

        return same(self.trainer.config, plan.config) and same(self.trainer_b.config, plan.remedy)

    def _lesson_restart(self) -> None:
        """A new run of the lesson (it was set, or the networks were rebuilt): measured from step 0 if the networks
        are the lesson's and untrained."""
        self._lesson_measured = {}
        self._lesson_done = None
        plan = self.lesson
        self._slow_until = plan.slow_steps if plan is not None else 0
        self._lesson_valid = (plan is not None and self._is_lesson_pair()
                              and all(trainer.step_count == 0 for _, trainer in self.trainers()))
        if self._lesson_valid:
            self._lesson_measure(0)

    def _lesson_check_settings(self) -> None:
        """A live change: the verdict would no longer be the lesson's unless the settings are its own again (and
        then the run still had other settings on the way: it stays unchecked)."""
        if self.lesson is not None and self._lesson_done is None and self.lesson_step() > 0:
            self._lesson_valid = False
        elif self.lesson is not None and self._lesson_done is None:  # still untrained: measure it as it is now
            self._lesson_measured = {}
            self._lesson_valid = self._is_lesson_pair()
            if self._lesson_valid:
                self._lesson_measure(0)

    def _lesson_measure(self, at: int) -> None:
        plan = self.lesson
        if plan is None or at not in plan.expectation.checkpoints:
            return
        jacobians = any(c.metric in JACOBIAN_METRICS and c.at == at for c in plan.expectation.checks)
        self._lesson_measured[("problem", at)] = measure(self.trainer, jacobians)
        self._lesson_measured[("remedy", at)] = measure(self.trainer_b, jacobians)

    def _lesson_after_step(self) -> None:
        """Measure the lesson's checkpoint the step has just reached (right after the step, as LessonRun does)."""
        if self.lesson is None or self._lesson_done is not None or not self._lesson_valid:
            return
        at = self.lesson_step()
        if ("problem", at) not in self._lesson_measured:
            self._lesson_measure(at)

    def _lesson_check_end(self) -> bool:
        """At the lesson's step count (or when both networks diverged first): pause and give the verdict once.
        Returns whether the lesson has just ended."""
        plan = self.lesson
        if plan is None or self._lesson_done is not None:
            return False
        step = self.lesson_step()
        if step < plan.steps and not self.all_diverged():
            return False
        result, unchecked = None, ""
        complete = all(("problem", at) in self._lesson_measured for at in plan.expectation.checkpoints)
        if not self._lesson_valid:
            unchecked = LESSON_CHANGED
        elif not complete:
            unchecked = LESSON_DIVERGED
        else:
            result = evaluate(plan.expectation, self._lesson_measured)
        self._lesson_done = LessonProgress(plan.name, plan.steps, step, True, result, unchecked)
        self.running = False
        self._step_times.clear()
        self.mailbox.post(Notice("lesson", detail=plan.name))
        return True

    def lesson_progress(self) -> LessonProgress | None:
        if self.lesson is None:
            return None
        if self._lesson_done is not None:
            return self._lesson_done
        return LessonProgress(self.lesson.name, self.lesson.steps, self.lesson_step())

    def effective_speed(self) -> float | None:
        """Steps/s now: the chosen speed, but at most the lesson's slow speed during its first steps."""
        plan = self.lesson
        if plan is not None and self._slow_until and self.lesson_step() < self._slow_until:
            return plan.slow_speed if self.speed is None else min(plan.slow_speed, self.speed)
        return self.speed

    def _changed(self) -> None:
        """The networks changed (a step, a live change, a rebuild): every costly part computed so far is stale."""
        self._state += 1

    # ---- training

    def seconds_until_next_step(self, now: float | None = None) -> float | None:
        """None when paused; 0 when a step is due now; else how long slow motion still waits."""
        if not self.running:
            return None
        if self.effective_speed() is None:
            return 0.0
        now = self.clock() if now is None else now
        return max(0.0, self._next_step_time - now)

    def advance(self) -> bool:
        """One training step of every network that has not diverged; returns whether anything stepped.

        A new divergence pauses the session and is posted as a notice; the frame then carries
        ``snapshot.divergence``.
        """
        speed = self.effective_speed()
        stepped = self._step_all()
        if stepped:
            self._lesson_after_step()
        now = self.clock()
        if speed is not None:
            # Pace from the planned time (not from now) so slow motion keeps its rate; never bank a backlog.
            self._next_step_time = max(self._next_step_time + 1.0 / speed, now - 1.0 / speed)
        diverged = self._check_divergence()
        ended = self._lesson_check_end()
        if diverged or ended or not stepped:
            if not stepped:
                self.running = False
            self.publish(force=True)
        else:
            self.publish(force=False)
        return stepped

    def _step_all(self) -> bool:
        stepped = False
        if self.activity_hook is not None:
            self.activity_hook("step", "")
        started = self.cost_clock()
        for _, trainer in self.trainers():
            if trainer.divergence is None:
                trainer.step()
                stepped = True
        if stepped:
            self.last_step_seconds = self.cost_clock() - started
            self._changed()
            now = self.clock()
            self._step_times.append(now)
            while self._step_times and self._step_times[0] < now - STATS_WINDOW_SECONDS:
                self._step_times.popleft()
        return stepped

    def _check_divergence(self) -> bool:
        """Post a notice (once) for each network that has just diverged; True if one did. Training pauses only when
        every network has diverged: in compare mode a diverged network stops alone and the other trains on."""
        new = False
        alone = not self.all_diverged()
        for name, trainer in self.trainers():
            if trainer.divergence is not None and name not in self._reported_divergence:
                self._reported_divergence.add(name)
                self.mailbox.post(Notice("diverged", divergence=trainer.divergence, network=name,
                                         detail="alone" if alone else ""))
                new = True
        if new and not alone:
            self.running = False
        return new

    def steps_per_second(self) -> float:
        if not self.running or len(self._step_times) < 2:
            return 0.0
        span = self._step_times[-1] - self._step_times[0]
        if span <= 0:
            return 0.0
        return (len(self._step_times) - 1) / span

    # ---- costly parts

    def pending_parts(self) -> list[str]:
        """The wanted parts that a paused session still owes (not computed at the networks' current state), in the
        order :meth:`refresh_parts` computes them (cheapest first). While training runs, parts are paced instead,
        and this is empty."""
        if self.running:
            return []
        return [part for part in FRAME_PARTS if self.wanted_parts[part] and self._part_state.get(part) != self._state]

    def refresh_parts(self) -> str | None:
        """Compute the first of :meth:`pending_parts` and publish a frame with it; returns the part (None: none)."""
        pending = self.pending_parts()
        if not pending:
            return None
        self.publish(force=True, parts=(pending[0],))
        return pending[0]

    def part_status(self, now: float | None = None) -> dict[str, str]:
        """Per costly part: "fresh", "stale", "coming" or "off" (see :attr:`Frame.part_status`)."""
        now = self.clock() if now is None else now
        status = {}
        for part in FRAME_PARTS:
            computed = self._part_state.get(part)
            if computed == self._state:
                status[part] = "fresh"
            elif self.wanted_parts[part] and (not self.running or computed is None or self._schedules[part].due(now)):
                status[part] = "coming"
            elif computed is not None:
                status[part] = "stale"
            else:
                status[part] = "off"
        return status

    # ---- frames

    def publish(self, force: bool = False, parts: bool | tuple[str, ...] | None = None) -> bool:
        """Publish a frame if one is due (at most FRAME_RATE per second) or ``force``; returns whether it did.

        ``parts`` says which costly parts to compute for it: a tuple names them; ``None`` means those that are
        wanted and due by their pacing for a frame that is due by time, and none for a forced frame (the frame
        after a command comes at once; :meth:`refresh_parts` or the pacing computes its parts next); ``False``
        means none.
        """
        now = self.clock()
        if not force and now < self._next_frame_time:
            return False
        # Keep the beat (due + period, not now + period), so frames come at FRAME_RATE on average even when each
        # step takes a good part of a period; after a pause the beat starts again from now.
        period = 1.0 / FRAME_RATE
        self._next_frame_time = max(self._next_frame_time + period, now - period / 2) if not force else now + period
        if isinstance(parts, tuple):
            wanted = {name: name in parts for name in self._schedules}
        elif parts is None and not force:
            wanted = {name: self.wanted_parts[name] and schedule.due(now) for name, schedule in self._schedules.items()}
        else:
            wanted = dict.fromkeys(self._schedules, False)
        snapshots: dict[str, Snapshot] = {}
        costs = dict.fromkeys(wanted, 0.0)
        for name, trainer in self.trainers():
            snapshots[name] = self._snapshot(name, trainer, wanted, costs)
        for part, schedule in self._schedules.items():
            if wanted[part]:
                schedule.done(now, costs[part])
                self._part_step[part] = self.trainer.step_count
                if not (part == "grid" and self._grid_refining()):  # a paused session goes on refining it
                    self._part_state[part] = self._state
        compare = None
        if "B" in snapshots and self.trainer_b is not None:
            compare = (self.trainer_b.history.view(), snapshots["B"])
        self.serial += 1
        self.mailbox.publish(Frame(
            serial=self.serial, history=self.trainer.history.view(), snapshot=snapshots["A"], compare=compare,
            steps_per_second=self.steps_per_second(), running=self.running, speed=self.effective_speed(),
            config=self.trainer.config, config_b=self.config_b, generation=self.generation, rebuilt=self.rebuilt,
            commands_handled=self.commands_handled, part_status=self.part_status(now),
            part_steps=dict(self._part_step), lesson=self.lesson_progress(),
        ))
        return True

    def _grid_refining(self) -> bool:
        """A network too large for its decision grid in one go has only part of it yet (filled in coarse to fine)."""
        return any((grid := carried.parts.get("decision_grid")) is not None and grid.progress < 1.0
                   for carried in self._carried.values())

    def _snapshot(self, name: str, trainer: Trainer, wanted: dict[str, bool], costs: dict[str, float]) -> Snapshot:
        """The trainer's snapshot, computing the wanted costly parts (timed) and carrying the others forward."""
        carried = self._carried[name].parts
        snapshot = trainer.snapshot(histograms=False)
        for part, keys in _PART_KEYS.items():
            if wanted[part]:
                if self.activity_hook is not None:
                    self.activity_hook("part", part)
                started = self.cost_clock()
                fresh = trainer.snapshot(histograms=part == "histograms", grid=part == "grid",
                                         jacobians=part == "jacobians")
                costs[part] += self.cost_clock() - started
                for key in keys:
                    carried[key] = getattr(fresh, key)
        present = {key: value for key, value in carried.items() if value is not None}
        return snapshot.with_frame(**present) if present else snapshot


# ---------------------------------------------------------------- the first frame

def initial_frame(config: ExperimentConfig, history_capacity: int = 2048) -> Frame:
    """The first frame the window draws, before any worker has published: cheap at every network size.

    A network of at most INITIAL_FRAME_MAX_WEIGHTS hidden weights is built here and its untrained statistics are
    real (the same seed gives the worker the same network), without the costly parts (``part_status`` "coming"). A
    larger one is not built at all: the frame is a placeholder (``placeholder=True``) with the settings, the data
    points and NaN statistics, and the worker's first frame replaces it.
    """
    if hidden_weight_count(config) <= INITIAL_FRAME_MAX_WEIGHTS:
        session = TrainingSession(config, history_capacity=history_capacity)
        session.publish(force=True)
        return session.mailbox.latest()
    return placeholder_frame(config)


def hidden_weight_count(config: ExperimentConfig) -> int:
    """How many hidden weights the network has (what building it and one step cost grows with)."""
    if config.model == "recurrent":  # one layer: W_ih and W_hh, up to 4 gate blocks each
        hidden = config.recurrent.hidden_size
        return 4 * hidden * (hidden + 2 * config.recurrent.symbols)
    network = config.network
    return network.width * 2 + (network.depth - 1) * network.width * network.width


def placeholder_frame(config: ExperimentConfig) -> Frame:
    """A frame for a network that is not built yet: the settings and the data, NaN statistics, no history rows."""
    depth = config.network.depth
    nan_layers = np.full(depth, np.nan)
    stats = StepStats(
        step=0, loss=float("nan"), train_accuracy=float("nan"), test_accuracy=float("nan"),
        grad_norm_before_clip=float("nan"), grad_norm_after_clip=float("nan"), grad_norm=nan_layers,
        signal_grad_norm=nan_layers, update_ratio=nan_layers, activation_mean=nan_layers, activation_std=nan_layers,
        saturation=nan_layers, dead=nan_layers, output_grad_norm=float("nan"),
    )
    data = config.data
    dataset = make_dataset(data.dataset, data.samples, data.noise, config.train.seed, data.train_fraction)
    network = config.network
    snapshot = Snapshot(
        stats=stats, depth=depth, width=network.width, activation=network.activation, residual=network.residual,
        batchnorm=network.batchnorm, clip_mode=config.train.clip_mode, clip_threshold=config.train.clip_threshold,
        learning_rate=config.train.learning_rate,
        prelu_alpha=np.full(depth, 0.25) if network.activation == "prelu" else None,
        train_points=(dataset.X_train, dataset.y_train), test_points=(dataset.X_test, dataset.y_test),
    )
    history = HistoryView(steps=np.zeros(0, dtype=np.int64), scalars={name: np.zeros(0) for name in SCALAR_METRICS},
                          layers={name: np.zeros((0, depth)) for name in LAYER_METRICS})
    return Frame(serial=0, history=history, snapshot=snapshot, compare=None, steps_per_second=0.0, running=False,
                 speed=None, config=config, part_status=dict.fromkeys(FRAME_PARTS, "coming"), placeholder=True)


# ---------------------------------------------------------------- the thread

def make_command(kind: str, value: Any = None) -> Command:
    if kind not in COMMAND_KINDS:
        raise ValueError(f"unknown worker command {kind!r}; known: {', '.join(COMMAND_KINDS)}")
    return Command(kind, value)


class WorkerCommands(abc.ABC):
    """The commands the window sends, each one ``send(kind, value)``; a worker defines ``send``.

    ``commands_sent`` counts them; a frame whose ``commands_handled`` has reached it has seen every one.
    """

    commands_sent: int

    @abc.abstractmethod
    def send(self, kind: str, value: Any = None) -> None:
        """Queue one command (any thread; never blocks)."""

    def start(self) -> None:
        self.send("start")

    def pause(self) -> None:
        self.send("pause")

    def step(self) -> None:
        self.send("step")

    def set_speed(self, steps_per_second: float | None) -> None:
        self.send("set_speed", steps_per_second)

    def apply_config(self, config: ExperimentConfig) -> None:
        self.send("apply_config", config)

    def reset(self, config: ExperimentConfig | None = None) -> None:
        self.send("reset", config)

    def set_compare(self, config_b: ExperimentConfig | None) -> None:
        self.send("set_compare", config_b)

    def set_parts(self, wanted: dict[str, bool]) -> None:
        self.send("set_parts", dict(wanted))

    def set_lesson(self, plan: LessonPlan | None) -> None:
        self.send("set_lesson", plan)


class TrainingWorker(WorkerCommands):
    """Runs a :class:`TrainingSession` in a thread named ``bpviz-worker``; the UI sends commands and reads frames.

    Give it a ``session``, or a ``config``: then the session (and its network, which may take seconds to build at
    the largest sizes) is made in the worker thread, never in the caller's, and ``initial`` (e.g.
    :func:`initial_frame`) is what the mailbox holds until then. Every public method only puts a command on the
    queue, so it is safe (and quick) from any thread.
    """

    def __init__(self, session: TrainingSession | None = None, *, config: ExperimentConfig | None = None,
                 history_capacity: int = 2048, initial: Frame | None = None) -> None:
        if session is None and config is None:
            raise ValueError("TrainingWorker needs a session or a config")
        self.session = session
        self.mailbox = session.mailbox if session is not None else Mailbox()
        if initial is not None and self.mailbox.latest() is None:
            self.mailbox.publish(initial)
        self._config = config
        self._history_capacity = history_capacity
        self._commands: queue.Queue[Command] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=WORKER_THREAD_NAME, daemon=False)
        self.error: BaseException | None = None
        self.commands_sent = 0  # compare with Frame.commands_handled: has the frame seen every command yet?
        self._ui_idle = threading.Event()
        self._ui_idle.set()

    # ---- lifecycle

    def start_thread(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._commands.put(Command("stop"))

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; returns whether it has. (A thread cannot be killed: a step in progress is
        finished first.)"""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    # ---- commands (any thread)

    def send(self, kind: str, value: Any = None) -> None:
        command = make_command(kind, value)
        self.commands_sent += 1
        self._commands.put(command)

    # ---- sharing the GIL with the UI thread

    def hold(self) -> None:
        """The UI thread is about to draw: the worker waits (GIL released) after its current step until
        :meth:`release`, or MAX_HOLD_SECONDS at most. Drawing then runs at full speed instead of trading the GIL
        with the worker every 5 ms, which made every redraw take twice as long and the event loop late."""
        self._ui_idle.clear()

    def release(self) -> None:
        self._ui_idle.set()

    # ---- the loop (worker thread only)

    def _take_commands(self, timeout: float | None) -> list[Command]:
        """Everything waiting (after waiting up to ``timeout`` seconds for the first; None: do not wait)."""
        try:
            first = self._commands.get_nowait() if timeout is None else self._commands.get(timeout=timeout)
        except queue.Empty:
            return []
        batch = [first]
        while True:
            try:
                batch.append(self._commands.get_nowait())
            except queue.Empty:
                return batch

    def _run(self) -> None:
        if self.session is None:
            try:
                self.session = TrainingSession(self._config, self.mailbox, history_capacity=self._history_capacity)
            except Exception as exc:  # noqa: BLE001 (say why, keep the window)
                self.error = exc
                self.mailbox.post(Notice("error", detail=f"{type(exc).__name__}: {exc}"))
                self._take_until_stop()
                return
            self.session.publish(force=True)
        session = self.session
        main_thread = threading.main_thread()
        last_yield = time.perf_counter()
        # The loop below relies on CPython's forced GIL switch (sys.getswitchinterval(), 5 ms) to let the UI thread
        # run while NumPy works on small matrices with the GIL held; the explicit yield only offers it sooner.
        while True:
            wait = session.seconds_until_next_step()
            owed = bool(session.pending_parts())
            if owed or wait == 0.0:
                batch = self._take_commands(None)
            else:
                batch = self._take_commands(POLL_SECONDS if wait is None else min(wait, POLL_SECONDS))
            if batch:
                stop = any(command.kind == "stop" for command in batch)
                self._guarded(session.handle_all, batch[:next((i for i, c in enumerate(batch) if c.kind == "stop"),
                                                               len(batch))], self._guard)
                if stop:
                    return
                continue  # drain every waiting command before the next step
            if not main_thread.is_alive():
                return  # the program is ending and nobody stopped us: do not hold the interpreter open
            if owed:
                self._guarded(session.refresh_parts)
                continue
            if session.seconds_until_next_step() == 0.0:
                if not self._ui_idle.is_set():
                    self._ui_idle.wait(MAX_HOLD_SECONDS)
                self._guarded(session.advance)
                now = time.perf_counter()
                if now - last_yield >= YIELD_EVERY_SECONDS:
                    time.sleep(0)  # releases the GIL: a waiting UI thread may take it now
                    last_yield = now

    def _take_until_stop(self) -> None:
        """No session: count the commands (so the window is not left waiting) until ``stop``."""
        while True:
            try:
                command = self._commands.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not threading.main_thread().is_alive():
                    return
                continue
            if command.kind == "stop":
                return

    def _guard(self, action: Callable[..., Any], *args: Any) -> None:
        self._guarded(action, *args)

    def _guarded(self, action: Callable[..., Any], *args: Any) -> None:
        """Run a session action; an unexpected error pauses training and becomes a notice, never a dead thread."""
        error = run_guarded(self.session, action, *args)
        if error is not None:
            self.error = error


def run_guarded(session: TrainingSession, action: Callable[..., Any], *args: Any,
                passthrough: tuple[type[BaseException], ...] = ()) -> Exception | None:
    """Run ``action(*args)`` on ``session``'s behalf: an unexpected error pauses training, is posted as an
    ``error`` notice (with a frame that shows training paused) and returned. ``passthrough`` errors propagate."""
    try:
        action(*args)
    except passthrough:
        raise
    except Exception as exc:  # noqa: BLE001 (the worker must survive anything the engine raises)
        session.running = False
        session.mailbox.post(Notice("error", detail=f"{type(exc).__name__}: {exc}"))
        try:
            session.publish(force=True, parts=False)
        except passthrough:
            raise
        except Exception:  # noqa: BLE001 (nothing more can be shown; the notice says what happened)
            pass
        return exc
    return None
