"""The network builder: one widget per experiment setting, bound to an :class:`ExperimentConfig`.

Every control has the objectName of DESIGN.md §6 (or a name in the same style), a one-sentence tooltip (with the
formula where one helps) and an accessible name. A change emits ``configChanged(ExperimentConfig)``; settings that
need a new network (``REBUILD_FIELDS``) carry a ↻ mark. The remedies a student toggles come first.

The compare section beside it (:class:`~bpviz.ui.compare_panel.ComparePanel`) picks network B's remedies; the
builder passes on its ``compareChanged(dict | None)``: the settings B pins (dotted path -> value), or None when
compare mode is off.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pyqtgraph, wherever this module is imported from)
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractSpinBox, QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QScrollArea,
    QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from bpviz import config as cfgmod
from bpviz.config import REBUILD_FIELDS, ExperimentConfig
from bpviz.ui.compare_panel import ComparePanel
from bpviz.ui.recurrent_builder import RecurrentSection
from bpviz.ui.spin_boxes import LogSpinBox, combo_box, float_spin, int_spin

REBUILD_MARK = "↻"


class BuilderPanel(QWidget):
    """Edits an ExperimentConfig. ``configChanged(ExperimentConfig)`` fires on every user change (UI thread)."""

    configChanged = Signal(object)
    compareChanged = Signal(object)

    # field path -> objectName of its control (DESIGN.md §6 names first)
    CONTROL_NAMES = {
        "name": "nameEdit",
        "network.depth": "depthSpin",
        "network.width": "widthSpin",
        "network.activation": "activationCombo",
        "network.init": "initCombo",
        "network.init_gain": "initGainSpin",
        "network.residual": "residualCheck",
        "network.residual_scale": "residualScaleCombo",
        "network.batchnorm": "batchNormCheck",
        "network.normalization": "normalizationCombo",
        "network.leaky_slope": "leakySlopeSpin",
        "network.bias_init_std": "biasInitStdSpin",
        "train.optimizer": "optimizerCombo",
        "train.learning_rate": "learningRateSpin",
        "train.batch_size": "batchSizeSpin",
        "train.l2": "l2Spin",
        "train.clip_mode": "clipCheck",       # on/off here; clipModeCombo says by norm or by value
        "train.clip_threshold": "clipSpin",
        "train.seed": "seedSpin",
        "train.dtype": "dtypeCombo",
        "data.dataset": "datasetCombo",
        "data.samples": "samplesSpin",
        "data.noise": "noiseSpin",
        "data.train_fraction": "trainFractionSpin",
    }

    def __init__(self, config: ExperimentConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("builderPanel")
        self._config = config if config is not None else ExperimentConfig()
        self._updating = False
        self._labels: dict[str, QLabel] = {}
        self._build()
        self.set_config(self._config)
        self.retranslate_ui()

    # ---- construction

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.depth_spin = int_spin(cfgmod.DEPTH_RANGE)
        self.width_spin = int_spin(cfgmod.WIDTH_RANGE)
        self.activation_combo = combo_box(cfgmod.ACTIVATIONS)
        self.init_combo = combo_box(cfgmod.INITS)
        self.init_gain_spin = LogSpinBox(*cfgmod.INIT_GAIN_RANGE)
        self.leaky_slope_spin = float_spin(cfgmod.LEAKY_SLOPE_RANGE, 0.01, 3)
        self.bias_init_std_spin = float_spin(cfgmod.BIAS_INIT_STD_RANGE, 0.05, 3)
        self.residual_check = QCheckBox()
        self.residual_scale_combo = combo_box(cfgmod.RESIDUAL_SCALES)
        self.batchnorm_check = QCheckBox()
        self.normalization_combo = combo_box(cfgmod.NORMALIZATIONS)
        self.clip_check = QCheckBox()
        self.clip_mode_combo = combo_box(tuple(m for m in cfgmod.CLIP_MODES if m != "off"))
        self.clip_spin = LogSpinBox(*cfgmod.CLIP_THRESHOLD_RANGE)
        self.learning_rate_spin = LogSpinBox(*cfgmod.LEARNING_RATE_RANGE)
        self.optimizer_combo = combo_box(cfgmod.OPTIMIZERS)
        self.batch_size_spin = int_spin(cfgmod.BATCH_SIZE_RANGE, 16)
        self.l2_spin = LogSpinBox(*cfgmod.L2_RANGE, smallest_positive=1e-6)
        self.seed_spin = float_spin((float(cfgmod.SEED_RANGE[0]), float(cfgmod.SEED_RANGE[1])), 1.0, 0)
        self.dtype_combo = combo_box(cfgmod.DTYPES)
        self.dataset_combo = combo_box(cfgmod.DATASETS)
        self.samples_spin = int_spin(cfgmod.SAMPLES_RANGE, 100)
        self.noise_spin = float_spin(cfgmod.NOISE_RANGE, 0.05, 2)
        self.train_fraction_spin = float_spin(cfgmod.TRAIN_FRACTION_RANGE, 0.05, 2)

        self.controls: dict[str, QWidget] = {
            "name": self.name_edit,
            "network.depth": self.depth_spin,
            "network.width": self.width_spin,
            "network.activation": self.activation_combo,
            "network.init": self.init_combo,
            "network.init_gain": self.init_gain_spin,
            "network.residual": self.residual_check,
            "network.residual_scale": self.residual_scale_combo,
            "network.batchnorm": self.batchnorm_check,
            "network.normalization": self.normalization_combo,
            "network.leaky_slope": self.leaky_slope_spin,
            "network.bias_init_std": self.bias_init_std_spin,
            "train.optimizer": self.optimizer_combo,
            "train.learning_rate": self.learning_rate_spin,
            "train.batch_size": self.batch_size_spin,
            "train.l2": self.l2_spin,
            "train.clip_mode": self.clip_check,
            "train.clip_threshold": self.clip_spin,
            "train.seed": self.seed_spin,
            "train.dtype": self.dtype_combo,
            "data.dataset": self.dataset_combo,
            "data.samples": self.samples_spin,
            "data.noise": self.noise_spin,
            "data.train_fraction": self.train_fraction_spin,
        }
        for path, widget in self.controls.items():
            widget.setObjectName(self.CONTROL_NAMES[path])
        self.clip_mode_combo.setObjectName("clipModeCombo")
        for widget in (*self.controls.values(), self.clip_mode_combo):
            if isinstance(widget, QAbstractSpinBox):
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            elif isinstance(widget, QComboBox):
                # As wide as its longest choice in the language shown now (not only the first one shown).
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        # Remedies first: the switches the article is about.
        self.remedies_group = QGroupBox()
        self.remedies_group.setObjectName("remediesGroup")
        remedies = _form(self.remedies_group)
        self._add_row(remedies, "network.activation", self.activation_combo)
        self._add_row(remedies, "network.init", self.init_combo)
        remedies.addRow(self.residual_check)
        self._add_row(remedies, "network.residual_scale", self.residual_scale_combo)
        remedies.addRow(self.batchnorm_check)
        self._add_row(remedies, "network.normalization", self.normalization_combo)
        remedies.addRow(self.clip_check, self.clip_mode_combo)
        self._add_row(remedies, "train.clip_threshold", self.clip_spin)

        self.network_group = QGroupBox()
        self.network_group.setObjectName("networkGroup")
        network = _form(self.network_group)
        self._add_row(network, "network.depth", self.depth_spin)
        self._add_row(network, "network.width", self.width_spin)
        self._add_row(network, "network.init_gain", self.init_gain_spin)
        self._add_row(network, "network.bias_init_std", self.bias_init_std_spin)
        self._add_row(network, "network.leaky_slope", self.leaky_slope_spin)

        self.training_group = QGroupBox()
        self.training_group.setObjectName("trainingGroup")
        training = _form(self.training_group)
        self._add_row(training, "train.learning_rate", self.learning_rate_spin)
        self._add_row(training, "train.optimizer", self.optimizer_combo)
        self._add_row(training, "train.batch_size", self.batch_size_spin)
        self._add_row(training, "train.l2", self.l2_spin)
        self._add_row(training, "train.seed", self.seed_spin)
        self._add_row(training, "train.dtype", self.dtype_combo)

        self.data_group = QGroupBox()
        self.data_group.setObjectName("dataGroup")
        data = _form(self.data_group)
        self._add_row(data, "name", self.name_edit)
        self._add_row(data, "data.dataset", self.dataset_combo)
        self._add_row(data, "data.samples", self.samples_spin)
        self._add_row(data, "data.noise", self.noise_spin)
        self._add_row(data, "data.train_fraction", self.train_fraction_spin)

        self.compare_panel = ComparePanel()
        self.compare_panel.compareChanged.connect(self.compareChanged)

        self.rebuild_legend = QLabel()
        self.rebuild_legend.setWordWrap(True)
        self.rebuild_legend.setObjectName("rebuildLegend")

        self.recurrent_section = RecurrentSection()  # the model switch and the recurrent controls
        self.recurrent_section.edited.connect(self._on_edit)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 4, 2, 4)
        for group in (self.remedies_group, self.recurrent_section, self.compare_panel, self.network_group,
                      self.training_group, self.data_group):
            column.addWidget(group)
        column.addWidget(self.rebuild_legend)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        bold = QFont(self.remedies_group.font())
        bold.setBold(True)
        self.remedies_group.setFont(bold)
        for child in self.remedies_group.findChildren(QWidget):
            child.setFont(QFont(self.font()))

        self._connect()

    def field_label(self, path: str) -> str:
        """The label a student sees for a dotted config field (e.g. "Depth (hidden layers)"), in the UI language."""
        label = self._labels.get(path)
        if label is None:
            return path
        return label.text().removesuffix(f" {REBUILD_MARK}")

    def _add_row(self, form: QFormLayout, path: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        self._labels[path] = label
        form.addRow(label, widget)

    def _connect(self) -> None:
        # Batch norm's check box and the normalization list show one setting: each follows the other first.
        self.batchnorm_check.toggled.connect(self._on_batchnorm_toggled)
        self.normalization_combo.currentIndexChanged.connect(self._on_normalization_chosen)
        for widget in self.controls.values():
            if widget in (self.batchnorm_check, self.normalization_combo):
                continue
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_edit)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._on_edit)
            elif isinstance(widget, QAbstractSpinBox):
                widget.valueChanged.connect(self._on_edit)
        self.name_edit.editingFinished.connect(self._on_edit)
        self.clip_mode_combo.currentIndexChanged.connect(self._on_edit)

    # ---- texts

    def retranslate_ui(self) -> None:
        self.remedies_group.setTitle(self.tr("Remedies"))
        self.network_group.setTitle(self.tr("Network"))
        self.training_group.setTitle(self.tr("Training"))
        self.data_group.setTitle(self.tr("Data"))
        labels = {
            "name": self.tr("Experiment name"),
            "network.depth": self.tr("Depth (hidden layers)"),
            "network.width": self.tr("Width (units per layer)"),
            "network.activation": self.tr("Activation"),
            "network.init": self.tr("Initialization"),
            "network.init_gain": self.tr("Init gain"),
            "network.leaky_slope": self.tr("Leaky slope"),
            "network.bias_init_std": self.tr("Bias init std"),
            "network.residual_scale": self.tr("Residual branch"),
            "network.normalization": self.tr("Normalization"),
            "train.learning_rate": self.tr("Learning rate"),
            "train.optimizer": self.tr("Optimizer"),
            "train.batch_size": self.tr("Batch size"),
            "train.l2": self.tr("L2 weight decay"),
            "train.clip_threshold": self.tr("Clip threshold"),
            "train.seed": self.tr("Seed"),
            "train.dtype": self.tr("Precision"),
            "data.dataset": self.tr("Dataset"),
            "data.samples": self.tr("Points"),
            "data.noise": self.tr("Noise"),
            "data.train_fraction": self.tr("Train fraction"),
        }
        for path, text in labels.items():
            mark = f" {REBUILD_MARK}" if path in REBUILD_FIELDS else ""
            self._labels[path].setText(text + mark)
        self.residual_check.setText(self.tr("Residual connections (h + f(h))"))
        self.batchnorm_check.setText(self.tr("Batch normalization"))
        self.clip_check.setText(self.tr("Gradient clipping"))
        self.clip_mode_combo.setItemText(0, self.tr("by global norm"))
        self.clip_mode_combo.setItemText(1, self.tr("by value"))
        activation_names = {
            "sigmoid": self.tr("sigmoid"), "tanh": self.tr("tanh"), "relu": self.tr("ReLU"),
            "leaky_relu": self.tr("Leaky ReLU"), "prelu": self.tr("PReLU"), "elu": self.tr("ELU"),
            "gelu": self.tr("GELU"),
        }
        activation_tips = {
            "sigmoid": self.tr("σ(z) = 1/(1+e^-z); σ'(z) = a(1-a) <= 0.25"),
            "tanh": self.tr("tanh(z); tanh'(z) = 1 - a² <= 1, but near 0 once |z| is large"),
            "relu": self.tr("max(0, z); derivative 1 for z > 0, 0 otherwise (units can die)"),
            "leaky_relu": self.tr("z for z > 0, slope·z otherwise: never exactly 0 gradient"),
            "prelu": self.tr("like Leaky ReLU, but the slope α (start 0.25) is learned per layer"),
            "elu": self.tr("z for z > 0, e^z - 1 otherwise: smooth, mean closer to 0"),
            "gelu": self.tr("z·Φ(z) (tanh approximation): the smooth ReLU of transformers"),
        }
        _set_items(self.activation_combo, activation_names, activation_tips)
        init_names = {
            "small": self.tr("small N(0, 0.01²)"), "standard": self.tr("standard U(±1/√fan_in)"),
            "xavier": self.tr("Xavier / Glorot"), "he": self.tr("He / Kaiming"), "large": self.tr("large N(0, 1)"),
            "orthogonal": self.tr("orthogonal"),
        }
        init_tips = {
            "small": self.tr("std 0.01: every layer shrinks the signal, so gradients vanish"),
            "standard": self.tr("U(±1/√fan_in), Glorot & Bengio's 'standard' init: variance shrinks by 3 per layer"),
            "xavier": self.tr("U(±√(6/(fan_in+fan_out))): keeps variance for tanh/sigmoid"),
            "he": self.tr("N(0, 2/fan_in): std = √(2/fan_in), keeps variance for ReLU"),
            "large": self.tr("std 1: activations saturate or gradients explode"),
            "orthogonal": self.tr("orthogonal matrix (Saxe et al. 2014): every singular value is 1, so a linear layer "
                                  "keeps the length of every signal"),
        }
        _set_items(self.init_combo, init_names, init_tips)
        _set_items(self.residual_scale_combo, {
            "none": self.tr("h + a (plain)"), "sqrt_depth": self.tr("h + a/√depth"),
            "rezero": self.tr("ReZero: h + α·a"),
        }, {
            "none": self.tr("the plain sum: every block adds its variance, so a deep stack can explode"),
            "sqrt_depth": self.tr("each branch scaled by 1/√depth: the sum of depth blocks keeps its size"),
            "rezero": self.tr("a learnable α per block, starting at 0: each block starts as the identity and "
                              "learns how much to add"),
        })
        _set_items(self.normalization_combo, {
            "none": self.tr("None"), "batch": self.tr("Batch norm"), "layer": self.tr("Layer norm"),
        }, {
            "none": self.tr("no normalization"),
            "batch": self.tr("each unit normalized over the batch: needs a batch of several examples"),
            "layer": self.tr("each example normalized over its units: works even with batch size 1"),
        })
        _set_items(self.optimizer_combo, {"sgd": self.tr("SGD"), "momentum": self.tr("Momentum"),
                                          "adam": self.tr("Adam")}, {})
        _set_items(self.dataset_combo, {"circle": self.tr("circle"), "xor": self.tr("XOR"),
                                        "gauss": self.tr("two Gaussians"), "spiral": self.tr("spirals"),
                                        "moons": self.tr("moons"),
                                        "digits": self.tr("digits (8×8)"),
                                        "csv": Path(self._config.data.path).name}, {})
        _set_items(self.dtype_combo, {"float64": self.tr("float64 (exact)"),
                                      "float32": self.tr("float32 (faster)")}, {})

        tips = {
            "name": self.tr("The experiment's name, shown in the window title and saved with the experiment."),
            "network.depth": self.tr(
                "Number of hidden layers: backprop multiplies one Jacobian per layer, so the gradient at layer 1 "
                "is a product of depth factors and can shrink or grow exponentially."),
            "network.width": self.tr(
                "Units per hidden layer; it is the fan_in of the next layer, which the init schemes scale by."),
            "network.activation": self.tr(
                "The nonlinearity a = f(z): sigmoid'(z) = a(1-a) <= 0.25, so each sigmoid layer shrinks the "
                "gradient at least 4x, while ReLU'(z) = 1 for z > 0 passes it on unchanged."),
            "network.init": self.tr(
                "How weights start: Xavier U(±√(6/(fan_in+fan_out))) suits tanh/sigmoid, He: std = √(2/fan_in) "
                "suits ReLU; small N(0, 0.01²) makes gradients vanish, large N(0, 1) makes them explode."),
            "network.init_gain": self.tr(
                "Multiplies the initial weights by g: each layer's Jacobian scales by about g, so after L layers "
                "the gradient scales by about g^L."),
            "network.leaky_slope": self.tr(
                "Leaky ReLU's slope for z < 0 (f(z) = slope·z): a negative unit still passes slope × the "
                "gradient instead of 0, so no unit dies."),
            "network.bias_init_std": self.tr(
                "Biases start N(0, std²) instead of 0. With weight variance σ_w²/fan_in, the pair (σ_w², σ_b² = "
                "std²) decides whether gradients vanish or explode at initialization (mean-field theory)."),
            "network.residual": self.tr(
                "Skip connections h ← h + f(h): the block's Jacobian is I + ∂f/∂h, so the gradient always has a "
                "path back that does not shrink."),
            "network.residual_scale": self.tr(
                "How a residual block adds its branch a = f(h): h ← h + a (plain), h ← h + a/√depth, or ReZero "
                "h ← h + α·a with a learned α that starts at 0. The plain sum adds variance at every block."),
            "network.batchnorm": self.tr(
                "Batch normalization z ← γ(z − μ)/√(σ² + ε) + β keeps every layer's pre-activations near mean 0, "
                "variance 1: out of the flat, saturated tails."),
            "network.normalization": self.tr(
                "Where the dense layer's output z is normalized, z ← γ(z − μ)/√(σ² + ε) + β: batch norm takes μ, "
                "σ² of each unit over the batch, layer norm of each example over its units."),
            "train.clip_mode": self.tr(
                "Gradient clipping: if ‖g‖ > threshold then g ← g · threshold/‖g‖; it bounds exploding "
                "gradients but cannot enlarge vanishing ones."),
            "train.clip_threshold": self.tr(
                "The largest gradient norm allowed (or the largest entry, when clipping by value)."),
            "train.learning_rate": self.tr(
                "Step size η in W ← W − η·∂L/∂W: too small and nothing moves, too large and the loss blows up "
                "(NaN). The arrows step 1-2-5; you can type 3e-4."),
            "train.optimizer": self.tr(
                "SGD: W ← W − η·g; momentum keeps a running sum v ← 0.9·v + g; Adam divides by a running RMS of "
                "g, so even tiny gradients take η-sized steps."),
            "train.batch_size": self.tr(
                "Training points per step: the gradient is the mean over the batch, so bigger batches give "
                "smoother steps."),
            "train.l2": self.tr(
                "Weight decay adds ½·λ·Σ‖W‖² to the loss (gradient λ·W): it keeps weights small, but it does not "
                "cure vanishing gradients."),
            "train.seed": self.tr(
                "Random seed for the data, the initial weights and the batch order: the same seed gives the same "
                "run, bit for bit."),
            "train.dtype": self.tr(
                "float64 shows a gradient of 1e-40 as 1e-40; float32 is faster but underflows to 0 below about "
                "1e-38."),
            "data.dataset": self.tr(
                "The 2-D toy problem, as in TensorFlow Playground: spirals need a deep, well-trained network, "
                "two Gaussians are almost linearly separable."),
            "data.samples": self.tr("Number of points in the dataset, train and test together."),
            "data.noise": self.tr(
                "Standard deviation of the Gaussian noise added to each coordinate; 0.5 makes the classes "
                "overlap a lot."),
            "data.train_fraction": self.tr(
                "Fraction of the points used for training; the rest are the test set behind test accuracy."),
        }
        accessible = {
            "network.residual": self.tr("Residual connections"),
            "network.batchnorm": self.tr("Batch normalization"),
            "network.residual_scale": self.tr("Residual branch scaling"),
            "train.clip_mode": self.tr("Gradient clipping"),
        }
        rebuild_note = self.tr("Changing it rebuilds the network (new weights, step 0).")
        for path, widget in self.controls.items():
            tip = tips[path]
            if path in REBUILD_FIELDS:
                tip = f"{tip} {REBUILD_MARK} {rebuild_note}"
            widget.setToolTip(tip)
            name = accessible.get(path) or labels.get(path, path)
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(tips[path])
            label = self._labels.get(path)
            if label is not None:
                label.setToolTip(tip)
        self.clip_mode_combo.setToolTip(self.tr(
            "By norm rescales the whole gradient to length <= threshold (its direction kept); by value clamps "
            "each entry to [−threshold, threshold]."))
        self.clip_mode_combo.setAccessibleName(self.tr("Clipping mode"))
        self.rebuild_legend.setText(self.tr(
            "{mark} = changing it rebuilds the network (new weights, back to step 0). "
            "Everything else changes live, at the next step.").format(mark=REBUILD_MARK))
        self.compare_panel.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- the config

    @property
    def config(self) -> ExperimentConfig:
        return self._config

    def set_config(self, config: ExperimentConfig) -> None:
        """Show ``config`` in the widgets without emitting configChanged."""
        self._config = config
        self._updating = True
        try:
            blockers = [QSignalBlocker(w) for w in (*self.controls.values(), self.clip_mode_combo)]
            self.name_edit.setText(config.name)
            self.name_edit.setCursorPosition(0)  # show the name's start when it is longer than the field
            for path, widget in self.controls.items():
                if path in ("name", "train.clip_mode"):
                    continue
                value = config.get(path)
                if isinstance(widget, QComboBox):
                    if path == "data.dataset" and config.data.uses_file:  # imported data: its file's name
                        if widget.findData(value) < 0:
                            widget.addItem(value, value)
                        widget.setItemText(widget.findData(value), Path(config.data.path).name)
                    widget.setCurrentIndex(widget.findData(value))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                else:
                    widget.setValue(value)
            clip_mode = config.train.clip_mode
            self.clip_check.setChecked(clip_mode != "off")
            if clip_mode != "off":
                self.clip_mode_combo.setCurrentIndex(self.clip_mode_combo.findData(clip_mode))
            for blocker in blockers:
                blocker.unblock()
            self.recurrent_section.set_config(config)
        finally:
            self._updating = False
        self._update_enabled()
        self.compare_panel.set_base(config)

    def read_config(self) -> ExperimentConfig:
        """The config the widgets show now (values the widgets cannot hold exactly keep the current ones)."""
        changes: dict[str, Any] = {}
        for path, widget in self.controls.items():
            if path == "name":
                text = self.name_edit.text().strip()
                if text:
                    changes["name"] = text
                continue
            if path == "train.clip_mode":
                changes[path] = self.clip_mode_combo.currentData() if self.clip_check.isChecked() else "off"
                continue
            if path == "network.batchnorm":  # the old name of normalization = "batch": read from the list
                changes[path] = self.normalization_combo.currentData() == "batch"
                continue
            if isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                value = int(widget.value())
            elif path == "train.seed":
                value = int(round(widget.value()))
            else:
                value = float(widget.value())
                current = self._config.get(path)
                if math.isclose(value, current, rel_tol=1e-9, abs_tol=1e-15):
                    value = current  # the widget rounded it; the config keeps its exact value
            changes[path] = value
        changes.update(self.recurrent_section.changes(self._config))
        return self._config.replace(**changes)

    def _on_edit(self, *_args: Any) -> None:
        if self._updating:
            return
        self._update_enabled()
        new = self.read_config()
        if new == self._config:
            return
        self._config = new
        self.compare_panel.set_base(new)
        self.configChanged.emit(new)

    def _on_batchnorm_toggled(self, checked: bool) -> None:
        """Ticking Batch norm chooses it in the normalization list; unticking it leaves no normalization."""
        current = self.normalization_combo.currentData()
        wanted = "batch" if checked else ("none" if current == "batch" else current)
        with QSignalBlocker(self.normalization_combo):
            self.normalization_combo.setCurrentIndex(self.normalization_combo.findData(wanted))
        self._on_edit()

    def _on_normalization_chosen(self, _index: int) -> None:
        """The check box says whether the normalization chosen is batch norm."""
        with QSignalBlocker(self.batchnorm_check):
            self.batchnorm_check.setChecked(self.normalization_combo.currentData() == "batch")
        self._on_edit()

    def _update_enabled(self) -> None:
        self.residual_scale_combo.setEnabled(self.residual_check.isChecked())
        clipping = self.clip_check.isChecked()
        self.clip_mode_combo.setEnabled(clipping)
        self.clip_spin.setEnabled(clipping)
        self.leaky_slope_spin.setEnabled(self.activation_combo.currentData() == "leaky_relu")
        hidden = self.recurrent_section.feed_forward_paths()  # a recurrent model hides the feed-forward controls
        for path in RecurrentSection.FEED_FORWARD_PATHS:
            for widget in (self.controls[path], self._labels.get(path)):
                if widget is not None:
                    widget.setVisible(path not in hidden)
        self.network_group.setVisible(not hidden)

    def control(self, path: str) -> QWidget:
        """The widget that edits a dotted config field."""
        return self.controls[path]


def _form(group: QGroupBox) -> QFormLayout:
    """A label-and-field layout for ``group`` that fits a narrow dock: a row whose label and field do not fit
    side by side puts the field under its label, so no field is cut off and the panel never needs to scroll
    sideways (issue 9, item 7)."""
    form = QFormLayout(group)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setContentsMargins(2, 6, 2, 6)  # the group box's frame and padding (style.qss) already set it apart
    return form


def _set_items(combo: QComboBox, names: dict[str, str], tips: dict[str, str]) -> None:
    for index in range(combo.count()):
        value = combo.itemData(index)
        combo.setItemText(index, names.get(value, value))
        if value in tips:
            combo.setItemData(index, tips[value], Qt.ItemDataRole.ToolTipRole)
