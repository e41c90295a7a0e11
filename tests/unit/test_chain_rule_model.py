"""calc_core.pages.chain_rule: the chain-rule page's model against chain.chain_rule and the article's tanh² at 2."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import article, chain
from calc_core.expr import parse_function
from calc_core.pages.chain_rule import chain_view

LAYERS = (article.layer1, article.layer2)


def test_article_layers_at_2_agree_with_the_closed_form():
    view = chain_view(LAYERS, article.CHAIN_X)
    want = chain.chain_rule(LAYERS, article.CHAIN_X)
    np.testing.assert_array_equal(view.values, np.asarray(want.values, np.float64))
    np.testing.assert_array_equal(view.local, np.asarray(want.local, np.float64))
    t = np.tanh(2.0)
    np.testing.assert_allclose(view.values, [2.0, t, t**2], rtol=1e-6)
    np.testing.assert_allclose(view.local, [1 - t**2, 2 * t], rtol=1e-6)
    assert float(view.result.product) == pytest.approx(article.CHAIN_DERIVATIVE, abs=5e-5)
    assert view.verdict == "agree" == chain.agreement(want)
    assert view.jaxpr == chain.gradient_jaxpr(LAYERS, article.CHAIN_X) and "tanh" in view.jaxpr


def test_a_layer_that_is_not_finite_is_said():
    view = chain_view((parse_function("log(x)"),), -1.0)
    assert view.verdict == "not finite" and view.values.shape == (2,) and view.local.shape == (1,)
