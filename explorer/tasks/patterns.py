"""The sequence patterns of the course notes, one small task each, all for the same cell.

Where inputs arrive and which outputs are scored decides the pattern; the cell, the loss and
the training loop stay the same. With ``L = length`` symbols out of ``n_symbols``:

``one-to-many``
    One input, at the first step: a symbol ``k``. The network then counts up from it, one
    output per step: ``k, k+1, k+2, …`` (mod ``n``). ``T = L``; every step scored.
``many-to-one``
    ``L`` symbols in; one answer, at the last step: the symbol seen most often (the data
    never ties). ``T = L``; only the last step scored.
``synchronous``
    Many-to-many in step: ``L`` symbols in, and at every step the largest symbol so far.
    ``T = L``; every step scored.
``asynchronous``
    Many-to-many with a delay, as in translation or the notes' chatbot: ``L`` symbols in,
    then an end mark, then the ``L`` symbols again, in order, while nothing more comes in.
    ``T = 2 L + 1``; the last ``L`` steps scored.

Inputs are one-hot over the symbols plus an "end" channel; steps that take no input are all
zeros (noise, when asked for, is added only where there is input).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from explorer.tasks.base import (
    Batch,
    Model,
    ParamSpec,
    Task,
    TaskPanel,
    input_noise_param,
    seed_param,
)
from explorer.tasks.metrics import forward_outputs, masked_accuracy, masked_ce
from explorer.tasks.panels import sequence_panel

PATTERNS = ("one-to-many", "many-to-one", "synchronous", "asynchronous")
SYMBOL_NAMES = "ABCDEFGH"
EVAL_SIZE = 128
CAPTION = "input at {inputs} of {steps} steps, {scored} scored, {right} right"


@dataclasses.dataclass(frozen=True, eq=False)
class PatternPanel(TaskPanel):
    """A ``"sequence"`` panel that also says which pattern it shows and which steps take
    input (``input_steps`` ``(T,)`` bool); the scored steps are ``mask``, as for every
    sequence panel."""

    pattern: str = ""
    input_steps: np.ndarray | None = None


def pattern_steps(pattern: str, length: int) -> tuple[np.ndarray, np.ndarray]:
    """``(input_steps, scored_steps)``, both ``(T,)`` bool, for ``pattern`` with ``length``
    symbols: the picture of the pattern, without any data."""
    if pattern not in PATTERNS:
        raise ValueError(
            f"patterns: 'pattern' must be one of {', '.join(PATTERNS)}, got {pattern!r}"
        )
    T = sequence_length(pattern, length)
    inputs = np.zeros(T, dtype=bool)
    scored = np.zeros(T, dtype=bool)
    if pattern == "one-to-many":
        inputs[0] = True
        scored[:] = True
    elif pattern == "many-to-one":
        inputs[:] = True
        scored[-1] = True
    elif pattern == "synchronous":
        inputs[:] = True
        scored[:] = True
    else:
        inputs[: length + 1] = True
        scored[length + 1 :] = True
    return inputs, scored


def sequence_length(pattern: str, length: int) -> int:
    """``T`` for ``pattern``: ``2 L + 1`` for the asynchronous one, ``L`` otherwise."""
    return 2 * length + 1 if pattern == "asynchronous" else length


def most_frequent_without_ties(tokens: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Make each column of ``tokens`` ``(L, B)`` have one most frequent symbol, in place, by
    turning one occurrence of a tied rival into the winner; returns the winners ``(B,)``."""
    B = tokens.shape[1]
    winners = np.empty(B, dtype=np.int64)
    for b in range(B):
        counts = np.bincount(tokens[:, b], minlength=n)
        tied = np.flatnonzero(counts == counts.max())
        winner = int(tied[rng.integers(len(tied))])
        if len(tied) > 1:
            rival_steps = np.flatnonzero(np.isin(tokens[:, b], tied[tied != winner]))
            tokens[rival_steps[rng.integers(len(rival_steps))], b] = winner
        winners[b] = winner
    return winners


class PatternsTask(Task):
    """One of four sequence patterns (``pattern``), see the module docstring."""

    key = "patterns"
    title = "Sequence patterns"
    description = (
        "The same recurrent cell in four set-ups. One-to-many: one symbol in, then count up "
        "from it. Many-to-one: a sequence in, one answer at the end (the most frequent "
        "symbol). Synchronous many-to-many: an answer at every step (the largest symbol so "
        "far). Asynchronous many-to-many: a sequence in, then repeat it after an end mark."
    )
    caption_templates = (CAPTION,)
    evaluation_metrics = ("loss", "accuracy")
    params = (
        ParamSpec(
            "pattern",
            "choice",
            "synchronous",
            choices=PATTERNS,
            help="Where the inputs arrive and which steps are scored.",
        ),
        ParamSpec(
            "length",
            "int",
            6,
            2,
            50,
            help="Number of symbols L the sequence reads or writes.",
        ),
        ParamSpec(
            "n_symbols",
            "int",
            4,
            2,
            len(SYMBOL_NAMES),
            help="How many different symbols there are; chance accuracy is 1/n.",
        ),
        input_noise_param(),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.pattern = self.p["pattern"]
        n = self.p["n_symbols"]
        self.seq_len = sequence_length(self.pattern, self.p["length"])
        self.symbols = tuple(SYMBOL_NAMES[:n])
        self.input_labels = (*self.symbols, "end")
        self.input_size = n + 1
        self.output_size = n
        self.loss = "ce"
        self.metric_name = "accuracy"
        self.metric_higher_is_better = True
        self.solved_threshold = 0.99
        self.solved_description = "accuracy ≥ 0.99"

    # ----------------------------------------------------------------------------- data
    def steps(self) -> tuple[np.ndarray, np.ndarray]:
        """``(input_steps, scored_steps)`` of this task, both ``(T,)`` bool."""
        return pattern_steps(self.pattern, self.p["length"])

    def _tokens_and_targets(
        self, B: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Input symbol per step (``-1`` = no symbol) and target per step, both ``(T, B)``."""
        L, n, T = self.p["length"], self.p["n_symbols"], self.seq_len
        tokens = np.full((T, B), -1, dtype=np.int64)
        targets = np.zeros((T, B), dtype=np.int64)
        if self.pattern == "one-to-many":
            start = rng.integers(0, n, size=B)
            tokens[0] = start
            targets[:] = (start[None, :] + np.arange(T)[:, None]) % n
        elif self.pattern == "many-to-one":
            tokens[:] = rng.integers(0, n, size=(T, B))
            targets[-1] = most_frequent_without_ties(tokens, n, rng)
        elif self.pattern == "synchronous":
            tokens[:] = rng.integers(0, n, size=(T, B))
            targets[:] = np.maximum.accumulate(tokens, axis=0)
        else:
            tokens[:L] = rng.integers(0, n, size=(L, B))
            targets[L + 1 :] = tokens[:L]
        return tokens, targets

    def _sample(self, B: int, rng: np.random.Generator) -> Batch:
        n, T = self.p["n_symbols"], self.seq_len
        tokens, Y = self._tokens_and_targets(B, rng)
        X = np.zeros((T, B, n + 1))
        t, b = np.nonzero(tokens >= 0)
        X[t, b, tokens[t, b]] = 1.0
        input_steps, scored = self.steps()
        if self.pattern == "asynchronous":
            X[self.p["length"], :, n] = 1.0  # the end mark
        noise = rng.normal(0.0, 1.0, size=X.shape) * self.p["noise"]
        X += noise * input_steps[:, None, None]
        mask = np.repeat(scored[:, None], B, axis=1).astype(np.float64)
        return X, Y, mask

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``X`` ``(T, B, n + 1)``, ``Y`` ``(T, B)`` int64, ``mask`` ``(T, B)`` 1 at the
        scored steps of the pattern."""
        return self._sample(batch_size, rng)

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        return self._sample(EVAL_SIZE, rng)

    # ----------------------------------------------------------------------------- scoring
    def _compute_baseline(self) -> dict[str, float]:
        n = self.output_size
        return {"loss": math.log(n), "accuracy": 1.0 / n}

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "accuracy"}`` over the scored steps."""
        X, Y, mask = self.eval_set()
        out = forward_outputs(model, X)
        return {"loss": masked_ce(out, Y, mask), "accuracy": masked_accuracy(out, Y, mask)}

    def panel(self, model: Model, example: int = 0) -> PatternPanel:
        X, Y, mask = self.eval_set()
        b = example % X.shape[1]
        out = forward_outputs(model, X[:, b : b + 1])[:, 0]
        result = sequence_panel(
            self.title, X[:, b], Y[:, b], mask[:, b], out, self.input_labels, self.symbols
        )
        input_steps, scored = self.steps()
        values = {
            "inputs": int(input_steps.sum()),
            "steps": self.seq_len,
            "scored": int(scored.sum()),
            "right": int(result.correct.sum()),
        }
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(TaskPanel)}
        fields.update(caption="", caption_template=CAPTION, caption_values=values)
        return PatternPanel(**fields, pattern=self.pattern, input_steps=input_steps)
