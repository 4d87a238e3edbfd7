"""Masked sequence losses with PyTorch's "mean" reduction, and their gradients.

Both functions take outputs ``out`` of shape ``(T, B, O)`` and a float mask ``(T, B)``
of 0/1, and return ``(step_losses, grad)``: ``step_losses`` has shape ``(T,)`` and sums
to the loss; ``grad = dloss/dout`` has the shape of ``out``. Masked-out entries contribute
neither loss nor gradient.
"""

from __future__ import annotations

import numpy as np

LOSSES = ("mse", "ce")


def mse_loss(out: np.ndarray, Y: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean squared error over masked-in ``(t, b)`` and every output unit.

    out, Y: (T, B, O); mask: (T, B). Equals ``torch.nn.MSELoss()`` on the selected rows.
    """
    n = mask.sum() * out.shape[2]
    diff = out - Y
    diff *= mask[:, :, None]
    step_losses = np.einsum("tbk,tbk->t", diff, diff) / n
    diff *= 2.0 / n
    return step_losses, diff


def cross_entropy_loss(
    out: np.ndarray, y: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean negative log-likelihood of classes ``y`` under ``softmax(out)`` over masked-in ``(t, b)``.

    out: (T, B, C) logits; y: (T, B) integer classes; mask: (T, B).
    Equals ``torch.nn.CrossEntropyLoss()`` on the selected rows.
    """
    n = mask.sum()
    shifted = out - out.max(axis=2, keepdims=True)
    probs = np.exp(shifted)
    total = probs.sum(axis=2, keepdims=True)
    picked = np.take_along_axis(shifted, y[:, :, None], axis=2)[:, :, 0]
    nll = np.log(total[:, :, 0]) - picked
    step_losses = (nll * mask).sum(axis=1) / n
    probs /= total
    idx_t, idx_b = np.indices(y.shape)
    probs[idx_t, idx_b, y] -= 1.0
    probs *= (mask / n)[:, :, None]
    return step_losses, probs


def sequence_loss(
    kind: str, out: np.ndarray, Y: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Dispatch on ``kind`` ("mse" or "ce"); returns ``(step_losses (T,), dloss/dout like out)``."""
    if kind == "mse":
        return mse_loss(out, Y, mask)
    return cross_entropy_loss(out, Y, mask)
