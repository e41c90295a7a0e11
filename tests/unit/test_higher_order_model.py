"""calc_core.pages.higher_order: the page's three models against the single calc_core calls and sin's closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from calc_core import article
from calc_core import derivatives as d
from calc_core.expr import parse_function
from calc_core.pages.higher_order import NEAR_RADIUS, curves_view, taylor_view, values_view

SIN = parse_function("sin(x)")


def test_curves_are_sin_shifted_by_quarter_periods():
    view = curves_view(SIN, -6.3, 6.3, 3)
    assert view.xs.shape == (d.GRID_POINTS,) and view.stack.shape == (4, d.GRID_POINTS)
    np.testing.assert_array_equal(view.xs, d.grid(-6.3, 6.3))
    np.testing.assert_array_equal(view.stack, d.derivatives(SIN, 3, view.xs))
    for k in range(4):  # dᵏ/dxᵏ sin x = sin(x + kπ/2)
        np.testing.assert_allclose(view.stack[k], np.sin(view.xs.astype(np.float64) + k * np.pi / 2), atol=1e-5)


def test_values_at_a_point_are_the_calls_and_sin_cos_at_pi_over_4():
    view = values_view(SIN, 4, article.SIN_POINT)
    np.testing.assert_array_equal(view.values, d.derivatives_at(SIN, 4, [article.SIN_POINT])[:, 0])
    np.testing.assert_array_equal(view.values64, d.derivatives_at64(SIN, 4, [article.SIN_POINT])[:, 0])
    x = float(np.float32(article.SIN_POINT))
    np.testing.assert_allclose(view.values64, [np.sin(x + k * np.pi / 2) for k in range(5)], rtol=1e-6)
    assert view.status == ["ok"] * 5 and view.trusted
    assert view.spacing == float(np.spacing(np.float32(article.SIN_POINT)))


def test_untrustworthy_values_are_flagged():
    view = values_view(parse_function("sqrt(x)"), 2, -1.0)
    assert view.status == d.value_status(view.values, view.values64) and not view.trusted
    assert "nan" in view.status


def test_taylor_of_sin_around_zero_is_its_series():
    xs = d.grid(-3.0, 3.0)
    view = taylor_view(SIN, 0.0, 3, xs)
    want = d.taylor(SIN, 0.0, 3, xs)
    np.testing.assert_array_equal(view.taylor.polynomial, want.polynomial)
    np.testing.assert_allclose(view.taylor.coefficients, [0, 1, 0, -1 / 6], atol=1e-7)
    assert view.order == 5 and view.rule_applies  # sin's x⁴ term is 0: the first left out is −x⁵/120
    assert (view.order, True) == d.error_order(SIN, 0.0, 3)
    assert view.factorials == (1, 1, 2, 6) and view.trusted
    near = np.abs(xs) <= NEAR_RADIUS
    assert view.near == pytest.approx(float(np.max(want.error[near])))
    edge = float(np.max(np.abs(xs[near])))  # the error grows away from 0: largest at the edge, sin x − x + x³/6
    assert view.near == pytest.approx(np.sin(edge) - edge + edge**3 / 6, rel=1e-3)


def test_taylor_at_a_corner_does_not_apply_the_rule():
    view = taylor_view(parse_function("abs(x)"), 0.0, 2, d.grid(-1.0, 1.0))
    assert d.one_sided(parse_function("abs(x)"), 0.0).state == "kink" and not view.rule_applies
    assert view.factorials == tuple(math.factorial(k) for k in range(3))


def test_a_point_beyond_float32_has_no_spacing_and_no_trusted_value():
    with np.errstate(over="ignore"):  # derivatives_at's own cast of the point overflows
        view = values_view(SIN, 1, 1e300)
    assert np.isnan(view.spacing) and not view.trusted
