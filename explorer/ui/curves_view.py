"""Training curves: loss, gradient norm with clipping, the task metric, truncation cosine."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.session.snapshot import SessionView
from explorer.ui.ghosts import GhostPlotter, GhostTrace
from explorer.ui.gradient_view import positive, set_curve
from explorer.ui.i18n import tr
from explorer.ui.lazy_view import LazyView
from explorer.ui.log_axis import DecadeAxis
from explorer.ui.range_hold import RangeHold
from explorer.ui.theme import CLIP_COLOUR, cell_colour, cell_label, keep_label_column, style_plot

# Task metrics drawn beside the main one, each in its cell's colour with its own dash
# (the sine task's k-step forecast errors).
EXTRA_METRICS = (
    ("mse_k4", Qt.PenStyle.DashLine),
    ("mse_k16", Qt.PenStyle.DotLine),
    ("mse_k64", Qt.PenStyle.DashDotLine),
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents
# Baselines drawn as reference lines on the task-metric plot besides the one named like
# the metric: the counting models of the char-LM and the sine task's noise floor.
METRIC_REFERENCES = ("unigram perplexity", "bigram perplexity", "trigram perplexity", "noise floor")
# Their pens: one grey line style each, so the legend above the plot tells them apart.
REFERENCE_STYLES = (Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
BASELINE_PEN = pg.mkPen("#444", width=2, style=Qt.PenStyle.DashLine)
SOLVED_PEN = pg.mkPen("#009E73", width=2, style=Qt.PenStyle.DashDotLine)
# The curve items a spotlight may name as "curve:CELL.METRIC", by metric.
CURVE_ITEMS = {
    "loss": "loss",
    "grad": "grad",
    "grad_norm": "grad",
    "clipped": "clipped",
    "metric": "metric",
    "cosine": "cosine",
}
# Rounds of fitting the plots to new data before they are painted (two settle them: the
# x-linked plots follow the loss plot's range, and the curves re-clip to it once).
SETTLE_ROUNDS = 4
# The widest tick label the plots usually show (a cosine or metric of one decimal, a loss
# decade); the label columns start this wide so that moving ranges rarely widen them.
LABEL_COLUMN_SAMPLE = "−0.5"
# The outline of the cross that ends a diverged model's curves: the red of its status badge.
DIVERGED_PEN = pg.mkPen("#B00020", width=2.5)


def light_curve(plot: pg.PlotItem, pen: QPen) -> pg.PlotDataItem:
    """A curve of ``plot`` drawn at the plot's resolution: only the points in view, one
    minimum and one maximum per pixel column (so spikes stay), so a long run costs what a
    short one does. Stroking every point of 10,000 iterations took a second a frame."""
    solid = pen.style() == Qt.PenStyle.SolidLine
    if solid:
        # Drawn as separate segments with round caps (round joins to the eye): stroking one
        # wide antialiased zig-zag path of a noisy loss costs ten times as much.
        pen = QPen(pen)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    item = plot.plot(pen=pen, connect="finite")
    # pyqtgraph's default draws five bins a pixel; a dashed line needs room for its dashes.
    # (An option only ``setData`` with data would take, so it is set here directly.)
    item.opts["autoDownsampleFactor"] = 1.0 if solid else 0.1
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    if solid:
        item.curve.setSegmentedLineMode("on")
    return item


def last_finite(x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """The last point of ``(x, y)`` whose y is finite and positive, as one-point lists
    (empty if there is none): where a diverged model's curve ends."""
    good = np.flatnonzero(np.isfinite(y) & (y > 0))
    if good.size == 0:
        return [], []
    i = int(good[-1])
    return [float(x[i])], [float(y[i])]


def where_clipping_changed(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """``after`` (the gradient norm after clipping) where clipping changed it and at the
    points either side, NaN elsewhere: the dashed curve drawn on the solid one. Where
    clipping left the norm alone the dashed curve would lie under the solid one, unseen,
    and stroking its dashes was the costliest curve of a training frame."""
    changed = np.isfinite(after) & (after != before)
    near = changed.copy()
    near[1:] |= changed[:-1]
    near[:-1] |= changed[1:]
    return np.where(near, after, np.nan)


class CurvesView(LazyView):
    """Four linked plots over the iteration axis, with a marker at the displayed iteration."""

    # Four plots' axes and curves cost tens of milliseconds a frame; curves growing by a
    # few iterations five times a second look just as alive.
    training_interval_ms = 200

    def __init__(
        self, parent: QWidget | None = None, *, events: SessionEvents | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("curvesPlot")  # the spotlight's "plot:curves"
        self.plots = pg.GraphicsLayoutWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plots)
        # One legend above the four plots, in a row of its own: legends and level labels
        # inside the plots sat on top of the curves.
        self.legend = pg.LegendItem(colCount=3, labelTextSize="11pt", horSpacing=14)
        self.plots.addItem(self.legend, row=0, col=0, colspan=2)
        self.loss = self.plots.addPlot(row=1, col=0, axisItems={"left": DecadeAxis("left")})
        self.grad = self.plots.addPlot(row=1, col=1, axisItems={"left": DecadeAxis("left")})
        self.metric_plot = self.plots.addPlot(row=2, col=0)
        self.cosine = self.plots.addPlot(row=2, col=1)
        # Short rotated titles (the decade ticks say the axes are logarithmic): longer ones
        # ran into the title of the plot below when three models' legend left the plots short.
        style_plot(self.loss, left=tr("loss"), title=tr("Loss per iteration"))
        style_plot(
            self.grad,
            left="‖g‖",
            title=tr("Gradient norm (┄ after clipping)"),
        )
        style_plot(
            self.metric_plot, left=tr("metric"), bottom=tr("iteration"), title=tr("Task metric")
        )
        style_plot(
            self.cosine,
            left=tr("cosine"),
            bottom=tr("iteration"),
            title=tr("Truncated vs full gradient"),
        )
        for plot in (self.loss, self.grad):
            plot.setLogMode(y=True)
        for plot in (self.loss, self.grad, self.metric_plot, self.cosine):
            keep_label_column(plot.getAxis("left"), LABEL_COLUMN_SAMPLE)
        for plot in (self.grad, self.metric_plot, self.cosine):
            plot.setXLink(self.loss)
        # Cosine in [−1, 1]; the length ratio (dotted) of randomized truncation exceeds 1.
        self.cosine.setYRange(-1, 1.6)
        # While training, the ranges move only when the data outgrows them.
        self.ranges = RangeHold(self._plots())
        self.markers = []
        for plot in (self.loss, self.grad, self.metric_plot, self.cosine):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#E69F00", width=2))
            plot.addItem(line)
            self.markers.append(line)
        self._items: dict[str, dict[str, pg.PlotDataItem]] = {}
        self._levels: list[pg.InfiniteLine] = []
        self._level_entries: list[str] = []
        self._cells: tuple[str, ...] = ()
        self._last_key: tuple | None = None
        # What each curve item shows, by (cell, item name): a series is handed to its item
        # only when it changed, so a training frame touches only the curves that grew.
        self._drawn: dict[tuple[str, str], tuple] = {}
        self._grown: set[pg.ViewBox] = set()  # the plots whose curves a frame changed
        self._cosine_title = ""  # the cosine plot's title as last set by a frame
        # Pinned runs (ghosts) on the loss and gradient-norm plots, named in the legend once.
        self.ghost_loss = GhostPlotter(self.loss, self.legend, markers=False)
        self.ghost_grad = GhostPlotter(self.grad, None, markers=False)
        if events is not None:
            events.follow(self)

    def setGhosts(self, loss: list[GhostTrace], grad_norm: list[GhostTrace]) -> None:
        """Draw pinned runs' loss and gradient-norm curves (empty lists clear them)."""
        self.ghost_loss.setTraces(loss)
        self.ghost_grad.setTraces(grad_norm)

    def curveRect(self, cell: str, metric: str) -> QRectF | None:
        """Where model ``cell``'s curve ``metric`` ("loss", "grad_norm", "metric",
        "cosine"; or the task metric's own name) is drawn, in this widget's coordinates,
        cut to its plot's data box; None when the view is hidden or the curve is empty or out
        of view."""
        name = CURVE_ITEMS.get(metric)
        if name is None and self.view is not None and metric == self.view.metric_name:
            name = "metric"
        items = self._items.get(cell)
        if name is None or items is None or not self.isVisible():
            return None
        item = items[name]
        box = item.getViewBox()
        x, y = item.getData()
        if box is None or x is None or len(x) == 0:
            return None
        finite = np.isfinite(x) & np.isfinite(y)
        if not finite.any():
            return None
        x, y = x[finite], y[finite]
        data = QRectF(
            QPointF(float(x.min()), float(y.max())), QPointF(float(x.max()), float(y.min()))
        )
        scene = box.mapViewToScene(data).boundingRect()
        scene = scene.intersected(box.sceneBoundingRect())
        if scene.isEmpty() and (scene.width() <= 0 or scene.height() <= 0):
            # A flat curve has no height: give it the pen's thickness to stay visible.
            scene = box.mapViewToScene(data).boundingRect().adjusted(0, -3, 0, 3)
            scene = scene.intersected(box.sceneBoundingRect())
            if scene.width() <= 0:
                return None
        offset = QPointF(self.plots.pos())
        corners = [
            QPointF(self.plots.mapFromScene(point)) + offset
            for point in (scene.topLeft(), scene.bottomRight())
        ]
        return QRectF(*corners).normalized()

    def _build(self, view: SessionView) -> None:
        for items in self._items.values():
            for item in items.values():
                item.getViewBox().removeItem(item) if item.getViewBox() else None
        self.legend.clear()
        self._items = {}
        for cell in view.cells:
            colour = cell_colour(cell)
            pen = pg.mkPen(colour, width=2.5)
            dashed = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine)
            marker = {"symbol": "x", "symbolSize": 18, "symbolBrush": colour}
            self._items[cell] = {
                "loss": light_curve(self.loss, pen),
                "grad": light_curve(self.grad, pen),
                "clipped": light_curve(self.grad, dashed),
                "events": self.grad.plot(
                    pen=None, symbol="t", symbolSize=9, symbolBrush=CLIP_COLOUR, symbolPen=None
                ),
                "metric": self.metric_plot.plot(
                    pen=pen, symbol="o", symbolSize=5, symbolBrush=colour, connect="finite"
                ),
                "cosine": light_curve(self.cosine, pen),
                "rel_norm": light_curve(
                    self.cosine, pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine)
                ),
                **{
                    name: light_curve(self.metric_plot, pg.mkPen(colour, width=2, style=style))
                    for name, style in EXTRA_METRICS
                },
                # Where a diverged model's loss and gradient norm end: its last finite value.
                "loss_end": self.loss.plot(pen=None, symbolPen=DIVERGED_PEN, **marker),
                "grad_end": self.grad.plot(pen=None, symbolPen=DIVERGED_PEN, **marker),
            }
            self._items[cell]["loss_end"].setZValue(10)
            self._items[cell]["grad_end"].setZValue(10)
            self.legend.addItem(self._items[cell]["loss"], tr(cell_label(cell)))
        self.ghost_loss.addLegendEntries()  # the legend was cleared: the ghosts come back
        self._cells = view.cells
        self._level_entries = []
        self._drawn = {}

    def _set_levels(self, view: SessionView) -> None:
        for line in self._levels:
            line.getViewBox().removeItem(line) if line.getViewBox() else None
        self._levels = []
        for name in self._level_entries:
            self.legend.removeItem(name)
        self._level_entries = []
        for name, value in view.baseline.items():
            if value is None or not math.isfinite(value) or value <= 0:
                continue
            plot = (
                self.loss
                if name == "loss"
                else self.metric_plot
                if name == view.metric_name or name in METRIC_REFERENCES
                else None
            )
            if plot is None:
                continue
            y = math.log10(value) if plot is self.loss else value
            pen = BASELINE_PEN
            text = tr("baseline: {name} {value}").format(name=tr(name), value=f"{value:.3g}")
            if name in METRIC_REFERENCES:
                # The reference models are named alone, each with its own dash.
                style = REFERENCE_STYLES[METRIC_REFERENCES.index(name) % len(REFERENCE_STYLES)]
                pen = pg.mkPen(BASELINE_PEN.color(), width=BASELINE_PEN.widthF(), style=style)
                text = f"{tr(name)} {value:.3g}"
            line = pg.InfiniteLine(pos=y, angle=0, pen=pen)
            plot.addItem(line)
            self._levels.append(line)
            self._add_level_entry(pen, text)
        if math.isfinite(view.solved_threshold):
            line = pg.InfiniteLine(pos=view.solved_threshold, angle=0, pen=SOLVED_PEN)
            self.metric_plot.addItem(line)
            self._levels.append(line)
            self._add_level_entry(
                SOLVED_PEN,
                tr("solved ({metric} {value})").format(
                    metric=tr(view.metric_name), value=f"{view.solved_threshold:g}"
                ),
            )
        self.metric_plot.setLabel("left", tr(view.metric_name or "metric"), size="13pt")

    def _add_level_entry(self, pen, text: str) -> None:
        """A legend entry for a level line (its pen as the sample)."""
        self.legend.addItem(pg.PlotDataItem(pen=pen), text)
        self._level_entries.append(text)

    def render(self, view: SessionView) -> None:
        self._grown = set()
        if view.running:
            self.ranges.take_over()
        if view.cells != self._cells:
            self._build(view)
            self._last_key = None
        lengths = tuple(len(c.iterations) for c in view.curves.values())
        key = (
            view.cells,
            lengths,
            tuple(sorted(view.baseline.items())),
            view.metric_name,
            view.run,
            tuple(c.diverged_at for c in view.curves.values()),
        )
        if key != self._last_key:
            if self._last_key is None or key[2:] != self._last_key[2:]:
                self._set_levels(view)
                self._grown.update(plot.vb for plot in self._plots())
            self._last_key = key
            self._draw_curves(view)
        for line in self.markers:
            line.setValue(view.iteration)
        if view.running:
            self.ranges.hold(self._grown)
        else:
            self.ranges.release()
            self._settle_ranges()

    def _settle_ranges(self) -> None:
        """Let the plots fit their new data now, in this draw, not when they are painted.

        pyqtgraph fits an auto-ranged plot while painting it; the new range moves the
        plot's transform and makes the curves re-clip to it, which asks for another fit
        and a second paint of all four plots, every frame. Fitting here until nothing
        moves gives the same ranges and one paint."""
        boxes = [plot.vb for plot in self._plots()]
        for _ in range(SETTLE_ROUNDS):
            pending = [box for box in boxes if getattr(box, "_autoRangeNeedsUpdate", False)]
            if not pending:
                return
            for box in pending:
                box.updateAutoRange()
            for box in boxes:
                box.updateMatrix()

    def _plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.loss, self.grad, self.metric_plot, self.cosine)

    def _set(self, cell: str, name: str, x: np.ndarray, y: np.ndarray, run: int) -> None:
        """Hand ``(x, y)`` to the item ``name`` of ``cell`` unless it already shows them
        (same run, same length, same ends: the series only grow while training)."""
        # A series with nothing finite to draw (the cosine without truncation) is one empty
        # curve, set once: handed on every frame, it cost a repaint of its plot each time.
        n = len(x) if np.isfinite(y).any() else 0
        # The ends as bytes: NaN compares equal to itself there.
        key = (run, n, x[[0, -1]].tobytes(), y[[0, -1]].tobytes()) if n else (run, 0)
        if self._drawn.get((cell, name)) == key:
            return
        self._drawn[(cell, name)] = key
        item = self._items[cell][name]
        self._grown.add(item.getViewBox())
        if n and name in ("loss_end", "grad_end", "metric"):
            item.setData(x, y)
        elif n:
            set_curve(item, x, y)
        else:
            item.setData([], [])

    def _draw_curves(self, view: SessionView) -> None:
        any_cosine = False
        none = np.zeros(0)
        for cell in self._items:
            curves = view.curves.get(cell)
            if curves is None or len(curves.iterations) == 0:
                for name in self._items[cell]:
                    self._set(cell, name, none, none, view.run)
                continue

            def put(name: str, x, y, cell=cell) -> None:
                self._set(
                    cell, name, np.asarray(x, np.float64), np.asarray(y, np.float64), view.run
                )

            it = np.asarray(curves.iterations, dtype=np.float64)
            loss, grad = positive(curves.loss), positive(curves.grad_norm)
            put("loss", it, loss)
            put("grad", it, grad)
            put("clipped", it, where_clipping_changed(grad, positive(curves.grad_norm_clipped)))
            clipped = np.asarray(curves.clipped, dtype=bool)
            put("events", it[clipped], positive(curves.grad_norm[clipped]))
            metric_it = np.asarray(curves.metric_iterations, dtype=np.float64)
            for name, _style in EXTRA_METRICS:
                extra = np.asarray(curves.metrics.get(name, ()), dtype=np.float64)
                put(name, *((metric_it, extra) if len(extra) == len(metric_it) else (none, none)))
            put("rel_norm", it, curves.truncation_rel_norm)
            metric = curves.metrics.get(view.metric_name)
            put(
                "metric",
                *((metric_it, metric) if metric is not None and len(metric) else (none, none)),
            )
            cos = np.asarray(curves.truncation_cosine, dtype=np.float64)
            any_cosine |= bool(np.isfinite(cos).any())
            put("cosine", it, cos)
            diverged = curves.diverged_at is not None
            put("loss_end", *(last_finite(it, loss) if diverged else (none, none)))
            put("grad_end", *(last_finite(it, grad) if diverged else (none, none)))
        title = (
            tr("Truncated vs full: cosine —, ratio ┄")
            if any_cosine
            else tr("Truncated vs full: truncation off")
        )
        if title != self._cosine_title:
            # A new title lays the four plots out again (every axis and curve follows):
            # only when its text changes, not on every training frame.
            self._cosine_title = title
            self.cosine.setTitle(title, size="13pt")
