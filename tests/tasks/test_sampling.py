"""Random sampling and sequential partitioning of a token stream (d2l's two schemes)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.tasks import make_task
from explorer.tasks.sampling import (
    SequentialStream,
    batches_per_epoch,
    epoch_layout,
    fits,
    sequential_batch,
)

TOKENS = np.arange(1000)  # each token is its own position, so windows can be read back


def test_sequential_batches_tile_each_row_contiguously():
    T, B, seed = 7, 4, 3
    per_epoch = batches_per_epoch(len(TOKENS), T, B)
    layout = epoch_layout(len(TOKENS), T, B, seed, epoch=0)
    assert 0 <= layout.offset < T and per_epoch <= layout.batches
    batches = [sequential_batch(TOKENS, T, B, seed, i) for i in range(per_epoch)]
    rows = np.concatenate([inputs for inputs, _, _ in batches], axis=0)  # (per_epoch T, B)
    for b in range(B):
        start = layout.offset + b * int(layout.stride)
        np.testing.assert_array_equal(rows[:, b], np.arange(start, start + per_epoch * T))
    for inputs, targets, _ in batches:
        np.testing.assert_array_equal(targets, inputs + 1)
        assert inputs.shape == (T, B) and inputs.dtype == np.int64
    # rows never overlap, so no token is read twice in an epoch
    assert len(np.unique(rows)) == rows.size
    assert [cont for _, _, cont in batches] == [False] + [True] * (per_epoch - 1)


def d2l_sequential(corpus: np.ndarray, batch_size: int, num_steps: int, offset: int):
    """d2l's ``seq_data_iter_sequential`` with a given offset, batch-major as in the book."""
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = corpus[offset : offset + num_tokens].reshape(batch_size, -1)
    Ys = corpus[offset + 1 : offset + 1 + num_tokens].reshape(batch_size, -1)
    for i in range(0, num_steps * (Xs.shape[1] // num_steps), num_steps):
        yield Xs[:, i : i + num_steps], Ys[:, i : i + num_steps]


@pytest.mark.parametrize(("T", "B", "seed"), [(5, 2, 0), (7, 3, 1), (35, 8, 2)])
def test_batches_are_d2ls_transposed_to_time_major(T, B, seed):
    corpus = np.random.default_rng(seed).integers(0, 28, size=997)
    layout = epoch_layout(len(corpus), T, B, seed, epoch=0)
    reference = list(d2l_sequential(corpus, B, T, layout.offset))
    per_epoch = batches_per_epoch(len(corpus), T, B)
    assert per_epoch in (len(reference), len(reference) - 1)  # the shortest layout's count
    for i in range(per_epoch):
        inputs, targets, _ = sequential_batch(corpus, T, B, seed, i)
        np.testing.assert_array_equal(inputs, reference[i][0].T)
        np.testing.assert_array_equal(targets, reference[i][1].T)


def test_a_new_epoch_restarts_with_a_fresh_offset():
    T, B = 5, 3
    per_epoch = batches_per_epoch(len(TOKENS), T, B)
    first, _, continues = sequential_batch(TOKENS, T, B, 0, per_epoch)
    assert not continues
    layout = epoch_layout(len(TOKENS), T, B, 0, epoch=1)
    np.testing.assert_array_equal(first[0], layout.row_starts(B))
    assert layout.stride == int(layout.stride) >= T
    offsets = {epoch_layout(len(TOKENS), T, B, 0, e).offset for e in range(20)}
    assert len(offsets) > 1 and max(offsets) < T


def test_stream_state_is_two_integers_and_replays_exactly():
    stream = SequentialStream(TOKENS, 6, seed=9)
    for _ in range(5):
        stream.next(4)
    saved = json.loads(json.dumps(stream.state()))
    assert saved == {"seed": 9, "position": 5}
    ahead = [stream.next(4) for _ in range(40)]  # crosses an epoch boundary
    again = SequentialStream(TOKENS, 6, seed=0)
    again.restore(saved)
    for (x, y), (x2, y2) in zip(ahead, (again.next(4) for _ in range(40)), strict=True):
        np.testing.assert_array_equal(x, x2)
        np.testing.assert_array_equal(y, y2)
    assert again.position == 45
    per_epoch = batches_per_epoch(len(TOKENS), 6, 4)
    assert not again.continues_at(per_epoch, 4) and again.continues_at(per_epoch + 1, 4)


def test_different_seeds_give_different_offsets():
    offsets = {epoch_layout(len(TOKENS), 8, 2, seed, 0).offset for seed in range(20)}
    assert len(offsets) > 1


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"seed": 1}, "'seed' and 'position'"),
        ("5", "'seed' and 'position'"),
        ({"seed": 1, "position": -1}, "'position'"),
        ({"seed": 1, "position": 2.5}, "'position'"),
        ({"seed": True, "position": 0}, "'seed'"),
    ],
)
def test_bad_states_are_rejected(state, message):
    with pytest.raises(ValueError, match=message):
        SequentialStream(TOKENS, 4, 0).restore(state)


def test_a_text_too_short_for_disjoint_rows_gives_overlapping_fresh_rows():
    tokens = np.arange(100)
    assert not fits(100, 10, 20) and batches_per_epoch(100, 10, 20) == 1
    seen = set()
    for position in range(5):
        inputs, targets, continues = sequential_batch(tokens, 10, 20, 0, position)
        assert not continues  # every batch a new epoch: nothing to carry
        np.testing.assert_array_equal(targets, inputs + 1)
        np.testing.assert_array_equal(np.diff(inputs, axis=0), 1)  # each row one stretch
        assert inputs.min() >= 0 and targets.max() <= 99
        assert (np.diff(inputs[0]) >= 0).all()  # rows spread evenly, in order
        seen.add(int(inputs[0, 0]))
    assert len(seen) > 1  # the offset changes from epoch to epoch
    # the shortest text that fits has no room for an offset
    inputs, targets, _ = sequential_batch(np.arange(21), 10, 2, 0, 0)
    np.testing.assert_array_equal(inputs[:, 1], np.arange(10, 20))
    np.testing.assert_array_equal(targets[:, 1], np.arange(11, 21))
    with pytest.raises(ValueError, match="seq_len 10 needs at least 11 tokens"):
        sequential_batch(np.arange(10), 10, 2, 0, 0)
    with pytest.raises(ValueError, match="position must be >= 0"):
        sequential_batch(TOKENS, 10, 2, 0, -1)


def test_the_builtin_text_with_the_default_batch_runs_without_carrying():
    task = make_task("charlm", corpus="zen", seq_len=32, sampling="sequential")
    X, _, _ = task.batch(32, np.random.default_rng(0))
    assert X.shape == (32, 32, task.input_size) and not task.stream.last_continues
    task.batch(8, np.random.default_rng(0))
    task.batch(8, np.random.default_rng(0))
    assert task.stream.last_continues  # 8 rows of 32 fit in the Zen of Python


# ----------------------------------------------------------------------------- char-LM hook
def test_charlm_random_sampling_is_the_default_and_carries_no_state():
    task = make_task("charlm")
    assert task.p["sampling"] == "random" and task.carries_state is False


def test_charlm_sequential_batches_continue_the_text():
    task = make_task("charlm", corpus="zen", seq_len=16, sampling="sequential", seed=4)
    assert task.carries_state is True
    rng = np.random.default_rng(0)
    batches = [task.batch(8, rng) for _ in range(3)]
    assert task.stream.state() == {"seed": 4, "position": 3}
    text_ids = [np.concatenate([X[:, b].argmax(-1) for X, _, _ in batches]) for b in range(8)]
    for b, ids in enumerate(text_ids):
        row = task.decode(ids)
        assert row in task.text, f"row {b} is not one contiguous stretch of the text"
        assert len(row) == 48
    for X, Y, mask in batches:
        np.testing.assert_array_equal(X[1:].argmax(-1), Y[:-1])  # targets are the next chars
        assert mask.shape == (16, 8) and (mask == 1).all()
    assert task.stream.last_continues


def test_charlm_sequential_batches_ignore_the_rng_but_not_the_position():
    a = make_task("charlm", sampling="sequential")
    b = make_task("charlm", sampling="sequential")
    first_a = a.batch(4, np.random.default_rng(0))
    first_b = b.batch(4, np.random.default_rng(99))
    np.testing.assert_array_equal(first_a[0], first_b[0])
    b.stream.restore({"seed": 0, "position": 0})
    np.testing.assert_array_equal(b.batch(4, np.random.default_rng(5))[1], first_a[1])


def test_charlm_rejects_an_unknown_sampling_scheme():
    with pytest.raises(ValueError, match="'sampling' must be one of 'random', 'sequential'"):
        make_task("charlm", sampling="shuffled")
