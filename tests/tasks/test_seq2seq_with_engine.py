"""Sequence-to-sequence tasks with the engine's encoder–decoder (runs once the engine has one)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_seq2seq_task
from explorer.tasks.seq2seq import BOS, EOS, decoded_up_to_eos

seq2seq = pytest.importorskip("explorer.engine.seq2seq")
engine = pytest.importorskip("explorer.engine")


def _model(task, cell: str = "gru", hidden: int = 16, seed: int = 0):
    return seq2seq.Seq2Seq(
        task.vocab_size,
        task.vocab_size,
        hidden,
        bos_id=BOS,
        eos_id=EOS,
        encoder_cell=cell,
        seed=seed,
    )


@pytest.mark.parametrize("key", ["reverse", "copy", "qa"])
def test_scores_are_the_engines_loss_and_its_greedy_decoding(key):
    task = make_seq2seq_task(key)
    model = _model(task)
    metrics = task.evaluate(model)
    data = task.eval_set()
    res = model.loss_and_grads(data.src, data.tgt, data.src_mask, data.tgt_mask)
    assert metrics["loss"] == pytest.approx(res.loss, rel=1e-12)
    decoded = decoded_up_to_eos(
        model.generate(data.src, data.tgt.shape[0], data.src_mask), data.tgt.shape[0]
    )
    real = data.tgt_mask > 0
    hits = (decoded == data.tgt) & real
    assert metrics["token_accuracy"] == pytest.approx(hits.sum() / real.sum())
    assert metrics["exact_match"] == pytest.approx((hits == real).all(axis=0).mean())
    panel = task.panel(model, example=1)
    assert panel.source == task.text(data.src[:, 1])


def test_scoring_leaves_the_models_generator_alone():
    task = make_seq2seq_task("reverse")
    model = _model(task)
    before = model.rng.bit_generator.state
    task.evaluate(model)
    assert model.rng.bit_generator.state == before


def test_a_short_run_learns_to_reverse_short_strings():
    task = make_seq2seq_task("reverse", min_length=1, max_length=3, n_symbols=4)
    model = _model(task, hidden=16)
    opt = engine.Adam(model.params, lr=1e-2)
    rng = np.random.default_rng(0)
    start = task.evaluate(model)
    for _ in range(300):
        batch = task.batch(32, rng)
        res = model.loss_and_grads(batch.src, batch.tgt, batch.src_mask, batch.tgt_mask)
        opt.step(res.grads)
    end = task.evaluate(model)
    assert start["exact_match"] < 0.1 and end["exact_match"] > 0.8
