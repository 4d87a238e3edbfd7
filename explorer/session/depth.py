"""How the gradient crosses the layers of a stacked model, next to how it crosses time.

A deep RNN has two kinds of depth (d2l 9.3): time, T steps deep, and layers, L layers deep.
The gradient of the last step's loss reaches h_1 of the top layer through T − 1 recurrent
Jacobians (``grad_ratio`` = ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖), but reaches the bottom layer's h_T
through only L − 1 input Jacobians: ``layer_grad_ratio``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def layer_grad_ratio(record: Any) -> float:
    """‖∂L/∂h_T^(0)‖ / ‖∂L/∂h_T^(top)‖ of the displayed example: the bottom layer's gradient
    at the last step against the top layer's (both directions of a layer together).

    NaN for a one-layer model (nothing to compare) or a zero top gradient.
    """
    layers = getattr(record, "layers", None) or {}
    depth = {key: layer for key, layer in layers.items() if "." not in key}
    if not depth:
        return math.nan
    top = max(layer.layer for layer in depth.values())
    if top == 0:
        return math.nan

    def norm(level: int) -> float:
        parts = [lay.grad_hidden[-1] for lay in depth.values() if lay.layer == level]
        return float(np.sqrt(sum(np.sum(np.square(p, dtype=np.float64)) for p in parts)))

    bottom, upper = norm(0), norm(top)
    return bottom / upper if upper > 0 else math.nan
