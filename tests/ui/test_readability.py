"""Texts stay readable where space is short (a narrow dock, presentation mode's big fonts): they wrap inside the
plot instead of running off its edge or over other texts."""

from __future__ import annotations

import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots.theme import LIGHT, set_current_theme


pytestmark = pytest.mark.usefixtures("light_theme")
PLOT_SIZE = (800, 480)


@pytest.fixture(scope="module")
def frames():
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 6, "network.width": 16}))
    trainer.run(400)
    return [(trainer.history.view(), trainer.snapshot())] * 3


def test_corner_text_wraps_inside_a_narrow_plot_and_stays_compact_in_a_wide_one(qtbot, make_plot):
    from bpviz.ui.plots.items import CornerText
    from bpviz.ui.plots.gradient_flow import GradientFlowPlot

    plot = make_plot(GradientFlowPlot, PLOT_SIZE)
    text = CornerText(plot.plot_item, corner=(1, 1))
    long_line = "A: residual off — product at layer 1 = 5.7e-11 (factor < 1 at 15/15 layers)"
    text.set_lines([("#000000", long_line)], 14)
    view_width = plot.plot_item.vb.rect().width()
    plot.resize(320, 480)
    qtbot.waitUntil(lambda: plot.plot_item.vb.rect().width() < view_width)
    narrow = plot.plot_item.vb.rect().width()
    assert text.textItem.boundingRect().width() <= narrow          # wrapped, not running off the edge
    text.set_lines([("#000000", "first/last = 2e-06")], 14)
    assert text.textItem.textWidth() == -1                           # a short line keeps its own width
    assert text.textItem.boundingRect().width() < narrow


@pytest.mark.parametrize("size, scale, wraps", [((900, 520), 1.0, False), ((620, 420), 1.5, True)])
def test_a_side_axis_label_wraps_in_a_short_plot_without_touching_the_tick_labels(qtbot, make_plot, frames, size, scale,
                                                                                  wraps, monkeypatch):
    from bpviz.ui.plots.loss import LossPlot

    # a label as long as the loss axis' used to be (it is shorter now, and fits without wrapping)
    monkeypatch.setattr(LossPlot, "axis_texts", lambda self: ("training step", "train loss (cross-entropy, nats)"))
    big = LIGHT.scaled(scale)                      # 1.5: presentation mode's fonts
    set_current_theme(big)
    plot = make_plot(LossPlot, PLOT_SIZE)
    plot.apply_theme(big)
    plot.resize(*size)
    plot.update(*frames[2])
    axis = plot.plot_item.getAxis("left")
    qtbot.waitUntil(lambda: plot.grab() is not None and axis.height() > 0 and axis.textWidth > 0)
    plot.grab()
    label = axis.label
    assert (label.textWidth() > 0) == wraps
    assert label.boundingRect().width() <= axis.height()          # never longer than the axis
    label_right = label.mapRectToParent(label.boundingRect()).right()
    ticks_left = axis.width() - axis.textWidth - axis.style["tickTextOffset"][0]
    assert label_right <= ticks_left + 1                           # beside the tick labels, not over them


@pytest.mark.parametrize("scale, width, two_lines", [(1.0, 650, False), (1.0, 450, True), (1.5, 650, True),
                                                      (1.5, 1000, False)])
def test_zone_names_go_on_two_lines_when_a_plot_is_too_narrow_for_their_font(qtbot, make_plot, frames, scale, width,
                                                                              two_lines):
    from bpviz.ui.plots.gradient_flow import GradientFlowPlot

    theme = LIGHT.scaled(scale)
    set_current_theme(theme)
    plot = make_plot(GradientFlowPlot, PLOT_SIZE)
    plot.apply_theme(theme)
    plot.resize(width, 480)
    plot.update(*frames[0])
    qtbot.waitUntil(lambda: abs(plot.width() - width) <= 1)
    plot._fit_zone_texts()
    assert plot.zone_axis.two_lines == two_lines


@pytest.mark.parametrize("width, shrinks", [(1000, False), (520, True), (360, True)])
def test_a_title_wider_than_its_plot_is_set_smaller(qtbot, make_plot, frames, width, shrinks):
    from bpviz.ui.plots.network_diagram import NetworkDiagramPlot

    theme = LIGHT.scaled(1.5)                      # presentation mode's fonts
    set_current_theme(theme)
    plot = make_plot(NetworkDiagramPlot, PLOT_SIZE)
    plot.apply_theme(theme)
    plot.resize(width, 480)
    plot.update(*frames[0])
    qtbot.waitUntil(lambda: abs(plot.plot_widget.width() - (width - 4)) <= 8)
    from bpviz.ui.plots.texts import fit_title

    fit_title(plot.plot_item)
    title = plot.plot_item.titleLabel
    points = int(title.opts["size"].removesuffix("pt"))
    from bpviz.ui.plots.texts import SMALLEST_TITLE_POINTS

    assert (points < theme.title_points) == shrinks
    assert points >= SMALLEST_TITLE_POINTS
    fits = title.item.boundingRect().width() <= plot.plot_widget.width()
    assert fits or points == SMALLEST_TITLE_POINTS   # it fits, or it is as small as a title gets


@pytest.mark.parametrize("name", ["lossPlot", "gradientHeatmapPlot", "jacobianPlot", "updateRatioPlot",
                                  "activationPlot", "gradientFlowPlot", "gradientHistogramPlot"])
@pytest.mark.parametrize("size, scale", [((420, 320), 1.0), ((380, 220), 1.0), ((520, 300), 1.5), ((900, 520), 1.5)])
def test_no_axis_or_colour_bar_label_is_ever_cut(qtbot, make_plot, frames, name, size, scale):
    """In a small dock and with presentation fonts a side label is set smaller, wrapped, or (a plot a few dozen
    pixels tall) left out: it never runs past its axis, and the plot never grows past its widget."""
    from bpviz.ui.plots import PLOT_CLASSES

    cls = next(cls for cls in PLOT_CLASSES if cls.object_name == name)
    theme = LIGHT.scaled(scale)
    set_current_theme(theme)
    plot = make_plot(cls, size)
    plot.apply_theme(theme)
    plot.update(*frames[0], compare=frames[1])
    qtbot.waitUntil(lambda: plot.plot_item.vb.height() > 0)
    qtbot.wait(5)  # the deferred fitting
    axes = [plot.plot_item.getAxis(side) for side in ("left", "right")]
    axes += list(getattr(plot.plot_item, "_bpviz_extra_axes", []))
    for axis in axes:
        if not axis.isVisible() or axis.label is None or not axis.label.isVisible() or not axis.labelText:
            continue
        length = axis.label.boundingRect().width()   # along the axis (the label is rotated)
        assert length <= axis.height() + 1, (axis.labelText, length, axis.height())
    assert plot.plot_item.sceneBoundingRect().width() <= plot.plot_widget.width() + 1
