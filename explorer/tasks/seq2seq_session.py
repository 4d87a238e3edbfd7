"""A sequence-to-sequence task seen through the ``Task`` interface, for the training session.

The session trains every model on ``(X, Y, mask)`` batches over one time axis. An
encoder–decoder run lays its two halves on that axis one after the other: the ``S`` source
steps (the encoder reads them; nothing is scored), then the ``U`` target steps (the decoder
writes them; the target tokens are scored). So one batch is

- ``X`` ``(S + U, B)`` int64: the source ids in rows ``0 … S − 1``, ``<pad>`` after;
- ``Y`` ``(S + U, B)`` int64: ``<pad>`` in the source rows, the target ids (``<eos>`` included)
  in rows ``S …``;
- ``mask`` ``(S + U, B)`` float64: 0 in the source rows, the target mask after.

Every target has at least one token (its ``<eos>``), so row ``S`` is the first row of the
mask with a one in it (``split_batch``). The source mask is "not ``<pad>``": real source
tokens are symbols, never ``<pad>``.

``evaluate`` and ``panel`` hand the encoder–decoder itself (``model.net`` when the session
wraps it) to the wrapped :class:`~explorer.tasks.seq2seq.Seq2SeqTask`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from explorer.tasks.base import Batch, Task, TaskPanel
from explorer.tasks.seq2seq import PAD, Seq2SeqBatch, Seq2SeqTask

PANEL_CAPTION = "{right} of {tokens} target tokens right in free running; source: {source}"


def unified_batch(batch: Seq2SeqBatch) -> Batch:
    """``(X, Y, mask)`` of ``batch`` on one time axis (see the module docstring)."""
    S, B = batch.src.shape
    U = batch.tgt.shape[0]
    X = np.full((S + U, B), PAD, dtype=np.int64)
    X[:S] = batch.src
    Y = np.full((S + U, B), PAD, dtype=np.int64)
    Y[S:] = batch.tgt
    mask = np.zeros((S + U, B))
    mask[S:] = batch.tgt_mask
    return X, Y, mask


def source_steps(mask: np.ndarray) -> int:
    """``S``: the index of the first row of ``mask`` ``(S + U, B)`` that scores anything."""
    scored = np.flatnonzero(np.asarray(mask).any(axis=1))
    if scored.size == 0:
        raise ValueError("seq2seq batch: no target step is scored, so there is no decoder part")
    return int(scored[0])


def split_batch(X: np.ndarray, Y: np.ndarray, mask: np.ndarray) -> Seq2SeqBatch:
    """The :class:`Seq2SeqBatch` that ``unified_batch`` laid out as ``(X, Y, mask)``."""
    X, Y, mask = np.asarray(X), np.asarray(Y), np.asarray(mask, dtype=np.float64)
    if X.ndim != 2 or Y.shape != X.shape or mask.shape != X.shape:
        raise ValueError(
            "seq2seq batch: X, Y and mask must all be (S + U, B) arrays, got "
            f"{X.shape}, {Y.shape} and {mask.shape}"
        )
    S = source_steps(mask)
    if S == 0:
        raise ValueError("seq2seq batch: the source part is empty")
    src = X[:S].astype(np.int64)
    return Seq2SeqBatch(src, (src != PAD).astype(np.float64), Y[S:].astype(np.int64), mask[S:])


def net_of(model: Any) -> Any:
    """The encoder–decoder of ``model`` (the session's wrapper keeps it as ``net``)."""
    return getattr(model, "net", model)


class Seq2SeqSessionTask(Task):
    """A :class:`Seq2SeqTask` with the batch layout above; every score is the wrapped task's.

    ``input_size`` and ``output_size`` are the vocabulary size ``V`` (source and target
    share one vocabulary), ``seq_len`` the longest ``S + U`` a batch can have.
    """

    evaluation_metrics: ClassVar[tuple[str, ...]] = (
        "loss",
        "token_accuracy",
        "exact_match",
        "teacher_forced_accuracy",
        "exposure_gap",
    )

    def __init__(self, inner: Seq2SeqTask) -> None:
        # The wrapped task has validated its parameters; this adapter has none of its own.
        self.inner = inner
        self.key = inner.key
        self.title = inner.title
        self.description = inner.description
        self.params = inner.params
        self.caption_templates = (PANEL_CAPTION,)
        self.p = inner.p
        self._eval_set = None
        self._baseline = None
        self.input_size = inner.vocab_size
        self.output_size = inner.vocab_size
        self.loss = "ce"
        data = inner.eval_set()
        self.seq_len = int(data.src.shape[0] + data.tgt.shape[0])
        self.metric_name = inner.metric_name
        self.metric_higher_is_better = True
        self.solved_threshold = inner.solved_threshold
        self.solved_description = inner.solved_description
        self.bos_id, self.eos_id = inner.bos_id, inner.eos_id

    @property
    def vocab_size(self) -> int:
        """``V``, the size of the shared vocabulary."""
        return self.inner.vocab_size

    def settings(self) -> dict[str, Any]:
        """The wrapped task's validated parameters."""
        return self.inner.settings()

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``batch_size`` fresh pairs as ``(X, Y, mask)`` on one time axis."""
        return unified_batch(self.inner.batch(batch_size, rng))

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        return unified_batch(self.inner.eval_set())

    def _compute_baseline(self) -> dict[str, float]:
        return self.inner.baseline

    def evaluate(self, model: Any) -> dict[str, float]:
        """The wrapped task's scores of the encoder–decoder (see ``Seq2SeqTask.evaluate``)."""
        return self.inner.evaluate(net_of(model))

    def solved(self, metrics: dict[str, float]) -> bool:
        """Whether the exact match has reached the threshold."""
        return self.inner.solved(metrics)

    def panel(self, model: Any, example: int = 0) -> TaskPanel:
        """One evaluation pair on one axis: the source tokens, then the target tokens with
        the greedy (free-running) decoding under them."""
        net = net_of(model)
        inner = self.inner
        data = inner.eval_set()
        one = data.column(example % data.size)
        decoded = inner.decode_greedy(net, one)[:, 0]
        src_len = int(one.src_mask[:, 0].sum())
        tgt_len = int(one.tgt_mask[:, 0].sum())
        tokens = inner.vocab.tokens
        V = len(tokens)
        T = src_len + tgt_len
        inputs = np.zeros((T, V))
        inputs[np.arange(src_len), one.src[:src_len, 0]] = 1.0
        targets = np.full(T, np.nan)
        targets[src_len:] = one.tgt[:tgt_len, 0]
        predictions = np.full(T, float(PAD))
        predictions[src_len:] = decoded[:tgt_len]
        scored = np.zeros(T, dtype=bool)
        scored[src_len:] = True
        correct = scored & (predictions == np.nan_to_num(targets, nan=-1.0))
        return TaskPanel(
            kind="sequence",
            title=inner.title,
            caption_template=PANEL_CAPTION,
            caption_values={
                "right": int(correct.sum()),
                "tokens": tgt_len,
                "source": inner.text(one.src[:, 0]),
            },
            inputs=inputs,
            targets=targets,
            predictions=predictions,
            mask=scored,
            correct=correct,
            labels=tuple(tokens),
            symbols=tuple(tokens),
        )
