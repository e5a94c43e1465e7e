"""Where everything sits: the dashboard (an inner QMainWindow holding one dock per plot), the builder and lesson
docks on the left, the default arrangement (View -> Reset layout), and the layout remembered in QSettings.

Default dashboard: two rows; each entry of TOP_ROW/BOTTOM_ROW is a dock and the docks tabbed behind it. Four plots
show at once, each wide enough for its legends; the others are one tab-click away. On a short screen (a 1280 x 720
or 1366 x 768 projector) the bottom row is tabbed behind the top one: two plots, each the dashboard's full height.

Focus view (presentation mode): one plot fills the dashboard and PageDown/PageUp step through the plots in
FOCUS_ORDER (a lesson's plot of interest first); leaving it brings the dashboard back as it was.

The window opens inside its screen's available geometry (DEFAULT_WINDOW_SIZE or less) and restores a saved geometry
only if that fits the screen it lands on.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

from bpviz.ui.frame_scheduler import PRIMARY_PLOT
from bpviz.ui.plots.panel import PlotPanel

TOP_ROW = (("gradientFlowPlot", ("phaseDiagramPlot",)),  # the prediction beside the measurement
           ("networkDiagramPlot", ("decisionBoundaryPlot", "activationPlot")))
BOTTOM_ROW = (("gradientHeatmapPlot", ("updateRatioPlot", "gradientHistogramPlot")), ("lossPlot", ("jacobianPlot",)))
LAYOUT_VERSION = 1
DEFAULT_WINDOW_SIZE = (1600, 1000)
# Room left for the window manager's title bar and borders (the window's own size does not include them).
FRAME_ALLOWANCE = (16, 48)
# The focus view's order: what a lesson is about first, then the story of a run (signal, over time, loss, network).
FOCUS_ORDER = ("gradientFlowPlot", "gradientHeatmapPlot", "lossPlot", "networkDiagramPlot", "decisionBoundaryPlot",
               "activationPlot", "gradientHistogramPlot", "updateRatioPlot", "jacobianPlot", "phaseDiagramPlot")
BUILDER_WIDTH = 340
# Each plot's minimum height: two rows of plots with their tab bars, two toolbar rows, the menu and the status bar
# must fit a 1280 x 720 projector (a plot asks for up to 230 px on its own; the default layout gives it more).
PLOT_MIN_HEIGHT = 190
COMPACT_SCREEN_HEIGHT = 800  # a screen less tall than this gets one row of plots by default
PRESENTATION_BUILDER_SCALE = 1.3  # the builder's width in presentation mode (its fonts are 1.5x)


def available_geometry(window: QMainWindow) -> QRect:
    """The available geometry (without task bars) of the screen ``window`` is on, or of the primary screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, *DEFAULT_WINDOW_SIZE)


def fitted_geometry(available: QRect, wanted: QSize | None = None) -> QRect:
    """The window's geometry (without its frame) for a screen whose available geometry is ``available``:
    ``wanted`` (DEFAULT_WINDOW_SIZE) or smaller, so that with the window manager's frame it fits, centred."""
    wanted = wanted if wanted is not None else QSize(*DEFAULT_WINDOW_SIZE)
    width = max(1, min(wanted.width(), available.width() - FRAME_ALLOWANCE[0]))
    height = max(1, min(wanted.height(), available.height() - FRAME_ALLOWANCE[1]))
    left = available.left() + (available.width() - width) // 2
    top = available.top() + (available.height() - height - FRAME_ALLOWANCE[1] + FRAME_ALLOWANCE[0]) // 2
    return QRect(left, max(available.top(), top), width, height)


def fits(geometry: QRect, available: QRect) -> bool:
    """Does a window of ``geometry`` (without its frame) fit inside ``available`` with room for its frame?"""
    framed = geometry.adjusted(-FRAME_ALLOWANCE[0] // 2, -(FRAME_ALLOWANCE[1] - FRAME_ALLOWANCE[0] // 2),
                               FRAME_ALLOWANCE[0] // 2, FRAME_ALLOWANCE[0] // 2)
    return geometry.width() + FRAME_ALLOWANCE[0] <= available.width() \
        and geometry.height() + FRAME_ALLOWANCE[1] <= available.height() \
        and available.intersects(framed) and available.contains(geometry.center())


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
        panel.setMinimumHeight(min(PLOT_MIN_HEIGHT, panel.minimumSizeHint().height()) or PLOT_MIN_HEIGHT)
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
        self.focused: str | None = None          # the plot the focus view shows (None: the dashboard as usual)
        self.focus_first: str | None = None      # the plot the focus view starts with (a lesson's plot of interest)
        self.compact = False                     # one row of plots (a short screen)
        self._normal_state: QByteArray | None = None

    # ---- the window on its screen

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """The window at its default size, or smaller to fit ``available`` (its screen's available geometry)."""
        available = available if available is not None else available_geometry(self.window)
        self.window.setGeometry(fitted_geometry(available))

    def arrange_default(self, available: QRect | None = None) -> None:
        """The default dashboard: gradient flow large at top left; the other plots in two rows, some tabbed (one
        row if the screen, of available geometry ``available``, is short)."""
        available = available if available is not None else available_geometry(self.window)
        self.compact = available.height() < COMPACT_SCREEN_HEIGHT
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
        if bottom and not self.compact:
            dashboard.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, bottom[0])
            placed.add(bottom[0])
        for previous, dock in zip(top, top[1:]):
            dashboard.splitDockWidget(previous, dock, Qt.Orientation.Horizontal)
            placed.add(dock)
        if self.compact:  # each bottom-row plot in a tab behind the top-row plot above it
            for index, dock in enumerate(bottom):
                dashboard.tabifyDockWidget(top[min(index, len(top) - 1)], dock)
                placed.add(dock)
        else:
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
        for name, _tabbed in (*TOP_ROW, *BOTTOM_ROW) if not self.compact else TOP_ROW:
            if name in self.docks:
                self.docks[name].raise_()
        if self.focused is not None:  # View -> Reset layout in the focus view: the default comes back on leaving it
            self._normal_state = dashboard.saveState(LAYOUT_VERSION)
            self.show_focused(self.focused)
        self.size_default()
        QTimer.singleShot(0, self.size_default)  # again once the window has its real size
        QTimer.singleShot(0, self.unelide_tabs)  # the dashboard makes its tab bars when it lays the docks out

    def unelide_tabs(self) -> None:
        """The dashboard's tabs show whole plot names ("Loss", never "L…"), with scroll arrows if they need them."""
        if self._closed():
            return
        for bar in self.dashboard.findChildren(QTabBar):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def size_default(self) -> None:
        """Share each row's width in proportion to what its plots need (their minimum widths), the flow plot more."""
        if self._closed():
            return
        self.fit_side_docks()
        self.size_plots()

    def fit_side_docks(self) -> None:
        """The builder at its default width, the lesson below it with a share of the height (more in
        presentation mode, where its text is larger)."""
        window = self.window
        self.fit_builder()
        lesson_share = 0.5 if self._presentation() else 0.38  # presentation: the lesson's larger text needs room
        window.resizeDocks([self.builder_dock, self.lesson_dock], [int(window.height() * (1 - lesson_share)),
                                                                   int(window.height() * lesson_share)],
                           Qt.Orientation.Vertical)

    def size_plots(self) -> None:
        """Share each row's width in proportion to what its plots need, and the height between the rows."""
        width = max(self.dashboard.width(), 900)
        height = max(self.dashboard.height(), 600)
        rows = []
        for row in (TOP_ROW, BOTTOM_ROW) if not self.compact else (TOP_ROW,):
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

    def restore(self, settings: QSettings, available: QRect | None = None) -> bool:
        """The window's geometry and both dock layouts as saved last; False (and the default size) if none was
        saved by this layout version. A saved geometry that does not fit the screen (``available``: its available
        geometry; a smaller projector, a screen gone) gives way to the default size for this screen."""
        window = self.window
        if settings.value("layout/version", 0, type=int) != LAYOUT_VERSION:
            self.fit_to_screen(available)
            return False
        geometry = settings.value("layout/geometry")
        if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
            self.fit_to_screen(available)
        else:
            screen = available if available is not None else available_geometry(window)
            if window.isMaximized() or window.isFullScreen():
                pass  # the window manager sizes it to the screen
            elif not fits(window.geometry(), screen):
                self.fit_to_screen(screen)
        for key, main in (("layout/window", window), ("layout/dashboard", self.dashboard)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                main.restoreState(state, LAYOUT_VERSION)
        QTimer.singleShot(0, self.unelide_tabs)
        return True

    def save(self, settings: QSettings) -> None:
        settings.setValue("layout/version", LAYOUT_VERSION)
        settings.setValue("layout/geometry", self.window.saveGeometry())
        settings.setValue("layout/window", self.window.saveState(LAYOUT_VERSION))
        # The focus view is presentation mode's; the layout to remember is the dashboard as the user arranged it.
        state = self._normal_state if self.focused is not None and self._normal_state is not None \
            else self.dashboard.saveState(LAYOUT_VERSION)
        settings.setValue("layout/dashboard", state)

    # ---- the focus view (presentation mode)

    def focus_order(self) -> list[str]:
        """The plots the focus view steps through: :attr:`focus_first` (a lesson's plot of interest), then
        FOCUS_ORDER."""
        first = self.focus_first
        names = [name for name in FOCUS_ORDER if name in self.docks]
        names += [name for name in self.docks if name not in names]  # a plot class added later
        if first in names:
            names.remove(first)
            names.insert(0, first)
        return names

    def enter_focus(self, name: str | None = None) -> None:
        """One plot (``name``, else the first of :meth:`focus_order`) fills the dashboard; the others hide."""
        if self.focused is None:
            self._normal_state = self.dashboard.saveState(LAYOUT_VERSION)
        self.show_focused(name if name in self.docks else self.focus_order()[0])

    def show_focused(self, name: str) -> None:
        self.focused = name
        for other, dock in self.docks.items():
            if other != name:
                dock.hide()
                dock.setWindowTitle(self.plots[other].tab_text() or other)
        dock = self.docks[name]
        dock.setFloating(False)
        dock.show()
        dock.raise_()
        self.retitle_focused()

    def leave_focus(self) -> None:
        """The dashboard as it was before the focus view (or the default one)."""
        if self.focused is None:
            return
        name, self.focused = self.focused, None
        self.docks[name].setWindowTitle(self.plots[name].tab_text() or name)
        if self._normal_state is None or not self.dashboard.restoreState(self._normal_state, LAYOUT_VERSION):
            self.arrange_default()
        self._normal_state = None

    def focus_step(self, step: int) -> str | None:
        """The next (``step`` 1) or previous (-1) plot of the focus view, in :meth:`focus_order`; None if the focus
        view is off."""
        if self.focused is None:
            return None
        order = self.focus_order()
        index = order.index(self.focused) if self.focused in order else 0
        self.show_focused(order[(index + step) % len(order)])
        return self.focused

    def retitle_focused(self) -> None:
        """The focused plot's dock title says where it is in the order and how to move on."""
        if self.focused is None:
            return
        name = self.focused
        order = self.focus_order()
        title = QCoreApplication.translate("DockLayout", "{title} — plot {index} of {count} (PageDown: next, "
                                           "PageUp: previous)").format(
            title=self.plots[name].tab_text() or name, index=order.index(name) + 1, count=len(order))
        self.docks[name].setWindowTitle(title)
