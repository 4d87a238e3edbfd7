"""The output-recurrent network's equations add up to its trace, teacher-forced and free
running, and each term names the graph's nodes and edges (o_{t−1} → h_t or y_{t−1} → h_t)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.engine import OutputRecurrentRNN
from explorer.engine.description import describe, describes, model_spec
from tests.engine.common import D, H, Q, T, mask_for, problem

MODES = [(True, None), (False, None), (False, 2), (False, ("random", 0.6))]
IDS = ["teacher", "free-full", "free-k=2", "free-random"]


def close(value, expected, scale=1.0):
    """Equal to 1e-12 relative to the larger of ``expected`` and ``scale``."""
    return abs(value - expected) <= 1e-12 * max(abs(expected), scale, 1e-300)


def run(teacher_forcing, truncation, loss, activation="tanh"):
    m = OutputRecurrentRNN(D, H, Q, activation, recurrent_scale=1.3, seed=3)
    X, Y = problem(loss, seed=4)
    result = m.loss_and_grads(
        X, Y, loss, mask_for("random"), truncation, teacher_forcing=teacher_forcing
    )
    return m, result, Y


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("loss", ["mse", "ce"])
@pytest.mark.parametrize(("teacher", "truncation"), MODES, ids=IDS)
def test_equations_reproduce_the_trace(teacher, truncation, loss, activation):
    m, result, Y = run(teacher, truncation, loss, activation)
    tr = result.trace
    assert describes(model_spec(m))
    for b in (0, 2):
        d = describe(m, tr, b, Y, loss)
        for t in range(1, T + 1):
            for j in range(H):
                h = d.forward(f"h@{t}", j)
                assert close(h.value, tr.hidden[t - 1, b, j]), h.plain
                assert close(h.preact, tr.preact[t - 1, b, j], sum(abs(x.value) for x in h.terms))
                assert [x.weight for x in h.terms] == ["W_xh", "W_oh", "b_h"]
                back = d.backward(f"h@{t}", j)
                scale = sum(abs(x.value) for x in back.terms)
                assert close(back.preact, tr.grad_hidden[t - 1, b, j], scale), back.plain
                roles = [x.role for x in back.terms]
                assert roles == ["output"] + ["from_next"] * (not teacher and t < T)
            for k in range(Q):
                assert close(d.forward(f"o@{t}", k).value, tr.outputs[t - 1, b, k])
                back = d.backward(f"o@{t}", k)
                scale = sum(abs(x.value) for x in back.terms)
                assert close(back.preact, tr.grad_outputs_total[t - 1, b, k], scale), back.plain


def test_teacher_forcing_names_the_target_and_cuts_the_path_back():
    m, result, Y = run(True, None, "ce")
    d = describe(m, result.trace, 0, Y, "ce")
    fed = d.forward("h@3", 1).terms[1]
    assert fed.role == "teacher" and fed.plain.startswith("y_2 W_{oh}[:, 1]")
    assert fed.sources == ("y@2", "y@2->h@3")
    assert len(d.backward("h@3", 1).terms) == 1
    first = d.forward("h@1", 0).terms[1]
    assert first.sources == ("o@0", "o@0->h@1") and first.plain.startswith("o_0 W_{oh}")


@pytest.mark.parametrize("loss", ["mse", "ce"])
def test_free_running_reads_its_own_output_and_sends_the_gradient_back(loss):
    m, result, Y = run(False, 2, loss)
    d = describe(m, result.trace, 1, Y, loss)
    fed = d.forward("h@3", 0).terms[1]
    assert fed.role == "recurrent" and fed.sources == ("o@2", "o@2->h@3")
    assert ("softmax(o_2)" in fed.plain) == (loss == "ce")
    back = d.backward("h@2", 0).terms[1]
    middle = " J_2 " if loss == "ce" else " "
    assert back.plain == f"ξ_3·((∂L/∂h_3 ⊙ φ′_3) W_{{oh}}ᵀ{middle}W_{{hq}}ᵀ)[0]"
    assert "h@3" in back.sources and "o@2->h@3" in back.sources
    # A step that truncation cuts (ξ = 0) sends back exactly nothing, and says so.
    xi = result.trace.xi
    cut = [t for t in range(1, T) if xi[t] == 0.0]
    assert cut
    for t in cut:
        term = d.backward(f"h@{t}", 0).terms[1]
        assert term.value == 0.0 and term.plain.startswith(f"ξ_{t + 1}·")


@pytest.mark.parametrize("teacher", [True, False])
def test_terms_name_nodes_edges_and_weights_of_the_topology(teacher):
    m, result, Y = run(teacher, None, "mse")
    d = describe(m, result.trace, 0, Y, "mse")
    topo = d.topology()
    known = {n.id for n in topo.nodes} | {e.id for e in topo.edges}
    eqs = [d.forward(f"h@{t}", 1) for t in range(1, T + 1)]
    eqs += [d.backward(f"h@{t}", 2) for t in range(1, T + 1)]
    eqs += [d.backward(f"o@{t}", 0) for t in range(1, T + 1)] + list(d.step(2, 1))
    for eq in eqs:
        assert eq.node in known, eq.node
        for term in eq.terms:
            assert set(term.sources) <= known, (eq.node, term.sources)
            assert term.weight == "" or term.weight in m.params, term.weight
            assert "<" not in term.plain and term.plain.strip()
    assert np.isfinite([eq.value for eq in eqs]).all()


def test_a_record_without_the_fed_signal_is_refused_by_name():
    m, result, Y = run(False, None, "mse")
    d = describe(m, result.trace, 0, Y, "mse")
    bare = dataclasses.replace(d, record=dataclasses.replace(d.record, fed=None))
    with pytest.raises(ValueError, match="fed-back signal"):
        bare.forward("h@2", 0)
