"""Delayed recall and temporal order, the many-to-one classification tasks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.temporal_order import CLASSES, INPUT_SYMBOLS
from tests.tasks.fake_models import OracleModel


def test_recall_symbol_distractors():
    task = make_task("recall", lag=7, n_symbols=5)
    X, Y, _ = task.batch(50, np.random.default_rng(0))
    waiting = X[1:-1]
    assert (waiting[:, :, :5].sum(axis=-1) == 1).all()  # one random symbol per waiting step
    assert (waiting[:, :, 5] == 1).all() and (waiting[:, :, 6] == 0).all()  # flagged
    assert (X[0, :, 5] == 0).all()  # the symbol to remember is not flagged
    np.testing.assert_array_equal(Y[-1], X[0, :, :5].argmax(axis=-1))


def test_recall_random_distractors():
    task = make_task("recall", lag=7, n_symbols=5, distractors="random")
    X, _, _ = task.batch(50, np.random.default_rng(0))
    waiting = X[1:-1, :, 5]
    assert ((waiting >= 0) & (waiting < 1)).all() and waiting.std() > 0.2
    assert (X[1:-1, :, :5] == 0).all() and (X[1:-1, :, 6] == 0).all()
    assert (X[0, :, 5] == 0).all() and (X[-1, :, 5] == 0).all()


def test_recall_layout():
    task = make_task("recall", lag=7, n_symbols=5, distractors="constant")
    assert task.seq_len == 9 and task.input_size == 7 and task.output_size == 5
    X, Y, mask = task.batch(50, np.random.default_rng(0))
    symbols = X[0, :, :5].argmax(axis=1)
    assert (X[0, :, :5].sum(axis=1) == 1).all() and (X[0, :, 5:] == 0).all()
    assert (X[1:-1, :, 5] == 1).all() and (X[1:-1, :, :5] == 0).all()
    assert (X[-1, :, 6] == 1).all() and (X[-1, :, :6] == 0).all()
    np.testing.assert_array_equal(Y[-1], symbols)
    assert (mask[-1] == 1).all() and (mask[:-1] == 0).all()


@pytest.mark.parametrize("n", [2, 4, 10])
def test_recall_baseline_is_chance(n):
    task = make_task("recall", n_symbols=n)
    assert task.baseline == {"loss": pytest.approx(math.log(n)), "accuracy": pytest.approx(1 / n)}
    _X, Y, _ = task.eval_set()
    uniform = task.evaluate(OracleModel(np.zeros((*Y.shape, n))))
    assert uniform["loss"] == pytest.approx(math.log(n))


def test_recall_perfect_model_is_solved():
    task = make_task("recall", n_symbols=3)
    _X, Y, _ = task.eval_set()
    logits = np.eye(3)[Y] * 20.0
    metrics = task.evaluate(OracleModel(logits))
    assert metrics["accuracy"] == 1.0 and metrics["loss"] < 1e-6 and task.solved(metrics)


def test_temporal_order_layout():
    task = make_task("temporal_order", seq_len=40)
    (a0, a1), (b0, b1) = task.relevant_windows()
    assert (a0, a1) == (4, 8) and (b0, b1) == (20, 24)
    X, Y, mask = task.batch(100, np.random.default_rng(1))
    tokens = X.argmax(axis=-1)
    assert (tokens[0] == INPUT_SYMBOLS.index("B")).all()
    assert (tokens[-1] == INPUT_SYMBOLS.index("E")).all()
    for b in range(100):
        relevant = np.flatnonzero((tokens[:, b] == 4) | (tokens[:, b] == 5))  # X or Y
        assert len(relevant) == 2
        assert a0 <= relevant[0] <= a1 and b0 <= relevant[1] <= b1
        pair = "".join(INPUT_SYMBOLS[tokens[t, b]] for t in relevant)
        assert CLASSES[Y[-1, b]] == pair
    assert (mask[-1] == 1).all() and mask.sum() == 100
    assert task.baseline["accuracy"] == 0.25


def test_temporal_order_windows_stay_ordered_for_short_sequences():
    for T in range(10, 201):
        (a0, a1), (b0, b1) = make_task("temporal_order", seq_len=T).relevant_windows()
        assert 1 <= a0 <= a1 < b0 <= b1 <= T - 2


def test_noise_changes_inputs_only():
    clean = make_task("recall", noise=0.0).batch(6, np.random.default_rng(5))
    noisy = make_task("recall", noise=0.5).batch(6, np.random.default_rng(5))
    np.testing.assert_array_equal(clean[1], noisy[1])
    assert np.abs(clean[0] - noisy[0]).max() > 0


def test_panel_caption_and_symbols(tiny_model):
    task = make_task("recall", n_symbols=4)
    panel = task.panel(tiny_model(task))
    assert panel.symbols == ("A", "B", "C", "D")
    assert panel.labels[-2:] == ("distractor", "cue")
    assert panel.caption.startswith("answer ")
