"""The buffer pool recycles memory only when no array made from it is left anywhere."""

import gc

import numpy as np
import pytest

from explorer.engine import make_model
from explorer.engine.buffers import BufferPool, held_bytes, pools_of, share_pools


def _batch(T=40, B=32, D=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((T, B, D)), rng.standard_normal((T, B, D))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_kept_trace_is_bitwise_unchanged_by_later_iterations(cell):
    model = make_model(cell, input_size=3, hidden_size=32, output_size=3, seed=1)
    X, Y = _batch()
    kept = model.loss_and_grads(X, Y, loss="mse")
    tr = kept.trace
    before = {name: np.array(getattr(tr, name), copy=True) for name in ("hidden", "grad_hidden")}
    lone_view = tr.hidden[5]  # a view that outlives its trace
    lone_copy = lone_view.copy()
    for seed in range(1, 6):
        X2, Y2 = _batch(seed=seed)
        model.loss_and_grads(X2, Y2, loss="mse")  # results dropped at once: memory is reused
        gc.collect()
    for name, value in before.items():
        assert np.array_equal(getattr(tr, name), value), name
    del kept, tr
    gc.collect()
    for seed in range(6, 9):
        X2, Y2 = _batch(seed=seed)
        model.loss_and_grads(X2, Y2, loss="mse")
    assert np.array_equal(lone_view, lone_copy)


def test_memory_returns_to_the_pool_when_the_last_view_dies():
    pool = BufferPool()
    a = pool.empty((256, 256), np.float64)
    view = a[3:10]
    del a
    gc.collect()
    assert pool.free_count() == 0  # the view still shows the memory
    address = view.__array_interface__["data"][0] - 3 * 256 * 8
    del view
    gc.collect()
    assert pool.free_count() == 1
    b = pool.empty((256, 256), np.float64)
    assert b.__array_interface__["data"][0] == address
    assert pool.free_count() == 0


def test_small_arrays_bypass_the_pool():
    pool = BufferPool()
    small = pool.empty((4, 4), np.float32)
    assert small.base is None
    del small
    assert pool.free_count() == 0


def test_a_dropped_model_does_not_keep_its_pool_alive():
    import weakref

    model = make_model("lstm", input_size=3, hidden_size=32, output_size=3, seed=0)
    X, Y = _batch()
    res = model.loss_and_grads(X, Y, loss="mse")
    pool_ref = weakref.ref(model._pool)
    del model, res  # the trace's finalizers may run after the pool is gone
    gc.collect()
    assert pool_ref() is None


def test_models_of_one_configuration_share_pools_and_stay_bitwise():
    live = make_model("lstm", input_size=3, hidden_size=32, output_size=3, seed=2)
    twin = make_model("lstm", input_size=3, hidden_size=32, output_size=3, seed=2)
    alone = make_model("lstm", input_size=3, hidden_size=32, output_size=3, seed=2)
    share_pools(twin, live)
    assert [id(p) for p in pools_of(twin)] == [id(p) for p in pools_of(live)]
    X, Y = _batch()
    kept = live.loss_and_grads(X, Y, loss="mse")  # holds pooled buffers while the twin runs
    hidden = kept.trace.hidden.copy()
    for seed in range(3):
        Xs, Ys = _batch(seed=seed)
        got, want = (
            twin.loss_and_grads(Xs, Ys, loss="mse"),
            alone.loss_and_grads(Xs, Ys, loss="mse"),
        )
        assert all(np.array_equal(got.grads[k], want.grads[k]) for k in want.grads)
        assert np.array_equal(got.trace.contrib, want.trace.contrib)
        del got
        gc.collect()
    assert np.array_equal(kept.trace.hidden, hidden)
    assert pools_of(live)[0].free_count() > 0, "the twin's memory went back to the shared pool"


def test_models_built_differently_cannot_share_pools():
    from explorer.engine.stacked import StackedRNN

    plain = make_model("rnn", input_size=3, hidden_size=8, output_size=3, seed=0)
    stacked = StackedRNN("rnn", input_size=3, hidden_size=8, output_size=3, num_layers=2)
    with pytest.raises(ValueError, match="not built alike"):
        share_pools(stacked, plain)


def test_held_bytes_counts_each_buffer_once_wherever_it_is_reached():
    import functools

    pool = BufferPool()
    a = pool.empty((100, 100), np.float64)
    b = np.ones(1000)

    def lazy():
        return a[::2]

    reached = {"a": a, "views": [a[3:], a.T], "later": functools.partial(np.sum, b), "f": lazy}
    assert held_bytes(reached) == a.nbytes + b.nbytes
    assert held_bytes(a[10:20]) == a.nbytes  # a view holds its whole buffer


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_held_bytes_of_a_result_covers_its_trace_not_its_model(cell):
    model = make_model(cell, input_size=3, hidden_size=32, output_size=3, seed=1)
    X, Y = _batch()
    res = model.loss_and_grads(X, Y, loss="mse")
    fields = [res.trace.hidden, res.trace.grad_hidden, res.trace.outputs, res.trace.X]
    assert held_bytes(res) >= sum(f.nbytes for f in fields)
    model.params["W_hq"] = np.zeros((32, 100_000))  # the model is not the result's
    assert held_bytes(res) < 20 * X.shape[0] * X.shape[1] * 32 * 8


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_forward_in_chunks_computes_exactly_the_whole_sequence_pass(cell):
    # B * H * 8 bytes a step: a few steps per chunk, several chunks and a shorter last one.
    model = make_model(cell, input_size=3, hidden_size=64, output_size=2, seed=4)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((150, 128, 3)), rng.standard_normal((150, 128, 2))
    outputs, final = model.forward(X)
    trace = model.loss_and_grads(X, Y, loss="mse").trace
    assert np.array_equal(outputs, trace.outputs)
    final_h = final[0] if isinstance(final, tuple) else final
    assert np.array_equal(final_h, trace.hidden[-1])
    if cell == "lstm":
        assert np.array_equal(final[1], trace.cell[-1])


def test_an_evaluation_leaves_little_in_the_pool():
    model = make_model("lstm", input_size=3, hidden_size=64, output_size=2, seed=4)
    X = np.random.default_rng(0).standard_normal((200, 128, 3))
    model.forward(X)
    gc.collect()
    whole_pass = 200 * 128 * 64 * 8 * 7  # gates, cells, tanh(c), states of all T at once
    hidden = 200 * 128 * 64 * 8  # the hidden states the outputs are read from, kept for reuse
    # A few steps' scratch waits in the pool (~10 MB here), not a whole pass's arrays.
    assert 0 < pools_of(model)[0].free_bytes() < whole_pass / 5 + hidden


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_repeated_evaluations_recycle_their_memory_and_keep_their_numbers(cell):
    # An evaluation set's forward pass, again and again between training iterations: every
    # (T, B, H) array, the hidden states included, comes from the pool (fresh memory would
    # be page faults on every evaluation), and no number depends on what the recycled
    # buffers held before.
    model = make_model(cell, input_size=3, hidden_size=64, output_size=2, seed=4)
    X = np.random.default_rng(0).standard_normal((60, 128, 3))
    first, _ = model.forward(X)
    kept = first.copy()
    waiting = pools_of(model)[0].free_bytes()
    assert waiting >= 60 * 128 * 64 * 8  # the hidden states' buffer waits for the next pass
    for seed in range(1, 4):
        X2, Y2 = _batch(T=60, B=128, seed=seed)
        model.loss_and_grads(X2[..., :3], Y2[..., :2], loss="mse")
        again, _ = model.forward(X)
        assert np.array_equal(again, kept)
    assert np.array_equal(first, kept)  # returned outputs are the caller's, never recycled
