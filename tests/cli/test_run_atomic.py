"""``bpviz run`` writes summary.json atomically: a failure while writing it leaves the old one whole (issue 15)."""

from __future__ import annotations

import json

import bpviz.cli as cli
from bpviz.cli import EXIT_OK, EXIT_OUTPUT, main


def test_a_summary_that_cannot_be_written_leaves_the_old_one_whole(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    args = ["run", "--lesson", "depth", "--steps", "2", "--no-png", "--quiet", "--out", str(out)]
    assert main(args) == EXIT_OK
    before = (out / "summary.json").read_bytes()
    assert "files" in json.loads(before)
    finite = cli._finite
    # text that cannot be encoded (a lone surrogate) in the middle of the summary
    def unencodable(value):
        if isinstance(value, dict) and "files" in value:
            return {**finite(value), "zz": "\ud800", "zzz": "x" * 100_000}
        return finite(value)

    monkeypatch.setattr(cli, "_finite", unencodable)
    capsys.readouterr()
    assert main(args) == EXIT_OUTPUT
    error = capsys.readouterr().err
    # one line says it (besides the note that --steps 2 is too few to check the lesson's expectation)
    lines = [line for line in error.splitlines() if "will not be checked" not in line]
    assert "cannot write the results" in error and "Traceback" not in error and len(lines) == 1, error
    assert (out / "summary.json").read_bytes() == before          # the old summary, whole
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []   # no temporary file left
