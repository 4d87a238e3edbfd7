"""Presentation mode and the theme: on, off, exactly as before; settings persist."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt

from explorer.ui.main_window import MainWindow
from explorer.ui.presentation import DEFAULT_SCALE, read_scale

from .windows import open_window


def axis_tick_sizes(window: MainWindow) -> list[float]:
    sizes = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and item.style.get("tickFont") is not None:
                sizes.append(item.style["tickFont"].pointSizeF())
    return sizes


def test_presentation_toggles_on_and_restores_the_layout(qtbot, settings):
    window = open_window(qtbot, settings)
    window.centre.setSizes([300, 600])
    button = window.transport.buttons["play"]
    phase = window.transport.phase
    before = {
        "button": button.font().pointSizeF(),
        "button_height": button.minimumHeight(),
        "phase": phase.font().pointSizeF(),
        "status": window.statusBar().font().pointSizeF(),
        "explicit": window.statusBar().testAttribute(Qt.WidgetAttribute.WA_SetFont),
        "splitter": window.splitter.sizes(),
        "centre": window.centre.sizes(),
        "ticks": axis_tick_sizes(window),
        "state": window.windowState(),
    }
    assert window.presentation.scale == DEFAULT_SCALE

    window.classroom.presentation.trigger()  # F11
    assert window.presentation.active
    assert window.isFullScreen()
    assert not window.controls.isVisible()
    assert not window.inspector.isVisible()
    assert window.presentation.bar.isVisible()
    assert window.classroom.leave_presentation.isEnabled()
    assert button.font().pointSizeF() == before["button"] * 1.5
    assert phase.font().pointSizeF() == before["phase"] * 1.5
    assert button.minimumHeight() > before["button_height"]
    assert min(axis_tick_sizes(window)) > max(before["ticks"])
    window.presentation.setScale(200)  # live, from the toolbar combo or the dialog
    assert button.font().pointSizeF() == before["button"] * 2

    window.classroom.leave_presentation.trigger()  # Esc
    assert not window.presentation.active
    assert not window.isFullScreen()
    assert window.windowState() == before["state"]
    assert window.controls.isVisible()
    assert window.inspector.isVisible()
    assert not window.presentation.bar.isVisible()
    assert not window.classroom.leave_presentation.isEnabled()
    assert button.font().pointSizeF() == before["button"]
    assert button.minimumHeight() == before["button_height"]
    assert phase.font().pointSizeF() == before["phase"]
    assert window.statusBar().font().pointSizeF() == before["status"]
    assert window.statusBar().testAttribute(Qt.WidgetAttribute.WA_SetFont) == before["explicit"]
    qtbot.waitUntil(lambda: window.splitter.sizes() == before["splitter"], timeout=2000)
    qtbot.waitUntil(lambda: window.centre.sizes() == before["centre"], timeout=2000)
    assert axis_tick_sizes(window) == before["ticks"]
    window.close()


def test_graph_texts_grow_with_the_scale_and_come_back(qtbot, settings):
    window = open_window(qtbot, settings, size=(1920, 1080))
    graph = window.graph

    def texts():
        lane = next(iter(graph.lanes.values()))
        return lane.row_labels["h"], lane.header, lane.labels["rec"]

    def settle():
        qtbot.wait(10)
        qtbot.waitUntil(lambda: not graph.canvas._refit.isActive(), timeout=3000)

    def drawn_at(shown: float, base: list[float]) -> bool:
        sizes = [item.font().pointSizeF() for item in texts()]
        return all(abs(size - b * shown) < 1e-6 for size, b in zip(sizes, base, strict=True))

    settle()
    before = [item.font().pointSizeF() for item in texts()]
    # The graph's texts are drawn at the asked scale unless its rows are too close for it.
    base = [size / graph._shown_text for size in before]
    tag_width = texts()[2].boundingRect().width()

    def first_node() -> int:
        """Where t = 1 is drawn, in pixels from the graph pane's left edge."""
        centre = graph.node("rnn", "h", 1).rect().center()
        return graph.canvas.mapFromScene(centre).x()

    before_x = first_node()
    assert window.presentation.scale == 150

    window.setPresentation(True, full_screen=False)
    settle()
    # Grown (up to 1.5 where the rows have room for it at 1920 × 1080).
    assert 1.3 <= graph._shown_text <= 1.5 + 1e-9
    assert drawn_at(graph._shown_text, base)
    assert texts()[2].boundingRect().width() > tag_width
    # The margin for the labels widens with them (on screen, once the layout has refitted).
    qtbot.waitUntil(lambda: first_node() > before_x + 20, timeout=2000)
    window.presentation.setScale(200)
    settle()
    # As large as the rows allow (the bigger lane titles take some of the height).
    assert graph._shown_text >= 1.3 and drawn_at(graph._shown_text, base)
    at_200 = graph._shown_text

    window.setPresentation(False)
    settle()
    assert [item.font().pointSizeF() for item in texts()] == pytest.approx(before)
    assert graph.textScale() == 1.0
    # Back where it was, up to the pane size, which the splitters restore to a few pixels.
    qtbot.waitUntil(lambda: abs(first_node() - before_x) <= 6, timeout=2000)
    # A new layout (another T) is built at the scale in force.
    window.setPresentation(True, full_screen=False)
    window.ctrl.reset(window.ctrl.config.with_changes(task_params={"seq_len": 12}))
    qtbot.waitUntil(lambda: len(graph.lanes["rnn"].nodes["h"]) == 12, timeout=30000)
    settle()
    # Not back at 1.0: as large as before at least (fewer steps may leave the rows more room).
    assert at_200 * 0.95 <= graph._shown_text <= 2.0 + 1e-9
    assert drawn_at(graph._shown_text, base)
    window.setPresentation(False)
    settle()
    assert [item.font().pointSizeF() for item in texts()] == pytest.approx(before)
    window.close()


def test_hidden_panels_stay_hidden_and_the_lesson_panel_stays(qtbot, settings):
    window = open_window(qtbot, settings)
    window.actions.show_controls.setChecked(False)
    window.openLesson("bptt")
    window.setPresentation(True)
    assert window.lesson_dock.isVisible()
    assert window.lesson_panel.card.font().pointSizeF() > 16
    window.classroom.presentation.trigger()  # F11 again leaves too
    assert not window.presentation.active
    assert not window.controls.isVisible()  # it was hidden before presenting
    assert window.lesson_dock.isVisible()
    window.close()


def test_dark_theme_changes_plot_backgrounds(qtbot, settings):
    window = open_window(qtbot, settings)
    plots = window.findChildren(pg.GraphicsView)
    assert plots
    light = {id(p): p.backgroundBrush().color().name() for p in plots}
    window.classroom.theme_dark.trigger()
    for plot in plots:
        colour = plot.backgroundBrush().color()
        assert colour.name() != light[id(plot)]
        assert colour.lightness() < 60
    assert window.palette().window().color().lightness() < 80
    window.classroom.theme_light.trigger()
    for plot in plots:
        assert plot.backgroundBrush().color().lightness() > 240
    window.close()


def test_scale_and_theme_persist_across_windows(qtbot, tmp_path):
    path = str(tmp_path / "settings.ini")
    first = open_window(qtbot, QSettings(path, QSettings.Format.IniFormat))
    first.presentation.setScale(225)
    first.classroom.theme_dark.trigger()
    first.close()
    settings = QSettings(path, QSettings.Format.IniFormat)
    assert read_scale(settings) == 225
    second = open_window(qtbot, settings)
    assert second.presentation.scale == 225
    assert second.presentation.scale_box.currentData() == 225
    assert second.presentation.theme == "dark"
    assert second.classroom.theme_dark.isChecked()
    plot = second.findChildren(pg.GraphicsView)[0]
    assert plot.backgroundBrush().color().lightness() < 60
    button = second.transport.buttons["step_forward"]
    size = button.font().pointSizeF()
    second.setPresentation(True, full_screen=False)
    assert button.font().pointSizeF() == size * 2.25
    second.close()


def test_unreadable_scale_falls_back_to_the_default(settings):
    settings.setValue("presentation/scale", "huge")
    assert read_scale(settings) == DEFAULT_SCALE
    settings.setValue("presentation/scale", 900)
    assert read_scale(settings) == 250


def test_presentation_gives_the_history_its_own_row(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.ui.main_window import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    transport = window.transport
    buttons_y = (
        transport.buttons["reset"].mapTo(transport, transport.buttons["reset"].rect().topLeft()).y()
    )

    def history_y():
        return transport.history_box.mapTo(transport, transport.history_box.rect().topLeft()).y()

    assert abs(history_y() - buttons_y) < 10, "history shares the button row normally"
    window.setPresentation(True)
    qtbot.wait(50)
    assert history_y() > buttons_y + 10, "history moves below the buttons when presenting"
    window.setPresentation(False)
    qtbot.wait(50)
    assert abs(history_y() - buttons_y) < 10
    window.close()


def axis_label_and_title_texts(window: MainWindow) -> list[str]:
    """The HTML of every visible axis label and plot title with a size, as pyqtgraph draws it."""
    texts = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and item.label.isVisible():
                texts.append(item.label.toHtml())
            elif isinstance(item, pg.LabelItem) and item.text and item.opts.get("size"):
                texts.append(item.item.toHtml())
    return texts


def test_axis_labels_and_titles_grow_and_come_back_exactly(qtbot, settings):
    window = open_window(qtbot, settings)
    window.actions.one_iteration.trigger()
    window.showView("curves")  # titled plots with labelled axes
    before = axis_label_and_title_texts(window)
    assert any("font-size:13pt" in text for text in before)

    window.setPresentation(True, full_screen=False)
    window.presentation.setScale(200)
    during = axis_label_and_title_texts(window)
    assert any("font-size:26pt" in text for text in during)
    assert not any("font-size:13pt" in text for text in during)

    window.setPresentation(False)
    assert axis_label_and_title_texts(window) == before
    window.close()
