"""The lesson side panel: a guided lesson's cards, one at a time, driving the session.

A thin view over ``explorer.lessons``: the panel shows the title, the expected outcome and
the current card, and "Next" performs the card's action on the ``SessionController`` through
``apply_action``; the panel subscribes itself to the window's ``SessionEvents`` (Next waits
while a run card trains). A card's action belongs to the card: it runs when the card is shown for the
first time (card 1 when the lesson opens), so the text can describe what is on screen. "Back"
only shows earlier text again; going forward over a card already seen does not repeat its
action, because a session cannot be rewound.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.lessons import Lesson, apply_action, normalize_language
from explorer.ui.i18n import tr
from explorer.ui.question_card import QuestionCard
from explorer.ui.session_events import SessionEvents
from explorer.ui.theme import font

# Card text is read from the back of the room: larger than the rest of the interface.
CARD_SCALE = 1.35
TITLE_SCALE = 1.5


def _rich_label(scale: float, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setFont(font(scale, bold=bold))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class LessonPanel(QWidget):
    """Title, expected outcome, the current card, Back / Next and "card k of n".

    Emits ``sigShowView(name)`` when a card brings a view forward, ``sigConfigChanged(config)``
    after a card (or opening the lesson) resets the session with a new config, and
    ``sigCloseRequested`` for "Close lesson".
    """

    sigShowView = Signal(str)
    sigConfigChanged = Signal(object)  # SessionConfig
    sigCloseRequested = Signal()
    sigCardChanged = Signal(int)  # 0-based index of the card shown
    sigVerifyRequested = Signal()  # the Verify gradients button (the inspector is hidden)

    # Multiplies the iterations of "run" cards; tests set it to a few percent.
    run_scale: float = 1.0

    def __init__(
        self, events: SessionEvents, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.ctrl = events.controller
        self.language = normalize_language(language)
        self.lesson: Lesson | None = None
        self.index = 0
        self._applied = -1  # the last card whose action has been performed

        self.title = _rich_label(TITLE_SCALE, bold=True)
        self.title.setObjectName("lessonTitle")
        # The outcome is stated in full on card 1, then folds to its caption so the card
        # stays in view; the caption unfolds it again.
        self.expected_caption = QToolButton()
        self.expected_caption.setObjectName("lessonOutcomeToggle")
        self.expected_caption.setFont(font(1.0, bold=True))
        self.expected_caption.setCheckable(True)
        self.expected_caption.setChecked(True)
        self.expected_caption.setAutoRaise(True)
        self.expected_caption.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.expected_caption.toggled.connect(self._fold_outcome)
        self.expected = _rich_label(1.0)
        self.expected.setObjectName("lessonExpected")
        self._fold_outcome(True)
        outcome = QFrame()
        outcome.setObjectName("lessonOutcome")
        outcome.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(outcome)
        box.setContentsMargins(10, 8, 10, 8)
        box.addWidget(self.expected_caption)
        box.addWidget(self.expected)

        self.card = _rich_label(CARD_SCALE)
        self.card.setObjectName("lessonCard")
        card_page = QWidget()
        # Title, outcome and card scroll together: word-wrapped labels get their full
        # height-for-width only inside the scroll area's resizable page.
        card_layout = QVBoxLayout(card_page)
        card_layout.setContentsMargins(0, 0, 4, 4)
        card_layout.setSpacing(10)
        card_layout.addWidget(self.title)
        card_layout.addWidget(outcome)
        card_layout.addWidget(self.card)
        self.question = QuestionCard(self.ctrl)  # predict, then reveal
        self.question.sigLockRequested.connect(self.next)
        card_layout.addWidget(self.question)
        card_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(card_page)

        self.progress = QLabel()
        self.progress.setObjectName("lessonProgress")
        self.progress.setFont(font(1.1, bold=True))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setFont(font(1.0))
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.close_button = QPushButton()
        for button in (self.back_button, self.next_button, self.close_button):
            button.setFont(font(1.15, bold=button is self.next_button))
            button.setMinimumHeight(40)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.sigCloseRequested)
        # The inspector makes room for the lesson, so its Verify gradients button is here too.
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("lessonVerify")
        self.verify_button.clicked.connect(self.sigVerifyRequested)
        self.verdict = QLabel()
        self.verdict.setObjectName("lessonVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.verify_button)
        layout.addWidget(self.verdict)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.close_button)
        self.setMinimumWidth(320)

        events.sigRunningChanged.connect(self._running_changed)
        self._retranslate()
        self._render()

    @property
    def applied(self) -> int:
        """The last card (0-based) whose action has been performed; -1 before card 1's."""
        return self._applied

    # ------------------------------------------------------------------------- lessons
    def openLesson(self, lesson: Lesson) -> None:
        """Reset the session to the lesson's config and show (and perform) card 1."""
        self.lesson = lesson
        self.ctrl.reset(lesson.config)
        self.sigConfigChanged.emit(self.ctrl.config)
        self._applied = -1
        self.question.resetAnswers()
        self._show(0)

    def resumeLesson(
        self, lesson: Lesson, index: int, applied: int, outcome_shown: bool = True
    ) -> None:
        """Show ``lesson`` at card ``index`` as another panel left it: no reset, and no card
        action is performed again (cards up to ``applied`` have had theirs)."""
        self.lesson = lesson
        self.index = max(0, min(index, len(lesson.cards) - 1))
        self._applied = applied
        self.expected_caption.setChecked(outcome_shown)
        self._render()

    def closeLesson(self) -> None:
        """Forget the lesson (the session keeps its state)."""
        self.lesson = None
        self.index = 0
        self._applied = -1
        self._render()

    def next(self) -> None:
        """Show the next card and, the first time it is shown, perform its action."""
        if self.lesson is None or self.index + 1 >= len(self.lesson.cards) or self.ctrl.running:
            return
        self.question.commit()
        self._show(self.index + 1)

    def back(self) -> None:
        """Show the previous card's text again (its action is not repeated)."""
        if self.lesson is None or self.index == 0:
            return
        self.index -= 1
        self._render()
        self.sigCardChanged.emit(self.index)

    def setLanguage(self, language: str) -> None:
        """Show the lesson texts in ``language`` ("en", "zh_CN", "zh_TW" or a locale name)."""
        self.language = normalize_language(language)
        self._render()

    def _show(self, index: int) -> None:
        assert self.lesson is not None
        if index == 0 or (index == 1 and self._applied == 0):
            self.expected_caption.setChecked(index == 0)
        self.index = index
        self._render()
        if index > self._applied:
            self._applied = index
            action = self.lesson.cards[index].action
            view = apply_action(action, self.ctrl, run_scale=self.run_scale)
            if action is not None and action.kind == "reset":
                self.sigConfigChanged.emit(self.ctrl.config)
            if view is not None:
                self.sigShowView.emit(view)
            self.question.stepped(index)
        self._update_buttons()
        self.sigCardChanged.emit(self.index)

    def showVerdict(self, text: str) -> None:
        """Show the last gradient check's verdict under the Verify gradients button."""
        self.verdict.setText(text)
        self.verdict.setVisible(bool(text))

    # ------------------------------------------------------------------------- display
    def retranslate(self) -> None:
        """Re-read the interface strings (after the interface language changed)."""
        self._retranslate()
        self._render()

    def _retranslate(self) -> None:
        self.expected_caption.setText(tr("What you will see"))
        self.expected_caption.setToolTip(tr("Show or hide the expected outcome"))
        self.back_button.setText(tr("◀ Back"))
        self.back_button.setToolTip(tr("The previous card (Page Up)"))
        self.next_button.setText(tr("Next ▶"))
        self.next_button.setToolTip(tr("The next card, and what it does (Page Down)"))
        self.close_button.setText(tr("Close lesson"))
        self.close_button.setToolTip(tr("Leave the lesson and keep exploring"))
        self.verify_button.setText(tr("Verify gradients"))
        self.verify_button.setToolTip(
            tr(
                "Compare the engine's backpropagated gradient with central finite differences "
                "on a small batch, for the selected model"
            )
        )

    def _render(self) -> None:
        lesson = self.lesson
        self.question.showCard(lesson, self.index, self.language)
        if lesson is None:
            self.title.setText("")
            self.expected.setText("")
            self.card.setText(tr("No lesson is open. Choose one from the Lessons menu."))
            self.progress.setText("")
            self._update_buttons()
            return
        lang = self.language
        self.title.setText(f"{lesson.order}. {lesson.title_in(lang)}")
        self.expected.setText(lesson.expected_in(lang))
        self.card.setText(f"<p style='line-height:135%'>{lesson.text(self.index, lang)}</p>")
        self.progress.setText(tr("Card {k} of {n}").format(k=self.index + 1, n=len(lesson.cards)))
        self.scroll.verticalScrollBar().setValue(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        lesson = self.lesson
        running = self.ctrl.running
        last = lesson is None or self.index + 1 >= len(lesson.cards)
        self.back_button.setEnabled(lesson is not None and self.index > 0)
        self.next_button.setEnabled(lesson is not None and not last and not running)
        if lesson is not None and running:
            self.status.setText(tr("Training… Next is available when the run ends."))
        elif lesson is not None and last:
            self.status.setText(tr("End of the lesson."))
        else:
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))

    def _fold_outcome(self, shown: bool) -> None:
        self.expected.setVisible(shown)
        self.expected_caption.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _running_changed(self, running: bool) -> None:
        self._update_buttons()
