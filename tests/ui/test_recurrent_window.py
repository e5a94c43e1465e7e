"""The recurrent lab in the window (issue 12 item 4): the model switch and the recurrent controls in the builder,
the plots that show the gradient through time, the ones that say they do not apply, live λ₁ and clipping."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSlider, QSpinBox

from bpviz.config import ExperimentConfig
from bpviz.engine.recurrent_trainer import RecurrentTrainer
from bpviz.engine.trainer import Trainer
from bpviz.ui.builder_panel import BuilderPanel
from bpviz.ui.plots.recurrent import VIEW_KINDS
from bpviz.ui.worker import Command, TrainingSession

RNN = ExperimentConfig(name="rnn", model="recurrent").replace(**{
    "recurrent.cell": "rnn_tanh", "recurrent.seq_len": 30, "recurrent.hidden_size": 16,
    "recurrent.spectral_radius": 0.9, "data.samples": 400})
NOT_APPLICABLE = ("networkDiagramPlot", "decisionBoundaryPlot", "jacobianPlot", "phaseDiagramPlot")


def settled(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.latest_frame().commands_handled >= win.worker.commands_sent, timeout=10000)


def step(qtbot, win, count: int) -> None:
    target = win.latest_frame().step + count
    for _ in range(count):
        win.step()
    qtbot.waitUntil(lambda: win.latest_frame().step == target, timeout=10000)


# ---------------------------------------------------------------- the builder

def test_the_model_switch_shows_the_recurrent_controls_and_hides_the_feed_forward_ones(qtbot):
    builder = BuilderPanel(ExperimentConfig())
    qtbot.addWidget(builder)
    builder.show()
    model = builder.findChild(QComboBox, "modelCombo")
    assert not builder.findChild(QComboBox, "cellCombo").isVisibleTo(builder)
    assert builder.findChild(QSpinBox, "depthSpin").isVisibleTo(builder)
    with qtbot.waitSignal(builder.configChanged, timeout=10000) as signal:
        model.setCurrentIndex(model.findData("recurrent"))
    assert signal.args[0].model == "recurrent"
    assert builder.findChild(QComboBox, "cellCombo").isVisibleTo(builder)
    for name in ("depthSpin", "widthSpin", "activationCombo", "datasetCombo"):
        assert not builder.findChild(FEED_FORWARD_TYPES[name], name).isVisibleTo(builder), name
    assert builder.findChild(QCheckBox, "clipCheck").isVisibleTo(builder)  # clipping applies to both


FEED_FORWARD_TYPES = {"depthSpin": QSpinBox, "widthSpin": QSpinBox, "activationCombo": QComboBox,
                      "datasetCombo": QComboBox}


def test_every_recurrent_control_edits_its_setting(qtbot):
    builder = BuilderPanel(RNN.replace(**{"recurrent.spectral_radius": None}))
    qtbot.addWidget(builder)
    seen: list[ExperimentConfig] = []
    builder.configChanged.connect(seen.append)
    cell = builder.findChild(QComboBox, "cellCombo")
    cell.setCurrentIndex(cell.findData("lstm"))
    builder.findChild(QSpinBox, "hiddenSizeSpin").setValue(24)
    builder.findChild(QSpinBox, "seqLenSpin").setValue(60)
    task = builder.findChild(QComboBox, "taskCombo")
    task.setCurrentIndex(task.findData("adding"))
    init = builder.findChild(QComboBox, "recurrentInitCombo")
    init.setCurrentIndex(init.findData("orthogonal"))
    builder.findChild(QCheckBox, "spectralRadiusCheck").setChecked(True)
    builder.findChild(QSlider, "spectralRadiusSlider").setValue(30)  # 30 x 0.05
    builder.findChild(QCheckBox, "forgetBiasCheck").setChecked(True)
    builder.findChild(QDoubleSpinBox, "forgetBiasSpin").setValue(4.0)
    rec = seen[-1].recurrent
    assert (rec.cell, rec.hidden_size, rec.seq_len, rec.task, rec.init) == ("lstm", 24, 60, "adding", "orthogonal")
    assert rec.spectral_radius == pytest.approx(1.5) and rec.forget_bias == 4.0
    builder.findChild(QCheckBox, "spectralRadiusCheck").setChecked(False)
    assert seen[-1].recurrent.spectral_radius is None


def test_a_radius_the_slider_cannot_show_is_kept_until_the_slider_moves(qtbot):
    builder = BuilderPanel(RNN.replace(**{"recurrent.spectral_radius": 0.93}))
    qtbot.addWidget(builder)
    assert builder.read_config().recurrent.spectral_radius == 0.93
    builder.findChild(QSlider, "spectralRadiusSlider").setValue(40)
    assert builder.config.recurrent.spectral_radius == pytest.approx(2.0)


# ---------------------------------------------------------------- the worker

def test_the_session_trains_the_model_the_config_names_and_switches_kind_on_a_rebuild():
    session = TrainingSession(RNN)
    assert isinstance(session.trainer, RecurrentTrainer)
    session.handle(Command("step"))
    assert session.step_count == 1
    session.handle(Command("apply_config", ExperimentConfig()))
    assert isinstance(session.trainer, Trainer) and session.step_count == 0
    session.handle(Command("set_compare", RNN))  # B of another kind than A
    assert isinstance(session.trainer_b, RecurrentTrainer)
    session.handle(Command("reset", RNN))
    assert isinstance(session.trainer, RecurrentTrainer)


# ---------------------------------------------------------------- the plots

@pytest.fixture
def rnn_window(make_window, qtbot):
    win = make_window(RNN, training="thread")
    settled(qtbot, win)
    return win


def test_the_gradient_flow_plot_shows_the_gradient_through_time_on_a_log_axis(rnn_window, qtbot):
    win = rnn_window
    step(qtbot, win, 2)
    win.draw_all_plots()
    panel = win.plots["gradientFlowPlot"]
    view = panel.recurrent_view
    assert view.active and view.widget.isVisible() and not panel.plot_widget.isVisible()
    x, y = view.curves[0].getData()
    signal = win.latest_frame().snapshot.stats.time_signal_grad_norm
    assert list(x) == list(range(1, 31))  # t = 1 (input side) on the left
    assert np.allclose(y, np.log10(signal))
    assert y[0] < y[-1] - 1  # lambda_1 = 0.9: it vanishes towards t = 1
    assert "‖dL/dh_1‖" in view.shown_text
    assert "time step" in view.plot_item.getAxis("bottom").labelText
    assert win.plot_errors == []


def test_the_gradient_ratio_through_time_is_on_a_box_the_curves_pass_under(rnn_window, qtbot):
    # in the lstm-memory lesson A's rising curve ran through the numbers in the corner
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    win = rnn_window
    step(qtbot, win, 2)
    win.draw_all_plots()
    panel = win.plots["gradientFlowPlot"]
    corner = panel.recurrent_view.corner
    assert corner.fill.style() != Qt.BrushStyle.NoBrush
    assert corner.fill.color().rgb() == QColor(panel.theme.background).rgb() and corner.fill.color().alpha() >= 180


def test_the_heatmap_shows_time_step_by_training_step(rnn_window, qtbot):
    win = rnn_window
    step(qtbot, win, 3)
    win.draw_all_plots()
    view = win.plots["gradientHeatmapPlot"].recurrent_view
    assert view.image.image.shape == (30, 3)  # time steps up, training steps right
    assert view.shown_text == ""


def test_the_other_plots_show_what_applies_and_say_plainly_what_does_not(rnn_window, qtbot):
    win = rnn_window
    step(qtbot, win, 2)
    settled(qtbot, win)
    qtbot.waitUntil(lambda: win.latest_frame().snapshot.activation_histograms is not None, timeout=10000)
    win.draw_all_plots()
    for name in NOT_APPLICABLE:
        view = win.plots[name].recurrent_view
        assert view.active and view.shown_text.startswith("Not for recurrent networks"), name
        assert view.message.isVisible()
    ratio = win.plots["updateRatioPlot"].recurrent_view
    assert [len(curve.getData()[0]) for curve in ratio.curves[:3]] == [2, 2, 2]  # W_ih, W_hh, head
    histogram = win.plots["activationPlot"].recurrent_view
    assert histogram.image.image.shape[1] == 30
    loss = win.plots["lossPlot"]
    assert getattr(loss, "recurrent_view", None) is None and loss.plot_widget.isVisible()
    assert set(VIEW_KINDS) | set(NOT_APPLICABLE) | {"lossPlot"} == set(win.plots)
    assert win.plot_errors == []


def test_back_to_feed_forward_the_plots_are_theirs_again(rnn_window, qtbot):
    win = rnn_window
    win.draw_all_plots()
    model = win.findChild(QComboBox, "modelCombo")
    model.setCurrentIndex(model.findData("feedforward"))
    qtbot.waitUntil(lambda: win.latest_frame().config.model == "feedforward", timeout=10000)
    win.draw_all_plots()
    for name, panel in win.plots.items():
        view = getattr(panel, "recurrent_view", None)
        assert view is None or not view.active, name
    assert win.plots["gradientFlowPlot"].plot_widget.isVisibleTo(win)
    assert win.plot_errors == []


def test_lambda_and_clipping_change_live_while_training(rnn_window, qtbot):
    win = rnn_window
    win.start()
    qtbot.waitUntil(lambda: win.latest_frame().step >= 3, timeout=10000)
    generation = win.latest_frame().generation
    win.findChild(QSlider, "spectralRadiusSlider").setValue(40)  # lambda_1 = 2.0
    qtbot.waitUntil(lambda: win.latest_frame().snapshot.spectral_radius_setting == pytest.approx(2.0),
                    timeout=10000)
    win.findChild(QCheckBox, "clipCheck").setChecked(True)
    qtbot.waitUntil(lambda: win.latest_frame().snapshot.clip_mode == "norm", timeout=10000)
    frame = win.latest_frame()
    assert frame.generation == generation  # the same weights: nothing was rebuilt
    labels = [event.label for event in frame.snapshot.events]
    assert any("λ₁ 2" in label for label in labels), labels
    at = frame.step
    qtbot.waitUntil(lambda: win.latest_frame().step > at + 3, timeout=10000)  # still training
    win.pause()


def test_a_recurrent_plot_exports_what_it_shows(rnn_window, qtbot, tmp_path):
    win = rnn_window
    step(qtbot, win, 1)
    path = win.export_plot("gradientFlowPlot", tmp_path / "flow.png")
    assert path is not None and path.stat().st_size > 2000
    assert win.plots["gradientFlowPlot"].export_item() is win.plots["gradientFlowPlot"].recurrent_view.plot_item


def test_every_recurrent_setting_has_a_control(qtbot):
    from bpviz.config import model_field_paths

    builder = BuilderPanel(RNN)
    qtbot.addWidget(builder)
    section = builder.recurrent_section
    wanted = {path for path in model_field_paths("recurrent") if path.startswith("recurrent.")} | {"model"}
    assert wanted == set(section.controls)
    for widget in section.controls.values():
        assert widget.toolTip() and widget.accessibleName()


def test_the_images_handed_to_pyqtgraph_are_in_c_order(rnn_window, qtbot):
    """pyqtgraph paints a QImage made on the array's buffer: a transposed array there is read with wrong strides."""
    win = rnn_window
    step(qtbot, win, 2)
    settled(qtbot, win)
    qtbot.waitUntil(lambda: win.latest_frame().snapshot.activation_histograms is not None, timeout=10000)
    win.draw_all_plots()
    for name in ("gradientHeatmapPlot", "activationPlot", "gradientHistogramPlot"):
        assert win.plots[name].recurrent_view.image.image.flags["C_CONTIGUOUS"], name


def test_a_paused_recurrent_session_computes_every_costly_part_once_and_settles():
    """Every part the window asks for exists on a recurrent snapshot (the decision-boundary plot's test images
    and confusion matrix included): a missing one raised in the worker on every pass, so it never settled."""

    session = TrainingSession(ExperimentConfig(model="recurrent"))
    session.handle(Command("step"))
    parts = []
    while (part := session.refresh_parts()) is not None and len(parts) < 10:
        parts.append(part)
    assert parts == ["histograms", "grid", "jacobians"]
