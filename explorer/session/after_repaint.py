"""Calling back once the window has repainted what the current event made dirty.

A widget that changes asks for a repaint; Qt then posts one repaint request per window
(``QEvent.UpdateRequest``) at low priority, so that all the changes of a turn of the event
loop are painted together. Graphics views ask a turn later still (the scene gathers its
changes in a queued call), and a paint can ask for more: a plot whose tick labels got wider
lays the plots out again, and the plots moved by that paint once more. A call posted at
normal priority therefore runs *before* those paints.

The training worker steps aside while the window draws a frame (both need the interpreter
lock); told too early, it came back in the middle of the paint and stretched a 30 ms frame
past 60 ms. ``call_after_repaint`` waits one turn (the scene's queued calls post their
repaint requests), posts the call at low priority, behind those requests, and repeats that
while the turn it waited for painted a window, up to ``MAX_ROUNDS`` times.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

# Paints that ask for more paints settle within a few rounds; the caller's own timeout
# covers a window that keeps repainting (an animation).
MAX_ROUNDS = 6
_ROUND = QEvent.Type(QEvent.registerEventType())
_LOW = Qt.EventPriority.LowEventPriority.value


class _RepaintWatch(QObject):
    """Calls ``call`` after a round of the event loop in which no window repainted."""

    def __init__(self, call: Callable[[], None]) -> None:
        super().__init__()
        self._call = call
        self._rounds = 0
        self._painted = False
        QCoreApplication.instance().installEventFilter(self)
        self._next_round()

    def _next_round(self) -> None:
        self._rounds += 1
        QTimer.singleShot(0, self._post_low)

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
            self._painted = False
            self._next_round()
        else:
            self._finish()
        return True

    def _finish(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        _live.discard(self)
        self._call()


# Watches in progress: held here so that Python keeps them until they have called back.
_live: set[_RepaintWatch] = set()


def call_after_repaint(call: Callable[[], None]) -> None:
    """Call ``call`` in this (the GUI) thread once the windows have repainted what the
    current turn of the event loop changed, and what those paints changed in turn."""
    _live.add(_RepaintWatch(call))
