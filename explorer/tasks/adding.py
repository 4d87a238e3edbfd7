"""The adding problem (Hochreiter & Schmidhuber, 1997): remember two marked numbers, add them."""

from __future__ import annotations

import numpy as np

from explorer.tasks.base import Batch, Model, ParamSpec, Task, TaskPanel, seed_param
from explorer.tasks.metrics import forward_outputs, masked_mse
from explorer.tasks.panels import sequence_panel

EVAL_SIZE = 128  # small enough that an LSTM with 64 units scores it in ~20 ms
CAPTION = (
    "marked at t={first} and t={second}: {a:.2f} + {b:.2f} = {target:.2f}; "
    "predicted {predicted:.2f}"
)


class AddingTask(Task):
    """Two input channels per step: a value drawn from U(0, 1) and a marker (0 or 1).

    Exactly two steps are marked, one uniformly in the first half of the sequence and one
    uniformly in the second half. This is the variant most later papers use (e.g. the IRNN
    and unitary-RNN benchmarks); the 1997 original put the first mark among the first ten
    steps. The target, read at the last step only, is the sum of the two marked values, so
    the network must carry the first value across at least ``seq_len / 2`` steps.

    Predicting the constant 1 (the mean of the sum) gives MSE = Var(u1 + u2) = 2/12 = 1/6.
    """

    key = "adding"
    title = "Adding problem"
    caption_templates = (CAPTION,)
    evaluation_metrics = ("loss", "mse")
    description = (
        "Each step shows a random number between 0 and 1 and a marker. Two steps are marked, "
        "one in each half of the sequence. At the last step the network must output the sum "
        "of the two marked numbers, so it has to keep the first one in memory for at least "
        "half the sequence. Always answering 1 scores an error of 1/6; a model that has "
        "learned the task goes below 0.01."
    )
    params = (
        ParamSpec(
            "seq_len",
            "int",
            50,
            5,
            200,
            help="Sequence length T; the first marked value must be kept for at least T/2 steps.",
        ),
        ParamSpec(
            "noise",
            "float",
            0.0,
            0.0,
            0.5,
            help="Standard deviation of Gaussian jitter on the marker channel at every step.",
        ),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.input_size = 2
        self.output_size = 1
        self.loss = "mse"
        self.metric_name = "mse"
        self.metric_higher_is_better = False
        self.solved_threshold = 0.01
        self.solved_description = "MSE < 0.01"

    def _sample(self, n: int, rng: np.random.Generator):
        """``(X, Y, mask, first, second)``; the last two are the ``(n,)`` marked steps."""
        T = self.seq_len
        values = rng.uniform(0.0, 1.0, size=(T, n))
        half = T // 2
        first = rng.integers(0, half, size=n)
        second = rng.integers(half, T, size=n)
        markers = np.zeros((T, n))
        cols = np.arange(n)
        markers[first, cols] = 1.0
        markers[second, cols] = 1.0
        jitter = rng.normal(0.0, 1.0, size=(T, n)) * self.p["noise"]
        X = np.stack([values, markers + jitter], axis=-1)
        Y = np.zeros((T, n, 1))
        Y[-1, :, 0] = values[first, cols] + values[second, cols]
        mask = np.zeros((T, n))
        mask[-1] = 1.0
        return X, Y, mask, first, second

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``X`` ``(T, B, 2)`` [value, marker], ``Y`` ``(T, B, 1)`` (sum at the last step, 0
        elsewhere), ``mask`` ``(T, B)`` with 1 at the last step only."""
        return self._sample(batch_size, rng)[:3]

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        X, Y, mask, first, second = self._sample(EVAL_SIZE, rng)
        # Kept because with marker noise the marks cannot be read back from X reliably.
        self._eval_marks = np.stack([first, second], axis=1)
        return X, Y, mask

    def _compute_baseline(self) -> dict[str, float]:
        _, Y, mask = self.eval_set()
        const = masked_mse(np.ones_like(Y), Y, mask)
        return {"loss": const, "mse": const, "predict 1 (theory)": 1.0 / 6.0}

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "mse"}`` (equal here: the loss is the MSE at the last step)."""
        X, Y, mask = self.eval_set()
        mse = masked_mse(forward_outputs(model, X), Y, mask)
        return {"loss": mse, "mse": mse}

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        X, Y, mask = self.eval_set()
        b = example % X.shape[1]
        out = forward_outputs(model, X[:, b : b + 1])[:, 0]
        marked = self._eval_marks[b]
        a, c = X[marked, b, 0]
        target, guess = Y[-1, b, 0], out[-1, 0]
        values = {
            "first": int(marked[0]) + 1,
            "second": int(marked[1]) + 1,
            "a": float(a),
            "b": float(c),
            "target": float(target),
            "predicted": float(guess),
        }
        return sequence_panel(
            self.title,
            X[:, b],
            Y[:, b],
            mask[:, b],
            out,
            labels=("value", "marker"),
            caption_template=CAPTION,
            caption_values=values,
        )
