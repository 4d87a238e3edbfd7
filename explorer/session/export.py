"""Export the training curves as CSV and the displayed trace and curves as NPZ."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from explorer.atomic_file import atomic_path, atomic_write_text
from explorer.session.snapshot import CURVE_SERIES, LayerSnapshot, ModelSnapshot, SessionView

CURVE_COLUMNS = ("iteration", "model", *CURVE_SERIES)


def curves_csv(view: SessionView) -> str:
    """One row per (iteration, model): the scalars of every iteration, then the metrics.

    Metric columns are named ``metric:<name>`` and are empty where the iteration was not
    an evaluation point.
    """
    metric_names = sorted({name for c in view.curves.values() for name in c.metrics})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CURVE_COLUMNS, *(f"metric:{m}" for m in metric_names)])
    for cell in view.cells:
        curves = view.curves[cell]
        evaluated = {int(it): i for i, it in enumerate(curves.metric_iterations)}
        for i, iteration in enumerate(curves.iterations):
            row: list[object] = [
                int(iteration),
                cell,
                _num(curves.loss[i]),
                _num(curves.grad_norm[i]),
                _num(curves.grad_norm_clipped[i]),
                int(curves.clipped[i]),
                _num(curves.spectral_radius[i]),
                _num(curves.truncation_cosine[i]),
                _num(curves.truncation_rel_norm[i]),
            ]
            j = evaluated.get(int(iteration))
            for name in metric_names:
                column = curves.metrics.get(name)
                row.append("" if j is None or column is None else _num(column[j]))
            writer.writerow(row)
    return out.getvalue()


def _num(value: float) -> str:
    return "" if not math.isfinite(float(value)) else repr(float(value))


def write_curves_csv(view: SessionView, path: str | Path) -> None:
    """Write ``curves_csv(view)`` to ``path`` atomically."""
    atomic_write_text(path, curves_csv(view))


def view_arrays(view: SessionView) -> dict[str, np.ndarray]:
    """Flat name → array dict of the displayed trace of every model and all curves."""
    arrays: dict[str, np.ndarray] = {"iteration": np.asarray(view.iteration)}
    for cell, snapshot in view.records.items():
        arrays.update(_snapshot_arrays(snapshot, f"{cell}/"))
    for cell, curves in view.curves.items():
        for name, value in vars(curves).items():
            if isinstance(value, dict):
                for metric, column in value.items():
                    arrays[f"{cell}/curves/metric/{metric}"] = column
            elif value is not None:
                arrays[f"{cell}/curves/{name}"] = value
    return arrays


def _snapshot_arrays(snapshot: ModelSnapshot, prefix: str) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    if snapshot.missing:  # a training frame: it names the costly parts it left out
        out[prefix + "missing"] = np.array(sorted(snapshot.missing))
    for name, value in vars(snapshot).items():
        if isinstance(value, np.ndarray):
            out[prefix + name] = value
        elif name == "layers":
            for key, layer in value.items():
                out.update(_layer_arrays(layer, f"{prefix}layers/{key}/"))
        elif isinstance(value, dict):
            for key, array in value.items():
                out[f"{prefix}{name}/{key}"] = np.asarray(array)
        elif isinstance(value, (int, float, bool)) and value is not None:
            out[prefix + name] = np.asarray(value)
    return out


def _layer_arrays(layer: LayerSnapshot, prefix: str) -> dict[str, np.ndarray]:
    """One layer and direction of a stacked model: "<prefix>hidden", "<prefix>gates/z" …"""
    out: dict[str, np.ndarray] = {}
    for name, value in vars(layer).items():
        if isinstance(value, np.ndarray):
            out[prefix + name] = value
        elif isinstance(value, dict):
            for key, array in value.items():
                out[f"{prefix}{name}/{key}"] = np.asarray(array)
    return out


def write_view_npz(view: SessionView, path: str | Path) -> None:
    """Write ``view_arrays(view)`` as a compressed ``.npz`` atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **view_arrays(view))
