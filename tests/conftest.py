"""Test-wide setup: Qt runs offscreen (no display needed); settings go to a temporary place."""

import multiprocessing
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_thread_left_running():
    """No test may leave a thread (DESIGN.md §4) or a training process running."""
    before = set(threading.enumerate())
    children_before = {child.pid for child in multiprocessing.active_children()}
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive() and t.name.startswith("bpviz")]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"
    children = [child for child in multiprocessing.active_children() if child.pid not in children_before]
    for child in children:
        child.join(timeout=5)
    alive = [f"{child.name} (pid {child.pid})" for child in children if child.is_alive()]
    for child in children:
        if child.is_alive():
            child.kill()
    assert not alive, f"test left processes running: {alive}"


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """QSettings in a temporary folder, so tests never read or write the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return tmp_path / "settings"


@pytest.fixture(autouse=True, scope="session")
def _settings_never_touch_the_users(tmp_path_factory):
    """Whatever a test forgets, QSettings writes under a temporary folder, never the user's ~/.config."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("user-settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
