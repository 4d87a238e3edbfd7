"""The headless ``render`` command: figures and a GIF with no display, clear errors."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer.cli import main
from tests.test_gif_writer import decode_gif

ROOT = Path(__file__).resolve().parents[1]
T = 5
TINY = {
    "task": "adding",
    "task_params": {"seq_len": T},
    "hidden_size": 4,
    "batch_size": 4,
    "cells": ["rnn", "lstm"],
}


SCRIPT = "import sys; from explorer.app import main; sys.exit(main())"
RENDER_ARGS = ["render", "--iterations", "3", "--at", "1,3", "--format", "png,svg", "--gif"]
RENDER_ARGS += ["--size", "700x300", "--fps", "5"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_render_without_a_display_writes_every_figure(tmp_path):
    config = tmp_path / "run.json"
    config.write_text(json.dumps(TINY))
    out = tmp_path / "figs" / "nested"  # created when missing
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *RENDER_ARGS, "--config", str(config), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    listed = [Path(line) for line in result.stdout.split()]
    names = sorted(p.name for p in listed)
    expected = [
        f"{kind}-it{n}.{fmt}"
        for kind in ("graph", "gradient", "hidden")
        for n in (1, 3)
        for fmt in ("png", "svg")
    ]
    assert names == sorted([*expected, "curves.png", "curves.svg", "pass-it3.gif"])
    assert sorted(p.name for p in out.iterdir()) == names  # nothing else, no partial files
    assert png_size(out / "graph-it3.png") == (1400, 600)  # 2× the figure size
    assert png_size(out / "curves.png") == (1400, 600)
    assert ET.parse(out / "hidden-it1.svg").getroot().tag.endswith("svg")
    gif = decode_gif((out / "pass-it3.gif").read_bytes())
    assert (gif["width"], gif["height"]) == (700, 300)
    assert len(gif["frames"]) == 2 * T + 2
    assert gif["delays"][0] == 20 and gif["loop"] == 0
    assert "3/3" in result.stderr  # the progress bar
    assert "Traceback" not in result.stderr


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(["render", *args])
    return code, capsys.readouterr().err


def test_unknown_lesson_is_one_line_and_exit_2(tmp_path, capsys):
    code, err = run_cli(["--lesson", "nope", "--out", str(tmp_path)], capsys)
    assert code == 2
    assert "no lesson called 'nope'" in err and "vanishing" in err
    assert len(err.strip().splitlines()) == 1


def test_unreadable_config_and_file_in_the_way(tmp_path, capsys):
    code, err = run_cli(["--config", str(tmp_path / "missing.json")], capsys)
    assert code == 2 and "missing.json: no such file" in err
    blocker = tmp_path / "figs"
    blocker.write_text("not a folder")
    code, err = run_cli(["--out", str(blocker), "--iterations", "1"], capsys)
    assert code == 2 and "exists and is not a folder" in err
    assert blocker.read_text() == "not a folder"


def test_at_after_the_last_iteration_is_refused_before_training(tmp_path, capsys):
    code, err = run_cli(["--iterations", "5", "--at", "2,9", "--out", str(tmp_path)], capsys)
    assert code == 2 and "--at 9 is after the last iteration (5)" in err


@pytest.mark.parametrize("bad", [["--format", "jpg"], ["--at", "0"], ["--size", "10x10"]])
def test_bad_options_are_usage_errors(bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["render", *bad])
    assert exit_info.value.code == 2
