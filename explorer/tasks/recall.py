"""Delayed recall: see a symbol, wait through distractors, name the symbol when cued."""

from __future__ import annotations

import numpy as np

from explorer.tasks.base import Batch, ParamSpec, input_noise_param, seed_param
from explorer.tasks.classification import ManyToOneClassificationTask

SYMBOL_NAMES = "ABCDEFGHIJKLMNOP"


class RecallTask(ManyToOneClassificationTask):
    """Step 1 shows one of ``n_symbols`` symbols (one-hot), the next ``lag`` steps are
    distractors, and the last step shows a recall cue; the network must then output the
    first symbol. Sequences have ``T = lag + 2`` steps.

    Inputs have ``n_symbols + 2`` channels: the symbols, "distractor", "cue". What the
    waiting steps show is the ``distractors`` parameter:

    - ``"symbols"`` (default): a random symbol each step, with the distractor channel at 1 to
      flag it as one to ignore. Storing only the unflagged symbol needs an input that is let
      in or shut out depending on another input, which is what an LSTM's input gate does.
    - ``"random"``: a fresh value from U(0, 1) on the distractor channel.
    - ``"constant"``: the distractor channel at 1. Every sequence with the same symbol is then
      identical, so a vanilla RNN can read the answer from tiny leftovers of the first input.

    A vanilla RNN can hold one of a few symbols by letting its tanh units saturate into one
    of a few stable patterns, and trained with Adam it often finds such patterns: with 4
    symbols it solved lags of 30 to 80 in some of our runs, and with 8 symbols at lag 50 in
    one run of five. With 16 symbols at lag 50 (the defaults) it solved none of five, while
    an LSTM solved all five (settings in ``explorer/tasks/defaults.py``).
    """

    key = "recall"
    title = "Delayed recall"
    description = (
        "The first step shows one of a few symbols. Then come many steps of other symbols, "
        "flagged as distractors, and finally a cue asks: which symbol came first? The network "
        "has to let the first symbol into its memory, shut out all later ones, and hold it "
        "through the whole delay. Guessing gives accuracy 1/n; the task counts as solved "
        "at 99 %."
    )
    params = (
        ParamSpec(
            "lag",
            "int",
            50,
            1,
            200,
            help="Number of distractor steps between the symbol and the cue (T = lag + 2).",
        ),
        ParamSpec(
            "n_symbols",
            "int",
            16,
            2,
            len(SYMBOL_NAMES),
            help="How many different symbols can be shown; chance accuracy is 1/n.",
        ),
        ParamSpec(
            "distractors",
            "choice",
            "symbols",
            choices=("symbols", "random", "constant"),
            help="During the wait: random symbols flagged as distractors, a random value in [0, 1), or a constant.",
        ),
        input_noise_param(),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        n = self.p["n_symbols"]
        self.seq_len = self.p["lag"] + 2
        self.input_size = n + 2
        self.class_names = tuple(SYMBOL_NAMES[:n])
        self.input_labels = (*self.class_names, "distractor", "cue")
        self._init_classification()

    def _sample(self, n: int, rng: np.random.Generator) -> Batch:
        T, k = self.seq_len, self.p["n_symbols"]
        symbols = rng.integers(0, k, size=n)
        X = np.zeros((T, n, k + 2))
        X[0, np.arange(n), symbols] = 1.0
        kind = self.p["distractors"]
        if kind == "random":
            X[1:-1, :, k] = rng.uniform(0.0, 1.0, size=(T - 2, n))
        else:
            X[1:-1, :, k] = 1.0
        if kind == "symbols" and T > 2:
            shown = rng.integers(0, k, size=(T - 2, n))
            X[np.arange(1, T - 1)[:, None], np.arange(n)[None, :], shown] = 1.0
        X[-1, :, k + 1] = 1.0
        X += rng.normal(0.0, 1.0, size=X.shape) * self.p["noise"]
        Y = np.zeros((T, n), dtype=np.int64)
        Y[-1] = symbols
        mask = np.zeros((T, n))
        mask[-1] = 1.0
        return X, Y, mask
