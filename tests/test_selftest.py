"""``bpviz --self-test`` from the installed package (CI runs the same self-test in the frozen bundle)."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bpviz import selftest

REPO = Path(__file__).resolve().parent.parent
CHECKS = ("resources", "qt", "translations", "window", "training", "lessons", "remedies", "plots", "export",
          "animation", "shutdown")


def _missing_parts() -> list[str]:
    """The self-test drives the whole application; name the parts that have not landed in this checkout."""
    missing = [module for module in ("bpviz.cli", "bpviz.ui.export", "bpviz.ui.main_window", "bpviz.lessons")
               if importlib.util.find_spec(module) is None]
    if not list((REPO / "resources" / "lessons").glob("*.json")):
        missing.append("resources/lessons/*.json")
    return missing


def _run(args: list[str], tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Run Python in a subprocess on the bpviz these tests import (the installed one in CI, else the checkout)."""
    import bpviz

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(Path(bpviz.__file__).parent.parent),
               **extra_env)
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=selftest.WATCHDOG_SECONDS + 30)


@pytest.mark.skipif(bool(_missing_parts()), reason=f"self-test needs {', '.join(_missing_parts())}")
def test_self_test_passes_from_the_package(tmp_path):
    result = _run(["-m", "bpviz", "--self-test"], tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    for check in CHECKS:
        assert sum(line.startswith(f"ok   {check}: ") for line in lines) == 1, (check, result.stdout)
    assert not [line for line in lines if line.startswith("FAIL")]
    assert lines[-1].startswith(f"self-test passed: {len(CHECKS)} checks")
    lessons = next(line for line in lines if line.startswith("ok   lessons: "))
    assert int(lessons.split()[2]) == len(list((REPO / "resources" / "lessons").glob("*.json")))
    # the self-test kept its settings to itself
    assert not (tmp_path / "config").exists() or not any((tmp_path / "config").rglob("*bpviz*"))


def test_a_failing_check_is_named_and_fails_the_run(capsys):
    report = selftest.Report(sys.stdout)

    def broken() -> str:
        raise selftest.CheckFailed("dashboard.png is blank")

    def crashing() -> str:
        return {}["missing"]

    assert report.check("fine", lambda: "3 things") is True
    assert report.check("export", broken) is False
    assert report.check("crash", crashing) is False
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"ok   fine: 3 things \[\d+\.\d s\]", out[0])
    assert out[1] == "FAIL export: dashboard.png is blank"
    assert out[2].startswith("FAIL crash: KeyError: 'missing' (test_selftest.py:")
    assert report.failed == ["export", "crash"] and report.passed == ["fine"]


def test_blank_and_busy_images_are_told_apart(tmp_path, qapp):
    from PySide6.QtGui import QColor, QImage, QPainter

    blank = QImage(640, 480, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    blank.save(str(tmp_path / "blank.png"))
    busy = QImage(blank)
    painter = QPainter(busy)
    for index in range(200):
        painter.fillRect(index * 3, (index * 7) % 400, 40, 60, QColor.fromHsv((index * 37) % 360, 200, 220))
    painter.end()
    busy.save(str(tmp_path / "busy.png"))
    assert selftest._image_variety(tmp_path / "blank.png") == (640, 480, 1, 1.0)
    width, height, colours, share = selftest._image_variety(tmp_path / "busy.png")
    assert (width, height) == (640, 480) and colours >= 16 and share < 0.97


def test_wait_until_gives_up_with_a_message(qapp):
    with pytest.raises(selftest.CheckFailed, match="timed out after 0 s waiting for Godot"):
        selftest.wait_until(lambda: False, "Godot", timeout=0.05)


def test_watchdog_ends_a_hung_self_test(tmp_path):
    script = ("import time\n"
              "from bpviz import selftest\n"
              "report = selftest.Report(__import__('sys').stdout)\n"
              "report.current = 'lessons'\n"
              "selftest._start_watchdog(report, 0.3)\n"
              "time.sleep(30)\n")
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 2
    assert "FAIL watchdog: the self-test did not finish within 0 s (stuck in check 'lessons')" in result.stdout


def test_no_display_means_offscreen(monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("the display rule is for Linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    selftest._choose_platform()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    monkeypatch.setenv("QT_QPA_PLATFORM", "minimal")
    selftest._choose_platform()
    assert os.environ["QT_QPA_PLATFORM"] == "minimal"


def test_watchdog_names_the_stuck_check_and_exits_with_2(monkeypatch):
    """In process (the subprocess test above shows the real exit): the line it prints and the code it exits with;
    a daemon thread, so it never keeps a finished self-test alive."""
    out = io.StringIO()
    report = selftest.Report(out)
    report.current = "plots"
    exits: list[int] = []
    monkeypatch.setattr(selftest.os, "_exit", exits.append)
    timer = selftest._start_watchdog(report, 0.01)
    assert timer.daemon and timer.name == "selftest-watchdog"
    timer.join(timeout=30)
    assert not timer.is_alive()
    assert exits == [2]
    assert out.getvalue() == "FAIL watchdog: the self-test did not finish within 0 s (stuck in check 'plots')\n"
    assert all(thread.name != "selftest-watchdog" or not thread.is_alive() for thread in threading.enumerate())


def test_export_check_fails_on_a_blank_dashboard(tmp_path, qtbot):
    """The export check renders whatever the window calls its dashboard; an empty one must fail it."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QWidget

    empty = QWidget()
    empty.setStyleSheet("background: white")
    empty.resize(800, 600)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    test = selftest.SelfTest(selftest.Report(None), tmp_path)
    test.window = SimpleNamespace(dashboard=empty)
    with pytest.raises(selftest.CheckFailed, match=r"dashboard.png is blank \(1 colour, 100% of it one colour\)"):
        test.check_export()
