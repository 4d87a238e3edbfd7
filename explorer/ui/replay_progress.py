"""A progress bar in the status bar while a far scrub recomputes a past iteration."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject
from PySide6.QtWidgets import QMainWindow, QProgressBar

from explorer.session.controller import SessionController
from explorer.ui.i18n import tr

# A replay that ends sooner never shows the bar (a flash would only distract).
SHOW_AFTER_MS = 300


class ReplayProgress(QObject):
    """Shows ``controller.sigProgress`` in ``window``'s status bar once a replay has taken
    ``SHOW_AFTER_MS``; hides it when the worker is done."""

    def __init__(self, window: QMainWindow, controller: SessionController) -> None:
        super().__init__(window)
        self.bar = QProgressBar()
        self.bar.setObjectName("replayProgress")
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(220)
        self.bar.setFormat(tr("Recomputing… %p%"))
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)
        self._clock = QElapsedTimer()
        controller.sigProgress.connect(self._progress)
        controller.sigBusyChanged.connect(self._busy)

    def _progress(self, fraction: float) -> None:
        if fraction == 0.0 or not self._clock.isValid():
            self._clock.start()
        self.bar.setValue(round(100 * min(max(fraction, 0.0), 1.0)))
        if self._clock.elapsed() >= SHOW_AFTER_MS:
            self.bar.show()

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.bar.hide()
            self._clock.invalidate()


def install_replay_progress(window: QMainWindow) -> ReplayProgress:
    """Add the replay progress bar to ``window`` (which has a ``ctrl``)."""
    return ReplayProgress(window, window.ctrl)
