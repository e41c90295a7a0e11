"""The small computations that moved out of the pages into calc_core (issue 11), against closed forms and
float64 NumPy: chain-rule agreement, best finite-difference step, Taylor error and coefficients, the Jacobian
check, per-example clipping, the compile break-even."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, chain, per_example, regression, surfaces, timing
from calc_core import derivatives as d
from calc_core.expr import parse_function


# --- chain.agreement ---------------------------------------------------------------------------------------
def test_chain_agreement_on_the_article_layers():
    result = chain.chain_rule((article.layer1, article.layer2), 2.0)
    assert chain.agreement(result) == "agree"
    assert float(result.autodiff) == pytest.approx(2 * math.tanh(2.0) / math.cosh(2.0) ** 2, rel=1e-5)


def test_chain_agreement_names_a_non_finite_layer_and_a_difference():
    log = parse_function("log(x)")
    assert chain.agreement(chain.chain_rule((log,), -1.0)) == "not finite"  # log of a negative
    fake = chain.ChainResult(jnp.array([1.0, 2.0]), jnp.array([3.0]), jnp.float32(3.0), jnp.float32(3.1))
    assert chain.agreement(fake) == "differ"


# --- derivatives -------------------------------------------------------------------------------------------
def test_best_step_skips_non_finite_errors():
    steps = np.array([1e-1, 1e-2, 1e-3, 1e-4])
    assert d.best_step(steps, np.array([1e-3, np.nan, 1e-6, np.inf])) == 1e-3
    assert d.best_step(steps, np.full(4, np.nan)) == 1e-1


def test_best_central_step_in_float64_is_near_the_cube_root_of_epsilon():
    errors = d.difference_errors(parse_function("sin(x)"), 1.0)
    best = d.best_step(errors.steps, errors.central64)
    assert 1e-7 <= best <= 1e-3  # truncation ~h², rounding ~ε/h: the optimum is near ε^(1/3) ≈ 6e-6


def test_largest_error_near_the_centre():
    xs = np.linspace(-2.0, 2.0, 401)
    error = np.abs(xs) ** 3  # |x − a|³ around a = 0
    assert d.largest_error_near(xs, error, 0.0, 0.5) == pytest.approx(0.125)
    error[200] = np.inf
    assert d.largest_error_near(xs, error, 0.0, 0.5) is None
    assert d.largest_error_near(xs, np.abs(xs), 10.0, 0.5) is None  # no point within 0.5


def test_taylor_coefficients_of_exp_are_one_over_k_factorial():
    f = parse_function("exp(x)")
    result = d.taylor(f, 0.0, 4, d.grid(-1.0, 1.0))
    np.testing.assert_allclose(result.coefficients, [1 / math.factorial(k) for k in range(5)], rtol=1e-6)
    assert d.taylor_coefficient_status(f, 0.0, result.coefficients) == ["ok"] * 5
    kink = parse_function("sqrt(x)")
    bad = d.taylor(kink, 0.0, 2, d.grid(0.0, 1.0))
    assert d.taylor_coefficient_status(kink, 0.0, bad.coefficients)[1:] != ["ok", "ok"]


def test_float32_spacing_is_numpys():
    assert d.float32_spacing(1.0) == 2.0**-23
    assert d.float32_spacing(1e6) == 0.0625


# --- surfaces ----------------------------------------------------------------------------------------------
def test_check_against_uses_the_reference_scale():
    assert surfaces.check_against(np.array([1.0, 2.0]), np.array([1.0, 2.0005])) == (pytest.approx(5e-4), True)
    assert surfaces.check_against(np.array([1000.0]), np.array([1000.5]))[1]  # 5e-4 of 1000
    assert not surfaces.check_against(np.array([1.0]), np.array([1.01]))[1]


def test_gradient_norm_at_the_article_point():
    grad = surfaces.gradient(article.f_multi, jnp.array(article.MULTI_POINT))
    assert surfaces.gradient_norm(grad) == pytest.approx(math.hypot(*article.MULTI_GRADIENT), rel=1e-6)
    assert surfaces.gradient_norm(surfaces.gradient(article.f_multi, jnp.zeros(2))) < surfaces.CRITICAL_TOL


# --- per_example.clipping ----------------------------------------------------------------------------------
def test_clipping_against_numpy_per_example_gradients():
    x, y = regression.make_data(article.REGRESSION_SEED, 20, article.REGRESSION_NOISE)
    w, b, clip_norm = 0.5, -0.2, 1.5
    c = per_example.clipping(jnp.array([w, b]), x, y, clip_norm, 0.0, jax.random.PRNGKey(1))
    x64, y64 = np.asarray(x, np.float64), np.asarray(y, np.float64)
    residual = w * x64 + b - y64
    grads = np.stack([2 * residual * x64, 2 * residual], axis=1)  # ∇(w x + b − y)² per example
    norms = np.linalg.norm(grads, axis=1)
    clipped = grads * np.minimum(1.0, clip_norm / norms)[:, None]
    np.testing.assert_allclose(c.grads, grads, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(c.clipped_mean, clipped.mean(axis=0), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(c.noisy, clipped.mean(axis=0), rtol=1e-4, atol=1e-5)  # σ = 0: no noise
    assert c.clipped_count == int((norms > clip_norm).sum()) and c.gap < 1e-5
    assert c.noise_per_coordinate == 0.0


# --- timing.break_even -------------------------------------------------------------------------------------
def test_break_even_counts_eager_steps_per_compilation():
    assert timing.break_even(0.05, 0.002, 0.001) == pytest.approx(50.0)
    assert timing.break_even(0.05, 0.001, 0.001) == pytest.approx(5e7)  # no gain: the gap is floored at 1 ns
