"""The bar above the graph: the colour keys of states and losses, a hint, zoom buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from explorer.ui.colour_bar import ColourBar
from explorer.ui.elided_label import ElidedLabel
from explorer.ui.graph.colouring import Colouring
from explorer.ui.i18n import tr
from explorer.ui.theme import diverging_map, format_number, sequential_map


class GraphHeader(QHBoxLayout):
    """``legend`` (the states' key), ``loss_key``, ``hint`` and ``zoom_buttons`` ("out",
    "in", "fit", "width") wired to the given slots."""

    def __init__(self, parent: QWidget, zoom: dict[str, Callable[[], None]]) -> None:
        super().__init__()
        self.setContentsMargins(4, 0, 4, 0)
        # Least widths that keep each key's colours and ends (a title too long for them is
        # elided, its tool tip whole): with a lesson open at 1280 × 800 the graph pane is
        # under 570 px wide, and larger ones (240 and 180) drew the loss key's title over
        # the states' key. Wider panes stretch them.
        self.legend = ColourBar(parent)
        self.legend.setMinimumWidth(172)
        # The key of the loss nodes' colours, beside the key of the states' colours.
        self.loss_key = ColourBar(parent)
        self.loss_key.setMinimumWidth(155)
        # The hint gives way to the colour bar when the pane is narrow (1280 × 800): it is
        # elided with "…" rather than cut, and its tool tip keeps the whole sentence.
        self.hint = ElidedLabel(
            tr("Click a node to inspect it · hover a W label to see sharing"),
            vertical=QSizePolicy.Policy.Preferred,
        )
        self.hint.setStyleSheet("color: #555;")
        self.addWidget(self.legend, 3)
        self.addWidget(self.loss_key, 2)
        self.addWidget(self.hint, 1)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("out", "−", tr("Zoom out (−)")),
            ("in", "+", tr("Zoom in (+)")),
            ("fit", tr("Fit"), tr("Fit the graph to the view")),
            ("width", tr("All steps"), tr("Show every time step, however small")),
        ):
            button = QToolButton(parent)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(zoom[key])
            self.addWidget(button)
            self.zoom_buttons[key] = button

    def showScales(self, colouring: Colouring, gradient: bool, unit: int, deep: bool) -> None:
        """Set both keys for a frame: gradient norms (backward) or unit ``unit``'s h, and
        the step losses. ``deep``: the norms are the shown example's, per layer."""
        if gradient:
            s = colouring.scale
            title = tr("‖∂L/∂h_t‖ (log; grey: none):")
            if deep:
                title = tr("‖∂L/∂h_t‖ of the shown example (log; grey: none):")
            low, high = format_number(s.low), format_number(s.high)
            self.legend.setScale(title, sequential_map(), low, high)
        else:
            self.legend.setScale(
                tr("h of unit {unit}:").format(unit=unit),
                diverging_map(),
                "−1",
                "+1",
                tr(
                    "Blue with a heavy ring: negative; red: positive. Inputs x and outputs o are scaled to their row's largest value."
                ),
            )
        loss = colouring.loss_scale
        self.loss_key.setScale(
            tr("loss Lₜ:"),
            sequential_map(),
            format_number(loss.low),
            format_number(loss.high),
            tr("Each step's loss on a log scale; steps that are not scored stay white."),
        )
