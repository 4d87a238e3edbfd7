"""The unrolled graph of every model layout the engine trains: its spec read back from the
weights alone, output recurrence, and the encoder–decoder, checked against the models."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import make_model
from explorer.engine.description_topology import model_spec, spec_from_params, unroll
from explorer.engine.output_recurrence import OutputRecurrentRNN
from explorer.engine.seq2seq import Seq2Seq

LAYOUT = ("cell", "input_size", "hidden_size", "output_size", "forget_gate", "layers")
LAYOUT += ("bidirectional", "parts", "decoder_cell", "param_names")


def shapes(model) -> dict[str, tuple[int, ...]]:
    return {name: value.shape for name, value in model.params.items()}


def seq2seq(enc="lstm", dec="gru", layers=2, bidirectional=True) -> Seq2Seq:
    return Seq2Seq(
        5, 6, 3, bos_id=0, eos_id=1, encoder_cell=enc, decoder_cell=dec,
        num_layers=layers, bidirectional=bidirectional, seed=0,
    )  # fmt: skip


MODELS = {
    "rnn": lambda: make_model("rnn", input_size=3, hidden_size=4, output_size=2, seed=0),
    "lstm-no-forget": lambda: make_model(
        "lstm", input_size=3, hidden_size=4, output_size=2, seed=0, forget_gate=False
    ),
    "gru-2-bi": lambda: make_model(
        "gru", num_layers=2, bidirectional=True, input_size=3, hidden_size=4, output_size=2
    ),
    "lstm-3": lambda: make_model("lstm", num_layers=3, input_size=3, hidden_size=4, output_size=2),
    "output-recurrence": lambda: OutputRecurrentRNN(3, 4, 2, seed=0),
    "seq2seq": seq2seq,
    "seq2seq-rnn": lambda: seq2seq("rnn", "lstm", 1, False),
}


@pytest.mark.parametrize("name", MODELS)
def test_the_weights_alone_give_the_models_layout(name):
    model = MODELS[name]()
    spec = model_spec(model)
    read = spec_from_params(spec.cell, shapes(model))
    assert {k: getattr(read, k) for k in LAYOUT} == {k: getattr(spec, k) for k in LAYOUT}
    for detail in ("cell", "gates"):
        topo = unroll(read, 4, detail)
        assert topo.rows == unroll(spec, 4, detail).rows
        used = {w for e in topo.edges for w in e.weights}
        assert used <= set(model.params)
        assert used == {p for p in model.params if p.split(".")[-1].startswith("W_")}, detail


def test_output_recurrence_runs_through_o_and_is_cut_by_teacher_forcing():
    model = MODELS["output-recurrence"]()
    topo = unroll(model_spec(model), 4)
    assert [r.key for r in topo.rows] == ["L", "o", "y", "h", "x"]
    assert not [e for e in topo.edges if e.family == "rec"]  # no h_{t−1} → h_t
    into = {e.source: e for e in topo.edges_into("h@3")}
    assert set(into) == {"x@3", "o@2", "y@2"}
    own, teacher = into["o@2"], into["y@2"]
    assert (own.family, own.weights, own.feed, own.recurrent) == ("out_rec", ("W_oh",), "own", True)
    assert (teacher.weights, teacher.feed, teacher.recurrent) == (("W_oh",), "teacher", False)
    assert teacher.truncated_by is None
    first = topo.edges_into("h@1")
    assert [(e.source, e.feed) for e in first if e.family == "out_rec"] == [("o@0", "")]
    # ``truncated_by`` indexes the trace's ξ: teacher forcing cuts every own edge, free
    # running with truncation k = 2 cuts every second one.
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 2, 3)), rng.normal(size=(4, 2, 2))
    own_edges = [e for e in topo.edges if e.feed != "teacher" and e.family == "out_rec"]
    forced = model.loss_and_grads(X, Y, teacher_forcing=True).trace.xi
    assert all(forced[e.truncated_by] == 0 for e in own_edges)
    free = model.loss_and_grads(X, Y, truncation=2).trace.xi
    assert [bool(free[e.truncated_by]) for e in own_edges] == [bool(x) for x in free]


def test_encoder_and_decoder_unroll_side_by_side_with_context_and_feed_edges():
    model = seq2seq("lstm", "gru", 2, True)
    S, U = 4, 3
    topo = unroll(model_spec(model), S, target_steps=U)
    keys = [r.key for r in topo.rows]
    assert keys[:2] == ["L", "o"] and keys[-3:] == ["y", "enc.x", "dec.x"]
    # Layer 1 of both parts above layer 0; the encoder's reverse row above its forward one.
    assert keys.index("enc.l1r.h") < keys.index("enc.l1.h") < keys.index("dec.l1.h")
    assert keys.index("dec.l1.h") < keys.index("enc.l0r.c")
    nodes = {n.id: n for n in topo.nodes}
    assert len(nodes) == len(topo.nodes)
    assert nodes["dec.l0.h@3"].size == 6 and nodes["enc.l0r.h@2"].size == 3
    assert {n.part for n in topo.nodes if n.id.startswith("enc.")} == {"encoder"}
    assert max(n.t for n in topo.nodes if n.row == "dec.l1.h") == U
    assert all(e.source in nodes and e.target in nodes for e in topo.edges)
    assert all(e.truncated_by is None for e in topo.edges)  # nothing is truncated
    context = {(e.source, e.target) for e in topo.edges if e.family == "context"}
    assert context == {
        (f"enc.l{layer}{r}.h@{S if not r else 1}", f"dec.l{layer}.h@0")
        for layer in (0, 1)
        for r in ("", "r")
    }  # a GRU decoder takes no cell state from the LSTM encoder
    assert topo.edges_into("dec.x@1") == ()  # <bos>
    feeds = {(e.source, e.feed) for e in topo.edges_into("dec.x@3")}
    assert feeds == {("y@2", "teacher"), ("o@2", "own")}
    assert {e.source for e in topo.edges_into("o@2")} == {"dec.l1.h@2"}


def test_the_feed_edge_the_trace_chose_carries_the_token_fed():
    model = seq2seq("gru", "gru", 1, False)
    rng = np.random.default_rng(3)
    src, tgt = rng.integers(2, 5, size=(4, 3)), rng.integers(2, 6, size=(5, 3))
    trace = model.loss_and_grads(src, tgt, teacher_forcing=0.5).trace
    topo = unroll(model_spec(model), 4, target_steps=5)
    for u in range(2, 6):
        chosen = "teacher" if trace.teacher[u - 1] else "own"
        (edge,) = [e for e in topo.edges_into(f"dec.x@{u}") if e.feed == chosen]
        fed = tgt[u - 2] if edge.source.startswith("y@") else trace.predictions[u - 2]
        assert (trace.decoder_inputs[u - 1] == fed).all()
    assert not trace.teacher.all() and trace.teacher[1:].any()  # both kinds were fed


def test_both_lstm_parts_pass_the_cell_state_through_the_context():
    topo = unroll(model_spec(seq2seq("lstm", "lstm", 1, False)), 3, target_steps=2)
    context = {(e.source, e.target) for e in topo.edges if e.family == "context"}
    assert context == {("enc.l0.h@3", "dec.l0.h@0"), ("enc.l0.c@3", "dec.l0.c@0")}
