"""One recurrent layer and direction of one example, as the equations read it.

A one-layer model has one :class:`LayerRecord` (stem ""); a stacked or bidirectional
model one per layer and direction, keyed by the stem its node ids and parameter names
share ("l0.", "l1r."). Every array is indexed by the original step t (index t − 1), as
:class:`~explorer.engine.layer_trace.LayerTrace` keeps them: a reverse direction's h_t
has read x_T … x_t, its previous state is h_{t+1} and its initial state sits at t = T + 1.

The record knows its own time order (:meth:`prev`, :meth:`next`), its initial state,
the truncation factor of each step and the ids of its inputs, so that the cell equations
in ``description_cells.py`` are written once for every layer and direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .description_topology import node_id, prefix


@dataclass(frozen=True, eq=False)
class LayerRecord:
    """One layer and direction of one example (shapes: T steps, D_l inputs, H units).

    ``stem``: the id and parameter prefix ("" for a one-layer model, else "l1r." …).
    ``tag``: the superscript its symbols carry ("" one layer, "(2)" the second layer,
    "(1←)" the first layer's reverse direction; d2l counts layers from 1).
    ``inputs (T, D_l)``: x_t for layer 0, else the layer below's directions side by side.
    ``below``: the stems of the layer below (empty for layer 0), in the column order of
    ``inputs``. ``h0``/``c0 (H,)`` the initial state; ``hidden``, ``cell_state``,
    ``preact``, ``grad_hidden``, ``grad_cell`` ``(T, H)``; ``gates`` name → ``(T, H)``;
    ``xi (T,)``: entry t − 1 scales what step t sends back to its previous state.

    A part of an encoder–decoder also sets ``input_stem`` ("enc." / "dec.": layer 0 reads
    "enc.x@t"), ``input_tag`` (the superscript of that x), ``below_tags`` (the layer
    below's tags, in the order of ``below``) and ``drawn_T``: the steps the graph draws
    when the record holds fewer (an encoder example shorter than the batch's longest
    source), so that a reverse direction's initial state keeps the graph's id.
    """

    stem: str
    tag: str
    layer: int
    direction: str
    inputs: np.ndarray
    below: tuple[str, ...]
    h0: np.ndarray
    c0: np.ndarray | None
    hidden: np.ndarray
    cell_state: np.ndarray | None
    gates: dict[str, np.ndarray]
    preact: np.ndarray | None
    grad_hidden: np.ndarray
    grad_cell: np.ndarray | None
    xi: np.ndarray
    input_stem: str = ""
    input_tag: str = ""
    below_tags: tuple[str, ...] = ()
    drawn_T: int = 0

    @property
    def T(self) -> int:
        """Sequence length."""
        return int(self.hidden.shape[0])

    @property
    def H(self) -> int:
        """Hidden units of this layer and direction."""
        return int(self.hidden.shape[1])

    @property
    def reverse(self) -> bool:
        """Whether this direction reads the sequence from its end."""
        return self.direction == "reverse"

    @property
    def initial_t(self) -> int:
        """The step of the initial state's node: 0 forward, T + 1 reverse."""
        return self.T + 1 if self.reverse else 0

    def prev(self, t: int) -> int:
        """The step whose state step t reads: t − 1 forward, t + 1 reverse."""
        return t + 1 if self.reverse else t - 1

    def next(self, t: int) -> int | None:
        """The step that reads step t's state, or None when t is the last one read."""
        n = t - 1 if self.reverse else t + 1
        return n if 1 <= n <= self.T else None

    def state(self, kind: str, t: int) -> np.ndarray:
        """h_t or c_t (``kind`` "h" or "c") as a vector; the initial state at its step."""
        if t == self.initial_t:
            return self.h0 if kind == "h" else self.c0
        return (self.hidden if kind == "h" else self.cell_state)[t - 1]

    def xi_of(self, t: int) -> float:
        """ξ of step t: the factor on what step t sends back to its previous state."""
        return float(self.xi[t - 1])

    def id(self, kind: str, t: int, name: str = "") -> str:
        """This layer's node id: ``("h", 3)`` → "l1r.h@3"."""
        if self.reverse and self.drawn_T and t == self.initial_t:
            t = self.drawn_T + 1  # the initial state where the graph draws it
        return node_id(kind, t, name, self.stem)

    def param(self, name: str) -> str:
        """This layer's parameter name: "W_hh" → "l1r.W_hh"."""
        return self.stem + name

    def input_ids(self, t: int) -> tuple[str, ...]:
        """The ids of step t's inputs: ("x@t",), or the layer below's h_t per direction."""
        if not self.below:
            return (node_id("x", t, stem=self.input_stem),)
        return tuple(node_id("h", t, stem=s) for s in self.below)

    def input_blocks(self) -> tuple[slice, ...]:
        """The columns of ``inputs`` each of :meth:`input_ids` fills."""
        if not self.below:
            return (slice(None),)
        width = self.inputs.shape[1] // len(self.below)
        return tuple(slice(k * width, (k + 1) * width) for k in range(len(self.below)))


def layer_tag(layer: int, direction: str, bidirectional: bool) -> str:
    """The superscript of a deep model's symbols: "(2)", "(1→)", "(1←)" (layers from 1)."""
    arrow = ("←" if direction == "reverse" else "→") if bidirectional else ""
    return f"({layer + 1}{arrow})"


def example_arrays(lt, b: int) -> dict[str, Any]:
    """Example ``b`` of one layer's trace (a one-layer trace or an entry of a stack's
    ``layers``): the state and gradient fields a record of it holds, by their names."""

    def pick(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else a[:, b]

    return {
        "h0": lt.h0[b],
        "c0": None if lt.c0 is None else lt.c0[b],
        "hidden": lt.hidden[:, b],
        "cell_state": pick(lt.cell),
        "gates": {k: g[:, b] for k, g in lt.gates.items()},
        "preact": pick(lt.preact),
        "grad_hidden": lt.grad_hidden[:, b],
        "grad_cell": pick(lt.grad_cell),
    }


def layer_records(trace, b: int) -> dict[str, LayerRecord]:
    """Example ``b`` of every layer and direction of ``trace``, keyed by stem.

    A :class:`~explorer.engine.layer_trace.StackedTrace` gives one record per entry of
    ``trace.layers`` (stems "l0.", "l0r." …); any other trace one record with stem "".
    """
    layers = getattr(trace, "layers", None) or {}
    if not layers:
        return {
            "": LayerRecord(
                stem="",
                tag="",
                layer=0,
                direction="forward",
                inputs=trace.X[:, b],
                below=(),
                xi=trace.xi,
                **example_arrays(trace, b),
            )
        }
    directions = sorted({d for _, d in layers}, key=("forward", "reverse").index)
    out = {}
    for (layer, direction), lt in layers.items():
        stem = prefix(layer, direction, deep=True)
        below = () if layer == 0 else tuple(prefix(layer - 1, d, deep=True) for d in directions)
        out[stem] = LayerRecord(
            stem=stem,
            tag=layer_tag(layer, direction, len(directions) > 1),
            layer=layer,
            direction=direction,
            inputs=lt.X[:, b],
            below=below,
            xi=lt.xi,
            **example_arrays(lt, b),
        )
    return out
