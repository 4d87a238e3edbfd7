"""Output-to-hidden recurrence: exact gradients in both training modes, and what they mean."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import Adam, gradcheck
from explorer.engine.output_recurrence import OutputRecurrentRNN

from .common import B, D, H, Q, T, mask_for, problem
from .reference import numeric_gradient

EPS, TOL = 1e-5, 1e-6


@pytest.mark.parametrize("truncation", (None, 2, ("random", 0.5)), ids=str)
@pytest.mark.parametrize("teacher_forcing", (False, True))
@pytest.mark.parametrize("mask", ("none", "random", "last"))
@pytest.mark.parametrize("loss", ("mse", "ce"))
def test_gradcheck(loss, mask, teacher_forcing, truncation):
    X, Y = problem(loss)
    m = OutputRecurrentRNN(D, H, Q, seed=1)
    o0 = np.random.default_rng(3).standard_normal((B, Q))
    err = gradcheck(
        m, X, Y, loss=loss, mask=mask_for(mask), truncation=truncation, eps=EPS,
        teacher_forcing=teacher_forcing, o0=o0,
    )  # fmt: skip
    assert err <= TOL


def test_gradcheck_relu_and_scaled_feedback():
    X, Y = problem("mse")
    m = OutputRecurrentRNN(D, H, Q, "relu", init="xavier", recurrent_scale=0.5, seed=2)
    assert gradcheck(m, X, Y, eps=EPS) <= TOL


@pytest.mark.parametrize("loss", ("mse", "ce"))
def test_grad_hidden_is_the_total_derivative(loss):
    X, Y = problem(loss)
    m = OutputRecurrentRNN(D, H, Q, seed=1)
    tr = m.loss_and_grads(X, Y, loss=loss).trace
    hook = np.zeros((T, B, H))

    def run():
        p = m.params
        out = np.zeros((T, B, Q))
        prev = np.zeros((B, Q))
        for t in range(T):
            h = np.tanh(X[t] @ p["W_xh"] + prev @ p["W_oh"] + p["b_h"]) + hook[t]
            out[t] = h @ p["W_hq"] + p["b_q"]
            if loss == "mse":
                prev = out[t]
            else:
                e = np.exp(out[t] - out[t].max(axis=1, keepdims=True))
                prev = e / e.sum(axis=1, keepdims=True)
        if loss == "mse":
            return float(((out - Y) ** 2).mean())
        logp = out - np.log(np.exp(out).sum(axis=2, keepdims=True))
        return float(-np.take_along_axis(logp, Y[:, :, None], axis=2).mean())

    assert np.isclose(run(), float(tr.step_losses.sum()), rtol=1e-12)
    np.testing.assert_allclose(tr.grad_hidden, numeric_gradient(run, hook), atol=1e-9)


def test_teacher_forcing_decouples_the_steps():
    X, Y = problem("mse")
    m = OutputRecurrentRNN(D, H, Q, seed=1)
    free = m.loss_and_grads(X, Y).trace
    forced = m.loss_and_grads(X, Y, teacher_forcing=True).trace
    assert forced.teacher_forcing and not free.teacher_forcing
    assert (forced.xi == 0).all() and (free.xi == 1).all()
    np.testing.assert_array_equal(forced.fed[1:], Y[:-1])
    np.testing.assert_array_equal(free.fed[1:], free.outputs[:-1])
    # Under teacher forcing no loss reaches an earlier state: contrib is diagonal.
    assert np.count_nonzero(forced.contrib - np.diag(np.diag(forced.contrib))) == 0
    assert np.tril(free.contrib, -1).max() > 0
    np.testing.assert_array_equal(forced.grad_outputs_total, forced.grad_outputs)
    np.testing.assert_allclose(m.forward(X), free.outputs, rtol=1e-12)
    assert set(forced.weight_grad_by_step) == {"W_xh", "W_oh", "W_hq"}


def test_teacher_forced_training_learns_a_running_sum():
    """y_t = y_{t-1} + x_t: fed the true y_{t-1}, one step is all the model needs."""
    rng = np.random.default_rng(0)
    m = OutputRecurrentRNN(1, 8, 1, seed=0)
    opt = Adam(m.params, lr=0.02)
    for _ in range(300):
        X = 0.3 * rng.standard_normal((6, 16, 1))
        Y = np.cumsum(X, axis=0)
        res = m.loss_and_grads(X, Y, teacher_forcing=True)
        opt.step(res.grads)
    assert res.loss < 0.01


def test_bad_input_names_the_problem():
    X, Y = problem("mse")
    m = OutputRecurrentRNN(D, H, Q, seed=1)
    with pytest.raises(ValueError, match="h0"):
        m.loss_and_grads(X, Y, h0=np.zeros((B, H)))
    with pytest.raises(ValueError, match="o0"):
        m.loss_and_grads(X, Y, o0=np.zeros((B, Q + 1)))
    with pytest.raises(ValueError, match="teacher_forcing"):
        m.loss_and_grads(X, Y, teacher_forcing=0.5)
    copy = OutputRecurrentRNN(**m.config())
    copy.load_state_dict(m.state_dict())
    assert copy.loss_and_grads(X, Y).loss == m.loss_and_grads(X, Y).loss


@pytest.mark.parametrize("loss", ("mse", "ce"))
def test_step_jacobian_is_the_derivative_through_the_fed_back_output(loss):
    X, _ = problem("mse")
    m = OutputRecurrentRNN(D, H, Q, seed=1)
    p = m.params
    t, b = 3, 1
    hidden = m.loss_and_grads(X, problem(loss)[1], loss=loss).trace.hidden

    def next_state(h_prev):
        o = h_prev @ p["W_hq"] + p["b_q"]
        fed = o if loss == "mse" else np.exp(o) / np.exp(o).sum()
        return np.tanh(X[t, b] @ p["W_xh"] + fed @ p["W_oh"] + p["b_h"])

    np.testing.assert_allclose(next_state(hidden[t - 1, b]), hidden[t, b], rtol=1e-12)
    h_prev = hidden[t - 1, b].copy()
    numeric = np.stack(
        [numeric_gradient(lambda i=i: next_state(h_prev)[i], h_prev) for i in range(H)]
    )
    np.testing.assert_allclose(m.step_jacobian(X, t, b, loss=loss), numeric, atol=1e-9)
    assert not m.step_jacobian(X, 0, b).any()
