"""The edge-of-chaos lesson: tanh at depth 50 in the ordered phase (sigma_w2 = 0.5) against the edge of chaos
(sigma_w2 = 1), in both languages; its expectation checks the measured first/last ratio against mean-field theory,
with the expectation language's prediction metrics."""

import math
import re

import numpy as np
import pytest

from bpviz.engine import theory
from bpviz.engine.trainer import Trainer
from bpviz.lessons import LANGUAGES, PLOT_NAMES, check_expectation, lesson_names, load_lesson
from bpviz.lessons.expectation import METRICS, evaluate, measure, parse_expectation, predicted_signal_ratio

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_lesson_loads_in_both_languages_with_the_two_phases(language):
    lesson = load_lesson("edge-of-chaos", language)
    assert "edge-of-chaos" in lesson_names()
    for text in (lesson.title, lesson.explanation, lesson.watch_text, lesson.try_this, lesson.remedy_label):
        assert bool(CJK.search(text)) == (language == "zh_CN"), text
    assert "χ₁ = σ_w²·E[φ′(z)²]" in lesson.explanation and "0.5^(49/2)" in lesson.explanation
    a, b = lesson.config.network, lesson.remedy.network
    assert (a.activation, a.depth, a.bias_init_std) == ("tanh", 50, 0.0) and not (a.residual or a.batchnorm)
    assert theory.network_sigmas(a).sigma_w2 == pytest.approx(0.5, rel=1e-4)   # vanishing
    assert theory.network_sigmas(b).sigma_w2 == 1.0                              # critical
    assert dict(lesson.remedy_changes) == {"network.init_gain": 1.0}
    assert lesson.watch == "gradientFlowPlot" and "phaseDiagramPlot" in PLOT_NAMES
    assert "σ_w² = 4" in lesson.try_this  # the third point: the chaotic phase


def test_lesson_keeps_its_promise():
    result = check_expectation(load_lesson("edge-of-chaos"))
    assert result.met, result.detail
    measured = result.measured
    assert measured["signal_ratio_first_last@init"]["problem"] < 1e-6 < 0.1 < \
        measured["signal_ratio_first_last@init"]["remedy"]
    for side in ("problem", "remedy"):
        assert 0.2 < measured["signal_ratio_over_prediction@init"][side] < 5


@pytest.mark.parametrize("sigma_w2, decades", [(0.5, -7.4), (1.0, -0.2), (4.0, 3.6)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_measured_ratio_follows_the_prediction_in_all_three_phases(sigma_w2, decades, seed):
    """The lesson's network at the three points of the issue (vanishing, critical, exploding): measured at
    initialization within a factor 10 of the prediction, for three seeds."""
    config = load_lesson("edge-of-chaos").config.replace(**{"network.init_gain": math.sqrt(sigma_w2),
                                                            "train.seed": seed})
    trainer = Trainer(config)
    values = measure(trainer)
    assert math.log10(values["predicted_signal_ratio"]) == pytest.approx(decades, abs=0.1)
    assert 0.1 < values["signal_ratio_over_prediction"] < 10, values["signal_ratio_first_last"]


def test_prediction_metrics_are_nan_where_the_theory_does_not_apply():
    config = load_lesson("edge-of-chaos").config.replace(**{"network.depth": 6, "network.residual": True})
    values = measure(Trainer(config))
    assert math.isnan(values["predicted_signal_ratio"]) and math.isnan(values["signal_ratio_over_prediction"])
    expectation = parse_expectation({"metric": "signal_ratio_over_prediction", "at": "init",
                                     "problem": {">": 0.1, "<": 10}}, "t")
    full = {name: 0.0 for name in METRICS}
    result = evaluate(expectation, {("problem", 0): {**full, **values}, ("remedy", 0): full})
    assert not result.met and "NaN" in result.detail  # a NaN never satisfies a check


def test_predicted_signal_ratio_uses_the_datas_mean_square():
    trainer = Trainer(load_lesson("edge-of-chaos").config.replace(**{"network.depth": 8}))
    logs = theory.predicted_log10_signal_norms(trainer.config, n_inputs=2,
                                               input_second_moment=float(np.mean(trainer.dataset.X_train ** 2)))
    assert predicted_signal_ratio(trainer) == pytest.approx(10 ** (logs[0] - logs[-1]), rel=1e-12)
    unit = theory.predicted_log10_signal_norms(trainer.config, input_second_moment=1.0)
    assert predicted_signal_ratio(trainer) != pytest.approx(10 ** (unit[0] - unit[-1]), rel=1e-3)
