"""The keys that drive training (Space train/pause, Right one step, R reset) and the widgets they yield to.

They are QShortcuts of the window, so they work wherever the focus is, except in a focused widget that uses the
key itself (typing in a field, Space on a checkbox, Right on the speed slider): those widgets' ShortcutOverride
events are filtered, so the widget gets the key and training is not disturbed.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit,
    QTextBrowser, QTextEdit, QWidget,
)

KEY_WIDGETS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSlider, QAbstractButton)


class TrainingShortcuts(QObject):
    """Space -> ``toggle``, Right -> ``step``, R -> ``reset`` on ``window`` (:attr:`shortcuts` by key)."""

    def __init__(self, window: QWidget, toggle: Callable[[], None], step: Callable[[], None],
                 reset: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.shortcuts: dict[str, QShortcut] = {}
        for key, slot in (("Space", toggle), ("Right", step), ("R", reset)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[key] = shortcut

    def descriptions(self) -> dict[str, str]:
        """What the bare QShortcuts do (QActions describe themselves by their menu text)."""
        return {"Space": self.tr("Train / pause"), "Right": self.tr("One training step"),
                "R": self.tr("Reset: new weights, step 0")}

    def watch_key_widgets(self) -> None:
        """Filter the events of the window's widgets that use Space, Right or R themselves (not the whole
        application's: an application-wide Python filter would take the GIL for every event while training runs).
        Call again after adding such widgets."""
        for widget in self.window.findChildren(QWidget):
            if isinstance(widget, KEY_WIDGETS) and not widget.property("bpvizKeysWatched"):
                widget.installEventFilter(self)
                widget.setProperty("bpvizKeysWatched", True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Space, Right and R belong to a focused widget that uses them (typing, a checkbox, the slider)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget) \
                and watched is QApplication.focusWidget():
            if widget_wants_key(watched, event.key(), event.modifiers()):
                event.accept()
                return True
        return super().eventFilter(watched, event)


def widget_wants_key(widget: QWidget, key: int, modifiers: Any) -> bool:
    """Does ``widget`` (focused) use ``key`` itself?"""
    if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
        return False
    space, right, letter_r = Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R
    if isinstance(widget, QTextBrowser) and widget.isReadOnly():
        return key == space  # Space scrolls the lesson text
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)):
        return True
    if isinstance(widget, QComboBox):
        return key in (space, letter_r) or (widget.isEditable() and key == right)
    if isinstance(widget, QAbstractSlider):
        return key == right
    if isinstance(widget, QAbstractButton):
        return key == space
    return False
