"""Suppliers whose price spreads differ by 10⁸ or more: the split among the calm ones is still exact.

In the active set's own units such suppliers differ by 10¹⁶ on the covariance's diagonal, below its least-squares
cut-off, so the calm ones looked flat and got an even split. The oracle (float64 NumPy, no calc_core) solves the
limit problem of an unboundedly wild supplier over every support set.
"""

import itertools

import numpy as np
import pandas as pd
import pytest

from calc_core import procurement as P


def prices_with_a_wild_supplier(spread: float, seed: int = 0) -> np.ndarray:
    """Two calm suppliers (spreads 1 and 2) and one whose prices swing ``spread`` times as much; shape (200, 3)."""
    base = np.random.default_rng(seed).standard_normal((200, 3))
    return np.c_[100 + base[:, 0], 100 + 2 * base[:, 1], 100 + spread * base[:, 2]]


def limit_oracle(calm: np.ndarray, wild: np.ndarray) -> tuple[np.ndarray, float]:
    """The split as the wild supplier's spread s grows without bound, from float64 NumPy only.

    Its weight is then u/s with u its share in units of its own swings (``wild``: shape (T,), deviations of size
    ~1): minimise var(Σ w_i·calm_i + u·wild) over w ≥ 0, Σ w = 1, u ≥ 0 (u is free of the sum, since u/s → 0).
    Every support set: its KKT system; the best feasible. Returns (w shape (n,), u).
    """
    n = calm.shape[1]
    cov = np.cov(np.c_[calm, wild], rowvar=False, bias=True)
    row = np.r_[np.ones(n), 0.0]
    best = (np.inf, None)
    for size in range(1, n + 2):
        for support in itertools.combinations(range(n + 1), size):
            f = list(support)
            if not row[f].any():
                continue
            kkt = np.block([[2 * cov[np.ix_(f, f)], row[f][:, None]], [row[f][None, :], np.zeros((1, 1))]])
            solution = np.linalg.lstsq(kkt, np.r_[np.zeros(size), 1.0], rcond=None)[0]
            x = np.zeros(n + 1)
            x[f] = solution[:size]
            if x.min() >= -1e-12 and x @ cov @ x < best[0]:
                best = (x @ cov @ x, x)
    return best[1][:n], float(best[1][n])


@pytest.mark.parametrize("spread", [1e8, 1e10, 1e14, 1e20])
def test_a_wild_supplier_does_not_flatten_the_calm_ones(spread):
    prices = prices_with_a_wild_supplier(spread)
    weights = P.min_variance_weights(pd.DataFrame(prices))
    wild = (prices[:, 2] - prices[:, 2].mean()) / spread
    expected, u = limit_oracle(prices[:, :2], wild)
    np.testing.assert_allclose(weights[:2], expected, atol=1e-7)
    assert weights[2] * spread == pytest.approx(u, rel=1e-4, abs=1e-9)
    assert abs(weights[0] - weights[1]) > 0.5  # far from the even split it used to fall back to


@pytest.mark.parametrize("k", [-6, -3, 0])
def test_calm_suppliers_in_units_of_their_own_next_to_a_wild_one(k):
    """Supplier b's swings ×10ᵏ: the split follows the spreads, whatever their units."""
    prices = prices_with_a_wild_supplier(1e9, seed=1)
    prices[:, 1] = 100 + (prices[:, 1] - 100) * 10.0**k
    weights = P.min_variance_weights(pd.DataFrame(prices))
    expected, _ = limit_oracle(prices[:, :2], (prices[:, 2] - prices[:, 2].mean()) / 1e9)
    np.testing.assert_allclose(weights[:2], expected, atol=1e-7)
