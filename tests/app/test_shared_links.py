"""A copied link opens the same view: bound widgets (``bind=ui.SHARE``) take their values from the address."""

import numpy as np
import pytest

from calc_core import surfaces
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def test_descent_link_restores_formula_and_learning_rate():
    at = open_page("descent_1d", query={"d1_formula": "(x - 1)^2", "d1_lr": "0.3"})
    assert not at.exception
    assert at.text_input(key="d1_formula").value == "(x - 1)^2"
    assert at.slider(key="d1_lr").value == pytest.approx(0.3)
    # x0 = 0, curvature 2, lr 0.3: the error shrinks by 0.4 per step, so 50 steps land on the minimum x = 1
    assert metric(at, "x_k") == "1.0000"


def test_gradient_field_link_naming_only_the_surface_uses_that_surfaces_defaults():
    at = open_page("gradient_field", query={"gf_surface": "Rosenbrock"})
    assert not at.exception
    assert at.selectbox(key="gf_surface").value == "rosenbrock"
    start = surfaces.PRESETS["rosenbrock"].start
    assert (at.number_input(key="gf_sx").value, at.number_input(key="gf_sy").value) == pytest.approx(start)
    field = next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("Negative gradient"))
    sgd = trace(field, "Gradient descent")
    np.testing.assert_allclose([sgd["x"][0], sgd["y"][0]], start, atol=1e-6)  # the race starts there


def test_network_link_restores_the_architecture():
    at = open_page("neural_network", query={"nn_width": "64", "nn_activation": "tanh", "nn_lr": "0.03"})
    assert not at.exception
    assert at.select_slider(key="nn_width").value == 64
    assert at.selectbox(key="nn_activation").value == "tanh"
    assert at.select_slider(key="nn_lr").value == pytest.approx(0.03)
    assert [np.asarray(w).shape for w, _ in at.session_state["nn_params"]] == [(1, 64), (64, 64), (64, 1)]


@pytest.mark.parametrize("text", ["__import__('os').system('id')", "x.__class__", "open('/etc/passwd')"])
def test_a_hostile_formula_in_a_link_is_refused_like_a_typed_one(text):
    at = open_page("descent_1d", query={"d1_formula": text})
    assert not at.exception
    assert any("Still showing the last good formula" in e.value for e in at.error)
    assert metric(at, "x_k") == "3.0000"  # the page keeps working on the default (x - 3)^2 + 1
