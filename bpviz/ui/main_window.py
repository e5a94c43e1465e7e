"""The main window: the builder on the left, the plots in a dashboard of docks, the toolbar that drives training.

The window never trains and never computes a gradient. It sends commands to its worker and a ~60 Hz timer draws the
newest :class:`Frame` (published at <= 30 Hz) from the worker's mailbox (DESIGN.md §4). MainWindow is where the
parts meet; each job lives in its own module:

- :mod:`~bpviz.ui.worker_controller`: the worker (a child process or a thread), its failover, its notices;
- :mod:`~bpviz.ui.frame_scheduler` (no Qt) and :mod:`~bpviz.ui.frame_drawer`: which plots a tick draws, the paint
  budget, the frame timer;
- :mod:`~bpviz.ui.toolbar`, :mod:`~bpviz.ui.lesson_panel`, :mod:`~bpviz.ui.divergence_banner`: the widgets around
  the plots;
- :mod:`~bpviz.ui.dock_layout`: the docks, the default layout, the layout in QSettings;
- :mod:`~bpviz.ui.menus`, :mod:`~bpviz.ui.shortcuts`, :mod:`~bpviz.ui.experiment_files`,
  :mod:`~bpviz.ui.export_actions`, :mod:`~bpviz.ui.appearance_controller`: the menus and keys and what they do.

Hooks other parts build on: ``config``, ``set_config(cfg, restart)``, ``plots`` (objectName -> PlotPanel),
``docks``, ``dashboard`` (the widget a dashboard export renders), ``load_lesson(name)``, ``set_compare(cfg_b)``,
``menus`` ("file", "view", "help") and ``view_settings_separator`` (where View's presentation/theme/language
entries go), ``apply_theme(theme)``, ``set_font_scale(factor)``, ``latest_frame()``, ``worker``/``session``,
``refresh(budget)``, ``draw_all_plots()``, and the parts themselves: ``toolbar``, ``banner``, ``lesson_panel``,
``builder``, ``drawer`` (its ``scheduler``), ``workers``, ``files``, ``exports``, ``appearance``, ``dock_layout``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pyqtgraph)
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from bpviz.config import ExperimentConfig, all_field_paths
from bpviz.lessons import load_lesson as _load_lesson
from bpviz.ui.app import app_icon
from bpviz.ui.appearance_controller import AppearanceController
from bpviz.ui.builder_panel import BuilderPanel
from bpviz.ui.dialogs import AboutDialog, ShortcutsDialog
from bpviz.ui.divergence_banner import DivergenceBanner
from bpviz.ui.dock_layout import DockLayout, new_dashboard, plot_docks
from bpviz.ui.experiment_files import ExperimentFiles
from bpviz.ui.export_actions import ExportActions
from bpviz.ui.frame_drawer import FrameDrawer
from bpviz.ui.frame_scheduler import DRAW_BUDGET_SECONDS, draw_share, is_racing
from bpviz.ui.i18n import current_language
from bpviz.ui.lesson_panel import LessonPanel
from bpviz.ui.menus import WindowMenus
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.phase_diagram import point_changes
from bpviz.ui.plots.prediction import remember_choice
from bpviz.ui.plots.theme import Theme, current_theme, set_current_theme
from bpviz.ui.shortcuts import TrainingShortcuts
from bpviz.ui.toolbar import SPEEDS, TrainingToolBar
from bpviz.ui.training_process import ProcessWorker
from bpviz.ui.worker import Frame, LessonPlan, Notice, TrainingSession, TrainingWorker
from bpviz.ui.worker_controller import WorkerController

DEFAULT_EXPERIMENT_NAME = ExperimentConfig().name


class MainWindow(QMainWindow):
    """bpviz's window. ``MainWindow()`` opens the default experiment (a deep sigmoid network on spirals)."""

    def __init__(self, config: ExperimentConfig | None = None, parent: QWidget | None = None,
                 training: str | None = None) -> None:
        """``training``: ``"process"`` (train in a child process: the default) or ``"thread"`` (in this process);
        None reads the ``BPVIZ_TRAINING`` environment variable, else the default."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        config = config if config is not None else ExperimentConfig()
        self._config = config
        self._shown_serial = -1
        self._closed = False
        self.frames_shown = 0        # distinct frames drawn (the redraw rate of the benchmark)
        self.theme: Theme = current_theme()
        self.workers = WorkerController(config, training, configs=self._configs,
                                        field_label=lambda path: self.builder.field_label(path), parent=self)
        self.workers.workerReplaced.connect(self._on_worker_replaced)

        self._build_dashboard()
        self._build_side_docks()
        self.dock_layout = DockLayout(self, self.dashboard, self.plots, self.docks, self.builder_dock,
                                      self.lesson_dock, presentation=lambda: self.appearance.presentation,
                                      closed=lambda: self._closed)
        self._build_toolbar()
        self.files = ExperimentFiles(self, current=lambda: self._config, opened=self._open_config)
        self.window_menus = WindowMenus(self, self.files, self.exports, (self.builder_dock, self.lesson_dock),
                                        self.docks.values(), self.arrange_default_layout, self.show_shortcuts,
                                        self.show_about)
        self.menus = self.window_menus.menus
        self.view_settings_separator = self.window_menus.view_settings_separator
        self._wire_theory_plots()
        self.appearance = AppearanceController(self, self.menus["view"], self.apply_theme, self.toolbar,
                                               (self.toolbar, self.banner, self.lesson_panel),
                                               self._on_appearance_chosen, self._on_presentation)
        self.keys = TrainingShortcuts(self, self.toggle_training, self.step, lambda: self.reset(),
                                      page=self.focus_step, leave_field=self.leave_field)
        self._expose_parts()
        icon = app_icon()
        if icon is not None:
            self.setWindowIcon(icon)
        self.statusBar().setObjectName("statusBar")
        self.appearance.apply_fonts()
        self.arrange_default_layout()
        self.retranslate_ui()
        self._restore_settings()
        self.appearance.restore_saved()

        self.drawer.timer.setInterval(self.workers.frame_interval())
        self.keys.watch_key_widgets()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.refresh(budget=None)
        self.worker.start_thread()
        self.drawer.timer.start()

    # ------------------------------------------------------------------ construction

    def _build_dashboard(self) -> None:
        """The plots live in an inner QMainWindow (the dashboard) under the divergence banner."""
        self.dashboard = new_dashboard()
        self.plots: dict[str, PlotPanel]
        self.docks: dict[str, QDockWidget]
        self.plots, self.docks = plot_docks(self.dashboard, PLOT_CLASSES)
        for dock in self.docks.values():
            dock.visibilityChanged.connect(self._on_dock_visibility)
        self.exports = ExportActions(self, self.plots, self.dashboard, self.latest_frame,
                                     draw_visible=lambda: self.refresh(budget=None),
                                     draw_plot=lambda name, frame: self.drawer.draw_plot(name, frame))
        self.drawer = FrameDrawer(self.plots, tick=self.refresh, parent=self)
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
        error = self.lesson_panel.fill_lessons(self.lesson_language())
        if error is not None:
            self.statusBar().showMessage(error, 10000)
        self.lesson_combo.activated.connect(self._on_lesson_chosen)

    def _build_toolbar(self) -> None:
        self.toolbar = TrainingToolBar(self)
        self.toolbar.add_to(self)
        self.toolbar.train_button.toggled.connect(self._on_train_toggled)
        self.toolbar.step_button.clicked.connect(self.step)
        self.toolbar.reset_button.clicked.connect(lambda: self.reset())
        self.toolbar.speed_slider.valueChanged.connect(self._on_speed_changed)
        self.toolbar.export_button.clicked.connect(lambda: self.export_dashboard())

    def _expose_parts(self) -> None:
        """The parts' widgets and actions under the names the tests, tools and DESIGN.md §6 use."""
        toolbar = self.toolbar
        self.train_button, self.step_button, self.reset_button = (toolbar.train_button, toolbar.step_button,
                                                                  toolbar.reset_button)
        self.export_button, self.speed_slider, self.speed_label = (toolbar.export_button, toolbar.speed_slider,
                                                                   toolbar.speed_label)
        self.step_label, self.loss_label = toolbar.step_label, toolbar.loss_label
        self.accuracy_label, self.rate_label = toolbar.accuracy_label, toolbar.rate_label
        self.plot_menu_actions = self.exports.plot_menu_actions
        self.open_action, self.save_action = self.files.open_action, self.files.save_action
        self.quit_action = self.window_menus.quit_action
        self.reset_layout_action = self.window_menus.reset_layout_action
        self.presentation_action = self.appearance.presentation_action
        self.theme_menu, self.theme_group = self.appearance.theme_menu, self.appearance.theme_group
        self.theme_actions = self.appearance.theme_actions
        self.language_menu, self.language_group = self.appearance.language_menu, self.appearance.language_group
        self.language_actions = self.appearance.language_actions
        self.shortcuts = self.keys.shortcuts
        self.paint_meter = self.drawer.paint_meter
        self.draw_counts = self.drawer.scheduler.draw_counts  # redraws per plot
        self.plot_errors = self.drawer.plot_errors

    def _wire_theory_plots(self) -> None:
        """View -> Show mean-field prediction (remembered); a click on the phase diagram moves network A there."""
        self.prediction_action = self.plots["gradientFlowPlot"].prediction.action
        remember_choice(self.prediction_action)
        self.menus["view"].insertAction(self.view_settings_separator, self.prediction_action)
        self.plots["phaseDiagramPlot"].pointChosen.connect(self._on_phase_point)

    def _on_phase_point(self, sigma_w2: float, sigma_b2: float) -> None:
        """Network A gets (sigma_w2, sigma_b2): its init gain and bias std change as if typed into the builder."""
        config = self._config.replace(**point_changes(self._config, sigma_w2, sigma_b2))
        if config != self._config:
            self.set_config(config)

    # ------------------------------------------------------------------ layout

    def arrange_default_layout(self) -> None:
        """The default dashboard: gradient flow large at top left; the other plots in two rows, some tabbed."""
        self.dock_layout.arrange_default()

    def _restore_settings(self) -> None:
        settings = QSettings()
        if self.dock_layout.restore(settings):  # a layout saved by this version: the speed was saved with it
            self.toolbar.restore_speed(settings)

    def _save_settings(self) -> None:
        settings = QSettings()
        self.dock_layout.save(settings)
        self.toolbar.save_speed(settings)
        settings.sync()

    # ------------------------------------------------------------------ texts

    def retranslate_ui(self) -> None:
        self._update_title()
        self.builder_dock.setWindowTitle(self.tr("Network builder"))
        self.lesson_dock.setWindowTitle(self.tr("Lesson"))
        for name, dock in self.docks.items():
            dock.setWindowTitle(self.plots[name].tab_text() or name)
        self.toolbar.retranslate_ui()
        self.banner.retranslate_ui()
        self.lesson_panel.retranslate_ui()
        self._show_lesson_text()
        self.window_menus.retranslate_ui()
        self.files.retranslate_ui()
        self.exports.retranslate_ui()
        self.appearance.retranslate_ui()
        self.builder.retranslate_ui()
        if self._shown_serial >= 0:
            frame = self.worker.mailbox.latest()
            if frame is not None:
                self.toolbar.show_frame(frame)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # A window that was shut down may be half destroyed (PySide6 6.8 to 6.11.0 delete its menus before it
        # stops receiving events, and crash on the error): it has nothing left to translate.
        if event.type() == QEvent.Type.LanguageChange and not self._closed:
            self.lesson_panel.retranslate_lessons(self.lesson_language())
            self.retranslate_ui()
            self.appearance.sync_language_actions()
        super().changeEvent(event)

    def _update_title(self) -> None:
        app = QApplication.instance()
        if app is not None:  # the platform appends it to every window title: it is a text of ours to translate
            app.setApplicationDisplayName(self.tr("bpviz — backprop gradient lab"))
        name = self._config.name
        if name == DEFAULT_EXPERIMENT_NAME:  # the built-in default is ours to translate; a user's name is not
            name = self.tr("Deep sigmoid on spirals")
        self.setWindowTitle(self.tr("bpviz — {name}").format(name=name))

    # ------------------------------------------------------------------ public API

    @property
    def config(self) -> ExperimentConfig:
        """The experiment (network A) as the window shows it."""
        return self._config

    @property
    def worker(self) -> TrainingWorker | ProcessWorker:
        """The training worker now (a failed training process is replaced by a new worker)."""
        return self.workers.worker

    @property
    def session(self) -> TrainingSession | None:
        """The worker's TrainingSession when training runs in a thread of this process (None: in a process)."""
        return self.workers.session

    @property
    def training_mode(self) -> str:
        """"process" or "thread": where training runs now."""
        return self.workers.training_mode

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
        self.lesson_panel.lesson = lesson
        self.lesson_panel.select(name)
        self.set_config(lesson.config, restart=True)
        self.set_compare(lesson.remedy)
        self.worker.set_lesson(LessonPlan(lesson.name, lesson.steps, lesson.expectation, lesson.config,
                                          lesson.remedy))
        self.lesson_panel.run_button.setEnabled(True)
        self._show_lesson_text()
        self.lesson_dock.show()
        watch = getattr(lesson, "watch", "")
        if watch in self.docks:
            self.dock_layout.focus_first = watch  # the focus view starts with the lesson's plot of interest
            if self.dock_layout.focused is not None:
                self.dock_layout.show_focused(watch)
            else:
                self.docks[watch].show()
                self.docks[watch].raise_()
        self.statusBar().showMessage(self.tr("Lesson loaded: press Run lesson (or Space) to train A and B."), 8000)

    def run_lesson(self) -> None:
        """Train the loaded lesson to its step count (it pauses there and shows its verdict); a lesson that has
        finished starts again from step 0."""
        frame = self.latest_frame()
        lesson = self.lesson_panel.lesson
        if frame is not None and frame.lesson is not None and frame.lesson.finished and lesson is not None:
            self.load_lesson(lesson.name)
        self.start()

    @staticmethod
    def lesson_language() -> str:
        """The language lesson texts are shown in: the UI's."""
        return current_language()

    # ---- export, experiment files, help (their modules do the work)

    def export_dashboard(self, path: str | Path | None = None, scale: int = 1) -> Path | None:
        return self.exports.export_dashboard(path, scale)

    def export_plot(self, name: str, path: str | Path | None = None, fmt: str = "png", scale: int = 1) -> Path | None:
        return self.exports.export_plot(name, path, fmt, scale)

    def export_history(self, path: str | Path | None = None) -> Path | None:
        return self.exports.export_history(path)

    def open_experiment(self, path: str | Path | None = None) -> bool:
        return self.files.open_experiment(path)

    def save_experiment(self, path: str | Path | None = None) -> bool:
        return self.files.save_experiment(path)

    def recent_files(self) -> list[str]:
        return self.files.recent_files()

    def _open_config(self, config: ExperimentConfig) -> None:
        """An experiment read from a file: compare mode off, the experiment at step 0."""
        self.worker.set_lesson(None)
        self.set_compare(None)
        self.set_config(config, restart=True)

    def shortcut_descriptions(self) -> dict[str, str]:
        """What the window's bare QShortcuts do (QActions describe themselves by their menu text)."""
        return self.keys.descriptions()

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help -> Keyboard shortcuts: a table built from the window's actions and shortcuts."""
        dialog = ShortcutsDialog(self, self.shortcut_descriptions())
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        box = AboutDialog(self)
        box.open()
        return box

    # ---- appearance (bpviz.ui.appearance_controller does the work)

    def apply_theme(self, theme: Theme) -> None:
        """Restyle every plot (light/dark/presentation)."""
        self.theme = theme
        set_current_theme(theme)
        for panel in self.plots.values():
            panel.apply_theme(theme)
        self.drawer.scheduler.forget_drawn()
        self._show_lesson_text()  # its A/B colours follow the theme

    @property
    def presentation(self) -> bool:
        """Presentation mode on (View -> Presentation mode)."""
        return self.appearance.presentation

    @property
    def theme_name(self) -> str:
        """"light" or "dark" (View -> Theme)."""
        return self.appearance.theme_name

    def set_presentation(self, enabled: bool) -> None:
        """Presentation mode on/off: fonts 1.5x, thicker lines, high-contrast colours; remembered in QSettings."""
        self.appearance.set_presentation(enabled)

    def set_theme(self, name: str) -> None:
        """Light or dark theme for the window and the plots; remembered in QSettings."""
        self.appearance.set_theme(name)

    def set_language(self, code: str) -> str:
        """Switch the UI language now (every text follows through LanguageChange) and remember it."""
        return self.appearance.set_language(code)

    def set_font_scale(self, factor: float) -> None:
        """Scale the window's own large texts (toolbar, banner, lesson) by ``factor`` (presentation mode: ~1.5)."""
        self.appearance.set_font_scale(factor)

    def _on_presentation(self, enabled: bool) -> None:
        """Presentation mode shows the focus view: one plot at a time, PageDown/PageUp to the next/previous."""
        if enabled and self.dock_layout.focused is None:
            self.dock_layout.enter_focus(self.dock_layout.focus_first)
        elif not enabled and self.dock_layout.focused is not None:
            self.dock_layout.leave_focus()
        self.keys.set_paging(enabled)
        self.toolbar.fit(self)
        if not self._closed:
            self.dock_layout.fit_side_docks()

    @property
    def focused_plot(self) -> str | None:
        """The plot the focus view shows (presentation mode), or None."""
        return self.dock_layout.focused

    def focus_step(self, step: int) -> str | None:
        """PageDown (``step`` 1) / PageUp (-1) in the focus view: the next/previous plot; None outside it."""
        return self.dock_layout.focus_step(step)

    def leave_field(self) -> None:
        """Escape in a text or number field (or a click on a plot): the keys drive training again."""
        target = self.plots.get(self.dock_layout.focused or "gradientFlowPlot")
        widget = getattr(target, "plot_widget", target)
        if widget is not None and widget.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.dashboard.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.toolbar.fit(self)  # every toolbar item stays visible: the statistics take a second row if need be

    def _on_appearance_chosen(self) -> None:
        """The user switched theme or presentation mode: the builder's width follows, and everything redraws now."""
        self.dock_layout.fit_builder()
        self.refresh(budget=None)

    # ------------------------------------------------------------------ reacting to the user

    def _configs(self) -> tuple[ExperimentConfig, ExperimentConfig | None]:
        """(A, B or None) as the window shows them: what a new worker starts with."""
        return self._config, self.builder.compare_panel.config_b(self._config)

    def _set_running(self, running: bool) -> None:
        frame = self.latest_frame()
        if running and frame is not None and frame.divergence is not None \
                and (frame.compare is None or frame.compare[1].divergence is not None):
            running = False
            self.statusBar().showMessage(self.tr("Training diverged: press Reset (R) to start again."), 8000)
        self.toolbar.show_running(running)
        if running:
            self.worker.start()
        else:
            self.worker.pause()

    def _on_train_toggled(self, checked: bool) -> None:
        self._set_running(checked)

    def _on_speed_changed(self, index: int) -> None:
        self.worker.set_speed(SPEEDS[index])
        self.toolbar.update_speed_label()

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
        self.lesson_panel.show_text(self.theme, lambda name: self.plots[name].title_text() if name in self.plots
                                    else None)

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and not self._closed:
            QTimer.singleShot(0, self.refresh)  # a plot that just became visible draws the newest frame

    # ------------------------------------------------------------------ drawing frames

    def refresh(self, budget: float | None = DRAW_BUDGET_SECONDS) -> None:
        """Take the newest frame from the mailbox and draw it on the visible plots that have not drawn it yet
        (``budget``: seconds this tick may draw; None: every visible plot now)."""
        if self._closed:
            return
        for notice in self.worker.mailbox.take_notices():
            self._show_notice(notice)
        if self.isVisible():
            self.workers.want_parts(self.drawer.wanted_parts())
        frame = self.worker.mailbox.latest()
        if frame is None:
            return
        if frame.serial != self._shown_serial:
            self._shown_serial = frame.serial
            self.frames_shown += 1
            self.toolbar.show_frame(frame)
            self.banner.show_frame(frame)
            self.lesson_panel.show_progress(frame.lesson)
            if frame.commands_handled >= self.worker.commands_sent and frame.running != self.train_button.isChecked():
                # The worker has seen every command we sent, so its state is the truth (e.g. a divergence paused
                # it); an older frame must not undo a click the worker has not handled yet.
                self.toolbar.show_running(frame.running)
        racing = is_racing(frame.running, frame.speed)
        in_process = self.workers.in_process
        self.drawer.draw(frame, budget, draw_share(racing, in_process),
                         hold_worker=self.workers.hold_until_painted if racing and not in_process else None)

    def plot_cost(self, name: str) -> float:
        """Seconds one redraw of a plot takes (update + paint), as measured lately."""
        return self.drawer.scheduler.plot_cost(name)

    def draw_all_plots(self) -> None:
        """Draw the newest frame on every plot now, visible or not (before an export or a screenshot)."""
        frame = self.latest_frame()
        if frame is not None:
            self.drawer.draw_all(frame)

    def _show_notice(self, notice: Notice) -> None:
        message = self.workers.notice_message(notice)
        if message is not None:
            self.statusBar().showMessage(*message)

    def _on_worker_replaced(self) -> None:
        """A new worker starts at step 0, paused: nothing drawn so far is its."""
        self.drawer.timer.setInterval(self.workers.frame_interval())
        self._shown_serial = -1
        self.drawer.scheduler.forget_drawn()
        self.toolbar.show_running(False)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Stop drawing, stop and join the worker (before any widget goes away), save the layout. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.drawer.timer.stop()
        self.workers.shutdown()
        try:
            self._save_settings()
        except RuntimeError:
            pass  # the widgets are already being destroyed at interpreter exit: the layout is not saved then

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.shutdown()
        super().closeEvent(event)
