"""A one-line label that ends in "…" when its text is wider than the label."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Shortens its text with "…" instead of being cut off; the whole text is its tool tip.

    ``vertical`` is the vertical size policy (the width is always free to shrink).
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        vertical: QSizePolicy.Policy = QSizePolicy.Policy.Fixed,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, vertical)
        self.setFullText(text)

    def setFullText(self, text: str) -> None:
        """Set the whole text; the label shows as much as fits."""
        self._full = text
        self.setToolTip(text)
        self._elide()

    def fullText(self) -> str:
        """The text before eliding."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        # A new font (presentation mode, style sheet) changes what fits.
        super().changeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(10, self.contentsRect().width())
        elided = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(elided)
