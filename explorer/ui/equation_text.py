"""Equations drawn term by term, each term a hover target linked to the graph.

The view renders the engine's :class:`~explorer.engine.description.Equation` s and knows no
cell: each term's symbol and its number are one anchor ("term:k"), so hovering either
reports the graph ids the term comes from (``Term.sources`` and the weight it multiplies
by), and :meth:`EquationText.showSources` marks the terms that come from given ids.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from explorer.engine.description import Equation, Term
from explorer.ui.theme import font

HREF = "term:"
NBSP = "\u00a0"
WORD_JOINER = "\u2060"
# Hovered or linked terms: a warm fill that reads on a projector, plus bold (not colour
# alone) so the mark survives a washed-out beam and colour-blind eyes.
MARK = QColor("#FFD966")
PARAGRAPH_STYLE = "margin-top:0px; margin-bottom:8px;"
TERM_STYLE = "color:#1A1A1A; text-decoration:none;"
# Candidates as a letter with a raised tilde: a combining tilde (c̃) was drawn on the next
# line by Qt's rich text, leaving "i c" on this one.
TILDED = {"c̃": "c<sup>~</sup>", "h̃": "h<sup>~</sup>"}


@dataclass(frozen=True)
class Block:
    """One piece of the text: an equation (with an optional heading), rich ``text`` at the
    equations' size, or a smaller ``note``."""

    equation: Equation | None = None
    heading: str = ""
    note: str = ""
    text: str = ""


def term_ids(term: Term) -> tuple[str, ...]:
    """The graph ids a term comes from: its sources, then the weight it multiplies by."""
    return tuple(dict.fromkeys((*term.sources, *((term.weight,) if term.weight else ()))))


def readable(html: str) -> str:
    """The engine's HTML with the candidates' tildes raised (see ``TILDED``)."""
    for symbol, text in TILDED.items():
        html = html.replace(symbol, text)
    return html


def unbroken(html: str) -> str:
    """``html`` with its spaces (outside tags) made non-breaking and a word joiner before
    each "[" (Qt breaks "W<sup>(1←)</sup>[:, 1]" before the bracket): a term wraps whole."""

    def glue(text: str) -> str:
        return text.replace(" ", NBSP).replace("[", WORD_JOINER + "[")

    return re.sub(r"(^|>)([^<]*)", lambda m: m.group(1) + glue(m.group(2)), html)


def operators_hold(line: str) -> str:
    """Keep "+", "−" and "·" on the line of the term after them ("a +" never ends a line),
    and an activation's parentheses with what they enclose ("tanh(" never ends one)."""
    line = re.sub(r" ([+−·]) ", f" \\1{NBSP}", line)
    return line.replace("( ", "(" + NBSP).replace(" )", NBSP + ")")


class EquationText(QTextBrowser):
    """Read-only rich text of equations whose terms are hover targets.

    ``sigTermHovered(ids)``: the ids of the term under the mouse, or the one Tab moved the
    keyboard focus to (``term_ids``), () when the mouse leaves the terms or the text changes
    under it. ``text()`` is the HTML last shown.
    """

    sigTermHovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equationText")
        self.setOpenLinks(False)
        self.setFont(font(1.15))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QTextBrowser { background: #FFFDF5; border: 1px solid #E0D8C0; }")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self._blocks: tuple[Block, ...] = ()
        self._terms: list[Term] = []
        self._marked: set[int] = set()
        self._hovered = -1
        self._html = ""
        self._focused = False
        self.max_height = 420
        # The tallest height asked for while one kind of node (the focus without its
        # step) stays selected at this width: stepping across the forward/backward
        # boundary swaps a four-line equation for a two-line one, and a box that shrank
        # and grew each step made everything below it jump.
        self._kind = ""
        self._held_height = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    # ------------------------------------------------------------------------- content
    def setBlocks(self, blocks: Sequence[Block], focus: str = "") -> None:
        """Show ``blocks``; marks and hover start afresh. ``focus``: the node whose equation
        is scrolled into view (its last line at the bottom, the ones it reads above it)."""
        blocks = tuple(blocks)
        if blocks == self._blocks:
            return
        self._blocks = blocks
        self._marked = set()  # the new text is drawn plain
        if self._hovered >= 0:  # the hovered term is gone: whoever lit its sources clears
            self._hovered = -1
            self.sigTermHovered.emit(())
        kind = focus.split("@")[0]
        if kind != self._kind or not kind:
            self._kind, self._held_height = kind, 0
        self._render()
        nodes = [b.equation.node if b.equation is not None else "" for b in blocks]
        self._focused = focus in nodes
        if self._focused:
            cursor = QTextCursor(self.document().findBlockByNumber(nodes.index(focus)))
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def terms(self) -> list[Term]:
        """The terms shown, in the order of their anchors ("term:k" is ``terms()[k]``)."""
        return list(self._terms)

    def equations(self) -> list[Equation]:
        """The equations shown, top to bottom."""
        return [b.equation for b in self._blocks if b.equation is not None]

    def text(self) -> str:
        """The HTML last rendered."""
        return self._html

    def marked(self) -> set[int]:
        """Indices (into :meth:`terms`) of the terms drawn emphasised."""
        return set(self._marked)

    def showSources(self, ids: Collection[str]) -> None:
        """Emphasise the terms that come from any of ``ids`` (node or edge ids, weight
        names); an empty collection clears the marks."""
        wanted = set(ids)
        self._mark({k for k, term in enumerate(self._terms) if wanted & set(term_ids(term))})

    def _mark(self, marked: set[int]) -> None:
        """Draw the terms ``marked`` emphasised and the others plain, in place: the text is
        not laid out again, so the keyboard's place among the terms is kept."""
        if marked == self._marked:
            return
        changed = marked ^ self._marked
        self._marked = marked
        for k, start, end in self._anchor_spans():
            if k not in changed:
                continue
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            style = QTextCharFormat()
            on = k in marked
            style.setBackground(QBrush(MARK) if on else QBrush(Qt.GlobalColor.transparent))
            style.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
            cursor.mergeCharFormat(style)

    def _anchor_spans(self) -> list[tuple[int, int, int]]:
        """(term index, start, end) of every run of text that belongs to a term's anchor."""
        spans = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                href = fragment.charFormat().anchorHref()
                if href.startswith(HREF):
                    start = fragment.position()
                    spans.append((int(href[len(HREF) :]), start, start + fragment.length()))
                it += 1
            block = block.next()
        return spans

    def drawnMarks(self) -> set[int]:
        """The terms drawn with the mark's background, read back from the laid-out text."""
        cursor = QTextCursor(self.document())
        marked = set()
        for k, start, _end in self._anchor_spans():
            cursor.setPosition(start + 1)
            if cursor.charFormat().background().color() == MARK:
                marked.add(k)
        return marked

    def _render(self) -> None:
        self._terms = []
        paragraphs: list[str] = []
        for block in self._blocks:
            lines = [f"<small>{block.heading}</small>"] if block.heading else []
            if block.equation is not None:
                lines += self._equation_lines(block.equation)
            lines += [block.text] if block.text else []
            lines += [f"<small>{block.note}</small>"] if block.note else []
            # One paragraph per block, a little apart, so equations read one by one.
            paragraphs.append(f'<p style="{PARAGRAPH_STYLE}">' + "<br>".join(lines) + "</p>")
        self._html = "".join(paragraphs)
        scroll = self.verticalScrollBar().value()
        self.setHtml(self._html)
        self.verticalScrollBar().setValue(scroll)
        self.updateGeometry()

    def _equation_lines(self, eq: Equation) -> tuple[str, str, str]:
        first = len(self._terms)
        self._terms.extend(eq.terms)
        if eq.factor is not None:
            self._terms.append(eq.factor)

        def wrap(k: int, text: str) -> str:
            index = first + k
            return f'<a href="{HREF}{index}" style="{TERM_STYLE}">{unbroken(readable(text))}</a>'

        symbols, numbers, value = eq.parts(wrap)
        return operators_hold(readable(symbols)), operators_hold(numbers), value

    # ------------------------------------------------------------------------- geometry
    def sizeHint(self) -> QSize:
        """As tall as the text (up to ``max_height``), and never shorter than it was for the
        same kind of node at this width (``_held_height``); the layout may give it less, and
        it scrolls, so the bars below keep their room."""
        doc = self.document()
        doc.setTextWidth(self.viewport().width())
        frame = 2 * self.frameWidth()
        height = min(self.max_height, int(doc.size().height()) + frame)
        self._held_height = height = max(height, self._held_height)
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        """Three lines: one equation's first line and its numbers stay in view."""
        return QSize(super().minimumSizeHint().width(), 3 * self.fontMetrics().lineSpacing())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._held_height = 0  # the text wraps anew: another height
            self.updateGeometry()
        if self._focused:
            self.ensureCursorVisible()  # the selected node's equation stays in view

    def termRect(self, index: int) -> QRect:
        """Where term ``index`` is drawn on its first line, in the viewport's coordinates
        (empty if nowhere). A term is several fragments (italic, subscripts): their union."""
        href = f"{HREF}{index}"
        rect = QRect()
        cursor = QTextCursor(self.document())
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().anchorHref() == href:
                    for position in (fragment.position(), fragment.position() + fragment.length()):
                        cursor.setPosition(position)
                        caret = self.cursorRect(cursor)
                        if rect.isNull() or caret.top() == rect.top():
                            rect = caret if rect.isNull() else rect.united(caret)
                it += 1
            block = block.next()
        return rect

    # ------------------------------------------------------------------------- hover
    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab / Shift+Tab: the next term takes the keyboard focus and counts as hovered."""
        moved = super().focusNextPrevChild(next)
        if moved and self.hasFocus() and self.textCursor().hasSelection():
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.textCursor().selectionStart() + 1)
            self._hover(cursor.charFormat().anchorHref())
        return moved

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        self._hover(self.anchorAt(event.position().toPoint()))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._hover("")
        return super().viewportEvent(event)

    def _hover(self, href: str) -> None:
        index = int(href[len(HREF) :]) if href.startswith(HREF) else -1
        if index >= len(self._terms):
            index = -1
        if index == self._hovered:
            return
        self._hovered = index
        ids = term_ids(self._terms[index]) if index >= 0 else ()
        self._mark({index} if index >= 0 else set())
        self.sigTermHovered.emit(ids)

    def hoverPoint(self, index: int) -> QPoint:
        """A point inside term ``index`` (viewport coordinates), for pointing at it."""
        return self.termRect(index).center()
