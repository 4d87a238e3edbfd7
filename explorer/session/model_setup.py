"""The models and optimizers a configuration sets up: shared by the live run and its replays."""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.engine import SGD, Adam, Momentum, make_model
from explorer.session.config import SessionConfig
from explorer.session.model_kinds import build_special_model


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
