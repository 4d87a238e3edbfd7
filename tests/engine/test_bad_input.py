"""Malformed arguments raise ValueError naming the argument, and change nothing."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import (
    LSTM,
    Adam,
    VanillaRNN,
    clip_grad_norm,
    clip_grad_value,
    gradcheck,
    make_model,
)

from .common import model, problem


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"input_size": 0}, "input_size"),
        ({"hidden_size": -3}, "hidden_size"),
        ({"output_size": 2.5}, "output_size"),
        ({"hidden_size": True}, "hidden_size"),
        ({"init": "he"}, "init"),
        ({"recurrent_scale": float("nan")}, "recurrent_scale"),
        ({"dtype": np.int32}, "dtype"),
        ({"dtype": "float16"}, "dtype"),
        ({"seed": -1}, "seed"),
        ({"activation": "sigmoid"}, "activation"),
    ],
)
def test_bad_constructor_arguments(kwargs, word):
    full = {"input_size": 3, "hidden_size": 4, "output_size": 2, **kwargs}
    with pytest.raises(ValueError, match=word):
        VanillaRNN(**full)


def test_bad_lstm_and_factory_arguments():
    with pytest.raises(ValueError, match="forget_bias"):
        LSTM(3, 4, 2, forget_bias=float("inf"))
    with pytest.raises(ValueError, match="forget_gate"):
        LSTM(3, 4, 2, forget_gate="no")
    with pytest.raises(ValueError, match="cell"):
        make_model("transformer", input_size=3, hidden_size=4, output_size=3)


def _bad_calls():
    X, Y = problem("mse")
    _, y = problem("ce")
    T, B, D = X.shape
    nan_X = X.copy()
    nan_X[1, 1, 1] = np.nan
    inf_Y = Y.copy()
    inf_Y[0, 0, 0] = np.inf
    big = y.copy()
    big[2, 1] = 99
    return [
        ({"X": X[:, :, :2]}, "X"),
        ({"X": X[0]}, "X"),
        ({"X": np.zeros((0, B, D))}, "X"),
        ({"X": X.astype(complex)}, "X"),
        ({"X": X.astype(str)}, "X"),
        ({"X": nan_X}, "X"),
        ({"Y": Y[:, :, :1]}, "Y"),
        ({"Y": inf_Y}, "Y"),
        ({"Y": y}, "Y"),  # classes given to the mse loss
        ({"Y": Y, "loss": "ce"}, "Y"),  # floats given to the ce loss
        ({"Y": big, "loss": "ce"}, "Y"),
        ({"Y": -y - 1, "loss": "ce"}, "Y"),
        ({"loss": "hinge"}, "loss"),
        ({"mask": np.ones((T, B + 1))}, "mask"),
        ({"mask": np.full((T, B), 0.5)}, "mask"),
        ({"mask": np.zeros((T, B))}, "mask"),
        ({"truncation": 0}, "truncation"),
        ({"truncation": -2}, "truncation"),
        ({"truncation": True}, "truncation"),
        ({"truncation": 2.5}, "truncation"),
        ({"truncation": ("random", 0.0)}, "truncation"),
        ({"truncation": ("random", 1.5)}, "truncation"),
        ({"truncation": ("fixed", 0.5)}, "truncation"),
        ({"h0": np.zeros((B, 7))}, "h0"),
        ({"h0": np.full((B, 4), np.nan)}, "h0"),
    ]


@pytest.mark.parametrize("cell", ("rnn", "lstm"))
@pytest.mark.parametrize("case", range(len(_bad_calls())))
def test_bad_loss_and_grads_arguments(cell, case):
    X, Y = problem("mse")
    kwargs, word = _bad_calls()[case]
    call = {"X": X, "Y": Y, "loss": "mse", **kwargs}
    if cell == "lstm" and "h0" in kwargs:
        call["h0"] = (kwargs["h0"], np.zeros_like(kwargs["h0"]))
    m = model(cell)
    params = {k: v.copy() for k, v in m.params.items()}
    rng_state = m.rng.bit_generator.state
    with pytest.raises(ValueError, match=word):
        m.loss_and_grads(call.pop("X"), call.pop("Y"), **call)
    assert all(np.array_equal(params[k], m.params[k]) for k in params)
    assert m.rng.bit_generator.state == rng_state


def test_lstm_needs_a_state_tuple():
    X, Y = problem("mse")
    m = model("lstm")
    with pytest.raises(ValueError, match="h0"):
        m.loss_and_grads(X, Y, h0=np.zeros((X.shape[1], 4)))
    with pytest.raises(ValueError, match="h0"):
        m.forward(X, h0=(np.zeros((X.shape[1], 4)),))


def test_masked_out_class_labels_are_ignored():
    X, y = problem("ce")
    mask = np.ones(y.shape)
    mask[0] = 0
    y = y.copy()
    y[0] = -1  # padding, masked out
    res = model("gru").loss_and_grads(X, y, loss="ce", mask=mask)
    assert res.finite and res.trace.step_losses[0] == 0


def test_bad_forward_jacobian_and_gradcheck_arguments():
    X, Y = problem("mse")
    m = model("gru")
    with pytest.raises(ValueError, match="X"):
        m.forward(X[..., :1])
    with pytest.raises(ValueError, match="t must"):
        m.step_jacobian(X, len(X))
    with pytest.raises(ValueError, match="b must"):
        m.step_jacobian(X, 0, b=-1)
    with pytest.raises(ValueError, match="eps"):
        gradcheck(m, X, Y, eps=0.0)
    with pytest.raises(ValueError, match="max_checks"):
        gradcheck(m, X, Y, max_checks=0)


def test_bad_optimizer_and_clipping_arguments():
    m = model("rnn")
    with pytest.raises(ValueError, match="lr"):
        Adam(m.params, lr=0)
    with pytest.raises(ValueError, match="betas"):
        Adam(m.params, lr=0.1, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="eps"):
        Adam(m.params, lr=0.1, eps=-1)
    opt = Adam(m.params, lr=0.1)
    with pytest.raises(ValueError, match="W_hh"):
        opt.step({k: np.zeros_like(v) for k, v in m.params.items() if k != "W_hh"})
    bad = {k: np.zeros_like(v) for k, v in m.params.items()}
    bad["b_q"] = np.zeros(7)
    before = {k: v.copy() for k, v in m.params.items()}
    with pytest.raises(ValueError, match="b_q"):
        opt.step(bad)
    assert all(np.array_equal(before[k], m.params[k]) for k in before)
    assert opt.steps == 0
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm(bad, 0.0)
    with pytest.raises(ValueError, match="clip"):
        clip_grad_value(bad, -1.0)
