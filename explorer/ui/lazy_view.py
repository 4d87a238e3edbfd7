"""Base class of the views in tabs: draw only while visible, catch up when shown."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from explorer.session.snapshot import SessionView


class LazyView(QWidget):
    """Keeps the latest ``SessionView``; ``render`` runs only when the widget can be seen.

    A hidden tab costs nothing per frame, and shows the latest frame as soon as it is opened.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: SessionView | None = None
        self._dirty = False

    def setView(self, view: SessionView) -> None:
        """Take a new frame; draw it now if visible, else when shown."""
        self.view = view
        if self.isVisible():
            self._dirty = False
            self.render(view)
        else:
            self._dirty = True

    def refresh(self) -> None:
        """Redraw the current frame (after a setting of the view changed)."""
        if self.view is not None:
            self.setView(self.view)

    def render(self, view: SessionView) -> None:
        """Draw ``view``; subclasses implement."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self.view is not None:
            self._dirty = False
            self.render(self.view)
