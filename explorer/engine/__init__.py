"""BPTT Explorer's numerical engine: recurrent cells, losses, BPTT with a full trace,
optimizers, clipping and gradient checks. NumPy and the standard library only.
"""

from __future__ import annotations

from typing import Any

from .analysis import largest_singular_value, spectral_radius
from .clipping import clip_grad_norm, clip_grad_value
from .gradcheck import gradcheck
from .gru import GRU
from .init import INITS
from .losses import LOSSES
from .lstm import LSTM
from .optim import SGD, Adam, Momentum
from .recurrent import RecurrentModel
from .rnn import ACTIVATIONS, VanillaRNN
from .trace import LossGrads, Trace

CELLS = ("rnn", "lstm", "gru")
MODELS = {"rnn": VanillaRNN, "lstm": LSTM, "gru": GRU}


def make_model(cell: str, **kwargs: Any) -> RecurrentModel:
    """Build a model by cell name ("rnn", "lstm" or "gru"); kwargs go to its constructor."""
    if cell not in MODELS:
        raise ValueError(f"cell must be one of {CELLS}, got {cell!r}")
    return MODELS[cell](**kwargs)


__all__ = [
    "ACTIVATIONS",
    "CELLS",
    "GRU",
    "INITS",
    "LOSSES",
    "LSTM",
    "MODELS",
    "SGD",
    "Adam",
    "LossGrads",
    "Momentum",
    "RecurrentModel",
    "Trace",
    "VanillaRNN",
    "clip_grad_norm",
    "clip_grad_value",
    "gradcheck",
    "largest_singular_value",
    "make_model",
    "spectral_radius",
]
