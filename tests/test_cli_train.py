"""The headless ``train`` command: CSV on stdout, progress on stderr, clear errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"task": "adding", "task_params": {"seq_len": 6}, "hidden_size": 5, "batch_size": 4}


@pytest.fixture
def config_file(tmp_path) -> Path:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(SMALL))
    return path


def test_train_csv_has_a_row_per_iteration_and_model(config_file, capsys):
    assert main(["train", "--config", str(config_file), "--iterations", "7", "--csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 14
    assert {r["model"] for r in rows} == {"rnn", "lstm"}
    assert [int(r["iteration"]) for r in rows[::2]] == list(range(1, 8))
    assert rows[0]["mse"] != ""  # the first iteration is evaluated
    assert "7/7" in err and "#" in err


def test_train_reports_a_divergence_on_stderr(config_file, capsys, monkeypatch):
    import explorer.cli

    class OverflowingSession(explorer.cli.Session):
        def __init__(self, config):
            super().__init__(config)
            self.models["rnn"].params["W_hq"][...] = 1e300  # overflow on the first pass

    monkeypatch.setattr(explorer.cli, "Session", OverflowingSession)
    assert main(["train", "--config", str(config_file), "--iterations", "2"]) == 0
    out, err = capsys.readouterr()
    assert "Vanilla RNN diverged at iteration 1: try clipping or a lower learning rate" in err
    assert "\nlstm: loss " in out


def test_train_summary_names_each_model(config_file, capsys):
    assert main(["train", "--config", str(config_file), "--iterations", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("rnn: loss ") and "\nlstm: loss " in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad json", "not valid JSON"),
        (json.dumps({"hidden_size": 0}), "hidden_size: must be between 1 and 512"),
        (json.dumps({"task": "chess"}), "chess"),
    ],
)
def test_bad_config_is_one_line_without_traceback(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["train", "--config", str(path), "--iterations", "2"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_config_file(capsys, tmp_path):
    assert main(["train", "--config", str(tmp_path / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_train_through_the_entry_point_needs_no_display(config_file):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "train",
            "--config",
            str(config_file),
            "--iterations",
            "2",
            "--csv",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("iteration,model,loss")
