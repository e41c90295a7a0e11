"""calc_core.pages.rate_of_change: the page's two models against the single calc_core calls and closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import article
from calc_core import derivatives as d
from calc_core.expr import parse_function
from calc_core.pages.rate_of_change import difference_view, secant_view

DISTANCE = parse_function(article.DISTANCE_FORMULA)  # 100·tanh(0.6x): f′ = 60 sech²(0.6x)


def test_secant_view_on_the_distance_curve_is_the_calls_and_the_closed_form():
    view = secant_view(DISTANCE, 0.0, 5.0, 1.0, 0.5)
    np.testing.assert_array_equal(view.xs, d.grid(0.0, 5.0))
    np.testing.assert_array_equal(view.ys, np.asarray(d.values_and_slopes(DISTANCE, d.grid(0.0, 5.0))[0]))
    want = d.secant(DISTANCE, 1.0, 0.5)
    assert view.slope == float(want.slope) and view.exact == float(want.derivative)
    secant = 100 * (np.tanh(0.9) - np.tanh(0.6)) / 0.5
    assert view.slope == pytest.approx(secant, rel=1e-5)
    assert view.exact == pytest.approx(60 / np.cosh(0.6) ** 2, rel=1e-6)
    assert view.side.state == "differentiable" and view.exists and view.sides is None
    assert view.gap == pytest.approx(view.slope - view.exact)


def test_a_corner_has_no_derivative_two_sides_and_no_gap():
    view = secant_view(parse_function("abs(x)"), -1.0, 1.0, 0.0, 0.5)
    assert view.side.state == "kink" and not view.exists and view.gap is None
    assert view.sides == pytest.approx((-1.0, 1.0))
    assert view.slope == pytest.approx(1.0)  # (|0.5| − |0|) / 0.5


def test_difference_view_is_the_errors_and_their_best_steps():
    view = difference_view(DISTANCE, 1.0)
    want = d.difference_errors(DISTANCE, 1.0)
    np.testing.assert_array_equal(view.errors.central32, want.central32)
    assert view.errors.reference == pytest.approx(60 / np.cosh(0.6) ** 2, rel=1e-12)
    assert view.best32 == d.best_step(want.steps, want.central32)
    assert view.best64 == d.best_step(want.steps, want.central64)
    assert view.best32 > view.best64  # float32's rounding error wins at a larger step
