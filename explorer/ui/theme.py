"""Colours, fonts and the reveal rules that every view shares.

Keeping them in one module means the graph, the heatmaps and the plots agree on what a
colour means and on how much of an iteration the step-through has revealed.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

from explorer.session.config import CELL_NAMES
from explorer.session.snapshot import Phase, SessionView

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
CELL_COLOURS: dict[str, str] = {"rnn": "#0072B2", "lstm": "#D55E00", "gru": "#009E73"}
FALLBACK_COLOUR = "#555555"
CLIP_COLOUR = "#CC79A7"
CORRECT_COLOUR = "#0072B2"
WRONG_COLOUR = "#E69F00"
DIVERGED_COLOUR = "#B00020"

# Lecture halls: everything at least this large, axis labels larger still.
BASE_POINT_SIZE = 12
AXIS_LABEL_STYLE = {"font-size": "13pt"}
TITLE_SIZE = "13pt"

# Gradient norms below this fraction of the largest are drawn at the bottom of the scale.
# The graph's colour key, the contribution matrix and the ‖∂L/∂h_t‖ plot share it, so the
# key reaches as low as the plot does (a vanishing gradient spans many real decades).
LOG_DYNAMIC_RANGE = 1e-30


def cell_colour(cell: str) -> QColor:
    """The colour that marks ``cell`` in every view."""
    return QColor(CELL_COLOURS.get(cell, FALLBACK_COLOUR))


def cell_label(cell: str) -> str:
    """Human name of a cell key ("rnn" → "Vanilla RNN")."""
    return CELL_NAMES.get(cell, cell)


# Signed values: colorcet's CET-D1A, blue – white – red. Under simulated protanopia,
# deuteranopia and tritanopia its two halves stay far apart (ΔE ≥ 90 at ±0.5, about what
# normal vision sees; tests/ui/test_colour_access.py), more than the blue–yellow map made
# for colour-blind viewers (CET-CBD1) keeps for tritanopes. Its stops, in case the map file
# is missing.
DIVERGING_MAP = "CET-D1A"
DIVERGING_STOPS = ((23, 41, 114), (239, 227, 231), (102, 7, 2))
# Sign is also drawn as an outline, for whoever cannot tell the colours apart at all: nodes
# with a negative value get this heavy ring.
NEGATIVE_OUTLINE = QPen(QColor("#1A1A1A"), 3.0)


def diverging_map() -> pg.ColorMap:
    """Blue–white–red map for signed values centred on zero (colour-blind safe)."""
    try:
        return pg.colormap.get(DIVERGING_MAP)
    except (FileNotFoundError, KeyError):
        return pg.ColorMap([0.0, 0.5, 1.0], list(DIVERGING_STOPS))


# Heatmaps of signed values mark each negative cell with a dark dot in its centre: one
# image pixel of SIGN_MARK_SCALE × SIGN_MARK_SCALE per cell.
SIGN_MARK_SCALE = 3
SIGN_MARK_RGBA = (20, 20, 20, 210)


def sign_marks(values: np.ndarray) -> np.ndarray:
    """An RGBA overlay for a heatmap of ``values (X, Y)``: ``(3X, 3Y, 4)`` uint8, clear
    except a dark dot in the centre of every cell below zero (sign by shape, not only by
    colour). Non-finite cells get no dot."""
    v = np.asarray(values, dtype=np.float64)
    s = SIGN_MARK_SCALE
    out = np.zeros((v.shape[0] * s, v.shape[1] * s, 4), dtype=np.uint8)
    negative = np.isfinite(v) & (v < 0)
    out[s // 2 :: s, s // 2 :: s][negative] = SIGN_MARK_RGBA
    return out


def negative_index(index: int, size: int) -> bool:
    """Whether entry ``index`` of a ``size``-entry diverging lookup table stands for a value
    below zero (the table's middle is zero)."""
    return 2 * index < size - 1


def sequential_map() -> pg.ColorMap:
    """Perceptually uniform map for magnitudes (gradient norms, probabilities, gates)."""
    return pg.colormap.get("viridis")


def lookup(cmap: pg.ColorMap, n: int = 256) -> np.ndarray:
    """``(n, 4)`` uint8 RGBA lookup table of ``cmap``, for per-item colouring."""
    return cmap.getLookupTable(0.0, 1.0, n, alpha=True)


def font(scale: float = 1.0, bold: bool = False) -> QFont:
    """The app font at ``scale`` × the base size."""
    f = QFont()
    f.setPointSizeF(BASE_POINT_SIZE * scale)
    f.setBold(bold)
    return f


def style_plot(plot: pg.PlotItem, left: str = "", bottom: str = "", title: str = "") -> None:
    """Large axis labels and tick fonts, so a plot reads from the back of a lecture hall."""
    tick_font = font(0.9)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTickFont(tick_font)
        axis.setTextPen("k")
        # "(x0.001)" after a log axis label reads as a unit; the ticks carry the scale.
        axis.enableAutoSIPrefix(False)
    if left:
        plot.setLabel("left", left, **AXIS_LABEL_STYLE)
    if bottom:
        plot.setLabel("bottom", bottom, **AXIS_LABEL_STYLE)
    if title:
        plot.setTitle(title, size=TITLE_SIZE)
    # No grid: with a grid the axis items span the whole plot, so every curve update
    # repaints them too, which tripled the frame cost.


def keep_label_column(axis: pg.AxisItem, widest: str) -> None:
    """Give a vertical axis's tick labels a column as wide as ``widest`` from the start,
    widened (never narrowed) by wider labels.

    A column that follows its labels changes width as a plot's range moves; the plots
    are then laid out again, and the paint that follows asks for three more (each plot
    that moved moves the plots linked to it): 60-100 ms of drawing while training."""
    metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
    axis.textWidth = max(axis.textWidth, math.ceil(metrics.horizontalAdvance(widest)))
    axis.setStyle(autoReduceTextSpace=False)  # also sizes the axis to the new column


class LogScale:
    """Maps positive magnitudes to [0, 1] on a log axis shared by several lanes."""

    def __init__(self, low: float = 1e-6, high: float = 1.0) -> None:
        self.low = low
        self.high = high

    @classmethod
    def from_arrays(cls, arrays: list[np.ndarray]) -> LogScale:
        """The range that covers every finite positive value of ``arrays``."""
        values = [a[np.isfinite(a) & (a > 0)] for a in arrays if a is not None and a.size]
        values = [v for v in values if v.size]
        if not values:
            return cls()
        high = max(float(v.max()) for v in values)
        low = max(min(float(v.min()) for v in values), high * LOG_DYNAMIC_RANGE)
        if high <= low:
            low = high / 10.0
        return cls(low, high)

    def __call__(self, values: np.ndarray) -> np.ndarray:
        """``values`` mapped to [0, 1]; zero and non-finite values map to 0."""
        v = np.asarray(values, dtype=np.float64)
        safe = np.where(np.isfinite(v) & (v > 0), v, self.low)
        span = math.log10(self.high) - math.log10(self.low)
        out = (np.log10(np.clip(safe, self.low, self.high)) - math.log10(self.low)) / span
        return np.clip(out, 0.0, 1.0)


def revealed(view: SessionView) -> tuple[int, int]:
    """How much of the displayed iteration the step-through has shown.

    Returns ``(forward, backward_from)``: h_1 … h_forward are revealed, and ∂L/∂h_t is
    revealed for t ≥ backward_from (1-based; ``T + 1`` means no gradient yet).
    """
    T = view.T
    if view.phase is Phase.FORWARD:
        return view.cursor, T + 1
    if view.phase is Phase.LOSS:
        return T, T + 1
    if view.phase is Phase.BACKWARD:
        return T, max(1, view.cursor)
    if not view.records:
        return 0, T + 1
    return T, 1


def showing_gradient(view: SessionView) -> bool:
    """Whether the nodes show gradients (backward and after) rather than activations."""
    return view.phase not in (Phase.FORWARD, Phase.LOSS) and bool(view.records)


def format_number(value: float, digits: int = 3) -> str:
    """Compact number text: fixed point for ordinary values, exponent for tiny or huge."""
    if value is None or not math.isfinite(value):
        return "—" if value is None else str(value)
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e4):
        return f"{value:.{max(1, digits - 1)}e}"
    return f"{value:.{digits}g}" if abs(value) >= 1 else f"{value:.{digits}f}"


def configure_pyqtgraph() -> None:
    """Global pyqtgraph options: no OpenGL (offscreen has no GL context), light plots.

    Called once before any plot is made, by the application and by the headless renderer.
    """
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
