"""Colour-blind-safe scales: the signed map keeps its two halves apart under simulated
protanopia, deuteranopia and tritanopia, and the graph also draws the sign as a heavy ring."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.session.config import SessionConfig
from explorer.ui.theme import (
    NEGATIVE_OUTLINE,
    SIGN_MARK_SCALE,
    diverging_map,
    lookup,
    negative_index,
    sequential_map,
    sign_marks,
)

from .windows import open_active_window

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}


def _linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of linear RGB rows."""
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = np.clip(linear, 0, 1) @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack(
        [116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1
    )


@pytest.mark.parametrize("vision", [None, *SIMULATIONS])
def test_the_signed_map_keeps_minus_and_plus_apart_for_every_vision(vision):
    table = lookup(diverging_map(), 256)[:, :3].astype(float)
    linear = _linear(table)
    if vision is not None:
        linear = linear @ SIMULATIONS[vision].T
    lab = _lab(linear)
    # The two ends, and the values at ±0.5, differ by dozens of just-noticeable ΔE.
    for (low, high), apart in (((0, 255), 50), ((64, 191), 80)):
        assert np.linalg.norm(lab[low] - lab[high]) > apart
    # Zero is the lightest point: lightness alone orders |value| on each side.
    middle = int(np.argmax(lab[:, 0]))
    assert 110 <= middle <= 145
    assert np.all(np.diff(lab[:middle, 0]) > -0.5) and np.all(np.diff(lab[middle:, 0]) < 0.5)


def test_magnitudes_stay_viridis():
    table = lookup(sequential_map(), 256)[:, :3]
    assert tuple(table[0]) == (68, 1, 84) and tuple(table[-1]) == (253, 231, 37)


def test_negative_activations_get_a_heavy_ring_in_the_graph(qtbot, settings):
    config = SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12})
    window = open_active_window(qtbot, settings, config)
    window.graph.canvas.setFocus()
    for _ in range(12):  # the whole forward pass of iteration 2
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    view = window.ctrl.view()
    hidden = view.records["rnn"].hidden[:, window.selection.unit]
    assert (hidden < -0.01).any() and (hidden > 0.01).any()
    nodes = window.graph.lanes["rnn"].nodes["h"]
    size = len(lookup(diverging_map()))
    for value, node in zip(hidden, nodes, strict=True):
        index = int(np.rint(np.clip(0.5 + 0.5 * value, 0, 1) * (size - 1)))
        ringed = node.pen().widthF() == NEGATIVE_OUTLINE.widthF()
        assert ringed == negative_index(index, size)
        if abs(value) > 0.01:
            assert ringed == (value < 0)
    window.close()


def test_sign_marks_dot_exactly_the_negative_cells():
    values = np.array([[0.5, -0.5], [np.nan, -1e-9]])
    marks = sign_marks(values)
    s = SIGN_MARK_SCALE
    assert marks.shape == (2 * s, 2 * s, 4)
    dotted = marks[s // 2 :: s, s // 2 :: s, 3] > 0
    np.testing.assert_array_equal(dotted, [[False, True], [False, True]])
    assert (marks[..., 3] > 0).sum() == 2  # one pixel per negative cell, nothing else


def test_the_hidden_state_heatmap_dots_its_negative_cells(qtbot, settings):
    config = SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12})
    window = open_active_window(qtbot, settings, config)
    window.showView("hidden")
    qtbot.wait(20)
    hidden = window.ctrl.view().records["rnn"].hidden
    marks = window.hidden.sign_marks["rnn"]
    dots = marks.image[
        SIGN_MARK_SCALE // 2 :: SIGN_MARK_SCALE, SIGN_MARK_SCALE // 2 :: SIGN_MARK_SCALE, 3
    ]
    np.testing.assert_array_equal(dots > 0, hidden < 0)
    # The dots lie on the heatmap: same rectangle in the plot.
    image = window.hidden._items["rnn"][1]
    assert marks.mapRectToView(marks.boundingRect()) == image.mapRectToView(image.boundingRect())
    window.close()


def test_the_weight_matrix_dots_its_negative_entries(qtbot, settings):
    config = SessionConfig(hidden_size=8, batch_size=8, task_params={"seq_len": 12})
    window = open_active_window(qtbot, settings, config)
    window.showView("weights")
    qtbot.wait(20)
    W = window.ctrl.view().records["rnn"].weights["W_hh"]
    marks = window.weights.sign_marks["rnn"].image
    s = SIGN_MARK_SCALE
    np.testing.assert_array_equal(marks[s // 2 :: s, s // 2 :: s, 3] > 0, W.T < 0)
    window.close()
