"""A small labelled colour bar widget, for legends that live outside a pyqtgraph plot."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from explorer.ui.i18n import tr
from explorer.ui.theme import font, lookup


class ColourBar(QWidget):
    """A horizontal gradient with a title on the left and the end values under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._low = ""
        self._high = ""
        self._note = ""
        self._stops: list[tuple[float, QColor]] = []
        self._cmap: pg.ColorMap | None = None
        self.setFont(font())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setScale(self, title: str, cmap: pg.ColorMap, low: str, high: str, note: str = "") -> None:
        """Show ``cmap`` from ``low`` to ``high`` (already formatted) under ``title``;
        ``note`` says more in the tool tip (what the colours mean)."""
        same = (title, low, high, note) == (self._title, self._low, self._high, self._note)
        if same and self._stops:
            return
        self._note = note
        if cmap is not self._cmap or not self._stops:
            # The ends' numbers change every training frame; the colours only with the map.
            self._cmap = cmap
            table = lookup(cmap, 16)
            self._stops = [
                (i / (len(table) - 1), QColor(*(int(c) for c in row)))
                for i, row in enumerate(table)
            ]
        self._title, self._low, self._high = title, low, high
        tip = tr("{title}: colours run from {low} to {high}").format(
            title=title, low=low, high=high
        )
        self.setToolTip(f"{tip}\n{note}" if note else tip)
        self.update()

    def text(self) -> str:
        """What the bar says, for tests and accessibility."""
        return f"{self._title}: {self._low} … {self._high}"

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._title) + 260, metrics.height() * 2 + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        h = metrics.height()
        # The bar keeps room for its two end values: a long title is elided instead.
        ends = metrics.horizontalAdvance(self._low) + metrics.horizontalAdvance(self._high) + 12
        reserve = max(70, ends) + 4
        title_w = min(metrics.horizontalAdvance(self._title) + 10, max(0, self.width() - reserve))
        title = metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, int(title_w) - 4)
        painter.drawText(QRectF(0, 0, title_w, self.height()), Qt.AlignmentFlag.AlignVCenter, title)
        bar = QRectF(title_w, 2, max(40.0, self.width() - title_w - 4), h - 2)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, colour in self._stops:
            gradient.setColorAt(pos, colour)
        painter.fillRect(bar, gradient)
        painter.setPen(QColor("#444"))
        painter.drawRect(bar)
        below = QRectF(bar.left(), bar.bottom() + 1, bar.width(), h + 2)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, self._low)
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, self._high)
        painter.end()
