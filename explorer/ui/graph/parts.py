"""An encoder–decoder's two parts on the graph's one time axis, and the fed-token switches.

The snapshot of an encoder–decoder lays its S source steps and then its U target steps on
one axis (``session/seq2seq_run.py``) while its Topology numbers each part's steps from 1:
the graph draws a decoder row's step u in column S + u, right of the encoder's columns,
and the context edge from the encoder's final states into the decoder's first one.

"feed" edges (what the decoder reads: the true y_{u−1} or its own prediction) and output
recurrence's o_{t−1} / y_{t−1} → h_t edges are alternatives: the one a step used is drawn
in the colour of what was fed (the key in the lane's header), the other faint.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QFont, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem

from explorer.engine.description_topology import Topology
from explorer.session.snapshot import ModelSnapshot
from explorer.ui.graph.style import PART_NAMES
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.theme import font

# What was fed, as pen keys ``(r, g, b, width, dashed)`` (Okabe–Ito bluish green and
# vermillion, apart from the gradient scale's purples and yellows).
TEACHER_FED = (0, 158, 115, 3.2, False)
OWN_FED = (213, 94, 0, 3.2, False)
NOT_FED = (200, 200, 200, 1.0, True)
# The key's short form, the symbols the decoder reads: y_{u−1} or its own ŷ_{u−1}.
SHORT_KEY = ("y", "ŷ")
FEED_KEY = (
    (tr_noop("true token fed"), TEACHER_FED),
    (tr_noop("own prediction fed"), OWN_FED),
)


def part_columns(topology: Topology) -> dict[str, tuple[int, int]]:
    """Row key → (offset, steps): step t of the row is drawn in column offset + t, for
    t = 1 … steps. Every row of a one-part model is (0, T); an encoder–decoder's decoder
    rows start after its S encoder columns."""
    if not topology.spec.encoder_decoder:
        return {row.key: (0, topology.T) for row in topology.rows}
    S = topology.T
    U = max(n.t for n in topology.nodes if n.row == "o")
    return {row.key: (S, U) if row.part == "decoder" else (0, S) for row in topology.rows}


def total_columns(topology: Topology) -> int:
    """How many columns ``topology``'s lane takes: T, or S + U for an encoder–decoder."""
    return max(offset + steps for offset, steps in part_columns(topology).values())


def own_steps(values: np.ndarray, offset: int, steps: int) -> np.ndarray:
    """A row's values over its own steps: ``values`` if it has them already (a layer's
    (S,) or (U,) arrays), else its slice of the snapshot's whole time axis."""
    if len(values) == steps:
        return values
    return values[offset : offset + steps]


def fed_pen(feed: str, u: int, snap: ModelSnapshot) -> tuple | None:
    """The pen of a ``feed`` ("teacher" / "own") alternative into step ``u``: coloured by
    what was fed if this edge carried it, faint if the other one did; None when the
    snapshot does not say (the edge is then styled as any other)."""
    teacher = getattr(snap, "teacher", None)
    if teacher is not None and 1 <= u <= len(teacher):
        true_fed = bool(np.asarray(teacher)[u - 1])
    elif hasattr(snap, "fed"):  # output recurrence: one switch for the whole run
        true_fed = bool(getattr(snap, "teacher_forcing", False))
    else:
        return None
    used = (feed == "teacher") == true_fed
    if not used:
        return NOT_FED
    return TEACHER_FED if true_fed else OWN_FED


def build_part_titles(
    scene: QGraphicsScene,
    topology: Topology,
    x: Callable[[float], float],
    y: float,
    add_text: Callable[[QGraphicsItem, QFont], None],
    rows: dict[str, float],
) -> list[QGraphicsSimpleTextItem]:
    """Above an encoder–decoder's columns, "encoder" and "decoder", and in the encoder's
    empty loss and target rows the key of the fed-token colours; above an
    output-recurrent model's columns the key alone.
    ``x(column)`` is a column's centre, ``y`` the line they sit on, ``rows`` row → y."""
    spec = topology.spec
    feeds = any(e.feed for e in topology.edges)
    items: list[QGraphicsSimpleTextItem] = []
    spots: list[tuple[float, str, QColor]] = []
    if spec.encoder_decoder:
        spots.append((x(0.6), tr(PART_NAMES["encoder"]), QColor("#333")))
        spots.append((x(topology.T + 0.6), tr(PART_NAMES["decoder"]), QColor("#333")))
    elif not feeds:
        return items
    for left, text, colour in spots:
        items.append(_text(scene, text, QPointF(left, y), colour, add_text, bold=True))
    if spec.encoder_decoder and "L" in rows and "y" in rows:
        # The encoder's columns are empty in the decoder's rows: the key goes there, the
        # true token beside the targets y (the output row has the W_hq tag's leader).
        for (label, (r, g, b, _w, _d)), row, short in zip(
            FEED_KEY, ("y", "L"), SHORT_KEY, strict=True
        ):
            at = QPointF(x(0.6), rows[row] - 9)
            item = _text(scene, "━ " + tr(label), at, QColor(r, g, b), add_text)
            # Where the encoder is too narrow for the words (see fit_key).
            item.setData(0, ("━ " + tr(label), "━ " + short, x(topology.T + 0.5)))
            item.setToolTip(tr(label))
            items.append(item)
        return items
    # Above a one-part model the key runs along the line (in screen pixels: see chain_key).
    for label, (r, g, b, _w, _d) in FEED_KEY:
        at = QPointF(x(0.6), y)
        items.append(_text(scene, "━ " + tr(label), at, QColor(r, g, b), add_text))
    return items


def _text(
    scene: QGraphicsScene,
    text: str,
    at: QPointF,
    colour: QColor,
    add_text: Callable[[QGraphicsItem, QFont], None],
    bold: bool = False,
) -> QGraphicsSimpleTextItem:
    item = QGraphicsSimpleTextItem(text)
    add_text(item, font(0.9, bold=bold))
    item.setBrush(QBrush(colour))
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    item.setPos(at)
    item.setZValue(16)
    scene.addItem(item)
    return item


def chain_key(items: list[QGraphicsSimpleTextItem]) -> None:
    """Set the key's texts one after another from the part title they follow, in screen
    pixels (they ignore the zoom); call after their fonts change."""
    shift = 0.0
    anchor = None
    for item in items:
        if anchor is None or item.pos() != anchor.pos():
            anchor, shift = item, 0.0
        item.setTransform(QTransform.fromTranslate(shift, 0))
        shift += item.boundingRect().width() + 14.0


def fit_key(items: list[QGraphicsSimpleTextItem], scale: float) -> None:
    """Give each key text of an encoder–decoder its words if they fit left of the decoder
    at zoom ``scale``, else its symbol (its tooltip keeps the words)."""
    s = max(scale, 1e-6)
    for item in items:
        data = item.data(0)
        if not data:
            continue
        long, short, limit = data
        if item.text() != long:
            item.setText(long)
        if item.pos().x() + item.boundingRect().width() / s > limit:
            item.setText(short)
