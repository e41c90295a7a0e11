"""calc_core.derivatives and calc_core.chain against analytic answers and central differences."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, chain
from calc_core import derivatives as d
from calc_core.expr import parse_function


def central(f, x, h=1e-3):
    """Central difference in float64 (NumPy), an oracle independent of jax.grad."""
    return (f(x + h) - f(x - h)) / (2 * h)


def test_values_and_slopes_match_the_analytic_derivative_and_a_central_difference():
    f = parse_function(article.DISTANCE_FORMULA)
    xs = d.grid(*article.DISTANCE_RANGE)
    ys, slopes = d.values_and_slopes(f, jnp.asarray(xs))
    x64 = xs.astype(np.float64)
    np.testing.assert_allclose(ys, 100 * np.tanh(0.6 * x64), rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(slopes, 60 / np.cosh(0.6 * x64) ** 2, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(slopes, central(lambda x: 100 * np.tanh(0.6 * x), x64), rtol=1e-4, atol=1e-3)
    # the article's shape: steep between 0 and 2, flat between 3 and 5
    assert slopes[xs <= 2].min() > 2 * slopes[xs >= 3].max()


def test_secant_slope_tends_to_the_derivative():
    f = parse_function("x^3")
    s = d.secant(f, 1.0, 0.5)
    assert float(s.slope) == pytest.approx((1.5**3 - 1) / 0.5)
    assert float(s.derivative) == pytest.approx(3.0)
    gaps = [abs(float(d.secant(f, 1.0, h).slope) - 3.0) for h in (0.1, 0.01, 0.001)]
    assert gaps[0] > gaps[1] > gaps[2]


def test_difference_errors_fall_then_rise_in_float32_and_grad_has_no_step_error():
    e = d.difference_errors(parse_function("sin(x)"), 1.0)
    assert e.reference == pytest.approx(math.cos(float(np.float32(1.0))), abs=1e-15)
    for errors in (e.forward32, e.central32, e.forward64, e.central64):
        best = int(np.argmin(errors))
        assert 0 < best < len(errors) - 1  # a U shape: truncation at large Δx, rounding at small Δx
        assert errors[0] > 100 * errors[best] and errors[-1] > 100 * errors[best]
    assert e.central64.min() < 1e-9 < e.central32.min()  # float64 goes much further
    assert e.steps[int(np.argmin(e.central32))] > e.steps[int(np.argmin(e.central64))]
    assert e.grad32 < 1e-6  # jax.grad: float32 rounding only
    # at a tiny step float32 cannot even see x0 + Δx: the quotient is 0 and the error is |f'(x0)|
    assert e.forward32[0] == pytest.approx(abs(e.reference), rel=1e-6)


def test_float64_stays_local():
    d.difference_errors(parse_function("exp(x)"), 0.5)
    assert jnp.asarray(1.0).dtype == jnp.float32


@pytest.mark.parametrize("order", range(d.MAX_ORDER + 1))
def test_derivatives_of_sin_are_a_quarter_period_shift(order):
    xs = d.grid(-3, 3, 64)
    stack = d.derivatives(parse_function("sin(x)"), order, xs)
    assert stack.shape == (order + 1, 64)
    for k in range(order + 1):
        np.testing.assert_allclose(stack[k], np.sin(xs + k * np.pi / 2), atol=2e-5)


def test_derivatives_at_the_article_point_and_cached_per_order():
    f = parse_function("sin(x)")
    values = d.derivatives_at(f, 3, [article.SIN_POINT])[:, 0]
    np.testing.assert_allclose(values, article.SIN_DERIVATIVES_AT_POINT, atol=1e-4)
    assert d.derivative_on(f, 3) is d.derivative_on(parse_function("sin(x)"), 3)
    assert d.nth_derivative(f, 0) is f


def test_higher_derivatives_of_a_polynomial_and_a_central_difference_oracle():
    f = parse_function("x^5 - 2*x^3")
    x = np.float32(0.7)
    got = d.derivatives_at(f, 6, [x])[:, 0]
    exact = [x**5 - 2 * x**3, 5 * x**4 - 6 * x**2, 20 * x**3 - 12 * x, 60 * x**2 - 12, 120 * x, 120, 0]
    np.testing.assert_allclose(got, exact, rtol=1e-4, atol=1e-4)
    third = lambda t: 60 * t**2 - 12  # noqa: E731
    assert got[4] == pytest.approx(central(third, 0.7), rel=1e-4)


def test_taylor_coefficients_and_error_order():
    f = parse_function("exp(x)")
    xs = d.grid(-1, 1, 101)
    t = d.taylor(f, 0.0, 4, xs)
    np.testing.assert_allclose(t.coefficients, [1 / math.factorial(k) for k in range(5)], rtol=1e-5)
    np.testing.assert_allclose(t.error, np.abs(np.exp(xs.astype(np.float64)) - t.polynomial), atol=1e-5)
    near = np.abs(xs - 0.2) < 1e-6
    assert t.error[near][0] == pytest.approx(0.2**5 / 120, rel=0.2)  # first term left out
    assert d.taylor(f, 0.0, 6, xs).error.max() < t.error.max()


def test_tangent_frames_come_from_one_call_and_give_tan_theta():
    frames = d.tangent_frames(parse_function("x^2"), -1.0, 1.0, 120)
    assert frames.xs.shape == frames.slopes.shape == (120,)
    np.testing.assert_allclose(frames.slopes, 2 * frames.xs, atol=1e-6)
    np.testing.assert_allclose(np.tan(np.radians(frames.angles)), frames.slopes, atol=1e-4)


def test_chain_rule_article_composition():
    result = chain.chain_rule((article.layer1, article.layer2), article.CHAIN_X)
    t = math.tanh(2.0)
    np.testing.assert_allclose(result.values, [2.0, t, t**2], rtol=1e-6)
    np.testing.assert_allclose(result.local, [1 - t**2, 2 * t], rtol=1e-5)
    assert float(result.product) == pytest.approx(article.CHAIN_DERIVATIVE, abs=1e-4)
    assert float(result.autodiff) == pytest.approx(float(result.product), rel=1e-6)
    assert float(result.autodiff) == pytest.approx(central(lambda x: np.tanh(x) ** 2, 2.0), rel=1e-5)


def test_chain_rule_user_layers_agree_with_grad_and_central_difference():
    layers = tuple(parse_function(t) for t in ("sin(x)", "x^2", "exp(x)"))
    x = 0.4
    result = chain.chain_rule(layers, x)
    oracle = central(lambda v: np.exp(np.sin(v) ** 2), x)
    assert float(result.product) == pytest.approx(oracle, rel=1e-4)
    assert float(result.autodiff) == pytest.approx(oracle, rel=1e-4)
    assert chain.compose(layers) is chain.compose(tuple(parse_function(t) for t in ("sin(x)", "x^2", "exp(x)")))


def test_gradient_jaxpr_shows_the_primitives():
    text = chain.gradient_jaxpr((article.layer1, article.layer2), 2.0)
    assert "tanh" in text and "mul" in text and text.startswith("{ lambda")


def test_jit_compiles_once_per_function_and_shape():
    f = parse_function("x^2 + 1")
    xs = jnp.asarray(d.grid(0, 1))
    d.values_and_slopes(f, xs)
    before = d.values_and_slopes._cache_size()
    d.values_and_slopes(f, xs + 1.0)
    d.secant(f, 0.3, 0.1), d.secant(f, 0.7, 0.01)
    assert d.values_and_slopes._cache_size() == before
    assert jax.device_get(d.secant(f, 0.7, 0.01).derivative) == pytest.approx(1.4)
