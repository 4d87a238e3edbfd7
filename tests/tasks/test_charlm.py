"""Character language model: vocabulary, n-gram baselines, generation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.charlm import UNK, UNK_DISPLAY, build_vocabulary
from explorer.tasks.corpus import zen_of_python
from explorer.tasks.ngram import KneserNeyModel, NGramModel
from tests.tasks.fake_models import OracleModel


def test_machine_example_from_the_notes():
    task = make_task("charlm", corpus="machine", seq_len=6)
    X, Y, _mask = task.eval_set()
    assert task.decode(X[:, 0].argmax(axis=-1)) == "machin"
    assert task.decode(Y[:, 0]) == "achine"
    _Xb, Yb, mb = task.batch(3, np.random.default_rng(0))
    assert task.decode(Yb[:, 2]) == "achine" and (mb == 1).all()


def test_vocabulary_order_and_unknown_token():
    vocab = build_vocabulary("aaabbc", min_freq=2)
    assert vocab.tokens == (UNK, "a", "b")
    np.testing.assert_array_equal(vocab.encode("abcz"), [1, 2, 0, 0])
    assert vocab.decode([1, 2, 0]) == "ab" + UNK_DISPLAY
    assert build_vocabulary("aaabbc", max_size=2).tokens == (UNK, "a")


def test_round_trip_text_indices():
    task = make_task("charlm", corpus="zen")
    text = task.text[:200]
    assert task.decode(task.encode(text)) == text
    assert task.encode("").shape == (0,)
    assert task.input_size == task.output_size == len(task.vocab)


def test_zen_is_read_without_printing(capsys):
    text = zen_of_python()
    assert text.startswith("The Zen of Python, by Tim Peters")
    assert "Beautiful is better than ugly." in text
    assert capsys.readouterr().out == ""


def test_ngram_perplexities_by_hand():
    # vocabulary {0, 1, 2}, training text "aab" = [1, 1, 2]
    train = np.array([1, 1, 2])
    uni = NGramModel(1, 3).fit(train)
    # P(a) = (2 + 1) / (3 + 3), P(b) = (1 + 1) / 6
    assert uni.perplexity(train, [1, 2]) == pytest.approx(math.sqrt(1 / (0.5 * (1 / 3))))
    bi = NGramModel(2, 3).fit(train)
    # contexts: <s> -> a, a -> a, a -> b; P(a | a) = (1 + 1) / (2 + 3), P(b | a) = 2 / 5
    np.testing.assert_allclose(np.exp(bi.log_probs(train)), [2 / 4, 2 / 5, 2 / 5])
    tri = NGramModel(3, 3).fit(train)
    # every trigram context seen once: P = (1 + 1) / (1 + 3)
    np.testing.assert_allclose(np.exp(tri.log_probs(train)), [0.5, 0.5, 0.5])
    # unseen context: uniform
    assert np.exp(tri.log_probs(np.array([2, 2, 0]), [2]))[0] == pytest.approx(1 / 3)
    with pytest.raises(ValueError):
        NGramModel(2, 3).fit(np.array([3]))


def test_ngram_probabilities_sum_to_one():
    rng = np.random.default_rng(0)
    train = rng.integers(0, 4, size=200)
    for order in (1, 2, 3):
        model = NGramModel(order, 4).fit(train)
        context = np.array([1, 2])
        total = sum(math.exp(model.log_probs(np.append(context, w), [2])[0]) for w in range(4))
        assert total == pytest.approx(1.0)


def test_kneser_ney_probabilities_sum_to_one_and_beat_add_one():
    rng = np.random.default_rng(0)
    # A text with structure: a repeated phrase with noise, split into counted and held out.
    text = np.tile(np.array([0, 1, 2, 3, 1, 2]), 60)
    flips = rng.random(text.size) < 0.1
    text = np.where(flips, rng.integers(0, 5, size=text.size), text)
    train, held_out = text[:300], text[300:]
    for order in (1, 2, 3):
        model = KneserNeyModel(order, 5).fit(train)
        for context in (np.array([1, 2]), np.array([4, 4])):  # seen, never seen
            total = sum(math.exp(model.log_probs(np.append(context, w), [2])[0]) for w in range(5))
            assert total == pytest.approx(1.0)
        add_one = NGramModel(order, 5).fit(train)
        if order > 1:
            assert model.perplexity(held_out) < add_one.perplexity(held_out)
    with pytest.raises(ValueError):
        KneserNeyModel(2, 3).fit(np.array([3]))


def test_machine_baselines():
    task = make_task("charlm", corpus="machine", seq_len=6)
    b = task.baseline
    V, D = 8, 0.75  # <unk> + m a c h i n e; the Kneser–Ney discount
    # Seven distinct characters seen once each: P(w) = (1 − D)/7 + D · 7/7 · 1/V; every
    # longer context is seen once with one follower: P = (1 − D) + D · P(lower order).
    p1 = (1 - D) / 7 + D / V
    p2 = (1 - D) + D * p1
    p3 = (1 - D) + D * p2
    assert b["unigram perplexity"] == pytest.approx(1 / p1)
    assert b["bigram perplexity"] == pytest.approx(1 / p2)
    assert b["trigram perplexity"] == pytest.approx(1 / p3)
    assert b["loss"] == pytest.approx(math.log(b["unigram perplexity"]))
    assert b["uniform perplexity"] == V


def test_perplexity_is_exp_of_loss():
    task = make_task("charlm", corpus="machine", seq_len=6)
    _X, Y, _ = task.eval_set()
    uniform = task.evaluate(OracleModel(np.zeros((*Y.shape, 8))))
    assert uniform["perplexity"] == pytest.approx(8.0)
    perfect = task.evaluate(OracleModel(np.eye(8)[Y] * 30))
    assert perfect["perplexity"] == pytest.approx(1.0) and perfect["accuracy"] == 1.0
    assert task.solved(perfect) and not task.solved(uniform)


def test_generation(tiny_model):
    task = make_task("charlm", corpus="zen")
    model = tiny_model(task)
    a = task.generate(model, "Beautiful", 30, 0.8, np.random.default_rng(0))
    b = task.generate(model, "Beautiful", 30, 0.8, np.random.default_rng(0))
    assert a == b and a.startswith("Beautiful") and len(a) == 39
    cold = task.generate(model, "Bea", 20, 1e-3, np.random.default_rng(1), warmup=False)
    assert len(cold) == 23
    assert task.generate(model, "x", 0, 1.0, np.random.default_rng(0)) == "x"
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="temperature"):
            task.generate(model, "B", 5, bad, np.random.default_rng(0))
    with pytest.raises(ValueError, match="prefix"):
        task.generate(model, "", 5, 1.0, np.random.default_rng(0))


def test_text_panel(tiny_model):
    task = make_task("charlm", corpus="zen", seq_len=16)
    panel = task.panel(tiny_model(task), example=2)
    assert panel.kind == "text"
    assert len(panel.text) == len(panel.predicted) == len(panel.target_text) == 16
    assert panel.text[1:] == panel.target_text[:-1]
    assert panel.probabilities.shape == (16,)
    assert panel.sample.startswith(panel.text[:8])


def test_input_noise_only_in_training():
    clean = make_task("charlm", corpus="zen")
    noisy = make_task("charlm", corpus="zen", noise=0.5)
    a = clean.batch(8, np.random.default_rng(0))
    b = noisy.batch(8, np.random.default_rng(0))
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], b[0])
    np.testing.assert_array_equal(clean.eval_set()[0], noisy.eval_set()[0])
