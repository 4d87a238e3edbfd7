"""Hand-made SessionView frames from the real engine, so views can be tested on their own."""

from __future__ import annotations

import numpy as np

from explorer.engine.description import activation_slope, model_spec
from explorer.session.config import CELL_NAMES
from explorer.session.snapshot import Curves, ModelSnapshot, ModelStatus, Phase, SessionView


def _model(cell: str, D: int, H: int, n_out: int, seed: int, scale: float):
    if cell == "rnn":
        from explorer.engine.rnn import VanillaRNN

        return VanillaRNN(D, H, n_out, seed=seed, recurrent_scale=scale)
    if cell == "lstm":
        from explorer.engine.lstm import LSTM

        return LSTM(D, H, n_out, seed=seed, recurrent_scale=scale)
    from explorer.engine.gru import GRU

    return GRU(D, H, n_out, seed=seed, recurrent_scale=scale)


def snapshot(
    cell: str,
    T: int = 20,
    H: int = 8,
    seed: int = 0,
    truncation=None,
    scale: float = 1.0,
    iteration: int = 1,
) -> ModelSnapshot:
    """One model's snapshot of an adding-problem-like batch, straight from the engine."""
    rng = np.random.default_rng(seed)
    B, D, n_out = 4, 2, 1
    X = rng.uniform(0, 1, size=(T, B, D))
    Y = rng.normal(size=(T, B, n_out))
    mask = np.ones((T, B))
    model = _model(cell, D, H, n_out, seed, scale)
    weights = {k: v.copy() for k, v in model.params.items()}
    res = model.loss_and_grads(X, Y, "mse", mask, truncation)
    tr = res.trace
    gnorm = float(np.sqrt(sum(float((g**2).sum()) for g in res.grads.values())))
    rec = model.default_recurrent
    return ModelSnapshot(
        cell=cell,
        label=CELL_NAMES[cell],
        iteration=iteration,
        loss=res.loss,
        finite=res.finite,
        step_losses=tr.step_losses.copy(),
        grad_hidden_norm=np.sqrt((tr.grad_hidden**2).sum(axis=(1, 2))),
        grad_cell_norm=None
        if tr.grad_cell is None
        else np.sqrt((tr.grad_cell**2).sum(axis=(1, 2))),
        contrib=tr.contrib,
        weight_grad_by_step=dict(tr.weight_grad_by_step),
        xi=tr.xi.copy(),
        grad_norm=gnorm,
        grad_norm_clipped=min(gnorm, 1.0),
        clipped=gnorm > 1.0,
        recurrent_name=rec,
        spectral_radius=float(np.abs(np.linalg.eigvals(weights[rec])).max()),
        example=0,
        inputs=tr.X[:, 0].copy(),
        hidden=tr.hidden[:, 0].copy(),
        cell_state=None if tr.cell is None else tr.cell[:, 0].copy(),
        gates={k: v[:, 0].copy() for k, v in tr.gates.items()},
        preact=None if tr.preact is None else tr.preact[:, 0].copy(),
        outputs=tr.outputs[:, 0].copy(),
        targets=Y[:, 0].copy(),
        mask=mask[:, 0].copy(),
        grad_hidden=tr.grad_hidden[:, 0].copy(),
        grad_cell=None if tr.grad_cell is None else tr.grad_cell[:, 0].copy(),
        grad_outputs=tr.grad_outputs[:, 0].copy(),
        h0=tr.h0[0].copy(),
        weights=weights,
        truncation_cosine=None if truncation is None else 0.9,
        spec=model_spec(model),
        loss_kind="mse",
        scored=float(mask.sum()),
        c0=None if tr.c0 is None else tr.c0[0].copy(),
        dphi=None
        if tr.preact is None
        else activation_slope(model.activation, tr.preact[:, 0], tr.hidden[:, 0]),
    )


def curves(n: int = 30, seed: int = 0) -> Curves:
    """Plausible training curves of ``n`` iterations."""
    rng = np.random.default_rng(seed)
    it = np.arange(1, n + 1)
    loss = 0.5 * np.exp(-it / 20) + 0.02 * rng.random(n)
    g = 2.0 * np.exp(-it / 30) + 0.1 * rng.random(n)
    m_it = it[it % 10 == 0]
    return Curves(
        iterations=it,
        loss=loss,
        grad_norm=g,
        grad_norm_clipped=np.minimum(g, 1.0),
        clipped=g > 1.0,
        spectral_radius=np.full(n, 1.1),
        truncation_cosine=np.full(n, np.nan),
        truncation_rel_norm=np.full(n, np.nan),
        metric_iterations=m_it,
        metrics={"mse": loss[m_it - 1]},
    )


def make_view(
    cells=("rnn", "lstm"),
    T: int = 20,
    H: int = 8,
    phase: Phase = Phase.IDLE,
    cursor: int = 0,
    iteration: int = 1,
    truncation=None,
    diverged: tuple[str, ...] = (),
    seed: int = 0,
) -> SessionView:
    """A whole frame: every cell's snapshot of the same batch, curves and statuses."""
    records = {
        c: snapshot(c, T, H, seed=seed, truncation=truncation, iteration=iteration)
        for c in cells
        if c not in diverged
    }
    status = {
        c: ModelStatus(
            c,
            CELL_NAMES[c],
            diverged_at=iteration if c in diverged else None,
            message=f"{CELL_NAMES[c]} diverged at iteration {iteration}" if c in diverged else "",
        )
        for c in cells
    }
    return SessionView(
        iteration=iteration,
        completed=iteration,
        phase=phase,
        cursor=cursor,
        T=T,
        cells=tuple(cells),
        records=records,
        status=status,
        curves={c: curves(max(iteration, 2), seed=i) for i, c in enumerate(cells)},
        baseline={"loss": 0.17},
        metric_name="mse",
        solved_threshold=0.01,
        task_title="Adding problem",
    )
