"""What keeps redraws cheap (docs/benchmarks.md, "UI responsiveness"): each mechanism is checked for the behaviour
it must keep, so a later change that undoes one (a translucent pen, an axis that moves every frame, links that are
restroked on every redraw, one long paint for every plot) fails here rather than only in the benchmark."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.items import StepHeadroom
from bpviz.ui.plots.network_diagram import PEN_INTERVAL, NetworkDiagramPlot
from bpviz.ui.plots.theme import DARK, LIGHT, blend


pytestmark = pytest.mark.usefixtures("light_theme")
PLOT_SIZE = (800, 480)
FRAMES_CONFIG = ExperimentConfig().replace(**{"network.depth": 6, "network.width": 16})


@pytest.fixture(scope="module")
def frames():
    """Three moments of one run: (history, snapshot) after 20, 40 and 400 steps."""
    trainer = Trainer(FRAMES_CONFIG)
    taken = []
    for steps in (20, 20, 360):
        trainer.run(steps)
        taken.append((trainer.history.view(), trainer.snapshot(grid=True, jacobians=True)))
    return taken


def test_blend_is_the_colour_seen_through_opacity():
    assert blend("#000000", "#ffffff", 0.25).name() == "#bfbfbf"
    assert blend("#ff0000", "#0000ff", 1.0).name() == "#ff0000" and blend("#ff0000", "#0000ff", 0.0).name() == "#0000ff"
    assert blend(QColor("#102030"), "#102030", 0.7).alpha() == 255


@pytest.mark.parametrize("cls", PLOT_CLASSES, ids=lambda cls: cls.object_name)
@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_grid_lines_are_opaque_in_every_plot_and_theme(make_plot, cls, theme, frames):
    plot = make_plot(cls, PLOT_SIZE)
    plot.apply_theme(theme)
    plot.update(*frames[0])
    for level, line in enumerate(plot.grid.lines):
        color = line.opts["pen"].color()
        assert color.alpha() == 255, (cls.object_name, level)  # a translucent stroke costs ~20x to paint
        expected = blend(theme.foreground, theme.background, theme.grid_alpha * (1.0 if level == 0 else 0.35))
        assert color.name() == expected.name()


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


# The phase diagram draws the configuration, not the frame: a frame that changes nothing it shows is not painted at
# all (tests/ui/test_theory_plots.py checks it, and that a change is painted once).
FRAME_PLOTS = [cls for cls in PLOT_CLASSES if cls.object_name != "phaseDiagramPlot"]


@pytest.mark.parametrize("cls", FRAME_PLOTS, ids=lambda cls: cls.object_name)
def test_one_update_is_painted_once(make_plot, cls, frames):
    """pyqtgraph settles auto-ranges at paint time; a range that moved then scheduled a second paint of the whole
    plot. PlotPanel.update settles them first."""
    plot = make_plot(cls, PLOT_SIZE)
    plot.set_experiment(FRAMES_CONFIG)  # as the window does before each frame
    viewport = plot.plot_widget.viewport()
    for before, after in zip(frames, frames[1:]):
        plot.update(*before)
        for _ in range(5):
            QApplication.processEvents()
        counter = PaintCounter(viewport)
        plot.update(*after)
        for _ in range(5):
            QApplication.processEvents()
        viewport.removeEventFilter(counter)
        assert counter.count == 1, cls.object_name


def test_step_headroom_grows_by_a_quarter_only_when_reached_and_shrinks_after_a_reset():
    headroom = StepHeadroom()
    headroom.cover(0, 100)
    assert headroom.extent == (0, 125)
    headroom.cover(0, 124)                      # inside: unchanged, so the axis does not move
    assert headroom.extent == (0, 125)
    headroom.cover(0, 126)
    assert headroom.extent == (0, 157.5)
    headroom.cover(0, 10)                       # a new run: back to its size
    assert headroom.extent == (0, 12.5)
    headroom.cover(0, 0)                        # a run of one row still spans a step
    assert headroom.extent == (0, 1.25)
    assert headroom.dataBounds(1) == (None, None)


@pytest.mark.parametrize("name", ["lossPlot", "updateRatioPlot"])
def test_time_axes_move_only_when_the_run_outgrows_them(make_plot, name, frames):
    cls = next(cls for cls in PLOT_CLASSES if cls.object_name == name)
    plot = make_plot(cls, PLOT_SIZE)
    history, snapshot = frames[2]                # 400 rows
    ranges = []
    for rows in range(300, 401, 10):
        part = dataclasses.replace(history, steps=history.steps[:rows],
                                   scalars={k: v[:rows] for k, v in history.scalars.items()},
                                   layers={k: v[:rows] for k, v in history.layers.items()})
        plot.update(part, snapshot)
        ranges.append(tuple(round(v, 6) for v in plot.plot_item.vb.viewRange()[0]))
    assert len(set(ranges)) <= 2                 # 300 -> 400 rows: the axis moved at most once
    low, high = ranges[-1]
    assert low <= history.steps[0] and high >= history.steps[399]


def test_network_links_keep_their_pens_between_pen_intervals_unless_health_changes(make_plot, frames):
    plot = make_plot(NetworkDiagramPlot, PLOT_SIZE)
    history, snapshot = frames[0]
    plot.update(history, snapshot)
    diagram = plot.diagram_a
    values = diagram.layer_values.copy()
    pens = list(diagram.pens)
    pen_objects = [link.opts["pen"] for link in diagram.links[:len(values)]]
    now = diagram._pens_at + PEN_INTERVAL / 2
    healthy = int(np.argmax((values > 1e-5) & (values < 1e2)))
    moved = values.copy()
    moved[healthy] *= 3.0                        # a visible change, same health
    diagram.set_gradients(moved, plot.theme, now)
    assert diagram.pens == pens and [link.opts["pen"] for link in diagram.links[:len(values)]] == pen_objects
    crashed = moved.copy()
    crashed[healthy] = 1e-9                      # the layer turns "vanishing": shown at once
    diagram.set_gradients(crashed, plot.theme, now)
    assert diagram.pens[healthy] != pens[healthy]
    unchanged = [i for i in range(len(values)) if i != healthy]
    assert all(diagram.links[i].opts["pen"] is pen_objects[i] for i in unchanged)   # the others not restroked
    diagram.set_gradients(moved, plot.theme, now + PEN_INTERVAL)   # the interval has passed: it follows
    assert diagram.pens[healthy][1] > pens[healthy][1]             # thicker than before the change


def test_network_link_strength_does_not_flicker_on_the_edge_of_a_level(qtbot, frames):
    from bpviz.ui.plots.network_diagram import PEN_LEVELS, link_pen_spec, magnitude

    edge = 10.0 ** (-10 + 10 * (20.5 / PEN_LEVELS))   # exactly between levels 20 and 21
    below, above = edge / 1.05, edge * 1.05
    first = link_pen_spec(below, LIGHT)
    assert link_pen_spec(above, LIGHT, shown=first[4]) == first      # within 3/4 level: kept
    far = 10.0 ** (-10 + 10 * (22.5 / PEN_LEVELS))
    assert link_pen_spec(far, LIGHT, shown=first[4])[4] == round(magnitude(far) * PEN_LEVELS) / PEN_LEVELS


def test_a_frame_whose_plots_exceed_the_budget_is_finished_right_after_the_paint(qtbot, frames):
    """The drawer draws one plot now when each costs most of a tick's budget, and the rest right after Qt has
    painted it (not on a later timer tick, not all at once)."""
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from bpviz.ui.frame_drawer import FrameDrawer
    from bpviz.ui.frame_scheduler import DRAW_BUDGET_SECONDS, FrameScheduler
    from bpviz.ui.worker import Frame

    classes = [cls for cls in PLOT_CLASSES if cls.object_name in ("gradientFlowPlot", "lossPlot", "activationPlot")]
    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    plots = {}
    for cls in classes:
        plots[cls.object_name] = cls()
        row.addWidget(plots[cls.object_name])
    holder.resize(1500, 450)
    holder.show()
    qtbot.waitExposed(holder)
    history, snapshot = frames[0]
    frame = Frame(serial=7, history=history, snapshot=snapshot, compare=None, steps_per_second=0.0, running=False,
                  speed=None, config=ExperimentConfig())
    ticks = []

    def tick() -> None:
        ticks.append(frame.serial)
        drawer.draw(frame, DRAW_BUDGET_SECONDS, share=1.0)

    # Each plot costs most of a tick's budget to paint, and (on a clock that stands still) nothing to update, so
    # the test does not depend on how fast this machine draws.
    paint_cost = {name: 0.8 * DRAW_BUDGET_SECONDS for name in plots}
    scheduler = FrameScheduler(clock=lambda: 0.0, paint_cost=paint_cost)
    drawer = FrameDrawer(plots, tick, parent=holder, scheduler=scheduler)
    assert drawer.scheduler.paint_cost is paint_cost
    drawer.draw(frame, DRAW_BUDGET_SECONDS, share=1.0)
    assert sum(drawer.scheduler.draw_counts.values()) == 1 and drawer.continuation_pending  # one now, rest queued
    qtbot.waitUntil(lambda: all(drawer.scheduler.drawn_serial.get(name) == 7 for name in plots), timeout=3000)
    assert not drawer.continuation_pending and len(ticks) == len(plots) - 1   # one continuation per leftover plot
    assert drawer.scheduler.draw_counts == dict.fromkeys(plots, 1) and drawer.plot_errors == []
    assert not drawer.timer.isActive()  # only the window starts the frame timer
