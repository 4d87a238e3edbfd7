"""The four sequence patterns: where the inputs are, which steps are scored, what the answers are."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.patterns import PATTERNS, PatternPanel, pattern_steps
from tests.tasks.fake_models import OracleModel

RNG = np.random.default_rng


def symbols_of(X: np.ndarray, n: int) -> np.ndarray:
    """``(T, B)`` symbol index per step, -1 where no symbol is shown."""
    shown = X[..., :n].max(-1) > 0
    return np.where(shown, X[..., :n].argmax(-1), -1)


@pytest.mark.parametrize(
    ("pattern", "T", "inputs", "scored"),
    [
        ("one-to-many", 4, [1, 0, 0, 0], [1, 1, 1, 1]),
        ("many-to-one", 4, [1, 1, 1, 1], [0, 0, 0, 1]),
        ("synchronous", 4, [1, 1, 1, 1], [1, 1, 1, 1]),
        ("asynchronous", 9, [1, 1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ],
)
def test_pattern_pictures(pattern, T, inputs, scored):
    got_inputs, got_scored = pattern_steps(pattern, 4)
    np.testing.assert_array_equal(got_inputs, np.array(inputs, bool))
    np.testing.assert_array_equal(got_scored, np.array(scored, bool))
    task = make_task("patterns", pattern=pattern, length=4)
    assert task.seq_len == T
    X, Y, mask = task.batch(16, RNG(0))
    assert X.shape == (T, 16, 5) and Y.shape == (T, 16) and mask.shape == (T, 16)
    np.testing.assert_array_equal(mask, np.repeat(np.array(scored, float)[:, None], 16, 1))
    # steps without input are exactly zero, and steps with input show something
    np.testing.assert_array_equal(
        np.abs(X).sum(-1) > 0, np.repeat(np.array(inputs, bool)[:, None], 16, 1)
    )
    assert Y.dtype == np.int64 and Y.min() >= 0 and Y.max() < 4


def test_one_to_many_counts_up_from_the_only_input():
    task = make_task("patterns", pattern="one-to-many", length=7, n_symbols=5)
    X, Y, _ = task.batch(32, RNG(1))
    start = X[0, :, :5].argmax(-1)
    np.testing.assert_array_equal(Y, (start[None] + np.arange(7)[:, None]) % 5)


def test_many_to_one_answers_the_unique_most_frequent_symbol():
    task = make_task("patterns", pattern="many-to-one", length=6, n_symbols=3)
    X, Y, _ = task.batch(500, RNG(2))
    tokens = symbols_of(X, 3)
    for b in range(500):
        counts = np.bincount(tokens[:, b], minlength=3)
        assert (counts == counts.max()).sum() == 1
        assert Y[-1, b] == counts.argmax()
    assert len(set(Y[-1])) == 3


def test_synchronous_answers_the_running_maximum():
    task = make_task("patterns", pattern="synchronous", length=8)
    X, Y, _ = task.batch(32, RNG(3))
    np.testing.assert_array_equal(Y, np.maximum.accumulate(symbols_of(X, 4), axis=0))


def test_asynchronous_repeats_the_input_after_the_end_mark():
    task = make_task("patterns", pattern="asynchronous", length=5)
    X, Y, _ = task.batch(32, RNG(4))
    tokens = symbols_of(X, 4)
    np.testing.assert_array_equal(X[5, :, 4], 1.0)  # the end mark
    np.testing.assert_array_equal(X[:5, :, 4], 0.0)
    np.testing.assert_array_equal(Y[6:], tokens[:5])
    assert (tokens[5:] == -1).all()


@pytest.mark.parametrize("pattern", PATTERNS)
def test_noise_only_where_there_is_input(pattern):
    clean = make_task("patterns", pattern=pattern).batch(8, RNG(5))
    noisy = make_task("patterns", pattern=pattern, noise=0.2).batch(8, RNG(5))
    inputs, _ = pattern_steps(pattern, 6)
    assert (noisy[0][~inputs] == 0).all()
    assert not np.array_equal(noisy[0][inputs], clean[0][inputs])
    np.testing.assert_array_equal(clean[1], noisy[1])


@pytest.mark.parametrize("pattern", PATTERNS)
def test_determinism_and_eval_set_by_seed(pattern):
    task = make_task("patterns", pattern=pattern, seed=3)
    a, b = task.batch(4, RNG(9)), task.batch(4, RNG(9))
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    again = make_task("patterns", **json.loads(json.dumps(task.settings())))
    np.testing.assert_array_equal(task.eval_set()[0], again.eval_set()[0])
    other = make_task("patterns", pattern=pattern, seed=4)
    assert not np.array_equal(task.eval_set()[0], other.eval_set()[0])


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_perfect_model_scores_one_and_chance_is_the_baseline(pattern, tiny_model):
    task = make_task("patterns", pattern=pattern, n_symbols=4)
    _, Y, _ = task.eval_set()
    perfect = OracleModel(np.eye(4)[Y] * 20.0)
    metrics = task.evaluate(perfect)
    assert metrics["accuracy"] == 1.0 and task.solved(metrics)
    assert task.baseline["accuracy"] == 0.25
    assert not task.solved(task.evaluate(tiny_model(task)))


@pytest.mark.parametrize("pattern", PATTERNS)
def test_panel_says_which_steps_take_input_and_which_are_scored(pattern, tiny_model):
    task = make_task("patterns", pattern=pattern)
    panel = task.panel(tiny_model(task), example=2)
    assert isinstance(panel, PatternPanel) and panel.kind == "sequence"
    inputs, scored = task.steps()
    assert panel.pattern == pattern
    np.testing.assert_array_equal(panel.input_steps, inputs)
    np.testing.assert_array_equal(panel.mask, scored)
    assert panel.labels == ("A", "B", "C", "D", "end") and panel.symbols == ("A", "B", "C", "D")
    assert panel.caption_template in task.caption_templates
    assert panel.caption == panel.caption_template.format(**panel.caption_values)
    assert panel.caption.startswith(f"input at {inputs.sum()} of {task.seq_len} steps")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"pattern": "two-to-two"}, "pattern"),
        ({"length": 1}, "length"),
        ({"length": 51}, "length"),
        ({"n_symbols": 9}, "n_symbols"),
        ({"noise": -1}, "noise"),
    ],
)
def test_bad_parameters_name_the_parameter(params, name):
    with pytest.raises(ValueError, match=f"'{name}'"):
        make_task("patterns", **params)
    with pytest.raises(ValueError, match="'pattern'"):
        pattern_steps("two-to-two", 3)


def test_the_same_cell_learns_the_synchronous_pattern():
    """The many-to-many pattern with an engine RNN: a short run beats chance clearly."""
    engine = pytest.importorskip("explorer.engine")
    task = make_task("patterns", pattern="synchronous", length=5)
    model = engine.make_model(
        "rnn", input_size=task.input_size, hidden_size=8, output_size=task.output_size, seed=0
    )
    opt = engine.Adam(model.params, lr=3e-2)
    rng = RNG(0)
    for _ in range(150):
        X, Y, mask = task.batch(32, rng)
        opt.step(model.loss_and_grads(X, Y, loss=task.loss, mask=mask).grads)
    assert task.evaluate(model)["accuracy"] > 0.8
