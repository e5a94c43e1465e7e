"""Presentation mode, light/dark themes, View -> Language, the help dialogs and the app icon."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolButton

from bpviz.paths import resource_path
from bpviz.ui import appearance
from bpviz.ui.main_window import MainWindow
from bpviz.ui.plots.theme import DARK, LIGHT, current_theme, set_current_theme


@pytest.fixture
def restore_look(qapp, isolated_settings):
    """Whatever a test does to the application's look, the next test starts light, normal size, in English."""
    yield
    from bpviz.ui.i18n import uninstall_language

    appearance.apply_application_look(qapp, "light", False)
    set_current_theme(LIGHT)
    uninstall_language(qapp)


def measures(win: MainWindow) -> dict[str, float]:
    """The sizes presentation mode changes, read from the widgets and plot items themselves."""
    loss = win.plots["lossPlot"]
    flow = win.plots["gradientFlowPlot"]
    return {
        "app_font": QApplication.font().pointSizeF(),
        "step_label": win.step_label.font().pointSizeF(),
        "loss_line": loss.curves_a["loss"].opts["pen"].widthF(),
        "loss_title": float(loss.plot_item.titleLabel.opts["size"].removesuffix("pt")),
        "flow_title": float(flow.plot_item.titleLabel.opts["size"].removesuffix("pt")),
        "flow_ticks": float(flow.plot_item.getAxis("left").style["tickFont"].pointSize()),
        "caption": loss.caption.font().pointSizeF(),
    }


def test_presentation_mode_scales_fonts_and_lines_restores_them_and_survives_a_restart(qtbot, restore_look,
                                                                                       make_window):
    win = make_window()
    action = win.presentation_action
    assert {key.toString() for key in action.shortcuts()} == {"F11", "Ctrl+Shift+P"}
    assert action.isCheckable() and not action.isChecked() and action in win.menus["view"].actions()
    normal = measures(win)
    assert normal["app_font"] == pytest.approx(appearance.BASE_FONT_POINTS)
    assert normal["loss_line"] == pytest.approx(LIGHT.line_width * 1.25)

    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=3000)
    win.step_label.setFocus()
    qtbot.keyClick(win, Qt.Key.Key_F11)
    assert win.presentation and action.isChecked()
    big = measures(win)
    assert big["app_font"] == pytest.approx(1.5 * normal["app_font"])
    assert big["step_label"] > 1.3 * normal["step_label"]
    assert big["loss_line"] == pytest.approx(1.5 * normal["loss_line"])
    for key in ("loss_title", "flow_title", "flow_ticks", "caption"):
        assert big[key] >= 1.4 * normal[key], key
    assert current_theme().foreground == "#000000"  # high contrast
    assert QSettings().value("appearance/presentation") in (True, "true")

    win.close()
    again = make_window()  # a restart: the same settings location
    assert again.presentation and again.presentation_action.isChecked()
    assert measures(again) == pytest.approx(big)

    again.presentation_action.trigger()  # off: exactly the normal sizes again
    assert not again.presentation
    assert measures(again) == pytest.approx(normal)
    assert current_theme() == LIGHT
    again.close()


def test_theme_switch_changes_the_plots_background_and_the_stylesheet(qtbot, restore_look, make_window):
    win = make_window()
    plot = win.plots["lossPlot"].plot_widget
    assert plot.backgroundBrush().color().name() == LIGHT.background
    assert win.theme_actions["light"].isChecked() and win.theme_group.isExclusive()
    light_sheet = QApplication.instance().styleSheet()
    assert "QGroupBox" in light_sheet

    win.theme_actions["dark"].trigger()
    assert win.theme_actions["dark"].isChecked() and not win.theme_actions["light"].isChecked()
    assert plot.backgroundBrush().color().name() == DARK.background
    assert QApplication.instance().styleSheet() == resource_path("style-dark.qss").read_text(encoding="utf-8")
    assert QApplication.palette().window().color().lightness() < 60
    assert QSettings().value("appearance/theme") == "dark"

    win.presentation_action.trigger()  # dark presentation: black plots, white text, thicker lines
    assert plot.backgroundBrush().color().name() == "#000000"
    assert current_theme().line_width == pytest.approx(1.5 * DARK.line_width)
    win.presentation_action.trigger()
    assert current_theme() == DARK

    win.theme_actions["light"].trigger()
    assert plot.backgroundBrush().color().name() == LIGHT.background
    assert QApplication.instance().styleSheet() == light_sheet
    assert QApplication.palette().window().color().lightness() > 180
    win.close()


def test_language_menu_switches_the_window_live_and_back(qtbot, restore_look, make_window):
    from bpviz.ui.i18n import current_language

    win = make_window()
    train = win.findChild(QToolButton, "trainButton")
    assert train.text() == "Train" and win.language_actions["en"].isChecked()
    assert [a.text() for a in win.language_menu.actions()] == ["English", "简体中文"]

    win.language_actions["zh_CN"].trigger()
    assert current_language() == "zh_CN" and win.language_actions["zh_CN"].isChecked()
    qtbot.waitUntil(lambda: train.text() != "Train", timeout=3000)  # LanguageChange is a posted event
    assert train.text() != "" and all(ord(c) > 0x2e80 for c in train.text().strip())
    assert win.menus["view"].title() != "&View"
    assert QSettings().value("language") == "zh_CN"

    win.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: train.text() == "Train", timeout=3000)
    assert current_language() == "en" and win.menus["view"].title() == "&View"
    assert QSettings().value("language") == "en"
    win.close()


def test_command_line_language_overrides_the_saved_one(qapp, restore_look):
    from bpviz.ui.app import install_translators
    from bpviz.ui.i18n import remember_language

    remember_language("zh_CN")
    assert install_translators(qapp, "en") == "en"
    assert install_translators(qapp, None) == "zh_CN"
    assert install_translators(qapp, "en") == "en"


def test_about_and_shortcuts_dialogs_are_built_from_the_window(qtbot, restore_look, make_window):
    import numpy as np
    import PySide6

    import bpviz

    win = make_window()
    about = win.show_about()
    text = about.text()
    assert f"bpviz {bpviz.__version__}" in text and "MIT" in text
    assert PySide6.__version__ in text and np.__version__ in text and "pyqtgraph" in text
    about.close()

    box = win.show_shortcuts()
    listed = dict(box.rows())
    assert box.table.rowCount() == len(listed) and box.findChild(type(box.table), "shortcutsTable") is box.table
    keys = {k for key in listed for k in key.split(" / ")}
    for key in ("Space", "Right arrow", "R", "F11", "Ctrl+Shift+P", "F1", "Ctrl+Q"):
        assert key in keys, (key, sorted(keys))
    assert listed["Space"] == "Train / pause" and listed["F11 / Ctrl+Shift+P"] == "Presentation mode"
    table_keys = [box.table.item(row, 0).text() for row in range(box.table.rowCount())]
    assert table_keys == list(listed)
    box.close()

    extra = QAction("Zoom in", win)  # a shortcut added later shows up: the list cannot go stale
    extra.setShortcut(QKeySequence("Ctrl+="))
    win.menus["view"].addAction(extra)
    box = win.show_shortcuts()
    assert "Zoom in" in box.text()
    box.close()
    win.close()


def test_app_and_window_icon_hold_every_size(qtbot, restore_look, make_window):
    from bpviz.ui.app import app_icon

    sizes = sorted(int(p.stem.split("-")[1]) for p in resource_path("icons").glob("bpviz-*.png"))
    assert sizes and sizes[0] <= 16 and sizes[-1] >= 256
    icon = app_icon()
    assert sorted(size.width() for size in icon.availableSizes()) == sizes
    win = make_window()
    assert not win.windowIcon().isNull()
    assert win.windowTitle() == f"bpviz — {win.config.name}"
    win.close()
