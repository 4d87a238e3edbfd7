"""The main window: menus, status bar, saved geometry, and the central view."""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer import APP_NAME, __version__
from explorer.lessons import Lesson, LessonError, load_lessons
from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.cost import estimate_iteration, slow_warning
from explorer.session.session import Session
from explorer.session.snapshot import SessionEvent, SessionView
from explorer.ui.actions import Actions, make_actions, make_classroom_actions
from explorer.ui.code_view import install_code_view
from explorer.ui.controls import ControlPanel
from explorer.ui.curves_view import CurvesView
from explorer.ui.export import Exporter
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.hidden_view import HiddenStatesView
from explorer.ui.i18n import (
    LANGUAGES,
    SETTINGS_KEY,
    install_language,
    saved_language,
    tr,
    tr_error,
    tr_noop,
)
from explorer.ui.inspector import Inspector
from explorer.ui.lesson_panel import LessonPanel
from explorer.ui.phrases import event_text, shown_iteration_text
from explorer.ui.presentation import Presentation, apply_theme, open_collapsed, scale_choices
from explorer.ui.script_dialog import install_script_export
from explorer.ui.selection import Selection
from explorer.ui.session_files import SessionFiles
from explorer.ui.shortcuts import shortcut_rows, shortcuts_html
from explorer.ui.spotlight import install_spotlight
from explorer.ui.start_page import LAST_LESSON_KEY, SHOW_AT_START_KEY, StartPage
from explorer.ui.task_view import TaskView
from explorer.ui.theme import cell_colour, cell_label, font, format_number
from explorer.ui.transport import TransportBar
from explorer.ui.weights_view import WeightsView

DEFAULT_SIZE = (1600, 1000)
# Wide enough for about 30 characters of card text per line at the card's font size.
LESSON_PANEL_WIDTH = 400
MINIMUM_SIZE = (1024, 700)

ABOUT_TEXT = tr_noop(
    "<p>Backpropagation through time, made visible: the unrolled network, the forward "
    "pass, the gradient flowing back, and the training curve that results.</p>"
    "<p>An exact NumPy engine (vanilla RNN, LSTM, GRU) with a PySide6 and pyqtgraph view.</p>"
)


class MainWindow(QMainWindow):
    """The top-level window. Takes the app's one QSettings object and, optionally, a
    ``SessionController``; without one it opens the default session with its first
    iteration computed, so the views have something to show from the start.

    ``language`` is the interface language already installed with ``install_language``
    (default: the one saved in the settings); lesson texts follow it. Choosing another in
    View → Language builds a replacement window on the same controller and emits
    ``sigReplaced`` with it.
    """

    sigReplaced = Signal(object)  # the MainWindow that took this one's place

    def __init__(
        self,
        settings: QSettings,
        parent: QWidget | None = None,
        remember_geometry: bool = True,
        controller: SessionController | None = None,
        language: str | None = None,
    ) -> None:
        _use_readable_font()
        super().__init__(parent)
        self._settings = settings
        self._remember_geometry = remember_geometry
        self.language = language if language in LANGUAGES else saved_language(settings)
        self._released = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)
        self.actions = make_actions(self)
        for action in vars(self.actions).values():
            self.addAction(action)  # shortcuts work wherever the focus is
        self.classroom = make_classroom_actions(self)
        for action in vars(self.classroom).values():
            self.addAction(action)
        if controller is None:
            # The window opens at "Ready": the first Enter or → starts iteration 1.
            controller = SessionController(Session(SessionConfig()), self)
        self.ctrl = controller
        self._build_menus(self.actions)
        self.selection = Selection(self)
        self._build_views()
        self._connect()
        self._build_classroom()
        install_script_export(self)
        install_code_view(self)
        install_spotlight(self)
        self._history_key: tuple | None = None
        self.setView(controller.view())
        self._undo_changed()

    # ------------------------------------------------------------------------- building
    def _build_menus(self, actions: Actions) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.session_files = SessionFiles(self, self.ctrl, self._settings)
        file_menu.addAction(self.session_files.open_action)
        file_menu.addAction(self.session_files.save_action)
        file_menu.addSeparator()
        file_menu.addAction(actions.reset)
        file_menu.addSeparator()
        self.exporter = Exporter(self)
        file_menu.addMenu(self.exporter.menu)
        file_menu.addSeparator()
        file_menu.addAction(actions.quit)
        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.addAction(actions.undo)
        edit_menu.addAction(actions.redo)
        view_menu = bar.addMenu(tr("&View"))
        steps = view_menu.addMenu(tr("&Step-through"))
        for action in (
            actions.play,
            actions.step_forward,
            actions.step_back,
            actions.finish_pass,
            actions.one_iteration,
            actions.fast_forward,
            actions.live,
            actions.resume,
        ):
            steps.addAction(action)
        view_menu.addSeparator()
        for action in (actions.zoom_in, actions.zoom_out, actions.fit):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (
            actions.animate,
            actions.animations,
            actions.show_controls,
            actions.show_inspector,
            actions.verify_gradients,
            actions.full_screen,
        ):
            view_menu.addAction(action)
        self._build_classroom_menus(bar, view_menu)
        self._build_language_menu(view_menu)
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self.classroom.start_screen)
        help_menu.addAction(actions.shortcuts)
        help_menu.addAction(actions.about)
        actions.quit.triggered.connect(self.close)
        actions.full_screen.toggled.connect(self.setFullScreenMode)
        actions.about.triggered.connect(self.showAbout)
        actions.shortcuts.triggered.connect(self.showShortcuts)

    def _build_language_menu(self, view_menu) -> None:
        """View → Language: one checkable entry per language, each in its own script."""
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu(tr("&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions = {}
        for key, name in LANGUAGES.items():
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(key == self.language)
            action.setData(key)
            group.addAction(action)
            action.triggered.connect(lambda _=False, key=key: self.switchLanguage(key))
            self.language_actions[key] = action

    def _build_views(self) -> None:
        sel = self.selection
        self.controls = ControlPanel(self.ctrl.config)
        self.graph = GraphView(sel)
        self.hidden = HiddenStatesView(sel)
        self.gradient = GradientView(sel)
        self.weights = WeightsView()
        self.curves = CurvesView()
        self.task = TaskView(self.ctrl.panel)
        self.inspector = Inspector(sel, self.ctrl.gradcheck)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Every tab stays in sight on a small screen: titles are elided, never scrolled away.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        for widget, title in (
            (self.gradient, tr("Gradient through time")),
            (self.hidden, tr("Hidden states")),
            (self.weights, tr("Recurrent weights")),
            (self.curves, tr("Training curves")),
            (self.task, tr("Task")),
        ):
            self.tabs.addTab(widget, title)
        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.addWidget(self.graph)
        self.centre.addWidget(self.tabs)
        self.centre.setStretchFactor(0, 1)
        self.centre.setStretchFactor(1, 1)
        self.centre.setSizes([500, 500])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.controls)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.inspector)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(1, 1)
        self.controls.setMinimumWidth(300)
        self.inspector.setMinimumWidth(280)
        self.splitter.setSizes([330, 940, 330])
        self.transport = TransportBar(self.actions)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.transport)
        self.setCentralWidget(central)
        self.model_status = QLabel("")
        self.model_status.setTextFormat(Qt.TextFormat.RichText)
        self.statusBar().addPermanentWidget(self.model_status)

    def _connect(self) -> None:
        a, ctrl = self.actions, self.ctrl
        a.reset.triggered.connect(self._reset)
        a.undo.triggered.connect(self.undoRunChange)
        a.redo.triggered.connect(self.redoRunChange)
        a.verify_gradients.triggered.connect(self.verifyGradients)
        ctrl.sigRunReplaced.connect(self._run_replaced)
        ctrl.sigUndoChanged.connect(self._undo_changed)
        self.controls.sigFieldDone.connect(self._focus_graph)
        # The inspector's unit box is a number field too: Enter there must not step.
        self.controls.field_keys.watch(self.inspector.unit)
        a.step_forward.triggered.connect(ctrl.step_forward)
        a.step_back.triggered.connect(ctrl.step_back)
        a.finish_pass.triggered.connect(ctrl.finish_pass)
        a.one_iteration.triggered.connect(ctrl.one_iteration)
        a.play.toggled.connect(self._play)
        a.fast_forward.toggled.connect(self._fast_forward)
        a.live.triggered.connect(lambda: ctrl.scrub(None))
        a.resume.triggered.connect(ctrl.resume_from_here)
        a.zoom_in.triggered.connect(lambda: self.graph.canvas.zoomBy(1.25))
        a.zoom_out.triggered.connect(lambda: self.graph.canvas.zoomBy(1 / 1.25))
        a.fit.triggered.connect(self.graph.canvas.fitAll)
        a.animations.toggled.connect(self.graph.setAnimated)
        a.show_controls.toggled.connect(lambda on: self._show_side(self.controls, on))
        a.show_inspector.toggled.connect(lambda on: self._show_side(self.inspector, on))
        self.transport.sigTick.connect(self._tick)
        self.transport.sigScrub.connect(ctrl.scrub)
        self.controls.sigConfigChosen.connect(self._apply_config)
        ctrl.sigViewChanged.connect(self.setView)
        ctrl.sigEvent.connect(self._event)
        ctrl.sigRunningChanged.connect(self._running_changed)
        ctrl.sigBusyChanged.connect(self._busy_changed)
        self.exporter.installContextMenu(self.graph.canvas)

    def _show_side(self, panel: QWidget, on: bool) -> None:
        """Show or hide a side panel; a shown one gets room even if its splitter had none,
        and the inspector catches up with the frame it missed while hidden."""
        panel.setVisible(on)
        if on:
            open_collapsed(self.splitter)
            if panel is self.inspector:
                self.inspector.setView(self.ctrl.view())

    def _inspector_wanted(self) -> bool:
        """Whether the inspector is (or, while presenting, will be) shown."""
        if self.presentation.active:
            return self.presentation.panelAfter("inspector")
        return self.actions.show_inspector.isChecked()

    def _want_inspector(self, on: bool) -> None:
        """Show the inspector, or while presenting: show it when presentation mode ends."""
        if self.presentation.active:
            self.presentation.setPanelAfter("inspector", on)
        else:
            self.actions.show_inspector.setChecked(on)

    # ------------------------------------------------------------------------- frames
    def setView(self, view: SessionView) -> None:
        """Hand one frame to every view (hidden tabs only keep it until shown)."""
        if view.cursor > 0:
            self.selection.blockSignals(True)
            self.selection.select(t=view.cursor)
            self.selection.blockSignals(False)
        if self.selection.cell not in view.cells and view.cells:
            self.selection.blockSignals(True)
            self.selection.select(cell=view.cells[0])
            self.selection.blockSignals(False)
        self.transport.setView(view)
        self.graph.setView(view)
        for tab in (self.hidden, self.gradient, self.weights, self.curves, self.task):
            tab.setView(view)
        if self.inspector.isVisible() or not self.isVisible():
            self.inspector.setView(view)
        self._status(view)
        key = (view.run, view.completed, view.iteration, view.scrubbing, view.running)
        if key != self._history_key and not view.running:
            self._history_key = key
            self.transport.setHistory(
                self.ctrl.history_iterations(), view.iteration, view.scrubbing
            )

    def _status(self, view: SessionView) -> None:
        parts = ["<b>" + html.escape(shown_iteration_text(view)) + "</b>"]
        for cell in view.cells:
            colour = cell_colour(cell).name()
            status = view.status.get(cell)
            if status is not None and status.diverged:
                badge = tr("DIVERGED at {n}").format(n=status.diverged_at)
                parts.append(
                    f"<span style='color:{colour}'><b>{tr(cell_label(cell))}</b></span> "
                    f"<span style='color:white; background:#B00020'>&nbsp;{badge}&nbsp;</span>"
                )
                continue
            snap = view.records.get(cell)
            if snap is None:
                continue
            clip = f" <span style='color:#CC79A7'>{tr('✂ clipped')}</span>" if snap.clipped else ""
            numbers = tr("loss {loss} · ‖g‖ {norm}").format(
                loss=format_number(snap.loss), norm=format_number(snap.grad_norm)
            )
            parts.append(
                f"<span style='color:{colour}'><b>{tr(cell_label(cell))}</b></span> {numbers}{clip}"
            )
        self.model_status.setText(" &nbsp;│&nbsp; ".join(parts))

    # ------------------------------------------------------------------------- actions
    def _tick(self) -> None:
        if self.actions.animate.isChecked():
            self.ctrl.step_forward()
        else:
            self.ctrl.one_iteration()

    def _play(self, on: bool) -> None:
        if on and self.ctrl.running:
            self.actions.fast_forward.setChecked(False)
        self.transport.setPlaying(on)

    def _fast_forward(self, on: bool) -> None:
        if on:
            self.actions.play.setChecked(False)
            if not self.ctrl.running:
                self.ctrl.run()
        elif self.ctrl.running:
            self.ctrl.stop()

    def _running_changed(self, running: bool) -> None:
        self.controls.setRunning(running)
        self.actions.fast_forward.blockSignals(True)
        self.actions.fast_forward.setChecked(running)
        self.actions.fast_forward.blockSignals(False)
        self.transport.relabel()

    def _busy_changed(self, busy: bool) -> None:
        # A slow step or a file job computes in a worker: say so, the window stays usable.
        if busy and not self.ctrl.running:
            self.setCursor(Qt.CursorShape.BusyCursor)
            self.statusBar().showMessage(tr("Computing…"))
        else:
            self.unsetCursor()
            if self.statusBar().currentMessage() == tr("Computing…"):
                self.statusBar().clearMessage()

    def _reset(self) -> None:
        self.actions.play.setChecked(False)
        had_work = self.ctrl.view().completed > 0
        self.ctrl.reset()
        if had_work:
            self.statusBar().showMessage(
                tr("The run starts again. Edit → Undo brings back the previous one."), 8000
            )

    def _apply_config(self, config: SessionConfig) -> None:
        self.actions.play.setChecked(False)
        try:
            self.ctrl.reset(config)
        except ValueError as exc:
            self.controls.showError(tr_error(exc))
            self.controls.setConfig(self.ctrl.config)
            return
        self.controls.setConfig(self.ctrl.config)
        warning = slow_warning(estimate_iteration(config))
        if warning is not None:
            self.controls.message.setText(tr_error(warning))
        self.statusBar().showMessage(
            tr("New run: {models}. Edit → Undo brings back the previous run.").format(
                models=tr(", ").join(tr(cell_label(c)) for c in config.cells)
            ),
            8000,
        )

    def _run_replaced(self) -> None:
        # Undo, redo, reset, a lesson or an opened file: the panel shows the run's settings,
        # and a gradient check of the previous run is no longer the current one's.
        self.controls.setConfig(self.ctrl.config)
        self.inspector.verify_result.setText("")
        self.lesson_panel.showVerdict("")

    def _undo_changed(self) -> None:
        self.actions.undo.setEnabled(self.ctrl.can_undo)
        self.actions.redo.setEnabled(self.ctrl.can_redo)

    def undoRunChange(self) -> None:
        """Edit → Undo: bring back the run the last change replaced, exactly as it was."""
        if not self.ctrl.can_undo:
            return
        self.actions.play.setChecked(False)
        self.ctrl.undo()
        self.statusBar().showMessage(
            tr("Back to the previous run ({where}).").format(
                where=shown_iteration_text(self.ctrl.view())
            ),
            8000,
        )

    def redoRunChange(self) -> None:
        """Edit → Redo: make the undone change again."""
        if not self.ctrl.can_redo:
            return
        self.actions.play.setChecked(False)
        self.ctrl.redo()

    def verifyGradients(self) -> None:
        """View → Verify gradients (also in the inspector and the lesson panel): check the
        selected model's gradient against finite differences and say the verdict where it
        can be seen."""
        self.inspector.setView(self.ctrl.view())
        self.inspector.runGradcheck()
        verdict = self.inspector.verify_result.text()
        plain = QTextDocumentFragment.fromHtml(verdict).toPlainText()
        self.statusBar().showMessage(plain, 15000)
        self.lesson_panel.showVerdict(verdict)

    def _focus_graph(self) -> None:
        # Enter applied a settings field: the keyboard goes back to the step-through keys.
        self.graph.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def _event(self, event: SessionEvent) -> None:
        self.statusBar().showMessage(event_text(event), 15000)

    def setFullScreenMode(self, on: bool) -> None:
        """Enter or leave full screen."""
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def showAbout(self) -> None:
        """Help → About."""
        QMessageBox.about(
            self,
            tr("About {app}").format(app=APP_NAME),
            f"<h2>{APP_NAME} {__version__}</h2>{tr(ABOUT_TEXT)}",
        )

    def showShortcuts(self) -> None:
        """Help → Keyboard shortcuts."""
        QMessageBox.information(self, tr("Keyboard shortcuts"), shortcuts_html(shortcut_rows(self)))

    # ------------------------------------------------------------------------- classroom
    def _build_classroom_menus(self, bar, view_menu) -> None:
        """View → Presentation / scale / Theme, and the Lessons menu (one entry per lesson)."""
        c = self.classroom
        view_menu.addSeparator()
        view_menu.addAction(c.presentation)
        view_menu.addAction(c.presentation_scale)
        theme_menu = view_menu.addMenu(tr("&Theme"))
        theme_menu.addAction(c.theme_light)
        theme_menu.addAction(c.theme_dark)
        try:
            self.lessons: list[Lesson] = load_lessons()
        except LessonError as exc:
            # A broken lesson file must not keep the explorer from opening.
            self.lessons = []
            self._lesson_error = str(exc)
        else:
            self._lesson_error = ""
        self.lessons_menu = bar.addMenu(tr("&Lessons"))
        self._lesson_actions = {}
        for lesson in self.lessons:
            action = self.lessons_menu.addAction("")
            action.setData(lesson.key)
            action.triggered.connect(lambda _=False, key=lesson.key: self.openLesson(key))
            self._lesson_actions[lesson.key] = action
        self.lessons_menu.addSeparator()
        for action in (c.lesson_back, c.lesson_next, c.close_lesson):
            self.lessons_menu.addAction(action)
        self.lessons_menu.addSeparator()
        self.lessons_menu.addAction(c.start_screen)

    def _build_classroom(self) -> None:
        """The lesson panel (a dock on the right), the start screen over the explorer (a
        stacked page), presentation mode and the theme."""
        c = self.classroom
        language = self.language
        self.lesson_panel = LessonPanel(self.ctrl, language)
        self.lesson_dock = QDockWidget(tr("Lesson"), self)
        self.lesson_dock.setObjectName("lessonDock")
        self.lesson_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.lesson_dock.setTitleBarWidget(QWidget())  # the panel has its own title
        self.lesson_dock.setWidget(self.lesson_panel)
        self.lesson_panel.setMinimumWidth(LESSON_PANEL_WIDTH)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lesson_dock)
        self.lesson_dock.hide()
        self._inspector_before_lesson = True
        self.start_page = StartPage(self.lessons, language)
        self.start_page.show_at_start.setChecked(self._show_at_start())
        self.start_page.setHighlighted(self._suggested_lesson())
        self.explorer_page = self.takeCentralWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.explorer_page)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self.setLessonLanguage(language)

        self.presentation = Presentation(self, self._settings, self.actions)
        self.presentation.sigActiveChanged.connect(self.transport.setStacked)
        self.presentation.bar.addAction(c.theme_light)
        self.presentation.bar.addAction(c.theme_dark)
        self.presentation.bar.addSeparator()
        self.presentation.bar.addAction(c.leave_presentation)
        (c.theme_dark if self.presentation.theme == "dark" else c.theme_light).setChecked(True)
        if self.presentation.theme != "light":
            apply_theme(self, self.presentation.theme)

        c.presentation.toggled.connect(self.setPresentation)
        c.leave_presentation.triggered.connect(lambda: self.setPresentation(False))
        c.presentation_scale.triggered.connect(self.askPresentationScale)
        c.theme_light.triggered.connect(lambda: self.presentation.setTheme("light"))
        c.theme_dark.triggered.connect(lambda: self.presentation.setTheme("dark"))
        c.start_screen.triggered.connect(self.showStartScreen)
        c.lesson_next.triggered.connect(self.lesson_panel.next)
        c.lesson_back.triggered.connect(self.lesson_panel.back)
        c.close_lesson.triggered.connect(self.closeLesson)
        self.lesson_panel.sigShowView.connect(self.showView)
        self.lesson_panel.sigConfigChanged.connect(self.controls.setConfig)
        self.lesson_panel.sigCloseRequested.connect(self.closeLesson)
        self.lesson_panel.sigVerifyRequested.connect(self.actions.verify_gradients.trigger)
        self.start_page.sigLessonChosen.connect(self.openLesson)
        self.start_page.sigExploreChosen.connect(self.exploreFreely)
        self.start_page.sigShowAtStartChanged.connect(
            lambda on: self._settings.setValue(SHOW_AT_START_KEY, on)
        )

    def _show_at_start(self) -> bool:
        value = self._settings.value(SHOW_AT_START_KEY, True)
        if isinstance(value, str):  # INI files give strings back
            return value.strip().lower() not in ("false", "0", "no", "off")
        return bool(value)

    def _suggested_lesson(self) -> str | None:
        """The lesson to highlight: the last one opened, else lesson 1."""
        keys = [lesson.key for lesson in self.lessons]
        last = self._settings.value(LAST_LESSON_KEY)
        if last in keys:
            return last
        return keys[0] if keys else None

    def startUp(self, lesson: str | None = None, start_screen: bool | None = None) -> None:
        """Choose the first page: ``lesson`` if given; else the start screen when
        ``start_screen`` is True, or when it is None and "show at start" is on; else the
        explorer. An unknown ``lesson`` raises ``LessonError`` listing the known keys."""
        if lesson is not None:
            self.openLesson(lesson)
        elif start_screen or (start_screen is None and self._show_at_start() and self.lessons):
            self.showStartScreen()
        else:
            self.showExplorer()

    def showView(self, name: str) -> None:
        """Bring a view forward: "graph", "hidden", "gradient", "weights", "curves", "task"."""
        views = {
            "graph": self.graph,
            "hidden": self.hidden,
            "gradient": self.gradient,
            "weights": self.weights,
            "curves": self.curves,
            "task": self.task,
        }
        if name not in views:
            raise ValueError(f"unknown view {name!r}; expected one of {', '.join(views)}")
        widget = views[name]
        if self.tabs.indexOf(widget) >= 0:
            self.tabs.setCurrentWidget(widget)
        elif name == "graph" and self.centre.sizes()[0] == 0:
            self.centre.setSizes([1, 1])  # a collapsed graph pane comes back

    def lessonOpen(self) -> Lesson | None:
        """The lesson shown in the lesson panel, or None."""
        return self.lesson_panel.lesson

    def openLesson(self, key: str) -> None:
        """Reset the run to lesson ``key``'s config and show its first card beside the views."""
        lesson = next((item for item in self.lessons if item.key == key), None)
        if lesson is None:
            known = ", ".join(item.key for item in self.lessons)
            raise LessonError(f"no lesson called {key!r}; known lessons: {known}")
        self.actions.play.setChecked(False)
        if self.lesson_panel.lesson is None:
            # The lesson takes the inspector's place; closing it brings the inspector back.
            self._inspector_before_lesson = self._inspector_wanted()
            self._want_inspector(False)
        self.showExplorer()
        self.lesson_dock.show()
        self.lesson_panel.openLesson(lesson)
        if self._remember_geometry:  # screenshots leave the user's settings alone
            self._settings.setValue(LAST_LESSON_KEY, key)
        self.start_page.setHighlighted(key)
        self._update_lesson_actions()
        self.statusBar().showMessage(
            tr("Lesson {n}: {title}").format(
                n=lesson.order, title=lesson.title_in(self.lesson_panel.language)
            ),
            5000,
        )

    def closeLesson(self) -> None:
        """Close the lesson panel; the run stays as the lesson left it."""
        if self.lesson_panel.lesson is None:
            return
        self.lesson_panel.closeLesson()
        self.lesson_dock.hide()
        self._want_inspector(self._inspector_before_lesson)
        self._update_lesson_actions()

    def showStartScreen(self) -> None:
        """Show the start screen over the explorer (Help → Start screen)."""
        self.actions.play.setChecked(False)
        self.stack.setCurrentWidget(self.start_page)
        self.lesson_dock.hide()
        self.model_status.hide()  # no run is on screen: no losses under the start screen
        self._update_lesson_actions()
        self.start_page.focusHighlighted()

    def showExplorer(self) -> None:
        """Show the explorer (and the lesson panel, if a lesson is open)."""
        self.stack.setCurrentWidget(self.explorer_page)
        self.model_status.show()
        self.lesson_dock.setVisible(self.lesson_panel.lesson is not None)
        self._update_lesson_actions()
        self._focus_graph()  # the step-through keys act at once

    def startScreenShown(self) -> bool:
        """Whether the start screen is the page shown."""
        return self.stack.currentWidget() is self.start_page

    def exploreFreely(self) -> None:
        """Explore freely: close an open lesson, go back to the default run, show the
        explorer. Without a lesson open the current run is kept."""
        if self.lesson_panel.lesson is not None:
            self.closeLesson()
            self._apply_config(SessionConfig())
        self.showExplorer()

    def _update_lesson_actions(self) -> None:
        on = self.lesson_panel.lesson is not None and not self.startScreenShown()
        for action in (
            self.classroom.lesson_next,
            self.classroom.lesson_back,
            self.classroom.close_lesson,
        ):
            action.setEnabled(on)

    def setLessonLanguage(self, language: str) -> None:
        """Show lesson texts (panel, start screen, Lessons menu) in ``language``."""
        self.lesson_panel.setLanguage(language)
        self.start_page.setLanguage(language)
        for lesson in self.lessons:
            title = lesson.title_in(self.lesson_panel.language).replace("&", "&&")
            prefix = f"&{lesson.order}" if lesson.order < 10 else str(lesson.order)
            self._lesson_actions[lesson.key].setText(f"{prefix}  {title}")

    def setPresentation(self, on: bool, full_screen: bool = True) -> None:
        """Enter or leave presentation mode (F11; Esc leaves). ``full_screen=False`` keeps
        the window size, for screenshots."""
        was_active = self.presentation.active
        self.presentation.setActive(on, full_screen)
        active = self.presentation.active
        if active and not was_active:
            # From the back of a hall the graph is the thing to see: it gets two thirds of
            # the centre (leaving presentation restores the splitters as they were).
            total = sum(self.centre.sizes())
            self.centre.setSizes([2 * total // 3, total - 2 * total // 3])
        # The lesson text grows with the scale: so does the panel's width.
        scale = self.presentation.scale / 100 if active else 1.0
        width = round(LESSON_PANEL_WIDTH * scale)
        self.lesson_panel.setMinimumWidth(min(width, max(LESSON_PANEL_WIDTH, self.width() // 3)))
        self.classroom.leave_presentation.setEnabled(active)
        self.classroom.presentation.blockSignals(True)
        self.classroom.presentation.setChecked(active)
        self.classroom.presentation.blockSignals(False)

    def askPresentationScale(self) -> None:
        """View → Presentation scale…: ask for 100–250 %."""
        low, high = scale_choices()[0], scale_choices()[-1]
        value, ok = QInputDialog.getInt(
            self,
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

    def saveSettings(self, settings: QSettings) -> None:
        """Remember the window geometry."""
        settings.setValue("window/geometry", self.saveGeometry())
        # restoreGeometry clamps to the current screen; the plain size survives a smaller one.
        settings.setValue("window/size", self.size())
        settings.setValue("view/animations", self.actions.animations.isChecked())

    def restoreSettings(self, settings: QSettings) -> None:
        """Restore the geometry saved last time; ignore anything unreadable."""
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        size = settings.value("window/size")
        if (
            isinstance(size, QSize)
            and size.width() >= MINIMUM_SIZE[0]
            and size.height() >= MINIMUM_SIZE[1]
        ):
            self.resize(size)
        animations = settings.value("view/animations")
        if isinstance(animations, (bool, str)):
            self.actions.animations.setChecked(animations in (True, "true"))

    # ------------------------------------------------------------------------- language
    def switchLanguage(self, language: str) -> MainWindow:
        """View → Language: remember ``language``, install it and rebuild the window in it.

        The replacement shares this window's controller (the run, its history and a
        training in progress carry on) and takes over the geometry, the open lesson card,
        presentation mode, the tab and the panels shown; this window then closes without
        stopping the controller. Returns the window now shown (this one if nothing changed).
        """
        if language not in LANGUAGES:
            raise ValueError(
                f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}"
            )
        self._settings.setValue(SETTINGS_KEY, language)  # an explicit choice: always kept
        if language == self.language:
            return self
        language = install_language(language)
        state = self._carriedState()
        self.releaseController()
        window = MainWindow(
            self._settings,
            remember_geometry=self._remember_geometry,
            controller=self.ctrl,
            language=language,
        )
        window._takeOver(state)
        window.show()  # before this one closes, so the application never has no window
        self.sigReplaced.emit(window)
        self.close()
        return window

    def releaseController(self) -> None:
        """Hand the controller to another window: disconnect from it, and do not shut it
        down when this window closes."""
        if self._released:
            return
        self._released = True
        self.actions.play.setChecked(False)
        ctrl = self.ctrl
        for signal, slot in (
            (ctrl.sigViewChanged, self.setView),
            (ctrl.sigEvent, self._event),
            (ctrl.sigRunningChanged, self._running_changed),
            (ctrl.sigRunningChanged, self.lesson_panel._running_changed),
            (ctrl.sigBusyChanged, self._busy_changed),
            (ctrl.sigRunReplaced, self._run_replaced),
            (ctrl.sigUndoChanged, self._undo_changed),
        ):
            signal.disconnect(slot)
        if ctrl.parent() is self:
            ctrl.setParent(None)

    def _carriedState(self) -> dict:
        panel = self.lesson_panel
        return {
            "geometry": self.saveGeometry(),
            "state": self.saveState(),
            "presentation": self.presentation.active,
            "full_screen": self.isFullScreen(),
            "tab": self.tabs.currentIndex(),
            "splitter": self.splitter.sizes(),
            "centre": self.centre.sizes(),
            "start_screen": self.startScreenShown(),
            "lesson": panel.lesson.key if panel.lesson is not None else None,
            "card": panel.index,
            "applied": panel._applied,
            "outcome_shown": panel.expected_caption.isChecked(),
            "inspector_before_lesson": self._inspector_before_lesson,
            "checked": {
                name: getattr(self.actions, name).isChecked()
                for name in ("animate", "animations", "show_controls", "show_inspector")
            },
            "playing": self.actions.play.isChecked(),
            "selection": (
                self.selection.cell,
                self.selection.node,
                self.selection.t,
                self.selection.unit,
            ),
        }

    def _takeOver(self, state: dict) -> None:
        if state["presentation"]:
            self.setPresentation(False)
        self.restoreGeometry(state["geometry"])
        self.restoreState(state["state"])
        for name, on in state["checked"].items():
            getattr(self.actions, name).setChecked(on)
        self.controls.setRunning(self.ctrl.running)
        self._running_changed(self.ctrl.running)
        key = state["lesson"]
        if key is not None and any(lesson.key == key for lesson in self.lessons):
            self._inspector_before_lesson = state["inspector_before_lesson"]
            lesson = next(item for item in self.lessons if item.key == key)
            self.lesson_panel.resumeLesson(
                lesson, state["card"], state["applied"], state["outcome_shown"]
            )
            self.start_page.setHighlighted(key)
            self._update_lesson_actions()
        if state["start_screen"]:
            self.showStartScreen()
        else:
            self.showExplorer()
        self.tabs.setCurrentIndex(state["tab"])
        self.splitter.setSizes(state["splitter"])
        self.centre.setSizes(state["centre"])
        cell, node, t, unit = state["selection"]
        self.selection.select(cell=cell, node=node, t=t, unit=unit)
        if state["presentation"]:
            self.setPresentation(True, full_screen=state["full_screen"])
        self.actions.play.setChecked(state["playing"])

    def closeEvent(self, event: QCloseEvent) -> None:
        # The worker must be stopped before the widgets it feeds go away; a window that
        # handed its controller on (View → Language) leaves it running.
        self.transport.setPlaying(False)
        self.exporter.shutdown()
        self.session_files.shutdown()
        if not self._released:
            self.ctrl.shutdown()
        # Leave presentation first, so the normal geometry is what gets saved.
        self.presentation.leaveForClose()
        if self._remember_geometry:
            self.saveSettings(self._settings)
            self._settings.sync()
        super().closeEvent(event)


def _use_readable_font() -> None:
    # Set once, before any widget exists: changing the font of live widgets made
    # PySide6 6.10 crash inside pyqtgraph's linked plots (seen with the curves view).
    app = QApplication.instance()
    if app is not None and app.font().pointSizeF() < font().pointSizeF():
        app.setFont(font())
