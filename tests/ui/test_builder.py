"""The network builder: every setting has a named, explained control that changes what it claims."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from bpviz import config as cfgmod
from bpviz.config import DATA_FILE_FIELDS, ExperimentConfig, all_field_paths, model_field_paths
from bpviz.ui.builder_panel import REBUILD_MARK, BuilderPanel
from bpviz.ui.spin_boxes import LogSpinBox

DESIGN_NAMES = ("depthSpin", "widthSpin", "activationCombo", "initCombo", "residualCheck", "batchNormCheck",
                "clipCheck", "clipSpin", "learningRateSpin", "optimizerCombo", "datasetCombo")

# objectName, config field, a new value (different from the default)
CASES = [
    ("depthSpin", "network.depth", 20),
    ("widthSpin", "network.width", 16),
    ("activationCombo", "network.activation", "relu"),
    ("initCombo", "network.init", "he"),
    ("initGainSpin", "network.init_gain", 2.0),
    ("residualCheck", "network.residual", True),
    ("residualScaleCombo", "network.residual_scale", "sqrt_depth"),
    ("batchNormCheck", "network.batchnorm", True),
    ("normalizationCombo", "network.normalization", "layer"),
    ("leakySlopeSpin", "network.leaky_slope", 0.1),
    ("biasInitStdSpin", "network.bias_init_std", 0.2),
    ("clipCheck", "train.clip_mode", "norm"),
    ("clipSpin", "train.clip_threshold", 5.0),
    ("learningRateSpin", "train.learning_rate", 0.01),
    ("optimizerCombo", "train.optimizer", "adam"),
    ("batchSizeSpin", "train.batch_size", 128),
    ("l2Spin", "train.l2", 0.001),
    ("seedSpin", "train.seed", 3_000_000_000),
    ("dtypeCombo", "train.dtype", "float32"),
    ("datasetCombo", "data.dataset", "moons"),
    ("samplesSpin", "data.samples", 1000),
    ("noiseSpin", "data.noise", 0.3),
    ("trainFractionSpin", "data.train_fraction", 0.5),
    ("nameEdit", "name", "My experiment"),
]

# A field that names the same setting as another (config.py: batchnorm is the old name of normalization =
# "batch") changes with it: objectName -> {other field: the value it must then have}.
FOLLOWERS = {"batchNormCheck": {"network.normalization": "batch"}}


@pytest.fixture
def panel(qtbot):
    widget = BuilderPanel(ExperimentConfig())
    qtbot.addWidget(widget)
    return widget


def set_widget(widget: QWidget, value) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        assert index >= 0, value
        widget.setCurrentIndex(index)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
        widget.editingFinished.emit()
    else:
        widget.setValue(value)


def test_every_config_field_has_a_control(panel):
    # data.path and data.sha256 name an imported CSV: File > Import data sets them, not a builder control.
    # The model switch and the recurrent settings get their controls with issue 12's window part.
    assert (set(model_field_paths("feedforward")) - DATA_FILE_FIELDS) | {"name"} == set(panel.controls)
    for path, widget in panel.controls.items():
        assert panel.control(path) is widget


@pytest.mark.parametrize("name", DESIGN_NAMES + ("clipModeCombo", "l2Spin", "seedSpin", "dtypeCombo"))
def test_design_controls_have_tooltip_and_accessible_name(panel, name):
    widget = panel.findChild(QWidget, name)
    assert widget is not None, name
    assert len(widget.toolTip()) > 20
    assert widget.accessibleName()


def test_tooltips_carry_the_formulas(panel):
    assert "0.25" in panel.activation_combo.toolTip()
    assert "2/fan_in" in panel.init_combo.toolTip()
    assert "threshold" in panel.clip_check.toolTip()


@pytest.mark.parametrize("name, path, value", CASES, ids=[case[0] for case in CASES])
def test_each_control_changes_its_field(panel, qtbot, name, path, value):
    widget = panel.findChild(QWidget, name)
    assert panel.config.get(path) != value
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        set_widget(widget, value)
    new = blocker.args[0]
    assert isinstance(new, ExperimentConfig)
    assert new.get(path) == pytest.approx(value) if isinstance(value, float) else new.get(path) == value
    followers = FOLLOWERS.get(name, {})
    assert {p: new.get(p) for p in followers} == followers
    unchanged = [p for p in all_field_paths()
                 if p != path and p not in followers and new.get(p) != ExperimentConfig().get(p)]
    assert unchanged == []
    assert panel.config == new


def test_clip_mode_combo_picks_norm_or_value(panel, qtbot):
    panel.clip_check.setChecked(True)
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        panel.clip_mode_combo.setCurrentIndex(panel.clip_mode_combo.findData("value"))
    assert blocker.args[0].train.clip_mode == "value"
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        panel.clip_check.setChecked(False)
    assert blocker.args[0].train.clip_mode == "off"
    assert not panel.clip_spin.isEnabled()


def test_out_of_range_cannot_be_entered(panel, qtbot):
    assert panel.depth_spin.maximum() == cfgmod.DEPTH_RANGE[1]
    panel.depth_spin.setValue(10_000)
    assert panel.depth_spin.value() == cfgmod.DEPTH_RANGE[1]
    panel.width_spin.setValue(0)
    assert panel.width_spin.value() == cfgmod.WIDTH_RANGE[0]
    lr = panel.learning_rate_spin
    assert (lr.minimum(), lr.maximum()) == cfgmod.LEARNING_RATE_RANGE
    lr.setValue(1e9)
    assert lr.value() == cfgmod.LEARNING_RATE_RANGE[1]
    # Typed text: too large is clamped, letters are refused.
    lr.setFocus()
    lr.selectAll()
    qtbot.keyClicks(lr, "5000")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert lr.value() == cfgmod.LEARNING_RATE_RANGE[1]
    lr.selectAll()
    qtbot.keyClicks(lr, "3e-4")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert lr.value() == pytest.approx(3e-4)
    assert panel.config.train.learning_rate == pytest.approx(3e-4)
    lr.selectAll()
    qtbot.keyClicks(lr, "abc")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert lr.value() == pytest.approx(3e-4)
    ExperimentConfig().replace(**{"train.learning_rate": lr.value()})  # always a valid config


def test_log_spin_steps_one_two_five():
    spin = LogSpinBox(1e-6, 100.0)
    spin.setValue(0.1)
    spin.stepBy(1)
    assert spin.value() == pytest.approx(0.2)
    spin.stepBy(2)
    assert spin.value() == pytest.approx(1.0)
    spin.stepBy(-4)
    assert spin.value() == pytest.approx(0.05)
    spin.setValue(100.0)
    spin.stepBy(3)
    assert spin.value() == 100.0
    assert spin.textFromValue(1e-5) == "1e-05"
    l2 = LogSpinBox(0.0, 10.0, smallest_positive=1e-6)
    l2.setValue(1e-6)
    l2.stepBy(-1)
    assert l2.value() == 0.0
    l2.stepBy(1)
    assert l2.value() == pytest.approx(1e-6)


def test_set_config_updates_widgets_without_emitting(panel, qtbot):
    new = ExperimentConfig(name="Lesson").replace(**{"network.depth": 30, "network.activation": "tanh",
                                                     "train.clip_mode": "value", "train.learning_rate": 3e-5,
                                                     "train.seed": 7})
    with qtbot.assertNotEmitted(panel.configChanged):
        panel.set_config(new)
    assert panel.depth_spin.value() == 30
    assert panel.activation_combo.currentData() == "tanh"
    assert panel.clip_check.isChecked() and panel.clip_mode_combo.currentData() == "value"
    assert panel.read_config() == new
    assert panel.config is new


def test_rebuild_fields_are_marked(panel):
    assert REBUILD_MARK in panel._labels["network.depth"].text()
    assert REBUILD_MARK in panel.depth_spin.toolTip()
    assert REBUILD_MARK not in panel._labels["train.learning_rate"].text()
    assert REBUILD_MARK not in panel.residual_check.toolTip()
    assert REBUILD_MARK in panel.rebuild_legend.text()


def test_remedies_come_first(panel):
    assert panel.residual_check.parent() is panel.remedies_group
    assert panel.batchnorm_check.parent() is panel.remedies_group
    assert panel.clip_check.parent() is panel.remedies_group
    layout = panel.remedies_group.parentWidget().layout()
    assert layout.indexOf(panel.remedies_group) == 0


def test_compare_panel_emits_the_settings_b_pins(panel, qtbot):
    compare = panel.compare_panel
    with qtbot.waitSignal(panel.compareChanged, timeout=1000) as blocker:
        compare.compare_check.setChecked(True)
    assert blocker.args[0] == {"network.activation": "relu"}
    with qtbot.waitSignal(panel.compareChanged, timeout=1000) as blocker:
        compare.remedy_checks["compareResidualCheck"].setChecked(True)
    assert blocker.args[0] == {"network.activation": "relu", "network.residual": True}
    with qtbot.waitSignal(panel.compareChanged, timeout=1000) as blocker:
        compare.remedy_checks["compareReluCheck"].setChecked(False)
    assert blocker.args[0] == {"network.residual": True}
    config_b = compare.config_b(ExperimentConfig())
    assert config_b.network.residual and config_b.network.activation == "sigmoid"
    with qtbot.waitSignal(panel.compareChanged, timeout=1000) as blocker:
        compare.compare_check.setChecked(False)
    assert blocker.args[0] is None
    assert compare.config_b() is None


def test_compare_panel_shows_lesson_pins_it_has_no_checkbox_for(panel, qtbot):
    compare = panel.compare_panel
    with qtbot.assertNotEmitted(panel.compareChanged):
        compare.set_state(True, {"network.depth": 3, "network.activation": "relu"})
    assert compare.remedy_checks["compareReluCheck"].isChecked()
    assert "depth = 3" in compare.summary.text()


def test_residual_scale_is_offered_only_with_residual_connections(panel, qtbot):
    combo = panel.residual_scale_combo
    assert combo.objectName() == "residualScaleCombo"
    assert combo.currentData() == cfgmod.DEFAULT_RESIDUAL_SCALE
    assert not combo.isEnabled()
    panel.residual_check.setChecked(True)
    assert combo.isEnabled()
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["h + a (plain)", "h + a/√depth", "ReZero: h + α·a"]
    assert "√depth" in combo.toolTip() and "α" in combo.toolTip()
    assert combo.accessibleName()
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        combo.setCurrentIndex(combo.findData("none"))
    assert blocker.args[0].network.residual and blocker.args[0].network.residual_scale == "none"
    panel.residual_check.setChecked(False)
    assert not combo.isEnabled()
    assert REBUILD_MARK not in combo.toolTip()  # a live change (config.LIVE_FIELDS)


def test_normalization_list_and_batch_norm_check_stay_in_sync(panel, qtbot):
    check, combo = panel.batchnorm_check, panel.normalization_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["None", "Batch norm", "Layer norm"]
    assert "γ" in combo.toolTip() and combo.accessibleName()
    assert REBUILD_MARK not in combo.toolTip()
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        check.setChecked(True)
    assert combo.currentData() == "batch"
    assert blocker.args[0].network.normalization == "batch" and blocker.args[0].network.batchnorm
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        combo.setCurrentIndex(combo.findData("layer"))
    assert not check.isChecked()
    assert blocker.args[0].network.normalization == "layer" and not blocker.args[0].network.batchnorm
    with qtbot.assertNotEmitted(panel.configChanged):
        check.setChecked(False)  # already off: layer norm stays
    assert combo.currentData() == "layer"
    with qtbot.waitSignal(panel.configChanged, timeout=1000):
        combo.setCurrentIndex(combo.findData("batch"))
    assert check.isChecked()
    with qtbot.waitSignal(panel.configChanged, timeout=1000) as blocker:
        check.setChecked(False)
    assert combo.currentData() == "none" and blocker.args[0].network.normalization == "none"
    with qtbot.assertNotEmitted(panel.configChanged):
        panel.set_config(ExperimentConfig().replace(**{"network.normalization": "layer"}))
    assert combo.currentData() == "layer" and not check.isChecked()
    with qtbot.assertNotEmitted(panel.configChanged):
        panel.set_config(ExperimentConfig().replace(**{"network.batchnorm": True}))
    assert combo.currentData() == "batch" and check.isChecked()
    assert panel.read_config() == panel.config
