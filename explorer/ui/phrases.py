"""Sentences the window composes from session data, in the interface language.

The session speaks English in its own messages (logs, the command line); the window words the
same facts itself from the data (phase, cursor, iteration, ``ModelStatus``) with ``tr()``
templates, so a translation can reorder them.
"""

from __future__ import annotations

import re

from explorer.session.snapshot import ModelStatus, Phase, SessionView
from explorer.ui.i18n import tr
from explorer.ui.theme import cell_label

# The two kinds of session event, as ``Session`` words them (see session.py).
_DIVERGED = re.compile(
    r"^(?P<label>.+?) diverged (?:at|after the update of) iteration (?P<n>\d+)"
    r"(?: \(gradient norm (?P<norm>[^)]+)\))?: "
)
_RESUMED = re.compile(r"^Resumed from iteration (?P<n>\d+)$")


def phase_text(view: SessionView) -> str:
    """The phase indicator, e.g. "Backward · t = 17 of 50 · iteration 212"."""
    if view.phase is Phase.IDLE:
        if view.completed:
            return tr("Iteration {n} done").format(n=view.completed)
        return tr("Ready")
    if view.phase is Phase.FORWARD:
        template = tr("Forward · t = {t} of {T} · iteration {n}")
    elif view.phase is Phase.BACKWARD:
        template = tr("Backward · t = {t} of {T} · iteration {n}")
    elif view.phase is Phase.LOSS:
        template = tr("Loss · iteration {n}")
    else:
        template = tr("Update · iteration {n}")
    return template.format(t=view.cursor, T=view.T, n=view.iteration)


def divergence_text(model: str, iteration: int, grad_norm: float | str | None) -> str:
    """Why a model stopped and what to try, e.g. "LSTM diverged at iteration 40 (…)"."""
    if grad_norm is None:
        return tr(
            "{model} diverged at iteration {n}: try clipping or a lower learning rate"
        ).format(model=model, n=iteration)
    norm = grad_norm if isinstance(grad_norm, str) else f"{grad_norm:.1e}"
    return tr(
        "{model} diverged at iteration {n} (gradient norm {norm}): "
        "try clipping or a lower learning rate"
    ).format(model=model, n=iteration, norm=norm)


def status_text(status: ModelStatus) -> str:
    """``divergence_text`` of a diverged model's status."""
    return divergence_text(tr(cell_label(status.cell)), status.diverged_at or 0, status.grad_norm)


def event_text(message: str) -> str:
    """A session event (an English sentence) in the interface language."""
    match = _DIVERGED.match(message)
    if match:
        return divergence_text(tr(match["label"]), int(match["n"]), match["norm"])
    match = _RESUMED.match(message)
    if match:
        return tr("Resumed from iteration {n}").format(n=int(match["n"]))
    return tr(message)
