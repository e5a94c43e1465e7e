"""The builder's spin boxes: a log-scale one for values that span decades, and plain ones set up alike.

Every field here changes on the mouse wheel only while it has the keyboard focus (click or Tab into it first):
a wheel turned over a field that does not have the focus scrolls the panel instead, so scrolling through the
builder never changes a setting by accident (issue 9, item 9).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QValidator, QWheelEvent
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSlider, QSpinBox, QWidget


class _WheelOnlyWithFocus:
    """Mixed in before a Qt field class: the field takes focus from a click or Tab only, not from the wheel (Qt's
    default for spin boxes and lists), and leaves the wheel to the panel around it unless it has the focus."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # Qt passes an ignored wheel event on to the parent: the scroll area scrolls


class FocusWheelSpinBox(_WheelOnlyWithFocus, QSpinBox):
    """A QSpinBox that leaves the wheel to the panel around it unless it has the focus."""


class FocusWheelDoubleSpinBox(_WheelOnlyWithFocus, QDoubleSpinBox):
    """A QDoubleSpinBox that leaves the wheel to the panel around it unless it has the focus."""


class FocusWheelSlider(_WheelOnlyWithFocus, QSlider):
    """A QSlider that leaves the wheel to the panel around it unless it has the focus."""


class FocusWheelComboBox(_WheelOnlyWithFocus, QComboBox):
    """A QComboBox that leaves the wheel to the panel around it unless it has the focus."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._room_for_longest_item(super().minimumSizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._room_for_longest_item(super().sizeHint())

    def _room_for_longest_item(self, hint: QSize) -> QSize:
        """Qt sizes a list for the ink of its longest item, but draws (and elides) a text by its advance, which is
        wider when the text ends in blank space such as the full-width "）": add the difference."""
        if self.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
            return hint
        texts = [self.itemText(i) for i in range(self.count())]
        if not texts:
            return hint
        metrics = self.fontMetrics()
        extra = (max(metrics.horizontalAdvance(text) for text in texts)
                 - max(metrics.boundingRect(text).width() for text in texts))
        return QSize(hint.width() + max(0, extra), hint.height())


class LogSpinBox(FocusWheelDoubleSpinBox):
    """A spin box for values that span decades (learning rate, L2, clipping threshold, init gain).

    It shows ``1e-05`` rather than ``0.000010``, accepts typed scientific notation, and the arrows step through
    1, 2, 5, 10, 20, 50, ... so one click is a sensible change at any scale. ``allow_zero`` adds 0 below the
    smallest positive value (for L2 = off). Values outside [minimum, maximum] cannot be entered.
    """

    def __init__(self, minimum: float, maximum: float, smallest_positive: float | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_zero = minimum == 0.0
        self.smallest_positive = smallest_positive if smallest_positive is not None else minimum
        self.setDecimals(12)  # QDoubleSpinBox rounds to this; the text shows significant digits instead
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        return f"{value:.4g}"

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._room_for_longest_text(super().minimumSizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._room_for_longest_text(super().sizeHint())

    def _room_for_longest_text(self, hint: QSize) -> QSize:
        """Qt sizes a spin box for the texts of its minimum and maximum ("1e-06", "100"); a value in between can
        be longer ("0.0001235", "1.235e-05"): make room for the longest, so that no value is cut off."""
        metrics = self.fontMetrics()
        ends = max(metrics.horizontalAdvance(self.textFromValue(v)) for v in (self.minimum(), self.maximum()))
        values = [v * m for v in (1e-5, 1e-4, 1e3, 1e5) for m in (1.235, 8.888)]
        texts = [self.textFromValue(v) for v in values if self.minimum() <= v <= self.maximum()]
        longest = max([ends, *(metrics.horizontalAdvance(text) for text in texts)])
        return QSize(hint.width() + longest - ends, hint.height())

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped.lower()
            if partial in ("", ".", "-", "+") or partial.endswith(("e", "e-", "e+")):
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        if not math.isfinite(value):
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:
        try:
            value = float(text.strip())
        except ValueError:
            return self.textFromValue(self.value())
        return self.textFromValue(min(self.maximum(), max(self.minimum(), value)))

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value()
        for _ in range(abs(steps)):
            value = self._next(value, up=steps > 0)
        self.setValue(value)

    def _next(self, value: float, up: bool) -> float:
        """The next value of the 1-2-5 sequence above or below ``value``, kept within range."""
        if value <= 0.0:
            return self.smallest_positive if up else 0.0
        decade = math.floor(math.log10(value) + 1e-9)
        candidates = [m * 10.0 ** e for e in (decade - 1, decade, decade + 1) for m in (1.0, 2.0, 5.0)]
        if up:
            bigger = [c for c in candidates if c > value * (1 + 1e-9)]
            result = min(bigger)
        else:
            smaller = [c for c in candidates if c < value * (1 - 1e-9)]
            result = max(smaller)
            if result < self.smallest_positive * (1 - 1e-9):
                result = 0.0 if self.allow_zero else self.minimum()
        return min(self.maximum(), max(self.minimum(), float(f"{result:.6g}")))


def int_spin(bounds: tuple[int, int], step: int = 1) -> QSpinBox:
    spin = FocusWheelSpinBox()
    spin.setRange(*bounds)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    spin.setAccelerated(True)
    return spin


def float_spin(bounds: tuple[float, float], step: float, decimals: int) -> QDoubleSpinBox:
    spin = FocusWheelDoubleSpinBox()
    spin.setDecimals(decimals)
    spin.setRange(*bounds)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    return spin


def combo_box(values: tuple[str, ...]) -> QComboBox:
    combo = FocusWheelComboBox()
    for value in values:
        combo.addItem(value, value)
    return combo
