"""The no-dangling-thread check that runs after every UI test does see a leaked thread,
including threads that no QObject tree leads to."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from explorer.session.controller import SessionThread

from .conftest import _running_qthreads, check_no_dangling_threads
from .windows import open_window


def test_a_training_worker_owned_by_a_window_is_caught(qtbot, settings):
    window = open_window(qtbot, settings)
    before = set(threading.enumerate())
    window.actions.fast_forward.trigger()  # training starts in the window's worker
    assert window.ctrl.running
    with pytest.raises(AssertionError, match="QThreads running") as caught:
        check_no_dangling_threads(before)
    assert "SessionThread" in str(caught.value)
    assert window.ctrl.wait_idle()  # stopped and joined: nothing is left behind
    check_no_dangling_threads(before)
    window.close()


def test_a_bare_qthread_and_a_python_thread_are_caught(qtbot):
    before = set(threading.enumerate())
    release = threading.Event()
    qthread = QThread()
    qthread.start()  # runs an event loop until quit
    with pytest.raises(AssertionError, match="QThreads running"):
        check_no_dangling_threads(before)
    qthread.quit()
    assert qthread.wait(5000)
    worker = threading.Thread(target=release.wait, name="leaky")
    worker.start()
    with pytest.raises(AssertionError, match="leaky"):
        check_no_dangling_threads(before)
    release.set()
    worker.join()
    check_no_dangling_threads(before)


def test_the_worker_class_is_registered_through_the_patched_start():
    """The registry patches ``QThread.start``; a subclass that overrode ``start`` would slip
    past it, so the training worker must not."""
    assert SessionThread.start is QThread.start


class _Sleeper(QThread):
    def run(self) -> None:
        self.msleep(200)


def test_a_running_parentless_qthread_is_reported_until_it_ends(qtbot):
    thread = _Sleeper()  # owned by nothing: a findChildren check could not see it
    thread.start()
    try:
        assert thread in _running_qthreads()
    finally:
        thread.wait()
    assert thread not in _running_qthreads()
