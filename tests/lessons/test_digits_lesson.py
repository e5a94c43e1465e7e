"""The digits lesson: deep sigmoid against ReLU + He on handwritten digits, in both languages, keeps its promise."""

import re

import pytest

from bpviz.config import DATA_FILE_FIELDS, model_field_paths
from bpviz.lessons import LANGUAGES, LessonError, check_expectation, lesson_names, load_lesson
from bpviz.lessons import _problem_config

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_digits_lesson_loads_in_both_languages_on_the_digits(language):
    lesson = load_lesson("digits", language)
    assert "digits" in lesson_names()
    assert lesson.config.data.dataset == "digits" and lesson.remedy.data.dataset == "digits"
    assert (lesson.config.network.depth, lesson.config.network.activation, lesson.config.network.init) == \
        (10, "sigmoid", "xavier")
    assert (lesson.remedy.network.activation, lesson.remedy.network.init) == ("relu", "he")
    for text in (lesson.title, lesson.explanation, lesson.watch_text, lesson.try_this, lesson.remedy_label):
        assert bool(CJK.search(text)) == (language == "zh_CN"), text
    assert "ln 10" in lesson.explanation and "2/n_in" in lesson.explanation


def test_digits_lesson_keeps_its_promise():
    result = check_expectation(load_lesson("digits"))
    assert result.met, result.detail
    measured = result.measured
    ratio = measured["grad_ratio_first_last@init"]
    assert ratio["problem"] < 1e-4 < 0.1 < ratio["remedy"]
    assert measured["test_accuracy@300"]["problem"] < 0.2 and measured["test_accuracy@300"]["remedy"] > 0.8


def test_lessons_need_not_name_a_file_but_cannot_use_one():
    problem = load_lesson("digits").config.to_dict()
    for path in DATA_FILE_FIELDS:
        problem["data"].pop(path.split(".")[1])
    assert set(model_field_paths("feedforward")) - DATA_FILE_FIELDS <= {f"{part}.{name}" for part in ("network", "train", "data")
                                                         for name in problem[part]}
    assert _problem_config(problem, "lesson x").data.dataset == "digits"
    problem["data"]["dataset"] = "csv"
    with pytest.raises(LessonError, match="cannot use an imported CSV"):
        _problem_config(problem, "lesson x")
