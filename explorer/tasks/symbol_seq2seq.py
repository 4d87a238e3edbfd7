"""Copy and reverse: the two classic sequence-to-sequence warm-ups, on random letter strings.

The source is a string of ``min_length`` to ``max_length`` random letters; the target is the
same string (copy) or the same string backwards (reverse), followed by ``<eos>``. Reversing
is the easier of the two for an encoder–decoder without attention: the first letters to
write are the last ones read, still fresh in the context (Sutskever et al. reversed their
source sentences for that reason).
"""

from __future__ import annotations

import string

import numpy as np

from explorer.tasks.base import ParamSpec, seed_param
from explorer.tasks.seq2seq import FIRST_SYMBOL, Seq2SeqTask, Seq2SeqVocab

LETTERS = string.ascii_lowercase
MAX_LENGTH = 30


def length_params(default_min: int = 3, default_max: int = 8) -> tuple[ParamSpec, ...]:
    """``min_length``, ``max_length`` and ``n_symbols`` of the letter-string tasks."""
    return (
        ParamSpec(
            "min_length",
            "int",
            default_min,
            1,
            MAX_LENGTH,
            help="Shortest source string.",
        ),
        ParamSpec(
            "max_length",
            "int",
            default_max,
            1,
            MAX_LENGTH,
            help="Longest source string.",
        ),
        ParamSpec(
            "n_symbols",
            "int",
            8,
            2,
            len(LETTERS),
            help="How many different letters the strings use.",
        ),
    )


class LetterStringTask(Seq2SeqTask):
    """Random letter strings mapped by ``transform``; see the module docstring."""

    params = (*length_params(), seed_param())

    def __init__(self, **params) -> None:
        super().__init__(**params)
        if self.p["min_length"] > self.p["max_length"]:
            raise ValueError(
                f"{self.key}: parameter 'min_length' ({self.p['min_length']}) must not exceed "
                f"'max_length' ({self.p['max_length']})"
            )
        self.vocab = Seq2SeqVocab(tuple(LETTERS[: self.p["n_symbols"]]))

    @staticmethod
    def transform(ids: list[int]) -> list[int]:
        """The target ids of source ``ids``."""
        raise NotImplementedError

    def _pairs(self, n: int, rng: np.random.Generator) -> list[tuple[list[int], list[int]]]:
        lengths = rng.integers(self.p["min_length"], self.p["max_length"] + 1, size=n)
        pairs = []
        for length in lengths:
            ids = (rng.integers(0, self.p["n_symbols"], size=length) + FIRST_SYMBOL).tolist()
            pairs.append((ids, self.transform(ids)))
        return pairs


class CopyTask(LetterStringTask):
    """The target is the source."""

    key = "copy"
    title = "Copy"
    description = (
        "Read a string of letters, then write it again and end with <eos>. The encoder must "
        "pack the whole string into its final state; the decoder unpacks it in order."
    )

    @staticmethod
    def transform(ids: list[int]) -> list[int]:
        return list(ids)


class ReverseTask(LetterStringTask):
    """The target is the source backwards."""

    key = "reverse"
    title = "Reverse"
    description = (
        "Read a string of letters, then write it backwards and end with <eos>. The first "
        "letters to write are the last ones read, which makes this easier than copying."
    )

    @staticmethod
    def transform(ids: list[int]) -> list[int]:
        return ids[::-1]
