"""Higher-order page: the order control adds curves; values at π/4 match the article; Taylor overlays."""

import numpy as np

from calc_core import article
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def test_order_control_and_sin_phase_shift():
    at = open_page("higher_order")
    assert not at.exception
    at.slider(key="ho_order").set_value(6).run()
    spec = plotly_specs(at)[0]
    assert len(spec["data"]) == 7
    xs = trace(spec, "f")["x"]
    np.testing.assert_allclose(trace(spec, "f⁽⁶⁾")["y"], np.sin(xs + 3 * np.pi), atol=1e-4)
    values = at.dataframe[0].value.iloc[:4, 1].to_numpy()
    np.testing.assert_allclose(values, article.SIN_DERIVATIVES_AT_POINT, atol=1e-4)


def test_taylor_degree_and_centre():
    at = open_page("higher_order")
    at.slider(key="ho_center").set_value(0.0).run()
    at.slider(key="ho_degree").set_value(5).run()
    spec = plotly_specs(at)[1]
    xs = trace(spec, "f(x)")["x"]
    poly = trace(spec, "Taylor polynomial, degree 5")["y"]
    np.testing.assert_allclose(poly, xs - xs**3 / 6 + xs**5 / 120, rtol=1e-4, atol=1e-4)
    error = trace(spec, "|f − T|")["y"]
    assert error[np.argmin(np.abs(xs))] < 1e-6 and error.max() > 1


def test_taylor_caption_names_the_first_omitted_order_for_sin_at_zero_degree_three():
    at = open_page("higher_order")
    at.slider(key="ho_center").set_value(0.0).run()
    at.slider(key="ho_degree").set_value(3).run()
    captions = " ".join(c.value for c in at.caption)
    assert "error shrinks like |x − a|⁵" in captions  # sin⁽⁴⁾(0) = 0: the first term left out is x⁵/5!
    assert "log–log" not in captions and "slope 4" not in captions
    at.slider(key="ho_center").set_value(1.0).run()
    assert "error shrinks like |x − a|⁴" in " ".join(c.value for c in at.caption)  # sin⁽⁴⁾(1) = sin 1 ≠ 0


def test_x_cubed_at_zero_has_finite_derivatives_and_coefficients_to_order_six():
    at = open_page("higher_order")
    at.text_input(key="ho_formula").set_value("x^3").run()
    at.slider(key="ho_order").set_value(6).run()
    at.number_input(key="ho_point").set_value(0.0).run()
    at.slider(key="ho_center").set_value(0.0).run()
    at.slider(key="ho_degree").set_value(6).run()
    assert not at.exception
    values = at.dataframe[0].value.iloc[:, 1].to_numpy()
    np.testing.assert_array_equal(values, [0, 0, 0, 6, 0, 0, 0])  # x³, 3x², 6x, 6, 0, 0, 0 at 0
    coefficients = [c.value for c in at.caption if c.value.startswith("Coefficients")][0]
    assert coefficients.startswith("Coefficients f⁽ᵏ⁾(a)/k!: 0, 0, 0, 1, 0, 0, 0 ")
    assert "nan" not in coefficients and not at.warning


def test_float32_unresolved_and_infinite_values_are_said_in_words():
    at = open_page("higher_order")
    at.number_input(key="ho_point").set_value(1e20).run()
    assert not at.exception
    trust = list(at.dataframe[0].value["trust"])
    assert trust[0] == f"float32 cannot resolve it (float64: {np.sin(1e20):.4g})"  # −0.6452
    assert at.warning
    at.text_input(key="ho_formula").set_value("1/x").run()
    at.number_input(key="ho_point").set_value(0.0).run()
    assert list(at.dataframe[0].value["trust"])[0] == "infinite here, not a number"


def test_taylor_at_a_point_where_f_is_not_smooth_says_so_in_words():
    at = open_page("higher_order")
    at.text_input(key="ho_formula").set_value("sqrt(x)").run()
    at.slider(key="ho_range").set_value((0.0, 4.0)).run()
    at.slider(key="ho_center").set_value(0.0).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Coefficients f⁽ᵏ⁾(a)/k!: 0, infinite, infinite, infinite" in captions  # √x: f′(0) = +∞, …
    assert "f is not smooth at a" in captions and "nan" not in captions
    assert any("not finite numbers" in w.value for w in at.warning)
