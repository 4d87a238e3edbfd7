"""BPTT Explorer's numerical engine: recurrent cells, losses, BPTT with a full trace,
optimizers, clipping and gradient checks. NumPy and the standard library only.
"""

from __future__ import annotations

from typing import Any

from .analysis import largest_singular_value, spectral_radius
from .clipping import clip_grad_norm, clip_grad_value, grad_norm
from .gradcheck import gradcheck
from .gru import GRU
from .init import INITS
from .layer_trace import DIRECTIONS, LayerTrace, StackedTrace
from .losses import LOSSES
from .lstm import LSTM
from .optim import SGD, Adam, Momentum
from .output_recurrence import OutputRecurrenceTrace, OutputRecurrentRNN
from .recurrent import RecurrentModel
from .rnn import ACTIVATIONS, VanillaRNN
from .seq2seq import Seq2Seq, Seq2SeqTrace, gradcheck_seq2seq
from .stacked import StackedRNN
from .trace import LossGrads, Trace
from .truncation import TRUNCATION_KINDS, Truncation
from .validation import check_bool, check_positive_int

CELLS = ("rnn", "lstm", "gru")
MODELS = {"rnn": VanillaRNN, "lstm": LSTM, "gru": GRU}


def make_model(
    cell: str, num_layers: int = 1, bidirectional: bool = False, **kwargs: Any
) -> RecurrentModel | StackedRNN:
    """Build a model by cell name ("rnn", "lstm" or "gru"); kwargs go to its constructor.

    ``num_layers=1`` and ``bidirectional=False`` give the one-layer class of the cell
    (:class:`VanillaRNN`, :class:`LSTM`, :class:`GRU`); anything else a :class:`StackedRNN`.
    """
    if cell not in MODELS:
        raise ValueError(f"cell must be one of {CELLS}, got {cell!r}")
    num_layers = check_positive_int(num_layers, "num_layers")
    bidirectional = check_bool(bidirectional, "bidirectional")
    if num_layers == 1 and not bidirectional:
        return MODELS[cell](**kwargs)
    return StackedRNN(cell, num_layers=num_layers, bidirectional=bool(bidirectional), **kwargs)


__all__ = [
    "ACTIVATIONS",
    "CELLS",
    "DIRECTIONS",
    "GRU",
    "INITS",
    "LOSSES",
    "LSTM",
    "MODELS",
    "SGD",
    "TRUNCATION_KINDS",
    "Adam",
    "LayerTrace",
    "LossGrads",
    "Momentum",
    "OutputRecurrenceTrace",
    "OutputRecurrentRNN",
    "RecurrentModel",
    "Seq2Seq",
    "Seq2SeqTrace",
    "StackedRNN",
    "StackedTrace",
    "Trace",
    "Truncation",
    "VanillaRNN",
    "clip_grad_norm",
    "clip_grad_value",
    "grad_norm",
    "gradcheck",
    "gradcheck_seq2seq",
    "largest_singular_value",
    "make_model",
    "spectral_radius",
]
