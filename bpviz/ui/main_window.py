"""The main window: the builder on the left, the plots in a dashboard of docks, the toolbar that drives training.

The window never trains and never computes a gradient. It sends commands to its worker and a ~60 Hz ``QTimer``
draws the newest :class:`Frame` (published at <= 30 Hz) from the worker's mailbox (DESIGN.md §4). The worker is a
:class:`ProcessWorker` (training in a child process: the default) or a :class:`TrainingWorker` (training in a
thread of this process: ``training="thread"`` or ``BPVIZ_TRAINING=thread``, and the fallback when no process can
start). Only visible plots are drawn; a tick draws plots until it has used DRAW_BUDGET_SECONDS and the rest follow
right after Qt has painted those, so the event loop never waits for every plot at once. While training runs at
full speed, drawing gets at most PROCESS_DRAW_SHARE of the time (TRAINING_DRAW_SHARE when training shares our GIL),
the gradient-flow plot first. The counter and labels follow every frame.

Hooks other parts build on: ``config``, ``set_config(cfg, restart)``, ``plots`` (objectName -> PlotPanel),
``docks``, ``dashboard`` (the widget a dashboard export renders), ``load_lesson(name)``, ``set_compare(cfg_b)``,
``menus`` ("file", "view", "help") and ``view_settings_separator`` (where View's presentation/theme/language
entries go), ``apply_theme(theme)``, ``set_font_scale(factor)``, ``latest_frame()``, ``worker``/``session``.
"""

from __future__ import annotations

import html
import time
import traceback
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pyqtgraph)
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QDockWidget, QFileDialog,
    QHBoxLayout, QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QPlainTextEdit, QPushButton, QSizePolicy,
    QSlider, QStyle, QTextBrowser, QTextEdit, QToolBar, QToolButton, QVBoxLayout, QWidget,
)

from bpviz.config import ConfigError, ExperimentConfig, all_field_paths
from bpviz.lessons import lesson_names as _lesson_names
from bpviz.lessons import load_lesson as _load_lesson
from bpviz.ui import appearance
from bpviz.ui.app import app_icon
from bpviz.ui.builder_panel import BuilderPanel
from bpviz.ui.dialogs import AboutDialog, ShortcutsDialog
from bpviz.ui.export import SCALES, export_dashboard_png, export_history_csv, export_plot_png, export_plot_svg
from bpviz.ui.i18n import available_languages, current_language, install_language
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.common import PlotPanel, Theme, current_theme, quantity_text, set_current_theme
from bpviz.ui.training_process import ProcessWorker, training_mode
from bpviz.ui.worker import Frame, Notice, TrainingSession, TrainingWorker

DEFAULT_EXPERIMENT_NAME = ExperimentConfig().name

FRAME_INTERVAL_MS = 16          # ~60 Hz: how often the UI looks into the mailbox (the worker publishes <= 30 Hz;
#                                 polling faster keeps a frame from waiting long, and spreads a frame's plots over
#                                 two ticks)
THREAD_FRAME_INTERVAL_MS = 25   # 40 Hz when training shares this process (fewer wake-ups of the GIL)
DRAW_BUDGET_SECONDS = 0.008     # per tick (update + paint); plots left over are drawn on a later tick...
CONTINUE_AFTER_MS = 2           # ... this soon after this tick's plots have been painted
# Training in a thread (training="thread") shares the GIL with the plots: drawing may then use at most this share
# of the time (a credit that refills with the clock, capped), so a slow machine draws less often instead of
# training slower.
TRAINING_DRAW_SHARE = 0.12
# Training in its own process does not wait for our GIL; drawing still leaves a part of this core to the worker
# thread that receives frames, and to the rest of the desktop.
PROCESS_DRAW_SHARE = 0.75
DRAW_CREDIT_CAP_SECONDS = 0.03
SLOW_MOTION_MAX = 50            # steps/s: at this speed or slower, drawing is not rationed
PRIMARY_WEIGHT = 4.0            # the gradient-flow plot redraws about this many times as often as the others
DEFAULT_COST_SECONDS = 0.005    # a plot's assumed cost until it has been measured
SPEEDS: tuple[float | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, None)  # steps/s; None = full speed
LAYOUT_VERSION = 1
MAX_PROCESS_RESTARTS = 1        # a training process that fails again after a restart gives way to a thread
MAX_RECENT_FILES = 8
PRIMARY_PLOT = "gradientFlowPlot"
BUILDER_WIDTH = 340
PRESENTATION_BUILDER_SCALE = 1.3  # the builder's width in presentation mode (its fonts are 1.5x)
# The costly frame parts and the plot that draws each: the worker computes a part only while its plot shows.
PART_PLOTS = {"histograms": "gradientHistogramPlot", "grid": "decisionBoundaryPlot", "jacobians": "jacobianPlot"}

# Default dashboard: two rows; each entry is a dock and the docks tabbed behind it.
# Four plots show at once, each wide enough for its legends; the others are one tab-click away.
TOP_ROW = (("gradientFlowPlot", ()), ("networkDiagramPlot", ("decisionBoundaryPlot", "activationPlot")))
BOTTOM_ROW = (("gradientHeatmapPlot", ("updateRatioPlot", "gradientHistogramPlot")), ("lossPlot", ("jacobianPlot",)))


# ---------------------------------------------------------------- small widgets

class DivergenceBanner(QWidget):
    """A red bar above the plots: where training diverged and what to do. Hidden while training is healthy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("divergenceBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a plain QWidget paints no CSS otherwise
        self.setStyleSheet("#divergenceBanner { background: #c62828; border-radius: 4px; }"
                           "#divergenceBanner QLabel { color: white; }")
        self.label = QLabel()
        self.label.setObjectName("divergenceText")
        self.label.setWordWrap(True)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("bannerResetButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.reset_button)
        self.hide()


class LessonPanel(QWidget):
    """The lesson picker and the explanation of the chosen lesson (rich text, large font)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.combo = QComboBox()
        self.combo.setObjectName("lessonCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.run_button = QPushButton()
        self.run_button.setObjectName("runLessonButton")
        self.run_button.setEnabled(False)
        self.text = QTextBrowser()
        self.text.setObjectName("lessonText")
        self.text.setOpenExternalLinks(True)
        row = QHBoxLayout()
        row.addWidget(self.combo, stretch=1)
        row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, stretch=1)


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


# ---------------------------------------------------------------- the window

class MainWindow(QMainWindow):
    """bpviz's window. ``MainWindow()`` opens the default experiment (a deep sigmoid network on spirals)."""

    def __init__(self, config: ExperimentConfig | None = None, parent: QWidget | None = None,
                 training: str | None = None) -> None:
        """``training``: ``"process"`` (train in a child process: the default) or ``"thread"`` (in this process);
        None reads the ``BPVIZ_TRAINING`` environment variable, else the default."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        config = config if config is not None else ExperimentConfig()
        self.training_mode = training_mode(training)
        self._config = config
        self._lesson: Any = None
        self._shown_serial = -1
        self._drawn_serial: dict[str, int] = {}
        self._drawn_at: dict[str, float] = {}
        self._update_cost: dict[str, float] = {}
        self._draw_credit = DRAW_CREDIT_CAP_SECONDS
        self._wanted_parts = dict.fromkeys(PART_PLOTS, True)
        self._last_refresh = time.perf_counter()
        self._closed = False
        self._continuation_pending = False  # a refresh() is queued to draw the plots the last one left
        self.frames_shown = 0        # distinct frames drawn (the redraw rate of the benchmark)
        self.draw_counts: dict[str, int] = {}  # redraws per plot
        self.plot_errors: list[str] = []
        self.theme: Theme = current_theme()

        # Training: a session here computes the untrained network's snapshot now, so the window opens showing it;
        # in process mode the child process then takes over (with the same seed, hence the same network).
        self.session: TrainingSession | None = TrainingSession(config)
        self.session.publish(force=True)
        self.worker: TrainingWorker | ProcessWorker = self._new_worker(self.session)
        self._process_restarts = 0

        self._build_dashboard()
        self._build_side_docks()
        self._build_toolbar()
        self._build_menus()
        self._build_view_settings()
        self._build_shortcuts()
        icon = app_icon()
        if icon is not None:
            self.setWindowIcon(icon)
        self.statusBar().setObjectName("statusBar")
        self._font_scale = 1.0
        self._apply_fonts()
        self.arrange_default_layout()
        self.retranslate_ui()
        self._restore_settings()
        self._restore_appearance()

        self._frame_timer = QTimer(self)
        self._frame_timer.setObjectName("frameTimer")
        self._frame_timer.setInterval(self._frame_interval())
        self._frame_timer.timeout.connect(self.refresh)
        self._watch_key_widgets()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.refresh(budget=None)
        self.worker.start_thread()
        self._frame_timer.start()

    # ------------------------------------------------------------------ construction

    def _build_dashboard(self) -> None:
        """The plots live in an inner QMainWindow (the dashboard) under the divergence banner."""
        self.dashboard = QMainWindow()
        self.dashboard.setObjectName("dashboard")
        self.dashboard.setWindowFlags(Qt.WindowType.Widget)
        self.dashboard.setDockNestingEnabled(True)
        self.dashboard.setDockOptions(QMainWindow.DockOption.AllowNestedDocks
                                      | QMainWindow.DockOption.AllowTabbedDocks
                                      | QMainWindow.DockOption.AnimatedDocks)
        self.plots: dict[str, PlotPanel] = {}
        self.docks: dict[str, QDockWidget] = {}
        for plot_class in PLOT_CLASSES:
            panel = plot_class()
            name = panel.objectName() or plot_class.object_name
            dock = QDockWidget(self.dashboard)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(panel)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            dock.visibilityChanged.connect(self._on_dock_visibility)
            self.plots[name] = panel
            self.docks[name] = dock
        self.plot_menu_actions: list[tuple[str, str, int, QAction]] = []
        for name, panel in self.plots.items():
            self._add_export_to_context_menu(name, panel)
        self.paint_meter = PaintMeter(self)
        for name, panel in self.plots.items():
            self.paint_meter.watch(name, panel.plot_widget)
        self.banner = DivergenceBanner()
        self.banner.reset_button.clicked.connect(lambda: self.reset())
        central = QWidget()
        central.setObjectName("centralArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.dashboard, stretch=1)
        self.setCentralWidget(central)

    def _build_side_docks(self) -> None:
        self.builder = BuilderPanel(self._config)
        self.builder.configChanged.connect(self._on_builder_changed)
        self.builder.compareChanged.connect(self._on_compare_pins)
        self.builder_dock = QDockWidget(self)
        self.builder_dock.setObjectName("builderDock")
        self.builder_dock.setWidget(self.builder)
        self.lesson_panel = LessonPanel()
        self.lesson_combo = self.lesson_panel.combo
        self.lesson_panel.run_button.clicked.connect(self.run_lesson)
        self.lesson_dock = QDockWidget(self)
        self.lesson_dock.setObjectName("lessonDock")
        self.lesson_dock.setWidget(self.lesson_panel)
        self._fill_lesson_combo()
        self.lesson_combo.activated.connect(self._on_lesson_chosen)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(24, 24))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        style = self.style()

        def button(name: str, icon: QStyle.StandardPixmap, checkable: bool = False) -> QToolButton:
            widget = QToolButton()
            widget.setObjectName(name)
            widget.setIcon(style.standardIcon(icon))
            widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            widget.setCheckable(checkable)
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            bar.addWidget(widget)
            return widget

        self.train_button = button("trainButton", QStyle.StandardPixmap.SP_MediaPlay, checkable=True)
        # The one button a class watches: green to start, orange while training (the text says it too).
        self.train_button.setStyleSheet(
            "QToolButton#trainButton { background: #2e7d32; color: white; border-radius: 4px; padding: 3px 12px; }"
            "QToolButton#trainButton:checked { background: #e65100; }"
            "QToolButton#trainButton:focus { border: 2px solid #1565c0; }")
        self.train_button.toggled.connect(self._on_train_toggled)
        self.step_button = button("stepButton", QStyle.StandardPixmap.SP_MediaSkipForward)
        self.step_button.clicked.connect(self.step)
        self.reset_button = button("resetButton", QStyle.StandardPixmap.SP_BrowserReload)
        self.reset_button.clicked.connect(lambda: self.reset())
        bar.addSeparator()
        self.speed_title = QLabel()
        bar.addWidget(self.speed_title)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setFixedWidth(150)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        bar.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.speed_label.setMinimumWidth(100)
        bar.addWidget(self.speed_label)
        bar.addSeparator()
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.step_label.setMinimumWidth(120)
        bar.addWidget(self.step_label)
        self.loss_label = QLabel()
        self.loss_label.setObjectName("lossLabel")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateLabel")
        for label in (self.loss_label, self.accuracy_label, self.rate_label):
            label.setContentsMargins(10, 0, 10, 0)
            bar.addWidget(label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.export_button = button("exportButton", QStyle.StandardPixmap.SP_DialogSaveButton)
        self.export_button.clicked.connect(lambda: self.export_dashboard())

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        file_menu = menu_bar.addMenu("")
        file_menu.setObjectName("fileMenu")
        self.menus["file"] = file_menu
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(lambda: self.open_experiment())
        self.save_action = QAction(self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self.save_experiment())
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.export_menu = QMenu(self)
        self.export_menu.setObjectName("exportMenu")
        self.export_dashboard_actions: dict[int, QAction] = {}
        for scale in SCALES:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, s=scale: self.export_dashboard(scale=s))
            self.export_dashboard_actions[scale] = action
            self.export_menu.addAction(action)
        self.export_menu.addSeparator()
        self.export_plot_png_menu = QMenu(self)
        self.export_plot_svg_menu = QMenu(self)
        for name in self.plots:
            png = QAction(self)
            png.setData(name)
            png.triggered.connect(lambda _checked=False, n=name: self.export_plot(n, fmt="png"))
            self.export_plot_png_menu.addAction(png)
            svg = QAction(self)
            svg.setData(name)
            svg.triggered.connect(lambda _checked=False, n=name: self.export_plot(n, fmt="svg"))
            self.export_plot_svg_menu.addAction(svg)
        self.export_menu.addMenu(self.export_plot_png_menu)
        self.export_menu.addMenu(self.export_plot_svg_menu)
        self.export_menu.addSeparator()
        self.export_csv_action = QAction(self)
        self.export_csv_action.triggered.connect(lambda: self.export_history())
        self.export_menu.addAction(self.export_csv_action)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.save_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addMenu(self.export_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = menu_bar.addMenu("")
        view_menu.setObjectName("viewMenu")
        self.menus["view"] = view_menu
        for dock in (self.builder_dock, self.lesson_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.reset_layout_action = QAction(self)
        self.reset_layout_action.triggered.connect(self.arrange_default_layout)
        view_menu.addAction(self.reset_layout_action)
        # Presentation mode, theme and language go after this separator (added by their own modules).
        self.view_settings_separator = view_menu.addSeparator()

        help_menu = menu_bar.addMenu("")
        help_menu.setObjectName("helpMenu")
        self.menus["help"] = help_menu
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _build_view_settings(self) -> None:
        """View -> Presentation mode, Theme (Light/Dark) and Language, after ``view_settings_separator``."""
        view_menu = self.menus["view"]
        self._theme_name = appearance.DEFAULT_THEME
        self._presentation = False
        self.presentation_action = QAction(self)
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcuts([QKeySequence("F11"), QKeySequence("Ctrl+Shift+P")])
        self.presentation_action.toggled.connect(self.set_presentation)
        self.presentation_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.presentation_action)  # its keys work with the menu closed (and the menu bar hidden)
        view_menu.addAction(self.presentation_action)
        self.theme_menu = QMenu(self)
        self.theme_menu.setObjectName("themeMenu")
        self.theme_group = QActionGroup(self)
        self.theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in appearance.THEMES:
            action = QAction(self)
            action.setObjectName(f"{name}ThemeAction")
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == self._theme_name)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        view_menu.addMenu(self.theme_menu)
        self.language_menu = QMenu(self)
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, native in available_languages().items():
            action = QAction(native, self)  # each language in its own words, never translated
            action.setObjectName(f"language_{code}_Action")
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        view_menu.addMenu(self.language_menu)
        self._sync_language_actions()

    def _build_shortcuts(self) -> None:
        """Space, Right and R drive training; they yield to a focused widget that uses the key (see eventFilter)."""
        self.shortcuts: dict[str, QShortcut] = {}
        for key, slot in (("Space", self.toggle_training), ("Right", self.step), ("R", lambda: self.reset())):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[key] = shortcut

    def _fill_lesson_combo(self) -> None:
        combo = self.lesson_combo
        combo.clear()
        combo.addItem("", None)  # "choose a lesson" (text set in retranslate_ui)
        try:
            names = list(_lesson_names())
        except Exception as exc:  # noqa: BLE001 (a broken lesson folder must not stop the window)
            self.statusBar().showMessage(str(exc), 10000)
            names = []
        for name in names:
            title = name
            try:
                title = _load_lesson(name, language=self.lesson_language()).title
            except Exception:  # noqa: BLE001 (the name still lets the user try, and see the error then)
                pass
            combo.addItem(title, name)
        combo.setEnabled(bool(names))

    # ------------------------------------------------------------------ layout

    def arrange_default_layout(self) -> None:
        """The default dashboard: gradient flow large at top left; the other plots in two rows, some tabbed."""
        for dock in (self.builder_dock, self.lesson_dock):
            self.removeDockWidget(dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.builder_dock)
        self.splitDockWidget(self.builder_dock, self.lesson_dock, Qt.Orientation.Vertical)
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
        self._size_default_layout()
        QTimer.singleShot(0, self._size_default_layout)  # again once the window has its real size

    def _size_default_layout(self) -> None:
        """Share each row's width in proportion to what its plots need (their minimum widths), the flow plot more."""
        if self._closed:
            return
        self.resizeDocks([self.builder_dock], [self._builder_width()], Qt.Orientation.Horizontal)
        self.resizeDocks([self.builder_dock, self.lesson_dock], [int(self.height() * 0.62),
                                                                 int(self.height() * 0.38)], Qt.Orientation.Vertical)
        width = max(self.dashboard.width(), 900)
        height = max(self.dashboard.height(), 600)
        rows = []
        for row in (TOP_ROW, BOTTOM_ROW):
            names = [name for name, _ in row if name in self.docks]
            if names:
                needs = [self._plot_min_width(name) * (1.3 if name == PRIMARY_PLOT else 1.0) for name in names]
                total = sum(needs)
                self.dashboard.resizeDocks([self.docks[n] for n in names], [int(width * n / total) for n in needs],
                                           Qt.Orientation.Horizontal)
                rows.append(self.docks[names[0]])
        if len(rows) == 2:
            self.dashboard.resizeDocks(rows, [int(height * 0.56), int(height * 0.44)], Qt.Orientation.Vertical)

    def _builder_width(self) -> int:
        """The builder's default width: wider in presentation mode, so its larger texts are not cut off."""
        return int(BUILDER_WIDTH * (PRESENTATION_BUILDER_SCALE if getattr(self, "_presentation", False) else 1.0))

    def _plot_min_width(self, name: str) -> float:
        panel = self.plots[name]
        item = getattr(panel, "plot_item", None)
        hint = item.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() if item is not None else 0.0
        return max(float(hint), float(panel.minimumSizeHint().width()), 200.0)

    def _restore_settings(self) -> None:
        settings = QSettings()
        if settings.value("layout/version", 0, type=int) != LAYOUT_VERSION:
            self.resize(1600, 1000)
            return
        geometry = settings.value("layout/geometry")
        if isinstance(geometry, QByteArray) and not self.restoreGeometry(geometry):
            self.resize(1600, 1000)
        for key, window in (("layout/window", self), ("layout/dashboard", self.dashboard)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                window.restoreState(state, LAYOUT_VERSION)
        speed = settings.value("training/speedIndex", len(SPEEDS) - 1, type=int)
        if 0 <= speed < len(SPEEDS):
            self.speed_slider.setValue(speed)

    def _restore_appearance(self) -> None:
        theme, presentation = appearance.saved_appearance()
        self._apply_appearance(theme, presentation, save=False)

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("layout/version", LAYOUT_VERSION)
        settings.setValue("layout/geometry", self.saveGeometry())
        settings.setValue("layout/window", self.saveState(LAYOUT_VERSION))
        settings.setValue("layout/dashboard", self.dashboard.saveState(LAYOUT_VERSION))
        settings.setValue("training/speedIndex", self.speed_slider.value())
        settings.sync()

    # ------------------------------------------------------------------ texts

    def retranslate_ui(self) -> None:
        self._update_title()
        self.builder_dock.setWindowTitle(self.tr("Network builder"))
        self.lesson_dock.setWindowTitle(self.tr("Lesson"))
        for name, dock in self.docks.items():
            dock.setWindowTitle(self.plots[name].title_text() or name)
        self.train_button.setText(self.tr("Pause") if self.train_button.isChecked() else self.tr("Train"))
        self.train_button.setToolTip(self.tr("Train or pause (Space): steps run in a background thread while the "
                                             "plots update about 30 times a second."))
        self.train_button.setAccessibleName(self.tr("Train or pause"))
        self.step_button.setText(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Exactly one training step (Right arrow); pauses training first."))
        self.step_button.setAccessibleName(self.tr("One step"))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("New weights from the seed, back to step 0 (R)."))
        self.reset_button.setAccessibleName(self.tr("Reset"))
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Save the whole dashboard as a PNG image, for slides."))
        self.export_button.setAccessibleName(self.tr("Export dashboard as PNG"))
        self.speed_title.setText(self.tr("Speed"))
        self.speed_slider.setToolTip(self.tr("Training speed: from slow motion (1 step per second) to full "
                                             "speed."))
        self.speed_slider.setAccessibleName(self.tr("Training speed"))
        self.speed_label.setAccessibleName(self.tr("Training speed"))
        self.step_label.setToolTip(self.tr("Training steps taken since the last reset."))
        self.step_label.setAccessibleName(self.tr("Step counter"))
        self.loss_label.setToolTip(self.tr("Training loss (mean cross-entropy) of the last step."))
        self.loss_label.setAccessibleName(self.tr("Loss"))
        self.accuracy_label.setToolTip(self.tr("Accuracy on the held-out test points."))
        self.accuracy_label.setAccessibleName(self.tr("Test accuracy"))
        self.rate_label.setToolTip(self.tr("Training steps per second right now."))
        self.rate_label.setAccessibleName(self.tr("Steps per second"))
        self._update_speed_label()
        self.banner.reset_button.setText(self.tr("Reset"))
        self.banner.reset_button.setToolTip(self.tr("New weights from the seed, back to step 0."))
        self.banner.reset_button.setAccessibleName(self.tr("Reset after divergence"))
        self.lesson_combo.setItemText(0, self.tr("Choose a lesson…"))
        self.lesson_combo.setToolTip(self.tr("Each lesson is one claim of the article as an experiment: network A "
                                             "shows the problem, network B the remedy."))
        self.lesson_combo.setAccessibleName(self.tr("Lesson"))
        self.lesson_panel.run_button.setText(self.tr("Run lesson"))
        self.lesson_panel.run_button.setToolTip(self.tr("Train networks A and B side by side."))
        self.lesson_panel.run_button.setAccessibleName(self.tr("Run lesson"))
        self._show_lesson_text()

        self.menus["file"].setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open experiment…"))
        self.save_action.setText(self.tr("&Save experiment…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.export_menu.setTitle(self.tr("&Export"))
        for scale, action in self.export_dashboard_actions.items():
            action.setText(self.tr("Dashboard as PNG ({scale}x)…").format(scale=scale))
        self.export_plot_png_menu.setTitle(self.tr("Plot as PNG"))
        self.export_plot_svg_menu.setTitle(self.tr("Plot as SVG"))
        for menu in (self.export_plot_png_menu, self.export_plot_svg_menu):
            for action in menu.actions():
                name = action.data()
                action.setText(self.plots[name].title_text() or name)
        self.export_csv_action.setText(self.tr("Training history as CSV…"))
        self._retranslate_context_menus()
        self.quit_action.setText(self.tr("&Quit"))
        self.menus["view"].setTitle(self.tr("&View"))
        self.reset_layout_action.setText(self.tr("Reset layout"))
        self.presentation_action.setText(self.tr("Presentation mode"))
        self.presentation_action.setToolTip(self.tr("Large fonts, thick lines and high-contrast colours for a "
                                                    "projector (F11)."))
        self.theme_menu.setTitle(self.tr("Theme"))
        self.theme_actions["light"].setText(self.tr("Light"))
        self.theme_actions["dark"].setText(self.tr("Dark"))
        self.language_menu.setTitle(self.tr("Language"))
        self.menus["help"].setTitle(self.tr("&Help"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.about_action.setText(self.tr("About bpviz"))
        self.builder.retranslate_ui()
        if self._shown_serial >= 0:
            frame = self.worker.mailbox.latest()
            if frame is not None:
                self._update_labels(frame)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # A window that was shut down may be half destroyed (PySide6 6.8 to 6.11.0 delete its menus before it
        # stops receiving events, and crash on the error): it has nothing left to translate.
        if event.type() == QEvent.Type.LanguageChange and not self._closed:
            self._retranslate_lessons()
            self.retranslate_ui()
            self._sync_language_actions()
        super().changeEvent(event)

    def _retranslate_lessons(self) -> None:
        """Lesson titles and the shown lesson's texts in the new language (the experiment itself is unchanged)."""
        current = self.lesson_combo.currentData()
        with QSignalBlocker(self.lesson_combo):
            self._fill_lesson_combo()
            index = self.lesson_combo.findData(current) if current else 0
            self.lesson_combo.setCurrentIndex(max(index, 0))
        if self._lesson is not None:
            try:
                self._lesson = _load_lesson(self._lesson.name, language=self.lesson_language())
            except Exception:  # noqa: BLE001 (keep the texts already shown)
                pass

    def _update_title(self) -> None:
        name = self._config.name
        if name == DEFAULT_EXPERIMENT_NAME:  # the built-in default is ours to translate; a user's name is not
            name = self.tr("Deep sigmoid on spirals")
        self.setWindowTitle(self.tr("bpviz — {name}").format(name=name))

    # ------------------------------------------------------------------ public API

    @property
    def config(self) -> ExperimentConfig:
        """The experiment (network A) as the window shows it."""
        return self._config

    def set_config(self, config: ExperimentConfig, restart: bool = False) -> None:
        """Show and use ``config``: live changes apply in place; ``restart`` resets to step 0 with it (paused)."""
        self._config = config
        self.builder.set_config(config)
        self._update_title()
        if restart:
            self._set_running(False)
            self.worker.reset(config)
        else:
            self.worker.apply_config(config)

    def set_compare(self, config_b: ExperimentConfig | None) -> None:
        """Compare mode on with network B = ``config_b`` (both restart at step 0), or off with None."""
        if config_b is None:
            self.builder.compare_panel.set_state(False)
            self.worker.set_compare(None)
            return
        pins = {path: config_b.get(path) for path in all_field_paths() if config_b.get(path) != self._config.get(path)}
        self.builder.compare_panel.set_state(True, pins)
        self.worker.set_compare(config_b)

    @property
    def compare_enabled(self) -> bool:
        return self.builder.compare_panel.enabled

    def latest_frame(self) -> Frame | None:
        return self.worker.mailbox.latest()

    def start(self) -> None:
        self._set_running(True)

    def pause(self) -> None:
        self._set_running(False)

    def toggle_training(self) -> None:
        self._set_running(not self.train_button.isChecked())

    def step(self) -> None:
        self._set_running(False)
        self.worker.step()

    def reset(self, config: ExperimentConfig | None = None) -> None:
        self._set_running(False)
        if config is not None:
            self._config = config
            self.builder.set_config(config)
            self._update_title()
        self.worker.reset(self._config)

    def load_lesson(self, name: str) -> None:
        """Load a lesson: its explanation beside the plots, A = the problem, B = the remedy, compare mode on."""
        lesson = _load_lesson(name, language=self.lesson_language())
        self._lesson = lesson
        with QSignalBlocker(self.lesson_combo):
            index = self.lesson_combo.findData(name)
            if index >= 0:
                self.lesson_combo.setCurrentIndex(index)
        self.set_config(lesson.config, restart=True)
        self.set_compare(lesson.remedy)
        self.lesson_panel.run_button.setEnabled(True)
        self._show_lesson_text()
        self.lesson_dock.show()
        watch = getattr(lesson, "watch", "")
        if watch in self.docks:
            self.docks[watch].show()
            self.docks[watch].raise_()
        self.statusBar().showMessage(self.tr("Lesson loaded: press Run lesson (or Space) to train A and B."), 8000)

    def run_lesson(self) -> None:
        self.start()

    @staticmethod
    def lesson_language() -> str:
        """The language lesson texts are shown in: the UI's."""
        return current_language()

    # ---- export (bpviz.ui.export does the rendering)

    def _add_export_to_context_menu(self, name: str, panel: PlotPanel) -> None:
        """Every plot's right-click menu exports that plot (PNG 1x/2x/4x, SVG) or the dashboard (PNG 1x/2x/4x).

        pyqtgraph appends its scene's ``contextMenu`` actions to the menu of any item clicked in that scene.
        """
        actions = []
        for scale in SCALES:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, n=name, s=scale: self.export_plot(n, fmt="png", scale=s))
            actions.append(("plot", "png", scale, action))
        svg = QAction(self)
        svg.triggered.connect(lambda _checked=False, n=name: self.export_plot(n, fmt="svg"))
        actions.append(("plot", "svg", 1, svg))
        for scale in SCALES:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, s=scale: self.export_dashboard(scale=s))
            actions.append(("dashboard", "png", scale, action))
        panel.plot_widget.scene().contextMenu.extend(action for *_, action in actions)
        self.plot_menu_actions.extend(actions)

    def _retranslate_context_menus(self) -> None:
        for target, fmt, scale, action in self.plot_menu_actions:
            if target == "dashboard":
                action.setText(self.tr("Dashboard as PNG ({scale}x)…").format(scale=scale))
            elif fmt == "svg":
                action.setText(self.tr("Export plot as SVG"))
            else:
                action.setText(self.tr("Plot as PNG ({scale}x)…").format(scale=scale))

    def export_dashboard(self, path: str | Path | None = None, scale: int = 1) -> Path | None:
        path = path or self._ask_save_path(self.tr("Export dashboard as PNG"), "bpviz-dashboard.png",
                                           self.tr("PNG image (*.png)"))
        if not path:
            return None
        self.refresh(budget=None)  # every visible plot shows the newest frame in the picture
        return self._export(lambda: export_dashboard_png(self.dashboard, path, scale=scale), path)

    def export_plot(self, name: str, path: str | Path | None = None, fmt: str = "png", scale: int = 1) -> Path | None:
        panel = self.plots[name]
        if path is None:
            title = self.tr("Export plot as SVG") if fmt == "svg" else self.tr("Export plot as PNG")
            pattern = self.tr("SVG image (*.svg)") if fmt == "svg" else self.tr("PNG image (*.png)")
            path = self._ask_save_path(title, f"{name}.{fmt}", pattern)
        if not path:
            return None
        frame = self.latest_frame()
        if frame is not None:
            self._draw_plot(name, frame)  # also when its dock is hidden behind another tab
        if fmt == "svg":
            return self._export(lambda: export_plot_svg(panel, path), path)
        return self._export(lambda: export_plot_png(panel, path, scale=scale), path)

    def export_history(self, path: str | Path | None = None) -> Path | None:
        path = path or self._ask_save_path(self.tr("Export training history as CSV"), "bpviz-history.csv",
                                           self.tr("CSV table (*.csv)"))
        frame = self.latest_frame()
        if not path or frame is None:
            return None
        return self._export(lambda: export_history_csv(frame.history, path), path)

    def _export(self, action: Any, path: str | Path) -> Path | None:
        try:
            action()
        except (OSError, ValueError, RuntimeError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write {path}:\n{error}").format(path=path, error=exc))
            return None
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 6000)
        return Path(path)

    def _ask_save_path(self, title: str, default_name: str, pattern: str) -> str:
        folder = QSettings().value("files/lastFolder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(str(folder)) / default_name), pattern)
        if path:
            QSettings().setValue("files/lastFolder", str(Path(path).parent))
        return path

    # ---- experiment files

    def open_experiment(self, path: str | Path | None = None) -> bool:
        if path is None:
            folder = QSettings().value("files/lastFolder", str(Path.home()))
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open experiment"), str(folder),
                                                  self.tr("bpviz experiment (*.json);;All files (*)"))
            if not path:
                return False
        try:
            config = ExperimentConfig.load(path)
        except ConfigError as exc:
            QMessageBox.warning(self, self.tr("Cannot open experiment"), str(exc))
            return False
        self._add_recent(path)
        self.set_compare(None)
        self.set_config(config, restart=True)
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 6000)
        return True

    def save_experiment(self, path: str | Path | None = None) -> bool:
        if path is None:
            path = self._ask_save_path(self.tr("Save experiment"), f"{self._config.name}.json",
                                       self.tr("bpviz experiment (*.json)"))
            if not path:
                return False
        try:
            self._config.save(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Cannot save experiment"),
                                self.tr("Could not write {path}:\n{error}").format(path=path, error=exc))
            return False
        self._add_recent(path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 6000)
        return True

    def recent_files(self) -> list[str]:
        value = QSettings().value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files() if p != path]
        QSettings().setValue("files/recent", [path, *recent][:MAX_RECENT_FILES])
        QSettings().setValue("files/lastFolder", str(Path(path).parent))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            empty = self.recent_menu.addAction(self.tr("(no recent experiments)"))
            empty.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_experiment(p))

    # ---- help

    def shortcut_descriptions(self) -> dict[str, str]:
        """What the window's bare QShortcuts do (QActions describe themselves by their menu text)."""
        return {"Space": self.tr("Train / pause"), "Right": self.tr("One training step"),
                "R": self.tr("Reset: new weights, step 0")}

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help -> Keyboard shortcuts: a table built from the window's actions and shortcuts."""
        dialog = ShortcutsDialog(self, self.shortcut_descriptions())
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        box = AboutDialog(self)
        box.open()
        return box

    # ------------------------------------------------------------------ theme

    def apply_theme(self, theme: Theme) -> None:
        """Restyle every plot (light/dark/presentation)."""
        self.theme = theme
        set_current_theme(theme)
        for panel in self.plots.values():
            panel.apply_theme(theme)
        self._drawn_serial.clear()
        self._show_lesson_text()  # its A/B colours follow the theme

    @property
    def presentation(self) -> bool:
        """Presentation mode on (View -> Presentation mode)."""
        return self._presentation

    @property
    def theme_name(self) -> str:
        """"light" or "dark" (View -> Theme)."""
        return self._theme_name

    def set_presentation(self, enabled: bool) -> None:
        """Presentation mode on/off: fonts 1.5x, thicker lines, high-contrast colours; remembered in QSettings."""
        if bool(enabled) != self._presentation:
            self._apply_appearance(self._theme_name, bool(enabled))

    def set_theme(self, name: str) -> None:
        """Light or dark theme for the window and the plots; remembered in QSettings."""
        name = appearance.normalize_theme(name)
        if name != self._theme_name:
            self._apply_appearance(name, self._presentation)

    def set_language(self, code: str) -> str:
        """Switch the UI language now (every text follows through LanguageChange) and remember it."""
        app = QApplication.instance()
        language = install_language(app, code, remember=True)
        self._sync_language_actions()
        return language

    def _sync_language_actions(self) -> None:
        action = self.language_actions.get(current_language())
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def _apply_appearance(self, theme: str, presentation: bool, save: bool = True) -> None:
        self._theme_name = appearance.normalize_theme(theme)
        self._presentation = bool(presentation)
        app = QApplication.instance()
        if app is not None:
            appearance.apply_application_look(app, self._theme_name, self._presentation)
        with QSignalBlocker(self.presentation_action):
            self.presentation_action.setChecked(self._presentation)
        self.theme_actions[self._theme_name].setChecked(True)
        self.apply_theme(appearance.plot_theme(self._theme_name, self._presentation))
        self._apply_fonts()  # the toolbar's and lesson's own fonts follow the new application font
        self._style_train_button(self.train_button.isChecked())
        # The 1.5x toolbar does not fit 1600 px with every label: the steps/s rate is the one a class can miss.
        for action in self.toolbar.actions():
            if self.toolbar.widgetForAction(action) is self.rate_label:
                action.setVisible(not self._presentation)
        if save:  # a switch by the user (not the restore at start-up): redraw now and remember it
            self.resizeDocks([self.builder_dock], [self._builder_width()], Qt.Orientation.Horizontal)
            self.refresh(budget=None)
            appearance.save_appearance(self._theme_name, self._presentation)

    def set_font_scale(self, factor: float) -> None:
        """Scale the window's own large texts (toolbar, banner, lesson) by ``factor`` (presentation mode: ~1.5)."""
        self._font_scale = max(0.5, float(factor))
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = QApplication.font()
        scale = getattr(self, "_font_scale", 1.0)

        def sized(extra: int, bold: bool = False) -> QFont:
            font = QFont(base)
            points = base.pointSizeF() if base.pointSizeF() > 0 else 10.0  # a pixel-sized font has no points
            font.setPointSizeF(max(9.0, points + extra) * scale)
            font.setBold(bold)
            return font

        toolbar, toolbar_bold = sized(2), sized(2, bold=True)
        for widget in (self.train_button, self.step_button, self.reset_button, self.export_button, self.step_label):
            widget.setFont(toolbar_bold)
        for widget in (self.speed_title, self.speed_label, self.loss_label, self.accuracy_label, self.rate_label):
            widget.setFont(toolbar)
        self.banner.label.setFont(sized(3, bold=True))
        self.banner.reset_button.setFont(sized(3, bold=True))
        self.lesson_panel.text.setFont(sized(2))

    # ------------------------------------------------------------------ reacting to the user

    def _set_running(self, running: bool) -> None:
        frame = self.latest_frame()
        if running and frame is not None and frame.divergence is not None \
                and (frame.compare is None or frame.compare[1].divergence is not None):
            running = False
            self.statusBar().showMessage(self.tr("Training diverged: press Reset (R) to start again."), 8000)
        with QSignalBlocker(self.train_button):
            self.train_button.setChecked(running)
        self._style_train_button(running)
        if running:
            self.worker.start()
        else:
            self.worker.pause()

    def _on_train_toggled(self, checked: bool) -> None:
        self._set_running(checked)

    def _style_train_button(self, running: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self.train_button.setIcon(self.style().standardIcon(icon))
        self.train_button.setText(self.tr("Pause") if running else self.tr("Train"))

    def _on_speed_changed(self, index: int) -> None:
        self.worker.set_speed(SPEEDS[index])
        self._update_speed_label()

    def _update_speed_label(self) -> None:
        speed = SPEEDS[self.speed_slider.value()]
        if speed is None:
            self.speed_label.setText(self.tr("full speed"))
        elif speed == 1:
            self.speed_label.setText(self.tr("1 step/s"))
        else:
            self.speed_label.setText(self.tr("{n} steps/s").format(n=int(speed)))

    def _on_builder_changed(self, config: ExperimentConfig) -> None:
        self._config = config
        self._update_title()
        # A change that needs a new network comes back as the worker's "rebuilt" notice (_show_notice says so).
        self.worker.apply_config(config)

    def _on_compare_pins(self, pins: dict[str, Any] | None) -> None:
        if pins is None:
            self.worker.set_compare(None)
            return
        # The worker pauses (and the button follows) only if B must restart; a live change of B keeps training.
        self.worker.set_compare(self._config.replace(name=f"{self._config.name} + B", **pins))

    def _on_lesson_chosen(self, index: int) -> None:
        name = self.lesson_combo.itemData(index)
        if not name:
            return
        try:
            self.load_lesson(name)
        except Exception as exc:  # noqa: BLE001 (a broken lesson file is reported, the window stays usable)
            QMessageBox.warning(self, self.tr("Cannot load lesson"), f"{name}: {exc}")

    def _show_lesson_text(self) -> None:
        lesson = self._lesson
        if lesson is None:
            intro = self.tr(
                "<h3>Why do gradients vanish?</h3><p>Backprop multiplies one factor per layer. With sigmoid each "
                "factor is at most sigmoid'(z) = a(1−a) ≤ 0.25, so in a deep sigmoid network (the default has 10 "
                "layers) the layers near the input get almost no gradient: the short blue bars on the left of "
                "<b>Gradient flow</b>.</p><p>Press <b>Train</b>, then switch on a remedy on the left (ReLU, "
                "residual connections, batch normalization) and watch the bars rise. Or pick a lesson above.</p>")
            self.lesson_panel.text.setHtml(intro)
            return
        watch = getattr(lesson, "watch", "")
        watch_title = self.plots[watch].title_text() if watch in self.plots else watch
        watch_text = getattr(lesson, "watch_text", "")
        if watch_text:
            watch_title = f"{watch_title}: {watch_text}"

        def paragraphs(text: str) -> str:
            return "".join(f"<p>{html.escape(part.strip())}</p>" for part in str(text).split("\n\n") if part.strip())

        watch_label = self.tr("What to watch:")
        try_label = self.tr("Try this:")
        self.lesson_panel.text.setHtml(
            f"<h2>{html.escape(str(lesson.title))}</h2>"
            f"{paragraphs(lesson.explanation)}"
            f"<p><b>{html.escape(watch_label)}</b> {html.escape(str(watch_title))}</p>"
            f"<p><b>{html.escape(try_label)}</b> {html.escape(str(lesson.try_this))}</p>"
            f"<p><span style='color:{self.theme.series_a}'><b>A</b></span> = "
            f"{html.escape(str(lesson.config.name))}<br/>"
            f"<span style='color:{self.theme.series_b}'><b>B</b></span> = "
            f"{html.escape(str(getattr(lesson, 'remedy_label', lesson.remedy.name)))}</p>")

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and not self._closed:
            QTimer.singleShot(0, self.refresh)  # a plot that just became visible draws the newest frame

    # ------------------------------------------------------------------ drawing frames

    def refresh(self, budget: float | None = DRAW_BUDGET_SECONDS) -> None:
        """Take the newest frame from the mailbox and draw it on the visible plots that have not drawn it yet."""
        if self._closed:
            return
        for notice in self.worker.mailbox.take_notices():
            self._show_notice(notice)
        self._update_wanted_parts()
        frame = self.worker.mailbox.latest()
        if frame is None:
            return
        if frame.serial != self._shown_serial:
            self._shown_serial = frame.serial
            self.frames_shown += 1
            self._update_labels(frame)
            self._update_banner(frame)
            if frame.commands_handled >= self.worker.commands_sent and frame.running != self.train_button.isChecked():
                # The worker has seen every command we sent, so its state is the truth (e.g. a divergence paused
                # it); an older frame must not undo a click the worker has not handled yet.
                with QSignalBlocker(self.train_button):
                    self.train_button.setChecked(frame.running)
                self._style_train_button(frame.running)
        now = time.perf_counter()
        # Paused or in slow motion the worker hardly needs the GIL: then every plot redraws every frame.
        racing = frame.running and (frame.speed is None or frame.speed > SLOW_MOTION_MAX)
        in_process = isinstance(self.worker, ProcessWorker)
        share = (PROCESS_DRAW_SHARE if in_process else TRAINING_DRAW_SHARE) if racing else 1.0
        self._draw_credit = min(DRAW_CREDIT_CAP_SECONDS, self._draw_credit + (now - self._last_refresh) * share)
        self._last_refresh = now
        due = [name for name, panel in self.plots.items()
               if self._drawn_serial.get(name) != frame.serial and _shows_on_screen(panel)]
        # Longest-waiting first; the gradient-flow plot's wait counts PRIMARY_WEIGHT times, so it redraws most often.
        due.sort(key=lambda name: -(now - self._drawn_at.get(name, 0.0)) * (PRIMARY_WEIGHT if name == PRIMARY_PLOT
                                                                             else 1.0))
        spent = 0.0
        held = False
        for name in due:
            cost = self.plot_cost(name)
            if budget is not None and self._draw_credit < min(cost, DRAW_CREDIT_CAP_SECONDS):
                break  # this tick's share of the time is used up: the rest wait for a later tick
            if budget is not None and spent > 0 and spent + cost > budget:
                # The rest are drawn in a moment, once Qt has painted these and handled whatever input is waiting
                # (in the same order, the longest-waiting first): the event loop never waits for every plot at once.
                # A timer, not a zero-delay call: that would run before the paint requests these updates post, and
                # one paint would then cover every plot.
                if not self._continuation_pending:
                    self._continuation_pending = True
                    QTimer.singleShot(CONTINUE_AFTER_MS, self._continue_refresh)
                break
            if racing and not held and not in_process:
                # The worker waits while we draw and until Qt has painted (the zero timer runs after the paint
                # events these updates post), so drawing does not trade the GIL with training every 5 ms.
                self.worker.hold()
                held = True
                QTimer.singleShot(0, self.worker.release)
            self._draw_plot(name, frame)
            spent += cost
            self._draw_credit -= self.plot_cost(name)

    def _continue_refresh(self) -> None:
        self._continuation_pending = False
        self.refresh()

    def _update_wanted_parts(self) -> None:
        if not self.isVisible():
            return
        wanted = {part: name in self.plots and _shows_on_screen(self.plots[name]) for part, name in PART_PLOTS.items()}
        if wanted != self._wanted_parts:
            self._wanted_parts = wanted
            self.worker.set_parts(wanted)

    def plot_cost(self, name: str) -> float:
        """Seconds one redraw of a plot takes (update + paint), as measured lately."""
        return self._update_cost.get(name, DEFAULT_COST_SECONDS) + self.paint_meter.cost.get(name, 0.0)

    def _draw_plot(self, name: str, frame: Frame) -> None:
        panel = self.plots[name]
        started = time.perf_counter()
        try:
            panel.update(frame.history, frame.snapshot, frame.compare)
        except Exception:  # noqa: BLE001 (one broken plot must not stop the others or training)
            message = f"{name}: {traceback.format_exc(limit=3)}"
            if message not in self.plot_errors:
                self.plot_errors.append(message)
                traceback.print_exc()
        now = time.perf_counter()
        previous = self._update_cost.get(name)
        elapsed = now - started
        self._update_cost[name] = elapsed if previous is None else previous + 0.3 * (elapsed - previous)
        self._drawn_serial[name] = frame.serial
        self._drawn_at[name] = now
        self.draw_counts[name] = self.draw_counts.get(name, 0) + 1

    def draw_all_plots(self) -> None:
        """Draw the newest frame on every plot now, visible or not (before an export or a screenshot)."""
        frame = self.latest_frame()
        if frame is not None:
            for name in self.plots:
                self._draw_plot(name, frame)

    def _update_labels(self, frame: Frame) -> None:
        stats = frame.snapshot.stats
        self.step_label.setText(self.tr("Step {step}").format(step=frame.step))
        if frame.compare is not None:
            stats_b = frame.compare[1].stats
            self.loss_label.setText(self.tr("Loss A {a} · B {b}").format(a=_fmt_loss(stats.loss),
                                                                        b=_fmt_loss(stats_b.loss)))
            self.accuracy_label.setText(self.tr("Test acc. A {a} · B {b}").format(
                a=_fmt_percent(stats.test_accuracy), b=_fmt_percent(stats_b.test_accuracy)))
        else:
            self.loss_label.setText(self.tr("Loss {value}").format(value=_fmt_loss(stats.loss)))
            self.accuracy_label.setText(self.tr("Test acc. {value}").format(value=_fmt_percent(stats.test_accuracy)))
        self.rate_label.setText(self.tr("{rate} steps/s").format(rate=f"{frame.steps_per_second:.0f}"))

    def _update_banner(self, frame: Frame) -> None:
        lines = []
        diverged = [("A", frame.snapshot.divergence)]
        if frame.compare is not None:
            diverged.append(("B", frame.compare[1].divergence))
        for network, divergence in diverged:
            if divergence is None:
                continue
            text = self.tr("Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the "
                           "learning rate, turn on clipping, or Reset.").format(
                step=divergence.step, layer=self._layer_text(divergence.layer),
                quantity=quantity_text(divergence.quantity))
            if frame.compare is not None:
                text = self.tr("Network {name}: {text}").format(name=network, text=text)
            lines.append(text)
        if lines:
            self.banner.label.setText("\n".join(lines))
            self.banner.show()
        else:
            self.banner.hide()

    def _layer_text(self, layer: str) -> str:
        index = layer.split(" ", 1)[1] if layer.startswith("hidden ") else ""
        if index.isdigit():  # the engine counts hidden layers from 0; the plots (and students) from 1
            return self.tr("layer {number}").format(number=int(index) + 1)
        if layer == "output":
            return self.tr("the output layer")
        if layer == "loss":
            return self.tr("the loss")
        return layer

    def _new_worker(self, session: TrainingSession) -> TrainingWorker | ProcessWorker:
        """A worker for ``session`` (which has published its first frame): in a child process or in a thread."""
        if self.training_mode == "process":
            worker = ProcessWorker(session.config, session.history_capacity, initial=session.mailbox.latest())
            self.session = None  # the child has its own session
            return worker
        self.session = session
        return TrainingWorker(session)

    def _frame_interval(self) -> int:
        return FRAME_INTERVAL_MS if self.training_mode == "process" else THREAD_FRAME_INTERVAL_MS

    def _replace_failed_worker(self) -> None:
        """The training process could not start or has died: start again from step 0 with the current settings,
        in a new process once more, then in a thread inside this process."""
        failed = self.worker
        failed.join(timeout=1.0)
        self._process_restarts += 1
        if self._process_restarts > MAX_PROCESS_RESTARTS:
            self.training_mode = "thread"
        session = TrainingSession(self._config)
        session.publish(force=True)
        self.worker = self._new_worker(session)
        self._frame_timer.setInterval(self._frame_interval())
        self._wanted_parts = {}
        self._shown_serial = -1
        self._drawn_serial.clear()
        self.worker.start_thread()
        config_b = self.builder.compare_panel.config_b(self._config)
        if config_b is not None:
            self.worker.set_compare(config_b)
        with QSignalBlocker(self.train_button):
            self.train_button.setChecked(False)
        self._style_train_button(False)

    def _show_notice(self, notice: Notice) -> None:
        bar = self.statusBar()
        if notice.kind == "rebuilt":
            bar.showMessage(self.tr("{fields} changed: the network was rebuilt (new weights, step 0).").format(
                fields=", ".join(self.builder.field_label(path) for path in notice.fields) or self.tr("A setting")),
                8000)
        elif notice.kind == "diverged" and notice.divergence is not None:
            bar.showMessage(self.tr("Network {name} diverged at step {step}: training paused.").format(
                name=notice.network, step=notice.divergence.step), 10000)
        elif notice.kind == "compare":
            if notice.detail == "on":
                bar.showMessage(self.tr("Compare mode on: A and B restart at step 0 and train in lockstep."), 8000)
            else:
                bar.showMessage(self.tr("Compare mode off."), 5000)
        elif notice.kind == "error":
            if isinstance(self.worker, ProcessWorker) and self.worker.error is not None and not self._closed:
                # the process itself failed (not the engine): keep the window useful
                self._replace_failed_worker()
                where = (self.tr("in a new training process") if self.training_mode == "process"
                         else self.tr("inside the window (drawing may be slower)"))
                bar.showMessage(self.tr("Training stopped: {error}. It starts again from step 0 {where}.").format(
                    error=notice.detail, where=where), 15000)
                return
            bar.showMessage(self.tr("Training stopped: {error}").format(error=notice.detail), 15000)

    # ------------------------------------------------------------------ keyboard

    def _watch_key_widgets(self) -> None:
        """Filter the events of the widgets that use Space, Right or R themselves (not the whole application's:
        an application-wide Python filter would take the GIL for every event while training runs)."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, KEY_WIDGETS) and not widget.property("bpvizKeysWatched"):
                widget.installEventFilter(self)
                widget.setProperty("bpvizKeysWatched", True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Space, Right and R belong to a focused widget that uses them (typing, a checkbox, the slider)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget) \
                and watched is QApplication.focusWidget():
            if _widget_wants_key(watched, event.key(), event.modifiers()):
                event.accept()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Stop drawing, stop and join the worker (before any widget goes away), save the layout. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._frame_timer.stop()
        self.worker.release()
        self.worker.stop()
        if not self.worker.join(timeout=5.0):
            print("bpviz: the training thread did not stop within 5 s", flush=True)
        try:
            self._save_settings()
        except RuntimeError:
            pass  # the widgets are already being destroyed at interpreter exit: the layout is not saved then

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.shutdown()
        super().closeEvent(event)


def _shows_on_screen(widget: QWidget) -> bool:
    """Visible and not hidden behind another tab or outside the window."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


KEY_WIDGETS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSlider, QAbstractButton)


def _widget_wants_key(widget: QWidget, key: int, modifiers: Any) -> bool:
    if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
        return False
    space, right, letter_r = Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R
    if isinstance(widget, QTextBrowser) and widget.isReadOnly():
        return key == space  # Space scrolls the lesson text
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)):
        return True
    if isinstance(widget, QComboBox):
        return key in (space, letter_r) or (widget.isEditable() and key == right)
    if isinstance(widget, QAbstractSlider):
        return key == right
    if isinstance(widget, QAbstractButton):
        return key == space
    return False


def _fmt_loss(value: float) -> str:
    if value != value:
        return "NaN"
    return f"{value:.3f}" if abs(value) < 1000 else f"{value:.3g}"


def _fmt_percent(value: float) -> str:
    return f"{100 * value:.1f}%" if value == value else "—"
