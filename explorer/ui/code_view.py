"""The "Code" tab: a short NumPy implementation of the selected cell beside the animation,
with the lines the step-through is executing lit up.

The listing is ``explorer.teaching.code_listing`` (the same lines the tests run against the
engine and the exported script contains), for the run's activation, loss, optimizer and
clipping. Stepping forward lights the cell's forward step (and the zero state at t = 1);
the loss, each backward step (and the gradient's start at t = T) and the update follow.
The text takes no keyboard focus, so →, ← and Enter keep stepping while it is on show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from explorer.session.controller import SessionController
from explorer.session.snapshot import Phase, SessionView
from explorer.teaching.code_listing import Listing, highlighted_lines, listing
from explorer.ui.i18n import tr
from explorer.ui.selection import Selection
from explorer.ui.theme import BASE_POINT_SIZE, cell_label, font

# Read from the back of a room: a little larger than the interface text.
CODE_SCALE = 1.15
HIGHLIGHT = "#FFE08A"  # a warm band that dark text stays readable on
HIGHLIGHT_EDGE = "#E69F00"


def code_font(scale: float = CODE_SCALE) -> QFont:
    """The system's fixed-width font at ``scale`` × the interface's base size."""
    f = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSizeF(BASE_POINT_SIZE * scale)
    return f


def phase_caption(view: SessionView) -> str:
    """What the lit lines are doing, e.g. "Forward step t = 3 of 20"."""
    t, T = view.cursor, view.T
    if view.phase is Phase.FORWARD:
        return tr("Forward step t = {t} of {T}").format(t=t, T=T)
    if view.phase is Phase.LOSS:
        return tr("The loss over all {T} steps").format(T=T)
    if view.phase is Phase.BACKWARD:
        return tr("Backward step t = {t} of {T}").format(t=t, T=T)
    if view.phase is Phase.UPDATE:
        return tr("The weight update")
    return tr("Step through an iteration (→) to see which lines run")


class CodeView(QWidget):
    """The listing of the selected cell, its executing lines highlighted."""

    def __init__(
        self, controller: SessionController, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self.ctrl = controller
        self.selection = selection
        self.listing: Listing | None = None
        self.lit: set[int] = set()
        self._key: tuple | None = None
        self._scale = 1.0
        self._view: SessionView | None = None
        self.caption = QLabel()
        self.caption.setObjectName("codeCaption")
        self.caption.setFont(font(1.15, bold=True))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("codeText")
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the step keys stay the window's
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor.setFont(code_font())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.editor, 1)
        selection.sigChanged.connect(self._refresh)

    # ------------------------------------------------------------------------- scale
    def textScale(self) -> float:
        """The code's size factor (presentation mode multiplies it)."""
        return self._scale

    def setTextScale(self, factor: float) -> None:
        """Draw the code ``factor`` × its normal size."""
        self._scale = float(factor)
        self.editor.setFont(code_font(CODE_SCALE * self._scale))
        self.caption.setFont(font(1.15 * self._scale, bold=True))

    # ------------------------------------------------------------------------- frames
    def setView(self, view: SessionView) -> None:
        """Show the listing of the selected cell with the lines ``view``'s phase runs."""
        self._view = view
        if self.isVisible():
            self._refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh()

    def cell(self) -> str:
        """The cell whose code is shown: the selected one, else the run's first."""
        cells = self.ctrl.config.cells
        return self.selection.cell if self.selection.cell in cells else cells[0]

    def _refresh(self) -> None:
        view = self._view or self.ctrl.view()
        config = self.ctrl.config
        cell = self.cell()
        loss = getattr(self.ctrl.session.task, "loss", "mse")
        key = (cell, config.activation, loss, config.optimizer, config.clipping, config.forget_gate)
        if key != self._key:
            self._key = key
            self.listing = listing(
                cell,
                activation=config.activation,
                loss=loss,
                optimizer=config.optimizer,
                clipping=config.clipping,
                forget_gate=config.forget_gate,
            )
            self.editor.setPlainText(self.listing.source)
        assert self.listing is not None
        self.lit = highlighted_lines(self.listing, view.phase, view.cursor, view.T)
        self.caption.setText(f"{tr(cell_label(cell))} — {phase_caption(view)}")
        self._highlight()

    def _highlight(self) -> None:
        selections = []
        document = self.editor.document()
        for n in sorted(self.lit):
            block = document.findBlockByNumber(n)
            lit = QTextEdit.ExtraSelection()
            lit.cursor = QTextCursor(block)
            lit.format.setBackground(QColor(HIGHLIGHT))
            lit.format.setForeground(QColor("black"))
            lit.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selections.append(lit)
        self.editor.setExtraSelections(selections)
        if self.lit:
            # Bring the lit lines into the middle of the view (first and last, if they fit).
            first, last = min(self.lit), max(self.lit)
            cursor = QTextCursor(document.findBlockByNumber(last))
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()
            cursor = QTextCursor(document.findBlockByNumber(first))
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()

    def litText(self) -> list[str]:
        """The highlighted source lines, in order (what a reader sees lit)."""
        if self.listing is None:
            return []
        return [self.listing.lines[n] for n in sorted(self.lit)]


def view_menu(window: QMainWindow) -> QMenu:
    """The window's View menu, found among the menu bar's children.

    ``QAction.menu()`` is not used: the wrapper PySide returns for it owns the menu, and
    dropping it deleted the menu.
    """
    for menu in window.menuBar().findChildren(QMenu):
        if menu.title() == tr("&View"):
            return menu
    raise LookupError("the window has no View menu")


def install_code_view(window: QMainWindow) -> CodeView:
    """Add the "Code" tab to ``window``'s views and View → Code (Ctrl+K) to bring it
    forward; the tab follows the run's frames. Kept as ``window.code_view``."""
    view = CodeView(window.ctrl, window.selection)
    window.tabs.addTab(view, tr("Code"))
    window.ctrl.sigViewChanged.connect(view.setView)
    view.setView(window.ctrl.view())
    action = QAction(tr("&Code beside the animation"), window)
    action.setObjectName("showCode")
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.setStatusTip(tr("Show the NumPy code of the selected model, the running lines lit"))
    action.triggered.connect(lambda _checked=False: window.tabs.setCurrentWidget(view))
    window.addAction(action)
    menu = view_menu(window)
    menu.insertAction(menu.actions()[0], action)
    menu.insertSeparator(menu.actions()[1])
    window.code_view = view
    window.show_code_action = action
    return view
