"""The training process's side of :mod:`bpviz.ui.training_process`: :func:`child_main` and its loop, no Qt.

The child (``multiprocessing``, *spawn*: a new interpreter that imports this module to find :func:`child_main`)
runs the very same :class:`~bpviz.ui.worker.TrainingSession` as the training thread. Between steps it takes every
command waiting in its pipe at once (coalesced, see :func:`~bpviz.ui.worker.coalesce`) and sends each frame it
publishes (at most ``FRAME_RATE`` a second) as a :class:`~bpviz.ui.process_protocol.WireFrame`
(:mod:`bpviz.ui.process_protocol` holds the messages). A heartbeat thread beside the loop says every
HEARTBEAT_SECONDS what the loop is doing (:class:`~bpviz.ui.process_protocol.Heartbeat`). The child ignores SIGINT:
Ctrl+C in a terminal reaches the whole process group, and closing is the window's business (it stops the child).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import HistoryView
from bpviz.ui.process_protocol import HEARTBEAT_SECONDS, Heartbeat, HistorySender, WireFrame
from bpviz.ui.worker import POLL_SECONDS, Command, Frame, Mailbox, Notice, TrainingSession, run_guarded


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
    (see process_control._interrupts_blocked), so none can arrive before this; it is ignored, then unblocked."""
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
