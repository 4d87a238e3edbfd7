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

A costly training frame is drawn in two turns (``paint_after_a_breath``): its data is set
in one, and it is painted in a later one, after the timers and input that came due
meanwhile. The window then never stops answering for the whole frame, only for the
longer half of it; the watch waits for the held paint too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

# Paints that ask for more paints settle within a few rounds; the worker's own timeout
# covers a window that keeps repainting (an animation).
MAX_ROUNDS = 6
# How long a held paint waits: a timer's wait, so that the event loop first runs the
# timers and input events that came due while the frame's data was set.
BREATH_MS = 1
_ROUND = QEvent.Type(QEvent.registerEventType())
_LOW = Qt.EventPriority.LowEventPriority.value


class RepaintWatch(QObject):
    """Watches one window's repaints (its ``UpdateRequest`` events) to call back after them."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._waiting: list[Callable[[], None]] = []
        self._rounds = 0
        self._painted = False
        self._held = 0  # paints held back for a turn (``paint_after_a_breath``)
        window.installEventFilter(self)

    @staticmethod
    def of(widget: QWidget) -> RepaintWatch | None:
        """The watch of ``widget``'s window, if it has one."""
        return widget.window().findChild(
            RepaintWatch, options=Qt.FindChildOption.FindDirectChildrenOnly
        )

    def hold(self) -> None:
        """A paint of the window is held back: calls wait for it (``release``)."""
        self._held += 1

    def release(self) -> None:
        """The held paint is asked for: calls wait for it as for any repaint."""
        self._held -= 1
        if self._held == 0 and self._waiting:
            self._rounds = 0
            self._next_round()

    def call_after_repaint(self, call: Callable[[], None]) -> None:
        """Call ``call`` once the window has repainted what the current turn of the event
        loop changed, and what those paints changed in turn."""
        self._waiting.append(call)
        if len(self._waiting) == 1 and not self._held:
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
        if self._held:
            return True  # ``release`` starts the rounds again
        if self._painted and self._rounds < MAX_ROUNDS:
            self._next_round()
        else:
            waiting, self._waiting = self._waiting, []
            for call in waiting:
                call()
        return True


def paint_after_a_breath(
    widget: QWidget, draw: Callable[[], None], *more: Callable[[], None]
) -> None:
    """Run ``draw`` (which changes ``widget``) now, each of ``more`` ``BREATH_MS`` after the
    one before, and paint ``widget`` ``BREATH_MS`` after the last: in between, the timers
    and input that came due run. The window's ``RepaintWatch`` waits for that paint.
    While a held paint is pending, the draws join it (all run now)."""
    steps = [draw, *more]
    if not widget.updatesEnabled():
        for step in steps:
            step()  # a held paint is pending: it paints this too
        return
    watch = RepaintWatch.of(widget)
    # Before ``draw``: what it changes asks for no paint until the widget is let go.
    widget.setUpdatesEnabled(False)
    if watch is not None:
        watch.hold()

    def next_step() -> None:
        if not steps:
            widget.setUpdatesEnabled(True)  # which repaints the whole widget
            if watch is not None:
                watch.release()
            return
        try:
            steps.pop(0)()
        finally:
            QTimer.singleShot(BREATH_MS, widget, next_step)

    next_step()
