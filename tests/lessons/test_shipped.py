"""The shipped lessons: they load, are fully translated, and every card runs on a real session."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pytest

from explorer.lessons import (
    ACTION_KINDS,
    LANGUAGES,
    VIEWS,
    Lesson,
    apply_action,
    check_lesson,
    find_lesson,
    lessons_dir,
    load_lessons,
)
from explorer.session import Session, SessionConfig
from explorer.session.snapshot import Phase

# The ten lessons of the first issue, then the five of the later notes, in order.
EXPECTED_KEYS = [
    "unrolling",
    "forward",
    "bptt",
    "vanishing",
    "clipping",
    "truncation",
    "lstm",
    "gru",
    "sine",
    "charlm",
    "bidirectional",
    "deep",
    "seq2seq",
    "output-recurrence",
    "patterns",
]
LESSONS = load_lessons()
IDS = [lesson.key for lesson in LESSONS]

# Characters that exist only in one script: a zh_CN text must not contain the Traditional
# form and vice versa (e.g. 网络/網路, 这/這, 门/門, 时间/時間).
SIMPLIFIED_ONLY = "们这为络门习经时间传数态层长记忆遗输练权渐样级语问题产复单维"
TRADITIONAL_ONLY = "們這為絡門習經時間傳數態層長記憶遺輸練權漸樣級語問題產複單維"


def all_texts(lesson: Lesson):
    """(where, texts) for the title, the expected line and every card."""
    yield "title", lesson.title
    yield "expected", lesson.expected
    for i, card in enumerate(lesson.cards):
        yield f"card {i + 1}", card.text


def test_the_lessons_ship_in_order():
    assert [lesson.key for lesson in LESSONS] == EXPECTED_KEYS
    assert [lesson.order for lesson in LESSONS] == sorted(lesson.order for lesson in LESSONS)
    for lesson in LESSONS:
        assert lesson.path.parent == lessons_dir()
        assert lesson.path.name == f"{lesson.order:02d}-{lesson.key}.json"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_text_exists_in_every_language(lesson):
    assert lesson.missing_translations == ()
    for where, texts in all_texts(lesson):
        assert set(texts) == set(LANGUAGES), where
        for language in LANGUAGES:
            assert texts[language].strip(), (where, language)
        # The Chinese versions are translations, not copies of the English text.
        assert re.search(r"[\u4e00-\u9fff]", texts["zh_CN"]), where
        assert texts["zh_CN"] != texts["zh_TW"], where


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_chinese_texts_keep_to_their_script(lesson):
    for where, texts in all_texts(lesson):
        simplified_in_tw = sorted(set(texts["zh_TW"]) & set(SIMPLIFIED_ONLY))
        traditional_in_cn = sorted(set(texts["zh_CN"]) & set(TRADITIONAL_ONLY))
        assert not simplified_in_tw, (where, simplified_in_tw)
        assert not traditional_in_cn, (where, traditional_in_cn)
        # Taiwanese usage, one term each, as in the interface's catalogue: 疊代 not 迭代,
        # 雅可比矩陣, 獨熱向量, 分佈, 基準線, 前綴, 檢視.
        for variant in ("迭代", "Jacobian", "one-hot", "分布", "基線", "字首", "視圖"):
            assert variant not in texts["zh_TW"], (where, variant)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_a_less_than_sign_is_escaped(lesson):
    # The texts are rich text: Qt reads a bare "<" as the start of a tag and drops the rest
    # of the text ("MSE < 0.01" showed as "MSE"). Write "&lt;".
    for where, texts in all_texts(lesson):
        for language, text in texts.items():
            assert not re.search(r"<(?!/?[A-Za-z])", text), (where, language)


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_cards_are_short(lesson):
    for i, card in enumerate(lesson.cards):
        english = re.sub(r"<[^>]+>", "", card.text["en"])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", english) if s.strip()]
        assert len(sentences) <= 4, f"card {i + 1}: {len(sentences)} sentences"
        assert len(english) <= 420, f"card {i + 1}: {len(english)} characters"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_config_actions_and_check_are_valid(lesson):
    assert isinstance(lesson.config, SessionConfig)
    assert SessionConfig.from_dict(lesson.config_dict) == lesson.config
    assert any(card.action is not None for card in lesson.cards)
    for card in lesson.cards:
        action = card.action
        if action is None:
            continue
        assert action.kind in ACTION_KINDS
        assert action.view is None or action.view in VIEWS
        if action.config is not None:
            assert action.session_config == SessionConfig.from_dict(
                {**lesson.config_dict, **action.config}
            )
    # Every lesson states a checkable outcome, with numbers in the expected line.
    assert lesson.check is not None and lesson.check.expect
    assert re.search(r"\d", lesson.expected["en"])
    # The whole benchmark must stay within a few minutes on 2 cores.
    assert lesson.check.iterations <= 600


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_card_runs_on_a_real_session(lesson):
    """All cards in sequence, "run" scaled down to a few iterations: nothing may raise."""
    session = Session(lesson.config)
    views = []
    for card in lesson.cards:
        # The exploding-gradient lessons overflow on purpose.
        with np.errstate(over="ignore", invalid="ignore"):
            views.append(apply_action(card.action, session, run_scale=0.02))
        if card.action is not None and card.action.kind == "reset":
            expected = card.action.session_config or lesson.config
            assert session.config == expected
            assert session.completed == 0
    assert session.completed >= 1 or session.phase is not Phase.IDLE
    assert [v for v in views if v is not None], "no card brings a view forward"


def test_find_lesson_by_key():
    assert find_lesson("vanishing").order == 4
    assert find_lesson("lstm").config.cells == ("rnn", "lstm")


def test_zh_tw_catalogue_uses_the_same_terms():
    from explorer.paths import asset

    catalogue = (asset("i18n") / "explorer_zh_TW.ts").read_text(encoding="utf-8")
    translations = "".join(re.findall(r"<translation>(.*?)</translation>", catalogue, re.S))
    for variant in ("Jacobian 矩陣", "one-hot 向量", "分布", "基線", "字首", "視圖"):
        assert variant not in translations, variant


# Lessons whose whole check takes about a second: their real outcomes run here for seed 0;
# every lesson runs over seeds 0–4 in benchmarks/lessons.py (make bench).
CHEAP = ("unrolling", "forward", "bptt", "vanishing", "clipping", "sine", "deep")


@pytest.mark.parametrize("key", CHEAP)
def test_cheap_lesson_outcomes_hold(key):
    with np.errstate(over="ignore", invalid="ignore"):
        results = check_lesson(find_lesson(key), seed=0)
    assert results, key
    for line, passed, _measured in results:
        assert passed, line
        assert line.endswith("✓")


def test_a_seed_changes_the_run_but_not_the_outcome():
    """The check really uses the seed it is given: other numbers, the same verdict."""
    first = check_lesson(find_lesson("bptt"), seed=0)
    second = check_lesson(find_lesson("bptt"), seed=1)
    assert first[0][2] != second[0][2]
    assert first[0][1] and second[0][1]
    assert all(math.isfinite(m) for _, _, m in first + second)


def test_lessons_module_imports_no_qt():
    code = (
        "import sys, explorer.lessons as m; m.load_lessons(); "
        "bad = [n for n in sys.modules if n.startswith(('PySide6', 'pyqtgraph'))]; "
        "sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
