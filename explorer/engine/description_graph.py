"""The data types of an unrolled graph and its ids: rows, nodes, edges, the topology.

:mod:`explorer.engine.description_topology` builds them from a model's spec; views read
them. Ids are stable strings: ``"h@3"`` is h_3 of the one layer; a deeper or reversed
layer, or an encoder/decoder part, prefixes them (``"l1r.h@3"``: layer 1, the reverse
direction; ``"dec.l0.h@2"``). Gate nodes are ``"gate.<name>@t"``. An edge's id is
``"<source>-><target>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .description_spec import ModelSpec


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
    the two "in" edges names the layer's W_x* and uses its own block of rows.

    Output recurrence adds the family "out_rec" (o_{t−1} → h_t, or y_{t−1} → h_t, through
    W_oh); an encoder–decoder "context" (the encoder's final states → the decoder's
    initial state, ``via`` "context") and "feed" (what the decoder reads at step u: the
    true y_{u−1}, ``via`` "token", or its own o_{u−1}, ``via`` "argmax"). ``feed`` names
    such alternatives: "teacher" (the edge carries the true previous output, used under
    teacher forcing), "own" (the model's own previous output), "" (always used); the
    trace says which one a step used.
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
    feed: str = ""


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


STEM = re.compile(r"^((?:enc\.|dec\.)?(?:l\d+r?\.)?)(.*)$")


def split_stem(node: str) -> tuple[str, str]:
    """ "l1r.h@3" → ("l1r.", "h@3"); "enc.l0.h@3" → ("enc.l0.", "h@3"); "enc.x@2" →
    ("enc.", "x@2"); "h@3" → ("", "h@3")."""
    match = STEM.match(node)
    return match.group(1), match.group(2)


def parse_node_id(node: str) -> tuple[str, str, int]:
    """ "gate.i@3" → ("gate", "i", 3); "h@0" → ("h", "", 0). One-layer models only."""
    key, _, t_text = node.partition("@")
    if not t_text.isdigit():
        raise ValueError(f"not a node id: {node!r} (expected e.g. 'h@3' or 'gate.i@3')")
    kind, _, name = key.partition(".")
    if kind not in ("x", "h", "c", "o", "L", "gate") or (kind == "gate") != bool(name):
        raise ValueError(f"not a node id of a one-layer model: {node!r}")
    return kind, name, int(t_text)
