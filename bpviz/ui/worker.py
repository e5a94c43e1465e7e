"""The training thread and its mailbox (DESIGN.md §4). The commands and frames are in :mod:`bpviz.ui.messages`,
the session in :mod:`bpviz.ui.session`; this module runs the session in a thread and re-exports both.

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
from bpviz.engine.tabular import DataFileError
from bpviz.engine.trainer import RebuildRequired, Trainer
from bpviz.lessons.expectation import JACOBIAN_METRICS, Expectation, ExpectationResult, evaluate, measure

from bpviz.ui.messages import *  # noqa: F401,F403  (re-exported: the window and the tests import them from here)
from bpviz.ui.messages import _BARRIERS, _NEWEST_ONLY, _coalesce_segment  # noqa: F401
from bpviz.ui.session import *  # noqa: F401,F403
from bpviz.ui.session import _PART_KEYS, _Carried  # noqa: F401


# ---------------------------------------------------------------- the thread


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
                self.mailbox.post(error_notice(exc))
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


def error_notice(exc: Exception) -> Notice:
    """The ``error`` notice for an exception the engine raised; a data file's error goes along as it is (it
    pickles), so that the window can word it in its own language."""
    return Notice("error", detail=f"{type(exc).__name__}: {exc}",
                  data_error=exc if isinstance(exc, DataFileError) else None)


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
        session.mailbox.post(error_notice(exc))
        try:
            session.publish(force=True, parts=False)
        except passthrough:
            raise
        except Exception:  # noqa: BLE001 (nothing more can be shown; the notice says what happened)
            pass
        return exc
    return None
