"""The listings shown beside the animation compute the engine's numbers, line for line."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import Adam, clip_grad_norm, make_model
from explorer.session.snapshot import Phase
from explorer.teaching.code_listing import CELLS, highlighted_lines, listing

T, B, D, H, Q = 7, 3, 2, 5, 2


def close(a, b, tol=1e-10) -> bool:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and np.max(np.abs(a - b)) <= tol * max(1.0, np.max(np.abs(b)))


def batch(seed: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(T, B, D))
    Y = rng.normal(size=(T, B, Q))
    mask = (rng.random((T, B)) < 0.8).astype(np.float64)
    mask[-1] = 1.0
    return X, Y, mask


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("truncation", [None, 3])
def test_listing_gives_the_engine_trace(cell: str, truncation: int | None) -> None:
    model = make_model(
        cell, input_size=D, hidden_size=H, output_size=Q, seed=1, recurrent_scale=1.5
    )
    X, Y, mask = batch()
    res = model.loss_and_grads(X, Y, loss="mse", mask=mask, truncation=truncation)
    code = listing(cell).namespace()
    p = {k: v.copy() for k, v in model.params.items()}
    # The forward step, run alone, gives the engine's hidden states.
    state = tuple(np.zeros((B, H)) for _ in range(2 if cell == "lstm" else 1))
    for t in range(T):
        state, _ = code[f"{cell}_step"](X[t], state, p)
        assert close(state[0], res.trace.hidden[t])
        if cell == "lstm":
            assert close(state[1], res.trace.cell[t])
    loss, grads = code["bptt"](p, X, Y, mask, res.trace.xi)
    assert abs(loss - res.loss) <= 1e-10 * abs(res.loss)
    assert set(grads) == set(res.grads)
    for name, g in res.grads.items():
        assert close(grads[name], g), name


@pytest.mark.parametrize("cell", CELLS)
def test_listing_training_step_matches_engine_with_ce_clipping_and_adam(cell: str) -> None:
    model = make_model(cell, input_size=D, hidden_size=H, output_size=3, seed=2)
    X, _, mask = batch()
    y = np.random.default_rng(5).integers(0, 3, size=(T, B))
    p = {k: v.copy() for k, v in model.params.items()}
    code = listing(cell, loss="ce", optimizer="adam", clipping="norm").namespace(lr=0.05, clip=0.5)
    opt_state: dict = {}
    adam = Adam(model.params, lr=0.05)
    for _ in range(3):
        res = model.loss_and_grads(X, y, loss="ce", mask=mask)
        clip_grad_norm(res.grads, 0.5)
        adam.step(res.grads)
        loss = code["train_step"](p, opt_state, X, y, mask, np.ones(T))
        assert abs(loss - res.loss) <= 1e-10 * abs(res.loss)
    for name, value in model.params.items():
        assert close(p[name], value), name


def test_relu_listing_runs_relu() -> None:
    model = make_model("rnn", input_size=D, hidden_size=H, output_size=Q, seed=4, activation="relu")
    X, Y, mask = batch()
    res = model.loss_and_grads(X, Y, mask=mask)
    code = listing("rnn", activation="relu")
    assert any("np.maximum" in line for line in code.lines)
    loss, grads = code.namespace()["bptt"](model.params, X, Y, mask, np.ones(T))
    assert abs(loss - res.loss) <= 1e-10 * res.loss
    assert close(grads["W_hh"], res.grads["W_hh"])


def test_highlighted_lines_follow_the_phase_and_cursor() -> None:
    code = listing("lstm", optimizer="momentum", clipping="value")
    lines = code.lines

    def shown(phase: Phase, t: int) -> list[str]:
        return [lines[n].strip() for n in sorted(highlighted_lines(code, phase, t, T))]

    assert any("c = f * c_prev" in s for s in shown(Phase.FORWARD, 3))
    assert any(s.startswith("state = tuple(np.zeros") for s in shown(Phase.FORWARD, 1))
    assert not any(s.startswith("state = tuple(np.zeros") for s in shown(Phase.FORWARD, 2))
    assert any("loss_and_dout(out" in s for s in shown(Phase.LOSS, T))
    backward_last = shown(Phase.BACKWARD, T)
    assert any("dH = dout" in s for s in backward_last)
    assert not any("dH = dout" in s for s in shown(Phase.BACKWARD, 2))
    assert any("dc * f" in s for s in shown(Phase.BACKWARD, 2))
    assert any("np.clip" in s for s in shown(Phase.UPDATE, 1))
    assert highlighted_lines(code, Phase.IDLE, 0, T) == set()
    # The shown lines carry no tag comments.
    assert not any("# @" in line for line in lines)


def test_unknown_names_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="cell must be one of"):
        listing("transformer")
    with pytest.raises(ValueError, match="optimizer must be one of"):
        listing("rnn", optimizer="lbfgs")


def test_lstm_without_forget_gate_listing_matches_the_engine() -> None:
    model = make_model(
        "lstm", input_size=D, hidden_size=H, output_size=Q, seed=6, forget_gate=False
    )
    X, Y, mask = batch()
    res = model.loss_and_grads(X, Y, mask=mask, truncation=2)
    code = listing("lstm", forget_gate=False)
    assert not any('"W_xf"' in line for line in code.lines)
    loss, grads = code.namespace()["bptt"](model.params, X, Y, mask, res.trace.xi)
    assert abs(loss - res.loss) <= 1e-10 * res.loss
    assert set(grads) == set(res.grads)
    for name, g in res.grads.items():
        assert close(grads[name], g), name
