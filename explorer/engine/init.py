"""Weight initialisation schemes.

Weight names follow d2l: ``W_x*`` (input -> hidden), ``W_h*`` (hidden -> hidden,
"recurrent") and ``W_hq`` (hidden -> output); biases start with ``b_``.

Schemes:
    "uniform"    every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)) (PyTorch's RNN default).
    "xavier"     weights ~ Glorot uniform U(+-sqrt(6 / (fan_in + fan_out))), biases 0.
    "orthogonal" recurrent matrices orthogonal (QR of a Gaussian), other weights Xavier, biases 0.
    "identity"   IRNN (Le, Jaitly & Hinton 2015): recurrent matrices = I, other weights
                 ~ U(-1/sqrt(H), 1/sqrt(H)), biases 0.
Afterwards every recurrent matrix is multiplied by ``recurrent_scale``.
"""

from __future__ import annotations

import numpy as np

INITS = ("uniform", "xavier", "orthogonal", "identity")


def seed_streams(seed: int | None) -> tuple[np.random.SeedSequence, np.random.Generator]:
    """Two independent streams from one seed: the sequence that initialisation draws from,
    and the generator of the run (randomized truncation, teacher-forcing coin flips), so
    neither ever shifts the other."""
    init_seq, run_seq = np.random.SeedSequence(seed).spawn(2)
    return init_seq, np.random.default_rng(run_seq)


def sub_seeds(seq: np.random.SeedSequence, n: int) -> list[int]:
    """``n`` independent integer seeds drawn from ``seq`` (one per layer, direction, head)."""
    return [int(s.generate_state(1, np.uint32)[0]) for s in seq.spawn(n)]


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    # Fixing the signs makes the draw uniform over the orthogonal group.
    return q * np.sign(np.diag(r))


def init_params(
    shapes: dict[str, tuple[int, ...]],
    recurrent: tuple[str, ...],
    hidden_size: int,
    scheme: str,
    recurrent_scale: float,
    rng: np.random.Generator,
    dtype: np.dtype,
) -> dict[str, np.ndarray]:
    """Fresh parameters for ``shapes`` (name -> shape), drawn in the dict's order from ``rng``."""
    bound = 1.0 / np.sqrt(hidden_size)
    params = {}
    for name, shape in shapes.items():
        is_bias = name.startswith("b_")
        if scheme == "uniform":
            w = rng.uniform(-bound, bound, shape)
        elif is_bias:
            w = np.zeros(shape)
        elif name in recurrent and scheme == "orthogonal":
            w = _orthogonal(rng, shape[0])
        elif name in recurrent and scheme == "identity":
            w = np.eye(shape[0])
        elif scheme == "identity":
            w = rng.uniform(-bound, bound, shape)
        else:
            limit = np.sqrt(6.0 / (shape[0] + shape[1]))
            w = rng.uniform(-limit, limit, shape)
        if name in recurrent:
            w = w * recurrent_scale
        params[name] = np.ascontiguousarray(w, dtype=dtype)
    return params
