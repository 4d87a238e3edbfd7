"""Eased colour changes of the graph's node fills while stepping (never while training)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsEllipseItem, QWidget

ANIMATION_MS = 150
ANIMATION_TICK_MS = 16
# A change of more fills than this jumps: easing never costs more than a frame's budget.
ANIMATE_MAX_ITEMS = 160


class Fader:
    """Eases node fills to their new colours over ``ANIMATION_MS`` with a 60 Hz timer.

    Every change made while a frame is restyled starts together; a new frame rebases the
    fills still in motion on their current colour, so quick steps never jump.
    """

    def __init__(self, parent: QWidget) -> None:
        self.enabled = True
        self.active = False  # set by the view for frames that may animate
        self._moving: dict[QGraphicsEllipseItem, tuple[QColor, QColor]] = {}
        self._clock = QElapsedTimer()
        self.timer = QTimer(parent)
        self.timer.setInterval(ANIMATION_TICK_MS)
        self.timer.timeout.connect(self._tick)

    def begin(self, animate: bool) -> None:
        """Start a frame; ``animate`` False makes every change of this frame immediate."""
        self.active = animate and self.enabled
        if not self.active:
            self.finish()
            return
        for item in self._moving:
            self._moving[item] = (item.brush().color(), self._moving[item][1])
        self._clock.restart()

    def fill(self, item: QGraphicsEllipseItem, colour: QColor) -> None:
        """Move ``item`` to ``colour``: now, or eased when this frame animates."""
        current = item.brush().color()
        if not self.active or current == colour:
            self._moving.pop(item, None)
            item.setBrush(QBrush(colour))
            return
        self._moving[item] = (current, colour)
        if not self.timer.isActive():
            self.timer.start()

    def commit(self) -> None:
        """End a frame: a change of more than ``ANIMATE_MAX_ITEMS`` fills (a phase switch
        on a long sequence) jumps, so easing never costs more than a frame's budget."""
        if len(self._moving) > ANIMATE_MAX_ITEMS:
            self.finish()

    @property
    def moving(self) -> int:
        """How many fills are still easing."""
        return len(self._moving)

    def finish(self) -> None:
        """Put every fill in motion at its final colour."""
        for item, (_start, end) in self._moving.items():
            item.setBrush(QBrush(end))
        self._moving.clear()
        self.timer.stop()

    def clear(self) -> None:
        """Forget every item (the scene is about to be rebuilt)."""
        self._moving.clear()
        self.timer.stop()

    def _tick(self) -> None:
        p = min(1.0, self._clock.elapsed() / ANIMATION_MS)
        if p >= 1.0:
            self.finish()
            return
        e = p * p * (3.0 - 2.0 * p)  # smoothstep: slow in, slow out
        for item, (a, b) in self._moving.items():
            item.setBrush(
                QBrush(
                    QColor(
                        round(a.red() + (b.red() - a.red()) * e),
                        round(a.green() + (b.green() - a.green()) * e),
                        round(a.blue() + (b.blue() - a.blue()) * e),
                    )
                )
            )
