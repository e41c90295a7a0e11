"""Chain rule page: the article's composition, user layers, and a bad layer formula."""

import math

import numpy as np
import pytest

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def test_article_composition_local_derivatives_and_grad_agree():
    at = open_page("chain_rule")
    assert not at.exception
    t = math.tanh(2.0)
    table = at.dataframe[0].value
    np.testing.assert_allclose(table.iloc[:, 3], [1 - t**2, 2 * t], rtol=1e-5)
    assert float(at.metric[2].value) == pytest.approx(2 * t * (1 - t**2), rel=1e-5)
    assert at.success
    product, grad = trace(plotly_specs(at)[0], "dy/dx")["y"]
    assert product == pytest.approx(grad, rel=1e-6)
    assert any("tanh" in code.value for code in at.code)  # the jaxpr


def test_user_layers_and_a_bad_layer():
    at = open_page("chain_rule")
    at.radio(key="ch_mode").set_value("Choose your own").run()
    at.slider(key="ch_x").set_value(0.5).run()
    t = math.tanh(0.5)
    expected = math.cos(t**2) * 2 * t * (1 - t**2)  # default layers: tanh, then square, then sin
    assert float(at.metric[2].value) == pytest.approx(expected, rel=1e-4)
    assert float(at.metric[1].value) == pytest.approx(expected, rel=1e-4)
    at.text_input(key="ch_layer1").set_value("x^^2").run()
    assert not at.exception and at.error
    assert float(at.metric[2].value) == pytest.approx(expected, rel=1e-4)  # last good layer kept
