"""calc_core.pages.extrema: the page's model against critical.critical_points and x³ − 2x's closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import critical
from calc_core import derivatives as d
from calc_core.expr import parse_function
from calc_core.pages.extrema import extrema_curves, extrema_view, value_size

CUBIC = parse_function("x^3 - 2*x")


def test_view_is_critical_points_and_the_grid():
    view = extrema_view(CUBIC, -2.0, 2.0)
    assert view.found == critical.critical_points(CUBIC, -2.0, 2.0)
    np.testing.assert_array_equal(view.xs, d.grid(-2.0, 2.0))
    root = np.sqrt(2 / 3)  # f′ = 3x² − 2 = 0; f″ = 6x decides
    np.testing.assert_allclose([p.x for p in view.found.points], [-root, root], atol=1e-4)
    assert [p.kind for p in view.found.points] == ["maximum", "minimum"]
    assert view.found.minimum.xs == (pytest.approx(-2.0),) and view.found.minimum.y == pytest.approx(-4.0)


def test_curves_are_f_alone_while_hidden_and_f_f1_f2_after():
    xs = d.grid(-2.0, 2.0)
    hidden, shown = extrema_curves(CUBIC, xs, hidden=True), extrema_curves(CUBIC, xs, hidden=False)
    assert hidden.shape == (1, xs.size) and shown.shape == (3, xs.size)
    np.testing.assert_array_equal(hidden, d.derivatives(CUBIC, 0, xs))
    np.testing.assert_array_equal(shown, d.derivatives(CUBIC, 2, xs))
    x = xs.astype(np.float64)
    np.testing.assert_allclose(shown, [x**3 - 2 * x, 3 * x**2 - 2, 6 * x], atol=1e-5)


def test_value_size_is_the_largest_finite_f_at_the_ends_and_extremes():
    assert value_size(extrema_view(CUBIC, -2.0, 2.0).found) == pytest.approx(4.0)  # f(±2) = ±4
    assert value_size(extrema_view(parse_function("0*x"), -1.0, 1.0).found) == 1e-30
