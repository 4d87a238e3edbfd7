"""The graph's grid: where time step t's column is, and how big a node is, in scene units."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Grid:
    """Scene units: ``margin`` left of t = 1, ``spacing`` per step, node ``radius``."""

    margin: float
    spacing: float
    radius: float

    def x(self, t: float) -> float:
        """The centre of time step ``t``'s column."""
        return self.margin + (t - 0.5) * self.spacing
