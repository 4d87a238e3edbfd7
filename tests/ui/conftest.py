"""Widget-test fixtures. Only tests under tests/ui build widgets."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QThread

from explorer.ui.theme import configure_pyqtgraph

_STARTED_QTHREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_original_start = QThread.start


def _recording_start(self: QThread, *args, **kwargs) -> None:
    """QThread.start that also registers the thread, whoever owns it."""
    _STARTED_QTHREADS.add(self)
    _original_start(self, *args, **kwargs)


QThread.start = _recording_start


def _running_qthreads() -> list[QThread]:
    running = []
    for thread in list(_STARTED_QTHREADS):
        try:
            if thread.isRunning():
                running.append(thread)
        except RuntimeError:  # its C++ object is already deleted: it is not running
            pass
    return running


def check_no_dangling_threads(before: set[threading.Thread]) -> None:
    """Raise ``AssertionError`` naming every QThread still running (whoever started it) and
    every Python thread alive now that was not in ``before``."""
    leaked = _running_qthreads()
    assert not leaked, f"test left QThreads running: {leaked}"
    extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not extra, f"test left Python threads running: {extra}"


@pytest.fixture(autouse=True)
def _no_dangling_threads(qapp) -> Iterator[None]:
    """Fail a test that leaves a thread running: every QThread started anywhere (a window's
    training worker included, which is no child of the application) and every Python thread.
    tests/ui/test_thread_registry.py shows that it sees them."""
    configure_pyqtgraph()
    before = set(threading.enumerate())
    yield
    check_no_dangling_threads(before)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A throw-away settings file."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
