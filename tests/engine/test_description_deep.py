"""The equations of stacked and bidirectional models add up to their layers' traces."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import make_model
from explorer.engine.description import describe, model_spec, split_stem
from tests.engine.common import D, H, Q, T, mask_for, problem

LAYOUTS = [(2, False), (1, True), (2, True)]
TRUNCATIONS = [None, 2, ("random", 0.6)]


def deep_model(cell, layers, bidirectional, seed=3):
    return make_model(
        cell,
        input_size=D,
        hidden_size=H,
        output_size=Q,
        num_layers=layers,
        bidirectional=bidirectional,
        seed=seed,
        recurrent_scale=1.2,
    )


def close(value, expected, scale=1.0):
    """Equal to 1e-12 relative to the larger of ``expected`` and ``scale``."""
    return abs(value - expected) <= 1e-12 * max(abs(expected), scale, 1e-300)


def run(cell, layers, bidirectional, truncation, loss="mse"):
    m = deep_model(cell, layers, bidirectional)
    X, Y = problem(loss, seed=4)
    result = m.loss_and_grads(X, Y, loss, mask_for("random"), truncation)
    return m, result, Y, loss


@pytest.mark.parametrize("truncation", TRUNCATIONS, ids=["full", "k=2", "random"])
@pytest.mark.parametrize(("layers", "bidirectional"), LAYOUTS, ids=["2x1", "1x2", "2x2"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_every_layer_and_direction_reproduces_its_trace(cell, layers, bidirectional, truncation):
    m, result, Y, loss = run(cell, layers, bidirectional, truncation)
    tr = result.trace
    b = 1
    d = describe(m, tr, b, Y, loss)
    assert set(d.record.layers) == {
        f"l{layer}{r}." for layer in range(layers) for r in ("", "r")[: 1 + bidirectional]
    }
    for (layer, direction), lt in tr.layers.items():
        stem = f"l{layer}{'r' if direction == 'reverse' else ''}."
        for t in range(1, T + 1):
            for j in (0, H - 1):
                h = d.forward(f"{stem}h@{t}", j)
                assert close(h.value, lt.hidden[t - 1, b, j]), (stem, t, j, h.plain)
                for name in d.spec.gates:
                    g = d.forward(f"{stem}gate.{name}@{t}", j)
                    assert close(g.value, lt.gates[name][t - 1, b, j]), (stem, name, t)
                back = d.backward(f"{stem}h@{t}", j)
                scale = sum(abs(term.value) for term in back.terms)
                assert close(back.preact, lt.grad_hidden[t - 1, b, j], scale), back.plain
                roles = [term.role for term in back.terms]
                assert roles[0] == ("output" if layer == layers - 1 else "from_above")
                last = t == (1 if direction == "reverse" else T)
                assert ("from_next" in roles) == (not last)
                if cell == "lstm":
                    c = d.forward(f"{stem}c@{t}", j)
                    assert close(c.value, lt.cell[t - 1, b, j])
                    bc = d.backward(f"{stem}c@{t}", j)
                    scale = sum(abs(term.value) for term in bc.terms)
                    assert close(bc.preact, lt.grad_cell[t - 1, b, j], scale), bc.plain
        first = T + 1 if direction == "reverse" else 0
        assert d.forward(f"{stem}h@{first}", 2).value == lt.h0[b, 2]
    for t in range(1, T + 1):
        for k in range(Q):
            assert close(d.forward(f"o@{t}", k).value, tr.outputs[t - 1, b, k])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_deep_terms_name_nodes_edges_and_weights_of_the_topology(cell):
    m, result, Y, loss = run(cell, 2, True, 2)
    d = describe(m, result.trace, 0, Y, loss)
    assert model_spec(m).deep
    known = set()
    for detail in ("cell", "gates"):
        topo = d.topology(detail)
        known |= {n.id for n in topo.nodes} | {e.id for e in topo.edges}
    eqs = [d.forward("o@2", 1)]
    for stem in d.record.layers:
        eqs += list(d.step(3, 1, stem))
        eqs += [d.backward(f"{stem}h@{t}", 2) for t in (1, 3, T)]
        assert all(split_stem(eq.node)[0] == stem for eq in d.step(2, 0, stem))
    for eq in eqs:
        assert eq.node in known, eq.node
        for term in eq.terms:
            assert set(term.sources) <= known, (eq.node, term.sources)
            assert term.weight == "" or term.weight in m.params, term.weight
            assert "<" not in term.plain and term.plain.strip()
    # The reverse direction reads h_{t+1}; the second layer reads both directions below.
    rev = d.forward("l0r.gate.i@3", 0) if cell == "lstm" else d.forward("l0r.h@3", 0)
    assert any("l0r.h@4" in term.sources for term in rev.terms)
    upper = (
        d.forward("l1.h@3", 0) if cell == "rnn" else d.forward(f"l1.gate.{d.spec.gates[0]}@3", 0)
    )
    inputs = [term for term in upper.terms if term.role == "input"]
    assert [term.sources[0] for term in inputs] == ["l0.h@3", "l0r.h@3"]
    assert [term.weight for term in inputs] == [inputs[0].weight] * 2
    assert "(2→)" in upper.plain and "(1←)" in upper.plain


def test_a_deep_equation_reads_with_layer_superscripts():
    m, result, Y, loss = run("rnn", 2, True, None)
    d = describe(m, result.trace, 0, Y, loss)
    eq = d.forward("l1r.h@2", 1)
    assert eq.plain.startswith(
        f"h_2^(2←)[1] = tanh( h_2^(1→) W_{{xh}}^(2←)[0:{H}, 1] + h_2^(1←) W_{{xh}}^(2←)[{H}:{2 * H}, 1]"
        " + h_3^(2←) W_{hh}^(2←)[:, 1] + b_h^(2←)[1] )"
    )
    o = d.forward("o@2", 0)
    assert [term.weight for term in o.terms] == ["W_hq", "W_hq", "b_q"]
    assert np.isfinite(o.value)
