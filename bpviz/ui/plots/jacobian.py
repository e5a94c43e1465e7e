"""The "why" view: the chain rule made visible.

Per layer l, the mean singular value of the block Jacobian dh_l/dh_(l-1) (bars, drawn up or down from the dashed
1.0 line) and the running product from the output back to layer l (line). Factors below 1 make the product, and
with it the gradient reaching the first layers, shrink exponentially with depth; factors above 1 make it grow.

Jacobians are costly, so the worker computes them only now and then: between two computations the last one is
shown (with the step it belongs to); before the first, an explanation.
"""

from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFontMetricsF

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Jacobians, Snapshot
from bpviz.ui.plots.axes import Log10Axis
from bpviz.ui.plots.items import CornerText, hatched_brush
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, show_in_legend
from bpviz.ui.plots.numeric import format_sci, layer_ticks, safe_log10
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import network_names, stopped_text
from bpviz.ui.plots.theme import Theme, font

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
FLOORS = (-2.0, -5.0, -10.0, -20.0, -50.0, -100.0, -200.0, -330.0)
TOPS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 330.0)
TEXTS_SHARE = 0.5  # the guide's label and the numbers may take this share of the view's height together (room is
# kept for them beside the data), else the numbers go under the plot
LOG_FLOOR = -330.0  # below float64's smallest numbers: a product that underflowed to 0 is drawn here


def axis_range(logs: np.ndarray) -> tuple[float, float]:
    """A (bottom, top) from a short list of round values around the finite ``logs``, so the axis rarely moves."""
    finite = logs[np.isfinite(logs)]
    low = float(finite.min()) if finite.size else -1.0
    high = float(finite.max()) if finite.size else 0.0
    bottom = next((f for f in FLOORS if low >= f + 0.3), FLOORS[-1])
    top = next((t for t in TOPS if high <= t - 0.3), TOPS[-1])
    return bottom, top


class _Series:
    """One network's bars (mean singular value) and line (running product)."""

    def __init__(self, plot_item: pg.PlotItem, hatched: bool) -> None:
        self.hatched = hatched
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0.0)
        self.bars.setZValue(10)
        self.product = pg.PlotDataItem([], [], connect="finite")
        self.product.setZValue(20)
        # the legend draws these samples, not the bars and the line: those are hidden until their data come (B's in
        # compare mode), and pyqtgraph draws a hidden item's sample as a crossed-out eye, not as a bar or a line
        self.bars_sample = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.product_sample = pg.PlotDataItem([], [])
        plot_item.addItem(self.bars)
        plot_item.addItem(self.product)
        self.sv_logs = np.zeros(0)
        self.product_logs = np.zeros(0)

    def set_visible(self, visible: bool) -> None:
        self.bars.setVisible(visible)
        self.product.setVisible(visible)

    def clear(self) -> None:
        """Nothing to draw (yet): empty data, but still visible, so the legend shows its sample."""
        self.bars.setOpts(x=[], height=[], y0=0.0)
        self.product.setData([], [])
        self.sv_logs = self.product_logs = np.zeros(0)

    def style(self, theme: Theme, bar_color: str, line_color: str) -> None:
        width = theme.line_width
        if self.hatched:
            bar_opts = {"brush": hatched_brush(bar_color), "pen": pg.mkPen(bar_color, width=max(1.5, 0.75 * width))}
        else:
            fill = QColor(bar_color)
            fill.setAlpha(170)
            bar_opts = {"brush": pg.mkBrush(fill), "pen": pg.mkPen(bar_color, width=1.0)}
        self.bars.setOpts(**bar_opts)
        self.bars_sample.setOpts(**bar_opts)
        style = Qt.PenStyle.DashLine if self.hatched else Qt.PenStyle.SolidLine
        for line in (self.product, self.product_sample):
            line.setPen(pg.mkPen(line_color, width=width * 1.2, style=style))
            line.setSymbol("s" if self.hatched else "o")
            line.setSymbolSize(max(6.0, 3.5 * width))
            line.setSymbolBrush(pg.mkBrush(line_color))
            line.setSymbolPen(pg.mkPen(theme.background, width=max(1.0, 0.5 * width)))

    def draw(self, jacobians: Jacobians, x: np.ndarray, bar_width: float) -> None:
        sv_logs, _clamped, _bad = safe_log10(jacobians.mean_singular_value, LOG_FLOOR)
        product_logs, _clamped, _bad = safe_log10(jacobians.running_product, LOG_FLOOR)
        self.sv_logs, self.product_logs = sv_logs, product_logs
        finite = np.isfinite(sv_logs)
        heights = np.where(finite, np.abs(sv_logs), 0.0)
        y0 = np.where(finite, np.minimum(sv_logs, 0.0), 0.0)  # from the 1.0 line down (shrinks) or up (grows)
        self.bars.setOpts(x=x, height=heights, y0=y0, width=bar_width)
        if np.isfinite(product_logs).any():
            self.product.setData(x, product_logs)
        else:  # a diverged run: nothing to draw (all-NaN points make pyqtgraph warn when it measures them)
            self.product.setData([], [])
        self.product.setSymbol(None if len(x) > 40 else ("s" if self.hatched else "o"))
        self.set_visible(True)


class JacobianPlot(PlotPanel):
    """Mean singular value of each layer's Jacobian and their running product from the output back."""

    object_name = "jacobianPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.axis = Log10Axis("left")
        self.plot_item.setAxisItems({"left": self.axis})
        self.plot_item.setMouseEnabled(x=True, y=False)
        self.plot_item.hideButtons()
        self.guide = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self.guide.setZValue(5)
        self.plot_item.addItem(self.guide, ignoreBounds=True)
        # the guide's name in the top left, in room kept above the data: on the line itself, bars that grow (an
        # exploding init) were drawn through it
        self.guide_label = CornerText(self.plot_item, corner=(0, 0))
        self.series_a = _Series(self.plot_item, hatched=False)
        self.series_b = _Series(self.plot_item, hatched=True)
        self.series_b.set_visible(False)
        self.legend = legend_below_plot(self.plot_item, columns=2)
        self.status = CornerText(self.plot_item, corner=(1, 1))
        self._status_in_view = False  # the numbers in their corner (room is kept for them under the data)
        self._applied_range: tuple[float, float] | None = None
        self.empty_text = CornerText(self.plot_item, corner=(0, 1))
        self.range = (0.0, 0.0)
        self._set_y_range((-10.0, 1.0))
        self.plot_item.vb.sigResized.connect(self._apply_y_range)  # the label's room depends on the plot's height
        self.plot_item.vb.sigResized.connect(self._place_status)
        self._depth = 0
        self._apply_x_range()
        self.plot_item.vb.sigResized.connect(self._apply_x_range)  # the last tick label's room is in pixels
        self._compare = False
        self._kept: dict[str, tuple[Jacobians, int]] = {}   # network -> (last Jacobians, its step)
        self.shown: dict[str, tuple[Jacobians, int] | None] = {"A": None, "B": None}
        self._status_lines: list[tuple[str, str]] = []
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("JacobianPlot", "Why: the chain rule, layer by layer")

    def tab_text(self) -> str:
        return translate("JacobianPlot", "Why: chain rule")

    def caption_text(self) -> str:
        return translate("JacobianPlot", "Factors below 1 shrink the product exponentially toward the input, "
                                         "factors above 1 grow it — the chain rule at work.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("JacobianPlot", "layer (1 = input side → output side)"),
                translate("JacobianPlot", "factor, product"))  # short: ~170 px tall at 1280 x 720 (ticks say log)

    def _legend_names(self) -> dict[str, str]:
        """Short entries, so that the legend fits the default layout's ~300 px dock at the theme's own text size
        (presentation mode's too) instead of shrinking to a size the back row cannot read; the axis title and the
        tooltip (:meth:`legend_help`) say what the factor and the product are."""
        if self._compare:
            bars = translate("JacobianPlot", "factor")
            line = translate("JacobianPlot", "product")
            return {"a_bars": "A: " + bars, "a_line": "A: " + line, "b_bars": "B: " + bars, "b_line": "B: " + line}
        return {"a_bars": translate("JacobianPlot", "factor per layer"),
                "a_line": translate("JacobianPlot", "product back to layer l")}

    def legend_help(self) -> str:
        return translate("JacobianPlot", "Bars: the factor per layer, the mean singular value of the layer's Jacobian "
                                         "dh_l/dh_(l-1). Line: the product of these factors from the output back to "
                                         "layer l.")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setToolTip(f"{self.caption_text()}\n{self.legend_help()}")
        self.setAccessibleDescription(f"{self.caption_text()} {self.legend_help()}")
        self._set_guide_label()
        self._update_legend()
        self._update_status()

    def _set_guide_label(self) -> None:
        self.guide_label.set_lines([(self.theme.guide, translate("JacobianPlot", "1 = signal preserved"))],
                                   self.theme.font_points)
        self._apply_y_range()

    def _update_legend(self) -> None:
        names = self._legend_names()
        show_in_legend(self.legend, self.series_a.bars_sample, names["a_bars"])
        show_in_legend(self.legend, self.series_a.product_sample, names["a_line"])
        show_in_legend(self.legend, self.series_b.bars_sample, names.get("b_bars", ""), self._compare)
        show_in_legend(self.legend, self.series_b.product_sample, names.get("b_line", ""), self._compare)
        self.legend.fit()  # renamed entries (compare mode, another language) may need other rows

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=True, alpha=theme.grid_alpha)
        self.axis.setStyle(tickFont=font(theme.font_points))
        self.guide.setPen(pg.mkPen(theme.guide, width=max(1.5, theme.line_width), style=Qt.PenStyle.DashLine))
        self._set_guide_label()
        self.series_a.style(theme, theme.series_a, theme.signal)
        self.series_b.style(theme, theme.series_b, theme.series_b)
        self._apply_x_range()  # the tick labels' size changed
        restyle_legend_labels(self.legend, theme)
        self.legend.fit()  # presentation mode's larger texts may need more rows
        self.status.set_box(theme)
        self.empty_text.set_box(theme)
        if not self.render_last():
            self._update_status()

    # ---- data

    def new_run(self) -> None:
        self._kept.clear()

    def _jacobians(self, network: str, snapshot: Snapshot | None) -> tuple[Jacobians, int] | None:
        """This frame's Jacobians, or the last ones of the same run (same depth, not after a reset)."""
        if snapshot is None:
            return None
        kept = self._kept.get(network)
        if kept is not None and (snapshot.step < kept[1] or len(kept[0].mean_singular_value) != snapshot.depth):
            kept = None  # a reset or a new network: the old picture would mislead
        if snapshot.jacobians is not None and len(snapshot.jacobians.mean_singular_value) == snapshot.depth:
            kept = (snapshot.jacobians, snapshot.step)
        if kept is None:
            self._kept.pop(network, None)
        else:
            self._kept[network] = kept
        return kept

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        snapshot_b = compare[1] if compare is not None else None
        shown_a = self._jacobians("A", snapshot)
        shown_b = self._jacobians("B", snapshot_b)
        self.shown = {"A": shown_a, "B": shown_b}
        compare_mode = snapshot_b is not None
        if compare_mode != self._compare:
            self._compare = compare_mode
            self._update_legend()
        depth = int(snapshot.depth)
        if depth != self._depth:
            self._depth = depth
            self._apply_x_range()
            self.plot_item.getAxis("bottom").setTicks([layer_ticks(max(depth, 1))])
        offset, bar_width = (0.21, 0.4) if compare_mode else (0.0, 0.7)
        logs = []
        for series, shown, shift in ((self.series_a, shown_a, -offset), (self.series_b, shown_b, offset)):
            if shown is None:
                series.clear()
                continue
            jacobians = shown[0]
            x = np.arange(1, len(jacobians.mean_singular_value) + 1, dtype=np.float64) + shift
            series.draw(jacobians, x, bar_width)
            logs += [series.sv_logs, series.product_logs]
        if not compare_mode:
            self.series_b.set_visible(False)
        self._set_y_range(axis_range(np.concatenate(logs)) if logs else (-10.0, 1.0))
        self._update_status()

    def _apply_x_range(self, *_args) -> None:
        """Layers 1..depth with room beside the first and the last bar for half a tick label: pyqtgraph hides a
        label that would reach past the axis' end (the 30-layer lesson's last tick, 30, had none in a 400 px dock,
        the 20-layer ones' 20 none in Chinese at 1280 x 720)."""
        depth = self._depth or 10
        axis = self.plot_item.getAxis("bottom")
        tick_font = axis.style.get("tickFont") or self.font()
        half_label = QFontMetricsF(tick_font).horizontalAdvance(str(depth)) / 2.0 + 3.0
        view_px = self.plot_item.vb.width()
        margin = max(0.6, 0.025 * depth)
        if view_px > 4.0 * half_label:  # margin * px per layer >= half_label, px per layer = view / (depth-1+2 margin)
            margin = max(margin, half_label * (depth - 1) / (view_px - 2.0 * half_label))
        self.plot_item.setXRange(1 - margin, depth + margin, padding=0)

    def _set_y_range(self, new_range: tuple[float, float]) -> None:
        if new_range != self.range:
            self.range = new_range
            self._apply_y_range()

    def _apply_y_range(self, *_args) -> None:
        """The data range, with room above it for the "1 = signal preserved" label and, when the numbers are in
        their corner, room under it for them, so that no bar and no line reaches either text: at least 7 % (1 %
        under) of the range, or the texts' heights in pixels (a small dock, presentation mode's big fonts). In a
        plot less than twice as tall as the texts, the label is left out."""
        bottom, top = self.range
        span = top - bottom
        view_px = self.plot_item.vb.height()
        label_px = self._text_px(self.guide_label)
        status_px = self._text_px(self.status) if self._status_in_view else 0.0
        room_above, room_below = 0.07 * span, 0.01 * span
        fits = view_px > 2 * (label_px + status_px)
        self.guide_label.setVisible(fits or view_px <= 0)  # a plot a few rows tall: no label on the data
        if fits:
            total = span / (1.0 - (label_px + status_px) / view_px)  # the range whose view keeps those pixels
            room_above = max(room_above, label_px * total / view_px)
            room_below = max(room_below, status_px * total / view_px)
        new_range = (bottom - room_below, top + room_above)
        if new_range != self._applied_range:
            self._applied_range = new_range
            self.plot_item.setYRange(*new_range, padding=0)

    @staticmethod
    def _text_px(text: CornerText) -> float:
        """The height a corner text takes from the view: its box, its margin from the edge, and 2 px of air."""
        return text.boundingRect().height() + text.margin + 2.0

    def _update_status(self) -> None:
        theme = self.theme
        shown = [(name, value) for name, value in self.shown.items() if value is not None]
        empty = not shown
        self.empty_text.setVisible(empty)
        self.status.setVisible(not empty)
        if empty:
            self.empty_text.set_lines([
                (theme.foreground, translate("JacobianPlot", "No layer Jacobians yet.")),
                (theme.foreground,
                 translate("JacobianPlot", "They are costly, so they are computed every few frames;")),
                (theme.foreground, translate("JacobianPlot", "press Train or Step and they appear here.")),
            ], theme.font_points, bold=False)
            self._status_lines = []
            self._place_status()
            return
        lines = []
        current_step = self._last[1].step if self._last is not None else None
        names = ("A", "B")
        if self._last is not None and self._last[2] is not None:
            names = network_names(self._last[1], self._last[2][1])
        rising = True
        if self._compare and self._last is not None and self._last[2] is not None:
            names = tuple(name if not stopped_text(snap) else f"{name}, {stopped_text(snap)}"
                          for name, snap in zip(names, (self._last[1], self._last[2][1])))
        for (network, (jacobians, step)), label in zip(shown, names if self._compare else ("",)):
            sv = np.asarray(jacobians.mean_singular_value, dtype=np.float64)
            below = int(np.count_nonzero(np.isfinite(sv) & (sv < 1.0)))
            products = np.asarray(jacobians.running_product, dtype=np.float64)
            product = float(products[0]) if len(products) else math.nan
            if network == "A" and len(products) > 1:
                rising = not products[0] > products[-1]  # the product line climbs from input to output
            text = translate("JacobianPlot", "product at layer 1 = %1 (factor < 1 at %2/%3 layers)")
            text = text.replace("%1", format_sci(product)).replace("%2", str(below)).replace("%3", str(len(sv)))
            if current_step is not None and step != current_step and network == "A":
                text += " " + translate("JacobianPlot", "from step %1").replace("%1", str(step))
            color = theme.foreground if not self._compare else (theme.series_a if network == "A" else theme.series_b)
            lines.append((color, f"{label} — {text}" if label else text))
        # the corner the product line leaves free: bottom right when it climbs toward the output
        self.status.set_corner((1, 1) if rising else (0, 1))
        self.status.set_lines(lines, theme.font_points + 1)
        self._status_lines = lines
        self._place_status()

    def _place_status(self, *_args) -> None:
        """The numbers in their corner, under the data, or, when the plot is too short for them (the data would
        be squeezed into a thin band), under the plot where the caption was."""
        lines = getattr(self, "_status_lines", [])
        view_height = self.plot_item.vb.height()
        too_tall = bool(lines) and view_height > 0 and \
            self._text_px(self.status) + self._text_px(self.guide_label) > TEXTS_SHARE * view_height
        self.status.setVisible(bool(lines) and not too_tall)
        self._status_in_view = bool(lines) and not too_tall
        self._apply_y_range()
        caption = ("<br>".join(f"<span style='color:{color}'>{html.escape(text)}</span>" for color, text in lines)
                   if too_tall else self.caption_text())
        if self.caption.text() != caption:
            self.caption.setText(caption)
