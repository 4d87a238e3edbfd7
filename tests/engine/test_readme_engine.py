"""The README's engine examples run as printed (the models they show exist and work)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _engine_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index("## The numerical engine")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end], flags=re.S)


def test_the_engine_section_has_examples():
    assert len(_engine_blocks()) >= 2


@pytest.mark.parametrize("index", range(2))
def test_engine_example_runs(index, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the first example saves a checkpoint
    exec(compile(_engine_blocks()[index], f"README engine example {index}", "exec"), {})
    printed = [float(x) for x in capsys.readouterr().out.split()]
    assert printed and all(0 <= err < 1e-6 for err in printed)
