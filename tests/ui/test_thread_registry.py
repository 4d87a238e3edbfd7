"""The leak check of tests/ui/conftest.py sees threads that no QObject tree leads to."""

from PySide6.QtCore import QThread

from tests.ui.conftest import _running_qthreads


class _Sleeper(QThread):
    def run(self) -> None:
        self.msleep(200)


def test_a_running_parentless_qthread_is_reported_until_it_ends(qtbot):
    thread = _Sleeper()  # owned by nothing: the old findChildren check could not see it
    thread.start()
    try:
        assert thread in _running_qthreads()
    finally:
        thread.wait()
    assert thread not in _running_qthreads()
