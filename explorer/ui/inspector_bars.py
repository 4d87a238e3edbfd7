"""The inspector's bar charts: the selected node's vector, its gradient and the unit's gates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from explorer.ui.i18n import tr
from explorer.ui.theme import style_plot


@dataclass(frozen=True)
class BarData:
    """What the bars show for one node at one step.

    ``value``/``grad``: the node's ``(T, N)`` series (None: nothing to show); ``i`` the
    0-based step; ``mark`` the unit to dash (None: no mark); ``gates`` (name, value) of the
    unit at that step; ``symbol`` the node's name in rich text ("h<sub>3</sub>");
    ``grad_note`` the gradient plot's title when ``grad`` is None (default: the node has none).
    """

    value: np.ndarray | None
    grad: np.ndarray | None
    i: int
    mark: int | None
    gates: tuple[tuple[str, float], ...]
    symbol: str
    unit: int
    t: int
    grad_note: str = ""


def nice_bound(value: float) -> float:
    """The next 1, 2 or 5 × 10^k at or above ``value`` (axis limits that rarely change)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    exponent = np.floor(np.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * 10**exponent >= value:
            return float(step * 10**exponent)
    return float(10 ** (exponent + 1))


def symmetric_ticks(plot: pg.PlotItem, bound: float) -> None:
    """Three labels on the value axis, −bound, 0 and bound: these plots are short, and
    pyqtgraph's own five or more labels overlap there."""
    labels = [(-bound, f"{-bound:.2g}".replace("-", "−")), (0.0, "0"), (bound, f"{bound:.2g}")]
    plot.getAxis("left").setTicks([labels, []])


class NodeBars(pg.GraphicsLayoutWidget):
    """Three bar plots made once and updated with ``setOpts`` (value, gradient, gates)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(260)
        self.value_plot = self.addPlot(row=0, col=0)
        self.grad_plot = self.addPlot(row=1, col=0)
        self.gate_plot = self.addPlot(row=2, col=0)
        style_plot(self.value_plot, title=tr("value"))
        style_plot(self.grad_plot, title=tr("∂L/∂{symbol} (this example)").format(symbol="h"))
        style_plot(self.gate_plot, title=tr("gates of the unit"))
        self.value_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#0072B2")
        self.grad_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#D55E00")
        self.gate_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#009E73")
        self.value_plot.addItem(self.value_bars)
        self.grad_plot.addItem(self.grad_bars)
        self.gate_plot.addItem(self.gate_bars)
        self.unit_marks = [
            pg.InfiniteLine(angle=90, pen=pg.mkPen("k", width=1.5, style=Qt.PenStyle.DashLine))
            for _ in range(2)
        ]
        self.value_plot.addItem(self.unit_marks[0])
        self.grad_plot.addItem(self.unit_marks[1])
        for plot in (self.value_plot, self.grad_plot, self.gate_plot):
            plot.disableAutoRange()
            plot.setMouseEnabled(x=False, y=False)
        self.gate_plot.setYRange(-1.05, 1.05, padding=0)
        symmetric_ticks(self.gate_plot, 1.0)
        self._gates_shown = True
        self._ranges: dict[object, tuple] = {}
        self._titles: dict[int, str] = {}

    @property
    def gates_shown(self) -> bool:
        """Whether the gate bars are in the layout (not for the vanilla RNN, which has none)."""
        return self._gates_shown

    def _show_gates(self, on: bool) -> None:
        if on == self._gates_shown:
            return
        self._gates_shown = on
        if on:
            self.addItem(self.gate_plot, row=2, col=0)
            self.gate_plot.setVisible(True)
        else:
            self.removeItem(self.gate_plot)
            self.gate_plot.setVisible(False)

    def clearBars(self) -> None:
        """Empty every plot (no bars of another run or iteration stay behind)."""
        for bars in (self.value_bars, self.grad_bars, self.gate_bars):
            bars.setOpts(x=[], height=[])

    def draw(self, data: BarData) -> None:
        """Show ``data``; axes move only when the bars outgrow them or shrink a lot."""
        for plot, bars, series, mark in (
            (self.value_plot, self.value_bars, data.value, self.unit_marks[0]),
            (self.grad_plot, self.grad_bars, data.grad, self.unit_marks[1]),
        ):
            if series is None:
                bars.setOpts(x=[], height=[])
                if plot is self.grad_plot and data.value is not None:
                    self._fit_empty_gradient(data.value.shape[1])
                continue
            v = np.nan_to_num(np.asarray(series[data.i], dtype=np.float64))
            bars.setOpts(x=np.arange(v.size), height=v, width=0.8)
            mark.setValue(data.mark if data.mark is not None else -10)
            # Gradients span many decades over t: their axis fits the step shown
            # (symmetric), or early steps look like zero.
            scaled = v if plot is self.grad_plot else series
            finite = np.isfinite(scaled)
            peak = float(np.abs(scaled[finite]).max()) if finite.any() else 1.0
            self._fit(plot, v.size, nice_bound(peak))
        self._draw_gates(data)
        self._title(
            self.grad_plot,
            tr("∂L/∂{symbol} (this example)").format(symbol=data.symbol)
            if data.grad is not None
            else data.grad_note or tr("no gradient for this node"),
        )
        self._title(
            self.value_plot, tr("{symbol}, unit {u} dashed").format(symbol=data.symbol, u=data.unit)
        )

    def _fit_empty_gradient(self, size: int) -> None:
        """A gradient not shown: its plot spans the value's units and keeps the height it
        had (±1 if none), so that the bars appear in place when they are revealed."""
        held = self._ranges.get(id(self.grad_plot))
        self._fit(self.grad_plot, size, held[1] if held else 1.0)

    def _fit(self, plot: pg.PlotItem, size: int, bound: float) -> None:
        """``size`` bars across, ±``bound`` up and down (set only when that changes)."""
        key = (size, bound)
        if self._ranges.get(id(plot)) != key:
            self._ranges[id(plot)] = key
            plot.setXRange(-0.6, size - 0.4, padding=0)
            plot.setYRange(-bound, bound, padding=0.05)
            symmetric_ticks(plot, bound)

    def _draw_gates(self, data: BarData) -> None:
        gates = data.gates
        # The vanilla RNN has no gates: its plot leaves the layout instead of standing empty.
        self._show_gates(bool(gates))
        if not gates:
            self.gate_bars.setOpts(x=[], height=[])
            return
        self.gate_bars.setOpts(x=np.arange(len(gates)), height=[g for _, g in gates], width=0.6)
        names = tuple(name for name, _ in gates)
        if self._ranges.get("gates") != names:
            self._ranges["gates"] = names
            self.gate_plot.getAxis("bottom").setTicks(
                [[(k, name.replace("_tilde", "~")) for k, name in enumerate(names)]]
            )
            self.gate_plot.setXRange(-0.6, len(names) - 0.4, padding=0)
        self._title(
            self.gate_plot, tr("gates of unit {u} at t = {t}").format(u=data.unit, t=data.t)
        )

    def _title(self, plot: pg.PlotItem, text: str) -> None:
        # A plot title is a QGraphicsTextItem with HTML: setting it re-lays out the plot.
        if self._titles.get(id(plot)) != text:
            self._titles[id(plot)] = text
            plot.setTitle(text, size="12pt")
