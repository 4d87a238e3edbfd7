"""Suite-wide set-up: Qt offscreen, isolated settings, garbage collected in the main thread."""

from __future__ import annotations

import gc
import os
import tempfile

import pytest

# Before any QApplication exists: no display is needed, and the user's own settings and
# fonts cache are never touched by the tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_CONFIG_DIR = tempfile.mkdtemp(prefix="bptt-explorer-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_DIR


_THRESHOLDS = gc.get_threshold()


@pytest.fixture(autouse=True, scope="session")
def _garbage_collected_in_the_main_thread():
    """As in the app (explorer/ui/gc_guard.py): no automatic collection, which could run in a
    worker thread and destroy Qt objects there; the main thread collects between tests."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests():
    yield
    # The same rule as the automatic collector, applied here in the main thread.
    counts = gc.get_count()
    if counts[0] > _THRESHOLDS[0]:
        gc.collect(2 if counts[2] > _THRESHOLDS[2] else 1 if counts[1] > _THRESHOLDS[1] else 0)


@pytest.fixture(autouse=True)
def _no_keyframe_spill_unless_asked(monkeypatch):
    """Keyframes spill to disk when the measured iteration time asks for it: tests that
    count keyframes must not depend on the machine's speed, and the spill's own tests ask
    for it (tests/session/test_spill.py)."""
    import explorer.session.session as session_module

    monkeypatch.setattr(session_module, "JUMP_REPLAY_SECONDS", 1e9)
