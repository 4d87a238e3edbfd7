"""The embedded Reber grammar."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.reber import (
    SYMBOLS,
    is_embedded_reber,
    is_reber,
    legal_next_sets,
    sample_embedded_reber,
)
from tests.tasks.fake_models import OracleModel


@pytest.mark.parametrize("s", ["BTXSE", "BPVVE", "BTSSXXTVVE", "BPTTVPXVVE", "BTXXVPSE"])
def test_plain_reber_strings(s):
    assert is_reber(s)


@pytest.mark.parametrize("s", ["BTBTXSETE", "BPBPVVEPE", "BTBTSSXXTVVETE", "BPBPTTVPXVVEPE"])
def test_grammatical_embedded_strings(s):
    assert is_embedded_reber(s)


@pytest.mark.parametrize(
    "s",
    [
        "",
        "BTBTXSEPE",  # the branch symbol is not repeated
        "BPBPVVETE",
        "BTBTXSET",  # missing final E
        "BTBTXSETEE",  # trailing symbol
        "BTXSE",  # not embedded
        "BTBTXXETE",  # inner string breaks the graph (X X at state 2 -> 4 -> 3, then E)
        "TBTXSETE",
        "BTBTXSETEB",
        "BTBQXSETE",
    ],
)
def test_ungrammatical_strings_are_rejected(s):
    assert not is_embedded_reber(s)


def test_legal_next_sets_of_a_string():
    sets = legal_next_sets("BTBPVVETE")
    assert sets[0] == {"T", "P"}
    assert sets[1] == {"B"}
    assert sets[2] == {"T", "P"}
    assert sets[3] == {"T", "V"}  # inner state 3
    assert sets[6] == {"T"}  # after the inner E: the remembered branch symbol
    assert sets[7] == {"E"}
    assert sets[8] == frozenset()
    with pytest.raises(ValueError, match="position 6"):
        legal_next_sets("BTBPVVPTE")


def test_samples_are_grammatical_and_bounded():
    rng = np.random.default_rng(0)
    strings = [sample_embedded_reber(rng, max_length=15) for _ in range(500)]
    assert all(is_embedded_reber(s) and len(s) <= 15 for s in strings)
    assert {s[1] for s in strings} == {"T", "P"}
    with pytest.raises(ValueError):
        sample_embedded_reber(rng, max_length=8)


def test_batch_encodes_strings_with_padding():
    task = make_task("reber", seq_len=20)
    X, Y, mask = task.batch(64, np.random.default_rng(2))
    for b in range(64):
        steps = int(mask[:, b].sum())
        assert (mask[:steps, b] == 1).all() and (mask[steps:, b] == 0).all()
        inputs = "".join(SYMBOLS[i] for i in X[:steps, b].argmax(axis=-1))
        s = inputs + SYMBOLS[Y[steps - 1, b]]
        assert is_embedded_reber(s)
        assert "".join(SYMBOLS[i] for i in Y[:steps, b]) == s[1:]
        assert (X[steps:, b] == 0).all()


def _legal_logits(task):
    """Logits that rank exactly the legal next symbols first, everywhere."""
    _X, Y, _mask = task.eval_set()
    logits = np.zeros((*Y.shape, len(SYMBOLS)))
    for b, s in enumerate(task.eval_strings()):
        for t, options in enumerate(legal_next_sets(s)[:-1]):
            for c in options:
                logits[t, b, SYMBOLS.index(c)] = 5.0
    return logits


def test_strings_correct_metric():
    task = make_task("reber")
    logits = _legal_logits(task)
    metrics = task.evaluate(OracleModel(logits))
    assert metrics["strings_correct"] == 1.0 and metrics["steps_correct"] == 1.0
    assert task.solved(metrics)
    # A model that forgets the branch symbol (T and P tied at the long-range step) fails
    # every string, though almost every step is right.
    forgetful = logits.copy()
    for b, s in enumerate(task.eval_strings()):
        t = len(s) - 3
        forgetful[t, b, SYMBOLS.index("T")] = forgetful[t, b, SYMBOLS.index("P")] = 5.0
    metrics = task.evaluate(OracleModel(forgetful))
    assert metrics["strings_correct"] == 0.0 and metrics["steps_correct"] > 0.8


def test_reber_baselines_are_ordered():
    b = make_task("reber").baseline
    assert b["ideal loss"] < b["loss"] < b["uniform loss"] == pytest.approx(np.log(7))
