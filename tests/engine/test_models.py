"""Model API: construction, determinism, persistence, forward, Jacobian, dtypes, overflow."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pytest

from explorer.engine import CELLS, GRU, LSTM, VanillaRNN, make_model

from .common import model, problem

EXPECTED_PARAMS = {
    "rnn": ["W_xh", "W_hh", "b_h", "W_hq", "b_q"],
    "lstm": [
        "W_xi",
        "W_hi",
        "b_i",
        "W_xf",
        "W_hf",
        "b_f",
        "W_xo",
        "W_ho",
        "b_o",
        "W_xc",
        "W_hc",
        "b_c",
        "W_hq",
        "b_q",
    ],
    "gru": ["W_xz", "W_hz", "b_z", "W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h", "W_hq", "b_q"],
}


@pytest.mark.parametrize("cell", CELLS)
def test_attributes_and_param_shapes(cell):
    m = make_model(cell, input_size=3, hidden_size=5, output_size=2, seed=0)
    assert m.cell == cell
    assert list(m.params) == EXPECTED_PARAMS[cell]
    for name, p in m.params.items():
        expected = {"W_x": (3, 5), "W_h": (5, 5)}.get(name[:3], (5,))
        if name == "W_hq":
            expected = (5, 2)
        elif name == "b_q":
            expected = (2,)
        assert p.shape == expected and p.dtype == np.float64
    assert m.default_recurrent in m.recurrent_names
    assert all(n in m.params for n in m.recurrent_names)
    assert isinstance(m.rng, np.random.Generator)


def test_lstm_forget_bias_and_recurrent_scale():
    a = LSTM(3, 4, 2, seed=0, forget_bias=0.0)
    b = LSTM(3, 4, 2, seed=0, forget_bias=1.0)
    np.testing.assert_allclose(b.params["b_f"] - a.params["b_f"], 1.0)
    c = LSTM(3, 4, 2, seed=0, forget_bias=0.0, recurrent_scale=2.0)
    np.testing.assert_allclose(c.params["W_hc"], 2 * a.params["W_hc"])
    np.testing.assert_array_equal(c.params["W_xc"], a.params["W_xc"])


def test_init_schemes():
    eye = VanillaRNN(3, 6, 2, init="identity", recurrent_scale=0.5, seed=0)
    np.testing.assert_array_equal(eye.params["W_hh"], 0.5 * np.eye(6))
    assert np.all(eye.params["b_h"] == 0)
    orth = GRU(3, 6, 2, init="orthogonal", seed=0)
    for name in orth.recurrent_names:
        np.testing.assert_allclose(orth.params[name] @ orth.params[name].T, np.eye(6), atol=1e-12)
    xav = VanillaRNN(3, 6, 2, init="xavier", seed=0)
    assert np.abs(xav.params["W_xh"]).max() <= np.sqrt(6 / 9)
    uni = VanillaRNN(3, 16, 2, seed=0)
    assert np.abs(uni.params["W_hh"]).max() <= 0.25


@pytest.mark.parametrize("cell", CELLS)
def test_same_seed_same_numbers(cell):
    X, Y = problem("mse")
    runs = []
    for _ in range(2):
        m = model(cell, seed=11)
        res = m.loss_and_grads(X, Y, truncation=("random", 0.5))
        runs.append((m.params, res))
    (p1, r1), (p2, r2) = runs
    assert all(np.array_equal(p1[k], p2[k]) for k in p1)
    assert r1.loss == r2.loss
    assert all(np.array_equal(r1.grads[k], r2.grads[k]) for k in r1.grads)
    np.testing.assert_array_equal(r1.trace.xi, r2.trace.xi)
    assert not np.array_equal(model(cell, seed=12).params["W_hq"], p1["W_hq"])


def test_only_randomized_truncation_consumes_rng():
    X, Y = problem("mse")
    m = model("rnn")
    before = m.rng.bit_generator.state
    m.loss_and_grads(X, Y)
    m.loss_and_grads(X, Y, truncation=2)
    m.forward(X)
    assert m.rng.bit_generator.state == before
    m.loss_and_grads(X, Y, truncation=("random", 0.5))
    assert m.rng.bit_generator.state != before


@pytest.mark.parametrize("cell", CELLS)
def test_config_copy_and_state_dict_roundtrip(cell, tmp_path):
    X, Y = problem("mse")
    m = model(cell, dtype=np.float32, init="xavier", recurrent_scale=1.5)
    cfg = m.config()
    assert json.loads(json.dumps(cfg)) == cfg
    rebuilt = type(m)(**cfg)
    assert all(np.array_equal(rebuilt.params[k], m.params[k]) for k in m.params)
    m.loss_and_grads(X, Y, truncation=("random", 0.5))  # moves the generator
    twin = m.copy()
    path = tmp_path / "model.npz"
    np.savez(path, **m.state_dict())
    other = make_model(cell, **{**cfg, "seed": 99})
    keep = other.params["W_hq"]
    with np.load(path, allow_pickle=False) as data:
        other.load_state_dict(data)
    assert other.params["W_hq"] is keep  # updated in place: optimizers keep working
    a = twin.loss_and_grads(X, Y, truncation=("random", 0.5))
    b = other.loss_and_grads(X, Y, truncation=("random", 0.5))
    np.testing.assert_array_equal(a.trace.xi, b.trace.xi)
    assert a.loss == b.loss


def test_load_state_dict_rejects_bad_input_without_changes():
    m = model("gru")
    state = m.state_dict()
    before = {k: v.copy() for k, v in m.params.items()}
    bad = dict(state, W_hh=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="W_hh"):
        m.load_state_dict(bad)
    missing = {k: v for k, v in state.items() if k != "b_z"}
    with pytest.raises(ValueError, match="b_z"):
        m.load_state_dict(missing)
    with pytest.raises(ValueError, match="rng_state"):
        m.load_state_dict(dict(state, W_hh=state["W_hh"] + 1, rng_state=np.zeros(3, np.uint8)))
    assert all(np.array_equal(before[k], m.params[k]) for k in before)


@pytest.mark.parametrize("cell", CELLS)
def test_forward_matches_trace_and_chains_step_by_step(cell):
    X, Y = problem("mse")
    m = model(cell)
    res = m.loss_and_grads(X, Y)
    out, final = m.forward(X)
    np.testing.assert_allclose(out, res.trace.outputs, rtol=1e-13)
    state = None
    for t in range(len(X)):
        o, state = m.forward(X[t : t + 1], h0=state)
        np.testing.assert_allclose(o[0], out[t], rtol=1e-12, atol=1e-15)
    if cell == "lstm":
        assert isinstance(final, tuple) and len(final) == 2
        np.testing.assert_allclose(final[1], res.trace.cell[-1])
        np.testing.assert_allclose(state[0], final[0])
    else:
        assert isinstance(final, np.ndarray)
        np.testing.assert_allclose(state, final)
    np.testing.assert_allclose(res.trace.hidden[-1], final[0] if cell == "lstm" else final)


@pytest.mark.parametrize("cell", CELLS)
def test_step_jacobian_against_finite_differences(cell):
    X, _ = problem("mse")
    m = model(cell)
    t, b = 3, 1
    J = m.step_jacobian(X, t, b=b)
    tr = m.loss_and_grads(X, problem("mse")[1]).trace
    state = [tr.hidden[t - 1, b : b + 1].copy()]
    if cell == "lstm":
        state.append(tr.cell[t - 1, b : b + 1].copy())
    eps = 1e-6
    num = np.zeros_like(J)
    for j in range(m.hidden_size):
        cols = []
        for sign in (1, -1):
            s = [x.copy() for x in state]
            s[0][0, j] += sign * eps
            (h, *_), _ = m.step_forward(X[t, b : b + 1], tuple(s))
            cols.append(h[0])
        num[:, j] = (cols[0] - cols[1]) / (2 * eps)
    np.testing.assert_allclose(J, num, rtol=1e-6, atol=1e-9)
    if cell == "rnn":
        a = tr.preact[t, b]
        np.testing.assert_allclose(J, (1 - np.tanh(a) ** 2)[:, None] * m.params["W_hh"].T)


@pytest.mark.parametrize("cell", CELLS)
def test_float32_runs_and_stays_finite(cell):
    X, Y = problem("ce")
    m = model(cell, dtype=np.float32)
    res = m.loss_and_grads(X, Y, loss="ce", truncation=("random", 0.5))
    assert res.finite
    assert all(g.dtype == np.float32 for g in res.grads.values())
    assert res.trace.hidden.dtype == np.float32
    ref = model(cell).loss_and_grads(X, Y, loss="ce", truncation=("random", 0.5))
    assert np.isclose(res.loss, ref.loss, rtol=1e-5)
    out, _ = m.forward(X)
    assert out.dtype == np.float32


@pytest.mark.parametrize("cell", CELLS)
def test_overflow_gives_non_finite_without_warnings(cell):
    X, Y = problem("mse", T=30)
    X = X * 1e3
    kwargs = {"activation": "relu"} if cell == "rnn" else {}
    m = model(cell, recurrent_scale=1e30, init="identity", **kwargs)
    m.params["W_hq"][...] = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = m.loss_and_grads(X, Y)
        _ = res.trace.contrib, res.trace.weight_grad_by_step
        m.forward(X)
    assert res.finite is False


def test_engine_imports_only_numpy_and_stdlib():
    code = (
        "import sys, explorer.engine\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('torch', 'scipy', 'PySide6', 'pyqtgraph', 'explorer_tasks')]\n"
        "ours = [m for m in sys.modules if m.startswith('explorer.') "
        "and not m.startswith('explorer.engine')]\n"
        "print(bad + ours)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
