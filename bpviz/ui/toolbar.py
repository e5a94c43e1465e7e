"""The toolbars that drive training: Train/Pause, Step, Reset, the speed slider and Export (``mainToolBar``), and the
step counter, loss, accuracy and steps per second (``statsToolBar``, :attr:`TrainingToolBar.stats_bar`).

Two toolbars, so that every item stays visible on a small screen or with presentation mode's fonts: side by side
when the window is wide enough, the statistics on a second row when it is not (:meth:`TrainingToolBar.fit`). A
toolbar never hides an item in its overflow ("»") menu. The labels reserve the width of their widest text, so the
toolbars do not jump as the numbers change.

It only shows and holds the controls; the window connects them (``train_button.toggled``, ``step_button.clicked``,
``reset_button.clicked``, ``speed_slider.valueChanged``, ``export_button.clicked``) and feeds it frames
(:meth:`TrainingToolBar.show_frame`).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QMainWindow, QSlider, QStyle, QToolBar, QToolButton, QWidget

from bpviz.ui.appearance import scaled_font
from bpviz.ui.worker import Frame

SPEEDS: tuple[float | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, None)  # steps/s; None = full speed
SPEED_KEY = "training/speedIndex"  # QSettings: the slider's position


class TrainingToolBar(QToolBar):
    """objectName ``mainToolBar``; its controls carry the objectNames of DESIGN.md §6 (``trainButton``,
    ``stepButton``, ``resetButton``, ``exportButton``, ``speedSlider``, ``stepLabel``) and ``speedLabel``,
    ``lossLabel``, ``accuracyLabel``, ``rateLabel``. The labels live in :attr:`stats_bar` (``statsToolBar``),
    which the window adds beside this one (:meth:`add_to`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainToolBar")
        self.setMovable(False)
        self.setIconSize(QSize(24, 24))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.train_button = self._button("trainButton", QStyle.StandardPixmap.SP_MediaPlay, checkable=True)
        # The one button a class watches: green to start, orange while training (the text says it too).
        self.train_button.setStyleSheet(
            "QToolButton#trainButton { background: #2e7d32; color: white; border-radius: 4px; padding: 3px 12px; }"
            "QToolButton#trainButton:checked { background: #e65100; }"
            "QToolButton#trainButton:focus { border: 2px solid #1565c0; }")
        self.step_button = self._button("stepButton", QStyle.StandardPixmap.SP_MediaSkipForward)
        self.reset_button = self._button("resetButton", QStyle.StandardPixmap.SP_BrowserReload)
        self.export_button = self._button("exportButton", QStyle.StandardPixmap.SP_DialogSaveButton)
        self.addSeparator()
        self.speed_title = QLabel()
        self.addWidget(self.speed_title)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setFixedWidth(150)
        self.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedLabel")
        self.addWidget(self.speed_label)
        self.stats_bar = QToolBar()
        self.stats_bar.setObjectName("statsToolBar")
        self.stats_bar.setMovable(False)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.loss_label = QLabel()
        self.loss_label.setObjectName("lossLabel")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateLabel")
        for label in (self.step_label, self.loss_label, self.accuracy_label, self.rate_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.stats_bar.addWidget(label)
        self._compare = False
        self._showing_lesson_speed = False

    def add_to(self, window: QMainWindow) -> None:
        """Both toolbars at the top of ``window``, side by side (:meth:`fit` puts them on two rows if need be)."""
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.stats_bar)

    def needed_width(self) -> int:
        """The width both toolbars need side by side, every item visible."""
        return self.sizeHint().width() + self.stats_bar.sizeHint().width()

    def fit(self, window: QMainWindow) -> bool:
        """The statistics on a second row if ``window`` is too narrow for both toolbars on one; True: two rows."""
        two_rows = self.needed_width() > window.width()
        if two_rows != window.toolBarBreak(self.stats_bar):
            if two_rows:
                window.insertToolBarBreak(self.stats_bar)
            else:
                window.removeToolBarBreak(self.stats_bar)
        return two_rows

    def _reserve_widths(self) -> None:
        """Each label as wide as its widest text in this mode (compare or not) and font, so nothing jumps."""
        sample = _fmt_loss(88.888), _fmt_percent(1.0)  # the widest a loss and an accuracy usually get
        if self._compare:
            texts = {self.loss_label: self.tr("Loss A {a} · B {b}").format(a=sample[0], b=sample[0]),
                     self.accuracy_label: self.tr("Test acc. A {a} · B {b}").format(a=sample[1], b=sample[1])}
        else:
            texts = {self.loss_label: self.tr("Loss {value}").format(value=sample[0]),
                     self.accuracy_label: self.tr("Test acc. {value}").format(value=sample[1])}
        texts[self.step_label] = (" · ".join(self.tr("{name} {step}").format(name=name, step=8888) for name in "AB")
                                  if self._compare else self.tr("Step {step}").format(step=888888))
        texts[self.rate_label] = self.tr("{rate} steps/s").format(rate="8888")
        for label, text in texts.items():
            margins = label.contentsMargins()
            label.setMinimumWidth(QFontMetrics(label.font()).horizontalAdvance(text) + margins.left()
                                  + margins.right() + 4)
        speeds = [self.tr("full speed"), self.tr("1 step/s"), self.tr("{n} steps/s").format(n=500)]
        self.speed_label.setMinimumWidth(max(QFontMetrics(self.speed_label.font()).horizontalAdvance(text)
                                             for text in speeds) + 6)
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and window.toolBarArea(self.stats_bar) != Qt.ToolBarArea.NoToolBarArea:
            self.fit(window)

    def _button(self, name: str, icon: QStyle.StandardPixmap, checkable: bool = False) -> QToolButton:
        widget = QToolButton()
        widget.setObjectName(name)
        widget.setIcon(self.style().standardIcon(icon))
        widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        widget.setCheckable(checkable)
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.addWidget(widget)
        return widget

    # ---- texts

    def retranslate_ui(self) -> None:
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
        self.update_speed_label()
        self._reserve_widths()

    # ---- training state

    def show_running(self, running: bool) -> None:
        """Train/Pause shows ``running`` (without emitting ``toggled``)."""
        with QSignalBlocker(self.train_button):
            self.train_button.setChecked(running)
        self.style_train_button(running)

    def style_train_button(self, running: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self.train_button.setIcon(self.style().standardIcon(icon))
        self.train_button.setText(self.tr("Pause") if running else self.tr("Train"))

    def speed(self) -> float | None:
        """The chosen speed in steps/s (None: full speed)."""
        return SPEEDS[self.speed_slider.value()]

    def restore_speed(self, settings: QSettings) -> None:
        """The speed chosen last (as saved by :meth:`save_speed`)."""
        speed = settings.value(SPEED_KEY, len(SPEEDS) - 1, type=int)
        if 0 <= speed < len(SPEEDS):
            self.speed_slider.setValue(speed)

    def save_speed(self, settings: QSettings) -> None:
        settings.setValue(SPEED_KEY, self.speed_slider.value())

    def update_speed_label(self) -> None:
        speed = self.speed()
        if speed is None:
            self.speed_label.setText(self.tr("full speed"))
        elif speed == 1:
            self.speed_label.setText(self.tr("1 step/s"))
        else:
            self.speed_label.setText(self.tr("{n} steps/s").format(n=int(speed)))

    def show_frame(self, frame: Frame) -> None:
        """The step counter, loss, accuracy (A and B in compare mode) and steps/s of ``frame``."""
        stats = frame.snapshot.stats
        if (frame.compare is not None) != self._compare:
            self._compare = frame.compare is not None
            self._reserve_widths()
        self.step_label.setText(self.step_text(frame))
        if frame.compare is not None:
            stats_b = frame.compare[1].stats
            losses = [self.tr("diverged") if snapshot.divergence is not None else _fmt_loss(snapshot.stats.loss)
                      for snapshot in (frame.snapshot, frame.compare[1])]
            self.loss_label.setText(self.tr("Loss A {a} · B {b}").format(a=losses[0], b=losses[1]))
            self.accuracy_label.setText(self.tr("Test acc. A {a} · B {b}").format(
                a=_fmt_percent(stats.test_accuracy), b=_fmt_percent(stats_b.test_accuracy)))
        else:
            self.loss_label.setText(self.tr("Loss {value}").format(value=_fmt_loss(stats.loss)))
            self.accuracy_label.setText(self.tr("Test acc. {value}").format(value=_fmt_percent(stats.test_accuracy)))
        self.rate_label.setText(self.tr("{rate} steps/s").format(rate=f"{frame.steps_per_second:.0f}"))
        self.show_lesson_speed(frame)

    def show_lesson_speed(self, frame: Frame) -> None:
        """While a lesson's slow start holds training below the chosen speed, the speed label says so."""
        slow = (frame.running and frame.lesson is not None and not frame.lesson.finished
                and frame.speed is not None and frame.speed != self.speed())
        if slow:
            self.speed_label.setText(self.tr("{n} steps/s (lesson start)").format(n=f"{frame.speed:g}"))
        elif self._showing_lesson_speed:
            self.update_speed_label()
        self._showing_lesson_speed = slow

    def step_text(self, frame: Frame) -> str:
        """"Step 12"; in compare mode, when A and B differ (a diverged network stops while the other trains on),
        each network's own step: "A 2 · B 300" (the loss label says which one diverged: "Loss A diverged · B 0.016";
        the statistics toolbar is full in presentation mode at 1280 px)."""
        if frame.compare is None:
            return self.tr("Step {step}").format(step=frame.step)
        snapshot_b = frame.compare[1]
        networks = (("A", frame.snapshot), ("B", snapshot_b))
        if frame.step == snapshot_b.step and all(snap.divergence is None for _, snap in networks):
            return self.tr("Step {step}").format(step=frame.step)
        parts = [self.tr("{name} {step}").format(name=name, step=snap.step) for name, snap in networks]
        return " · ".join(parts)

    # ---- look

    def apply_fonts(self, scale: float) -> None:
        """Toolbar texts 2 pt larger than the application font (bold on the buttons and the counter), times
        ``scale``."""
        bold, plain = scaled_font(2, scale, bold=True), scaled_font(2, scale)
        for widget in (self.train_button, self.step_button, self.reset_button, self.export_button, self.step_label):
            widget.setFont(bold)
        for widget in (self.speed_title, self.speed_label, self.loss_label, self.accuracy_label, self.rate_label):
            widget.setFont(plain)
        self._reserve_widths()

    def set_presentation(self, presentation: bool) -> None:
        """Presentation mode keeps every item (the statistics go on their own row when the window is narrow)."""
        self._reserve_widths()


def _fmt_loss(value: float) -> str:
    if value != value:
        return "NaN"
    return f"{value:.3f}" if abs(value) < 1000 else f"{value:.3g}"


def _fmt_percent(value: float) -> str:
    return f"{100 * value:.1f}%" if value == value else "—"
