"""Widget-test fixtures. Only tests under tests/ui build widgets."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QThread

from explorer.ui.application import configure_pyqtgraph


@pytest.fixture(autouse=True)
def _no_dangling_threads(qapp) -> Iterator[None]:
    """Fail a test that leaves a QThread running (a worker not stopped on close)."""
    configure_pyqtgraph()
    before = set(threading.enumerate())
    yield
    leaked = [thread for thread in qapp.findChildren(QThread) if thread.isRunning()]
    assert not leaked, f"test left QThreads running: {leaked}"
    extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not extra, f"test left Python threads running: {extra}"


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A throw-away settings file."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
