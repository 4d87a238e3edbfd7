"""Central finite-difference check of ``loss_and_grads``, shared by the tests and the GUI.

Truncated BPTT does not compute the gradient of the loss: it computes the gradient of a
surrogate in which the state entering step t is ``a + xi[t] * (h_{t-1} - a)``, with ``a``
a frozen copy of ``h_{t-1}`` (see ``truncation.py``). The surrogate has the same value as
the loss, and its derivative is exactly what truncated BPTT returns, so finite
differences of the surrogate are the right reference for every truncation mode. The
check takes ``xi`` from the analytic call's trace, which fixes a randomized draw, and
the anchors ``a`` from the same trace. It runs on a float64 copy of the model, so the
caller's parameters and generator are left as they were.

The surrogate walks through the plain one-step functions (``rnn_step_forward`` etc.),
not the fused kernels, so the two sides share no loop code.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import validation as check
from .losses import LOSSES, sequence_loss
from .recurrent import RecurrentModel

# Gradients below this size are compared on an absolute scale: central differences
# carry round-off of about 1e-16 * |loss| / eps ~ 1e-10, which would otherwise make an
# exactly-zero gradient look 100 % wrong.
REL_ERROR_FLOOR = 1e-4


def relative_error(analytic: float, numeric: float, floor: float = REL_ERROR_FLOOR) -> float:
    """``|a - n| / max(|a| + |n|, floor)``."""
    return abs(analytic - numeric) / max(abs(analytic) + abs(numeric), floor)


def surrogate_loss(
    model: RecurrentModel,
    X: np.ndarray,
    Y: np.ndarray,
    kind: str,
    mask: np.ndarray,
    state0: tuple[np.ndarray, ...],
    xi: np.ndarray,
    anchors: tuple[np.ndarray, ...],
) -> float:
    """The loss whose exact gradient truncated BPTT with factors ``xi`` computes.

    X: (T, B, D) float64; Y, mask as validated by ``loss_and_grads``; anchors: the states
    of the unperturbed run, ``(hidden,)`` or ``(hidden, cell)``, each (T, B, H).
    """
    T, B, _ = X.shape
    p = model.params
    outputs = np.empty((T, B, model.output_size))
    state = state0
    for t in range(T):
        if t > 0 and xi[t] != 1.0:
            state = tuple(
                a[t - 1] + xi[t] * (s - a[t - 1]) for s, a in zip(state, anchors, strict=True)
            )
        state, _ = model.step_forward(X[t], state, p)
        outputs[t] = state[0] @ p["W_hq"] + p["b_q"]
    step_losses, _ = sequence_loss(kind, outputs, Y, mask)
    return float(step_losses.sum())


def _float64_copy(model: RecurrentModel) -> RecurrentModel:
    if model.dtype == np.float64:
        return model.copy()
    ref = type(model)(**{**model.config(), "dtype": "float64"})
    ref.load_state_dict(model.state_dict())
    return ref


def gradcheck(
    model: RecurrentModel,
    X: np.ndarray,
    Y: np.ndarray,
    loss: str = "mse",
    mask: np.ndarray | None = None,
    truncation: object = None,
    h0: object = None,
    eps: float = 1e-6,
    max_checks: int | None = None,
    seed: int = 0,
    **extra: object,
) -> float:
    """Largest relative error between ``loss_and_grads`` and central differences.

    Args: as :meth:`loss_and_grads`, plus
        eps: finite-difference step.
        max_checks: if given, only this many randomly chosen entries per parameter.
        seed: seeds the choice of entries.
        extra: further keyword arguments of the model's ``loss_and_grads`` (e.g. the
            stacked model's ``lengths``), also given to its ``surrogate_loss``.
    Returns:
        max over checked entries of ``|a - n| / max(|a| + |n|, 1e-4)``; about 1e-8 or
        less means the backward pass is right.

    A model with a ``surrogate_loss(trace, Y, kind, **extra)`` method (the stacked model)
    supplies its own reference forward pass; the one-layer models use :func:`surrogate_loss`.
    """
    eps = check.check_finite_float(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be > 0, got {eps!r}")
    if max_checks is not None:
        max_checks = check.check_positive_int(max_checks, "max_checks")
    ref = _float64_copy(model)
    res = ref.loss_and_grads(X, Y, loss=loss, mask=mask, truncation=truncation, h0=h0, **extra)
    tr = res.trace
    kind = check.check_choice(loss, "loss", LOSSES)
    T, B, _ = tr.X.shape
    Yv = check.check_targets(Y, kind, T, B, ref.output_size, tr.mask, np.dtype(np.float64))
    if hasattr(ref, "surrogate_loss"):

        def objective() -> float:
            return ref.surrogate_loss(tr, Yv, kind, **extra)

    else:
        anchors = (tr.hidden,) if tr.cell is None else (tr.hidden, tr.cell)

        def objective() -> float:
            return surrogate_loss(ref, tr.X, Yv, kind, tr.mask, tr.state0, tr.xi, anchors)

    return max_relative_error(ref.params, res.grads, objective, eps, max_checks, seed)


def max_relative_error(
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    objective: Callable[[], float],
    eps: float = 1e-6,
    max_checks: int | None = None,
    seed: int = 0,
) -> float:
    """Central differences of ``objective()`` over entries of ``params`` (perturbed in place
    and restored) against ``grads``; the largest :func:`relative_error`, inf if not finite.

    ``max_checks`` limits the entries per parameter, drawn with ``default_rng(seed)``.
    """
    rng = np.random.default_rng(seed)
    worst = 0.0
    with np.errstate(all="ignore"):
        for name, p in params.items():
            flat = p.reshape(-1)
            grad = grads[name].reshape(-1)
            if max_checks is None or max_checks >= flat.size:
                picks = range(flat.size)
            else:
                picks = rng.choice(flat.size, size=max_checks, replace=False)
            for i in picks:
                old = flat[i]
                flat[i] = old + eps
                up = objective()
                flat[i] = old - eps
                down = objective()
                flat[i] = old
                numeric = (up - down) / (2.0 * eps)
                err = relative_error(float(grad[i]), numeric)
                if not math.isfinite(err):
                    return math.inf
                worst = max(worst, err)
    return worst
