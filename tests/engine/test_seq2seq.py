"""Encoder–decoder: exact gradients, teacher forcing, the context path, greedy decoding."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import Adam
from explorer.engine.seq2seq import Seq2Seq, gradcheck_seq2seq

S, U, B, V = 4, 3, 2, 5
BOS, EOS = 0, 1
TOL = 1e-6


def _data(seed=0):
    rng = np.random.default_rng(seed)
    src = rng.integers(2, V, (S, B))
    tgt = rng.integers(2, V, (U, B))
    tgt[-1] = EOS
    src_mask = np.ones((S, B))
    src_mask[3:, 1] = 0
    tgt_mask = np.array([[1, 1], [1, 0], [1, 0]])
    return src, tgt, src_mask, tgt_mask


def _model(enc="gru", dec=None, layers=1, bi=False, H=3, seed=2):
    return Seq2Seq(
        V, V, H, bos_id=BOS, eos_id=EOS, encoder_cell=enc, decoder_cell=dec,
        num_layers=layers, bidirectional=bi, seed=seed,
    )  # fmt: skip


@pytest.mark.parametrize("teacher_forcing", (1.0, 0.5, 0.0))
@pytest.mark.parametrize(
    "enc, dec, layers, bi",
    [
        ("rnn", "rnn", 1, False),
        ("lstm", "lstm", 2, True),
        ("gru", "lstm", 1, True),
        ("lstm", "gru", 2, False),
    ],
)
def test_gradcheck(enc, dec, layers, bi, teacher_forcing):
    src, tgt, sm, tm = _data()
    m = _model(enc, dec, layers, bi)
    assert gradcheck_seq2seq(m, src, tgt, sm, tm, teacher_forcing, max_checks=3) <= TOL


def test_every_decoder_loss_reaches_every_encoder_step():
    src, tgt, sm, tm = _data()
    m = _model("lstm", "lstm", 2, True)
    res = m.loss_and_grads(src, tgt, sm, tm)
    tr = res.trace
    assert all(np.abs(res.grads[n]).sum() > 0 for n in res.grads if n.startswith("enc."))
    # Example 1 has three valid source tokens: each one's state gets gradient, padding none
    # on the forward direction's valid steps comes after it.
    g = np.abs(tr.encoder_grad_hidden).sum(axis=2)
    assert (g[:, 0] > 0).all() and (g[:3, 1] > 0).all()
    assert np.abs(tr.encoder[(0, "forward")].grad_hidden[3, 1]).max() == 0.0
    assert tr.encoder_hidden.shape == (S, B, 6) and tr.decoder_hidden.shape == (U, B, 6)
    assert len(tr.grad_context) == 2 and tr.grad_context[0][1].shape == (B, 6)
    # The context is the encoder's final states side by side.
    np.testing.assert_array_equal(tr.context[1][0][1, :3], tr.encoder[(1, "forward")].hidden[2, 1])
    np.testing.assert_array_equal(tr.context[1][0][1, 3:], tr.encoder[(1, "reverse")].hidden[0, 1])


def test_teacher_forcing_flips_are_seeded_and_traced():
    src, tgt, sm, tm = _data()
    a, b = _model(seed=5), _model(seed=5)
    ta = a.loss_and_grads(src, tgt, sm, tm, teacher_forcing=0.5).trace
    tb = b.loss_and_grads(src, tgt, sm, tm, teacher_forcing=0.5).trace
    np.testing.assert_array_equal(ta.teacher, tb.teacher)
    assert ta.teacher[0]
    for u in range(1, U):
        want = tgt[u - 1] if ta.teacher[u] else ta.predictions[u - 1]
        np.testing.assert_array_equal(ta.decoder_inputs[u], want)
    full = a.loss_and_grads(src, tgt, sm, tm, teacher_forcing=1.0).trace
    assert full.teacher.all()
    np.testing.assert_array_equal(full.decoder_inputs[1:], tgt[:-1])
    free = a.loss_and_grads(src, tgt, sm, tm, teacher_forcing=0.0).trace
    assert not free.teacher[1:].any()
    np.testing.assert_array_equal(free.decoder_inputs[1:], free.predictions[:-1])
    # Free running feeds what greedy decoding feeds.
    gen = a.generate(src, U, sm)
    np.testing.assert_array_equal(gen[: U - 1], np.where(
        np.cumsum(free.predictions == EOS, axis=0) - (free.predictions == EOS) > 0,
        EOS, free.predictions)[: U - 1])  # fmt: skip


def test_learns_to_reverse_short_sequences():
    rng = np.random.default_rng(0)
    m = _model("gru", "gru", 1, True, H=16, seed=0)
    opt = Adam(m.params, lr=0.02)
    n, B_ = 3, 32
    first = None
    for _ in range(150):
        body = rng.integers(2, V, (n, B_))
        src = body
        tgt = np.concatenate([body[::-1], np.full((1, B_), EOS)])
        res = m.loss_and_grads(src, tgt)
        opt.step(res.grads)
        first = res.loss if first is None else first
    assert res.loss < 0.2 * first
    body = rng.integers(2, V, (n, 8))
    out = m.generate(body, n + 1)
    assert (out[:n] == body[::-1]).mean() > 0.9 and (out[n] == EOS).all()


def test_bad_input_names_the_problem():
    src, tgt, _, _ = _data()
    m = _model()
    with pytest.raises(ValueError, match="teacher_forcing"):
        m.loss_and_grads(src, tgt, teacher_forcing=1.5)
    with pytest.raises(ValueError, match="tgt token ids"):
        m.loss_and_grads(src, tgt + V)
    with pytest.raises(ValueError, match="src_mask"):
        m.loss_and_grads(src, tgt, src_mask=np.array([[1, 0], [0, 1], [1, 1], [1, 1]]))
    with pytest.raises(ValueError, match="bos_id"):
        Seq2Seq(V, V, 3, bos_id=V, eos_id=EOS)
    before = m.state_dict()
    copy = Seq2Seq(**m.config())
    copy.load_state_dict(before)
    assert copy.loss_and_grads(src, tgt).loss == m.loss_and_grads(src, tgt).loss
