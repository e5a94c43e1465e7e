"""`bpviz run --data FILE.csv` and `--animate OUT.gif|OUT.png` (issue 13): train on the teacher's own table (a bad
file, or an experiment whose file moved or changed, is one message and exit code 2) and animate the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bpviz.cli import EXIT_OK, EXIT_USAGE, main
from bpviz.engine.tabular import sha256_of
from bpviz.lessons import load_lesson

TABLE = "a,b,c,label\n" + "".join(f"{i % 7},{(i * 3) % 11},{i % 5},{'yes' if i % 7 > 3 else 'no'}\n"
                                   for i in range(80))


def test_run_with_data_trains_on_the_table(tmp_path, capsys):
    data = tmp_path / "grades.csv"
    data.write_text(TABLE, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", "--data", str(data), "--steps", "20", "--out", str(out), "--no-png", "--quiet",
                 "--set", "network.depth=3"])
    assert code == EXIT_OK, capsys.readouterr().err
    saved = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert saved["data"]["dataset"] == "csv" and saved["data"]["path"] == str(data.resolve())
    assert saved["data"]["sha256"] == sha256_of(data.read_bytes())
    assert "grades" in capsys.readouterr().out


def test_run_with_a_bad_table_names_row_and_column(tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_text("a,b,label\n1,2,x\n3,oops,y\n5,6,x\n7,8,y\n", encoding="utf-8")
    code = main(["run", "--data", str(data), "--steps", "5", "--out", str(tmp_path / "out"), "--no-png"])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "row 3, column 2" in err and "oops" in err and err.count("\n") == 1


def test_an_experiment_whose_file_changed_is_refused(tmp_path, capsys):
    data = tmp_path / "grades.csv"
    data.write_text(TABLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--data", str(data), "--steps", "5", "--out", str(out), "--no-png", "--quiet"]) == EXIT_OK
    data.write_text(TABLE.replace("yes", "maybe"), encoding="utf-8")
    capsys.readouterr()
    code = main(["run", str(out / "config.json"), "--steps", "5", "--out", str(tmp_path / "again"), "--no-png"])
    assert code == EXIT_USAGE and "has changed" in capsys.readouterr().err
    Path(data).unlink()
    code = main(["run", str(out / "config.json"), "--steps", "5", "--out", str(tmp_path / "again"), "--no-png"])
    assert code == EXIT_USAGE and "not there any more" in capsys.readouterr().err


def test_run_animate_writes_a_gif_of_the_lessons_plot(tmp_path, capsys):
    from PIL import Image

    out = tmp_path / "out"
    gif = tmp_path / "anim" / "depth.gif"
    code = main(["run", "--lesson", "depth", "--out", str(out), "--no-png", "--compare",
                 "--animate", str(gif), "--animate-seconds", "1", "--animate-fps", "5"])
    assert code in (0, 1), capsys.readouterr().err
    with Image.open(gif) as image:
        assert image.n_frames == 5 and image.size == (1000, 560) and image.info.get("loop") == 0
    assert gif.stat().st_mode & 0o044 == 0o044 & ~_umask()  # readable as any saved file, not private
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["animation"]["frames"] == 5 and summary["animation"]["plot"] == load_lesson("depth").watch
    assert summary["expectation"]["checked"]  # the lesson's own result is reported next to the animation
    assert "animation: " in capsys.readouterr().out


def test_run_animate_apng_of_a_chosen_plot(tmp_path):
    from PIL import Image

    png = tmp_path / "loss.png"
    code = main(["run", "--data", str(_table(tmp_path)), "--steps", "10", "--out", str(tmp_path / "out"), "--no-png",
                 "--quiet", "--animate", str(png), "--animate-plot", "lossPlot", "--animate-seconds", "0.5",
                 "--animate-fps", "4"])
    assert code == EXIT_OK
    with Image.open(png) as image:
        assert image.format == "PNG" and getattr(image, "n_frames", 1) == 2


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _table(tmp_path):
    data = tmp_path / "t.csv"
    data.write_text(TABLE, encoding="utf-8")
    return data


def test_bad_animation_settings_are_refused_before_training(tmp_path, capsys):
    for extra, words in ((["--animate", str(tmp_path / "a.mp4")], ".gif or .png"),
                         (["--animate", str(tmp_path / "a.gif"), "--animate-plot", "nope"], "choose one of"),
                         (["--animate", str(tmp_path / "a.gif"), "--animate-fps", "500"], "fps"),
                         (["--animate-plot", "lossPlot"], "needs --animate")):
        code = main(["run", "--data", str(_table(tmp_path)), "--steps", "5", "--out", str(tmp_path / "o"),
                     "--no-png", *extra])
        assert code == EXIT_USAGE and words in capsys.readouterr().err
        assert not (tmp_path / "o").exists()
