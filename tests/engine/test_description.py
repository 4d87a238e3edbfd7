"""The model's self-description: its unrolled graph, and equations that add up to the trace."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import SGD
from explorer.engine.description import (
    ModelSpec,
    activation_slope,
    backward_equation,
    describe,
    forward_equation,
    model_spec,
    node_id,
    unroll,
)
from explorer.engine.description_topology import prefix
from tests.engine.common import H, Q, T, h0_for, mask_for, model, problem

# (cell, constructor kwargs): every cell, both vanilla activations, the 1997 LSTM.
MODELS = [
    ("rnn", {}),
    ("rnn", {"activation": "relu"}),
    ("lstm", {}),
    ("lstm", {"forget_gate": False}),
    ("gru", {}),
]
IDS = ["rnn-tanh", "rnn-relu", "lstm", "lstm-no-forget", "gru"]
# (loss, mask, truncation, initial state): full and cut BPTT, randomized ξ = 1/p, masks.
SETUPS = [
    ("mse", "none", None, "zeros"),
    ("ce", "random", 2, "random"),
    ("mse", "last", ("random", 0.5), "random"),
    ("ce", "none", ("random", 0.7), "zeros"),
]
UNITS = [(1, 0, 0), (2, 1, 3), (T - 1, 2, 1), (T, 0, 2)]


def run(cell, kwargs, setup, seed=1):
    """A model, its loss_and_grads result and its arguments for one setup."""
    loss, mask, truncation, h0 = setup
    m = model(cell, seed=seed, **kwargs)
    X, Y = problem(loss, seed=seed)
    if cell == "rnn" and kwargs.get("activation") == "relu":
        X = X * 3.0  # some pre-activations negative, some positive
    result = m.loss_and_grads(X, Y, loss, mask_for(mask), truncation, h0_for(cell, h0))
    return m, result, Y, loss


def close(value, expected, scale=1.0):
    """Equal to 1e-12 relative to the larger of ``expected`` and ``scale``."""
    return abs(value - expected) <= 1e-12 * max(abs(expected), scale, 1e-300)


@pytest.mark.parametrize("setup", SETUPS)
@pytest.mark.parametrize(("cell", "kwargs"), MODELS, ids=IDS)
def test_forward_terms_reproduce_the_trace(cell, kwargs, setup):
    m, result, Y, loss = run(cell, kwargs, setup)
    tr = result.trace
    for t, b, j in UNITS:
        d = describe(m, tr, b, Y, loss)
        i = t - 1
        h = d.forward(f"h@{t}", j)
        assert close(h.value, tr.hidden[i, b, j]), (t, b, j, h.plain)
        if cell == "rnn":
            assert close(h.preact, tr.preact[i, b, j])
            assert h.activation == kwargs.get("activation", "tanh")
            assert [term.weight for term in h.terms] == ["W_xh", "W_hh", "b_h"]
        for name in d.spec.gates:
            g = d.forward(f"gate.{name}@{t}", j)
            assert close(g.value, tr.gates[name][i, b, j]), (name, g.plain)
            assert g.activation == ("tanh" if name in ("c_tilde", "h_tilde") else "sigmoid")
        if cell == "lstm":
            c = d.forward(f"c@{t}", j)
            assert close(c.value, tr.cell[i, b, j])
            assert [s.role for s in c.terms] == ["product" if m.forget_gate else "state", "product"]
            assert h.factor is not None and h.factor.value == tr.gates["o"][i, b, j]
        for k in range(Q):
            assert close(d.forward(f"o@{t}", k).value, tr.outputs[i, b, k])
        L = d.forward(f"L@{t}")
        assert close(L.value, tr.step_losses[i], scale=float(tr.step_losses.sum()))
        # The example's own share, recomputed: every example's shares add up to L_t.
        shares = sum(
            describe(m, tr, bb, Y, loss).forward(f"L@{t}").terms[0].value for bb in range(3)
        )
        assert close(shares, tr.step_losses[i], scale=float(tr.step_losses.sum()))
        assert d.forward("h@0", j).value == tr.h0[b, j]
        assert d.forward(f"x@{t}", 1).value == tr.X[i, b, 1]


@pytest.mark.parametrize("setup", SETUPS)
@pytest.mark.parametrize(("cell", "kwargs"), MODELS, ids=IDS)
def test_backward_terms_sum_to_the_trace(cell, kwargs, setup):
    m, result, Y, loss = run(cell, kwargs, setup)
    tr = result.trace
    for t in range(1, T + 1):
        for b in range(3):
            d = describe(m, tr, b, Y, loss)
            for j in range(H):
                eq = d.backward(f"h@{t}", j)
                scale = sum(abs(term.value) for term in eq.terms)
                assert close(eq.preact, tr.grad_hidden[t - 1, b, j], scale), eq.plain
                assert eq.terms[0].role == "output"
                assert close(eq.terms[0].value, tr.grad_outputs[t - 1, b] @ m.params["W_hq"][j])
                later = [term for term in eq.terms if term.role == "from_next"]
                assert bool(later) == (t < T)
                if t < T and tr.xi[t] == 0.0:
                    assert all(term.value == 0.0 for term in later)
                if t < T and tr.xi[t] not in (0.0, 1.0):
                    assert all(term.html.startswith(f"ξ<sub>{t + 1}</sub>") for term in later)
                if cell == "lstm":
                    ec = d.backward(f"c@{t}", j)
                    scale = sum(abs(term.value) for term in ec.terms)
                    assert close(ec.preact, tr.grad_cell[t - 1, b, j], scale), ec.plain
            for k in range(Q):
                assert close(d.backward(f"o@{t}", k).value, tr.grad_outputs[t - 1, b, k])


def test_a_truncation_cut_stops_every_term_from_the_next_step():
    m, result, Y, loss = run("lstm", {}, ("mse", "none", 2, "zeros"))
    d = describe(m, result.trace, 0, Y, loss)
    assert result.trace.xi[2] == 0.0  # truncation 2 cuts between steps 2 and 3
    cut = d.backward("h@2", 1)
    assert [term.role for term in cut.terms] == ["output"] + ["from_next"] * 4
    assert all(term.value == 0.0 for term in cut.terms[1:])
    assert d.backward("c@2", 1).terms[1].value == 0.0
    whole = d.backward("h@1", 1)
    assert any(term.value != 0.0 for term in whole.terms[1:])


def test_params_are_those_of_the_forward_pass_not_the_updated_ones():
    m, result, Y, loss = run("gru", {}, SETUPS[0])
    weights = {k: v.copy() for k, v in m.params.items()}
    SGD(m.params, lr=0.5).step(result.grads)
    tr = result.trace
    kept = describe(m, tr, 1, Y, loss, params=weights)
    assert close(kept.forward("gate.z@3", 2).value, tr.gates["z"][2, 1, 2])
    moved = describe(m, tr, 1, Y, loss)
    assert not close(moved.forward("gate.z@3", 2).value, tr.gates["z"][2, 1, 2])


def test_equations_name_their_terms_sources_in_the_graph():
    for (cell, kwargs), name in zip(MODELS, IDS, strict=True):
        m, result, Y, loss = run(cell, kwargs, SETUPS[1])
        d = describe(m, result.trace, 0, Y, loss)
        known = {n.id for n in d.topology("gates").nodes} | {
            e.id for e in d.topology("gates").edges
        }
        known |= {e.id for e in d.topology("cell").edges}
        eqs = [d.forward(f"o@{t}") for t in (1, 3)] + [d.forward(f"L@{T}")]
        eqs += [eq for t in (1, 3, T) for eq in d.step(t, 1)]
        eqs += [d.backward(f"h@{t}", 2) for t in (1, T)]
        if d.spec.has_cell_state:
            eqs += [d.backward(f"c@{t}", 2) for t in (1, T)]
        for eq in eqs:
            assert eq.node in known, (name, eq.node)
            for term in eq.terms:
                assert set(term.sources) <= known, (name, eq.node, term.sources)
                assert term.weight == "" or term.weight in m.params
                assert "<" not in term.plain and term.plain.strip()


def test_equation_text_reads_as_d2l_writes_it():
    m, result, Y, loss = run("rnn", {}, SETUPS[0])
    d = describe(m, result.trace, 0, Y, loss)
    eq = d.forward("h@3", 2)
    assert eq.plain.startswith(
        "h_3[2] = tanh( x_3 W_{xh}[:, 2] + h_2 W_{hh}[:, 2] + b_h[2] ) = tanh("
    )
    back = d.backward("h@3", 2)
    assert back.plain.startswith(
        "∂L/∂h_3[2] = (∂L/∂o_3 W_{hq}ᵀ)[2] + ((∂L/∂h_4 ⊙ φ′_4) W_{hh}ᵀ)[2] ="
    )
    assert " + −" not in back.plain


# --- topology ------------------------------------------------------------------------------
# name → (nodes, edges) at detail "cell" and at "gates", for T = 3. Nodes: x, o, L three
# each, h (and c) four with the initial state, plus three per gate. Edges per step:
# in, rec, out, loss (+ belt, c2h for the LSTM); with gates, x and h_{t−1} into each gate
# (2 per gate) and the element-wise paths: LSTM belt, f→c, i→c, c̃→c, c→h, o→h; GRU r→h̃,
# h_{t−1}→h, z→h, h̃→h.
COUNTS = {
    "rnn-tanh": ((13, 12), (13, 12)),
    "lstm": ((17, 18), (29, 3 * (8 + 6 + 2))),
    "lstm-no-forget": ((17, 18), (26, 3 * (6 + 5 + 2))),
    "gru": ((13, 12), (22, 3 * (6 + 4 + 2))),
}


@pytest.mark.parametrize(
    ("cell", "kwargs", "name"), [(*m, n) for m, n in zip(MODELS, IDS, strict=True) if n in COUNTS]
)
def test_topology_counts_ids_and_weights(cell, kwargs, name):
    m = model(cell, **kwargs)
    spec = model_spec(m)
    for detail, (n_nodes, n_edges) in zip(("cell", "gates"), COUNTS[name], strict=True):
        topo = unroll(spec, 3, detail)
        assert (len(topo.nodes), len(topo.edges)) == (n_nodes, n_edges), detail
        ids = [n.id for n in topo.nodes]
        assert len(set(ids)) == len(ids)
        assert len({e.id for e in topo.edges}) == len(topo.edges)
        rows = {r.key for r in topo.rows}
        assert all(n.row in rows for n in topo.nodes)
        nodes = {n.id: n for n in topo.nodes}
        used = set()
        for e in topo.edges:
            src, dst = nodes[e.source], nodes[e.target]
            assert set(e.weights) <= set(m.params), e
            assert e.weights or e.via, e  # a weight, or a named element-wise path
            if detail == "gates":
                assert len(e.weights) <= 1, e
            assert e.recurrent == (dst.t == src.t + 1), e
            assert e.truncated_by == (src.t if e.recurrent else None), e
            used |= set(e.weights)
        assert used == {p for p in m.params if p.startswith("W_")}, detail
    assert [r.key for r in unroll(spec, 2).rows][:2] == ["L", "o"]
    assert unroll(spec, 2).node("h@0").t == 0


def test_topology_of_an_lstm_carries_the_cell_through_the_forget_gate():
    topo = unroll(model_spec(model("lstm")), 4)
    assert [(e.source, e.family, e.via) for e in topo.edges_into("c@3")] == [("c@2", "belt", "f⊙")]
    into_h = {e.source: e for e in topo.edges_into("h@3")}
    assert set(into_h) == {"x@3", "h@2", "c@3"}
    assert into_h["h@2"].weights == ("W_hi", "W_hf", "W_ho", "W_hc")
    assert into_h["c@3"].via == "o⊙tanh"
    assert topo.family_weights()["in"] == ("W_xi", "W_xf", "W_xo", "W_xc")
    assert topo.family_weights()["belt"] == ()


def test_ids_of_deeper_layouts_carry_layer_direction_and_part():
    assert node_id("h", 3) == "h@3"
    assert node_id("h", 3, stem=prefix(1, "reverse")) == "l1r.h@3"
    assert node_id("gate", 2, "f", prefix(0, "forward", "decoder")) == "dec.gate.f@2"
    assert prefix(2, "forward", "encoder") == "enc.l2."
    assert prefix(0, "forward", deep=True) == "l0."


def test_spec_names_the_activations_the_model_uses():
    assert model_spec(model("rnn", activation="relu")).activation == "relu"
    spec = model_spec(model("gru"))
    assert (spec.activation, spec.gate_activation, spec.gates) == (
        "tanh",
        "sigmoid",
        ("z", "r", "h_tilde"),
    )
    assert model_spec(model("lstm", forget_gate=False)).gates == ("i", "o", "c_tilde")


def test_bad_requests_are_named():
    m, result, Y, loss = run("rnn", {}, SETUPS[0])
    d = describe(m, result.trace, 0, Y, loss)
    for node, unit, words in [
        ("h3", 0, "not a node id"),
        ("c@2", 0, "no cell state"),
        ("gate.z@2", 0, "has gates"),
        (f"h@{T + 1}", 0, "t must lie"),
        ("x@0", 0, "t must lie"),
        ("h@2", H, "unit must be"),
        ("o@2", Q, "unit must be"),
    ]:
        with pytest.raises(ValueError, match=words):
            d.forward(node, unit)
    with pytest.raises(ValueError, match="keeps no gradient"):
        backward_equation(d.spec, d.params, d.record, "x@2", 0)
    with pytest.raises(ValueError, match="example index"):
        describe(m, result.trace, 3, Y, loss)
    with pytest.raises(ValueError, match="T must be"):
        unroll(d.spec, 0)
    with pytest.raises(ValueError, match="detail"):
        unroll(d.spec, 2, "wires")
    with pytest.raises(ValueError, match="layer prefixes are ''"):
        d.forward("l1r.h@1", 0)
    with pytest.raises(ValueError, match="only states and gates"):
        d.forward("l0.x@1", 0)
    pair = ModelSpec(**{**vars(d.spec), "parts": ("encoder", "decoder")})
    with pytest.raises(ValueError, match="encoder–decoder's equations read a Seq2SeqRecord"):
        forward_equation(pair, d.params, d.record, "h@1", 0)
    with pytest.raises(ValueError, match="parts must be"):
        unroll(ModelSpec(**{**vars(d.spec), "parts": ("encoder",)}), 2)
    assert forward_equation(d.spec, d.params, d.record, "h@1", 0).value == d.forward("h@1").value


def deep_spec(cell, layers, bidirectional, **kwargs):
    """The spec of a stacked model, parameters named as the stacked models name them:
    "l{l}.W_xh" forward, "l{l}r.W_xh" reverse, the read-out's W_hq and b_q unprefixed."""
    one = model_spec(model(cell, **kwargs))
    names = [
        f"l{layer}{r}.{name}"
        for layer in range(layers)
        for r in (("", "r") if bidirectional else ("",))
        for name in one.param_names
        if name not in ("W_hq", "b_q")
    ]
    spec = {**vars(one), "layers": layers, "bidirectional": bidirectional}
    return ModelSpec(**{**spec, "param_names": (*names, "W_hq", "b_q")})


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize(("layers", "bidirectional"), [(2, False), (1, True), (2, True)])
def test_stacked_and_bidirectional_layouts_unroll_on_the_same_types(cell, layers, bidirectional):
    spec = deep_spec(cell, layers, bidirectional)
    dirs = 2 if bidirectional else 1
    for detail in ("cell", "gates"):
        topo = unroll(spec, 3, detail)
        ids = [n.id for n in topo.nodes]
        assert len(set(ids)) == len(ids)
        nodes = {n.id: n for n in topo.nodes}
        per_state = 2 if cell == "lstm" else 1
        gates = len(spec.gates) * 3 if detail == "gates" else 0
        assert len(nodes) == 9 + layers * dirs * (per_state * 4 + gates)
        used = set()
        for e in topo.edges:
            src, dst = nodes[e.source], nodes[e.target]
            assert set(e.weights) <= set(spec.param_names), e
            assert e.weights or e.via, e
            step = 1 if dst.direction == "forward" else -1
            assert e.recurrent == (dst.t == src.t + step), e
            if e.recurrent:
                assert src.layer == dst.layer and src.direction == dst.direction == e.direction
                assert e.truncated_by == (src.t if e.direction == "forward" else None)
            else:
                assert dst.t == src.t, e
            if e.weights and src.kind in ("x", "h") and not e.recurrent and dst.kind != "o":
                # An input edge feeds layer l from x (l = 0) or from layer l − 1.
                assert src.layer == (dst.layer - 1 if src.kind == "h" else 0), e
                assert all(w.startswith(f"l{dst.layer}") for w in e.weights), e
            used |= set(e.weights)
        assert used == {p for p in spec.param_names if p.split(".")[-1].startswith("W_")}
    topo = unroll(spec, 3)
    top = layers - 1
    assert [r.key for r in topo.rows][:3] == [
        "L",
        "o",
        f"l{top}{'r' if bidirectional else ''}." + ("c" if cell == "lstm" else "h"),
    ]
    into_o = {e.source for e in topo.edges_into("o@2")}
    assert into_o == {f"l{top}{r}.h@2" for r in (("", "r") if bidirectional else ("",))}
    if bidirectional:
        rec = [
            e
            for e in topo.edges
            if e.family == "rec" and e.direction == "reverse" and e.target.startswith("l0r.")
        ]
        assert {(e.source, e.target) for e in rec} == {
            ("l0r.h@2", "l0r.h@1"),
            ("l0r.h@3", "l0r.h@2"),
            ("l0r.h@4", "l0r.h@3"),
        }


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_activation_slope_is_the_derivative_the_trace_implies(activation):
    m, result, _, _ = run("rnn", {"activation": activation}, SETUPS[0])
    tr = result.trace
    slope = activation_slope(model_spec(m).activation, tr.preact, tr.hidden)
    eps = 1e-6
    f = np.tanh if activation == "tanh" else (lambda a: np.maximum(a, 0.0))
    numeric = (f(tr.preact + eps) - f(tr.preact - eps)) / (2 * eps)
    away = np.abs(tr.preact) > 1e-3  # ReLU's kink
    assert away.mean() > 0.9
    np.testing.assert_allclose(slope[away], numeric[away], rtol=1e-6, atol=1e-9)
    if activation == "relu":
        assert 0 < slope.mean() < 1  # both sides of the kink are exercised
