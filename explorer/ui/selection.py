"""The one selection every view shares: which model, which node, which time step, which unit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Selection(QObject):
    """Selected cell, node kind ("x", "h", "c", "o", "L"), time step (1-based) and unit.

    Views read it when they draw and redraw on ``sigChanged``; the graph and the heatmaps
    write it when the user clicks.
    """

    sigChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cell = ""
        self.node = "h"
        self.t = 1
        self.unit = 0

    def select(
        self,
        cell: str | None = None,
        node: str | None = None,
        t: int | None = None,
        unit: int | None = None,
    ) -> None:
        """Change any of the four; emits ``sigChanged`` once if something changed."""
        new = (
            self.cell if cell is None else cell,
            self.node if node is None else node,
            self.t if t is None else max(1, int(t)),
            self.unit if unit is None else max(0, int(unit)),
        )
        if new != (self.cell, self.node, self.t, self.unit):
            self.cell, self.node, self.t, self.unit = new
            self.sigChanged.emit()

    def followFrame(self, view) -> None:
        """Keep the selection on ``view`` (a ``SessionView``): its step-through time step,
        and one of its models. Silent: the views draw the frame next anyway."""
        self.blockSignals(True)
        if view.cursor > 0:
            self.select(t=view.cursor)
        if self.cell not in view.cells and view.cells:
            self.select(cell=view.cells[0])
        self.blockSignals(False)
