"""Bitwise comparison of model snapshots (replay must reproduce the first run exactly)."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from explorer.session.snapshot import LayerSnapshot, ModelSnapshot


def assert_snapshots_equal(got: ModelSnapshot, want: ModelSnapshot) -> None:
    """Every field equal: arrays with ``np.array_equal`` (NaN only where NaN), scalars with ==.

    Fields only: values cached on first access (the Jacobian product) follow from them.
    """
    for field in fields(want):
        name, expected = field.name, getattr(want, field.name)
        value = getattr(got, name)
        where = f"{want.cell} iteration {want.iteration}: {name}"
        if isinstance(expected, np.ndarray):
            assert value.dtype == expected.dtype, where
            assert np.array_equal(value, expected, equal_nan=value.dtype.kind == "f"), where
        elif isinstance(expected, dict):
            assert value.keys() == expected.keys(), where
            for key, item in expected.items():
                if isinstance(item, np.ndarray):
                    assert np.array_equal(value[key], item), f"{where}[{key}]"
                elif isinstance(item, LayerSnapshot):
                    assert_layers_equal(value[key], item, f"{where}[{key}]")
                else:
                    assert value[key] == item, f"{where}[{key}]"
        else:
            assert value == expected or (value != value and expected != expected), where


def assert_layers_equal(got: LayerSnapshot, want: LayerSnapshot, where: str) -> None:
    """Every array of one layer's snapshot bitwise equal."""
    assert (got.layer, got.direction) == (want.layer, want.direction), where
    for name in ("h0", "hidden", "grad_hidden", "cell_state"):
        a, b = getattr(got, name), getattr(want, name)
        assert (a is None) == (b is None), f"{where}.{name}"
        if b is not None:
            assert np.array_equal(a, b), f"{where}.{name}"
    assert got.gates.keys() == want.gates.keys(), where
    for key, item in want.gates.items():
        assert np.array_equal(got.gates[key], item), f"{where}.gates[{key}]"
