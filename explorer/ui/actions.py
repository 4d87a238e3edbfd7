"""The app's reusable actions, so menus, toolbars and shortcuts share one QAction each."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from explorer.ui.i18n import tr


@dataclass(frozen=True)
class Actions:
    """Every action of the main window, made once."""

    quit: QAction
    full_screen: QAction
    about: QAction
    shortcuts: QAction
    reset: QAction
    step_back: QAction
    step_forward: QAction
    finish_pass: QAction
    one_iteration: QAction
    play: QAction
    fast_forward: QAction
    live: QAction
    resume: QAction
    zoom_in: QAction
    zoom_out: QAction
    fit: QAction
    animate: QAction
    animations: QAction
    show_controls: QAction
    show_inspector: QAction
    undo: QAction
    redo: QAction
    verify_gradients: QAction


def _action(
    parent: QWidget,
    text: str,
    shortcut: QKeySequence | str | list | None,
    tip: str,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, parent)
    if isinstance(shortcut, list):
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(tr("{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip)
    action.setCheckable(checkable)
    return action


def make_actions(parent: QWidget) -> Actions:
    """Create the actions owned by ``parent`` (the main window)."""
    # F11 is presentation mode (ClassroomActions); plain full screen moves to Shift+F11.
    full_screen = _action(
        parent, tr("&Full screen"), "Shift+F11", tr("Fill the screen (Shift+F11 again to leave)")
    )
    full_screen.setCheckable(True)
    animate = _action(
        parent,
        tr("&Animate step-through"),
        None,
        tr("Play reveals each time step; off: play runs whole iterations"),
        checkable=True,
    )
    animate.setChecked(True)
    animations = _action(
        parent,
        tr("A&nimations"),
        None,
        tr("Ease node colours from one step to the next; off: colours change at once"),
        checkable=True,
    )
    animations.setChecked(True)
    show_controls = _action(
        parent, tr("Run &settings panel"), "Ctrl+1", tr("Show or hide the settings"), True
    )
    show_controls.setChecked(True)
    show_inspector = _action(
        parent, tr("&Inspector panel"), "Ctrl+2", tr("Show or hide the inspector"), True
    )
    show_inspector.setChecked(True)
    return Actions(
        quit=_action(parent, tr("&Quit"), "Ctrl+Q", tr("Close BPTT Explorer")),
        full_screen=full_screen,
        about=_action(parent, tr("&About BPTT Explorer"), None, tr("Version and credits")),
        shortcuts=_action(
            parent, tr("&Keyboard shortcuts"), None, tr("List every keyboard shortcut")
        ),
        reset=_action(parent, tr("&Reset"), "Home", tr("Start the run again from its seed")),
        step_back=_action(parent, tr("Step &back"), "Left", tr("Go back one time step")),
        step_forward=_action(parent, tr("Step &forward"), "Right", tr("Reveal one more time step")),
        finish_pass=_action(
            parent,
            tr("Finish &pass"),
            "End",
            tr("Jump to the end of this forward or backward pass"),
        ),
        one_iteration=_action(
            parent,
            tr("One &iteration"),
            ["Return", "Enter"],
            tr("Finish this iteration, or run a whole new one"),
        ),
        play=_action(
            parent, tr("&Play"), "Space", tr("Play the step-through (Space again to pause)"), True
        ),
        fast_forward=_action(
            parent,
            tr("&Train"),
            "Ctrl+T",
            tr("Train in the background without animation; plots keep updating"),
            True,
        ),
        live=_action(parent, tr("&Live"), None, tr("Leave the history and show the live run")),
        resume=_action(
            parent, tr("Resume from &here"), None, tr("Continue training from the iteration shown")
        ),
        zoom_in=_action(parent, tr("Zoom &in"), ["+", "="], tr("Zoom into the graph")),
        zoom_out=_action(parent, tr("Zoom &out"), "-", tr("Zoom out of the graph")),
        fit=_action(parent, tr("&Fit graph"), "0", tr("Fit the graph to its pane")),
        animate=animate,
        animations=animations,
        show_controls=show_controls,
        show_inspector=show_inspector,
        undo=_action(
            parent,
            tr("&Undo settings change"),
            "Ctrl+Z",
            tr("Bring back the run before the last settings change, reset or opened file"),
        ),
        redo=_action(
            parent,
            tr("&Redo settings change"),
            ["Ctrl+Shift+Z", "Ctrl+Y"],
            tr("Make the undone settings change again"),
        ),
        verify_gradients=_action(
            parent,
            tr("&Verify gradients"),
            "Ctrl+G",
            tr("Compare the backpropagated gradient with central finite differences"),
        ),
    )


@dataclass(frozen=True)
class ClassroomActions:
    """Lessons, the start screen, presentation mode and the theme."""

    presentation: QAction
    leave_presentation: QAction
    presentation_scale: QAction
    theme_light: QAction
    theme_dark: QAction
    start_screen: QAction
    lesson_next: QAction
    lesson_back: QAction
    close_lesson: QAction


def make_classroom_actions(parent: QWidget) -> ClassroomActions:
    """Create the classroom actions owned by ``parent`` (the main window)."""
    presentation = _action(
        parent,
        tr("&Presentation"),
        "F11",
        tr("Full screen with large text for a projector (F11 or Esc to leave)"),
        True,
    )
    leave = _action(
        parent, tr("Leave presentation"), "Escape", tr("Leave presentation mode (also F11)")
    )
    leave.setEnabled(False)  # Esc belongs to presentation mode only
    theme_light = _action(parent, tr("&Light"), None, tr("Dark text on white"), True)
    theme_dark = _action(parent, tr("&Dark"), None, tr("Light text on a dark background"), True)
    group = QActionGroup(parent)
    group.setExclusive(True)
    group.addAction(theme_light)
    group.addAction(theme_dark)
    theme_light.setChecked(True)
    lesson_next = _action(
        parent, tr("&Next card"), "PgDown", tr("The next lesson card (presenter remotes)")
    )
    lesson_back = _action(parent, tr("&Previous card"), "PgUp", tr("The previous lesson card"))
    close_lesson = _action(parent, tr("&Close lesson"), None, tr("Leave the lesson"))
    for action in (lesson_next, lesson_back, close_lesson):
        action.setEnabled(False)
    return ClassroomActions(
        presentation=presentation,
        leave_presentation=leave,
        presentation_scale=_action(
            parent,
            tr("Presentation &scale…"),
            None,
            tr("Size of text and lines in presentation mode (100–250 %)"),
        ),
        theme_light=theme_light,
        theme_dark=theme_dark,
        start_screen=_action(
            parent, tr("&Start screen"), None, tr("The lessons and 'Explore freely'")
        ),
        lesson_next=lesson_next,
        lesson_back=lesson_back,
        close_lesson=close_lesson,
    )
