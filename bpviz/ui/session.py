"""The training session (DESIGN.md §4): :class:`TrainingSession` holds trainer A (and B in compare mode), the run
state and the frames it publishes, computing the costly parts only for the plots that are shown; no thread of its
own, so tests drive it synchronously. :func:`initial_frame` and :func:`placeholder_frame` are the frames the window
draws before any worker has published. :mod:`bpviz.ui.worker` has the overview; :mod:`bpviz.ui.messages` the
commands and frames."""

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

from bpviz.ui.messages import *  # noqa: F401,F403  (the commands, frames and constants)
from bpviz.ui.messages import _NEWEST_ONLY  # noqa: F401


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
        try:
            self.publish(force=True, parts=(pending[0],))
        except Exception:
            # Owed no longer at this state: a part that fails is reported once (the worker posts the error), not
            # recomputed in a busy loop that starves the window; a new state (a step, a change) tries it again.
            self._part_state[pending[0]] = self._state
            raise
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
