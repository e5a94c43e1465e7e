"""File -> Export -> Animation: what to animate (the dashboard or one plot), how long, how many frames a second,
at which scale, as GIF or APNG. :meth:`AnimationDialog.options` is the choice as an AnimationOptions."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget,
)

from bpviz.animation import DURATION_RANGE, FPS_RANGE, MAX_FRAMES
from bpviz.ui.animation_export import DASHBOARD, SCALES, AnimationOptions


class AnimationDialog(QDialog):
    """``titles`` maps each plot's objectName to its title (the choices after "Whole dashboard")."""

    def __init__(self, parent: QWidget | None, titles: dict[str, str],
                 initial: AnimationOptions | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("animationDialog")
        initial = initial or AnimationOptions()
        self.titles = dict(titles)
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("animationTargetCombo")
        self.target_combo.addItem("", DASHBOARD)
        for name, title in self.titles.items():
            self.target_combo.addItem(title, name)
        self.duration_spin = QDoubleSpinBox()
        self.duration_spin.setObjectName("animationDurationSpin")
        self.duration_spin.setRange(1.0, DURATION_RANGE[1])
        self.duration_spin.setDecimals(1)
        self.duration_spin.setSingleStep(1.0)
        self.fps_spin = QSpinBox()
        self.fps_spin.setObjectName("animationFpsSpin")
        self.fps_spin.setRange(int(FPS_RANGE[0]), int(FPS_RANGE[1]))
        self.scale_combo = QComboBox()
        self.scale_combo.setObjectName("animationScaleCombo")
        for scale in SCALES:
            self.scale_combo.addItem(f"{scale}×", scale)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("animationFormatCombo")
        self.format_combo.addItem("", "gif")
        self.format_combo.addItem("", "apng")
        self.frames_label = QLabel()
        self.frames_label.setObjectName("animationFramesLabel")
        self.frames_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        for label, widget in zip(self.labels, (self.target_combo, self.duration_spin, self.fps_spin,
                                                self.scale_combo, self.format_combo)):
            label.setBuddy(widget)
            self.form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.frames_label)
        layout.addWidget(self.buttons)

        self.target_combo.setCurrentIndex(max(0, self.target_combo.findData(initial.target)))
        self.duration_spin.setValue(initial.duration_s)
        self.fps_spin.setValue(round(initial.fps))
        self.scale_combo.setCurrentIndex(max(0, self.scale_combo.findData(initial.scale)))
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(initial.format)))
        for signal in (self.duration_spin.valueChanged, self.fps_spin.valueChanged):
            signal.connect(self._update_frames)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export animation"))
        texts = (self.tr("&Show:"), self.tr("&Duration:"), self.tr("&Frame rate:"), self.tr("S&cale:"),
                 self.tr("F&ormat:"))
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.target_combo.setItemText(0, self.tr("Whole dashboard (the plots on screen)"))
        self.duration_spin.setSuffix(self.tr(" s"))
        self.fps_spin.setSuffix(self.tr(" frames/s"))
        self.format_combo.setItemText(0, self.tr("GIF (plays everywhere; 255 colours)"))
        self.format_combo.setItemText(1, self.tr("APNG (.png; full colour; browsers, PowerPoint 365)"))
        self._update_frames()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_frames(self) -> None:
        frames = max(1, round(self.duration_spin.value() * self.fps_spin.value()))
        ok = frames <= MAX_FRAMES
        self.frames_label.setText(
            self.tr("{frames} frames, spread evenly over the recorded run. Training goes on meanwhile.").format(
                frames=frames) if ok else
            self.tr("{frames} frames is too many: at most {limit}.").format(frames=frames, limit=MAX_FRAMES))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def options(self) -> AnimationOptions:
        return AnimationOptions(target=self.target_combo.currentData(), duration_s=float(self.duration_spin.value()),
                                fps=float(self.fps_spin.value()), scale=int(self.scale_combo.currentData()),
                                format=self.format_combo.currentData())
