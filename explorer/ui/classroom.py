"""The classroom parts of the main window: the Lessons menu, the lesson panel, the start
screen, presentation mode and the theme.

``Classroom`` builds them into a window that already has its views (``window.centre``,
``controls``, ``transport``, ``model_status``), its ``actions`` and ``classroom`` actions,
its ``events`` and its ``run_control``, and keeps the classroom's state: which lesson is
open, whether the start screen shows, whether the inspector comes back after a lesson.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMenu,
    QMenuBar,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from explorer.lessons import Lesson, LessonError, load_lesson_folder
from explorer.session.config import SessionConfig
from explorer.ui.i18n import tr
from explorer.ui.lesson_panel import LessonPanel
from explorer.ui.presentation import Presentation, scale_choices
from explorer.ui.start_page import LAST_LESSON_KEY, SHOW_AT_START_KEY, StartPage
from explorer.ui.window_theme import apply_theme

# Wide enough for about 30 characters of card text per line at the card's font size.
LESSON_PANEL_WIDTH = 400


@dataclass(frozen=True)
class LessonPlace:
    """Where an open lesson stands: its key, the card shown, the last card whose action
    has run, and whether the expected outcome is unfolded."""

    key: str
    card: int
    applied: int
    outcome_shown: bool


class Classroom(QObject):
    """Lessons, start screen and presentation mode of ``window`` (a ``MainWindow``).

    ``lessons`` are the lessons that loaded; ``lesson_problems`` one message per lesson
    file that did not (shown under Lessons → "Some lessons could not be loaded…").
    """

    def __init__(self, window: Any, settings: QSettings, remember: bool) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.remember = remember  # screenshots leave the user's settings alone
        loaded = load_lesson_folder()
        self.lessons: list[Lesson] = list(loaded.lessons)
        self.lesson_problems: tuple[str, ...] = loaded.problems
        # The lesson takes the inspector's place; closing it brings the inspector back.
        self.inspector_before_lesson = True
        self._lesson_actions: dict[str, Any] = {}
        self.problems_action = None
        self._build_panel()
        self._build_start_page()
        self._build_presentation()

    # ------------------------------------------------------------------------- building
    def _build_panel(self) -> None:
        w = self.window
        self.lesson_panel = LessonPanel(w.events, w.language)
        self.lesson_dock = QDockWidget(tr("Lesson"), w)
        self.lesson_dock.setObjectName("lessonDock")
        self.lesson_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.lesson_dock.setTitleBarWidget(QWidget())  # the panel has its own title
        self.lesson_dock.setWidget(self.lesson_panel)
        self.lesson_panel.setMinimumWidth(LESSON_PANEL_WIDTH)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lesson_dock)
        self.lesson_dock.hide()
        c = w.classroom
        c.lesson_next.triggered.connect(self.lesson_panel.next)
        c.lesson_back.triggered.connect(self.lesson_panel.back)
        c.close_lesson.triggered.connect(self.closeLesson)
        self.lesson_panel.sigShowView.connect(w.showView)
        self.lesson_panel.sigConfigChanged.connect(w.controls.setConfig)
        self.lesson_panel.sigCloseRequested.connect(self.closeLesson)
        self.lesson_panel.sigVerifyRequested.connect(w.actions.verify_gradients.trigger)
        w.run_control.sigVerdict.connect(self.lesson_panel.showVerdict)

    def _build_start_page(self) -> None:
        w = self.window
        self.start_page = StartPage(self.lessons, w.language)
        self.start_page.show_at_start.setChecked(self.showAtStart())
        self.start_page.setHighlighted(self._suggested_lesson())
        self.explorer_page = w.takeCentralWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.explorer_page)
        self.stack.addWidget(self.start_page)
        w.setCentralWidget(self.stack)
        w.classroom.start_screen.triggered.connect(self.showStartScreen)
        self.start_page.sigLessonChosen.connect(self.openLesson)
        self.start_page.sigExploreChosen.connect(self.exploreFreely)
        self.start_page.sigShowAtStartChanged.connect(
            lambda on: self.settings.setValue(SHOW_AT_START_KEY, on)
        )

    def _build_presentation(self) -> None:
        w, c = self.window, self.window.classroom
        self.presentation = Presentation(w, self.settings, w.actions)
        self.presentation.sigActiveChanged.connect(w.transport.setStacked)
        self.presentation.bar.addAction(c.theme_light)
        self.presentation.bar.addAction(c.theme_dark)
        self.presentation.bar.addSeparator()
        self.presentation.bar.addAction(c.leave_presentation)
        (c.theme_dark if self.presentation.theme == "dark" else c.theme_light).setChecked(True)
        if self.presentation.theme != "light":
            apply_theme(w, self.presentation.theme)
        c.presentation.toggled.connect(self.setPresentation)
        c.leave_presentation.triggered.connect(lambda: self.setPresentation(False))
        c.presentation_scale.triggered.connect(self.askPresentationScale)
        c.theme_light.triggered.connect(lambda: self.presentation.setTheme("light"))
        c.theme_dark.triggered.connect(lambda: self.presentation.setTheme("dark"))

    def addMenus(self, bar: QMenuBar, view_menu: QMenu) -> QMenu:
        """View → Presentation / scale / Theme, and the Lessons menu (one entry per lesson,
        and one that lists the lesson files that could not be loaded); returns Lessons."""
        c = self.window.classroom
        view_menu.addSeparator()
        view_menu.addAction(c.presentation)
        view_menu.addAction(c.presentation_scale)
        theme_menu = view_menu.addMenu(tr("&Theme"))
        theme_menu.addAction(c.theme_light)
        theme_menu.addAction(c.theme_dark)
        menu = bar.addMenu(tr("&Lessons"))
        for lesson in self.lessons:
            action = menu.addAction("")
            action.setData(lesson.key)
            action.triggered.connect(lambda _=False, key=lesson.key: self.openLesson(key))
            self._lesson_actions[lesson.key] = action
        if self.lesson_problems:
            menu.addSeparator()
            self.problems_action = menu.addAction(tr("⚠ Some lessons could not be loaded…"))
            self.problems_action.setObjectName("lessonProblems")
            self.problems_action.setStatusTip("\n".join(self.lesson_problems))
            self.problems_action.triggered.connect(self.showLessonProblems)
        menu.addSeparator()
        for action in (c.lesson_back, c.lesson_next, c.close_lesson):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(c.start_screen)
        self.setLessonLanguage(self.lesson_panel.language)
        return menu

    # ------------------------------------------------------------------------- lessons
    def showLessonProblems(self) -> None:
        """Say which lesson files could not be loaded, and why (file and problem each)."""
        QMessageBox.warning(
            self.window,
            tr("Lessons"),
            tr("These lesson files could not be loaded; the other lessons are available.")
            + "\n\n"
            + "\n\n".join(self.lesson_problems),
        )

    def lesson(self, key: str) -> Lesson:
        """The loaded lesson called ``key``; LessonError listing the known keys if none."""
        found = next((item for item in self.lessons if item.key == key), None)
        if found is None:
            known = ", ".join(item.key for item in self.lessons)
            raise LessonError(f"no lesson called {key!r}; known lessons: {known}")
        return found

    def openLesson(self, key: str) -> None:
        """Reset the run to lesson ``key``'s config and show its first card beside the views."""
        lesson = self.lesson(key)
        self.window.actions.play.setChecked(False)
        if self.lesson_panel.lesson is None:
            self.inspector_before_lesson = self._inspector_wanted()
            self._want_inspector(False)
        self.showExplorer()
        self.lesson_dock.show()
        self.lesson_panel.openLesson(lesson)
        if self.remember:
            self.settings.setValue(LAST_LESSON_KEY, key)
        self.start_page.setHighlighted(key)
        self._update_lesson_actions()
        self.window.statusBar().showMessage(
            tr("Lesson {n}: {title}").format(
                n=lesson.order, title=lesson.title_in(self.lesson_panel.language)
            ),
            5000,
        )

    def place(self) -> LessonPlace | None:
        """Where the open lesson stands, or None."""
        panel = self.lesson_panel
        if panel.lesson is None:
            return None
        return LessonPlace(
            panel.lesson.key, panel.index, panel.applied, panel.expected_caption.isChecked()
        )

    def resumeLesson(self, place: LessonPlace, inspector_before_lesson: bool) -> None:
        """Show the lesson at ``place`` as another window left it (no reset, no card action
        again); a lesson no longer loaded is skipped."""
        if not any(lesson.key == place.key for lesson in self.lessons):
            return
        self.inspector_before_lesson = inspector_before_lesson
        self.lesson_panel.resumeLesson(
            self.lesson(place.key), place.card, place.applied, place.outcome_shown
        )
        self.start_page.setHighlighted(place.key)
        self._update_lesson_actions()

    def closeLesson(self) -> None:
        """Close the lesson panel; the run stays as the lesson left it."""
        if self.lesson_panel.lesson is None:
            return
        self.lesson_panel.closeLesson()
        self.lesson_dock.hide()
        self._want_inspector(self.inspector_before_lesson)
        self._update_lesson_actions()

    def setLessonLanguage(self, language: str) -> None:
        """Show lesson texts (panel, start screen, Lessons menu) in ``language``."""
        self.lesson_panel.setLanguage(language)
        self.start_page.setLanguage(language)
        for lesson in self.lessons:
            action = self._lesson_actions.get(lesson.key)
            if action is None:
                continue
            title = lesson.title_in(self.lesson_panel.language).replace("&", "&&")
            prefix = f"&{lesson.order}" if lesson.order < 10 else str(lesson.order)
            action.setText(f"{prefix}  {title}")

    def _update_lesson_actions(self) -> None:
        on = self.lesson_panel.lesson is not None and not self.startScreenShown()
        c = self.window.classroom
        for action in (c.lesson_next, c.lesson_back, c.close_lesson):
            action.setEnabled(on)

    def _inspector_wanted(self) -> bool:
        """Whether the inspector is (or, while presenting, will be) shown."""
        if self.presentation.active:
            return self.presentation.panelAfter("inspector")
        return self.window.actions.show_inspector.isChecked()

    def _want_inspector(self, on: bool) -> None:
        """Show the inspector, or while presenting: show it when presentation mode ends."""
        if self.presentation.active:
            self.presentation.setPanelAfter("inspector", on)
        else:
            self.window.actions.show_inspector.setChecked(on)

    # ------------------------------------------------------------------------- pages
    def showAtStart(self) -> bool:
        """The "show the start screen at start" setting (INI files give strings back)."""
        value = self.settings.value(SHOW_AT_START_KEY, True)
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "0", "no", "off")
        return bool(value)

    def _suggested_lesson(self) -> str | None:
        """The lesson to highlight: the last one opened, else lesson 1."""
        keys = [lesson.key for lesson in self.lessons]
        last = self.settings.value(LAST_LESSON_KEY)
        if last in keys:
            return last
        return keys[0] if keys else None

    def startUp(self, lesson: str | None = None, start_screen: bool | None = None) -> None:
        """Choose the first page: ``lesson`` if given; else the start screen when
        ``start_screen`` is True, or when it is None and "show at start" is on; else the
        explorer. An unknown ``lesson`` raises ``LessonError`` listing the known keys."""
        if lesson is not None:
            self.openLesson(lesson)
        elif start_screen or (start_screen is None and self.showAtStart() and self.lessons):
            self.showStartScreen()
        else:
            self.showExplorer()
        if self.lesson_problems:
            self.window.statusBar().showMessage(
                tr("Some lessons could not be loaded: see the Lessons menu."), 15000
            )

    def showStartScreen(self) -> None:
        """Show the start screen over the explorer (Help → Start screen)."""
        self.window.actions.play.setChecked(False)
        self.stack.setCurrentWidget(self.start_page)
        self.lesson_dock.hide()
        self.window.model_status.hide()  # no run is on screen: no losses under the start screen
        self._update_lesson_actions()
        self.start_page.focusHighlighted()

    def showExplorer(self) -> None:
        """Show the explorer (and the lesson panel, if a lesson is open)."""
        self.stack.setCurrentWidget(self.explorer_page)
        self.window.model_status.show()
        self.lesson_dock.setVisible(self.lesson_panel.lesson is not None)
        self._update_lesson_actions()
        self.window.focusGraph()  # the step-through keys act at once

    def startScreenShown(self) -> bool:
        """Whether the start screen is the page shown."""
        return self.stack.currentWidget() is self.start_page

    def exploreFreely(self) -> None:
        """Explore freely: close an open lesson, go back to the default run, show the
        explorer. Without a lesson open the current run is kept."""
        if self.lesson_panel.lesson is not None:
            self.closeLesson()
            self.window.run_control.applyConfig(SessionConfig())
        self.showExplorer()

    # ------------------------------------------------------------------------- presentation
    def setPresentation(self, on: bool, full_screen: bool = True) -> None:
        """Enter or leave presentation mode (F11; Esc leaves). ``full_screen=False`` keeps
        the window size, for screenshots."""
        w, c = self.window, self.window.classroom
        was_active = self.presentation.active
        self.presentation.setActive(on, full_screen)
        active = self.presentation.active
        if active and not was_active:
            # From the back of a hall the graph is the thing to see: it gets two thirds of
            # the centre (leaving presentation restores the splitters as they were).
            total = sum(w.centre.sizes())
            w.centre.setSizes([2 * total // 3, total - 2 * total // 3])
        # The lesson text grows with the scale: so does the panel's width.
        scale = self.presentation.scale / 100 if active else 1.0
        width = round(LESSON_PANEL_WIDTH * scale)
        self.lesson_panel.setMinimumWidth(min(width, max(LESSON_PANEL_WIDTH, w.width() // 3)))
        c.leave_presentation.setEnabled(active)
        c.presentation.blockSignals(True)
        c.presentation.setChecked(active)
        c.presentation.blockSignals(False)

    def askPresentationScale(self) -> None:
        """View → Presentation scale…: ask for 100–250 %."""
        low, high = scale_choices()[0], scale_choices()[-1]
        value, ok = QInputDialog.getInt(
            self.window,
            tr("Presentation scale"),
            tr("Text and line size in presentation mode ({low}–{high} %):").format(
                low=low, high=high
            ),
            self.presentation.scale,
            low,
            high,
            25,
        )
        if ok:
            self.presentation.setScale(value)
