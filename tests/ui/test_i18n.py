"""The interface in English, Simplified and Traditional Chinese: catalogues, loading,
every visible string translated, and switching language live (View → Language)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

from explorer.ui import i18n_catalog
from explorer.ui.i18n import SETTINGS_KEY, install_language, saved_language, tr
from explorer.ui.lesson_panel import LessonPanel
from explorer.ui.main_window import MainWindow

from . import windows

CHINESE = ("zh_CN", "zh_TW")
CJK = re.compile(r"[\u3400-\u9fff]")
# Words that stay as they are in every language: model and function names, weight
# subscripts, units, the app's name and the native name of English.
ALLOWED_WORDS = {
    "BPTT",
    "Explorer",
    "English",
    "RNN",
    "LSTM",
    "GRU",
    "Adam",
    "SGD",
    "Xavier",
    "tanh",
    "relu",
    "ReLU",
    "MB",
    "px",
    "hh",
    "xh",
    "hq",
    "xi",
    "xf",
    "xo",
    "xc",
    "hi",
    "hf",
    "ho",
    "hc",
    "Im",
    "Re",
    "max",
    "mse",
    "unk",
    "NumPy",
    "PNG",
    "SVG",
    "GIF",
    "MP",
    "CSV",
    "NPZ",
}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    install_language("en")


@pytest.fixture(autouse=True)
def _short_lessons(monkeypatch):
    monkeypatch.setattr(LessonPanel, "run_scale", 0.02)


def open_window(qtbot, settings, language: str) -> MainWindow:
    assert install_language(language) == language
    return windows.open_window(qtbot, settings, language=language)


def untranslated(text: str) -> bool:
    """English words in a text without any CJK (symbols and allowed names aside)."""
    text = re.sub(r"<[^>]+>|&nbsp;|&(?=\w)", " ", text)
    if CJK.search(text):
        return False
    words = re.findall(r"[A-Za-z]{2,}", text)
    return any(word not in ALLOWED_WORDS for word in words)


def visible_texts(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of every text a user can see in the window or its menus."""
    out = [("title", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        name = type(widget).__name__
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((name, widget.title()))
        elif isinstance(widget, QTabBar):
            out += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            out += [(name, widget.itemText(i)) for i in range(widget.count())]
        if widget.toolTip():
            out.append((f"{name} tooltip", widget.toolTip()))

    def menu_texts(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            out.append((f"{path} ▸", action.text()))
            if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
                out.append((f"{path} ▸ tooltip", action.toolTip()))
            if action.menu() is not None:
                menu_texts(action.menu(), f"{path} ▸ {action.text()}")

    for action in window.menuBar().actions():
        out.append(("menu bar", action.text()))
        menu_texts(action.menu(), action.text())
    return out


@pytest.mark.parametrize("language", CHINESE)
def test_catalogue_covers_every_string(language):
    assert i18n_catalog.missing(language) == []


@pytest.mark.parametrize("language", CHINESE)
def test_compiled_catalogue_matches_its_source(tmp_path, language):
    if shutil.which(i18n_catalog.lrelease_command()) is None:
        pytest.skip("pyside6-lrelease not available")
    source = i18n_catalog.catalogue_path(language)
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    subprocess.run(
        [
            i18n_catalog.lrelease_command(),
            "-silent",
            str(copy),
            "-qm",
            str(copy.with_suffix(".qm")),
        ],
        check=True,
        timeout=120,
    )
    assert copy.with_suffix(".qm").read_bytes() == source.with_suffix(".qm").read_bytes()


def test_translations_keep_their_placeholders():
    sources = i18n_catalog.source_strings()
    for language in CHINESE:
        known = i18n_catalog.read_catalogue(i18n_catalog.catalogue_path(language))
        for source in sources:
            fields = set(re.findall(r"\{[^}]*\}", source))
            assert set(re.findall(r"\{[^}]*\}", known[source])) == fields, (language, source)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Learning rate"), ("zh_CN", "学习率"), ("zh_TW", "學習率")],
)
def test_each_language_loads(qapp, language, expected):
    assert install_language(language) == language
    assert tr("Learning rate") == expected


def test_unknown_language_falls_back_to_english(qapp):
    assert install_language("fr") == "en"
    assert tr("Learning rate") == "Learning rate"


def test_saved_language_is_used_and_junk_ignored(settings):
    settings.setValue(SETTINGS_KEY, "zh_TW")
    assert saved_language(settings) == "zh_TW"
    settings.setValue(SETTINGS_KEY, "klingon")
    assert saved_language(settings) in ("en", "zh_CN", "zh_TW")


@pytest.mark.parametrize("language", CHINESE)
def test_no_visible_string_stays_english(qtbot, settings, language):
    window = open_window(qtbot, settings, language)
    texts = visible_texts(window)
    assert len(texts) > 100
    left = [(where, text) for where, text in texts if untranslated(text)]
    assert left == []
    # The other pages, too: a lesson open, and the start screen.
    window.openLesson("lstm")
    window.showStartScreen()
    left = [(where, text) for where, text in visible_texts(window) if untranslated(text)]
    assert left == []
    window.close()


def test_language_menu_is_exclusive_and_checks_the_current_one(qtbot, settings):
    window = open_window(qtbot, settings, "zh_CN")
    actions = window.language_actions
    assert [a.text() for a in actions.values()] == ["English", "简体中文", "繁體中文"]
    assert actions["zh_CN"].isChecked()
    assert sum(a.isChecked() for a in actions.values()) == 1
    assert actions["zh_CN"].actionGroup().isExclusive()
    window.close()


def test_switching_language_rebuilds_the_window_and_keeps_the_run(qtbot, settings):
    window = open_window(qtbot, settings, "en")
    window.openLesson("lstm")
    window.lesson_panel.next()
    card = window.lesson_panel.index
    window.tabs.setCurrentIndex(2)
    ctrl = window.ctrl
    completed = ctrl.view().completed
    replaced = []
    window.sigReplaced.connect(replaced.append)

    window.language_actions["zh_TW"].trigger()

    assert len(replaced) == 1
    new = replaced[0]
    qtbot.addWidget(new)
    assert not window.isVisible() and new.isVisible()
    assert new.ctrl is ctrl and not ctrl._shut_down
    assert ctrl.view().completed == completed
    assert new.lesson_panel.lesson.key == "lstm"
    assert new.lesson_panel.index == card
    lesson = new.lesson_panel.lesson
    assert lesson.text(card, "zh_TW") in new.lesson_panel.card.text()
    assert new.tabs.currentIndex() == 2
    assert new.menuBar().actions()[0].text() == "檔案(&F)"
    assert new.language_actions["zh_TW"].isChecked()
    # The new window drives the run; the old one no longer listens.
    old_phase, old_status = window.transport.phase.text(), window.model_status.text()
    new.actions.one_iteration.trigger()
    assert "疊代" in new.transport.phase.text()
    assert ctrl.view().completed == completed + 1
    assert window.transport.phase.text() == old_phase
    assert window.model_status.text() == old_status
    assert settings.value(SETTINGS_KEY) == "zh_TW"
    assert saved_language(settings) == "zh_TW"
    again = MainWindow(settings, remember_geometry=False)
    qtbot.addWidget(again)
    assert again.language == "zh_TW" and again.language_actions["zh_TW"].isChecked()
    again.close()
    new.close()


def test_phase_and_divergence_are_worded_in_the_language(qapp):
    from explorer.session.snapshot import ModelStatus, SessionEvent
    from explorer.ui.phrases import divergence_text, event_text, status_text

    install_language("zh_CN")
    status = ModelStatus("rnn", "Vanilla RNN", 40, "…", 3.2e9)
    assert status_text(status) == (
        "普通 RNN 在第 40 次迭代发散（梯度范数 3.2e+09）：请尝试梯度裁剪或降低学习率"
    )
    assert "梯度范数" not in divergence_text("LSTM", 7, None)
    assert divergence_text("LSTM", 7, float("nan")) == divergence_text("LSTM", 7, None)
    diverged = SessionEvent("diverged", 12, "lstm", "LSTM", 1e12)
    assert event_text(diverged).startswith("LSTM 在第 12 次迭代发散（梯度范数 1.0e+12）")
    after_update = SessionEvent("diverged", 9, "rnn", "Vanilla RNN", None)
    assert event_text(after_update) == divergence_text("普通 RNN", 9, None)
    assert event_text(SessionEvent("resumed", 5)) == "已从第 5 次迭代继续"


def test_inspector_words_a_diverged_model_in_the_language(qtbot):
    from explorer.ui.inspector import Inspector
    from explorer.ui.selection import Selection
    from tests.ui.factory import make_view

    install_language("zh_CN")
    selection = Selection()
    inspector = Inspector(selection)
    qtbot.addWidget(inspector)
    selection.select(cell="rnn", node="h", t=3)
    inspector.setView(make_view(diverged=("rnn",), iteration=40))
    text = inspector.equation.toPlainText()
    assert text.startswith("普通 RNN 在第 40 次迭代发散") and "diverged" not in text


def test_task_caption_is_translated_with_its_numbers(qtbot):
    from explorer.tasks import make_task
    from explorer.ui.task_view import TaskView
    from tests.tasks.fake_models import TinyRNN

    task = make_task("adding")
    panel = task.panel(TinyRNN(task.input_size, task.output_size), example=2)
    target = f"{panel.caption_values['target']:.2f}"
    assert install_language("zh_CN") == "zh_CN"
    view = TaskView(lambda _cell: panel)
    qtbot.addWidget(view)
    view.show_panel(panel)
    text = view.caption.text()
    assert "标记于" in text and "预测" in text and target in text
    assert not untranslated(text)
    install_language("en")
    view.show_panel(panel)
    assert view.caption.text() == panel.caption


def test_errors_from_the_core_are_translated_with_their_values(tmp_path):
    from explorer.atomic_file import FileWriteError, atomic_write_text
    from explorer.session.files import SessionFileError, load_session
    from explorer.ui.i18n import install_language, tr_error

    missing = tmp_path / "none.bptt"
    with pytest.raises(SessionFileError) as opened:
        load_session(missing)
    with pytest.raises(FileWriteError) as written:
        atomic_write_text(tmp_path / "no" / "x.csv", "x")
    assert tr_error(opened.value) == f"{missing}: no such file"  # English: the plain message
    assert install_language("zh_CN") == "zh_CN"
    try:
        assert tr_error(opened.value) == f"{missing}：文件不存在"
        assert "不存在" in tr_error(written.value) and "x.csv" in tr_error(written.value)
        assert tr_error(ValueError("plain")) == "plain"
    finally:
        install_language("en")
