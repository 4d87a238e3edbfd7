"""What if? Pinned runs ("ghosts") drawn beside the current one, labelled with the difference.

View → Ghosts → Pin current run (G) freezes what the gradient-through-time plot and the
curves show; after a setting is changed and the new run trains, both are on the same plots,
the ghost's legend entry naming the setting it differs in ("ghost A: recurrent scale 0.8").
At most three; Clear ghosts (Shift+G, or the button in the status bar) removes them. The
ghosts belong to the run's controller, so they survive a language switch of the window.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMenu, QPushButton, QWidget

from explorer.session.config import SessionConfig
from explorer.session.ghosts import Difference, Ghost, GhostShelf, differences
from explorer.ui.gradient_view import positive
from explorer.ui.i18n import tr, tr_error
from explorer.ui.menus import menu_titled
from explorer.ui.theme import cell_colour, font

# One line style and one hollow marker per ghost (by its place on the shelf): ghosts differ
# from each other, and from the current run's solid lines, without colour.
GHOST_STYLES = (Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine, Qt.PenStyle.DotLine)
GHOST_SYMBOLS = ("t", "s", "d")
GHOST_ALPHA = 170
GHOST_WIDTH = 2.5
LEGEND_GREY = "#555555"
# At most this many differences are named in a label; more are summed up as "…".
LABEL_DIFFERENCES = 2

_shelves: weakref.WeakKeyDictionary[QObject, GhostShelf] = weakref.WeakKeyDictionary()


def shelf_for(owner: QObject) -> GhostShelf:
    """The ghost shelf of ``owner`` (the session controller), made on first use."""
    shelf = _shelves.get(owner)
    if shelf is None:
        shelf = _shelves[owner] = GhostShelf()
    return shelf


# --------------------------------------------------------------------------------- labels
def setting_name(field: str) -> str:
    """The settings panel's name of ``field`` ("recurrent_scale" → "Recurrent scale")."""
    from explorer.ui.controls import LABELS, param_label

    if field.startswith("task_params."):
        return tr(param_label(field.split(".", 1)[1]))
    return tr(LABELS.get(field, field.replace("_", " ").capitalize()))


def setting_value(value: Any) -> str:
    """A setting's value as the panel shows it (choices translated, numbers short)."""
    if isinstance(value, bool):
        return tr("on") if value else tr("off")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "+".join(str(v) for v in value)
    if isinstance(value, str):
        return tr(value)
    return str(value)


def difference_text(diffs: list[Difference]) -> str:
    """``diffs`` as "recurrent scale 0.8, clipping off" (the ghost's values)."""
    parts = [
        tr("{setting} {value}").format(
            setting=_in_sentence(setting_name(d.field)), value=setting_value(d.ghost)
        )
        for d in diffs[:LABEL_DIFFERENCES]
    ]
    if len(diffs) > LABEL_DIFFERENCES:
        parts.append("…")
    return tr(", ").join(parts)


def _in_sentence(name: str) -> str:
    # "Recurrent scale" reads "recurrent scale" inside a label; Chinese has no case.
    return name[:1].lower() + name[1:] if name.isascii() else name


def ghost_label(ghost: Ghost, current: SessionConfig) -> str:
    """The legend text of ``ghost`` against the current run's settings, e.g.
    "ghost A: recurrent scale 0.8" or "ghost B: same settings, iteration 40"."""
    diffs = differences(ghost.config, current)
    if not diffs:
        return tr("ghost {name}: same settings, iteration {n}").format(
            name=ghost.name, n=ghost.iteration
        )
    return tr("ghost {name}: {difference}").format(
        name=ghost.name, difference=difference_text(diffs)
    )


# --------------------------------------------------------------------------------- drawing
@dataclass(frozen=True)
class GhostTrace:
    """What one ghost adds to one plot: its legend text, its place on the shelf (style and
    marker), and per model the points ``(x, y)``."""

    label: str
    index: int
    series: dict[str, tuple[np.ndarray, np.ndarray]]


def ghost_pen(cell: str, index: int) -> Any:
    """The pen of ghost number ``index`` drawn for model ``cell``: the model's colour, faded,
    in the ghost's own dash pattern."""
    colour = QColor(cell_colour(cell))
    colour.setAlpha(GHOST_ALPHA)
    return pg.mkPen(colour, width=GHOST_WIDTH, style=GHOST_STYLES[index % len(GHOST_STYLES)])


class GhostPlotter:
    """Draws ghost traces on one plot, named by one legend entry per ghost (``legend`` may
    be None when another plotter's legend names them) or, with ``tags``, by a label on the
    plot at the left end of the ghost's first curve (where a legend has no room)."""

    def __init__(
        self,
        plot: pg.PlotItem,
        legend: pg.LegendItem | None,
        markers: bool,
        tags: bool = False,
        log_y: bool = True,
    ) -> None:
        self.plot = plot
        self.legend = legend
        self.markers = markers
        self.tags_on = tags
        self.log_y = log_y
        self.items: list[pg.PlotDataItem] = []
        self.tags: list[pg.TextItem] = []
        self._samples: list[tuple[pg.PlotDataItem, str]] = []

    def setTraces(self, traces: list[GhostTrace]) -> None:
        """Show ``traces`` instead of the ones drawn so far (an empty list clears)."""
        for item in [*self.items, *self.tags]:
            self.plot.removeItem(item)
        self.items = []
        self.tags = []
        self._remove_legend_entries()
        self._samples = []
        for trace in traces:
            tagged = False
            for cell, (x, y) in trace.series.items():
                y = positive(y)  # log axes: zeros and non-finite values are gaps
                if not np.isfinite(y).any():
                    continue
                options: dict[str, Any] = {"pen": ghost_pen(cell, trace.index), "connect": "finite"}
                if self.markers:
                    colour = QColor(cell_colour(cell))
                    options.update(
                        symbol=GHOST_SYMBOLS[trace.index % len(GHOST_SYMBOLS)],
                        symbolSize=9,
                        symbolBrush=None,
                        symbolPen=pg.mkPen(colour, width=1.5),
                    )
                item = pg.PlotDataItem(np.asarray(x, np.float64), y, **options)
                item.setZValue(-5)  # behind the current run
                self.plot.addItem(item)
                self.items.append(item)
                if self.tags_on and not tagged:
                    self._tag(trace.label, np.asarray(x, np.float64), y)
                    tagged = True  # one label per ghost, on its first model's curve
            style = GHOST_STYLES[trace.index % len(GHOST_STYLES)]
            sample = pg.PlotDataItem(pen=pg.mkPen(LEGEND_GREY, width=GHOST_WIDTH, style=style))
            self._samples.append((sample, trace.label))
        self.addLegendEntries()

    def _tag(self, label: str, x: np.ndarray, y: np.ndarray) -> None:
        """Write ``label`` on the plot at the first finite point of ``(x, y)``."""
        first = int(np.flatnonzero(np.isfinite(y))[0])
        tag = pg.TextItem(label, color="#222222", fill=(255, 255, 255, 200), anchor=(0, 1.1))
        tag.setFont(font(1.0))
        tag.setZValue(30)
        value = float(y[first])
        tag.setPos(float(x[first]), float(np.log10(value)) if self.log_y else value)
        self.plot.addItem(tag)
        self.tags.append(tag)

    def addLegendEntries(self) -> None:
        """Put the ghosts' entries (back) into the legend, e.g. after it was cleared."""
        if self.legend is None:
            return
        self._remove_legend_entries()
        for sample, label in self._samples:
            self.legend.addItem(sample, label)

    def _remove_legend_entries(self) -> None:
        if self.legend is None:
            return
        for sample, _label in self._samples:
            # The legend wraps each item in a sample of its own, which keeps it as ``item``.
            while any(getattr(entry, "item", None) is sample for entry, _ in self.legend.items):
                self.legend.removeItem(sample)


def gradient_traces(shelf: GhostShelf, current: SessionConfig) -> list[GhostTrace]:
    """Each ghost's ‖∂L/∂h_t‖ over t = 1 … T."""
    out = []
    for index, ghost in enumerate(shelf.ghosts):
        series = {
            cell: (
                np.arange(1, len(data.grad_hidden_norm) + 1, dtype=np.float64),
                data.grad_hidden_norm,
            )
            for cell, data in ghost.cells.items()
        }
        out.append(GhostTrace(ghost_label(ghost, current), index, series))
    return out


def curve_traces(shelf: GhostShelf, current: SessionConfig, series: str) -> list[GhostTrace]:
    """Each ghost's training curve ``series`` ("loss" or "grad_norm") over the iterations."""
    out = []
    for index, ghost in enumerate(shelf.ghosts):
        points = {
            cell: (data.iterations, getattr(data, series)) for cell, data in ghost.cells.items()
        }
        out.append(GhostTrace(ghost_label(ghost, current), index, points))
    return out


# --------------------------------------------------------------------------------- window
class GhostLayer(QObject):
    """The ghosts of one main window: its actions, the status-bar strip, the drawing."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctrl = window.ctrl
        self.shelf = shelf_for(window.ctrl)
        self.pin_action = QAction(tr("&Pin current run as ghost"), window)
        self.pin_action.setShortcut(QKeySequence("G"))
        self.pin_action.setStatusTip(
            tr("Keep this run's gradient and curves on the plots to compare with the next run")
        )
        self.clear_action = QAction(tr("&Clear ghosts"), window)
        self.clear_action.setShortcut(QKeySequence("Shift+G"))
        self.clear_action.setStatusTip(tr("Remove every pinned run from the plots"))
        for action in (self.pin_action, self.clear_action):
            window.addAction(action)  # the keys work wherever the focus is
        self.pin_action.triggered.connect(self.pin)
        self.clear_action.triggered.connect(self.shelf.clear)
        self.menu = QMenu(tr("&Ghosts (what if?)"), window)
        self.menu.addAction(self.pin_action)
        self.menu.addAction(self.clear_action)
        self.strip = self._make_strip()
        window.statusBar().addPermanentWidget(self.strip)
        # The gradient plot's legend is full at classroom sizes: its ghosts are named on
        # the plot, at the left end of their curves, where runs differ most.
        self.gradient = GhostPlotter(
            window.gradient.norm_plot.getPlotItem(), None, markers=True, tags=True
        )
        self.curves = window.curves
        self.shelf.add_listener(self.redraw)
        self.ctrl.sigRunReplaced.connect(self.redraw)
        self.redraw()

    def _make_strip(self) -> QWidget:
        strip = QWidget()
        strip.setObjectName("ghostStrip")
        layout = QHBoxLayout(strip)
        layout.setContentsMargins(0, 0, 0, 0)
        self.strip_label = QLabel("")
        self.clear_button = QPushButton(tr("Clear ghosts"))
        self.clear_button.setObjectName("clearGhosts")
        self.clear_button.setToolTip(tr("Remove every pinned run from the plots (Shift+G)"))
        self.clear_button.clicked.connect(self.shelf.clear)
        layout.addWidget(self.strip_label)
        layout.addWidget(self.clear_button)
        return strip

    def pin(self) -> None:
        """Pin the frame on screen as a ghost, or say why not in the status bar."""
        try:
            ghost = self.shelf.pin(self.ctrl.view(), self.ctrl.config)
        except ValueError as exc:
            self.window.statusBar().showMessage(tr_error(exc), 8000)
            return
        self.window.statusBar().showMessage(
            tr(
                "Pinned as ghost {name}. Change a setting and train: both runs share the plots."
            ).format(name=ghost.name),
            10000,
        )

    def redraw(self) -> None:
        """Draw the shelf's ghosts, labelled against the current run's settings."""
        if not shiboken6.isValid(self.window) or not shiboken6.isValid(self.strip):
            self.detach()  # the window is gone; the shelf lives on with the controller
            return
        shelf, config = self.shelf, self.ctrl.config
        self.gradient.setTraces(gradient_traces(shelf, config))
        self.window.gradient.setExtraNorms(
            [data.grad_hidden_norm for ghost in shelf.ghosts for data in ghost.cells.values()]
        )
        self.curves.setGhosts(
            curve_traces(shelf, config, "loss"), curve_traces(shelf, config, "grad_norm")
        )
        names = [ghost.name for ghost in shelf.ghosts]
        self.strip.setVisible(bool(names))
        self.strip_label.setText(tr("Ghosts: {names}").format(names=", ".join(names)))
        self.strip_label.setToolTip("\n".join(ghost_label(g, config) for g in shelf.ghosts))
        self.clear_action.setEnabled(bool(names))
        self.pin_action.setEnabled(not shelf.full)

    def names(self) -> list[str]:
        """The names of the ghosts pinned now ("A", "B", …)."""
        return [ghost.name for ghost in self.shelf.ghosts]

    def detach(self) -> None:
        """Stop drawing for this window (it hands its controller to another)."""
        self.shelf.remove_listener(self.redraw)


def install_ghosts(window: QMainWindow) -> GhostLayer:
    """Give ``window`` the ghosts: View → Ghosts, the G / Shift+G keys, the status-bar
    strip and the drawing on the gradient and curves plots (``window.ghosts``)."""
    layer = GhostLayer(window)
    view_menu = menu_titled(window, "&View")
    if view_menu is not None:
        view_menu.addSeparator()
        view_menu.addMenu(layer.menu)
    window.ghosts = layer
    return layer
