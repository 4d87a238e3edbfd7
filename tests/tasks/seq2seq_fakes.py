"""Stand-in encoder–decoder models with the ``Seq2SeqModel`` interface, for exact scores."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from explorer.tasks.metrics import masked_ce
from explorer.tasks.seq2seq import EOS, PAD


def one_hot_logits(tgt: np.ndarray, vocab_size: int, scale: float = 50.0) -> np.ndarray:
    """``(U, B, V)`` logits that put (almost) all probability on ``tgt``."""
    return np.eye(vocab_size)[tgt] * scale


class MappingModel:
    """Decodes each source with ``mapping`` (a function of the source's symbol ids) and
    appends ``<eos>``; its teacher-forced logits are sure of the true target."""

    def __init__(self, vocab_size: int, mapping, append_eos: bool = True, tail=()):
        self.vocab_size = vocab_size
        self.mapping = mapping
        self.append_eos = append_eos
        self.tail = list(tail)  # written after <eos>, which scoring must ignore
        self.calls: list[tuple[tuple[int, ...], int]] = []

    def loss_and_grads(self, src, tgt, src_mask=None, tgt_mask=None, teacher_forcing=1.0):
        assert teacher_forcing == 1.0
        mask = np.ones(tgt.shape) if tgt_mask is None else tgt_mask
        return SimpleNamespace(loss=masked_ce(one_hot_logits(tgt, self.vocab_size), tgt, mask))

    def generate(self, src, max_len, src_mask=None):
        self.calls.append((src.shape, max_len))
        rows = []
        for b in range(src.shape[1]):
            ids = [int(i) for i in src[:, b] if i != PAD]
            row = list(self.mapping(ids)) + ([EOS] if self.append_eos else []) + self.tail
            rows.append(row[:max_len])
        out = np.full((max_len, src.shape[1]), PAD, dtype=np.int64)
        for b, row in enumerate(rows):
            out[: len(row), b] = row
        return out
