"""Builders that turn one evaluation example and the model's outputs into a ``TaskPanel``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explorer.tasks.base import TaskPanel
from explorer.tasks.metrics import softmax


def sequence_panel(
    title: str,
    x: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    out: np.ndarray,
    labels: Sequence[str],
    symbols: Sequence[str] = (),
    caption: str = "",
    tolerance: float = 0.1,
    correct: np.ndarray | None = None,
    caption_template: str = "",
    caption_values: dict[str, object] | None = None,
) -> TaskPanel:
    """A ``"sequence"`` panel for one example.

    ``x`` ``(T, D)`` inputs; ``y`` ``(T,)`` class indices or ``(T, O)`` regression targets
    (only the first output is shown); ``mask`` ``(T,)``; ``out`` ``(T, O)`` raw model outputs.
    Classification is recognised by ``symbols`` being non-empty; a regression step counts as
    correct when its absolute error is below ``tolerance``. ``correct`` overrides the default
    rule (Reber grammar judges by sets of legal symbols). ``caption_template`` and
    ``caption_values`` are passed on to the ``TaskPanel`` (see there).
    """
    scored = np.asarray(mask) > 0
    if symbols:
        probs = softmax(out)
        predictions = probs.argmax(axis=-1).astype(np.float64)
        y_int = np.asarray(y, dtype=np.int64)
        targets = np.where(scored, y_int, np.nan)
        target_prob = np.where(scored, probs[np.arange(len(y_int)), y_int], np.nan)
        if correct is None:
            correct = scored & (predictions == y_int)
    else:
        predictions = np.asarray(out[:, 0], dtype=np.float64)
        targets = np.where(scored, np.asarray(y)[:, 0], np.nan)
        target_prob = None
        if correct is None:
            correct = scored & (np.abs(predictions - np.nan_to_num(targets)) < tolerance)
    return TaskPanel(
        kind="sequence",
        title=title,
        caption=caption,
        caption_template=caption_template,
        caption_values=dict(caption_values or {}),
        inputs=np.array(x, dtype=np.float64),
        targets=targets,
        predictions=predictions,
        mask=scored,
        correct=np.asarray(correct, dtype=bool) & scored,
        probabilities=target_prob,
        labels=tuple(labels),
        symbols=tuple(symbols),
    )
