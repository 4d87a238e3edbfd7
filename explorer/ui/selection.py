"""The one selection every view shares: which model, which node, which time step, which unit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Selection(QObject):
    """Selected cell, node kind ("x", "h", "c", "o", "L"), time step (1-based) and unit,
    and for a stacked or bidirectional model the layer and direction of a state: its id
    stem without the dot ("l0", "l1r"; "" the top layer's forward direction).

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
        self.layer = ""

    def select(
        self,
        cell: str | None = None,
        node: str | None = None,
        t: int | None = None,
        unit: int | None = None,
        layer: str | None = None,
    ) -> None:
        """Change any of the five; emits ``sigChanged`` once if something changed."""
        new = (
            self.cell if cell is None else cell,
            self.node if node is None else node,
            self.t if t is None else max(1, int(t)),
            self.unit if unit is None else max(0, int(unit)),
            self.layer if layer is None else layer,
        )
        if new != (self.cell, self.node, self.t, self.unit, self.layer):
            self.cell, self.node, self.t, self.unit, self.layer = new
            self.sigChanged.emit()
