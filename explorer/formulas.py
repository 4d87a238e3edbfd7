"""The formulas the lessons show, each with a numerical check against the engine.

A lesson card that shows a formula names it (``"formula": ["rnn.grad_step"]``); the card's
text must contain the formula's ``display`` HTML verbatim, in every language, and the test
suite evaluates ``check(seed)`` for every registered formula. A check writes the formula
exactly as displayed, in d2l's row-vector convention (``H_t = φ(X_t W_xh + H_{t−1} W_hh +
b_h)``, ``O_t = H_t W_hq + b_q``, gradients as rows), evaluates it on a small random
problem in float64, and returns its largest relative error against the engine's own trace
(whose gradients the engine tests compare with finite differences and PyTorch). A
transposed matrix or a wrong factor therefore shows up as an error of order one.

Pure NumPy and the engine; no Qt.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.engine import GRU, LSTM, OutputRecurrentRNN, VanillaRNN, clip_grad_norm, make_model
from explorer.engine.losses import cross_entropy_loss
from explorer.engine.rnn import rnn_step_forward

# A formula holds when its relative error is below this (float64, no finite differences)…
TOLERANCE = 1e-9
# … or below this when the check itself uses central differences.
FD_TOLERANCE = 1e-6
T, B, D, H, Q = 5, 3, 4, 6, 3


@dataclass(frozen=True)
class Formula:
    """A shown formula: its HTML as on the card, and ``check(seed) -> relative error``."""

    name: str
    display: str
    check: Callable[[int], float]
    tolerance: float = TOLERANCE


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(|b|, tiny): one number for "how wrong", shape mismatch is ∞."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return math.inf
    scale = max(float(np.max(np.abs(b))), 1e-300)
    return float(np.max(np.abs(a - b))) / scale


def data(seed: int, loss: str = "mse") -> tuple[np.ndarray, np.ndarray]:
    """Inputs ``X (T, B, D)`` and targets (``(T, B, O)`` floats, or ``(T, B)`` classes)."""
    rng = np.random.default_rng([seed, 17])
    X = rng.normal(size=(T, B, D))
    Y = rng.normal(size=(T, B, Q)) if loss == "mse" else rng.integers(0, Q, size=(T, B))
    return X, Y


def problem(cell: str, seed: int, loss: str = "mse"):
    """A small model and one traced pass: ``(model, LossGrads)`` (T=5, B=3, D=4, H=6, O=3)."""
    kind = {"rnn": VanillaRNN, "lstm": LSTM, "gru": GRU}[cell]
    model = kind(D, H, Q, seed=seed, recurrent_scale=1.3)
    X, Y = data(seed, loss)
    return model, model.loss_and_grads(X, Y, loss=loss)


def _prev(trace, t: int) -> np.ndarray:
    """H_{t−1} for 0-based step t (H_0 at t = 0)."""
    return trace.h0 if t == 0 else trace.hidden[t - 1]


def _rnn_dphi(trace) -> np.ndarray:
    return 1.0 - trace.hidden**2


# ----------------------------------------------------------------------------- vanilla RNN
def rnn_forward(seed: int) -> float:
    model, res = problem("rnn", seed)
    p, tr = model.params, res.trace
    mine = [np.tanh(tr.X[t] @ p["W_xh"] + _prev(tr, t) @ p["W_hh"] + p["b_h"]) for t in range(T)]
    return relative_error(np.stack(mine), tr.hidden)


def rnn_output(seed: int) -> float:
    model, res = problem("rnn", seed)
    p, tr = model.params, res.trace
    return relative_error(tr.hidden @ p["W_hq"] + p["b_q"], tr.outputs)


def rnn_grad_last(seed: int) -> float:
    model, res = problem("rnn", seed)
    tr = res.trace
    return relative_error(tr.grad_outputs[-1] @ model.params["W_hq"].T, tr.grad_hidden[-1])


def rnn_grad_step(seed: int) -> float:
    model, res = problem("rnn", seed)
    p, tr = model.params, res.trace
    dphi = _rnn_dphi(tr)
    errors = [
        relative_error(
            tr.grad_outputs[t] @ p["W_hq"].T + (tr.grad_hidden[t + 1] * dphi[t + 1]) @ p["W_hh"].T,
            tr.grad_hidden[t],
        )
        for t in range(T - 1)
    ]
    return max(errors)


def rnn_grad_w_hh(seed: int) -> float:
    _, res = problem("rnn", seed)
    tr = res.trace
    dphi = _rnn_dphi(tr)
    mine = sum(_prev(tr, t).T @ (tr.grad_hidden[t] * dphi[t]) for t in range(T))
    return relative_error(mine, res.grads["W_hh"])


def rnn_jacobian(seed: int) -> float:
    """∂h_t/∂h_{t−1} (column vectors) against central differences of the step function."""
    model, res = problem("rnn", seed)
    p, tr = model.params, res.trace
    t, b, eps = 2, 0, 1e-6
    x, h_prev = tr.X[t, b : b + 1], tr.hidden[t - 1, b : b + 1]
    numeric = np.empty((H, H))
    for j in range(H):
        bump = np.zeros((1, H))
        bump[0, j] = eps
        up, _ = rnn_step_forward(x, h_prev + bump, p["W_xh"], p["W_hh"], p["b_h"])
        down, _ = rnn_step_forward(x, h_prev - bump, p["W_xh"], p["W_hh"], p["b_h"])
        numeric[:, j] = (up - down)[0] / (2 * eps)
    dphi_t = 1.0 - tr.hidden[t, b] ** 2
    return relative_error(np.diag(dphi_t) @ p["W_hh"].T, numeric)


def vanishing_power(seed: int) -> float:
    """0.8^49 ≈ 2·10⁻⁵: the shown value is the exact one rounded to one digit."""
    exact = 0.8**49
    return abs(float(f"{exact:.0e}") - 2e-5) / 2e-5


# ----------------------------------------------------------------------------- losses
def mean_loss(seed: int) -> float:
    """L = (1/T) Σ_t L_t with L_t the batch's mean cross-entropy at step t."""
    _, res = problem("rnn", seed, loss="ce")
    logits, (_, Y) = res.trace.outputs, data(seed, "ce")
    logp = logits - logits.max(axis=2, keepdims=True)
    logp -= np.log(np.exp(logp).sum(axis=2, keepdims=True))
    L_t = -np.take_along_axis(logp, Y[:, :, None], axis=2)[:, :, 0].mean(axis=1)
    return relative_error(np.array(L_t.mean()), np.array(res.loss))


def weighted_loss(seed: int) -> float:
    """L = Σ_t (n_t/N) L_t with a mask: L_t the mean over the scored examples at step t."""
    from explorer.session.iteration import step_weights

    model = VanillaRNN(D, H, Q, seed=seed)
    X, Y = data(seed, "ce")
    mask = (np.random.default_rng([seed, 5]).random((T, B)) < 0.6).astype(float)
    mask[-1] = 1.0
    res = model.loss_and_grads(X, Y, loss="ce", mask=mask)
    logp = res.trace.outputs - res.trace.outputs.max(axis=2, keepdims=True)
    logp -= np.log(np.exp(logp).sum(axis=2, keepdims=True))
    ce = -np.take_along_axis(logp, Y[:, :, None], axis=2)[:, :, 0]
    n_t = mask.sum(axis=1)
    L_t = np.where(n_t > 0, (ce * mask).sum(axis=1) / np.maximum(n_t, 1), 0.0)
    mine = float(np.sum(n_t / n_t.sum() * L_t))
    w = step_weights(mask)
    engine_L_t = np.where(w > 0, res.trace.step_losses / np.where(w > 0, w, 1), 0.0)
    return max(relative_error(np.array(mine), np.array(res.loss)), relative_error(engine_L_t, L_t))


def uniform_loss(seed: int) -> float:
    """ln 8 ≈ 2.08: a uniform guess over 8 tokens costs ln 8 nats at every step."""
    out = np.zeros((1, 1, 8))
    losses, _ = cross_entropy_loss(out, np.array([[seed % 8]]), np.ones((1, 1)))
    return abs(round(float(losses.sum()), 2) - 2.08) + relative_error(losses.sum(), math.log(8))


def perplexity(seed: int) -> float:
    """Perplexity = exp(mean cross-entropy), as the char-LM task reports it."""
    from explorer.tasks import make_task

    task = make_task("charlm", corpus="machine", seq_len=6)
    model = VanillaRNN(task.input_size, 8, task.output_size, seed=seed)
    metrics = task.evaluate(model)
    return relative_error(np.array(metrics["perplexity"]), np.array(math.exp(metrics["loss"])))


# ----------------------------------------------------------------------------- clipping, truncation
def clip_norm(seed: int) -> float:
    """g ← min(1, θ/‖g‖)·g against the engine's clipping (which adds 1e-6 to ‖g‖)."""
    _, res = problem("rnn", seed)
    grads = {k: v.copy() for k, v in res.grads.items()}
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    theta = 0.5 * norm
    clip_grad_norm(grads, theta)
    factor = min(1.0, theta / norm)
    return max(relative_error(grads[k], factor * res.grads[k]) for k in grads)


def random_truncation_unbiased(seed: int) -> float:
    """E[g] = g_full under randomized truncation: the exact mean over every pattern of ξ."""
    model, res = problem("rnn", seed)
    (X, Y), p = data(seed), 0.6
    full = res.grads
    mean = {k: np.zeros_like(v) for k, v in full.items()}
    mask, state0 = np.ones((T, B)), (np.zeros((B, H)),)
    for pattern in itertools.product((0, 1), repeat=T - 1):
        keep = np.array(pattern)
        xi = np.concatenate([[1.0], keep / p])
        weight = float(np.prod(np.where(keep == 1, p, 1 - p)))
        grads = model._run(X, Y, "mse", mask, state0, xi).grads
        for k in mean:
            mean[k] += weight * grads[k]
    return max(relative_error(mean[k], full[k]) for k in full)


# ----------------------------------------------------------------------------- LSTM, GRU
def lstm_cell(seed: int) -> float:
    _, res = problem("lstm", seed)
    tr, g = res.trace, res.trace.gates
    c_prev = np.concatenate([tr.c0[None], tr.cell[:-1]])
    return relative_error(g["f"] * c_prev + g["i"] * g["c_tilde"], tr.cell)


def lstm_hidden(seed: int) -> float:
    _, res = problem("lstm", seed)
    tr = res.trace
    return relative_error(tr.gates["o"] * np.tanh(tr.cell), tr.hidden)


def lstm_cell_jacobian(seed: int) -> float:
    """∂C_t/∂C_{t−1} = diag(F_t) along the direct path (H_{t−1} held fixed)."""
    model, res = problem("lstm", seed)
    tr = res.trace
    t, b, eps = 2, 0, 1e-6
    x = tr.X[t, b : b + 1]
    h_prev, c_prev = tr.hidden[t - 1, b : b + 1], tr.cell[t - 1, b : b + 1]
    numeric = np.empty((H, H))
    for j in range(H):
        bump = np.zeros((1, H))
        bump[0, j] = eps
        (_, up), _ = model.step_forward(x, (h_prev, c_prev + bump))
        (_, down), _ = model.step_forward(x, (h_prev, c_prev - bump))
        numeric[:, j] = (up - down)[0] / (2 * eps)
    return relative_error(np.diag(tr.gates["f"][t, b]), numeric)


def gru_candidate(seed: int) -> float:
    model, res = problem("gru", seed)
    p, tr = model.params, res.trace
    mine = [
        np.tanh(tr.X[t] @ p["W_xh"] + (tr.gates["r"][t] * _prev(tr, t)) @ p["W_hh"] + p["b_h"])
        for t in range(T)
    ]
    return relative_error(np.stack(mine), tr.gates["h_tilde"])


def gru_hidden(seed: int) -> float:
    _, res = problem("gru", seed)
    tr, g = res.trace, res.trace.gates
    prev = np.concatenate([tr.h0[None], tr.hidden[:-1]])
    return relative_error(g["z"] * prev + (1 - g["z"]) * g["h_tilde"], tr.hidden)


# ----------------------------------------------------------------------------- deeper layouts
def birnn_output(seed: int) -> float:
    """O_t = [H→_t, H←_t] W_hq + b_q: the read-out of a bidirectional layer (d2l 9.4)."""
    model = make_model("rnn", input_size=D, hidden_size=H, output_size=Q, bidirectional=True,
                       seed=seed)  # fmt: skip
    X, Y = data(seed)
    tr = model.loss_and_grads(X, Y).trace
    both = np.concatenate([tr.layers[(0, "forward")].hidden, tr.layers[(0, "reverse")].hidden], 2)
    return relative_error(both @ model.params["W_hq"] + model.params["b_q"], tr.outputs)


def deep_forward(seed: int) -> float:
    """Layer 2 of a stacked RNN reads layer 1's states as its input (d2l 9.3)."""
    model = make_model("rnn", input_size=D, hidden_size=H, output_size=Q, num_layers=2,
                       seed=seed)  # fmt: skip
    X, Y = data(seed)
    tr = model.loss_and_grads(X, Y).trace
    below, layer = tr.layers[(0, "forward")].hidden, tr.layers[(1, "forward")]
    p = {k[3:]: v for k, v in model.params.items() if k.startswith("l1.")}
    prev = np.concatenate([layer.h0[None], layer.hidden[:-1]])
    mine = np.tanh(below @ p["W_xh"] + prev @ p["W_hh"] + p["b_h"])
    return relative_error(mine, layer.hidden)


def output_recurrence_forward(seed: int) -> float:
    """H_t = φ(X_t W_xh + O_{t−1} W_oh + b_h): the previous output is the only recurrence."""
    model = OutputRecurrentRNN(D, H, Q, seed=seed)
    X, Y = data(seed)
    tr = model.loss_and_grads(X, Y).trace
    p = model.params
    prev = np.concatenate([np.zeros((1, B, Q)), tr.outputs[:-1]])
    return relative_error(np.tanh(X @ p["W_xh"] + prev @ p["W_oh"] + p["b_h"]), tr.hidden)


FORMULAS: dict[str, Formula] = {
    f.name: f
    for f in (
        Formula(
            "rnn.forward",
            "H<sub>t</sub> = φ(X<sub>t</sub>W<sub>xh</sub> + H<sub>t−1</sub>W<sub>hh</sub>"
            " + b<sub>h</sub>)",
            rnn_forward,
        ),
        Formula(
            "rnn.output", "O<sub>t</sub> = H<sub>t</sub>W<sub>hq</sub> + b<sub>q</sub>", rnn_output
        ),
        Formula(
            "rnn.grad_last",
            "∂L/∂h<sub>T</sub> = (∂L/∂o<sub>T</sub>) W<sub>hq</sub><sup>⊤</sup>",
            rnn_grad_last,
        ),
        Formula(
            "rnn.grad_step",
            "∂L/∂h<sub>t</sub> = (∂L/∂o<sub>t</sub>) W<sub>hq</sub><sup>⊤</sup>"
            " + (∂L/∂h<sub>t+1</sub> ⊙ φ′<sub>t+1</sub>) W<sub>hh</sub><sup>⊤</sup>",
            rnn_grad_step,
        ),
        Formula(
            "rnn.grad_W_hh",
            "∂L/∂W<sub>hh</sub> = Σ<sub>t</sub> H<sub>t−1</sub><sup>⊤</sup>"
            "(∂L/∂H<sub>t</sub> ⊙ φ′<sub>t</sub>)",
            rnn_grad_w_hh,
        ),
        Formula(
            "rnn.jacobian",
            "∂h<sub>t</sub>/∂h<sub>t−1</sub> = diag(φ′<sub>t</sub>) W<sub>hh</sub><sup>⊤</sup>",
            rnn_jacobian,
            FD_TOLERANCE,
        ),
        Formula("power.vanishing", "0.8<sup>49</sup> ≈ 2·10<sup>−5</sup>", vanishing_power),
        Formula(
            "loss.mean",
            "L = (1/T) Σ<sub>t</sub> L<sub>t</sub>",
            mean_loss,
        ),
        Formula(
            "loss.weighted",
            "L = Σ<sub>t</sub> (n<sub>t</sub>/N) L<sub>t</sub>",
            weighted_loss,
        ),
        Formula("loss.uniform", "ln 8 ≈ 2.08", uniform_loss, 1e-6),
        Formula("perplexity", "exp(L)", perplexity),
        Formula("clip.norm", "g ← min(1, θ/‖g‖) · g", clip_norm, 1e-5),
        Formula(
            "truncation.unbiased",
            "E[g] = g<sub>full</sub>",
            random_truncation_unbiased,
        ),
        Formula(
            "lstm.cell",
            "C<sub>t</sub> = F<sub>t</sub> ⊙ C<sub>t−1</sub> + I<sub>t</sub> ⊙ C̃<sub>t</sub>",
            lstm_cell,
        ),
        Formula("lstm.hidden", "H<sub>t</sub> = O<sub>t</sub> ⊙ tanh(C<sub>t</sub>)", lstm_hidden),
        Formula(
            "lstm.cell_jacobian",
            "∂C<sub>t</sub>/∂C<sub>t−1</sub> = diag(F<sub>t</sub>)",
            lstm_cell_jacobian,
            FD_TOLERANCE,
        ),
        Formula(
            "gru.candidate",
            "H̃<sub>t</sub> = tanh(X<sub>t</sub>W<sub>xh</sub> + (R<sub>t</sub> ⊙ H<sub>t−1</sub>)"
            "W<sub>hh</sub> + b<sub>h</sub>)",
            gru_candidate,
        ),
        Formula(
            "birnn.output",
            "O<sub>t</sub> = [H→<sub>t</sub>, H←<sub>t</sub>] W<sub>hq</sub> + b<sub>q</sub>",
            birnn_output,
        ),
        Formula(
            "deep.forward",
            "H<sub>t</sub><sup>(2)</sup> = φ(H<sub>t</sub><sup>(1)</sup>W<sub>xh</sub><sup>(2)</sup>"
            " + H<sub>t−1</sub><sup>(2)</sup>W<sub>hh</sub><sup>(2)</sup> + b<sub>h</sub><sup>(2)</sup>)",
            deep_forward,
        ),
        Formula(
            "outrec.forward",
            "H<sub>t</sub> = φ(X<sub>t</sub>W<sub>xh</sub> + O<sub>t−1</sub>W<sub>oh</sub>"
            " + b<sub>h</sub>)",
            output_recurrence_forward,
        ),
        Formula(
            "gru.hidden",
            "H<sub>t</sub> = Z<sub>t</sub> ⊙ H<sub>t−1</sub> + (1 − Z<sub>t</sub>) ⊙ H̃<sub>t</sub>",
            gru_hidden,
        ),
    )
}


def formula_names() -> tuple[str, ...]:
    """The registered formula names, as lesson cards may cite them."""
    return tuple(FORMULAS)
