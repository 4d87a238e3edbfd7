"""The main window: it builds the views, lays them out and adds the menus.

It is no switchboard: every view subscribes itself to the window's ``SessionEvents`` (the
controller's events, see ``explorer.ui.session_events``), ``RunControl`` binds the run's
actions to the controller, and ``Classroom`` holds the lessons, the start screen and
presentation mode. Other parts install their feature with one call on the window's public
parts (``graph``, ``tabs``, ``ctrl``, ``events``, ``inspector``, ``lesson_panel`` …).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer import APP_NAME, __version__
from explorer.lessons import Lesson
from explorer.session.config import SessionConfig
from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.ui.actions import Actions, make_actions, make_classroom_actions
from explorer.ui.bookmarks import install_bookmarks
from explorer.ui.classroom import Classroom
from explorer.ui.code_view import install_code_view
from explorer.ui.controls import ControlPanel
from explorer.ui.curves_view import CurvesView
from explorer.ui.export import Exporter
from explorer.ui.ghosts import install_ghosts
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.hidden_view import HiddenStatesView
from explorer.ui.i18n import LANGUAGES, SETTINGS_KEY, install_language, saved_language, tr, tr_noop
from explorer.ui.inspector import Inspector
from explorer.ui.model_status import ModelStatus
from explorer.ui.motion import install_reduced_motion
from explorer.ui.pen import install_pen
from explorer.ui.presentation import open_collapsed
from explorer.ui.replay_progress import install_replay_progress
from explorer.ui.run_control import RunControl
from explorer.ui.script_dialog import install_script_export
from explorer.ui.selection import Selection
from explorer.ui.session_events import SessionEvents
from explorer.ui.session_files import SessionFiles
from explorer.ui.shortcuts import shortcut_rows, shortcuts_html
from explorer.ui.spotlight import install_spotlight
from explorer.ui.task_view import TaskView
from explorer.ui.theme import font
from explorer.ui.transport import TransportBar
from explorer.ui.weights_view import WeightsView
from explorer.ui.window_state import WindowState

DEFAULT_SIZE = (1600, 1000)
MINIMUM_SIZE = (1024, 700)

ABOUT_TEXT = tr_noop(
    "<p>Backpropagation through time, made visible: the unrolled network, the forward "
    "pass, the gradient flowing back, and the training curve that results.</p>"
    "<p>An exact NumPy engine (vanilla RNN, LSTM, GRU) with a PySide6 and pyqtgraph view.</p>"
)


class MainWindow(QMainWindow):
    """The top-level window. Takes the app's one QSettings object and, optionally, a
    ``SessionController``; without one it opens the default session at "Ready" (the first
    Enter or → starts iteration 1).

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
        self.settings = settings  # the app's one QSettings, for features that keep options
        self._remember_geometry = remember_geometry
        self.language = language if language in LANGUAGES else saved_language(settings)
        self._released = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)
        self.actions = make_actions(self)
        self.classroom = make_classroom_actions(self)
        for action in [*vars(self.actions).values(), *vars(self.classroom).values()]:
            self.addAction(action)  # shortcuts work wherever the focus is
        self.ctrl = controller or SessionController(Session(SessionConfig()), self)
        self.selection = Selection(self)
        self.events = SessionEvents(self.ctrl, self.selection, self)
        self._build_views()
        self._lay_out()
        self.run_control = RunControl(
            self, self.actions, self.events, self.controls, self.transport, self.inspector
        )
        self.room = Classroom(self, settings, remember_geometry)
        self.lesson_panel = self.room.lesson_panel
        self.lesson_dock = self.room.lesson_dock
        self.start_page = self.room.start_page
        self.stack = self.room.stack  # the explorer page and the start screen
        self.explorer_page = self.room.explorer_page
        self.presentation = self.room.presentation
        self.lessons: list[Lesson] = self.room.lessons
        self._build_menus(self.actions)
        self._connect_view_actions(self.actions)
        self._link_graph_and_inspector()
        # Features install themselves below, one call each (``install_feature(self)``),
        # on the public parts: graph, tabs, ctrl, events, inspector, lesson_panel, room.
        self.replay_progress = install_replay_progress(self)
        install_ghosts(self)
        install_reduced_motion(self)
        install_pen(self)
        install_bookmarks(self)
        install_script_export(self)
        install_code_view(self)
        install_spotlight(self)

    # ------------------------------------------------------------------------- building
    def _build_views(self) -> None:
        """Build the views; each subscribes itself to ``events`` in its constructor (the
        inspector only while it can be seen, catching up when shown)."""
        sel, events = self.selection, self.events
        self.controls = ControlPanel(self.ctrl.config)
        self.transport = TransportBar(self.actions, events)
        self.model_status = ModelStatus(events)
        self.graph = GraphView(sel, events=events)
        self.hidden = HiddenStatesView(sel, events=events)
        self.gradient = GradientView(sel, events=events)
        self.weights = WeightsView(events=events)
        self.curves = CurvesView(events=events)
        self.task = TaskView(self.ctrl.panel, events=events)
        self.inspector = Inspector(sel, self.ctrl.gradcheck, events=events)

    def _lay_out(self) -> None:
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
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.transport)
        self.setCentralWidget(central)
        # A normal (not permanent) widget, right-aligned: a message (a gradient check's
        # verdict, a saved file) takes the whole bar for its few seconds instead of being
        # cut off beside the models' losses, which come back after it.
        self.model_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.statusBar().addWidget(self.model_status, 1)

    def _build_menus(self, actions: Actions) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.session_files = SessionFiles(self, self.ctrl, self._settings, self.events)
        file_menu.addAction(self.session_files.open_action)
        file_menu.addAction(self.session_files.save_action)
        file_menu.addSeparator()
        file_menu.addAction(actions.reset)
        file_menu.addSeparator()
        self.exporter = Exporter(self, self.graph, self.tabs, self.ctrl)
        self.exporter.installContextMenu(self.graph.canvas)
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
        self.lessons_menu = self.room.addMenus(bar, view_menu)
        self._build_language_menu(view_menu)
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self.classroom.start_screen)
        help_menu.addAction(actions.shortcuts)
        help_menu.addAction(actions.about)

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

    def _connect_view_actions(self, a: Actions) -> None:
        a.quit.triggered.connect(self.close)
        a.full_screen.toggled.connect(self.setFullScreenMode)
        a.about.triggered.connect(self.showAbout)
        a.shortcuts.triggered.connect(self.showShortcuts)
        a.zoom_in.triggered.connect(lambda: self.graph.canvas.zoomBy(1.25))
        a.zoom_out.triggered.connect(lambda: self.graph.canvas.zoomBy(1 / 1.25))
        a.fit.triggered.connect(self.graph.canvas.fitAll)
        a.animations.toggled.connect(self.graph.setAnimated)
        a.show_controls.toggled.connect(lambda on: self._show_side(self.controls, on))
        a.show_inspector.toggled.connect(lambda on: self._show_side(self.inspector, on))
        self.controls.sigFieldDone.connect(self.focusGraph)
        # The inspector's unit box is a number field too: Enter there must not step.
        self.controls.field_keys.watch(self.inspector.unit)

    def _link_graph_and_inspector(self) -> None:
        """Hovering a node or edge of the graph emphasises the equation terms it feeds in
        the inspector; hovering a term outlines its sources in the graph. (Either side may
        not offer its half yet: then the link waits for it.)"""
        graph, inspector = self.graph, self.inspector
        if hasattr(graph, "sigHovered") and hasattr(inspector, "showSources"):
            graph.sigHovered.connect(inspector.showSources)
        if hasattr(inspector, "sigTermHovered") and hasattr(graph, "setHighlight"):
            inspector.sigTermHovered.connect(graph.setHighlight)

    def _show_side(self, panel: QWidget, on: bool) -> None:
        """Show or hide a side panel; a shown one gets room even if its splitter had none,
        and the inspector catches up with the frame it missed while hidden."""
        panel.setVisible(on)
        if on:
            open_collapsed(self.splitter)
            if panel is self.inspector:
                self.inspector.setView(self.ctrl.view())

    def focusGraph(self) -> None:
        """Give the keyboard to the graph, where the step-through keys act (after Enter
        applied a settings field, or a page change)."""
        self.graph.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------------- views
    def showView(self, name: str) -> None:
        """Bring a view forward: "graph", "hidden", "gradient", "weights", "curves", "task",
        "code"."""
        views = {
            "graph": self.graph,
            "hidden": self.hidden,
            "gradient": self.gradient,
            "weights": self.weights,
            "curves": self.curves,
            "task": self.task,
            "code": getattr(self, "code_view", None),
        }
        if views.get(name) is None:
            raise ValueError(f"unknown view {name!r}; expected one of {', '.join(views)}")
        widget = views[name]
        if self.tabs.indexOf(widget) >= 0:
            self.tabs.setCurrentWidget(widget)
        elif name == "graph" and self.centre.sizes()[0] == 0:
            self.centre.setSizes([1, 1])  # a collapsed graph pane comes back

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

    # ------------------------------------------------------------------------- commands
    # The run's commands live in ``run_control`` and the classroom's in ``room``; these
    # names are the window's public face for the app, the tour and the tests.
    def applyConfig(self, config: SessionConfig) -> None:
        """Start a new run with ``config``, as the settings panel's Apply does."""
        self.run_control.applyConfig(config)

    def undoRunChange(self) -> None:
        """Edit → Undo: bring back the run the last change replaced, exactly as it was."""
        self.run_control.undo()

    def redoRunChange(self) -> None:
        """Edit → Redo: make the undone change again."""
        self.run_control.redo()

    def verifyGradients(self) -> None:
        """View → Verify gradients: the verdict in the inspector, status bar and lesson panel."""
        self.run_control.verifyGradients()

    def startUp(self, lesson: str | None = None, start_screen: bool | None = None) -> None:
        """Choose the first page (see ``Classroom.startUp``)."""
        self.room.startUp(lesson, start_screen)

    def lessonOpen(self) -> Lesson | None:
        """The lesson shown in the lesson panel, or None."""
        return self.lesson_panel.lesson

    def openLesson(self, key: str) -> None:
        """Reset the run to lesson ``key``'s config and show its first card beside the views."""
        self.room.openLesson(key)

    def closeLesson(self) -> None:
        """Close the lesson panel; the run stays as the lesson left it."""
        self.room.closeLesson()

    def showStartScreen(self) -> None:
        """Show the start screen over the explorer (Help → Start screen)."""
        self.room.showStartScreen()

    def showExplorer(self) -> None:
        """Show the explorer (and the lesson panel, if a lesson is open)."""
        self.room.showExplorer()

    def startScreenShown(self) -> bool:
        """Whether the start screen is the page shown."""
        return self.room.startScreenShown()

    def exploreFreely(self) -> None:
        """Close an open lesson (back to the default run) and show the explorer."""
        self.room.exploreFreely()

    def setLessonLanguage(self, language: str) -> None:
        """Show lesson texts (panel, start screen, Lessons menu) in ``language``."""
        self.room.setLessonLanguage(language)

    def setPresentation(self, on: bool, full_screen: bool = True) -> None:
        """Enter or leave presentation mode; ``full_screen=False`` keeps the window size."""
        self.room.setPresentation(on, full_screen)

    def askPresentationScale(self) -> None:
        """View → Presentation scale…: ask for 100–250 %."""
        self.room.askPresentationScale()

    # ------------------------------------------------------------------------- settings
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
        state = WindowState.of(self)
        self.releaseController()
        window = MainWindow(
            self._settings,
            remember_geometry=self._remember_geometry,
            controller=self.ctrl,
            language=language,
        )
        state.applyTo(window)
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
        self.events.detach()  # every view of this window stops listening at once
        ctrl = self.ctrl
        if ctrl.parent() is self:
            ctrl.setParent(None)

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
