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
"""

from __future__ import annotations

import abc
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from bpviz.config import ExperimentConfig, all_field_paths
from bpviz.engine.telemetry import Divergence, HistoryView, Snapshot
from bpviz.engine.trainer import RebuildRequired, Trainer

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
    """One request to the worker. ``kind`` is one of :data:`COMMAND_KINDS`."""

    kind: str
    value: Any = None


COMMAND_KINDS = ("start", "pause", "step", "set_speed", "apply_config", "reset", "set_compare", "set_parts", "stop")
FRAME_PARTS = ("histograms", "grid", "jacobians")  # the costly parts of a frame, computed only when wanted


@dataclass(frozen=True)
class Notice:
    """Something the UI should tell the user once (frames may be skipped; notices are not).

    kind: ``"rebuilt"`` (``fields`` needed a new network), ``"diverged"`` (``divergence``, ``network`` "A"/"B"),
    ``"compare"`` (compare mode switched on or off; both networks restarted), or ``"error"`` (``detail``).
    The UI words them (and translates them); the worker only says what happened.
    """

    kind: str
    fields: tuple[str, ...] = ()
    divergence: Divergence | None = None
    network: str = "A"
    detail: str = ""


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

    @property
    def step(self) -> int:
        return self.snapshot.step

    @property
    def divergence(self) -> Divergence | None:
        return self.snapshot.divergence


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
    """The last costly parts of one network's snapshot, carried into frames that skip recomputing them."""

    parts: dict[str, Any] = field(default_factory=dict)


_HISTOGRAM_PARTS = ("activation_histograms", "activation_edges", "signal_grad_histograms", "signal_grad_edges")


# ---------------------------------------------------------------- the logic, without a thread

class TrainingSession:
    """Trainer A (and B in compare mode), the run state, and the frames they publish. Not thread-aware.

    ``handle(command)`` applies one command; ``advance()`` makes one training step (of both networks in compare
    mode). Both publish a frame into ``mailbox`` when one is due, and right after every step/reset/apply command.
    ``clock`` is injectable so tests control time.
    """

    def __init__(self, config: ExperimentConfig | None = None, mailbox: Mailbox | None = None,
                 clock: Callable[[], float] = time.perf_counter, history_capacity: int = 2048) -> None:
        self.mailbox = mailbox if mailbox is not None else Mailbox()
        self.clock = clock
        self.history_capacity = history_capacity
        self.trainer = Trainer(config if config is not None else ExperimentConfig(), history_capacity)
        self.trainer_b: Trainer | None = None
        self.pins: dict[str, Any] = {}   # compare mode: the settings B keeps whatever A does
        self.running = False
        self.speed: float | None = None  # steps per second; None = full speed
        self.generation = 0
        self.rebuilt = False
        self.serial = 0
        self.commands_handled = 0
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
        self.wanted_parts = dict.fromkeys(FRAME_PARTS, True)  # the UI turns off what no visible plot draws

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

    # ---- commands

    def handle(self, command: Command) -> None:
        """Apply one command (``stop`` is the thread's business and is ignored here)."""
        handler = getattr(self, f"_on_{command.kind}", None)
        if handler is None:
            if command.kind == "stop":
                return
            raise ValueError(f"unknown worker command {command.kind!r}; known: {', '.join(COMMAND_KINDS)}")
        self.commands_handled += 1
        handler(command.value)

    def _on_start(self, _value: Any) -> None:
        self.running = not self.all_diverged()
        self._next_step_time = self.clock()
        self.publish(force=True, parts=False)

    def _on_pause(self, _value: Any) -> None:
        self.running = False
        self._step_times.clear()
        self.publish(force=True, parts=False)

    def _on_step(self, _value: Any) -> None:
        # Single-stepping is a paused activity: a running session pauses first, then makes exactly one step.
        self.running = False
        self._step_times.clear()
        self._step_all()
        self._check_divergence()
        self.publish(force=True)

    def _on_set_speed(self, value: float | None) -> None:
        self.speed = None if not value else max(MIN_SPEED, float(value))
        self._next_step_time = self.clock()
        self.publish(force=True, parts=False)

    def _on_set_parts(self, wanted: dict[str, bool]) -> None:
        """Which costly parts visible plots need; a part switched on is computed at once."""
        newly = [part for part in FRAME_PARTS if wanted.get(part, False) and not self.wanted_parts[part]]
        self.wanted_parts = {part: bool(wanted.get(part, False)) for part in FRAME_PARTS}
        if newly:
            for part in newly:
                self._schedules[part].clear()
            self.publish(force=True, parts=False)

    def _on_apply_config(self, config: ExperimentConfig) -> None:
        config_b = self._mirror(config)
        fields = tuple(path for path in all_field_paths() if config.get(path) != self.trainer.config.get(path))
        try:
            self.trainer.apply_config(config)
            if self.trainer_b is not None and config_b is not None:
                self.trainer_b.apply_config(config_b)
        except RebuildRequired:
            self._rebuild(config, config_b)
            self.rebuilt = True
            self.mailbox.post(Notice("rebuilt", fields=fields))
        self.publish(force=True)

    def _on_reset(self, config: ExperimentConfig | None) -> None:
        self.running = False
        new = config if config is not None else self.trainer.config
        self._rebuild(new, self._mirror(new))
        self.rebuilt = False
        self.publish(force=True)

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
                self.mailbox.post(Notice("compare", detail="off"))
            self.publish(force=True)
            return
        pins = {path: config_b.get(path) for path in all_field_paths() if config_b.get(path) != config_a.get(path)}
        if self.trainer_b is not None:
            try:
                self.trainer_b.apply_config(config_b)
            except RebuildRequired:
                pass
            else:
                self.pins = pins
                self.publish(force=True)
                return
        self.pins = pins
        self.running = False
        self._rebuild(config_a, config_b)
        self.mailbox.post(Notice("compare", detail="on"))
        self.publish(force=True)

    # ---- config plumbing

    def _mirror(self, config_a: ExperimentConfig) -> ExperimentConfig | None:
        """B's config for A's ``config_a``: A's settings, except the ones B pins."""
        if self.trainer_b is None:
            return None
        return config_a.replace(name=self.trainer_b.config.name, **self.pins)

    def _rebuild(self, config_a: ExperimentConfig, config_b: ExperimentConfig | None) -> None:
        """New weights for A (and B): the same data and seed, step 0, no divergence."""
        self.trainer.reset(config_a)
        if self.trainer_b is not None or config_b is not None:
            if config_b is None:
                config_b = config_a
            if self.trainer_b is None:
                self.trainer_b = Trainer(config_b, self.history_capacity)
            else:
                self.trainer_b.reset(config_b)
        self.generation += 1
        self._reported_divergence.clear()
        self._step_times.clear()
        self._carried = {"A": _Carried(), "B": _Carried()}
        for schedule in self._schedules.values():
            schedule.clear()

    # ---- training

    def seconds_until_next_step(self, now: float | None = None) -> float | None:
        """None when paused; 0 when a step is due now; else how long slow motion still waits."""
        if not self.running:
            return None
        if self.speed is None:
            return 0.0
        now = self.clock() if now is None else now
        return max(0.0, self._next_step_time - now)

    def advance(self) -> bool:
        """One training step of every network that has not diverged; returns whether anything stepped.

        A new divergence pauses the session and is posted as a notice; the frame then carries
        ``snapshot.divergence``.
        """
        stepped = self._step_all()
        now = self.clock()
        if self.speed is not None:
            # Pace from the planned time (not from now) so slow motion keeps its rate; never bank a backlog.
            self._next_step_time = max(self._next_step_time + 1.0 / self.speed, now - 1.0 / self.speed)
        if self._check_divergence() or not stepped:
            self.running = False
            self.publish(force=True)
        else:
            self.publish(force=False)
        return stepped

    def _step_all(self) -> bool:
        stepped = False
        for _, trainer in self.trainers():
            if trainer.divergence is None:
                trainer.step()
                stepped = True
        if stepped:
            now = self.clock()
            self._step_times.append(now)
            while self._step_times and self._step_times[0] < now - STATS_WINDOW_SECONDS:
                self._step_times.popleft()
        return stepped

    def _check_divergence(self) -> bool:
        """Post a notice (once) for each network that has just diverged; True if one did."""
        new = False
        for name, trainer in self.trainers():
            if trainer.divergence is not None and name not in self._reported_divergence:
                self._reported_divergence.add(name)
                self.mailbox.post(Notice("diverged", divergence=trainer.divergence, network=name))
                new = True
        if new:
            self.running = False
        return new

    def steps_per_second(self) -> float:
        if not self.running or len(self._step_times) < 2:
            return 0.0
        span = self._step_times[-1] - self._step_times[0]
        if span <= 0:
            return 0.0
        return (len(self._step_times) - 1) / span

    # ---- frames

    def publish(self, force: bool = False, parts: bool = True) -> bool:
        """Publish a frame if one is due (at most FRAME_RATE per second) or ``force``; returns whether it did.

        A forced frame recomputes every costly part (``parts``) so what the user just did shows completely.
        """
        now = self.clock()
        if not force and now < self._next_frame_time:
            return False
        # Keep the beat (due + period, not now + period), so frames come at FRAME_RATE on average even when each
        # step takes a good part of a period; after a pause the beat starts again from now.
        period = 1.0 / FRAME_RATE
        self._next_frame_time = max(self._next_frame_time + period, now - period / 2) if not force else now + period
        # A forced frame (after a command) has every part, so any plot shown later has it; between commands only
        # the parts a visible plot draws are computed, when due.
        wanted = {name: (force and parts) or (self.wanted_parts[name] and schedule.due(now))
                  for name, schedule in self._schedules.items()}
        snapshots: dict[str, Snapshot] = {}
        costs = dict.fromkeys(wanted, 0.0)
        for name, trainer in self.trainers():
            snapshots[name] = self._snapshot(name, trainer, wanted, costs)
        for part, schedule in self._schedules.items():
            if wanted[part]:
                schedule.done(now, costs[part])
        compare = None
        if "B" in snapshots and self.trainer_b is not None:
            compare = (self.trainer_b.history.view(), snapshots["B"])
        self.serial += 1
        self.mailbox.publish(Frame(
            serial=self.serial, history=self.trainer.history.view(), snapshot=snapshots["A"], compare=compare,
            steps_per_second=self.steps_per_second(), running=self.running, speed=self.speed,
            config=self.trainer.config, config_b=self.config_b, generation=self.generation, rebuilt=self.rebuilt,
            commands_handled=self.commands_handled,
        ))
        return True

    def _snapshot(self, name: str, trainer: Trainer, wanted: dict[str, bool], costs: dict[str, float]) -> Snapshot:
        """The trainer's snapshot, computing the due costly parts (timed) and carrying the others forward."""
        carried = self._carried[name].parts
        snapshot = trainer.snapshot(histograms=False)
        for part, keys in (("histograms", _HISTOGRAM_PARTS), ("grid", ("decision_grid",)),
                           ("jacobians", ("jacobians",))):
            if wanted[part]:
                started = time.perf_counter()
                fresh = trainer.snapshot(histograms=part == "histograms", grid=part == "grid",
                                         jacobians=part == "jacobians")
                costs[part] += time.perf_counter() - started
                for key in keys:
                    carried[key] = getattr(fresh, key)
        present = {key: value for key, value in carried.items() if value is not None}
        return snapshot.with_frame(**present) if present else snapshot


# ---------------------------------------------------------------- the thread

def make_command(kind: str, value: Any = None) -> Command:
    if kind not in COMMAND_KINDS:
        raise ValueError(f"unknown worker command {kind!r}; known: {', '.join(COMMAND_KINDS)}")
    return Command(kind, value)


class WorkerCommands(abc.ABC):
    """The commands the window sends, each one ``send(kind, value)``; a worker defines ``send``."""

    @abc.abstractmethod
    def send(self, kind: str, value: Any = None) -> None:
        """Queue one command (any thread)."""

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


class TrainingWorker(WorkerCommands):
    """Runs a :class:`TrainingSession` in a thread named ``bpviz-worker``; the UI sends commands and reads frames.

    Every public method only puts a command on the queue, so it is safe (and quick) from any thread.
    """

    def __init__(self, session: TrainingSession) -> None:
        self.session = session
        self.mailbox = session.mailbox
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
        """Wait for the thread to end; returns whether it has."""
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

    def _run(self) -> None:
        session = self.session
        main_thread = threading.main_thread()
        last_yield = time.perf_counter()
        # The loop below relies on CPython's forced GIL switch (sys.getswitchinterval(), 5 ms) to let the UI thread
        # run while NumPy works on small matrices with the GIL held; the explicit yield only offers it sooner.
        while True:
            wait = session.seconds_until_next_step()
            try:
                if wait is None or wait > 0:
                    command = self._commands.get(timeout=POLL_SECONDS if wait is None else min(wait, POLL_SECONDS))
                else:
                    command = self._commands.get_nowait()
            except queue.Empty:
                command = None
            if command is not None:
                if command.kind == "stop":
                    return
                self._guarded(session.handle, command)
                continue  # drain every waiting command before the next step
            if not main_thread.is_alive():
                return  # the program is ending and nobody stopped us: do not hold the interpreter open
            if session.seconds_until_next_step() == 0.0:
                if not self._ui_idle.is_set():
                    self._ui_idle.wait(MAX_HOLD_SECONDS)
                self._guarded(session.advance)
                now = time.perf_counter()
                if now - last_yield >= YIELD_EVERY_SECONDS:
                    time.sleep(0)  # releases the GIL: a waiting UI thread may take it now
                    last_yield = now

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
