"""Counting n-gram language models with add-one smoothing, the reference for the char-LM.

Under the Markov assumption of order ``n - 1`` the next token depends on the previous
``n - 1`` only; the model estimates

    P(w | context) = (count(context, w) + 1) / (count(context) + V)

from a training sequence, with ``V`` the vocabulary size (add-one, or Laplace, smoothing, so
unseen pairs keep a little probability). The text is treated as preceded by ``n - 1`` copies
of a start marker, so even the first tokens have a full context and unigram, bigram and
trigram models are scored on exactly the same positions.
"""

from __future__ import annotations

import math

import numpy as np


class NGramModel:
    """An order-``n`` counting model over token ids ``0..vocab_size - 1``.

    ``fit(tokens)`` counts; ``log_probs(tokens, positions)`` gives ``log P(tokens[i] |
    tokens[i - n + 1 : i])`` for each ``i`` in ``positions``; ``perplexity`` is
    ``exp(-mean log P)``.
    """

    def __init__(self, order: int, vocab_size: int) -> None:
        if order < 1:
            raise ValueError(f"order must be at least 1, got {order}")
        if vocab_size < 1:
            raise ValueError(f"vocab_size must be at least 1, got {vocab_size}")
        self.order = order
        self.vocab_size = vocab_size
        self._joint_keys = np.zeros(0, dtype=np.int64)
        self._joint_counts = np.zeros(0, dtype=np.int64)
        self._context_keys = np.zeros(0, dtype=np.int64)
        self._context_counts = np.zeros(0, dtype=np.int64)

    def _contexts(self, tokens: np.ndarray) -> np.ndarray:
        """``(N,)`` integer code of the ``n - 1`` tokens before each position; the start marker
        is the id ``vocab_size``, so codes are base ``vocab_size + 1`` numbers."""
        base = self.vocab_size + 1
        padded = np.concatenate([np.full(self.order - 1, self.vocab_size), tokens])
        codes = np.zeros(len(tokens), dtype=np.int64)
        for j in range(self.order - 1):
            codes = codes * base + padded[j : j + len(tokens)]
        return codes

    def fit(self, tokens: np.ndarray) -> NGramModel:
        """Count every position of ``tokens`` ``(N,)`` int; returns ``self``."""
        tokens = np.asarray(tokens, dtype=np.int64)
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.vocab_size):
            raise ValueError("token ids must lie in [0, vocab_size)")
        contexts = self._contexts(tokens)
        self._joint_keys, self._joint_counts = np.unique(
            contexts * self.vocab_size + tokens, return_counts=True
        )
        self._context_keys, self._context_counts = np.unique(contexts, return_counts=True)
        return self

    @staticmethod
    def _lookup(keys: np.ndarray, counts: np.ndarray, query: np.ndarray) -> np.ndarray:
        where = np.searchsorted(keys, query)
        where = np.minimum(where, max(len(keys) - 1, 0))
        if len(keys) == 0:
            return np.zeros(len(query), dtype=np.int64)
        return np.where(keys[where] == query, counts[where], 0)

    def log_probs(self, tokens: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
        """Smoothed ``log P(tokens[i] | context)`` in nats for each ``i`` in ``positions``
        (all positions by default); contexts come from ``tokens`` itself."""
        tokens = np.asarray(tokens, dtype=np.int64)
        if positions is None:
            positions = np.arange(len(tokens))
        positions = np.asarray(positions, dtype=np.int64)
        contexts = self._contexts(tokens)[positions]
        joint = self._lookup(
            self._joint_keys, self._joint_counts, contexts * self.vocab_size + tokens[positions]
        )
        total = self._lookup(self._context_keys, self._context_counts, contexts)
        return np.log(joint + 1.0) - np.log(total + float(self.vocab_size))

    def perplexity(self, tokens: np.ndarray, positions: np.ndarray | None = None) -> float:
        """``exp`` of the mean negative log-probability over ``positions``."""
        lp = self.log_probs(tokens, positions)
        if lp.size == 0:
            return float("nan")
        return math.exp(-float(lp.mean()))


class KneserNeyModel:
    """Interpolated Kneser–Ney smoothing of order ``n`` (Chen & Goodman 1998), the usual
    strong counting baseline.

    ``P(w | u) = max(c(u w) − D, 0) / c(u) + D · N₁₊(u •) / c(u) · P(w | u′)``, where ``u′``
    drops the oldest token of ``u``; the highest order counts occurrences, the lower ones
    count the distinct tokens seen before (continuation counts), and the lowest order is
    interpolated with the uniform distribution over ``V`` tokens, so every token keeps
    some probability. An unseen context falls back to ``P(w | u′)``. ``D`` = 0.75.
    """

    def __init__(self, order: int, vocab_size: int, discount: float = 0.75) -> None:
        if order < 1:
            raise ValueError(f"order must be at least 1, got {order}")
        if vocab_size < 1:
            raise ValueError(f"vocab_size must be at least 1, got {vocab_size}")
        if not 0.0 < discount < 1.0:
            raise ValueError(f"discount must lie in (0, 1), got {discount}")
        self.order = order
        self.vocab_size = vocab_size
        self.discount = discount
        self._levels: list[tuple[np.ndarray, ...]] = []

    def _codes(self, tokens: np.ndarray, length: int) -> np.ndarray:
        """Code of the ``length`` tokens before each position (start markers before the text)."""
        base = self.vocab_size + 1
        padded = np.concatenate([np.full(self.order, self.vocab_size), tokens])
        n = len(tokens)
        codes = np.zeros(n, dtype=np.int64)
        for j in range(length):
            codes = codes * base + padded[self.order - length + j : self.order - length + j + n]
        return codes

    def fit(self, tokens: np.ndarray) -> KneserNeyModel:
        """Count every position of ``tokens`` ``(N,)`` int; returns ``self``."""
        tokens = np.asarray(tokens, dtype=np.int64)
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.vocab_size):
            raise ValueError("token ids must lie in [0, vocab_size)")
        V, base = self.vocab_size, self.vocab_size + 1
        self._levels = []
        for k in range(1, self.order + 1):
            context = self._codes(tokens, k - 1)
            joint = context * V + tokens
            if k == self.order:
                keys, counts = np.unique(joint, return_counts=True)
            else:
                before = self._codes(tokens, k) // base ** (k - 1)  # the token before u
                pairs = np.unique(before * (base ** (k - 1) * V) + joint)
                keys, counts = np.unique(pairs % (base ** (k - 1) * V), return_counts=True)
            contexts = keys // V
            ctx_keys, first = np.unique(contexts, return_index=True)
            totals = np.add.reduceat(counts, first) if len(counts) else counts
            followers = np.diff(np.append(first, len(contexts)))
            self._levels.append((keys, counts, ctx_keys, totals, followers))
        return self

    def log_probs(self, tokens: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
        """``log P(tokens[i] | the n − 1 tokens before)`` in nats for each ``i`` in ``positions``."""
        tokens = np.asarray(tokens, dtype=np.int64)
        if positions is None:
            positions = np.arange(len(tokens))
        positions = np.asarray(positions, dtype=np.int64)
        V, D = self.vocab_size, self.discount
        p = np.full(len(positions), 1.0 / V)
        for k, (keys, counts, ctx_keys, totals, followers) in enumerate(self._levels, start=1):
            context = self._codes(tokens, k - 1)[positions]
            c = NGramModel._lookup(keys, counts, context * V + tokens[positions])
            total = NGramModel._lookup(ctx_keys, totals, context).astype(np.float64)
            n_follow = NGramModel._lookup(ctx_keys, followers, context)
            seen = total > 0
            safe = np.where(seen, total, 1.0)
            p = np.where(seen, np.maximum(c - D, 0.0) / safe + D * n_follow / safe * p, p)
        return np.log(p)

    def perplexity(self, tokens: np.ndarray, positions: np.ndarray | None = None) -> float:
        """``exp`` of the mean negative log-probability over ``positions``."""
        lp = self.log_probs(tokens, positions)
        if lp.size == 0:
            return float("nan")
        return math.exp(-float(lp.mean()))
