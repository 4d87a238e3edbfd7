"""The models and optimizers a configuration sets up: shared by the live run and its replays.

Besides the stacked cells, a run may train an encoder–decoder or an output-recurrent
network, chosen by the task and the config (``build_special_model``). A sequence-to-sequence
task (``explorer.tasks.seq2seq_session``) always trains an encoder–decoder
(``seq2seq_run.py``); ``config.output_recurrence`` trains the output-recurrent network
(``output_recurrence_run.py``). Both keep the session's model interface (``params``, ``rng``,
``loss_and_grads(X, Y, loss=, mask=, truncation=, h0=)``, ``copy``, ``state_dict``) and build
their own snapshots (``build_snapshot``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.engine import SGD, Adam, Momentum, make_model
from explorer.session.config import SessionConfig
from explorer.tasks.seq2seq_session import Seq2SeqSessionTask


def make_optimizer(config: SessionConfig, params: dict[str, np.ndarray]) -> Any:
    """The optimizer the config names, over ``params`` (updated in place)."""
    if config.optimizer == "sgd":
        return SGD(params, lr=config.learning_rate)
    if config.optimizer == "momentum":
        return Momentum(params, lr=config.learning_rate, momentum=config.momentum)
    return Adam(params, lr=config.learning_rate)


def build_model(config: SessionConfig, task: Any, cell: str) -> Any:
    """The model of ``cell`` for ``task`` as ``config`` sets it up (fresh weights from the seed)."""
    special = build_special_model(config, task, cell)
    if special is not None:  # an encoder–decoder or an output-recurrent network
        return special
    return make_model(
        cell,
        input_size=task.input_size,
        output_size=task.output_size,
        **model_kwargs(config, cell),
    )


def model_kwargs(config: SessionConfig, cell: str) -> dict[str, Any]:
    """Constructor arguments of one cell's model: identical across cells but for the cell."""
    kwargs: dict[str, Any] = {
        "hidden_size": config.hidden_size,
        "num_layers": config.num_layers,
        "bidirectional": config.bidirectional,
        "seed": config.seed,
        "init": config.init,
        "recurrent_scale": config.recurrent_scale,
    }
    if cell == "rnn":
        kwargs["activation"] = config.activation
    if cell == "lstm":
        kwargs["forget_bias"] = config.forget_bias
        kwargs["forget_gate"] = config.forget_gate
    return kwargs


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
