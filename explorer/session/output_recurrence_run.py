"""Output-recurrent runs in the session (the notes' second design pattern, seed 001).

:class:`SessionOutputRecurrence` is the engine's
:class:`~explorer.engine.OutputRecurrentRNN` with the session's model interface: trained with
teacher forcing on (the true y_{t−1} fed back, ``teacher_forcing`` 1) or off (its own
prediction fed back, 0), and always scored free running, as it would be used (the task's
``forward``). Its snapshot is the one-layer model's plus what is fed back.

In the notes' letters (Goodfellow's figure): U = W_xh (input → hidden), W = W_oh (output →
hidden: the recurrence), V = W_hq (hidden → output).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from explorer.engine import OutputRecurrentRNN
from explorer.session.config import SessionConfig
from explorer.session.snapshot import COSTLY_PARTS, ModelSnapshot


@dataclass(frozen=True)
class OutputRecurrenceSnapshot(ModelSnapshot):
    """A one-layer :class:`ModelSnapshot` plus, for the displayed example, ``fed (T, O)``:
    the signal F_{t−1} that entered step t (the true y_{t−1} under teacher forcing, else the
    model's own previous prediction), ``grad_fed (T, O)`` ∂L/∂F_{t−1} (under teacher forcing
    it stops there: every ξ is 0) and ``teacher_forcing`` (whether the targets were fed)."""

    fed: np.ndarray | None = None
    grad_fed: np.ndarray | None = None
    teacher_forcing: bool = False

    def nbytes(self) -> int:
        """Memory held by this snapshot's arrays, the fed signal included."""
        extra = (self.fed, self.grad_fed)
        return super().nbytes() + sum(a.nbytes for a in extra if a is not None)

    def record_extras(self) -> dict[str, object]:
        """What the description's equations of h_t read back: the fed signal and the mode."""
        return {"fed": self.fed, "teacher_forcing": self.teacher_forcing}


class SessionOutputRecurrence(OutputRecurrentRNN):
    """The output-recurrent network, trained with or without teacher forcing.

    ``loss`` is the task's loss kind: it says what a free-running pass feeds back (O for
    "mse", softmax(O) for "ce").
    """

    def __init__(self, *args: Any, teacher_forcing: bool = False, loss: str = "mse", **kw: Any):
        super().__init__(*args, **kw)
        self.teacher_forcing = bool(teacher_forcing)
        self.loss_kind = loss

    def config(self) -> dict[str, Any]:
        """JSON-able constructor arguments, the training mode included."""
        return {**super().config(), "teacher_forcing": self.teacher_forcing, "loss": self.loss_kind}

    def loss_and_grads(self, X, Y, loss="mse", mask=None, truncation=None, h0=None, **kw):
        """The engine's pass with this run's teacher forcing (see ``OutputRecurrentRNN``)."""
        kw.setdefault("teacher_forcing", self.teacher_forcing)
        return super().loss_and_grads(X, Y, loss, mask, truncation, h0, **kw)

    def forward(self, X: np.ndarray, h0: Any = None) -> tuple[np.ndarray, None]:
        """Free-running outputs ``(T, B, O)`` and no state: how a task scores the model."""
        return super().forward(X, None, self.loss_kind), None

    def recurrent_matrix(self, weights: dict[str, np.ndarray]) -> np.ndarray:
        """(H, H) W_hq W_oh: how h_{t−1} reaches h_t's pre-activation through o_{t−1} in free
        running (before the softmax of a "ce" task): its spectral radius is the curves'."""
        return weights["W_hq"] @ weights["W_oh"]

    def build_snapshot(
        self,
        cell: str,
        iteration: int,
        step: Any,
        Y: np.ndarray,
        example: int,
        metrics: dict[str, float],
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> OutputRecurrenceSnapshot:
        """The one-layer snapshot of a kept step, with the fed-back signal."""
        from explorer.session.iteration import build_snapshot

        base = build_snapshot(
            cell, iteration, step, Y, self, example, metrics, generic=True, costly=costly
        )
        tr = step.result.trace
        values = {f.name: getattr(base, f.name) for f in fields(ModelSnapshot)}
        return OutputRecurrenceSnapshot(
            **values,
            fed=np.array(tr.fed[:, example], dtype=np.float64),
            grad_fed=np.array(tr.grad_fed[:, example], dtype=np.float64),
            teacher_forcing=tr.teacher_forcing,
        )


def build_output_recurrence_model(
    config: SessionConfig, task: Any, cell: str
) -> SessionOutputRecurrence:
    """The output-recurrent network for ``task`` as ``config`` sets it up (fresh weights)."""
    return SessionOutputRecurrence(
        task.input_size,
        config.hidden_size,
        task.output_size,
        config.activation,
        init=config.init,
        recurrent_scale=config.recurrent_scale,
        seed=config.seed,
        teacher_forcing=config.teacher_forcing == 1.0,
        loss=task.loss,
    )
