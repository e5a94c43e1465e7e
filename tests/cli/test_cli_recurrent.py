"""`bpviz run` with a recurrent experiment (issue 12 item 6): it trains the recurrent model, writes the summary with
per-time-step fields, the history with per-time-step columns, and a PNG of every plot (the ones that do not apply
say so on the image instead of being empty)."""

from __future__ import annotations

import csv
import json

from bpviz.cli import EXIT_OK, main
from bpviz.config import ExperimentConfig

PLOT_NAMES = ["gradientFlowPlot", "gradientHeatmapPlot", "networkDiagramPlot", "lossPlot", "activationPlot",
              "gradientHistogramPlot", "updateRatioPlot", "decisionBoundaryPlot", "jacobianPlot", "phaseDiagramPlot"]


def test_run_a_recurrent_experiment_writes_time_step_fields_and_every_plot(tmp_path, capsys):
    experiment = tmp_path / "rnn.json"
    config = ExperimentConfig(name="small rnn", model="recurrent").replace(**{
        "recurrent.cell": "lstm", "recurrent.hidden_size": 8, "recurrent.seq_len": 12, "data.samples": 120})
    config.save(experiment)
    out = tmp_path / "out"
    assert main(["run", str(experiment), "--steps", "20", "--out", str(out), "--quiet"]) == EXIT_OK
    assert ExperimentConfig.load(out / "config.json") == config
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["model"] == "recurrent" and summary["cell"] == "lstm" and summary["seq_len"] == 12
    assert summary["steps_run"] == 20 and summary["diverged"] is None
    assert len(summary["signal_grad_norm_per_time_step"]["start"]) == 12
    assert len(summary["signal_grad_norm_per_time_step"]["end"]) == 12
    assert summary["matrix_grad_norm"]["names"] == ["rnn.weight_ih", "rnn.weight_hh", "head.weight"]
    assert 0 < summary["gradient_ratio_first_last"]["start"] and summary["chance_accuracy"] == 0.25
    assert "grad_norm_per_layer" not in summary  # no layers: no per-layer fields that would mean nothing
    with open(out / "history.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert "time_signal_grad_norm_t1" in rows[0] and "time_signal_grad_norm_t12" in rows[0]
    assert len(rows) == 21
    from bpviz.ui.export import is_blank

    for plot in PLOT_NAMES:
        assert not is_blank(out / f"{plot}.png"), plot
    assert "20 steps" in capsys.readouterr().out
