"""Training in a child process, so the plots never wait for the training loop's GIL (and vice versa).

The window talks to :class:`ProcessWorker` exactly as to :class:`~bpviz.ui.worker.TrainingWorker` (DESIGN.md §4):
commands go into a queue, the newest :class:`~bpviz.ui.worker.Frame` comes out of a lock-protected
:class:`~bpviz.ui.worker.Mailbox` that the UI timer polls, and no Qt signal crosses a thread. What differs is where
the steps run:

* the **child process** (``multiprocessing``, *spawn*, no Qt imported) runs the very same
  :class:`~bpviz.ui.worker.TrainingSession`. Between steps it takes every command waiting in its pipe at once
  (coalesced, see :func:`~bpviz.ui.worker.coalesce`) and sends each frame it publishes (at most ``FRAME_RATE`` a
  second) as a :class:`WireFrame`: the snapshot plus only the *history rows added since the last frame* (a depth-100
  history is 8.6 MB; its new rows per frame are a few kB). A heartbeat thread in the child says every
  HEARTBEAT_SECONDS what the loop is doing (:class:`Heartbeat`). The child ignores SIGINT: Ctrl+C in a terminal
  reaches the whole process group, and closing is the window's business (it stops the child);
* in the window's process, the thread ``bpviz-worker`` owns the child: it starts it, receives its frames (waiting in
  ``poll`` with a timeout, never in a ``recv`` that could wait forever), rebuilds each network's history in a
  :class:`HistoryMirror`, publishes ordinary Frames into the mailbox, notices a stall and restarts the child on
  request; the thread ``bpviz-worker-send`` writes the commands into the pipe. The window's own thread never
  touches the pipe, so a stopped child (whose pipe fills up) can never block the window: commands wait, coalesced,
  in an outbox.

Python runs one thread at a time per process; with training in the same process the window could draw only by
taking the GIL from the training loop (every redraw cost training steps, and every step delayed a redraw). In a
separate process each has its own interpreter and its own core.

Faults (docs/robustness.md):

* the child cannot start or dies: an ``error`` notice says why ("killed by signal 9 (SIGKILL)", "exit code 1") and
  the last frame stays, paused; the window may call :meth:`ProcessWorker.restart` (or fall back to a thread);
* the child stalls (stopped with SIGSTOP, swapped out, hung): no message for STALL_SILENCE_SECONDS while it has
  work, or one step running far longer than steps took (STALL_BUSY_FACTOR, at least STALL_BUSY_MIN_SECONDS), is a
  ``stalled`` notice; ``resumed`` follows if it recovers;
* closing: :meth:`ProcessWorker.join` asks the child to stop, then terminates it, then kills it: it returns within
  its timeout even when the child is stopped or stuck, and the threads end with it.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import importlib.machinery
import multiprocessing
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import History, HistoryView, Snapshot
from bpviz.ui.worker import (
    POLL_SECONDS, WORKER_THREAD_NAME, Command, Frame, Mailbox, Notice, TrainingSession, WorkerCommands, coalesce,
    make_command, run_guarded,
)

TRAINING_MODES = ("process", "thread")  # where the window's training loop runs (MainWindow's ``training``)
START_TIMEOUT_SECONDS = 30.0   # a cold start (first run of the bundle, slow disk) can take several seconds
STOP_TIMEOUT_SECONDS = 5.0     # join()'s default: the longest closing waits for the child, whatever state it is in
STOP_POLITE_SECONDS = 2.0      # join() first waits this long for the child to stop by itself, then terminates it
TERMINATE_SECONDS = 0.5        # ... then this long before it kills it (SIGTERM does nothing to a stopped process)
SENDER_THREAD_NAME = "bpviz-worker-send"
HEARTBEAT_SECONDS = 0.5        # how often the child says what it is doing
# No message at all for this long, while the child has work, is a stall. The heartbeat thread runs beside the
# training loop (NumPy releases the GIL), so even a 200 x 1024 step that takes a minute sends heartbeats; the
# longest gap measured at that size under load is in docs/robustness.md.
STALL_SILENCE_SECONDS = 5.0
STALL_BUSY_FACTOR = 10.0       # a step (or costly part) that takes this many times as long as the last one did ...
STALL_BUSY_MIN_SECONDS = 30.0  # ... and at least this long is a stall too (a hung loop still sends heartbeats)
# BLAS threads of the training process (None: BLAS's own default, one per core). One leaves a core to the window
# and to the rest of the desktop, on the 2-core laptops of a classroom (docs/benchmarks.md, "Robustness"); a
# thread count the user set in the environment (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS) wins.
CHILD_BLAS_THREADS: int | None = 1
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# The training process runs this much nicer than the window (POSIX): when both want a core, the kernel lets the
# window draw first. On a quiet machine it changes nothing (each has its core); on a loaded one the window's longest
# stalls at 200 x 1024 were waits for a core, not work (docs/benchmarks.md, "Robustness at the largest networks").
CHILD_NICENESS = 5


def training_mode(requested: str | None = None) -> str:
    """``"process"`` or ``"thread"``: ``requested``, else ``$BPVIZ_TRAINING``, else ``"process"``."""
    mode = requested if requested is not None else os.environ.get("BPVIZ_TRAINING", "").strip().lower() or "process"
    if mode not in TRAINING_MODES:
        source = "training" if requested is not None else "BPVIZ_TRAINING"
        raise ValueError(f"{source} must be one of {', '.join(TRAINING_MODES)}, not {mode!r}")
    return mode


# ---------------------------------------------------------------- history, sent in pieces

@dataclass(frozen=True)
class HistoryDelta:
    """The rows of one network's history that the receiving side does not have yet.

    ``token`` names the History object (a new one after every reset/rebuild); ``start`` is the first row sent.
    ``start == 0`` replaces everything the receiver had (a new history, or one that has just been decimated:
    decimation rewrites every row). Events are few and always sent whole.
    """

    token: int
    start: int
    stride: int
    steps: np.ndarray
    scalars: dict[str, np.ndarray]
    layers: dict[str, np.ndarray]
    events: tuple


class HistorySender:
    """The child's side: what it has sent of one network's history, and what to send next."""

    def __init__(self) -> None:
        self._history: History | None = None
        self._token = 0
        self._sent_rows = 0
        self._sent_stride = 0

    def delta(self, history: History, view: HistoryView) -> HistoryDelta:
        if history is not self._history or view.stride != self._sent_stride or len(view) < self._sent_rows:
            if history is not self._history:
                self._history = history
                self._token += 1
            start = 0
        else:
            start = self._sent_rows
        self._sent_rows = len(view)
        self._sent_stride = view.stride
        return HistoryDelta(
            token=self._token, start=start, stride=view.stride, steps=np.array(view.steps[start:]),
            scalars={name: np.array(array[start:]) for name, array in view.scalars.items()},
            layers={name: np.array(array[start:]) for name, array in view.layers.items()},
            events=view.events,
        )


class HistoryMirror:
    """The window's side: one network's history rebuilt from deltas. Views handed out never change afterwards
    (rows are only appended beyond them, and a replacement gets new arrays), as with :class:`History`."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.token = -1
        self.rows = 0
        self.stride = 1
        self.events: tuple = ()
        self._steps = np.zeros(0, dtype=np.int64)
        self._scalars: dict[str, np.ndarray] = {}
        self._layers: dict[str, np.ndarray] = {}

    def apply(self, delta: HistoryDelta) -> HistoryView:
        if delta.start == 0 or delta.token != self.token:
            if delta.start != 0:
                raise ValueError("history delta continues a history this side never had")
            size = max(self.capacity, len(delta.steps))
            self._steps = np.zeros(size, dtype=np.int64)
            self._scalars = {name: np.zeros(size, dtype=array.dtype) for name, array in delta.scalars.items()}
            self._layers = {name: np.zeros((size, array.shape[1]), dtype=array.dtype)
                            for name, array in delta.layers.items()}
            self.rows = 0
            self.token = delta.token
        elif delta.start != self.rows:
            raise ValueError(f"history delta starts at row {delta.start}, this side has {self.rows}")
        end = self.rows + len(delta.steps)
        if end > len(self._steps):  # cannot happen with the sender's capacity; grow rather than fail
            self._grow(max(end, 2 * len(self._steps)))
        self._steps[self.rows:end] = delta.steps
        for name, array in delta.scalars.items():
            self._scalars[name][self.rows:end] = array
        for name, array in delta.layers.items():
            self._layers[name][self.rows:end] = array
        self.rows = end
        self.stride = delta.stride
        self.events = delta.events
        return self.view()

    def _grow(self, size: int) -> None:
        def grown(array: np.ndarray) -> np.ndarray:
            fresh = np.zeros((size, *array.shape[1:]), dtype=array.dtype)
            fresh[:self.rows] = array[:self.rows]
            return fresh

        self._steps = grown(self._steps)
        self._scalars = {name: grown(array) for name, array in self._scalars.items()}
        self._layers = {name: grown(array) for name, array in self._layers.items()}

    def view(self) -> HistoryView:
        n = self.rows

        def read_only(array: np.ndarray) -> np.ndarray:
            part = array[:n]
            part.flags.writeable = False
            return part

        return HistoryView(steps=read_only(self._steps), scalars={k: read_only(v) for k, v in self._scalars.items()},
                           layers={k: read_only(v) for k, v in self._layers.items()}, events=self.events,
                           stride=self.stride)


@dataclass(frozen=True)
class WireFrame:
    """A Frame as it crosses the pipe: histories as deltas (``compare`` holds B's delta and snapshot)."""

    frame: Frame                       # with empty histories
    history: HistoryDelta
    compare: tuple[HistoryDelta, Snapshot] | None


# ---------------------------------------------------------------- the child process

@dataclass(frozen=True)
class Heartbeat:
    """What the child's loop is doing, sent every HEARTBEAT_SECONDS by a thread beside it.

    ``activity``: "build" (making the first network), "idle" (waiting for a command or for slow motion's next step),
    "command" (handling commands: a rebuild may take seconds), "step" (a training step), "part" (the costly frame
    part named by ``detail``). ``elapsed``: seconds in it so far; ``expected``: how long the same activity (the same
    part) took the last time on this network (None: unknown).
    """

    activity: str
    elapsed: float
    expected: float | None
    step: int
    running: bool
    detail: str = ""


class _Activity:
    """The child loop's current activity, read by the heartbeat thread (plain attribute writes: atomic)."""

    def __init__(self) -> None:
        self.kind = "build"
        self.detail = ""
        self.generation = -1
        self.started = time.monotonic()
        self.expected: float | None = None
        self.step = 0
        self.running = False
        self._took: dict[tuple[str, str], tuple[int, float]] = {}  # (kind, detail) -> (generation, seconds)

    def begin(self, kind: str, detail: str = "", generation: int = -1) -> None:
        self._finish()
        known = self._took.get((kind, detail))
        self.expected = known[1] if known is not None and known[0] == generation else None
        self.kind, self.detail, self.generation = kind, detail, generation
        self.started = time.monotonic()

    def idle(self) -> None:
        self.begin("idle")

    def _finish(self) -> None:
        if self.kind in ("step", "part"):
            self._took[(self.kind, self.detail)] = (self.generation, time.monotonic() - self.started)

    def heartbeat(self) -> Heartbeat:
        return Heartbeat(self.kind, time.monotonic() - self.started, self.expected, self.step, self.running,
                         self.detail)


class _PipeMailbox(Mailbox):
    """The child's mailbox: every frame and notice goes straight into the pipe to the window's process."""

    def __init__(self, conn: Connection, senders: dict[str, HistorySender], session_ref: list,
                 send_lock: threading.Lock) -> None:
        super().__init__()
        self._conn = conn
        self._senders = senders
        self._session_ref = session_ref
        self._send_lock = send_lock

    def publish(self, frame: Frame) -> None:
        session: TrainingSession = self._session_ref[0]
        delta_a = self._senders["A"].delta(session.trainer.history, frame.history)
        compare = None
        if frame.compare is not None and session.trainer_b is not None:
            compare = (self._senders["B"].delta(session.trainer_b.history, frame.compare[0]), frame.compare[1])
        bare = dataclasses.replace(frame, history=_EMPTY_VIEW, compare=None)
        self.send(("frame", WireFrame(bare, delta_a, compare)))

    def post(self, notice: Notice) -> None:
        self.send(("notice", notice))

    def send(self, message: tuple) -> None:
        with self._send_lock:
            self._conn.send(message)


_EMPTY_VIEW = HistoryView(steps=np.zeros(0, dtype=np.int64), scalars={}, layers={})
_PIPE_GONE = (EOFError, BrokenPipeError, ConnectionResetError)  # the other process has gone


def _ignore_interrupts() -> None:
    """Ctrl+C in a terminal sends SIGINT to the whole process group: the child leaves it to the window (which then
    stops the child), instead of dying first and being restarted. The parent starts the child with SIGINT blocked
    (see _interrupts_blocked), so none can arrive before this; it is ignored, then unblocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _take_waiting(conn: Connection, first: Command) -> list[Command]:
    batch = [first]
    while conn.poll(0):
        batch.append(conn.recv())
    return batch


def _lower_priority(niceness: int) -> None:
    """Make this (the training) process ``niceness`` steps nicer than it started (POSIX; elsewhere nothing)."""
    if niceness > 0 and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)


def child_main(conn: Connection, config: ExperimentConfig, history_capacity: int, commands_handled: int = 0,
               niceness: int = 0) -> None:
    """The child process: a TrainingSession driven by the commands in ``conn``; frames go back through ``conn``.
    ``commands_handled`` continues a previous process's count (after a restart)."""
    _ignore_interrupts()
    _lower_priority(niceness)
    senders = {"A": HistorySender(), "B": HistorySender()}
    session_ref: list = [None]
    mailbox = _PipeMailbox(conn, senders, session_ref, threading.Lock())
    activity = _Activity()
    beating = threading.Event()
    beating.set()
    heart = threading.Thread(target=_beat, args=(mailbox, activity, beating), name="bpviz-heartbeat", daemon=True)
    heart.start()
    try:
        mailbox.send(("ready", None))  # before the network is built: that may take a minute at 200 x 1024
        try:
            session = TrainingSession(config, mailbox, history_capacity=history_capacity,
                                      commands_handled=commands_handled)
        except Exception as exc:  # noqa: BLE001 (e.g. MemoryError: say so instead of a traceback)
            mailbox.send(("failed", f"could not build the network: {type(exc).__name__}: {exc}"))
            return
        session_ref[0] = session
        session.activity_hook = lambda kind, detail: activity.begin(kind, detail, session.generation)
        session.publish(force=True)
        while True:
            activity.step, activity.running = session.step_count, session.running
            activity.idle()
            wait = session.seconds_until_next_step()
            owed = bool(session.pending_parts())
            timeout = 0.0 if owed or wait == 0.0 else (POLL_SECONDS if wait is None else min(wait, POLL_SECONDS))
            if conn.poll(timeout):
                batch = _take_waiting(conn, conn.recv())
                stop = next((i for i, command in enumerate(batch) if command.kind == "stop"), None)
                activity.begin("command")
                _guarded(session, session.handle_all, batch[:stop],
                         lambda action, *args: _guarded(session, action, *args))
                if stop is not None:
                    break
                continue  # take every waiting command before the next step
            if owed:
                _guarded(session, session.refresh_parts)
            elif session.seconds_until_next_step() == 0.0:
                _guarded(session, session.advance)
        beating.clear()
        mailbox.send(("stopped", None))
    except (*_PIPE_GONE, KeyboardInterrupt):
        pass  # the window's process has gone (or is going): nothing to tell anyone
    finally:
        beating.clear()
        conn.close()


def _beat(mailbox: _PipeMailbox, activity: _Activity, beating: threading.Event) -> None:
    """The heartbeat thread: says what the loop is doing, also while one long step holds the loop. If the window's
    process has gone (killed, crashed: its end of the pipe is closed), the child ends at once instead of finishing
    a step that may take minutes at 200 x 1024, orphaned, on a core nobody uses."""
    while beating.is_set():
        try:
            mailbox.send(("heartbeat", activity.heartbeat()))
        except (*_PIPE_GONE, OSError):
            if beating.is_set():  # not our own stop: the window's process is gone
                _parent_gone()
            return
        time.sleep(HEARTBEAT_SECONDS)


def _parent_gone() -> None:
    """End the child now: nobody is left to draw what it computes (or to stop it)."""
    os._exit(0)


def _guarded(session: TrainingSession, action: Any, *args: Any) -> None:
    """As TrainingWorker._guarded; a broken pipe (the window's process has gone) still ends the process."""
    run_guarded(session, action, *args, passthrough=_PIPE_GONE)


# ---------------------------------------------------------------- the window's side

@contextlib.contextmanager
def _main_script_not_rerun() -> Iterator[None]:
    """While starting a child: make multiprocessing's *spawn* leave the parent's ``__main__`` alone.

    Spawn normally re-runs the parent's main script in the child (as ``__mp_main__``), so that functions defined
    there can be found; a script that opens a window without an ``if __name__ == "__main__":`` guard would then open
    a second window in the child. The child needs nothing from it (its target lives in bpviz), and spawn skips a
    main module named like a package's ``__main__``, so the main module carries such a name while the child starts.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = main.__dict__.get("__spec__")
    main.__spec__ = importlib.machinery.ModuleSpec("bpviz.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = saved


@contextlib.contextmanager
def _interrupts_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread while a child starts: the child inherits the blocked signal through fork and
    exec, so a Ctrl+C during its start-up cannot interrupt it (it ignores SIGINT as soon as it runs, then unblocks).
    Works from any thread (the signal mask is per thread); a no-op where there are no signal masks (Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    # Starting a spawn child first starts multiprocessing's resource tracker (once), and that *unblocks* SIGINT
    # after starting it, instead of restoring the mask: start it before blocking.
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _child_blas_threads(threads: int | None) -> Iterator[None]:
    """While a child starts: its BLAS uses ``threads`` threads (None: leave it alone). A *spawn* child is a new
    interpreter that reads these variables when it imports NumPy; this process's own BLAS has read them already and
    is not affected. A variable the user has set is kept."""
    if threads is None or any(name in os.environ for name in BLAS_THREAD_VARIABLES):
        yield
        return
    for name in BLAS_THREAD_VARIABLES:
        os.environ[name] = str(threads)
    try:
        yield
    finally:
        for name in BLAS_THREAD_VARIABLES:
            os.environ.pop(name, None)


def describe_exit(exitcode: int | None) -> str:
    """How a process ended, in words: "exit code 1", "killed by signal 9 (SIGKILL)", or "still running"."""
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        number = -exitcode
        try:
            name = signal.Signals(number).name
        except ValueError:
            return f"killed by signal {number}"
        return f"killed by signal {number} ({name})"
    return f"exit code {exitcode}"


def process_state(pid: int | None) -> str | None:
    """The kernel's one-letter state of a process (Linux: "R" running, "S" sleeping, "D" disk wait, "T" stopped,
    "Z" zombie ...), or None where it cannot be read."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    closing = text.rfind(")")  # the command name (in parentheses) may hold spaces
    fields = text[closing + 2:].split()
    return fields[0] if fields else None


_STATE_WORDS = {"T": "stopped (SIGSTOP or a debugger)", "t": "stopped by a debugger", "D": "waiting for the disk",
                "Z": "ended, not yet reaped"}

_live_processes: "weakref.WeakSet[multiprocessing.process.BaseProcess]" = weakref.WeakSet()


@atexit.register
def _kill_leftover_children() -> None:
    """At exit, kill any training process still alive (e.g. stopped with SIGSTOP), before multiprocessing's own exit
    handler joins its children without a timeout. (Registered after multiprocessing's, so it runs before it.)"""
    for process in list(_live_processes):
        with contextlib.suppress(Exception):
            if process.is_alive():
                process.kill()
                process.join(1.0)


@dataclass
class _Link:
    """One child process and our end of its pipe."""

    process: multiprocessing.process.BaseProcess
    conn: Connection
    handled_base: int
    ready: bool = False
    ended: bool = False                # EOF seen, or "stopped" received
    last_message: float = 0.0          # monotonic time of its last message (any kind)
    heartbeat: Heartbeat | None = None
    running: bool = False              # as its last frame said
    commands_handled: int = 0          # as its last frame said
    failure: str = ""                  # why it gave up, if it said so before ending


class ProcessWorker(WorkerCommands):
    """The TrainingWorker interface, with the training loop in a child process (see the module docstring).

    ``initial`` is a frame the window can draw before the child has started (e.g.
    :func:`~bpviz.ui.worker.initial_frame`); the child's frames replace it. Every public method returns at once and
    is safe from any thread, except :meth:`join` (which waits, at most its timeout).

    Fault API for the window: notices ``error`` (the child could not start or has died), ``stalled``/``resumed``
    (see the module docstring), ``restarted``; :meth:`restart` replaces the child by a new one; :attr:`stalled`
    says whether a stall is going on now; :attr:`error` holds why the child failed (None while it is fine).
    """

    def __init__(self, config: ExperimentConfig, history_capacity: int = 2048, initial: Frame | None = None) -> None:
        self.config = config
        self.history_capacity = history_capacity
        self.mailbox = Mailbox()
        if initial is not None:
            self.mailbox.publish(initial)
        self.error: BaseException | None = None
        self.commands_sent = 0
        self.started = threading.Event()   # set once the first child has said it is ready (or failed to start)
        self.stalled = False               # a "stalled" notice is in force (no "resumed" yet)
        self.restarts = 0
        self._lock = threading.Condition()  # guards the outbox, the link and the requests below
        self._outbox: list[Command] = []
        self._link: _Link | None = None     # the child commands go to (None while it starts or after it died)
        self._current: _Link | None = None  # the child the receiver thread owns
        self._restart_request: tuple[ExperimentConfig, ExperimentConfig | None, int] | None = None
        self._stopping = False
        self._mirrors = {"A": HistoryMirror(history_capacity), "B": HistoryMirror(history_capacity)}
        self._serial = initial.serial if initial is not None else 0
        self._stall_since = 0.0
        self._pending_compare: ExperimentConfig | None = None  # compare mode for the child that is starting
        self._thread = threading.Thread(target=self._run, name=WORKER_THREAD_NAME, daemon=False)
        self._sender = threading.Thread(target=self._send_loop, name=SENDER_THREAD_NAME, daemon=False)

    # ---- lifecycle

    def start_thread(self) -> None:
        """Start the child process (from the calling thread) and the two worker threads."""
        try:
            self._current = self._start_child(self.config, None, 0)
        except Exception as exc:  # noqa: BLE001 (no way to start a process here: the worker thread says so)
            self.error = exc
        self._thread.start()
        self._sender.start()

    def stop(self) -> None:
        """Ask the child to stop (it finishes its current step first); :meth:`join` makes sure it does."""
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
            self._outbox.append(Command("stop"))
            self._lock.notify_all()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the child and the threads to end, at most ``timeout`` seconds (default STOP_TIMEOUT_SECONDS);
        returns whether everything has ended. Stops the child if :meth:`stop` was not called; a child that does not
        stop within STOP_POLITE_SECONDS is terminated, and killed TERMINATE_SECONDS later (a stopped or stuck child
        ignores both the stop command and SIGTERM)."""
        self.stop()
        budget = STOP_TIMEOUT_SECONDS if timeout is None else max(0.0, timeout)
        deadline = time.monotonic() + budget
        with self._lock:
            links = [link for link in (self._current, self._link) if link is not None]
        for link in {id(link): link for link in links}.values():
            _end_process(link.process, polite=min(STOP_POLITE_SECONDS, budget / 2), deadline=deadline)
        for thread in (self._thread, self._sender):
            if thread.ident is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        return not self.is_alive()

    def is_alive(self) -> bool:
        with self._lock:
            links = [link for link in (self._current, self._link) if link is not None]
        return (self._thread.is_alive() or self._sender.is_alive()
                or any(link.process.is_alive() for link in links))

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    @property
    def process(self) -> multiprocessing.process.BaseProcess | None:
        """The current child process (None before it is started or if it could not be)."""
        link = self._current
        return None if link is None else link.process

    def restart(self, config: ExperimentConfig, config_b: ExperimentConfig | None = None) -> None:
        """Replace the training process by a new one that starts at step 0, paused, with ``config`` (and compare
        mode with ``config_b``). Returns at once: the old child is killed now, the new one starts in the worker
        thread; a ``restarted`` notice follows once it is ready (or ``error`` if it cannot start). Commands sent
        before this call are dropped (and counted as handled); commands sent after it go to the new child."""
        with self._lock:
            if self._stopping:
                return
            self._outbox = [command for command in self._outbox if command.kind == "stop"]
            self._restart_request = (config, config_b, self.commands_sent)
            self._link = None
            current = self._current
            self._lock.notify_all()
        if current is not None and current.process.is_alive():
            with contextlib.suppress(Exception):
                current.process.kill()   # at once: the receiver thread sees the pipe close and starts the new one

    # ---- commands

    def send(self, kind: str, value: Any = None) -> None:
        command = make_command(kind, value)
        with self._lock:
            if kind != "stop":
                self.commands_sent += 1
            self._outbox.append(command)
            self._lock.notify_all()

    def hold(self) -> None:
        """Nothing to do: the child does not share this process's GIL."""

    def release(self) -> None:
        """Nothing to do (see :meth:`hold`)."""

    # ---- the sender thread: outbox -> pipe

    def _send_loop(self) -> None:
        while True:
            with self._lock:
                while not (self._outbox and (self._link is not None or self._stopping_without_child())):
                    if self._stopping and self._link is None and self._current_ended():
                        return
                    if not self._lock.wait(POLL_SECONDS):
                        self._watch()  # also here: the receiver may be inside a message the child began
                link = self._link
                batch, self._outbox = self._outbox, []
            if link is None:
                return  # stopping, and no child to tell
            try:
                for command in coalesce(batch):
                    link.conn.send(command)
                    if command.kind == "stop":
                        return
            except (OSError, EOFError, ValueError, TypeError):
                # The child has gone (the receiver thread says why) or is being replaced: what was meant for it is
                # covered by the restart's count. Wait for a new child, or for the end. (TypeError: the connection
                # was closed by another thread mid-send, so its handle is already None.)
                with self._lock:
                    while self._link is link and not self._stopping:
                        self._lock.wait(POLL_SECONDS)
                    if self._stopping:
                        return

    def _stopping_without_child(self) -> bool:
        return self._stopping and self._link is None

    def _current_ended(self) -> bool:
        current = self._current
        return current is None or current.ended or not current.process.is_alive()

    # ---- the receiver thread: owns the child

    def _run(self) -> None:
        try:
            if self.error is not None:
                self._fail(self.error, "could not start the training process")
            while True:
                with self._lock:
                    request, self._restart_request = self._restart_request, None
                    stopping = self._stopping
                if request is not None:
                    self._replace_child(*request)
                    continue
                link = self._current
                if stopping and link is not None and not link.ready and not link.ended:
                    _end_process(link.process, polite=0.0, deadline=time.monotonic() + TERMINATE_SECONDS)
                    link.ended = True
                if link is None or link.ended:
                    if stopping:
                        return
                    with self._lock:
                        if self._restart_request is None and not self._stopping:
                            self._lock.wait(POLL_SECONDS)
                    if not threading.main_thread().is_alive():
                        return
                    continue
                if not link.ready:
                    self._await_ready(link)
                    continue
                self._receive(link)
                if stopping and link.ended:
                    return
        finally:
            self.started.set()
            with self._lock:
                self._lock.notify_all()

    def _start_child(self, config: ExperimentConfig, config_b: ExperimentConfig | None, base: int) -> _Link:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=child_main, args=(theirs, config, self.history_capacity, base,
                                                           CHILD_NICENESS),
                                  name="bpviz-training", daemon=True)
        with _main_script_not_rerun(), _interrupts_blocked(), _child_blas_threads(CHILD_BLAS_THREADS):
            process.start()
        theirs.close()
        _live_processes.add(process)
        link = _Link(process, ours, base, last_message=time.monotonic())
        self._pending_compare = config_b
        return link

    def _await_ready(self, link: _Link) -> None:
        """Wait (in steps, so a stop or restart is seen) for the child's "ready"; then let the commands flow."""
        deadline = link.last_message + START_TIMEOUT_SECONDS
        while True:
            with self._lock:
                if self._restart_request is not None or self._stopping:
                    return
            try:
                arrived = link.conn.poll(POLL_SECONDS)
                message = link.conn.recv() if arrived else None
            except (EOFError, OSError):
                self._ended(link)
                return
            if message is not None and message[0] == "ready":
                link.ready = True
                link.last_message = time.monotonic()
                with self._lock:
                    if self._restart_request is None:
                        compare = self._pending_compare
                        if compare is not None:
                            self._outbox.insert(0, Command("set_compare", compare, covers=0))
                        self._link = link
                        self._lock.notify_all()
                self._pending_compare = None
                self.error = None
                if self.started.is_set():
                    self.mailbox.post(Notice("restarted"))
                self.started.set()
                return
            if time.monotonic() > deadline:
                with contextlib.suppress(Exception):
                    link.process.kill()
                link.ended = True
                self._fail(TimeoutError(f"no answer within {START_TIMEOUT_SECONDS:g} s"),
                           "could not start the training process")
                return

    def _receive(self, link: _Link) -> None:
        """One message from the child, or a stall check when none came within POLL_SECONDS."""
        try:
            arrived = link.conn.poll(POLL_SECONDS)
            message = link.conn.recv() if arrived else None
        except (EOFError, OSError):
            self._ended(link)
            return
        now = time.monotonic()
        if message is None:
            self._watch()
            return
        with self._lock:
            silent = now - link.last_message
            link.last_message = now
        kind, payload = message
        if kind == "failed":
            link.failure = payload
        elif kind == "heartbeat":
            link.heartbeat = payload
        elif kind == "frame":
            link.running = payload.frame.running
            link.commands_handled = payload.frame.commands_handled
            self._publish(payload)
        elif kind == "notice":
            self.mailbox.post(payload)
        elif kind == "stopped":
            link.ended = True
            return
        with self._lock:
            if self.stalled and not self._busy_too_long(link):
                self.stalled = False
                self.mailbox.post(Notice("resumed", seconds=max(silent, now - self._stall_since)))

    def _expects_progress(self, link: _Link) -> bool:
        """Whether the child has work: training runs, a command waits for it, or it is busy with something."""
        beat = link.heartbeat
        return (link.running or link.commands_handled < self.commands_sent
                or (beat is not None and beat.activity != "idle"))

    def _busy_too_long(self, link: _Link) -> bool:
        beat = link.heartbeat
        if beat is None or beat.activity not in ("step", "part") or beat.expected is None:
            return False
        return beat.elapsed > max(STALL_BUSY_MIN_SECONDS, STALL_BUSY_FACTOR * beat.expected)

    def _watch(self) -> None:
        """Post a ``stalled`` notice if the current child has work and has stalled (from either thread, once)."""
        with self._lock:
            link = self._current
            if link is not None and link.ready and not link.ended and link is self._link:
                self._check_stall(link, time.monotonic())

    def _check_stall(self, link: _Link, now: float) -> None:
        if self.stalled or not self._expects_progress(link):
            return
        silent = now - link.last_message
        beat = link.heartbeat
        if silent > STALL_SILENCE_SECONDS:
            state = process_state(link.process.pid)
            what = _STATE_WORDS.get(state or "", "not responding")
            detail = f"the training process has sent nothing for {silent:.0f} s: {what}"
        elif self._busy_too_long(link):
            what = "training step" if beat.activity == "step" else f"computation of the {beat.detail}"
            detail = (f"the training process has been in one {what} for {beat.elapsed:.0f} s "
                      f"(the last one took {beat.expected:.1f} s)")
            silent = beat.elapsed
        else:
            return
        self.stalled = True
        self._stall_since = now - silent
        self.mailbox.post(Notice("stalled", detail=detail, seconds=silent))

    def _ended(self, link: _Link) -> None:
        """The child's pipe has closed: it has ended. Say why, unless we ended it (stop or restart)."""
        link.ended = True
        with self._lock:
            if self._link is link:
                self._link = None
            expected_end = self._stopping or self._restart_request is not None
        with contextlib.suppress(OSError):
            link.conn.close()
        if expected_end:
            return
        if link.failure:
            self._fail(RuntimeError(link.failure), "the training process stopped")
            return
        link.process.join(1.0)  # reap it: only then is its exit code known (reading it before said "None")
        self._fail(RuntimeError(describe_exit(link.process.exitcode)), "the training process ended unexpectedly")

    def _replace_child(self, config: ExperimentConfig, config_b: ExperimentConfig | None, base: int) -> None:
        old = self._current
        if old is not None:
            _end_process(old.process, polite=0.0, deadline=time.monotonic() + TERMINATE_SECONDS + 1.0)
            with contextlib.suppress(OSError):
                old.conn.close()
            old.ended = True
        self._mirrors = {"A": HistoryMirror(self.history_capacity), "B": HistoryMirror(self.history_capacity)}
        self.stalled = False
        self.restarts += 1
        try:
            self._current = self._start_child(config, config_b, base)
        except Exception as exc:  # noqa: BLE001
            self._current = None
            self._fail(exc, "could not start the training process")

    def _publish(self, wire: WireFrame) -> None:
        history = self._mirrors["A"].apply(wire.history)
        compare = None
        if wire.compare is not None:
            compare = (self._mirrors["B"].apply(wire.compare[0]), wire.compare[1])
        self._serial += 1
        self.mailbox.publish(dataclasses.replace(wire.frame, serial=self._serial, history=history, compare=compare))

    def _fail(self, exc: BaseException, what: str) -> None:
        self.error = exc
        self.mailbox.post(Notice("error", detail=f"{what}: {exc}" if isinstance(exc, RuntimeError)
                                 else f"{what}: {type(exc).__name__}: {exc}"))
        frame = self.mailbox.latest()
        if frame is not None:
            self._serial += 1
            self.mailbox.publish(dataclasses.replace(frame, serial=self._serial, running=False,
                                                     commands_handled=self.commands_sent))
        self.started.set()


def _end_process(process: multiprocessing.process.BaseProcess, polite: float, deadline: float) -> None:
    """Wait ``polite`` seconds for ``process`` to end by itself (not at all if it is stopped: it cannot), then
    terminate it, then kill it; never past ``deadline`` by more than the kill itself."""
    if process.pid is None:
        return
    # A stopped process can neither stop by itself nor act on SIGTERM (it waits for a SIGCONT): kill it at once.
    polite_until = min(time.monotonic() + polite, deadline)
    stopped = process_state(process.pid) in ("T", "t")
    while not stopped and process.is_alive() and time.monotonic() < polite_until:
        process.join(max(0.0, min(0.1, polite_until - time.monotonic())))
        stopped = process_state(process.pid) in ("T", "t")
    if process.is_alive() and not stopped:
        with contextlib.suppress(Exception):
            process.terminate()
        process.join(max(0.0, min(TERMINATE_SECONDS, deadline - time.monotonic())))
    if process.is_alive():
        with contextlib.suppress(Exception):
            process.kill()
        process.join(1.0)


def kill_training_processes() -> None:
    """Kill every training process this process started that is still alive (an emergency exit; closing the window
    normally stops them politely through ProcessWorker.join)."""
    _kill_leftover_children()
