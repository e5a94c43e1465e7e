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
    """Colours and sizes. Presentation mode is a high-contrast theme with larger fonts and thicker lines.

    Every theme's colours are chosen for colour-vision deficiencies (checked by tests/ui/test_colour_vision.py with
    :mod:`bpviz.ui.plots.colour_vision`): vanishing, healthy and exploding stay at least ΔE 20 apart (CIE76) for
    normal vision and simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009), and network B's
    colour is no health colour. The health colours lean on lightness, which every viewer sees: on a light
    background vanishing is a pale sky blue (it fades), healthy a dark bluish green, exploding vermillion; on a dark
    background vanishing is a dark blue (it fades into the background) and healthy a light green. Categories (A,
    B, the two classes) come from Okabe & Ito's palette; B is a violet (a yellow on dark backgrounds), never red.
    """

    name: str = "light"
    background: str = "#ffffff"
    foreground: str = "#202020"
    grid_alpha: float = 0.25
    series_a: str = "#0072b2"      # network A (the experiment): Okabe-Ito blue
    series_b: str = "#a020f0"      # network B (compare mode): a violet, far from every health colour
    signal: str = "#202020"        # back-propagated dL/dh line: drawn over bars of every health colour
    vanishing: str = "#56b4e9"     # gradient-flow health colours (see the class docstring)
    healthy: str = "#00704a"
    exploding: str = "#d55e00"
    event: str = "#a0527f"
    diverged: str = "#d55e00"      # a diverged run: the exploding colour, always with the word
    guide: str = "#606060"
    class_colors: tuple[str, str] = ("#0072b2", "#e69f00")
    accuracy_colors: tuple[str, str] = ("#e69f00", "#202020")  # A's train and test accuracy curves
    font_points: int = 11
    title_points: int = 13
    line_width: float = 2.0
    caption_points: int = 10

    def scaled(self, factor: float) -> "Theme":
        return replace(self, font_points=round(self.font_points * factor),
                       title_points=round(self.title_points * factor),
                       caption_points=round(self.caption_points * factor),
                       line_width=self.line_width * factor)

    @property
    def health_colors(self) -> tuple[str, str, str]:
        """(vanishing, healthy, exploding)."""
        return self.vanishing, self.healthy, self.exploding


LIGHT = Theme()


DARK = Theme(name="dark", background="#1e1e1e", foreground="#e8e8e8", grid_alpha=0.3, series_a="#56b4e9",
             series_b="#f0e442", signal="#e8e8e8", vanishing="#2f6db5", healthy="#5fe3a1", exploding="#e66100",
             event="#c79bff", diverged="#e66100", guide="#b0b0b0", class_colors=("#56b4e9", "#e69f00"),
             accuracy_colors=("#ff9ec7", "#e8e8e8"))


HIGH_CONTRAST = Theme(name="presentation", background="#ffffff", foreground="#000000", grid_alpha=0.35,
                      series_a="#0050a0", series_b="#a020f0", signal="#000000", vanishing="#4a90d9",
                      healthy="#00552e", exploding="#d55e00", event="#a0527f", diverged="#d55e00", guide="#000000",
                      class_colors=("#0050a0", "#b86e00"), accuracy_colors=("#b86e00", "#000000"))


#: Presentation colours on a dark background: pure white text and guides on black, brighter series.
HIGH_CONTRAST_DARK = replace(DARK, name="presentation-dark", background="#000000", foreground="#ffffff",
                             grid_alpha=0.4, guide="#ffffff", signal="#ffffff", series_a="#6cb4ff",
                             vanishing="#3a7bd5", healthy="#66eeaa", exploding="#ff7a2a", diverged="#ff7a2a",
                             accuracy_colors=("#ff9ec7", "#ffffff"))

#: every theme the window can show (tests check each one's colours)
THEMES = (LIGHT, DARK, HIGH_CONTRAST, HIGH_CONTRAST_DARK)


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
