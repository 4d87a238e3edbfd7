"""Plot ranges that hold still while training runs, and fit exactly again when it stops.

A pyqtgraph plot that fits its range to its data refits on every frame while the curves
grow: every axis then lays out its ticks again and every curve is clipped and sampled
anew, which costs more than drawing the curves (four plots: about 15 of 20 ms a frame).
While training, ``RangeHold`` takes the plot axes that fit themselves over and moves a
range only when the data leaves it or fills less than half of it, with room to grow;
a frame drawn after training hands them back to pyqtgraph, which fits them exactly.
An axis the user zooms or pans by hand is left to the user.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import pyqtgraph as pg

# When a held range moves: the share of the data's span left free past its end (x, where
# the curves grow), before its start, and on either side of it (y). The data's bounds
# include a few pixels for symbols, which grow with the span: the rooms cover that too.
X_ROOM = 0.5
X_START_ROOM = 0.05
Y_ROOM = 0.2
# A held range that the data fills less than this share of is fitted again.
SNUG = 0.5
# ... the x range, which grows in round steps with room for the curves to come: this.
X_SNUG = 0.35
ROUND_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest round number at least ``value``: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8
    times a power of ten (each at most a third above the one before, so data that filled
    a range before rounding still fills most of it)."""
    if value <= 0:
        return value
    decade = 10.0 ** math.floor(math.log10(value))
    return next(step * decade for step in ROUND_STEPS if step * decade >= value)


def held_range(
    current: tuple[float, float],
    low: float,
    high: float,
    room_low: float,
    room_high: float,
    snug: float = SNUG,
) -> tuple[float, float] | None:
    """The range that shows data spanning ``low … high``: None to keep ``current`` (it
    holds the data, which fills at least ``snug`` of it), else the data's span widened by
    ``room_low`` and ``room_high`` of it below and above."""
    span = high - low
    inside = current[0] <= low and high <= current[1]
    if inside and span >= snug * (current[1] - current[0]):
        return None
    pad = span if span > 0 else max(abs(high), 1.0)
    return low - room_low * pad, high + room_high * pad


class RangeHold:
    """Holds the self-fitting axes of ``plots`` while training (see the module's note)."""

    def __init__(self, plots: tuple[pg.PlotItem, ...]) -> None:
        self._plots = plots
        self._held: set[tuple[int, int]] | None = None  # (plot index, axis) taken over
        for index, plot in enumerate(plots):
            plot.vb.sigRangeChangedManually.connect(
                lambda _mask, index=index: self._let_go_of(index)
            )

    @property
    def holding(self) -> bool:
        """Whether training frames are being drawn with held ranges."""
        return self._held is not None

    def take_over(self) -> None:
        """Take over the axes that fit themselves (once per training run). Called before a
        frame's data is set: taken over after, pyqtgraph would first fit them to it."""
        if self._held is not None:
            return
        self._held = set()
        for index, plot in enumerate(self._plots):
            for axis, auto in enumerate(plot.vb.state["autoRange"]):
                if auto is not False:
                    self._held.add((index, axis))
                    plot.vb.enableAutoRange(axis, False)

    def hold(self, changed: Collection[pg.ViewBox] | None = None) -> None:
        """For a training frame: take over the self-fitting axes (if not yet done), then
        move each held range only if the data no longer sits snugly in it. ``changed``:
        the plots (view boxes) whose data the frame changed, the only ones that can need a
        move (None: all; their bounds cost 1 ms a plot)."""
        self.take_over()
        for index, plot in enumerate(self._plots):
            axes = [axis for axis in (0, 1) if (index, axis) in self._held]
            if axes and (changed is None or plot.vb in changed):
                self._hold_plot(plot, axes)
        for plot in self._plots:
            # A moved range moves the plot's transform now, not in the paint (which would
            # then ask for a second one).
            plot.vb.updateMatrix()

    def release(self) -> None:
        """For a frame after training: the held axes fit themselves again."""
        held, self._held = self._held, None
        for index, axis in sorted(held or ()):
            self._plots[index].vb.enableAutoRange(axis, True)

    def _hold_plot(self, plot: pg.PlotItem, axes: list[int]) -> None:
        box = plot.vb
        bounds = box.childrenBounds()
        current = box.viewRange()
        moves: dict[str, tuple[float, float]] = {}
        for axis in axes:
            span = bounds[axis]
            if span is None or not all(math.isfinite(v) for v in span):
                continue
            low, high = float(min(span)), float(max(span))
            rooms = (X_START_ROOM, X_ROOM, X_SNUG) if axis == 0 else (Y_ROOM, Y_ROOM, SNUG)
            target = held_range(tuple(current[axis]), low, high, *rooms)
            if target is None:
                continue
            if axis == 0:
                # The iteration axis grows in round steps, so it moves a few times a decade.
                end = max(target[1], nice_ceiling(high + X_ROOM * (high - low)))
                moves["xRange"] = (target[0], end)
            else:
                moves["yRange"] = target
        if moves:
            # Both axes in one move: each move re-clips every curve of the plot (and of
            # the plots linked to its x axis) and lays its axes' ticks out again.
            box.setRange(**moves, padding=0)

    def _let_go_of(self, index: int) -> None:
        """The user moved plot ``index`` by hand: its axes are the user's now."""
        if self._held is not None:
            self._held = {(i, axis) for i, axis in self._held if i != index}
