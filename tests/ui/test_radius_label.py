"""The Recurrent scale field shows the spectral radius it gives, which depends on the init."""

from __future__ import annotations

from explorer.engine import spectral_radius
from explorer.session import Session, SessionConfig
from explorer.session.controller import SessionController

from .windows import open_window


def radius_shown(panel) -> float:
    return float(panel.radius.text().split("=")[1].split()[0])


def test_the_radius_next_to_the_scale_follows_the_init(qtbot, settings):
    config = SessionConfig(init="uniform", recurrent_scale=1.5)
    window = open_window(qtbot, settings, controller=SessionController(Session(config)))
    panel = window.controls
    model = Session(config).models[config.cells[0]]
    # Uniform init: a scale of 1.5 gives a radius below 1, not an exploding one.
    assert radius_shown(panel) == float(f"{spectral_radius(model.params['W_hh']):.3g}")
    assert radius_shown(panel) < 1.0
    assert panel.radius.isVisible()
    # Orthogonal weights, then a new scale: the radius is the scale. (The field's own
    # keyboard handling is tested with the controls; here the value is what matters.)
    panel.widgets["init"].setCurrentIndex(panel.widgets["init"].findData("orthogonal"))
    assert radius_shown(panel) == 1.5
    panel.widgets["recurrent_scale"].setValue(0.8)
    assert radius_shown(panel) == 0.8
    window.close()
