"""Ghosts: frozen copies of what a run's plots show, kept to compare with the next run.

"What if?": a lecturer pins the current run as a ghost, changes one setting (recurrent
scale, truncation, clipping, forget-gate bias), trains again, and the gradient-through-time
plot and the curves show the pinned run beside the new one, labelled with the setting that
differs. A ghost holds only what those plots draw (per-step gradient norms of the displayed
iteration, the loss and gradient-norm curves), copied and read-only, never the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from explorer.engine.truncation import Truncation
from explorer.messages import UserMessageError
from explorer.session.config import SessionConfig
from explorer.session.snapshot import SessionView

MAX_GHOSTS = 3
GHOST_NAMES = ("A", "B", "C")
# Settings that say nothing about the run's numbers: never named as "the difference".
IGNORED_FIELDS = ("memory_budget_mb", "display_example", "eval_every")


def _frozen(values: Any, dtype: type = np.float64) -> np.ndarray:
    """A read-only copy of ``values``: a ghost never changes, whatever the run does next."""
    array = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class GhostCell:
    """One model's plotted data in a ghost.

    ``grad_hidden_norm (T,)`` is ‖∂L/∂h_t‖ of the iteration shown when pinned;
    ``iterations``, ``loss`` and ``grad_norm`` ``(N,)`` are its training curves.
    """

    grad_hidden_norm: np.ndarray
    iterations: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray


@dataclass(frozen=True)
class Ghost:
    """A pinned run: its name ("A", "B", "C"), settings, shown iteration and plotted data."""

    name: str
    config: SessionConfig
    iteration: int
    cells: dict[str, GhostCell]


@dataclass(frozen=True)
class Difference:
    """One setting in which a ghost's run differs from the current one."""

    field: str  # a SessionConfig field, or "task_params.<name>"
    ghost: Any  # the ghost's value
    current: Any  # the current run's value


def ghost_of(view: SessionView, config: SessionConfig, name: str) -> Ghost:
    """A ghost named ``name`` of the frame ``view`` of a run with ``config``.

    Raises ``UserMessageError`` when the frame has no finished iteration to pin.
    """
    if not view.records or view.iteration < 1:
        raise UserMessageError("Nothing to pin yet: run at least one iteration first.")
    cells: dict[str, GhostCell] = {}
    for cell in view.cells:
        snap = view.records.get(cell)
        curves = view.curves.get(cell)
        if snap is None and curves is None:
            continue
        norms = snap.grad_hidden_norm if snap is not None else np.zeros(0)
        cells[cell] = GhostCell(
            grad_hidden_norm=_frozen(norms),
            iterations=_frozen(curves.iterations if curves is not None else (), np.float64),
            loss=_frozen(curves.loss if curves is not None else ()),
            grad_norm=_frozen(curves.grad_norm if curves is not None else ()),
        )
    return Ghost(name, config, view.iteration, cells)


def differences(ghost: SessionConfig, current: SessionConfig) -> list[Difference]:
    """The settings in which ``ghost`` differs from ``current``, in the settings' order
    (task parameters after the field ``task``); empty when they are the same run settings."""
    out: list[Difference] = []
    for f in fields(SessionConfig):
        if f.name in IGNORED_FIELDS:
            continue
        a, b = getattr(ghost, f.name), getattr(current, f.name)
        if f.name == "task_params":
            if ghost.task != current.task:
                continue  # another task: its parameters are not comparable one by one
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    out.append(Difference(f"task_params.{key}", a.get(key), b.get(key)))
        elif isinstance(a, Truncation):
            out += _truncation_differences(a, b)
        elif a != b:
            out.append(Difference(f.name, a, b))
    return out


def _truncation_differences(ghost: Truncation, current: Truncation) -> list[Difference]:
    """The truncation's parts that differ, as the settings panel shows them: the kind, then
    k or p when the ghost's kind uses it."""
    out = []
    if ghost.kind != current.kind:
        out.append(Difference("truncation", ghost.kind, current.kind))
    if ghost.kind == "truncated" and ghost.k != current.k:
        out.append(Difference("truncation_k", ghost.k, current.k))
    if ghost.kind == "random" and ghost.p != current.p:
        out.append(Difference("truncation_p", ghost.p, current.p))
    return out


class GhostShelf:
    """The pinned ghosts (at most ``MAX_GHOSTS``), oldest first; listeners hear of changes."""

    def __init__(self) -> None:
        self._ghosts: list[Ghost] = []
        self._listeners: list[Callable[[], None]] = []

    @property
    def ghosts(self) -> tuple[Ghost, ...]:
        """The pinned ghosts, oldest first."""
        return tuple(self._ghosts)

    @property
    def full(self) -> bool:
        """Whether no more ghost can be pinned."""
        return len(self._ghosts) >= MAX_GHOSTS

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every change."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def pin(self, view: SessionView, config: SessionConfig) -> Ghost:
        """Pin the frame ``view`` of the run with ``config``; returns the new ghost.

        Raises ``UserMessageError`` when ``MAX_GHOSTS`` are pinned already (the pinned
        ones are kept: clear them first) or when there is nothing to pin.
        """
        if self.full:
            raise UserMessageError(
                "{n} ghosts are pinned already: clear them before pinning another.",
                n=MAX_GHOSTS,
            )
        used = {g.name for g in self._ghosts}
        name = next(n for n in GHOST_NAMES if n not in used)
        ghost = ghost_of(view, config, name)
        self._ghosts.append(ghost)
        self._changed()
        return ghost

    def clear(self) -> None:
        """Unpin every ghost."""
        if self._ghosts:
            self._ghosts.clear()
            self._changed()

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
