"""calc_core.expr: values and derivatives against analytic answers, precedence, and every refused form."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core.expr import ExpressionError, as_vector_function, parse_function, try_parse

XS = np.linspace(0.3, 2.7, 9, dtype=np.float32)


@pytest.mark.parametrize(
    ("text", "value", "derivative"),
    [
        ("x^2 + 1", lambda x: x**2 + 1, lambda x: 2 * x),
        ("x**3 - 2*x", lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2),
        ("sin(x)*exp(-x/4)", lambda x: np.sin(x) * np.exp(-x / 4),
         lambda x: np.exp(-x / 4) * (np.cos(x) - np.sin(x) / 4)),
        ("log(1 + x^2)", lambda x: np.log(1 + x**2), lambda x: 2 * x / (1 + x**2)),
        ("ln(x) + log10(x) + log2(x)", lambda x: np.log(x) * (1 + 1 / np.log(10) + 1 / np.log(2)),
         lambda x: (1 + 1 / np.log(10) + 1 / np.log(2)) / x),
        ("sqrt(x) + abs(x - 1)", lambda x: np.sqrt(x) + np.abs(x - 1),
         lambda x: 0.5 / np.sqrt(x) + np.sign(x - 1)),
        ("tanh(x) + sinh(x) - cosh(x)", lambda x: np.tanh(x) - np.exp(-x),
         lambda x: 1 - np.tanh(x) ** 2 + np.exp(-x)),
        ("atan(x) + asin(x/3) + acos(x/3)", lambda x: np.arctan(x) + np.pi / 2, lambda x: 1 / (1 + x**2)),
        ("sigmoid(x)", lambda x: 1 / (1 + np.exp(-x)), lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2),
        ("softplus(x)", lambda x: np.log1p(np.exp(x)), lambda x: 1 / (1 + np.exp(-x))),
        ("relu(x - 1.55)", lambda x: np.maximum(x - 1.55, 0), lambda x: (x > 1.55).astype(float)),
        ("maximum(x, 1) + minimum(x, 2)", lambda x: np.maximum(x, 1) + np.minimum(x, 2),
         lambda x: (x > 1).astype(float) + (x < 2).astype(float)),
        ("tan(x/2) * pi + e", lambda x: np.tan(x / 2) * np.pi + np.e, lambda x: np.pi / (2 * np.cos(x / 2) ** 2)),
    ],
)
def test_values_and_derivatives_match_analytic(text, value, derivative):
    f = parse_function(text)
    np.testing.assert_allclose(jax.vmap(f)(XS), value(XS.astype(np.float64)), rtol=2e-5, atol=1e-5)
    np.testing.assert_allclose(jax.vmap(jax.grad(f))(XS), derivative(XS.astype(np.float64)), rtol=2e-4,
                               atol=2e-5)


def test_derivative_agrees_with_central_difference_in_float64():
    f = parse_function("x^3 * exp(-x) + sin(3*x)")
    with jax.enable_x64(True):
        x, h = 1.3, 1e-6
        central = (f(jnp.float64(x + h)) - f(jnp.float64(x - h))) / (2 * h)
        assert float(jax.grad(f)(jnp.float64(x))) == pytest.approx(float(central), rel=1e-7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2+1", 10.0),         # ^ is power and binds tighter than +: (3^2)+1, not 3^(2+1)
        ("-x^2", -9.0),          # unary minus applies after the power
        ("2^3^2", 512.0),        # power is right-associative: 2^(3^2)
        ("(-x)^2", 9.0),
        ("x^-1", 1 / 3),
        ("2*x^2", 18.0),
        ("-2^2", -4.0),
        ("x ^ 2 ** 1", 9.0),
        ("3−x", 0.0),            # typographic minus pasted from a document
        ("2×x·1", 6.0),
    ],
)
def test_precedence(text, expected):
    assert float(parse_function(text)(3.0)) == pytest.approx(expected)


def test_several_variables_grad_vmap_hessian_jit():
    f = parse_function("x^2 + 3*x*y + y^2", ("x", "y"))
    assert [float(g) for g in jax.grad(f, argnums=(0, 1))(1.0, 2.0)] == [8.0, 7.0]
    np.testing.assert_allclose(jax.vmap(f)(jnp.arange(3.0), jnp.ones(3)), [1.0, 5.0, 11.0])
    assert float(jax.jit(f)(1.0, 2.0)) == 11.0
    p = as_vector_function(f, 2)
    np.testing.assert_allclose(jax.hessian(p)(jnp.array([1.0, 2.0])), [[2.0, 3.0], [3.0, 2.0]])
    np.testing.assert_allclose(jax.grad(p)(jnp.array([1.0, 2.0])), [8.0, 7.0])


def test_constant_formula_broadcasts_to_the_input_shape_and_has_zero_derivative():
    f = parse_function("2")
    assert f(jnp.arange(3.0)).shape == (3,)
    assert float(jax.grad(f)(1.0)) == 0.0


def test_same_text_returns_the_same_callable_and_jit_compiles_once():
    f = parse_function("x^2 - 4*x")
    assert f is parse_function("x^2 - 4*x")
    assert as_vector_function(f, 1) is as_vector_function(f, 1)
    assert parse_function("x^2 - 4*x", ("x", "y")) is not f

    traces = []

    @jax.jit
    def run(x):
        traces.append(1)
        return parse_function("x^2 - 4*x")(x)

    run(1.0)
    run(2.0)
    assert len(traces) == 1


def test_huge_powers_are_refused_in_words_without_python_arithmetic():
    # Python's int power would run for ever on 9**9**9**9; the cost check refuses it from the syntax tree
    with pytest.raises(ExpressionError, match="stacked in exponents"):
        parse_function("9**9**9**9")


def test_non_finite_results_are_values_not_errors():
    assert math.isnan(float(parse_function("log(x)")(-1.0)))
    assert math.isinf(float(parse_function("1/x")(0.0)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("y + 1", "unknown name 'y' — use x"),
        ("sin(x", "missing ')' at position 5"),
        ("x)", "unexpected ')'"),
        ("x.real", "attribute"),
        ("x[0]", "not allowed"),
        ("{x}", "not allowed"),
        ("[x for x in y]", "not allowed"),
        ("(x for x in y)", "'for' is not allowed"),
        ("lambda x: x", "'lambda' is not allowed"),
        ("x if x else 1", "'if' is not allowed"),
        ("x < 1", "comparisons"),
        ("x == 1", "comparisons"),
        ("x and 1", "'and' is not allowed"),
        ("import os", "'import' is not allowed"),
        ("__import__('os')", "quotes"),
        ("'text'", "quotes"),
        ("sin", "'sin' is a function"),
        ("sin + 1", "'sin' is a function"),
        ("foo(x)", "unknown function 'foo'"),
        ("sin(x, 1)", "takes 1 argument"),
        ("maximum(x)", "takes 2 arguments"),
        ("sin(x=1)", "named arguments"),
        ("x(2)", "'*'"),
        ("2x", "write a '*' for a product"),
        ("x // 2", "'//'"),
        ("x % 2", "'%'"),
        ("x @ x", "'@'"),
        ("x | 1", "'|'"),
        ("~x", "'~'"),
        ("x, 1", "comma"),
        ("x := 1", "malformed"),
        ("x$2", "'$' at position 1"),
        ("x # comment", "'#'"),
        ("x²", "x^2"),
        ("True", "'True' is not allowed"),
        ("None", "'None' is not allowed"),
        ("...", "not allowed"),
        ("1j", "not allowed"),
        ("", "type a formula"),
        ("   ", "type a formula"),
        ("x\n+1", "one line"),
        ("x" * 301, "too long"),
        ("sin x", "malformed near position"),
        ("x +", "malformed"),
        ("*x", "malformed"),
    ],
)
def test_refused_with_a_readable_message(text, message):
    with pytest.raises(ExpressionError) as caught:
        parse_function(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert try_parse(text) == (None, str(caught.value))


def test_unknown_name_lists_the_declared_variables():
    with pytest.raises(ExpressionError, match="unknown name 'z' — use x, y"):
        parse_function("x + z", ("x", "y"))


def test_huge_integer_literal_is_refused_not_silently_inf_in_float32():
    with pytest.raises(ExpressionError, match="a number in the formula is too large"):
        parse_function("9" * 296 + "*x")


def test_wrong_argument_count_is_a_type_error():
    with pytest.raises(TypeError):
        parse_function("x + y", ("x", "y"))(1.0)
