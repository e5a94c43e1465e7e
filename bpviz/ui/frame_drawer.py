"""Drawing frames on the plots: the window's frame timer, the budgeted redraw the FrameScheduler plans, the
measured paint cost of each plot, and which costly frame parts the visible plots need.

Only visible plots are drawn (a plot hidden behind a tab or a closed dock costs nothing); a tick draws plots until
it has used its budget and the rest follow right after Qt has painted those (see :mod:`bpviz.ui.frame_scheduler`).
One broken plot never stops the others: its error is kept in :attr:`FrameDrawer.plot_errors` and printed once.
"""

from __future__ import annotations

import time
import traceback
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from bpviz.ui.frame_scheduler import CONTINUE_AFTER_MS, PART_PLOTS, FrameScheduler, part_condition
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.worker import Frame

SLOW_PART_SECONDS = 5.0  # a part still coming after this long: the note says it may take a while


class PaintMeter(QObject):
    """Measures how long each plot takes to paint, so the window can pace the costly ones.

    It filters the Paint events of the plots' viewports, paints them itself (through the view's own
    ``viewportEvent``, exactly what Qt would call) and times that. Costs are smoothed (exponential average).
    """

    SMOOTHING = 0.3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views: dict[QObject, tuple[QWidget, str]] = {}
        self.cost: dict[str, float] = {}
        self._inside = False

    def watch(self, name: str, view: QWidget) -> None:
        viewport = view.viewport()
        self.views[viewport] = (view, name)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.Paint or self._inside:
            return False
        entry = self.views.get(watched)
        if entry is None:
            return False
        view, name = entry
        self._inside = True
        started = time.perf_counter()
        try:
            view.viewportEvent(event)
        finally:
            self._inside = False
        elapsed = time.perf_counter() - started
        previous = self.cost.get(name)
        self.cost[name] = elapsed if previous is None else previous + self.SMOOTHING * (elapsed - previous)
        return True


def shows_on_screen(widget: QWidget) -> bool:
    """Visible and not hidden behind another tab or outside the window."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class FrameDrawer(QObject):
    """Draws frames on ``plots`` (objectName -> PlotPanel) as its :attr:`scheduler` plans.

    ``tick`` is called by the frame timer and again right after a paint when a tick left plots over (the window's
    ``refresh``, which takes the newest frame and calls :meth:`draw`). ``scheduler`` defaults to one that reads
    the paint times this drawer measures.
    """

    def __init__(self, plots: dict[str, PlotPanel], tick: Callable[[], None], parent: QObject | None = None,
                 scheduler: FrameScheduler | None = None) -> None:
        super().__init__(parent)
        self.plots = plots
        self.paint_meter = PaintMeter(self)
        for name, panel in plots.items():
            self.paint_meter.watch(name, panel.plot_widget)
        self.scheduler = scheduler if scheduler is not None else FrameScheduler(paint_cost=self.paint_meter.cost)
        self.plot_errors: list[str] = []
        self.continuation_pending = False  # a tick is queued to draw the plots the last one left
        self._tick = tick
        self._coming_since: dict[str, float] = {}  # part -> clock time its plot was first told it is coming
        self.timer = QTimer(self)
        self.timer.setObjectName("frameTimer")
        self.timer.timeout.connect(tick)

    def draw(self, frame: Frame, budget: float | None, share: float,
             hold_worker: Callable[[], None] | None = None) -> None:
        """Draw ``frame`` on the visible plots that have not drawn it, as far as ``budget`` (seconds this tick; None:
        all of them) and the drawing ``share`` of the time allow. ``hold_worker`` (training in a thread at full
        speed) is called before the first plot is drawn, to keep the worker off the GIL until Qt has painted."""
        self.show_part_notes(frame)
        held = False
        for name in self.scheduler.plan(frame.serial, self.plots, self._shows, share, budget):
            if hold_worker is not None and not held:
                hold_worker()
                held = True
            self.draw_plot(name, frame)
        if self.scheduler.left_over and not self.continuation_pending:
            # The rest are drawn in a moment, once Qt has painted these and handled whatever input is waiting
            # (in the same order, the longest-waiting first): the event loop never waits for every plot at once.
            # A timer, not a zero-delay call: that would run before the paint requests these updates post, and
            # one paint would then cover every plot.
            self.continuation_pending = True
            QTimer.singleShot(CONTINUE_AFTER_MS, self._continue)

    def _continue(self) -> None:
        self.continuation_pending = False
        self._tick()

    def _shows(self, name: str) -> bool:
        return shows_on_screen(self.plots[name])

    def draw_plot(self, name: str, frame: Frame) -> None:
        """Draw ``frame`` on one plot now, visible or not (an export of a plot behind a tab)."""
        panel = self.plots[name]
        started = self.scheduler.clock()
        try:
            panel.set_experiment(frame.config, frame.config_b)
            panel.update(frame.history, frame.snapshot, frame.compare, generation=frame.generation)
        except Exception:  # noqa: BLE001 (one broken plot must not stop the others or training)
            message = f"{name}: {traceback.format_exc(limit=3)}"
            if message not in self.plot_errors:
                self.plot_errors.append(message)
                traceback.print_exc()
        self.scheduler.record(name, frame.serial, started)

    def draw_all(self, frame: Frame) -> None:
        """Draw ``frame`` on every plot now, visible or not (before an export or a screenshot)."""
        for name in self.plots:
            self.draw_plot(name, frame)

    def show_part_notes(self, frame: Frame) -> None:
        """Say over each costly part's plot when what it shows is approximate or still being computed. Every tick,
        not only when a frame arrives: at 200 x 1024 a part takes minutes and no frame comes meanwhile."""
        now = self.scheduler.clock()
        for part, name in PART_PLOTS.items():
            panel = self.plots.get(name)
            if panel is None:
                continue
            condition = part_condition(frame, part, now, self._coming_since)
            panel.set_part_note(self.part_note_text(condition))

    def part_note_text(self, condition: tuple[str, float] | None) -> str:
        """The words for :func:`~bpviz.ui.frame_scheduler.part_condition`'s answer ("" for None)."""
        if condition is None:
            return ""
        kind, value = condition
        if kind == "coming":
            return self.tr("Computing… (a large network: this may take a while)") if value >= SLOW_PART_SECONDS \
                else self.tr("Computing…")
        if kind == "refining":
            return self.tr("Approximate: refining, {percent} % of the points computed").format(
                percent=f"{100 * value:.0f}")
        if kind == "refreshing":
            return self.tr("Approximate: refreshed a few points at a time")
        return self.tr("Estimated: RMS singular values from sampled rows (exact ones cost too much here)")

    def wanted_parts(self) -> dict[str, bool]:
        """The costly frame parts (histograms, grid, Jacobians) whose plot shows on screen."""
        return {part: name in self.plots and shows_on_screen(self.plots[name]) for part, name in PART_PLOTS.items()}
