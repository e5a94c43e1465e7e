"""Ctrl+C (SIGINT), SIGTERM and SIGHUP close the real app cleanly: a prompt exit with 128 + the signal's number, no
traceback, and no training process left behind (issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix" or not Path("/proc/self/stat").exists(),
                                reason="sends POSIX signals and reads /proc")

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90.0     # a loaded machine takes long to import Qt and pyqtgraph
EXIT_TIMEOUT = 8.0       # closing must finish within a few seconds


def children_of(pid: int) -> list[int]:
    """The training processes started by ``pid`` (spawned multiprocessing children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2:].split()[1])
        if parent == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].split()[0] != "Z"


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def app_process(tmp_path):
    """``python -m bpviz`` offscreen, in its own session (a terminal's Ctrl+C reaches its whole process group),
    with settings in a temporary home; killed (with its children) if a test fails half-way."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT), "BPVIZ_TRAINING": "process"}
    process = subprocess.Popen([sys.executable, "-m", "bpviz"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    yield process
    if process.poll() is None:
        for child in children_of(process.pid):
            os.kill(child, signal.SIGKILL)
        process.kill()
    process.communicate(timeout=10)


def running_app(process) -> int:
    """Wait until the window runs and its training process has started; returns the training process's pid."""
    found: list[int] = []

    def started() -> bool:
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        found[:] = children_of(process.pid)
        return bool(found)

    wait_for(started, START_TIMEOUT, "the training process")
    time.sleep(1.0)  # the window is up and the first frames have come
    return found[0]


@pytest.mark.parametrize("signum, to_group", [(signal.SIGINT, True), (signal.SIGTERM, False),
                                              (signal.SIGHUP, False)])
def test_a_signal_closes_the_window_and_exits_cleanly(app_process, signum, to_group):
    child = running_app(app_process)
    sent = time.monotonic()
    if to_group:
        os.killpg(app_process.pid, signum)  # as a terminal's Ctrl+C: the training process gets it too
    else:
        os.kill(app_process.pid, signum)
    _, stderr = app_process.communicate(timeout=EXIT_TIMEOUT + 5)
    elapsed = time.monotonic() - sent
    text = stderr.decode(errors="replace")
    assert app_process.returncode == 128 + signum, text
    assert elapsed < EXIT_TIMEOUT, f"closing took {elapsed:.1f} s"
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    wait_for(lambda: not alive(child), 5.0, "the training process to end")


def test_sigterm_closes_even_when_the_training_process_is_stopped(app_process):
    child = running_app(app_process)
    os.kill(child, signal.SIGSTOP)
    try:
        sent = time.monotonic()
        os.kill(app_process.pid, signal.SIGTERM)
        _, stderr = app_process.communicate(timeout=EXIT_TIMEOUT + 5)
        elapsed = time.monotonic() - sent
    finally:
        if alive(child):
            os.kill(child, signal.SIGCONT)
    assert app_process.returncode == 128 + signal.SIGTERM, stderr.decode(errors="replace")
    assert elapsed < EXIT_TIMEOUT, f"closing took {elapsed:.1f} s"
    wait_for(lambda: not alive(child), 5.0, "the stopped training process to be killed")
