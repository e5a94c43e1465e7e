"""The window's side of issue 15 (docs/robustness.md): it never builds a network itself (at start-up or after the
training process died), it says when the training process stalls and offers to restart it, and every hostile
experiment file gets a message box."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from bpviz.config import ExperimentConfig
from bpviz.engine import trainer as trainer_module
from bpviz.ui.worker import INITIAL_FRAME_MAX_WEIGHTS, hidden_weight_count

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# above INITIAL_FRAME_MAX_WEIGHTS (so a window that built it itself would have built it for nothing), yet quick
WIDE = ExperimentConfig(name="wide").replace(**{"network.depth": 3, "network.width": 1024, "data.samples": 100})
SMALL = ExperimentConfig(name="small").replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})


@pytest.fixture
def builds(monkeypatch):
    """The names of the threads that built a Trainer (a network) in this process."""
    threads: list[str] = []
    original = trainer_module.Trainer.__init__

    def recording(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        original(self, *args, **kwargs)

    monkeypatch.setattr(trainer_module.Trainer, "__init__", recording)
    return threads


def test_a_thread_window_builds_its_large_network_in_the_worker_thread(make_window, qtbot, builds, monkeypatch):
    assert hidden_weight_count(WIDE) > INITIAL_FRAME_MAX_WEIGHTS
    # the build waits until the window has been looked at: on a quiet machine the worker built 3 x 1024 and sent
    # its first real frame before make_window returned (a window that built it in its own thread would still wait)
    built = threading.Event()
    recording = trainer_module.Trainer.__init__
    monkeypatch.setattr(trainer_module.Trainer, "__init__",
                        lambda self, *args, **kwargs: (built.wait(10), recording(self, *args, **kwargs))[1])
    window = make_window(WIDE, training="thread")
    assert window.latest_frame().placeholder          # drawn at once, before any network exists
    built.set()
    qtbot.waitUntil(lambda: not window.latest_frame().placeholder, timeout=30000)
    assert builds and "MainThread" not in builds, builds


@posix_only
def test_after_the_training_process_died_the_window_builds_no_network_either(make_window, qtbot, builds):
    window = make_window(WIDE)
    qtbot.waitUntil(lambda: window.worker.started.is_set() and not window.latest_frame().placeholder,
                    timeout=60000)
    dead = window.worker
    dead.process.kill()
    qtbot.waitUntil(lambda: window.worker is not dead, timeout=10000)
    message = window.statusBar().currentMessage()
    assert "killed by signal 9 (SIGKILL)" in message and "exit code None" not in message, message
    qtbot.waitUntil(lambda: window.worker.started.is_set() and not window.latest_frame().placeholder,
                    timeout=60000)
    assert builds == [], builds                      # the new child built it, not the window's process


@posix_only
def test_a_stalled_training_process_is_said_and_a_restart_offered(make_window, qtbot, monkeypatch):
    import bpviz.ui.training_process as training_process

    monkeypatch.setattr(training_process, "STALL_SILENCE_SECONDS", 1.0)
    window = make_window(SMALL)
    qtbot.waitUntil(lambda: window.worker.started.is_set(), timeout=30000)
    window.start()
    qtbot.waitUntil(lambda: window.latest_frame().step > 5, timeout=30000)
    first = window.worker.process
    os.kill(first.pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: window.workers.stall_box is not None and window.workers.stall_box.isVisible(),
                        timeout=15000)
        assert "not answered" in window.statusBar().currentMessage()
        assert "stopped" in window.workers.stall_box.detailedText()
        assert window.isEnabled() and not window.workers.stall_box.isModal()   # the window stays usable
        os.kill(first.pid, signal.SIGCONT)
        qtbot.waitUntil(lambda: window.workers.stall_box is None, timeout=15000)   # it answers again
        assert "answers again" in window.statusBar().currentMessage()
        os.kill(first.pid, signal.SIGSTOP)
        qtbot.waitUntil(lambda: window.workers.stall_box is not None, timeout=15000)
        window.workers.stall_box.findChild(QPushButton, "stallRestartButton").click()
        qtbot.wait(300)                                   # the window draws what its mailbox holds meanwhile
        assert not window.train_button.isChecked()        # paused at once, not "running" until the new frame
        qtbot.waitUntil(lambda: window.worker.process is not first and not first.is_alive(), timeout=15000)
        qtbot.waitUntil(lambda: window.latest_frame().step == 0 and "new training process"
                        in window.statusBar().currentMessage(), timeout=30000)
        qtbot.waitUntil(lambda: not window.train_button.isChecked(), timeout=10000)
        assert window.workers.stall_box is None
        window.step()
        qtbot.waitUntil(lambda: window.latest_frame().step == 1, timeout=30000)   # the new process trains
    finally:
        if first.is_alive():
            os.kill(first.pid, signal.SIGCONT)


# ---------------------------------------------------------------- hostile experiment files in the window

def _hostile_module():
    """tests/test_hostile_files.py (the folder of hostile files and what each must say), loaded by its path."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "test_hostile_files.py"
    spec = importlib.util.spec_from_file_location("bpviz_hostile_files", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _hostile_folder(hostile, folder):
    return hostile.make_hostile_folder(folder)


def test_every_hostile_file_gets_a_message_box_in_the_window_quickly(make_window, qtbot, tmp_path, monkeypatch):
    """File -> Open and the file given at start-up: each bad file one message box (one line about the file),
    quickly, the window keeps its experiment; the good ones (a BOM, CRLF, a link to a valid file) load."""
    import time

    from bpviz.ui.app import load_experiment_or_default

    hostile = _hostile_module()
    folder = _hostile_folder(hostile, tmp_path)
    window = make_window(SMALL, training="thread")
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: boxes.append(args[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: boxes.append(args[2]))
    names = hostile.all_names()
    assert len(names) >= 38
    texts = hostile.text_files()
    for name in names:
        path = folder / name
        fragment = hostile.SPECIAL[name] if name in hostile.SPECIAL else texts[name][1]
        if window.config != SMALL:
            window.set_config(SMALL, restart=True)
        boxes.clear()
        started = time.perf_counter()
        opened = window.open_experiment(path)
        elapsed = time.perf_counter() - started
        assert elapsed < 2.0, f"{name}: File -> Open took {elapsed:.2f} s"
        if fragment is None:
            assert opened and not boxes, (name, boxes)
            continue
        assert not opened and len(boxes) == 1, (name, boxes)
        assert fragment in boxes[0] and str(path) in boxes[0], (name, boxes[0][:300])
        assert window.config == SMALL
        boxes.clear()
        assert load_experiment_or_default(path) == ExperimentConfig()     # bpviz FILE: the box, then the default
        assert len(boxes) == 1 and fragment in boxes[0], (name, boxes)
    valid = ExperimentConfig.load(folder / "valid.json")
    assert window.open_experiment(folder / "valid-with-bom.json") and window.config == valid
