"""Marker ahead: labels, the causal ceiling, and that only a model that reads ahead beats it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.lookahead import (
    MARKER,
    causal_accuracy_by_step,
    causal_loss_by_step,
    early_steps,
)
from explorer.tasks.metrics import masked_accuracy


def marker_steps(X: np.ndarray) -> np.ndarray:
    """``(T, B)`` bool: where the marker is shown."""
    return X.argmax(-1) == MARKER


class ReadsAhead:
    """A non-causal stand-in for a bidirectional model: at step t it looks at the whole
    sequence and says whether a marker comes after t."""

    def forward(self, X, h0=None):
        marks = marker_steps(X)
        later = np.flip(np.cumsum(np.flip(marks, 0), 0), 0) - marks > 0  # any marker after t
        return np.stack([~later, later], axis=-1) * 10.0, None


class BestCausal:
    """The Bayes-optimal causal predictor, run one step at a time from a state, so it can
    only use the past: the state is (step count, marker seen)."""

    def __init__(self, seq_len: int, marker_prob: float):
        t = np.arange(seq_len)
        unseen = 1 - marker_prob * (t + 1) / seq_len
        later = marker_prob * (seq_len - 1 - t) / seq_len
        self.p_later_if_unseen = np.where(unseen > 0, later / np.maximum(unseen, 1e-300), 0.0)

    def forward(self, X, h0=None):
        step, seen = (0, np.zeros(X.shape[1], bool)) if h0 is None else h0
        out = []
        for x in X:
            seen = seen | (x.argmax(-1) == MARKER)
            p = np.where(seen, 0.0, self.p_later_if_unseen[step])
            with np.errstate(divide="ignore"):
                out.append(np.stack([np.log1p(-p), np.log(p)], axis=-1))
            step += 1
        return np.stack(out), (step, seen)


def test_labels_say_whether_a_marker_comes_later():
    task = make_task("lookahead", seq_len=12, marker_prob=0.7)
    X, Y, mask = task.batch(200, np.random.default_rng(0))
    marks = marker_steps(X)
    assert (marks.sum(0) <= 1).all() and 0.5 < marks.any(0).mean() < 0.9
    for b in range(200):
        for t in range(12):
            assert Y[t, b] == int(marks[t + 1 :, b].any())
    assert (mask == 1).all() and (Y[-1] == 0).all()


@pytest.mark.parametrize(("T", "prob"), [(3, 0.5), (4, 0.8), (5, 1.0), (6, 0.2)])
def test_causal_ceiling_matches_an_exhaustive_bayes_computation(T, prob):
    """Enumerate every marker position (or none) and every causal observation at step t —
    "marker seen at s ≤ t" or "not seen yet" — and take the best guess for each."""
    outcomes = [(None, 1 - prob)] + [(m, prob / T) for m in range(T)]
    for t in range(T):
        by_observation: dict[object, list[float]] = {}
        for m, weight in outcomes:
            observation = m if m is not None and m <= t else "unseen"
            label = int(m is not None and m > t)
            by_observation.setdefault(observation, [0.0, 0.0])[label] += weight
        best = sum(max(w) for w in by_observation.values())
        assert causal_accuracy_by_step(T, prob)[t] == pytest.approx(best)
        loss = -sum(w * np.log(w / sum(ws)) for ws in by_observation.values() for w in ws if w > 0)
        assert causal_loss_by_step(T, prob)[t] == pytest.approx(loss)


def test_the_best_causal_predictor_reaches_the_ceiling_and_a_bidirectional_one_is_perfect():
    task = make_task("lookahead", seq_len=16, marker_prob=0.5)
    X, Y, mask = task.batch(40_000, np.random.default_rng(1))
    causal, _ = BestCausal(16, 0.5).forward(X)
    accuracy = masked_accuracy(causal, Y, mask)
    se = np.sqrt(0.25 / 40_000) * 4  # steps of one sequence are correlated: be generous
    assert accuracy == pytest.approx(task.causal_ceiling(), abs=3 * se)
    k = early_steps(16)
    early = masked_accuracy(causal[:k], Y[:k], mask[:k])
    assert early == pytest.approx(task.early_causal_ceiling(), abs=3 * se)
    metrics = task.evaluate(ReadsAhead())
    assert metrics["accuracy"] == 1.0 and metrics["early accuracy"] == 1.0
    assert task.solved(metrics)
    assert task.baseline["accuracy"] == task.causal_ceiling() < 0.8
    assert task.baseline["causal ceiling, first quarter"] < 0.6


def test_ceiling_grows_towards_the_end_and_is_near_chance_at_the_start():
    acc = causal_accuracy_by_step(20, 0.5)
    assert (np.diff(acc) > 0).all() and acc[-1] == pytest.approx(1.0)
    assert acc[0] == pytest.approx(1 - 0.5 * 19 / 20)


def test_panel_and_caption(tiny_model):
    task = make_task("lookahead")
    panel = task.panel(tiny_model(task), example=5)
    assert panel.kind == "sequence" and panel.labels == ("a", "b", "c", "d", "X")
    assert panel.symbols == ("no", "yes") and panel.mask.all()
    assert panel.caption_template in task.caption_templates
    assert f"{task.causal_ceiling():.0%}" in panel.caption


@pytest.mark.parametrize(
    ("params", "name"),
    [({"seq_len": 3}, "seq_len"), ({"marker_prob": 0.0}, "marker_prob"), ({"noise": 2}, "noise")],
)
def test_bad_parameters_name_the_parameter(params, name):
    with pytest.raises(ValueError, match=f"'{name}'"):
        make_task("lookahead", **params)


def test_noise_keeps_the_labels():
    clean = make_task("lookahead").batch(8, np.random.default_rng(3))
    noisy = make_task("lookahead", noise=0.3).batch(8, np.random.default_rng(3))
    np.testing.assert_array_equal(clean[1], noisy[1])
    assert not np.array_equal(clean[0], noisy[0])


def test_a_trained_unidirectional_model_stays_under_the_early_ceiling():
    """An LSTM reading left to right, trained well past the point where it has learnt what it
    can, is no better than the best causal guess on the early steps."""
    engine = pytest.importorskip("explorer.engine")
    task = make_task("lookahead", seq_len=12)
    model = engine.make_model(
        "lstm", input_size=task.input_size, hidden_size=8, output_size=task.output_size, seed=0
    )
    opt = engine.Adam(model.params, lr=1e-2)
    rng = np.random.default_rng(0)
    for _ in range(100):
        X, Y, mask = task.batch(32, rng)
        res = model.loss_and_grads(X, Y, loss=task.loss, mask=mask)
        opt.step(res.grads)
    metrics = task.evaluate(model)
    X, Y, mask = task.eval_set()
    best, _ = BestCausal(12, 0.5).forward(X)
    k = early_steps(12)
    best_early = masked_accuracy(best[:k], Y[:k], mask[:k])
    # it learnt the causal rule (the marker passing, the step count) ...
    assert metrics["accuracy"] > task.causal_ceiling() - 0.05
    # ... and cannot beat the best causal guess on the same sequences
    assert metrics["early accuracy"] <= best_early + 1e-9
    assert metrics["accuracy"] <= masked_accuracy(best, Y, mask) + 1e-9


def test_the_only_information_about_the_future_is_the_step_count():
    """Every prefix with the marker unseen has the same posterior whatever its letters are:
    count labels over all letter strings of a short sequence."""
    task = make_task("lookahead", seq_len=4)
    X, Y, _ = task.batch(40_000, np.random.default_rng(2))
    letters = X.argmax(-1)
    for t in range(2):
        unseen = ~(letters[: t + 1] == MARKER).any(0)
        rates = []
        for prefix in itertools.product(range(MARKER), repeat=t + 1):
            rows = unseen & (letters[: t + 1] == np.array(prefix)[:, None]).all(0)
            rates.append(Y[t, rows].mean())
        assert np.ptp(rates) < 0.1


def test_a_bidirectional_model_beats_the_causal_ceiling():
    """The same LSTM, reading both ways, answers every step; it runs once the engine builds
    bidirectional models (``make_model(..., bidirectional=True)``)."""
    engine = pytest.importorskip("explorer.engine")
    task = make_task("lookahead", seq_len=12)
    try:
        model = engine.make_model(
            "lstm",
            input_size=task.input_size,
            hidden_size=8,
            output_size=task.output_size,
            seed=0,
            bidirectional=True,
        )
    except TypeError:
        pytest.skip("this engine builds no bidirectional models")
    opt = engine.Adam(model.params, lr=1e-2)
    rng = np.random.default_rng(0)
    for _ in range(200):
        X, Y, mask = task.batch(32, rng)
        opt.step(model.loss_and_grads(X, Y, loss=task.loss, mask=mask).grads)
    metrics = task.evaluate(model)
    assert metrics["accuracy"] >= 0.99 and task.solved(metrics)
    assert metrics["early accuracy"] > task.early_causal_ceiling() + 0.3
