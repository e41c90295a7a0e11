"""Higher-order page: the order control adds curves; values at π/4 match the article; Taylor overlays."""

import numpy as np

from calc_core import article
from tests.app.conftest import open_page
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
