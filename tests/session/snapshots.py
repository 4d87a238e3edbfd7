"""Bitwise comparison of model snapshots (replay must reproduce the first run exactly)."""

from __future__ import annotations

import numpy as np

from explorer.session.snapshot import ModelSnapshot


def assert_snapshots_equal(got: ModelSnapshot, want: ModelSnapshot) -> None:
    """Every field equal: arrays with ``np.array_equal`` (NaN only where NaN), scalars with ==."""
    for name, expected in vars(want).items():
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
                else:
                    assert value[key] == item, f"{where}[{key}]"
        else:
            assert value == expected or (value != value and expected != expected), where
