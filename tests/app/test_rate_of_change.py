"""Rate of change page: Δx and x₀ change the secant in the figure; a bad formula keeps the last figure."""

import numpy as np
import pytest

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs


def secant_slope(spec):
    secant = [t for t in spec["data"] if t["name"].startswith("secant")][0]
    return float(np.diff(secant["y"])[0] / np.diff(secant["x"])[0])


def test_secant_slope_follows_dx_and_matches_the_distance_curve():
    at = open_page("rate_of_change")
    assert not at.exception
    f = lambda t: 100 * np.tanh(0.6 * t)  # noqa: E731
    assert secant_slope(plotly_specs(at)[0]) == pytest.approx(f(2.0) - f(1.0), rel=1e-4)
    at.select_slider(key="roc_dx").set_value(0.01).run()
    slope = secant_slope(plotly_specs(at)[0])
    assert slope == pytest.approx((f(1.01) - f(1.0)) / 0.01, rel=1e-3)
    assert at.metric[1].value == f"{60 / np.cosh(0.6) ** 2:.6g}"
    errors = plotly_specs(at)[1]
    assert errors["layout"]["xaxis"]["type"] == "log"


def test_typed_function_and_bad_formula_keeps_the_last_figure():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("x^2").run()
    at.slider(key="roc_x0").set_value(2.0).run()
    assert secant_slope(plotly_specs(at)[0]) == pytest.approx(5.0, rel=1e-5)  # (9 - 4) / 1
    at.text_input(key="roc_formula").set_value("x^2 +* 3").run()
    assert not at.exception
    assert at.error and "malformed" in at.error[0].value
    assert secant_slope(plotly_specs(at)[0]) == pytest.approx(5.0, rel=1e-5)


def test_undefined_points_are_masked_with_a_note():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("log(x - 2)").run()
    assert not at.exception
    notes = [a["text"] for a in plotly_specs(at)[0]["layout"].get("annotations", [])]
    assert any("not finite" in n for n in notes)
    assert at.warning  # f undefined at x0 = 1


def test_abs_at_zero_shows_both_one_sided_slopes_and_no_derivative():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("abs(x)").run()
    at.slider(key="roc_range").set_value((-2.0, 2.0)).run()
    at.slider(key="roc_x0").set_value(0.0).run()
    assert not at.exception
    assert at.metric[1].value == "does not exist"  # jax.grad's 1.0 is a convention, not f′(0)
    note = " ".join(w.value for w in at.warning)
    assert "the slope from the left is -1; the slope from the right is 1" in note and "f′(x₀) does not exist" in note
    names = [t["name"] for t in plotly_specs(at)[0]["data"]]
    assert "slope from the left -1" in names and "slope from the right 1" in names
    assert not any(n.startswith("tangent") for n in names)


def test_sqrt_at_zero_is_defined_and_its_derivative_is_infinite():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("sqrt(x)").run()
    at.slider(key="roc_x0").set_value(0.0).run()  # the default range starts at 0
    assert not at.exception
    note = " ".join(w.value for w in at.warning)
    assert "f(0) = 0 is defined, but f′ is infinite" in note
    assert "not defined (or not finite) at" not in note
    assert at.metric[1].value == "infinite"


def test_a_secant_slope_that_is_not_finite_is_said_in_words():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("1/(x - 2)").run()
    at.slider(key="roc_x0").set_value(1.0).run()
    at.select_slider(key="roc_dx").set_value(1.0).run()  # x₀ + Δx = 2 is the pole
    assert not at.exception
    assert at.metric[0].value == "not finite"
    assert any("secant slope is not a finite number" in w.value for w in at.warning)


def test_smooth_point_keeps_the_plain_derivative():
    at = open_page("rate_of_change")
    at.text_input(key="roc_formula").set_value("abs(x)").run()
    at.slider(key="roc_x0").set_value(1.0).run()
    assert at.metric[1].value == "1" and not at.warning
