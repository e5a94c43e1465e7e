"""The article's claims as runnable experiments: lessons.

A lesson is one JSON file in ``resources/lessons/`` (found through :func:`bpviz.paths.resource_path`)::

    {
      "schema_version": 1,
      "name": "saturating-sigmoid",          # must equal the file name without .json
      "order": 1,                            # position in the curriculum (lesson_names() sorts by it)
      "title":        {"en": "...", "zh_CN": "..."},
      "explanation":  {"en": "...", "zh_CN": "..."},   # short, with the formula behind it
      "watch": "gradientFlowPlot",           # objectName of the plot to look at (DESIGN.md §6)
      "watch_text":   {"en": "...", "zh_CN": "..."},
      "try_this":     {"en": "...", "zh_CN": "..."},
      "problem": { ...a complete ExperimentConfig dict: every field of network, train and data... },
      "remedy": {"network.activation": "tanh"},       # dotted overrides applied to the problem -> B
      "remedy_label": {"en": "...", "zh_CN": "..."},
      "expectation": [ check, check, ... ]   # or a single check object
    }

Every text exists in English (``en``) and Simplified Chinese (``zh_CN``).

The expectation language
------------------------
An expectation is a list of *checks*; it is met when every check holds. A check measures one metric on the
problem (A) and on the remedy (B), both trained from the same seed in lockstep, at one moment::

    {"metric": "grad_ratio_first_last", "at": "init", "problem": {"<": 1e-4}, "remedy": {">": 1e-2}}
    {"metric": "test_accuracy", "after_steps": 500, "remedy_minus_problem": {">": 0.3}}
    {"metric": "diverged", "after_steps": 300, "problem": {"==": 1}, "remedy": {"==": 0}}

When: ``"at": "init"`` is the untrained network (its first batch, nothing updated); ``"after_steps": N`` is after
N training steps. After N steps the per-step metrics (gradient norms and ratios, train_loss, dead_fraction,
saturation) are the median over the last 10 steps up to N, so one odd batch cannot decide a lesson;
test_accuracy, train_accuracy, weight_norm and inactive_fraction are measured on the network after step N;
test_accuracy_recent is the mean of the test accuracy over steps N-99..N (the loss plot's test line, evaluated
every 10 steps), for runs whose accuracy jumps from one evaluation to the next;
max_grad_norm is the largest global gradient norm (before clipping) of steps 1..N. A run that diverges stops
there: ``diverged`` is 1 and the other metrics are what the stopped network shows (often NaN).

What: one or more of ``problem``, ``remedy``, ``remedy_minus_problem`` (B - A) and ``remedy_over_problem`` (B / A),
each an object of comparisons ``<``, ``<=``, ``>``, ``>=``, ``==`` with a number, all of which must hold.
A NaN never satisfies a comparison.

Metrics (see :data:`bpviz.lessons.expectation.METRICS`): ``grad_ratio_first_last`` (||dL/dW_first|| /
||dL/dW_last||), ``signal_ratio_first_last`` (||dL/dh_first|| / ||dL/dh_last||), ``first_layer_grad_norm``,
``last_layer_grad_norm``, ``max_grad_norm``, ``train_loss``, ``test_accuracy``, ``test_accuracy_recent``,
``train_accuracy``, ``diverged`` (0 or 1), ``dead_fraction`` (ReLU units 0 for the whole batch),
``inactive_fraction`` (units whose input is <= 0 for
the whole batch: dead for ReLU, still learning through the slope for leaky ReLU), ``saturation``, ``weight_norm``,
and three from the Jacobian view (the layer Jacobians at the step's batch, see ``Trainer.jacobians``):
``jacobian_product`` (the running product at layer 1), ``jacobian_mean_singular_value`` (median over layers of the
factor per layer) and ``jacobian_spread`` (median over layers of the largest / smallest singular value: 1 when
every direction passes alike, as with orthogonal weights; needs exact SVDs, so NaN on networks too large for them);
and two from the mean-field prediction (:mod:`bpviz.engine.theory`): ``predicted_signal_ratio`` (signal_ratio_first_last as
theory predicts it for the untrained network, from its configuration and the data's mean square) and
``signal_ratio_over_prediction`` (measured / predicted: 1 = exactly as predicted). Both are NaN where the plain
prediction does not apply (batch or layer norm, residual connections), so a check on them fails there. The
prediction is for initialization: compare it ``"at": "init"`` (after N steps the measured ratio is the trained
network's, the prediction still the untrained one's).

A recurrent lesson (``"model": "recurrent"`` in its problem) has no stacked layers: ``signal_ratio_first_last`` is
||dL/dh_1|| / ||dL/dh_T||, first and last time step; ``max_grad_norm``, ``train_loss``, ``test_accuracy``,
``test_accuracy_recent``, ``train_accuracy``, ``diverged``, ``saturation`` (mean over time steps) and
``weight_norm`` mean what they mean for the MLP; three more are its own: ``time_factor`` (the geometric mean of
||dL/dh_t|| / ||dL/dh_(t+1)||, the factor
per step back in time), ``time_factor_over_prediction`` (time_factor / the mean of lambda_1 * gamma_t, Pascanu et
al.'s factor; 1 = as predicted) and ``memory_gate_mean`` (the mean LSTM forget gate or GRU update gate). The other
metrics are NaN for a recurrent model, so a check on them fails.

API
---
``lesson_names()`` (curriculum order), ``load_lesson(name, language="en")``, ``check_expectation(lesson)``,
``start_run(lesson)`` (the lockstep pair, for callers that train step by step and check at the end).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from bpviz.config import DATA_FILE_FIELDS, MODELS, ConfigError, ExperimentConfig, model_field_paths
from bpviz.engine.recurrent_trainer import make_trainer
from bpviz.lessons.expectation import (
    METRICS, Check, CheckResult, Expectation, ExpectationResult, LessonError, LessonRun, measure, parse_expectation,
)
from bpviz.paths import resource_path

LANGUAGES = ("en", "zh_CN")
SCHEMA_VERSION = 1
PLOT_NAMES = ("gradientFlowPlot", "gradientHeatmapPlot", "networkDiagramPlot", "activationPlot",
              "gradientHistogramPlot", "updateRatioPlot", "lossPlot", "decisionBoundaryPlot", "jacobianPlot",
              "phaseDiagramPlot")
TEXT_FIELDS = ("title", "explanation", "watch_text", "try_this", "remedy_label")
DEFAULT_STEPS = 300  # how long to train a lesson whose checks are all at init

__all__ = [
    "LANGUAGES", "METRICS", "Check", "CheckResult", "Expectation", "ExpectationResult", "Lesson", "LessonError",
    "LessonRun", "check_expectation", "lesson_names", "load_lesson", "measure", "start_run",
]


@dataclass(frozen=True)
class Lesson:
    """One lesson in one language. ``config`` is the problem (A), ``remedy`` is A with ``remedy_changes`` (B)."""

    name: str
    title: str
    explanation: str
    watch: str
    watch_text: str
    try_this: str
    config: ExperimentConfig
    remedy: ExperimentConfig
    remedy_label: str
    expectation: Expectation
    remedy_changes: tuple[tuple[str, Any], ...] = ()
    language: str = "en"

    @property
    def steps(self) -> int:
        """How many steps to train to see the lesson (and measure its expectation)."""
        return self.expectation.steps or DEFAULT_STEPS


def _lessons_dir() -> Path:
    return resource_path("lessons")


@lru_cache(maxsize=None)
def _raw_lessons() -> dict[str, dict[str, Any]]:
    """name -> parsed JSON of every lesson file, in curriculum order."""
    found = []
    for path in sorted(_lessons_dir().glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LessonError(f"lesson file {path.name} cannot be read: {exc}") from None
        if not isinstance(raw, dict):
            raise LessonError(f"lesson file {path.name} must hold a JSON object")
        if raw.get("name") != path.stem:
            raise LessonError(f"lesson file {path.name}: name = {raw.get('name')!r} must be {path.stem!r}")
        order = raw.get("order")
        if isinstance(order, bool) or not isinstance(order, int):
            raise LessonError(f"lesson file {path.name}: order = {order!r} must be a whole number")
        found.append((order, path.stem, raw))
    found.sort(key=lambda item: (item[0], item[1]))
    return {name: raw for _, name, raw in found}


def lesson_names() -> list[str]:
    """Every lesson's name, in curriculum order."""
    return list(_raw_lessons())


def _language(language: str) -> str:
    """``zh_CN``, ``zh-CN``, ``zh`` and other Chinese locales -> ``zh_CN``; anything else without a text -> ``en``."""
    code = (language or "en").replace("-", "_")
    if code in LANGUAGES:
        return code
    prefix = code.split("_")[0].lower()
    for known in LANGUAGES:
        if known.split("_")[0].lower() == prefix:
            return known
    return "en"


def _text(raw: Mapping[str, Any], field_name: str, language: str, where: str) -> str:
    texts = raw.get(field_name)
    if not isinstance(texts, Mapping):
        raise LessonError(f"{where}: {field_name} must be an object with a text per language ({', '.join(LANGUAGES)})")
    for code in LANGUAGES:
        if not isinstance(texts.get(code), str) or not texts[code].strip():
            raise LessonError(f"{where}: {field_name} has no {code} text")
    return texts[language]


def _problem_config(raw: Any, where: str) -> ExperimentConfig:
    if not isinstance(raw, Mapping):
        raise LessonError(f"{where}: problem must be a complete experiment object")
    model = raw.get("model", "feedforward")  # an unknown model is from_dict's error, below
    paths = model_field_paths(model) if model in MODELS else []
    missing = [path for path in paths
               if path not in DATA_FILE_FIELDS  # lessons use built-in data
               and (not isinstance(raw.get(path.split(".")[0]), Mapping)
                    or path.split(".")[1] not in raw[path.split(".")[0]])]
    if missing:
        raise LessonError(f"{where}: problem must give every setting; missing: {', '.join(missing)}")
    if raw["data"]["dataset"] == "csv":
        raise LessonError(f"{where}: a lesson cannot use an imported CSV file; choose a built-in dataset")
    try:
        return ExperimentConfig.from_dict(raw)
    except ConfigError as exc:
        raise LessonError(f"{where}: problem: {exc}") from None


def load_lesson(name: str, language: str = "en") -> Lesson:
    """The lesson ``name`` with its texts in ``language`` (``en`` or ``zh_CN``; other codes fall back to ``en``)."""
    lessons = _raw_lessons()
    if name not in lessons:
        raise LessonError(f"unknown lesson {name!r}; known lessons: {', '.join(lessons)}")
    raw = lessons[name]
    where = f"lesson {name}"
    if raw.get("schema_version") != SCHEMA_VERSION:
        raise LessonError(f"{where}: schema_version = {raw.get('schema_version')!r}; this bpviz reads {SCHEMA_VERSION}")
    code = _language(language)
    texts = {field_name: _text(raw, field_name, code, where) for field_name in TEXT_FIELDS}
    watch = raw.get("watch")
    if watch not in PLOT_NAMES:
        raise LessonError(f"{where}: watch = {watch!r} is not a plot; choose one of: {', '.join(PLOT_NAMES)}")
    problem = _problem_config(raw.get("problem"), where).replace(name=texts["title"])
    changes = raw.get("remedy")
    if not isinstance(changes, Mapping) or not changes:
        raise LessonError(f"{where}: remedy must be an object of dotted settings, e.g. {{\"network.residual\": true}}")
    try:
        remedy = problem.replace(**{"name": texts["remedy_label"], **changes})
    except ConfigError as exc:
        raise LessonError(f"{where}: remedy: {exc}") from None
    expectation = parse_expectation(raw.get("expectation"), where)
    return Lesson(name=name, watch=watch, config=problem, remedy=remedy, expectation=expectation,
                  remedy_changes=tuple(changes.items()), language=code, **texts)


def start_run(lesson: Lesson, seed: int | None = None) -> LessonRun:
    """Fresh Trainers for A and B (same seed; ``seed`` overrides the lesson's), measured at step 0."""
    problem, remedy = lesson.config, lesson.remedy
    if seed is not None:
        problem = problem.replace(**{"train.seed": seed})
        remedy = remedy.replace(**{"train.seed": seed})
    capacity = max(2048, 2 * ((lesson.steps + 1) // 2 + 1))
    return LessonRun(make_trainer(problem, history_capacity=capacity), make_trainer(remedy, history_capacity=capacity),
                     lesson.expectation)


def check_expectation(lesson: Lesson, run: LessonRun | None = None, seed: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> ExpectationResult:
    """Train A and B as far as the expectation needs (or use ``run``, training it further if needed) and check it."""
    if run is None:
        run = start_run(lesson, seed)
    missing = max(0, lesson.expectation.steps - run.step_count)
    run.run(missing, progress)
    return run.result()
