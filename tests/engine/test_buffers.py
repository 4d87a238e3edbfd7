"""The buffer pool recycles memory only when no array made from it is left anywhere."""

import gc

import numpy as np
import pytest

from explorer.engine import make_model
from explorer.engine.buffers import BufferPool


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
