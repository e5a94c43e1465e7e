"""The plots' theme: colours, font sizes and line widths, and the one theme every plot is drawn in right now.

:func:`current_theme` is process-wide state: the window sets it (:func:`set_current_theme`) when the user switches
light/dark or presentation mode, and plots created afterwards start in it. A plot keeps its own ``theme`` too
(:meth:`PlotPanel.apply_theme`), so it can be restyled without waiting for the next frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

import pyqtgraph as pg


@dataclass(frozen=True)
class Theme:
    """Colours and sizes. Presentation mode is the same theme with larger fonts and thicker lines."""

    name: str = "light"
    background: str = "#ffffff"
    foreground: str = "#202020"
    grid_alpha: float = 0.25
    series_a: str = "#1f77b4"      # network A (the experiment)
    series_b: str = "#d62728"      # network B (compare mode)
    signal: str = "#ff7f0e"        # back-propagated dL/dh line
    vanishing: str = "#4a78c2"     # gradient-flow health colours
    healthy: str = "#2ca02c"
    exploding: str = "#d62728"
    event: str = "#7f3fbf"
    diverged: str = "#d62728"
    guide: str = "#606060"
    class_colors: tuple[str, str] = ("#1f77b4", "#ff7f0e")
    font_points: int = 11
    title_points: int = 13
    line_width: float = 2.0
    caption_points: int = 10

    def scaled(self, factor: float) -> "Theme":
        return replace(self, font_points=round(self.font_points * factor),
                       title_points=round(self.title_points * factor),
                       caption_points=round(self.caption_points * factor),
                       line_width=self.line_width * factor)


LIGHT = Theme()


DARK = Theme(name="dark", background="#1e1e1e", foreground="#e8e8e8", grid_alpha=0.3, series_a="#5fa8ff",
             series_b="#ff6b6b", signal="#ffb347", vanishing="#6fa0ff", healthy="#4cd964", exploding="#ff5050",
             event="#c79bff", guide="#b0b0b0", class_colors=("#5fa8ff", "#ffb347"))


HIGH_CONTRAST = Theme(name="presentation", background="#ffffff", foreground="#000000", grid_alpha=0.35,
                      series_a="#0050d0", series_b="#d00000", signal="#e06000", vanishing="#0050d0",
                      healthy="#008a00", exploding="#d00000", event="#7000c0", guide="#000000",
                      class_colors=("#0050d0", "#e06000"))


_current_theme = LIGHT


def current_theme() -> Theme:
    return _current_theme


def set_current_theme(theme: Theme) -> None:
    global _current_theme
    _current_theme = theme


def pen(color: str, width: float | None = None, style=Qt.PenStyle.SolidLine) -> pg.QtGui.QPen:
    theme = current_theme()
    return pg.mkPen(color=color, width=theme.line_width if width is None else width, style=style)


def font(points: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSize(points)
    f.setBold(bold)
    return f


def blend(color: str | QColor, background: str | QColor, alpha: float) -> QColor:
    """The opaque colour that ``color`` at opacity ``alpha`` shows over ``background``."""
    front, back = QColor(color), QColor(background)
    alpha = min(1.0, max(0.0, float(alpha)))
    return QColor(*(round(alpha * f + (1.0 - alpha) * b) for f, b in
                    ((front.red(), back.red()), (front.green(), back.green()), (front.blue(), back.blue()))))


def health_color(grad_norm: float, theme: Theme | None = None) -> str:
    """Colour of a gradient-flow bar: vanishing (< 1e-5), healthy, exploding (> 1e2)."""
    from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW

    theme = theme or current_theme()
    if not grad_norm == grad_norm or grad_norm > EXPLODING_ABOVE:  # NaN counts as exploding
        return theme.exploding
    if grad_norm < VANISHING_BELOW:
        return theme.vanishing
    return theme.healthy


def layer_colormap(theme: Theme | None = None) -> pg.ColorMap:
    """Input layer -> output layer colours (plasma: dark violet to orange), visible on light and dark backgrounds."""
    theme = theme or current_theme()
    low, high = (0.0, 0.82) if theme.name != "dark" else (0.25, 1.0)
    positions = np.linspace(0.0, 1.0, 9)
    colors = pg.colormap.get("plasma").map(low + positions * (high - low), mode="qcolor")
    return pg.ColorMap(positions, colors)


def layer_colors(layers, depth: int, theme: Theme | None = None) -> list[QColor]:
    """The colour of each 0-based layer index in ``layers`` for a network of ``depth`` layers."""
    cmap = layer_colormap(theme)
    fractions = np.asarray(layers, dtype=np.float64) / max(depth - 1, 1)
    return list(cmap.map(fractions, mode="qcolor"))
