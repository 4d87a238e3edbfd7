"""The unrolled computation graph: one lane per model, nodes x_t, h_t, (c_t), o_t, L_t.

The scene is built once per layout (sequence length and the compared cells) and then only
restyled: each frame changes brushes and pens of existing items, and only of items whose
look actually changed. That keeps a 200-step, two-lane graph cheap enough to animate.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from explorer.session.snapshot import ModelSnapshot, SessionView
from explorer.ui.colour_bar import ColourBar
from explorer.ui.elided_label import ElidedLabel
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.phrases import status_text
from explorer.ui.selection import Selection
from explorer.ui.theme import (
    DIVERGED_COLOUR,
    NEGATIVE_OUTLINE,
    LogScale,
    cell_colour,
    cell_label,
    diverging_map,
    font,
    format_number,
    lookup,
    negative_index,
    revealed,
    sequential_map,
    showing_gradient,
)

ROW_GAP = 46.0
HEADER = 34.0
LANE_GAP = 18.0
# The left margin holds the row titles and, nearer the nodes, the shared-weight labels.
MARGIN = 240.0
# Layout for the pane: time steps get up to MAX_SPACING scene units; the whole sequence
# is fitted into the pane's width while each step gets at least FIT_STEP_PX on screen;
# a longer sequence scrolls at SCROLL_STEP_PX per step (legible nodes around the cursor)
# with the overview strip beneath showing all of it.
MAX_SPACING = 60.0
FIT_STEP_PX = 8.0
SCROLL_STEP_PX = 28.0
MAX_FIT_SCALE = 2.0
# A pane not laid out yet (figures built offscreen) is planned at this size.
FALLBACK_PANE = (1000, 420)
REFIT_DELAY_MS = 40
# Junction glyphs (LSTM ⊗/⊕, GRU mixing) only where there is room for them.
JUNCTIONS_UP_TO_T = 60
# Eased colour changes of node fills while stepping (never while training runs).
ANIMATION_MS = 150
ANIMATION_TICK_MS = 16
# A manual pan or zoom holds off following the time cursor for this long.
FOLLOW_HOLD_S = 3.0
ANIMATE_MAX_ITEMS = 160
LABEL_FILL = QColor(255, 253, 240, 235)
LABEL_BORDER = QColor("#C8C0A0")

BLANK = QColor("white")
UNREVEALED_PEN = QPen(QColor("#BBBBBB"), 1.2)
NODE_PEN = QPen(QColor("#333333"), 1.4)
# A state that no gradient reaches (cut off by truncation): grey, dashed, not the scale's
# darkest colour, which would read as "tiny" rather than "none".
NO_GRADIENT = QColor("#D9D9D9")
NO_GRADIENT_PEN = QPen(QColor("#777777"), 1.4, Qt.PenStyle.DashLine)
EDGE_COLOUR = QColor("#9A9A9A")
HIGHLIGHT = QColor("#E69F00")

# Row order inside a lane, top to bottom; "c" only for the LSTM.
ROWS_LSTM = ("L", "o", "c", "h", "x")
ROWS_PLAIN = ("L", "o", "h", "x")
ROW_TITLES = {
    "L": tr_noop("loss L"),
    "o": tr_noop("output o"),
    "c": tr_noop("cell c"),
    "h": tr_noop("state h"),
    "x": tr_noop("input x"),
}


def weight_names(cell: str) -> dict[str, str]:
    """Edge family → the label of the shared weights on it."""
    if cell == "lstm":
        return {"in": "W_x*", "rec": "W_h*", "out": "W_hq"}
    return {"in": "W_xh", "rec": "W_hh", "out": "W_hq"}


WEIGHT_HELP = {
    "W_xh": tr_noop("input → state weights, the same matrix at every step"),
    "W_hh": tr_noop("state → next state weights, the same matrix at every step"),
    "W_hq": tr_noop("state → output weights, the same matrix at every step"),
    "W_x*": tr_noop(
        "input weights of the four LSTM blocks (W_xi, W_xf, W_xo, W_xc), shared over time"
    ),
    "W_h*": tr_noop(
        "recurrent weights of the four LSTM blocks (W_hi, W_hf, W_ho, W_hc), shared over time"
    ),
}


def rich(name: str) -> str:
    """``W_hh`` → ``W<sub>hh</sub>`` for Qt rich text."""
    if "_" not in name:
        return name
    head, tail = name.split("_", 1)
    return f"{head}<sub>{tail}</sub>"


class NodeItem(QGraphicsEllipseItem):
    """A clickable node; remembers its last colour so restyling can skip unchanged nodes."""

    def __init__(
        self,
        rect: QRectF,
        key: tuple[str, str, int],
        on_click: Callable,
        fader: Fader | None = None,
    ) -> None:
        super().__init__(rect)
        self.key = key
        self._on_click = on_click
        self._fader = fader
        self.last: tuple | None = None
        self.target = QColor(BLANK)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def style(self, fill: QColor, pen: QPen, key: tuple) -> None:
        """Set brush and pen unless ``key`` says they are already in place; the brush eases
        towards ``fill`` when the graph's fader is on."""
        if key != self.last:
            self.last = key
            self.target = QColor(fill)
            if self._fader is not None:
                self._fader.fill(self, self.target)
            else:
                self.setBrush(QBrush(fill))
            self.setPen(pen)

    def mousePressEvent(self, event) -> None:
        self._on_click(self.key)
        event.accept()


class Fader:
    """Eases node fills to their new colours over ``ANIMATION_MS`` with a 60 Hz timer.

    Every change made while a frame is restyled starts together; a new frame rebases the
    fills still in motion on their current colour, so quick steps never jump.
    """

    def __init__(self, parent: QWidget) -> None:
        self.enabled = True
        self.active = False  # set by the view for frames that may animate
        self._moving: dict[NodeItem, tuple[QColor, QColor]] = {}
        self._clock = QElapsedTimer()
        self.timer = QTimer(parent)
        self.timer.setInterval(ANIMATION_TICK_MS)
        self.timer.timeout.connect(self._tick)

    def begin(self, animate: bool) -> None:
        """Start a frame; ``animate`` False makes every change of this frame immediate."""
        self.active = animate and self.enabled
        if not self.active:
            self.finish()
            return
        for item in self._moving:
            self._moving[item] = (item.brush().color(), self._moving[item][1])
        self._clock.restart()

    def fill(self, item: NodeItem, colour: QColor) -> None:
        """Move ``item`` to ``colour``: now, or eased when this frame animates."""
        current = item.brush().color()
        if not self.active or current == colour:
            self._moving.pop(item, None)
            item.setBrush(QBrush(colour))
            return
        self._moving[item] = (current, colour)
        if not self.timer.isActive():
            self.timer.start()

    def commit(self) -> None:
        """End a frame: a change of more than ``ANIMATE_MAX_ITEMS`` fills (a phase switch
        on a long sequence) jumps, so easing never costs more than a frame's budget."""
        if len(self._moving) > ANIMATE_MAX_ITEMS:
            self.finish()

    @property
    def moving(self) -> int:
        """How many fills are still easing."""
        return len(self._moving)

    def finish(self) -> None:
        """Put every fill in motion at its final colour."""
        for item, (_start, end) in self._moving.items():
            item.setBrush(QBrush(end))
        self._moving.clear()
        self.timer.stop()

    def clear(self) -> None:
        """Forget every item (the scene is about to be rebuilt)."""
        self._moving.clear()
        self.timer.stop()

    def _tick(self) -> None:
        p = min(1.0, self._clock.elapsed() / ANIMATION_MS)
        if p >= 1.0:
            self.finish()
            return
        e = p * p * (3.0 - 2.0 * p)  # smoothstep: slow in, slow out
        for item, (a, b) in self._moving.items():
            item.setBrush(
                QBrush(
                    QColor(
                        round(a.red() + (b.red() - a.red()) * e),
                        round(a.green() + (b.green() - a.green()) * e),
                        round(a.blue() + (b.blue() - a.blue()) * e),
                    )
                )
            )


# Pen keys ``(r, g, b, width, dashed)`` of edges beyond the revealed steps and of cut ones.
UNREACHED_EDGE = (215, 215, 215, 1.0, False)
CUT_EDGE = (190, 190, 190, 1.2, True)


class EdgeItem(QGraphicsLineItem):
    """An edge of one weight family; remembers its last pen."""

    def __init__(self, x1: float, y1: float, x2: float, y2: float, family: str, t: int) -> None:
        super().__init__(x1, y1, x2, y2)
        self.family = family
        self.t = t
        self.last: tuple | None = None

    def style(self, pen_key: tuple) -> None:
        """Apply ``(r, g, b, width, dashed)`` unless it is already in place."""
        if pen_key != self.last:
            self.last = pen_key
            self.setPen(edge_pen(pen_key))


@functools.lru_cache(maxsize=4096)
def edge_pen(pen_key: tuple) -> QPen:
    """The pen of ``(r, g, b, width, dashed)``, made once: training frames reuse them."""
    r, g, b, width, dashed = pen_key
    pen = QPen(QColor(r, g, b), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if dashed:
        pen.setStyle(Qt.PenStyle.DotLine)
    return pen


class WeightLabel(QGraphicsTextItem):
    """A weight's name on a light tag; hovering it highlights every edge sharing the weight.

    The tag lives in the lane's left margin, right-aligned a little before the first node,
    with a leader line to the edge it names (see ``GraphView._place_weight_labels``).
    """

    def __init__(self, cell: str, family: str, name: str, on_hover: Callable) -> None:
        super().__init__()
        self.cell = cell
        self.family = family
        self.name = name
        self._on_hover = on_hover
        self.setHtml(f"<b>{rich(name)}</b>")
        self.setFont(font(1.0))
        self.setDefaultTextColor(QColor("#222222"))
        self.setAcceptHoverEvents(True)
        self.setToolTip(
            tr("{name}: {what}. Hover to see every edge using it.").format(
                name=name, what=tr(WEIGHT_HELP.get(name, tr_noop("shared weights")))
            )
        )

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QPen(LABEL_BORDER, 1.0))
        painter.setBrush(QBrush(LABEL_FILL))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 4, 4)
        super().paint(painter, option, widget)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setDefaultTextColor(HIGHLIGHT.darker(130))
        self._on_hover(self.cell, self.family)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setDefaultTextColor(QColor("#222222"))
        self._on_hover(None, None)
        super().hoverLeaveEvent(event)


@dataclass
class Lane:
    """The items of one model's lane."""

    cell: str
    top: float
    rows: dict[str, float]
    nodes: dict[str, list[NodeItem]] = field(default_factory=dict)
    edges: dict[str, list[EdgeItem]] = field(default_factory=dict)
    labels: dict[str, WeightLabel] = field(default_factory=dict)
    row_labels: dict[str, QGraphicsSimpleTextItem] = field(default_factory=dict)
    leaders: dict[str, QGraphicsPathItem] = field(default_factory=dict)
    cuts: list[QGraphicsPathItem] = field(default_factory=list)
    junctions: list[QGraphicsEllipseItem] = field(default_factory=list)
    header: QGraphicsSimpleTextItem | None = None
    badge: QGraphicsSimpleTextItem | None = None
    veil: QGraphicsRectItem | None = None
    height: float = 0.0


class GraphCanvas(QGraphicsView):
    """The QGraphicsView: wheel zoom under the mouse, drag to pan, tool tips per node."""

    sigZoomed = Signal(float)

    def __init__(
        self,
        scene: QGraphicsScene,
        tooltip: Callable,
        parent: QWidget | None = None,
        fit: Callable[[], None] | None = None,
    ):
        super().__init__(scene, parent)
        self._tooltip = tooltip
        self._fit = fit
        # Resizing refits once the size settles (a window drag sends many resizes).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(REFIT_DELAY_MS)
        self._refit.timeout.connect(self.fitAll)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setBackgroundBrush(QBrush(QColor("#FCFCFC")))
        self.setMouseTracking(True)
        self.fitted = True
        # When the user last panned or wheel-zoomed (monotonic seconds): following the
        # time cursor waits a little after that, so it never fights the hand.
        self.last_manual = -math.inf
        self.horizontalScrollBar().actionTriggered.connect(self._manual)
        self.verticalScrollBar().actionTriggered.connect(self._manual)

    def _manual(self, *_args) -> None:
        self.last_manual = time.monotonic()

    def zoomBy(self, factor: float) -> None:
        """Zoom by ``factor`` (clamped so the graph never vanishes or explodes)."""
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 6.0:
            self.scale(factor, factor)
            self.fitted = False
            self.sigZoomed.emit(self.transform().m11())

    def fitAll(self) -> None:
        """Lay the graph out for the pane and fit it (every step when they fit legibly;
        else legible steps that scroll sideways). Resizes refit until the user zooms."""
        self._refit.stop()
        if self._fit is not None:
            self._fit()
            return
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        scale = min((view.width() - 8) / rect.width(), (view.height() - 8) / rect.height())
        self.setZoom(scale)

    def setZoom(self, scale: float) -> None:
        """Show the scene at ``scale`` as the fitted zoom."""
        # No anchor under the mouse here: that replays the last mouse event into a scene
        # that may just have been rebuilt, which crashed after a click on the graph.
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setTransform(QTransform.fromScale(scale, scale))
        self.setTransformationAnchor(anchor)
        self.fitted = True
        self.sigZoomed.emit(scale)

    def fitWidth(self) -> None:
        """Show every time step, however small that makes the nodes."""
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        scale = (self.viewport().width() - 8) / rect.width()
        self.resetTransform()
        self.scale(scale, scale)
        self.fitted = False
        self.sigZoomed.emit(scale)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self._manual()
            self.zoomBy(1.15**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self._refit.start()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            item = self.itemAt(event.pos())
            text = self._tooltip(item) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A click on a node selects it; only a drag on empty space pans.
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, NodeItem):
            item.mousePressEvent(event)
            return
        if item is None:
            self._manual()  # a drag on empty space pans
        super().mousePressEvent(event)


class GraphOverview(QWidget):
    """The whole sequence as a compact strip under a graph too long to fit: per lane, each
    step's state colour in a thin column, and a frame around the steps the graph shows.
    Clicking or dragging in it brings those steps into the graph (focus + context)."""

    LANE_PX = 10

    def __init__(self, graph: GraphView) -> None:
        super().__init__(graph)
        self._graph = graph
        self.setToolTip(tr("The whole sequence: click to show those steps in the graph"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(8 + 3 * self.LANE_PX)
        self.hide()
        graph.canvas.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())

    def steps(self) -> int:
        """The sequence length drawn (0 without a graph)."""
        view = self._graph._view
        return view.T if view is not None and self._graph.lanes else 0

    def shownSteps(self) -> tuple[float, float]:
        """The range of time steps visible in the graph, as (first, last) floats."""
        graph = self._graph
        canvas = graph.canvas
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        first = (visible.left() - graph._margin) / graph._spacing + 0.5
        last = (visible.right() - graph._margin) / graph._spacing + 0.5
        return max(0.5, first), min(self.steps() + 0.5, last)

    def paintEvent(self, event: QPaintEvent) -> None:
        T = self.steps()
        if T == 0:
            return
        painter = QPainter(self)
        width = self.width() - 4
        step = width / T
        lanes = list(self._graph.lanes.values())
        for row, lane in enumerate(lanes):
            y = 4 + row * self.LANE_PX
            for i, node in enumerate(lane.nodes["h"]):
                x = 2 + i * step
                painter.fillRect(QRectF(x, y, max(1.0, step), self.LANE_PX - 2), node.target)
        first, last = self.shownSteps()
        frame = QRectF(2 + (first - 0.5) * step, 2, (last - first) * step, 4 + len(lanes) * 10)
        painter.setPen(QPen(HIGHLIGHT, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        painter.end()

    def _show_step_at(self, x: float) -> None:
        T = self.steps()
        if T == 0:
            return
        t = min(T, max(1, int((x - 2) / max(1e-6, (self.width() - 4) / T)) + 1))
        canvas = self._graph.canvas
        canvas.last_manual = time.monotonic()
        centre = canvas.mapToScene(canvas.viewport().rect().center())
        canvas.centerOn(QPointF(self._graph._x(t), centre.y()))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._show_step_at(event.position().x())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._show_step_at(event.position().x())
        event.accept()


class GraphView(QWidget):
    """Lanes of the unrolled network, synchronised with the session's frames."""

    sigNodeClicked = Signal(str, str, int)  # cell, node kind, t (1-based)

    def __init__(self, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selection = selection
        self._scene = QGraphicsScene(self)
        self.canvas = GraphCanvas(self._scene, self._tooltip_for, self, fit=self.fitToPane)
        self.canvas.sigZoomed.connect(self._update_time_labels)
        self.overview = GraphOverview(self)
        self.canvas.sigZoomed.connect(lambda _scale: self._update_overview())
        self.legend = ColourBar(self)
        self.legend.setMinimumWidth(240)
        # The key of the loss nodes' colours, beside the key of the states' colours.
        self.loss_key = ColourBar(self)
        self.loss_key.setMinimumWidth(180)
        # The hint gives way to the colour bar when the pane is narrow (1280 × 800): it is
        # elided with "…" rather than cut, and its tool tip keeps the whole sentence.
        self.hint = ElidedLabel(
            tr("Click a node to inspect it · hover a W label to see sharing"),
            vertical=QSizePolicy.Policy.Preferred,
        )
        self.hint.setStyleSheet("color: #555;")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.legend, 3)
        bar.addWidget(self.loss_key, 2)
        bar.addWidget(self.hint, 1)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("out", "−", tr("Zoom out (−)"), lambda: self.canvas.zoomBy(1 / 1.25)),
            ("in", "+", tr("Zoom in (+)"), lambda: self.canvas.zoomBy(1.25)),
            ("fit", tr("Fit"), tr("Fit the graph to the view"), self.canvas.fitAll),
            (
                "width",
                tr("All steps"),
                tr("Show every time step, however small"),
                self.canvas.fitWidth,
            ),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.zoom_buttons[key] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.overview)

        self.lanes: dict[str, Lane] = {}
        self._layout_key: tuple | None = None
        self._view: SessionView | None = None
        self._spacing = 60.0
        self._radius = 14.0
        self._time_labels: list[QGraphicsSimpleTextItem] = []
        # Every text item with the font it has at text scale 1 (see setTextScale).
        self._texts: list[tuple[QGraphicsSimpleTextItem | QGraphicsTextItem, QFont]] = []
        self._text_scale = 1.0
        # The scale the texts are drawn at: the asked one, unless rows are too close for it.
        self._shown_text = 1.0
        self._tag_px: float | None = None
        self._scene_size = (0.0, 0.0)
        self._margin = MARGIN  # room for row labels and weight tags left of t = 1
        self._fit_scale = 1.0  # the zoom the layout was planned for
        self._building = False
        self._highlight: tuple[str, str] | None = None
        self._cursor_band: QGraphicsRectItem | None = None
        self._selected_ring: QGraphicsEllipseItem | None = None
        self._seq = lookup(sequential_map())
        self._div = lookup(diverging_map())
        self._scale = LogScale()
        self._loss_scale = LogScale()
        self.fader = Fader(self)
        self._last_cursor = 0
        self._colours: dict[int, dict[int, QColor]] = {}
        selection.sigChanged.connect(self._on_selection)

    # ------------------------------------------------------------------------- options
    def toolWidgets(self) -> list[QWidget]:
        """The controls beside the colour key (zoom buttons, the hint), which a figure of
        the graph leaves out."""
        return [self.hint, *self.zoom_buttons.values()]

    @property
    def animated(self) -> bool:
        """Whether node fills ease to their new colours when stepping."""
        return self.fader.enabled

    def setAnimated(self, on: bool) -> None:
        """Turn the eased colour changes on or off (off: fills jump at once)."""
        self.fader.enabled = bool(on)
        if not on:
            self.fader.finish()

    def textScale(self) -> float:
        """The factor applied to the graph's texts (1 normally, more in presentation mode)."""
        return self._text_scale

    def setTextScale(self, factor: float) -> None:
        """Draw the lane titles, row labels, time steps and weight tags at ``factor`` × their
        normal size (presentation mode); nodes and edges keep theirs.

        The fonts are set on the graphics items themselves: a font set on this widget
        would propagate into the scene, which crashed PySide6 6.10.
        """
        self._text_scale = float(factor)
        for item, base in self._texts:
            if shiboken6.isValid(item):
                item.setFont(self._scaled_font(base))
        self._anchor_texts()
        # Larger row labels and weight tags need a wider margin: lay the graph out again,
        # fitted to the pane, so the graph keeps filling it at every presentation scale.
        if self.lanes:
            self.canvas.fitAll()
        self._update_time_labels(self.canvas.transform().m11())

    # ------------------------------------------------------------------------- fitting
    def _scene_height(self, cells: tuple[str, ...]) -> float:
        rows = sum(len(ROWS_LSTM if c == "lstm" else ROWS_PLAIN) for c in cells)
        room = 1.5 * HEADER * max(0.0, self._shown_text - 1.0)
        return len(cells) * (HEADER + LANE_GAP) + rows * ROW_GAP + 26 + room

    def _margin_px(self) -> float:
        """Screen pixels the row titles and the weight tags need left of the first step."""
        titles = QFontMetricsF(self._scaled_font(font(0.9)))
        widest = max(titles.horizontalAdvance(tr(text)) for text in ROW_TITLES.values())
        tags = QFontMetricsF(self._scaled_font(font(1.0, bold=True)))
        return widest + tags.horizontalAdvance("Whh") + 44

    def _tag_height(self) -> float:
        """Pixel height of a weight tag at text scale 1 (measured once)."""
        if self._tag_px is None:
            probe = WeightLabel("", "", "W_hh", lambda *_a: None)
            self._tag_px = probe.boundingRect().height()
        return self._tag_px

    def plan(self, T: int, cells: tuple[str, ...]) -> tuple[float, float, float]:
        """``(spacing, margin, scale)`` that fit ``T`` steps of ``cells`` into the pane:
        scene units per step and left of t = 1, and the zoom that shows them."""
        size = self.canvas.viewport().size()
        width, height = size.width(), size.height()
        if not self.canvas.isVisible() or width < 40 or height < 30:
            width, height = FALLBACK_PANE  # not laid out yet
        line = 0.85 * self._tag_height()  # its box has a margin that may touch the next
        shown = self._text_scale
        for _ in range(2):
            # Texts no taller than a row, so labels and weight tags never pile up (large
            # presentation scales on a short pane).
            self._shown_text = shown
            scale = min(MAX_FIT_SCALE, max(0.05, (height - 8) / self._scene_height(cells)))
            shown = max(0.85, min(self._text_scale, ROW_GAP * scale / line))
        self._shown_text = shown
        margin = 14.0 + 14.0 + self._margin_px() / scale
        spacing = min(MAX_SPACING, ((width - 8) / scale - margin - 20) / max(1, T))
        if spacing * scale < FIT_STEP_PX:
            spacing = SCROLL_STEP_PX / scale
        return spacing, margin, scale

    def fitToPane(self) -> None:
        """Lay the graph out for the pane's size and show it at the planned zoom, the time
        cursor in view (Fit, 0, and every resize until the user zooms)."""
        view = self._view
        if view is None or not self.lanes:
            return
        before = self._shown_text
        spacing, margin, scale = self.plan(view.T, view.cells)
        if (spacing, margin, self._shown_text) != (self._spacing, self._margin, before):
            self._layout_key = None
            self.setView(view)  # rebuilds with the new plan and fits
            return
        self._fit_scale = scale
        self.canvas.setZoom(scale)
        self.canvas.centerOn(QPointF(0, self._scene.sceneRect().center().y()))
        if view.cursor > 0:
            self.followCursor(view.cursor, force=True)
        self._update_overview()

    def _update_overview(self) -> None:
        """Show the overview strip while the graph is wider than its pane."""
        lanes = max(1, len(self.lanes))
        self.overview.setFixedHeight(8 + lanes * GraphOverview.LANE_PX)
        shown = self._scene_size[0] * self.canvas.transform().m11()
        self.overview.setVisible(shown > self.canvas.viewport().width() + 2)
        self.overview.update()

    def _set_scene_rect(self) -> None:
        # Larger texts lift the first lane's title above the scene's top: leave room for it
        # (in scene units, so generous enough for the zoom of a fitted graph).
        width, height = self._scene_size
        room = 1.5 * HEADER * max(0.0, self._shown_text - 1.0)
        self._scene.setSceneRect(QRectF(0, -room, width, height + room))

    def _anchor_texts(self) -> None:
        """Centre the row labels on their rows and the time steps under their columns, in
        screen pixels (the items ignore the zoom), whatever their font size."""
        for lane in self.lanes.values():
            for label in lane.row_labels.values():
                lift = 0.5 * label.boundingRect().height()
                label.setTransform(QTransform.fromTranslate(0, -lift))
        for label in self._time_labels:
            label.setTransform(QTransform.fromTranslate(-0.5 * label.boundingRect().width(), 0))
        # The lane title sits just above the first row's label, so the two never overlap
        # however far the graph is zoomed out.
        for lane in self.lanes.values():
            first = next(iter(lane.row_labels.values()), None)
            if lane.header is None or first is None:
                continue
            lane.header.setPos(8, first.pos().y())
            lift = 0.5 * first.boundingRect().height() + lane.header.boundingRect().height()
            lane.header.setTransform(QTransform.fromTranslate(0, -lift))

    def _scaled_font(self, base: QFont) -> QFont:
        f = QFont(base)
        f.setPointSizeF(base.pointSizeF() * self._shown_text)
        return f

    def _add_text(self, item: QGraphicsSimpleTextItem | QGraphicsTextItem, base: QFont) -> None:
        """Give ``item`` the font ``base`` at the current text scale, and remember it."""
        self._texts.append((item, QFont(base)))
        item.setFont(self._scaled_font(base))

    # ------------------------------------------------------------------------- layout
    def _x(self, t: int) -> float:
        return self._margin + (t - 0.5) * self._spacing

    def _build(self, view: SessionView) -> None:
        """Create every item for (T, cells). Called only when that layout changes."""
        self._building = True
        try:
            self._build_scene(view)
        finally:
            self._building = False

    def _build_scene(self, view: SessionView) -> None:
        self.fader.clear()
        self._scene.clear()
        self.lanes = {}
        self._time_labels = []
        self._texts = []
        T = view.T
        self._spacing, self._margin, self._fit_scale = self.plan(T, view.cells)
        self._radius = min(14.0, 0.36 * self._spacing)
        r = self._radius
        top = 0.0
        for cell in view.cells:
            rows = ROWS_LSTM if cell == "lstm" else ROWS_PLAIN
            ys = {row: top + HEADER + (i + 0.5) * ROW_GAP for i, row in enumerate(rows)}
            lane = Lane(cell, top, ys)
            lane.height = HEADER + len(rows) * ROW_GAP
            self._build_lane(lane, T, r)
            self.lanes[cell] = lane
            top += lane.height + LANE_GAP
        width = self._margin + T * self._spacing + 20
        # Time labels under the last lane, thinned to what the zoom allows.
        for t in range(1, T + 1):
            label = QGraphicsSimpleTextItem(str(t))
            self._add_text(label, font(0.85))
            label.setBrush(QBrush(QColor("#444")))
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label.setPos(self._x(t), top - LANE_GAP + 2)
            self._scene.addItem(label)
            self._time_labels.append(label)
        tlabel = QGraphicsSimpleTextItem(tr("time step t"))
        self._add_text(tlabel, font(0.9))
        tlabel.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        tlabel.setPos(8, top - LANE_GAP + 2)
        self._scene.addItem(tlabel)
        band = QGraphicsRectItem(0, 0, self._spacing, top)
        band.setBrush(QBrush(QColor(230, 159, 0, 45)))
        band.setPen(QPen(Qt.PenStyle.NoPen))
        band.setZValue(-10)
        band.setVisible(False)
        self._scene.addItem(band)
        self._cursor_band = band
        ring = QGraphicsEllipseItem(-r - 5, -r - 5, 2 * r + 10, 2 * r + 10)
        ring.setPen(QPen(QColor("#000000"), 3.0))
        ring.setZValue(20)
        ring.setVisible(False)
        self._scene.addItem(ring)
        self._selected_ring = ring
        self._scene_size = (width, top + 26)
        self._set_scene_rect()
        self._anchor_texts()
        self.canvas.setZoom(self._fit_scale)
        self.canvas.centerOn(QPointF(0, self._scene.sceneRect().center().y()))
        self._update_time_labels(self.canvas.transform().m11())
        self._update_overview()
        self._last_cursor = 0

    def _build_lane(self, lane: Lane, T: int, r: float) -> None:
        cell, ys, scene = lane.cell, lane.rows, self._scene
        header = QGraphicsSimpleTextItem(tr(cell_label(cell)))
        self._add_text(header, font(1.15, bold=True))
        header.setBrush(QBrush(cell_colour(cell)))
        header.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        scene.addItem(header)
        lane.header = header
        badge = QGraphicsSimpleTextItem("")
        self._add_text(badge, font(1.05, bold=True))
        badge.setBrush(QBrush(QColor(DIVERGED_COLOUR)))
        badge.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        badge.setPos(self._margin, lane.top + 4)
        badge.setZValue(30)
        scene.addItem(badge)
        lane.badge = badge
        stripe = QGraphicsRectItem(0, lane.top, 5, lane.height)
        stripe.setBrush(QBrush(cell_colour(cell)))
        stripe.setPen(QPen(Qt.PenStyle.NoPen))
        scene.addItem(stripe)
        for row, y in ys.items():
            text = QGraphicsSimpleTextItem(tr(ROW_TITLES[row]))
            self._add_text(text, font(0.9))
            text.setBrush(QBrush(QColor("#555")))
            text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            text.setPos(14, y)
            scene.addItem(text)
            lane.row_labels[row] = text

        names = weight_names(cell)
        edges: dict[str, list[EdgeItem]] = {"in": [], "rec": [], "out": [], "loss": []}
        if cell == "lstm":
            edges.update({"belt": [], "c2h": []})
        dx_c = 0.32 * self._spacing
        for t in range(1, T + 1):
            x = self._x(t)
            edges["in"].append(self._edge(x, ys["x"] - r, x, ys["h"] + r, "in", t))
            edges["out"].append(self._edge(x, ys["h"] - r, x, ys["o"] + r, "out", t))
            edges["loss"].append(self._edge(x, ys["o"] - r, x, ys["L"] + r, "loss", t))
            if t > 1:
                edges["rec"].append(
                    self._edge(self._x(t - 1) + r, ys["h"], x - r, ys["h"], "rec", t)
                )
            if cell == "lstm":
                xc = x + dx_c
                if t > 1:
                    edges["belt"].append(
                        self._edge(self._x(t - 1) + dx_c + r, ys["c"], xc - r, ys["c"], "belt", t)
                    )
                edges["c2h"].append(
                    self._edge(xc - 0.5 * r, ys["c"] + r * 0.8, x + 0.3 * r, ys["h"] - r, "c2h", t)
                )
        lane.edges = edges
        # Truncation cuts: two short bars across the recurrent edge, shown where xi == 0.
        for t in range(2, T + 1):
            xm = 0.5 * (self._x(t - 1) + self._x(t))
            path = QPainterPath()
            h = 0.9 * r
            for off in (-0.12, 0.12):
                path.moveTo(xm + off * self._spacing - h * 0.3, ys["h"] - h)
                path.lineTo(xm + off * self._spacing + h * 0.3, ys["h"] + h)
            cut = QGraphicsPathItem(path)
            cut.setPen(QPen(QColor(DIVERGED_COLOUR), 2.2))
            cut.setZValue(5)
            cut.setVisible(False)
            scene.addItem(cut)
            lane.cuts.append(cut)
        if T <= JUNCTIONS_UP_TO_T:
            self._build_junctions(lane, T, r)

        nodes: dict[str, list[NodeItem]] = {}
        for row, y in ys.items():
            items = []
            rr = r * (0.8 if row in ("L", "x") else 1.0)
            for t in range(1, T + 1):
                x = self._x(t) + (dx_c if row == "c" else 0.0)
                item = NodeItem(
                    QRectF(x - rr, y - rr, 2 * rr, 2 * rr),
                    (cell, row, t),
                    self._clicked,
                    self.fader,
                )
                item.setZValue(10)
                item.style(BLANK, UNREVEALED_PEN, ("blank",))
                scene.addItem(item)
                items.append(item)
            nodes[row] = items
        lane.nodes = nodes

        # Each weight is named once, on a tag in the margin with a leader to the first edge
        # that uses it; hovering the name lights up all the other edges that share it.
        for family in ("out", "rec", "in"):
            label = WeightLabel(cell, family, names[family], self._hover_weight)
            self._add_text(label, label.font())
            label.setZValue(15)
            scene.addItem(label)
            lane.labels[family] = label
            leader = QGraphicsPathItem()
            leader.setPen(QPen(QColor("#8A8060"), 1.2))
            leader.setZValue(14)
            scene.addItem(leader)
            lane.leaders[family] = leader
        veil = QGraphicsRectItem(0, lane.top, self._margin + T * self._spacing + 20, lane.height)
        veil.setBrush(QBrush(QColor(176, 0, 32, 28)))
        veil.setPen(QPen(QColor(DIVERGED_COLOUR), 2.0, Qt.PenStyle.DashLine))
        veil.setZValue(25)
        veil.setVisible(False)
        scene.addItem(veil)
        lane.veil = veil

    def _build_junctions(self, lane: Lane, T: int, r: float) -> None:
        """LSTM: ⊗ (forget) and ⊕ (input) on the belt; GRU: the z-mixing on the h edge."""
        ys = lane.rows
        jr = 0.42 * r
        for t in range(2, T + 1):
            if lane.cell == "lstm":
                spots = (
                    ("×", self._x(t) - 0.28 * self._spacing),
                    ("+", self._x(t) + 0.02 * self._spacing),
                )
                y = ys["c"]
            elif lane.cell == "gru":
                spots = (("z", 0.5 * (self._x(t - 1) + self._x(t))),)
                y = ys["h"]
            else:
                return
            for glyph, x in spots:
                item = QGraphicsEllipseItem(x - jr, y - jr, 2 * jr, 2 * jr)
                item.setBrush(QBrush(QColor("white")))
                item.setPen(QPen(QColor("#555"), 1.0))
                item.setZValue(8)
                item.setToolTip(
                    {
                        "×": tr("forget gate: c_{t−1} is multiplied by f_t"),
                        "+": tr("input gate: i_t ⊙ c̃_t is added"),
                        "z": tr("update gate: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t"),
                    }[glyph]
                )
                text = QGraphicsSimpleTextItem(glyph, item)
                text.setFont(QFont(font(0.7)))
                br = text.boundingRect()
                text.setPos(x - br.width() / 2, y - br.height() / 2)
                self._scene.addItem(item)
                lane.junctions.append(item)

    def _edge(self, x1: float, y1: float, x2: float, y2: float, family: str, t: int) -> EdgeItem:
        item = EdgeItem(x1, y1, x2, y2, family, t)
        item.setZValue(2)
        item.style((154, 154, 154, 1.2, False))
        self._scene.addItem(item)
        return item

    # ------------------------------------------------------------------------- frames
    def setView(self, view: SessionView) -> None:
        """Show ``view``: rebuild only if (T, cells) changed, else restyle."""
        key = (view.T, view.cells)
        fresh = key != self._layout_key
        if fresh:
            self._layout_key = key
            self._build(view)
        self._view = view
        # Ease colours only while stepping through; a new layout or training frames jump.
        self.fader.begin(not fresh and not view.running)
        self._restyle()
        self.fader.commit()
        if view.cursor > 0 and view.cursor != self._last_cursor and not view.running:
            self.followCursor(view.cursor)
        self._last_cursor = view.cursor

    def followCursor(self, t: int, force: bool = False) -> None:
        """Scroll so that time step ``t`` stays in view (long sequences), unless the user
        panned or zoomed by hand in the last ``FOLLOW_HOLD_S`` seconds (``force``: anyway)."""
        canvas = self.canvas
        if not force and time.monotonic() - canvas.last_manual < FOLLOW_HOLD_S:
            return
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        x = self._x(t)
        room = min(2.0 * self._spacing, 0.25 * visible.width())
        if visible.left() + room <= x <= visible.right() - room:
            return
        # Put the cursor a third of the way in from the side it is travelling towards, so
        # the next steps need no scrolling.
        going_left = x < visible.center().x()
        bar = canvas.horizontalScrollBar()
        if bar.value() == (bar.minimum() if going_left else bar.maximum()):
            return  # already at that end: scrolling would only repaint
        offset = visible.width() / 6.0
        centre_x = x - offset if going_left else x + offset
        canvas.centerOn(QPointF(centre_x, visible.center().y()))

    def cursorVisible(self, t: int) -> bool:
        """Whether time step ``t``'s column is inside the visible part of the graph."""
        canvas = self.canvas
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        x = self._x(t)
        return visible.left() <= x - self._radius and x + self._radius <= visible.right()

    def _restyle(self) -> None:
        view = self._view
        if view is None:
            return
        forward, backward_from = revealed(view)
        gradient = showing_gradient(view)
        arrays = []
        for snap in view.records.values():
            arrays.append(snap.grad_hidden_norm)
            if snap.grad_cell_norm is not None:
                arrays.append(snap.grad_cell_norm)
        self._scale = LogScale.from_arrays(arrays)
        # One scale for every lane's scored step losses: the loss key shows it.
        self._loss_scale = LogScale.from_arrays(
            [s.step_losses[s.mask > 0] for s in view.records.values()]
        )
        unit = self._selection.unit
        for cell, lane in self.lanes.items():
            snap = view.records.get(cell)
            status = view.status.get(cell)
            diverged = status is not None and status.diverged
            lane.veil.setVisible(diverged)
            lane.badge.setText(f"⚠ {status_text(status)}" if diverged else "")
            if snap is None:
                self._blank_lane(lane)
                continue
            self._style_nodes(lane, snap, forward, backward_from, gradient, unit)
            self._style_edges(lane, snap, forward, backward_from, gradient)
        if view.cursor > 0:
            band = self._cursor_band
            band.setRect(
                self._x(view.cursor) - self._spacing / 2, 0, self._spacing, band.rect().height()
            )
            band.setVisible(True)
        else:
            self._cursor_band.setVisible(False)
        self._update_legend(gradient, unit)
        self._place_ring()
        self.overview.update()

    def _colour(self, table: np.ndarray, value: float) -> tuple[QColor, tuple]:
        i = round(min(1.0, max(0.0, value)) * (len(table) - 1))
        row = table[i]
        return QColor(int(row[0]), int(row[1]), int(row[2])), ("c", i, id(table))

    def _blank_lane(self, lane: Lane) -> None:
        for items in lane.nodes.values():
            for item in items:
                item.style(BLANK, UNREVEALED_PEN, ("blank",))
        for items in lane.edges.values():
            for edge in items:
                edge.style((200, 200, 200, 1.0, True))
        for cut in lane.cuts:
            cut.setVisible(False)

    def _style_nodes(
        self,
        lane: Lane,
        snap: ModelSnapshot,
        forward: int,
        backward_from: int,
        gradient: bool,
        unit: int,
    ) -> None:
        # Colour indices are computed per row with NumPy; the loop only hands the items
        # their (cached) colours, and items whose key did not change cost one comparison.
        T = snap.T
        u = min(unit, snap.hidden.shape[1] - 1)
        div, seq = self._div, self._seq

        def index(table: np.ndarray, values: np.ndarray) -> np.ndarray:
            v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
            return np.rint(np.clip(v, 0.0, 1.0) * (len(table) - 1)).astype(int)

        def signed(values: np.ndarray) -> np.ndarray:
            v = np.asarray(values, dtype=np.float64)
            finite = np.abs(v[np.isfinite(v)])
            scale = max(1e-9, float(finite.max())) if finite.size else 1.0
            return index(div, 0.5 + 0.5 * v / scale)

        rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        rows["x"] = (div, signed(snap.inputs.mean(axis=1)))
        rows["o"] = (div, signed(snap.outputs[:, 0]))
        rows["L"] = (seq, index(seq, self._loss_scale(snap.step_losses)))
        if gradient:
            rows["h"] = (seq, index(seq, self._scale(snap.grad_hidden_norm)))
            if snap.grad_cell_norm is not None:
                rows["c"] = (seq, index(seq, self._scale(snap.grad_cell_norm)))
        else:
            rows["h"] = (div, index(div, 0.5 + 0.5 * snap.hidden[:, u]))
            if snap.cell_state is not None:
                rows["c"] = (div, signed(snap.cell_state[:, u]))
        scored = snap.mask > 0
        unreached: dict[str, np.ndarray] = {}
        if gradient:
            unreached["h"] = snap.grad_hidden_norm == 0
            if snap.grad_cell_norm is not None:
                unreached["c"] = snap.grad_cell_norm == 0
        colours = self._colours
        for row, items in lane.nodes.items():
            table, idx = rows.get(row, (div, np.zeros(T, dtype=int)))
            tid = id(table)
            cache = colours.setdefault(tid, {})
            state_row = row in ("h", "c")
            for i in range(T):
                item = items[i]
                t = i + 1
                if t > forward:
                    item.style(BLANK, UNREVEALED_PEN, ("blank",))
                elif state_row and gradient and t < backward_from:
                    item.style(BLANK, NODE_PEN, ("blank-fwd",))
                elif row == "L" and not scored[i]:
                    item.style(BLANK, UNREVEALED_PEN, ("unscored",))
                elif row in unreached and unreached[row][i]:
                    item.style(NO_GRADIENT, NO_GRADIENT_PEN, ("no-gradient",))
                else:
                    k = int(idx[i])
                    key = ("c", k, tid)
                    if key != item.last:
                        colour = cache.get(k)
                        if colour is None:
                            r, g, b = (int(c) for c in table[k][:3])
                            colour = cache[k] = QColor(r, g, b)
                        negative = table is div and negative_index(k, len(table))
                        item.style(colour, NEGATIVE_OUTLINE if negative else NODE_PEN, key)

    def _style_edges(
        self, lane: Lane, snap: ModelSnapshot, forward: int, backward_from: int, gradient: bool
    ) -> None:
        # Every edge's pen key is computed per family with NumPy and handed over as plain
        # tuples: the loop only compares keys, and unchanged edges cost one comparison.
        seq = self._seq
        hl = self._highlight
        strengths = {"rec": snap.grad_hidden_norm, "out": None, "belt": snap.grad_cell_norm}
        xi = np.asarray(snap.xi)
        for family, items in lane.edges.items():
            if hl is not None and hl == (lane.cell, family):
                lit = (HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue(), 5.0, False)
                for edge in items:
                    edge.style(lit)
                continue
            recurrent = family in ("rec", "belt")
            carrying: list[tuple] | None = None
            if gradient and family in ("rec", "belt", "out"):
                norms = (
                    np.sqrt((snap.grad_outputs**2).sum(axis=1))
                    if family == "out"
                    else strengths[family]
                )
                if norms is not None:
                    v = self._scale(norms)
                    rgb = seq[np.rint(v * (len(seq) - 1)).astype(int), :3].astype(int).tolist()
                    widths = np.round(1.2 + 7.0 * v, 1).tolist()
                    carrying = [
                        (r, g, b, w, False) for (r, g, b), w in zip(rgb, widths, strict=True)
                    ]
            resting = (
                (120, 120, 120, 3.0, False) if family == "belt" else (154, 154, 154, 1.3, False)
            )
            reach = forward + (1 if recurrent else 0)
            for edge in items:
                t = edge.t
                if t > reach:
                    edge.style(UNREACHED_EDGE)
                elif recurrent and xi[t - 1] == 0:
                    edge.style(CUT_EDGE)
                elif carrying is not None and t >= backward_from:
                    edge.style(carrying[t - 1])
                else:
                    edge.style(resting)
        for k, cut in enumerate(lane.cuts):
            t = k + 2
            cut.setVisible(bool(xi[t - 1] == 0) and t <= forward)

    def _update_legend(self, gradient: bool, unit: int) -> None:
        if gradient:
            s = self._scale
            self.legend.setScale(
                tr("‖∂L/∂h_t‖ (log; grey: none):"),
                sequential_map(),
                format_number(s.low),
                format_number(s.high),
            )
        else:
            self.legend.setScale(
                tr("h of unit {unit}:").format(unit=unit),
                diverging_map(),
                "−1",
                "+1",
                tr(
                    "Blue with a heavy ring: negative; red: positive. Inputs x and outputs o are scaled to their row's largest value."
                ),
            )
        loss = self._loss_scale
        self.loss_key.setScale(
            tr("loss Lₜ:"),
            sequential_map(),
            format_number(loss.low),
            format_number(loss.high),
            tr("Each step's loss on a log scale; steps that are not scored stay white."),
        )

    # ------------------------------------------------------------------------- interaction
    def _hover_weight(self, cell: str | None, family: str | None) -> None:
        self._highlight = None if cell is None else (cell, family)
        # A zoom set while the scene is being built replays the mouse over the new tags:
        # the lanes are not complete yet, and the frame's restyle follows anyway.
        if not self._building:
            self._restyle()

    def highlighted_edges(self) -> list[EdgeItem]:
        """Edges currently drawn in the highlight colour (for tests and the inspector)."""
        return [
            e
            for lane in self.lanes.values()
            for items in lane.edges.values()
            for e in items
            if e.last is not None
            and e.last[:3] == (HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue())
        ]

    def node(self, cell: str, row: str, t: int) -> NodeItem:
        """The node item of ``row`` (x, h, c, o, L) at time ``t`` in ``cell``'s lane."""
        return self.lanes[cell].nodes[row][t - 1]

    def _clicked(self, key: tuple[str, str, int]) -> None:
        cell, row, t = key
        self._selection.select(cell=cell, node=row, t=t)
        self.sigNodeClicked.emit(cell, row, t)

    def _on_selection(self) -> None:
        self._restyle()

    def _place_ring(self) -> None:
        sel = self._selection
        lane = self.lanes.get(sel.cell)
        ring = self._selected_ring
        if (
            lane is None
            or ring is None
            or sel.node not in lane.nodes
            or not 1 <= sel.t <= len(lane.nodes[sel.node])
        ):
            if ring is not None:
                ring.setVisible(False)
            return
        item = lane.nodes[sel.node][sel.t - 1]
        centre = item.rect().center()
        ring.setPos(centre)
        ring.setVisible(True)

    def _place_weight_labels(self, scale: float) -> None:
        """Keep the weight tags a constant size on screen, in the margin left of the first
        nodes (never on a node), each with a leader to its edge at t = 1."""
        s = max(scale, 1e-6)
        r = self._radius
        x1 = self._x(1)
        right = x1 - r - 10.0 / s
        for lane in self.lanes.values():
            ys = lane.rows
            below_o = ys["c"] if "c" in ys else ys["h"]
            spots = {
                # family: (row the tag sits on, the point of its edge the leader reaches)
                "out": (ys["o"], QPointF(x1, 0.5 * (ys["o"] + below_o))),
                "rec": (ys["h"], QPointF(x1 - r, ys["h"])),  # h_0 · W_hh feeds h_1
                "in": (ys["x"], QPointF(x1, 0.5 * (ys["h"] + ys["x"]))),
            }
            for family, (y, target) in spots.items():
                label = lane.labels[family]
                br = label.boundingRect()
                label.setScale(1.0 / s)
                label.setPos(right - br.width() / s, y - 0.5 * br.height() / s)
                path = QPainterPath(QPointF(right, y))
                path.lineTo(target)
                lane.leaders[family].setPath(path)

    def weightLabelRect(self, cell: str, family: str) -> QRectF:
        """Where the tag of ``family`` ("in", "rec", "out") in ``cell``'s lane is, in scene
        coordinates (for tests and layout checks)."""
        return self.lanes[cell].labels[family].sceneBoundingRect()

    def _update_time_labels(self, scale: float) -> None:
        self._place_weight_labels(scale)
        if not self._time_labels:
            return
        pixels = max(1e-6, self._spacing * scale)
        step = max(1, math.ceil(34.0 * self._shown_text / pixels))
        for nice in (1, 2, 5, 10, 20, 25, 50, 100):
            if nice >= step:
                step = nice
                break
        for t, label in enumerate(self._time_labels, start=1):
            label.setVisible(t == 1 or t % step == 0)

    def _tooltip_for(self, item: QGraphicsItem) -> str:
        view = self._view
        if not isinstance(item, NodeItem) or view is None:
            return item.toolTip() if item is not None else ""
        cell, row, t = item.key
        snap = view.records.get(cell)
        if snap is None:
            return tr("{model}: no data (diverged)").format(model=tr(cell_label(cell)))
        i = t - 1
        lines = [f"<b>{row}<sub>{t}</sub></b> · {tr(cell_label(cell))}"]
        if row == "h":
            lines.append(f"‖h‖ = {format_number(float(np.linalg.norm(snap.hidden[i])))}")
            lines.append(
                tr("‖∂L/∂h‖ (batch) = {value}").format(
                    value=format_number(float(snap.grad_hidden_norm[i]))
                )
            )
            if snap.xi[i] == 0 and t > 1:
                lines.append(tr("truncation cuts the edge from h<sub>t−1</sub>"))
        elif row == "c" and snap.cell_state is not None:
            lines.append(f"‖c‖ = {format_number(float(np.linalg.norm(snap.cell_state[i])))}")
            if snap.grad_cell_norm is not None:
                lines.append(
                    tr("‖∂L/∂c‖ (batch) = {value}").format(
                        value=format_number(float(snap.grad_cell_norm[i]))
                    )
                )
        elif row == "L":
            lines.append(
                tr("step loss = {value}").format(
                    value=format_number(float(snap.step_loss_means[i]))
                )
            )
        elif row == "o":
            lines.append(f"o = {', '.join(format_number(float(v)) for v in snap.outputs[i][:4])}")
        elif row == "x":
            lines.append(f"x = {', '.join(format_number(float(v)) for v in snap.inputs[i][:4])}")
        lines.append("<i>" + tr("click to inspect") + "</i>")
        return "<br>".join(lines)
