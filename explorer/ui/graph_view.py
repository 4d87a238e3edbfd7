"""The unrolled computation graph: one lane per model, drawn from the model's Topology.

Each lane is whatever ``engine.description_topology.unroll`` describes for its model:
rows x, h (one per layer and direction), c, o, L; nodes at (row, t); edges that name their
weights. The scene is built once per layout (sequence length, the compared models and
their rows) and then only restyled: each frame changes brushes and pens of existing items,
and only of items whose look changed. That keeps a 200-step, two-lane graph cheap enough
to animate. The pieces live in ``explorer.ui.graph``.

Other views talk to the graph in Topology ids ("h@3", "l1r.h@2", "h@2->h@3", "W_hh"):
``setHighlight(ids)`` outlines them, ``sigHovered`` reports the node or edge under the
mouse, ``targetRect("node:h@3")`` says where it is drawn.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QVBoxLayout,
    QWidget,
)

from explorer.engine.description_topology import Topology
from explorer.session.snapshot import SessionView
from explorer.ui.after_repaint import paint_after_a_breath
from explorer.ui.graph.canvas import GraphCanvas, GraphOverview
from explorer.ui.graph.colouring import Colouring, Reveal
from explorer.ui.graph.fader import Fader
from explorer.ui.graph.fitting import plan as plan_layout
from explorer.ui.graph.fitting import scaled_font
from explorer.ui.graph.header import GraphHeader
from explorer.ui.graph.highlight import lit_ids, target_items
from explorer.ui.graph.items import EdgeItem, Lane, NodeItem, WeightLabel
from explorer.ui.graph.layout import (
    FALLBACK_PANE,
    HEADER,
    LANE_GAP,
    MARGIN,
    Grid,
    LaneBuilder,
    anchor_texts,
    build_cursor_marks,
    build_time_axis,
    drawn_shape,
    lane_topology,
)
from explorer.ui.graph.parts import fit_key
from explorer.ui.graph.style import HIGHLIGHT
from explorer.ui.graph.tags import place_weight_tags
from explorer.ui.graph.tooltips import item_tooltip
from explorer.ui.phrases import status_text
from explorer.ui.selection import Selection
from explorer.ui.theme import (
    revealed,
    showing_gradient,
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents

# A manual pan or zoom holds off following the time cursor for this long.
FOLLOW_HOLD_S = 3.0


class GraphView(QWidget):
    """Lanes of the unrolled network, synchronised with the session's frames."""

    sigNodeClicked = Signal(str, str, int)  # cell, row key ("h", "l1r.h"), t (1-based)
    # While training, the frames a costly view draws are left out (see ``SessionEvents``).
    yield_costly_frames = True
    sigHovered = Signal(str)  # the Topology id of the node or edge under the mouse, "" on leave

    def __init__(
        self,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("graphView")
        self._selection = selection
        self._scene = QGraphicsScene(self)
        self.canvas = GraphCanvas(self._scene, self._tooltip_for, self.fitToPane, self)
        self.canvas.sigZoomed.connect(self._update_time_labels)
        self.canvas.sigHovered.connect(self.sigHovered)
        self.overview = GraphOverview(self)
        self.canvas.sigZoomed.connect(lambda _scale: self._update_overview())
        bar = GraphHeader(
            self,
            {
                "out": lambda: self.canvas.zoomBy(1 / 1.25),
                "in": lambda: self.canvas.zoomBy(1.25),
                "fit": self.canvas.fitAll,
                "width": self.canvas.fitWidth,
            },
        )
        self.header = bar
        self.legend, self.loss_key, self.hint = bar.legend, bar.loss_key, bar.hint
        self.zoom_buttons = bar.zoom_buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.overview)

        self.lanes: dict[str, Lane] = {}
        self._layout_key: tuple | None = None
        self._view: SessionView | None = None
        self._grid = Grid(MARGIN, 60.0, 14.0)
        self._time_labels: list[QGraphicsSimpleTextItem] = []
        # Every text item with the font it has at text scale 1 (see setTextScale).
        self._texts: list[tuple[QGraphicsSimpleTextItem | QGraphicsTextItem, QFont]] = []
        self._text_scale = 1.0
        # The scale the texts are drawn at: the asked one, unless rows are too close for it.
        self._shown_text = 1.0
        self._tag_px: float | None = None
        self._scene_size = (0.0, 0.0)
        self._fit_scale = 1.0  # the zoom the layout was planned for
        self._building = False
        # What is lit: the weight tag under the mouse, and what another view asked for.
        self._tag: WeightLabel | None = None
        self._asked: frozenset[str] = frozenset()
        self._cursor_band: QGraphicsRectItem | None = None
        self._selected_ring: QGraphicsEllipseItem | None = None
        self.colouring = Colouring()
        self.fader = Fader(self)
        self._last_cursor = 0
        selection.sigChanged.connect(self._on_selection)
        if events is not None:
            events.follow(self)

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

    # ------------------------------------------------------------------------- geometry
    def steps(self) -> int:
        """The sequence length drawn (0 without a graph)."""
        return self._view.T if self._view is not None and self.lanes else 0

    def columnX(self, t: float) -> float:
        """The scene x of time step ``t``'s column."""
        return self._grid.x(t)

    def stepAt(self, x: float) -> float:
        """The time step (as a float) at scene x ``x``."""
        return (x - self._grid.margin) / self._grid.spacing + 0.5

    # ------------------------------------------------------------------------- fitting
    def _tag_height(self) -> float:
        """Pixel height of a weight tag at text scale 1 (measured once)."""
        if self._tag_px is None:
            probe = WeightLabel("", "", "W_hh", lambda *_a: None)
            self._tag_px = probe.boundingRect().height()
        return self._tag_px

    def plan(self, T: int, topologies: list[Topology]) -> tuple[float, float, float]:
        """``(spacing, margin, scale)`` that fit ``T`` steps of the lanes of ``topologies``
        into the pane: scene units per step and left of t = 1, and the zoom that shows
        them. Sets the text scale the texts are drawn at."""
        size = self.canvas.viewport().size()
        pane = (size.width(), size.height())
        if not self.canvas.isVisible() or pane[0] < 40 or pane[1] < 30:
            pane = FALLBACK_PANE  # not laid out yet
        fit = plan_layout(pane, T, topologies, self._text_scale, self._tag_height(), scaled_font)
        self._shown_text = fit.text
        return fit.spacing, fit.margin, fit.scale

    def fitToPane(self) -> None:
        """Lay the graph out for the pane's size and show it at the planned zoom, the time
        cursor in view (Fit, 0, and every resize until the user zooms)."""
        view = self._view
        if view is None or not self.lanes:
            return
        before = self._shown_text
        spacing, margin, scale = self.plan(view.T, [lane.topology for lane in self.lanes.values()])
        grid = self._grid
        if (spacing, margin, self._shown_text) != (grid.spacing, grid.margin, before):
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
        anchor_texts(list(self.lanes.values()), self._time_labels)

    def _scaled_font(self, base: QFont) -> QFont:
        return scaled_font(base, self._shown_text)

    def _add_text(self, item: QGraphicsSimpleTextItem | QGraphicsTextItem, base: QFont) -> None:
        """Give ``item`` the font ``base`` at the current text scale, and remember it."""
        self._texts.append((item, QFont(base)))
        item.setFont(self._scaled_font(base))

    # ------------------------------------------------------------------------- layout
    def _topology(self, view: SessionView, cell: str) -> Topology:
        """The unrolled graph of ``cell``'s model (see ``layout.lane_topology``)."""
        lane = self.lanes.get(cell)
        return lane_topology(view, cell, lane.topology if lane is not None else None)

    def _build(self, view: SessionView, topologies: dict[str, Topology]) -> None:
        """Create every item for the layout. Called only when that layout changes."""
        self._building = True
        try:
            self._build_scene(view, topologies)
        finally:
            self._building = False

    def _build_scene(self, view: SessionView, topologies: dict[str, Topology]) -> None:
        self.fader.clear()
        self.canvas.forgetHover()
        self._tag = None
        self._scene.clear()
        self.lanes = {}
        self._time_labels = []
        self._texts = []
        T = view.T
        spacing, margin, self._fit_scale = self.plan(T, list(topologies.values()))
        self._grid = grid = Grid(margin, spacing, min(14.0, 0.36 * spacing))
        builder = LaneBuilder(
            self._scene, grid, self._add_text, self._clicked, self._hover_weight, self.fader
        )
        top = 0.0
        for cell, topology in topologies.items():
            lane = builder.build(cell, topology, top)
            self.lanes[cell] = lane
            top += lane.height + LANE_GAP
        width = grid.x(T + 0.5) + 20
        self._time_labels = build_time_axis(
            self._scene, grid, T, top - LANE_GAP + 2, self._add_text
        )
        self._cursor_band, self._selected_ring = build_cursor_marks(self._scene, grid, top)
        self._scene_size = (width, top + 26)
        self._set_scene_rect()
        self._anchor_texts()
        self.canvas.setZoom(self._fit_scale)
        self.canvas.centerOn(QPointF(0, self._scene.sceneRect().center().y()))
        self._update_time_labels(self.canvas.transform().m11())
        self._update_overview()
        self._last_cursor = 0

    # ------------------------------------------------------------------------- frames
    def setView(self, view: SessionView) -> None:
        """Show ``view``: rebuild only if the layout (T, models, their rows) changed, else
        restyle. A training frame with a newly built iteration restyles one lane per turn
        of the event loop and is painted a turn after the last, so the window answers in
        between (restyling three lanes of 200 steps takes 35 ms, and painting them 10 ms);
        the other training frames, which change a few items, paint with the turn that
        draws them."""
        if view.running and self._same_picture(view):
            # Between display builds a training frame brings the same records again: the
            # lanes stay as they are (restyling them cost 5 ms a frame at the defaults).
            self._view = view
            return
        if not (view.running and self._new_records(view)):
            self._show(view)
            return
        first, *rest = view.cells  # (new records: at least one model)
        paint_after_a_breath(
            self.canvas,
            lambda: self._show(view, (first,)),
            *(lambda cell=cell: self._restyle_lane(view, cell) for cell in rest),
        )

    def _restyle_lane(self, view: SessionView, cell: str) -> None:
        """Restyle ``cell``'s lane for ``view``, unless a newer frame is drawn by now."""
        if self._view is view:
            self.fader.begin(False)
            self._restyle((cell,))
            self.fader.commit()

    def _same_picture(self, view: SessionView) -> bool:
        """Whether ``view`` draws what the last training frame drew: the same models with
        the same records (the very snapshots) and statuses."""
        last = self._view
        return (
            last is not None
            and self._layout_key is not None  # (None: the drawing must be made anew)
            and last.running
            and last.cells == view.cells
            and last.T == view.T
            and last.status == view.status
            and last.same_records(view)
        )

    def _new_records(self, view: SessionView) -> bool:
        """Whether ``view`` shows another iteration's records than the frame drawn last."""
        shown = self._view.records if self._view is not None else {}
        return any(shown.get(cell) is not snap for cell, snap in view.records.items())

    def _show(self, view: SessionView, cells: Collection[str] | None = None) -> None:
        """Draw ``view`` (restyling only the lanes of ``cells``, if given and the drawing
        stays)."""
        topologies = {cell: self._topology(view, cell) for cell in view.cells}
        key = (view.T, view.cells, tuple(drawn_shape(t) for t in topologies.values()))
        fresh = key != self._layout_key
        if fresh:
            self._layout_key = key
            self._build(view, topologies)
        else:
            # The same drawing of models whose sizes may have become known: the lanes
            # stay, and answer (tooltips, the inspector's links) for the current models.
            for cell, topology in topologies.items():
                self.lanes[cell].topology = topology
        self._view = view
        # Ease colours only while stepping through; a new layout or training frames jump.
        self.fader.begin(not fresh and not view.running)
        self._restyle(None if fresh else cells)
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
        x = self._grid.x(t)
        room = min(2.0 * self._grid.spacing, 0.25 * visible.width())
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
        x, r = self._grid.x(t), self._grid.radius
        return visible.left() <= x - r and x + r <= visible.right()

    def _restyle(self, cells: Collection[str] | None = None) -> None:
        """Colour the lanes (those of ``cells`` only, if given) for the frame shown."""
        view = self._view
        if view is None:
            return
        forward, backward_from = revealed(view)
        reveal = Reveal(forward, backward_from, view.T)
        gradient = showing_gradient(view)
        colouring = self.colouring
        colouring.rescale(view)
        unit = self._selection.unit
        for cell, lane in self.lanes.items():
            if cells is not None and cell not in cells:
                continue
            snap = view.records.get(cell)
            status = view.status.get(cell)
            diverged = status is not None and status.diverged
            lane.veil.setVisible(diverged)
            lane.badge.setText(f"⚠ {status_text(status)}" if diverged else "")
            if snap is None:
                colouring.blank_lane(lane)
                continue
            nodes, edges = self._lit(lane)
            colouring.style_nodes(lane, snap, reveal, gradient, unit, nodes)
            colouring.style_edges(lane, snap, reveal, gradient, edges)
        band = self._cursor_band
        if view.cursor > 0:
            spacing = self._grid.spacing
            band.setRect(self._grid.x(view.cursor) - spacing / 2, 0, spacing, band.rect().height())
        band.setVisible(view.cursor > 0)
        deep = any(lane.topology.spec.deep for lane in self.lanes.values())
        self.header.showScales(colouring, gradient, unit, deep)
        self._place_ring()
        self.overview.update()

    # ------------------------------------------------------------------------- highlight
    def setHighlight(self, ids: Collection[str]) -> None:
        """Outline these Topology ids in the selected model's lane (the first lane when
        none is selected): node ids ("h@3", "l1r.h@2"), edge ids ("h@2->h@3") or weight
        names ("W_hh": every edge that multiplies by it). Nothing else is dimmed; empty
        clears."""
        asked = frozenset(ids)
        if asked != self._asked:
            self._asked = asked
            if not self._building:
                self._restyle()

    def _highlight_lane(self) -> Lane | None:
        lane = self.lanes.get(self._selection.cell)
        return lane if lane is not None else next(iter(self.lanes.values()), None)

    def _lit(self, lane: Lane) -> tuple[frozenset[str], frozenset[str]]:
        """The node ids and edge ids of ``lane`` drawn highlighted."""
        tag = self._tag
        weights = tag.weights if tag is not None and tag.cell == lane.cell else ()
        asked = self._asked if lane is self._highlight_lane() else ()
        return lit_ids(lane, weights, asked)

    def targetRect(self, target: str) -> QRectF | None:
        """Where "node:ID" or "edge:ID_OR_WEIGHT" is drawn in the highlight lane, in this
        widget's coordinates; None when it is not drawn or not in sight. A weight name
        gives its tag in the margin and every edge that multiplies by it."""
        lane = self._highlight_lane()
        items = target_items(lane, target) if lane is not None else []
        if not items:
            return None
        scene = items[0].sceneBoundingRect()
        for item in items[1:]:
            scene = scene.united(item.sceneBoundingRect())
        canvas = self.canvas
        port = canvas.mapFromScene(scene).boundingRect()
        port = port.intersected(canvas.viewport().rect())
        if port.isEmpty():
            return None
        origin = canvas.viewport().mapTo(self, port.topLeft())
        return QRectF(origin.x(), origin.y(), port.width(), port.height())

    def _hover_weight(self, tag: WeightLabel | None) -> None:
        self._tag = tag
        # A zoom set while the scene is being built replays the mouse over the new tags:
        # the lanes are not complete yet, and the frame's restyle follows anyway.
        if not self._building:
            self._restyle()

    def highlighted_edges(self) -> list[EdgeItem]:
        """Edges currently drawn in the highlight colour (for tests and the inspector)."""
        lit = (HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue())
        return [
            e
            for lane in self.lanes.values()
            for e in lane.all_edges()
            if e.last is not None and e.last[:3] == lit
        ]

    # ------------------------------------------------------------------------- interaction
    def node(self, cell: str, row: str, t: int) -> NodeItem:
        """The node item of ``row`` (x, h, c, o, L, or "l1r.h" in a deep model) at time
        ``t`` in ``cell``'s lane."""
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
        if ring is None:
            return
        items = lane.nodes.get(sel.node, []) if lane is not None else []
        # An item's key holds its column (a decoder's step u sits in column S + u).
        item = next((it for it in items if it.key[2] == sel.t), None)
        ring.setVisible(item is not None)
        if item is not None:
            ring.setPos(item.rect().center())

    def weightLabelRect(self, cell: str, family: str) -> QRectF:
        """Where the tag ``family`` ("in", "rec", "out"; "rec@l1r." in a deep model) in
        ``cell``'s lane is, in scene coordinates (for tests and layout checks)."""
        return self.lanes[cell].labels[family].sceneBoundingRect()

    def _update_time_labels(self, scale: float) -> None:
        place_weight_tags(list(self.lanes.values()), self._grid, scale)
        for lane in self.lanes.values():
            fit_key(lane.titles, scale)
        if not self._time_labels:
            return
        pixels = max(1e-6, self._grid.spacing * scale)
        step = max(1, math.ceil(34.0 * self._shown_text / pixels))
        for nice in (1, 2, 5, 10, 20, 25, 50, 100):
            if nice >= step:
                step = nice
                break
        for t, label in enumerate(self._time_labels, start=1):
            label.setVisible(t == 1 or t % step == 0)

    def _tooltip_for(self, item: QGraphicsItem) -> str:
        return item_tooltip(self._view, self.lanes, item)
