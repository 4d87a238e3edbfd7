"""Stacked and bidirectional models: exact gradients, layer traces, lengths, plumbing."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import (
    GRU,
    LSTM,
    Adam,
    StackedRNN,
    StackedTrace,
    VanillaRNN,
    gradcheck,
    make_model,
)

from .reference import numeric_gradient

CELLS = ("rnn", "lstm", "gru")
LAYOUTS = ((2, False), (1, True), (2, True))
T, B, D, H, Q = 4, 2, 2, 3, 3
EPS, TOL = 1e-5, 1e-6


def _problem(loss, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((T, B, D))
    Y = rng.standard_normal((T, B, Q)) if loss == "mse" else rng.integers(0, Q, (T, B))
    return X, Y


def _model(cell, layers, bi, **kw):
    kw = {"input_size": D, "hidden_size": H, "output_size": Q, "seed": 3, **kw}
    return make_model(cell, num_layers=layers, bidirectional=bi, **kw)


def _h0(cell, layers, bi):
    rng = np.random.default_rng(9)
    out = []
    for _ in range(layers * (2 if bi else 1)):
        h = 0.5 * rng.standard_normal((B, H))
        out.append((h, 0.5 * rng.standard_normal((B, H))) if cell == "lstm" else h)
    return out


def test_one_layer_one_direction_is_the_plain_class():
    assert type(_model("rnn", 1, False)) is VanillaRNN
    assert type(_model("lstm", 1, False)) is LSTM
    assert type(_model("gru", 1, False)) is GRU
    m = _model("gru", 2, True)
    assert isinstance(m, StackedRNN)
    assert "l0.W_xz" in m.params and "l1r.W_hh" in m.params
    assert m.params["l1.W_xz"].shape == (2 * H, H)
    assert m.params["W_hq"].shape == (2 * H, Q)
    with pytest.raises(ValueError, match="num_layers"):
        _model("rnn", 0, False)
    with pytest.raises(ValueError, match="bidirectional"):
        _model("rnn", 2, "yes")


@pytest.mark.parametrize("truncation", (None, 2, ("random", 0.5)), ids=str)
@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("cell", CELLS)
def test_gradcheck_grid(cell, loss, truncation):
    """Two bidirectional layers, a mask, random h0: a few entries of every parameter."""
    X, Y = _problem(loss)
    m = _model(cell, 2, True)
    mask = np.array([[1, 0], [1, 1], [0, 1], [1, 0]])
    h0 = _h0(cell, 2, True)
    err = gradcheck(
        m, X, Y, loss=loss, mask=mask, truncation=truncation, h0=h0, eps=EPS, max_checks=3
    )
    assert err <= TOL


@pytest.mark.parametrize("layout", LAYOUTS, ids=str)
@pytest.mark.parametrize("cell", CELLS)
def test_gradcheck_every_entry(cell, layout):
    X, Y = _problem("mse")
    m = _model(cell, *layout)
    assert gradcheck(m, X, Y, truncation=2, h0=_h0(cell, *layout), eps=EPS) <= TOL


@pytest.mark.parametrize("cell", CELLS)
def test_gradcheck_with_lengths_and_cell_options(cell):
    X, Y = _problem("ce")
    options = {"rnn": {"activation": "relu"}, "lstm": {"forget_gate": False}, "gru": {}}[cell]
    m = _model(cell, 2, True, init="orthogonal", **options)
    lengths = np.array([4, 2])
    assert gradcheck(m, X, Y, loss="ce", truncation=3, lengths=lengths, eps=EPS) <= TOL


def test_gradcheck_notices_a_wrong_layer_gradient(monkeypatch):
    X, Y = _problem("mse")
    m = _model("rnn", 2, True)
    real = VanillaRNN._param_grads

    def broken(self, *args):
        grads = real(self, *args)
        grads["W_xh"] = grads["W_xh"] * 1.01
        return grads

    monkeypatch.setattr(VanillaRNN, "_param_grads", broken)
    assert gradcheck(m, X, Y, eps=EPS) > 1e-3


@pytest.mark.parametrize("truncation", (None, 2))
@pytest.mark.parametrize("cell", CELLS)
def test_every_layer_grad_hidden_and_grad_input_are_exact(cell, truncation):
    X, Y = _problem("mse")
    m = _model(cell, 2, True)
    lengths = np.array([4, 3])
    res = m.loss_and_grads(X, Y, truncation=truncation, lengths=lengths)
    tr = res.trace
    for key, lt in tr.layers.items():
        hook = np.zeros((T, B, H))

        def loss(key=key, hook=hook):
            return m.surrogate_loss(tr, Y, "mse", lengths=lengths, hooks={key: hook})

        np.testing.assert_allclose(lt.grad_hidden, numeric_gradient(loss, hook), atol=1e-9)
    # dL/dX = what layer 0 sends down, both directions summed (exact BPTT only).
    if truncation is None:
        Xv = tr.X.copy()
        grad_x = numeric_gradient(lambda: m.loss_and_grads(Xv, Y, lengths=lengths).loss, Xv)
        sent = tr.layers[(0, "forward")].grad_input + tr.layers[(0, "reverse")].grad_input
        np.testing.assert_allclose(sent, grad_x, atol=1e-9)
    # Layer 1 reads layer 0's directions side by side, and sends its gradient back.
    below = np.concatenate([tr.layers[(0, d)].hidden for d in ("forward", "reverse")], axis=2)
    np.testing.assert_array_equal(tr.layers[(1, "forward")].X, below)
    from_above = tr.layers[(1, "forward")].grad_input + tr.layers[(1, "reverse")].grad_input
    np.testing.assert_allclose(tr.layers[(0, "reverse")].grad_local, from_above[:, :, H:])


def test_trace_top_level_is_the_top_layer_side_by_side():
    X, Y = _problem("mse")
    m = _model("lstm", 2, True)
    tr = m.loss_and_grads(X, Y).trace
    assert isinstance(tr, StackedTrace)
    assert set(tr.layers) == {(lay, d) for lay in (0, 1) for d in ("forward", "reverse")}
    fwd, rev = tr.layers[(1, "forward")], tr.layers[(1, "reverse")]
    np.testing.assert_array_equal(tr.hidden, np.concatenate([fwd.hidden, rev.hidden], axis=2))
    np.testing.assert_array_equal(tr.grad_hidden[:, :, H:], rev.grad_hidden)
    np.testing.assert_array_equal(tr.gates["f"][:, :, :H], fwd.gates["f"])
    assert tr.cell.shape == (T, B, 2 * H)
    assert fwd.param_names[0].startswith("l1.") and rev.param_names[0].startswith("l1r.")
    assert m.layer_keys() == list(tr.layers) and m.directions == 2
    assert m.layer_param_names(1, "reverse") == rev.param_names
    # contrib: forward lower-triangular, reverse upper, the top combines both.
    assert np.allclose(np.triu(fwd.contrib, 1), 0.0) and np.allclose(np.tril(rev.contrib, -1), 0)
    np.testing.assert_allclose(tr.contrib, np.hypot(fwd.contrib, rev.contrib))
    names = set(tr.weight_grad_by_step)
    assert {"l0.W_xi", "l1r.W_hc", "W_hq"} <= names
    assert all(v.shape == (T,) for v in tr.weight_grad_by_step.values())


def test_contrib_and_weight_terms_of_the_reverse_direction_mirror_the_forward_one():
    """A bidirectional layer on X equals one on X reversed with its directions swapped."""
    X, Y = _problem("mse")
    m = _model("gru", 1, True)
    mirror = m.copy()
    for name in ("W_xz", "W_hz", "b_z", "W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h"):
        mirror.params[f"l0.{name}"][...] = m.params[f"l0r.{name}"]
        mirror.params[f"l0r.{name}"][...] = m.params[f"l0.{name}"]
    mirror.params["W_hq"][...] = np.concatenate([m.params["W_hq"][H:], m.params["W_hq"][:H]])
    a = m.loss_and_grads(X, Y).trace
    b = mirror.loss_and_grads(X[::-1], Y[::-1]).trace
    fa, ra = a.layers[(0, "forward")], a.layers[(0, "reverse")]
    fb, rb = b.layers[(0, "forward")], b.layers[(0, "reverse")]
    np.testing.assert_allclose(ra.hidden, fb.hidden[::-1], atol=1e-14)
    np.testing.assert_allclose(ra.grad_hidden, fb.grad_hidden[::-1], atol=1e-14)
    np.testing.assert_allclose(ra.contrib, fb.contrib[::-1, ::-1], atol=1e-14)
    np.testing.assert_allclose(fa.contrib, rb.contrib[::-1, ::-1], atol=1e-14)
    wa, wb = ra.weight_grad_by_step["l0r.W_hh"], fb.weight_grad_by_step["l0.W_hh"]
    np.testing.assert_allclose(wa, wb[::-1], atol=1e-14)


@pytest.mark.parametrize("cell", CELLS)
def test_one_layer_stack_matches_the_plain_model(cell):
    X, Y = _problem("ce")
    plain = make_model(cell, input_size=D, hidden_size=H, output_size=Q, seed=4)
    stack = StackedRNN(cell, D, H, Q, num_layers=1, bidirectional=False, seed=4)
    for name, p in plain.params.items():
        stack.params[name if name in ("W_hq", "b_q") else f"l0.{name}"][...] = p
    a = plain.loss_and_grads(X, Y, loss="ce", truncation=("random", 0.5))
    b = stack.loss_and_grads(X, Y, loss="ce", truncation=("random", 0.5))
    assert a.loss == b.loss
    for name, g in a.grads.items():
        np.testing.assert_array_equal(g, b.grads[name if name in ("W_hq", "b_q") else f"l0.{name}"])
    np.testing.assert_array_equal(a.trace.xi, b.trace.xi)
    np.testing.assert_array_equal(a.trace.grad_hidden, b.trace.grad_hidden)
    np.testing.assert_allclose(a.trace.contrib, b.trace.contrib, rtol=1e-12)
    J = plain.step_jacobian(X, 2, b=1)
    np.testing.assert_array_equal(J, stack.step_jacobian(X, 2, b=1))


def test_padding_never_reaches_valid_steps():
    X, _ = _problem("mse")
    m = _model("lstm", 2, True)
    lengths = np.array([4, 2])
    noisy = X.copy()
    noisy[2:, 1] += 5.0
    out_a, final_a = m.forward(X, lengths=lengths)
    out_b, final_b = m.forward(noisy, lengths=lengths)
    np.testing.assert_allclose(out_a[:2, 1], out_b[:2, 1], atol=1e-15)
    # The reverse direction of example 1 starts at its last valid step x_1.
    for (h_a, _), (h_b, _) in zip(final_a, final_b, strict=True):
        np.testing.assert_allclose(h_a[1], h_b[1], atol=1e-15)
    with pytest.raises(ValueError, match="lengths"):
        m.forward(X, lengths=np.array([5, 1]))


def test_forward_matches_loss_pass_and_state_round_trip():
    X, Y = _problem("mse")
    m = _model("rnn", 2, True)
    out, finals = m.forward(X)
    tr = m.loss_and_grads(X, Y).trace
    np.testing.assert_allclose(out, tr.outputs)
    assert len(finals) == 4
    for a, b in zip(finals, m.final_state(tr), strict=True):
        np.testing.assert_array_equal(a, b)
    # A carried state (one direction): two halves, the state handed over, give the whole.
    uni = _model("lstm", 2, False)
    whole, _ = uni.forward(X)
    carried = uni.final_state(uni.loss_and_grads(X[:2], Y[:2]).trace)
    second, _ = uni.forward(X[2:], h0=carried)
    np.testing.assert_allclose(second, whole[2:], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(finals[3], tr.layers[(1, "reverse")].hidden[0])
    copy = StackedRNN(**m.config())
    copy.params["W_hq"] += 1.0
    copy.load_state_dict(m.state_dict())
    assert copy.loss_and_grads(X, Y).loss == m.loss_and_grads(X, Y).loss
    with pytest.raises(ValueError, match=r"l0\.W_xh"):
        copy.load_state_dict({k: v for k, v in m.state_dict().items() if k != "l0.W_xh"})
    with pytest.raises(ValueError, match="h0"):
        m.loss_and_grads(X, Y, h0=[np.zeros((B, H))])


def test_reverse_step_jacobian_is_the_reverse_core_one():
    X, _ = _problem("mse")
    m = _model("rnn", 1, True)
    J = m.step_jacobian(X, 1, direction="reverse")
    core = m.stack.cores[(0, 1)]
    np.testing.assert_array_equal(J, core.step_jacobian(X[::-1].copy(), T - 2))
    with pytest.raises(ValueError, match="direction"):
        m.step_jacobian(X, 1, direction="sideways")


def test_float32_model_and_copy_keep_their_own_weights():
    X, Y = _problem("mse")
    m = _model("gru", 2, True, dtype=np.float32)
    res = m.loss_and_grads(X, Y)
    assert res.trace.hidden.dtype == np.float32 and res.grads["l1r.W_hh"].dtype == np.float32
    assert res.trace.layers[(0, "reverse")].grad_input.dtype == np.float32
    assert gradcheck(m, X, Y, eps=EPS, max_checks=2) <= 1e-3  # float32 weights, float64 check
    twin = m.copy()
    twin.params["l0r.W_hh"] += 1.0
    assert twin.stack.cores[(0, 1)].params["W_hh"] is twin.params["l0r.W_hh"]
    assert not np.array_equal(twin.params["l0r.W_hh"], m.params["l0r.W_hh"])
    assert twin.loss_and_grads(X, Y).loss != res.loss


def test_bad_arguments_name_the_argument():
    X, Y = _problem("mse")
    m = _model("lstm", 2, True)
    with pytest.raises(ValueError, match="lengths"):
        m.loss_and_grads(X, Y, lengths=np.array([1.5, 2.0]))
    with pytest.raises(ValueError, match="h0"):
        m.loss_and_grads(X, Y, h0=[np.zeros((B, H))] * 4)  # LSTM states need (h, c)
    with pytest.raises(ValueError, match="layer"):
        m.step_jacobian(X, 1, layer=2)
    with pytest.raises(ValueError, match="X"):
        m.loss_and_grads(X[:, :, :1], Y)
    with pytest.raises(ValueError, match="cell"):
        StackedRNN("tcn", D, H, Q)
    before = m.state_dict()
    with pytest.raises(ValueError, match="truncation"):
        m.loss_and_grads(X, Y, truncation=0)
    assert all(np.array_equal(before[k], v) for k, v in m.state_dict().items())


def test_overflow_is_reported_not_raised():
    X, Y = _problem("mse")
    m = _model("lstm", 2, True)
    for p in m.params.values():
        p *= 1e200
    res = m.loss_and_grads(X, Y)
    assert not res.finite
    res.trace.contrib, res.trace.weight_grad_by_step  # noqa: B018 — computed without warnings
    res.trace.layers[(0, "forward")].grad_input  # noqa: B018


def _marker_later_batch(rng, T=10, B=32):
    """Tag each step 1 when a marker (feature 0) appears at a later step: needs the future."""
    marker = rng.random((T, B)) < 0.1
    X = np.zeros((T, B, 2))
    X[:, :, 0] = marker
    X[:, :, 1] = 0.5 * rng.standard_normal((T, B))
    later = np.flip(np.cumsum(np.flip(marker, 0), 0), 0) - marker > 0
    return X, later.astype(np.int64)


@pytest.mark.parametrize("seed", (0, 1))
def test_the_reverse_direction_learns_what_lies_ahead(seed):
    accuracy = {}
    for bi in (False, True):
        rng = np.random.default_rng(seed)
        m = make_model(
            "gru", input_size=2, hidden_size=8, output_size=2, bidirectional=bi, seed=seed
        )
        opt = Adam(m.params, lr=0.03)
        for _ in range(150):
            X, Y = _marker_later_batch(rng)
            opt.step(m.loss_and_grads(X, Y, loss="ce").grads)
        X, Y = _marker_later_batch(np.random.default_rng(99), B=256)
        accuracy[bi] = (m.forward(X)[0].argmax(axis=2) == Y).mean()
    assert accuracy[True] > 0.97 and accuracy[False] < 0.8


ONE_LOOP = (
    ("lstm", {}),
    ("lstm", {"forget_gate": False}),
    ("rnn", {}),
    ("rnn", {"activation": "relu"}),
    ("gru", {}),
)


@pytest.mark.parametrize(("cell", "options"), ONE_LOOP, ids=str)
@pytest.mark.parametrize("truncation", (None, 2))
def test_directions_in_one_loop_match_direction_by_direction(
    monkeypatch, truncation, cell, options
):
    """Without lengths, a bidirectional layer runs both directions in one loop
    (lstm_pair.py, rnn_pair.py, gru_pair.py): the same numbers, trace included, as running
    them one after the other."""
    from explorer.engine.layer_stack import LayerStack

    X, Y = _problem("mse")
    m = _model(cell, 2, True, **options)
    h0 = _h0(cell, 2, True)
    paired = m.loss_and_grads(X, Y, truncation=truncation, h0=h0)
    monkeypatch.setattr(LayerStack, "_paired", lambda self, lengths: False)
    apart = m.loss_and_grads(X, Y, truncation=truncation, h0=h0)
    assert paired.loss == apart.loss
    for name, g in paired.grads.items():
        np.testing.assert_array_equal(g, apart.grads[name], err_msg=name)
    for key, lt in paired.trace.layers.items():
        other = apart.trace.layers[key]
        fields = ("X", "hidden", "cell", "preact", "grad_local", "grad_hidden", "grad_cell")
        for field in fields:
            np.testing.assert_array_equal(getattr(lt, field), getattr(other, field), field)
        for gate, value in lt.gates.items():
            np.testing.assert_array_equal(value, other.gates[gate], gate)
        np.testing.assert_array_equal(lt.grad_input, other.grad_input)
        np.testing.assert_allclose(lt.contrib, other.contrib, rtol=1e-12)
        for name, value in lt.weight_grad_by_step.items():
            np.testing.assert_allclose(value, other.weight_grad_by_step[name], rtol=1e-12)
    np.testing.assert_allclose(paired.trace.contrib, apart.trace.contrib, rtol=1e-12)


@pytest.mark.parametrize("cell", CELLS)
def test_one_loop_grad_hidden_is_exact(cell):
    """Every layer's dL/dh_t of a one-loop bidirectional model, by finite differences."""
    X, Y = _problem("mse")
    m = _model(cell, 2, True)
    tr = m.loss_and_grads(X, Y, h0=_h0(cell, 2, True)).trace
    for key, lt in tr.layers.items():
        hook = np.zeros((T, B, H))

        def loss(key=key, hook=hook):
            return m.surrogate_loss(tr, Y, "mse", hooks={key: hook})

        np.testing.assert_allclose(lt.grad_hidden, numeric_gradient(loss, hook), atol=1e-9)
