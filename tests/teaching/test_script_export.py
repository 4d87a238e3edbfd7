"""The exported script prints the session's losses, with NumPy alone or with the engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.engine.truncation import Truncation
from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.teaching.script_export import ScriptExportError, python_script

ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 4

CONFIGS = {
    "adding-random-momentum": SessionConfig(
        task="adding",
        task_params={"seq_len": 12},
        cells=("rnn", "lstm", "gru"),
        hidden_size=8,
        batch_size=4,
        optimizer="momentum",
        truncation=Truncation("random"),
        clipping="norm",
        clip_threshold=0.5,
    ),
    "reber-ce-adam-truncated-value": SessionConfig(
        task="reber",
        cells=("gru", "rnn"),
        hidden_size=6,
        batch_size=5,
        optimizer="adam",
        learning_rate=0.05,
        truncation=Truncation("truncated", k=4),
        clipping="value",
        clip_threshold=0.05,
        seed=3,
    ),
    "adding-relu-sgd-noclip": SessionConfig(
        task="adding",
        task_params={"seq_len": 9},
        cells=("rnn", "lstm"),
        hidden_size=5,
        batch_size=3,
        optimizer="sgd",
        learning_rate=0.1,
        activation="relu",
        clipping="off",
        seed=1,
    ),
    "adding-lstm1997-truncated": SessionConfig(
        task="adding",
        task_params={"seq_len": 10},
        cells=("lstm",),
        forget_gate=False,
        hidden_size=4,
        batch_size=3,
        truncation=Truncation("truncated", k=3),
        seed=2,
    ),
}


def session_losses(config: SessionConfig, n: int) -> dict[tuple[int, str], float]:
    session = Session(config)
    losses = {}
    for iteration in range(1, n + 1):
        assert session.one_iteration()
        for cell, (values, _) in session.latest_scalars().items():
            losses[(iteration, cell)] = values["loss"]
    return losses


def run_script(path: Path) -> dict[tuple[int, str], float]:
    result = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    printed = {}
    for line in result.stdout.splitlines():
        word, iteration, cell, loss_word, value = line.split()
        assert (word, loss_word) == ("iteration", "loss")
        printed[(int(iteration), cell)] = float(value)
    return printed


@pytest.mark.parametrize("name", sorted(CONFIGS))
@pytest.mark.parametrize("use_engine", [False, True])
def test_script_prints_the_sessions_losses(tmp_path, name: str, use_engine: bool) -> None:
    config = CONFIGS[name]
    path = tmp_path / "run.py"
    path.write_text(python_script(config, ITERATIONS, use_engine=use_engine), encoding="utf-8")
    expected = session_losses(config, ITERATIONS)
    printed = run_script(path)
    assert set(printed) == set(expected)
    for key, value in expected.items():
        assert abs(printed[key] - value) <= 1e-10 * abs(value), key


def test_numpy_script_imports_only_numpy_and_the_standard_library() -> None:
    text = python_script(CONFIGS["adding-random-momentum"], 2)
    imports = {line.split()[1] for line in text.splitlines() if line.startswith("import ")}
    assert imports == {"base64", "numpy"}
    assert "explorer" not in text.replace("BPTT Explorer run", "")
    engine = python_script(CONFIGS["adding-random-momentum"], 2, use_engine=True)
    assert "from explorer.engine import" in engine
    assert len(engine) < len(text) / 3


def test_bad_requests_are_refused_with_a_message() -> None:
    with pytest.raises(ScriptExportError, match="iterations must be in"):
        python_script(SessionConfig(), 0)
    with pytest.raises(ScriptExportError, match="whole number"):
        python_script(SessionConfig(), 2.5)
    # A script of the ordinary cells would not reproduce these runs: refused, not mis-written.
    for config in (
        SessionConfig(task="reverse", cells=("gru",)),
        SessionConfig(task="patterns", cells=("rnn",), output_recurrence=True),
    ):
        with pytest.raises(ScriptExportError, match="cannot be exported as a script yet"):
            python_script(config, 2)


def test_cli_writes_the_script(tmp_path, capsys) -> None:
    config = tmp_path / "run.json"
    config.write_text(json.dumps(CONFIGS["adding-relu-sgd-noclip"].to_dict()), encoding="utf-8")
    out = tmp_path / "run.py"
    assert main(["export-script", str(config), str(out), "--iterations", "2"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    printed = run_script(out)
    assert set(printed) == {(n, c) for n in (1, 2) for c in ("rnn", "lstm")}


def test_cli_reports_bad_input_in_one_line(tmp_path, capsys) -> None:
    config = tmp_path / "run.json"
    config.write_text('{"hidden_size": -1}', encoding="utf-8")
    assert main(["export-script", str(config), str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert "hidden_size" in err and "Traceback" not in err
    assert not (tmp_path / "x.py").exists()
    good = tmp_path / "good.json"
    good.write_text("{}", encoding="utf-8")
    assert main(["export-script", str(good), str(tmp_path / "no" / "dir" / "x.py")]) == 2
    assert "x.py" in capsys.readouterr().err
