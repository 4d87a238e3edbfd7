"""Sequence-to-sequence tasks: token convention, padding and masks, scores and panels."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from explorer.tasks import SEQ2SEQ_TASKS, TASKS, make_seq2seq_task
from explorer.tasks.qa import QA_LANGUAGES, load_qa_pairs
from explorer.tasks.seq2seq import (
    BOS,
    EOS,
    FIRST_SYMBOL,
    PAD,
    Seq2SeqBatch,
    Seq2SeqPanel,
    Seq2SeqVocab,
    decoded_up_to_eos,
    make_batch,
)
from tests.tasks.seq2seq_fakes import MappingModel

KEYS = list(SEQ2SEQ_TASKS)


def test_registry_is_separate_from_the_settings_tasks():
    assert set(KEYS) == {"reverse", "copy", "qa"}
    assert not set(KEYS) & set(TASKS)
    for key, cls in SEQ2SEQ_TASKS.items():
        assert cls.key == key and cls.title and cls.description
        assert all(spec.help for spec in cls.params)
    with pytest.raises(ValueError, match="known: reverse, copy, qa"):
        make_seq2seq_task("translate")


def test_vocabulary_ids_follow_the_shared_convention():
    assert (PAD, BOS, EOS, FIRST_SYMBOL) == (0, 1, 2, 3)
    vocab = Seq2SeqVocab(("a", "b", "c"))
    assert vocab.tokens[:3] == ("<pad>", "<bos>", "<eos>") and len(vocab) == 6
    assert vocab.encode("cab") == [5, 3, 4]
    assert vocab.decode([BOS, 5, 3, PAD, 4, EOS, 3]) == ["c", "a", "b"]
    assert vocab.decode([3, 99]) == ["a", "?"]
    with pytest.raises(ValueError, match="unknown symbol 'z'"):
        vocab.encode("az")
    with pytest.raises(ValueError, match="distinct"):
        Seq2SeqVocab(("a", "a"))
    with pytest.raises(ValueError, match="special"):
        Seq2SeqVocab(("<eos>",))


def test_padding_and_masks():
    batch = make_batch([[3, 4, 5], [6]], [[5, 4, 3], [6]])
    np.testing.assert_array_equal(batch.src, [[3, 6], [4, 0], [5, 0]])
    np.testing.assert_array_equal(batch.src_mask, [[1, 1], [1, 0], [1, 0]])
    np.testing.assert_array_equal(batch.tgt, [[5, 6], [4, EOS], [3, 0], [EOS, 0]])
    np.testing.assert_array_equal(batch.tgt_mask, [[1, 1], [1, 1], [1, 0], [1, 0]])
    assert batch.src.dtype == batch.tgt.dtype == np.int64
    assert batch.src_mask.dtype == batch.tgt_mask.dtype == np.float64


@pytest.mark.parametrize("key", KEYS)
def test_batches_have_variable_lengths_eos_and_consistent_masks(key):
    task = make_seq2seq_task(key)
    batch = task.batch(64, np.random.default_rng(0))
    assert isinstance(batch, Seq2SeqBatch) and batch.size == 64
    for ids, mask in ((batch.src, batch.src_mask), (batch.tgt, batch.tgt_mask)):
        assert ids.dtype == np.int64 and mask.shape == ids.shape
        np.testing.assert_array_equal(mask, (ids != PAD).astype(float))
        # real tokens first, then only padding
        assert (np.diff(mask, axis=0) <= 0).all()
        assert ids.min() >= 0 and ids.max() < task.vocab_size
    assert not (batch.src == BOS).any() and not (batch.src == EOS).any()
    tgt_len = batch.tgt_mask.sum(axis=0).astype(int)
    cols = np.arange(batch.size)
    assert (batch.tgt[tgt_len - 1, cols] == EOS).all()
    assert ((batch.tgt == EOS).sum(axis=0) == 1).all()
    assert len(set(batch.src_mask.sum(axis=0))) > 1  # lengths vary within a batch


@pytest.mark.parametrize(("key", "flip"), [("reverse", True), ("copy", False)])
def test_letter_string_targets(key, flip):
    task = make_seq2seq_task(key, min_length=2, max_length=5, n_symbols=4)
    batch = task.batch(50, np.random.default_rng(1))
    assert task.vocab_size == 3 + 4
    for b in range(batch.size):
        src = task.text(batch.src[:, b])
        assert 2 <= len(src) <= 5 and set(src) <= set("abcd")
        assert task.text(batch.tgt[:, b]) == (src[::-1] if flip else src)


@pytest.mark.parametrize("key", KEYS)
def test_determinism_and_fixed_read_only_eval_set(key):
    task = make_seq2seq_task(key)
    a = task.batch(8, np.random.default_rng(5))
    b = task.batch(8, np.random.default_rng(5))
    c = task.batch(8, np.random.default_rng(6))
    for x, y in zip(a.arrays(), b.arrays(), strict=True):
        np.testing.assert_array_equal(x, y)
    assert not all(
        x.shape == z.shape and np.array_equal(x, z)
        for x, z in zip(a.arrays(), c.arrays(), strict=True)
    )
    again = make_seq2seq_task(key, **json.loads(json.dumps(task.settings())))
    for x, y in zip(task.eval_set().arrays(), again.eval_set().arrays(), strict=True):
        np.testing.assert_array_equal(x, y)
    assert task.eval_set() is task.eval_set()
    with pytest.raises(ValueError):
        task.eval_set().src[0, 0] = 3


def test_eval_set_depends_on_the_seed_for_generated_strings():
    a = make_seq2seq_task("reverse", seed=1).eval_set()
    b = make_seq2seq_task("reverse", seed=2).eval_set()
    assert a.src.shape != b.src.shape or not np.array_equal(a.src, b.src)


def test_reversing_model_scores_exact_match_one_on_reverse():
    task = make_seq2seq_task("reverse")
    model = MappingModel(task.vocab_size, lambda ids: ids[::-1])
    metrics = task.evaluate(model)
    assert list(metrics) == list(type(task).evaluation_metrics)
    assert metrics["exact_match"] == 1.0 and metrics["token_accuracy"] == 1.0
    assert metrics["loss"] == pytest.approx(0.0, abs=1e-12)
    assert task.solved(metrics)
    # greedy decoding was asked for the whole evaluation set, a little past the longest target
    shape, max_len = model.calls[0]
    assert shape == task.eval_set().src.shape and max_len == task.eval_set().tgt.shape[0] + 2


def test_reversing_model_on_copy_scores_exactly_the_palindromes():
    task = make_seq2seq_task("copy", min_length=1, max_length=3, n_symbols=2)
    metrics = task.evaluate(MappingModel(task.vocab_size, lambda ids: ids[::-1]))
    data = task.eval_set()
    palindromes = [
        task.text(data.src[:, b]) == task.text(data.src[:, b])[::-1] for b in range(data.size)
    ]
    assert metrics["exact_match"] == pytest.approx(np.mean(palindromes))
    assert 0 < metrics["exact_match"] < 1
    assert not task.solved(metrics)


def test_missing_eos_is_never_an_exact_match_and_tokens_after_eos_are_ignored():
    task = make_seq2seq_task("copy")
    data = task.eval_set()
    no_eos = task.evaluate(MappingModel(task.vocab_size, list, append_eos=False))
    assert no_eos["exact_match"] == 0.0
    # every symbol right, every <eos> missed
    symbols = data.tgt_mask.sum() - data.size
    assert no_eos["token_accuracy"] == pytest.approx(symbols / data.tgt_mask.sum())
    chatty = task.evaluate(MappingModel(task.vocab_size, list, tail=[3, 4, 5]))
    assert chatty["exact_match"] == 1.0 and chatty["token_accuracy"] == 1.0
    # an <eos> at the wrong position is a wrong token (every source has a letter)
    silent = task.evaluate(MappingModel(task.vocab_size, lambda ids: []))
    assert silent["exact_match"] == 0.0 and silent["token_accuracy"] == 0.0


def test_decoded_up_to_eos_cuts_pads_and_blanks_after_eos():
    out = decoded_up_to_eos(np.array([[3, 4], [EOS, 5], [6, EOS], [7, 3]]), 5)
    np.testing.assert_array_equal(out, [[3, 4], [EOS, 5], [0, EOS], [0, 0], [0, 0]])
    with pytest.raises(ValueError, match=r"\(U, B\)"):
        decoded_up_to_eos(np.zeros(3), 4)


@pytest.mark.parametrize("key", KEYS)
def test_panel_shows_source_target_and_prediction(key):
    task = make_seq2seq_task(key)
    right = task.panel(MappingModel(task.vocab_size, lambda ids: ids[::-1]), example=2)
    data = task.eval_set()
    assert isinstance(right, Seq2SeqPanel) and right.kind == "seq2seq"
    assert right.source == task.text(data.src[:, 2])
    assert right.target == task.text(data.tgt[:, 2])
    assert right.prediction == right.source[::-1]
    assert "".join(right.target_tokens) == right.target
    assert right.correct.dtype == bool and len(right.correct) == len(right.target_tokens) + 1
    assert right.caption_template in task.caption_templates
    assert right.caption == right.caption_template.format(**right.caption_values)
    assert right.exact == (key == "reverse" or right.source == right.source[::-1])


def test_bad_parameters_name_the_parameter():
    with pytest.raises(ValueError, match="'min_length'"):
        make_seq2seq_task("reverse", min_length=6, max_length=4)
    with pytest.raises(ValueError, match="'n_symbols'"):
        make_seq2seq_task("copy", n_symbols=1)
    with pytest.raises(ValueError, match="'max_length'"):
        make_seq2seq_task("copy", max_length=31)
    with pytest.raises(ValueError, match="'language'"):
        make_seq2seq_task("qa", language="fr")
    with pytest.raises(ValueError, match=r"unknown parameter.*'lenght'"):
        make_seq2seq_task("copy", lenght=3)
    for size in (0, 2.5, True):
        with pytest.raises(ValueError, match="'batch_size'"):
            make_seq2seq_task("copy").batch(size, np.random.default_rng(0))
    assert make_seq2seq_task("copy").batch(np.int64(3), np.random.default_rng(0)).size == 3


def test_baseline_is_uniform_guessing():
    task = make_seq2seq_task("reverse", n_symbols=5)
    assert task.baseline == {
        "loss": pytest.approx(math.log(8)),
        "token_accuracy": pytest.approx(1 / 8),
        "exact_match": 0.0,
    }


# ----------------------------------------------------------------------------- question–answer
def test_shipped_pairs_have_a_few_dozen_per_language():
    pairs = load_qa_pairs()
    assert set(pairs) == set(QA_LANGUAGES)
    for items in pairs.values():
        assert 24 <= len(items) <= 60
        questions = [q for q, _ in items]
        assert len(set(questions)) == len(questions)  # one answer per question


@pytest.mark.parametrize("language", QA_LANGUAGES)
def test_qa_eval_set_is_every_pair_and_a_lookup_model_solves_it(language):
    task = make_seq2seq_task("qa", language=language)
    data = task.eval_set()
    assert data.size == len(task.pairs)
    assert [
        (task.text(data.src[:, b]), task.text(data.tgt[:, b])) for b in range(data.size)
    ] == task.pairs
    answers = {tuple(task.vocab.encode(q)): task.vocab.encode(a) for q, a in task.pairs}
    metrics = task.evaluate(MappingModel(task.vocab_size, lambda ids: answers[tuple(ids)]))
    assert metrics["exact_match"] == 1.0
    panel = task.panel(MappingModel(task.vocab_size, lambda ids: []), example=0)
    assert panel.source == task.pairs[0][0] and panel.target == task.pairs[0][1]
    assert panel.prediction == "" and not panel.exact


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read"),
        ('{"items": []}', "no 'pairs'"),
        ('{"pairs": {"en": []}}', "'en' has no pairs"),
        ('{"pairs": {"en": [["q"]]}}', "pair 0 must be"),
        ('{"pairs": {"en": [["q", ""]]}}', "pair 0 must be"),
    ],
)
def test_malformed_pair_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "pairs.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_qa_pairs(path)
    assert "pairs.json" in str(err.value)
