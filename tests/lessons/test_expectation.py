"""The expectation language: parsing with clear errors, measuring, evaluating (NaN never passes)."""

import math

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.lessons.expectation import (
    METRICS, OPERATORS, Comparison, ComparisonResult, LessonError, LessonRun, evaluate, measure, parse_expectation,
)


def test_parse_single_check_and_list():
    one = parse_expectation({"metric": "test_accuracy", "after_steps": 300, "remedy_minus_problem": {">": 0.2}}, "t")
    assert one.steps == 300 and one.checkpoints == (300,)
    check = one.checks[0]
    assert check.at == 300 and check.remedy_minus_problem[0].op == ">" and check.remedy_minus_problem[0].value == 0.2
    assert check.describe() == "test_accuracy after 300 steps: remedy minus problem > 0.2"
    both = parse_expectation([{"metric": "diverged", "at": "init", "problem": {"==": 0}},
                              {"metric": "max_grad_norm", "after_steps": 10, "remedy": {"<": 5, ">=": 1}}], "t")
    assert both.checkpoints == (0, 10) and both.steps == 10
    assert [c.text() for c in both.checks[1].remedy] == ["< 5", ">= 1"]


@pytest.mark.parametrize("raw, message", [
    ({"metric": "speed", "at": "init", "problem": {"<": 1}}, "metric = 'speed' is not known; choose one of: "),
    ({"metric": "train_loss", "problem": {"<": 1}}, "give exactly one of"),
    ({"metric": "train_loss", "at": "init", "after_steps": 3, "problem": {"<": 1}}, "give exactly one of"),
    ({"metric": "train_loss", "at": "later", "problem": {"<": 1}}, "must be \"init\" or a whole number"),
    ({"metric": "train_loss", "at": "init"}, "nothing to compare"),
    ({"metric": "train_loss", "at": "init", "problem": {"<<": 1}}, "operator '<<' is not known"),
    ({"metric": "train_loss", "at": "init", "problem": {"<": "small"}}, "the bound must be a number"),
    ({"metric": "train_loss", "at": "init", "problem": {}}, "problem must be an object"),
    ({"metric": "train_loss", "at": "init", "problem": {"<": 1}, "why": 1}, "unknown key(s) 'why'"),
    ([], "expectation is empty"),
    ("fast", "must be an object"),
])
def test_parse_errors_name_the_problem(raw, message):
    with pytest.raises(LessonError) as info:
        parse_expectation(raw, "lesson x")
    assert message in str(info.value) and str(info.value).startswith("lesson x")


def _measurements(a: dict, b: dict, at: int = 0):
    full = {name: 0.0 for name in METRICS}
    return {("problem", at): {**full, **a}, ("remedy", at): {**full, **b}}


def test_evaluate_each_target():
    expectation = parse_expectation([
        {"metric": "grad_ratio_first_last", "at": "init", "problem": {"<": 1e-4}, "remedy": {">": 1e-2}},
        {"metric": "test_accuracy", "at": "init", "remedy_minus_problem": {">": 0.3}},
        {"metric": "weight_norm", "at": "init", "remedy_over_problem": {"<": 0.8}},
    ], "t")
    good = evaluate(expectation, _measurements(
        {"grad_ratio_first_last": 1e-6, "test_accuracy": 0.5, "weight_norm": 10.0},
        {"grad_ratio_first_last": 0.5, "test_accuracy": 0.9, "weight_norm": 7.0}))
    assert good.met and [c.met for c in good.checks] == [True, True, True]
    assert good.measured["test_accuracy@init"] == {"problem": 0.5, "remedy": 0.9}
    assert "remedy minus problem 0.4 > 0.3 yes" in good.detail
    bad = evaluate(expectation, _measurements(
        {"grad_ratio_first_last": 1e-6, "test_accuracy": 0.5, "weight_norm": 10.0},
        {"grad_ratio_first_last": 0.5, "test_accuracy": 0.7, "weight_norm": 9.0}))
    assert not bad.met and [c.met for c in bad.checks] == [True, False, False]
    assert "NOT MET: test_accuracy at init: remedy minus problem 0.2 > 0.3 NO" in bad.detail


def test_evaluate_gives_each_comparison_with_the_value_it_compared():
    # the structured twin of the text, for tools that ask how far a value is from its bound (tools/lesson_margins.py)
    expectation = parse_expectation([
        {"metric": "test_accuracy", "after_steps": 5, "problem": {"<": 0.65}, "remedy_minus_problem": {">": 0.2}},
        {"metric": "weight_norm", "after_steps": 5, "remedy_over_problem": {"<": 0.75, ">": 0.7}},
    ], "t")
    result = evaluate(expectation, _measurements({"test_accuracy": 0.5, "weight_norm": 10.0},
                                                 {"test_accuracy": 0.85, "weight_norm": 8.0}, at=5))
    first, second = result.checks
    assert first.comparisons == (ComparisonResult("problem", Comparison("<", 0.65), 0.5, True),
                                 ComparisonResult("remedy_minus_problem", Comparison(">", 0.2), 0.85 - 0.5, True))
    assert [(c.target, c.comparison.op, c.measured, c.holds) for c in second.comparisons] == [
        ("remedy_over_problem", "<", 0.8, False), ("remedy_over_problem", ">", 0.8, True)]
    assert not result.met and "remedy over problem 0.8 < 0.75 NO" in result.detail


@pytest.mark.parametrize("op, below, at, above", [
    ("<", True, False, False), ("<=", True, True, False), (">", False, False, True), (">=", False, True, True),
    ("==", False, True, False),
])
def test_each_operator_at_and_around_its_bound(op, below, at, above):
    comparison = Comparison(op, 0.25)
    assert [comparison.holds(0.25 - 1e-9), comparison.holds(0.25), comparison.holds(0.25 + 1e-9)] == [below, at, above]
    # and through a lesson's expectation, as a lesson file states it
    expectation = parse_expectation({"metric": "test_accuracy", "at": "init", "problem": {op: 0.25}}, "t")
    assert evaluate(expectation, _measurements({"test_accuracy": 0.25}, {})).met is at


def test_every_operator_is_tested_above():
    assert set(OPERATORS) == {"<", "<=", ">", ">=", "=="}


def test_nan_never_satisfies_a_comparison():
    expectation = parse_expectation({"metric": "test_accuracy", "at": "init", "problem": {"<": 2.0}}, "t")
    result = evaluate(expectation, _measurements({"test_accuracy": math.nan}, {}))
    assert not result.met and "problem NaN < 2 NO" in result.detail


def _cfg(**changes) -> ExperimentConfig:
    base = {"network.depth": 4, "network.width": 16, "data.samples": 120, "data.dataset": "moons"}
    return ExperimentConfig().replace(**{**base, **changes})


def test_measure_at_init_changes_nothing_and_reads_the_first_batch():
    trainer = Trainer(_cfg(**{"network.activation": "relu", "network.init": "he"}))
    # kill 4 of layer 1's 16 units: their inputs (ReLU outputs, >= 0) meet only negative weights and bias
    weight, bias = trainer.network.parameters()["hidden.1.weight"], trainer.network.parameters()["hidden.1.bias"]
    weight[:, :4] = -np.abs(weight[:, :4])
    bias[:4] = -1.0
    values = measure(trainer)
    assert set(values) == set(METRICS)
    assert trainer.step_count == 0 and len(trainer.history.view()) == 0
    stats = trainer.initial_stats()
    assert values["first_layer_grad_norm"] == stats.grad_norm[0]
    assert values["last_layer_grad_norm"] == stats.grad_norm[-1]
    assert values["grad_ratio_first_last"] == pytest.approx(stats.grad_norm[0] / stats.grad_norm[-1], abs=0)
    assert values["max_grad_norm"] == stats.grad_norm_before_clip
    assert values["diverged"] == 0.0 and values["weight_norm"] > 0
    # for ReLU, a unit with input <= 0 on the whole batch is exactly a dead unit
    assert values["dead_fraction"] >= 4 / 16 / 4
    assert values["inactive_fraction"] == pytest.approx(values["dead_fraction"], abs=0)


def test_measure_after_steps_uses_the_median_of_the_last_ten_steps():
    trainer = Trainer(_cfg())
    trainer.run(25)
    values = measure(trainer)
    losses = trainer.history.view().scalar("loss")
    assert values["train_loss"] == pytest.approx(float(np.median(losses[-10:])))
    assert values["train_loss"] != pytest.approx(float(losses[-1]))
    assert values["max_grad_norm"] == pytest.approx(max(trainer.history.view().scalar("grad_norm_before_clip")))


def test_max_grad_norm_is_the_norm_before_clipping():
    trainer = Trainer(_cfg(**{"train.clip_mode": "norm", "train.clip_threshold": 1e-3}))
    trainer.run(5)
    history = trainer.history.view()
    before, after = history.scalar("grad_norm_before_clip"), history.scalar("grad_norm_after_clip")
    assert np.all(after < before)  # every step was clipped
    max_grad_norm = measure(trainer)["max_grad_norm"]
    assert max_grad_norm == float(np.max(before)) and max_grad_norm > 1e-3 > float(np.max(after))


def test_measure_a_diverged_run():
    trainer = Trainer(_cfg(**{"network.depth": 20, "network.activation": "relu", "network.init": "he",
                              "network.init_gain": 1.3, "network.width": 32, "data.samples": 400}))
    trainer.run(50)
    assert trainer.divergence is not None
    assert measure(trainer)["diverged"] == 1.0


def test_lesson_run_measures_at_its_checkpoints_only():
    expectation = parse_expectation([{"metric": "train_loss", "at": "init", "problem": {">": 0}},
                                     {"metric": "train_loss", "after_steps": 5, "remedy": {">": 0}}], "t")
    run = LessonRun(Trainer(_cfg()), Trainer(_cfg(**{"network.activation": "tanh"})), expectation)
    assert set(run.measurements) == {("problem", 0), ("remedy", 0)}
    run.run(8)
    assert set(run.measurements) == {("problem", 0), ("remedy", 0), ("problem", 5), ("remedy", 5)}
    assert run.complete and run.result().met


def test_jacobian_metrics_read_the_jacobian_view():
    common = {"network.activation": "tanh", "network.depth": 6, "network.width": 16}
    ortho = Trainer(_cfg(**common, **{"network.init": "orthogonal"}))
    gaussian = Trainer(_cfg(**common, **{"network.init": "he", "network.init_gain": 2 ** -0.5}))
    a, b = measure(gaussian), measure(ortho)
    jac = ortho.jacobians()
    assert b["jacobian_product"] == pytest.approx(float(jac.running_product[0]))
    assert b["jacobian_mean_singular_value"] == pytest.approx(float(np.median(jac.mean_singular_value)))
    assert b["jacobian_spread"] == pytest.approx(float(np.median(jac.max_singular_value[1:] / jac.min_singular_value[1:])))
    assert 1.0 <= b["jacobian_spread"] < 2.0 < 5.0 < a["jacobian_spread"]  # orthogonal: every direction alike
    assert b["jacobian_product"] > a["jacobian_product"]
    skipped = measure(ortho, jacobians=False)
    assert all(math.isnan(skipped[name]) for name in ("jacobian_product", "jacobian_spread"))


def test_jacobian_metrics_are_computed_only_at_checkpoints_that_check_them(monkeypatch):
    expectation = parse_expectation([{"metric": "jacobian_spread", "at": "init", "problem": {">": 0}},
                                     {"metric": "train_loss", "after_steps": 3, "problem": {">": 0}}], "t")
    calls = []
    original = Trainer.jacobians
    monkeypatch.setattr(Trainer, "jacobians", lambda self: calls.append(self.step_count) or original(self))
    run = LessonRun(Trainer(_cfg()), Trainer(_cfg(**{"network.activation": "tanh"})), expectation)
    run.run(3)
    assert calls == [0, 0] and run.result().met
    assert math.isnan(run.measurements[("problem", 3)]["jacobian_spread"])


def test_recent_test_accuracy_is_the_mean_of_the_test_line_over_the_last_100_steps():
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 3, "data.samples": 200}))
    assert measure(trainer)["test_accuracy_recent"] == trainer.test_accuracy()  # untrained: the network's own
    for _ in range(150):
        trainer.step()
    line = trainer.history.view().scalar("test_accuracy")
    values = measure(trainer)
    assert values["test_accuracy_recent"] == pytest.approx(float(np.mean(line[-100:])), rel=1e-12)
    assert values["test_accuracy_recent"] != pytest.approx(float(np.mean(line)), rel=1e-6)  # not the whole run


def test_recent_test_accuracy_reads_the_steps_of_a_thinned_history():
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 2, "data.samples": 200}), history_capacity=64)
    for _ in range(200):
        trainer.step()
    view = trainer.history.view()
    assert view.stride > 1  # 200 steps in 64 rows: every other step (or fewer) kept
    recent = view.steps > view.steps[-1] - 100
    assert 0 < recent.sum() < 100
    assert measure(trainer)["test_accuracy_recent"] == pytest.approx(
        float(np.mean(view.scalar("test_accuracy")[recent])), rel=1e-12)
