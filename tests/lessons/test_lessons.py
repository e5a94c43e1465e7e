"""The lessons: every one loads in English and Chinese, runs headless and keeps its promise (its expectation)."""

import functools
import json
import re

import pytest

from bpviz.config import DATA_FILE_FIELDS, ExperimentConfig, all_field_paths, model_field_paths
from bpviz.lessons import (
    LANGUAGES, PLOT_NAMES, Lesson, LessonError, check_expectation, lesson_names, load_lesson, start_run,
)
from bpviz.paths import resource_path

REQUIRED = ["saturating-sigmoid", "depth", "small-init", "exploding-init", "relu", "leaky-prelu", "residual",
            "batchnorm", "clipping", "good-init", "shallower", "regularization"]
SECOND_ROUND = ["residual-scale", "orthogonal-init", "batchnorm-batch"]  # issue 10's remedies
ALL = REQUIRED + SECOND_ROUND
CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=None)
def _result(name):
    """Each lesson trains once per test session, however many tests read its numbers."""
    return check_expectation(load_lesson(name))


def test_every_required_lesson_exists_in_curriculum_order():
    names = lesson_names()
    assert names[:len(ALL)] == ALL
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("language", LANGUAGES)
def test_lesson_loads_with_texts_in_both_languages(name, language):
    lesson = load_lesson(name, language)
    assert isinstance(lesson, Lesson) and lesson.name == name and lesson.language == language
    for text in (lesson.title, lesson.explanation, lesson.watch_text, lesson.try_this, lesson.remedy_label):
        assert text.strip()
        assert bool(CJK.search(text)) == (language == "zh_CN"), text
    assert lesson.watch in PLOT_NAMES
    assert isinstance(lesson.config, ExperimentConfig) and isinstance(lesson.remedy, ExperimentConfig)
    assert lesson.config.name == lesson.title and lesson.remedy.name == lesson.remedy_label
    # B is A with exactly the remedy's changes
    changed = {path for path in all_field_paths() if lesson.config.get(path) != lesson.remedy.get(path)}
    given = {key for key, _ in lesson.remedy_changes}
    if given & {"network.batchnorm", "network.normalization"}:  # one setting under two names (NetworkConfig)
        given |= {"network.batchnorm", "network.normalization"}
    assert changed and changed <= given
    assert all(lesson.remedy.get(key) == value for key, value in lesson.remedy_changes)
    assert lesson.expectation.checks and lesson.steps > 0
    assert any(symbol in lesson.explanation for symbol in "=≈≤∏′∂"), "the explanation has a formula"


@pytest.mark.parametrize("name", ALL)
def test_lesson_file_gives_every_setting_so_defaults_cannot_change_it(name):
    raw = json.loads(resource_path("lessons", f"{name}.json").read_text(encoding="utf-8"))
    for path in sorted(set(model_field_paths(raw["problem"].get("model", "feedforward"))) - DATA_FILE_FIELDS):
        part, field = path.split(".")
        assert field in raw["problem"][part], path
    assert raw["problem"]["data"]["samples"] <= 500 and raw["problem"]["network"]["width"] == 32


@pytest.mark.parametrize("name", ALL)
def test_lesson_meets_its_expectation(name):
    lesson = load_lesson(name)
    result = _result(name)
    assert result.met, f"{name}:\n{result.detail}"
    assert len(result.checks) == len(lesson.expectation.checks)
    assert all(check.met for check in result.checks)
    assert set(result.measured) == {check.key for check in lesson.expectation.checks}


def test_expectation_numbers_tell_the_article_story():
    """A few measured numbers, read directly: the remedy visibly beats the problem."""
    sig = _result("saturating-sigmoid").measured["grad_ratio_first_last@init"]
    assert sig["problem"] < 1e-5 < 1e-1 < sig["remedy"]
    bn = _result("batchnorm").measured
    assert bn["grad_ratio_first_last@init"]["remedy"] > 1e8 * bn["grad_ratio_first_last@init"]["problem"]
    assert bn["test_accuracy@400"]["remedy"] > 0.85 and bn["test_accuracy@400"]["problem"] < 0.6
    depth = _result("depth").measured["test_accuracy@300"]  # issue 9: the shallow remedy visibly learns
    assert depth["remedy"] > 0.75 > 0.55 > depth["problem"]
    explodes = _result("residual-scale").measured
    assert explodes["train_loss@init"]["problem"] > 100 * explodes["train_loss@init"]["remedy"]
    ortho = _result("orthogonal-init").measured["jacobian_spread@init"]
    assert ortho["problem"] > 20 * ortho["remedy"]
    # at batch size 2 batch norm's test accuracy jumps from evaluation to evaluation (0.36-0.73 at step 400 over
    # seeds and BLAS kernels): the lesson reads the mean of the last 100 steps, which the kernel cannot flip
    batch = _result("batchnorm-batch").measured["test_accuracy_recent@400"]
    assert batch["remedy"] - batch["problem"] > 0.2


def test_honest_texts_where_the_article_is_loose():
    clipping = load_lesson("clipping")
    assert "cannot make a vanishing gradient larger" in clipping.explanation
    regularization = load_lesson("regularization")
    assert "does not cure" in regularization.title and "λW" in regularization.explanation
    # the remedy still vanishes: L2 is not a cure, and the lesson's expectation says so in numbers
    checks = {check.metric: check for check in regularization.expectation.checks}
    assert checks["signal_ratio_first_last"].remedy[0].op == "<"
    assert "He et al." in load_lesson("batchnorm").explanation
    assert "He 等人" in load_lesson("batchnorm", "zh_CN").explanation


def test_unknown_lesson_names_the_known_ones():
    with pytest.raises(LessonError, match=r"unknown lesson 'nope'; known lessons: saturating-sigmoid, depth"):
        load_lesson("nope")


@pytest.mark.parametrize("code, expected", [("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("zh", "zh_CN"),
                                            ("en_US", "en"), ("fr_FR", "en"), ("", "en")])
def test_language_codes(code, expected):
    assert load_lesson("relu", code).language == expected


def test_lockstep_run_trains_a_and_b_on_the_same_data_and_seed():
    lesson = load_lesson("relu")
    run = start_run(lesson, seed=5)
    run.run(7)
    assert run.problem.step_count == run.remedy.step_count == 7
    assert run.problem.config.train.seed == run.remedy.config.train.seed == 5
    assert (run.problem.dataset.X_train == run.remedy.dataset.X_train).all()
    assert not run.complete
    with pytest.raises(LessonError, match="needs 400 steps; only 7 ran"):
        run.result()
