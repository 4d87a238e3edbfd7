"""The inspector over an encoder–decoder: which part, layer and step the selection points
at, and that node's equations and bars, as the engine's description writes them.

The graph lays the encoder's S source steps and then the decoder's U target steps on one
axis, so a selection's t is a column: a decoder row's step u sits in column S + u, its
initial state (the context) in column S. Here a selection becomes a :class:`PartPlace`:
the description's stem ("enc.l0r.", "dec.l1."), the node kind and the part's own step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.engine.description import Description, Equation
from explorer.session.snapshot import Phase, SessionView
from explorer.ui.equation_text import Block
from explorer.ui.i18n import tr
from explorer.ui.inspector_bars import BarData
from explorer.ui.theme import revealed

PART_KEYS = {"encoder": "enc", "decoder": "dec"}


@dataclass(frozen=True)
class PartPlace:
    """Where the selection points in an encoder–decoder.

    ``part`` "encoder" or "decoder"; ``stem``: the description's layer stem for a state
    ("enc.l0r.", "dec.l1.") or the part's stem for an input ("enc.", "dec."), "" for o
    and L; ``kind`` x, h, c, o or L; ``step`` the part's own step (a decoder state's 0 is
    the context); ``column`` where the graph draws it.
    """

    part: str
    stem: str
    kind: str
    step: int
    column: int

    @property
    def layer_key(self) -> str:
        """The snapshot's key of the layer ("enc.l0r"), "" for x, o and L."""
        return self.stem.rstrip(".") if self.kind in ("h", "c") else ""

    @property
    def node(self) -> str:
        """The description's node id ("enc.l0r.h@3", "dec.x@2", "o@4")."""
        return f"{self.stem}{self.kind}@{self.step}"


def place(snap, node: str, t: int) -> PartPlace:
    """The :class:`PartPlace` of selected row ``node`` ("enc.l0r.h", "dec.x", "o", or a
    plain "h" from another view) at column ``t`` of encoder–decoder snapshot ``snap``."""
    S, T = snap.source_steps, snap.T
    key, _, kind = node.rpartition(".")
    kind = kind if kind in ("x", "h", "c", "o", "L") else "o" if kind == "y" else "h"
    layers = snap.part_layers
    t = min(max(int(t), 0), T)
    if kind in ("o", "L"):
        return _in_part("decoder", "", kind, t, S, T)
    part = {"enc": "encoder", "dec": "decoder"}.get(key.partition(".")[0], "")
    part = part or ("encoder" if t <= S else "decoder")
    if kind == "x":
        return _in_part(part, PART_KEYS[part] + ".", kind, t, S, T)
    if key not in layers or not key.startswith(PART_KEYS[part]):
        top = max(v.layer for v in layers.values())
        key = f"{PART_KEYS[part]}.l{top}"
    if kind == "c" and layers[key].cell_state is None:
        kind = "h"  # a part without a cell state (a GRU decoder after an LSTM encoder)
    return _in_part(part, key + ".", kind, t, S, T)


def _in_part(part: str, stem: str, kind: str, t: int, S: int, T: int) -> PartPlace:
    """Column ``t`` clamped to the part's columns: the encoder's 1 … S, the decoder's
    S + 1 … T (and S, the context, for a decoder state)."""
    if part == "encoder":
        step = min(max(t, 1), S)
        return PartPlace(part, stem, kind, step, step)
    first = 0 if kind in ("h", "c") else 1
    step = min(max(t - S, first), T - S)
    return PartPlace(part, stem, kind, step, S + step)


def tag_of(d: Description, p: PartPlace) -> str:
    """The superscript of ``p``'s symbols: its layer's ("enc(1←)"), or its part's."""
    layer = d.record.layers.get(p.stem)
    if layer is not None:
        return layer.tag
    return {"enc.": "enc", "dec.": "dec"}.get(p.stem, "")


@dataclass
class PartEquations:
    """What the inspector shows for one place: the blocks, the backward equations shown
    (empty in the forward pass) and the numbers a test or a view may read by name."""

    blocks: list[Block]
    backward: list[Equation]
    terms: dict[str, float]


def part_equations(
    view: SessionView, snap, d: Description, p: PartPlace, unit: int
) -> PartEquations:
    """The equations of place ``p`` for unit ``unit`` (an input's: its fed token)."""
    if p.kind == "x":
        return _token_equations(snap, d, p)
    if p.kind == "o":
        eq = d.forward(p.node, min(unit, snap.outputs.shape[1] - 1))
        return PartEquations([Block(eq)], [], {"value": eq.value, "preact": eq.preact})
    if p.kind == "L":
        return PartEquations([], [], {})  # the inspector writes the loss itself
    record = d.record
    if p.part == "encoder" and p.step > record.source_length:
        note = tr(
            "Step {t} is padding: this example's source has {n} tokens, so the encoder's "
            "state here reaches nothing."
        ).format(t=p.step, n=record.source_length)
        return PartEquations([Block(text=note)], [], {})
    _forward, backward_from = revealed(view)
    if view.phase is Phase.BACKWARD and p.column >= backward_from:
        return _backward_equations(d, p, unit)
    step = d.step(p.step, unit, p.stem)
    main = next(eq for eq in step if eq.node == p.node)
    terms = {"value": main.value, "preact": main.preact}
    for term in main.terms:
        terms[term.role] = terms.get(term.role, 0.0) + term.value
    blocks = [Block(eq) for eq in step]
    if p.part == "decoder" and p.step <= 1:
        # The decoder's first step reads its initial state: the context, written first
        # (the graph draws no node for it).
        context = d.step(0, unit, p.stem) if p.step == 1 else ()
        heading = tr("The context: the decoder starts from the encoder's final state")
        blocks = _headed([Block(eq) for eq in context] or blocks, heading) + (
            blocks if context else []
        )
    return PartEquations(blocks, [], terms)


def _headed(blocks: list[Block], heading: str) -> list[Block]:
    """``blocks`` with ``heading`` over the first."""
    if not blocks:
        return blocks
    first = blocks[0]
    return [Block(first.equation, heading, first.note, first.text), *blocks[1:]]


def _backward_equations(d: Description, p: PartPlace, unit: int) -> PartEquations:
    """∂L/∂h (and the LSTM's ∂L/∂c, the selected state's first), with a heading where
    the gradient crosses between the parts."""
    layer = d.record.layers[p.stem]
    kinds = ["h", "c"] if layer.cell_state is not None else ["h"]
    if p.kind == "c":
        kinds.reverse()
    eqs = [d.backward(f"{p.stem}{kind}@{p.step}", unit) for kind in kinds]
    blocks = [Block(eq) for eq in eqs]
    crossing = tr("The context's gradient: what every decoder loss sends into the encoder")
    if p.part == "decoder" and p.step == 0:
        blocks = _headed(blocks, crossing)
    elif p.part == "encoder":
        # Where the context's gradient arrives: that gradient first, as the decoder's
        # step 1 sends it back (the graph draws no node for the decoder's initial state).
        contexts = [term.sources[0] for eq in eqs for term in eq.terms if term.role == "context"]
        if contexts:
            column = unit + (layer.H if layer.reverse else 0)
            sent = [Block(d.backward(node, column)) for node in contexts]
            arrives = tr("The encoder's last step: the context's gradient arrives here")
            blocks = _headed(sent, crossing) + _headed(blocks, arrives)
    return PartEquations(blocks, eqs, {"value": eqs[0].preact})


def _token_equations(snap, d: Description, p: PartPlace) -> PartEquations:
    """The token a step read, as a one-hot entry, and for the decoder what fed it: <bos>
    at step 1, then the coin flip of that step (the true y or the decoder's own argmax)."""
    inputs = d.record.source if p.part == "encoder" else d.record.decoder.inputs
    token = int(np.argmax(inputs[p.step - 1]))
    eq = d.forward(p.node, token)
    u, r = p.step, snap.teacher_forcing
    if p.part == "encoder":
        note = tr("Source token {k} read at step {t}").format(k=token, t=u)
    elif u == 1:
        note = tr("Step 1 reads ⟨bos⟩, the start token")
    elif eq.terms[0].role == "teacher":
        how = (
            tr("Teacher forcing (r = 1)")
            if r == 1.0
            else tr("Step {u}'s coin flip (teacher forcing ratio r = {r})").format(u=u, r=f"{r:g}")
        )
        note = tr("{how} fed the true previous token y<sub>{p}</sub> = {k}").format(
            how=how, p=u - 1, k=token
        )
    else:
        how = (
            tr("Free running (r = 0)")
            if r == 0.0
            else tr("Step {u}'s coin flip (teacher forcing ratio r = {r})").format(u=u, r=f"{r:g}")
        )
        note = tr("{how} fed the decoder's own prediction argmax o<sub>{p}</sub> = {k}").format(
            how=how, p=u - 1, k=token
        )
    return PartEquations([Block(eq, note=note)], [], {"value": eq.value})


def part_bar_data(snap, d: Description, p: PartPlace, unit: int, symbol: str) -> BarData:
    """The selected node's vector and gradient in its part (a decoder state's step 0:
    the context and its gradient, from the description)."""
    layer = snap.part_layers.get(p.layer_key)
    if layer is None:
        i = p.column - 1
        value = {"x": snap.inputs, "o": snap.outputs}.get(p.kind)
        grad = snap.grad_outputs if p.kind == "o" else None
        return BarData(value, grad, i, None, (), symbol, unit, p.step)
    if p.step == 0 or (p.part == "encoder" and p.step > d.record.source_length):
        start = layer.h0 if p.kind == "h" else layer.c0
        grad = None
        if p.part == "decoder":
            size = start.shape[0]
            grad = np.array([[d.backward(p.node, j).preact for j in range(size)]])
        value = None if p.step else start[None]
        return BarData(value, grad, 0, unit, (), symbol, unit, p.step)
    value = layer.hidden if p.kind == "h" else layer.cell_state
    grad = layer.grad_hidden if p.kind == "h" else layer.grad_cell
    gates = tuple((k, float(g[p.step - 1, unit])) for k, g in layer.gates.items())
    return BarData(value, grad, p.step - 1, unit, gates, symbol, unit, p.step)
