"""Base class of the views in tabs: draw only while visible, catch up when shown."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from explorer.session.snapshot import SessionView
from explorer.ui.after_repaint import paint_after_a_breath

# How long after its interval a view draws the latest training frame if no newer frame
# came (frames come at least five times a second while iterations are quick).
CATCH_UP_MS = 300


class LazyView(QWidget):
    """Keeps the latest ``SessionView``; ``render`` runs only when the widget can be seen.

    A hidden tab costs nothing per frame, and shows the latest frame as soon as it is opened.
    A view whose frames are costly sets ``training_interval_ms``: while training, it then draws
    at most that often, the first frame that arrives once the interval has passed (the
    latest frame always wins). It draws with that frame, while the training worker waits
    for the window: drawn at another moment, it would compete with the worker for the
    interpreter lock and take twice as long. Should no frame follow, the latest one is
    drawn ``CATCH_UP_MS`` after it was due. A training frame is painted a turn after it was
    drawn (``paint_after_a_breath``), so the window answers between the two halves.
    """

    training_interval_ms = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: SessionView | None = None
        self._dirty = False
        self._since_drawn = QElapsedTimer()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._draw_latest)
        # The frame last asked about, and the answer: the window asks before it hands the
        # frame on, and the answer must hold when this view takes it, even if the interval
        # ran out while another view drew (the graph, which skips the frames drawn here).
        self._decided: tuple[SessionView, bool] | None = None

    def drawsCostlyFrame(self, view: SessionView) -> bool:
        """Whether ``setView(view)`` draws a training frame of this costly view (decided
        when first asked about ``view``)."""
        if self._decided is not None and self._decided[0] is view:
            return self._decided[1]
        draws = (
            view.running
            and self.training_interval_ms > 0
            and self.isVisible()
            and self._waited() >= self.training_interval_ms
        )
        self._decided = (view, draws)
        return draws

    def setView(self, view: SessionView) -> None:
        """Take a new frame; draw it now if visible, else when shown."""
        self.view = view
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        if view.running and self.training_interval_ms > 0:
            if self.drawsCostlyFrame(view):
                self._later.stop()
                # Set now, painted a turn later: the window answers in between.
                paint_after_a_breath(self, lambda: self._draw(view))
            elif not self._later.isActive():
                due = max(0, self.training_interval_ms - self._waited())
                self._later.start(due + CATCH_UP_MS)
            return
        self._later.stop()
        self._draw(view)

    def _waited(self) -> int:
        """Milliseconds since this view last drew (a large number if it never did)."""
        return self._since_drawn.elapsed() if self._since_drawn.isValid() else 10**9

    def _draw(self, view: SessionView) -> None:
        self._since_drawn.restart()
        self.render(view)

    def _draw_latest(self) -> None:
        if self.view is not None and self.isVisible():
            self._draw(self.view)

    def refresh(self) -> None:
        """Redraw the current frame (after a setting of the view changed)."""
        if self.view is not None:
            self._decided = None  # asked anew: the interval may have passed since
            self.setView(self.view)

    def render(self, view: SessionView) -> None:
        """Draw ``view``; subclasses implement."""
        raise NotImplementedError

    def shownParts(self) -> frozenset[str]:
        """The costly display data (``COSTLY_PARTS``) this view draws now; none by default."""
        return frozenset()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self.view is not None:
            self._dirty = False
            self._draw(self.view)
