"""Where everything sits: the dashboard (an inner QMainWindow holding one dock per plot), the builder and lesson
docks on the left, the default arrangement (View -> Reset layout), and the layout remembered in QSettings.

Default dashboard: two rows; each entry of TOP_ROW/BOTTOM_ROW is a dock and the docks tabbed behind it. Four plots
show at once, each wide enough for its legends; the others are one tab-click away.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from bpviz.ui.frame_scheduler import PRIMARY_PLOT
from bpviz.ui.plots.panel import PlotPanel

TOP_ROW = (("gradientFlowPlot", ("phaseDiagramPlot",)),  # the prediction beside the measurement
           ("networkDiagramPlot", ("decisionBoundaryPlot", "activationPlot")))
BOTTOM_ROW = (("gradientHeatmapPlot", ("updateRatioPlot", "gradientHistogramPlot")), ("lossPlot", ("jacobianPlot",)))
LAYOUT_VERSION = 1
DEFAULT_WINDOW_SIZE = (1600, 1000)
BUILDER_WIDTH = 340
PRESENTATION_BUILDER_SCALE = 1.3  # the builder's width in presentation mode (its fonts are 1.5x)


def new_dashboard() -> QMainWindow:
    """The inner main window the plot docks live in (objectName ``dashboard``: what a dashboard export renders)."""
    dashboard = QMainWindow()
    dashboard.setObjectName("dashboard")
    dashboard.setWindowFlags(Qt.WindowType.Widget)
    dashboard.setDockNestingEnabled(True)
    dashboard.setDockOptions(QMainWindow.DockOption.AllowNestedDocks
                             | QMainWindow.DockOption.AllowTabbedDocks
                             | QMainWindow.DockOption.AnimatedDocks)
    return dashboard


def plot_docks(dashboard: QMainWindow, plot_classes: Iterable[type[PlotPanel]]
               ) -> tuple[dict[str, PlotPanel], dict[str, QDockWidget]]:
    """One plot of each class, each in its own dock (``<objectName>Dock``): (plots, docks) by the plot's
    objectName, in the order of ``plot_classes``."""
    plots: dict[str, PlotPanel] = {}
    docks: dict[str, QDockWidget] = {}
    for plot_class in plot_classes:
        panel = plot_class()
        name = panel.objectName() or plot_class.object_name
        dock = QDockWidget(dashboard)
        dock.setObjectName(f"{name}Dock")
        dock.setWidget(panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        plots[name] = panel
        docks[name] = dock
    return plots, docks


class DockLayout:
    """Arranges ``window``'s docks: ``builder_dock`` and ``lesson_dock`` on its left, ``docks`` (plot name ->
    dock of ``plots[name]``) in ``dashboard``. ``presentation()`` says whether presentation mode is on (a wider
    builder); ``closed()`` whether the window is closing (a delayed resize then does nothing)."""

    def __init__(self, window: QMainWindow, dashboard: QMainWindow, plots: dict[str, PlotPanel],
                 docks: dict[str, QDockWidget], builder_dock: QDockWidget, lesson_dock: QDockWidget,
                 presentation: Callable[[], bool], closed: Callable[[], bool]) -> None:
        self.window = window
        self.dashboard = dashboard
        self.plots = plots
        self.docks = docks
        self.builder_dock = builder_dock
        self.lesson_dock = lesson_dock
        self._presentation = presentation
        self._closed = closed

    def arrange_default(self) -> None:
        """The default dashboard: gradient flow large at top left; the other plots in two rows, some tabbed."""
        window = self.window
        for dock in (self.builder_dock, self.lesson_dock):
            window.removeDockWidget(dock)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.builder_dock)
        window.splitDockWidget(self.builder_dock, self.lesson_dock, Qt.Orientation.Vertical)
        for dock in (self.builder_dock, self.lesson_dock):
            dock.setFloating(False)
            dock.show()
        dashboard = self.dashboard
        for dock in self.docks.values():
            dashboard.removeDockWidget(dock)
        top = [self.docks[name] for name, _ in TOP_ROW if name in self.docks]
        bottom = [self.docks[name] for name, _ in BOTTOM_ROW if name in self.docks]
        placed = set()
        first = top[0]
        dashboard.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, first)
        placed.add(first)
        if bottom:
            dashboard.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, bottom[0])
            placed.add(bottom[0])
        for previous, dock in zip(top, top[1:]):
            dashboard.splitDockWidget(previous, dock, Qt.Orientation.Horizontal)
            placed.add(dock)
        for previous, dock in zip(bottom, bottom[1:]):
            dashboard.splitDockWidget(previous, dock, Qt.Orientation.Horizontal)
            placed.add(dock)
        for name, tabbed in (*TOP_ROW, *BOTTOM_ROW):
            for other in tabbed:
                if name in self.docks and other in self.docks:
                    dashboard.tabifyDockWidget(self.docks[name], self.docks[other])
                    placed.add(self.docks[other])
        leftovers = [dock for dock in self.docks.values() if dock not in placed]
        for dock in leftovers:  # a plot class added later than this layout: tab it behind the last bottom plot
            dashboard.tabifyDockWidget(bottom[-1] if bottom else first, dock)
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        for name, _tabbed in (*TOP_ROW, *BOTTOM_ROW):
            if name in self.docks:
                self.docks[name].raise_()
        self.size_default()
        QTimer.singleShot(0, self.size_default)  # again once the window has its real size

    def size_default(self) -> None:
        """Share each row's width in proportion to what its plots need (their minimum widths), the flow plot more."""
        if self._closed():
            return
        window = self.window
        self.fit_builder()
        window.resizeDocks([self.builder_dock, self.lesson_dock], [int(window.height() * 0.62),
                                                                   int(window.height() * 0.38)],
                           Qt.Orientation.Vertical)
        width = max(self.dashboard.width(), 900)
        height = max(self.dashboard.height(), 600)
        rows = []
        for row in (TOP_ROW, BOTTOM_ROW):
            names = [name for name, _ in row if name in self.docks]
            if names:
                needs = [self.plot_min_width(name) * (1.3 if name == PRIMARY_PLOT else 1.0) for name in names]
                total = sum(needs)
                self.dashboard.resizeDocks([self.docks[n] for n in names], [int(width * n / total) for n in needs],
                                           Qt.Orientation.Horizontal)
                rows.append(self.docks[names[0]])
        if len(rows) == 2:
            self.dashboard.resizeDocks(rows, [int(height * 0.56), int(height * 0.44)], Qt.Orientation.Vertical)

    def fit_builder(self) -> None:
        """The builder dock at its default width (wider in presentation mode)."""
        self.window.resizeDocks([self.builder_dock], [self.builder_width()], Qt.Orientation.Horizontal)

    def builder_width(self) -> int:
        """The builder's default width: wider in presentation mode, so its larger texts are not cut off."""
        return int(BUILDER_WIDTH * (PRESENTATION_BUILDER_SCALE if self._presentation() else 1.0))

    def plot_min_width(self, name: str) -> float:
        panel = self.plots[name]
        item = getattr(panel, "plot_item", None)
        hint = item.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() if item is not None else 0.0
        return max(float(hint), float(panel.minimumSizeHint().width()), 200.0)

    def restore(self, settings: QSettings) -> bool:
        """The window's geometry and both dock layouts as saved last; False (and the default size) if none was
        saved by this layout version."""
        window = self.window
        if settings.value("layout/version", 0, type=int) != LAYOUT_VERSION:
            window.resize(*DEFAULT_WINDOW_SIZE)
            return False
        geometry = settings.value("layout/geometry")
        if isinstance(geometry, QByteArray) and not window.restoreGeometry(geometry):
            window.resize(*DEFAULT_WINDOW_SIZE)
        for key, main in (("layout/window", window), ("layout/dashboard", self.dashboard)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                main.restoreState(state, LAYOUT_VERSION)
        return True

    def save(self, settings: QSettings) -> None:
        settings.setValue("layout/version", LAYOUT_VERSION)
        settings.setValue("layout/geometry", self.window.saveGeometry())
        settings.setValue("layout/window", self.window.saveState(LAYOUT_VERSION))
        settings.setValue("layout/dashboard", self.dashboard.saveState(LAYOUT_VERSION))
