"""Export for slides and reports: one plot (PNG or SVG), the whole dashboard (PNG), the history (CSV).

PNGs can be rendered at 1x, 2x, 4x ... the on-screen size: the scene is drawn again at that resolution (vector
re-rendering, not pixel scaling), so lines and text stay sharp on a projector.

A widget must be laid out before it can be rendered (pyqtgraph's ImageExporter reads the item's scene size).
Widgets that were never shown are shown with ``WA_DontShowOnScreen`` (nothing appears on the screen, also when a
display exists); widgets hidden inside a parent (e.g. a dock behind another tab) get their layout and resize
events delivered by hand. :func:`render_all_plots` renders every plot of the dashboard without a window, which
``bpviz run`` uses (with ``QT_QPA_PLATFORM=offscreen`` no display is needed at all).
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import PySide6  # noqa: F401  (before pyqtgraph)
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from pyqtgraph.exporters import ImageExporter, SVGExporter

from bpviz.engine.telemetry import HistoryView, Snapshot

#: default size of one exported plot in logical pixels (16:9-ish, fits a slide)
PLOT_SIZE = (1000, 560)
#: resolutions offered in the menus
SCALES = (1, 2, 4)
MAX_SCALE = 8


def _app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(["bpviz"])
    return app  # type: ignore[return-value]


def _check_scale(scale: int | float) -> int:
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or int(scale) != scale \
            or not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale = {scale!r} must be a whole number from 1 to {MAX_SCALE}")
    return int(scale)


def _process_events(rounds: int = 3) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents()


def _deliver_resize_events(widget: QWidget) -> None:
    """Lay out a widget that cannot be shown (hidden inside its parent): activate layouts, send resize events."""
    widgets: Iterable[QWidget] = [widget, *widget.findChildren(QWidget)]
    for child in widgets:
        layout = child.layout()
        if layout is not None:
            layout.activate()
    for child in [widget, *widget.findChildren(QWidget)]:
        size = child.size()
        QCoreApplication.sendEvent(child, QResizeEvent(size, QSize(-1, -1)))


def prepare_for_rendering(widget: QWidget) -> None:
    """Make sure ``widget`` is laid out at its current size, without ever putting a window on the screen."""
    _app()
    if not widget.isVisible():
        if widget.isWindow():
            widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            widget.show()
        else:
            _deliver_resize_events(widget)
    _process_events()


def _save(image: QImage, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"cannot write the image {path}")
    return path


def export_widget_png(widget: QWidget, path: str | Path, scale: int = 1) -> Path:
    """Render a widget and its children to a PNG of exactly ``scale`` x its size (in logical pixels)."""
    scale = _check_scale(scale)
    path = Path(path)
    prepare_for_rendering(widget)
    width, height = widget.width(), widget.height()
    if width <= 0 or height <= 0:
        raise ValueError(f"the widget {widget.objectName() or type(widget).__name__} has no size to render")
    image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    widget.render(image)
    return _save(image, path)


def export_plot_png(panel, path: str | Path, scale: int = 1) -> Path:
    """One plot (its pyqtgraph item, without the caption) as a PNG ``scale`` x its on-screen width."""
    scale = _check_scale(scale)
    path = Path(path)
    prepare_for_rendering(panel)
    item = panel.export_item()
    width = int(round(item.sceneBoundingRect().width() * scale))
    if width <= 0:
        raise ValueError(f"the plot {panel.objectName()} has no size to export")
    exporter = ImageExporter(item)
    exporter.parameters()["width"] = width
    path.parent.mkdir(parents=True, exist_ok=True)
    exporter.export(str(path))
    if not path.is_file():
        raise OSError(f"cannot write the image {path}")
    return path


def export_plot_svg(panel, path: str | Path) -> Path:
    """One plot as an SVG (vector: scales to any size on a slide)."""
    path = Path(path)
    prepare_for_rendering(panel)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _svg_paths_without_close_commands():
        SVGExporter(panel.export_item()).export(str(path))
    if not path.is_file():
        raise OSError(f"cannot write the SVG {path}")
    return path


def _close_paths_explicitly(d: str) -> str:
    """``M0,0 L5,0 L5,5 Z`` -> ``M0,0 L5,0 L5,5 L0,0``: the same outline, without the close command."""
    tokens = d.split()
    start = None
    out = []
    for token in tokens:
        if token in ("Z", "z"):
            if start is not None:
                out.append(f"L{start}")
            continue
        if token[:1] in ("M", "m"):
            start = token[1:]
        out.append(token)
    return " ".join(out)


@contextmanager
def _svg_paths_without_close_commands():
    """pyqtgraph 0.14's SVG exporter reads each path token as "x,y" and fails on the "Z" (close path) that
    Qt 6's SVG generator writes (pyqtgraph issue #3485). While we export, its coordinate fix-up first rewrites
    every "Z" as an explicit line back to the subpath's start."""
    module = importlib.import_module("pyqtgraph.exporters.SVGExporter")
    original = module.correctCoordinates

    def correct(node, defs, item, options):
        for path_node in node.getElementsByTagName("path"):
            d = path_node.getAttribute("d")
            if "Z" in d or "z" in d:
                path_node.setAttribute("d", _close_paths_explicitly(d))
        return original(node, defs, item, options)

    module.correctCoordinates = correct
    try:
        yield
    finally:
        module.correctCoordinates = original


def export_dashboard_png(widget: QWidget, path: str | Path, scale: int = 1) -> Path:
    """The whole dashboard (or any widget) as one PNG, ``scale`` x its size."""
    return export_widget_png(widget, path, scale)


def export_history_csv(history_view: HistoryView, path: str | Path) -> Path:
    """The recorded history: one row per step, one column per scalar and per (layer metric, layer)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    history_view.to_csv(path)
    return path


def render_all_plots(history: HistoryView, snapshot: Snapshot, out_dir: str | Path,
                     compare: tuple[HistoryView, Snapshot] | None = None,
                     size: tuple[int, int] = PLOT_SIZE, scale: int = 1, theme=None,
                     names: Iterable[str] | None = None, config=None, config_b=None) -> list[Path]:
    """Every dashboard plot drawn from (history, snapshot) [and B's in ``compare``] as ``out_dir/<objectName>.png``.

    Each PNG is exactly ``size`` x ``scale`` pixels: the plot with its title, axes, legend and caption. ``names``
    restricts the output to some plots (objectNames). ``config`` (and ``config_b``) are the experiments the data
    come from, for the plots that also draw from the configuration (the mean-field prediction, the phase
    diagram: see :meth:`PlotPanel.set_experiment`). Needs no window and no display (offscreen).
    """
    from bpviz.ui.plots import PLOT_CLASSES

    scale = _check_scale(scale)
    _app()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    wanted = None if names is None else set(names)
    paths = []
    for cls in PLOT_CLASSES:
        if wanted is not None and cls.object_name not in wanted:
            continue
        panel = cls()
        try:
            if theme is not None:
                panel.apply_theme(theme)
            panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            panel.resize(*size)
            panel.show()
            _process_events()
            panel.set_experiment(config, config_b)
            panel.update(history, snapshot, compare)
            _process_events()
            paths.append(export_widget_png(panel, out / f"{panel.objectName()}.png", scale))
        finally:
            panel.close()
            panel.deleteLater()
    _process_events(1)
    return paths


def is_blank(png_path: str | Path, tolerance: int = 12, min_share: float = 0.002) -> bool:
    """True if (nearly) every pixel of the image has one colour: fewer than ``min_share`` of the pixels differ
    from the most common colour by more than ``tolerance`` in any channel. A missing or unreadable file is blank."""
    import numpy as np

    image = QImage(str(png_path))
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    pixels = pixels.reshape(height, image.bytesPerLine())[:, :width * 4].reshape(-1, 4)[:, :3].astype(np.int16)
    colours, counts = np.unique(pixels[:: max(1, len(pixels) // 20000)], axis=0, return_counts=True)
    dominant = colours[np.argmax(counts)]
    differs = np.any(np.abs(pixels - dominant) > tolerance, axis=1)
    return float(np.mean(differs)) < min_share


__all__ = [
    "PLOT_SIZE", "SCALES", "export_dashboard_png", "export_history_csv", "export_plot_png", "export_plot_svg",
    "export_widget_png", "is_blank", "prepare_for_rendering", "render_all_plots",
]
