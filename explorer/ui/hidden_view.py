"""Hidden states as heatmaps, unit × time, one lane per model, with the time cursor."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from explorer.session.snapshot import ModelSnapshot, SessionView
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.lazy_view import LazyView
from explorer.ui.selection import Selection
from explorer.ui.theme import (
    cell_colour,
    cell_label,
    diverging_map,
    revealed,
    sequential_map,
    sign_marks,
    style_plot,
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents

# What the switch offers: key → (menu text, where it lives, signed?). Gates are in [0, 1]
# and get the sequential map; states and candidates are signed and get the diverging one.
QUANTITIES = {
    "h": (tr_noop("h — hidden state"), "hidden", True),
    "c": (tr_noop("c — cell state (LSTM)"), "cell_state", True),
    "i": (tr_noop("i — input gate (LSTM)"), "i", False),
    "f": (tr_noop("f — forget gate (LSTM)"), "f", False),
    "o": (tr_noop("o — output gate (LSTM)"), "o", False),
    "c_tilde": (tr_noop("c̃ — candidate (LSTM)"), "c_tilde", True),
    "z": (tr_noop("z — update gate (GRU)"), "z", False),
    "r": (tr_noop("r — reset gate (GRU)"), "r", False),
    "h_tilde": (tr_noop("h̃ — candidate (GRU)"), "h_tilde", True),
}


# The least height of a lane's heatmap, in pixels: two unit labels with room between them
# and rows a projector still shows apart. Lanes that do not fit scroll.
MIN_LANE_HEIGHT = 56
# Tick labels of the unit axis sit at least this many label heights apart (centre to centre).
LABEL_PITCH = 1.6
LANE_TITLE_SIZE = "13pt"


def nice_steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, … — the unit steps an axis may label."""
    for exponent in range(12):
        for mantissa in (1, 2, 5):
            yield mantissa * 10**exponent


class UnitAxis(pg.AxisItem):
    """A heatmap's unit axis: a label at the centre of a unit's row, only as many labels as
    the lane's height holds without two of them touching (a short lane shows 0 and one
    more, a tall one every 5th or 10th unit)."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:
        span = abs(maxVal - minVal)
        if span == 0 or size <= 0:
            return []
        tick_font = self.style.get("tickFont") or self.font()
        pitch = LABEL_PITCH * QFontMetricsF(tick_font).height() * span / size  # in units
        step = next(s for s in nice_steps() if s >= pitch)
        return [(float(step), 0.5)]  # unit u's row is u … u + 1: its label at u + 0.5

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [str(math.floor(v)) for v in values]


def lane_title(text: str) -> str:
    """A lane's title for the column beside its heatmap: "LSTM — has no z" on two lines."""
    return text.replace(" — ", "<br>")


# A layer's key: "l1r" (layer 1, reverse), or an encoder–decoder's "enc.l0r", "dec.l1".
LAYER_KEY = re.compile(r"(?:(enc|dec)\.)?l(\d+)(r?)")
PARTS = {"enc": tr_noop("encoder"), "dec": tr_noop("decoder")}


def split_layer_key(key: str) -> tuple[str, str]:
    """ "enc.l0r.h" → ("enc.l0r", "h"); "l1.c" → ("l1", "c")."""
    prefix, _, kind = key.rpartition(".")
    return prefix, kind


def layer_keys(snap: ModelSnapshot) -> list[str]:
    """The per-layer quantities of a stacked or bidirectional model, bottom layer first:
    "l0.h", "l0r.h", "l0.c" …; a deep encoder–decoder's encoder layers then its decoder
    layers ("enc.l0.h", "enc.l0r.h", "dec.l0.h" …). None for a one-layer model."""
    keys = []
    for prefix, layer in snap.layers.items():
        if not LAYER_KEY.fullmatch(prefix):
            continue
        keys.append(f"{prefix}.h")
        if layer.cell_state is not None:
            keys.append(f"{prefix}.c")

    def order(key: str) -> tuple:
        part, layer, reverse = LAYER_KEY.fullmatch(split_layer_key(key)[0]).groups()
        return (key[-1] != "h", part == "dec", int(layer), reverse)

    return sorted(keys, key=order)


def quantity_title(key: str) -> str:
    """The switch's text for ``key``: a fixed quantity's, "h — layer 2 ←" for "l1r.h",
    "h — … · encoder layer 1 →" for "enc.l0.h"."""
    if key in QUANTITIES:
        return tr(QUANTITIES[key][0])
    prefix, kind = split_layer_key(key)
    part, layer, reverse = LAYER_KEY.fullmatch(prefix).groups()
    arrow = "←" if reverse else "→"
    name = tr("h — hidden state") if kind == "h" else tr("c — cell state (LSTM)")
    if part:
        text = tr("{quantity} · {part} layer {layer}").format(
            quantity=name, part=tr(PARTS[part]), layer=int(layer) + 1
        )
    else:
        text = tr("{quantity} · layer {layer}").format(quantity=name, layer=int(layer) + 1)
    return text + " " + arrow


def quantity(snap: ModelSnapshot, key: str) -> np.ndarray | None:
    """The ``(T, ·)`` array of ``key`` in ``snap``, or None where the model has none. A
    bidirectional model's top-level h and c hold both directions side by side. An
    encoder–decoder's layer lies on its part's steps of the one axis (the encoder's
    1 … S, the decoder's S + 1 … T), NaN on the other part's."""
    if key not in QUANTITIES:
        prefix, kind = split_layer_key(key)
        layer = snap.layers.get(prefix)
        if layer is None:
            return None
        data = layer.hidden if kind == "h" else layer.cell_state
        if data is None or not prefix.startswith(("enc.", "dec.")):
            return data
        S = int(getattr(snap, "source_steps", 0))
        out = np.full((snap.T, data.shape[1]), np.nan)
        if prefix.startswith("enc."):
            out[:S] = data
        else:
            out[S:] = data
        return out
    where = QUANTITIES[key][1]
    if where == "hidden":
        return snap.hidden
    if where == "cell_state":
        return snap.cell_state
    return snap.gates.get(where)


def unrevealed(key: str, snap: ModelSnapshot, forward: int) -> np.ndarray:
    """``(T, units)`` True where the step-through has not computed the value yet: steps
    after ``forward``, and for a reverse direction (it reads the sequence from its end)
    steps before T + 1 − ``forward``."""
    data = quantity(snap, key)
    T, units = data.shape
    late = np.arange(1, T + 1)[:, None] > forward
    early = np.arange(1, T + 1)[:, None] < T + 1 - forward
    if key in QUANTITIES:
        # A bidirectional model's top-level arrays: forward units first, then reverse.
        reverse = np.zeros(units, dtype=bool)
        if any(p.endswith("r") for p in snap.layers):
            reverse[units // 2 :] = True
    else:
        prefix = split_layer_key(key)[0]
        reverse = np.full(units, prefix.endswith("r"))
        if prefix.startswith("enc."):
            # An encoder's reverse direction starts at its own last step, S.
            S = int(getattr(snap, "source_steps", T))
            early = np.arange(1, T + 1)[:, None] < S + 1 - forward
    return np.where(reverse[None, :], early, late)


class HiddenStatesView(LazyView):
    """Heatmaps of h (or c, or a gate) per lane; click a pixel to select that step and unit."""

    def __init__(
        self,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self._selection = selection
        self.switch = QComboBox()
        self.switch.setToolTip(tr("Which quantity the heatmaps show"))
        self.switch.addItem(tr(QUANTITIES["h"][0]), "h")
        self.switch.currentIndexChanged.connect(lambda _i: self.refresh())
        self.switch_label = QLabel(tr("Show:"))
        top = QHBoxLayout()
        top.addWidget(self.switch_label)
        top.addWidget(self.switch)
        top.addStretch(1)
        self.plots = pg.GraphicsLayoutWidget()
        # Lanes keep MIN_LANE_HEIGHT; when the tab is shorter than that they scroll.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.plots)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self._cells: tuple[str, ...] = ()
        self._items: dict[
            str, tuple[pg.PlotItem, pg.ImageItem, pg.InfiniteLine, pg.InfiniteLine, pg.LabelItem]
        ] = {}
        # One colour bar for every lane: they share one scale, so a colour means one value.
        self.bar: pg.ColorBarItem | None = None
        self.sign_marks: dict[str, pg.ImageItem] = {}  # per lane: dots on the negative cells
        self._offered: tuple[str, ...] = ("h",)
        self._extent: tuple[int, int] | None = None  # (T, H) the ranges were set for
        selection.sigChanged.connect(self._on_selection)
        if events is not None:
            events.follow(self)

    def toolWidgets(self) -> list[QWidget]:
        """The quantity switch, which a figure of the heatmaps leaves out (the colour bars
        name the quantity)."""
        return [self.switch_label, self.switch]

    def figureRect(self) -> QRect:
        """The heatmaps, without the switch above them."""
        return self.rect().adjusted(0, self.scroll.geometry().top(), 0, 0)

    def _build(self, cells: tuple[str, ...]) -> None:
        """Per lane: its title in a column beside the heatmap (above it, the title took the
        height three lanes need at 1280 × 800), the heatmap with its sign marks, the time
        cursor and the selected unit's line; one colour bar beside all lanes."""
        self.plots.clear()
        self._items = {}
        self.sign_marks = {}
        for row, cell in enumerate(cells):
            last = row == len(cells) - 1
            title = self.plots.addLabel(
                tr(cell_label(cell)),
                row=row,
                col=0,
                color=cell_colour(cell).name(),
                size=LANE_TITLE_SIZE,
            )
            plot = self.plots.addPlot(row=row, col=1, axisItems={"left": UnitAxis("left")})
            style_plot(plot, left=tr("unit"), bottom=tr("time step t") if last else "")
            # The lanes share the time axis: only the lowest one labels it.
            plot.getAxis("bottom").setStyle(showValues=last)
            plot.invertY(True)
            plot.setMenuEnabled(False)
            plot.getViewBox().setMinimumHeight(MIN_LANE_HEIGHT)
            image = pg.ImageItem()
            plot.addItem(image)
            marks = pg.ImageItem()  # a dot on each negative cell: sign also by shape
            plot.addItem(marks)
            self.sign_marks[cell] = marks
            cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#E69F00", width=3))
            unit = pg.InfiniteLine(
                angle=0, pen=pg.mkPen("k", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
            )
            plot.addItem(cursor)
            plot.addItem(unit)
            image.mouseClickEvent = lambda ev, c=cell: self._clicked(c, ev)
            # Each lane's range is set from its data in render, not by auto-range nor by an
            # x link: linking the second lane made its empty auto-range (−0.4 … 0.4) spread
            # to the first lane and switch the first one's auto-range off, which left both
            # blank; a link also shifts the range by the lanes' differing axis widths.
            plot.disableAutoRange()
            self._items[cell] = (plot, image, cursor, unit, title)
        self.bar = None
        if cells:
            self.bar = pg.ColorBarItem(
                values=(-1, 1), colorMap=diverging_map(), interactive=False, width=16
            )
            self.bar.setImageItem([item[1] for item in self._items.values()])
            self.plots.addItem(self.bar, row=0, col=2, rowspan=len(cells))
            # The bar ends where the lowest heatmap ends, above that lane's time axis.
            time_axis = self._items[cells[-1]][0].getAxis("bottom")
            time_axis.geometryChanged.connect(self._arrange)
        self._cells = cells
        self._extent = None
        self._arrange()

    def _arrange(self) -> None:
        """Equal heatmap heights in every lane (the lowest lane's row also holds the time
        axis), never below MIN_LANE_HEIGHT (the scroll area takes the rest), and the colour
        bar from the top heatmap's top to the lowest one's bottom."""
        if not self._items:
            return
        grid = self.plots.ci.layout
        n = len(self._items)
        axis = self._items[self._cells[-1]][0].getAxis("bottom").maximumHeight()
        spacing = grid.verticalSpacing() * (n - 1)
        _left, top, _right, bottom = grid.getContentsMargins()
        margins = top + bottom
        least = MIN_LANE_HEIGHT + 2.0  # the heatmap and its plot's own margins
        self.plots.setMinimumHeight(math.ceil(n * least + axis + spacing + margins))
        room = max(self.plots.height(), self.scroll.viewport().height())
        lane = max(least, (room - margins - axis - spacing) / n)
        for row in range(n):
            grid.setRowFixedHeight(row, lane + (axis if row == n - 1 else 0.0))
        if self.bar is not None:
            self.bar.layout.setContentsMargins(1, 1, 1, 1 + axis)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _clicked(self, cell: str, event) -> None:
        pos = event.pos()
        key = self.switch.currentData() or "h"
        # An encoder–decoder's layer is a row of the graph of its own: select that row.
        node = key if key.startswith(("enc.", "dec.")) and key.endswith(".h") else "h"
        self._selection.select(cell=cell, node=node, t=int(pos.x()) + 1, unit=int(pos.y()))
        event.accept()

    def _on_selection(self) -> None:
        if self.view is not None and self.isVisible():
            self._place_lines(self.view)

    def _update_switch(self, view: SessionView) -> None:
        keys = ["h"]
        for key in QUANTITIES:
            if key != "h" and any(quantity(s, key) is not None for s in view.records.values()):
                keys.append(key)
        for snap in view.records.values():
            keys += [key for key in layer_keys(snap) if key not in keys]
        if tuple(keys) == self._offered:
            return
        current = self.switch.currentData()
        self.switch.blockSignals(True)
        self.switch.clear()
        for key in keys:
            self.switch.addItem(quantity_title(key), key)
        self.switch.setCurrentIndex(max(0, keys.index(current)) if current in keys else 0)
        self.switch.blockSignals(False)
        self._offered = tuple(keys)

    def render(self, view: SessionView) -> None:
        if view.cells != self._cells:
            self._build(view.cells)
        self._update_switch(view)
        key = self.switch.currentData() or "h"
        forward, _ = revealed(view)
        signed = QUANTITIES[key][2] if key in QUANTITIES else True
        shown_data: dict[str, np.ndarray] = {}
        for cell, (_p, image, _c, _u, title) in self._items.items():
            snap = view.records.get(cell)
            data = quantity(snap, key) if snap is not None else None
            colour = cell_colour(cell).name()
            if data is None:
                image.clear()
                self.sign_marks[cell].clear()
                text = (
                    tr("{model} — diverged") if snap is None else tr("{model} — has no {q}")
                ).format(model=tr(cell_label(cell)), q=key)
                title.setText(lane_title(text), color=colour, size=LANE_TITLE_SIZE)
                continue
            title.setText(tr(cell_label(cell)), color=colour, size=LANE_TITLE_SIZE)
            shown_data[cell] = data
        levels, cmap, label = self._scale(key, signed, list(shown_data.values()))
        if self.bar is not None and (
            self.bar.levels() != levels or self.bar.colorMap().name != cmap.name
        ):
            self.bar.setColorMap(cmap)
            self.bar.setLevels(levels)
            self.bar.setLabel("right", label)
        extent = None
        for cell, data in shown_data.items():
            snap = view.records[cell]
            image = self._items[cell][1]
            shown = np.array(data, dtype=np.float64)  # (T, H): x = time, y = unit
            shown[unrevealed(key, snap, forward)] = np.nan  # not computed yet
            image.setImage(shown, autoLevels=False, levels=levels)
            T, H = data.shape
            image.setRect(QRectF(0.5, 0.0, T, H))
            marks = self.sign_marks[cell]
            if signed:
                marks.setImage(sign_marks(shown), levels=(0, 255))
                marks.setRect(QRectF(0.5, 0.0, T, H))
            else:
                marks.clear()
            extent = (T, H)
        if extent is not None and extent != self._extent:
            self._fit(*extent)
        self._place_lines(view)

    @staticmethod
    def _scale(
        key: str, signed: bool, arrays: list[np.ndarray]
    ) -> tuple[tuple[float, float], pg.ColorMap, str]:
        """The colour scale every lane shares: gates 0 … 1; h (bounded by tanh) −1 … +1;
        another signed quantity (c, a candidate) ± the largest magnitude of any lane, so
        the one bar tells every lane's values truthfully."""
        if not signed:
            return (0.0, 1.0), sequential_map(), f"{key} (0…1)"
        finite = [np.abs(a[np.isfinite(a)]) for a in arrays]
        finite = [f for f in finite if f.size]
        if key.endswith("h") or not finite:
            bound = 1.0
        else:
            bound = max(1e-6, max(float(f.max()) for f in finite))
        return (-bound, bound), diverging_map(), key

    def _fit(self, T: int, H: int) -> None:
        """Show the whole image in every lane: time 0.5 … T + 0.5, units 0 … H."""
        self._extent = (T, H)
        for plot, *_rest in self._items.values():
            plot.setRange(xRange=(0.5, T + 0.5), yRange=(0.0, H), padding=0.0)

    def imageRect(self, cell: str) -> QRectF:
        """Where ``cell``'s heatmap lies, in its plot's data coordinates (for tests)."""
        image = self._items[cell][1]
        return image.mapRectToView(image.boundingRect())

    def viewRect(self, cell: str) -> QRectF:
        """The data rectangle ``cell``'s plot shows (for tests)."""
        return self._items[cell][0].getViewBox().viewRect()

    def _place_lines(self, view: SessionView) -> None:
        t = view.cursor if view.cursor > 0 else self._selection.t
        for _cell, (_p, _i, cursor, unit, _title) in self._items.items():
            cursor.setValue(t)
            unit.setValue(self._selection.unit + 0.5)
