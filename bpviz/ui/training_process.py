"""Training in a child process, so the plots never wait for the training loop's GIL (and vice versa).

The window talks to :class:`ProcessWorker` exactly as to :class:`~bpviz.ui.worker.TrainingWorker` (DESIGN.md §4):
commands go into a queue, the newest :class:`~bpviz.ui.worker.Frame` comes out of a lock-protected
:class:`~bpviz.ui.worker.Mailbox` that the UI timer polls, and no Qt signal crosses a thread. What differs is where
the steps run: in a child process (``multiprocessing``, *spawn*, no Qt imported) that runs the very same
:class:`~bpviz.ui.worker.TrainingSession`. Four modules, none of which imports Qt:

* :mod:`bpviz.ui.process_protocol`: the messages both ends exchange, and the history sent in pieces;
* :mod:`bpviz.ui.process_child`: the child's loop (:func:`~bpviz.ui.process_child.child_main`) and its heartbeat;
* :mod:`bpviz.ui.process_control`: starting and ending a process, and saying how it ended or what state it is in;
* this module, in the window's process: the thread ``bpviz-worker`` owns the child: it starts it, receives its
  frames (waiting in ``poll`` with a timeout, never in a ``recv`` that could wait forever), rebuilds each network's
  history in a :class:`HistoryMirror`, publishes ordinary Frames into the mailbox, notices a stall and restarts the
  child on request; the thread ``bpviz-worker-send`` writes the commands into the pipe. The window's own thread
  never touches the pipe, so a stopped child (whose pipe fills up) can never block the window: commands wait,
  coalesced, in an outbox. The names other code imports from here (the protocol's classes, ``describe_exit``,
  ``kill_training_processes`` ...) are re-exported.

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

import contextlib
import dataclasses
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from bpviz.config import ExperimentConfig
from bpviz.ui.process_child import child_main
from bpviz.ui.process_control import (
    STATE_WORDS, TERMINATE_SECONDS, describe_exit, end_process, process_state, start_process,
)
from bpviz.ui.process_protocol import Heartbeat, HistoryMirror, WireFrame
from bpviz.ui.worker import (
    POLL_SECONDS, WORKER_THREAD_NAME, Command, Frame, Mailbox, Notice, WorkerCommands, coalesce, make_command,
)

# Re-exported (with describe_exit above): the window, the command line, the tests and the benchmarks import them here.
from bpviz.ui.process_child import _Activity, _beat  # noqa: F401
from bpviz.ui.process_control import BLAS_THREAD_VARIABLES, kill_training_processes  # noqa: F401
from bpviz.ui.process_protocol import HEARTBEAT_SECONDS, HistoryDelta, HistorySender  # noqa: F401

TRAINING_MODES = ("process", "thread")  # where the window's training loop runs (MainWindow's ``training``)
START_TIMEOUT_SECONDS = 30.0   # a cold start (first run of the bundle, slow disk) can take several seconds
STOP_TIMEOUT_SECONDS = 5.0     # join()'s default: the longest closing waits for the child, whatever state it is in
STOP_POLITE_SECONDS = 2.0      # join() first waits this long for the child to stop by itself, then terminates it
#                                ... then TERMINATE_SECONDS before it kills it (SIGTERM does nothing to a stopped one)
SENDER_THREAD_NAME = "bpviz-worker-send"
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
            end_process(link.process, polite=min(STOP_POLITE_SECONDS, budget / 2), deadline=deadline)
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
                    end_process(link.process, polite=0.0, deadline=time.monotonic() + TERMINATE_SECONDS)
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
        start_process(process, CHILD_BLAS_THREADS)
        theirs.close()
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
            what = STATE_WORDS.get(state or "", "not responding")
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
            end_process(old.process, polite=0.0, deadline=time.monotonic() + TERMINATE_SECONDS + 1.0)
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

