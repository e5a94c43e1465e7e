"""Test-wide setup: Qt runs offscreen (no display needed); settings go to a temporary place."""

import os
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_thread_left_running():
    """No test may leave a thread running (DESIGN.md §4)."""
    before = set(threading.enumerate())
    yield
    if "PySide6" not in sys.modules and not any(t.name.startswith("bpviz") for t in threading.enumerate()):
        return
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive() and t.name.startswith("bpviz")]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """QSettings in a temporary folder, so tests never read or write the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return tmp_path / "settings"
