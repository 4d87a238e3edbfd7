"""Masked losses and scores computed from a model's outputs.

They repeat the engine's loss definitions on purpose: a task scores a model from a plain
forward pass, which is cheaper than asking the engine for gradients it would throw away.
All shapes are time-major as in ``explorer.tasks.base``. A diverged model gives inf or NaN
outputs; the scores then come out non-finite, without floating-point warnings, so the caller
can detect the divergence from the numbers.
"""

from __future__ import annotations

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities over the last axis; any shape ``(..., O)``."""
    with np.errstate(all="ignore"):
        shifted = logits - logits.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis; any shape ``(..., O)``."""
    return np.exp(log_softmax(logits))


def masked_mse(outputs: np.ndarray, Y: np.ndarray, mask: np.ndarray) -> float:
    """Mean squared error over masked-in ``(t, b)`` and all output dimensions.

    ``outputs`` and ``Y``: ``(T, B, O)``; ``mask``: ``(T, B)``. Same definition as the engine's
    ``"mse"`` loss.
    """
    weight = mask[..., None] * np.ones(Y.shape[-1])
    total = weight.sum()
    if total == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        return float((weight * (outputs - Y) ** 2).sum() / total)


def target_log_probs(logits: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """``log softmax(logits)[y]`` for every ``(t, b)``: ``logits`` ``(T, B, O)``, ``Y`` ``(T, B)``
    int -> ``(T, B)``."""
    logp = log_softmax(logits)
    return np.take_along_axis(logp, Y[..., None].astype(np.int64), axis=-1)[..., 0]


def masked_ce(logits: np.ndarray, Y: np.ndarray, mask: np.ndarray) -> float:
    """Mean of ``-log softmax(logits_t)[y_t]`` over masked-in ``(t, b)``, in nats.

    Same definition as the engine's ``"ce"`` loss.
    """
    total = mask.sum()
    if total == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        return float(-(mask * target_log_probs(logits, Y)).sum() / total)


def masked_accuracy(logits: np.ndarray, Y: np.ndarray, mask: np.ndarray) -> float:
    """Fraction of masked-in ``(t, b)`` where the largest logit is the target class."""
    total = mask.sum()
    if total == 0:
        return float("nan")
    hits = (logits.argmax(axis=-1) == Y) * mask
    return float(hits.sum() / total)


def squared_error(a: np.ndarray, b: np.ndarray) -> float:
    """Mean of ``(a - b) ** 2``; any matching shapes."""
    with np.errstate(all="ignore"):
        return float(np.mean((a - b) ** 2))


def forward_outputs(model, X: np.ndarray) -> np.ndarray:
    """Run ``model.forward`` from the zero state and return its ``(T, B, O)`` outputs as float64."""
    outputs, _ = model.forward(X)
    return np.asarray(outputs, dtype=np.float64)
