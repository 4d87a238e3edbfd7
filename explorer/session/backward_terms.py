"""One unit's backward equation, split into its terms, from a model snapshot's arrays.

The inspector shows ∂L/∂h_t (and for the LSTM ∂L/∂c_t) of one unit as the sum of what
reaches it from the output at step t and from step t + 1, in the row convention of the
course notes (d2l):

    RNN:  ∂L/∂h_t = ∂L/∂o_t W_hqᵀ + ξ_{t+1} (∂L/∂h_{t+1} ⊙ φ′_{t+1}) W_hhᵀ
    LSTM: ∂L/∂h_t = ∂L/∂o_t W_hqᵀ + ξ_{t+1} Σ_g δa^g_{t+1} W_hgᵀ   (g = i, f, o, c̃)
          ∂L/∂c_t = ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh² c_t) + ξ_{t+1} ∂L/∂c_{t+1} ⊙ f_{t+1}
    GRU:  ∂L/∂h_t = ∂L/∂o_t W_hqᵀ + ξ_{t+1} ( ∂L/∂h_{t+1} ⊙ z_{t+1}
          + (δa^h̃_{t+1} W_hhᵀ) ⊙ r_{t+1} + δa^z_{t+1} W_hzᵀ + δa^r_{t+1} W_hrᵀ )

ξ_{t+1} is the truncation factor of the edge h_t → h_{t+1} (0 where truncation cuts it).
Every number comes from the snapshot: the engine's gradients at step t + 1, its gates and
states and weights; the terms add up to the engine's ∂L/∂h_t (tests check it per cell).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.session.snapshot import ModelSnapshot


@dataclass(frozen=True)
class Term:
    """One summand: ``key`` names it for the view ("output", "next", "direct", …)."""

    key: str
    value: float


@dataclass(frozen=True)
class BackwardEquation:
    """∂L/∂``node``_t[``unit``] = sum of ``terms`` = ``total`` (the engine's value).

    ``xi`` is ξ_{t+1} (1 for full BPTT, 0 where truncation cuts h_t → h_{t+1}; None at
    t = T, where nothing comes from a later step)."""

    node: str  # "h" or "c"
    t: int  # 1-based
    unit: int
    terms: tuple[Term, ...]
    total: float
    xi: float | None

    @property
    def sum(self) -> float:
        """The terms added up (equals ``total`` up to rounding)."""
        return float(sum(term.value for term in self.terms))


def relu_activation(snap: ModelSnapshot) -> bool:
    """Whether a vanilla RNN snapshot was made with ReLU (else tanh)."""
    if snap.preact is None:
        return False
    return not np.allclose(np.tanh(snap.preact), snap.hidden)


def hidden_equation(snap: ModelSnapshot, t: int, unit: int) -> BackwardEquation:
    """∂L/∂h_t[unit] of the displayed example, split into its terms. ``t`` is 1-based."""
    T = snap.T
    if not 1 <= t <= T:
        raise ValueError(f"t must be in 1 … {T}, got {t}")
    i = t - 1
    u = unit
    out = float(snap.grad_outputs[i] @ snap.weights["W_hq"][u, :])
    terms = [Term("output", out)]
    xi = None if t == T else float(snap.xi[t])
    if t < T:
        for key, value in _from_next(snap, t, u):
            terms.append(Term(key, xi * value))
    return BackwardEquation("h", t, u, tuple(terms), float(snap.grad_hidden[i, u]), xi)


def cell_equation(snap: ModelSnapshot, t: int, unit: int) -> BackwardEquation:
    """LSTM: ∂L/∂c_t[unit] = ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh² c_t) + ξ_{t+1} ∂L/∂c_{t+1} ⊙ f_{t+1}."""
    if snap.grad_cell is None or snap.cell_state is None:
        raise ValueError(f"the {snap.cell} cell has no cell state")
    T = snap.T
    i, u = t - 1, unit
    o = float(snap.gates["o"][i, u])
    tc = float(np.tanh(snap.cell_state[i, u]))
    terms = [Term("from_h", float(snap.grad_hidden[i, u]) * o * (1.0 - tc * tc))]
    xi = None if t == T else float(snap.xi[t])
    if t < T:
        f = float(snap.gates["f"][t, u]) if "f" in snap.gates else 1.0
        terms.append(Term("next", xi * float(snap.grad_cell[t, u]) * f))
    return BackwardEquation("c", t, u, tuple(terms), float(snap.grad_cell[i, u]), xi)


def _from_next(snap: ModelSnapshot, t: int, u: int) -> list[tuple[str, float]]:
    """The terms of ∂L/∂h_t[u] that come back from step t + 1, before the factor ξ."""
    n = t  # 0-based index of step t + 1
    w = snap.weights
    g = snap.grad_hidden[n]
    if snap.cell == "rnn":
        if relu_activation(snap):
            dphi = (snap.preact[n] > 0).astype(np.float64)
        else:
            dphi = 1.0 - snap.hidden[n] ** 2
        return [("next", float((g * dphi) @ w["W_hh"][u, :]))]
    if snap.cell == "lstm":
        gates = snap.gates
        dc = snap.grad_cell[n]
        i_, o = gates["i"][n], gates["o"][n]
        ct = gates["c_tilde"][n]
        tc = np.tanh(snap.cell_state[n])
        blocks = {
            "i": dc * ct * i_ * (1.0 - i_),
            "o": g * tc * o * (1.0 - o),
            "c": dc * i_ * (1.0 - ct * ct),
        }
        if "f" in gates and "W_hf" in w:
            f = gates["f"][n]
            blocks["f"] = dc * snap.cell_state[n - 1] * f * (1.0 - f)
        total = sum(float(da @ w[f"W_h{k}"][u, :]) for k, da in blocks.items())
        return [("next", total)]
    # GRU
    z, r, ht = snap.gates["z"][n], snap.gates["r"][n], snap.gates["h_tilde"][n]
    h = snap.hidden[n - 1]
    da_h = g * (1.0 - z) * (1.0 - ht * ht)
    drh = da_h @ w["W_hh"].T
    da_r = drh * h * r * (1.0 - r)
    da_z = g * (h - ht) * z * (1.0 - z)
    return [
        ("direct", float(g[u] * z[u])),
        ("candidate", float(drh[u] * r[u])),
        ("update", float(da_z @ w["W_hz"][u, :])),
        ("reset", float(da_r @ w["W_hr"][u, :])),
    ]
