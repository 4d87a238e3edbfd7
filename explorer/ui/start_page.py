"""The start screen: the lessons as large cards, and "Explore freely".

Shown over the explorer (a page of the window's QStackedWidget) at start-up while the
"show at start" setting is on, and again from Help → Start screen.
"""

from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer import APP_NAME
from explorer.lessons import Lesson, normalize_language
from explorer.ui.elided_label import ElidedLabel
from explorer.ui.i18n import tr
from explorer.ui.theme import font

SHOW_AT_START_KEY = "start/show_at_start"
LAST_LESSON_KEY = "lessons/last"
COLUMNS = 2

_SUB = str.maketrans("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-−=()inᵀT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁱⁿᵀᵀ")
_SUB_CHARS = set("0123456789+-−=()aehijklmnoprstuvx")
_SUP_CHARS = set("0123456789+-−=()inᵀT")


def plain_line(html: str) -> str:
    """One line of plain text from a lesson's rich text: ``W<sub>hh</sub>`` → ``Wₕₕ``.

    Sub- and superscripts become Unicode ones where every character has one, so the
    elided one-line summary keeps its meaning; other tags are dropped.
    """

    def sub(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner.translate(_SUB) if set(inner) <= _SUB_CHARS else f"_{inner}"

    def sup(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner.translate(_SUP) if set(inner) <= _SUP_CHARS else f"^{inner}"

    text = re.sub(r"<sub>(.*?)</sub>", sub, html, flags=re.IGNORECASE)
    text = re.sub(r"<sup>(.*?)</sup>", sup, text, flags=re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(unescape(text).split())


class LessonCard(QFrame):
    """One clickable lesson: number, title, and the expected outcome in one line.

    Click, Enter or Space opens it; Tab and the arrow keys move between cards.
    """

    sigChosen = Signal(str)

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.setObjectName("lessonCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("highlighted", False)
        self.number = QLabel(str(lesson.order))
        self.number.setObjectName("lessonNumber")
        self.number.setFont(font(2.2, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setFixedWidth(QFontMetrics(self.number.font()).horizontalAdvance("00") + 12)
        self.title = QLabel()
        self.title.setFont(font(1.3, bold=True))
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = ElidedLabel()
        self.summary.setFont(font(1.0))
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.summary)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 14, 10)
        row.setSpacing(12)
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def setLanguage(self, language: str) -> None:
        """Show the title and outcome in ``language``."""
        self.title.setText(self.lesson.title_in(language))
        self.summary.setFullText(plain_line(self.lesson.expected_in(language)))
        self.setAccessibleName(f"{self.lesson.order}. {plain_line(self.lesson.title_in(language))}")

    def setHighlighted(self, on: bool) -> None:
        """Mark this card as the suggested one."""
        self.setProperty("highlighted", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.sigChosen.emit(self.lesson.key)
            return
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        # The window's Enter, Space and arrow shortcuts (step, play) would take these keys
        # before the focused card sees them: the card claims them while it has the focus.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in CARD_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sigChosen.emit(self.lesson.key)
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.focusPreviousChild()
            return
        super().keyPressEvent(event)


CARD_KEYS = (
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Space,
    Qt.Key.Key_Down,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Left,
)

STYLE = """
QFrame#lessonCard {
    border: 1px solid palette(mid); border-radius: 8px; background: palette(base);
}
QFrame#lessonCard:hover { border: 2px solid #56B4E9; }
QFrame#lessonCard[highlighted="true"] { border: 3px solid #0072B2; }
QFrame#lessonCard:focus { border: 3px solid #E69F00; }
QLabel#lessonNumber { color: #0072B2; }
"""


class StartPage(QWidget):
    """The lessons in order as cards, "Explore freely", and "Show this screen at start"."""

    sigLessonChosen = Signal(str)  # lesson key
    sigExploreChosen = Signal()
    sigShowAtStartChanged = Signal(bool)

    def __init__(
        self, lessons: list[Lesson], language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setStyleSheet(STYLE)
        self.title = QLabel(APP_NAME)
        self.title.setFont(font(2.6, bold=True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blurb = QLabel()
        self.blurb.setFont(font(1.25))
        self.blurb.setWordWrap(True)
        self.blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose = QLabel()
        self.choose.setFont(font(1.15, bold=True))

        self.cards: dict[str, LessonCard] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        rows = (len(lessons) + COLUMNS - 1) // COLUMNS
        for i, lesson in enumerate(lessons):
            card = LessonCard(lesson)
            card.sigChosen.connect(self.sigLessonChosen)
            # Column-major: lessons 1–5 down the left, 6–10 down the right, in reading order.
            grid.addWidget(card, i % rows, i // rows)
            self.cards[lesson.key] = card
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)

        self.explore = QPushButton()
        self.explore.setObjectName("exploreFreely")
        self.explore.setFont(font(1.4, bold=True))
        self.explore.setMinimumHeight(56)
        self.explore.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.explore.clicked.connect(self.sigExploreChosen)
        self.show_at_start = QCheckBox()
        self.show_at_start.setFont(font(1.0))
        self.show_at_start.setChecked(True)
        self.show_at_start.toggled.connect(self.sigShowAtStartChanged)
        bottom = QHBoxLayout()
        bottom.addWidget(self.explore, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.show_at_start)

        content = QWidget()
        content.setMaximumWidth(1500)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(24, 16, 24, 16)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.blurb)
        inner.addSpacing(8)
        inner.addWidget(self.choose)
        inner.addLayout(grid)
        inner.addSpacing(8)
        inner.addLayout(bottom)
        inner.addStretch(1)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(content, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.highlighted: str | None = None
        self.retranslate()
        self.setLanguage(language)

    def retranslate(self) -> None:
        """Re-read the interface strings."""
        self.blurb.setText(
            tr(
                "Unroll a recurrent network in time, run the forward pass left to right, and "
                "watch the gradient flow back right to left: shrinking in a vanilla RNN, "
                "carried along the cell state in an LSTM."
            )
        )
        self.choose.setText(tr("Start a lesson:"))
        self.explore.setText(tr("Explore freely ▶"))
        self.explore.setToolTip(tr("Go to the explorer with the default run"))
        self.show_at_start.setText(tr("Show this screen at start"))

    def setLanguage(self, language: str) -> None:
        """Show the lesson titles and outcomes in ``language``."""
        language = normalize_language(language)
        for card in self.cards.values():
            card.setLanguage(language)

    def setHighlighted(self, key: str | None) -> None:
        """Mark the suggested lesson (and give it the keyboard focus when shown)."""
        self.highlighted = key if key in self.cards else None
        for k, card in self.cards.items():
            card.setHighlighted(k == self.highlighted)

    def focusHighlighted(self) -> None:
        """Put the keyboard focus on the suggested lesson, so Enter opens it."""
        card = self.cards.get(self.highlighted or "")
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    def sizeHint(self) -> QSize:
        return QSize(1200, 800)
