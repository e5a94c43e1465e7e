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
