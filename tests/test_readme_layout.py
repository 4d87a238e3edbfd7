"""The README's project layout table lists every top-level module and folder of explorer/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"


def layout_rows() -> list[str]:
    """The first-column paths of the table under "## Project layout"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def package_entries() -> set[str]:
    """``explorer/x.py`` for every module and ``explorer/x/`` for every package at the top."""
    entries = set()
    for path in PACKAGE.iterdir():
        if path.suffix == ".py":
            entries.add(f"explorer/{path.name}")
        elif path.is_dir() and (path / "__init__.py").exists():
            entries.add(f"explorer/{path.name}/")
    return entries


def test_the_layout_table_lists_exactly_the_top_level_of_the_package():
    listed = {row for row in layout_rows() if row.startswith("explorer/")}
    actual = package_entries()
    assert listed - actual == set(), "the README lists what is not there"
    assert actual - listed == set(), "the README's layout table misses these"


def test_every_path_in_the_layout_table_exists():
    rows = layout_rows()
    assert len(rows) >= 10
    for row in rows:
        assert (ROOT / row).exists(), row
