"""The command line: `bpviz lessons`, `bpviz run` (in-process and as a subprocess), clear one-line errors."""

import csv
import json
import math
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import bpviz
from bpviz.cli import EXIT_FAILED, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, _Progress, main
from bpviz.config import ExperimentConfig
from bpviz.engine import theory
from bpviz.engine.telemetry import LAYER_METRICS, SCALAR_METRICS
from bpviz.lessons import lesson_names, load_lesson

PLOT_NAMES = ["gradientFlowPlot", "gradientHeatmapPlot", "networkDiagramPlot", "lossPlot", "activationPlot",
              "gradientHistogramPlot", "updateRatioPlot", "decisionBoundaryPlot", "jacobianPlot", "phaseDiagramPlot"]
ROOT = Path(__file__).resolve().parents[2]


def _small_experiment(path: Path, **changes) -> Path:
    base = {"network.depth": 4, "network.width": 16, "data.samples": 120, "data.dataset": "moons",
            "name": "small test"}
    ExperimentConfig().replace(**{**base, **changes}).save(path)
    return path


def _png_size(path: Path) -> tuple[int, int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    return image.width(), image.height()


# ---------------------------------------------------------------- bpviz lessons / --version / --help

def test_lessons_lists_name_tab_english_title(capsys):
    assert main(["lessons"]) == EXIT_OK
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == lesson_names()
    assert lines[0] == f"saturating-sigmoid\t{load_lesson('saturating-sigmoid').title}"
    assert all(line.count("\t") == 1 for line in lines)


def test_lessons_in_chinese(capsys):
    assert main(["--lang", "zh_CN", "lessons"]) == EXIT_OK
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"saturating-sigmoid\t{load_lesson('saturating-sigmoid', 'zh_CN').title}"


def test_version_and_help(capsys):
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"bpviz {bpviz.__version__}"
    assert main(["run", "--help"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "exit codes:" in text and "--lesson NAME" in text and "130" in text
    assert main(["--help"]) == EXIT_OK
    assert "bpviz run" in capsys.readouterr().out


# ---------------------------------------------------------------- bpviz run

def test_run_lesson_in_compare_mode_writes_everything(tmp_path, capsys):
    out = tmp_path / "sig"
    code = main(["run", "--lesson", "saturating-sigmoid", "--out", str(out), "--compare", "--quiet"])
    assert code == EXIT_OK
    lesson = load_lesson("saturating-sigmoid")
    for name in ["config.json", "history.csv", "summary.json", "remedy_config.json", "remedy_history.csv"]:
        assert (out / name).is_file(), name
    from bpviz.ui.export import is_blank

    for plot in PLOT_NAMES:
        png = out / f"{plot}.png"
        assert _png_size(png) == (1000, 560), plot
        assert not is_blank(png), plot
    # the JSON config reopens to an identical config (the window opens it the same way)
    assert ExperimentConfig.load(out / "config.json") == lesson.config
    assert ExperimentConfig.load(out / "remedy_config.json") == lesson.remedy
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["lesson"] == "saturating-sigmoid" and summary["steps_run"] == lesson.steps == 400
    assert summary["expectation"]["checked"] and summary["expectation"]["met"] is True
    measured = summary["expectation"]["measured"]["grad_ratio_first_last@init"]
    assert measured["problem"] < 1e-4 < 1e-2 < measured["remedy"]
    assert summary["diverged"] is None and summary["remedy"]["diverged"] is None
    assert len(summary["grad_norm_per_layer"]["start"]) == len(summary["grad_norm_per_layer"]["end"]) == 10
    assert summary["remedy"]["final"]["test_accuracy"] > 0.8 > summary["final"]["test_accuracy"]
    assert summary["wall_time_seconds"] > 0
    assert set(summary["files"]) == {p.name for p in out.iterdir()}
    # the mean-field prediction for each untrained network: sigmoid with Xavier is deep in the ordered phase
    assert summary["prediction_applies"] is True and summary["sigma_w2"] == pytest.approx(1.0)
    assert summary["predicted_chi1"] == pytest.approx(theory.chi1("sigmoid", 1.0, 0.0), rel=1e-6)
    assert summary["predicted_depth_scale"] == pytest.approx(-1.0 / math.log(summary["predicted_chi1"]))
    assert summary["remedy"]["predicted_chi1"] == pytest.approx(theory.chi1("tanh", 1.0, 0.0), rel=1e-6)
    assert summary["remedy"]["predicted_depth_scale"] is None  # infinite: tanh at the edge of chaos
    stdout = capsys.readouterr().out
    assert "expectation met" in stdout
    # CSV: one column per scalar and per (layer metric, layer), one row per step
    with open(out / "history.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["step", *SCALAR_METRICS] + [f"{m}_layer{i}" for m in LAYER_METRICS for i in range(10)]
    assert len(rows) == 401


def test_run_edge_of_chaos_checks_measurement_against_prediction(tmp_path, capsys):
    out = tmp_path / "edge"
    assert main(["run", "--lesson", "edge-of-chaos", "--steps", "2", "--no-png", "--quiet", "--out", str(out)]) \
        == EXIT_OK
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["expectation"]["checked"] and summary["expectation"]["met"] is True
    measured = summary["expectation"]["measured"]
    assert 0.1 < measured["signal_ratio_over_prediction@init"]["problem"] < 10
    assert 0.1 < measured["signal_ratio_over_prediction@init"]["remedy"] < 10
    assert summary["predicted_chi1"] == pytest.approx(0.5, rel=1e-3)            # tanh, sigma_w2 = 0.5, no bias
    assert summary["remedy"]["predicted_chi1"] == pytest.approx(1.0, abs=1e-6)   # the edge of chaos
    assert summary["remedy"]["predicted_depth_scale"] is None
    ratio = summary["predicted_signal_ratio_first_last"]
    assert ratio == pytest.approx(measured["predicted_signal_ratio@init"]["problem"]) and ratio < 1e-7
    assert "expectation met" in capsys.readouterr().out


def test_summary_says_when_the_prediction_does_not_apply(tmp_path):
    experiment = _small_experiment(tmp_path / "res.json", **{"network.residual": True})
    assert main(["run", str(experiment), "--steps", "2", "--no-png", "--quiet", "--out", str(tmp_path / "o")]) \
        == EXIT_OK
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["prediction_applies"] is False
    assert summary["predicted_chi1"] is None and summary["predicted_signal_ratio_first_last"] is None
    assert "residual connections" in summary["prediction_reason"]
    assert summary["sigma_w2"] == pytest.approx(1.0)  # the init is still described


def test_run_as_a_subprocess_without_a_display(tmp_path):
    experiment = _small_experiment(tmp_path / "exp.json")
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "bpviz", "run", str(experiment), "--steps", "30", "--scale", "2",
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == EXIT_OK, result.stderr
    assert "Traceback" not in result.stderr
    assert "step 30/30 (100%)" in result.stderr  # plain progress lines when stderr is not a terminal
    for plot in PLOT_NAMES:
        assert _png_size(tmp_path / "out" / f"{plot}.png") == (2000, 1120)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["lesson"] is None and "expectation" not in summary and summary["steps_run"] == 30


def test_headless_run_without_png_never_imports_qt(tmp_path):
    code = ("import sys; from bpviz.cli import main; "
            f"rc = main(['run', '--lesson', 'depth', '--no-png', '--quiet', '--out', {str(tmp_path)!r}]); "
            "assert rc == 0, rc; assert 'PySide6' not in sys.modules and 'pyqtgraph' not in sys.modules")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr


def test_diverging_experiment_exits_1_and_reports_where(tmp_path, capsys):
    experiment = tmp_path / "explode.json"
    load_lesson("clipping").config.save(experiment)
    assert main(["run", str(experiment), "--no-png", "--quiet", "--out", str(tmp_path / "o")]) == EXIT_FAILED
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["diverged"]["step"] == 4 and summary["diverged"]["layer"].startswith("hidden")
    assert summary["steps_run"] == 3 and summary["final"]["test_accuracy"] is None  # NaN is written as null
    assert "diverged at step 4" in capsys.readouterr().out


def test_lesson_whose_expectation_fails_exits_1(tmp_path, capsys):
    # a 3-layer "problem" does not vanish below 1e-10: the depth lesson's promise cannot hold
    code = main(["run", "--lesson", "depth", "--set", "network.depth=3", "--no-png", "--quiet",
                 "--out", str(tmp_path)])
    assert code == EXIT_FAILED
    assert "NOT MET: grad_ratio_first_last at init: problem" in capsys.readouterr().out


def test_too_few_steps_leaves_the_expectation_unchecked(tmp_path):
    assert main(["run", "--lesson", "relu", "--steps", "5", "--no-png", "--quiet", "--out", str(tmp_path)]) == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["expectation"]["checked"] is False and summary["expectation"]["met"] is None
    assert summary["steps_run"] == 5


def test_seed_and_set_change_the_experiment(tmp_path):
    experiment = _small_experiment(tmp_path / "exp.json")
    assert main(["run", str(experiment), "--steps", "3", "--seed", "7", "--set", "network.residual=true",
                 "--set", "train.learning_rate=1", "--no-png", "--quiet", "--out", str(tmp_path / "o")]) == 0
    saved = ExperimentConfig.load(tmp_path / "o" / "config.json")
    assert saved.train.seed == 7 and saved.network.residual is True and saved.train.learning_rate == 1.0


# ---------------------------------------------------------------- errors: one line, exit 2, never a traceback

def _bad_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "exp.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("make_args, message", [
    (lambda p: ["run", _bad_file(p, "{\"network\": {\"depth\": 3,}")],
     "exp.json: not valid JSON: Expecting property name enclosed in double quotes at line 1, column 25"),
    (lambda p: ["run", _bad_file(p, "{\"network\": {\"depthh\": 3}}")],
     "exp.json: unknown key(s) in network: 'depthh'; allowed: "),
    (lambda p: ["run", _bad_file(p, "{\"colour\": 1}")], "exp.json: unknown key(s) 'colour'; allowed: "),
    (lambda p: ["run", _bad_file(p, "{\"network\": {\"depth\": 0}}")],
     "exp.json: network.depth = 0 is out of range; allowed: 1 to 200"),
    (lambda p: ["run", _bad_file(p, "{\"train\": {\"optimizer\": \"rmsprop\"}}")],
     "exp.json: train.optimizer = 'rmsprop' is not allowed; choose one of: sgd, momentum, adam"),
    (lambda p: ["run", str(p / "missing.json")], "missing.json: no such file"),
    (lambda p: ["run", "--lesson", "nope"], "unknown lesson 'nope'; known lessons: saturating-sigmoid, depth,"),
    (lambda p: ["run", "--lesson", "relu", "--steps", "0"], "argument --steps: 0 is out of range; allowed: 1 to"),
    (lambda p: ["run", "--lesson", "relu", "--steps", "many"], "argument --steps: 'many' is not a whole number"),
    (lambda p: ["run", "--lesson", "relu", "--scale", "9"], "argument --scale: 9 is out of range; allowed: 1 to 8"),
    (lambda p: ["run", "--lesson", "relu", "--seed", "-1"], "argument --seed: -1 is out of range"),
    (lambda p: ["run", "--lesson", "relu", "--set", "network.colour=red"], "unknown setting 'network.colour'"),
    (lambda p: ["run", "--lesson", "relu", "--set", "network.width=0"],
     "network.width = 0 is out of range; allowed: 1 to 1024"),
    (lambda p: ["run", "--lesson", "relu", "--set", "depth"], "--set 'depth': write KEY=VALUE"),
    (lambda p: ["run"], "give an experiment file or --lesson NAME"),
    (lambda p: ["run", "x.json", "--lesson", "relu"], "give an experiment file or --lesson NAME, not both"),
    (lambda p: ["run", _bad_file(p, "{}"), "--compare"], "--compare needs --lesson"),
    (lambda p: ["run", "--lesson", "relu", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (lambda p: ["--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    (lambda p: [_bad_file(p, "{\"network\": {\"depth\": 0}}")], "network.depth = 0 is out of range"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, capsys, make_args, message):
    code = main(make_args(tmp_path))
    captured = capsys.readouterr()
    assert code == EXIT_USAGE
    err = captured.err.strip()
    assert err.startswith("bpviz: error: ") and "\n" not in err, err
    assert message in err, err
    assert "Traceback" not in captured.err + captured.out


def test_unwritable_output_exits_3(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = main(["run", "--lesson", "depth", "--steps", "1", "--no-png", "--quiet", "--out", str(blocker / "x")])
    assert code == EXIT_OUTPUT
    assert capsys.readouterr().err.startswith("bpviz: error: cannot create the output folder")


# ---------------------------------------------------------------- the window and the self-test are delegated

@pytest.fixture
def fake_gui(monkeypatch):
    calls = []
    module = types.ModuleType("bpviz.ui.app")
    module.run_gui = lambda experiment_path=None, lang=None: calls.append((experiment_path, lang)) or 0
    monkeypatch.setitem(sys.modules, "bpviz.ui.app", module)
    return calls


def test_no_arguments_opens_the_window(fake_gui):
    assert main([]) == 0
    assert fake_gui == [(None, None)]


def test_experiment_file_and_language_go_to_the_window(fake_gui, tmp_path):
    experiment = _small_experiment(tmp_path / "exp.json")
    assert main(["--lang", "zh_CN", str(experiment)]) == 0
    assert fake_gui == [(str(experiment), "zh_CN")]


def test_a_bad_training_mode_is_one_clear_line_before_any_window(fake_gui, monkeypatch, capsys):
    monkeypatch.setenv("BPVIZ_TRAINING", "gpu")
    assert main([]) == EXIT_USAGE
    assert fake_gui == []
    err = capsys.readouterr().err
    assert err == "bpviz: error: BPVIZ_TRAINING must be one of process, thread, not 'gpu'\n"
    monkeypatch.setenv("BPVIZ_TRAINING", "thread")
    assert main([]) == 0 and fake_gui == [(None, None)]


def test_options_go_before_or_after_the_experiment_file_and_the_later_one_counts(fake_gui, tmp_path):
    experiment = str(_small_experiment(tmp_path / "exp.json"))
    assert main([experiment, "--lang", "zh_CN"]) == 0
    assert main(["--lang", "en", experiment, "--lang", "zh_CN"]) == 0
    assert main(["--", experiment]) == 0          # a file name that looks like an option or a command
    assert fake_gui == [(experiment, "zh_CN"), (experiment, "zh_CN"), (experiment, None)]


@pytest.mark.parametrize("argv, message", [
    (["--self-test", "run"], "put options after the command: bpviz run ..."),
    (["--self-test", "lessons"], "put options after the command: bpviz lessons ..."),
    (["EXP", "--self-test"], "--self-test takes no experiment file"),
    (["EXP", "EXP"], "unrecognized arguments: EXP (see: bpviz --help)"),
    (["lessons", "extra"], "unrecognized arguments: extra (see: bpviz lessons --help)"),
    (["run", "--version"], "unrecognized arguments: --version (see: bpviz run --help)"),
])
def test_where_an_option_or_argument_does_not_belong_is_one_line(fake_gui, tmp_path, capsys, argv, message):
    experiment = str(_small_experiment(tmp_path / "exp.json"))
    assert main([experiment if arg == "EXP" else arg for arg in argv]) == EXIT_USAGE
    err = capsys.readouterr().err.replace(experiment, "EXP")
    assert err == f"bpviz: error: {message}\n"
    assert fake_gui == []


def test_lang_before_a_command_wins_over_its_own(capsys):
    assert main(["--lang", "zh_CN", "lessons", "--lang", "en"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[0].endswith(load_lesson("saturating-sigmoid", "zh_CN").title)


def test_a_whole_number_for_a_float_setting_is_that_float():
    from bpviz.cli import _parse_settings
    from bpviz.config import float_field_paths

    floats = float_field_paths()
    assert {"train.learning_rate", "train.l2", "train.clip_threshold", "network.init_gain", "data.noise"} <= floats
    assert not floats & {"network.depth", "network.width", "train.seed", "train.batch_size", "network.residual"}
    changes = _parse_settings(["train.learning_rate=1", "network.depth=3", "network.residual=true"])
    assert changes == {"train.learning_rate": 1.0, "network.depth": 3, "network.residual": True}
    assert type(changes["train.learning_rate"]) is float and type(changes["network.depth"]) is int


def test_self_test_is_delegated(monkeypatch):
    module = types.ModuleType("bpviz.selftest")
    module.main = lambda: 7
    monkeypatch.setitem(sys.modules, "bpviz.selftest", module)
    assert main(["--self-test"]) == 7


# ---------------------------------------------------------------- progress

class _Terminal:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_lines_otherwise(capsys):
    terminal = _Terminal()
    progress = _Progress(50, "bpviz run x", quiet=False, stream=terminal)
    for done in range(1, 51):
        progress(done, 0.5)
    assert "\r" in terminal.text and "[" + "#" * 30 + "] 100% step 50/50  loss 0.500" in terminal.text
    assert terminal.text.endswith("\n")
    progress = _Progress(50, "bpviz run x", quiet=False)
    for done in range(1, 51):
        progress(done)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "bpviz run x: step 5/50 (10%)" and lines[-1] == "bpviz run x: step 50/50 (100%)"
    assert len(lines) == 10


# ---------------------------------------------------------------- --check and a lesson's own step count

def test_a_lesson_runs_its_own_step_count_and_check_passes_when_met(tmp_path, capsys):
    from bpviz.cli import EXIT_NOT_MET
    from bpviz.lessons import load_lesson

    assert EXIT_NOT_MET == 4
    lesson = load_lesson("exploding-init")
    assert main(["run", "--lesson", "exploding-init", "--check", "--no-png", "--quiet", "--out", str(tmp_path)]) \
        == EXIT_OK
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["steps_requested"] == lesson.steps and summary["expectation"]["met"] is True
    assert "will not be checked" not in capsys.readouterr().err


def test_too_few_steps_say_so_on_stderr_and_check_makes_it_an_error(tmp_path, capsys):
    from bpviz.cli import EXIT_NOT_MET

    argv = ["run", "--lesson", "relu", "--steps", "5", "--no-png", "--quiet", "--out", str(tmp_path)]
    assert main(argv) == EXIT_OK  # unchecked is not an error without --check
    err = capsys.readouterr().err
    assert "lesson relu checks its expectation after 400 steps; --steps 5 trains fewer" in err
    assert main([*argv, "--check"]) == EXIT_NOT_MET
    assert "exit status 4 with --check" in capsys.readouterr().err


def test_check_fails_with_its_own_status_when_the_expectation_is_not_met(tmp_path, capsys):
    from bpviz.cli import EXIT_NOT_MET

    argv = ["run", "--lesson", "depth", "--set", "network.depth=3", "--no-png", "--quiet", "--out", str(tmp_path)]
    assert main(argv) == EXIT_FAILED
    assert main([*argv, "--check"]) == EXIT_NOT_MET
    assert "NOT MET" in capsys.readouterr().out


def test_check_needs_a_lesson(tmp_path, capsys):
    experiment = _small_experiment(tmp_path / "exp.json")
    assert main(["run", str(experiment), "--check", "--no-png", "--quiet"]) == EXIT_USAGE
    assert "--check needs --lesson" in capsys.readouterr().err
