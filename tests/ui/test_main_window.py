"""The main window: training controls, live remedies, divergence, layout, closing cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QMessageBox, QSlider, QWidget

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.main_window import SPEEDS, MainWindow

ROOT = Path(__file__).resolve().parents[2]
CONTROL_NAMES = ("depthSpin", "widthSpin", "activationCombo", "initCombo", "residualCheck", "batchNormCheck",
                 "clipCheck", "clipSpin", "learningRateSpin", "optimizerCombo", "datasetCombo", "lessonCombo",
                 "trainButton", "stepButton", "resetButton", "exportButton", "speedSlider", "stepLabel")
PLOT_NAMES = ("gradientFlowPlot", "gradientHeatmapPlot", "networkDiagramPlot", "activationPlot",
              "gradientHistogramPlot", "updateRatioPlot", "lossPlot", "decisionBoundaryPlot", "jacobianPlot",
              "phaseDiagramPlot")


@pytest.fixture(scope="module")
def shared_window(qapp, tmp_path_factory):
    """One window for the tests below (building nine plots takes a second); each test starts from a reset."""
    from PySide6.QtTest import QTest

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    win = MainWindow()
    win.resize(1400, 900)
    win.show()
    assert QTest.qWaitForWindowExposed(win)
    yield win
    thread = win.worker.thread
    win.close()
    assert not thread.is_alive()


@pytest.fixture
def window(shared_window, qtbot):
    """The shared window, back to the default experiment: paused, step 0, compare off, full speed."""
    win = shared_window
    win.set_compare(None)
    win.speed_slider.setValue(win.speed_slider.maximum())
    win.set_config(ExperimentConfig(), restart=True)
    win.arrange_default_layout()
    qtbot.waitUntil(lambda: win.latest_frame().commands_handled >= win.worker.commands_sent, timeout=5000)
    frame = win.latest_frame()
    assert frame.step == 0 and not frame.running and frame.compare is None
    qtbot.waitUntil(lambda: shown_step(win) == 0 and not win.banner.isVisible(), timeout=3000)
    win.statusBar().clearMessage()
    yield win
    assert win.plot_errors == []
    assert win.worker.is_alive() and win.worker.error is None


@pytest.fixture
def own_window(make_window):
    return make_window()


def shown_step(win: MainWindow) -> int:
    match = re.search(r"\d+", win.findChild(QLabel, "stepLabel").text())
    assert match, win.step_label.text()
    return int(match.group())


def frame_step(win: MainWindow) -> int:
    return win.latest_frame().step


def click(qtbot, win: MainWindow, name: str) -> None:
    qtbot.mouseClick(win.findChild(QAbstractButton, name), Qt.MouseButton.LeftButton)


def train_until(qtbot, win: MainWindow, steps: int) -> None:
    if not win.train_button.isChecked():
        click(qtbot, win, "trainButton")
    target = frame_step(win) + steps
    qtbot.waitUntil(lambda: frame_step(win) >= target, timeout=10000)


def pause(qtbot, win: MainWindow) -> int:
    if win.train_button.isChecked():
        click(qtbot, win, "trainButton")
    qtbot.waitUntil(lambda: not win.latest_frame().running, timeout=3000)
    return frame_step(win)


def step_times(qtbot, win: MainWindow, count: int) -> None:
    target = frame_step(win) + count
    for _ in range(count):
        click(qtbot, win, "stepButton")
    qtbot.waitUntil(lambda: frame_step(win) == target, timeout=3000)


def not_blank(image: QImage) -> int:
    """Number of distinct colours in a sample of the image's pixels."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    return len(colours)


# ---------------------------------------------------------------- opening

def test_constructs_with_no_arguments_and_shows_the_untrained_network(window, qtbot):
    assert "Deep sigmoid on spirals" in window.windowTitle()
    assert window.config == ExperimentConfig()
    for name in CONTROL_NAMES + PLOT_NAMES:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.toolTip(), name
        assert widget.accessibleName(), name
    assert set(window.plots) == set(PLOT_NAMES)
    assert shown_step(window) == 0
    frame = window.latest_frame()
    assert frame.step == 0 and not frame.running
    # The default experiment shows a vanishing gradient before any training: first layer << last layer.
    grad = frame.snapshot.stats.grad_norm
    assert grad[0] < 1e-3 * grad[-1]
    qtbot.waitUntil(lambda: window.drawer.scheduler.drawn_serial.get("gradientFlowPlot") == frame.serial, timeout=3000)


def test_screenshot_is_not_blank_and_plots_are_drawn(window, qtbot):
    train_until(qtbot, window, 30)
    pause(qtbot, window)
    serial = window.latest_frame().serial
    visible = [name for name, panel in window.plots.items() if not panel.visibleRegion().isEmpty()]
    assert "gradientFlowPlot" in visible and len(visible) >= 4
    drawn = window.drawer.scheduler.drawn_serial
    qtbot.waitUntil(lambda: all(drawn.get(name) == serial for name in visible), timeout=5000)
    assert not_blank(window.grab().toImage()) > 50
    flow = window.plots["gradientFlowPlot"].grab().toImage()
    assert not_blank(flow) > 10


# ---------------------------------------------------------------- train, step, pause, reset

def test_step_advances_exactly_one_step(window, qtbot):
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: shown_step(window) == 1, timeout=3000)
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: shown_step(window) == 2, timeout=3000)
    assert frame_step(window) == 2 and len(window.latest_frame().history) == 2
    assert not window.train_button.isChecked()


def test_keyboard_shortcuts_and_not_while_typing(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
    window.step_label.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shown_step(window) == 1, timeout=3000)
    spin = window.findChild(QWidget, "depthSpin")
    spin.setFocus()
    qtbot.waitUntil(lambda: spin.hasFocus(), timeout=3000)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_R):
        qtbot.keyClick(spin, key)
    qtbot.wait(100)
    assert frame_step(window) == 1 and not window.train_button.isChecked()
    window.step_label.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.train_button.isChecked()
    qtbot.waitUntil(lambda: frame_step(window) > 5, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: frame_step(window) == 0 and not window.latest_frame().running, timeout=3000)


def test_train_then_pause_stops_the_counter(window, qtbot):
    train_until(qtbot, window, 10)
    assert window.train_button.isChecked() and "Pause" in window.train_button.text()
    stopped = pause(qtbot, window)
    qtbot.waitUntil(lambda: shown_step(window) == stopped, timeout=3000)
    qtbot.wait(200)  # several UI frames later the counter still stands
    assert frame_step(window) == stopped and shown_step(window) == stopped
    assert "Train" in window.train_button.text()


def test_reset_returns_to_step_zero_with_fresh_weights(window, qtbot):
    fresh = Trainer(ExperimentConfig()).initial_stats().grad_norm
    train_until(qtbot, window, 20)
    trained = window.latest_frame().snapshot.stats.grad_norm
    assert not np.allclose(trained, fresh)
    click(qtbot, window, "resetButton")
    qtbot.waitUntil(lambda: frame_step(window) == 0 and not window.latest_frame().running, timeout=3000)
    qtbot.waitUntil(lambda: shown_step(window) == 0, timeout=3000)
    frame = window.latest_frame()
    np.testing.assert_allclose(frame.snapshot.stats.grad_norm, fresh)
    assert len(frame.history) == 0 and not window.train_button.isChecked()


def test_speed_slider_goes_from_slow_motion_to_full_speed(window, qtbot):
    slider = window.findChild(QSlider, "speedSlider")
    assert SPEEDS[slider.minimum()] == 1 and SPEEDS[slider.maximum()] is None
    slider.setValue(slider.minimum())
    assert "1" in window.speed_label.text()
    qtbot.waitUntil(lambda: window.latest_frame().speed == 1.0, timeout=3000)
    slider.setValue(slider.maximum())
    qtbot.waitUntil(lambda: window.latest_frame().speed is None, timeout=3000)


# ---------------------------------------------------------------- live remedies

REMEDIES = [
    ("residualCheck", "residual on", lambda s: s.residual),
    ("batchNormCheck", "batch norm on", lambda s: s.batchnorm),
    ("clipCheck", "clip by norm", lambda s: s.clip_mode == "norm"),
    ("activationCombo", "activation relu", lambda s: s.activation == "relu"),
]


@pytest.mark.parametrize("name, label, applied", REMEDIES, ids=[r[0] for r in REMEDIES])
def test_toggling_a_remedy_while_training_keeps_training_and_records_an_event(window, qtbot, name, label, applied):
    train_until(qtbot, window, 5)
    widget = window.findChild(QWidget, name)
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findData("relu"))
    else:
        assert isinstance(widget, QCheckBox)
        widget.click()
    qtbot.waitUntil(lambda: applied(window.latest_frame().snapshot), timeout=5000)
    frame = window.latest_frame()
    events = [event for event in frame.history.events if event.label.startswith(label)]
    assert events, [e.label for e in frame.history.events]
    at = frame.step
    qtbot.waitUntil(lambda: frame_step(window) > at + 5, timeout=5000)  # still training, weights kept
    assert window.latest_frame().running and window.latest_frame().generation == frame.generation


def test_residual_raises_the_first_layers_gradient(window, qtbot):
    step_times(qtbot, window, 5)
    before = window.latest_frame().snapshot.stats.grad_norm[0]
    window.findChild(QCheckBox, "residualCheck").click()
    qtbot.waitUntil(lambda: window.latest_frame().snapshot.residual, timeout=3000)
    step_times(qtbot, window, 3)
    after = window.latest_frame().snapshot.stats.grad_norm[0]
    assert after > 1e3 * before, (before, after)
    assert [e.label for e in window.latest_frame().history.events] == ["residual on"]


def test_a_change_that_needs_a_rebuild_says_so(window, qtbot):
    step_times(qtbot, window, 3)
    window.findChild(QWidget, "depthSpin").setValue(12)
    qtbot.waitUntil(lambda: window.latest_frame().snapshot.depth == 12, timeout=3000)
    frame = window.latest_frame()
    assert frame.rebuilt and frame.step == 0
    qtbot.waitUntil(lambda: "rebuilt" in window.statusBar().currentMessage(), timeout=3000)
    # The message names the field as the builder labels it, not as the config spells it.
    assert window.statusBar().currentMessage().startswith("Depth (hidden layers) changed")
    assert window.config.network.depth == 12


# ---------------------------------------------------------------- divergence

def test_very_high_learning_rate_shows_the_banner_and_pauses(window, qtbot):
    window.set_config(window.config.replace(**{"network.activation": "relu", "train.learning_rate": 100.0}),
                      restart=True)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    frame = window.latest_frame()
    assert frame.divergence is not None and not frame.running
    text = window.banner.label.text()
    assert f"step {frame.divergence.step}" in text and "diverged" in text
    assert "learning rate" in text and "Reset" in text and "layer" in text
    qtbot.waitUntil(lambda: not window.train_button.isChecked(), timeout=3000)
    click(qtbot, window, "trainButton")  # nothing left to train: the button refuses
    assert not window.train_button.isChecked()
    qtbot.mouseClick(window.banner.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=3000)
    assert frame_step(window) == 0 and window.latest_frame().divergence is None


# ---------------------------------------------------------------- compare mode and lessons

def test_compare_mode_trains_a_and_b_in_lockstep(window, qtbot):
    window.set_compare(window.config.replace(**{"network.residual": True}))
    assert window.findChild(QCheckBox, "compareCheck").isChecked()
    assert window.findChild(QCheckBox, "compareResidualCheck").isChecked()
    qtbot.waitUntil(lambda: window.latest_frame().compare is not None, timeout=3000)
    step_times(qtbot, window, 4)
    frame = window.latest_frame()
    history_b, snapshot_b = frame.compare
    assert snapshot_b.step == frame.step == 4 and len(history_b) == 4
    assert snapshot_b.residual and not frame.snapshot.residual
    assert snapshot_b.stats.grad_norm[0] > 100 * frame.snapshot.stats.grad_norm[0]
    assert " B " in window.loss_label.text()
    window.set_compare(None)
    qtbot.waitUntil(lambda: window.latest_frame().compare is None, timeout=3000)


def test_lessons_load_into_compare_mode(window, qtbot):
    lessons = pytest.importorskip("bpviz.lessons")
    names = lessons.lesson_names()
    if not names:
        pytest.skip("no lesson files yet")
    combo = window.findChild(QComboBox, "lessonCombo")
    assert combo.count() == len(names) + 1
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # what choosing it with the mouse does
    lesson = lessons.load_lesson(names[0])
    assert window.config == lesson.config
    qtbot.waitUntil(lambda: window.latest_frame().compare is not None, timeout=3000)
    assert window.latest_frame().config_b.network == lesson.remedy.network
    assert lesson.title in window.lesson_panel.text.toPlainText()
    qtbot.mouseClick(window.lesson_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: frame_step(window) > 3, timeout=5000)
    assert window.latest_frame().compare[1].step == frame_step(window) or window.latest_frame().running


# ---------------------------------------------------------------- files, layout, closing

def test_save_and_open_an_experiment(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "deep.json"
    window.set_config(window.config.replace(name="Saved one", **{"network.depth": 7}), restart=True)
    assert window.save_experiment(path)
    window.set_config(ExperimentConfig(), restart=True)
    assert window.open_experiment(path)
    assert window.config.name == "Saved one" and window.config.network.depth == 7
    assert "Saved one" in window.windowTitle()
    assert window.findChild(QWidget, "depthSpin").value() == 7
    assert window.recent_files()[0] == str(path.resolve())
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert not window.open_experiment(bad)
    assert warnings and "not valid JSON" in warnings[0]
    assert window.config.name == "Saved one"


def test_export_dashboard_plot_and_history(window, qtbot, tmp_path):
    step_times(qtbot, window, 3)
    dashboard = window.export_dashboard(tmp_path / "dashboard.png")
    image = QImage(str(dashboard))
    assert image.width() >= window.dashboard.width() - 2 and not_blank(image) > 50
    hidden = window.export_plot("jacobianPlot", tmp_path / "jacobian.png")  # behind another tab
    assert not_blank(QImage(str(hidden))) > 5
    svg = window.export_plot("gradientFlowPlot", tmp_path / "flow.svg", fmt="svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<")
    csv_path = window.export_history(tmp_path / "history.csv")
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and lines[0].startswith("step,") and "grad_norm_layer0" in lines[0]
    assert "Saved" in window.statusBar().currentMessage()


def test_help_dialogs_and_menus(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    view_actions = window.menus["view"].actions()
    assert window.reset_layout_action in view_actions and window.view_settings_separator in view_actions
    assert all(dock.toggleViewAction() in view_actions for dock in window.docks.values())
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    box = window.show_shortcuts()
    assert "Space" in box.text() and "Right arrow" in box.text()
    box.close()
    about = window.show_about()
    import bpviz

    assert bpviz.__version__ in about.text() and "MIT" in about.text()
    about.close()
    normal = window.step_label.font().pointSizeF()
    window.set_font_scale(1.5)
    assert window.step_label.font().pointSizeF() == pytest.approx(1.5 * normal)
    window.set_font_scale(1.0)
    assert window.step_label.font().pointSizeF() == pytest.approx(normal)


def test_layout_is_saved_and_restored(make_window):
    first = make_window(size=None)
    first.docks["lossPlot"].close()
    first.close()
    assert QSettings().value("layout/dashboard") is not None
    second = make_window(size=None)
    assert not second.docks["lossPlot"].isVisible()
    second.reset_layout_action.trigger()
    assert second.docks["lossPlot"].isVisible()
    second.close()


def test_closing_while_training_joins_the_worker(own_window, qtbot):
    train_until(qtbot, own_window, 10)
    thread = own_window.worker.thread
    assert thread.is_alive() and own_window.latest_frame().running
    own_window.close()
    assert not thread.is_alive()


def test_closing_while_training_exits_with_code_zero_in_a_subprocess(tmp_path):
    script = tmp_path / "close_while_training.py"
    script.write_text(textwrap.dedent("""
        import sys
        from PySide6.QtCore import QSettings, QTimer
        from bpviz.ui.app import create_app
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
        app = create_app()
        from bpviz.ui.main_window import MainWindow
        window = MainWindow()
        window.show()
        window.start()
        def close_when_trained():
            if window.latest_frame().step > 20 and window.frames_shown > 3:
                print("closing at step", window.latest_frame().step, flush=True)
                window.close()
            else:
                QTimer.singleShot(20, close_when_trained)
        QTimer.singleShot(50, close_when_trained)
        QTimer.singleShot(20000, lambda: sys.exit(3))
        code = app.exec()
        print("worker alive:", window.worker.is_alive(), flush=True)
        sys.exit(code)
    """), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "settings")], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "closing at step" in result.stdout and "worker alive: False" in result.stdout
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- where training runs

def test_training_runs_in_a_child_process_by_default(window):
    assert window.training_mode == "process"
    process = window.worker.process
    assert process is not None and process.is_alive() and process.pid != os.getpid()
    assert window.worker.thread.name == "bpviz-worker"   # the thread that receives its frames


def test_the_training_mode_comes_from_the_argument_or_the_environment(monkeypatch):
    from bpviz.ui.training_process import training_mode

    monkeypatch.delenv("BPVIZ_TRAINING", raising=False)
    assert training_mode() == "process" and training_mode("thread") == "thread"
    monkeypatch.setenv("BPVIZ_TRAINING", "Thread")
    assert training_mode() == "thread" and training_mode("process") == "process"
    monkeypatch.setenv("BPVIZ_TRAINING", "gpu")
    with pytest.raises(ValueError, match="BPVIZ_TRAINING must be one of process, thread"):
        training_mode()


def test_training_in_a_thread_still_works(qtbot, make_window):
    win = make_window(training="thread", size=None)
    assert win.worker.thread.name == "bpviz-worker" and not hasattr(win.worker, "process")
    train_until(qtbot, win, 20)
    stopped = pause(qtbot, win)
    step_times(qtbot, win, 1)
    assert frame_step(win) == stopped + 1
    thread = win.worker.thread
    win.close()
    assert not thread.is_alive()


def test_a_training_process_that_dies_is_replaced_and_the_user_told(own_window, qtbot):
    win = own_window
    train_until(qtbot, win, 10)
    dead = win.worker
    dead.process.kill()
    qtbot.waitUntil(lambda: win.worker is not dead, timeout=10000)
    message = win.statusBar().currentMessage()
    assert "ended unexpectedly" in message and "step 0" in message, message
    assert not win.train_button.isChecked() and not dead.is_alive()
    qtbot.waitUntil(lambda: frame_step(win) == 0, timeout=10000)
    step_times(qtbot, win, 2)                              # the new process trains
    assert win.worker.process.is_alive() and win.worker.process.pid != dead.process.pid


def test_app_setup_and_a_bad_experiment_file_falls_back_to_the_default(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from bpviz.ui.app import create_app, load_experiment_or_default

    app = create_app()
    assert QCoreApplication.organizationName() == "bpviz" and QCoreApplication.applicationName() == "bpviz"
    assert not app.windowIcon().isNull()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.json"
    bad.write_text('{"network": {"depth": 0}}', encoding="utf-8")
    assert load_experiment_or_default(bad) == ExperimentConfig()
    assert shown and "network.depth" in shown[0]
    good = tmp_path / "good.json"
    ExperimentConfig(name="Good").save(good)
    assert load_experiment_or_default(good).name == "Good"
    assert load_experiment_or_default(None) == ExperimentConfig()


def test_a_live_change_of_b_keeps_both_training(window, qtbot):
    window.set_compare(window.config.replace(**{"network.activation": "relu"}))
    qtbot.waitUntil(lambda: window.latest_frame().compare is not None, timeout=3000)
    train_until(qtbot, window, 10)
    window.findChild(QCheckBox, "compareResidualCheck").click()
    qtbot.waitUntil(lambda: window.latest_frame().compare[1].residual, timeout=3000)
    frame = window.latest_frame()
    assert frame.step > 0 and not frame.snapshot.residual
    qtbot.waitUntil(lambda: frame_step(window) > frame.step + 5, timeout=5000)
    frame = window.latest_frame()
    assert frame.running and frame.compare[1].step == frame.step
    assert [e.label for e in frame.compare[0].events] == ["residual on"]


def test_every_plot_context_menu_exports_the_plot_and_the_dashboard(window, qtbot, tmp_path):
    for name, panel in window.plots.items():
        texts = [action.text() for action in panel.plot_widget.scene().contextMenu]
        assert "Plot as PNG (1x)…" in texts and "Plot as PNG (4x)…" in texts, name
        assert "Export plot as SVG" in texts and "Dashboard as PNG (2x)…" in texts, name
    # The actions do what they say: the 2x PNG of a plot is twice as wide as the 1x one.
    flow = dict((f"{target} {fmt} {scale}", action) for target, fmt, scale, action in window.plot_menu_actions
                if action in window.plots["gradientFlowPlot"].plot_widget.scene().contextMenu)
    assert set(flow) >= {"plot png 1", "plot png 2", "plot png 4", "plot svg 1", "dashboard png 1"}
    one = window.export_plot("gradientFlowPlot", tmp_path / "one.png", scale=1)
    two = window.export_plot("gradientFlowPlot", tmp_path / "two.png", scale=2)
    assert QImage(str(two)).width() == pytest.approx(2 * QImage(str(one)).width(), abs=2)
