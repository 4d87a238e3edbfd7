"""The spectral radius of the matrix that carries one state to the next, for every model
kind the session trains (the curves' ρ and the start page's ρ₀)."""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.engine import spectral_radius


def recurrent_radius(model: Any, weights: dict[str, np.ndarray]) -> float:
    """The spectral radius of the matrix that carries h_{t−1} to h_t (``weights`` are the
    model's parameters): its ``default_recurrent``, or what ``recurrent_matrix`` builds
    when the recurrence runs through another path (the output-recurrent network)."""
    build = getattr(model, "recurrent_matrix", None)
    matrix = build(weights) if build is not None else weights[model.default_recurrent]
    return float(spectral_radius(matrix))
