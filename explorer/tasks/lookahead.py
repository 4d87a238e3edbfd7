"""Marker ahead: a tagging task whose answer lies in the future, made for bidirectional RNNs.

Every step shows a random letter ``a``–``d``; with probability ``marker_prob`` the sequence also
holds one marker ``X`` at a uniformly random step. At every step the network answers: does
an ``X`` come later in this sequence (strictly after this step)?

A causal (unidirectional) model at step ``t`` has seen only ``x_1 … x_t``, and the letters
after ``t`` are independent of them, so the best it can do is a Bayes guess from what it has
seen: "no" once the marker has passed, and otherwise the more likely answer given that the
marker has not shown up yet. ``causal_accuracy_by_step`` computes that guess's expected
accuracy exactly; its mean over the steps is the **causal ceiling**, which no unidirectional
model can beat in expectation, however long it trains. A bidirectional model also reads the
sequence backwards, so at step ``t`` it knows the future and can answer every step right.
"""

from __future__ import annotations

import dataclasses

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

INPUT_SYMBOLS = ("a", "b", "c", "d", "X")
MARKER = INPUT_SYMBOLS.index("X")
CLASSES = ("no", "yes")
EVAL_SIZE = 256
CAPTION = (
    "{right} of {steps} steps right; a causal model can expect {ceiling:.0%} at best, "
    "{early:.0%} on the first quarter"
)


def marker_later_probability(seq_len: int, marker_prob: float) -> np.ndarray:
    """``(T,)``: P(label at step t is "yes") = P(the marker sits after t)."""
    t = np.arange(seq_len)
    return marker_prob * (seq_len - 1 - t) / seq_len


def causal_accuracy_by_step(seq_len: int, marker_prob: float) -> np.ndarray:
    """``(T,)``: the expected accuracy at step ``t`` of the best causal predictor.

    With the marker already seen (probability ``π (t + 1) / T``) the answer is surely "no". Not
    seen yet, the marker is later with probability ``p_t = π (T − 1 − t) / T / (1 − π (t + 1)
    / T)``, and the best guess is right with probability ``max(p_t, 1 − p_t)``.
    """
    t = np.arange(seq_len)
    seen = marker_prob * (t + 1) / seq_len
    later = marker_later_probability(seq_len, marker_prob)
    unseen = 1.0 - seen
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(unseen > 0, later / np.where(unseen > 0, unseen, 1.0), 0.0)
    return seen + unseen * np.maximum(p, 1.0 - p)


def causal_loss_by_step(seq_len: int, marker_prob: float) -> np.ndarray:
    """``(T,)``: the expected cross-entropy (nats) at step ``t`` of the best causal predictor,
    which outputs the posterior ``p_t`` while the marker is unseen and "no" for sure after."""
    t = np.arange(seq_len)
    unseen = 1.0 - marker_prob * (t + 1) / seq_len
    later = marker_later_probability(seq_len, marker_prob)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(unseen > 0, later / np.where(unseen > 0, unseen, 1.0), 0.0)
        entropy = -(
            np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
            + np.where(p < 1, (1 - p) * np.log(np.where(p < 1, 1 - p, 1.0)), 0.0)
        )
    return unseen * entropy


def early_steps(seq_len: int) -> int:
    """How many leading steps count as "early": the first quarter, at least one."""
    return max(1, seq_len // 4)


class LookaheadTask(Task):
    """Tag every step: is there an ``X`` later in the sequence? See the module docstring.

    Inputs are one-hot over ``a b c d X``; targets are class indices (0 = no, 1 = yes) at
    every step, all scored.
    """

    key = "lookahead"
    title = "Marker ahead"
    description = (
        "Letters a–d go by, and some sequences hide one X. At every step the network answers: "
        "will an X still come? Reading only the past, a network cannot know; the best it can "
        "do is the causal ceiling, near chance at the start. A bidirectional network also "
        "reads the sequence backwards and can answer every step right."
    )
    caption_templates = (CAPTION,)
    evaluation_metrics = ("loss", "accuracy", "early accuracy")
    params = (
        ParamSpec(
            "seq_len",
            "int",
            20,
            4,
            200,
            help="Sequence length T.",
        ),
        ParamSpec(
            "marker_prob",
            "float",
            0.5,
            0.05,
            1.0,
            help="Probability that a sequence holds an X (at a random step).",
        ),
        input_noise_param(),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.input_size = len(INPUT_SYMBOLS)
        self.output_size = len(CLASSES)
        self.loss = "ce"
        self.metric_name = "accuracy"
        self.metric_higher_is_better = True
        self.solved_threshold = 0.99
        self.solved_description = "accuracy ≥ 0.99"

    # ----------------------------------------------------------------------------- data
    def _sample(self, n: int, rng: np.random.Generator) -> Batch:
        T = self.seq_len
        tokens = rng.integers(0, MARKER, size=(T, n))
        has_marker = rng.random(n) < self.p["marker_prob"]
        where = rng.integers(0, T, size=n)
        cols = np.flatnonzero(has_marker)
        tokens[where[cols], cols] = MARKER
        steps = np.arange(T)[:, None]
        Y = (has_marker[None, :] & (where[None, :] > steps)).astype(np.int64)
        X = np.eye(len(INPUT_SYMBOLS))[tokens]
        X += rng.normal(0.0, 1.0, size=X.shape) * self.p["noise"]
        return X, Y, np.ones((T, n))

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``X`` ``(T, B, 5)`` one-hot, ``Y`` ``(T, B)`` int64 (1 = an X comes later),
        ``mask`` all ones."""
        return self._sample(batch_size, rng)

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        return self._sample(EVAL_SIZE, rng)

    # ----------------------------------------------------------------------------- scoring
    def causal_ceiling(self) -> float:
        """Expected accuracy of the best causal predictor, over all steps."""
        return float(causal_accuracy_by_step(self.seq_len, self.p["marker_prob"]).mean())

    def early_causal_ceiling(self) -> float:
        """The same over the first quarter of the steps, where the future matters most."""
        k = early_steps(self.seq_len)
        return float(causal_accuracy_by_step(self.seq_len, self.p["marker_prob"])[:k].mean())

    def _compute_baseline(self) -> dict[str, float]:
        """The best causal predictor: its accuracy is the ``"accuracy"`` line (the causal
        ceiling), its cross-entropy the ``"loss"`` line."""
        loss = float(causal_loss_by_step(self.seq_len, self.p["marker_prob"]).mean())
        return {
            "loss": loss,
            "accuracy": self.causal_ceiling(),
            "causal ceiling": self.causal_ceiling(),
            "causal ceiling, first quarter": self.early_causal_ceiling(),
        }

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "accuracy", "early accuracy"}``; the last is over the first quarter of
        the steps."""
        X, Y, mask = self.eval_set()
        out = forward_outputs(model, X)
        k = early_steps(self.seq_len)
        return {
            "loss": masked_ce(out, Y, mask),
            "accuracy": masked_accuracy(out, Y, mask),
            "early accuracy": masked_accuracy(out[:k], Y[:k], mask[:k]),
        }

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        X, Y, mask = self.eval_set()
        b = example % X.shape[1]
        out = forward_outputs(model, X[:, b : b + 1])[:, 0]
        result = sequence_panel(
            self.title, X[:, b], Y[:, b], mask[:, b], out, labels=INPUT_SYMBOLS, symbols=CLASSES
        )
        values = {
            "right": int(result.correct.sum()),
            "steps": self.seq_len,
            "ceiling": self.causal_ceiling(),
            "early": self.early_causal_ceiling(),
        }
        return dataclasses.replace(result, caption_template=CAPTION, caption_values=values)
