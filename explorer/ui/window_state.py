"""What a replacement main window takes over from the one it replaces (View → Language).

The run itself is not in it: both windows share one ``SessionController`` (the run, its
history, a training in progress). ``WindowState`` is everything the person arranged around
the run: geometry, splitters, the tab, the panels and options shown, the selection, the
open lesson card, the start screen, presentation mode and whether play was on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray

from explorer.ui.classroom import LessonPlace

# Checkable View actions whose state carries over.
CARRIED_TOGGLES = ("animate", "animations", "show_controls", "show_inspector")


@dataclass(frozen=True)
class WindowState:
    """A main window's arrangement, read with ``of(window)`` and given to another window
    with ``applyTo(window)``.

    ``geometry``/``dock_state``: ``saveGeometry()``/``saveState()``; ``tab``: the index of
    the plot tab shown; ``splitter``/``centre``: the sizes of the side-panel and the
    graph/tabs splitters; ``toggles``: the ``CARRIED_TOGGLES`` actions' check states;
    ``selection``: (cell, node, t, unit); ``lesson``: the open lesson's place, or None;
    ``inspector_before_lesson``: whether closing the lesson brings the inspector back.
    """

    geometry: QByteArray
    dock_state: QByteArray
    presentation: bool
    full_screen: bool
    tab: int
    splitter: tuple[int, ...]
    centre: tuple[int, ...]
    start_screen: bool
    lesson: LessonPlace | None
    inspector_before_lesson: bool
    toggles: dict[str, bool]
    playing: bool
    selection: tuple[str, str, int, int]

    @classmethod
    def of(cls, window: Any) -> WindowState:
        """The arrangement of ``window`` (a ``MainWindow``)."""
        sel = window.selection
        return cls(
            geometry=window.saveGeometry(),
            dock_state=window.saveState(),
            presentation=window.presentation.active,
            full_screen=window.isFullScreen(),
            tab=window.tabs.currentIndex(),
            splitter=tuple(window.splitter.sizes()),
            centre=tuple(window.centre.sizes()),
            start_screen=window.startScreenShown(),
            lesson=window.room.place(),
            inspector_before_lesson=window.room.inspector_before_lesson,
            toggles={name: getattr(window.actions, name).isChecked() for name in CARRIED_TOGGLES},
            playing=window.actions.play.isChecked(),
            selection=(sel.cell, sel.node, sel.t, sel.unit),
        )

    def applyTo(self, window: Any) -> None:
        """Arrange ``window`` (a freshly built ``MainWindow``) the same way."""
        if self.presentation:
            window.setPresentation(False)
        window.restoreGeometry(self.geometry)
        window.restoreState(self.dock_state)
        for name, on in self.toggles.items():
            getattr(window.actions, name).setChecked(on)
        if self.lesson is not None:
            window.room.resumeLesson(self.lesson, self.inspector_before_lesson)
        if self.start_screen:
            window.showStartScreen()
        else:
            window.showExplorer()
        window.tabs.setCurrentIndex(self.tab)
        window.splitter.setSizes(list(self.splitter))
        window.centre.setSizes(list(self.centre))
        cell, node, t, unit = self.selection
        window.selection.select(cell=cell, node=node, t=t, unit=unit)
        if self.presentation:
            window.setPresentation(True, full_screen=self.full_screen)
        window.actions.play.setChecked(self.playing)
