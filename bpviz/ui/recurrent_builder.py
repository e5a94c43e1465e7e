"""The builder's model switch (feed-forward / recurrent) and the recurrent network's controls (issue 12).

:class:`RecurrentSection` sits at the top of the :class:`~bpviz.ui.builder_panel.BuilderPanel`; the builder asks it
for the settings it shows (:meth:`RecurrentSection.changes`), shows a config in it (:meth:`set_config`) and lets it
hide the feed-forward controls that do nothing for a recurrent model (:meth:`feed_forward_paths`). A change emits
``edited``, which the builder treats as any other edit.

The λ₁ slider (the largest |eigenvalue| of W_hh, Pascanu et al. 2013) is live: moving it while training rescales
the current recurrent weights at the next step. Every other recurrent setting rebuilds the network (↻).
"""

from __future__ import annotations

import math
from typing import Any

import PySide6  # noqa: F401
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout,
    QWidget,
)

from bpviz import config as cfgmod
from bpviz.config import REBUILD_FIELDS, ExperimentConfig
from bpviz.ui.spin_boxes import FocusWheelSlider, combo_box, float_spin, int_spin

REBUILD_MARK = "↻"
#: the λ₁ slider: 0.10 ... 3.00 in steps of 0.05 (the config allows more; typed values outside are kept)
RADIUS_SLIDER_RANGE = (0.1, 3.0)
RADIUS_SLIDER_STEP = 0.05
DEFAULT_RADIUS = 1.0
DEFAULT_FORGET_BIAS = 1.0  # Jozefowicz et al. 2015

#: feed-forward settings that do nothing for a recurrent model: the builder hides their controls
FEED_FORWARD_PATHS = ("network.depth", "network.width", "network.activation", "network.init", "network.init_gain",
                      "network.residual", "network.batchnorm", "network.leaky_slope", "network.bias_init_std",
                      "data.dataset", "data.noise")


class RecurrentSection(QWidget):
    """The model switch and, for a recurrent model, its controls. ``edited`` fires on every user change."""

    edited = Signal()
    FEED_FORWARD_PATHS = FEED_FORWARD_PATHS

    CONTROL_NAMES = {
        "model": "modelCombo",
        "recurrent.cell": "cellCombo",
        "recurrent.hidden_size": "hiddenSizeSpin",
        "recurrent.seq_len": "seqLenSpin",
        "recurrent.task": "taskCombo",
        "recurrent.symbols": "symbolsSpin",
        "recurrent.init": "recurrentInitCombo",
        "recurrent.spectral_radius": "spectralRadiusSlider",
        "recurrent.forget_bias": "forgetBiasSpin",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recurrentSection")
        self._labels: dict[str, QLabel] = {}
        self._build()
        self.retranslate_ui()

    def _build(self) -> None:
        self.model_combo = combo_box(cfgmod.MODELS)
        self.cell_combo = combo_box(cfgmod.CELLS)
        self.hidden_size_spin = int_spin(cfgmod.HIDDEN_SIZE_RANGE)
        self.seq_len_spin = int_spin(cfgmod.SEQ_LEN_RANGE, 5)
        self.task_combo = combo_box(cfgmod.TASKS)
        self.symbols_spin = int_spin(cfgmod.SYMBOLS_RANGE)
        self.init_combo = combo_box(cfgmod.RECURRENT_INITS)
        self.radius_check = QCheckBox()
        self.radius_check.setObjectName("spectralRadiusCheck")
        low, high = RADIUS_SLIDER_RANGE
        self.radius_slider = FocusWheelSlider(Qt.Orientation.Horizontal)  # the wheel scrolls the panel
        self.radius_slider.setRange(round(low / RADIUS_SLIDER_STEP), round(high / RADIUS_SLIDER_STEP))
        self.radius_slider.setPageStep(2)
        self.radius_value = QLabel()
        self.radius_value.setObjectName("spectralRadiusLabel")
        self.radius_value.setMinimumWidth(40)
        self.forget_check = QCheckBox()
        self.forget_check.setObjectName("forgetBiasCheck")
        self.forget_spin: QDoubleSpinBox = float_spin(cfgmod.FORGET_BIAS_RANGE, 0.5, 2)
        self.controls: dict[str, QWidget] = {
            "model": self.model_combo,
            "recurrent.cell": self.cell_combo,
            "recurrent.hidden_size": self.hidden_size_spin,
            "recurrent.seq_len": self.seq_len_spin,
            "recurrent.task": self.task_combo,
            "recurrent.symbols": self.symbols_spin,
            "recurrent.init": self.init_combo,
            "recurrent.spectral_radius": self.radius_slider,
            "recurrent.forget_bias": self.forget_spin,
        }
        for path, widget in self.controls.items():
            widget.setObjectName(self.CONTROL_NAMES[path])

        self.model_group = QGroupBox()
        self.model_group.setObjectName("modelGroup")
        model_form = QFormLayout(self.model_group)
        self._add_row(model_form, "model", self.model_combo)

        self.recurrent_group = QGroupBox()
        self.recurrent_group.setObjectName("recurrentGroup")
        form = QFormLayout(self.recurrent_group)
        self._add_row(form, "recurrent.cell", self.cell_combo)
        self._add_row(form, "recurrent.hidden_size", self.hidden_size_spin)
        self._add_row(form, "recurrent.task", self.task_combo)
        self._add_row(form, "recurrent.seq_len", self.seq_len_spin)
        self._add_row(form, "recurrent.symbols", self.symbols_spin)
        self._add_row(form, "recurrent.init", self.init_combo)
        form.addRow(self.radius_check)
        radius_row = QHBoxLayout()
        radius_row.addWidget(self.radius_slider, stretch=1)
        radius_row.addWidget(self.radius_value)
        self._add_row(form, "recurrent.spectral_radius", radius_row)
        form.addRow(self.forget_check)
        self._add_row(form, "recurrent.forget_bias", self.forget_spin)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.model_group)
        column.addWidget(self.recurrent_group)

        for widget in (self.model_combo, self.cell_combo, self.task_combo, self.init_combo):
            widget.currentIndexChanged.connect(self._on_edit)
        for widget in (self.hidden_size_spin, self.seq_len_spin, self.symbols_spin, self.forget_spin):
            widget.valueChanged.connect(self._on_edit)
        self.radius_slider.valueChanged.connect(self._on_edit)
        self.radius_check.toggled.connect(self._on_edit)
        self.forget_check.toggled.connect(self._on_edit)

    def _add_row(self, form: QFormLayout, path: str, field: Any) -> None:
        label = QLabel()
        if isinstance(field, QWidget):
            label.setBuddy(field)
        self._labels[path] = label
        form.addRow(label, field)

    # ---- texts

    def retranslate_ui(self) -> None:
        self.model_group.setTitle(self.tr("Model"))
        self.recurrent_group.setTitle(self.tr("Recurrent network"))
        labels = {
            "model": self.tr("Model"),
            "recurrent.cell": self.tr("Cell"),
            "recurrent.hidden_size": self.tr("Hidden size H"),
            "recurrent.seq_len": self.tr("Sequence length T"),
            "recurrent.task": self.tr("Task"),
            "recurrent.symbols": self.tr("Symbols"),
            "recurrent.init": self.tr("Initialization"),
            "recurrent.spectral_radius": self.tr("λ₁ of W_hh"),
            "recurrent.forget_bias": self.tr("Forget-gate bias"),
        }
        for path, text in labels.items():
            mark = f" {REBUILD_MARK}" if path in REBUILD_FIELDS else ""
            self._labels[path].setText(text + mark)
        _set_items(self.model_combo, {"feedforward": self.tr("feed-forward (layers)"),
                                      "recurrent": self.tr("recurrent (time steps)")})
        _set_items(self.cell_combo, {"rnn_tanh": self.tr("vanilla RNN (tanh)"), "rnn_relu": self.tr("vanilla RNN (ReLU)"),
                                     "lstm": self.tr("LSTM"), "gru": self.tr("GRU")})
        _set_items(self.task_combo, {"first_symbol": self.tr("remember the first symbol"),
                                     "adding": self.tr("adding problem")})
        _set_items(self.init_combo, {"pytorch": self.tr("PyTorch default U(±1/√H)"),
                                     "orthogonal": self.tr("orthogonal W_hh")})
        self.radius_check.setText(self.tr("Set λ₁ (spectral radius of W_hh)"))
        self.forget_check.setText(self.tr("Set the forget-gate bias"))
        tips = {
            "model": self.tr(
                "Feed-forward: the gradient travels back through stacked layers. Recurrent: one layer applied at "
                "every time step, so the gradient travels back through time (backpropagation through time)."),
            "recurrent.cell": self.tr(
                "Vanilla RNN: h_t = tanh(W_ih x_t + W_hh h_(t-1) + b). LSTM and GRU add gates; the LSTM's cell "
                "c_t = f·c_(t-1) + i·g passes the gradient back multiplied only by the forget gate f."),
            "recurrent.hidden_size": self.tr("H, the number of units of the hidden state h_t."),
            "recurrent.seq_len": self.tr(
                "T, the number of time steps: the gradient that teaches step 1 is a product of T - 1 factors."),
            "recurrent.task": self.tr(
                "Remember the first symbol: the class is the first of T symbols, the rest are noise. Adding "
                "problem: is the sum of the two marked numbers above 1?"),
            "recurrent.symbols": self.tr("How many different symbols (and classes) the first-symbol task has."),
            "recurrent.init": self.tr(
                "PyTorch's default draws every weight from U(±1/√H); orthogonal makes each block of W_hh an "
                "orthogonal matrix (every singular value 1)."),
            "recurrent.spectral_radius": self.tr(
                "Rescales W_hh so that its largest |eigenvalue| is λ₁. Through time the gradient shrinks or grows "
                "by about λ₁·γ per step (γ: the mean tanh'): below 1 it vanishes, well above 1 it explodes. Live: "
                "moving it while training rescales the current W_hh."),
            "recurrent.forget_bias": self.tr(
                "Starts the LSTM's forget gate (the GRU's update gate) at this bias: 1.0 (Jozefowicz et al. 2015) "
                "gives f ≈ 0.73, 4.0 gives f ≈ 0.98, so the cell keeps its content and its gradient."),
        }
        rebuild_note = self.tr("Changing it rebuilds the network (new weights, step 0).")
        for path, widget in self.controls.items():
            tip = tips[path]
            if path in REBUILD_FIELDS:
                tip = f"{tip} {REBUILD_MARK} {rebuild_note}"
            widget.setToolTip(tip)
            widget.setAccessibleName(labels[path])
            widget.setAccessibleDescription(tips[path])
            self._labels[path].setToolTip(tip)
        self.radius_check.setToolTip(tips["recurrent.spectral_radius"])
        self.radius_check.setAccessibleName(self.tr("Set λ₁"))
        self.forget_check.setToolTip(tips["recurrent.forget_bias"])
        self.forget_check.setAccessibleName(self.tr("Set the forget-gate bias"))
        self._show_radius()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- the config

    def set_config(self, config: ExperimentConfig) -> None:
        """Show ``config`` without emitting ``edited``."""
        self._config = config
        blockers = [QSignalBlocker(w) for w in (*self.controls.values(), self.radius_check, self.forget_check)]
        rec = config.recurrent
        for path, combo in (("model", self.model_combo), ("recurrent.cell", self.cell_combo),
                            ("recurrent.task", self.task_combo), ("recurrent.init", self.init_combo)):
            combo.setCurrentIndex(combo.findData(config.get(path)))
        self.hidden_size_spin.setValue(rec.hidden_size)
        self.seq_len_spin.setValue(rec.seq_len)
        self.symbols_spin.setValue(rec.symbols)
        self.radius_check.setChecked(rec.spectral_radius is not None)
        self.radius_slider.setValue(self._slider_position(rec.spectral_radius))
        self.forget_check.setChecked(rec.forget_bias is not None)
        self.forget_spin.setValue(DEFAULT_FORGET_BIAS if rec.forget_bias is None else rec.forget_bias)
        for blocker in blockers:
            blocker.unblock()
        self._update_enabled()

    def _slider_position(self, radius: float | None) -> int:
        value = DEFAULT_RADIUS if radius is None else radius
        return round(min(max(value, RADIUS_SLIDER_RANGE[0]), RADIUS_SLIDER_RANGE[1]) / RADIUS_SLIDER_STEP)

    def _slider_radius(self) -> float:
        return round(self.radius_slider.value() * RADIUS_SLIDER_STEP, 2)

    def changes(self, current: ExperimentConfig) -> dict[str, Any]:
        """The settings the controls show (dotted path -> value); a λ₁ the slider cannot show exactly (typed into a
        file, e.g. 0.93) is kept while the slider stays where it put it."""
        radius: float | None = None
        if self.radius_check.isChecked():
            radius = self._slider_radius()
            kept = current.recurrent.spectral_radius
            if kept is not None and self._slider_position(kept) == self.radius_slider.value():
                radius = kept
        forget: float | None = None
        if self.forget_check.isChecked():
            forget = float(self.forget_spin.value())
            kept = current.recurrent.forget_bias
            if kept is not None and math.isclose(forget, kept, abs_tol=0.005):
                forget = kept
        return {
            "model": self.model_combo.currentData(),
            "recurrent.cell": self.cell_combo.currentData(),
            "recurrent.hidden_size": int(self.hidden_size_spin.value()),
            "recurrent.seq_len": int(self.seq_len_spin.value()),
            "recurrent.task": self.task_combo.currentData(),
            "recurrent.symbols": int(self.symbols_spin.value()),
            "recurrent.init": self.init_combo.currentData(),
            "recurrent.spectral_radius": radius,
            "recurrent.forget_bias": forget,
        }

    def recurrent(self) -> bool:
        return self.model_combo.currentData() == "recurrent"

    def _on_edit(self, *_args: Any) -> None:
        self._update_enabled()
        self.edited.emit()

    def _update_enabled(self) -> None:
        self.recurrent_group.setVisible(self.recurrent())
        self.radius_slider.setEnabled(self.radius_check.isChecked())
        gated = self.cell_combo.currentData() in ("lstm", "gru")
        self.forget_check.setEnabled(gated)
        self.forget_spin.setEnabled(gated and self.forget_check.isChecked())
        self.symbols_spin.setEnabled(self.task_combo.currentData() == "first_symbol")
        self._show_radius()

    def _show_radius(self) -> None:
        if self.radius_check.isChecked():
            self.radius_value.setText(f"{self._slider_radius():.2f}")
        else:
            self.radius_value.setText(self.tr("off"))

    def feed_forward_paths(self) -> tuple[str, ...]:
        """The builder's controls to hide now: the feed-forward ones for a recurrent model, none otherwise."""
        return FEED_FORWARD_PATHS if self.recurrent() else ()


def _set_items(combo: QComboBox, names: dict[str, str]) -> None:
    for index in range(combo.count()):
        value = combo.itemData(index)
        combo.setItemText(index, names.get(value, value))
