"""The inspector's backward equation: its displayed terms add up to the engine's ∂L/∂h_t
(and the LSTM's ∂L/∂c_t) for every cell, and its notation renders on one line."""

from __future__ import annotations

import re

import numpy as np
import pytest

from explorer.session.snapshot import Phase
from explorer.ui.inspector import Inspector
from explorer.ui.selection import Selection

from .factory import make_view

T, H = 7, 5
NUMBER = re.compile(r"(?<![\w\]])([−-] ?)?(\d+(?:\.\d+)?(?:e[+−-]?\d+)?)")


def inspector(qtbot) -> tuple[Inspector, Selection]:
    selection = Selection()
    widget = Inspector(selection)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    return widget, selection


def plain_lines(html: str) -> list[str]:
    """The text's lines (a paragraph ends one too), tags dropped, Qt's spacing as spaces."""
    lines = [line for line in re.split(r"<br>|</p>", html) if line]
    return [
        re.sub(r"<[^>]+>", "", line).replace("\u00a0", " ").replace("\u2060", "") for line in lines
    ]


def shown_terms(line: str) -> list[float]:
    """The numbers of a "= a + b − c" line ("− c" is a negative term)."""
    line = line.removeprefix("= ")
    return [
        float(((sign or "") + value).replace("−", "-").replace(" ", ""))
        for sign, value in NUMBER.findall(line)
    ]


@pytest.mark.parametrize("truncation", [None, 3, ("random", 0.5)], ids=["full", "k=3", "random"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_backward_terms_add_up_to_the_engines_gradient(cell, truncation):
    snap = make_view((cell,), T=T, H=H, truncation=truncation).records[cell]
    d = snap.description
    for t in range(1, T + 1):
        for u in range(H):
            eq = d.backward(f"h@{t}", u)
            assert np.isclose(eq.preact, snap.grad_hidden[t - 1, u], rtol=1e-10, atol=1e-14)
            if cell == "lstm":
                ec = d.backward(f"c@{t}", u)
                assert np.isclose(ec.preact, snap.grad_cell[t - 1, u], rtol=1e-10, atol=1e-14)


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_the_displayed_backward_equation_sums_to_the_engines_value(qtbot, cell):
    widget, selection = inspector(qtbot)
    view = make_view((cell,), T=T, H=H, phase=Phase.BACKWARD, cursor=1, truncation=3)
    snap = view.records[cell]
    widget.setView(view)
    for t in (1, 3, T):
        for u in (0, H - 1):
            selection.select(cell=cell, node="h", t=t, unit=u)
            html = widget.equation.text()
            assert "<sup>T</sup>" in html and "ᵀ" not in html
            lines = plain_lines(html)
            equations = 2 if cell == "lstm" else 1
            assert len(widget.backward) == equations
            for k in range(equations):
                formula, terms_line, total_line = lines[3 * k : 3 * k + 3]
                assert formula.startswith("∂L/∂")
                values = shown_terms(terms_line)
                engine = (snap.grad_hidden if formula.startswith("∂L/∂h") else snap.grad_cell)[
                    t - 1, u
                ]
                assert len(values) == len(widget.backward[k].terms)
                # Four significant digits each: their sum matches to that precision.
                assert abs(sum(values) - engine) <= 1e-3 * (sum(map(abs, values)) + 1e-12)
                assert shown_terms(total_line)[0] == pytest.approx(engine, rel=1e-3, abs=1e-12)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_forward_phases_show_the_forward_equation(qtbot):
    widget, selection = inspector(qtbot)
    widget.setView(make_view(("rnn",), T=T, H=H, phase=Phase.FORWARD, cursor=4))
    selection.select(cell="rnn", node="h", t=3, unit=1)
    assert widget.backward == [] and "tanh" in widget.equation.text()
    # Backward, but ∂L/∂h_3 not reached yet (the pass is at t = 5): still the forward one.
    widget.setView(make_view(("rnn",), T=T, H=H, phase=Phase.BACKWARD, cursor=5))
    assert widget.backward == []
    selection.select(t=6)
    assert len(widget.backward) == 1


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_candidates_and_the_gru_lines_render_as_written(qtbot):
    widget, selection = inspector(qtbot)
    widget.setView(make_view(("lstm", "gru"), T=T, H=H))
    for cell in ("lstm", "gru"):
        selection.select(cell=cell, node="h", t=3, unit=0)
        html = widget.equation.text()
        assert "\u0303" not in html  # no combining tilde: it was drawn on the next line
        assert "<sup>~</sup>" in html
        for line in plain_lines(html):
            # A number straight after a formula ("W[:,0] −0.12") reads as a subtraction.
            assert re.search(r"[\])]\s*[−-]?\d", line) is None, line
