"""The tour renders its states: names unique, pictures the tour's size."""

from __future__ import annotations

from PySide6.QtGui import QImage

from explorer.ui import tour


def test_tour_states_are_named_once_and_cover_the_docs():
    names = [stop.name for stop in tour.stops()]
    assert len(names) == len(set(names)) >= 25
    assert set(tour.DOCS_PICTURES.values()) <= set(names)
    for part in ("tab-gradient", "three-lanes", "T200", "presentation", "zh_TW", "task-reber"):
        assert any(part in name for name in names), part


def test_a_tour_state_renders_to_a_png(qtbot, tmp_path):
    stop = next(stop for stop in tour.stops() if stop.name == "21-task-reber")
    path = tour.render_stop(stop, tmp_path, str(tmp_path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == stop.size == tour.TOUR_SIZE
