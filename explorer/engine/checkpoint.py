"""What every model class shares for copies and checkpoints: ``copy``, ``state_dict`` and
``load_state_dict`` over ``model.params`` and ``model.rng``, pickle-free."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import validation as check


class Checkpointable:
    """Mixin for a model that holds ``params`` (name → array) and ``rng`` (a Generator)."""

    params: dict[str, np.ndarray]
    rng: np.random.Generator

    def copy(self) -> Any:
        """A deep copy: parameters and the generator's state."""
        return copy.deepcopy(self)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Parameters plus ``"rng_state"``, all as arrays, so ``np.savez`` needs no pickle.

        ``"rng_state"`` is the UTF-8 JSON of ``model.rng.bit_generator.state`` as a uint8
        array; decode with ``json.loads(bytes(arr).decode())``.
        """
        out = {name: p.copy() for name, p in self.params.items()}
        blob = json.dumps(self.rng.bit_generator.state).encode()
        out["rng_state"] = np.frombuffer(blob, dtype=np.uint8).copy()
        return out

    def load_state_dict(self, state: Mapping[str, np.ndarray]) -> None:
        """Copy parameters (in place, so optimizers keep their references) and the rng state.

        ``state`` may be a dict or an ``np.load``-ed ``.npz``; ``"rng_state"`` is optional.
        Everything is checked before anything changes.
        """
        new = {}
        for name, p in self.params.items():
            if name not in state:
                raise ValueError(f"state is missing parameter {name!r}")
            arr = check.as_real_array(state[name], name)
            if arr.shape != p.shape:
                raise ValueError(f"state[{name!r}] must have shape {p.shape}, got {arr.shape}")
            new[name] = arr
        rng_state = None
        if "rng_state" in state:
            try:
                rng_state = json.loads(bytes(np.asarray(state["rng_state"], np.uint8)).decode())
                probe = np.random.default_rng()
                probe.bit_generator.state = rng_state
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(
                    f"state['rng_state'] is not a valid generator state: {exc}"
                ) from None
        for name, arr in new.items():
            self.params[name][...] = arr
        if rng_state is not None:
            self.rng.bit_generator.state = rng_state
