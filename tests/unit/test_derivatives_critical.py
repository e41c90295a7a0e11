"""calc_core.critical: every critical point found, refined and classified honestly."""

import numpy as np
import pytest

from calc_core import critical
from calc_core.expr import parse_function


def kinds(text, a, b):
    found = critical.critical_points(parse_function(text), a, b)
    return [(round(p.x, 4), p.kind) for p in found.points], found


def test_cubic_minus_linear_has_a_maximum_and_a_minimum():
    points, found = kinds("x^3 - 2*x", -2.0, 2.0)
    r = np.sqrt(2 / 3)
    assert points == [(round(-r, 4), "maximum"), (round(r, 4), "minimum")]
    for p in found.points:
        assert p.second == pytest.approx(6 * p.x, rel=1e-4)  # f'' = 6x
        assert p.order == 2 and p.found_by == "sign change"


def test_x_cubed_touching_zero_is_an_inflection_point_not_an_extremum():
    points, found = kinds("x^3", -2.0, 2.5)  # the grid misses 0: only the touching test can find it
    assert points == [(0.0, "inflection point")]
    assert found.points[0].found_by == "touching zero" and found.points[0].order == 3


def test_x_to_the_fourth_is_a_minimum_decided_by_the_fourth_derivative():
    points, found = kinds("x^4", -2.0, 2.3)
    assert points == [(0.0, "minimum")] and found.points[0].order == 4


def test_double_root_of_f_prime_inside_a_sign_change_pattern():
    # f' = (x - 1)(x + 1)^2 (5x - 1): touching zero at -1, simple zeros at 0.2 and 1
    points, _ = kinds("(x-1)^2*(x+1)^3", -2.0, 2.3)
    assert points == [(-1.0, "inflection point"), (0.2, "maximum"), (1.0, "minimum")]


def test_sin_on_a_wide_interval_alternates():
    points, _ = kinds("sin(x)", -7.0, 7.0)
    expected = [-3 * np.pi / 2, -np.pi / 2, np.pi / 2, 3 * np.pi / 2]
    np.testing.assert_allclose([x for x, _ in points], expected, atol=1e-4)
    assert [k for _, k in points] == ["maximum", "minimum", "maximum", "minimum"]


def test_none_on_the_interval_is_said_and_the_ends_are_classified():
    points, found = kinds("100*tanh(0.6*x)", 0.0, 5.0)
    assert points == []
    left, right = found.ends
    assert left.kind == "local minimum" and right.kind == "local maximum"
    assert found.lowest == 0.0 and found.highest == 5.0


def test_a_slope_that_never_reaches_zero_gives_no_point():
    points, found = kinds("x^3/3 + 0.001*x", -1.0, 1.3)  # f' = x² + 0.001 > 0: a near miss
    assert points == []
    assert not found.jumps


def test_corner_is_reported_as_a_jump_not_as_a_zero():
    points, found = kinds("abs(x - 0.3)", -1.0, 2.0)
    assert points == []
    assert len(found.jumps) == 1 and found.jumps[0] == pytest.approx(0.3, abs=1e-5)
    assert found.lowest == pytest.approx(0.3, abs=1e-5) or found.lowest in (-1.0, 2.0)


def test_constant_and_plateau():
    _, found = kinds("3", 0.0, 1.0)
    assert found.constant and found.points == ()
    _, found = kinds("relu(x)", -5.0, 1.0)
    assert len(found.flats) == 1 and found.flats[0][0] == -5.0


def test_classify_rules():
    flat = np.full(7, 1e-6)
    assert critical.classify(np.array([0, 0, 2.0, 0, 0, 0, 0]), flat) == ("minimum", 2)
    assert critical.classify(np.array([0, 0, -2.0, 0, 0, 0, 0]), flat) == ("maximum", 2)
    assert critical.classify(np.array([0, 0, 0, 6.0, 0, 0, 0]), flat) == ("inflection point", 3)
    assert critical.classify(np.array([0, 0, 0, 0, -24.0, 0, 0]), flat) == ("maximum", 4)
    assert critical.classify(np.zeros(7), flat) == ("inconclusive", 0)
    assert critical.classify(np.array([0, 0, np.nan, 0, 0, 0, 0]), flat) == ("inconclusive", 0)


def test_refined_points_are_zeros_of_f_prime_to_float32_accuracy():
    f = parse_function("x*exp(-x^2)")
    found = critical.critical_points(f, -3.0, 3.0)
    np.testing.assert_allclose([p.x for p in found.points], [-np.sqrt(0.5), np.sqrt(0.5)], atol=1e-6)


def test_bad_interval_is_refused():
    with pytest.raises(ValueError):
        critical.critical_points(parse_function("x^2"), 1.0, 1.0)
