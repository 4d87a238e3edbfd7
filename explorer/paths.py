"""Where the files the app ships live (icons, lesson texts, translations, sample data)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """The shipped files: ``explorer/assets`` when installed, ``assets/`` in a checkout."""
    installed = PACKAGE_DIR / "assets"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "assets"


def asset(*parts: str) -> Path:
    """Path of one shipped file, e.g. ``asset("icons", "bptt-explorer.svg")``."""
    return assets_dir().joinpath(*parts)
