"""Sentences the window composes from session data, in the interface language.

The session speaks English in its own messages (logs, the command line); the window words the
same facts itself from the data (phase, cursor, iteration, ``ModelStatus``, ``SessionEvent``)
with ``tr()`` templates, so a translation can reorder them.
"""

from __future__ import annotations

import math

from explorer.session.snapshot import ModelStatus, Phase, SessionEvent, SessionView
from explorer.ui.i18n import tr
from explorer.ui.theme import cell_label


def phase_text(view: SessionView) -> str:
    """The phase indicator, e.g. "Backward · t = 17 of 50 · iteration 212".

    Every "where am I" text of the window comes from the frame's phase and its displayed
    iteration (``view.iteration``: the one being revealed, a past one in the history, or the
    last finished one), so the phase line and the status bar cannot disagree.
    """
    if view.running:
        return tr("Training · iteration {n}").format(n=view.completed)
    if view.scrubbing:
        return tr("Iteration {n} · history (the run is at {m})").format(
            n=view.iteration, m=view.completed
        )
    if view.phase is Phase.IDLE:
        if view.iteration:
            return tr("Iteration {n} done").format(n=view.iteration)
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


def shown_iteration_text(view: SessionView) -> str:
    """The iteration on display, for the status bar: "iteration 12", "no iteration yet"."""
    if view.running:
        return tr("iteration {n}").format(n=view.completed)
    if view.iteration == 0:
        return tr("no iteration yet")
    if view.scrubbing:
        return tr("iteration {n} (history)").format(n=view.iteration)
    return tr("iteration {n}").format(n=view.iteration)


def divergence_text(model: str, iteration: int, grad_norm: float | None) -> str:
    """Why a model stopped and what to try, e.g. "LSTM diverged at iteration 40 (…)"."""
    if grad_norm is None or math.isnan(grad_norm):  # a NaN norm tells nothing
        return tr(
            "{model} diverged at iteration {n}: try clipping or a lower learning rate"
        ).format(model=model, n=iteration)
    norm = f"{grad_norm:.1e}"
    return tr(
        "{model} diverged at iteration {n} (gradient norm {norm}): "
        "try clipping or a lower learning rate"
    ).format(model=model, n=iteration, norm=norm)


def status_text(status: ModelStatus) -> str:
    """``divergence_text`` of a diverged model's status."""
    return divergence_text(tr(cell_label(status.cell)), status.diverged_at or 0, status.grad_norm)


def event_text(event: SessionEvent) -> str:
    """A session event in the interface language."""
    if event.kind == "diverged":
        return divergence_text(tr(cell_label(event.cell)), event.iteration, event.grad_norm)
    return tr("Resumed from iteration {n}").format(n=event.iteration)
