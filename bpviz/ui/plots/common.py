"""What every plot shares: the panel (title, plot, "what to look for" caption), the theme, and event markers.

A plot is a :class:`PlotPanel` subclass. It creates its pyqtgraph items once in ``__init__`` and afterwards only
calls ``setData`` / ``setOpts`` / ``setImage`` in :meth:`PlotPanel.update` (DESIGN.md §8, MultiPlotSpeedTest).
Every visible string is set in :meth:`PlotPanel.retranslate_ui`, which runs again when the language changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import Event, HistoryView, Snapshot


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


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


class PlotPanel(QWidget):
    """A titled pyqtgraph plot with a one-line caption underneath. Subclasses implement ``update``."""

    #: objectName the tests and assistive tools rely on (DESIGN.md §6)
    object_name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(260, 180)
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot_item.showGrid(x=True, y=True, alpha=current_theme().grid_alpha)
        self.plot_item.setMenuEnabled(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot_widget, stretch=1)
        layout.addWidget(self.caption)

    # ---- texts

    def title_text(self) -> str:
        """The plot's title (translated)."""
        return ""

    def caption_text(self) -> str:
        """One line: what to look for (translated)."""
        return ""

    def axis_texts(self) -> tuple[str, str]:
        """(bottom, left) axis labels with units (translated)."""
        return "", ""

    def retranslate_ui(self) -> None:
        theme = current_theme()
        self.plot_item.setTitle(self.title_text(), color=theme.foreground, size=f"{theme.title_points}pt",
                                bold=True)
        bottom, left = self.axis_texts()
        style = {"color": theme.foreground, "font-size": f"{theme.font_points}pt"}
        self.plot_item.setLabel("bottom", bottom, **style)
        self.plot_item.setLabel("left", left, **style)
        self.caption.setText(self.caption_text())
        self.setToolTip(self.caption_text())
        self.setAccessibleName(self.title_text())
        self.setAccessibleDescription(self.caption_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        """Restyle for a theme (light/dark/presentation). Subclasses extend it to restyle their items."""
        self.plot_widget.setBackground(theme.background)
        axis_font = font(theme.font_points)
        for name in ("left", "bottom", "right", "top"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
            axis.setTickFont(axis_font)
        self.plot_item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        caption_font = font(theme.caption_points)
        caption_font.setItalic(True)
        self.caption.setFont(caption_font)
        self.retranslate_ui()

    # ---- data

    def update(self, history: HistoryView | None = None, snapshot: Snapshot | None = None,  # type: ignore[override]
               compare: tuple[HistoryView, Snapshot] | None = None) -> None:
        """Draw the newest data; ``compare`` is network B's (history, snapshot) in compare mode.

        Called with no arguments it is QWidget.update() (a repaint request), which Qt code may still call.
        """
        if history is None or snapshot is None:
            QWidget.update(self)
            return
        self.draw(history, snapshot, compare)

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        """Subclasses: move the items created in __init__ to the new data (setData/setOpts/setImage only)."""
        raise TypeError(f"{type(self).__name__} must define draw()")

    def export_item(self) -> pg.GraphicsObject:
        """What an image exporter renders for this plot."""
        return self.plot_item


class EventMarkers:
    """Labelled vertical lines at live-change events; line items are reused, never recreated per frame."""

    def __init__(self, plot_item: pg.PlotItem, max_markers: int = 40) -> None:
        self.plot_item = plot_item
        self.max_markers = max_markers
        self._lines: list[pg.InfiniteLine] = []
        self._shown: tuple[Event, ...] = ()

    def update(self, events: tuple[Event, ...]) -> None:
        events = events[-self.max_markers:]
        if events == self._shown:
            return
        theme = current_theme()
        while len(self._lines) < len(events):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   label="", labelOpts={"position": 0.92, "rotateAxis": (1, 0), "anchors":
                                                        [(0, 0), (0, 0)]})
            line.setZValue(50)
            self.plot_item.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        for line, event in zip(self._lines, events):
            color = theme.diverged if event.kind == "diverged" else theme.event
            line.setPen(pg.mkPen(color, width=max(1.5, theme.line_width * 0.75), style=Qt.PenStyle.DashLine))
            line.setValue(event.step)
            line.label.setFormat(event.label)
            line.label.setColor(QColor(color))
            line.label.setFont(font(max(8, theme.font_points - 1)))
            line.show()
            line.label.show()
        for line in self._lines[len(events):]:
            line.hide()
            line.label.hide()
        self._shown = events


def health_color(grad_norm: float, theme: Theme | None = None) -> str:
    """Colour of a gradient-flow bar: vanishing (< 1e-5), healthy, exploding (> 1e2)."""
    from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW

    theme = theme or current_theme()
    if not grad_norm == grad_norm or grad_norm > EXPLODING_ABOVE:  # NaN counts as exploding
        return theme.exploding
    if grad_norm < VANISHING_BELOW:
        return theme.vanishing
    return theme.healthy
