"""The PlotPanel base class: a titled pyqtgraph plot with a "what to look for" caption underneath.

A plot is a :class:`PlotPanel` subclass. It creates its pyqtgraph items once in ``__init__`` and afterwards only
calls ``setData`` / ``setOpts`` / ``setImage`` when it draws (DESIGN.md §8, MultiPlotSpeedTest). Every visible
string is set in :meth:`PlotPanel.retranslate_ui`, which runs again when the language changes.
"""

from __future__ import annotations

import weakref
from typing import Any

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.axes import FastGrid
from bpviz.ui.plots.texts import set_plot_texts, watch_axis_labels
from bpviz.ui.plots.theme import Theme, current_theme, font


Frame = tuple[HistoryView, Snapshot, "tuple[HistoryView, Snapshot] | None"]


class PlotPanel(QWidget):
    """A titled pyqtgraph plot with a one-line caption underneath.

    Subclasses create their items in ``__init__`` and implement ``_render`` (draw one frame on them); the base
    class remembers the frame drawn last, so a restyle can draw it again (:meth:`render_last`). A plot that keeps
    other state per frame overrides :meth:`draw` instead.
    """

    #: objectName the tests and assistive tools rely on (DESIGN.md §6)
    object_name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(260, 180)
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        self.theme = current_theme()
        self._last: Frame | None = None  # (history, snapshot, compare) drawn last
        self._run: tuple | None = None   # (generation, step, depth, B's (step, depth)) of the frame drawn last
        self.grid = FastGrid(self.plot_item)  # replaces plot_item.showGrid: the axes' own grid costs ~4 ms a paint
        # the title spans the side axes' columns too (pyqtgraph puts it over the view's column only, which a long
        # title then widened past the widget): centred over the whole plot, it keeps its size in narrower docks
        layout = self.plot_item.layout
        layout.removeItem(self.plot_item.titleLabel)
        layout.addItem(self.plot_item.titleLabel, 0, 0, 1, 3)
        self.plot_item.geometryChanged.connect(self._keep_inside_widget)
        # called after the axis labels were fitted; a weak reference, so the plot item does not keep its panel alive
        self.plot_item._bpviz_keep_inside = weakref.WeakMethod(self._keep_inside_later)
        self._keep_pending = False
        watch_axis_labels(self.plot_item)
        self.plot_item.showGrid(x=True, y=True, alpha=self.theme.grid_alpha)
        self.plot_item.setMenuEnabled(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot_widget, stretch=1)
        layout.addWidget(self.caption)

    def _keep_inside_later(self) -> None:
        """:meth:`_keep_inside_widget` once the layout has settled (its minimum may shrink only then)."""
        if not self._keep_pending:
            from PySide6.QtCore import QTimer

            self._keep_pending = True
            panel = weakref.ref(self)  # a pending timer must not keep a dropped plot alive

            def keep() -> None:
                alive = panel()
                if alive is None:
                    return
                try:
                    alive._keep_pending = False
                    alive._keep_inside_widget()
                except RuntimeError:  # the plot was deleted meanwhile (a closed window, a test's teardown)
                    pass

            QTimer.singleShot(0, keep)

    def _keep_inside_widget(self) -> None:
        """A plot that grew past its widget while its texts were being fitted (an axis label tried on two lines, a
        legend re-flowed) is brought back to the widget's size as soon as its minimum allows: pyqtgraph only sizes
        it again when the widget itself is resized, and its right edge (axis, labels) stayed cut off."""
        from PySide6.QtCore import Qt

        target = self.plot_widget.range
        geometry = self.plot_item.geometry()
        if (geometry.width() > target.width() + 0.5 or geometry.height() > target.height() + 0.5) and \
                self.plot_item.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() <= target.width() + 0.5:
            self.plot_item.setGeometry(target)

    # ---- a note about the costly quantity this plot draws

    def set_part_note(self, text: str) -> None:
        """A short note over the plot's top left corner: the quantity drawn is approximate or still being computed
        (the window's FrameDrawer words it); "" hides it. Created on first use, so plots without costly parts pay
        nothing."""
        note = getattr(self, "part_note", None)
        if note is None:
            if not text:
                return
            note = self.part_note = QLabel(self.plot_widget)
            note.setObjectName("partNote")
            note.setWordWrap(False)
        style = (f"QLabel {{ color: {self.theme.foreground}; background: {self.theme.background};"
                 f" border: 1px solid {self.theme.foreground}; padding: 1px 4px; }}")
        if note.styleSheet() != style:
            note.setStyleSheet(style)
        if note.text() != text:
            note.setText(text)
        if text:  # at the view's top left corner (under the title), no wider than the view
            view = self.plot_widget.mapFromScene(self.plot_item.vb.sceneBoundingRect()).boundingRect()
            note.setMaximumWidth(max(80, view.width() - 8))
            note.setWordWrap(note.fontMetrics().horizontalAdvance(text) + 12 > note.maximumWidth())
            note.adjustSize()
            note.move(view.left() + 4, view.top() + 4)
        if note.isHidden() == bool(text):
            note.setVisible(bool(text))
            if text:
                note.raise_()

    # ---- texts

    def title_text(self) -> str:
        """The plot's title (translated)."""
        return ""

    def tab_text(self) -> str:
        """The plot's short name for its dock's tab and title bar (translated): tabs share a row, and a long title
        was cut ("Gradient flow o…")."""
        return self.title_text()

    def caption_text(self) -> str:
        """One line: what to look for (translated)."""
        return ""

    def axis_texts(self) -> tuple[str, str]:
        """(bottom, left) axis labels with units (translated)."""
        return "", ""

    def retranslate_ui(self) -> None:
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        self.caption.setText(self.caption_text())
        self.setToolTip(self.caption_text())
        self.setAccessibleName(self.title_text())
        self.setAccessibleDescription(self.caption_text())
        view = getattr(self, "recurrent_view", None)
        if view is not None and view.active:
            view.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            view = getattr(self, "recurrent_view", None)
            if view is not None and view.active:
                view.retranslate()
        super().changeEvent(event)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        """Restyle for a theme (light/dark/presentation). Subclasses extend it to restyle their items."""
        self.theme = theme
        self.plot_widget.setBackground(theme.background)
        axis_font = font(theme.font_points)
        for name in ("left", "bottom", "right", "top"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
            axis.setTickFont(axis_font)
        self.grid.color = theme.foreground
        self.grid.background = theme.background
        self.plot_item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        caption_font = font(theme.caption_points)
        caption_font.setItalic(True)
        self.caption.setFont(caption_font)
        view = getattr(self, "recurrent_view", None)
        if view is not None and view.active:
            view.apply_theme(theme)
        self.retranslate_ui()

    # ---- data

    def set_experiment(self, config: Any, config_b: Any = None) -> None:
        """The experiment (network A's ExperimentConfig) and compare mode's B (or None) that the next frames come
        from. Plots draw what the Snapshot holds and ignore it; a plot that also draws from the configuration
        (the mean-field prediction, the phase diagram) overrides this. The window calls it before each frame."""

    def update(self, history: HistoryView | None = None, snapshot: Snapshot | None = None,  # type: ignore[override]
               compare: tuple[HistoryView, Snapshot] | None = None, generation: int | None = None) -> None:
        """Draw the newest data; ``compare`` is network B's (history, snapshot) in compare mode. ``generation``
        (the worker's count of resets, Frame.generation) tells a new run from the old one even when both are at
        step 0 (two lessons loaded one after the other); without it a step going back or a new depth does.

        Called with no arguments it is QWidget.update() (a repaint request), which Qt code may still call.
        """
        if history is None or snapshot is None:
            QWidget.update(self)
            return
        if self._draw_recurrent(history, snapshot, compare):
            return
        if self._starts_new_run(snapshot, compare, generation):
            self.new_run()
        self.draw(history, snapshot, compare)
        # Settle auto-ranges now: pyqtgraph does it at paint time, and a range that moves during a paint schedules
        # a second paint of the whole plot (every item painted twice a frame, e.g. the loss plot as steps grow).
        self.plot_widget.scene().prepareForPaint()

    def _draw_recurrent(self, history: HistoryView, snapshot: Snapshot,
                        compare: tuple[HistoryView, Snapshot] | None) -> bool:
        """A recurrent model's frame goes to the plot's RecurrentView (bpviz.ui.plots.recurrent), which takes the
        place of this plot while the model is recurrent; True if it drew the frame."""
        from bpviz.ui.plots.recurrent import DRAWS_ITSELF, RecurrentView, is_recurrent

        view = getattr(self, "recurrent_view", None)
        if not is_recurrent(snapshot) or self.object_name in DRAWS_ITSELF:
            if view is not None and view.active:
                view.deactivate()
                self._run = None
            return False
        if view is None:
            view = self.recurrent_view = RecurrentView(self)
            self.layout().insertWidget(0, view.widget, stretch=1)
        view.activate()
        view.draw(history, snapshot, compare)
        self._run = None  # the feed-forward plot starts afresh when the model switches back
        view.widget.scene().prepareForPaint()
        return True

    def _starts_new_run(self, snapshot: Snapshot, compare: tuple[HistoryView, Snapshot] | None,
                        generation: int | None) -> bool:
        """Whether this frame belongs to another run than the last one drawn (a reset, a lesson, compare on/off)."""
        snapshot_b = compare[1] if compare is not None else None
        run = (generation, snapshot.step, _depth(snapshot),
               None if snapshot_b is None else (snapshot_b.step, _depth(snapshot_b)))
        previous, self._run = self._run, run
        if previous is None:
            return False
        generation_before, step_before, depth_before, b_before = previous
        if generation is not None and generation_before is not None:
            if generation != generation_before:
                return True
        if snapshot.step < step_before or _depth(snapshot) != depth_before or (b_before is None) != (snapshot_b is None):
            return True
        return snapshot_b is not None and (snapshot_b.step < b_before[0] or _depth(snapshot_b) != b_before[1])

    def new_run(self) -> None:
        """A new run starts (a reset, a lesson, compare mode on or off): forget ranges fitted to the old one.
        Subclasses that keep such state extend it."""

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        """Remember the frame, then :meth:`_render` it."""
        self._last = (history, snapshot, compare)
        self._render(history, snapshot, compare)

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        """Subclasses: move the items created in __init__ to the data (setData/setOpts/setImage only)."""
        raise TypeError(f"{type(self).__name__} must define _render() or draw()")

    def render_last(self) -> bool:
        """Draw the frame drawn last again (after a restyle); False if there is none yet."""
        if self._last is None:
            return False
        self._render(*self._last)
        return True

    def export_item(self) -> pg.GraphicsObject:
        """What an image exporter renders for this plot (a recurrent model's view while it shows)."""
        view = getattr(self, "recurrent_view", None)
        if view is not None and view.active:
            return view.plot_item
        return self.plot_item


def _depth(snapshot: Snapshot) -> int:
    """The layers of a feed-forward snapshot, the time steps of a recurrent one (a new T is a new run)."""
    depth = getattr(snapshot, "depth", None)
    return depth if depth is not None else getattr(snapshot, "seq_len", 0)
