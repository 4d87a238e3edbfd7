"""Spotlight targets in lesson files: named by meaning, checked when the lesson loads."""

from __future__ import annotations

import pytest

from explorer.lessons import LessonError, load_lesson, load_lessons
from explorer.session import Session
from explorer.teaching.spotlight import SpotNumber, check_target, split_target
from tests.lessons.test_loading import expect_error, minimal, texts, write

CURVES = {"loss", "grad_norm", "mse"}


@pytest.mark.parametrize(
    "target",
    [
        "node:h@1",
        "node:c@6",
        "node:gate.f@4",
        "node:l1r.h@2",
        "node:h@0",
        "edge:W_hh",
        "edge:h@2->h@3",
        "edge:l1r.W_hh",
        "plot:gradient",
        "plot:curves",
        "view:inspector",
        "curve:rnn.loss",
        "curve:rnn.mse",
    ],
)
def test_good_targets_pass(target):
    assert check_target(target, ("rnn",), 6, CURVES) == target


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("h@1", "must be KIND:NAME"),
        ("pixel:10,20", "must be KIND:NAME"),
        ("node:", "must be KIND:NAME"),
        ("node:h1", "a node is like"),
        ("node:h@7", "time step 7 is outside 0…6"),
        ("edge:h@2-h@3", "an edge is like"),
        ("edge:h@6->h@9", "time step 9"),
        ("plot:loss", "unknown plot"),
        ("view:menu", "unknown view"),
        ("curve:lstm.loss", "cell 'lstm' is not trained"),
        ("curve:rnn.bleu", "unknown curve 'bleu'"),
        ("curve:rnn", "a curve is CELL.METRIC"),
        (3, "a target is a string"),
    ],
)
def test_bad_targets_say_what_is_wrong(target, fragment):
    with pytest.raises(ValueError, match=None) as info:
        check_target(target, ("rnn",), 6, CURVES)
    assert fragment in str(info.value)


def test_split_target():
    assert split_target("edge:h@2->h@3") == ("edge", "h@2->h@3")


def card(spotlight) -> dict:
    return {"text": texts("Look."), "spotlight": spotlight}


def test_a_card_with_a_spotlight_loads(tmp_path):
    spot = {
        "targets": ["node:h@1", "plot:gradient"],
        "number": {"metric": "grad_first", "cell": "rnn", "label": "‖∂L/∂h<sub>1</sub>‖"},
    }
    lesson = load_lesson(write(tmp_path, minimal(cards=[card(spot)])))
    loaded = lesson.cards[0].spotlight
    assert loaded.targets == ("node:h@1", "plot:gradient")
    assert loaded.number == SpotNumber("grad_first", "rnn", "‖∂L/∂h<sub>1</sub>‖")


@pytest.mark.parametrize(
    ("spot", "fragments"),
    [
        ({"targets": ["node:h@9"]}, ("card 1 spotlight target 1", "time step 9 is outside")),
        ({"targets": []}, ("card 1 spotlight", "1 to 4 targets")),
        ({"targets": ["plot:gradient"], "glow": 1}, ("unknown field(s) glow",)),
        ("node:h@1", ("expected an object",)),
        (
            {"targets": ["plot:gradient"], "number": {"metric": "mse", "cell": "rnn"}},
            ("card 1 spotlight number", "unknown metric 'mse'"),
        ),
        (
            {"targets": ["plot:gradient"], "number": {"metric": "loss", "cell": "gru"}},
            ("cell 'gru' is not trained",),
        ),
    ],
)
def test_a_bad_spotlight_names_the_file_card_and_problem(tmp_path, spot, fragments):
    expect_error(write(tmp_path, minimal(cards=[card(spot)])), *fragments)


def test_the_number_is_measured_on_the_run():
    lesson = next(item for item in load_lessons() if item.key == "vanishing")
    spot = next(c.spotlight for c in lesson.cards if c.spotlight and c.spotlight.number)
    session = Session(lesson.config)
    assert spot.number.text(session.view()) == ""  # nothing run: nothing to write
    session.one_iteration()
    norms = session.view().records["rnn"].grad_hidden_norm
    text = spot.number.text(session.view())
    assert text.startswith(spot.number.label + " = ")
    mantissa, exponent = text.split(" = ")[1].replace("−", "-").split("·10<sup>")
    value = float(mantissa) * 10 ** int(exponent.removesuffix("</sup>"))
    assert value == pytest.approx(float(norms[0]), rel=5e-3)


def test_shipped_lessons_use_spotlights():
    spotted = [c.spotlight for lesson in load_lessons() for c in lesson.cards if c.spotlight]
    kinds = {split_target(t)[0] for s in spotted for t in s.targets}
    assert len(spotted) >= 3 and {"node", "edge", "plot"} <= kinds
    assert LessonError  # the loader raised nothing for any of them
