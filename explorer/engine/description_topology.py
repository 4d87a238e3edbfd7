"""The unrolled computation graph of a model as plain data, for any view to lay out.

A view draws what :func:`unroll` hands it and knows no cell: rows (lanes) top to bottom,
nodes at (row, t), edges that name the weights they multiply by or the element-wise path
they take. Ids are stable strings: ``"h@3"`` is h_3 of the one layer; a deeper or
reversed layer, or an encoder/decoder part, prefixes them (``"l1r.h@3"``: layer 1, the
reverse direction; ``"dec.h@2"``). Gate nodes are ``"gate.<name>@t"`` with the trace's
gate names (``"gate.c_tilde@3"``). An edge's id is ``"<source>-><target>"``.

A deep or bidirectional model (``ModelSpec.layers``, ``.bidirectional``) unrolls into one
block of rows per layer and direction; its ids and parameter names share the prefix
(``"l1r.h@3"`` uses ``"l1r.W_hh"``). Its equations are not described yet.

Time t runs 1..T as in d2l (``trace.hidden[t - 1]`` is h_t); the initial state is the
node at t = 0 (t = T + 1 for a reverse direction).

Two levels of detail: ``"cell"`` draws each step's cell as its state nodes (h, and c for
the LSTM): there the edges x_t → h_t and h_{t−1} → h_t stand for every path through the
cell and list every weight on those paths. ``"gates"`` adds the gate nodes and is the
exact graph: each edge carries one weight or one element-wise path.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from .recurrent import RecurrentModel

DETAILS = ("cell", "gates")
# Gates per cell in the order the rows are drawn (bottom gate first, nearest x).
CELL_GATES = {"rnn": (), "lstm": ("i", "f", "o", "c_tilde"), "gru": ("z", "r", "h_tilde")}


@dataclass(frozen=True)
class ModelSpec:
    """What a model is, without its numbers: enough to unroll it and name its equations.

    ``activation`` is the activation of the hidden state (vanilla RNN: "tanh" or "relu")
    or of the candidate (LSTM, GRU: "tanh"); ``gate_activation`` that of the gates.
    ``layers``, ``bidirectional`` and ``parts`` are there for deeper layouts; the three
    cells of today are one forward layer with no parts.
    """

    cell: str
    input_size: int
    hidden_size: int
    output_size: int
    activation: str
    gate_activation: str
    param_names: tuple[str, ...]
    forget_gate: bool = True
    layers: int = 1
    bidirectional: bool = False
    parts: tuple[str, ...] = ("",)

    @property
    def gates(self) -> tuple[str, ...]:
        """The gate names of this cell (the trace's keys), none for the vanilla RNN."""
        gates = CELL_GATES[self.cell]
        return tuple(g for g in gates if g != "f" or self.forget_gate)

    @property
    def directions(self) -> tuple[str, ...]:
        """("forward",) or ("forward", "reverse")."""
        return ("forward", "reverse") if self.bidirectional else ("forward",)

    @property
    def deep(self) -> bool:
        """Whether ids and parameter names carry a layer prefix ("l0.", "l1r.")."""
        return self.layers > 1 or self.bidirectional

    @property
    def has_cell_state(self) -> bool:
        """Whether the state is ``(h, c)`` (LSTM) rather than ``(h,)``."""
        return self.cell == "lstm"


def model_spec(model: RecurrentModel) -> ModelSpec:
    """The :class:`ModelSpec` of ``model``; the activations are the ones the model names
    (a stacked model keeps its cores' options, the activation among them, apart)."""
    options = getattr(model, "cell_options", {})
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
    ``l{l}[r].`` prefixes, the forget gate from ``W_xf``. The activations are not in the
    weights and are left empty: use :func:`model_spec` where the model is at hand."""
    if cell not in CELL_GATES:
        raise ValueError(f"cell must be one of {tuple(CELL_GATES)}, got {cell!r}")
    layers, reverse = 0, False
    for name in shapes:
        tag, dot, _ = name.partition(".")
        if dot and tag[:1] == "l" and tag[1:].rstrip("r").isdigit():
            layers = max(layers, int(tag[1:].rstrip("r")) + 1)
            reverse = reverse or tag.endswith("r")
    first = "l0." if layers else ""
    x_in = next((n for n in shapes if n.startswith(first + "W_x")), None)
    if x_in is None or "W_hq" not in shapes:
        raise ValueError(f"no {first}W_x* or W_hq among the parameters {sorted(shapes)}")
    return ModelSpec(
        cell=cell,
        input_size=int(shapes[x_in][0]),
        hidden_size=int(shapes[x_in][1]),
        output_size=int(shapes["W_hq"][1]),
        activation="",
        gate_activation="",
        param_names=tuple(shapes),
        forget_gate=cell != "lstm" or f"{first}W_xf" in shapes,
        layers=max(1, layers),
        bidirectional=reverse,
    )


@dataclass(frozen=True)
class Row:
    """One horizontal lane of nodes. ``key`` is the node-id stem shared by the row's nodes."""

    key: str
    kind: str
    name: str = ""
    layer: int = 0
    direction: str = "forward"
    part: str = ""


@dataclass(frozen=True)
class Node:
    """One vector of the unrolled graph.

    ``kind``: "x" input, "h" hidden state, "c" LSTM cell, "gate" (``name`` says which),
    "o" output, "L" step loss. ``t`` in 0..T+1 (0: the initial state). ``row`` is the key
    of its :class:`Row`. ``size`` is the vector's length (1 for a step loss).
    """

    id: str
    kind: str
    t: int
    row: str
    size: int
    name: str = ""
    layer: int = 0
    direction: str = "forward"
    part: str = ""


@dataclass(frozen=True)
class Edge:
    """A dependency of ``target`` on ``source``, in the direction the forward pass flows.

    ``weights``: the parameter names this path multiplies by (each a key of
    ``model.params``). ``via``: the element-wise factor on the path, written as what the
    source is multiplied by ("f⊙" the LSTM cell's carry c_{t−1} → c_t, "1⊙" without a
    forget gate, "i⊙" c̃ → c, "⊙c" f → c (times c_{t−1}), "⊙c̃" i → c, "o⊙tanh" c → h,
    "⊙tanh(c)" o → h; GRU "z⊙" h_{t−1} → h_t, "(1−z)⊙" h̃ → h, "⊙(h−h̃)" z → h,
    "r⊙" h_{t−1} → h̃ and "⊙h" r → h̃, both before W_hh), "loss" o → L, "" none. Every
    edge has a weight or a ``via``. ``family`` groups edges a view draws alike: "in",
    "rec", "out", "loss", "belt" (c_{t−1} → c_t), "c2h", and with gates "gate_in",
    "gate_rec", "mix". ``recurrent``: the edge joins step t − 1 to step t; then
    ``truncated_by`` = t − 1 is the index into ``trace.xi`` of the factor that scales the
    gradient flowing back along it. ``direction`` is the layer's ("forward" or "reverse").
    In a deep model, layer l > 0 reads both directions of layer l − 1 side by side: each of
    the two "in" edges names the layer's W_x* and uses its own block of rows. Later
    layouts will add families on the same type: "context"
    (encoder → decoder) and "out_rec" (o_{t−1} → h_t).
    """

    id: str
    source: str
    target: str
    family: str
    weights: tuple[str, ...] = ()
    via: str = ""
    recurrent: bool = False
    truncated_by: int | None = None
    direction: str = "forward"


@dataclass(frozen=True)
class Topology:
    """The unrolled graph: rows top to bottom, nodes, edges, all in drawing order."""

    spec: ModelSpec
    T: int
    detail: str
    rows: tuple[Row, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    _by_id: dict[str, Node] = field(default_factory=dict, repr=False, compare=False)

    def node(self, node_id: str) -> Node:
        """The node with id ``node_id``; KeyError names it when there is none."""
        if not self._by_id:
            self._by_id.update({n.id: n for n in self.nodes})
        return self._by_id[node_id]

    def family_weights(self) -> dict[str, tuple[str, ...]]:
        """Edge family → the weight names its edges use, in first-use order (a graph's
        weight tags: "in" → ("W_xi", "W_xf", "W_xo", "W_xc") for the LSTM)."""
        out: dict[str, dict[str, None]] = {}
        for e in self.edges:
            out.setdefault(e.family, {}).update(dict.fromkeys(e.weights))
        return {family: tuple(names) for family, names in out.items()}

    def edges_into(self, node_id: str) -> tuple[Edge, ...]:
        """The edges whose target is ``node_id``, in drawing order."""
        return tuple(e for e in self.edges if e.target == node_id)


def prefix(layer: int = 0, direction: str = "forward", part: str = "", deep: bool = False) -> str:
    """The id prefix of a layer, which is also its parameters' prefix in a deep model:
    "" for the one layer of a plain model, else "l0.", "l1r." (layer 1, reverse), and
    "enc." / "dec." before it for an encoder or decoder part."""
    tag = ""
    if deep or layer or direction == "reverse":
        tag = f"l{layer}{'r' if direction == 'reverse' else ''}."
    parts = {"": "", "encoder": "enc.", "decoder": "dec."}
    return parts[part] + tag


def node_id(kind: str, t: int, name: str = "", stem: str = "") -> str:
    """``("h", 3)`` → "h@3"; ``("gate", 3, "i")`` → "gate.i@3"; ``stem`` is a :func:`prefix`."""
    key = f"gate.{name}" if kind == "gate" else kind
    return f"{stem}{key}@{t}"


def parse_node_id(node: str) -> tuple[str, str, int]:
    """ "gate.i@3" → ("gate", "i", 3); "h@0" → ("h", "", 0). One-layer models only."""
    key, _, t_text = node.partition("@")
    if not t_text.isdigit():
        raise ValueError(f"not a node id: {node!r} (expected e.g. 'h@3' or 'gate.i@3')")
    kind, _, name = key.partition(".")
    if kind not in ("x", "h", "c", "o", "L", "gate") or (kind == "gate") != bool(name):
        raise ValueError(f"not a node id of a one-layer model: {node!r}")
    return kind, name, int(t_text)


@functools.lru_cache(maxsize=32)
def unroll(spec: ModelSpec, T: int, detail: str = "cell") -> Topology:
    """The unrolled graph of ``spec`` over ``T`` steps at ``detail`` "cell" or "gates".

    Cached: a view asking again for the same layout gets the same frozen object at once.

    Rows top to bottom: L, o, then each layer from the top one down (its reverse direction
    above its forward one, as d2l draws a bidirectional RNN; c above h), then x. Node counts
    at detail "cell": x, o, L: T each; per layer and direction h: T + 1 with the initial
    state (t = 0 forward, t = T + 1 reverse), c likewise for the LSTM. Detail "gates" adds
    one node per gate, step, layer and direction.
    """
    if isinstance(T, bool) or not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be an integer >= 1, got {T!r}")
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, got {detail!r}")
    if spec.parts != ("",):
        raise ValueError("encoder–decoder layouts cannot be unrolled yet")
    gates = spec.gates if detail == "gates" else ()
    blocks = [(layer, d) for layer in range(spec.layers) for d in spec.directions]
    rows = [Row("L", "L"), Row("o", "o")]
    for layer, d in reversed(blocks):
        stem = prefix(layer, d, deep=spec.deep)
        kinds = ["c", "h"] if spec.has_cell_state else ["h"]
        rows += [Row(stem + k, k, "", layer, d) for k in kinds]
        rows += [Row(f"{stem}gate.{g}", "gate", g, layer, d) for g in reversed(gates)]
    rows.append(Row("x", "x"))
    H = spec.hidden_size
    sizes = {"x": spec.input_size, "h": H, "c": H, "gate": H, "o": spec.output_size, "L": 1}
    nodes: list[Node] = []
    for row in rows:
        steps = range(1, T + 1)
        if row.kind in ("h", "c"):
            steps = range(0, T + 1) if row.direction == "forward" else range(1, T + 2)
        stem = row.key[: -len(row.kind)] if row.kind != "gate" else row.key.split("gate.")[0]
        for t in steps:
            nid = node_id(row.kind, t, row.name, stem)
            nodes.append(
                Node(nid, row.kind, t, row.key, sizes[row.kind], row.name, row.layer, row.direction)
            )
    edges: list[Edge] = []
    top = spec.layers - 1
    for t in range(1, T + 1):
        for layer, d in blocks:
            edges += _cell_edges(spec, t, gates, layer, d)
        for d in spec.directions:
            h = node_id("h", t, stem=prefix(top, d, deep=spec.deep))
            edges.append(_edge(h, node_id("o", t), "out", ("W_hq",)))
        edges.append(_edge(node_id("o", t), node_id("L", t), "loss", via="loss"))
    return Topology(spec, T, detail, tuple(rows), tuple(nodes), tuple(edges))


def _edge(
    source: str,
    target: str,
    family: str,
    weights=(),
    via="",
    t_back: int | None = None,
    recurrent: bool = False,
    direction: str = "forward",
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
    )


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


def _cell_edges(
    spec: ModelSpec, t: int, gates: tuple[str, ...], layer: int, direction: str
) -> list[Edge]:
    """The edges into step t's cell of one layer and direction: from its inputs (x_t, or
    the layer below in every direction) and from its previous state (t − 1 forward, t + 1
    reverse). A forward edge's ``truncated_by`` is t − 1: ``trace.xi[t - 1]`` scales the
    gradient step t sends back; the reverse direction is not truncated (None)."""
    deep = spec.deep
    stem = prefix(layer, direction, deep=deep)
    wp = stem if deep else ""
    forward = direction == "forward"
    prev_t = t - 1 if forward else t + 1
    if layer == 0:
        inputs = [node_id("x", t)]
    else:
        inputs = [node_id("h", t, stem=prefix(layer - 1, d, deep=deep)) for d in spec.directions]
    h, h_prev = node_id("h", t, stem=stem), node_id("h", prev_t, stem=stem)
    c, c_prev = node_id("c", t, stem=stem), node_id("c", prev_t, stem=stem)
    back = t - 1 if forward else None

    def edge(source, target, family, weights=(), via="", rec=False):
        prefixed = tuple(wp + w for w in weights)
        return _edge(source, target, family, prefixed, via, back if rec else None, rec, direction)

    cell = spec.cell
    if cell == "rnn":
        return [edge(x, h, "in", ("W_xh",)) for x in inputs] + [
            edge(h_prev, h, "rec", ("W_hh",), rec=True)
        ]
    w_x = tuple(f"W_x{GATE_WEIGHTS[g][0]}" for g in spec.gates)
    w_h = tuple(GATE_WEIGHTS[g][1] for g in spec.gates)
    carry = "f⊙" if spec.forget_gate else "1⊙"
    if not gates:
        edges = [edge(x, h, "in", w_x) for x in inputs]
        edges.append(edge(h_prev, h, "rec", w_h, "z⊙" if cell == "gru" else "", rec=True))
        if cell == "lstm":
            edges += [edge(c_prev, c, "belt", via=carry, rec=True), edge(c, h, "c2h", via="o⊙tanh")]
        return edges
    gate = {g: node_id("gate", t, g, stem) for g in spec.gates}
    edges = []
    for g, wx, wh in zip(spec.gates, w_x, w_h, strict=True):
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
    if spec.forget_gate:
        edges.append(edge(gate["f"], c, "mix", via="⊙c"))
    return [
        *edges,
        edge(gate["i"], c, "mix", via="⊙c̃"),
        edge(gate["c_tilde"], c, "mix", via="i⊙"),
        edge(c, h, "c2h", via="o⊙tanh"),
        edge(gate["o"], h, "mix", via="⊙tanh(c)"),
    ]
