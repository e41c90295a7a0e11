"""Extrema page: the table and the markers for presets, an empty interval, the ends, and the issue's cases.

Every expected answer is a closed form: abs(x) is smallest at its corner 0; exp(x) − 2x has f″(ln 2) = 2 > 0;
x^(2/3) is 0 at 0 with an infinite slope there; x³ − 2x on [−2, 2] is lowest at the end −2 (f = −4 < −1.09).
"""

import numpy as np

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def typed(text, interval):
    at = open_page("extrema")
    at.text_input(key="ext_formula_0").set_value(text).run()
    at.slider(key="ext_range_0").set_value(interval).run()
    assert not at.exception
    return at


def page_text(at):
    return " ".join([m.value for m in at.markdown] + [w.value for w in at.warning] + [i.value for i in at.info])


def test_default_cubic_has_one_local_maximum_and_one_local_minimum_and_the_ends_win():
    at = open_page("extrema")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["local maximum", "local minimum"]  # f(−2) = −4 and f(2) = 4 go further
    np.testing.assert_allclose(table["x"], [-np.sqrt(2 / 3), np.sqrt(2 / 3)], atol=1e-4)
    spec = plotly_specs(at)[0]
    np.testing.assert_allclose(trace(spec, "minimum")["x"], [np.sqrt(2 / 3)], atol=1e-4)
    text = page_text(at)
    assert "Smallest f on [-2, 2]: f = -4 at x = -2." in text
    assert "Largest f on [-2, 2]: f = 4 at x = 2." in text


def test_x4_is_a_minimum_decided_by_the_fourth_derivative():
    at = open_page("extrema")
    at.selectbox(key="ext_preset").set_value("x⁴ (f″ = 0, still a minimum)").run()
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["global minimum"] and list(table["decided by"]) == ["f⁽⁴⁾"]


def test_none_inside_is_said_and_the_ends_are_explained():
    at = open_page("extrema")
    at.selectbox(key="ext_preset").set_value("Distance curve (none inside)").run()
    assert not at.exception
    assert any("No critical point" in info.value for info in at.info)
    text = " ".join(m.value for m in at.markdown)
    assert "left end x = 0" in text and "local minimum" in text and "right end x = 5" in text
    spec = plotly_specs(at)[0]
    np.testing.assert_allclose(trace(spec, "interval ends")["x"], [0, 5])


def test_typed_corner_gives_a_warning_and_a_changed_interval_moves_the_ends():
    at = open_page("extrema")
    at.text_input(key="ext_formula_0").set_value("abs(x - 0.5)").run()
    assert any("changes sign without passing through 0" in w.value for w in at.warning)
    at.slider(key="ext_range_0").set_value((-1.0, 3.0)).run()
    np.testing.assert_allclose(trace(plotly_specs(at)[0], "interval ends")["x"], [-1, 3])


def test_abs_on_minus_ten_to_ten_is_smallest_at_its_corner_and_largest_at_both_ends():
    at = typed("abs(x)", (-10.0, 10.0))
    text = page_text(at)
    np.testing.assert_allclose(trace(plotly_specs(at)[0], "f′ undefined (corner, cusp)")["x"], [0], atol=1e-6)
    assert "Smallest f on [-10, 10]: f = 0 at x = 0." in text
    assert "Largest f on [-10, 10]: f = 10 at x = -10 and x = 10 (equal values)." in text
    assert "f′ does not exist" in text


def test_exp_minus_2x_minimum_at_ln2_is_decided_by_the_second_derivative():
    at = typed("exp(x) - 2*x", (-10.0, 10.0))
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["global minimum"] and list(table["decided by"]) == ["f″"]
    np.testing.assert_allclose(table["x"], [np.log(2)], atol=1e-5)
    assert float(table["f″(x)"][0]) == 2.0
    assert f"f = {2 - 2 * np.log(2):.4g} at x = {np.log(2):.4g}." in page_text(at)


def test_x_to_two_thirds_at_an_end_says_f_prime_does_not_exist_never_flat():
    text = page_text(typed("x^(2/3)", (0.0, 2.0)))
    assert "f′ ≈ 0" not in text
    assert "left end x = 0: f(0) = 0 is defined, but f′ does not exist there" in text
    assert "Smallest f on [0, 2]: f = 0 at x = 0." in text
    assert f"Largest f on [0, 2]: f = {2 ** (2 / 3):.4g} at x = 2." in text


def test_undefined_part_of_the_interval_is_a_hedge_not_a_claim():
    at = typed("x^(2/3)", (-1.0, 2.0))  # jnp.power of a negative base with exponent 2/3 is nan
    hedges = " ".join(w.value for w in at.warning)
    assert "Unsure about the smallest value" in hedges and "undefined or infinite somewhere" in hedges
    assert "Smallest f on" not in page_text(at)


def test_a_pole_is_never_reported_as_the_largest_value():
    at = typed("1/(x - 0.3)", (-1.0, 1.0))
    hedges = " ".join(w.value for w in at.warning)
    assert "Unsure about the smallest value" in hedges and "Unsure about the largest value" in hedges
    assert "Largest f on" not in page_text(at)
