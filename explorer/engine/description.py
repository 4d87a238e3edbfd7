"""The model describes itself: its unrolled graph and each node's equation, as data.

Views draw from this and know no cell's equations (micrograd's ``_prev``/``_op`` with
``draw_dot``; Netron). Three pieces, one module each:

* ``description_topology.py``: :class:`ModelSpec` (what the model is) and
  :func:`unroll` → :class:`Topology` (rows, nodes, edges with weight names).
* ``description_terms.py``: :class:`ExampleRecord` (one example's numbers from a
  trace), :class:`Term` and :class:`Equation`, the output and loss equations.
* ``description_layers.py``: :class:`LayerRecord`, one recurrent layer and direction
  (a stacked or bidirectional model has several; ids "l1r.h@3").
* ``description_cells.py``: the RNN, LSTM and GRU equations, forward and backward.
* ``description_feedback.py``: output recurrence (h_t reads o_{t−1} or y_{t−1}).
* ``description_seq2seq_equations.py``: the encoder–decoder: each part's cells, the
  context, the fed tokens and the gradient that crosses into the encoder
  (:class:`Seq2SeqRecord`).

This module dispatches on the node id and bundles the three inputs in
:class:`Description`::

    model = LSTM(3, 4, 2, seed=0)
    weights = {k: v.copy() for k, v in model.params.items()}
    result = model.loss_and_grads(X, Y, loss="mse", truncation=3)
    d = describe(model, result.trace, b=0, targets=Y, loss="mse", params=weights)
    d.topology().edges_into("c@2")        # (Edge c@1->c@2, family "belt", via "f⊙"),
    eq = d.forward("c@2", unit=1)         # c_2[1] = f_2[1] c_1[1] + i_2[1] c̃_2[1]
    eq.value == result.trace.cell[1, 0, 1]
    [t.value for t in d.backward("h@2", 1).terms]   # from o_2, from each gate of step 3
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import description_cells as cells
from . import description_feedback as feedback
from . import description_seq2seq_equations as seq2seq
from .description_layers import LayerRecord, layer_records, layer_tag
from .description_seq2seq_equations import Seq2SeqRecord
from .description_terms import (
    Equation,
    ExampleRecord,
    Term,
    activation_slope,
    example_record,
    loss_forward,
    output_backward,
    output_forward,
    sym,
)
from .description_topology import (
    Edge,
    ModelSpec,
    Node,
    Row,
    Topology,
    model_spec,
    node_id,
    parse_node_id,
    split_stem,
    unroll,
)
from .recurrent import RecurrentModel
from .seq2seq import Seq2SeqTrace
from .trace import Trace

Params = dict[str, np.ndarray]


def describes(spec: ModelSpec) -> bool:
    """Whether the equations of ``spec``'s model are described here: the RNN, LSTM and
    GRU, stacked or bidirectional, output recurrence, and the encoder–decoder of any two
    of those cells (``description_seq2seq_equations``)."""
    if spec.encoder_decoder:
        return spec.cell in cells.FORWARD and (spec.decoder_cell or spec.cell) in cells.FORWARD
    return spec.cell in cells.FORWARD or spec.cell == FEEDBACK


# The cell whose recurrence runs through the output (``description_feedback``).
FEEDBACK = "output_recurrence"


def forward_equation(
    spec: ModelSpec, params: Params, record: ExampleRecord, node: str, unit: int = 0
) -> Equation:
    """The forward equation of ``node`` ("x@1", "h@3", "c@0", "gate.f@2", "o@1", "L@4"; a
    stacked or bidirectional model's states carry their stem: "l1r.h@3", "l0.gate.i@2") for
    entry ``unit`` of that node's vector (0 for a step loss). Its ``value`` is the trace's.
    An encoder–decoder's nodes carry their part: "enc.l0.h@3", "dec.x@2", "dec.l0.h@0"."""
    if spec.encoder_decoder:
        return seq2seq.forward_equation(spec, params, record, node, unit)
    kind, name, t, layer = _check(spec, record, node, unit)
    if kind == "x":
        term = Term(sym("x", t, unit), float(record.inputs[t - 1, unit]), (node,), role="input")
        return Equation(node, unit, "forward", sym("x", t, unit), (term,))
    if kind == "o":
        return output_forward(params, record, t, unit)
    if kind == "L":
        return loss_forward(record, t)
    if t == layer.initial_t:
        lhs = sym(kind, t, unit, layer.tag)
        term = Term(lhs, float(layer.state(kind, t)[unit]), (node,), role="state")
        return Equation(node, unit, "forward", lhs, (term,))
    if spec.cell == FEEDBACK:
        return feedback.hidden_forward(spec, params, record, t, unit)
    return cells.FORWARD[spec.cell](spec, params, layer, kind, name, t, unit)


def backward_equation(
    spec: ModelSpec, params: Params, record: ExampleRecord, node: str, unit: int = 0
) -> Equation:
    """∂L/∂ ``node`` at entry ``unit``, split into terms that sum to the trace's gradient.

    Defined for "o@t" (``grad_outputs``), every layer's "h@t" (``grad_hidden``: the term
    from the output or from the layer above, and those from the step that reads h_t) and
    the LSTM's "c@t" (``grad_cell``). The engine keeps no gradient of inputs, gates or the
    initial state: ValueError for those. Output recurrence: "o@t" sums to the total
    ``grad_outputs_total`` (its own loss's share plus what step t + 1 sends back). An
    encoder–decoder's "dec.l0.h@0" is the context's gradient, which the encoder's final
    states receive.
    """
    if spec.encoder_decoder:
        return seq2seq.backward_equation(spec, params, record, node, unit)
    kind, _, t, layer = _check(spec, record, node, unit)
    if kind == "o":
        if spec.cell == FEEDBACK:
            return feedback.output_backward_fed(spec, params, record, t, unit)
        return output_backward(record, t, unit)
    if kind not in ("h", "c") or t == layer.initial_t:
        raise ValueError(f"the engine keeps no gradient for node {node!r}")
    if spec.cell == FEEDBACK:
        return feedback.hidden_backward(spec, params, record, t, unit)
    if kind == "c":
        return cells.cell_backward(spec, layer, t, unit)
    return cells.hidden_backward(spec, params, record, layer, t, unit)


def step_equations(
    spec: ModelSpec,
    params: Params,
    record: ExampleRecord,
    t: int,
    unit: int = 0,
    stem: str | None = None,
) -> tuple[Equation, ...]:
    """Step ``t``'s cell for hidden unit ``unit`` in the order it is computed: the gates
    (the trace's order), then c_t (LSTM), then h_t. ``stem`` picks the layer and direction
    ("l1r."); None: the one layer, or the top layer's first direction (an
    encoder–decoder's: "enc.l0r.", "dec.l1."; None: the decoder's top layer)."""
    if spec.encoder_decoder:
        return seq2seq.step_equations(spec, params, record, t, unit, stem)
    stem = record.top[0].stem if stem is None else stem
    ids = [node_id("gate", t, g, stem) for g in spec.gates]
    if spec.has_cell_state:
        ids.append(node_id("c", t, stem=stem))
    ids.append(node_id("h", t, stem=stem))
    return tuple(forward_equation(spec, params, record, n, unit) for n in ids)


def _check(
    spec: ModelSpec, record: ExampleRecord, node: str, unit: int
) -> tuple[str, str, int, LayerRecord | None]:
    """Parse ``node`` and check it and ``unit`` against the spec and the record; the
    layer record of a state or gate node (None for x, o, L)."""
    stem, rest = split_stem(node)
    kind, name, t = parse_node_id(rest)
    layer = None
    if kind in ("h", "c", "gate"):
        if stem not in record.layers:
            known = ", ".join(repr(s) for s in record.layers)
            raise ValueError(f"node {node!r}: this model's layer prefixes are {known}")
        layer = record.layers[stem]
    elif stem:
        raise ValueError(f"node {node!r}: only states and gates belong to a layer")
    first, last = 1, record.T
    if layer is not None and kind != "gate":
        first, last = (1, record.T + 1) if layer.reverse else (0, record.T)
    if not first <= t <= last:
        raise ValueError(f"node {node!r}: t must lie in [{first}, {last}]")
    if kind == "c" and not spec.has_cell_state:
        raise ValueError(f"node {node!r}: a {spec.cell} has no cell state")
    if kind == "gate" and name not in spec.gates:
        raise ValueError(f"node {node!r}: a {spec.cell} has gates {spec.gates}")
    size = {"x": spec.input_size, "o": spec.output_size, "L": 1}.get(kind, spec.hidden_size)
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < size:
        raise ValueError(f"unit must be an integer in [0, {size}) for node {node!r}, got {unit!r}")
    return kind, name, t, layer


@dataclass(frozen=True)
class Description:
    """A model's spec, the parameters of one forward pass, and one example of its trace.

    ``params`` must be the weights that pass used (the session's ``snapshot.weights``),
    not ones an optimizer has since updated.
    """

    spec: ModelSpec
    params: Params
    record: ExampleRecord | Seq2SeqRecord

    def topology(self, detail: str = "cell") -> Topology:
        """The unrolled graph over the record's T steps (see :func:`unroll`); an
        encoder–decoder's over its S source and U target steps."""
        if isinstance(self.record, Seq2SeqRecord):
            return unroll(self.spec, self.record.source_steps, detail, self.record.T)
        return unroll(self.spec, self.record.T, detail)

    def forward(self, node: str, unit: int = 0) -> Equation:
        """See :func:`forward_equation`."""
        return forward_equation(self.spec, self.params, self.record, node, unit)

    def backward(self, node: str, unit: int = 0) -> Equation:
        """See :func:`backward_equation`."""
        return backward_equation(self.spec, self.params, self.record, node, unit)

    def step(self, t: int, unit: int = 0, stem: str | None = None) -> tuple[Equation, ...]:
        """See :func:`step_equations`."""
        return step_equations(self.spec, self.params, self.record, t, unit, stem)


def describe(
    model: RecurrentModel,
    trace: Trace,
    b: int,
    targets: np.ndarray,
    loss: str,
    params: Params | None = None,
) -> Description:
    """The :class:`Description` of example ``b`` of ``trace`` made by ``model``.

    targets: the Y of the call, (T, B, O) floats or (T, B) classes; loss: its kind.
    params: the weights of that call; ``model.params`` when None (right only before the
    optimizer steps). An encoder–decoder's trace holds its own targets (its loss is "ce").
    """
    weights = dict(model.params if params is None else params)
    if isinstance(trace, Seq2SeqTrace):
        record = seq2seq.trace_record(trace, b, model.src_vocab, model.tgt_vocab)
        return Description(model_spec(model), weights, record)
    return Description(model_spec(model), weights, example_record(trace, b, targets, loss))


__all__ = [
    "Description",
    "Edge",
    "Equation",
    "ExampleRecord",
    "LayerRecord",
    "ModelSpec",
    "Node",
    "Row",
    "Seq2SeqRecord",
    "Term",
    "Topology",
    "activation_slope",
    "backward_equation",
    "describe",
    "describes",
    "example_record",
    "forward_equation",
    "layer_records",
    "layer_tag",
    "model_spec",
    "node_id",
    "split_stem",
    "step_equations",
    "unroll",
]
