"""Starting and ending the training process, the operating system's side (:mod:`bpviz.ui.training_process` is
the supervisor that uses it): no Qt.

:func:`start_process` starts a *spawn* child without re-running the window's main script, with SIGINT blocked (the
child ignores it once it runs) and with its BLAS threads set; :func:`end_process` ends one whatever state it is in
(a stopped process ignores SIGTERM); :func:`describe_exit` and :func:`process_state` put how a process ended or what
it is doing into words. At exit, every training process still alive is killed (:func:`kill_training_processes`
does the same on request).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.machinery
import multiprocessing
import multiprocessing.util  # registers multiprocessing's exit handler: ours (below) must be registered after it
import os
import signal
import sys
import time
import weakref
from collections.abc import Iterator

TERMINATE_SECONDS = 0.5        # end_process waits this long after SIGTERM, then kills (a stopped process ignores it)
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# What a process's state letter (process_state) means when it has gone silent.
STATE_WORDS = {"T": "stopped (SIGSTOP or a debugger)", "t": "stopped by a debugger", "D": "waiting for the disk",
               "Z": "ended, not yet reaped"}

_live_processes: "weakref.WeakSet[multiprocessing.process.BaseProcess]" = weakref.WeakSet()


def start_process(process: multiprocessing.process.BaseProcess, blas_threads: int | None) -> None:
    """Start the *spawn* child ``process`` (see the three context managers below) with ``blas_threads`` BLAS threads
    (None: BLAS's own default), and remember it so that it is killed at exit if it is still alive then."""
    with _main_script_not_rerun(), _interrupts_blocked(), _child_blas_threads(blas_threads):
        process.start()
    _live_processes.add(process)


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


@atexit.register
def _kill_leftover_children() -> None:
    """At exit, kill any training process still alive (e.g. stopped with SIGSTOP), before multiprocessing's own exit
    handler joins its children without a timeout. (Registered after multiprocessing's, so it runs before it.)"""
    for process in list(_live_processes):
        with contextlib.suppress(Exception):
            if process.is_alive():
                process.kill()
                process.join(1.0)


def end_process(process: multiprocessing.process.BaseProcess, polite: float, deadline: float) -> None:
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
