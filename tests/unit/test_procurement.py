"""The variance loss, its gradient, the three ways to the optimum, and the exact n-supplier weights."""

from __future__ import annotations

import itertools

import jax.numpy as jnp
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B, PROCUREMENT_OPTIMUM_OMEGA, PROCUREMENT_UNCONSTRAINED_OMEGA

A, B = np.array(PRICES_A), np.array(PRICES_B)


def article():
    pa, mask = P.pad(A)
    pb, _ = P.pad(B)
    return pa, pb, mask


def test_padding_uses_a_few_fixed_lengths():
    assert P.pad(A)[0].shape == (16,) and P.pad(np.ones(17))[0].shape == (32,)
    assert P.pad(np.ones(1000))[0].shape == (1024,) and float(P.pad(A)[1].sum()) == 10


def test_loss_curve_matches_numpy_variance_and_finite_differences():
    pa, pb, mask = article()
    omegas = jnp.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=jnp.float32)
    loss, grad = P.loss_curve(omegas, pa, pb, mask)
    w = np.linspace(0.0, 1.0, P.OMEGA_GRID)
    exact = np.var(w[:, None] * A + (1 - w[:, None]) * B, axis=1)
    np.testing.assert_allclose(np.asarray(loss), exact, rtol=1e-4)
    h = 1e-6
    central = (np.var((w + h)[:, None] * A + (1 - w - h)[:, None] * B, axis=1)
               - np.var((w - h)[:, None] * A + (1 - w + h)[:, None] * B, axis=1)) / (2 * h)
    np.testing.assert_allclose(np.asarray(grad), central, rtol=1e-3, atol=5.0)


def test_the_article_optimum_is_the_boundary_where_the_gradient_is_not_zero():
    pa, pb, mask = article()
    unconstrained, clipped = P.closed_form_omega(pa, pb, mask)
    assert float(unconstrained) == pytest.approx(PROCUREMENT_UNCONSTRAINED_OMEGA, abs=5e-4)
    assert float(clipped) == PROCUREMENT_OPTIMUM_OMEGA
    _, grad = P.loss_curve(jnp.array([1.0], jnp.float32), pa, pb, mask)
    assert float(grad[0]) < -1000  # still sloping down at ω = 1: the optimum is the bound, not a zero
    _, grads = P.loss_curve(jnp.linspace(0.0, 1.0, 1001, dtype=jnp.float32), pa, pb, mask)
    assert P.grid_omega(np.asarray(grads)) == 1.0  # the article's grid lands on the bound too


def test_closed_form_ignores_padding_and_matches_numpy():
    rng = np.random.default_rng(1)
    a, b = rng.uniform(50, 150, 37), rng.uniform(80, 120, 37)
    pa, mask = P.pad(a)
    pb, _ = P.pad(b)
    c = np.cov(a, b, bias=True)
    expected = (c[1, 1] - c[0, 1]) / (c[0, 0] + c[1, 1] - 2 * c[0, 1])
    assert float(P.closed_form_omega(pa, pb, mask)[0]) == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize("price_weight", [0.0, 5.0, 50.0])
def test_two_supplier_closed_form_agrees_with_the_exact_weights(price_weight):
    rng = np.random.default_rng(2)
    a, b = rng.uniform(90, 110, 20), rng.uniform(80, 130, 20)
    pa, mask = P.pad(a)
    pb, _ = P.pad(b)
    _, omega = P.closed_form_omega(pa, pb, mask, jnp.float32(a.mean() - b.mean()), jnp.float32(price_weight))
    weights = P.min_variance_weights(pd.DataFrame({"a": a, "b": b}), price_weight=price_weight)
    assert weights[0] == pytest.approx(float(omega), abs=1e-4)


@pytest.mark.parametrize("step", [0.3, 1.0, 1.7])
def test_projected_descent_reaches_the_closed_form(step):
    pa, pb, mask = article()
    path = np.asarray(P.projected_descent(jnp.float32(0.1), jnp.float32(step), pa, pb, mask))
    assert path.shape == (31,) and path[0] == pytest.approx(0.1)
    assert ((path >= 0) & (path <= 1)).all() and path[-1] == pytest.approx(1.0, abs=1e-4)


def test_projected_descent_with_too_large_a_step_does_not_settle_inside():
    a = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    b = np.array([2.0, 1.0, 4.0, 3.0, 5.0])
    pa, mask = P.pad(a)
    pb, _ = P.pad(b)
    path = np.asarray(P.projected_descent(jnp.float32(0.45), jnp.float32(2.5), pa, pb, mask))
    assert set(np.round(path[-4:], 6)) <= {0.0, 1.0}  # overshoots to the bounds and bounces


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    rng = np.random.default_rng(3)
    a, b = rng.normal(100, 10, 60), rng.normal(100, 10, 60)
    pa, mask = P.pad(a)
    pb, _ = P.pad(b)
    first = P.bootstrap_omega(pa, pb, mask, seed=0)
    assert first.shape == (1000,) and np.array_equal(first, P.bootstrap_omega(pa, pb, mask, seed=0))
    assert not np.array_equal(first, P.bootstrap_omega(pa, pb, mask, seed=1))
    lo, hi = np.percentile(first, [5, 95])
    estimate = float(P.closed_form_omega(pa, pb, mask)[1])
    assert lo < estimate < hi and 0.2 < hi - lo < 0.8  # ~sqrt(1/60)·2·1.645 wide for equal variances


# --- exact weights against brute force -------------------------------------------------------------------
def brute_force_weights(prices: np.ndarray, price_weight: float = 0.0) -> np.ndarray:
    """Every support set F: the minimum-norm KKT solution on F; the best feasible, minimum-norm among ties."""
    n = prices.shape[1]
    cov = np.cov(prices, rowvar=False, bias=True)
    means = prices.mean(axis=0)
    candidates = []
    for size in range(1, n + 1):
        for support in itertools.combinations(range(n), size):
            f = list(support)
            kkt = np.block([[2 * cov[np.ix_(f, f)], np.ones((size, 1))], [np.ones((1, size)), np.zeros((1, 1))]])
            rhs = np.concatenate([-price_weight * means[f], [1.0]])
            solution = np.linalg.lstsq(kkt, rhs, rcond=None)[0]
            w = np.zeros(n)
            w[f] = solution[:size]
            if w.min() >= -1e-9 and abs(w.sum() - 1) < 1e-9:
                candidates.append((w @ cov @ w + price_weight * means @ w, w @ w, w))
    best = min(c[0] for c in candidates)
    scale = max(abs(best), np.trace(cov))
    ties = [c for c in candidates if c[0] <= best + 1e-9 * scale]
    return min(ties, key=lambda c: c[1])[2]


def check(prices: np.ndarray, price_weight: float = 0.0) -> np.ndarray:
    weights = P.min_variance_weights(pd.DataFrame(prices), price_weight=price_weight)
    assert weights.shape == (prices.shape[1],) and (weights >= 0).all() and weights.sum() == pytest.approx(1)
    np.testing.assert_allclose(weights, brute_force_weights(prices, price_weight), atol=1e-6)
    return weights


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 6), periods=st.integers(3, 12),
       price_weight=st.sampled_from([0.0, 0.0, 0.5, 3.0]))
def test_weights_match_the_brute_force_solver(seed, n, periods, price_weight):
    rng = np.random.default_rng(seed)
    prices = rng.uniform(50, 150, (periods, n)) * rng.uniform(0.2, 2.0, n)
    check(prices, price_weight)  # periods < n gives a singular covariance: the minimum-norm optimum


def test_identical_suppliers_split_equally():
    weights = check(np.stack([A, A, B], axis=1))
    np.testing.assert_allclose(weights, [0.5, 0.5, 0.0], atol=1e-9)


def test_constant_suppliers_split_equally_and_noisy_ones_get_nothing():
    weights = check(np.stack([np.full(10, 7.0), B, np.full(10, 9.0)], axis=1))
    np.testing.assert_allclose(weights, [0.5, 0.0, 0.5], atol=1e-9)


def test_article_prices_give_all_to_supplier_a():
    np.testing.assert_allclose(check(np.stack([A, B], axis=1)), [1.0, 0.0], atol=1e-12)


def test_summary_reports_the_blend_and_each_supplier():
    prices = pd.DataFrame({"A": A, "B": B})
    table = P.summary(prices, np.array([0.25, 0.75]))
    assert list(table.index) == ["A", "B", "blend"]
    assert table.loc["blend", "variance"] == pytest.approx(np.var(0.25 * A + 0.75 * B))
    assert table.loc["A", "std"] == pytest.approx(A.std())
    assert len(P.price_changes(prices)) == 9


def test_decision_summary_is_json_ready_and_complete():
    import json

    prices = pd.DataFrame({"A": A, "B": B})
    record = P.decision_summary(prices, np.array([1.0, 0.0]), basis="price levels", price_weight=0.0,
                                rows_dropped=2, sources=["a.csv", "b.csv"])
    again = json.loads(json.dumps(record))
    assert again["weights"] == {"A": 1.0, "B": 0.0} and again["rows_used"] == 10 and again["rows_dropped"] == 2
    assert again["blend"]["variance"] == pytest.approx(A.var()) and again["sources"] == ["a.csv", "b.csv"]
    assert again["suppliers"]["B"]["mean"] == pytest.approx(B.mean())
