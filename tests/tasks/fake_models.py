"""Stand-in models with the engine's ``forward`` signature, so most task tests need no engine."""

from __future__ import annotations

import numpy as np


class TinyRNN:
    """A fixed random tanh RNN with the engine's ``forward`` signature; state is ``(B, H)``."""

    def __init__(self, input_size: int, output_size: int, hidden: int = 8, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.W_xh = rng.normal(0.0, 0.5, (input_size, hidden))
        self.W_hh = rng.normal(0.0, 0.3, (hidden, hidden))
        self.W_hq = rng.normal(0.0, 0.5, (hidden, output_size))
        self.hidden = hidden

    def forward(self, X, h0=None):
        h = np.zeros((X.shape[1], self.hidden)) if h0 is None else h0
        outputs = []
        for x in X:
            h = np.tanh(x @ self.W_xh + h @ self.W_hh)
            outputs.append(h @ self.W_hq)
        return np.stack(outputs), h


class OracleModel:
    """Returns fixed outputs for the evaluation batch; for testing metrics exactly."""

    def __init__(self, outputs: np.ndarray):
        self.outputs = outputs

    def forward(self, X, h0=None):
        return self.outputs[: X.shape[0], : X.shape[1]], None
