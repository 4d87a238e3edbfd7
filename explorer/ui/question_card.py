"""Predict, then reveal, in the lesson panel: the question of a card, the locked guess, and
the measured truth next to it.

A card's ``question`` (``explorer.teaching.questions``) is shown under its text: choices as
radio rows (↑/↓ pick one, Enter locks it in and goes on) or a number field (type, Enter).
Locking the guess moves to the next card, whose action is the step that answers the
question; once that step has finished the answer is measured on the run and shown beside
the guess, and on the last card the lesson's predictions are summarised. Answers stay in
memory with the run's controller (a language switch keeps them); nothing is sent anywhere.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.lessons import Lesson
from explorer.session.controller import SessionController
from explorer.teaching.questions import AnswerLog, Question, Reveal, format_value, reveal
from explorer.ui.i18n import tr
from explorer.ui.number_field import parse_decimal
from explorer.ui.theme import CORRECT_COLOUR, WRONG_COLOUR, font

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Keys the question takes before the window's step-through shortcuts (→, ←, Enter) see them.
OWN_KEYS = (*ENTER_KEYS, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
CARD_TEXT_SCALE = 1.2


@dataclass
class LessonAnswers:
    """The predictions of the lesson open on one controller: guesses and measured answers
    by card number, and the ``AnswerLog`` that scores them."""

    lesson_key: str = ""
    guesses: dict[int, int | float] = field(default_factory=dict)
    reveals: dict[int, Reveal] = field(default_factory=dict)
    log: AnswerLog = field(default_factory=AnswerLog)


# Answers belong to the run's controller, which outlives a window rebuilt in another language.
_ANSWERS: weakref.WeakKeyDictionary[SessionController, LessonAnswers] = weakref.WeakKeyDictionary()


def answers_for(controller: SessionController) -> LessonAnswers:
    """The answers kept for ``controller``'s run (made empty on first use)."""
    if controller not in _ANSWERS:
        _ANSWERS[controller] = LessonAnswers()
    return _ANSWERS[controller]


def plain(html_text: str) -> str:
    """Rich lesson text as plain text (for accessible names and messages)."""
    return QTextDocumentFragment.fromHtml(html_text).toPlainText()


class _ChoiceText(QLabel):
    """A choice's rich text (powers and indices need HTML); a click picks its radio button."""

    def __init__(self, button: QRadioButton) -> None:
        super().__init__()
        self._button = button
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._button.isEnabled():
            self._button.setChecked(True)
            self._button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class QuestionCard(QFrame):
    """The question of the card on show, its locked guess and the measured answer.

    ``showCard(lesson, index, language, applied)`` shows what belongs to card ``index``;
    ``commit()`` locks the guess picked so far (the panel calls it before going on);
    ``stepped(index)`` tells it card ``index``'s action has been performed, so the answer
    to the previous card's question can be measured once the run is idle.
    ``sigLockRequested`` asks the panel to go on after a guess was locked.
    """

    sigLockRequested = Signal()
    sigRevealed = Signal(int)  # the card whose answer was just measured

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionCard")
        self.ctrl = controller
        self.lesson: Lesson | None = None
        self.index = 0
        self.language = "en"
        self._pending: int | None = None  # card whose answer waits for its step to finish
        self._before: object = None  # the frame on show before that step
        self._buttons: list[QRadioButton] = []
        self._texts: list[_ChoiceText] = []

        self.box = QFrame()
        self.box.setObjectName("questionBox")
        self.box.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel()
        self.heading.setFont(font(1.0, bold=True))
        self.prompt = self._label(CARD_TEXT_SCALE, bold=True)
        self.prompt.setObjectName("questionPrompt")
        self.choices = QWidget()
        self.choice_grid = QGridLayout(self.choices)
        self.choice_grid.setContentsMargins(0, 0, 0, 0)
        self.choice_grid.setColumnStretch(1, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.number = QLineEdit()
        self.number.setObjectName("questionNumber")
        self.number.setFont(font(CARD_TEXT_SCALE))
        self.number.installEventFilter(self)
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("questionLock")
        self.lock_button.setFont(font(1.1, bold=True))
        self.lock_button.setMinimumHeight(36)
        self.lock_button.clicked.connect(self.lockIn)
        self.message = QLabel()
        self.message.setObjectName("questionMessage")
        self.message.setWordWrap(True)
        self.result = self._label(CARD_TEXT_SCALE)
        self.result.setObjectName("questionResult")
        box = QVBoxLayout(self.box)
        box.setContentsMargins(10, 8, 10, 8)
        box.addWidget(self.heading)
        box.addWidget(self.prompt)
        box.addWidget(self.choices)
        box.addWidget(self.number)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.lock_button)
        box.addLayout(row)
        box.addWidget(self.message)
        box.addWidget(self.result)
        self.summary = self._label(1.1, bold=True)
        self.summary.setObjectName("questionSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)

        # Only a published frame: when a run ends, "not running" comes before its last frame.
        controller.sigViewChanged.connect(self._try_reveal)
        self._refresh()

    @staticmethod
    def _label(scale: float, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setFont(font(scale, bold=bold))
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    # ------------------------------------------------------------------------- state
    @property
    def answers(self) -> LessonAnswers:
        """The guesses and answers of the open lesson (kept with the controller)."""
        return answers_for(self.ctrl)

    def shownQuestion(self) -> int | None:
        """The card whose question is on show: this card's, or the previous card's when
        this card's step answers it; None when neither has one."""
        lesson = self.lesson
        if lesson is None:
            return None
        if lesson.cards[self.index].question is not None:
            return self.index
        before = self.index - 1
        if before >= 0 and lesson.cards[before].question is not None:
            return before
        return None

    def asking(self) -> bool:
        """Whether the question on show still waits for a guess."""
        card = self.shownQuestion()
        return (
            card is not None
            and card == self.index
            and card not in self.answers.guesses
            and card not in self.answers.reveals
        )

    # ------------------------------------------------------------------------- panel hooks
    def showCard(self, lesson: Lesson | None, index: int, language: str) -> None:
        """Show what belongs to card ``index`` of ``lesson`` in ``language``."""
        if lesson is not None and self.answers.lesson_key != lesson.key:
            _ANSWERS[self.ctrl] = LessonAnswers(lesson.key)
        was_asking = self.asking() and self.lesson is lesson and self.index == index
        self.lesson, self.index, self.language = lesson, index, language
        self._refresh()
        if self.asking() and not was_asking and self.isVisible():
            self._focus_answer()
            QTimer.singleShot(0, self.scrollIntoView)

    def resetAnswers(self) -> None:
        """Forget the answers (a lesson opened afresh)."""
        key = self.lesson.key if self.lesson is not None else ""
        _ANSWERS[self.ctrl] = LessonAnswers(key)
        self._pending = None

    def commit(self) -> None:
        """Lock in the guess picked so far on a question still asking (before going on)."""
        # The frame before the answering step: the answer is measured on a newer one.
        self._before = self.ctrl.view()
        if not self.asking():
            return
        guess = self._guess()
        if guess is not None:
            self.answers.guesses[self.index] = guess

    def stepped(self, index: int) -> None:
        """Card ``index``'s action was performed: measure the previous card's answer when
        the run is idle."""
        lesson = self.lesson
        before = index - 1
        if lesson is None or before < 0 or lesson.cards[before].question is None:
            return
        if before in self.answers.reveals:
            return
        action = lesson.cards[index].action
        if action is None or action.kind == "show":
            self._before = None  # nothing runs: the frame on show holds the answer
        self._pending = before
        self._try_reveal()

    def lockIn(self) -> None:
        """Lock the picked choice or typed number and ask the panel to go on."""
        if not self.asking():
            return
        guess = self._guess()
        if guess is None:
            question = self._question(self.index)
            if question is not None and question.is_choice:
                self.message.setText(tr("Pick one of the answers first (↑ ↓, then Enter)."))
            else:
                self.message.setText(tr("Type a number first, e.g. 0.5 or 1e-3, then press Enter."))
            self.message.setVisible(True)
            return
        self.answers.guesses[self.index] = guess
        self._refresh()
        self.sigLockRequested.emit()

    # ------------------------------------------------------------------------- internals
    def _question(self, card: int) -> Question | None:
        if self.lesson is None:
            return None
        return self.lesson.cards[card].question

    def _guess(self) -> int | float | None:
        question = self._question(self.index)
        if question is None:
            return None
        if question.is_choice:
            checked = self.group.checkedId()
            return None if checked < 0 else checked
        return parse_decimal(self.number.text().replace("−", "-"))

    def _try_reveal(self, *_args: object) -> None:
        card = self._pending
        if card is None or self.ctrl.running or self.ctrl.busy:
            return
        if self.ctrl.view() is self._before:
            return  # the step runs in a worker and has not published its frame yet
        question = self._question(card)
        self._pending = None
        if question is None:
            return
        result = reveal(question, self.ctrl.view())
        answers = self.answers
        answers.reveals[card] = result
        if card in answers.guesses and result.computable:
            answers.log.record(card, question, answers.guesses[card], result)
        self._refresh()
        QTimer.singleShot(0, self.scrollIntoView)
        self.sigRevealed.emit(card)

    def scrollIntoView(self) -> None:
        """Scroll the lesson card so the question and its answer are in sight."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None and self.box.isVisible():
            parent.widget().adjustSize()
            parent.ensureWidgetVisible(self.box, 0, 0)
            parent.ensureWidgetVisible(self.summary if self.summary.isVisible() else self.result)

    def _focus_answer(self) -> None:
        if self._buttons:
            target = self.group.checkedButton() or self._buttons[0]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.number.isVisible():
            self.number.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_choices(self, question: Question) -> None:
        for button in self._buttons:
            self.group.removeButton(button)
        for widget in (*self._buttons, *self._texts):
            widget.deleteLater()
        self._buttons, self._texts = [], []
        for i, choice in enumerate(question.choices):
            text = choice.get(self.language) or choice["en"]
            button = QRadioButton()
            button.setObjectName(f"questionChoice{i + 1}")
            button.setAccessibleName(plain(text))
            button.installEventFilter(self)
            label = _ChoiceText(button)
            label.setFont(font(CARD_TEXT_SCALE))
            label.setText(text)
            self.group.addButton(button, i)
            self.choice_grid.addWidget(button, i, 0, Qt.AlignmentFlag.AlignTop)
            self.choice_grid.addWidget(label, i, 1)
            button.show()  # a layout shows new children only later, after the focus moved
            label.show()
            self._buttons.append(button)
            self._texts.append(label)

    def _refresh(self) -> None:
        self.lock_button.setText(tr("Lock in and go on ▶"))
        self.lock_button.setToolTip(tr("Lock in your prediction; the next step shows the truth"))
        self.number.setPlaceholderText(tr("Your guess, e.g. 0.01 or 1e-3"))
        self.message.setVisible(False)
        self._refresh_summary()
        card = self.shownQuestion()
        self.box.setVisible(card is not None)
        if card is None:
            return
        question = self._question(card)
        assert question is not None
        key = (id(self.lesson), card, self.language)
        if getattr(self, "_built_for", None) != key:
            self._built_for = key
            self.number.clear()
            self._build_choices(question)
            self.group.setExclusive(False)
            for button in self._buttons:
                button.setChecked(False)
            self.group.setExclusive(True)
        self.prompt.setText(question.prompt.get(self.language) or question.prompt["en"])
        asking = self.asking()
        self.heading.setText(tr("Predict first") if asking else tr("Your prediction"))
        self.choices.setVisible(question.is_choice)
        self.number.setVisible(not question.is_choice)
        guess = self.answers.guesses.get(card)
        if guess is not None and question.is_choice:
            self._buttons[int(guess)].setChecked(True)
        elif guess is not None:
            self.number.setText(f"{guess:g}")
        for widget in (*self._buttons, self.number):
            widget.setEnabled(asking)
        self.lock_button.setVisible(asking)
        self.result.setText(self._result_text(card, question, guess))
        self.result.setVisible(bool(self.result.text()))

    def _result_text(self, card: int, question: Question, guess: int | float | None) -> str:
        result = self.answers.reveals.get(card)
        if result is None:
            if guess is None:
                return ""
            if self._pending == card or card == self.index:
                return tr("Locked in. The next step shows the answer.")
            return tr("Locked in. The answer is measured when this step has run.")
        if not result.computable:
            return tr("This run gives nothing to measure here (did the model diverge?).")
        measured = result.text.get(self.language) or result.text["en"]
        if guess is None:
            return f"{tr('You locked in no prediction.')}<br>{measured}"
        right = next((e[3] for e in self.answers.log.entries if e[0] == card), False)
        if question.is_choice:
            picked = question.choices[int(guess)]
            said = picked.get(self.language) or picked["en"]
        else:
            said = format_value(float(guess))
        colour = CORRECT_COLOUR if right else WRONG_COLOUR
        verdict = tr("✓ Right") if right else tr("✗ Not this time")
        return (
            f"{tr('Your guess: {guess}').format(guess=said)}<br>{measured}<br>"
            f"<b style='color:{colour}'>{verdict}</b>"
        )

    def _refresh_summary(self) -> None:
        lesson = self.lesson
        last = lesson is not None and self.index + 1 >= len(lesson.cards)
        asked = lesson is not None and any(c.question is not None for c in lesson.cards)
        if not (last and asked):
            self.summary.setVisible(False)
            return
        answers = self.answers
        summary = answers.log.summary()
        total = sum(1 for c in lesson.cards if c.question is not None)
        self.summary.setText(
            tr("Your predictions in this lesson: {right} of {total} right.").format(
                right=summary.correct, total=total
            )
        )
        self.summary.setVisible(True)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key not in OWN_KEYS or not self.asking():
            return False
        if obj is self.number and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return False  # the line edit moves its own caret
        event.accept()
        if kind == QEvent.Type.ShortcutOverride:
            return True  # the key is the question's, not the window's step-through shortcut
        if key in ENTER_KEYS:
            self.lockIn()
        elif self._buttons:
            step = -1 if key in (Qt.Key.Key_Up, Qt.Key.Key_Left) else 1
            current = self.group.checkedId()
            focused = self._buttons.index(obj) if obj in self._buttons else current
            start = focused if focused >= 0 else (-1 if step > 0 else len(self._buttons))
            chosen = max(0, min(len(self._buttons) - 1, start + step))
            if current < 0 and focused >= 0:
                chosen = focused  # the first arrow picks the focused row
            self._buttons[chosen].setChecked(True)
            self._buttons[chosen].setFocus(Qt.FocusReason.TabFocusReason)
        return True
