"""The weight tags of a lane: each shared weight named once, in the margin left of the
first nodes, with a leader line to the first edge that multiplies by it."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from explorer.engine.description_topology import Topology
from explorer.ui.graph.grid import Grid
from explorer.ui.graph.items import Lane


def tag_places(topology: Topology) -> list[tuple[str, str, tuple[str, ...]]]:
    """(tag key, edge family, the rows whose incoming edges it names) of a lane's weight
    tags, top to bottom: "out"; "rec" (one layer) or "rec@l1r." per state row; "in"."""
    states = [row for row in topology.rows if row.kind == "h"]
    # Output recurrence has no h → h edge: its recurrence runs o_{t−1} → h_t.
    rec = "rec" if any(e.family == "rec" for e in topology.edges) else "out_rec"
    places = [("out", "out", ("o",))]
    if len(states) == 1:
        places.append(("rec", rec, (states[0].key,)))
    else:
        places += [(f"rec@{row.key[:-1]}", rec, (row.key,)) for row in states]
    places.append(("in", "in", tuple(row.key for row in states)))
    return places


def tag_weights(topology: Topology, family: str, rows: tuple[str, ...]) -> tuple[str, ...]:
    """The parameter names a tag stands for: those of the ``family`` edges into ``rows``;
    for "in", those of the edges from the input x (the layers above have no tag)."""
    names: dict[str, None] = {}
    for e in topology.edges:
        if family == "in":
            chosen = e.family == "in" and topology.node(e.source).kind == "x"
        else:
            chosen = e.family == family and topology.node(e.target).row in rows
        if chosen:
            names.update(dict.fromkeys(e.weights))
    return tuple(names)


def tag_spot(lane: Lane, key: str, grid: Grid) -> tuple[float, QPointF] | None:
    """The row (y) tag ``key`` sits on, and the point of its edge its leader reaches; None
    when the lane has no such row (an encoder–decoder's rows carry their part's prefix)."""
    ys, r = lane.rows, grid.radius

    def x1(row: str) -> float:  # the row's first column (a decoder's is right of S)
        return grid.x(1 + lane.columns.get(row, (0, 0))[0])

    rows = list(ys)
    needed = {"out": "o", "in": "x"}.get(key)
    if needed is not None and (needed not in ys or rows.index(needed) + 1 > len(rows)):
        return None
    if key == "out":
        below = ys[rows[rows.index("o") + 1]]
        return ys["o"], QPointF(x1("o"), 0.5 * (ys["o"] + below))
    if key == "in":
        above = ys[rows[rows.index("x") - 1]]
        return ys["x"], QPointF(x1("x"), 0.5 * (above + ys["x"]))
    row = "h" if key == "rec" else key.split("@", 1)[1] + "h"
    if row not in ys:
        return None
    return ys[row], QPointF(x1(row) - r, ys[row])  # h_0 · W_hh feeds h_1


def place_weight_tags(lanes: list[Lane], grid: Grid, scale: float) -> None:
    """Keep the weight tags a constant size on screen at zoom ``scale``, in the margin
    left of the first nodes (never on a node), each with a leader to its edge at t = 1."""
    s = max(scale, 1e-6)
    right = grid.x(1) - grid.radius - 10.0 / s
    for lane in lanes:
        for key, label in lane.labels.items():
            spot = tag_spot(lane, key, grid)
            label.setVisible(spot is not None)
            lane.leaders[key].setVisible(spot is not None)
            if spot is None:
                continue
            y, target = spot
            br = label.boundingRect()
            label.setScale(1.0 / s)
            label.setPos(right - br.width() / s, y - 0.5 * br.height() / s)
            path = QPainterPath(QPointF(right, y))
            path.lineTo(target)
            lane.leaders[key].setPath(path)
