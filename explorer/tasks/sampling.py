"""The two ways d2l cuts a long token stream into training minibatches.

**Random sampling** takes every sequence of a batch from an independent random start; two
neighbouring batches have nothing to do with each other, so every batch starts from the zero
state. The char-LM's ``batch`` does this with the run's random generator.

**Sequential partitioning** (d2l's ``seq_data_iter_sequential``) first drops a random number
of leading tokens (fewer than ``seq_len``), then cuts the rest into ``batch_size`` equal rows
and reads each row left to right, ``seq_len`` tokens per batch. Row ``b`` of batch ``i + 1``
therefore continues row ``b`` of batch ``i`` exactly where it stopped, so the final hidden
state of one iteration is a sensible initial state for the next. A training loop carries
the state across and cuts the gradient at the boundary (it detaches the state): regular
truncation of BPTT as d2l shows it. When the rows are used up an epoch ends, a new random
offset is drawn, and the state must be reset. A text shorter than ``batch_size × seq_len``
cannot give every row a stretch of its own; then the rows overlap and each batch is an epoch
of its own, so nothing is carried (see ``fits``).

The position in the stream is a plain integer, the number of batches drawn so far: batch
``position`` is a pure function of the tokens, ``seq_len``, ``batch_size``, the seed and that
integer. A session stores ``(seed, position)`` and replays or restores any point of a run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLING_SCHEMES = ("random", "sequential")
SAMPLING_STREAM = 4
"""Offset into ``np.random.default_rng([seed, SAMPLING_STREAM, epoch])``: the epoch offsets
share no random numbers with the evaluation set or the baselines."""


@dataclass(frozen=True)
class PartitionLayout:
    """How one epoch of sequential partitioning cuts the tokens.

    ``offset`` tokens are skipped; row ``b`` then starts at ``offset + floor(b * stride)``;
    ``batches`` is how many full ``seq_len`` windows each row holds. d2l's rows are disjoint
    (``stride`` is the row length); on a text too short for that, see ``fits``.
    """

    offset: int
    stride: float
    batches: int

    def row_starts(self, batch_size: int) -> np.ndarray:
        """``(B,)`` int: where each row starts."""
        return self.offset + np.floor(np.arange(batch_size) * self.stride).astype(np.int64)


def fits(num_tokens: int, seq_len: int, batch_size: int) -> bool:
    """Whether the text gives every row its own stretch of at least one window (d2l's case).

    A shorter text (the built-in Zen of Python holds 856 characters, less than 32 rows of 32)
    still gives batches: then each row is a single window, the rows overlap, spread evenly
    over the text, and every batch starts a new epoch, so no state is carried.
    """
    return num_tokens - 1 >= batch_size * seq_len


def max_offset(num_tokens: int, seq_len: int, batch_size: int) -> int:
    """The largest leading skip that still leaves every row one full window plus its target.

    d2l draws the skip from ``[0, seq_len - 1]``; on a short text we allow less, so that the
    layout never comes out empty. Raises ``ValueError`` when the text is not longer than one
    window.
    """
    if num_tokens - 1 < seq_len:
        raise ValueError(
            f"sequential sampling: seq_len {seq_len} needs at least {seq_len + 1} tokens, "
            f"the text has {num_tokens}"
        )
    rows = batch_size if fits(num_tokens, seq_len, batch_size) else 1
    return min(seq_len - 1, num_tokens - 1 - rows * seq_len)


def epoch_layout(
    num_tokens: int, seq_len: int, batch_size: int, seed: int, epoch: int
) -> PartitionLayout:
    """The layout of epoch ``epoch`` (0-based); its offset comes from the seed and the epoch."""
    rng = np.random.default_rng([seed, SAMPLING_STREAM, epoch])
    offset = int(rng.integers(0, max_offset(num_tokens, seq_len, batch_size) + 1))
    if fits(num_tokens, seq_len, batch_size):
        row_length = (num_tokens - offset - 1) // batch_size
        return PartitionLayout(offset, float(row_length), row_length // seq_len)
    spread = (num_tokens - 1 - offset - seq_len) / max(batch_size - 1, 1)
    return PartitionLayout(offset, spread, 1)


def batches_per_epoch(num_tokens: int, seq_len: int, batch_size: int) -> int:
    """Batches in the shortest epoch layout (the largest offset), used to number positions.

    Every epoch is given this many batches, so ``position → (epoch, index)`` does not depend
    on which offsets were drawn.
    """
    if not fits(num_tokens, seq_len, batch_size):
        return 1
    offset = max_offset(num_tokens, seq_len, batch_size)
    return (num_tokens - offset - 1) // batch_size // seq_len


def sequential_batch(
    tokens: np.ndarray, seq_len: int, batch_size: int, seed: int, position: int
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Batch number ``position`` of the sequential stream.

    Returns ``inputs`` and ``targets``, both ``(seq_len, batch_size)`` int64 and time-major
    (``targets`` is ``inputs`` one token later), and ``continues``: whether every row of this
    batch continues the same row of batch ``position - 1`` (False at the start of an epoch,
    where a carried state must be reset). It assumes both batches had ``batch_size`` rows: a
    run that changes the batch size should reset the state there as well.
    """
    if position < 0:
        raise ValueError(f"sequential sampling: position must be >= 0, got {position}")
    tokens = np.asarray(tokens)
    per_epoch = batches_per_epoch(len(tokens), seq_len, batch_size)
    epoch, index = divmod(position, per_epoch)
    layout = epoch_layout(len(tokens), seq_len, batch_size, seed, epoch)
    starts = layout.row_starts(batch_size) + index * seq_len  # (B,)
    window = starts[None, :] + np.arange(seq_len)[:, None]  # (T, B)
    return tokens[window].astype(np.int64), tokens[window + 1].astype(np.int64), index > 0


class SequentialStream:
    """A resumable cursor over ``sequential_batch``: ``position`` counts the batches drawn.

    ``state()`` and ``restore(state)`` save and set ``(seed, position)`` as plain integers.
    """

    def __init__(self, tokens: np.ndarray, seq_len: int, seed: int, position: int = 0) -> None:
        self.tokens = np.asarray(tokens)
        self.seq_len = seq_len
        self.seed = seed
        self.position = position
        self.last_continues = False

    def next(self, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """The next ``(inputs, targets)``, both ``(seq_len, batch_size)`` int64; advances the
        position and sets ``last_continues`` (see ``sequential_batch``)."""
        inputs, targets, continues = sequential_batch(
            self.tokens, self.seq_len, batch_size, self.seed, self.position
        )
        self.position += 1
        self.last_continues = continues
        return inputs, targets

    def continues_at(self, position: int, batch_size: int) -> bool:
        """Whether batch ``position`` continues batch ``position - 1`` (the state may be
        carried into it)."""
        per_epoch = batches_per_epoch(len(self.tokens), self.seq_len, batch_size)
        return position % per_epoch != 0

    def state(self) -> dict[str, int]:
        """``{"seed", "position"}``: all it takes to resume the stream."""
        return {"seed": int(self.seed), "position": int(self.position)}

    def restore(self, state: dict[str, int]) -> None:
        """Resume from a ``state()``; raises ``ValueError`` on a malformed one."""
        try:
            seed, position = state["seed"], state["position"]
        except (KeyError, TypeError):
            raise ValueError(
                f"sequential sampling: state must have 'seed' and 'position', got {state!r}"
            ) from None
        for name, value in (("seed", seed), ("position", position)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"sequential sampling: {name!r} must be an integer >= 0, got {value!r}"
                )
        self.seed, self.position = seed, position
