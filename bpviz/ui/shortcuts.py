"""The keys that drive training (Space train/pause, Right one step, R reset; PageDown/PageUp the next/previous plot
of the focus view) and the one kind of widget they yield to: a field the user types in.

The rule (docs/teacher-guide.md says it too):

- Whatever else has the focus (a combo box such as Activation, a check box, the speed slider, a button, a plot, the
  lesson text), Space, Right and R drive training. A combo box does not pick "relu" on R; a check box does not
  toggle on Space (click it, or use its menu/mnemonic); the slider moves with Left/Up/Down.
- In a text or number field the keys type: Space and R never train from there. Right moves the cursor, and steps
  training only once the cursor is at the end of the number (nothing left to move over); the typed value is taken
  first. PageUp/PageDown change a number field's value, as they always do.
- Escape in a field takes its value and leaves it (the focus goes back to the plots); so does clicking a plot.

They are QShortcuts of the window, so they work wherever the focus is; the fields' ShortcutOverride events are
filtered, so a field gets the keys it uses and training is not disturbed.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QComboBox, QGraphicsView, QLineEdit, QPlainTextEdit, QTextEdit, QWidget,
)

FIELD_WIDGETS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox)
TRAINING_KEYS = ("Space", "Right", "R")
PAGE_KEYS = ("PgDown", "PgUp")


class TrainingShortcuts(QObject):
    """Space -> ``toggle``, Right -> ``step``, R -> ``reset``, PageDown/PageUp -> ``page(+1/-1)`` (enabled by
    :meth:`set_paging`, i.e. in the focus view) on ``window`` (:attr:`shortcuts` by key). ``leave_field()`` moves
    the focus out of a field (Escape, a click on a plot)."""

    def __init__(self, window: QWidget, toggle: Callable[[], None], step: Callable[[], None],
                 reset: Callable[[], None], page: Callable[[int], None] | None = None,
                 leave_field: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self._leave_field = leave_field if leave_field is not None else window.setFocus
        self.shortcuts: dict[str, QShortcut] = {}
        slots: list[tuple[str, Callable[[], None]]] = [("Space", toggle), ("Right", step), ("R", reset)]
        if page is not None:
            slots += [("PgDown", lambda: page(1)), ("PgUp", lambda: page(-1))]
        for key, slot in slots:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[key] = shortcut
        self.set_paging(False)

    def set_paging(self, enabled: bool) -> None:
        """PageDown/PageUp step through the focus view's plots (on) or do what the focused widget does (off)."""
        for key in PAGE_KEYS:
            if key in self.shortcuts:
                self.shortcuts[key].setEnabled(enabled)

    def descriptions(self) -> dict[str, str]:
        """What the bare QShortcuts do (QActions describe themselves by their menu text)."""
        texts = {"Space": self.tr("Train / pause"), "Right": self.tr("One training step"),
                 "R": self.tr("Reset: new weights, step 0"),
                 "PgDown": self.tr("Presentation mode: the next plot"),
                 "PgUp": self.tr("Presentation mode: the previous plot")}
        return {key: text for key, text in texts.items() if key in self.shortcuts}

    def watch_key_widgets(self) -> None:
        """Filter the events of the window's fields (not the whole application's: an application-wide Python filter
        would take the GIL for every event while training runs), and of its plots (a click leaves a field).
        Call again after adding such widgets."""
        for widget in self.window.findChildren(QWidget):
            watched = isinstance(widget, FIELD_WIDGETS)
            if isinstance(widget, QGraphicsView):
                widget, watched = widget.viewport(), True
            if watched and not widget.property("bpvizKeysWatched"):
                widget.installEventFilter(self)
                widget.setProperty("bpvizKeysWatched", True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and not isinstance(watched, FIELD_WIDGETS):
            if is_field(QApplication.focusWidget()):  # a click on a plot leaves the field (and takes its value)
                leave(QApplication.focusWidget(), self._leave_field)
            return False
        if not isinstance(watched, QWidget) or watched is not QApplication.focusWidget():
            return super().eventFilter(watched, event)
        if kind == QEvent.Type.ShortcutOverride:
            if widget_wants_key(watched, event.key(), event.modifiers()):
                event.accept()
                return True
            if event.key() == Qt.Key.Key_Right and is_field(watched):
                # Right at the end of a field steps, with the value just typed. The field's own editor would claim
                # Right for its cursor: the override is refused here, so the shortcut wins.
                if isinstance(watched, QAbstractSpinBox):
                    watched.interpretText()
                event.ignore()
                return True
        elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and is_field(watched):
            leave(watched, self._leave_field)
            return True
        return super().eventFilter(watched, event)


def is_field(widget: QWidget | None) -> bool:
    """A widget the user types in: a line edit, a number field, an editable combo box, an editable text."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() or isinstance(widget.parent(), (QAbstractSpinBox, QComboBox))
    return isinstance(widget, QAbstractSpinBox)


def leave(field: QWidget, leave_field: Callable[[], None]) -> None:
    """Take what was typed into ``field`` and move the focus out of it."""
    spin = field if isinstance(field, QAbstractSpinBox) else field.parent()
    if isinstance(spin, QAbstractSpinBox):
        spin.interpretText()
    leave_field()


def widget_wants_key(widget: QWidget, key: int, modifiers: Any) -> bool:
    """Does ``widget`` (focused) use ``key`` itself, before the window's shortcuts? Only fields do (see the rule
    at the top of this module)."""
    if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
        return False
    if not is_field(widget):
        return False
    if key != Qt.Key.Key_Right:
        return True
    return not cursor_at_end(widget)


def cursor_at_end(widget: QWidget) -> bool:
    """Is the text cursor of the field ``widget`` at the end of what can be typed (before a spin box's suffix)?"""
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return widget.textCursor().atEnd()
    edit = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)
    if edit is None:
        return True
    end = len(edit.text())
    spin = widget if isinstance(widget, QAbstractSpinBox) else edit.parent()
    if isinstance(spin, QAbstractSpinBox):
        end -= len(getattr(spin, "suffix", lambda: "")())
    return edit.cursorPosition() >= end and not edit.hasSelectedText()
