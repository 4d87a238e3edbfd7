"""The session's events as one window sees them: each view subscribes itself to these.

Napari's way: a model with events, and every view connects its own slots to them
(``dims.events.current_step.connect(self._update_slider)``). Here the model is the
``SessionController``; ``SessionEvents`` passes its signals on to one window's views, so a
window that hands the controller to its replacement (View → Language) ``detach``-es once
and every view of it stops listening, without each one disconnecting.

A frame first moves the shared ``Selection`` onto the shown time step and a shown model,
then reaches the views: they read the selection when they draw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from explorer.session.controller import SessionController
from explorer.session.snapshot import SessionView
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
        controller.sigViewChanged.connect(self._frame)
        for name in PASSED_ON:
            getattr(controller, name).connect(getattr(self, name))

    @property
    def attached(self) -> bool:
        """Whether the controller's events still reach this window."""
        return self._attached

    def detach(self) -> None:
        """Stop passing the controller's events on (the window hands the controller over)."""
        if not self._attached:
            return
        self._attached = False
        self.controller.sigViewChanged.disconnect(self._frame)
        for name in PASSED_ON:
            getattr(self.controller, name).disconnect(getattr(self, name))

    def view(self) -> SessionView:
        """The latest frame."""
        return self.controller.view()

    def follow(self, view: FrameView, when: Callable[[], bool] | None = None) -> None:
        """Subscribe ``view`` to the frames: it draws the latest one now and every new one
        (only while ``when()`` is true, if given: a hidden panel catches up when shown)."""
        if when is None:
            self.sigViewChanged.connect(view.setView)
        else:
            self.sigViewChanged.connect(lambda frame: view.setView(frame) if when() else None)
        if when is None or when():
            view.setView(self.view())

    def publish(self, view: SessionView) -> None:
        """Hand ``view`` to every subscriber as if the controller had published it (for
        measuring how long the window takes to draw a frame)."""
        self._frame(view)

    def _frame(self, view: SessionView) -> None:
        self.selection.followFrame(view)
        self.sigViewChanged.emit(view)
