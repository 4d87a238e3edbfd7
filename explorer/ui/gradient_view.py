"""Gradient through time: ‖∂L/∂h_t‖ against t, the contribution matrix, per-step weight terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRect, QRectF, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.session.snapshot import CONTRIB, JACOBIAN, WEIGHT_TERMS, ModelSnapshot, SessionView
from explorer.ui.i18n import tr
from explorer.ui.lazy_view import LazyView
from explorer.ui.log_axis import DecadeAxis
from explorer.ui.selection import Selection
from explorer.ui.theme import (
    LOG_DYNAMIC_RANGE,
    cell_colour,
    cell_label,
    revealed,
    sequential_map,
    style_plot,
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents


def positive(values: np.ndarray) -> np.ndarray:
    """``values`` with zeros and non-finite entries as NaN, so a log axis skips them."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def jacobian_lines(snap: ModelSnapshot, start: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The shown example's ‖∂h_T/∂h_t‖ and its bound (σ_max(W_hh)·max|φ′|)^(T−t)·Πξ, both
    multiplied by ``start`` (the curve's value at t = T) so they sit beside the curves.

    The session computes both (``ModelSnapshot.jacobian_envelope``); vanilla RNN only.
    """
    envelope = snap.jacobian_envelope
    if envelope is None:
        return None
    norms, bound = envelope
    with np.errstate(over="ignore", under="ignore"):
        return start * norms, start * bound


def awaited_note() -> str:
    """The caption of a page whose data the training frame on screen left out."""
    return tr("Computing this page: it is drawn with the next training frame.")


class CaptionLabel(QLabel):
    """A word-wrapped caption under a plot that keeps room for ``LINES`` lines, so the plot
    keeps its size when a caption comes or goes (as with a run's first training frame): a
    plot that is resized lays out and repaints every axis, 10-20 ms of that frame."""

    LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)  # the bound's caption is two lines on a narrow pane
        self._reserve()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._reserve()

    def _reserve(self) -> None:
        self.setMinimumHeight(self.LINES * self.fontMetrics().lineSpacing())


LEGEND_HEIGHT = 30


# Room the left axis and the margins take from a plot's width.
AXIS_ROOM = 90


class FittingLegend(pg.LegendItem):
    """A legend in a plot's title row that takes as many rows as it needs to fit the
    plot's width: a long legend never widens the plot beyond its pane (which clips it)."""

    def __init__(self, plot: pg.PlotItem, columns: int) -> None:
        super().__init__(colCount=columns, labelTextSize="12pt", horSpacing=16)
        self._plot = plot
        self._columns = columns
        self._width = 0

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        self.fit()

    def removeItem(self, item) -> None:
        super().removeItem(item)
        self.fit()

    def clear(self) -> None:
        super().clear()
        self.fit()

    def fit(self, width: int | None = None) -> None:
        """Choose the columns for ``width`` pixels (default: the last width seen)."""
        if width is not None:
            self._width = width
        if self._width <= 0 or not self.items:
            return
        room = self._width - AXIS_ROOM
        columns = self._columns
        while columns > 1 and self._needed_width(columns) > room:
            columns -= 1
        self.setColumnCount(columns)
        rows = -(-len(self.items) // columns)
        self._plot.layout.setRowFixedHeight(0, LEGEND_HEIGHT * rows + 12 * (rows - 1))
        # The plot must never be widened by its legend: an entry that still does not fit
        # is cut inside the legend, not the plot at the pane's edge.
        self.setMinimumWidth(0)
        self._plot.layout.activate()  # the data box moves below the legend at once

    def _needed_width(self, columns: int) -> float:
        """Pixels the entries take laid out in ``columns`` columns (measured from the items;
        the layout's own size hint lags behind a change of columns)."""
        widths = [0.0] * columns
        for index, (sample, label) in enumerate(self.items):
            entry = sample.boundingRect().width() + label.item.boundingRect().width()
            widths[index % columns] = max(widths[index % columns], entry)
        spacing = self.layout.horizontalSpacing()
        return sum(widths) + spacing * (2 * columns - 1) + 20


def legend_above(plot: pg.PlotItem, columns: int) -> FittingLegend:
    """A legend in ``plot``'s title row (the plot has no title), so it never covers a
    curve; items added to the plot with a name join it. Call ``fit(width)`` on resize."""
    legend = FittingLegend(plot, columns)
    plot.layout.removeItem(plot.titleLabel)
    plot.layout.addItem(legend, 0, 1)
    plot.layout.setRowFixedHeight(0, LEGEND_HEIGHT)
    plot.legend = legend
    return legend


def set_curve(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """``setData`` that clears the item when nothing is finite yet.

    pyqtgraph computes symbol bounds with ``nanmin``, which warns on an all-NaN array.
    """
    if np.isfinite(y).any():
        item.setData(x, y)
    else:
        item.setData([], [])


class GradientView(LazyView):
    """Three pages: the norm curve (default), the contribution matrix, the weight terms."""

    MODES = ("norm", "contrib", "terms")
    # The costly display data each page draws (``COSTLY_PARTS``): training frames build
    # the shown page's only.
    PAGE_PARTS: ClassVar[dict[str, str]] = {
        "norm": JACOBIAN,
        "contrib": CONTRIB,
        "terms": WEIGHT_TERMS,
    }

    def __init__(
        self,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self._selection = selection
        self.mode_buttons = QButtonGroup(self)
        top = QHBoxLayout()
        for i, (_mode, text, tip) in enumerate(
            (
                ("norm", tr("‖∂L/∂hₜ‖ over t"), tr("How large the gradient reaching each step is")),
                (
                    "contrib",
                    tr("Contributions ∂Lₜ/∂hₛ"),
                    tr("Which error (row t) reaches which state (column s)"),
                ),
                (
                    "terms",
                    tr("Weight-gradient terms"),
                    tr("Each step's share of the recurrent and input weight gradients"),
                ),
            )
        ):
            button = QRadioButton(text)
            button.setToolTip(tip)
            button.setChecked(i == 0)
            self.mode_buttons.addButton(button, i)
            top.addWidget(button)
        top.addStretch(1)
        self.mode_buttons.idToggled.connect(self._mode_changed)
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.norm_plot = pg.PlotWidget(axisItems={"left": DecadeAxis("left")})
        p = self.norm_plot.getPlotItem()
        style_plot(p, left=tr("‖∂L/∂hₜ‖ (log)"), bottom=tr("time step t"))
        p.setLogMode(y=True)
        # The legend sits above the plot, in one row, so it never covers a curve.
        self.legend = legend_above(p, columns=5)
        self.cursor_line = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen("#E69F00", width=3),
            label="t = {value:.0f}",
            labelOpts={
                "position": 0.93,
                "color": "#7A4F00",
                "fill": (255, 246, 224, 230),
                "border": "#E69F00",
                "anchors": [(0, 0.5), (0, 0.5)],
            },
        )
        self.cursor_line.setZValue(20)
        p.addItem(self.cursor_line)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.jacobian = pg.PlotDataItem(
            pen=pg.mkPen("#0072B2", width=2, style=Qt.PenStyle.DotLine),
            connect="finite",
            name=tr("‖∂h_T/∂h_t‖"),
        )
        self.envelope = pg.PlotDataItem(
            pen=pg.mkPen("#0072B2", width=2, style=Qt.PenStyle.DashLine),
            connect="finite",
            name=tr("bound {formula}").format(formula="(σ_max·max|φ′|)^(T−t)"),
        )
        p.addItem(self.jacobian)
        p.addItem(self.envelope)
        self.stack.addWidget(self.norm_plot)

        self.contrib_plots = pg.GraphicsLayoutWidget()
        self.stack.addWidget(self.contrib_plots)
        self._contrib_items: dict[str, tuple[pg.PlotItem, pg.ImageItem]] = {}
        self._contrib_bar: pg.ColorBarItem | None = None

        self.terms_plot = pg.PlotWidget(axisItems={"left": DecadeAxis("left")})
        tp = self.terms_plot.getPlotItem()
        style_plot(tp, left=tr("‖term of step t‖ (log)"), bottom=tr("time step t"))
        tp.setLogMode(y=True)
        self.terms_legend = legend_above(tp, columns=4)
        self.stack.addWidget(self.terms_plot)
        self._terms: dict[tuple[str, str], pg.PlotDataItem] = {}
        self._cells: tuple[str, ...] = ()
        self._range_key: tuple | None = None
        self._x_range_T = 0
        self._lines_only = False
        # The y range of the norm plot in log10 units (None until data arrives).
        self.y_range: tuple[float, float] | None = None
        # Other runs' ‖∂L/∂h_t‖ drawn on the norm plot (ghosts): the y range covers them too.
        self.extra_norms: list[np.ndarray] = []
        self.note = CaptionLabel()
        layout.addWidget(self.note)
        self._events = events
        # The page and the training frame drawn last (None: draw the next frame).
        self._drawn: tuple[str, SessionView] | None = None
        if events is not None:
            events.follow(self)

    def shownParts(self) -> frozenset[str]:
        """The costly display data of the page shown."""
        return frozenset({self.PAGE_PARTS[self.mode]})

    def showEvent(self, event: QShowEvent) -> None:
        self._parts_changed()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._parts_changed()

    def _parts_changed(self) -> None:
        """The next training frame builds what this view now shows."""
        if self._events is not None:
            self._events.updateShownParts()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        for legend in (self.legend, self.terms_legend):
            legend.fit(self.width())

    def setExtraNorms(self, norms: list[np.ndarray]) -> None:
        """Fit the norm plot's y range to ``norms`` too (curves of other runs drawn on it)."""
        self.extra_norms = [positive(n) for n in norms]
        self._range_key = None
        self.refresh()

    def toolWidgets(self) -> list[QWidget]:
        """The page switch, which a figure of the plot leaves out."""
        return list(self.mode_buttons.buttons())

    def figureRect(self) -> QRect:
        """The plot and its caption, without the page switch above them."""
        return self.rect().adjusted(0, self.stack.geometry().top(), 0, 0)

    @property
    def mode(self) -> str:
        """The page shown: "norm", "contrib" or "terms"."""
        return self.MODES[self.mode_buttons.checkedId()]

    def setMode(self, mode: str) -> None:
        """Switch pages (also from tests)."""
        self.mode_buttons.button(self.MODES.index(mode)).setChecked(True)

    def _mode_changed(self, index: int, on: bool) -> None:
        if on:
            self.stack.setCurrentIndex(index)
            self._parts_changed()
            self.refresh()

    def _build(self, cells: tuple[str, ...]) -> None:
        p = self.norm_plot.getPlotItem()
        for item in self.curves.values():
            p.removeItem(item)
        self.curves = {}
        self._lines_only = False
        for cell in cells:
            curve = pg.PlotDataItem(
                pen=pg.mkPen(cell_colour(cell), width=3),
                symbol="o",
                symbolSize=6,
                symbolBrush=cell_colour(cell),
                symbolPen=None,
                name=tr(cell_label(cell)),
                connect="finite",
            )
            p.addItem(curve)
            self.curves[cell] = curve
        # The models come first in the legend; the example's Jacobian lines after them.
        for item in (self.jacobian, self.envelope):
            name = item.opts["name"]
            self.legend.removeItem(item)
            self.legend.addItem(item, name)
        self.contrib_plots.clear()
        self._contrib_items = {}
        images = []
        for col, cell in enumerate(cells):
            plot = self.contrib_plots.addPlot(row=0, col=col)
            style_plot(
                plot, left=tr("error at step t") if col == 0 else "", bottom=tr("state h_s, step s")
            )
            plot.setTitle(tr(cell_label(cell)), color=cell_colour(cell).name(), size="13pt")
            plot.invertY(True)
            # The axes run over the steps, 0.5 … T + 0.5 (set in render), not wider: an
            # aspect lock stretched one of them to −8 … 15 for T = 6.
            plot.disableAutoRange()
            plot.setMouseEnabled(x=False, y=False)
            image = pg.ImageItem()
            plot.addItem(image)
            self._contrib_items[cell] = (plot, image)
            images.append(image)
        bar = pg.ColorBarItem(
            values=(-6, 0),
            colorMap=sequential_map(),
            interactive=False,
            width=16,
            label="log₁₀ ‖∂Lₜ/∂hₛ‖",
        )
        bar.setImageItem(images)
        self.contrib_plots.addItem(bar, row=0, col=len(cells))
        self._contrib_bar = bar
        tp = self.terms_plot.getPlotItem()
        for item in self._terms.values():
            tp.removeItem(item)
        self._terms = {}
        self._cells = cells

    def refresh(self) -> None:
        self._drawn = None  # a setting changed: draw again, whatever the frame
        super().refresh()

    def _draws_again(self, view: SessionView) -> bool:
        """Whether ``view`` shows on this page what the last training frame drew: the same
        T and models with the very same snapshots."""
        if self._drawn is None:
            return False
        mode, last = self._drawn
        return mode == self.mode and last.T == view.T and last.same_records(view)

    def render(self, view: SessionView) -> None:
        # Between display builds a training frame brings the same records again: the
        # page stays as it is (setting the curves again cost 2-3 ms a frame).
        if view.running and self._draws_again(view):
            return
        self._drawn = (self.mode, view) if view.running else None
        if view.cells != self._cells:
            self._build(view.cells)
        mode = self.mode
        if mode == "norm":
            self._render_norm(view)
        elif mode == "contrib":
            self._render_contrib(view)
        else:
            self._render_terms(view)

    def _render_norm(self, view: SessionView) -> None:
        _, backward_from = revealed(view)
        self._fix_norm_range(view)
        t = np.arange(1, view.T + 1, dtype=np.float64)
        rnn_start = None
        awaited = False
        # Dots on every step cost more than the lines while training runs: lines only then.
        if view.running != self._lines_only:
            self._lines_only = view.running
            for curve in self.curves.values():
                curve.setSymbol(None if view.running else "o")
        for cell, curve in self.curves.items():
            snap = view.records.get(cell)
            if snap is None:
                curve.setData([], [])
                continue
            y = positive(snap.grad_hidden_norm)
            y[: backward_from - 1] = np.nan  # not reached by the backward pass yet
            set_curve(curve, t, y)
            # The session gives the Jacobian envelope to the model it holds for (the
            # vanilla RNN); the view does not decide which cell has one. A training frame
            # built while this page was hidden has none yet: the next one brings it.
            if JACOBIAN in snap.missing:
                awaited = True
            elif rnn_start is None and snap.jacobian_envelope is not None:
                rnn_start = snap
        lines = None
        if rnn_start is not None and backward_from <= view.T:
            start = float(rnn_start.grad_hidden_norm[-1])
            if start > 0 and np.isfinite(start):
                lines = jacobian_lines(rnn_start, start)
        for item, index in ((self.jacobian, 0), (self.envelope, 1)):
            if lines is None:
                item.setData([], [])
                continue
            y = positive(lines[index])
            y[: backward_from - 1] = np.nan
            set_curve(item, t, y)
        t_cursor = view.cursor if view.cursor > 0 else self._selection.t
        # The tag sits right of the line, or left of it in the last half, so it never runs
        # off the plot at t = T.
        side = (1, 0.5) if t_cursor > view.T / 2 else (0, 0.5)
        label = self.cursor_line.label
        if label.anchors[0] != side:
            label.anchors = [side, side]
            label.updatePosition()
        self.cursor_line.setValue(t_cursor)
        cuts = [c for c, s in view.records.items() if (s.xi[1:] == 0).any()]
        if awaited:
            return  # the caption stays until the lines it explains are drawn
        if cuts:
            note = tr("Gaps: truncation cuts the gradient there.")
        elif rnn_start is not None:
            note = tr(
                "Blue (vanilla RNN, shown example): dotted ‖∂h_T/∂h_t‖ and dashed its bound, "
                "both started at ‖∂L/∂h_T‖. The bound caps ‖∂L/∂h_t‖ only if the loss is at T alone."
            )
        else:
            note = ""  # no vanilla RNN: no blue lines to explain
        if note != self.note.text():
            self.note.setText(note)

    def _fix_norm_range(self, view: SessionView) -> None:
        """Fix the axes to the whole iteration's data (the bound is clipped), so revealing
        steps moves no axis: an axis that rescales every frame costs more than everything
        else drawn. While training runs the range only moves when the data leaves it or
        fills less than half of it."""
        key = (view.iteration, view.completed, view.cells, view.T)
        if key == self._range_key:
            return
        self._range_key = key
        values = [positive(s.grad_hidden_norm) for s in view.records.values()]
        values += self.extra_norms
        finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.zeros(0)
        plot = self.norm_plot.getPlotItem()
        if self._x_range_T != view.T:
            self._x_range_T = view.T
            plot.setXRange(0.5, view.T + 0.5, padding=0.02)
        if finite.size:
            high = float(np.log10(finite.max()))
            low = max(float(np.log10(finite.min())), high + np.log10(LOG_DYNAMIC_RANGE))
            target = (low - 0.25, max(high + 0.25, low + 1.0))
            current = self.y_range
            if view.running and current is not None:
                inside = current[0] <= target[0] and target[1] <= current[1]
                snug = (target[1] - target[0]) >= 0.5 * (current[1] - current[0])
                if inside and snug:
                    target = current
            if target != current:
                self.y_range = target
                plot.setYRange(*target, padding=0)
        plot.disableAutoRange()

    def _render_contrib(self, view: SessionView) -> None:
        lows, highs = [], []
        awaited = False
        for cell, (plot, image) in self._contrib_items.items():
            snap = view.records.get(cell)
            if snap is None or snap.contrib is None:
                awaited = awaited or snap is not None
                image.clear()
                continue
            logc = np.log10(positive(snap.contrib))
            if np.isfinite(logc).any():
                lows.append(np.nanmin(logc))
                highs.append(np.nanmax(logc))
            # ImageItem's first axis is x: put s (the state) on x and t (the error) on y.
            image.setImage(logc.T, autoLevels=False)
            image.setRect(QRectF(0.5, 0.5, snap.T, snap.T))
            plot.setRange(xRange=(0.5, snap.T + 0.5), yRange=(0.5, snap.T + 0.5), padding=0)
        if highs and self._contrib_bar is not None:
            high = max(highs)
            low = max(min(lows), high + np.log10(LOG_DYNAMIC_RANGE))
            self._contrib_bar.setLevels((low, high if high > low else low + 1))
        self.note.setText(
            awaited_note()
            if awaited
            else tr(
                "Row t, column s: how much the error at step t changes the state h_s (log scale)."
            )
        )

    def _render_terms(self, view: SessionView) -> None:
        tp = self.terms_plot.getPlotItem()
        t = np.arange(1, view.T + 1, dtype=np.float64)
        _, backward_from = revealed(view)
        awaited = False
        for cell, snap in view.records.items():
            if snap.weight_grad_by_step is None:
                awaited = True
                for (owner, _name), item in self._terms.items():
                    if owner == cell:
                        item.setData([], [])
                continue
            rec = snap.recurrent_name
            inp = "W_x" + rec[3:] if rec.startswith("W_h") else ""
            for name, style in ((rec, Qt.PenStyle.SolidLine), (inp, Qt.PenStyle.DotLine)):
                values = snap.weight_grad_by_step.get(name)
                key = (cell, name)
                if values is None:
                    continue
                if key not in self._terms:
                    item = pg.PlotDataItem(
                        pen=pg.mkPen(cell_colour(cell), width=3, style=style),
                        name=f"{tr(cell_label(cell))} {name}",
                        connect="finite",
                    )
                    tp.addItem(item)
                    self._terms[key] = item
                y = positive(values)
                y[: backward_from - 1] = np.nan
                set_curve(self._terms[key], t, y)
        self.note.setText(
            awaited_note()
            if awaited
            else tr("Each step's term of the weight gradient; the gradient is their sum.")
        )
