"""The session's events as one window sees them: each view subscribes itself to these.

Napari's way: a model with events, and every view connects its own slots to them
(``dims.events.current_step.connect(self._update_slider)``). Here the model is the
``SessionController``; ``SessionEvents`` passes its signals on to one window's views, so a
window that hands the controller to its replacement (View → Language) ``detach``-es once
and every view of it stops listening, without each one disconnecting.

A frame first moves the shared ``Selection`` onto the shown time step and a shown model,
then reaches the views: they read the selection when they draw.

Every view of a frame is drawn in the same event-loop turn, except after
``spreadNextFrame`` (a run read from a file replaces the current one) and for the first
training frame of a window that showed no iteration yet: then the views that can be seen
draw it one per turn, so the window never stops answering while they all draw for the
first time; views out of sight only keep the frame for later.

While training, a costly view (a ``LazyView`` with a training interval, such as the
training curves) draws only some frames. Such a frame is not also drawn by the views that
``yield_costly_frames`` (the graph): they draw the next one, some 40 ms later. The two
together took the window 50-60 ms, with nothing else answered meanwhile.

The views on screen also decide what training frames are built with: each frame, and a view
whose page or visibility changes, passes the costly display data they draw
(``LazyView.shownParts``) to the controller, and the worker builds only those.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from explorer.session.controller import SessionController
from explorer.session.snapshot import SessionView
from explorer.ui.after_repaint import RepaintWatch
from explorer.ui.lazy_view import LazyView
from explorer.ui.selection import Selection

# The controller's signals that a window's views may subscribe to, passed on unchanged.
PASSED_ON = ("sigEvent", "sigRunningChanged", "sigBusyChanged", "sigRunReplaced", "sigUndoChanged")


class FrameView(Protocol):
    """A view that draws frames: ``setView(view)``."""

    def setView(self, view: SessionView) -> None: ...


class SessionEvents(QObject):
    """One window's subscription to a ``SessionController``.

    ``sigViewChanged(view)`` after the selection has followed the frame; the others are
    the controller's, as they come (see ``SessionController``).
    """

    sigViewChanged = Signal(object)  # SessionView
    sigEvent = Signal(object)  # SessionEvent
    sigRunningChanged = Signal(bool)
    sigBusyChanged = Signal(bool)
    sigRunReplaced = Signal()
    sigUndoChanged = Signal()

    def __init__(
        self, controller: SessionController, selection: Selection, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.selection = selection
        self._attached = True
        self._followers: list[tuple[FrameView, Callable[[], bool] | None]] = []
        # A frame handed to the views one per turn: the views still to draw it.
        self._spread_next = False
        self._waiting: list[tuple[FrameView, Callable[[], bool] | None]] = []
        self._spread_view: SessionView | None = None
        self._shown_records = bool(controller.view().records)
        self._serial = 0  # counts frames handed on, to notice one handed on meanwhile
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)  # the next turn, after whatever else is due (a paint)
        self._turn.timeout.connect(self._hand_on)
        controller.sigViewChanged.connect(self._frame)
        for name in PASSED_ON:
            getattr(controller, name).connect(getattr(self, name))
        self._frame_drawn = None
        if isinstance(parent, QWidget):
            # The worker trains on once this window has painted a frame, not before.
            self._frame_drawn = RepaintWatch(parent).call_after_repaint
            controller.setFrameDrawn(self._frame_drawn)

    @property
    def attached(self) -> bool:
        """Whether the controller's events still reach this window."""
        return self._attached

    def detach(self) -> None:
        """Stop passing the controller's events on (the window hands the controller over)."""
        if not self._attached:
            return
        self._attached = False
        self._turn.stop()
        self._waiting = []
        if self._frame_drawn is not None and self.controller.frameDrawn() == self._frame_drawn:
            self.controller.setFrameDrawn(None)  # (a replacement window may have its own)
        self.controller.sigViewChanged.disconnect(self._frame)
        for name in PASSED_ON:
            getattr(self.controller, name).disconnect(getattr(self, name))

    def view(self) -> SessionView:
        """The latest frame."""
        return self.controller.view()

    def follow(self, view: FrameView, when: Callable[[], bool] | None = None) -> None:
        """Subscribe ``view`` to the frames: it draws the latest one now and every new one
        (only while ``when()`` is true, if given: a hidden panel catches up when shown)."""
        self._followers.append((view, when))
        if when is None or when():
            view.setView(self.view())

    def spreadNextFrame(self) -> None:
        """Hand the next frame to the views that can be seen one per event-loop turn (the
        first one at once); ``sigViewChanged`` follows when all have it."""
        self._spread_next = True

    def spreading(self) -> bool:
        """Whether a frame is still being handed to the views, one per turn."""
        return bool(self._waiting)

    def updateShownParts(self) -> None:
        """Tell the controller which costly display data the visible views draw, so that
        training frames build those and no others (a view calls this when its page or its
        visibility changes; every frame calls it too)."""
        if not self._attached:
            return
        parts = frozenset().union(
            *(
                target.shownParts()
                for target, _when in self._followers
                if isinstance(target, LazyView) and _seen(target)
            )
        )
        self.controller.setShownParts(parts)

    def publish(self, view: SessionView) -> None:
        """Hand ``view`` to every subscriber as if the controller had published it (for
        measuring how long the window takes to draw a frame)."""
        self._frame(view)

    def _frame(self, view: SessionView) -> None:
        self.updateShownParts()
        self.selection.followFrame(view)
        self._turn.stop()
        # A window that showed no iteration yet draws everything anew for the first one.
        first = view.running and bool(view.records) and not self._shown_records
        self._shown_records = bool(view.records)
        if self._spread_next or first:
            self._spread_next = False
            self._serial += 1
            # Views out of sight only keep the frame: they go first, all at once.
            self._waiting = sorted(self._followers, key=lambda f: _seen(f[0]))
            self._spread_view = view
            self._hand_on()
            return
        self._waiting = []
        self._serial += 1
        serial = self._serial
        yielding = self._costly(view)
        for follower in self._followers:
            # A view may cause a newer frame while it draws this one (asking for the
            # history runs the steps that wait for the worker): the newer one has then
            # reached every view, and this one must not overwrite it.
            if serial != self._serial:
                return
            if yielding and getattr(follower[0], "yield_costly_frames", False):
                continue
            _hand(follower, view)
        if serial == self._serial:
            self.sigViewChanged.emit(view)

    def _costly(self, view: SessionView) -> bool:
        """Whether a costly view draws this training frame (see the module's note)."""
        return view.running and any(
            isinstance(target, LazyView) and target.drawsCostlyFrame(view)
            for target, _when in self._followers
        )

    def _hand_on(self) -> None:
        """Hand the spread frame to the views waiting for it, up to one that can be seen."""
        view = self._spread_view
        while self._waiting:
            follower = self._waiting.pop(0)
            _hand(follower, view)
            if _seen(follower[0]):
                break
        if self._waiting:
            self._turn.start()
        else:
            self._spread_view = None
            self.sigViewChanged.emit(view)


def _seen(view: FrameView) -> bool:
    """Whether ``view`` is on screen (drawing it costs time; a hidden one keeps the frame)."""
    return not isinstance(view, QWidget) or view.isVisible()


def _hand(follower: tuple[FrameView, Callable[[], bool] | None], view: SessionView) -> None:
    target, when = follower
    if when is None or when():
        target.setView(view)
