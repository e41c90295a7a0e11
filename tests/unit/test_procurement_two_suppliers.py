"""calc_core.procurement's page-facing results (ω curve, ω chart, trade-off λ, bootstrap interval) against
closed forms in float64 NumPy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calc_core import article
from calc_core import procurement as P

A, B = np.array(article.PRICES_A), np.array(article.PRICES_B)


def blend_variance(w, a=A, b=B) -> np.ndarray:
    """Oracle: population variance of ω·a + (1 − ω)·b for each ω, float64."""
    w = np.atleast_1d(np.asarray(w, np.float64))[:, None]
    return np.var(w * a + (1.0 - w) * b, axis=1)


def blend_slope(w, a=A, b=B) -> np.ndarray:
    """Oracle: dL/dω = 2 Cov(b, a − b) + 2ω Var(a − b)."""
    w = np.asarray(w, np.float64)
    return 2.0 * np.cov(b, a - b, bias=True)[0, 1] + 2.0 * w * np.var(a - b)


def test_omega_curve_on_the_article_prices():
    curve = P.omega_curve(A, B)
    assert curve.omegas.shape == curve.loss.shape == curve.grad.shape == (P.OMEGA_GRID,)
    np.testing.assert_allclose(curve.loss, blend_variance(curve.omegas), rtol=1e-4)
    np.testing.assert_allclose(curve.grad, blend_slope(curve.omegas), rtol=1e-3, atol=1e-3 * np.abs(blend_slope(1.0)))
    var_a, var_b, cov = np.var(A), np.var(B), np.cov(A, B, bias=True)[0, 1]
    assert curve.unconstrained == pytest.approx((var_b - cov) / (var_a + var_b - 2 * cov), rel=1e-4)
    assert curve.unconstrained == pytest.approx(article.PROCUREMENT_UNCONSTRAINED_OMEGA, abs=5e-4)
    assert curve.optimum == article.PROCUREMENT_OPTIMUM_OMEGA and curve.grid_best == 1.0
    assert curve.slope == pytest.approx(float(blend_slope(1.0)), rel=1e-3) and curve.slope < 0


@pytest.mark.parametrize("size", [P.OMEGA_GRID, 1000, 7])
def test_grid_lookup_gives_the_value_at_each_frame_for_any_grid_size(size):
    grid = np.linspace(0.0, 1.0, size, dtype=np.float32)
    line = 3.0 * grid.astype(np.float64) - 1.0  # linear: interpolation is exact between grid points
    np.testing.assert_allclose(P.grid_lookup(grid, line, P.FRAME_OMEGAS), 3.0 * P.FRAME_OMEGAS - 1.0, atol=1e-6)
    on_grid = P.grid_lookup(grid, line, grid[[0, size // 2, -1]])
    np.testing.assert_array_equal(on_grid, line[[0, size // 2, -1]])  # a grid point's own value, exactly


def test_grid_lookup_on_the_article_grid_is_the_grid_value():
    grid = np.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=np.float32)
    values = np.random.default_rng(0).normal(size=P.OMEGA_GRID)
    np.testing.assert_array_equal(P.grid_lookup(grid, values, P.FRAME_OMEGAS),
                                  values[np.arange(0, P.OMEGA_GRID, 10)])


def test_nearest_picks_the_closer_point_and_the_lower_one_on_a_tie():
    np.testing.assert_array_equal(P.nearest(np.array([0.0, 1.0, 3.0]), np.array([-5.0, 0.4, 0.5, 2.1, 9.0])),
                                  [0, 0, 0, 2, 2])


@pytest.mark.parametrize("size", [P.OMEGA_GRID, 1000])
def test_omega_chart_frames_and_descent(size):
    chart = P.omega_chart(P.omega_curve(A, B, grid_size=size), w0=0.2, eta=0.5)
    frames = P.FRAME_OMEGAS
    np.testing.assert_allclose(chart.frame_loss, blend_variance(frames), rtol=1e-4)
    np.testing.assert_allclose(chart.frame_grad, blend_slope(frames), rtol=1e-3, atol=1e-3 * np.abs(blend_slope(1.0)))
    np.testing.assert_allclose(chart.blends, frames[:, None] * A + (1 - frames[:, None]) * B)
    assert chart.active == 100 and chart.descent[0] == pytest.approx(0.2)
    np.testing.assert_allclose(chart.descent_loss, blend_variance(chart.descent), rtol=1e-4)


def test_tradeoff_lambda_closed_form():
    prices = pd.DataFrame({"A": [1.0, 3.0, 1.0, 3.0], "B": [5.0, 5.0, 6.0, 4.0]})  # means 2 and 5, variances 1, 0.5
    assert P.tradeoff_lambda(prices, 0.5) == pytest.approx(0.5 * 4.0 * 1.0 / 3.0)
    assert P.tradeoff_lambda(prices, 0.0) == 0.0
    assert P.tradeoff_lambda(pd.DataFrame({"A": [1.0, 3.0], "B": [3.0, 1.0]}), 1.0) == 0.0  # equal means


def test_bootstrap_interval_is_the_central_percentiles():
    samples = np.arange(101) / 100.0
    assert P.bootstrap_interval(samples, 0.9) == pytest.approx((0.05, 0.95))
    assert P.bootstrap_interval(samples, 0.5) == pytest.approx((0.25, 0.75))


def test_bootstrap_prices_are_clipped_omegas_around_the_optimum():
    samples = P.bootstrap_prices(A, B, seed=0, resamples=200)
    assert samples.shape == (200,) and np.all((samples >= 0) & (samples <= 1))
    np.testing.assert_array_equal(samples, P.bootstrap_prices(A, B, seed=0, resamples=200))  # fixed seed


def test_supplier_stats_are_population_statistics():
    stats = P.supplier_stats(pd.DataFrame({"A": A, "B": B}))
    np.testing.assert_allclose(stats["mean"], [A.mean(), B.mean()])
    np.testing.assert_allclose(stats["std"], [A.std(), B.std()])
