"""Invariants of the trace: step losses, truncation, contrib and per-step weight terms."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from .common import h0_for, mask_for, model, problem

CELLS = ("rnn", "lstm", "gru")


@pytest.mark.parametrize("cell", CELLS)
def test_shapes_and_step_losses(cell):
    X, Y = problem("ce")
    T, B, _ = X.shape
    m = model(cell)
    H, Q = m.hidden_size, m.output_size
    res = m.loss_and_grads(X, Y, loss="ce", mask=mask_for("random"))
    tr = res.trace
    assert isinstance(res.loss, float) and res.finite
    assert tr.step_losses.shape == (T,)
    assert np.isclose(tr.step_losses.sum(), res.loss, rtol=0, atol=1e-15)
    for name in ("hidden", "grad_hidden"):
        assert getattr(tr, name).shape == (T, B, H)
    assert tr.outputs.shape == tr.grad_outputs.shape == (T, B, Q)
    assert tr.xi.shape == (T,) and np.all(tr.xi == 1)
    assert tr.contrib.shape == (T, T)
    assert set(res.grads) == set(m.params)
    assert all(res.grads[k].shape == m.params[k].shape for k in m.params)
    expected = {"rnn": set(), "lstm": {"i", "f", "o", "c_tilde"}, "gru": {"z", "r", "h_tilde"}}
    assert set(tr.gates) == expected[cell]
    assert all(g.shape == (T, B, H) for g in tr.gates.values())
    assert (tr.cell is None) == (cell != "lstm") == (tr.grad_cell is None)
    assert (tr.preact is None) == (cell != "rnn")
    with pytest.raises(dataclasses.FrozenInstanceError):
        tr.hidden = None


@pytest.mark.parametrize("cell", CELLS)
def test_truncation_k_at_least_T_and_p_one_equal_full(cell):
    X, Y = problem("mse")
    full = model(cell).loss_and_grads(X, Y)
    for truncation in (len(X), len(X) + 3, ("random", 1.0)):
        res = model(cell).loss_and_grads(X, Y, truncation=truncation)
        np.testing.assert_array_equal(res.trace.xi, np.ones(len(X)))
        for k in full.grads:
            np.testing.assert_allclose(res.grads[k], full.grads[k], rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(res.trace.grad_hidden, full.trace.grad_hidden, rtol=1e-13)


def test_xi_of_truncation_k_and_random():
    X, Y = problem("mse", T=7)
    tr = model("rnn").loss_and_grads(X, Y[:7], truncation=3).trace
    np.testing.assert_array_equal(tr.xi, [1, 1, 1, 0, 1, 1, 0])
    m = model("rnn")
    xi = m.loss_and_grads(X, Y, truncation=("random", 0.25)).trace.xi
    assert set(np.unique(xi)) <= {0.0, 4.0}


def test_truncation_k_stops_gradient_at_the_cuts():
    X, Y = problem("mse", T=6)
    mask = np.zeros((6, X.shape[1]))
    mask[5] = 1  # only the last step's error: it must not reach below the cut at t = 4
    tr = model("lstm").loss_and_grads(X, Y, mask=mask, truncation=2).trace
    assert np.all(tr.grad_hidden[:4] == 0) and np.all(tr.grad_cell[:4] == 0)
    assert np.all(tr.grad_hidden[4:] != 0)


def test_randomized_truncation_is_unbiased_on_average():
    X, Y = problem("mse")
    m = model("gru", seed=3)
    full = m.loss_and_grads(X, Y).grads["W_hh"]
    draws = [m.loss_and_grads(X, Y, truncation=("random", 0.6)).grads["W_hh"] for _ in range(3000)]
    mean = np.mean(draws, axis=0)
    spread = np.std(draws, axis=0) / np.sqrt(len(draws))
    assert np.all(np.abs(mean - full) <= 5 * spread + 1e-12)


def _per_step_contrib(cell, X, Y, loss, mask, h0, truncation):
    """contrib the slow way: one engine call per error step, the mask cut to that step."""
    snapshot = model(cell)
    base = snapshot.copy().loss_and_grads(X, Y, loss=loss, mask=mask, truncation=truncation, h0=h0)
    T = len(X)
    full_mask = base.trace.mask
    C = np.zeros((T, T))
    for t in range(T):
        if not full_mask[t].any():
            continue
        only = np.zeros_like(full_mask)
        only[t] = full_mask[t]
        res = snapshot.copy().loss_and_grads(
            X, Y, loss=loss, mask=only, truncation=truncation, h0=h0
        )
        scale = only.sum() / full_mask.sum()  # undo the re-normalised mean
        C[t] = np.sqrt(((res.trace.grad_hidden * scale) ** 2).sum(axis=(1, 2)))
    return base, np.tril(C)


@pytest.mark.parametrize("mask", ("random", "last"))
@pytest.mark.parametrize("truncation", (None, 2, ("random", 0.5)), ids=str)
@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("cell", CELLS)
def test_contrib_against_per_step_reference(cell, loss, truncation, mask):
    X, Y = problem(loss)
    base, C = _per_step_contrib(
        cell, X, Y, loss, mask_for(mask), h0_for(cell, "random"), truncation
    )
    np.testing.assert_allclose(base.trace.contrib, C, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("cell", CELLS)
def test_contrib_diagonal_and_upper_triangle(cell):
    X, Y = problem("mse")
    m = model(cell)
    res = m.loss_and_grads(X, Y, truncation=2)
    tr = res.trace
    local = tr.grad_outputs @ m.params["W_hq"].T
    np.testing.assert_allclose(np.diag(tr.contrib), np.sqrt((local**2).sum(axis=(1, 2))))
    assert np.all(np.triu(tr.contrib, 1) == 0)
    assert tr.contrib[3, 1] == 0  # across the cut at t = 2
    # Adjoints add up to grad_hidden, so their norms bound its norm (triangle inequality).
    norms = np.sqrt((tr.grad_hidden**2).sum(axis=(1, 2)))
    assert np.all(tr.contrib.sum(axis=0) >= norms * (1 - 1e-12))


def test_contrib_uses_the_weights_of_its_own_call():
    X, Y = problem("mse")
    m = model("rnn")
    tr = m.loss_and_grads(X, Y).trace
    expected = m.copy().loss_and_grads(X, Y).trace.contrib
    m.params["W_hh"] *= 3.0  # what an optimizer step does before the view reads contrib
    np.testing.assert_array_equal(tr.contrib, expected)


@pytest.mark.parametrize("cell", CELLS)
def test_weight_grad_by_step_single_step_equals_gradient_norm(cell):
    X, Y = problem("mse", T=1)
    m = model(cell)
    res = m.loss_and_grads(X, Y)
    by_step = res.trace.weight_grad_by_step
    names = [k for k in m.params if k.startswith("W_")]
    assert sorted(by_step) == sorted(names)
    for name in names:
        assert by_step[name].shape == (1,)
        assert np.isclose(by_step[name][0], np.linalg.norm(res.grads[name]), rtol=1e-12)


@pytest.mark.parametrize("cell", CELLS)
def test_weight_grad_by_step_terms_via_step_backward(cell):
    """Rebuild each step's gradient term with the plain step functions and the trace's adjoints."""
    X, Y = problem("mse")
    m = model(cell)
    res = m.loss_and_grads(X, Y, truncation=("random", 0.5))
    tr = res.trace
    state = tr.state0
    total = {k: 0.0 for k in res.grads if k.startswith("W_") and k != "W_hq"}
    for t in range(len(X)):
        new_state, cache = m.step_forward(tr.X[t], state)
        if cell == "lstm":
            o, tc = tr.gates["o"][t], np.tanh(tr.cell[t])
            dstate = (tr.grad_hidden[t], tr.grad_cell[t] - tr.grad_hidden[t] * o * (1 - tc**2))
        else:
            dstate = (tr.grad_hidden[t],)
        _, _, dparams = m.step_backward(dstate, cache)
        for name in total:
            assert np.isclose(
                tr.weight_grad_by_step[name][t],
                np.linalg.norm(dparams[name]),
                rtol=1e-10,
                atol=1e-15,
            )
            total[name] = total[name] + dparams[name]
        state = new_state
    for name in total:
        np.testing.assert_allclose(total[name], res.grads[name], rtol=1e-10, atol=1e-15)
    hq = [np.linalg.norm(tr.hidden[t].T @ tr.grad_outputs[t]) for t in range(len(X))]
    np.testing.assert_allclose(tr.weight_grad_by_step["W_hq"], hq, rtol=1e-12)


def test_trace_arrays_survive_later_calls_and_updates():
    X, Y = problem("mse")
    m = model("lstm")
    tr = m.loss_and_grads(X, Y).trace
    kept = {k: getattr(tr, k).copy() for k in ("hidden", "grad_hidden", "cell", "outputs")}
    gates = {k: v.copy() for k, v in tr.gates.items()}
    for p in m.params.values():
        p += 0.1
    X2, Y2 = problem("mse", seed=9)
    m.loss_and_grads(X2, Y2)
    for k, v in kept.items():
        np.testing.assert_array_equal(getattr(tr, k), v)
    for k, v in gates.items():
        np.testing.assert_array_equal(tr.gates[k], v)


def test_lstm_without_forget_gate_has_no_forget_parameters():
    X, Y = problem("mse")
    m = model("lstm", forget_gate=False)
    assert not any(k.endswith("f") for k in m.params)
    assert m.recurrent_names == ("W_hi", "W_ho", "W_hc")
    res = m.loss_and_grads(X, Y)
    assert set(res.grads) == set(m.params)
    np.testing.assert_array_equal(res.trace.gates["f"], 1.0)


@pytest.mark.parametrize("cell", CELLS)
def test_contrib_long_float32_sequence_decays_to_zero_quietly(cell):
    X, Y = problem("mse", T=400, B=2)
    m = model(cell, dtype=np.float32, recurrent_scale=0.2)
    C = m.loss_and_grads(X, Y).trace.contrib
    assert np.isfinite(C).all() and C[-1, 0] == 0 and np.all(np.diag(C) > 0)


@pytest.mark.parametrize("cell", CELLS)
def test_recycled_buffers_never_touch_a_kept_trace(cell):
    # Large enough for the model's buffer pool; the second trace is dropped on purpose so
    # that the third call recycles its memory.
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((60, 16, 3)), rng.standard_normal((60, 16, 2))
    m = model(cell, input_size=3, hidden_size=40, output_size=2)
    expected = m.copy().loss_and_grads(X, Y)
    tr = m.loss_and_grads(X, Y).trace
    fields = ("hidden", "grad_hidden", "outputs", "cell", "grad_cell", "preact")
    kept = {k: getattr(tr, k).copy() for k in fields if getattr(tr, k) is not None}
    gates = {k: v.copy() for k, v in tr.gates.items()}
    for _ in range(3):
        m.loss_and_grads(X[::-1].copy(), Y)
    for k, v in kept.items():
        np.testing.assert_array_equal(getattr(tr, k), v)
    for k, v in gates.items():
        np.testing.assert_array_equal(tr.gates[k], v)
    np.testing.assert_array_equal(tr.contrib, expected.trace.contrib)
    for k, v in expected.trace.weight_grad_by_step.items():
        np.testing.assert_array_equal(tr.weight_grad_by_step[k], v)
