"""Optimizers that update a dict of named parameter arrays in place (PyTorch's update rules).

Each optimizer keeps references to the arrays of ``params``, so the model sees every
update without copying. ``state_dict()`` returns only arrays and plain numbers (keys like
``"lr"``, ``"m.W_xh"``), which ``np.savez`` stores without pickle; ``load_state_dict``
accepts that dict or the loaded ``.npz`` and checks everything before changing anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np


def _check_rate(value: object, name: str, low: float, high: float, *, open_low: bool) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    v = float(value) if ok else math.nan
    inside = (v > low if open_low else v >= low) and v < high
    if not (ok and math.isfinite(v) and inside):
        bracket = "(" if open_low else "["
        raise ValueError(f"{name} must be a number in {bracket}{low}, {high}), got {value!r}")
    return v


class Optimizer:
    """Base class: holds ``params`` (name -> array, updated in place) and a learning rate."""

    def __init__(self, params: Mapping[str, np.ndarray], lr: float) -> None:
        if not isinstance(params, Mapping) or not params:
            raise ValueError("params must be a non-empty dict of name -> np.ndarray")
        for name, p in params.items():
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise ValueError(f"params[{name!r}] must be a floating-point np.ndarray")
        self.params = params
        self.lr = _check_rate(lr, "lr", 0.0, math.inf, open_low=True)

    def _check_grads(self, grads: Mapping[str, np.ndarray]) -> None:
        for name, p in self.params.items():
            g = grads.get(name) if isinstance(grads, Mapping) else None
            if g is None:
                raise ValueError(f"grads is missing {name!r}")
            if np.shape(g) != p.shape:
                raise ValueError(f"grads[{name!r}] must have shape {p.shape}, got {np.shape(g)}")

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Apply one update from ``grads`` (same keys and shapes as ``params``)."""
        raise NotImplementedError

    def _buffers(self) -> dict[str, dict[str, np.ndarray]]:
        return {}

    def _scalars(self) -> dict[str, float]:
        return {"lr": self.lr}

    def state_dict(self) -> dict[str, np.ndarray | float | int]:
        """Hyper-parameters, step count and buffers as arrays/numbers (pickle-free)."""
        out: dict[str, np.ndarray | float | int] = dict(self._scalars())
        for prefix, bufs in self._buffers().items():
            for name, buf in bufs.items():
                out[f"{prefix}.{name}"] = buf.copy()
        return out

    def load_state_dict(self, state: Mapping[str, object]) -> None:
        """Restore what :meth:`state_dict` produced (buffers are copied in place)."""
        scalars = {}
        for key, current in self._scalars().items():
            if key not in state:
                raise ValueError(f"optimizer state is missing {key!r}")
            value = np.asarray(state[key]).item()
            if isinstance(current, int):
                if not float(value).is_integer() or value < 0:
                    raise ValueError(f"optimizer state {key!r} must be a non-negative integer")
                value = int(value)
            else:
                value = float(value)
            scalars[key] = value
        arrays = {}
        for prefix, bufs in self._buffers().items():
            for name, buf in bufs.items():
                key = f"{prefix}.{name}"
                if key not in state:
                    raise ValueError(f"optimizer state is missing {key!r}")
                arr = np.asarray(state[key])
                if arr.shape != buf.shape:
                    raise ValueError(f"optimizer state {key!r} must have shape {buf.shape}")
                arrays[(prefix, name)] = arr
        self._set_scalars(scalars)
        bufs = self._buffers()
        for (prefix, name), arr in arrays.items():
            bufs[prefix][name][...] = arr

    def _set_scalars(self, scalars: dict[str, float]) -> None:
        self.lr = _check_rate(scalars["lr"], "lr", 0.0, math.inf, open_low=True)


class SGD(Optimizer):
    """Plain gradient descent: ``p -= lr * g``."""

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """Apply ``p -= lr * g`` to every parameter."""
        self._check_grads(grads)
        for name, p in self.params.items():
            p -= self.lr * np.asarray(grads[name], dtype=p.dtype)


class Momentum(Optimizer):
    """PyTorch's SGD with momentum: ``buf = mu * buf + g`` (``buf = g`` at first), ``p -= lr * buf``."""

    def __init__(self, params: Mapping[str, np.ndarray], lr: float, momentum: float = 0.9) -> None:
        super().__init__(params, lr)
        self.momentum = _check_rate(momentum, "momentum", 0.0, 1.0, open_low=False)
        self.steps = 0
        self.buf = {name: np.zeros_like(p) for name, p in params.items()}

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """One momentum update."""
        self._check_grads(grads)
        for name, p in self.params.items():
            buf = self.buf[name]
            if self.steps == 0:
                buf[...] = grads[name]
            else:
                buf *= self.momentum
                buf += grads[name]
            p -= self.lr * buf
        self.steps += 1

    def _buffers(self):
        return {"buf": self.buf}

    def _scalars(self):
        return {"lr": self.lr, "momentum": self.momentum, "steps": self.steps}

    def _set_scalars(self, scalars):
        super()._set_scalars(scalars)
        self.momentum = _check_rate(scalars["momentum"], "momentum", 0.0, 1.0, open_low=False)
        self.steps = scalars["steps"]


class Adam(Optimizer):
    """PyTorch's Adam (bias-corrected, eps added after the square root, no weight decay)."""

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: float,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (
            _check_rate(betas[0], "betas[0]", 0.0, 1.0, open_low=False),
            _check_rate(betas[1], "betas[1]", 0.0, 1.0, open_low=False),
        )
        self.eps = _check_rate(eps, "eps", 0.0, math.inf, open_low=True)
        self.steps = 0
        self.m = {name: np.zeros_like(p) for name, p in params.items()}
        self.v = {name: np.zeros_like(p) for name, p in params.items()}
        self._tmp = {name: np.empty_like(p) for name, p in params.items()}

    def step(self, grads: Mapping[str, np.ndarray]) -> None:
        """One Adam update."""
        self._check_grads(grads)
        b1, b2 = self.betas
        self.steps += 1
        step_size = self.lr / (1.0 - b1**self.steps)
        sqrt_bc2 = math.sqrt(1.0 - b2**self.steps)
        with np.errstate(all="ignore"):
            for name, p in self.params.items():
                g, m, v, tmp = grads[name], self.m[name], self.v[name], self._tmp[name]
                m *= b1
                np.multiply(g, 1.0 - b1, out=tmp)
                m += tmp
                v *= b2
                np.multiply(g, g, out=tmp)
                tmp *= 1.0 - b2
                v += tmp
                np.sqrt(v, out=tmp)
                tmp /= sqrt_bc2
                tmp += self.eps
                np.divide(m, tmp, out=tmp)
                tmp *= step_size
                p -= tmp

    def _buffers(self):
        return {"m": self.m, "v": self.v}

    def _scalars(self):
        return {
            "lr": self.lr,
            "beta1": self.betas[0],
            "beta2": self.betas[1],
            "eps": self.eps,
            "steps": self.steps,
        }

    def _set_scalars(self, scalars):
        super()._set_scalars(scalars)
        self.betas = (
            _check_rate(scalars["beta1"], "beta1", 0.0, 1.0, open_low=False),
            _check_rate(scalars["beta2"], "beta2", 0.0, 1.0, open_low=False),
        )
        self.eps = _check_rate(scalars["eps"], "eps", 0.0, math.inf, open_low=True)
        self.steps = scalars["steps"]
