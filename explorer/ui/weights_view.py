"""Recurrent weights: the matrix as a heatmap and its eigenvalues around the unit circle."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from explorer.session.snapshot import SessionView
from explorer.ui.i18n import tr
from explorer.ui.lazy_view import LazyView
from explorer.ui.theme import (
    cell_colour,
    cell_label,
    diverging_map,
    font,
    sign_marks,
    style_plot,
)

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents

UNIT_CIRCLE = np.exp(1j * np.linspace(0, 2 * np.pi, 181))


def recurrent_blocks(weights: dict[str, np.ndarray]) -> list[str]:
    """Names of the square recurrent matrices (W_hh, W_hi, W_hz …), in parameter order."""
    return [
        n
        for n, w in weights.items()
        if n.startswith("W_h") and n != "W_hq" and w.ndim == 2 and w.shape[0] == w.shape[1]
    ]


class WeightsView(LazyView):
    """One row per model: its name, choice of block and ρ, the heatmap, the eigenvalues.

    Each model's controls sit beside its own plots: in one line above all of them, three
    models' names and radii did not fit a 1280-pixel window and were cut off."""

    def __init__(
        self, parent: QWidget | None = None, *, events: SessionEvents | None = None
    ) -> None:
        super().__init__(parent)
        self.rows_box = QVBoxLayout(self)
        self.rows_box.setContentsMargins(2, 2, 2, 2)
        self.choosers: dict[str, QComboBox] = {}
        self.radius_labels: dict[str, QLabel] = {}
        self._rows: dict[str, tuple] = {}
        self._row_widgets: list[QWidget] = []
        self._columns: list[QWidget] = []  # each row's controls, and the footer's spacer
        self.sign_marks: dict[str, pg.ImageItem] = {}  # per model: dots on negative weights
        self._cells: tuple[str, ...] = ()
        self._eig_cache: dict[tuple, np.ndarray] = {}
        if events is not None:
            events.follow(self)

    def _build(self, view: SessionView) -> None:
        for widget in self._row_widgets:
            self.rows_box.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets = []
        self.choosers, self.radius_labels, self._rows = {}, {}, {}
        self.sign_marks = {}
        columns = []
        for cell in view.cells:
            box = self._new_row(stretch=1)
            controls = self._controls(cell)
            columns.append(controls)
            box.addWidget(controls)
            heat_widget, eig_widget = pg.PlotWidget(), pg.PlotWidget()
            box.addWidget(heat_widget, 1)
            box.addWidget(eig_widget, 1)
            heat, eig = heat_widget.getPlotItem(), eig_widget.getPlotItem()
            # A short title on the rotated axis: "from unit j" was longer than the row of
            # three models and ran into the row above.
            style_plot(heat, left=tr("from j"))
            heat.invertY(True)
            heat.setAspectLocked(True)
            image = pg.ImageItem()
            heat.addItem(image)
            marks = pg.ImageItem()  # a dot on each negative weight: sign also by shape
            heat.addItem(marks)
            self.sign_marks[cell] = marks
            bar = pg.ColorBarItem(
                values=(-1, 1), colorMap=diverging_map(), interactive=False, width=14
            )
            bar.setImageItem(image, insert_in=heat)
            style_plot(eig, left="Im λ")
            eig.setAspectLocked(True)
            eig.plot(
                UNIT_CIRCLE.real,
                UNIT_CIRCLE.imag,
                pen=pg.mkPen("#777", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine),
            )
            points = pg.ScatterPlotItem(
                size=9, brush=pg.mkBrush(cell_colour(cell)), pen=pg.mkPen("k", width=0.5)
            )
            eig.addItem(points)
            self._rows[cell] = (heat, image, bar, eig, points)
        columns.append(self._footer())
        self._columns = columns
        self._cells = view.cells

    def _footer(self) -> QWidget:
        """The bottom axes' titles, once under all rows: on the last row's plots only,
        they made its plots shorter than the others'. Returns the spacer under the
        controls column."""
        box = self._new_row(stretch=0)
        spacer = QWidget()
        box.addWidget(spacer)
        for text in (tr("to unit k"), "Re λ"):
            title = QLabel(text)
            title.setFont(font(1.2))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(title, 1)
        return spacer

    def _new_row(self, stretch: int) -> QHBoxLayout:
        """A row at the bottom of the view (gone at the next ``_build``); its layout."""
        line = QWidget()
        box = QHBoxLayout(line)
        box.setContentsMargins(0, 0, 0, 0)
        self.rows_box.addWidget(line, stretch)
        self._row_widgets.append(line)
        return box

    def _controls(self, cell: str) -> QWidget:
        """The model's name, its choice of recurrent block and the block's ρ, stacked."""
        controls = QWidget()
        stack = QVBoxLayout(controls)
        stack.setContentsMargins(0, 0, 0, 0)
        name = QLabel(f"<b style='color:{cell_colour(cell).name()}'>{tr(cell_label(cell))}</b>")
        chooser = QComboBox()
        chooser.setToolTip(tr("Which recurrent block to show"))
        chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        radius = QLabel("ρ = —")
        radius.setFont(font(1.2, bold=True))
        radius.setToolTip(
            tr(
                "Spectral radius: the largest |eigenvalue|. Above 1 the linearised recurrence grows."
            )
        )
        stack.addStretch(1)
        for widget in (name, chooser, radius):
            stack.addWidget(widget)
        stack.addStretch(1)
        self.choosers[cell], self.radius_labels[cell] = chooser, radius
        return controls

    def render(self, view: SessionView) -> None:
        if view.cells != self._cells:
            self._build(view)
        for cell, (_heat, image, bar, _eig, points) in self._rows.items():
            snap = view.records.get(cell)
            chooser = self.choosers[cell]
            if snap is None:
                image.clear()
                self.sign_marks[cell].clear()
                points.setData([], [])
                # No snapshot: before the first iteration, or after this model diverged.
                self.radius_labels[cell].setText(tr("diverged") if view.iteration else "")
                continue
            blocks = recurrent_blocks(snap.weights)
            if [chooser.itemText(i) for i in range(chooser.count())] != blocks:
                chooser.blockSignals(True)
                chooser.clear()
                chooser.addItems(blocks)
                if snap.recurrent_name in blocks:
                    chooser.setCurrentText(snap.recurrent_name)
                chooser.blockSignals(False)
            name = chooser.currentText() or snap.recurrent_name
            W = snap.weights[name]
            bound = float(np.nanmax(np.abs(W))) if np.isfinite(W).any() else 1.0
            bar.setLevels((-bound, bound))
            # Rows of W_hh are the "from" unit (row-vector convention h W_hh): x = to, y = from.
            image.setImage(W.T, autoLevels=False)
            image.setRect(QRectF(0, 0, W.shape[1], W.shape[0]))
            self.sign_marks[cell].setImage(sign_marks(W.T), levels=(0, 255))
            self.sign_marks[cell].setRect(QRectF(0, 0, W.shape[1], W.shape[0]))
            key = (cell, snap.iteration, name, id(W))
            lam = self._eig_cache.get(key)
            if lam is None:
                # A non-square block (output recurrence's W_oh) has no eigenvalues.
                square = W.shape[0] == W.shape[1] and np.isfinite(W).all()
                lam = np.linalg.eigvals(W) if square else np.zeros(0, complex)
                self._eig_cache = {key: lam} | {k: v for k, v in list(self._eig_cache.items())[-8:]}
            points.setData(lam.real, lam.imag)
            rho = float(np.abs(lam).max()) if lam.size else float("nan")
            self.radius_labels[cell].setText(f"ρ({name}) = {rho:.3f}")
            self.radius_labels[cell].setStyleSheet("color: #B00020;" if rho > 1 else "color: #222;")
        self._line_up_controls()

    def _line_up_controls(self) -> None:
        """One width for the controls column, as wide as its widest text now, so that the
        plots of every row line up and no radius is cut."""
        if not self._columns:
            return
        width = max(c.sizeHint().width() for c in self._columns)
        if self._columns[0].minimumWidth() != width:
            for column in self._columns:
                column.setFixedWidth(width)
