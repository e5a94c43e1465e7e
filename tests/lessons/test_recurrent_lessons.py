"""The three recurrent lessons (issue 12 item 5): they load in both languages, run headless and keep their promise,
and the numbers tell the story of the issue: the RNN forgets by about λ₁·γ per step, the LSTM's cell carries the
gradient, clipping tames the gradient that explodes through time."""

from __future__ import annotations

import functools
import json
import re

import pytest

from bpviz.config import DATA_FILE_FIELDS, model_field_paths
from bpviz.lessons import LANGUAGES, PLOT_NAMES, check_expectation, lesson_names, load_lesson
from bpviz.paths import resource_path

RECURRENT = ["rnn-forgets", "lstm-memory", "rnn-exploding"]
CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=None)
def _result(name):
    return check_expectation(load_lesson(name))


def test_the_recurrent_lessons_come_after_the_feed_forward_ones_in_this_order():
    names = lesson_names()
    assert [name for name in names if name in RECURRENT] == RECURRENT
    assert names.index("rnn-forgets") > names.index("edge-of-chaos")


@pytest.mark.parametrize("name", RECURRENT)
@pytest.mark.parametrize("language", LANGUAGES)
def test_recurrent_lesson_loads_with_texts_in_both_languages(name, language):
    lesson = load_lesson(name, language)
    for text in (lesson.title, lesson.explanation, lesson.watch_text, lesson.try_this, lesson.remedy_label):
        assert text.strip() and bool(CJK.search(text)) == (language == "zh_CN"), text
    assert lesson.watch in PLOT_NAMES
    assert lesson.config.model == lesson.remedy.model == "recurrent"
    assert all(lesson.remedy.get(key) == value for key, value in lesson.remedy_changes)
    assert any(symbol in lesson.explanation for symbol in "=≈≤")


@pytest.mark.parametrize("name", RECURRENT)
def test_recurrent_lesson_file_gives_every_setting(name):
    raw = json.loads(resource_path("lessons", f"{name}.json").read_text(encoding="utf-8"))
    assert raw["problem"]["model"] == "recurrent"
    for path in sorted(set(model_field_paths("recurrent")) - DATA_FILE_FIELDS):
        part, field = path.split(".")
        assert field in raw["problem"][part], path


@pytest.mark.parametrize("name", RECURRENT)
def test_recurrent_lesson_meets_its_expectation(name):
    result = _result(name)
    assert result.met, f"{name}:\n{result.detail}"
    assert set(result.measured) == {check.key for check in load_lesson(name).expectation.checks}


def test_an_rnn_forgets_by_about_lambda_gamma_per_step():
    measured = _result("rnn-forgets").measured
    assert measured["signal_ratio_first_last@init"]["problem"] < 1e-3 < 1e2 < \
        measured["signal_ratio_first_last@init"]["remedy"]
    assert measured["time_factor_over_prediction@init"]["problem"] == pytest.approx(1.0, abs=0.1)
    lesson = load_lesson("rnn-forgets")
    assert lesson.config.recurrent.seq_len == 50 and lesson.config.recurrent.cell == "rnn_tanh"
    assert lesson.config.recurrent.spectral_radius < 1 < lesson.remedy.recurrent.spectral_radius


def test_the_lstm_carries_the_gradient_and_learns():
    measured = _result("lstm-memory").measured
    ratio = measured["signal_ratio_first_last@init"]
    assert ratio["remedy"] > 1e3 * ratio["problem"]
    assert measured["test_accuracy@300"]["remedy"] >= 0.95
    assert load_lesson("lstm-memory").remedy.recurrent.cell == "lstm"


def test_clipping_tames_the_gradient_that_explodes_through_time():
    measured = _result("rnn-exploding").measured
    assert measured["max_grad_norm@300"]["remedy"] > 10  # the gradients still explode ...
    assert measured["test_accuracy@300"]["remedy"] - measured["test_accuracy@300"]["problem"] > 0.6  # ... but B learns
    lesson = load_lesson("rnn-exploding")
    assert lesson.config.train.clip_mode == "off" and lesson.remedy.train.clip_mode == "norm"
