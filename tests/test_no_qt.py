"""bpviz.engine, bpviz.config and bpviz.lessons import NumPy and the standard library only: never Qt, never
pyqtgraph. Each probe imports the modules in a fresh interpreter, uses them, and lists what got loaded."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import bpviz.engine
import bpviz.lessons

ROOT = Path(__file__).resolve().parents[1]
ENGINE_MODULES = sorted(f"bpviz.engine.{m.name}" for m in pkgutil.iter_modules(bpviz.engine.__path__))
LESSON_MODULES = ["bpviz.lessons",
                  *sorted(f"bpviz.lessons.{m.name}" for m in pkgutil.iter_modules(bpviz.lessons.__path__))]
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6", "matplotlib")

ENGINE_PROBE = """
import bpviz.config, bpviz.engine
from bpviz.engine.trainer import Trainer
Trainer(bpviz.config.ExperimentConfig()).run(2)
"""

# every lesson file is read (both languages) and one lesson trains its problem and remedy and is measured
LESSONS_PROBE = """
from bpviz.lessons import LANGUAGES, lesson_names, load_lesson, measure, start_run
lessons = [load_lesson(name, language) for name in lesson_names() for language in LANGUAGES]
assert lessons, "no lessons found"
run = start_run(lessons[0])
run.run(2)
measure(run.problem), measure(run.remedy)
"""

PROBE = """
import json, sys
for name in {modules!r}:
    __import__(name)
{use}
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(modules: list[str], use: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(modules=modules, use=use)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_engine_lists_every_module():
    assert {"bpviz.engine.activations", "bpviz.engine.init", "bpviz.engine.network", "bpviz.engine.optim",
            "bpviz.engine.datasets", "bpviz.engine.telemetry", "bpviz.engine.trainer"} <= set(ENGINE_MODULES)
    assert "bpviz.lessons.expectation" in LESSON_MODULES


@pytest.mark.parametrize("modules, use", [(ENGINE_MODULES, ENGINE_PROBE), (LESSON_MODULES, LESSONS_PROBE)],
                         ids=["engine", "lessons"])
def test_engine_config_and_lessons_never_load_qt(modules, use):
    loaded = loaded_modules(modules, use)
    assert set(modules) <= set(loaded)
    forbidden = [name for name in loaded if name.split(".")[0] in FORBIDDEN]
    assert forbidden == []


def test_the_training_session_and_its_messages_never_load_qt():
    """The worker's side runs in a child process too (bpviz.ui.training_process): a session steps and publishes
    frames without importing Qt."""
    modules = ["bpviz.ui.messages", "bpviz.ui.session", "bpviz.ui.worker"]
    use = ("from bpviz.config import ExperimentConfig\nfrom bpviz.ui.worker import Command, TrainingSession\n"
           "session = TrainingSession(ExperimentConfig())\nsession.handle(Command('step'))\n"
           "assert session.mailbox.latest().step == 1")
    loaded = loaded_modules(modules, use)
    assert set(modules) <= set(loaded)
    assert [name for name in loaded if name.split(".")[0] in FORBIDDEN] == []


# The child's own main function, run here (its commands waiting in the pipe, a thread reading what it sends): it
# builds a session, steps, sends frames as history deltas and stops, and the window's side rebuilds the history.
CHILD_PROBE = """
import threading
from multiprocessing import Pipe
from bpviz.config import ExperimentConfig
from bpviz.ui.process_child import child_main
from bpviz.ui.process_control import describe_exit
from bpviz.ui.process_protocol import HistoryMirror
from bpviz.ui.worker import Command
ours, theirs = Pipe(duplex=True)
received = []

def read():
    try:
        while True:
            received.append(ours.recv())
    except EOFError:
        pass

reader = threading.Thread(target=read)
reader.start()
ours.send(Command('step'))
ours.send(Command('stop'))
child_main(theirs, ExperimentConfig(), history_capacity=64)
reader.join(60)
kinds = [kind for kind, _ in received]
assert 'ready' in kinds and 'stopped' in kinds, kinds
mirror = HistoryMirror(64)
frames = [payload for kind, payload in received if kind == 'frame']
views = [mirror.apply(wire.history) for wire in frames]
assert frames[-1].frame.step == 1 and len(views[-1]) >= 1
assert describe_exit(-9) == 'killed by signal 9 (SIGKILL)'
"""


def test_the_training_process_and_its_supervisor_never_load_qt():
    """The child process runs bpviz.ui.process_child (with the messages of bpviz.ui.process_protocol); the window's
    side of it (bpviz.ui.training_process, bpviz.ui.process_control) needs no Qt either."""
    modules = ["bpviz.ui.process_protocol", "bpviz.ui.process_child", "bpviz.ui.process_control",
               "bpviz.ui.training_process"]
    loaded = loaded_modules(modules, CHILD_PROBE)
    assert set(modules) <= set(loaded)
    assert [name for name in loaded if name.split(".")[0] in FORBIDDEN] == []
