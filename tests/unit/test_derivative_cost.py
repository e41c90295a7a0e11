"""What a formula's derivative programs may cost (issue 10): repeated jax.grad grows exponentially with the order,
so past a budget of traced equations the derivatives come from Taylor mode (jax.experimental.jet), and past a
second budget an order is refused in words. Sizes are asserted, never times (compile times are in the report and
bench/bench_derivatives.py).

Every value is checked against tests/oracle.py (independent float64 Taylor series over Python's ast) or against
an equivalent formula the oracle knows (tan = sin/cos, arctan′ = 1/(1 + x²), …), never calc_core against itself.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calc_core import derivatives as d
from calc_core.expr import ExpressionError, parse_function
from tests import oracle
from tests.fuzzing import FUZZING
from tests.unit.test_expr_limits import FORMULAS

PRODUCT13 = "*".join(["sin(x)"] * 13)
WORST = [  # the shapes the issue measured, at the parser's limits
    PRODUCT13, "x^x^x", "sin(x)^3", "*".join(["x"] * 40), "*".join(f"(x+{i})" for i in range(1, 17)),
    "sin(exp(cos(tanh(x))))", "exp(sin(x)*cos(x)*exp(x)*log(x)*sqrt(x)*tanh(x))",
    "x^x^x*x^x^x*x^x^x*x^x^x*x^x^x",
]
OVER = {  # accepted formulas whose Taylor-mode program of order 6 is over TAYLOR_BUDGET: the orders they keep
    "tan(x)*arctan(x)*arcsin(x/2)*arccos(x/2)*softplus(x)*sigmoid(x)": 5,
    "*".join(["sin(x)"] * 26): 3,  # 77 pieces; order 4 is predicted over the budget (k^1.6 from order 2)
}


def fact(order: int) -> np.ndarray:
    return np.array([math.factorial(k) for k in range(order + 1)], np.float64)


def close(got: np.ndarray, want: np.ndarray, rtol: float) -> bool:
    """Every order within ``rtol`` of the largest |order| (a derivative table shares one scale) or of itself, or
    within rounding (1e-12) of a table of zeros."""
    tol = rtol * (np.abs(want) + np.abs(want).max()) + 1e-12
    return bool(np.all(np.abs(np.asarray(got, np.float64) - want) <= tol))


@pytest.mark.parametrize("text", [PRODUCT13, "x^x^x"])
def test_order_six_table_of_the_issues_formulas_is_right_or_refused_in_words(text):
    """The issue's cases: f..f⁽⁶⁾ at a point are computed and equal the oracle's, or refused with a message."""
    f = parse_function(text)
    x = float(np.float32(0.7))
    if d.highest_order(f) < d.MAX_ORDER:
        with pytest.raises(d.CostlyOrder, match="not computed for this formula"):
            d.derivatives_at(f, d.MAX_ORDER, [x])
        return
    want = oracle.derivatives(text, x)
    assert close(d.derivatives_at64(f, d.MAX_ORDER, [x])[:, 0], want, 1e-9)
    assert close(d.derivatives_at(f, d.MAX_ORDER, [x])[:, 0], want, 1e-4)
    assert not d.by_repeated_grad(f, d.MAX_ORDER), "repeated grad's program would be far over the budget"


@pytest.mark.parametrize(("text", "top"), [(text, d.MAX_ORDER) for text in WORST] + list(OVER.items()))
def test_the_programs_of_the_worst_accepted_formulas_stay_within_the_budgets(text, top):
    """At the parser's limits: the repeated-grad programs used total at most GRAD_BUDGET, the Taylor-mode program
    at most TAYLOR_BUDGET; no traced program is far over a budget. Orders above the top are refused in words."""
    f = parse_function(text)
    assert_within_budgets(f)
    assert d.highest_order(f) == top
    if top < d.MAX_ORDER:
        with pytest.raises(d.CostlyOrder, match=f"derivatives above order {top} are not computed"):
            d.derivatives(f, top + 1, d.grid(0.1, 0.9))


@contextlib.contextmanager
def traced_sizes():
    """Record the size of every program measured meanwhile (a spy: the real calc_core.program_size runs)."""
    real, seen = d.program_size, []

    def spy(jaxpr):
        size = real(jaxpr)
        seen.append(size)
        return size

    d.program_size = spy
    try:
        yield seen
    finally:
        d.program_size = real


def assert_within_budgets(f) -> None:
    """The property: what the pages compile for ``f`` (orders 0..MAX_ORDER) fits the budgets, and measuring it
    traced no program much larger than a budget."""
    with traced_sizes() as seen:
        used = [k for k in range(d.MAX_ORDER + 1) if d.by_repeated_grad(f, k)]
        top = d.highest_order(f)
    assert used == list(range(len(used))) and len(used) >= 2  # a prefix of orders: 0 and 1 always
    if len(used) > 2:
        assert sum(d.grad_size(f, k) for k in used) <= d.GRAD_BUDGET
    if len(used) <= top:  # the orders above repeated grad come from one Taylor-mode program
        assert d.taylor_size(f, top) <= d.TAYLOR_BUDGET
    assert max(seen, default=0) <= 2 * max(d.GRAD_BUDGET, d.TAYLOR_BUDGET), "measuring traced a huge program"


@settings(max_examples=400 if FUZZING else 12, deadline=None)
@given(FORMULAS)
@example("*".join(["sin(x)"] * 13))
@example("x^x^x")
def test_every_accepted_formulas_derivative_programs_stay_within_the_budgets(text):
    """Fuzzer (the issue's grammar from test_expr_limits): an accepted formula's programs fit the budgets, and
    an order above the highest one offered is refused in words."""
    try:
        f = parse_function(text)
    except ExpressionError:
        assume(False)
    assert_within_budgets(f)
    top = d.highest_order(f)
    if top < d.MAX_ORDER:
        with pytest.raises(d.CostlyOrder, match=f"above order {top} are not computed"):
            d.nth_derivative(f, top + 1)


# --- Taylor mode is right -------------------------------------------------------------------------------------
def taylor64(text: str, x: float, order: int = d.MAX_ORDER) -> np.ndarray:
    """f..f⁽ᵒʳᵈᵉʳ⁾ of ``text`` at ``x`` by Taylor mode in float64, whatever the budget would choose."""
    import jax
    import jax.numpy as jnp

    with jax.enable_x64(True):
        return np.asarray(d.taylor_on(parse_function(text), order)(jnp.asarray([x], jnp.float64)), np.float64)[:, 0]


@settings(max_examples=200 if FUZZING else 25, deadline=None)
@given(text=oracle.formulas(), x0=st.integers(-30, 25).map(lambda k: k / 10))
def test_taylor_mode_matches_the_oracle_on_the_oracles_grammar(text, x0):
    """Forced on small formulas too: Taylor mode's f..f⁽⁶⁾ equal the oracle's wherever f is smooth."""
    x = x0 + 0.013  # off the grid of shifts, so kinks and domain edges are not hit exactly
    try:
        want = oracle.derivatives(text, x)
    except oracle.NotSmooth:
        assume(False)
    assume(np.abs(want).max() < 1e12)
    assert close(taylor64(text, x), want, 1e-8), (text, x, taylor64(text, x), want)


@pytest.mark.parametrize(("text", "same", "shift"), [
    ("tan(x)", "sin(x)/cos(x)", 0),  # jet has no rule for tan, atan, asin, acos: they are rewritten
    ("arctan(x)", "1/(1 + x^2)", 1),  # arctan′ = 1/(1 + x²): orders 1..6 of arctan are orders 0..5 of it
    ("arcsin(x)", "1/sqrt(1 - x^2)", 1),
    ("arccos(x)", "-1/sqrt(1 - x^2)", 1),
    ("sigmoid(x)", "1/(1 + exp(-x))", 0),
    ("softplus(x)", "log(1 + exp(x))", 0),  # a custom_jvp in JAX: Taylor mode inlines it
    ("log10(x)", "log(x)/2.302585092994046", 0),
    ("cosh(x)*sinh(x)", "(exp(x) + exp(-x))*(exp(x) - exp(-x))/4", 0),
    ("relu(x)*x + maximum(x, 0.25)^2", "x^2 + x^2", 0),  # at x > 0.25 both maxima pick x
])
@pytest.mark.parametrize("x", [0.4, 0.6])
def test_taylor_mode_of_functions_the_oracle_lacks_matches_an_equivalent_formula(text, same, shift, x):
    want = oracle.derivatives(same, x)
    got = taylor64(text, x)
    assert close(got[shift:], want[: len(want) - shift], 1e-9), (text, got, want)


def test_refused_orders_are_said_in_words_and_the_rest_still_computed(monkeypatch):
    """With a tiny Taylor budget the 13-factor product stops at repeated grad's last order: higher orders raise
    CostlyOrder with a message; lower ones are computed and right."""
    monkeypatch.setattr(d, "TAYLOR_BUDGET", 10)
    f = parse_function(PRODUCT13 + " + 0*x")  # a new function object, so no cached decision applies
    top = d.highest_order(f)
    assert 1 <= top < d.MAX_ORDER
    with pytest.raises(d.CostlyOrder, match=f"derivatives above order {top} are not computed"):
        d.derivatives_at(f, top + 1, [0.7])
    with pytest.raises(d.CostlyOrder):
        d.nth_derivative(f, d.MAX_ORDER)
    x = float(np.float32(0.7))
    assert close(d.derivatives_at64(f, top, [x])[:, 0], oracle.derivatives(PRODUCT13, x)[: top + 1], 1e-9)
    assert d.error_order(f, x, top)[1]  # looks no further than the orders it may compute


def test_small_formulas_keep_repeated_grad_and_sizes_grow_with_the_order():
    f = parse_function("sin(x)")
    assert all(d.by_repeated_grad(f, k) for k in range(d.MAX_ORDER + 1))
    assert d.nth_derivative(f, 3) is d.repeated_grad(f, 3)
    sizes = [d.grad_size(parse_function(PRODUCT13), k) for k in range(3)]
    assert sizes == sorted(sizes) and sizes[2] > 2 * sizes[1] > 4 * sizes[0] > 0
