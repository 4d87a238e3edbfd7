"""How one step of a cell is wired: the edges into its state from its inputs and from its
previous state, for every cell, layer, direction and part (see ``description_topology``)."""

from __future__ import annotations

from dataclasses import dataclass

from .description_graph import Edge, Node, Row, node_id, prefix
from .description_spec import cell_gates

# Per cell: gate name → the letter of its W_x?, and its recurrent matrix.
GATE_WEIGHTS = {
    "i": ("i", "W_hi"),
    "f": ("f", "W_hf"),
    "o": ("o", "W_ho"),
    "c_tilde": ("c", "W_hc"),
    "z": ("z", "W_hz"),
    "r": ("r", "W_hr"),
    "h_tilde": ("h", "W_hh"),
}


@dataclass(frozen=True)
class Block:
    """One layer and direction of a recurrent stack, as the edges into it need it.

    ``stem``: its id prefix ("", "l1r.", "dec.l0."); ``weights``: its parameter prefix
    ("" for a plain one-layer model, else the stem); ``inputs``: the id stems of what it
    reads at each step ("" + "x" for x_t, or the layer below's stems + "h");
    ``gates``: the cell's gate names; ``truncatable``: whether ``trace.xi`` cuts its
    recurrent edges (the forward direction of a model trained with truncated BPTT).
    """

    cell: str
    direction: str
    stem: str
    weights: str
    inputs: tuple[str, ...]
    gates: tuple[str, ...]
    forget_gate: bool = True
    truncatable: bool = True


def _edge(
    source: str,
    target: str,
    family: str,
    weights=(),
    via="",
    t_back: int | None = None,
    recurrent: bool = False,
    direction: str = "forward",
    feed: str = "",
) -> Edge:
    return Edge(
        f"{source}->{target}",
        source,
        target,
        family,
        tuple(weights),
        via,
        recurrent=recurrent or t_back is not None,
        truncated_by=t_back,
        direction=direction,
        feed=feed,
    )


def cell_edges(block: Block, t: int, detail_gates: tuple[str, ...]) -> list[Edge]:
    """The edges into step t's cell of ``block``: from its inputs and from its previous
    state (t − 1 forward, t + 1 reverse). A truncatable edge's ``truncated_by`` is t − 1:
    ``trace.xi[t - 1]`` scales the gradient step t sends back. ``detail_gates``: the gates
    drawn as nodes (none at detail "cell")."""
    stem, forward = block.stem, block.direction == "forward"
    prev_t = t - 1 if forward else t + 1
    inputs = [node_id(kind[-1], t, stem=kind[:-1]) for kind in block.inputs]
    h, h_prev = node_id("h", t, stem=stem), node_id("h", prev_t, stem=stem)
    c, c_prev = node_id("c", t, stem=stem), node_id("c", prev_t, stem=stem)
    back = t - 1 if forward and block.truncatable else None

    def edge(source, target, family, weights=(), via="", rec=False):
        prefixed = tuple(block.weights + w for w in weights)
        t_back = back if rec else None
        return _edge(source, target, family, prefixed, via, t_back, rec, block.direction)

    cell = block.cell
    if cell == "rnn":
        return [edge(x, h, "in", ("W_xh",)) for x in inputs] + [
            edge(h_prev, h, "rec", ("W_hh",), rec=True)
        ]
    if cell == "output_recurrence":
        return [edge(x, h, "in", ("W_xh",)) for x in inputs] + output_feedback(block, t, back)
    w_x = tuple(f"W_x{GATE_WEIGHTS[g][0]}" for g in block.gates)
    w_h = tuple(GATE_WEIGHTS[g][1] for g in block.gates)
    carry = "f⊙" if block.forget_gate else "1⊙"
    if not detail_gates:
        edges = [edge(x, h, "in", w_x) for x in inputs]
        edges.append(edge(h_prev, h, "rec", w_h, "z⊙" if cell == "gru" else "", rec=True))
        if cell == "lstm":
            edges += [edge(c_prev, c, "belt", via=carry, rec=True), edge(c, h, "c2h", via="o⊙tanh")]
        return edges
    gate = {g: node_id("gate", t, g, stem) for g in block.gates}
    edges = []
    for g, wx, wh in zip(block.gates, w_x, w_h, strict=True):
        edges += [edge(x, gate[g], "gate_in", (wx,)) for x in inputs]
        edges.append(edge(h_prev, gate[g], "gate_rec", (wh,), "r⊙" if g == "h_tilde" else "", True))
    if cell == "gru":
        return [
            *edges,
            edge(gate["r"], gate["h_tilde"], "mix", ("W_hh",), "⊙h"),
            edge(h_prev, h, "rec", via="z⊙", rec=True),
            edge(gate["z"], h, "mix", via="⊙(h−h̃)"),
            edge(gate["h_tilde"], h, "mix", via="(1−z)⊙"),
        ]
    edges.append(edge(c_prev, c, "belt", via=carry, rec=True))
    if block.forget_gate:
        edges.append(edge(gate["f"], c, "mix", via="⊙c"))
    return [
        *edges,
        edge(gate["i"], c, "mix", via="⊙c̃"),
        edge(gate["c_tilde"], c, "mix", via="i⊙"),
        edge(c, h, "c2h", via="o⊙tanh"),
        edge(gate["o"], h, "mix", via="⊙tanh(c)"),
    ]


def output_feedback(block: Block, t: int, back: int | None) -> list[Edge]:
    """Output recurrence: what reaches h_t from the step before, through W_oh. At t = 1
    the initial signal o_0. Later two alternatives, one per way of training: the model's
    own o_{t−1} (``feed`` "own", free running, recurrent and truncatable) and the true
    y_{t−1} (``feed`` "teacher", teacher forcing: data, no path back in time)."""
    h = node_id("h", t, stem=block.stem)
    w_oh = (block.weights + "W_oh",)
    if t == 1:
        return [_edge(node_id("o", 0), h, "out_rec", w_oh, t_back=back, recurrent=True)]
    return [
        _edge(node_id("o", t - 1), h, "out_rec", w_oh, t_back=back, recurrent=True, feed="own"),
        _edge(node_id("y", t - 1), h, "out_rec", w_oh, feed="teacher"),
    ]


# Gates per cell in the order the rows are drawn (bottom gate first, nearest x).
def stack_blocks(
    cell: str,
    layers: int,
    directions: tuple[str, ...],
    *,
    part: str = "",
    deep: bool = False,
    forget_gate: bool = True,
    truncatable: bool = True,
) -> list[tuple[int, Block]]:
    """(layer, :class:`Block`) of a stack, layer by layer, forward before reverse. Layer
    0 reads the part's x; layer l > 0 reads layer l − 1 in every direction."""
    tag = {"": "", "encoder": "enc.", "decoder": "dec."}[part]
    out = []
    for layer in range(layers):
        below = [tag + "x"] if layer == 0 else []
        below += [prefix(layer - 1, d, part, deep) + "h" for d in directions if layer > 0]
        for d in directions:
            stem = prefix(layer, d, part, deep)
            gates = cell_gates(cell, forget_gate)
            block = Block(
                cell, d, stem, stem if deep else "", tuple(below), gates, forget_gate, truncatable
            )
            out.append((layer, block))
    return out


def block_rows(layer: int, block: Block, part: str, drawn_gates: tuple[str, ...]) -> list[Row]:
    """The rows of one block, top to bottom: c (LSTM), h, then the drawn gates."""
    kinds = ["c", "h"] if block.cell == "lstm" else ["h"]
    rows = [Row(block.stem + k, k, "", layer, block.direction, part) for k in kinds]
    gates = [g for g in reversed(block.gates) if g in drawn_gates]
    rows += [Row(f"{block.stem}gate.{g}", "gate", g, layer, block.direction, part) for g in gates]
    return rows


def row_nodes(row: Row, steps: range, size: int) -> list[Node]:
    """The nodes of ``row`` at ``steps``, each of vector length ``size``."""
    stem = row.key.split("gate.")[0] if row.kind == "gate" else row.key[: -len(row.kind)]
    return [
        Node(
            node_id(row.kind, t, row.name, stem),
            row.kind,
            t,
            row.key,
            size,
            row.name,
            row.layer,
            row.direction,
            row.part,
        )
        for t in steps
    ]


def state_steps(row: Row, T: int) -> range:
    """Steps of a row's nodes: 1..T; a state's with its initial one (0, or T + 1 for a
    reverse direction)."""
    if row.kind in ("h", "c"):
        return range(0, T + 1) if row.direction == "forward" else range(1, T + 2)
    return range(1, T + 1)
