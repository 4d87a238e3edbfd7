"""Colours, pens and texts of the graph view, shared by its items, layout and colouring."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from explorer.engine.description_topology import Row
from explorer.ui.i18n import tr, tr_noop

LABEL_FILL = QColor(255, 253, 240, 235)
LABEL_BORDER = QColor("#C8C0A0")
BLANK = QColor("white")
UNREVEALED_PEN = QPen(QColor("#BBBBBB"), 1.2)
NODE_PEN = QPen(QColor("#333333"), 1.4)
# A state that no gradient reaches (cut off by truncation): grey, dashed, not the scale's
# darkest colour, which would read as "tiny" rather than "none".
NO_GRADIENT = QColor("#D9D9D9")
NO_GRADIENT_PEN = QPen(QColor("#777777"), 1.4, Qt.PenStyle.DashLine)
HIGHLIGHT = QColor("#E69F00")
# The outline of a node another view points at (setHighlight).
HIGHLIGHT_PEN = QPen(HIGHLIGHT.darker(115), 4.0)

# Pen keys ``(r, g, b, width, dashed)`` of edges.
UNREACHED_EDGE = (215, 215, 215, 1.0, False)
CUT_EDGE = (190, 190, 190, 1.2, True)
NO_DATA_EDGE = (200, 200, 200, 1.0, True)
RESTING_EDGE = (154, 154, 154, 1.3, False)
RESTING_BELT = (120, 120, 120, 3.0, False)
LIT_EDGE = (HIGHLIGHT.red(), HIGHLIGHT.green(), HIGHLIGHT.blue(), 5.0, False)

ROW_TITLES = {
    "L": tr_noop("loss L"),
    "o": tr_noop("output o"),
    "c": tr_noop("cell c"),
    "h": tr_noop("state h"),
    "x": tr_noop("input x"),
    "y": tr_noop("target y"),
}
PART_NAMES = {"encoder": tr_noop("encoder"), "decoder": tr_noop("decoder")}

WEIGHT_HELP = {
    "W_xh": tr_noop("input → state weights, the same matrix at every step"),
    "W_hh": tr_noop("state → next state weights, the same matrix at every step"),
    "W_hq": tr_noop("state → output weights, the same matrix at every step"),
    "W_oh": tr_noop("previous output → state weights, the same matrix at every step"),
    "W_x*": tr_noop(
        "input weights of the four LSTM blocks (W_xi, W_xf, W_xo, W_xc), shared over time"
    ),
    "W_h*": tr_noop(
        "recurrent weights of the four LSTM blocks (W_hi, W_hf, W_ho, W_hc), shared over time"
    ),
}


def row_title(row: Row, deep: bool, layers: int = 1) -> str:
    """The translated title of ``row``: "state h", or in a stacked or bidirectional model
    "state h · layer 2 ←" (the arrow is the way the layer reads the sequence); an
    encoder–decoder's rows name their part ("state h · encoder →")."""
    title = tr(ROW_TITLES.get(row.kind, row.kind))
    if row.part:
        where = tr(PART_NAMES.get(row.part, row.part))
        if row.kind not in ("h", "c"):
            return title if row.kind in ("L", "o", "y") else f"{title} · {where}"
        if layers > 1:
            where = tr("{row} · layer {layer}").format(row=where, layer=row.layer + 1)
        arrow = "←" if row.direction == "reverse" else "→"
        return f"{title} · {where} {arrow}"
    if not deep or row.kind not in ("h", "c"):
        return title
    arrow = "←" if row.direction == "reverse" else "→"
    return tr("{row} · layer {layer}").format(row=title, layer=row.layer + 1) + " " + arrow


def tag_name(cell: str, family: str, weights: tuple[str, ...] = ()) -> str:
    """The text on the weight tag of edge ``family`` ("in", "rec", "out"): the one matrix
    its ``weights`` name, whatever their layer prefixes ("l1r.W_hh" → "W_hh"), or, for
    several (the LSTM's four blocks), ``W_x*`` / ``W_h*``."""
    names = {w.rsplit(".", 1)[-1] for w in weights}
    if len(names) == 1:
        return names.pop()
    if family == "out":
        return "W_hq"
    if cell == "lstm":
        return {"in": "W_x*", "rec": "W_h*"}.get(family, "W")
    return {"in": "W_xh", "rec": "W_hh"}.get(family, "W")


def rich(name: str) -> str:
    """``W_hh`` → ``W<sub>hh</sub>`` for Qt rich text."""
    if "_" not in name:
        return name
    head, tail = name.split("_", 1)
    return f"{head}<sub>{tail}</sub>"


@functools.lru_cache(maxsize=4096)
def edge_pen(pen_key: tuple) -> QPen:
    """The pen of ``(r, g, b, width, dashed)``, made once: training frames reuse them."""
    r, g, b, width, dashed = pen_key
    pen = QPen(QColor(r, g, b), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dashed:
        pen.setStyle(Qt.PenStyle.DotLine)
    return pen
