"""The encoder–decoder's equations add up to its trace to 1e-12: every cell of both parts,
the context that starts the decoder, the token each decoder step was fed (the coin flip),
the read-out and loss, and backward the gradient that crosses into the encoder through
the context; each term names nodes and edges of the drawn graph."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine.description import describe, describes, model_spec
from explorer.engine.seq2seq import Seq2Seq

S, U, B, V = 4, 3, 3, 6
BOS, EOS = 0, 1
# (encoder cell, decoder cell, layers, bidirectional)
MODELS = [
    ("rnn", "rnn", 1, False),
    ("gru", "gru", 1, False),
    ("lstm", "lstm", 1, False),
    ("lstm", "lstm", 2, True),
    ("gru", "lstm", 1, True),
    ("lstm", "gru", 2, False),
    ("rnn", "lstm", 2, True),
]
IDS = ["-".join(map(str, m)) for m in MODELS]


def close(value, expected, scale=1.0):
    """Equal to 1e-12 relative to the larger of ``expected`` and ``scale``."""
    return abs(value - expected) <= 1e-12 * max(abs(expected), scale, 1e-300)


def run(enc, dec, layers, bi, teacher_forcing=0.5, seed=3):
    m = Seq2Seq(
        V, V, 3, bos_id=BOS, eos_id=EOS, encoder_cell=enc, decoder_cell=dec,
        num_layers=layers, bidirectional=bi, recurrent_scale=1.3, seed=seed,
    )  # fmt: skip
    rng = np.random.default_rng(4)
    src = rng.integers(2, V, (S, B))
    tgt = rng.integers(2, V, (U, B))
    tgt[-1] = EOS
    src_mask = np.ones((S, B))
    src_mask[2:, 1] = 0  # example 1: two source tokens, then padding
    src_mask[3:, 2] = 0
    tgt_mask = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]])
    weights = {k: v.copy() for k, v in m.params.items()}
    result = m.loss_and_grads(src, tgt, src_mask, tgt_mask, teacher_forcing)
    return m, result.trace, weights


def sums(eq):
    return sum(abs(x.value) for x in eq.terms)


def stems(part, layers, bi):
    dirs = ("", "r") if bi and part == "enc" else ("",)
    return [
        (f"{part}.l{k}{r}.", k, "reverse" if r else "forward") for k in range(layers) for r in dirs
    ]


@pytest.mark.parametrize(("enc", "dec", "layers", "bi"), MODELS, ids=IDS)
def test_forward_equations_reproduce_the_trace(enc, dec, layers, bi):
    m, tr, weights = run(enc, dec, layers, bi)
    assert describes(model_spec(m))
    for b in range(B):
        d = describe(m, tr, b, None, "ce", weights)
        n = int(tr.src_mask[:, b].sum())
        for stem, layer, direction in stems("enc", layers, bi):
            lt = tr.encoder[(layer, direction)]
            for s in range(1, n + 1):
                for j in range(3):
                    for eq in d.step(s, j, stem):
                        kind = eq.node[len(stem) :].split("@")[0]
                        if kind == "h":
                            want = lt.hidden[s - 1, b, j]
                        elif kind == "c":
                            want = lt.cell[s - 1, b, j]
                        else:
                            want = lt.gates[kind.removeprefix("gate.")][s - 1, b, j]
                        assert close(eq.value, want), eq.plain
        for stem, layer, _ in stems("dec", layers, bi):
            lt = tr.decoder[(layer, "forward")]
            K = lt.hidden.shape[2]
            for u in range(0, U + 1):
                for j in range(K):
                    for eq in d.step(u, j, stem):
                        kind = eq.node[len(stem) :].split("@")[0]
                        if u == 0:  # the context: the decoder's initial state
                            want = (lt.h0 if kind == "h" else lt.c0)[b, j]
                            assert tr.context[layer][0 if kind == "h" else 1][b, j] == want
                        elif kind == "h":
                            want = lt.hidden[u - 1, b, j]
                        elif kind == "c":
                            want = lt.cell[u - 1, b, j]
                        else:
                            want = lt.gates[kind.removeprefix("gate.")][u - 1, b, j]
                        assert close(eq.value, want), eq.plain
        for u in range(1, U + 1):
            for k in range(V):
                assert close(d.forward(f"o@{u}", k).value, tr.outputs[u - 1, b, k])
                fed = d.forward(f"dec.x@{u}", k)
                assert fed.value == float(tr.decoder_inputs[u - 1, b] == k), fed.plain
            loss = d.forward(f"L@{u}")
            assert close(loss.value, tr.step_losses[u - 1], sums(loss))


@pytest.mark.parametrize(("enc", "dec", "layers", "bi"), MODELS, ids=IDS)
def test_backward_equations_sum_to_the_trace_and_cross_the_context(enc, dec, layers, bi):
    m, tr, weights = run(enc, dec, layers, bi)
    for b in range(B):
        d = describe(m, tr, b, None, "ce", weights)
        n = int(tr.src_mask[:, b].sum())
        for u in range(1, U + 1):
            for k in range(V):
                back = d.backward(f"o@{u}", k)
                assert close(back.preact, tr.grad_outputs[u - 1, b, k], sums(back))
        for stem, layer, _ in stems("dec", layers, bi):
            lt = tr.decoder[(layer, "forward")]
            for j in range(lt.hidden.shape[2]):
                # ∂L/∂h₀^dec: the context's gradient the engine sends into the encoder.
                back = d.backward(f"{stem}h@0", j)
                assert close(back.preact, tr.grad_context[layer][0][b, j], sums(back)), back.plain
                if dec == "lstm":
                    back = d.backward(f"{stem}c@0", j)
                    assert close(back.preact, tr.grad_context[layer][1][b, j], sums(back))
                for u in range(1, U + 1):
                    back = d.backward(f"{stem}h@{u}", j)
                    assert close(back.preact, lt.grad_hidden[u - 1, b, j], sums(back))
                    if dec == "lstm":
                        back = d.backward(f"{stem}c@{u}", j)
                        assert close(back.preact, lt.grad_cell[u - 1, b, j], sums(back))
        for stem, layer, direction in stems("enc", layers, bi):
            lt = tr.encoder[(layer, direction)]
            final = 1 if direction == "reverse" else n
            for s in range(1, n + 1):
                for j in range(3):
                    back = d.backward(f"{stem}h@{s}", j)
                    assert close(back.preact, lt.grad_hidden[s - 1, b, j], sums(back)), back.plain
                    roles = [x.role for x in back.terms]
                    assert ("context" in roles) == (s == final), (stem, s, roles)
                    if enc == "lstm":
                        back = d.backward(f"{stem}c@{s}", j)
                        assert close(back.preact, lt.grad_cell[s - 1, b, j], sums(back))
                        roles = [x.role for x in back.terms]
                        assert ("context" in roles) == (s == final and dec == "lstm")


def test_the_context_term_is_the_decoders_initial_gradient():
    m, tr, weights = run("gru", "gru", 1, True)
    d = describe(m, tr, 0, None, "ce", weights)
    # The forward direction's last state and the reverse direction's first (unit 1 is
    # column 3 + 1 of the decoder's 6 units).
    fwd = d.backward("enc.l0.h@4", 1).terms[0]
    rev = d.backward("enc.l0r.h@1", 1).terms[0]
    assert fwd.role == rev.role == "context"
    assert fwd.plain == "(∂L/∂h_0^dec)[1]" and rev.plain == "(∂L/∂h_0^dec)[4]"
    assert fwd.value == d.backward("dec.l0.h@0", 1).preact
    assert rev.value == d.backward("dec.l0.h@0", 4).preact
    assert set(fwd.sources) == {"dec.l0.h@0", "enc.l0.h@4->dec.l0.h@0"}
    assert set(rev.sources) == {"dec.l0.h@0", "enc.l0r.h@1->dec.l0.h@0"}
    # A decoder term reading h₀^dec names the context edges into it: hovering it lights them.
    rec = next(x for x in d.forward("dec.l0.gate.z@1", 0).terms if x.role == "recurrent")
    assert {"enc.l0.h@4->dec.l0.h@0", "enc.l0r.h@1->dec.l0.h@0"} <= set(rec.sources)
    ctx = d.forward("dec.l0.h@0", 4)
    assert ctx.terms[0].plain == "h_1^dec(1←)[1]".replace("dec", "enc")
    assert ctx.value == tr.encoder[(0, "reverse")].hidden[0, 0, 1]


@pytest.mark.parametrize("teacher_forcing", [1.0, 0.5, 0.0])
def test_each_fed_token_says_which_the_coin_flip_chose(teacher_forcing):
    m, tr, weights = run("gru", "gru", 1, False, teacher_forcing)
    d = describe(m, tr, 0, None, "ce", weights)
    first = d.forward("dec.x@1", BOS).terms[0]
    assert first.role == "constant" and first.value == 1.0 and "⟨bos⟩" in first.plain
    for u in range(2, U + 1):
        token = int(tr.decoder_inputs[u - 1, 0])
        term = d.forward(f"dec.x@{u}", token).terms[0]
        assert term.value == 1.0
        if tr.teacher[u - 1]:
            assert term.role == "teacher" and term.plain.startswith(f"onehot(y_{u - 1})")
            assert term.sources == (f"y@{u - 1}", f"y@{u - 1}->dec.x@{u}")
        else:
            assert term.role == "own" and f"argmax o_{u - 1}" in term.plain
            assert term.sources == (f"o@{u - 1}", f"o@{u - 1}->dec.x@{u}")
    flips = tr.teacher[1:]
    if teacher_forcing == 1.0:
        assert flips.all()
    elif teacher_forcing == 0.0:
        assert not flips.any()


def test_padding_is_refused_by_name_and_the_reverse_start_keeps_the_graphs_id():
    m, tr, weights = run("lstm", "lstm", 1, True)
    d = describe(m, tr, 1, None, "ce", weights)  # two source tokens of S = 4
    with pytest.raises(ValueError, match="padding of example 1, whose source has 2 tokens"):
        d.forward("enc.l0.h@3", 0)
    with pytest.raises(ValueError, match="padding"):
        d.backward("enc.l0r.c@4", 0)
    # Step 2's reverse state reads the initial state, drawn at S + 1 = 5.
    rec = next(x for x in d.forward("enc.l0r.gate.i@2", 0).terms if x.role == "recurrent")
    assert "enc.l0r.h@5" in rec.sources
    start = d.forward("enc.l0r.h@5", 2)
    assert start.value == 0.0 and start.node == "enc.l0r.h@5"
    assert d.forward("enc.x@4", 0).value == float(tr.src[3, 1] == 0)
    with pytest.raises(ValueError, match="no gradient"):
        d.backward("enc.l0.h@0", 0)
    with pytest.raises(ValueError, match="unit must be an integer in \\[0, 6\\)"):
        d.forward("dec.l0.h@1", 6)


@pytest.mark.parametrize(("enc", "dec", "layers", "bi"), MODELS, ids=IDS)
def test_terms_name_nodes_edges_and_weights_of_the_topology(enc, dec, layers, bi):
    m, tr, weights = run(enc, dec, layers, bi)
    d = describe(m, tr, 0, None, "ce", weights)  # a source without padding
    known = set()
    for detail in ("cell", "gates"):
        topo = d.topology(detail)
        known |= {n.id for n in topo.nodes} | {e.id for e in topo.edges}
    eqs = []
    n = d.record.source_length
    for stem, _, _ in stems("enc", layers, bi):
        for s in range(1, n + 1):
            eqs += [*d.step(s, 1, stem), d.backward(f"{stem}h@{s}", 2)]
    for stem, _, _ in stems("dec", layers, bi):
        eqs += [*d.step(0, 1, stem), d.backward(f"{stem}h@0", 1)]
        for u in range(1, U + 1):
            eqs += [*d.step(u, 1, stem), d.backward(f"{stem}h@{u}", 0)]
    for u in range(1, U + 1):
        eqs += [d.forward(f"o@{u}", 2), d.backward(f"o@{u}", 2), d.forward(f"dec.x@{u}", 2)]
        eqs += [d.forward(f"L@{u}")]
    for eq in eqs:
        assert eq.node in known, eq.node
        for term in eq.terms:
            assert set(term.sources) <= known, (eq.node, term.sources)
            assert term.weight == "" or term.weight in m.params, term.weight
            assert "<" not in term.plain and term.plain.strip()
    assert np.isfinite([eq.value for eq in eqs]).all()
