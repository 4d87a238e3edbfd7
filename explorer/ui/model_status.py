"""The status bar's permanent line: the shown iteration and each model's loss and ‖g‖."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from explorer.session.snapshot import SessionView
from explorer.ui.i18n import tr
from explorer.ui.phrases import shown_iteration_text
from explorer.ui.session_events import SessionEvents
from explorer.ui.theme import cell_colour, cell_label, format_number


class ModelStatus(QLabel):
    """ "iteration 12 │ RNN loss 0.41 · ‖g‖ 2.3 │ LSTM …", with a DIVERGED badge for a
    model that diverged and a ✂ mark when the gradient was clipped. Given a window's
    ``SessionEvents`` it subscribes itself to the frames."""

    def __init__(self, events: SessionEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("modelStatus")
        self.setTextFormat(Qt.TextFormat.RichText)
        if events is not None:
            events.follow(self)

    def setView(self, view: SessionView) -> None:
        """Show ``view``'s numbers."""
        self.setText(" &nbsp;│&nbsp; ".join(status_parts(view)))


def status_parts(view: SessionView) -> list[str]:
    """The rich-text pieces of the line: the iteration, then one per model."""
    parts = ["<b>" + html.escape(shown_iteration_text(view)) + "</b>"]
    for cell in view.cells:
        colour = cell_colour(cell).name()
        name = f"<span style='color:{colour}'><b>{tr(cell_label(cell))}</b></span>"
        status = view.status.get(cell)
        if status is not None and status.diverged:
            badge = tr("DIVERGED at {n}").format(n=status.diverged_at)
            parts.append(
                f"{name} <span style='color:white; background:#B00020'>&nbsp;{badge}&nbsp;</span>"
            )
            continue
        snap = view.records.get(cell)
        if snap is None:
            continue
        clip = f" <span style='color:#CC79A7'>{tr('✂ clipped')}</span>" if snap.clipped else ""
        numbers = tr("loss {loss} · ‖g‖ {norm}").format(
            loss=format_number(snap.loss), norm=format_number(snap.grad_norm)
        )
        parts.append(f"{name} {numbers}{clip}")
    return parts
