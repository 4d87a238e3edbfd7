"""Shared scoring for many-to-one classification tasks (delayed recall, temporal order)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from explorer.tasks.base import Batch, Model, Task, TaskPanel
from explorer.tasks.metrics import forward_outputs, masked_accuracy, masked_ce
from explorer.tasks.panels import sequence_panel

EVAL_SIZE = 128  # small enough that an LSTM with 64 units scores it in ~20 ms
CAPTION_RIGHT = "answer {answer}; predicted {predicted} (p = {p:.2f}), right"
CAPTION_WRONG = "answer {answer}; predicted {predicted} (p = {p:.2f}), wrong"


class ManyToOneClassificationTask(Task):
    """A task whose answer is one class, read at the last step (mask 1 there only).

    Subclasses set ``input_size``, ``seq_len``, ``class_names`` and ``input_labels`` and
    implement ``_sample(n, rng) -> (X, Y, mask)``. Chance level is the baseline: accuracy
    ``1/n`` and loss ``ln n`` for ``n`` equally likely classes.
    """

    caption_templates = (CAPTION_RIGHT, CAPTION_WRONG)
    evaluation_metrics = ("loss", "accuracy")
    class_names: tuple[str, ...]
    input_labels: tuple[str, ...]

    def _init_classification(self) -> None:
        self.output_size = len(self.class_names)
        self.loss = "ce"
        self.metric_name = "accuracy"
        self.metric_higher_is_better = True
        self.solved_threshold = 0.99
        self.solved_description = "accuracy ≥ 0.99"

    def _sample(self, n: int, rng: np.random.Generator) -> Batch:
        raise NotImplementedError

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """``X`` ``(T, B, D)``, ``Y`` ``(T, B)`` int64 (the class at the last step, 0 elsewhere),
        ``mask`` ``(T, B)`` with 1 at the last step only."""
        return self._sample(batch_size, rng)

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        return self._sample(EVAL_SIZE, rng)

    def _compute_baseline(self) -> dict[str, float]:
        n = self.output_size
        return {"loss": math.log(n), "accuracy": 1.0 / n}

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "accuracy"}`` at the last step of every evaluation sequence."""
        X, Y, mask = self.eval_set()
        out = forward_outputs(model, X)
        return {"loss": masked_ce(out, Y, mask), "accuracy": masked_accuracy(out, Y, mask)}

    def _caption(
        self, x: np.ndarray, target: int, predicted: int, confidence: float
    ) -> tuple[str, dict[str, object]]:
        """The caption template and its values for one example."""
        template = CAPTION_RIGHT if predicted == target else CAPTION_WRONG
        values = {
            "answer": self.class_names[target],
            "predicted": self.class_names[predicted],
            "p": confidence,
        }
        return template, values

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        X, Y, mask = self.eval_set()
        b = example % X.shape[1]
        out = forward_outputs(model, X[:, b : b + 1])[:, 0]
        result = sequence_panel(
            self.title,
            X[:, b],
            Y[:, b],
            mask[:, b],
            out,
            labels=self.input_labels,
            symbols=self.class_names,
        )
        target = int(Y[-1, b])
        predicted = int(result.predictions[-1])
        template, values = self._caption(
            X[:, b], target, predicted, float(result.probabilities[-1])
        )
        return dataclasses.replace(result, caption_template=template, caption_values=values)
