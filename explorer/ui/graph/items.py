"""The scene items of the graph view: nodes, edges with arrow heads, truncation marks,
weight tags, and one model's lane of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from explorer.engine.description_topology import Edge, Row, Topology
from explorer.ui.graph.style import (
    BLANK,
    HIGHLIGHT,
    LABEL_BORDER,
    LABEL_FILL,
    WEIGHT_HELP,
    edge_pen,
    rich,
)
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.theme import font

if TYPE_CHECKING:
    from explorer.ui.graph.fader import Fader

# Edges are thin: the mouse finds them within this many scene units of their line.
EDGE_HIT_WIDTH = 8.0


class NodeItem(QGraphicsEllipseItem):
    """A clickable node; remembers its last colour so restyling can skip unchanged nodes.

    ``key`` is (cell, row key, t) and ``node_id`` the Topology id ("h@3", "l1r.h@3").
    """

    def __init__(
        self,
        rect: QRectF,
        key: tuple[str, str, int],
        node_id: str,
        on_click: Callable,
        fader: Fader | None = None,
    ) -> None:
        super().__init__(rect)
        self.key = key
        self.node_id = node_id
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


class EdgeItem(QGraphicsPathItem):
    """One Topology edge: its line or curve with an arrow head at the target, so a reverse
    direction's arrows visibly run right to left. Remembers its last pen.

    ``t`` is the target's column on the time axis, ``target_row`` the row whose gradient
    it carries (its target's; a context edge's source's), ``own`` that row's own step,
    ``s`` the step of the forward pass that computes it (a reverse direction counts from
    the right).
    """

    def __init__(
        self,
        path: QPainterPath,
        edge: Edge,
        t: int,
        target_row: str,
        own: int | None = None,
        s: int | None = None,
    ) -> None:
        super().__init__(path)
        self.edge = edge
        self.family = edge.family
        self.t = t
        self.target_row = target_row
        # Read every frame, so kept as plain attributes; a recurrent edge is reached one
        # step early.
        self.own = t if own is None else own
        self.s = t if s is None else s
        self.feed = edge.feed
        self.reach = 1 if edge.recurrent else 0
        self.cut_by = edge.truncated_by
        self.last: tuple | None = None
        stroker = QPainterPathStroker()
        stroker.setWidth(EDGE_HIT_WIDTH)
        self._hit = stroker.createStroke(path)

    @property
    def edge_id(self) -> str:
        """The Topology id of the edge ("h@2->h@3")."""
        return self.edge.id

    def shape(self) -> QPainterPath:
        # The path alone has no area: the mouse and itemAt find the edge near its line.
        return self._hit

    def style(self, pen_key: tuple) -> None:
        """Apply ``(r, g, b, width, dashed)`` unless it is already in place."""
        if pen_key != self.last:
            self.last = pen_key
            self.setPen(edge_pen(pen_key))


def edge_path(points: list[QPointF], head: float, curved: bool) -> QPainterPath:
    """A line (two points) or a cubic curve (four: ends and two controls) with a chevron
    of size ``head`` at the last point, along the direction it arrives from."""
    path = QPainterPath(points[0])
    if curved:
        path.cubicTo(points[1], points[2], points[3])
    else:
        path.lineTo(points[-1])
    tip, before = points[-1], points[-2]
    dx, dy = tip.x() - before.x(), tip.y() - before.y()
    norm = max(1e-9, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / norm, dy / norm
    for side in (-1.0, 1.0):
        path.moveTo(tip)
        path.lineTo(
            QPointF(
                tip.x() - head * (ux - 0.6 * side * uy), tip.y() - head * (uy + 0.6 * side * ux)
            )
        )
    return path


class CutMark(QGraphicsPathItem):
    """Two short bars across a recurrent edge that truncation cuts (shown where ξ = 0)."""

    def __init__(self, path: QPainterPath, edge: EdgeItem) -> None:
        super().__init__(path)
        self.edge = edge


class WeightLabel(QGraphicsTextItem):
    """A weight's name on a light tag; hovering it highlights every edge sharing the weight.

    The tag lives in the lane's left margin, right-aligned a little before the first node,
    with a leader line to the edge it names. ``weights`` are the parameter names it stands
    for (the LSTM's ``W_h*`` stands for four).
    """

    def __init__(
        self,
        cell: str,
        family: str,
        name: str,
        on_hover: Callable,
        weights: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.cell = cell
        self.family = family
        self.name = name
        self.weights = weights
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
        self._on_hover(self)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setDefaultTextColor(QColor("#222222"))
        self._on_hover(None)
        super().hoverLeaveEvent(event)


@dataclass
class Lane:
    """The items of one model's lane, laid out from its Topology.

    ``rows``: row key → y; ``nodes``: row key → the items of t = 1 … T; ``edges``: family
    → items; ``labels``/``leaders``: tag key ("in", "rec", "out", or "rec@l1r." in a
    deep model) → weight tag and its leader line; ``cuts``: truncation marks in edge order.
    """

    cell: str
    top: float
    rows: dict[str, float]
    topology: Topology | None = None
    row_info: dict[str, Row] = field(default_factory=dict)
    nodes: dict[str, list[NodeItem]] = field(default_factory=dict)
    edges: dict[str, list[EdgeItem]] = field(default_factory=dict)
    by_node: dict[str, NodeItem] = field(default_factory=dict)
    by_edge: dict[str, EdgeItem] = field(default_factory=dict)
    labels: dict[str, WeightLabel] = field(default_factory=dict)
    row_labels: dict[str, QGraphicsSimpleTextItem] = field(default_factory=dict)
    leaders: dict[str, QGraphicsPathItem] = field(default_factory=dict)
    cuts: list[CutMark] = field(default_factory=list)
    junctions: list[QGraphicsEllipseItem] = field(default_factory=list)
    header: QGraphicsSimpleTextItem | None = None
    badge: QGraphicsSimpleTextItem | None = None
    veil: QGraphicsRectItem | None = None
    height: float = 0.0
    # Row key → (column offset, steps drawn): see ``parts.part_columns``.
    columns: dict[str, tuple[int, int]] = field(default_factory=dict)
    titles: list[QGraphicsSimpleTextItem] = field(default_factory=list)

    def all_edges(self) -> list[EdgeItem]:
        """Every edge item of the lane, family by family."""
        return [e for items in self.edges.values() for e in items]
