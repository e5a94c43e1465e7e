"""Experiment files: File -> Open experiment, Save experiment, Open recent (remembered in QSettings)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from bpviz.config import ConfigError, ExperimentConfig
from bpviz.ui.dialogs import ask_open_path, ask_save_path, remember_folder

MAX_RECENT_FILES = 8
RECENT_KEY = "files/recent"


class ExperimentFiles(QObject):
    """Opens and saves the experiment of ``window`` (its dialogs' parent; messages go to its status bar).

    ``current()`` is the experiment to save; ``opened(config)`` shows an experiment just read from a file.
    Its menu entries: :attr:`open_action` (Ctrl+O), :attr:`save_action` (Ctrl+S), :attr:`recent_menu`.
    """

    def __init__(self, window: QMainWindow, current: Callable[[], ExperimentConfig],
                 opened: Callable[[ExperimentConfig], None]) -> None:
        super().__init__(window)
        self.window = window
        self._current = current
        self._opened = opened
        self.open_action = QAction(window)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(lambda: self.open_experiment())
        self.save_action = QAction(window)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self.save_experiment())
        self.recent_menu = QMenu(window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    def retranslate_ui(self) -> None:
        self.open_action.setText(self.tr("&Open experiment…"))
        self.save_action.setText(self.tr("&Save experiment…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))

    def open_experiment(self, path: str | Path | None = None) -> bool:
        """Open ``path`` (None: ask for it); False if cancelled or unreadable (the reason is shown)."""
        if path is None:
            path = ask_open_path(self.window, self.tr("Open experiment"),
                                 self.tr("bpviz experiment (*.json);;All files (*)"))
            if not path:
                return False
        try:
            config = ExperimentConfig.load(path)
        except ConfigError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot open experiment"), str(exc))
            return False
        self._add_recent(path)
        self._opened(config)
        self.window.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 6000)
        return True

    def save_experiment(self, path: str | Path | None = None) -> bool:
        """Save the experiment to ``path`` (None: ask for it); False if cancelled or not writable."""
        config = self._current()
        if path is None:
            path = ask_save_path(self.window, self.tr("Save experiment"), f"{config.name}.json",
                                 self.tr("bpviz experiment (*.json)"))
            if not path:
                return False
        try:
            config.save(path)
        except OSError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot save experiment"),
                                self.tr("Could not write {path}:\n{error}").format(path=path, error=exc))
            return False
        self._add_recent(path)
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 6000)
        return True

    def recent_files(self) -> list[str]:
        """Absolute paths of the experiments opened or saved last, newest first."""
        value = QSettings().value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files() if p != path]
        QSettings().setValue(RECENT_KEY, [path, *recent][:MAX_RECENT_FILES])
        remember_folder(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            empty = self.recent_menu.addAction(self.tr("(no recent experiments)"))
            empty.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_experiment(p))
