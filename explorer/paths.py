"""Where the files the app ships live (icons, lesson texts, translations, sample data)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """The ``assets/`` folder: beside the package in a checkout or an editable install."""
    return PACKAGE_DIR.parent / "assets"


def asset(*parts: str) -> Path:
    """Path of one shipped file, e.g. ``asset("icons", "bptt-explorer.svg")``."""
    return assets_dir().joinpath(*parts)
