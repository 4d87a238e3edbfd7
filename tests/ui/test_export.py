"""File → Export: figures at 2×, SVG, the step-through GIF (cancellable), CSV and NPZ, and a
clear message (no traceback, no partial file) when a file cannot be written."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.export import CURVE_COLUMNS
from explorer.session.session import Session
from explorer.session.snapshot import Phase
from explorer.ui.export import AnimationOptions, FigurePane, pass_views, widget_image

from .windows import open_window

T = 6
SMALL = SessionConfig(
    task="adding", task_params={"seq_len": T}, hidden_size=5, batch_size=4, cells=("rnn", "lstm")
)


@pytest.fixture
def window(qtbot, settings):
    controller = SessionController(Session(SMALL))
    controller.one_iteration()
    controller.one_iteration()
    win = open_window(qtbot, settings, size=(1280, 800), controller=controller)
    controller.setParent(win)
    return win


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """Collects QMessageBox.warning texts instead of opening a modal box."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    return shown


def no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_export_menu_lists_every_export(window):
    menus = {a.text().replace("&", ""): a for a in window.menuBar().actions()}
    file_menu = menus["File"].menu()
    export = window.exporter.menu
    assert export.menuAction() in file_menu.actions()
    texts = [a.text().replace("&", "") for a in export.actions() if not a.isSeparator()]
    assert texts == [
        "Window as PNG…",
        "Graph as PNG…",
        "Graph as SVG…",
        "Current plot as PNG…",
        "Current plot as SVG…",
        "Animation (GIF)…",
        "Curves as CSV…",
        "Trace as NPZ…",
        "Python script…",
    ]
    assert window.exporter.actions.graph_png in window.graph.canvas.actions()


def test_graph_and_plot_png_are_twice_the_widget_size(window, tmp_path):
    exporter = window.exporter
    graph = exporter.exportGraph("png", tmp_path / "graph.png")
    image = QImage(str(graph))
    assert not image.isNull()
    assert (image.width(), image.height()) == (2 * window.graph.width(), 2 * window.graph.height())
    # Not blank: the nodes and labels are drawn.
    assert len(np.unique(_rgb(image).reshape(-1, 3), axis=0)) > 20
    for tab in (window.gradient, window.curves, window.hidden):
        window.tabs.setCurrentWidget(tab)
        path = exporter.exportPlot("png", tmp_path / "plot.png")
        image = QImage(str(path))
        figure = tab.figureRect() if hasattr(tab, "figureRect") else tab.rect()
        assert (image.width(), image.height()) == (2 * figure.width(), 2 * figure.height())
    path = exporter.exportWindowPng(tmp_path / "window.png")
    assert QImage(str(path)).width() == 2 * window.width()


def test_graph_and_plot_svg_parse_as_xml_with_drawing(window, tmp_path):
    for path in (
        window.exporter.exportGraph("svg", tmp_path / "graph.svg"),
        window.exporter.exportPlot("svg", tmp_path / "plot.svg"),
    ):
        root = ET.parse(path).getroot()
        assert root.tag.endswith("svg")
        drawn = [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("path", "text", "rect")]
        assert len(drawn) > 10


def test_menu_action_asks_for_a_file_and_adds_the_suffix(window, tmp_path, monkeypatch):
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "figure"), "")
    )
    window.exporter.actions.graph_svg.trigger()
    assert (tmp_path / "figure.svg").stat().st_size > 0
    assert "figure.svg" in window.statusBar().currentMessage()


def test_curves_csv_and_trace_npz(window, tmp_path):
    csv_path = window.exporter.exportCurves(tmp_path / "curves.csv")
    lines = csv_path.read_text().splitlines()
    assert tuple(lines[0].split(",")[: len(CURVE_COLUMNS)]) == CURVE_COLUMNS
    assert len(lines) == 1 + 2 * 2  # two iterations × two models
    npz_path = window.exporter.exportTrace(tmp_path / "trace.npz")
    with np.load(npz_path, allow_pickle=False) as data:
        assert data["rnn/hidden"].shape == (T, 5)
        assert data["lstm/curves/loss"].shape == (2,)


def test_unwritable_path_gives_a_message_and_no_partial_file(window, tmp_path, warnings):
    blocked = tmp_path / "taken.png"
    blocked.mkdir()  # a folder where the file should go: the final move fails
    assert window.exporter.exportGraph("png", blocked) is None
    missing = tmp_path / "no such folder" / "graph.svg"
    assert window.exporter.exportGraph("svg", missing) is None
    assert window.exporter.exportCurves(blocked) is None
    assert len(warnings) == 3
    assert str(blocked) in warnings[0] and "directory" in warnings[0].lower()
    assert str(missing) in warnings[1] and "does not exist" in warnings[1]
    assert blocked.is_dir() and not missing.exists()
    assert no_leftovers(tmp_path)


def test_pass_views_walk_forward_loss_backward_update(window):
    views = pass_views(window.ctrl.view())
    assert len(views) == 2 * T + 2
    assert [(v.phase, v.cursor) for v in views[:2]] == [(Phase.FORWARD, 1), (Phase.FORWARD, 2)]
    assert (views[T].phase, views[T + 1].phase, views[T + 1].cursor) == (
        Phase.LOSS,
        Phase.BACKWARD,
        T,
    )
    assert (views[-2].phase, views[-2].cursor, views[-1].phase) == (
        Phase.BACKWARD,
        1,
        Phase.UPDATE,
    )
    assert all(v.records is views[0].records for v in views)


def test_figure_pane_draws_each_step_differently(qtbot):
    session = Session(SMALL)
    session.one_iteration()
    pane = FigurePane((400, 260))
    qtbot.addWidget(pane)
    frames = []
    for view in pass_views(session.view())[: T + 2]:
        pane.setView(view)
        qtbot.wait(1)
        frames.append(pane.rgb())
    assert frames[0].shape == (260, 400, 3)
    assert all(not np.array_equal(a, b) for a, b in itertools.pairwise(frames))
    assert widget_image(pane, 2.0).width() == 800


def test_animation_gif_has_every_step_and_the_window_stays_live(window, tmp_path, qtbot):
    path = tmp_path / "pass.gif"
    options = AnimationOptions(path, 480, 300, 10, "gif", True)
    export = window.exporter.exportAnimation(options)
    assert export is not None and window.exporter.progress is not None
    progress = []
    export.sigProgress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(export.sigFinished, timeout=60_000) as finished:
        pass
    assert finished.args == [str(path)]
    assert window.exporter.animation is None  # progress dialog gone, ready for another
    assert len(progress) > 2 * T  # the event loop ran between frames
    reader = QImageReader(str(path))
    assert reader.imageCount() == 2 * T + 2
    assert reader.loopCount() == -1
    first = reader.read()
    assert (first.width(), first.height()) == (480, 300)
    assert reader.nextImageDelay() == 100
    images = [_rgb(first)] + [_rgb(reader.read()) for _ in range(2 * T + 1)]
    # The GIF frames are the figures drawn offscreen, up to the palette.
    pane = FigurePane((480, 300))
    qtbot.addWidget(pane)
    pane.setView(pass_views(window.ctrl.view())[-1])
    qtbot.wait(1)
    # (a 256-colour GIF palette may shift white by a few levels)
    assert np.abs(images[-1].astype(int) - pane.rgb().astype(int)).mean() < 5
    assert not np.array_equal(images[0], images[T])
    assert no_leftovers(tmp_path)


def test_animation_can_be_cancelled_and_leaves_no_file(window, tmp_path, qtbot):
    path = tmp_path / "pass.gif"
    export = window.exporter.exportAnimation(AnimationOptions(path, 480, 300, 10, "gif", False))
    with qtbot.waitSignal(export.sigProgress, timeout=10_000):
        pass
    with qtbot.waitSignal(export.sigCancelled, timeout=10_000):
        window.exporter.progress.canceled.emit()  # what its Cancel button sends
    assert not path.exists()
    assert no_leftovers(tmp_path)
    assert window.exporter.animation is None


def test_animation_to_an_unwritable_path_reports_it(window, tmp_path, qtbot, warnings):
    path = tmp_path / "taken.gif"
    path.mkdir()
    export = window.exporter.exportAnimation(AnimationOptions(path, 400, 240, 10, "gif", False))
    with qtbot.waitSignal(export.sigFailed, timeout=60_000):
        pass
    assert len(warnings) == 1 and str(path) in warnings[0]
    assert no_leftovers(tmp_path)


def test_closing_the_window_mid_export_stops_the_encoder(window, tmp_path, qtbot):
    path = tmp_path / "pass.gif"
    export = window.exporter.exportAnimation(AnimationOptions(path, 400, 240, 10, "gif", False))
    with qtbot.waitSignal(export.sigProgress, timeout=10_000):
        pass
    window.close()
    assert not path.exists() and no_leftovers(tmp_path)


def _rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()
