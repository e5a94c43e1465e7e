"""Dialogs: About bpviz, the keyboard shortcuts read from the window's own actions and shortcuts, and the file
dialogs that start in the folder used last."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QMessageBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

import bpviz
import pyqtgraph as pg

translate = QCoreApplication.translate
LAST_FOLDER_KEY = "files/lastFolder"


def last_folder() -> str:
    """The folder a file was opened from or saved to last (QSettings), else the home folder."""
    return str(QSettings().value(LAST_FOLDER_KEY, str(Path.home())))


def remember_folder(path: str | Path) -> None:
    QSettings().setValue(LAST_FOLDER_KEY, str(Path(path).parent))


def ask_save_path(parent: QWidget, title: str, default_name: str, pattern: str) -> str:
    """A file name to save to, from a dialog that starts in the folder used last ("" if cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder()) / default_name), pattern)
    if path:
        remember_folder(path)
    return path


def ask_open_path(parent: QWidget, title: str, pattern: str) -> str:
    """A file to open, from a dialog that starts in the folder used last ("" if cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(), pattern)
    return path


def shortcut_rows(window: QWidget, descriptions: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, what it does) for every QShortcut of ``window`` and every action in its menus that has a key.

    An action is described by its menu text; a QShortcut by ``descriptions[its key]`` (it has no text of its own).
    """
    descriptions = descriptions or {}
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for child in [*window.findChildren(QShortcut), *menu_actions(window)]:
        if isinstance(child, QAction):
            keys = [key for key in child.shortcuts() if not key.isEmpty()]
            what = _plain(child.text())
        else:
            keys = [child.key()] if not child.key().isEmpty() else []
            what = descriptions.get(child.key().toString(QKeySequence.SequenceFormat.PortableText), "")
        if not keys or not what:
            continue
        text = " / ".join(key_name(key) for key in keys)
        if (text, what) not in seen:
            seen.add((text, what))
            rows.append((text, what))
    return rows


def menu_actions(window: QWidget) -> list[QAction]:
    """The actions of the window's menu bar (submenus included) and those added to the window itself.

    Walking the menus, not ``findChildren(QAction)``: that would also wrap the QActions pyqtgraph and Qt create
    inside the plots, and those Python wrappers crash PySide6 at interpreter exit.
    """
    found: list[QAction] = []
    menu_bar = window.menuBar() if hasattr(window, "menuBar") else None

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            if action.isSeparator() or action in found:
                continue
            found.append(action)
            submenu = action.menu()
            if submenu is not None:
                walk(submenu.actions())

    walk(list(window.actions()))
    if menu_bar is not None:
        walk(menu_bar.actions())
    return found


def key_name(key: QKeySequence) -> str:
    """A key as a student reads it: "Right arrow", "Space", "Ctrl+Shift+P"."""
    portable = key.toString(QKeySequence.SequenceFormat.PortableText)
    friendly = {
        "Right": translate("ShortcutsDialog", "Right arrow"), "Left": translate("ShortcutsDialog", "Left arrow"),
        "Up": translate("ShortcutsDialog", "Up arrow"), "Down": translate("ShortcutsDialog", "Down arrow"),
        "Space": translate("ShortcutsDialog", "Space"),
    }
    return friendly.get(portable, key.toString(QKeySequence.SequenceFormat.NativeText))


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis."""
    text = re.sub(r"\(&\w\)", "", text)  # CJK menus put the mnemonic in brackets: "打开实验(&O)"
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


class ShortcutsDialog(QDialog):
    """A two-column table of every keyboard shortcut the window defines (built from its actions, never stale)."""

    def __init__(self, window: QWidget, descriptions: dict[str, str] | None = None) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self._descriptions = descriptions or {}
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("shortcutsTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.retranslate_ui()
        rows_height = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.resize(620, min(720, rows_height + self.table.horizontalHeader().sizeHint().height() + 140))

    def rows(self) -> list[tuple[str, str]]:
        window = self.parentWidget()
        return shortcut_rows(window, self._descriptions) if window is not None else []

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for row, (keys, what) in enumerate(rows):
            key_item = QTableWidgetItem(keys)
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            self.table.setItem(row, 0, key_item)
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.note.setText(self.tr("Space, Right and R do not fire while you type in a field."))

    def text(self) -> str:
        """Everything the dialog lists, as plain text (one shortcut per line)."""
        lines = [f"{keys}\t{what}" for keys, what in self.rows()]
        return "\n".join([*lines, self.note.text()])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class AboutDialog(QMessageBox):
    """Version, license, what bpviz is, and the versions of the libraries it runs on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        icon = parent.windowIcon() if parent is not None else None
        if icon is not None and not icon.isNull():
            self.setIconPixmap(icon.pixmap(96, 96))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("About bpviz"))
        what = self.tr(
            "bpviz is a laboratory for one question: why do gradients vanish or explode in backpropagation, and "
            "what fixes it? Build a deep network, press Train and watch the gradient of every layer live while you "
            "switch the remedies on and off one at a time: ReLU-family activations, residual connections, batch "
            "normalization, gradient clipping, proper weight initialization, less depth. Every number on screen "
            "comes from bpviz's own NumPy backprop.")
        versions = self.tr("Qt {qt} · PySide6 {pyside} · NumPy {numpy} · pyqtgraph {pyqtgraph}").format(
            qt=qVersion(), pyside=PySide6.__version__, numpy=np.__version__, pyqtgraph=pg.__version__)
        license_text = self.tr("MIT License.")
        credits = self.tr(
            "The handwritten digits are the test part of E. Alpaydin and C. Kaynak, “Optical Recognition of "
            "Handwritten Digits”, UCI Machine Learning Repository, 1998 (doi:10.24432/C50P49), used under the "
            "Creative Commons Attribution 4.0 license (CC BY 4.0), unchanged.")
        self.setText(f"<h3>bpviz {html.escape(bpviz.__version__)}</h3><p>{html.escape(what)}</p>"
                     f"<p>{html.escape(license_text)}</p><p><small>{html.escape(credits)}</small></p>"
                     f"<p><small>{html.escape(versions)}</small></p>")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
