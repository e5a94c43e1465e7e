"""bpviz.engine and bpviz.config import NumPy and the standard library only: never Qt, never pyqtgraph."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import bpviz.engine

ROOT = Path(__file__).resolve().parents[1]
ENGINE_MODULES = sorted(f"bpviz.engine.{m.name}" for m in pkgutil.iter_modules(bpviz.engine.__path__))

PROBE = """
import json, sys
import bpviz.config, bpviz.engine
for name in {modules!r}:
    __import__(name)
from bpviz.engine.trainer import Trainer
Trainer(bpviz.config.ExperimentConfig()).run(2)
print(json.dumps(sorted(sys.modules)))
"""


def test_engine_lists_every_module():
    assert {"bpviz.engine.activations", "bpviz.engine.init", "bpviz.engine.network", "bpviz.engine.optim",
            "bpviz.engine.datasets", "bpviz.engine.telemetry", "bpviz.engine.trainer"} <= set(ENGINE_MODULES)


def test_engine_and_config_never_load_qt():
    result = subprocess.run([sys.executable, "-c", PROBE.format(modules=ENGINE_MODULES)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(ENGINE_MODULES) <= set(loaded)
    forbidden = [name for name in loaded if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6", "PyQt5",
                                                                 "PyQt6", "matplotlib")]
    assert forbidden == []
