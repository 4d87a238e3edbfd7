"""Scene bookmarks: save the view under a number, jump back to it with that key.

Ctrl+Shift+1 … 9 saves the view (the lesson card, the iteration and how far it is revealed,
the selected step, the tab in front, the graph's zoom, the ghosts' names) under a name as
scene 1 … 9; the key 1 … 9 brings it back. View → Presenter tools lists the scenes. They
are stored in the session file (File → Save session) and come back with File → Open.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMenu

from explorer.session.bookmarks import SLOTS, TABS, ZOOM_RANGE, Bookmark, BookmarkShelf
from explorer.session.files import SessionFileError, load_bookmarks
from explorer.session.snapshot import Phase
from explorer.ui.i18n import tr, tr_error
from explorer.ui.pen import presenter_menu
from explorer.ui.phrases import phase_text

_shelves: weakref.WeakKeyDictionary[QObject, BookmarkShelf] = weakref.WeakKeyDictionary()


def shelf_for(owner: QObject) -> BookmarkShelf:
    """The scenes of ``owner`` (the session controller), made on first use: they outlive a
    window rebuilt in another language and a run replaced by another."""
    shelf = _shelves.get(owner)
    if shelf is None:
        shelf = _shelves[owner] = BookmarkShelf()
    return shelf


def reveal_rank(phase: str, cursor: int, T: int) -> int:
    """How far into an iteration ``(phase, cursor)`` is, as one number: forward 1 … T,
    the loss, backward T … 1, the update (idle before all of them)."""
    if phase == "forward":
        return cursor
    if phase == "loss":
        return T + 1
    if phase == "backward":
        return T + 2 + (T - cursor)
    if phase == "update":
        return 2 * T + 2
    return 0


class SceneBookmarks(QObject):
    """The scenes of one main window: keys, menu entries, saving and jumping."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctrl = window.ctrl
        self.shelf = shelf_for(window.ctrl)
        self.save_action = QAction(tr("Save &scene…"), window)
        self.save_action.setStatusTip(
            tr("Save the view under the next free number (Ctrl+Shift+1 … 9 choose it)")
        )
        self.save_action.triggered.connect(self.saveNext)
        self.forget_action = QAction(tr("&Forget all scenes"), window)
        self.forget_action.setStatusTip(tr("Remove every saved scene"))
        self.forget_action.triggered.connect(self.shelf.clear)
        self.scenes_menu = QMenu(tr("&Go to scene"), window)
        self.shortcuts: list[QShortcut] = []
        for slot in SLOTS:
            jump = QShortcut(QKeySequence(str(slot)), window)
            jump.activated.connect(lambda slot=slot: self.jump(slot))
            save = QShortcut(QKeySequence(f"Ctrl+Shift+{slot}"), window)
            save.activated.connect(lambda slot=slot: self.save(slot))
            self.shortcuts += [jump, save]
        self.shelf.add_listener(self._rebuild_menu)
        self._rebuild_menu()

    # ------------------------------------------------------------------------- saving
    def capture(self, slot: int, name: str) -> Bookmark:
        """The view on screen as scene ``slot`` called ``name``."""
        w, view = self.window, self.ctrl.view()
        panel = w.lesson_panel
        tab = next((key for key in TABS if w.tabs.currentWidget() is getattr(w, key)), "gradient")
        low, high = ZOOM_RANGE
        zoom = min(high, max(low, float(w.graph.canvas.transform().m11())))
        ghosts = getattr(w, "ghosts", None)
        return Bookmark(
            slot=slot,
            name=name,
            iteration=view.iteration,
            phase=view.phase.name.lower(),
            cursor=max(0, view.cursor),
            t=max(1, w.selection.t),
            tab=tab,
            zoom=zoom,
            lesson=panel.lesson.key if panel.lesson is not None else None,
            card=panel.index if panel.lesson is not None else 0,
            ghosts=tuple(ghosts.names()) if ghosts is not None else (),
        )

    def save(self, slot: int) -> None:
        """Ask for a name and save the view as scene ``slot`` (Ctrl+Shift+``slot``)."""
        view = self.ctrl.view()
        old = self.shelf.get(slot)
        default = old.name if old is not None else phase_text(view)
        name, ok = QInputDialog.getText(
            self.window,
            tr("Save scene {n}").format(n=slot),
            tr("Name of scene {n} (the key {n} brings it back):").format(n=slot),
            QLineEdit.EchoMode.Normal,
            default,
        )
        name = " ".join(name.split())[:120] if ok else ""
        if not name:
            return
        self.shelf.put(self.capture(slot, name))
        self.window.statusBar().showMessage(
            tr("Scene {n} saved: {name}. Press {n} to come back to it.").format(n=slot, name=name),
            8000,
        )

    def saveNext(self) -> None:
        """View → Presenter tools → Save scene…: save under the lowest free number."""
        slot = self.shelf.free_slot()
        if slot is None:
            self.window.statusBar().showMessage(
                tr("All nine scenes are used: Ctrl+Shift+1 … 9 replaces one."), 8000
            )
            return
        self.save(slot)

    # ------------------------------------------------------------------------- jumping
    def jump(self, slot: int) -> None:
        """Bring back scene ``slot`` (the key ``slot``); say what could not come back."""
        mark = self.shelf.get(slot)
        w = self.window
        if mark is None:
            w.statusBar().showMessage(
                tr("No scene {n} yet: Ctrl+Shift+{n} saves the view as scene {n}.").format(n=slot),
                6000,
            )
            return
        w.actions.play.setChecked(False)
        w.actions.fast_forward.setChecked(False)  # training stops: the scene holds still
        if w.startScreenShown():
            w.showExplorer()
        notes = [self._lesson_card(mark), self._iteration(mark), self._ghosts(mark)]
        w.selection.select(t=min(mark.t, max(1, self.ctrl.view().T)))
        w.showView(mark.tab)
        canvas = w.graph.canvas
        current = canvas.transform().m11()
        if current > 0 and abs(mark.zoom / current - 1) > 0.01:
            canvas.zoomBy(mark.zoom / current)
        text = tr("Scene {n}: {name}").format(n=slot, name=mark.name)
        notes = [note for note in notes if note]
        w.statusBar().showMessage(" · ".join([text, *notes]), 10000)

    def _lesson_card(self, mark: Bookmark) -> str:
        """Show the scene's lesson card if that lesson is open; else say where it was."""
        panel = self.window.lesson_panel
        if mark.lesson is None:
            return ""
        if panel.lesson is None or panel.lesson.key != mark.lesson:
            return tr("its card is in lesson '{key}', which is not open").format(key=mark.lesson)
        card = min(mark.card, len(panel.lesson.cards) - 1)
        while panel.index > card:
            panel.back()
        while panel.index < card and not self.ctrl.running:
            before = panel.index
            panel.next()
            if panel.index == before:
                break
        return ""

    def _iteration(self, mark: Bookmark) -> str:
        """Show the scene's iteration, revealed as far as it was when that can be done."""
        ctrl = self.ctrl
        view = ctrl.view()
        if mark.iteration != view.iteration:
            # A past iteration is recomputed from the history; the live run shows the last
            # finished iteration or the one being stepped through.
            ctrl.scrub(mark.iteration if 1 <= mark.iteration < view.completed else None)
            view = ctrl.view()
            if ctrl.busy:
                return ""  # a long replay computes in the background and shows when done
            if view.iteration != mark.iteration:
                return tr("iteration {n} is not in this run").format(n=mark.iteration)
        if view.phase is Phase.IDLE or view.scrubbing:
            return ""  # only the iteration being stepped through can be revealed step by step
        target = reveal_rank(mark.phase, mark.cursor, view.T)
        for _ in range(2 * view.T + 4):
            view = ctrl.view()
            now = reveal_rank(view.phase.name.lower(), view.cursor, view.T)
            if now == target or ctrl.busy:
                break
            if now < target and view.phase is not Phase.UPDATE:
                ctrl.step_forward()
            elif now > target:
                ctrl.step_back()
            else:
                break
        return ""

    def _ghosts(self, mark: Bookmark) -> str:
        """Say which of the scene's ghosts are no longer pinned."""
        layer = getattr(self.window, "ghosts", None)
        pinned = set(layer.names()) if layer is not None else set()
        missing = [name for name in mark.ghosts if name not in pinned]
        if not missing:
            return ""
        return tr("ghost {names} of this scene is no longer pinned").format(
            names=", ".join(missing)
        )

    # ------------------------------------------------------------------------- files, menu
    def bookmarks(self) -> tuple[Bookmark, ...]:
        """The scenes, for File → Save session."""
        return self.shelf.bookmarks

    def fileOpened(self, path: str) -> None:
        """Take the scenes of the session file just opened (none in older files)."""
        try:
            marks = load_bookmarks(path)
        except SessionFileError as exc:
            self.window.statusBar().showMessage(tr_error(exc), 10000)
            marks = ()
        self.shelf.replace_all(marks)

    def _rebuild_menu(self) -> None:
        if not shiboken6.isValid(self.scenes_menu):
            self.shelf.remove_listener(self._rebuild_menu)
            return
        self.scenes_menu.clear()
        marks = self.shelf.bookmarks
        for mark in marks:
            name = mark.name.replace("&", "&&")
            action = self.scenes_menu.addAction(f"&{mark.slot}  {name}\t{mark.slot}")
            action.triggered.connect(lambda _=False, slot=mark.slot: self.jump(slot))
        if not marks:
            empty = self.scenes_menu.addAction(tr("No scenes yet (Ctrl+Shift+1 … 9 saves one)"))
            empty.setEnabled(False)
        self.forget_action.setEnabled(bool(marks))


def install_bookmarks(window: QMainWindow) -> SceneBookmarks:
    """Give ``window`` the scene bookmarks (``window.bookmarks``): the keys 1 … 9 and
    Ctrl+Shift+1 … 9, their entries in View → Presenter tools, and their place in session
    files."""
    scenes = SceneBookmarks(window)
    menu = presenter_menu(window)
    menu.addSeparator()
    menu.addAction(scenes.save_action)
    menu.addMenu(scenes.scenes_menu)
    menu.addAction(scenes.forget_action)
    window.session_files.bookmarks = scenes.bookmarks
    window.session_files.sigLoaded.connect(scenes.fileOpened)
    window.extra_shortcut_rows = [
        *getattr(window, "extra_shortcut_rows", []),
        ("1 … 9", tr("Go back to the scene saved under that number")),
        ("Ctrl+Shift+1 … 9", tr("Save the view as a scene under that number")),
    ]
    window.bookmarks = scenes
    return scenes
