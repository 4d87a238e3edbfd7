"""Starting the app removes keyframe spill folders left by a killed run."""

from __future__ import annotations

import tempfile
import threading

import explorer.session.spill as spill_module
from explorer import app
from explorer.session.spill import SPILL_PREFIX


def test_the_app_cleans_stale_spill_folders_at_start_up(tmp_path, monkeypatch):
    from explorer.ui import application

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"{SPILL_PREFIX}99999998-xyz"
    stale.mkdir()
    (stale / spill_module.LOCK_NAME).write_bytes(b"")  # nobody holds its lock
    (stale / "00000001-3.kf").write_bytes(b"x" * 64)
    monkeypatch.setattr(application, "run_application", lambda **kwargs: 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.main(["--screenshot", str(tmp_path / "shot.png")]) == 0
    for _ in range(500):
        if not stale.exists():
            break
        threading.Event().wait(0.01)
    assert not stale.exists()
