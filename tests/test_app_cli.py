"""The real app, launched as a user would: screenshot, version, help, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_app(*args: str, env_update: dict[str, str] | None = None, timeout: float = 120):
    env = dict(os.environ)
    env.update(env_update or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 800)])
def test_screenshot_writes_a_png_of_the_window(tmp_path, size):
    out = tmp_path / "window.png"
    result = run_app("--screenshot", str(out), "--size", f"{size[0]}x{size[1]}")
    assert result.returncode == 0, result.stderr
    assert png_size(out) == size
    assert not list(tmp_path.glob("*.part")), "temporary file left behind"


def test_screenshot_is_not_blank(tmp_path, qapp):
    from PySide6.QtGui import QImage

    out = tmp_path / "window.png"
    assert run_app("--screenshot", str(out)).returncode == 0
    image = QImage(str(out))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 5, "the screenshot is a flat colour"


def test_screenshot_into_missing_folder_says_so(tmp_path):
    result = run_app("--screenshot", str(tmp_path / "nope" / "w.png"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    version = run_app("--version")
    assert version.returncode == 0 and version.stdout.startswith("BPTT Explorer ")
    usage = run_app("--help")
    assert usage.returncode == 0 and "--screenshot" in usage.stdout


def test_bad_size_is_a_clear_error():
    result = run_app("--size", "huge", "--screenshot", "x.png")
    assert result.returncode == 2
    assert "size must look like 1600x1000" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display check is Linux-only")
def test_no_display_is_one_clear_line():
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_app(env_update=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "No display" in result.stderr


def test_console_entry_point_takes_a_screenshot(tmp_path):
    script = Path(sys.executable).parent / (
        "bptt-explorer.exe" if os.name == "nt" else "bptt-explorer"
    )
    if not script.exists():
        pytest.skip("the project is not installed into this interpreter's environment")
    out = tmp_path / "entry.png"
    result = subprocess.run(
        [str(script), "--screenshot", str(out)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1600, 1000)
