"""Export from the window: File -> Export (the dashboard as PNG 1x/2x/4x, one plot as PNG or SVG, the training
history as CSV, an animation of the run as GIF or APNG) and the same picture entries in every plot's right-click
menu. :mod:`bpviz.ui.export` and :mod:`bpviz.ui.animation_export` do the rendering.

An animation is drawn from the recorded history of the newest frame by plots that never show on screen, with a
progress bar and a Cancel button; training goes on meanwhile (it runs in the worker).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog, QWidget

from bpviz.animation import AnimationCancelled
from bpviz.ui.animation_dialog import AnimationDialog
from bpviz.ui.animation_export import DASHBOARD, AnimationOptions, export_animation
from bpviz.ui.dialogs import ask_save_path
from bpviz.ui.export import PLOT_SIZE, SCALES, export_dashboard_png, export_history_csv, export_plot_png, export_plot_svg
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.worker import Frame


class ExportActions(QObject):
    """Exports ``window``'s ``plots`` (objectName -> PlotPanel) and ``dashboard``.

    ``latest_frame()`` is the frame to export; ``draw_visible()`` draws it on every visible plot now and
    ``draw_plot(name, frame)`` on one plot, visible or not, so a picture never shows an older frame.
    Its menu is :attr:`export_menu`; :attr:`plot_menu_actions` lists the plots' context-menu entries as
    ``(target, format, scale, action)`` with target "plot" or "dashboard".
    :attr:`animation_action` opens the animation dialog; ``animationProgress(done, total)`` is emitted after each
    frame of an animation export (:attr:`progress_dialog` is its progress bar).
    """

    animationProgress = Signal(int, int)

    def __init__(self, window: QMainWindow, plots: dict[str, PlotPanel], dashboard: QWidget,
                 latest_frame: Callable[[], Frame | None], draw_visible: Callable[[], None],
                 draw_plot: Callable[[str, Frame], None]) -> None:
        super().__init__(window)
        self.window = window
        self.plots = plots
        self.dashboard = dashboard
        self._latest_frame = latest_frame
        self._draw_visible = draw_visible
        self._draw_plot = draw_plot
        self.plot_menu_actions: list[tuple[str, str, int, QAction]] = []
        for name, panel in plots.items():
            self._add_to_context_menu(name, panel)
        self._build_menu()

    def _build_menu(self) -> None:
        """File -> Export: the dashboard at each scale, each plot as PNG and SVG, the history as CSV."""
        window = self.window
        self.export_menu = QMenu(window)
        self.export_menu.setObjectName("exportMenu")
        self.export_dashboard_actions: dict[int, QAction] = {}
        for scale in SCALES:
            action = QAction(window)
            action.triggered.connect(lambda _checked=False, s=scale: self.export_dashboard(scale=s))
            self.export_dashboard_actions[scale] = action
            self.export_menu.addAction(action)
        self.export_menu.addSeparator()
        self.export_plot_png_menu = QMenu(window)
        self.export_plot_svg_menu = QMenu(window)
        self.export_plot_png_scales: dict[str, dict[int, QAction]] = {}  # plot -> scale -> its action
        for name in self.plots:
            # one submenu per plot: the PNG at 1x, 2x or 4x its on-screen size (a slide needs more than 556 x 432)
            scales = QMenu(window)
            scales.menuAction().setData(name)
            self.export_plot_png_scales[name] = {}
            for scale in SCALES:
                png = QAction(window)
                png.triggered.connect(lambda _checked=False, n=name, s=scale: self.export_plot(n, fmt="png", scale=s))
                scales.addAction(png)
                self.export_plot_png_scales[name][scale] = png
            self.export_plot_png_menu.addMenu(scales)
            svg = QAction(window)
            svg.setData(name)
            svg.triggered.connect(lambda _checked=False, n=name: self.export_plot(n, fmt="svg"))
            self.export_plot_svg_menu.addAction(svg)
        self.export_menu.addMenu(self.export_plot_png_menu)
        self.export_menu.addMenu(self.export_plot_svg_menu)
        self.export_menu.addSeparator()
        self.export_csv_action = QAction(window)
        self.export_csv_action.triggered.connect(lambda: self.export_history())
        self.export_menu.addAction(self.export_csv_action)
        self.export_menu.addSeparator()
        self.animation_action = QAction(window)
        self.animation_action.setObjectName("exportAnimationAction")
        self.animation_action.triggered.connect(lambda: self.export_animation())
        self.export_menu.addAction(self.animation_action)
        self.progress_dialog: QProgressDialog | None = None
        self._last_options = AnimationOptions()

    def _add_to_context_menu(self, name: str, panel: PlotPanel) -> None:
        """Every plot's right-click menu exports that plot (PNG 1x/2x/4x, SVG) or the dashboard (PNG 1x/2x/4x).

        pyqtgraph appends its scene's ``contextMenu`` actions to the menu of any item clicked in that scene.
        """
        actions = []
        for scale in SCALES:
            action = QAction(self.window)
            action.triggered.connect(lambda _checked=False, n=name, s=scale: self.export_plot(n, fmt="png", scale=s))
            actions.append(("plot", "png", scale, action))
        svg = QAction(self.window)
        svg.triggered.connect(lambda _checked=False, n=name: self.export_plot(n, fmt="svg"))
        actions.append(("plot", "svg", 1, svg))
        for scale in SCALES:
            action = QAction(self.window)
            action.triggered.connect(lambda _checked=False, s=scale: self.export_dashboard(scale=s))
            actions.append(("dashboard", "png", scale, action))
        panel.plot_widget.scene().contextMenu.extend(action for *_, action in actions)
        self.plot_menu_actions.extend(actions)

    def retranslate_ui(self) -> None:
        self.export_menu.setTitle(self.tr("&Export"))
        for scale, action in self.export_dashboard_actions.items():
            action.setText(self.tr("Dashboard as PNG ({scale}x)…").format(scale=scale))
        self.export_plot_png_menu.setTitle(self.tr("Plot as PNG"))
        self.export_plot_svg_menu.setTitle(self.tr("Plot as SVG"))
        for menu in (self.export_plot_png_menu, self.export_plot_svg_menu):
            for action in menu.actions():
                name = action.data()
                action.setText(self.plots[name].title_text() or name)
        for scales in self.export_plot_png_scales.values():
            for scale, action in scales.items():
                action.setText(self.tr("PNG ({scale}x)…").format(scale=scale))
        self.export_csv_action.setText(self.tr("Training history as CSV…"))
        self.animation_action.setText(self.tr("Animation (GIF or APNG)…"))
        for target, fmt, scale, action in self.plot_menu_actions:
            if target == "dashboard":
                action.setText(self.tr("Dashboard as PNG ({scale}x)…").format(scale=scale))
            elif fmt == "svg":
                action.setText(self.tr("Export plot as SVG"))
            else:
                action.setText(self.tr("Plot as PNG ({scale}x)…").format(scale=scale))

    def export_dashboard(self, path: str | Path | None = None, scale: int = 1) -> Path | None:
        """The dashboard as a PNG at ``scale`` (None: ask where); the path written, or None."""
        path = path or ask_save_path(self.window, self.tr("Export dashboard as PNG"), "bpviz-dashboard.png",
                                     self.tr("PNG image (*.png)"))
        if not path:
            return None
        self._draw_visible()  # every visible plot shows the newest frame in the picture
        return self._export(lambda: export_dashboard_png(self.dashboard, path, scale=scale), path)

    def export_plot(self, name: str, path: str | Path | None = None, fmt: str = "png", scale: int = 1) -> Path | None:
        """One plot as PNG (at ``scale``) or SVG (None: ask where), also one hidden behind another tab."""
        panel = self.plots[name]
        if path is None:
            title = self.tr("Export plot as SVG") if fmt == "svg" else self.tr("Export plot as PNG")
            pattern = self.tr("SVG image (*.svg)") if fmt == "svg" else self.tr("PNG image (*.png)")
            path = ask_save_path(self.window, title, f"{name}.{fmt}", pattern)
        if not path:
            return None
        frame = self._latest_frame()
        if frame is not None:
            self._draw_plot(name, frame)  # also when its dock is hidden behind another tab
        if fmt == "svg":
            return self._export(lambda: export_plot_svg(panel, path), path)
        return self._export(lambda: export_plot_png(panel, path, scale=scale), path)

    def export_history(self, path: str | Path | None = None) -> Path | None:
        """The training history (network A) as CSV (None: ask where)."""
        path = path or ask_save_path(self.window, self.tr("Export training history as CSV"), "bpviz-history.csv",
                                     self.tr("CSV table (*.csv)"))
        frame = self._latest_frame()
        if not path or frame is None:
            return None
        return self._export(lambda: export_history_csv(frame.history, path), path)

    # ---- animation

    def export_animation(self, path: str | Path | None = None, options: AnimationOptions | None = None) -> Path | None:
        """The recorded run as an animated GIF or APNG: ``options`` (None: ask in the animation dialog) and
        ``path`` (None: ask where). The path written, or None (cancelled, nothing recorded yet, or it failed)."""
        frame = self._latest_frame()
        if frame is None or len(frame.history.steps) == 0:
            QMessageBox.information(self.window, self.tr("Export animation"),
                                    self.tr("Nothing to animate yet: train a few steps first."))
            return None
        if options is None:
            titles = {name: panel.title_text() or name for name, panel in self.plots.items()}
            dialog = AnimationDialog(self.window, titles, self._last_options)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            options = dialog.options()
        self._last_options = options
        if path is None:
            pattern = self.tr("GIF animation (*.gif)") if options.format == "gif" else \
                self.tr("APNG animation (*.png)")
            path = ask_save_path(self.window, self.tr("Export animation"), f"bpviz-{options.target}{options.suffix}",
                                 pattern)
            if not path:
                return None
        layout, size = self._animation_layout(options.target)
        progress = QProgressDialog(self.tr("Drawing {frames} frames…").format(frames=options.frames),
                                   self.tr("Cancel"), 0, options.frames, self.window)
        progress.setObjectName("animationProgress")
        progress.setWindowTitle(self.tr("Export animation"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.progress_dialog = progress

        def report(done: int, total: int) -> bool:
            progress.setValue(done)
            self.animationProgress.emit(done, total)
            QCoreApplication.processEvents()
            return not progress.wasCanceled()

        try:
            result = export_animation(path, layout, size, (frame.history, frame.snapshot), frame.compare, options,
                                      config=frame.config, config_b=frame.config_b, progress=report)
        except AnimationCancelled:
            self.window.statusBar().showMessage(self.tr("Animation export cancelled: nothing was written."), 6000)
            return None
        except (OSError, ValueError, RuntimeError) as exc:
            QMessageBox.warning(self.window, self.tr("Export failed"),
                                self.tr("Could not write {path}:\n{error}").format(path=path, error=exc))
            return None
        finally:
            progress.close()
        self.window.statusBar().showMessage(
            self.tr("Saved {path}: {frames} frames, {megabytes:.1f} MB, in {seconds:.0f} s").format(
                path=path, frames=result.frames, megabytes=result.size_bytes / 1e6, seconds=result.seconds), 10000)
        return Path(path)

    def _animation_layout(self, target: str) -> tuple[list[tuple[str, QRect]], tuple[int, int]]:
        """(plot, rectangle) of each plot in the picture, and its size: the plots visible on the dashboard where
        they are, or one plot at its on-screen size (PLOT_SIZE when it is hidden behind a tab)."""
        if target == DASHBOARD:
            layout = [(name, QRect(panel.mapTo(self.dashboard, QPoint(0, 0)), panel.size()))
                      for name, panel in self.plots.items()
                      if panel.isVisible() and not panel.visibleRegion().isEmpty()]
            if layout:
                return layout, (self.dashboard.width(), self.dashboard.height())
            target = next(iter(self.plots))
        panel = self.plots[target]
        width, height = (panel.width(), panel.height()) if panel.isVisible() and \
            not panel.visibleRegion().isEmpty() else PLOT_SIZE
        return [(target, QRect(0, 0, width, height))], (width, height)

    def _export(self, action: Any, path: str | Path) -> Path | None:
        try:
            action()
        except (OSError, ValueError, RuntimeError) as exc:
            QMessageBox.warning(self.window, self.tr("Export failed"),
                                self.tr("Could not write {path}:\n{error}").format(path=path, error=exc))
            return None
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 6000)
        return Path(path)
