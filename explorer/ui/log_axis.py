"""A log axis that labels decades only (10⁻⁶, 0.001, 1, 100 …), never a pile of 2…9."""

from __future__ import annotations

import math

import pyqtgraph as pg

# Most decade labels an axis shows; more decades are labelled every 2nd, 5th … one.
MAX_DECADE_LABELS = 7
LABEL_PITCH_PX = 30
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_text(exponent: int) -> str:
    """10^exponent as an axis shows it: "1", "10", else 10 with a superscript (10⁻⁶), so
    every label of an axis reads the same way."""
    if exponent in (0, 1):
        return str(10**exponent)
    return "10" + str(exponent).translate(SUPERSCRIPT)


def decade_ticks(
    low: float, high: float, most: int = MAX_DECADE_LABELS
) -> tuple[list[float], list[float]]:
    """Labelled and unlabelled decades (as log10 values) in ``[low, high]`` (log10 units).

    A range without a whole decade in it is labelled at 1, 2, 3 and 5 × 10^k instead, so an
    axis always has a labelled tick and never labels all of 2 … 9 × 10^k.
    """
    first, last = math.ceil(low - 1e-9), math.floor(high + 1e-9)
    decades = list(range(first, last + 1))
    if not decades:
        k = math.floor(low)
        steps = [k + math.log10(m) for k in (k, k + 1) for m in (1, 2, 3, 5)]
        return [v for v in steps if low <= v <= high], []
    step = 1
    for nice in (1, 2, 5, 10, 20, 50, 100):
        if len(decades) / nice <= most:
            step = nice
            break
    major = [float(d) for d in decades if d % step == 0]
    minor = [float(d) for d in decades if d % step != 0]
    return major, minor


class DecadeAxis(pg.AxisItem):
    """``pg.AxisItem`` whose log mode labels whole decades only (see ``decade_ticks``)."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        # A short axis gets fewer labels: about one per two lines of tick text.
        most = max(2, min(MAX_DECADE_LABELS, int(size // LABEL_PITCH_PX)))
        major, minor = decade_ticks(minVal, maxVal, most)
        return [(1.0, major), (None, minor)]

    def logTickStrings(self, values, scale, spacing):
        if spacing is None:
            return ["" for _ in values]
        return [
            decade_text(round(v)) if abs(v - round(v)) < 1e-9 else f"{10.0**v:.2g}" for v in values
        ]
