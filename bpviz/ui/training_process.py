"""Training in a child process, so the plots never wait for the training loop's GIL (and vice versa).

The window talks to :class:`ProcessWorker` exactly as to :class:`~bpviz.ui.worker.TrainingWorker` (DESIGN.md §4):
commands go into a queue, the newest :class:`~bpviz.ui.worker.Frame` comes out of a lock-protected
:class:`~bpviz.ui.worker.Mailbox` that the UI timer polls, and no Qt signal crosses a thread. What differs is where
the steps run:

* the **child process** (``multiprocessing``, *spawn*, no Qt imported) runs the very same
  :class:`~bpviz.ui.worker.TrainingSession`. It drains its command pipe between steps and sends each frame it
  publishes (at most ``FRAME_RATE`` a second) as a :class:`WireFrame`: the snapshot plus only the *history rows
  added since the last frame* (a depth-100 history is 8.6 MB; its new rows per frame are a few kB);
* the **worker thread** ``bpviz-worker`` in the window's process forwards the commands to the pipe, receives the
  wire frames (blocked in ``recv``, the GIL released), rebuilds each network's history in a :class:`HistoryMirror`
  and publishes ordinary Frames into the mailbox.

Python runs one thread at a time per process; with training in the same process the window could draw only by
taking the GIL from the training loop (every redraw cost training steps, and every step delayed a redraw). In a
separate process each has its own interpreter and its own core.

If the child cannot start or dies, the worker posts an ``error`` notice and the last frame stays (paused); the
window tells the user (``MainWindow`` may then fall back to training in a thread).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.machinery
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import History, HistoryView, Snapshot
from bpviz.ui.worker import (
    POLL_SECONDS, WORKER_THREAD_NAME, Command, Frame, Mailbox, Notice, TrainingSession, WorkerCommands, make_command,
    run_guarded,
)

TRAINING_MODES = ("process", "thread")  # where the window's training loop runs (MainWindow's ``training``)
START_TIMEOUT_SECONDS = 30.0   # a cold start (first run of the bundle, slow disk) can take several seconds
STOP_TIMEOUT_SECONDS = 5.0


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

class _PipeMailbox(Mailbox):
    """The child's mailbox: every frame and notice goes straight into the pipe to the window's process."""

    def __init__(self, conn: Connection, senders: dict[str, HistorySender], session_ref: list) -> None:
        super().__init__()
        self._conn = conn
        self._senders = senders
        self._session_ref = session_ref

    def publish(self, frame: Frame) -> None:
        session: TrainingSession = self._session_ref[0]
        delta_a = self._senders["A"].delta(session.trainer.history, frame.history)
        compare = None
        if frame.compare is not None and session.trainer_b is not None:
            compare = (self._senders["B"].delta(session.trainer_b.history, frame.compare[0]), frame.compare[1])
        bare = dataclasses.replace(frame, history=_EMPTY_VIEW, compare=None)
        self._conn.send(("frame", WireFrame(bare, delta_a, compare)))

    def post(self, notice: Notice) -> None:
        self._conn.send(("notice", notice))


_EMPTY_VIEW = HistoryView(steps=np.zeros(0, dtype=np.int64), scalars={}, layers={})
_PIPE_GONE = (EOFError, BrokenPipeError, ConnectionResetError)  # the other process has gone


def child_main(conn: Connection, config: ExperimentConfig, history_capacity: int) -> None:
    """The child process: a TrainingSession driven by the commands in ``conn``; frames go back through ``conn``."""
    senders = {"A": HistorySender(), "B": HistorySender()}
    session_ref: list = [None]
    mailbox = _PipeMailbox(conn, senders, session_ref)
    try:
        session = TrainingSession(config, mailbox, history_capacity=history_capacity)
        session_ref[0] = session
        conn.send(("ready", None))
        session.publish(force=True)
        while True:
            wait = session.seconds_until_next_step()
            timeout = POLL_SECONDS if wait is None else min(wait, POLL_SECONDS)
            if conn.poll(timeout if timeout > 0 else 0):
                command: Command = conn.recv()
                if command.kind == "stop":
                    break
                _guarded(session, session.handle, command)
                continue  # drain every waiting command before the next step
            if session.seconds_until_next_step() == 0.0:
                _guarded(session, session.advance)
        conn.send(("stopped", None))
    except (*_PIPE_GONE, KeyboardInterrupt):
        pass  # the window's process has gone (or is going): nothing to tell anyone
    finally:
        conn.close()


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


class ProcessWorker(WorkerCommands):
    """The TrainingWorker interface, with the training loop in a child process (see the module docstring).

    ``initial`` is a frame the window can draw before the child has started (the untrained network); the child's
    frames replace it. Every public command method is safe from any thread.
    """

    def __init__(self, config: ExperimentConfig, history_capacity: int = 2048, initial: Frame | None = None) -> None:
        self.config = config
        self.history_capacity = history_capacity
        self.mailbox = Mailbox()
        if initial is not None:
            self.mailbox.publish(initial)
        self.error: BaseException | None = None
        self.commands_sent = 0
        self.started = threading.Event()   # set once the child has said it is ready (or failed to start)
        self.process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None        # set once the child is ready: commands go straight to it
        self._child_conn: Connection | None = None  # our end of the pipe, from the start
        self._send_lock = threading.Lock()
        self._pending: "queue.Queue[Command]" = queue.Queue()  # commands sent before the pipe exists
        self._mirrors = {"A": HistoryMirror(history_capacity), "B": HistoryMirror(history_capacity)}
        self._serial = initial.serial if initial is not None else 0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=WORKER_THREAD_NAME, daemon=False)

    # ---- lifecycle

    def start_thread(self) -> None:
        """Start the child process (from the calling thread: the UI thread) and the worker thread."""
        try:
            self._start_process()
        except Exception as exc:  # noqa: BLE001 (no way to start a process here: the worker thread says so)
            self.error = exc
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        self.send("stop")

    def join(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        if self._thread.ident is not None:
            self._thread.join(timeout)
        process = self.process
        if process is not None:
            remaining = None if deadline is None else max(0.1, deadline - time.monotonic())
            process.join(remaining)
            if process.is_alive():
                process.terminate()
                process.join(1.0)
        return not self.is_alive()

    def is_alive(self) -> bool:
        return self._thread.is_alive() or (self.process is not None and self.process.is_alive())

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    # ---- commands

    def send(self, kind: str, value: Any = None) -> None:
        command = make_command(kind, value)
        if kind != "stop":
            self.commands_sent += 1
        with self._send_lock:
            if self._conn is None:
                self._pending.put(command)
                return
            try:
                self._conn.send(command)
            except (OSError, EOFError, ValueError):
                pass  # the child has gone; the worker thread has posted (or will post) why

    def hold(self) -> None:
        """Nothing to do: the child does not share this process's GIL."""

    def release(self) -> None:
        """Nothing to do (see :meth:`hold`)."""

    # ---- the worker thread

    def _run(self) -> None:
        try:
            if self.error is not None:
                raise self.error
            conn = self._connect()
        except Exception as exc:  # noqa: BLE001 (e.g. no way to start a process here: say so, keep the window)
            self._fail(exc, "could not start the training process")
            return
        try:
            while True:
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):
                    if not self._stopping:
                        code = self.process.exitcode if self.process is not None else None
                        self._fail(RuntimeError(f"exit code {code}"), "the training process ended unexpectedly")
                    return
                if kind == "frame":
                    self._publish(payload)
                elif kind == "notice":
                    self.mailbox.post(payload)
                elif kind == "ready":
                    self.started.set()
                elif kind == "stopped":
                    return
        finally:
            self.started.set()
            conn.close()

    def _start_process(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=child_main, args=(theirs, self.config, self.history_capacity),
                                  name="bpviz-training", daemon=True)
        with _main_script_not_rerun():
            process.start()
        theirs.close()
        self.process = process
        self._child_conn = ours

    def _connect(self) -> Connection:
        """Wait for the child's "ready", then send it the commands that were waiting."""
        ours = self._child_conn
        if not ours.poll(START_TIMEOUT_SECONDS):
            if self.process is not None:
                self.process.terminate()
            raise TimeoutError(f"no answer within {START_TIMEOUT_SECONDS:g} s")
        with self._send_lock:
            self._conn = ours
            while True:
                try:
                    command = self._pending.get_nowait()
                except queue.Empty:
                    break
                ours.send(command)
        return ours

    def _publish(self, wire: WireFrame) -> None:
        history = self._mirrors["A"].apply(wire.history)
        compare = None
        if wire.compare is not None:
            compare = (self._mirrors["B"].apply(wire.compare[0]), wire.compare[1])
        self._serial += 1
        self.mailbox.publish(dataclasses.replace(wire.frame, serial=self._serial, history=history, compare=compare))

    def _fail(self, exc: BaseException, what: str) -> None:
        self.error = exc
        self.mailbox.post(Notice("error", detail=f"{what}: {type(exc).__name__}: {exc}"))
        frame = self.mailbox.latest()
        if frame is not None:
            self._serial += 1
            self.mailbox.publish(dataclasses.replace(frame, serial=self._serial, running=False,
                                                     commands_handled=self.commands_sent))
        self.started.set()
