"""Extrema page: the table and the markers for presets, an empty interval, and the ends."""

import numpy as np

from tests.app.conftest import open_page
from tests.figure_spec import plotly_specs, trace


def test_default_cubic_has_one_maximum_and_one_minimum():
    at = open_page("extrema")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["maximum", "minimum"]
    np.testing.assert_allclose(table["x"], [-np.sqrt(2 / 3), np.sqrt(2 / 3)], atol=1e-4)
    spec = plotly_specs(at)[0]
    np.testing.assert_allclose(trace(spec, "minimum")["x"], [np.sqrt(2 / 3)], atol=1e-4)


def test_x4_is_a_minimum_decided_by_the_fourth_derivative():
    at = open_page("extrema")
    at.selectbox(key="ext_preset").set_value("x⁴ (f″ = 0, still a minimum)").run()
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["minimum"] and list(table["decided by"]) == ["f⁽⁴⁾"]


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
