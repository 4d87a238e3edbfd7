"""Every shipped asset is declared as package data, so ``pip install .`` carries it."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # standard from Python 3.11

ROOT = Path(__file__).resolve().parents[1]


def test_every_asset_file_matches_a_package_data_pattern():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["explorer.assets"]
    assets = ROOT / "assets"
    files = [p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file()]
    assert files, "assets/ is empty"
    missed = [f for f in files if not any(fnmatch.fnmatchcase(f, pat) for pat in patterns)]
    assert not missed, f"not packaged: {missed}"


def test_installed_layout_is_preferred_over_the_checkout(tmp_path, monkeypatch):
    from explorer import paths

    package = tmp_path / "explorer"
    (package / "assets").mkdir(parents=True)
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    assert paths.assets_dir() == package / "assets"
    (package / "assets").rmdir()
    assert paths.assets_dir() == tmp_path / "assets"


def test_every_python_package_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "explorer").rglob("__init__.py")
    }
    assert found <= declared, f"not packaged: {sorted(found - declared)}"
