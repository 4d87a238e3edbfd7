"""The embedded Reber grammar: next-symbol prediction with one long-range dependency.

A Reber string walks a small finite-state graph from ``B`` to ``E``::

    state 0 -B-> 1
    state 1 -T-> 2   state 1 -P-> 3
    state 2 -S-> 2   state 2 -X-> 4
    state 3 -T-> 3   state 3 -V-> 5
    state 4 -X-> 3   state 4 -S-> 6
    state 5 -P-> 4   state 5 -V-> 6
    state 6 -E-> end

An embedded Reber string is ``B``, then ``T`` or ``P``, then a whole Reber string, then the
same ``T`` or ``P`` again, then ``E``. Inside, one step of local context is enough to guess
well; the second-to-last symbol can only be predicted by remembering the second symbol,
across the whole inner string. That step is where simple recurrent networks fail.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from explorer.tasks.base import (
    BASELINE_STREAM,
    Batch,
    Model,
    ParamSpec,
    Task,
    TaskPanel,
    input_noise_param,
    seed_param,
)
from explorer.tasks.metrics import forward_outputs, masked_ce
from explorer.tasks.panels import sequence_panel

SYMBOLS = ("B", "T", "P", "S", "X", "V", "E")
SYMBOL_INDEX = {s: i for i, s in enumerate(SYMBOLS)}

_END = "end"
REBER_GRAPH: dict[int, dict[str, int | str]] = {
    0: {"B": 1},
    1: {"T": 2, "P": 3},
    2: {"S": 2, "X": 4},
    3: {"T": 3, "V": 5},
    4: {"X": 3, "S": 6},
    5: {"P": 4, "V": 6},
    6: {"E": _END},
}
"""The plain Reber graph: state -> {symbol: next state}."""

EVAL_SIZE = 128  # small enough that an LSTM with 64 units scores it in ~20 ms
MIN_LENGTH = 9  # the shortest embedded string, e.g. BTBTXSETE
# The step that predicts the repeated branch symbol is the long-range one.
CAPTION_RIGHT = (
    "{string}: legal letters ranked first at {ok} of {steps} steps; "
    "the long-range step (predicting '{symbol}') is right"
)
CAPTION_WRONG = (
    "{string}: legal letters ranked first at {ok} of {steps} steps; "
    "the long-range step (predicting '{symbol}') is wrong"
)


def _transitions(state: tuple) -> dict[str, tuple | str]:
    """Legal symbols and successor states of the embedded grammar's automaton.

    States: ``("outer", 0)`` before ``B``, ``("outer", 1)`` before the branch symbol,
    ``("inner", branch, q)`` inside the embedded Reber string at graph state ``q``,
    ``("close", branch)`` before the repeated branch symbol, ``("outer", 2)`` before the
    final ``E``. The grammar is deterministic, so a prefix fixes the state.
    """
    kind = state[0]
    if kind == "outer" and state[1] == 0:
        return {"B": ("outer", 1)}
    if kind == "outer" and state[1] == 1:
        return {"T": ("inner", "T", 0), "P": ("inner", "P", 0)}
    if kind == "inner":
        branch, q = state[1], state[2]
        return {
            sym: ("close", branch) if nxt == _END else ("inner", branch, nxt)
            for sym, nxt in REBER_GRAPH[q].items()
        }
    if kind == "close":
        return {state[1]: ("outer", 2)}
    if kind == "outer" and state[1] == 2:
        return {"E": _END}
    return {}


def legal_next_sets(s: str) -> list[frozenset[str]]:
    """For each position ``i`` of an embedded Reber string, the set of symbols that may follow
    ``s[: i + 1]`` (empty after the final ``E``). Raises ``ValueError`` at the first illegal
    symbol."""
    state: tuple | str = ("outer", 0)
    sets = []
    for i, sym in enumerate(s):
        options = _transitions(state) if state != _END else {}
        if sym not in options:
            raise ValueError(f"not an embedded Reber string: {sym!r} at position {i} of {s!r}")
        state = options[sym]
        sets.append(frozenset(_transitions(state)) if state != _END else frozenset())
    return sets


def is_embedded_reber(s: str) -> bool:
    """True when ``s`` is a complete string of the embedded Reber grammar."""
    try:
        sets = legal_next_sets(s)
    except ValueError:
        return False
    return bool(sets) and not sets[-1]


def is_reber(s: str) -> bool:
    """True when ``s`` is a complete string of the plain (inner) Reber grammar."""
    q: int | str = 0
    for sym in s:
        if q == _END or sym not in REBER_GRAPH[q]:
            return False
        q = REBER_GRAPH[q][sym]
    return q == _END


def sample_embedded_reber(rng: np.random.Generator, max_length: int | None = None) -> str:
    """One embedded Reber string, choosing uniformly among the legal symbols at each step.

    With ``max_length``, longer strings are drawn again (the loops make length unbounded),
    which slightly favours short strings; ``max_length`` must be at least 9.
    """
    if max_length is not None and max_length < MIN_LENGTH:
        raise ValueError(f"max_length must be at least {MIN_LENGTH}, got {max_length}")
    while True:
        state: tuple | str = ("outer", 0)
        out = []
        while state != _END:
            options = _transitions(state)
            sym = list(options)[int(rng.integers(len(options)))]
            out.append(sym)
            state = options[sym]
            if max_length is not None and len(out) > max_length:
                break
        if max_length is None or len(out) <= max_length:
            return "".join(out)


class ReberTask(Task):
    """Next-symbol prediction on embedded Reber strings, padded to ``seq_len`` with mask 0.

    The headline metric ``strings_correct`` is the usual criterion: a string counts as
    learned when, at every step, the ``k`` most likely predicted symbols are exactly the
    ``k`` legal next symbols. Because choices are random, the loss cannot reach 0; its floor
    is reported as the ``"ideal loss"`` baseline (mean of ln(number of legal choices)).
    """

    key = "reber"
    title = "Embedded Reber grammar"
    caption_templates = (CAPTION_RIGHT, CAPTION_WRONG)
    evaluation_metrics = ("loss", "strings_correct", "steps_correct")
    description = (
        "Strings from a small grammar of the letters B T P S X V E. At each step the network "
        "guesses the next letter. Most steps need only recent context, but the second-to-last "
        "letter always repeats the second letter, so getting it right means remembering it "
        "across the whole string. A string counts as learned when, at every step, the "
        "letters the network ranks highest are exactly the ones the grammar allows."
    )
    params = (
        ParamSpec(
            "seq_len",
            "int",
            24,
            MIN_LENGTH - 1,
            100,
            help="Padded length T; strings longer than T + 1 letters are drawn again.",
        ),
        input_noise_param("Standard deviation of Gaussian noise added to the one-hot inputs."),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.input_size = len(SYMBOLS)
        self.output_size = len(SYMBOLS)
        self.loss = "ce"
        self.metric_name = "strings_correct"
        self.metric_higher_is_better = True
        self.solved_threshold = 0.99
        self.solved_description = "strings correct ≥ 0.99"

    def _encode(self, strings: list[str], rng: np.random.Generator):
        """``(X, Y, mask, legal)``; ``legal`` ``(T, B, 7)`` bool marks the legal next symbols."""
        T, n, V = self.seq_len, len(strings), len(SYMBOLS)
        X = np.zeros((T, n, V))
        Y = np.zeros((T, n), dtype=np.int64)
        mask = np.zeros((T, n))
        legal = np.zeros((T, n, V), dtype=bool)
        for b, s in enumerate(strings):
            idx = [SYMBOL_INDEX[c] for c in s]
            steps = len(s) - 1
            X[np.arange(steps), b, idx[:-1]] = 1.0
            Y[:steps, b] = idx[1:]
            mask[:steps, b] = 1.0
            for t, options in enumerate(legal_next_sets(s)[:steps]):
                legal[t, b, [SYMBOL_INDEX[c] for c in options]] = True
        X += rng.normal(0.0, 1.0, size=X.shape) * self.p["noise"] * mask[..., None]
        return X, Y, mask, legal

    def _strings(self, n: int, rng: np.random.Generator) -> list[str]:
        return [sample_embedded_reber(rng, self.seq_len + 1) for _ in range(n)]

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``X`` ``(T, B, 7)`` one-hot current symbol, ``Y`` ``(T, B)`` int64 next symbol,
        ``mask`` ``(T, B)`` 1 on real steps, 0 on padding."""
        return self._encode(self._strings(batch_size, rng), rng)[:3]

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        self._eval_strings = self._strings(EVAL_SIZE, rng)
        X, Y, mask, legal = self._encode(self._eval_strings, rng)
        legal.setflags(write=False)
        self._eval_legal = legal
        return X, Y, mask

    def eval_strings(self) -> list[str]:
        """The evaluation strings, in the order of the evaluation batch."""
        self.eval_set()
        return list(self._eval_strings)

    @staticmethod
    def _steps_correct(logits: np.ndarray, legal: np.ndarray) -> np.ndarray:
        """``(T, B)`` bool: the top-k outputs are exactly the k legal symbols.

        Equivalent test without sorting: every legal logit beats every illegal one.
        """
        lowest_legal = np.where(legal, logits, np.inf).min(axis=-1)
        highest_illegal = np.where(legal, -np.inf, logits).max(axis=-1)
        return lowest_legal > highest_illegal

    def _compute_baseline(self) -> dict[str, float]:
        X, Y, mask = self.eval_set()
        # A bigram model (next symbol given the current one only) trained on fresh strings:
        # what one step of memory achieves.
        rng = np.random.default_rng([self.p["seed"], BASELINE_STREAM])
        counts = np.ones((len(SYMBOLS), len(SYMBOLS)))  # add-one smoothing
        for s in self._strings(2000, rng):
            for a, b in itertools.pairwise(s):
                counts[SYMBOL_INDEX[a], SYMBOL_INDEX[b]] += 1
        bigram_logits = np.log(counts / counts.sum(axis=1, keepdims=True))
        current = X.argmax(axis=-1)
        bigram_loss = masked_ce(bigram_logits[current], Y, mask)
        choices = self._eval_legal.sum(axis=-1)
        ideal = float((mask * np.log(np.maximum(choices, 1))).sum() / mask.sum())
        return {"loss": bigram_loss, "ideal loss": ideal, "uniform loss": math.log(len(SYMBOLS))}

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "strings_correct", "steps_correct"}``; ``steps_correct`` is the fraction of
        real steps where the top-k predictions are exactly the legal next symbols."""
        X, Y, mask = self.eval_set()
        out = forward_outputs(model, X)
        ok = self._steps_correct(out, self._eval_legal) | (mask == 0)
        return {
            "loss": masked_ce(out, Y, mask),
            "strings_correct": float(ok.all(axis=0).mean()),
            "steps_correct": float(((ok & (mask > 0)).sum()) / mask.sum()),
        }

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        X, Y, mask = self.eval_set()
        b = example % X.shape[1]
        s = self._eval_strings[b]
        steps = len(s) - 1
        out = forward_outputs(model, X[:steps, b : b + 1])[:, 0]
        ok = self._steps_correct(out, self._eval_legal[:steps, b])
        values = {"string": s, "ok": int(ok.sum()), "steps": steps, "symbol": s[-2]}
        return sequence_panel(
            self.title,
            X[:steps, b],
            Y[:steps, b],
            mask[:steps, b],
            out,
            labels=SYMBOLS,
            symbols=SYMBOLS,
            caption_template=CAPTION_RIGHT if ok[-2] else CAPTION_WRONG,
            caption_values=values,
            correct=ok,
        )
