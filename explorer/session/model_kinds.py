"""Which model a run trains besides the stacked cells: an encoder–decoder or an output-
recurrent network, chosen by the task and the config (``build_special_model``).

A sequence-to-sequence task (``explorer.tasks.seq2seq_session``) always trains an
encoder–decoder (``seq2seq_run.py``); ``config.output_recurrence`` trains the output-
recurrent network (``output_recurrence_run.py``). Both keep the session's model interface
(``params``, ``rng``, ``loss_and_grads(X, Y, loss=, mask=, truncation=, h0=)``, ``copy``,
``state_dict``) and build their own snapshots (``build_snapshot``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.engine import spectral_radius
from explorer.session.config import SessionConfig
from explorer.tasks.seq2seq_session import Seq2SeqSessionTask


def build_special_model(config: SessionConfig, task: Any, cell: str) -> Any | None:
    """The encoder–decoder or output-recurrent model of ``cell`` for ``task``, or None when
    the run trains the ordinary (stacked) cells. ``ValueError`` names a setting the model
    cannot take."""
    if isinstance(task, Seq2SeqSessionTask):
        from explorer.session.seq2seq_run import build_seq2seq_model

        return build_seq2seq_model(config, task, cell)
    if config.output_recurrence:
        from explorer.session.output_recurrence_run import build_output_recurrence_model

        if getattr(task, "carries_state", False):
            raise ValueError(
                "output_recurrence: the output-recurrent network starts every batch from "
                "o_0 = 0; choose random sampling, not sequential"
            )
        return build_output_recurrence_model(config, task, cell)
    return None


def recurrent_radius(model: Any, weights: dict[str, np.ndarray]) -> float:
    """The spectral radius of the matrix that carries h_{t−1} to h_t (``weights`` are the
    model's parameters): its ``default_recurrent``, or what ``recurrent_matrix`` builds
    when the recurrence runs through another path (the output-recurrent network)."""
    build = getattr(model, "recurrent_matrix", None)
    matrix = build(weights) if build is not None else weights[model.default_recurrent]
    return float(spectral_radius(matrix))
