"""What colour each node and edge of a lane has in a frame.

Values come from the snapshot by row: the one-layer model's rows read the snapshot's own
fields (h, c, batch gradient norms); a stacked or bidirectional model's rows ("l1r.h")
read its :class:`~explorer.session.snapshot.LayerSnapshot` (the shown example's values and
‖∂L/∂h_t‖). A reverse direction's step-through runs the other way: its h_T is computed
first and its ∂L/∂h_1 first, so the reveal counts its steps from the right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QColor

from explorer.session.snapshot import ModelSnapshot, SessionView
from explorer.ui.graph.items import Lane
from explorer.ui.graph.parts import fed_pen, own_steps
from explorer.ui.graph.style import (
    BLANK,
    CUT_EDGE,
    HIGHLIGHT_PEN,
    LIT_EDGE,
    NO_DATA_EDGE,
    NO_GRADIENT,
    NO_GRADIENT_PEN,
    NODE_PEN,
    RESTING_BELT,
    RESTING_EDGE,
    UNREACHED_EDGE,
    UNREVEALED_PEN,
)
from explorer.ui.theme import (
    NEGATIVE_OUTLINE,
    LogScale,
    diverging_map,
    lookup,
    negative_index,
    sequential_map,
)


@dataclass(frozen=True)
class Reveal:
    """How much of the iteration is shown: h_1 … h_forward, ∂L/∂h_t for t ≥ backward_from
    (see ``theme.revealed``), over T steps."""

    forward: int
    backward_from: int
    T: int


def state_gradients(snap: ModelSnapshot) -> dict[str, np.ndarray]:
    """Row key → ``(T,)`` gradient norms of its states: batch norms for a one-layer model,
    the shown example's ‖∂L/∂h_t‖ per layer and direction for a deep one."""
    if not snap.layers:
        out = {"h": snap.grad_hidden_norm}
        if snap.grad_cell_norm is not None:
            out["c"] = snap.grad_cell_norm
        return out
    return {f"{key}.h": np.linalg.norm(ls.grad_hidden, axis=1) for key, ls in snap.layers.items()}


def state_values(snap: ModelSnapshot, unit: int) -> dict[str, tuple[np.ndarray, bool]]:
    """Row key → (``(T,)`` values of unit ``unit``, whether to scale them to the row's
    largest magnitude): h is drawn on [−1, 1] as it is, c scaled."""
    if not snap.layers:
        u = min(unit, snap.hidden.shape[1] - 1)
        out = {"h": (snap.hidden[:, u], False)}
        if snap.cell_state is not None:
            out["c"] = (snap.cell_state[:, u], True)
        return out
    out = {}
    for key, ls in snap.layers.items():
        u = min(unit, ls.hidden.shape[1] - 1)
        out[f"{key}.h"] = (ls.hidden[:, u], False)
        if ls.cell_state is not None:
            out[f"{key}.c"] = (ls.cell_state[:, u], True)
    return out


class Colouring:
    """The colour tables and the shared scales of a frame, and the styling of lanes."""

    def __init__(self) -> None:
        self.seq = lookup(sequential_map())
        self.div = lookup(diverging_map())
        self.scale = LogScale()
        self.loss_scale = LogScale()
        self._colours: dict[int, dict[int, QColor]] = {}

    def rescale(self, view: SessionView) -> None:
        """One scale for every lane's state gradients, one for the scored step losses."""
        arrays = [a for s in view.records.values() for a in state_gradients(s).values()]
        self.scale = LogScale.from_arrays(arrays)
        self.loss_scale = LogScale.from_arrays(
            [s.step_losses[s.mask > 0] for s in view.records.values()]
        )

    def _index(self, table: np.ndarray, values: np.ndarray) -> np.ndarray:
        v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
        return np.rint(np.clip(v, 0.0, 1.0) * (len(table) - 1)).astype(int)

    def _signed(self, values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=np.float64)
        finite = np.abs(v[np.isfinite(v)])
        scale = max(1e-9, float(finite.max())) if finite.size else 1.0
        return self._index(self.div, 0.5 + 0.5 * v / scale)

    def row_colours(
        self, snap: ModelSnapshot, gradient: bool, unit: int
    ) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, np.ndarray]]:
        """Row key → (table, ``(T,)`` colour indices), and row key → ``(T,)`` "no gradient
        reaches it" for the state rows in gradient mode."""
        div, seq = self.div, self.seq
        rows: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "x": (div, self._signed(snap.inputs.mean(axis=1))),
            "o": (div, self._signed(snap.outputs[:, 0])),
            "L": (seq, self._index(seq, self.loss_scale(snap.step_losses))),
        }
        unreached: dict[str, np.ndarray] = {}
        if gradient:
            for key, norms in state_gradients(snap).items():
                rows[key] = (seq, self._index(seq, self.scale(norms)))
                unreached[key] = norms == 0
        else:
            for key, (values, scaled) in state_values(snap, unit).items():
                index = self._signed(values) if scaled else self._index(div, 0.5 + 0.5 * values)
                rows[key] = (div, index)
        return rows, unreached

    def blank_lane(self, lane: Lane) -> None:
        """A lane without data (a diverged model): white nodes, dashed edges, no cuts."""
        for items in lane.nodes.values():
            for item in items:
                item.style(BLANK, UNREVEALED_PEN, ("blank",))
        for edge in lane.all_edges():
            edge.style(NO_DATA_EDGE)
        for cut in lane.cuts:
            cut.setVisible(False)

    def style_nodes(
        self,
        lane: Lane,
        snap: ModelSnapshot,
        reveal: Reveal,
        gradient: bool,
        unit: int,
        lit: frozenset[str] = frozenset(),
    ) -> None:
        """Fill every node of ``lane``; nodes whose id is in ``lit`` get the highlight
        outline. Colour indices are computed per row with NumPy; the loop only hands the
        items their cached colours, and an unchanged item costs one comparison."""
        rows, unreached = self.row_colours(snap, gradient, unit)
        scored = snap.mask > 0
        forward, backward_from = reveal.forward, reveal.backward_from
        for key, items in lane.nodes.items():
            row = lane.row_info[key]
            state_row = row.kind in ("h", "c")
            # An encoder–decoder's decoder rows sit right of its S encoder columns.
            off, n = lane.columns.get(key, (0, len(items)))
            # The order each step is computed in: a reverse direction's h_T comes first.
            reverse = state_row and row.direction == "reverse"
            order = range(off + n, off, -1) if reverse else range(off + 1, off + n + 1)
            # A row the snapshot has no numbers for (a deep LSTM's ∂L/∂c) stays white;
            # an encoder–decoder's x row is split in two ("enc.x", "dec.x").
            table, idx = rows.get(key) or rows.get(row.kind) or (self.div, np.full(n, -1))
            idx = own_steps(idx, off, n)
            tid = id(table)
            cache = self._colours.setdefault(tid, {})
            gone = unreached.get(key)
            gone = own_steps(gone, off, n).tolist() if gone is not None else [False] * n
            unscored = [row.kind == "L" and not x for x in own_steps(scored, off, n).tolist()]
            for item, s, k, no_gradient, skip in zip(
                items, order, idx.tolist(), gone, unscored, strict=True
            ):
                if s > forward:
                    fill, pen, look = BLANK, UNREVEALED_PEN, ("blank",)
                elif state_row and gradient and s < backward_from:
                    fill, pen, look = BLANK, NODE_PEN, ("blank-fwd",)
                elif skip:
                    fill, pen, look = BLANK, UNREVEALED_PEN, ("unscored",)
                elif no_gradient:
                    fill, pen, look = NO_GRADIENT, NO_GRADIENT_PEN, ("no-gradient",)
                elif k < 0:
                    fill, pen, look = BLANK, NODE_PEN, ("no-data",)
                else:
                    look = ("c", k, tid)
                    if look == item.last and not lit:
                        continue
                    fill = cache.get(k)
                    if fill is None:
                        r, g, b = (int(c) for c in table[k][:3])
                        fill = cache[k] = QColor(r, g, b)
                    # Sign is drawn as a shape too: a heavy ring on negative values.
                    negative = table is self.div and negative_index(k, len(table))
                    pen = NEGATIVE_OUTLINE if negative else NODE_PEN
                if lit and item.node_id in lit:
                    pen, look = HIGHLIGHT_PEN, (*look, "lit")
                item.style(fill, pen, look)

    def style_edges(
        self,
        lane: Lane,
        snap: ModelSnapshot,
        reveal: Reveal,
        gradient: bool,
        lit: frozenset[str] = frozenset(),
    ) -> None:
        """Pen every edge of ``lane``: unreached, cut by truncation, carrying the gradient
        of its target (recurrent, belt and output edges, backward), resting, or lit (its id
        in ``lit``). Pen keys are computed per target row with NumPy."""
        seq = self.seq
        xi = np.asarray(snap.xi)
        carrying: dict[str, list[tuple] | None] = {}
        norms_by_row = state_gradients(snap) if gradient else {}
        if gradient:
            norms_by_row["o"] = np.sqrt((snap.grad_outputs**2).sum(axis=1))

        def carried(row: str) -> list[tuple] | None:
            if row not in carrying:
                # A one-layer encoder–decoder's rows read the snapshot's own h over both parts.
                norms = norms_by_row.get(row)
                if norms is None and row in lane.row_info:
                    norms = norms_by_row.get(lane.row_info[row].kind)
                if norms is None:
                    carrying[row] = None
                else:
                    off, n = lane.columns.get(row, (0, len(norms)))
                    norms = own_steps(norms, off, n)
                    v = self.scale(norms)
                    rgb = seq[np.rint(v * (len(seq) - 1)).astype(int), :3].astype(int).tolist()
                    widths = np.round(1.2 + 7.0 * v, 1).tolist()
                    carrying[row] = [
                        (r, g, b, w, False) for (r, g, b), w in zip(rgb, widths, strict=True)
                    ]
            return carrying[row]

        cut = (xi == 0).tolist()
        forward, backward_from = reveal.forward, reveal.backward_from
        for family, items in lane.edges.items():
            # The context is the one link between the parts: drawn as heavy as the belt.
            resting = RESTING_BELT if family in ("belt", "context") else RESTING_EDGE
            shows_gradient = gradient and family in ("rec", "belt", "out", "context")
            for edge in items:
                if lit and edge.edge_id in lit:
                    edge.style(LIT_EDGE)
                    continue
                s = edge.s
                pens = carried(edge.target_row) if shows_gradient else None
                fed = fed_pen(edge.feed, edge.own, snap) if edge.feed else None
                if s > forward + edge.reach:
                    edge.style(UNREACHED_EDGE)
                elif fed is not None:
                    edge.style(fed)
                elif edge.cut_by is not None and cut[edge.cut_by]:
                    edge.style(CUT_EDGE)
                elif pens is not None and s >= backward_from:
                    edge.style(pens[edge.own - 1])
                else:
                    edge.style(resting)
        for cut in lane.cuts:
            e = cut.edge
            cut.setVisible(bool(xi[e.edge.truncated_by] == 0) and e.t <= reveal.forward)
