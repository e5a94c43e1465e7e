"""The training process leaves a core to the window: its BLAS runs one thread, unless the user said otherwise."""

from __future__ import annotations

import os
import sys
import time

import pytest

from bpviz.config import ExperimentConfig
from bpviz.ui import training_process
from bpviz.ui.training_process import BLAS_THREAD_VARIABLES, ProcessWorker

SMALL = ExperimentConfig(name="small").replace(**{"network.depth": 3, "network.width": 8, "data.samples": 100})


def child_environment() -> dict[str, str]:
    worker = ProcessWorker(SMALL)
    worker.start_thread()
    try:
        deadline = time.monotonic() + 30
        while not worker.started.is_set():
            assert time.monotonic() < deadline, "the child did not start"
            time.sleep(0.01)
        with open(f"/proc/{worker.process.pid}/environ", "rb") as handle:
            pairs = [item.split(b"=", 1) for item in handle.read().split(b"\0") if b"=" in item]
        return {key.decode(): value.decode() for key, value in pairs}
    finally:
        worker.stop()
        assert worker.join(timeout=10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_training_process_uses_one_blas_thread_and_this_one_is_untouched(monkeypatch):
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    environment = child_environment()
    assert all(environment.get(name) == "1" for name in BLAS_THREAD_VARIABLES), environment
    assert not any(name in os.environ for name in BLAS_THREAD_VARIABLES)   # the window's process is unchanged


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_thread_count_the_user_set_wins(monkeypatch):
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    environment = child_environment()
    assert environment.get("OMP_NUM_THREADS") == "2" and "OPENBLAS_NUM_THREADS" not in environment
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.setattr(training_process, "CHILD_BLAS_THREADS", None)     # BLAS's own default
    assert "OPENBLAS_NUM_THREADS" not in child_environment()


def test_a_child_whose_window_has_gone_ends_at_once_even_mid_step(monkeypatch):
    """The heartbeat thread finds the pipe closed while the loop is busy: the child ends (it used to finish the
    step, minutes at 200 x 1024, orphaned); its own stop (beating cleared) is not such an end."""
    import threading

    from bpviz.ui import process_child as training_process  # the heartbeat thread's module: _parent_gone is there
    from bpviz.ui.process_child import _Activity, _beat

    ended = []
    monkeypatch.setattr(training_process, "_parent_gone", lambda: ended.append(True))

    class GoneMailbox:
        def send(self, message):
            raise BrokenPipeError

    beating = threading.Event()
    beating.set()
    activity = _Activity()
    activity.begin("step")
    _beat(GoneMailbox(), activity, beating)
    assert ended == [True]
    beating.clear()
    _beat(GoneMailbox(), activity, beating)
    assert ended == [True]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")
def test_a_training_process_ends_when_the_window_is_killed(tmp_path):
    """The window's process killed with SIGKILL (no clean-up runs): its training process ends within seconds."""
    import signal
    import subprocess

    script = tmp_path / "window.py"
    script.write_text(
        "import sys, time\n"
        "from bpviz.config import ExperimentConfig\n"
        "from bpviz.ui.training_process import ProcessWorker\n"
        "if __name__ == '__main__':\n"
        "    w = ProcessWorker(ExperimentConfig().replace(**{'network.depth': 3, 'network.width': 8}))\n"
        "    w.start_thread()\n"
        "    w.started.wait(60)\n"
        "    w.start()\n"
        "    print(w.process.pid, flush=True)\n"
        "    time.sleep(600)\n", encoding="utf-8")
    window = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        child = int(window.stdout.readline())
        os.kill(child, 0)
        window.send_signal(signal.SIGKILL)
        window.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child):
            assert time.monotonic() < deadline, "the orphaned training process kept running"
            time.sleep(0.05)
    finally:
        window.kill()
        window.wait(10)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_training_process_is_nicer_than_the_window():
    worker = ProcessWorker(SMALL)
    worker.start_thread()
    try:
        deadline = time.monotonic() + 30
        while not worker.started.is_set():
            assert time.monotonic() < deadline, "the child did not start"
            time.sleep(0.01)
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, worker.process.pid) == min(19, mine + training_process.CHILD_NICENESS)
        assert training_process.CHILD_NICENESS > 0
    finally:
        worker.stop()
        assert worker.join(timeout=10)
