"""Spotlight: a lesson card points at the parts of the window it talks about.

The card names its targets by meaning, never by pixel, so they survive layout changes, and
may name one key number, measured on the run, to write large on the picture::

    "spotlight": {
      "targets": ["node:h@1", "plot:gradient"],
      "number": {"metric": "grad_first", "cell": "rnn", "label": "‖∂L/∂h<sub>1</sub>‖"}
    }

Targets (see the interfaces between the window's parts):

- ``node:ID``: a node of the unrolled graph, a Topology id ("h@3", "c@2", "gate.f@4",
  "l1r.h@2");
- ``edge:ID_OR_WEIGHT``: an edge ("h@2->h@3") or every edge of a weight ("W_hh");
- ``plot:gradient|hidden|curves|weights`` and ``view:inspector|graph``: a whole view;
- ``curve:CELL.METRIC``: one curve of the training-curves view ("curve:lstm.loss").

``number``: ``metric`` is one of ``questions.RECORD_METRICS`` measured on the iteration on
display (``grad_first`` = ‖∂L/∂h₁‖ …) for ``cell``; ``label`` (optional, the same in every
language: a math symbol) is written before it. This module is Qt-free: it parses and
checks; ``explorer.ui.spotlight`` draws.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.teaching.questions import RECORD_METRICS, format_value, measure_view

PLOTS = ("gradient", "hidden", "curves", "weights")
VIEWS = ("inspector", "graph")
KINDS = ("node", "edge", "plot", "view", "curve")
# The objectName of the widget each plot:/view: target names.
OBJECT_NAMES = {
    "plot:gradient": "gradientPlot",
    "plot:hidden": "hiddenPlot",
    "plot:curves": "curvesPlot",
    "plot:weights": "weightsPlot",
    "view:inspector": "inspector",
    "view:graph": "graphView",
}
MAX_TARGETS = 4

_NODE = r"(?:[a-z]+\.)?(?:l\d+r?\.)?(?:gate\.)?[A-Za-z][A-Za-z_]*@(\d+)"
_NODE_RE = re.compile(rf"^{_NODE}$")
_EDGE_RE = re.compile(rf"^{_NODE}->{_NODE}$")
_WEIGHT_RE = re.compile(r"^(?:[a-z]+\.)?(?:l\d+r?\.)?[Wb]_[a-z]+$")
_CURVE_RE = re.compile(r"^([a-z]+)\.([a-z_][a-z0-9_]*)$")


@dataclass(frozen=True)
class SpotNumber:
    """The key number of a spotlight: ``metric`` of ``cell``, written after ``label``."""

    metric: str
    cell: str
    label: str = ""

    def text(self, view: Any) -> str:
        """e.g. ``"‖∂L/∂h<sub>1</sub>‖ = 3.1·10<sup>−6</sup>"``; "" when not measurable."""
        value = measure_view(view, self.cell, self.metric)
        if not math.isfinite(value):
            return ""
        shown = format_value(value)
        return f"{self.label} = {shown}" if self.label else shown


@dataclass(frozen=True)
class Spotlight:
    """What a card points at: ``targets`` (strings as above) and an optional number."""

    targets: tuple[str, ...]
    number: SpotNumber | None = None


def split_target(target: str) -> tuple[str, str]:
    """``"node:h@1"`` → ``("node", "h@1")``; ValueError naming the problem when malformed."""
    kind, colon, name = target.partition(":")
    if not colon or kind not in KINDS or not name:
        raise ValueError(f"target {target!r} must be KIND:NAME with KIND one of {', '.join(KINDS)}")
    return kind, name


def check_target(target: Any, cells: tuple[str, ...], T: int, curves: set[str]) -> str:
    """Validate one target for a run of ``cells`` over ``T`` steps whose curves are
    ``curves``; returns it, or raises ValueError saying what is wrong."""
    if not isinstance(target, str):
        raise ValueError(f"a target is a string such as 'node:h@1', got {target!r}")
    kind, name = split_target(target)
    if kind == "node":
        match = _NODE_RE.match(name)
        if match is None:
            raise ValueError(f"{target!r}: a node is like 'h@3', 'c@2' or 'gate.f@4'")
        _check_time(target, int(match.group(1)), T)
    elif kind == "edge":
        match = _EDGE_RE.match(name)
        if match is not None:
            for t in match.groups():
                _check_time(target, int(t), T)
        elif _WEIGHT_RE.match(name) is None:
            raise ValueError(f"{target!r}: an edge is like 'h@2->h@3', or a weight like 'W_hh'")
    elif kind in ("plot", "view"):
        known = PLOTS if kind == "plot" else VIEWS
        if name not in known:
            raise ValueError(f"{target!r}: unknown {kind}; known: {', '.join(known)}")
    else:
        match = _CURVE_RE.match(name)
        if match is None:
            raise ValueError(f"{target!r}: a curve is CELL.METRIC, e.g. 'curve:lstm.loss'")
        cell, metric = match.groups()
        if cell not in cells:
            raise ValueError(f"{target!r}: cell {cell!r} is not trained here ({', '.join(cells)})")
        if metric not in curves:
            raise ValueError(
                f"{target!r}: unknown curve {metric!r}; known: {', '.join(sorted(curves))}"
            )
    return target


def _check_time(target: str, t: int, T: int) -> None:
    # t = 0 is the initial state.
    if not 0 <= t <= T:
        raise ValueError(f"{target!r}: time step {t} is outside 0…{T} (the sequence length)")


Fail = Callable[[str, str], Exception]


def parse_spotlight(
    data: Any, where: str, fail: Fail, cells: tuple[str, ...], T: int, curves: set[str]
) -> Spotlight:
    """Validate a card's ``spotlight`` object; ``fail(where, problem)`` builds the lesson
    error, so messages name the file, card and field."""
    if not isinstance(data, dict):
        raise fail(where, 'expected an object with "targets" and optionally "number"')
    unknown = sorted(set(data) - {"targets", "number"})
    if unknown:
        raise fail(where, f"unknown field(s) {', '.join(unknown)}")
    targets = data.get("targets")
    if not isinstance(targets, list) or not 1 <= len(targets) <= MAX_TARGETS:
        raise fail(where, f"'targets' must be a list of 1 to {MAX_TARGETS} targets")
    checked = []
    for i, target in enumerate(targets):
        try:
            checked.append(check_target(target, cells, T, curves))
        except ValueError as exc:
            raise fail(f"{where} target {i + 1}", str(exc)) from None
    number = None
    if "number" in data:
        number = _number(data["number"], f"{where} number", fail, cells)
    return Spotlight(tuple(checked), number)


def _number(data: Any, where: str, fail: Fail, cells: tuple[str, ...]) -> SpotNumber:
    if not isinstance(data, dict):
        raise fail(where, 'expected an object such as {"metric": "grad_first", "cell": "rnn"}')
    unknown = sorted(set(data) - {"metric", "cell", "label"})
    if unknown:
        raise fail(where, f"unknown field(s) {', '.join(unknown)}")
    metric, cell, label = data.get("metric"), data.get("cell"), data.get("label", "")
    if metric not in RECORD_METRICS:
        raise fail(where, f"unknown metric {metric!r}; expected one of {', '.join(RECORD_METRICS)}")
    if cell not in cells:
        raise fail(where, f"cell {cell!r} is not trained here ({', '.join(cells)})")
    if not isinstance(label, str):
        raise fail(where, f"'label' must be a string, got {label!r}")
    return SpotNumber(metric, cell, label)
