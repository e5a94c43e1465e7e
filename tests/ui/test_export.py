"""Export: plot PNG (1x/2x) and SVG, dashboard PNG, history CSV, every plot offscreen, and the blank check."""

import csv

import pytest

from PySide6.QtGui import QImage, QPainter, QPen, QColor
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QWidget

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import LAYER_METRICS, SCALAR_METRICS
from bpviz.engine.trainer import Trainer
from bpviz.ui.export import (
    export_dashboard_png, export_history_csv, export_plot_png, export_plot_svg, is_blank, render_all_plots,
)
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.gradient_flow import GradientFlowPlot
from bpviz.ui.plots.loss import LossPlot


def _config(**changes) -> ExperimentConfig:
    base = {"network.depth": 6, "network.width": 16, "data.samples": 160, "data.dataset": "moons"}
    return ExperimentConfig().replace(**{**base, **changes})


@pytest.fixture(scope="module")
def trained():
    a = Trainer(_config())
    b = Trainer(_config(**{"network.activation": "relu", "network.init": "he"}))
    for _ in range(30):
        a.step()
        b.step()
    snap_a = a.snapshot(histograms=True, grid=True, jacobians=True)
    snap_b = b.snapshot(histograms=True, grid=True, jacobians=True)
    return (a.history.view(), snap_a), (b.history.view(), snap_b)


def _size(path) -> tuple[int, int]:
    image = QImage(str(path))
    return image.width(), image.height()


def _shown_panel(qtbot, cls, trained, size=(700, 420)):
    panel = cls()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    (history, snapshot), compare = trained
    panel.update(history, snapshot, compare)
    return panel


def test_plot_png_at_1x_and_2x(qtbot, trained, tmp_path):
    panel = _shown_panel(qtbot, GradientFlowPlot, trained)
    one = export_plot_png(panel, tmp_path / "flow.png")
    two = export_plot_png(panel, tmp_path / "flow@2x.png", scale=2)
    (w1, h1), (w2, h2) = _size(one), _size(two)
    width = round(panel.export_item().sceneBoundingRect().width())
    assert w1 == width and w2 == 2 * width
    assert abs(h2 - 2 * h1) <= 2
    assert not is_blank(one) and not is_blank(two)


def test_plot_png_of_a_panel_hidden_behind_a_tab(qtbot, trained, tmp_path):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    first, hidden = QWidget(), LossPlot()
    tabs.addTab(first, "first")
    tabs.addTab(hidden, "loss")
    tabs.resize(800, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    (history, snapshot), compare = trained
    hidden.update(history, snapshot, compare)
    assert not hidden.isVisible()
    path = export_plot_png(hidden, tmp_path / "loss.png")
    assert not is_blank(path) and _size(path)[0] > 300


def test_plot_svg(qtbot, trained, tmp_path):
    panel = _shown_panel(qtbot, GradientFlowPlot, trained)
    path = export_plot_svg(panel, tmp_path / "flow.svg")
    text = path.read_text(encoding="utf-8")
    assert "<svg" in text and "</svg>" in text and "<path" in text


def test_dashboard_png_is_scale_times_the_widget(qtbot, trained, tmp_path):
    dashboard = QWidget()
    qtbot.addWidget(dashboard)
    layout = QHBoxLayout(dashboard)
    (history, snapshot), compare = trained
    panels = [GradientFlowPlot(), LossPlot()]
    for panel in panels:
        layout.addWidget(panel)
    dashboard.resize(900, 400)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    for panel in panels:
        panel.update(history, snapshot, compare)
    path = export_dashboard_png(dashboard, tmp_path / "dash.png", scale=2)
    assert _size(path) == (1800, 800)
    assert not is_blank(path)


@pytest.mark.parametrize("scale", [0, 1.5, 9, True])
def test_bad_scale_is_a_clear_error(qtbot, trained, tmp_path, scale):
    panel = _shown_panel(qtbot, GradientFlowPlot, trained)
    with pytest.raises(ValueError, match="must be a whole number from 1 to 8"):
        export_plot_png(panel, tmp_path / "x.png", scale=scale)


def test_history_csv_has_one_column_per_layer_metric(trained, tmp_path):
    (history, _), _ = trained
    path = export_history_csv(history, tmp_path / "sub" / "history.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    depth = 6
    assert header == ["step", *SCALAR_METRICS] + [f"{m}_layer{i}" for m in LAYER_METRICS for i in range(depth)]
    assert len(data) == 30 and [int(row[0]) for row in data] == list(range(1, 31))
    column = header.index("grad_norm_layer0")
    assert float(data[-1][column]) == pytest.approx(history.layer("grad_norm")[-1, 0], rel=1e-12)


def test_render_all_plots_offscreen_at_the_requested_size(qtbot, trained, tmp_path):
    (history, snapshot), compare = trained
    paths = render_all_plots(history, snapshot, tmp_path, compare=compare, size=(640, 360), scale=2)
    assert [p.stem for p in paths] == [cls.object_name for cls in PLOT_CLASSES]
    for path in paths:
        assert _size(path) == (1280, 720), path.name
        assert not is_blank(path), path.name


def test_render_compare_overlays_b(qtbot, trained, tmp_path):
    (history, snapshot), compare = trained
    alone = render_all_plots(history, snapshot, tmp_path / "a", names=["gradientFlowPlot"])[0]
    both = render_all_plots(history, snapshot, tmp_path / "ab", compare=compare, names=["gradientFlowPlot"])[0]
    assert QImage(str(alone)) != QImage(str(both))


def test_is_blank(tmp_path, qtbot):
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.save(str(tmp_path / "white.png"))
    assert is_blank(tmp_path / "white.png")
    painter = QPainter(image)
    painter.setPen(QPen(QColor("black"), 3))
    painter.drawLine(0, 50, 199, 50)
    painter.end()
    image.save(str(tmp_path / "line.png"))
    assert not is_blank(tmp_path / "line.png")
    assert is_blank(tmp_path / "missing.png")


def test_svg_close_commands_become_explicit_lines():
    from bpviz.ui.export import _close_paths_explicitly

    assert _close_paths_explicitly("M0,0 L5,0 L5,5 Z M1,1 L2,2 z") == "M0,0 L5,0 L5,5 L0,0 M1,1 L2,2 L1,1"
    assert _close_paths_explicitly("M0,0 L5,0") == "M0,0 L5,0"
