"""Animations of a recorded run, drawn by the real plots: the Qt half of File -> Export animation and of
``bpviz run … --animate``. :mod:`bpviz.animation` plans the moments and writes the GIF/APNG.

:class:`MomentRenderer` draws each moment of the run (:func:`bpviz.animation.plan_moments`) on fresh plots that
never show on screen (the window's own plots keep drawing the live run), one plot or several laid out as on the
dashboard, and returns the picture as RGB pixels. The frames come from the recorded history and the run's last
Snapshot, so an export repeats no training and never pauses it (training runs in the worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from bpviz.animation import (
    FORMATS, GIF_SIZE_BUDGET, AnimationResult, animation_format, frame_count_for, history_until, moment_snapshot, plan_moments,
    write_animation,
)
from bpviz.engine.telemetry import HistoryView, Snapshot

DASHBOARD = "dashboard"
DEFAULT_DURATION_S = 10.0
DEFAULT_FPS = 10.0
SCALES = (1, 2, 4)  # offered in the dialog; `bpviz run --scale` allows up to MAX_SCALE
MAX_SCALE = 8


@dataclass(frozen=True)
class AnimationOptions:
    """What File -> Export animation asks: the whole dashboard or one plot (its objectName), how long, how many
    frames a second, at which scale of the on-screen size, as GIF or APNG."""

    target: str = DASHBOARD
    duration_s: float = DEFAULT_DURATION_S
    fps: float = DEFAULT_FPS
    scale: int = 1
    format: str = "gif"

    def __post_init__(self) -> None:
        frame_count_for(self.duration_s, self.fps)  # ValueError outside the ranges
        if isinstance(self.scale, bool) or not isinstance(self.scale, int) or not 1 <= self.scale <= MAX_SCALE:
            raise ValueError(f"scale = {self.scale!r} must be a whole number from 1 to {MAX_SCALE}")
        if self.format not in FORMATS:
            raise ValueError(f"format = {self.format!r}; choose one of {FORMATS}")

    @property
    def frames(self) -> int:
        return frame_count_for(self.duration_s, self.fps)

    @property
    def suffix(self) -> str:
        return ".gif" if self.format == "gif" else ".png"


def rgb_array(image: QImage) -> np.ndarray:
    """An (H, W, 3) uint8 copy of ``image``'s pixels."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return rows.reshape(height, image.bytesPerLine())[:, :width * 3].reshape(height, width, 3).copy()


class MomentRenderer:
    """``renderer(i)``: moment i of the run drawn by fresh offscreen plots, as RGB pixels.

    ``layout`` lists (plot objectName, rectangle in logical pixels) of the picture, whose size is ``size``
    (one plot: [(name, QRect(0, 0, w, h))]). ``run`` is network A's (history, last Snapshot) and ``compare``
    network B's (or None); ``config``/``config_b`` are their experiments (for the plots that also draw from the
    settings). Call :meth:`close` when done.
    """

    def __init__(self, layout: Sequence[tuple[str, QRect]], size: tuple[int, int], run: tuple[HistoryView, Snapshot],
                 compare: tuple[HistoryView, Snapshot] | None, duration_s: float, fps: float, scale: int = 1,
                 config=None, config_b=None, background: str | None = None) -> None:
        from bpviz.ui.plots import PLOT_CLASSES
        from bpviz.ui.plots.theme import current_theme

        classes = {cls.object_name: cls for cls in PLOT_CLASSES}
        unknown = [name for name, _ in layout if name not in classes]
        if unknown or not layout:
            raise ValueError(f"no such plot: {', '.join(unknown) or '(none)'}")
        self.history, self.final = run
        self.compare = compare
        self.moments = plan_moments(self.history, duration_s, fps, last_step=self.final.step)
        self.size = size
        self.scale = int(scale)
        self.background = QColor(background or current_theme().background)
        self.panels = []
        for name, rect in layout:
            panel = classes[name]()
            panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            panel.resize(rect.width(), rect.height())
            panel.show()
            panel.set_experiment(config, config_b)
            self.panels.append((panel, rect.topLeft()))
        QCoreApplication.processEvents()

    def __len__(self) -> int:
        return len(self.moments)

    def __call__(self, index: int) -> np.ndarray:
        step = self.moments[index].step
        history = history_until(self.history, step)
        snapshot = moment_snapshot(self.final, self.history, step)
        compare = None
        if self.compare is not None:
            history_b, final_b = self.compare
            compare = (history_until(history_b, step), moment_snapshot(final_b, history_b, step))
        for panel, _ in self.panels:
            panel.update(history, snapshot, compare)
        QCoreApplication.processEvents()  # layouts settle (and the window stays responsive)
        width, height = self.size
        image = QImage(width * self.scale, height * self.scale, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(self.scale)
        image.fill(self.background)
        painter = QPainter(image)
        try:
            for panel, offset in self.panels:
                panel.render(painter, QPoint(offset))
        finally:
            painter.end()
        return rgb_array(image)

    def close(self) -> None:
        for panel, _ in self.panels:
            panel.close()
            panel.deleteLater()
        self.panels = []
        QCoreApplication.processEvents()


def export_animation(path: str | Path, layout: Sequence[tuple[str, QRect]], size: tuple[int, int],
                     run: tuple[HistoryView, Snapshot], compare: tuple[HistoryView, Snapshot] | None,
                     options: AnimationOptions, config=None, config_b=None,
                     progress: Callable[[int, int], bool | None] | None = None) -> AnimationResult:
    """Draw and write the animation ``options`` asks for to ``path`` (its suffix must match the format).
    ``progress(done, total)`` returning False cancels (:class:`bpviz.animation.AnimationCancelled`)."""
    if animation_format(path) != options.format:
        raise ValueError(f"{Path(path).name}: a {options.format.upper()} animation is saved as {options.suffix}")
    renderer = MomentRenderer(layout, size, run, compare, options.duration_s, options.fps, options.scale,
                              config=config, config_b=config_b)
    try:
        return write_animation(path, len(renderer), renderer, options.fps, format=options.format,
                               progress=progress,
                               size_budget=GIF_SIZE_BUDGET if options.format == "gif" else None)
    finally:
        renderer.close()


__all__ = ["AnimationOptions", "DASHBOARD", "MomentRenderer", "export_animation", "rgb_array"]
