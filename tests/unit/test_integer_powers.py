"""Integer exponents compile to exact repeated multiplication: every derivative order is finite and right.

Closed form: d^k/dx^k x^n = n(n-1)…(n-k+1) x^(n-k), checked at 0 and at negative x for every order up to 6.
"""

import math

import jax
import numpy as np
import pytest

from calc_core import derivatives as d
from calc_core.expr import parse_function


def falling(n: int, k: int) -> int:
    return math.prod(n - j for j in range(k))


def closed_form(n: int, k: int, x: float) -> float:
    coefficient, power = falling(n, k), n - k
    if coefficient == 0:
        return 0.0
    return coefficient * x**power if power else float(coefficient)


@pytest.mark.parametrize(("text", "n"), [(f"x^{n}", n) for n in (0, 1, 2, 3, 5, 7)]
                         + [("x**4", 4), ("x^4.0", 4), ("(x)^(+6)", 6)])
def test_every_order_at_zero_and_negative_x(text, n):
    f = parse_function(text)
    points = [0.0, -1.5, -0.75, 2.0]
    got = d.derivatives_at(f, d.MAX_ORDER, points).astype(np.float64)
    assert np.isfinite(got).all()
    for k in range(d.MAX_ORDER + 1):
        want = [closed_form(n, k, x) for x in points]
        np.testing.assert_allclose(got[k], want, rtol=1e-5, atol=1e-6, err_msg=f"order {k} of {text}")


@pytest.mark.parametrize("n", [-1, -2])
def test_negative_integer_exponents_away_from_zero(n):
    f = parse_function(f"x^{n}")
    points = [-1.5, -0.75, 0.5, 2.0]
    got = d.derivatives_at(f, d.MAX_ORDER, points).astype(np.float64)
    for k in range(d.MAX_ORDER + 1):
        np.testing.assert_allclose(got[k], [closed_form(n, k, x) for x in points], rtol=1e-5)
    assert not np.isfinite(d.derivatives_at(f, 0, [0.0])[0, 0])  # a pole is not a number


def test_x_cubed_taylor_coefficients_at_zero_are_exact():
    t = d.taylor(parse_function("x^3"), 0.0, 6, np.linspace(-1, 1, 5, dtype=np.float32))
    np.testing.assert_array_equal(t.coefficients, [0, 0, 0, 1, 0, 0, 0])


def test_integer_power_compiles_to_integer_pow_and_non_integers_do_not():
    assert "integer_pow" in str(jax.make_jaxpr(parse_function("x^-2"))(1.0))
    assert "integer_pow" not in str(jax.make_jaxpr(parse_function("x^(2/3)"))(1.0))
    assert "integer_pow" not in str(jax.make_jaxpr(parse_function("x^2.5"))(1.0))
    assert float(parse_function("2^x")(3.0)) == 8.0  # a variable exponent is still a power
