"""The unrolled computation graph of a model as plain data, for any view to lay out.

A view draws what :func:`unroll` hands it and knows no cell: rows (lanes) top to bottom,
nodes at (row, t), edges that name the weights they multiply by or the element-wise path
they take. Ids are stable strings: ``"h@3"`` is h_3 of the one layer; a deeper or
reversed layer, or an encoder/decoder part, prefixes them (``"l1r.h@3"``: layer 1, the
reverse direction; ``"dec.l0.h@2"``). Gate nodes are ``"gate.<name>@t"`` with the trace's
gate names (``"gate.c_tilde@3"``). An edge's id is ``"<source>-><target>"``.

A deep or bidirectional model (``ModelSpec.layers``, ``.bidirectional``) unrolls into one
block of rows per layer and direction; its ids and parameter names share the prefix
(``"l1r.h@3"`` uses ``"l1r.W_hh"``). Output recurrence and encoder–decoder models
unroll too (``description_seq2seq``).

Time t runs 1..T as in d2l (``trace.hidden[t - 1]`` is h_t); the initial state is the
node at t = 0 (t = T + 1 for a reverse direction).

Two levels of detail: ``"cell"`` draws each step's cell as its state nodes (h, and c for
the LSTM): there the edges x_t → h_t and h_{t−1} → h_t stand for every path through the
cell and list every weight on those paths. ``"gates"`` adds the gate nodes and is the
exact graph: each edge carries one weight or one element-wise path.

This module holds the spec and :func:`unroll`; the graph's data types and ids are in
``description_graph``, how one step of each cell is wired in ``description_wiring``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from .description_graph import (
    Edge,
    Node,
    Row,
    Topology,
    node_id,
    parse_node_id,
    prefix,
    split_stem,
)
from .description_seq2seq import unroll_encoder_decoder
from .description_spec import CELL_GATES, ModelSpec
from .description_wiring import (
    _edge,
    block_rows,
    cell_edges,
    row_nodes,
    stack_blocks,
    state_steps,
)
from .recurrent import RecurrentModel

DETAILS = ("cell", "gates")


def model_spec(model: RecurrentModel) -> ModelSpec:
    """The :class:`ModelSpec` of ``model``; the activations are the ones the model names
    (a stacked model keeps its cores' options, the activation among them, apart)."""
    options = getattr(model, "cell_options", {})
    if hasattr(model, "encoder_cell"):  # an encoder–decoder (engine/seq2seq.py)
        return ModelSpec(
            cell=model.encoder_cell,
            input_size=model.src_vocab,
            hidden_size=model.hidden_size,
            output_size=model.tgt_vocab,
            activation="tanh",
            gate_activation="sigmoid",
            param_names=tuple(model.params),
            layers=model.num_layers,
            bidirectional=model.bidirectional,
            parts=("encoder", "decoder"),
            decoder_cell=model.decoder_cell,
        )
    return ModelSpec(
        cell=model.cell,
        input_size=model.input_size,
        hidden_size=model.hidden_size,
        output_size=model.output_size,
        activation=getattr(model, "activation", options.get("activation", "tanh")),
        gate_activation=getattr(model, "gate_activation", "sigmoid"),
        param_names=tuple(model.params),
        forget_gate=getattr(model, "forget_gate", options.get("forget_gate", True)),
        layers=getattr(model, "num_layers", 1),
        bidirectional=getattr(model, "bidirectional", False),
    )


def spec_from_params(cell: str, shapes: Mapping[str, tuple[int, ...]]) -> ModelSpec:
    """The :class:`ModelSpec` of a ``cell`` model whose parameters have these names and
    shapes (``{"l0.W_xh": (D, H), …}``): enough to :func:`unroll` it where only its weights
    are at hand (a view over a session's snapshot). Layers and directions are read from the
    ``l{l}[r].`` prefixes, the forget gate from ``W_xf``, an encoder–decoder from the
    ``enc.``/``dec.`` prefixes (``cell`` is then the encoder's; the decoder's is read from
    its input weights). The activations are not in the weights and are left empty: use
    :func:`model_spec` where the model is at hand."""
    if cell not in CELL_GATES:
        raise ValueError(f"cell must be one of {tuple(CELL_GATES)}, got {cell!r}")
    parts = any(name.startswith("enc.") for name in shapes)
    own = {n.removeprefix("enc."): v for n, v in shapes.items() if not parts or n[:4] == "enc."}
    layers, reverse = 0, False
    for name in own:
        tag, dot, _ = name.partition(".")
        if dot and tag[:1] == "l" and tag[1:].rstrip("r").isdigit():
            layers = max(layers, int(tag[1:].rstrip("r")) + 1)
            reverse = reverse or tag.endswith("r")
    first = "l0." if layers else ""
    x_in = next((n for n in own if n.startswith(first + "W_x")), None)
    if x_in is None or "W_hq" not in shapes:
        raise ValueError(f"no {first}W_x* or W_hq among the parameters {sorted(shapes)}")
    decoder = ""
    if parts:
        letters = {"h": "rnn", "i": "lstm", "z": "gru"}
        found = (letters[n[-1]] for n in shapes if n[:-1] == "dec.l0.W_x" and n[-1] in letters)
        decoder = next(found, cell)
    return ModelSpec(
        cell=cell,
        input_size=int(own[x_in][0]),
        hidden_size=int(own[x_in][1]),
        output_size=int(shapes["W_hq"][1]),
        activation="",
        gate_activation="",
        param_names=tuple(shapes),
        forget_gate=cell != "lstm" or f"{first}W_xf" in own,
        layers=max(1, layers),
        bidirectional=reverse,
        parts=("encoder", "decoder") if parts else ("",),
        decoder_cell=decoder,
    )


@functools.lru_cache(maxsize=32)
def unroll(
    spec: ModelSpec, T: int, detail: str = "cell", target_steps: int | None = None
) -> Topology:
    """The unrolled graph of ``spec`` over ``T`` steps at ``detail`` "cell" or "gates"; an
    encoder–decoder's over ``T`` source and ``target_steps`` (default T) target steps
    (see :func:`~explorer.engine.description_seq2seq.unroll_encoder_decoder`).

    Cached: a view asking again for the same layout gets the same frozen object at once.

    Rows top to bottom: L, o, then each layer from the top one down (its reverse direction
    above its forward one, as d2l draws a bidirectional RNN; c above h), then x. Node counts
    at detail "cell": x, o, L: T each; per layer and direction h: T + 1 with the initial
    state (t = 0 forward, t = T + 1 reverse), c likewise for the LSTM. Detail "gates" adds
    one node per gate, step, layer and direction. Output recurrence adds the initial
    signal o_0 and a row y of the targets fed back under teacher forcing, below o.
    """
    for name, steps in (("T", T), ("target_steps", T if target_steps is None else target_steps)):
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {steps!r}")
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, got {detail!r}")
    if spec.encoder_decoder:
        if spec.parts != ("encoder", "decoder"):
            raise ValueError(f"parts must be ('encoder', 'decoder'), got {spec.parts!r}")
        return unroll_encoder_decoder(spec, T, target_steps or T, detail)
    drawn = spec.gates if detail == "gates" else ()
    blocks = stack_blocks(
        spec.cell, spec.layers, spec.directions, deep=spec.deep, forget_gate=spec.forget_gate
    )
    feedback = spec.cell == "output_recurrence"
    rows = [Row("L", "L"), Row("o", "o"), *([Row("y", "y")] if feedback else [])]
    for layer, block in reversed(blocks):
        rows += block_rows(layer, block, "", drawn)
    rows.append(Row("x", "x"))
    H, Q = spec.hidden_size, spec.output_size
    sizes = {"x": spec.input_size, "h": H, "c": H, "gate": H, "o": Q, "y": Q, "L": 1}
    nodes: list[Node] = []
    for row in rows:
        steps = range(0, T + 1) if feedback and row.kind == "o" else state_steps(row, T)
        nodes += row_nodes(row, steps, sizes[row.kind])
    edges: list[Edge] = []
    top = spec.layers - 1
    for t in range(1, T + 1):
        for _layer, block in blocks:
            edges += cell_edges(block, t, drawn)
        for d in spec.directions:
            h = node_id("h", t, stem=prefix(top, d, deep=spec.deep))
            edges.append(_edge(h, node_id("o", t), "out", ("W_hq",)))
        edges.append(_edge(node_id("o", t), node_id("L", t), "loss", via="loss"))
    return Topology(spec, T, detail, tuple(rows), tuple(nodes), tuple(edges))


__all__ = [
    "CELL_GATES",
    "DETAILS",
    "Edge",
    "ModelSpec",
    "Node",
    "Row",
    "Topology",
    "model_spec",
    "node_id",
    "parse_node_id",
    "prefix",
    "spec_from_params",
    "split_stem",
    "unroll",
]
