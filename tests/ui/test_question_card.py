"""Predict, then reveal, in the real window: keys pick and lock a guess, the answering step
runs, the measured truth appears beside the guess, and the lesson ends with a summary."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.lessons import load_lessons
from explorer.teaching.questions import measure_view
from explorer.ui.i18n import install_language
from explorer.ui.lesson_panel import LessonPanel

from .windows import open_active_window

LESSONS = {lesson.key: lesson for lesson in load_lessons()}


@pytest.fixture
def fast_runs(monkeypatch):
    monkeypatch.setattr(LessonPanel, "run_scale", 0.02)


def go_to(qtbot, window, index: int) -> None:
    panel = window.lesson_panel
    while panel.index < index:
        qtbot.waitUntil(lambda: not window.ctrl.running and not window.ctrl.busy, timeout=20000)
        with np.errstate(over="ignore", invalid="ignore"):
            panel.next_button.click()
    qtbot.waitUntil(lambda: not window.ctrl.running and not window.ctrl.busy, timeout=20000)


def inside(widget) -> bool:
    """The widget is shown and lies within its parent's rectangle."""
    parent = widget.parentWidget()
    return widget.isVisible() and parent.rect().contains(widget.geometry())


def test_arrow_keys_pick_enter_locks_and_the_truth_is_shown_beside_the_guess(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("vanishing")
    panel = window.lesson_panel
    card = panel.question
    go_to(qtbot, window, 2)  # "Roughly how small will ‖∂L/∂h1‖/‖∂L/∂h50‖ be?"
    assert card.asking() and inside(card.box)
    assert "‖∂L/∂h<sub>1</sub>‖" in card.prompt.text()
    assert [b.isVisible() for b in card._buttons] == [True, True, True]
    focus = QApplication.focusWidget()
    assert focus is card._buttons[0]  # the question takes the keyboard when it appears
    iteration_before = window.ctrl.view().completed
    qtbot.keyClick(focus, Qt.Key.Key_Down)  # picks the first row …
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # … then the second
    assert card.group.checkedId() == 1
    assert window.ctrl.view().completed == iteration_before  # arrows did not step the run
    assert panel.index == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 2 in card.answers.reveals, timeout=20000)
    assert panel.index == 3  # Enter locked the guess and ran the answering step
    assert card.answers.guesses[2] == 1
    measured = measure_view(window.ctrl.view(), "rnn", "grad_ratio")
    assert 0 < measured < 3.16e-5  # the truth: about 10⁻⁶, choice 1 ("about 10⁻⁶")
    assert card.answers.reveals[2].correct_choice == 0
    text = card.result.text()
    assert "Your guess: About 10<sup>−3</sup>" in text
    assert "Measured in this run" in text and "Not this time" in text
    assert inside(card.result) and not card._buttons[0].isEnabled()
    assert card.answers.log.summary().answered == 1
    assert card.answers.log.summary().correct == 0


def test_a_number_is_typed_and_judged_within_its_tolerance(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("charlm")  # card 2 asks the perplexity after one iteration
    card = window.lesson_panel.question
    go_to(qtbot, window, 1)
    assert card.asking() and card.number.isVisible()
    assert QApplication.focusWidget() is card.number
    qtbot.keyClicks(card.number, "abc")
    qtbot.keyClick(card.number, Qt.Key.Key_Return)
    assert window.lesson_panel.index == 1  # not a number: a message, no step
    assert card.message.isVisible() and "Type a number" in card.message.text()
    card.number.clear()
    # The untrained model's perplexity is about the vocabulary size; guess that.
    vocabulary = window.ctrl.session.task.output_size
    qtbot.keyClicks(card.number, str(vocabulary))
    qtbot.keyClick(card.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 1 in card.answers.reveals, timeout=20000)
    truth = measure_view(window.ctrl.view(), "lstm", "batch_perplexity")
    assert math.isfinite(truth) and card.answers.reveals[1].value == pytest.approx(truth)
    right = abs(vocabulary - truth) <= 0.25 * truth
    assert card.answers.log.entries[0][3] is right
    assert ("Right" in card.result.text()) is right


def test_next_without_a_guess_still_shows_the_truth_and_the_summary_counts_it(
    qtbot, settings, fast_runs
):
    window = open_active_window(qtbot, settings)
    window.openLesson("vanishing")
    card = window.lesson_panel.question
    go_to(qtbot, window, 3)  # past the first question without locking anything
    assert "You locked in no prediction" in card.result.text()
    go_to(qtbot, window, 8)  # "Which will be larger now?"
    assert card.asking()
    qtbot.mouseClick(card._texts[1], Qt.MouseButton.LeftButton)  # click the choice's text
    assert card.group.checkedId() == 1
    qtbot.mouseClick(card.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: 8 in card.answers.reveals, timeout=20000)
    assert window.lesson_panel.index == 9  # the last card
    assert "✓ Right" in card.result.text()  # radius 2: ‖∂L/∂h1‖ is the larger
    assert inside(card.summary)
    assert card.summary.text() == "Your predictions in this lesson: 1 of 2 right."
    # Back to the question: it shows the locked guess and the answer, and asks no more.
    window.classroom.lesson_back.trigger()
    assert window.lesson_panel.index == 8 and not card.asking()
    assert not card._buttons[0].isEnabled() and "✓ Right" in card.result.text()


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW"])
def test_the_question_speaks_the_interface_language(qtbot, settings, language):
    install_language(language)
    try:
        settings.setValue("ui/language", language)
        window = open_active_window(qtbot, settings)
        window.openLesson("vanishing")
        card = window.lesson_panel.question
        go_to(qtbot, window, 2)
        lesson = LESSONS["vanishing"]
        assert card.prompt.text() == lesson.cards[2].question.prompt[language]
        assert card.lock_button.text() != "Lock in and go on ▶"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: 2 in card.answers.reveals, timeout=20000)
        assert card.answers.reveals[2].text[language] in card.result.text()
        assert "Your guess" not in card.result.text()
    finally:
        install_language("en")


def test_answers_survive_a_language_switch(qtbot, settings):
    window = open_active_window(qtbot, settings)
    window.openLesson("vanishing")
    go_to(qtbot, window, 2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: 2 in window.lesson_panel.question.answers.reveals, timeout=20000)
    try:
        again = window.switchLanguage("zh_CN")
        qtbot.addWidget(again)
        card = again.lesson_panel.question
        assert card.answers.guesses == {2: 0}
        assert "✓" in card.result.text()
    finally:
        install_language("en")


def test_after_a_training_run_the_answer_is_measured_on_its_last_frame(qtbot, settings, fast_runs):
    window = open_active_window(qtbot, settings)
    window.openLesson("clipping")  # card 5 asks how many steps get clipped; card 6 trains
    card = window.lesson_panel.question
    go_to(qtbot, window, 4)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    with qtbot.waitSignal(card.sigRevealed, timeout=30000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    view = window.ctrl.view()
    assert not window.ctrl.running and view.completed == 4  # 200 × 0.02 iterations
    assert card.answers.reveals[4].value == measure_view(view, "rnn", "clipped", "mean")
