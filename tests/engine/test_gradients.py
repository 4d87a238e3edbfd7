"""Finite-difference checks of every gradient the engine returns."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import gradcheck

from .common import h0_for, mask_for, model, problem
from .reference import numeric_gradient, reference_run

CELLS = ("rnn", "lstm", "gru")
TRUNCATIONS = (None, 2, 100, ("random", 0.5))
TOL = 1e-6
# eps = 1e-5 balances round-off against truncation error best in float64 at these sizes.
EPS = 1e-5


@pytest.mark.parametrize("truncation", TRUNCATIONS, ids=str)
@pytest.mark.parametrize("h0", ("zeros", "random"))
@pytest.mark.parametrize("mask", ("none", "random", "last"))
@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("cell", CELLS)
def test_gradcheck_grid(cell, loss, mask, h0, truncation):
    X, Y = problem(loss)
    m = model(cell)
    err = gradcheck(
        m, X, Y, loss=loss, mask=mask_for(mask), truncation=truncation, h0=h0_for(cell, h0), eps=EPS
    )
    assert err <= TOL


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cell": "rnn", "activation": "relu"},
        {"cell": "lstm", "forget_gate": False},
        {"cell": "lstm", "forget_bias": 0.0, "init": "orthogonal"},
        {"cell": "gru", "init": "xavier"},
        {"cell": "rnn", "init": "identity", "recurrent_scale": 0.9},
    ],
    ids=str,
)
def test_gradcheck_variants(kwargs):
    kwargs = dict(kwargs)
    cell = kwargs.pop("cell")
    X, Y = problem("mse")
    m = model(cell, **kwargs)
    for truncation in (None, 3, ("random", 0.7)):
        assert gradcheck(m, X, Y, truncation=truncation, eps=EPS) <= TOL


def test_gradcheck_sampled_entries_and_leaves_model_alone():
    X, Y = problem("ce")
    m = model("lstm")
    before = m.state_dict()
    err = gradcheck(m, X, Y, loss="ce", truncation=("random", 0.5), max_checks=3, eps=EPS)
    assert err <= TOL
    after = m.state_dict()
    assert all(np.array_equal(before[k], after[k]) for k in before)


def test_gradcheck_of_float32_model_runs_in_float64():
    X, Y = problem("mse")
    m = model("gru", dtype=np.float32)
    assert gradcheck(m, X, Y, eps=EPS, max_checks=5) <= TOL


def test_gradcheck_detects_a_wrong_gradient(monkeypatch):
    X, Y = problem("mse")
    m = model("rnn")
    real = type(m)._param_grads

    def broken(self, *args):
        grads = real(self, *args)
        grads["W_hh"] = grads["W_hh"] * 1.01
        return grads

    monkeypatch.setattr(type(m), "_param_grads", broken)
    assert gradcheck(m, X, Y, eps=EPS) > 1e-3


def _reference_setup(cell, loss, truncation, mask_kind="random", h0_kind="random"):
    X, Y = problem(loss)
    m = model(cell)
    mask = mask_for(mask_kind)
    h0 = h0_for(cell, h0_kind)
    res = m.loss_and_grads(X, Y, loss=loss, mask=mask, truncation=truncation, h0=h0)
    tr = res.trace
    p = {k: v.copy() for k, v in m.params.items()}
    anchors = (tr.hidden, tr.cell)
    mask_arr = tr.mask
    c0 = tr.c0 if tr.c0 is not None else np.zeros_like(tr.h0)

    def run(**hooks):
        return reference_run(
            cell, p, tr.X, Y, loss, mask_arr, tr.h0, c0, xi=tr.xi, anchors=anchors, **hooks
        )

    return res, p, run


@pytest.mark.parametrize("truncation", TRUNCATIONS, ids=str)
@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("cell", CELLS)
def test_against_plain_reference(cell, loss, truncation):
    res, p, run = _reference_setup(cell, loss, truncation)
    tr = res.trace
    value, steps, hidden, cells = run()
    assert np.isclose(value, res.loss, rtol=1e-12)
    np.testing.assert_allclose(steps, tr.step_losses, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hidden, tr.hidden, rtol=1e-12, atol=1e-15)
    if cell == "lstm":
        np.testing.assert_allclose(cells, tr.cell, rtol=1e-12, atol=1e-15)
    # dloss/dh_t and dloss/dc_t: additive hooks on the states, differentiated numerically.
    hook = np.zeros_like(tr.hidden)
    num_h = numeric_gradient(lambda: run(hook_h=hook)[0], hook)
    np.testing.assert_allclose(tr.grad_hidden, num_h, rtol=1e-6, atol=1e-9)
    if cell == "lstm":
        hook_c = np.zeros_like(tr.hidden)
        num_c = numeric_gradient(lambda: run(hook_c=hook_c)[0], hook_c)
        np.testing.assert_allclose(tr.grad_cell, num_c, rtol=1e-6, atol=1e-9)
    # The parameter gradients against the plain reference, too.
    for name in ("W_hq", *sorted(k for k in p if k.startswith("W_h") and k != "W_hq")):
        num = numeric_gradient(lambda: run()[0], p[name])
        np.testing.assert_allclose(res.grads[name], num, rtol=1e-6, atol=1e-9)
