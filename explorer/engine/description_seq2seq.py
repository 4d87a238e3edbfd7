"""The unrolled graph of an encoder–decoder (``engine/seq2seq.py``), as plain data.

The encoder (any cell, stacked and/or bidirectional) runs over S source steps, the decoder
(its own cell, as many layers, one direction, directions × H units) over U target steps;
a view draws them side by side, the encoder's columns left of the decoder's. Ids and
parameter names carry the part and the layer: ``"enc.l0r.h@3"`` uses ``"enc.l0r.W_hh"``,
``"dec.l1.c@2"`` is the decoder's layer 1 cell; the read-out and loss are ``"o@u"`` and
``"L@u"`` (``W_hq`` is unprefixed), the targets ``"y@u"``, the tokens read ``"enc.x@s"``
and ``"dec.x@u"``.

Edges besides each part's cells (see :mod:`description_wiring`): "context" from each
encoder layer's final states (h_S forward, h_1 reverse; c too when both parts are LSTMs)
to the decoder layer's initial state ``dec.l{l}.h@0``; "feed" into ``dec.x@u`` for u ≥ 2,
two alternatives: the true y_{u−1} (``feed`` "teacher") and the decoder's own prediction
from o_{u−1} (``feed`` "own"), of which the trace's ``teacher[u]`` says which was fed
(``dec.x@1`` is <bos>). Nothing is truncated: every decoder loss reaches every encoder
step through the context, so no edge has a ``truncated_by``.
"""

from __future__ import annotations

from .description_graph import Edge, Node, Row, Topology, node_id, prefix
from .description_spec import ModelSpec
from .description_wiring import _edge, block_rows, cell_edges, row_nodes, stack_blocks, state_steps

PARTS = ("encoder", "decoder")


def unroll_encoder_decoder(spec: ModelSpec, S: int, U: int, detail: str) -> Topology:
    """The graph of encoder–decoder ``spec`` over ``S`` source and ``U`` target steps.

    Rows top to bottom: L, o, then each layer from the top one down — the encoder's rows
    of that layer (reverse above forward), then the decoder's — then y, enc.x, dec.x.
    The Topology's ``T`` is S; the decoder's nodes run over u = 1 … U.
    """
    dec_cell = spec.decoder_cell or spec.cell
    gates_drawn = detail == "gates"
    enc = stack_blocks(
        spec.cell,
        spec.layers,
        spec.directions,
        part="encoder",
        deep=True,
        forget_gate=spec.forget_gate,
        truncatable=False,
    )
    dec = stack_blocks(
        dec_cell, spec.layers, ("forward",), part="decoder", deep=True, truncatable=False
    )
    rows = [Row("L", "L", part="decoder"), Row("o", "o", part="decoder")]
    for layer in reversed(range(spec.layers)):
        for part, blocks in (("encoder", enc), ("decoder", dec)):
            for lay, block in reversed(blocks):
                if lay == layer:
                    rows += block_rows(lay, block, part, block.gates if gates_drawn else ())
    rows += [
        Row("y", "y", part="decoder"),
        Row("enc.x", "x", part="encoder"),
        Row("dec.x", "x", part="decoder"),
    ]
    H, V = spec.hidden_size, spec.output_size
    dirs = len(spec.directions)
    nodes: list[Node] = []
    for row in rows:
        steps = state_steps(row, S if row.part == "encoder" else U)
        if row.part == "encoder":
            size = spec.input_size if row.kind == "x" else H
        else:
            size = {"L": 1, "o": V, "y": V, "x": V}.get(row.kind, dirs * H)
        nodes += row_nodes(row, steps, size)
    edges: list[Edge] = []
    for s in range(1, S + 1):
        for _layer, block in enc:
            edges += cell_edges(block, s, block.gates if gates_drawn else ())
    edges += context_edges(spec, S, dec_cell)
    top = prefix(spec.layers - 1, "forward", "decoder", True)
    for u in range(1, U + 1):
        edges += feed_edges(u)
        for _layer, block in dec:
            edges += cell_edges(block, u, block.gates if gates_drawn else ())
        edges.append(_edge(node_id("h", u, stem=top), node_id("o", u), "out", ("W_hq",)))
        edges.append(_edge(node_id("o", u), node_id("L", u), "loss", via="loss"))
    return Topology(spec, S, detail, tuple(rows), tuple(nodes), tuple(edges))


def context_edges(spec: ModelSpec, S: int, dec_cell: str) -> list[Edge]:
    """Each encoder layer's final states into the decoder layer's initial state."""
    edges = []
    kinds = ["h", "c"] if spec.cell == dec_cell == "lstm" else ["h"]
    for layer in range(spec.layers):
        start = prefix(layer, "forward", "decoder", True)
        for d in spec.directions:
            stem = prefix(layer, d, "encoder", True)
            final = S if d == "forward" else 1
            for kind in kinds:
                source, target = node_id(kind, final, stem=stem), node_id(kind, 0, stem=start)
                edges.append(_edge(source, target, "context", via="context", direction=d))
    return edges


def feed_edges(u: int) -> list[Edge]:
    """What the decoder may read at step u ≥ 2: the true y_{u−1} or its own prediction."""
    if u == 1:
        return []
    x = node_id("x", u, stem="dec.")
    return [
        _edge(node_id("y", u - 1), x, "feed", via="token", feed="teacher"),
        _edge(node_id("o", u - 1), x, "feed", via="argmax", feed="own"),
    ]
