"""Where a Topology goes on the scene: rows top to bottom, time steps left to right.

The lane builder draws whatever :func:`explorer.engine.description_topology.unroll` hands
it: one row per Topology row, one node per (row, t) for t = 1 … T (initial states are not
drawn, nor the edges that leave them), one edge item per Topology edge. It knows no cell:
a stacked model's layers are its rows, a reverse direction is a row whose recurrent edges
point from t + 1 to t, so their arrows run right to left.

Geometry: a cell state c sits a little right of its step's column (its belt would run
through h otherwise). An edge whose straight line would cross a node of a row between its
ends (layer 0 → layer 1 past the reverse direction's row) leaves its source sideways, runs
in the channel left of the column and comes back in; the edges of a column whose runs
overlap each get a channel of their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from explorer.engine.description_topology import (
    CELL_GATES,
    Edge,
    ModelSpec,
    Topology,
    spec_from_params,
    unroll,
)
from explorer.session.snapshot import SessionView
from explorer.ui.graph.fader import Fader
from explorer.ui.graph.grid import Grid
from explorer.ui.graph.items import CutMark, EdgeItem, Lane, NodeItem, WeightLabel, edge_path
from explorer.ui.graph.parts import build_part_titles, chain_key, part_columns, total_columns
from explorer.ui.graph.style import BLANK, RESTING_EDGE, UNREVEALED_PEN, row_title, tag_name
from explorer.ui.graph.tags import tag_places, tag_weights
from explorer.ui.i18n import tr
from explorer.ui.theme import DIVERGED_COLOUR, cell_colour, cell_label, font

ROW_GAP = 46.0
C_ROW_GAP = 0.6 * ROW_GAP
HEADER = 34.0
LANE_GAP = 18.0
# The left margin holds the row titles and, nearer the nodes, the shared-weight labels.
MARGIN = 240.0
# Time steps get up to MAX_SPACING scene units; the whole sequence is fitted into the
# pane's width while each step gets at least FIT_STEP_PX on screen; a longer sequence
# scrolls at SCROLL_STEP_PX per step, with the overview strip beneath showing all of it.
MAX_SPACING = 60.0
FIT_STEP_PX = 8.0
SCROLL_STEP_PX = 28.0
MAX_FIT_SCALE = 2.0
# A pane not laid out yet (figures built offscreen) is planned at this size.
FALLBACK_PANE = (1000, 420)
# Junction glyphs (LSTM ⊗/⊕, GRU mixing) only where there is room for them.
JUNCTIONS_UP_TO_T = 60
# A cell state's offset right of its column, in steps.
C_OFFSET = 0.32
# The channels left of a column that edges skipping rows run in, in steps (each clear of
# the column's state nodes and of the previous step's cell state).
CHANNELS = (-0.27, -0.33, -0.39)
JUNCTION_TIPS = {
    "×": "forget gate: c_{t−1} is multiplied by f_t",
    "+": "input gate: i_t ⊙ c̃_t is added",
    "z": "update gate: h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t",
}


@functools.lru_cache(maxsize=64)
def _spec(cell: str, shapes: tuple[tuple[str, tuple[int, ...]], ...]) -> ModelSpec:
    return spec_from_params(cell, dict(shapes))


def one_layer_spec(cell: str) -> ModelSpec:
    """The layout of a one-layer ``cell`` model (a vanilla one for a cell the engine does
    not describe), for a lane that has no data yet."""
    return ModelSpec(cell if cell in CELL_GATES else "rnn", 1, 1, 1, "", "", ())


def lane_topology(view: SessionView, cell: str, previous: Topology | None) -> Topology:
    """The unrolled graph of ``cell``'s model in ``view``, read from its snapshot's weights;
    without a snapshot (diverged, not started) the ``previous`` layout or a one-layer one.
    An encoder–decoder's snapshot has S source steps then U target steps on its axis."""
    snap = view.records.get(cell)
    if snap is not None:
        shapes = tuple((name, tuple(w.shape)) for name, w in snap.weights.items())
        # Output recurrence is a vanilla cell whose recurrence runs through W_oh.
        kind = "output_recurrence" if "W_oh" in snap.weights else snap.cell
        try:
            spec = _spec(kind, shapes)
        except ValueError:  # weights that name no layout the engine describes
            spec = one_layer_spec(snap.cell)
        S = int(getattr(snap, "source_steps", 0))
        if spec.encoder_decoder and 1 <= S < view.T:
            return unroll(spec, S, "cell", target_steps=view.T - S)
        if spec.encoder_decoder:
            spec = one_layer_spec(snap.cell)
    elif previous is not None:
        if total_columns(previous) == view.T:
            return previous
        spec = previous.spec if not previous.spec.encoder_decoder else one_layer_spec(cell)
    else:
        spec = one_layer_spec(cell)
    return unroll(spec, view.T, "cell")


# Topology → its drawn shape, keyed by the object (unroll() hands out cached ones, so few).
_SHAPES: dict[int, tuple[Topology, tuple]] = {}
SHAPES_KEPT = 64


def drawn_shape(topology: Topology) -> tuple:
    """What a lane draws of ``topology``: its rows, nodes and edges and the model's layout,
    without the vector sizes and weight names that only the numbers read. Topologies of
    one shape share a scene: a run's first frame, which learns the models' sizes, restyles
    the lanes drawn before it instead of building them again."""
    held = _SHAPES.get(id(topology))
    if held is not None and held[0] is topology:
        return held[1]
    spec = replace(topology.spec, input_size=0, hidden_size=0, output_size=0, param_names=())
    nodes = tuple(replace(node, size=0) for node in topology.nodes)
    shape = (spec, topology.T, topology.detail, topology.rows, nodes, topology.edges)
    if len(_SHAPES) >= SHAPES_KEPT:
        _SHAPES.clear()
    _SHAPES[id(topology)] = (topology, shape)
    return shape


def row_gaps(topology: Topology) -> list[float]:
    """The height of each row of ``topology``'s lane. A deep model's cell-state rows are
    lower (their nodes sit right of the column, clear of the state below), so that its
    many rows still fit a pane."""
    deep = topology.spec.deep
    return [C_ROW_GAP if deep and row.kind == "c" else ROW_GAP for row in topology.rows]


def lane_height(topology: Topology) -> float:
    """Height of ``topology``'s lane, its header included."""
    return HEADER + sum(row_gaps(topology))


def smallest_gap(topologies: list[Topology]) -> float:
    """The lowest row of these lanes (texts are kept no taller than it)."""
    return min((min(row_gaps(t)) for t in topologies), default=ROW_GAP)


def skip_channels(topology: Topology, blocking: set[str]) -> dict[tuple[str, str], int]:
    """(source row, target row) → channel index of every edge that must go round a row in
    ``blocking`` (rows whose nodes sit on the column line, of the edge's part) between its
    ends; edges whose
    runs overlap get different channels (greedy interval colouring, the same each step)."""
    index = {row.key: i for i, row in enumerate(topology.rows)}
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for e in topology.edges:
        a, b = index[topology.node(e.source).row], index[topology.node(e.target).row]
        lo, hi = min(a, b), max(a, b)
        # An encoder–decoder's rows of the other part are empty in this edge's columns.
        part = topology.rows[b].part
        between = {row.key for row in topology.rows[lo + 1 : hi] if row.part in ("", part)}
        if between & blocking:
            spans[(topology.node(e.source).row, topology.node(e.target).row)] = (lo, hi)
    taken: list[list[tuple[int, int]]] = [[] for _ in CHANNELS]
    out = {}
    for key, (lo, hi) in sorted(spans.items(), key=lambda kv: kv[1]):
        free = [i for i, used in enumerate(taken) if all(hi <= a or lo >= b for a, b in used)]
        channel = free[0] if free else len(CHANNELS) - 1
        taken[channel].append((lo, hi))
        out[key] = channel
    return out


class LaneBuilder:
    """Makes one model's lane of items on ``scene`` from its Topology, on ``grid``.

    ``add_text(item, font)`` registers a text with the view (it scales in presentation
    mode); ``on_click`` receives a node's key, ``on_hover`` a weight tag (None on leave).
    """

    def __init__(
        self,
        scene: QGraphicsScene,
        grid: Grid,
        add_text: Callable[[QGraphicsItem, QFont], None],
        on_click: Callable,
        on_hover: Callable,
        fader: Fader,
    ) -> None:
        self.scene = scene
        self.grid = grid
        self._add_text = add_text
        self._on_click = on_click
        self._on_hover = on_hover
        self._fader = fader

    # ------------------------------------------------------------------------- geometry
    def centre(self, lane: Lane, node_id: str) -> tuple[QPointF, float]:
        """Where node ``node_id`` of ``lane`` is drawn, and its radius."""
        node = lane.topology.node(node_id)
        g = self.grid
        x = g.x(self.column(lane, node_id)) + (C_OFFSET * g.spacing if node.kind == "c" else 0.0)
        r = g.radius * (0.8 if node.kind in ("L", "x") else 1.0)
        return QPointF(x, lane.rows[node.row]), r

    def column(self, lane: Lane, node_id: str) -> int:
        """The column of node ``node_id`` on the time axis (a decoder's right of S)."""
        node = lane.topology.node(node_id)
        return lane.columns[node.row][0] + node.t

    def _edge_points(
        self, lane: Lane, e: Edge, channels: dict[tuple[str, str], int]
    ) -> tuple[list[QPointF], bool]:
        s, rs = self.centre(lane, e.source)
        p, rt = self.centre(lane, e.target)
        key = (lane.topology.node(e.source).row, lane.topology.node(e.target).row)
        if key not in channels:
            return [_towards(s, p, rs), _towards(p, s, rt)], False
        # Round the rows between: out sideways to the channel, along it, back in.
        x = p.x() + CHANNELS[channels[key]] * self.grid.spacing
        lift = 0.5 * ROW_GAP * (1.0 if p.y() > s.y() else -1.0)
        a, b = QPointF(x, s.y() + lift), QPointF(x, p.y() - lift)
        return [_towards(s, a, rs), a, b, _towards(p, b, rt)], True

    # ------------------------------------------------------------------------- lane
    def build(self, cell: str, topology: Topology, top: float) -> Lane:
        """The lane of ``cell`` over ``topology`` with its top at ``top``."""
        ys, y = {}, top + HEADER
        for row, gap in zip(topology.rows, row_gaps(topology), strict=True):
            ys[row.key] = y + 0.5 * gap
            y += gap
        lane = Lane(cell, top, ys, topology, {row.key: row for row in topology.rows})
        lane.height = lane_height(topology)
        lane.columns = part_columns(topology)
        self._frame(lane)
        lane.titles = build_part_titles(
            self.scene, topology, self.grid.x, top + 4, self._add_text, ys
        )
        self._row_titles(lane)
        self._edges(lane)
        if topology.T <= JUNCTIONS_UP_TO_T:
            self._junctions(lane)
        self._nodes(lane)
        self._weight_tags(lane)
        return lane

    def _frame(self, lane: Lane) -> None:
        """The title, the divergence badge and veil, and the colour stripe of the lane."""
        cell, scene = lane.cell, self.scene
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
        badge.setPos(self.grid.margin, lane.top + 4)
        badge.setZValue(30)
        scene.addItem(badge)
        lane.badge = badge
        stripe = QGraphicsRectItem(0, lane.top, 5, lane.height)
        stripe.setBrush(QBrush(cell_colour(cell)))
        stripe.setPen(QPen(Qt.PenStyle.NoPen))
        scene.addItem(stripe)
        width = self.grid.x(total_columns(lane.topology) + 0.5) + 20
        veil = QGraphicsRectItem(0, lane.top, width, lane.height)
        veil.setBrush(QBrush(QColor(176, 0, 32, 28)))
        veil.setPen(QPen(QColor(DIVERGED_COLOUR), 2.0, Qt.PenStyle.DashLine))
        veil.setZValue(25)
        veil.setVisible(False)
        scene.addItem(veil)
        lane.veil = veil

    def _row_titles(self, lane: Lane) -> None:
        deep = lane.topology.spec.deep
        for row in lane.topology.rows:
            text = QGraphicsSimpleTextItem(row_title(row, deep, lane.topology.spec.layers))
            self._add_text(text, font(0.9))
            text.setBrush(QBrush(QColor("#555")))
            text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            text.setPos(14, lane.rows[row.key])
            self.scene.addItem(text)
            lane.row_labels[row.key] = text

    def _drawn(self, lane: Lane, node_id: str) -> bool:
        node = lane.topology.node(node_id)
        return 1 <= node.t <= lane.columns[node.row][1]

    def _edges(self, lane: Lane) -> None:
        topo = lane.topology
        blocking = {row.key for row in topo.rows if row.kind != "c"}
        channels = skip_channels(topo, blocking)
        head = 0.32 * self.grid.radius
        for e in topo.edges:
            if e.family == "context":
                # Into the decoder's initial state, which is not drawn: to its first step.
                e_drawn = replace(e, target=e.target.replace("@0", "@1"))
            else:
                e_drawn = e
            if not (self._drawn(lane, e_drawn.source) and self._drawn(lane, e_drawn.target)):
                continue
            points, curved = self._edge_points(lane, e_drawn, channels)
            item = self._edge_item(lane, e, edge_path(points, head, curved))
            item.setZValue(2)
            item.style(RESTING_EDGE)
            self.scene.addItem(item)
            lane.edges.setdefault(e.family, []).append(item)
            lane.by_edge[e.id] = item
            if e.family == "rec" and e.truncated_by is not None:
                lane.cuts.append(self._cut_mark(points, item))

    def _edge_item(self, lane: Lane, e: Edge, path: QPainterPath) -> EdgeItem:
        """The item of edge ``e`` with its column, the row whose gradient it carries and
        the forward step that computes it."""
        topo = lane.topology
        target = topo.node(e.target)
        offset, steps = lane.columns[target.row]
        if e.family == "context":  # carries ∂L/∂h of the encoder's final state
            source = topo.node(e.source)
            return EdgeItem(path, e, offset + 1, source.row, source.t, offset)
        s = offset + (steps + 1 - target.t if e.direction == "reverse" else target.t)
        return EdgeItem(path, e, offset + target.t, target.row, target.t, s)

    def _cut_mark(self, points: list[QPointF], edge: EdgeItem) -> CutMark:
        """Two short bars across the middle of a recurrent edge, hidden until ξ cuts it."""
        mid = 0.5 * (points[0] + points[-1])
        s, h = self.grid.spacing, 0.9 * self.grid.radius
        path = QPainterPath()
        for off in (-0.12, 0.12):
            path.moveTo(mid.x() + off * s - h * 0.3, mid.y() - h)
            path.lineTo(mid.x() + off * s + h * 0.3, mid.y() + h)
        cut = CutMark(path, edge)
        cut.setPen(QPen(QColor(DIVERGED_COLOUR), 2.2))
        cut.setZValue(5)
        cut.setVisible(False)
        self.scene.addItem(cut)
        return cut

    def _junctions(self, lane: Lane) -> None:
        """The element-wise steps the "cell" detail folds into its edges, as glyphs: the
        LSTM's ⊗ (forget) and ⊕ (input) on the belt, the GRU's z-mixing on h_{t−1} → h_t."""
        jr = 0.42 * self.grid.radius
        for e in lane.topology.edges:
            spots = {"f⊙": (("×", 0.4), ("+", 0.7)), "1⊙": (("+", 0.7),), "z⊙": (("z", 0.5),)}
            if e.id not in lane.by_edge or e.via not in spots:
                continue
            s, _ = self.centre(lane, e.source)
            p, _ = self.centre(lane, e.target)
            for glyph, at in spots[e.via]:
                x, y = s.x() + at * (p.x() - s.x()), s.y()
                item = QGraphicsEllipseItem(x - jr, y - jr, 2 * jr, 2 * jr)
                item.setBrush(QBrush(QColor("white")))
                item.setPen(QPen(QColor("#555"), 1.0))
                item.setZValue(8)
                item.setToolTip(tr(JUNCTION_TIPS[glyph]))
                text = QGraphicsSimpleTextItem(glyph, item)
                text.setFont(QFont(font(0.7)))
                br = text.boundingRect()
                text.setPos(x - br.width() / 2, y - br.height() / 2)
                self.scene.addItem(item)
                lane.junctions.append(item)

    def _nodes(self, lane: Lane) -> None:
        for node in lane.topology.nodes:
            if not self._drawn(lane, node.id):
                continue
            c, r = self.centre(lane, node.id)
            item = NodeItem(
                QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r),
                (lane.cell, node.row, self.column(lane, node.id)),
                node.id,
                self._on_click,
                self._fader,
            )
            item.setZValue(10)
            item.style(BLANK, UNREVEALED_PEN, ("blank",))
            self.scene.addItem(item)
            lane.nodes.setdefault(node.row, []).append(item)
            lane.by_node[node.id] = item

    def _weight_tags(self, lane: Lane) -> None:
        """Each shared weight is named once, on a tag in the margin with a leader to its
        first edge; hovering the name lights up every edge that shares it. A deep model
        gets a recurrent tag per layer and direction."""
        topo = lane.topology
        for key, family, rows in tag_places(topo):
            weights = tag_weights(topo, family, rows)
            label = WeightLabel(
                lane.cell, key, tag_name(lane.cell, family, weights), self._on_hover, weights
            )
            self._add_text(label, label.font())
            label.setZValue(15)
            self.scene.addItem(label)
            lane.labels[key] = label
            leader = QGraphicsPathItem()
            leader.setPen(QPen(QColor("#8A8060"), 1.2))
            leader.setZValue(14)
            self.scene.addItem(leader)
            lane.leaders[key] = leader


def _towards(a: QPointF, b: QPointF, distance: float) -> QPointF:
    """The point ``distance`` from ``a`` on the way to ``b``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    norm = max(1e-9, (dx * dx + dy * dy) ** 0.5)
    return QPointF(a.x() + distance * dx / norm, a.y() + distance * dy / norm)


def build_time_axis(
    scene: QGraphicsScene,
    grid: Grid,
    T: int,
    y: float,
    add_text: Callable[[QGraphicsItem, QFont], None],
) -> list[QGraphicsSimpleTextItem]:
    """The step numbers under the last lane at ``y`` (thinned to what the zoom allows by
    the view) and the axis title; returns the numbers."""
    labels = []
    for t in range(1, T + 1):
        label = QGraphicsSimpleTextItem(str(t))
        add_text(label, font(0.85))
        label.setBrush(QBrush(QColor("#444")))
        label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label.setPos(grid.x(t), y)
        scene.addItem(label)
        labels.append(label)
    title = QGraphicsSimpleTextItem(tr("time step t"))
    add_text(title, font(0.9))
    title.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    title.setPos(8, y)
    scene.addItem(title)
    return labels


def build_cursor_marks(
    scene: QGraphicsScene, grid: Grid, height: float
) -> tuple[QGraphicsRectItem, QGraphicsEllipseItem]:
    """The band behind the time cursor's column and the ring around the selected node,
    both hidden until placed."""
    band = QGraphicsRectItem(0, 0, grid.spacing, height)
    band.setBrush(QBrush(QColor(230, 159, 0, 45)))
    band.setPen(QPen(Qt.PenStyle.NoPen))
    band.setZValue(-10)
    band.setVisible(False)
    scene.addItem(band)
    r = grid.radius
    ring = QGraphicsEllipseItem(-r - 5, -r - 5, 2 * r + 10, 2 * r + 10)
    ring.setPen(QPen(QColor("#000000"), 3.0))
    ring.setZValue(20)
    ring.setVisible(False)
    scene.addItem(ring)
    return band, ring


def anchor_texts(lanes: list[Lane], time_labels: list[QGraphicsSimpleTextItem]) -> None:
    """Centre the row labels on their rows and the time steps under their columns, in
    screen pixels (the items ignore the zoom), whatever their font size."""
    for lane in lanes:
        for label in lane.row_labels.values():
            lift = 0.5 * label.boundingRect().height()
            label.setTransform(QTransform.fromTranslate(0, -lift))
    for label in time_labels:
        label.setTransform(QTransform.fromTranslate(-0.5 * label.boundingRect().width(), 0))
    for lane in lanes:
        chain_key(lane.titles)
    # The lane title sits just above the first row's label, so the two never overlap
    # however far the graph is zoomed out.
    for lane in lanes:
        first = next(iter(lane.row_labels.values()), None)
        if lane.header is None or first is None:
            continue
        lane.header.setPos(8, first.pos().y())
        lift = 0.5 * first.boundingRect().height() + lane.header.boundingRect().height()
        lane.header.setTransform(QTransform.fromTranslate(0, -lift))
