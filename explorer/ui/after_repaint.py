"""Telling the training worker that a frame is drawn once the window has painted it.

A widget that changes asks for a repaint; Qt then posts one repaint request per window
(``QEvent.UpdateRequest``) at low priority, so that all the changes of a turn of the event
loop are painted together. Graphics views ask a turn later still (the scene gathers its
changes in a queued call), and a paint can ask for more: a plot laid out again moves the
plots linked to it, which paint once more. A call posted at normal priority therefore runs
*before* those paints.

The training worker steps aside while the window draws a frame (both need the interpreter
lock); told too early, it came back in the middle of the paint and stretched a 30 ms frame
past 60 ms. ``RepaintWatch.call_after_repaint`` waits one turn (the scene's queued calls
post their repaint requests), posts the call at low priority, behind those requests, and
repeats that while the turn it waited for repainted the window, up to ``MAX_ROUNDS`` times.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

# Paints that ask for more paints settle within a few rounds; the worker's own timeout
# covers a window that keeps repainting (an animation).
MAX_ROUNDS = 6
_ROUND = QEvent.Type(QEvent.registerEventType())
_LOW = Qt.EventPriority.LowEventPriority.value


class RepaintWatch(QObject):
    """Watches one window's repaints (its ``UpdateRequest`` events) to call back after them."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._waiting: list[Callable[[], None]] = []
        self._rounds = 0
        self._painted = False
        window.installEventFilter(self)

    def call_after_repaint(self, call: Callable[[], None]) -> None:
        """Call ``call`` once the window has repainted what the current turn of the event
        loop changed, and what those paints changed in turn."""
        self._waiting.append(call)
        if len(self._waiting) == 1:
            self._rounds = 0
            self._next_round()

    def _next_round(self) -> None:
        self._rounds += 1
        self._painted = False
        QTimer.singleShot(0, self, self._post_low)  # (not at all once the window is gone)

    def _post_low(self) -> None:
        QCoreApplication.postEvent(self, QEvent(_ROUND), _LOW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self._painted = True
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() != _ROUND:
            return super().event(event)
        if self._painted and self._rounds < MAX_ROUNDS:
            self._next_round()
        else:
            waiting, self._waiting = self._waiting, []
            for call in waiting:
                call()
        return True
