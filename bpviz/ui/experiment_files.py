"""Experiment files: File -> Open experiment, Save experiment, Open recent (remembered in QSettings), and
File -> Import data (the teacher's own CSV table, :mod:`bpviz.engine.tabular`).

An experiment that trains on a CSV file remembers the file's path and the SHA-256 of its content. Opening it
checks the file first: a file that is not there any more is reported, with a button to locate it (bpviz accepts
the located file only if its content is the recorded one); a file whose content changed is reported and the
experiment is not opened (import the file again to train on the new content). Nothing is ever silently replaced,
and a bad file never changes the experiment on screen. Messages are window-modal boxes that do not block
(:attr:`ExperimentFiles.message` is the last one shown).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from bpviz.config import ConfigError, ExperimentConfig
from bpviz.engine.tabular import DataFileChanged, DataFileError, DataFileMissing, import_csv, relocate, \
    verify_data_file
from bpviz.ui.data_file_messages import data_file_message, data_notice_message
from bpviz.ui.dialogs import ask_open_path, ask_save_path, remember_folder

MAX_RECENT_FILES = 8
RECENT_KEY = "files/recent"


class ExperimentFiles(QObject):
    """Opens and saves the experiment of ``window`` (its dialogs' parent; messages go to its status bar).

    ``current()`` is the experiment to save; ``opened(config)`` shows an experiment just read from a file (or
    the current one switched to imported data). Its menu entries: :attr:`open_action` (Ctrl+O),
    :attr:`save_action` (Ctrl+S), :attr:`recent_menu`, :attr:`import_action` (File -> Import data).
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
        self.import_action = QAction(window)
        self.import_action.setObjectName("importDataAction")
        self.import_action.triggered.connect(lambda: self.import_data())
        self.message: QMessageBox | None = None  # the last message shown (kept so it is not garbage-collected)

    def retranslate_ui(self) -> None:
        self.open_action.setText(self.tr("&Open experiment…"))
        self.save_action.setText(self.tr("&Save experiment…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.import_action.setText(self.tr("&Import data (CSV)…"))

    def _show(self, icon: QMessageBox.Icon, title: str, text: str,
              buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> QMessageBox:
        """A window-modal message box that does not block (tests and the training go on)."""
        if self.message is not None:
            self.message.close()
        box = QMessageBox(icon, title, text, buttons, self.window)
        box.setObjectName("filesMessage")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = box
        box.open()
        return box

    # ---- the teacher's own data

    def import_data(self, path: str | Path | None = None) -> bool:
        """File -> Import data: train the current experiment on the CSV table ``path`` (None: ask for it), from
        step 0. A file bpviz cannot use is reported in one message (naming the row and column of a bad cell) and
        changes nothing. True if the data were switched.
        The messages are in the UI language (:mod:`bpviz.ui.data_file_messages`)."""
        if path is None:
            path = ask_open_path(self.window, self.tr("Import data"),
                                 self.tr("CSV table (*.csv *.tsv *.txt);;All files (*)"))
            if not path:
                return False
        current = self._current()
        try:
            data, table = import_csv(path, base=current.data)
            config = dataclasses.replace(current, data=data)
        except (DataFileError, ConfigError) as exc:
            self._show(QMessageBox.Icon.Warning, self.tr("Cannot import data"), data_file_message(exc))
            return False
        remember_folder(path)
        self._opened(config)
        summary = self.tr("Imported {name}: {rows} rows, {features} features, {classes} classes.").format(
            name=Path(path).name, rows=table.n_rows, features=len(table.feature_names), classes=table.n_classes)
        if table.notices:
            self._show(QMessageBox.Icon.Information, self.tr("Data imported"),
                       "\n\n".join([summary, *map(data_notice_message, table.notices)]))
        self.window.statusBar().showMessage(summary, 8000)
        return True

    def _check_data_file(self, config: ExperimentConfig, path: str | Path) -> bool:
        """An experiment just read from ``path``: is its data file (if any) there with the recorded content?
        If not, say so (offering to locate a moved file) and return False: the experiment is not opened yet."""
        try:
            verify_data_file(config.data)
        except DataFileMissing as exc:
            box = self._show(QMessageBox.Icon.Warning, self.tr("Data file not found"), data_file_message(exc),
                             QMessageBox.StandardButton.Cancel)
            locate = box.addButton(self.tr("Locate the file…"), QMessageBox.ButtonRole.AcceptRole)
            locate.setObjectName("locateDataButton")
            locate.clicked.connect(lambda: self.locate_data_file(config, path))
            return False
        except DataFileChanged as exc:
            self._show(QMessageBox.Icon.Warning, self.tr("Data file changed"), data_file_message(exc))
            return False
        except DataFileError as exc:
            self._show(QMessageBox.Icon.Warning, self.tr("Cannot open experiment"), data_file_message(exc))
            return False
        return True

    def locate_data_file(self, config: ExperimentConfig, experiment_path: str | Path = "",
                         data_path: str | Path | None = None) -> bool:
        """The experiment ``config``'s data file was moved: use ``data_path`` (None: ask for it) if its content is
        the recorded one, and open the experiment; otherwise say why and change nothing."""
        if data_path is None:
            data_path = ask_open_path(self.window, self.tr("Locate the data file"),
                                      self.tr("CSV table (*.csv *.tsv *.txt);;All files (*)"))
            if not data_path:
                return False
        try:
            config = dataclasses.replace(config, data=relocate(config.data, data_path))
        except (DataFileError, ConfigError) as exc:
            self._show(QMessageBox.Icon.Warning, self.tr("Not the experiment's data file"), data_file_message(exc))
            return False
        self._open(config, experiment_path)
        return True

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
        if not self._check_data_file(config, path):
            return False
        self._open(config, path)
        return True

    def _open(self, config: ExperimentConfig, path: str | Path) -> None:
        if path:
            self._add_recent(path)
        self._opened(config)
        self.window.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 6000)

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
