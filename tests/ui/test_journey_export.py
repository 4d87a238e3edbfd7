"""File → Export from the menu bar, as a person uses it: every format, dialogs answered,
and the files checked (a GIF frame per step with coloured nodes, no buttons in figures)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.export import AnimationDialog

from .windows import open_window

T = 6
SMALL = SessionConfig(
    task="adding", task_params={"seq_len": T}, hidden_size=5, batch_size=4, cells=("rnn", "lstm")
)


@pytest.fixture
def window(qtbot, settings):
    controller = SessionController(Session(SMALL))
    controller.one_iteration()
    win = open_window(qtbot, settings, size=(1280, 800), controller=controller)
    controller.setParent(win)
    return win


def menu_action(window, *path: str):
    """The action at ``path`` ("File", "Export", "Graph as PNG…") in the menu bar."""
    menus = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    menu: QMenu = menus[path[0]].menu()
    for name in path[1:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == name)
    return next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])


def answer_save_dialogs(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def saturated(pixels: np.ndarray) -> int:
    """How many pixels are clearly coloured (not white, grey or black)."""
    p = pixels.astype(int)
    return int(((p.max(axis=-1) - p.min(axis=-1)) > 60).sum())


@pytest.mark.parametrize(
    "entry, fmt",
    [
        ("Window as PNG…", "png"),
        ("Graph as PNG…", "png"),
        ("Graph as SVG…", "svg"),
        ("Current plot as PNG…", "png"),
        ("Current plot as SVG…", "svg"),
        ("Curves as CSV…", "csv"),
        ("Trace as NPZ…", "npz"),
    ],
)
def test_every_still_export_from_the_menu_bar_writes_its_file(
    window, tmp_path, monkeypatch, entry, fmt
):
    answer_save_dialogs(monkeypatch, tmp_path / "figure")
    menu_action(window, "File", "Export", entry).trigger()
    written = tmp_path / f"figure.{fmt}"
    assert written.stat().st_size > 100
    assert f"figure.{fmt}" in window.statusBar().currentMessage()
    if fmt == "png":
        assert not QImage(str(written)).isNull()


def test_graph_png_leaves_the_view_buttons_out(window, tmp_path, monkeypatch):
    graph = window.graph
    answer_save_dialogs(monkeypatch, tmp_path / "graph.png")
    menu_action(window, "File", "Export", "Graph as PNG…").trigger()
    image = rgb(QImage(str(tmp_path / "graph.png")))
    assert image.shape[:2] == (2 * graph.height(), 2 * graph.width())
    for button in graph.zoom_buttons.values():
        assert button.isVisible()  # still in the window
        box = button.geometry()
        region = image[2 * box.top() : 2 * box.bottom(), 2 * box.left() : 2 * box.right()]
        assert len(np.unique(region.reshape(-1, 3), axis=0)) == 1  # background only


def test_plot_png_is_the_plot_without_the_page_switch(window, tmp_path, monkeypatch):
    window.tabs.setCurrentWidget(window.gradient)
    answer_save_dialogs(monkeypatch, tmp_path / "plot.png")
    menu_action(window, "File", "Export", "Current plot as PNG…").trigger()
    image = QImage(str(tmp_path / "plot.png"))
    figure = window.gradient.figureRect()
    assert (image.width(), image.height()) == (2 * figure.width(), 2 * figure.height())
    assert figure.top() >= window.gradient.mode_buttons.button(0).geometry().bottom()
    assert all(button.isVisible() for button in window.gradient.mode_buttons.buttons())


@pytest.mark.parametrize("where", ["menu bar", "graph context menu"])
def test_animation_from_the_menu_writes_a_gif_of_every_step(
    window, tmp_path, monkeypatch, qtbot, where
):
    path = tmp_path / "pass.gif"

    def accept(dialog: AnimationDialog) -> int:
        dialog.path_edit.setText(str(path))
        dialog.width_box.setValue(600)
        dialog.height_box.setValue(400)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AnimationDialog, "exec", accept)
    if where == "menu bar":
        action = menu_action(window, "File", "Export", "Animation (GIF)…")
    else:
        action = next(a for a in window.graph.canvas.actions() if a.text().startswith("&Animation"))
    action.trigger()
    qtbot.waitUntil(lambda: path.exists() and window.exporter.animation is None, timeout=60_000)
    reader = QImageReader(str(path))
    assert reader.imageCount() == 2 * T + 2
    frames = [rgb(reader.read()) for _ in range(2 * T + 2)]
    assert frames[0].shape == (400, 600, 3)
    assert all(not np.array_equal(a, b) for a, b in itertools.pairwise(frames))
    # The forward frame at t = T shows coloured nodes (not white ones caught mid-fade), as
    # many as the backward frame at t = 1 shows in its own colours.
    graph_rows = slice(60, 240)
    forward, backward = frames[T - 1][graph_rows], frames[2 * T][graph_rows]
    assert saturated(forward) > 0.5 * saturated(backward) > 0
    # The figure has no zoom buttons: the top right holds the colour key or background.
    assert saturated(frames[T - 1][:40, -150:]) > 0 or frames[T - 1][:40, -150:].std() < 40
