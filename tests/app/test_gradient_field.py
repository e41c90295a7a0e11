"""Partial derivatives and gradient field: the article's gradient, the saddle's truth, every preset, divergence."""

import numpy as np
import pytest

from calc_core import descent, surfaces
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def spec_titled(at, title):
    return next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith(title))


def test_article_gradient_and_slices_at_one_two():
    at = open_page("gradient_field")
    assert not at.exception
    assert any(r"[8,\ 7]" in latex.value for latex in at.latex)
    assert "[8, 7]" in at.caption[0].value  # jax.grad and finite differences
    assert trace(spec_titled(at, "Slice with y = 2"), "slope ∂f/∂x = 8")
    assert trace(spec_titled(at, "Slice with x = 1"), "slope ∂f/∂y = 7")


def test_the_saddle_is_taught_as_a_saddle_and_paths_run_away():
    at = open_page("gradient_field")
    warning = at.warning[0].value
    assert "eigenvalues $5$" in warning and "**saddle**" in warning
    field = spec_titled(at, "Negative gradient")
    sgd = trace(field, "Gradient descent")
    end = np.array([sgd["x"][-1], sgd["y"][-1]])
    assert end @ np.array([1.0, -1.0]) > 2.0  # escaping along (1, -1)
    assert len(field["frames"]) <= 100
    assert not at.error


@pytest.mark.parametrize("name", ["bowl", "valley", "rosenbrock", "himmelblau", "typed"])
def test_every_surface_runs_at_its_defaults_without_divergence(name):
    at = open_page("gradient_field")
    at.selectbox(key="gf_surface").set_value(name).run()
    assert not at.exception and not at.error
    default = surfaces.PRESETS.get(name, surfaces.TYPED_DEFAULT)
    assert (at.session_state["gf_sx"], at.session_state["gf_sy"]) == default.start
    field = spec_titled(at, "Negative gradient")
    assert {"Gradient descent", "Momentum", "Nesterov", "Adam", "Newton"} <= {t["name"] for t in field["data"]}


def test_a_diverging_run_stops_and_says_why():
    at = open_page("gradient_field")
    at.selectbox(key="gf_surface").set_value("bowl").run()
    at.number_input(key="gf_lr").set_value(1.5).run()  # 2/λ_max = 1 for x² + y²
    assert not at.exception
    messages = " ".join(e.value for e in at.error)
    assert "Gradient descent diverged at step" in messages and "2/λ_max = 1" in messages
    sgd = trace(spec_titled(at, "Negative gradient"), "Gradient descent")
    assert np.all(np.isfinite(sgd["x"])) and len(sgd["x"]) < 101


def test_typed_surface_with_a_bad_formula_keeps_the_last_good_one():
    at = open_page("gradient_field")
    at.selectbox(key="gf_surface").set_value("typed").run()
    at.text_input(key="gf_formula").set_value("x^2 + 3*x*y + y^2").run()
    assert any(r"[8,\ 7]" in latex.value for latex in at.latex)
    at.text_input(key="gf_formula").set_value("x^2 + 3xy").run()
    assert not at.exception and "Still showing the last good formula" in at.error[0].value
    assert any(r"[8,\ 7]" in latex.value for latex in at.latex)


def test_steps_change_gives_exact_prefix_runs_and_3d_view_only_on_request():
    at = open_page("gradient_field")
    assert not any(s["layout"]["title"]["text"].startswith("The surface") for s in plotly_specs(at))
    at.select_slider(key="gf_steps").set_value(50).run()
    assert not at.exception
    sgd = trace(spec_titled(at, "Negative gradient"), "Gradient descent")
    preset = surfaces.PRESETS["saddle"]
    expected = np.asarray(descent.run(preset.f, preset.start, "sgd", preset.lr, 50))
    np.testing.assert_allclose(np.stack([sgd["x"], sgd["y"]], 1), expected[np.isfinite(expected).all(1)], rtol=1e-6)
    assert len(trace(spec_titled(at, "Loss against step"), "Gradient descent")["x"]) <= 51
    at.toggle(key="gf_show_3d").set_value(True).run()
    assert not at.exception
    momentum = trace(spec_titled(at, "The surface"), "Momentum")
    assert len(momentum["x"]) == 51
