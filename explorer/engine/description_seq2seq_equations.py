"""The equations of an encoder–decoder (``seq2seq.py``), term by term.

Each part is a recurrent stack whose cells are written by ``description_cells`` (each
part with its own cell: :func:`part_spec`); the symbols carry the part ("enc", "dec") and,
in a deep or bidirectional model, the layer ("enc(1←)", "dec(2)"). What the
encoder–decoder adds, for decoder layer l (row vectors, d2l):

    context     h₀^dec(l) = [ h_n^enc(l→), h₁^enc(l←) ]     (c₀ likewise when both parts
                are LSTMs; a decoder LSTM after another encoder starts from c₀ = 0)
    fed input   x₁^dec = onehot(<bos>); for u ≥ 2 the coin flip of step u (part of the
                trace) fed onehot(y_{u−1}), the true token, or onehot(argmax o_{u−1}),
                the decoder's own prediction
    read-out    o_u = h_u^dec W_hq + b_q, L_u its cross-entropy share

and backward, where the gradient crosses from the decoder into the encoder:

    ∂L/∂h₀^dec(l)  = what decoder step 1 sends back through its recurrent weights
    ∂L/∂h_n^enc(l→)[j] = (∂L/∂h₀^dec(l))[j] + (from the encoder layer above)
    ∂L/∂h₁^enc(l←)[j]  = (∂L/∂h₀^dec(l))[H + j] + (from the layer above) + (from step 2)

n is the example's source length: the encoder's record holds steps 1 … n. The engine
also runs the encoder over the padding n < s ≤ S (the batch's longest source), but those
states reach nothing; asking for them is a ValueError that says so. The values are the
engine's trace taken apart: every equation's value is checked against it in the tests.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import description_cells as cells
from .description_graph import node_id, parse_node_id, prefix, split_stem
from .description_layers import LayerRecord, example_arrays, layer_tag
from .description_spec import ModelSpec
from .description_terms import (
    Equation,
    ExampleRecord,
    Term,
    grad,
    loss_forward,
    output_backward,
    output_forward,
    sym,
)
from .description_topology import DETAILS, unroll
from .layer_trace import DIRECTIONS

Params = dict[str, np.ndarray]
PART_STEMS = {"encoder": "enc.", "decoder": "dec."}
PART_TAGS = {"encoder": "enc", "decoder": "dec"}


class LayerArrays(Protocol):
    """One layer and direction of one example (a session's ``LayerSnapshot`` is one):
    ``h0``/``c0 (H,)``, ``hidden``, ``cell_state``, ``preact``, ``grad_hidden``,
    ``grad_cell`` ``(steps, H)`` (None where the cell has none), ``gates`` name → array."""

    h0: np.ndarray
    c0: np.ndarray | None
    hidden: np.ndarray
    cell_state: np.ndarray | None
    gates: Mapping[str, np.ndarray]
    preact: np.ndarray | None
    grad_hidden: np.ndarray
    grad_cell: np.ndarray | None


@dataclass(frozen=True)
class ExampleLayer:
    """:class:`LayerArrays` of example b of an engine ``LayerTrace``."""

    h0: np.ndarray
    c0: np.ndarray | None
    hidden: np.ndarray
    cell_state: np.ndarray | None
    gates: Mapping[str, np.ndarray]
    preact: np.ndarray | None
    grad_hidden: np.ndarray
    grad_cell: np.ndarray | None


@dataclass(frozen=True)
class Seq2SeqRecord:
    """One example of an encoder–decoder pass, as its equations read it.

    ``encoder``: its layers ("enc.l0.", "enc.l0r." …) over the example's n source steps,
    ``inputs (n, V_src)`` the one-hot source; the read-out fields are empty.
    ``decoder``: its layers ("dec.l0." …) over the U target steps, ``inputs (U, V)`` the
    one-hot tokens fed, and the read-out: ``outputs``, ``targets (U,)`` ids, ``mask``,
    ``grad_outputs``, ``step_losses`` (batch), ``scored`` (batch), ``loss`` "ce".
    ``source (S, V_src)``: the one-hot source over the batch's longest source (padding
    included); ``source_steps`` S, the columns the graph draws.
    ``teacher (U,)``: the coin flips, True where step u was fed the true previous token
    (always at u = 1, fed <bos>).
    """

    encoder: ExampleRecord
    decoder: ExampleRecord
    source: np.ndarray
    teacher: np.ndarray
    example: int = 0

    @property
    def layers(self) -> dict[str, LayerRecord]:
        """Every layer of both parts by stem, the encoder's first."""
        return {**self.encoder.layers, **self.decoder.layers}

    @property
    def T(self) -> int:
        """The decoder's steps U (the encoder's are ``encoder.T``)."""
        return self.decoder.T

    @property
    def source_steps(self) -> int:
        """S: the batch's longest source (the encoder columns the graph draws)."""
        return int(self.source.shape[0])

    @property
    def source_length(self) -> int:
        """n: this example's source tokens (steps n + 1 … S are padding)."""
        return self.encoder.T

    def part_of(self, stem: str) -> str:
        """ "encoder" or "decoder" for a layer stem or "enc." / "dec."."""
        return "encoder" if stem.startswith("enc.") else "decoder"


def part_spec(spec: ModelSpec, part: str) -> ModelSpec:
    """The one-part spec of ``part`` of encoder–decoder ``spec``: its cell, sizes and
    directions (the decoder has directions × H units, reads the target vocabulary)."""
    if part == "encoder":
        return dataclasses.replace(spec, parts=("",), decoder_cell="")
    return dataclasses.replace(
        spec,
        cell=spec.decoder_cell or spec.cell,
        input_size=spec.output_size,
        hidden_size=len(spec.directions) * spec.hidden_size,
        bidirectional=False,
        forget_gate=True,
        parts=("",),
        decoder_cell="",
    )


def part_records(
    part: str,
    layers: Mapping[tuple[int, str], LayerArrays],
    inputs: np.ndarray,
    steps: int,
    drawn: int,
) -> dict[str, LayerRecord]:
    """The :class:`LayerRecord` s of one part, keyed by stem, over its first ``steps``
    steps (arrays are sliced, not copied); ``drawn`` the steps the graph draws.

    ``layers``: (layer, direction) → that layer's arrays; ``inputs (≥ steps, V)`` the
    one-hot tokens the bottom layer reads.
    """
    directions = sorted({d for _, d in layers}, key=DIRECTIONS.index)
    deep = len(layers) > 1
    name = PART_TAGS[part]

    def tag(layer: int, direction: str) -> str:
        return name + (layer_tag(layer, direction, len(directions) > 1) if deep else "")

    def cut(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else a[:steps]

    out = {}
    for (layer, direction), a in layers.items():
        stem = prefix(layer, direction, part, deep=True)
        below = tuple(prefix(layer - 1, d, part, deep=True) for d in directions) if layer else ()
        if layer:
            inp = np.concatenate([layers[(layer - 1, d)].hidden[:steps] for d in directions], 1)
        else:
            inp = inputs[:steps]
        out[stem] = LayerRecord(
            stem=stem,
            tag=tag(layer, direction),
            layer=layer,
            direction=direction,
            inputs=inp,
            below=below,
            h0=a.h0,
            c0=a.c0,
            hidden=a.hidden[:steps],
            cell_state=cut(a.cell_state),
            gates={k: g[:steps] for k, g in a.gates.items()},
            preact=cut(a.preact),
            grad_hidden=a.grad_hidden[:steps],
            grad_cell=cut(a.grad_cell),
            xi=np.ones(steps),
            input_stem=PART_STEMS[part],
            input_tag=name,
            below_tags=tuple(tag(layer - 1, d) for d in directions) if layer else (),
            drawn_T=drawn,
        )
    return out


def seq2seq_record(
    *,
    source: np.ndarray,
    source_length: int,
    fed: np.ndarray,
    outputs: np.ndarray,
    targets: np.ndarray,
    mask: np.ndarray,
    grad_outputs: np.ndarray,
    step_losses: np.ndarray,
    scored: float,
    teacher: np.ndarray,
    encoder_layers: Mapping[tuple[int, str], LayerArrays],
    decoder_layers: Mapping[tuple[int, str], LayerArrays],
    example: int = 0,
) -> Seq2SeqRecord:
    """A :class:`Seq2SeqRecord` from one example's arrays (of a trace or a snapshot).

    source: (S, V_src) one-hot source (padding included); source_length n ∈ [1, S];
    fed: (U, V) one-hot tokens fed to the decoder; outputs, grad_outputs: (U, V);
    targets: (U,) ids; mask: (U,); step_losses: (U,) the batch's; scored: the batch's
    scored target steps; teacher: (U,) bool; the layers as :func:`part_records` takes them.
    """
    S, U = int(source.shape[0]), int(fed.shape[0])
    n = int(source_length)
    if not 1 <= n <= S:
        raise ValueError(f"source_length must lie in [1, {S}], got {source_length!r}")
    empty = np.zeros((n, 0))
    encoder = ExampleRecord(
        inputs=source[:n],
        outputs=empty,
        targets=empty,
        mask=np.zeros(n),
        grad_outputs=empty,
        xi=np.ones(n),
        step_losses=np.zeros(n),
        loss="ce",
        scored=float(scored),
        layers=part_records("encoder", encoder_layers, source, n, S),
        example=example,
    )
    decoder = ExampleRecord(
        inputs=fed,
        outputs=outputs,
        targets=targets,
        mask=mask,
        grad_outputs=grad_outputs,
        xi=np.ones(U),
        step_losses=step_losses,
        loss="ce",
        scored=float(scored),
        layers=part_records("decoder", decoder_layers, fed, U, U),
        example=example,
    )
    return Seq2SeqRecord(encoder, decoder, source, np.asarray(teacher, dtype=bool), example)


def trace_record(trace, b: int, src_vocab: int, tgt_vocab: int) -> Seq2SeqRecord:
    """Example ``b`` of an engine ``Seq2SeqTrace`` (``src_vocab``/``tgt_vocab``: the sizes
    of the one-hot rows the model read)."""
    B = trace.src.shape[1]
    if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or not 0 <= b < B:
        raise ValueError(f"b must be an example index in [0, {B}), got {b!r}")

    def arrays(lt) -> ExampleLayer:
        return ExampleLayer(**example_arrays(lt, b))

    return seq2seq_record(
        source=np.eye(src_vocab)[trace.src[:, b]],
        source_length=int(trace.src_mask[:, b].sum()),
        fed=np.eye(tgt_vocab)[trace.decoder_inputs[:, b]],
        outputs=trace.outputs[:, b],
        targets=trace.tgt[:, b],
        mask=trace.tgt_mask[:, b],
        grad_outputs=trace.grad_outputs[:, b],
        step_losses=trace.step_losses,
        scored=float(trace.tgt_mask.sum()),
        teacher=trace.teacher,
        encoder_layers={k: arrays(lt) for k, lt in trace.encoder.items()},
        decoder_layers={k: arrays(lt) for k, lt in trace.decoder.items()},
        example=int(b),
    )


# --- where a node is -----------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """A checked node: its part, kind, gate name, step in its part, and layer record."""

    part: str
    kind: str
    name: str
    t: int
    layer: LayerRecord | None


def locate(spec: ModelSpec, record: Seq2SeqRecord, node: str, unit: int) -> Place:
    """Parse ``node`` ("enc.l0r.h@3", "dec.l1.c@0", "dec.x@2", "o@4") and check it and
    ``unit`` against the model and the example; the step is the part's own."""
    if not isinstance(record, Seq2SeqRecord):
        raise ValueError(
            "an encoder–decoder's equations read a Seq2SeqRecord (describe its trace), got "
            f"a {type(record).__name__}"
        )
    stem, rest = split_stem(node)
    kind, name, t = parse_node_id(rest)
    S, n, U = record.source_steps, record.source_length, record.T
    layer = None
    if kind in ("h", "c", "gate"):
        if stem not in record.layers:
            known = ", ".join(repr(s) for s in record.layers)
            raise ValueError(f"node {node!r}: this model's layer prefixes are {known}")
        layer = record.layers[stem]
        part = record.part_of(stem)
    elif kind == "x":
        if stem not in PART_STEMS.values():
            raise ValueError(f"node {node!r}: an input is 'enc.x@s' or 'dec.x@u'")
        part = record.part_of(stem)
    elif stem:
        raise ValueError(f"node {node!r}: only states, gates and inputs belong to a part")
    else:
        part = "decoder"
    steps = S if part == "encoder" else U
    first, last = 1, steps
    if layer is not None and kind != "gate":
        first, last = (1, steps + 1) if layer.reverse else (0, steps)
    if not first <= t <= last:
        raise ValueError(f"node {node!r}: t must lie in [{first}, {last}]")
    if part == "encoder" and layer is not None:
        if layer.reverse and t == S + 1:
            t = n + 1  # the initial state, drawn after the last column
        elif t > n:
            raise ValueError(
                f"node {node!r}: step {t} is padding of example {record.example}, whose "
                f"source has {n} tokens; the encoder's state there reaches nothing"
            )
    pspec = part_spec(spec, part)
    if kind == "c" and not pspec.has_cell_state:
        raise ValueError(f"node {node!r}: a {pspec.cell} has no cell state")
    if kind == "gate" and name not in pspec.gates:
        raise ValueError(f"node {node!r}: a {pspec.cell} has gates {pspec.gates}")
    sizes = {"x": pspec.input_size, "o": spec.output_size, "L": 1}
    size = sizes.get(kind, pspec.hidden_size)
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < size:
        raise ValueError(f"unit must be an integer in [0, {size}) for node {node!r}, got {unit!r}")
    return Place(part, kind, name, t, layer)


# --- forward --------------------------------------------------------------------------
def token_forward(record: Seq2SeqRecord, part: str, u: int, k: int) -> Equation:
    """x_s^enc[k] = onehot(token)[k]; x_u^dec[k]: <bos> at u = 1, then what step u's coin
    flip fed: the true y_{u−1} or the argmax of the decoder's own o_{u−1}."""
    x = node_id("x", u, stem=PART_STEMS[part])
    lhs = sym("x", u, k, PART_TAGS[part])
    if part == "encoder":
        token = int(np.argmax(record.source[u - 1]))
        term = Term(f"onehot({token})[{k}]", float(k == token), (x,), role="input")
        return Equation(x, k, "forward", lhs, (term,))
    dec = record.decoder
    if u == 1:
        token = int(np.argmax(dec.inputs[0]))
        term = Term(f"onehot(⟨bos⟩)[{k}]", float(k == token), (x,), role="constant")
    elif record.teacher[u - 1]:
        y = node_id("y", u - 1)
        token = int(dec.targets[u - 2])
        html = f"onehot({sym('y', u - 1)})[{k}]"
        term = Term(html, float(k == token), (y, f"{y}->{x}"), role="teacher")
    else:
        o = node_id("o", u - 1)
        token = int(np.argmax(dec.outputs[u - 2]))
        html = f"onehot(argmax {sym('o', u - 1)})[{k}]"
        term = Term(html, float(k == token), (o, f"{o}->{x}"), role="own")
    return Equation(x, k, "forward", lhs, (term,))


def fed_token(record: Seq2SeqRecord, u: int) -> int:
    """The token id decoder step ``u`` was fed, as :func:`token_forward` derives it."""
    dec = record.decoder
    if u == 1:
        return int(np.argmax(dec.inputs[0]))
    if record.teacher[u - 1]:
        return int(dec.targets[u - 2])
    return int(np.argmax(dec.outputs[u - 2]))


def _final_step(layer: LayerRecord) -> int:
    """The step whose state is the encoder layer's context: n forward, 1 reverse."""
    return 1 if layer.reverse else layer.T


def _drawn_context_edge(record: Seq2SeqRecord, enc: LayerRecord, kind: str, target: str) -> str:
    """The context edge as the graph draws it (from column S forward, 1 reverse)."""
    start = 1 if enc.reverse else record.source_steps
    return f"{node_id(kind, start, stem=enc.stem)}->{target}"


def _encoder_of(record: Seq2SeqRecord, dec: LayerRecord, j: int) -> tuple[LayerRecord, int]:
    """The encoder layer and unit that decoder layer ``dec``'s initial unit ``j`` is."""
    H = record.encoder.layers[prefix(dec.layer, "forward", "encoder", True)].H
    direction = DIRECTIONS[j // H]
    return record.encoder.layers[prefix(dec.layer, direction, "encoder", True)], j % H


def context_forward(
    spec: ModelSpec, record: Seq2SeqRecord, dec: LayerRecord, kind: str, j: int
) -> Equation:
    """h₀^dec(l)[j] = the encoder layer l's final state (forward units first); c₀ too when
    both parts are LSTMs, else c₀^dec = 0."""
    target = dec.id(kind, 0)
    lhs = sym(kind, 0, j, dec.tag)
    enc, i = _encoder_of(record, dec, j)
    if kind == "c" and not part_spec(spec, "encoder").has_cell_state:
        term = Term("0", 0.0, (target,), role="constant")
        return Equation(target, j, "forward", lhs, (term,))
    s = _final_step(enc)
    term = Term(
        sym(kind, s, i, enc.tag),
        float(enc.state(kind, s)[i]),
        (enc.id(kind, s), _drawn_context_edge(record, enc, kind, target)),
        role="context",
    )
    return Equation(target, j, "forward", lhs, (term,))


@functools.lru_cache(maxsize=16)
def _drawn_ids(spec: ModelSpec, S: int, U: int) -> frozenset[str]:
    """Every node and edge id of the graph at either detail."""
    ids: set[str] = set()
    for detail in DETAILS:
        topology = unroll(spec, S, detail, U)
        ids |= {n.id for n in topology.nodes} | {e.id for e in topology.edges}
    return frozenset(ids)


def _linked(spec: ModelSpec, record: Seq2SeqRecord, eq: Equation) -> Equation:
    """``eq`` with its terms' sources as the graph draws them.

    A term that reads a decoder layer's initial state (h₀^dec, c₀^dec: no node is drawn
    for it) also names the context edges into it, so hovering it lights the context (a
    "context" term names its own one). An
    example shorter than the batch's longest source loses the ids the graph does not draw:
    the graph's reverse direction starts at S + 1, this example's at its own n + 1.
    """
    padded = record.source_length < record.source_steps
    drawn = _drawn_ids(spec, record.source_steps, record.T) if padded else None
    terms = []
    for term in eq.terms:
        sources = list(term.sources)
        for source in term.sources if term.role != "context" else ():
            if source.startswith("dec.") and source.endswith(("h@0", "c@0")):
                sources += [e for e in _context_edges(record) if e.endswith(source)]
        if drawn is not None:
            sources = [s for s in sources if s in drawn]
        terms.append(dataclasses.replace(term, sources=tuple(dict.fromkeys(sources))))
    return dataclasses.replace(eq, terms=tuple(terms))


def _context_edges(record: Seq2SeqRecord) -> list[str]:
    """The ids of every context edge the graph draws (h, and c between two LSTMs)."""
    out = []
    for enc in record.encoder.layers.values():
        dec = record.decoder.layers[prefix(enc.layer, "forward", "decoder", True)]
        kinds = ("h", "c") if enc.cell_state is not None and dec.cell_state is not None else ("h",)
        out += [_drawn_context_edge(record, enc, k, dec.id(k, 0)) for k in kinds]
    return out


def forward_equation(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, node: str, unit: int = 0
) -> Equation:
    """The forward equation of ``node`` of an encoder–decoder at entry ``unit``; its
    value is the trace's."""
    return _linked(spec, record, _forward(spec, params, record, node, unit))


def _forward(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, node: str, unit: int
) -> Equation:
    p = locate(spec, record, node, unit)
    if p.kind == "x":
        return token_forward(record, p.part, p.t, unit)
    if p.kind == "o":
        return output_forward(params, record.decoder, p.t, unit)
    if p.kind == "L":
        return loss_forward(record.decoder, p.t)
    layer = p.layer
    if p.t == layer.initial_t:
        if p.part == "decoder":
            return context_forward(spec, record, layer, p.kind, unit)
        lhs = sym(p.kind, p.t, unit, layer.tag)
        term = Term(lhs, float(layer.state(p.kind, p.t)[unit]), (node,), role="state")
        return Equation(layer.id(p.kind, p.t), unit, "forward", lhs, (term,))
    pspec = part_spec(spec, p.part)
    return cells.FORWARD[pspec.cell](pspec, params, layer, p.kind, p.name, p.t, unit)


def step_equations(
    spec: ModelSpec,
    params: Params,
    record: Seq2SeqRecord,
    t: int,
    unit: int = 0,
    stem: str | None = None,
) -> tuple[Equation, ...]:
    """Step ``t`` of layer ``stem`` (default: the decoder's top layer) for unit ``unit``
    in the order it is computed: gates, c (LSTM), h. At a state's initial step, its
    initial state (the decoder's: the context), c before h."""
    if stem is None:
        stem = prefix(spec.layers - 1, "forward", "decoder", True)
    part = record.part_of(stem)
    pspec = part_spec(spec, part)
    initial = t == 0 or (part == "encoder" and t == record.source_steps + 1)
    ids = [] if initial else [node_id("gate", t, g, stem) for g in pspec.gates]
    if pspec.has_cell_state:
        ids.append(node_id("c", t, stem=stem))
    ids.append(node_id("h", t, stem=stem))
    return tuple(forward_equation(spec, params, record, i, unit) for i in ids)


# --- backward -------------------------------------------------------------------------
def context_backward(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, dec: LayerRecord, kind: str, j: int
) -> Equation:
    """∂L/∂h₀^dec(l)[j]: what decoder step 1 sends back (the gradient that crosses into
    the encoder); ∂L/∂c₀^dec[j] = ∂L/∂c₁[j] f₁[j] for a decoder LSTM."""
    dspec = part_spec(spec, "decoder")
    lhs = f"∂<i>L</i>/∂{sym(kind, 0, j, dec.tag)}"
    if kind == "h":
        terms = cells.FROM_NEXT[dspec.cell](dspec, params, dec, 0, 1, j)
        return Equation(dec.id("h", 0), j, "backward", lhs, tuple(terms))
    c0, c1 = dec.id("c", 0), dec.id("c", 1)
    term = Term(
        f"{grad('c', 1, dec.tag)}[{j}] {sym('f', 1, j, dec.tag)}",
        float(dec.grad_cell[0, j]) * float(dec.gates["f"][0, j]),
        (c1, f"{c0}->{c1}"),
        role="from_next",
    )
    return Equation(c0, j, "backward", lhs, (term,))


def _context_term(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, enc: LayerRecord, kind: str, j: int
) -> Term:
    """(∂L/∂h₀^dec(l))[column of unit j]: what reaches encoder layer l's final state."""
    dec = record.decoder.layers[prefix(enc.layer, "forward", "decoder", True)]
    col = (enc.H if enc.reverse else 0) + j
    value = context_backward(spec, params, record, dec, kind, col).preact
    target = dec.id(kind, 0)
    return Term(
        f"({grad(kind, 0, dec.tag)})[{col}]",
        value,
        (target, _drawn_context_edge(record, enc, kind, target)),
        role="context",
    )


def _reaches_context(spec: ModelSpec, kind: str) -> bool:
    """Whether the encoder's final ``kind`` state is part of the context."""
    return kind == "h" or (spec.cell == "lstm" and (spec.decoder_cell or spec.cell) == "lstm")


def encoder_backward(
    spec: ModelSpec,
    params: Params,
    record: Seq2SeqRecord,
    enc: LayerRecord,
    kind: str,
    s: int,
    j: int,
) -> Equation:
    """∂L/∂h_s^enc[j] (or ∂L/∂c_s): the context's gradient at the final step, what the
    encoder layer above sends, and what the next step read sends back."""
    espec = part_spec(spec, "encoder")
    if kind == "c":
        terms = list(cells.cell_backward(espec, enc, s, j).terms)
    else:
        top = max(r.layer for r in record.encoder.layers.values())
        above = enc.layer < top
        terms = cells.from_above(espec, params, record.encoder, enc, s, j) if above else []
        n = enc.next(s)
        if n is not None:
            terms += cells.FROM_NEXT[espec.cell](espec, params, enc, s, n, j)
    if s == _final_step(enc) and _reaches_context(spec, kind):
        # The context's gradient: what every decoder loss sends into the encoder.
        terms.insert(0, _context_term(spec, params, record, enc, kind, j))
    lhs = f"∂<i>L</i>/∂{sym(kind, s, j, enc.tag)}"
    return Equation(enc.id(kind, s), j, "backward", lhs, tuple(terms))


def backward_equation(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, node: str, unit: int = 0
) -> Equation:
    """∂L/∂ ``node`` at entry ``unit``, split into terms that sum to the trace's gradient:
    "o@u", every state of both parts ("dec.l0.h@0": the context's gradient). The engine
    keeps none for inputs, gates and the encoder's initial state: ValueError."""
    return _linked(spec, record, _backward(spec, params, record, node, unit))


def _backward(
    spec: ModelSpec, params: Params, record: Seq2SeqRecord, node: str, unit: int
) -> Equation:
    p = locate(spec, record, node, unit)
    if p.kind == "o":
        return output_backward(record.decoder, p.t, unit)
    layer = p.layer
    if p.kind not in ("h", "c") or (p.part == "encoder" and p.t == layer.initial_t):
        raise ValueError(f"the engine keeps no gradient for node {node!r}")
    if p.part == "encoder":
        return encoder_backward(spec, params, record, layer, p.kind, p.t, unit)
    if p.t == 0:
        return context_backward(spec, params, record, layer, p.kind, unit)
    dspec = part_spec(spec, "decoder")
    if p.kind == "c":
        return cells.cell_backward(dspec, layer, p.t, unit)
    return cells.hidden_backward(dspec, params, record.decoder, layer, p.t, unit)
