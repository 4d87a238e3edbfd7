"""Argument types shared by the window's command line (app.py) and the headless commands (cli.py)."""

from __future__ import annotations

import argparse


def parse_size(text: str) -> tuple[int, int]:
    """Parse ``"1600x1000"`` into ``(1600, 1000)``; argparse turns the error into a message."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1600x1000, got {text!r}") from None
    if not (320 <= width <= 8192 and 240 <= height <= 8192):
        raise argparse.ArgumentTypeError(
            f"size must be between 320x240 and 8192x8192, got {text!r}"
        )
    return width, height
