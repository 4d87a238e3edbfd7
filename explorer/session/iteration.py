"""One training iteration of one model, shared by the live run and its replay.

``compute_step`` does what a bare training step needs (loss and gradients, clipping, the
scalars of the curves) and keeps the trace; ``build_snapshot`` turns a kept step into the
full display data (contribution matrix, per-step weight terms, example copies) only when
an iteration is shown. The live run and the replay of a past iteration go through the
same two functions, which is what makes the replay bitwise equal to the first run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.engine import clip_grad_norm, clip_grad_value, grad_norm
from explorer.engine.buffers import held_bytes, pools_of
from explorer.engine.description import ModelSpec, describes, model_spec
from explorer.engine.description_terms import activation_slope
from explorer.session.carry import CarriedState, final_state
from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.snapshot import (
    CONTRIB,
    COSTLY_PARTS,
    JACOBIAN,
    WEIGHT_TERMS,
    LayerSnapshot,
    ModelSnapshot,
)
from explorer.session.spectrum import recurrent_radius


@dataclass
class StepResult:
    """One model's iteration before its update.

    ``finite`` False means the model diverged on this batch (``grad_norm`` tells how). The
    gradients are already clipped. ``result`` is the engine's ``LossGrads`` (its trace
    builds the snapshot) and ``weights`` a copy of the parameters the pass used.
    """

    finite: bool
    loss: float
    grad_norm: float
    grad_norm_clipped: float = math.nan
    clipped: bool = False
    spectral_radius: float = math.nan
    truncation_cosine: float | None = None
    truncation_rel_norm: float | None = None
    grads: dict[str, np.ndarray] | None = None
    result: Any = None
    weights: dict[str, np.ndarray] | None = None
    final_state: CarriedState | None = None
    loss_kind: str = ""

    def curve_values(self) -> dict[str, float]:
        """The scalars of the curves (``CURVE_SERIES`` → value)."""
        return {
            "loss": self.loss,
            "grad_norm": self.grad_norm,
            "grad_norm_clipped": self.grad_norm_clipped,
            "clipped": self.clipped,
            "spectral_radius": self.spectral_radius,
            "truncation_cosine": _nan_if_none(self.truncation_cosine),
            "truncation_rel_norm": _nan_if_none(self.truncation_rel_norm),
        }


def flat_cosine_and_ratio(
    grads: dict[str, np.ndarray], reference: dict[str, np.ndarray]
) -> tuple[float, float]:
    """Cosine similarity and norm ratio ‖g‖/‖g_ref‖ of two gradients flattened over all params."""
    dot = sum(float(np.vdot(grads[k], reference[k])) for k in grads)
    norm = math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))
    ref = math.sqrt(sum(float(np.vdot(g, g)) for g in reference.values()))
    if norm == 0.0 or ref == 0.0:
        return (1.0 if norm == ref else 0.0), (norm / ref if ref else math.nan)
    return dot / (norm * ref), norm / ref


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """‖g‖ over every parameter (inf/NaN when a gradient is not finite): the engine's
    ``grad_norm``, which clipping by norm computes too."""
    return grad_norm(grads)


def compute_step(
    model: Any,
    config: SessionConfig,
    loss: str,
    X: np.ndarray,
    Y: np.ndarray,
    mask: np.ndarray,
    spectral: bool = False,
    compare: bool = True,
    h0: Any = None,
    carry: bool = False,
) -> StepResult:
    """Loss, gradients (clipped as configured) and the curve scalars of one model on a batch.

    Draws from ``model.rng`` exactly as training does (randomized truncation). The model's
    parameters are not changed: the caller applies ``grads`` with its optimizer. The
    spectral radius (an eigenvalue problem, as costly as a small iteration) is computed
    only with ``spectral``; otherwise it is NaN in the curves. ``compare`` False skips the
    full-BPTT pass that measures a truncated gradient against the full one (a replay
    needs it only for the iteration it shows; it draws nothing from any generator).
    ``h0`` is the initial state (None: zeros); ``carry`` keeps the detached final state in
    ``final_state`` for the next batch (sequential sampling, ``carry.py``).
    """
    # Huge but finite gradients overflow when squared for norms: that is information
    # (an exploding run), not an error to warn about.
    with np.errstate(over="ignore", invalid="ignore"):
        truncation = config.truncation
        res = model.loss_and_grads(X, Y, loss=loss, mask=mask, truncation=truncation, h0=h0)
        grads = res.grads
        norm_before = global_norm(grads)
        if not res.finite or not math.isfinite(norm_before):
            return StepResult(finite=False, loss=float(res.loss), grad_norm=norm_before)
        cosine = rel_norm = None
        if truncation.cuts and compare:
            full = model.loss_and_grads(X, Y, loss=loss, mask=mask, truncation=None, h0=h0)
            if full.finite:
                cosine, rel_norm = flat_cosine_and_ratio(grads, full.grads)
        clipped = _clip(config, grads, norm_before)
        norm_after = global_norm(grads) if clipped else norm_before
        rho = recurrent_radius(model, model.params) if spectral else math.nan
        return StepResult(
            finite=True,
            loss=float(res.loss),
            grad_norm=norm_before,
            grad_norm_clipped=norm_after,
            clipped=clipped,
            spectral_radius=rho,
            truncation_cosine=cosine,
            truncation_rel_norm=rel_norm,
            grads=grads,
            result=res,
            weights={k: v.copy() for k, v in model.params.items()},
            final_state=final_state(model, res.trace) if carry else None,
            loss_kind=loss,
        )


def working_bytes(models: dict[str, Any], held: int) -> int:
    """The memory the engine works in: ``held`` bytes of traces (``trace_bytes``) plus
    the buffers the models' pools keep waiting (each pool counted once)."""
    pools = {id(pool): pool for model in models.values() for pool in pools_of(model)}
    return held + sum(pool.free_bytes() for pool in pools.values())


def trace_bytes(steps: dict[str, StepResult]) -> int:
    """Bytes the steps' results hold (their traces and what their lazy fields will read)."""
    return held_bytes(*(step.result for step in steps.values()))


def _clip(config: SessionConfig, grads: dict[str, np.ndarray], norm: float) -> bool:
    if config.clipping == "norm":
        clip_grad_norm(grads, config.clip_threshold, norm=norm)  # the norm it would compute
        return norm > config.clip_threshold
    if config.clipping == "value":
        return clip_grad_value(grads, config.clip_threshold) > 0
    return False


def build_snapshot(
    cell: str,
    iteration: int,
    step: StepResult,
    Y: np.ndarray,
    model: Any,
    example: int,
    metrics: dict[str, float],
    generic: bool = False,
    costly: frozenset[str] = COSTLY_PARTS,
) -> ModelSnapshot:
    """The display data of a kept step of ``model`` (forces the trace's lazy fields): its
    recurrent matrix's name, and for the vanilla RNN the slopes φ′ of its activation. Of
    the ``COSTLY_PARTS`` only ``costly`` are computed (the trace keeps the others until it
    is let go). A model with its own ``build_snapshot`` (``model_setup.py``) builds it,
    unless ``generic``."""
    if not generic and hasattr(model, "build_snapshot"):
        return model.build_snapshot(cell, iteration, step, Y, example, metrics, costly)
    recurrent_name = model.default_recurrent
    activation = vanilla_activation(model)
    tr = step.result.trace
    b = example

    def pick(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else np.array(a[:, b], dtype=np.float64)

    with np.errstate(over="ignore", invalid="ignore"):
        snapshot = ModelSnapshot(
            cell=cell,
            label=CELL_NAMES[cell],
            iteration=iteration,
            loss=step.loss,
            finite=True,
            step_losses=np.array(tr.step_losses, dtype=np.float64),
            grad_hidden_norm=np.sqrt(
                np.sum(np.square(tr.grad_hidden, dtype=np.float64), axis=(1, 2))
            ),
            grad_cell_norm=None
            if tr.grad_cell is None
            else np.sqrt(np.sum(np.square(tr.grad_cell, dtype=np.float64), axis=(1, 2))),
            contrib=np.array(tr.contrib, dtype=np.float64) if CONTRIB in costly else None,
            weight_grad_by_step=weight_terms(tr) if WEIGHT_TERMS in costly else None,
            xi=np.array(tr.xi, dtype=np.float64),
            grad_norm=step.grad_norm,
            grad_norm_clipped=step.grad_norm_clipped,
            clipped=step.clipped,
            recurrent_name=recurrent_name,
            spectral_radius=recurrent_radius(model, step.weights),
            example=b,
            inputs=pick(tr.X),
            hidden=pick(tr.hidden),
            cell_state=pick(tr.cell),
            gates={k: pick(v) for k, v in tr.gates.items()},
            preact=pick(tr.preact),
            outputs=pick(tr.outputs),
            targets=np.array(Y[:, b]),
            mask=np.array(tr.mask[:, b], dtype=np.float64),
            grad_hidden=pick(tr.grad_hidden),
            grad_cell=pick(tr.grad_cell),
            grad_outputs=pick(tr.grad_outputs),
            h0=np.array(tr.h0[b], dtype=np.float64),
            weights=step.weights,
            metrics=dict(metrics),
            truncation_cosine=step.truncation_cosine,
            truncation_rel_norm=step.truncation_rel_norm,
            dphi=None
            if activation is None or tr.preact is None
            else activation_slope(activation, pick(tr.preact), pick(tr.hidden)),
            step_weights=step_weights(tr.mask),
            layers=layer_snapshots(tr, b),
            spec=described_spec(model),
            loss_kind=step.loss_kind,
            scored=float(np.sum(tr.mask)),
            c0=None if tr.c0 is None else np.array(tr.c0[b], dtype=np.float64),
            missing=COSTLY_PARTS - costly,
        )
        if JACOBIAN in costly:
            # The Jacobian product costs T matrix products: paid here, where the snapshot
            # is built (the worker while training), not in the window when it first draws it.
            _ = snapshot.jacobian_envelope
    return snapshot


def weight_terms(trace: Any) -> dict[str, np.ndarray]:
    """Each weight's per-step gradient terms ``(T,)`` of ``trace``, as float64 copies."""
    return {k: np.array(v, dtype=np.float64) for k, v in trace.weight_grad_by_step.items()}


def layer_snapshots(trace: Any, example: int) -> dict[str, LayerSnapshot]:
    """The displayed example's states per recurrent layer and direction of a stacked or
    bidirectional model, keyed as its parameter prefixes ("l0", "l1r"); empty otherwise."""
    layers = getattr(trace, "layers", None) or {}
    out = {}
    for (layer, direction), lt in layers.items():
        key = f"l{layer}" + ("r" if direction == "reverse" else "")

        def pick(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else np.array(a[:, example], dtype=np.float64)

        out[key] = LayerSnapshot(
            layer=layer,
            direction=direction,
            h0=np.array(lt.h0[example], dtype=np.float64),
            hidden=pick(lt.hidden),
            grad_hidden=pick(lt.grad_hidden),
            cell_state=pick(lt.cell),
            gates={k: pick(v) for k, v in lt.gates.items()},
            c0=None if lt.c0 is None else np.array(lt.c0[example], dtype=np.float64),
            grad_cell=pick(lt.grad_cell),
            preact=pick(lt.preact),
        )
    return out


def described_spec(model: Any) -> ModelSpec | None:
    """The engine's :class:`ModelSpec` of ``model`` for the snapshot's description, or None
    for a model kind the description does not know (the views then show no equation)."""
    try:
        spec = model_spec(model)
    except (AttributeError, KeyError):
        return None
    return spec if describes(spec) else None


def vanilla_activation(model: Any) -> str | None:
    """The vanilla RNN's activation name, whose slopes a snapshot keeps; None for gated cells."""
    if model.cell != "rnn":
        return None
    # A stacked model keeps the cell's options (the activation among them) in cell_options.
    return getattr(model, "activation", None) or model.cell_options.get("activation", "tanh")


def step_weights(mask: np.ndarray) -> np.ndarray:
    """``(T,)`` w_t = n_t / N: the share of the scored (t, b) pairs that lie at step t, so
    that the loss L = Σ_t w_t L_t with L_t the batch's mean loss at step t."""
    per_step = np.asarray(mask, dtype=np.float64).sum(axis=1)
    total = per_step.sum()
    return per_step / total if total > 0 else per_step


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else float(value)
