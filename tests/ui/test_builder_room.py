"""The builder in the classroom (issue 9, items 7 and 9): at the default layout of a 1280×720 screen and larger,
with the application's real look, in English and Chinese, every field shows its whole value, nothing is cut off
on the right, and the panel never scrolls sideways; the mouse wheel scrolls the panel and changes a field only
while that field has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QPushButton, QScrollArea, QScrollBar, QStyle,
    QSlider, QStyleOptionComboBox, QWidget,
)

from bpviz.ui import appearance, i18n
from bpviz.ui.builder_panel import BuilderPanel
from bpviz.ui.plots.theme import LIGHT, set_current_theme
from bpviz.ui.spin_boxes import LogSpinBox

SCREENS = [(1280, 720), (1366, 768), (1920, 1080)]
LANGUAGES = ["en", "zh_CN"]


@pytest.fixture
def real_look(qapp, isolated_settings):
    """The look ``bpviz`` gives the application before it builds the window (Fusion, the stylesheet, the 12 pt
    classroom font: bpviz.ui.app.create_app); light and English again afterwards."""
    appearance.apply_application_look(qapp, "light", False)
    yield qapp
    i18n.uninstall_language(qapp)
    appearance.apply_application_look(qapp, "light", False)
    set_current_theme(LIGHT)


def default_window(make_window, qtbot, language: str, size: tuple[int, int]):
    """The main window at ``size`` in ``language``, its docks in the default layout (builder at its default
    width)."""
    i18n.install_language(i18n.QCoreApplication.instance(), language)
    window = make_window(size=size)
    expected = window.dock_layout.builder_width()
    qtbot.waitUntil(lambda: abs(window.builder_dock.width() - expected) <= 2, timeout=10_000)
    return window


def scroll_area(builder: BuilderPanel) -> QScrollArea:
    return builder.findChild(QScrollArea)


def log_spin_texts(spin: LogSpinBox) -> list[str]:
    """The longest texts a log spin box shows (4 significant digits, with or without an exponent)."""
    values = [spin.minimum(), spin.maximum(), 0.0001235, 1.235e-5, 1235.0, 1.235e5]
    return [spin.textFromValue(v) for v in values if spin.minimum() <= v <= spin.maximum()]


def texts_shown(widget: QWidget) -> list[str]:
    """Every text the field can show: each choice of a list; the current, smallest and largest value of a number."""
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, LogSpinBox):
        return [widget.text(), *log_spin_texts(widget)]
    return [widget.text(), widget.textFromValue(widget.minimum()), widget.textFromValue(widget.maximum())]


def text_room(widget: QWidget) -> int:
    """The width in which the field draws its text."""
    if isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        rect = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, widget)
        return rect.width()
    line = widget.lineEdit()
    margins = line.textMargins()
    return line.contentsRect().width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px each side


def cut_off(builder: BuilderPanel) -> list[str]:
    """What a student cannot fully see: a field whose text does not fit it, or any visible part that reaches past
    the panel's right (or left) edge, or a label or check box narrower than its text."""
    viewport = scroll_area(builder).viewport()
    problems = []
    content = scroll_area(builder).widget()
    for widget in content.findChildren(QWidget):
        if not widget.isVisibleTo(content) or widget.parent() is None or isinstance(widget.parent(),
                                                                                       QAbstractSpinBox):
            continue
        name = widget.objectName() or getattr(widget, "text", lambda: "")() or type(widget).__name__
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > viewport.width():
            problems.append(f"{name}: x {left}..{left + widget.width()} outside 0..{viewport.width()}")
        if isinstance(widget, (QAbstractSpinBox, QComboBox)):
            room = text_room(widget)
            for text in texts_shown(widget):
                needed = widget.fontMetrics().horizontalAdvance(text)
                if needed > room:
                    problems.append(f"{name}: {text!r} needs {needed} px, has {room}")
        elif isinstance(widget, QCheckBox) or (isinstance(widget, QLabel) and not widget.wordWrap()
                                                and widget.text()):
            if widget.width() < widget.sizeHint().width():
                problems.append(f"{name}: {widget.width()} px wide, its text needs {widget.sizeHint().width()}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_field_and_value_is_visible_without_a_sideways_scroll(real_look, make_window, qtbot, size,
                                                                    language):
    window = default_window(make_window, qtbot, language, size)
    builder = window.builder
    scroll = scroll_area(builder)
    assert builder.width() <= window.dock_layout.builder_width()
    assert cut_off(builder) == []
    bar = scroll.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    assert scroll.widget().width() <= scroll.viewport().width()


@pytest.mark.parametrize("language", LANGUAGES)
def test_presentation_mode_builder_shows_every_value_at_1280x720(real_look, make_window, qtbot, language):
    window = default_window(make_window, qtbot, language, (1280, 720))
    window.presentation_action.setChecked(True)
    expected = window.dock_layout.builder_width()
    qtbot.waitUntil(lambda: abs(window.builder_dock.width() - expected) <= 2, timeout=10_000)
    qtbot.waitUntil(lambda: cut_off(window.builder) == [], timeout=10_000)
    assert scroll_area(window.builder).horizontalScrollBar().maximum() == 0


def test_clipping_mode_in_chinese_is_not_cut_off(real_look, make_window, qtbot):
    window = default_window(make_window, qtbot, "zh_CN", (1280, 720))
    builder = window.builder
    builder.clip_check.setChecked(True)
    combo = builder.clip_mode_combo
    assert combo.currentText() == "按全局范数"
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= text_room(combo)
    viewport = scroll_area(builder).viewport()
    left = combo.mapTo(viewport, QPoint(0, 0)).x()
    assert 0 <= left and left + combo.width() <= viewport.width()


def test_tabbing_through_the_fields_does_not_scroll_the_panel_sideways(real_look, make_window, qtbot):
    # Moving the focus (Tab) makes the scroll area show the focused field: it must only ever scroll up or down.
    window = default_window(make_window, qtbot, "en", (1280, 720))
    builder = window.builder
    scroll = scroll_area(builder)
    builder.activation_combo.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(builder.activation_combo.hasFocus, timeout=10_000)
    visited = set()
    for _ in range(40):
        focused = window.focusWidget()
        if focused is None or not builder.isAncestorOf(focused):
            break
        visited.add(focused)
        assert scroll.horizontalScrollBar().value() == 0, focused.objectName()
        assert scroll.widget().x() == 0, focused.objectName()
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert len(visited) >= 15


@pytest.mark.parametrize("value", [0.0001235, 1.235e-5, 88880.0])
def test_log_spin_box_at_its_minimum_width_shows_a_long_value_whole(qtbot, value):
    # Qt sizes a spin box for the texts of its minimum and maximum ("1e-06", "1e+06"); a value between them
    # can be longer.
    spin = LogSpinBox(1e-6, 1e6)
    qtbot.addWidget(spin)
    spin.setValue(value)
    spin.resize(spin.minimumSizeHint())
    spin.show()
    qtbot.waitExposed(spin)
    assert spin.width() == spin.minimumSizeHint().width()
    assert len(spin.text()) == 9
    assert spin.fontMetrics().horizontalAdvance(spin.text()) <= text_room(spin)


def test_a_long_experiment_name_shows_its_start(qtbot):
    from bpviz.config import ExperimentConfig

    panel = BuilderPanel()
    qtbot.addWidget(panel)
    panel.set_config(ExperimentConfig(name="Residual scaling on a very deep tanh network, lesson 4 of the course"))
    assert panel.name_edit.cursorPosition() == 0


# ---------------------------------------------------------------- the mouse wheel (issue 9, item 9)

def wheel(widget: QWidget, notches: int) -> None:
    """Turn the mouse wheel over the middle of ``widget`` (negative: towards the user, i.e. scroll down), as the
    window system does: the window gets it and Qt passes it on from the widget under the pointer to its parents
    until one accepts it (only for such spontaneous events; QApplication.sendEvent would not pass it on)."""
    top = widget.window()
    middle = widget.mapTo(top, QPoint(widget.width() // 2, widget.height() // 2))
    QTest.wheelEvent(top.windowHandle(), QPointF(middle), QPoint(0, 120 * notches))


needs_test_wheel = pytest.mark.skipif(not hasattr(QTest, "wheelEvent"),
                                      reason="QTest.wheelEvent is new in this PySide6's Qt (6.8+ builds have it)")


@pytest.fixture
def short_builder(qtbot):
    """A builder in a window too short for it (it scrolls), and a button beside it that holds the focus."""
    holder = QWidget()
    qtbot.addWidget(holder)
    panel = BuilderPanel(parent=holder)
    panel.setGeometry(0, 0, 340, 300)
    button = QPushButton("elsewhere", holder)
    button.setGeometry(0, 310, 100, 30)
    holder.resize(340, 350)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    button.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=10_000)
    yield panel
    holder.close()


def wheel_fields(panel: BuilderPanel) -> list[QWidget]:
    return [w for w in shown_fields(panel) if w.isEnabled()]


def shown_fields(panel: BuilderPanel) -> list[QWidget]:
    """The panel's spin boxes, lists and sliders a student can see (the recurrent controls hide for a
    feed-forward model)."""
    return [w for w in panel.findChildren(QAbstractSpinBox) + panel.findChildren(QComboBox)
            + panel.findChildren(QSlider) if w.isVisibleTo(panel)]


def value_of(widget: QWidget):
    return widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()


def show_field(panel: BuilderPanel, field: QWidget) -> QScrollBar:
    """Scroll the panel so that ``field`` is in view (under the pointer's position for ``wheel``)."""
    scroll = scroll_area(panel)
    bar = scroll.verticalScrollBar()
    bar.setValue(field.mapTo(scroll.widget(), QPoint(0, 0)).y() - (scroll.viewport().height() - field.height()) // 2)
    top = field.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top and top + field.height() <= scroll.viewport().height(), field.objectName()
    return bar


@needs_test_wheel
@pytest.mark.parametrize("model", ["feedforward", "recurrent"])
def test_the_wheel_over_an_unfocused_field_scrolls_the_panel_and_changes_nothing(short_builder, qtbot, model):
    panel = short_builder
    panel.set_config(panel.config.replace(**{"network.residual": True, "train.clip_mode": "norm",
                                             "network.activation": "leaky_relu", "model": model,
                                             "recurrent.cell": "lstm", "recurrent.spectral_radius": 1.2,
                                             "recurrent.forget_bias": 1.0}))  # every field enabled
    assert scroll_area(panel).verticalScrollBar().maximum() > 0
    config = panel.config
    fields = wheel_fields(panel)
    assert len(fields) == len(shown_fields(panel)) >= 20
    for field in fields:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field.objectName()
        before = value_of(field)
        for notches in (+1, -1):  # up and down: a value at one end of its range can still change the other way
            bar = show_field(panel, field)
            start = bar.value()
            wheel(field, notches)
            assert value_of(field) == before, field.objectName()
            assert not field.hasFocus(), field.objectName()
            can_scroll = start > bar.minimum() if notches > 0 else start < bar.maximum()
            if can_scroll:
                assert bar.value() != start, f"{field.objectName()}: the panel did not scroll"
    assert panel.config == config


@needs_test_wheel
@pytest.mark.parametrize("name", ["depthSpin", "learningRateSpin", "activationCombo", "noiseSpin"])
def test_the_wheel_changes_a_field_that_has_the_focus(short_builder, qtbot, name):
    panel = short_builder
    field = panel.findChild(QWidget, name)
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    bar = show_field(panel, field)
    start = bar.value()
    before = value_of(field)
    with qtbot.waitSignal(panel.configChanged, timeout=10_000):
        wheel(field, +1 if isinstance(field, QAbstractSpinBox) else -1)
    assert value_of(field) != before
    assert bar.value() == start


@pytest.mark.parametrize("text", ["h + a（直接相加）", "float64（精确）", "手写数字（8×8）"])
def test_a_list_at_its_minimum_width_shows_its_longest_choice_whole(real_look, qtbot, text):
    # Qt sizes a list by the ink of its items, which for a text ending in a full-width "）" is narrower than the
    # room the text takes when drawn.
    from bpviz.ui.spin_boxes import combo_box

    combo = combo_box(("short", "long"))
    combo.setItemText(1, text)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    qtbot.addWidget(combo)
    combo.resize(combo.minimumSizeHint())
    combo.show()
    qtbot.waitExposed(combo)
    assert combo.width() == combo.minimumSizeHint().width()
    assert combo.fontMetrics().horizontalAdvance(text) <= text_room(combo)
