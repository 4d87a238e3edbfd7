"""What a model is, without its numbers (:class:`ModelSpec`), and each cell's gate names.

The one module of the description that imports none of the others: the graph's types, the
wiring of one step and the encoder–decoder layout all read the spec.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL_GATES = {
    "rnn": (),
    "lstm": ("i", "f", "o", "c_tilde"),
    "gru": ("z", "r", "h_tilde"),
    "output_recurrence": (),
}


def cell_gates(cell: str, forget_gate: bool = True) -> tuple[str, ...]:
    """The gate names of ``cell`` (the trace's keys); the LSTM's f only with a forget gate."""
    return tuple(g for g in CELL_GATES[cell] if g != "f" or forget_gate)


@dataclass(frozen=True)
class ModelSpec:
    """What a model is, without its numbers: enough to unroll it and name its equations.

    ``activation`` is the activation of the hidden state (vanilla RNN: "tanh" or "relu")
    or of the candidate (LSTM, GRU: "tanh"); ``gate_activation`` that of the gates.
    ``layers`` and ``bidirectional`` describe a stacked model. ``parts`` is ("",) for one
    sequence model and ("encoder", "decoder") for an encoder–decoder, whose decoder is a
    ``decoder_cell`` ("" for ``cell``) with as many layers, one direction, and
    ``directions × hidden_size`` units. ``cell`` "output_recurrence" is the vanilla cell
    whose recurrence runs through the output (h_t = φ(x_t W_xh + o_{t−1} W_oh + b_h)).
    """

    cell: str
    input_size: int
    hidden_size: int
    output_size: int
    activation: str
    gate_activation: str
    param_names: tuple[str, ...]
    forget_gate: bool = True
    layers: int = 1
    bidirectional: bool = False
    parts: tuple[str, ...] = ("",)
    decoder_cell: str = ""

    @property
    def gates(self) -> tuple[str, ...]:
        """The gate names of this cell (the trace's keys), none for the vanilla RNN."""
        return cell_gates(self.cell, self.forget_gate)

    @property
    def directions(self) -> tuple[str, ...]:
        """("forward",) or ("forward", "reverse")."""
        return ("forward", "reverse") if self.bidirectional else ("forward",)

    @property
    def deep(self) -> bool:
        """Whether ids and parameter names carry a layer prefix ("l0.", "l1r.")."""
        return self.layers > 1 or self.bidirectional

    @property
    def has_cell_state(self) -> bool:
        """Whether the state is ``(h, c)`` (LSTM) rather than ``(h,)``."""
        return self.cell == "lstm"

    @property
    def encoder_decoder(self) -> bool:
        """Whether the model is an encoder–decoder (``parts``)."""
        return self.parts != ("",)
