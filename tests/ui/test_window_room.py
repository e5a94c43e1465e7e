"""The window in the room (issue 9 items 6 and 8): it opens inside the screen, presentation mode is a one-plot focus
view that fits a projector with every toolbar item visible, and the training keys win over every focused widget
that is not a field the user types in."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QToolBar, QWidget

from bpviz.ui.dock_layout import DEFAULT_WINDOW_SIZE, FRAME_ALLOWANCE, fits, fitted_geometry
from bpviz.ui.plots.theme import LIGHT, set_current_theme

SCREENS = {"1280x720": QRect(0, 0, 1280, 720), "1366x768": QRect(0, 0, 1366, 768),
           "1920x1080": QRect(0, 0, 1920, 1080)}


@pytest.fixture
def restore_look(qapp, isolated_settings):
    """Whatever a test does to the application's look, the next test starts light, normal size, in English."""
    yield
    from bpviz.ui import appearance
    from bpviz.ui.i18n import uninstall_language

    appearance.apply_application_look(qapp, "light", False)
    set_current_theme(LIGHT)
    uninstall_language(qapp)


def shown_step(win) -> int:
    return int(re.search(r"\d+", win.step_label.text()).group())


def settled(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.latest_frame() is not None
                    and win.latest_frame().commands_handled >= win.worker.commands_sent, timeout=10000)


def activate(qtbot, win) -> None:
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=10000)


# ---------------------------------------------------------------- the window on its screen

@pytest.mark.parametrize("screen", SCREENS)
def test_the_default_geometry_fits_the_screen_with_its_frame(screen):
    available = SCREENS[screen]
    geometry = fitted_geometry(available)
    assert geometry.width() + FRAME_ALLOWANCE[0] <= available.width()
    assert geometry.height() + FRAME_ALLOWANCE[1] <= available.height()
    assert available.contains(geometry) and fits(geometry, available)
    if screen == "1920x1080":
        assert geometry.size() == QSize(*DEFAULT_WINDOW_SIZE)  # a large screen: the full default size
    else:
        assert geometry.width() >= available.width() - 40  # a projector: as much of it as the frame leaves


def test_a_saved_geometry_is_restored_only_if_it_fits(qtbot, make_window):
    win = make_window(size=None)
    win.dock_layout.fit_to_screen(SCREENS["1280x720"])
    assert fits(win.geometry(), SCREENS["1280x720"]), win.geometry()
    win.setGeometry(100, 80, 1500, 950)  # saved on a large screen
    settings = QSettings()
    win.dock_layout.save(settings)
    assert fits(QRect(100, 80, 1500, 950), SCREENS["1920x1080"])  # on that screen it would be restored as it was
    assert not fits(QRect(100, 80, 1500, 950), SCREENS["1366x768"])
    assert not fits(QRect(2000, 80, 1000, 600), SCREENS["1920x1080"])  # on a screen that is gone
    win.dock_layout.restore(settings, available=SCREENS["1280x720"])  # the projector
    assert fits(win.geometry(), SCREENS["1280x720"]), win.geometry()
    assert win.geometry().size() == fitted_geometry(SCREENS["1280x720"]).size()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_window_can_be_as_small_as_the_screen_in_both_modes(qtbot, restore_look, make_window, screen):
    """Its minimum size (every dock's and toolbar row's together, compare mode on) fits a 1280 x 720 projector."""
    win = make_window()
    win.load_lesson("residual")
    settled(qtbot, win)
    available = fitted_geometry(SCREENS[screen])
    for presentation in (False, True):
        win.set_presentation(presentation)
        win.resize(available.size())
        qtbot.waitUntil(lambda: win.toolbar.step_label.text() != "", timeout=10000)
        hint = win.minimumSizeHint()
        assert hint.width() <= available.width() and hint.height() <= available.height(), (presentation, hint)
        assert win.size() == available.size(), presentation


# ---------------------------------------------------------------- presentation mode: the focus view

def toolbar_overflow(bar: QToolBar) -> list[str]:
    """The toolbar items not shown in the toolbar itself (hidden, cut off, or in its "»" extension menu)."""
    missing = []
    extension = bar.findChild(QWidget, "qt_toolbar_ext_button")
    if extension is not None and extension.isVisible():
        missing.append("» extension button")
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if action.isSeparator() or widget is None:
            continue
        inside = bar.rect().contains(QRect(widget.mapTo(bar, QPoint(0, 0)), widget.size()))
        if not widget.isVisible() or not inside or widget.width() < widget.minimumSizeHint().width():
            missing.append(widget.objectName() or type(widget).__name__)
    return missing


def clipped_labels(bar: QToolBar) -> list[str]:
    return [f"{label.objectName()}: {label.text()!r} {label.width()} < {label.sizeHint().width()}"
            for label in bar.findChildren(QLabel) if label.isVisible() and label.width() < label.sizeHint().width()]


@pytest.mark.parametrize("screen", SCREENS)
def test_presentation_mode_fits_a_projector_one_large_plot_and_every_toolbar_item(qtbot, restore_look, make_window,
                                                                               screen):
    geometry = fitted_geometry(SCREENS[screen])
    win = make_window(size=(geometry.width(), geometry.height()))
    win.load_lesson("residual")  # compare mode: the toolbar's longest texts
    settled(qtbot, win)
    win.presentation_action.trigger()
    qtbot.waitUntil(lambda: win.toolbar.step_label.text() != "", timeout=10000)
    qtbot.wait(50)  # the layout settles (no timing is measured)
    for bar in (win.toolbar, win.toolbar.stats_bar):
        assert toolbar_overflow(bar) == [], (screen, bar.objectName())
        assert clipped_labels(bar) == [], screen
    assert win.toolbar.export_button.isVisible() and win.toolbar.accuracy_label.isVisible()
    assert "B" in win.toolbar.accuracy_label.text()

    shown = [name for name, dock in win.docks.items() if dock.isVisible()]
    assert shown == ["jacobianPlot"] == [win.focused_plot]  # the lesson's plot of interest, alone
    plot = win.plots["jacobianPlot"]
    dashboard = win.dashboard
    assert plot.width() >= 0.9 * dashboard.width() and plot.height() >= 0.75 * dashboard.height()
    assert plot.height() >= 0.55 * win.height()
    assert win.lesson_panel.isVisible() and win.builder.isVisible()
    side = win.lesson_dock.height() + win.builder_dock.height()
    assert win.lesson_dock.height() >= 0.45 * side  # the lesson's larger text has room below its title


def test_page_down_and_up_step_through_the_plots_and_leaving_brings_the_dashboard_back(qtbot, restore_look,
                                                                                     make_window):
    win = make_window(size=(1264, 672))
    settled(qtbot, win)
    before = sorted(name for name, dock in win.docks.items() if dock.isVisible() and not dock.visibleRegion().isEmpty())
    assert len(before) >= 4
    activate(qtbot, win)
    win.step_label.setFocus()
    qtbot.keyClick(win, Qt.Key.Key_F11)
    order = win.dock_layout.focus_order()
    assert win.focused_plot == order[0] == "gradientFlowPlot"
    assert "1" in win.docks[order[0]].windowTitle() and "PageDown" in win.docks[order[0]].windowTitle()
    seen = [win.focused_plot]
    for _ in range(len(order)):
        qtbot.keyClick(win, Qt.Key.Key_PageDown)
        seen.append(win.focused_plot)
        assert [name for name, dock in win.docks.items() if dock.isVisible()] == [win.focused_plot]
    assert seen == [*order, order[0]]  # every plot once, then round again
    qtbot.keyClick(win, Qt.Key.Key_PageUp)
    assert win.focused_plot == order[-1]
    win.load_lesson("residual")
    assert win.focused_plot == "jacobianPlot" == win.dock_layout.focus_order()[0]

    qtbot.keyClick(win, Qt.Key.Key_F11)
    assert win.focused_plot is None and not win.shortcuts["PgDown"].isEnabled()
    qtbot.waitUntil(lambda: sum(dock.isVisible() for dock in win.docks.values()) >= 4, timeout=10000)
    assert all(dock.windowTitle() == win.plots[name].tab_text() for name, dock in win.docks.items())


def test_the_layout_saved_in_presentation_mode_is_the_dashboard_not_the_focus_view(qtbot, restore_look, make_window):
    win = make_window()
    win.docks["lossPlot"].close()
    win.set_presentation(True)
    win.close()
    again = make_window()
    assert again.presentation and again.focused_plot is not None
    again.set_presentation(False)
    qtbot.waitUntil(lambda: sum(dock.isVisible() for dock in again.docks.values()) >= 3, timeout=10000)
    assert not again.docks["lossPlot"].isVisible()  # the user's own dashboard, as it was


# ---------------------------------------------------------------- the training keys win over widgets

def key_on(qtbot, win, widget: QWidget, key) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=10000)
    qtbot.keyClick(widget, key)


@pytest.mark.parametrize("name", ["activationCombo", "residualCheck", "speedSlider", "gradientFlowPlot",
                                  "stepButton", "lessonText"])
def test_space_right_and_r_drive_training_whatever_non_text_widget_has_focus(qtbot, make_window, name):
    win = make_window(training="thread")
    settled(qtbot, win)
    activate(qtbot, win)
    if name == "gradientFlowPlot":
        widget = win.plots[name].plot_widget
    elif name == "lessonText":
        widget = win.lesson_panel.findChild(QWidget, "lessonText") or win.lesson_panel.text
    else:
        widget = win.findChild(QWidget, name)
    config = win.config
    speed = win.speed_slider.value()
    key_on(qtbot, win, widget, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: win.latest_frame().step == 1, timeout=10000)
    key_on(qtbot, win, widget, Qt.Key.Key_Space)
    assert win.train_button.isChecked()
    qtbot.waitUntil(lambda: win.latest_frame().step > 3, timeout=10000)
    key_on(qtbot, win, widget, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: win.latest_frame().step == 0 and not win.latest_frame().running, timeout=10000)
    assert not win.train_button.isChecked()
    assert win.config == config and win.speed_slider.value() == speed  # the widget itself did not take the keys


def test_r_after_picking_an_activation_resets_and_does_not_pick_relu(qtbot, make_window):
    win = make_window(training="thread")
    settled(qtbot, win)
    activate(qtbot, win)
    combo = win.findChild(QWidget, "activationCombo")
    combo.setFocus()
    qtbot.waitUntil(lambda: combo.hasFocus(), timeout=10000)
    index = combo.findData("tanh") if combo.findData("tanh") >= 0 else combo.findText("tanh")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # as a pick from the list does
    settled(qtbot, win)
    picked = win.config.network.activation
    qtbot.keyClick(win, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: win.latest_frame().step == 1, timeout=10000)
    qtbot.keyClick(combo, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: win.latest_frame().step == 0, timeout=10000)
    assert win.config.network.activation == picked == "tanh"


def test_in_a_number_field_the_keys_type_right_steps_at_the_end_and_escape_leaves(qtbot, make_window):
    win = make_window(training="thread")
    settled(qtbot, win)
    activate(qtbot, win)
    spin = win.findChild(QAbstractSpinBox, "depthSpin")
    key_on(qtbot, win, spin, Qt.Key.Key_Home)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_R, Qt.Key.Key_Right):  # typing, and Right moves the cursor
        qtbot.keyClick(spin, key)
    qtbot.wait(200)  # nothing may happen: a few frames later the network is still at step 0, paused
    assert win.latest_frame().step == 0 and not win.train_button.isChecked()
    qtbot.keyClick(spin, Qt.Key.Key_End)
    qtbot.keyClick(spin, Qt.Key.Key_Right)  # at the end of the number: one training step
    qtbot.waitUntil(lambda: win.latest_frame().step == 1, timeout=10000)
    qtbot.keyClick(spin, Qt.Key.Key_Escape)
    assert not spin.hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: win.latest_frame().step == 0, timeout=10000)


def test_clicking_a_plot_leaves_a_number_field(qtbot, make_window):
    win = make_window(training="thread")
    settled(qtbot, win)
    activate(qtbot, win)
    spin = win.findChild(QAbstractSpinBox, "learningRateSpin")
    spin.setFocus()
    qtbot.waitUntil(lambda: spin.hasFocus(), timeout=10000)
    plot = win.plots["gradientFlowPlot"].plot_widget
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.viewport().rect().center())
    assert not spin.hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: win.latest_frame().step == 1, timeout=10000)


def test_the_shortcuts_table_names_page_down_and_up(make_window):
    descriptions = make_window().shortcut_descriptions()
    assert {"Space", "Right", "R", "PgDown", "PgUp"} <= set(descriptions)
    assert "next plot" in descriptions["PgDown"]


# ---------------------------------------------------------------- Chinese

def test_zh_cn_translates_the_window_title_and_the_banner_has_no_stray_space(qtbot, restore_look, make_window):
    win = make_window()
    english = QApplication.applicationDisplayName()
    win.set_language("zh_CN")
    qtbot.waitUntil(lambda: QApplication.applicationDisplayName() != english, timeout=10000)
    assert re.search(r"[\u4e00-\u9fff]", QApplication.applicationDisplayName())
    banner = QCoreApplication.translate("DivergenceBanner", "Training diverged at step {step} in {layer} ({quantity} "
                                        "became NaN/Inf) — lower the learning rate, turn on clipping, or Reset.")
    assert "{quantity}变成了" in banner
    win.set_language("en")
    qtbot.waitUntil(lambda: QApplication.applicationDisplayName() == english, timeout=10000)


@pytest.mark.parametrize("screen, rows", [("1280x720", 1), ("1366x768", 1), ("1920x1080", 2)])
def test_a_short_screen_gets_one_row_of_tall_plots_by_default(qtbot, make_window, screen, rows):
    available = SCREENS[screen]
    geometry = fitted_geometry(available)
    win = make_window(size=(geometry.width(), geometry.height()))
    win.dock_layout.arrange_default(available)
    qtbot.waitUntil(lambda: win.plots["gradientFlowPlot"].height() > 0, timeout=10000)
    qtbot.wait(50)  # the delayed resize of the docks (no timing is measured)
    win.dock_layout.size_default()
    shown = [name for name, dock in win.docks.items() if dock.isVisible() and not dock.visibleRegion().isEmpty()]
    assert len(shown) == 2 * rows, shown
    assert "gradientFlowPlot" in shown
    tallest = max(win.plots[name].height() for name in shown)
    if rows == 1:
        assert tallest >= 0.75 * win.dashboard.height()
    else:
        assert tallest <= 0.6 * win.dashboard.height()
    assert all(win.docks[name].isVisible() or win.dashboard.tabifiedDockWidgets(win.docks[name])
               for name in win.docks)  # every plot is in the dashboard: in view or one tab-click away


def test_dashboard_tabs_show_whole_plot_names(qtbot, make_window):
    from PySide6.QtWidgets import QTabBar

    win = make_window(size=(1264, 672))
    win.dock_layout.arrange_default(SCREENS["1280x720"])
    qtbot.waitUntil(lambda: bool(win.dashboard.findChildren(QTabBar))
                    and all(bar.elideMode() == Qt.TextElideMode.ElideNone
                            for bar in win.dashboard.findChildren(QTabBar)), timeout=10000)
    assert all(bar.usesScrollButtons() for bar in win.dashboard.findChildren(QTabBar))
