"""Compare mode's controls: train network B beside A, with the remedies B gets on top of A's settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bpviz.config import ExperimentConfig


class ComparePanel(QGroupBox):
    """Compare A/B: a checkbox and the remedies network B gets on top of A's settings.

    ``compareChanged`` carries the settings B pins (dotted path -> value), or None when compare mode is off.
    A lesson may pin more than the five checkboxes can say (e.g. fewer layers); those are listed underneath.
    """

    compareChanged = Signal(object)

    # checkbox objectName -> (setting, value B gets)
    REMEDIES: dict[str, tuple[str, Any]] = {
        "compareReluCheck": ("network.activation", "relu"),
        "compareResidualCheck": ("network.residual", True),
        "compareBatchNormCheck": ("network.batchnorm", True),
        "compareClipCheck": ("train.clip_mode", "norm"),
        "compareHeInitCheck": ("network.init", "he"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self._base = ExperimentConfig()
        self._pins: dict[str, Any] = {"network.activation": "relu"}
        self._updating = False
        layout = QVBoxLayout(self)
        self.compare_check = QCheckBox()
        self.compare_check.setObjectName("compareCheck")
        layout.addWidget(self.compare_check)
        self.remedy_checks: dict[str, QCheckBox] = {}
        for name in self.REMEDIES:
            check = QCheckBox()
            check.setObjectName(name)
            check.toggled.connect(self._on_remedy)
            self.remedy_checks[name] = check
            row = QHBoxLayout()
            row.addSpacing(22)
            row.addWidget(check)
            layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.compare_check.toggled.connect(self._on_compare)
        self._sync_checks()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Compare A/B"))
        self.compare_check.setText(self.tr("Train network B beside A"))
        self.compare_check.setToolTip(self.tr(
            "Compare mode: a second network B, identical to A except for the remedies ticked below, trains in "
            "lockstep on the same data and seed; every plot overlays B. Switching it on restarts both."))
        self.compare_check.setAccessibleName(self.tr("Compare A/B"))
        texts = {
            "compareReluCheck": (self.tr("B uses ReLU"), self.tr(
                "B's activation is ReLU: derivative 1 for z > 0, so no per-layer 0.25 factor.")),
            "compareResidualCheck": (self.tr("B has residual connections"), self.tr(
                "B adds skips h ← h + f(h): Jacobian I + ∂f/∂h, a path back that does not shrink.")),
            "compareBatchNormCheck": (self.tr("B has batch normalization"), self.tr(
                "B normalizes each layer's pre-activations to mean 0, variance 1 over the batch.")),
            "compareClipCheck": (self.tr("B clips gradients (by norm)"), self.tr(
                "B rescales its gradient when ‖g‖ exceeds A's threshold; it tames exploding gradients only.")),
            "compareHeInitCheck": (self.tr("B uses He initialization"), self.tr(
                "B's weights start with std = √(2/fan_in) (He et al.); B restarts when this changes.")),
        }
        for name, (text, tip) in texts.items():
            check = self.remedy_checks[name]
            check.setText(text)
            check.setToolTip(tip)
            check.setAccessibleName(text)
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- state

    @property
    def enabled(self) -> bool:
        return self.compare_check.isChecked()

    @property
    def pins(self) -> dict[str, Any]:
        return dict(self._pins)

    def config_b(self, config_a: ExperimentConfig | None = None) -> ExperimentConfig | None:
        """B's config for A's config (None when compare mode is off)."""
        if not self.enabled:
            return None
        base = config_a if config_a is not None else self._base
        return base.replace(name=f"{base.name} + B", **self._pins)

    def set_base(self, config_a: ExperimentConfig) -> None:
        self._base = config_a
        self._update_summary()

    def set_state(self, enabled: bool, pins: dict[str, Any] | None = None) -> None:
        """Show compare mode on/off with B's pinned settings, without emitting compareChanged."""
        self._updating = True
        try:
            if pins is not None:
                self._pins = dict(pins)
            with QSignalBlocker(self.compare_check):
                self.compare_check.setChecked(enabled)
            self._sync_checks()
        finally:
            self._updating = False
        self._update_summary()

    def _sync_checks(self) -> None:
        for name, (path, value) in self.REMEDIES.items():
            check = self.remedy_checks[name]
            with QSignalBlocker(check):
                check.setChecked(self._pins.get(path) == value)
            check.setEnabled(self.compare_check.isChecked())

    def _on_compare(self, on: bool) -> None:
        self._sync_checks()
        self._update_summary()
        if not self._updating:
            self.compareChanged.emit(self.pins if on else None)

    def _on_remedy(self, _checked: bool) -> None:
        if self._updating:
            return
        for name, (path, value) in self.REMEDIES.items():
            if self.remedy_checks[name].isChecked():
                self._pins[path] = value
            elif self._pins.get(path) == value:
                del self._pins[path]
        self._update_summary()
        if self.enabled:
            self.compareChanged.emit(self.pins)

    def _update_summary(self) -> None:
        if not self.enabled:
            self.summary.setText(self.tr("Off: only network A trains."))
            return
        described = {path for path, _ in self.REMEDIES.values()}
        extra = [f"{path.split('.', 1)[1]} = {value}" for path, value in self._pins.items()
                 if path not in described or self._pins[path] != dict(self.REMEDIES.values()).get(path)]
        if not self._pins:
            text = self.tr("B = A (tick a remedy to make them differ).")
        elif extra:
            text = self.tr("B = A, plus: {changes}").format(changes=", ".join(extra))
        else:
            text = self.tr("B = A with the remedies ticked above.")
        self.summary.setText(text)
