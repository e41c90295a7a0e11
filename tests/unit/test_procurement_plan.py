"""Caps, shrinkage and the walk-forward, each against an independent float64 NumPy oracle or a closed form."""

from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from calc_core.procurement import plan as pp


# --- an oracle for caps: every pattern of (at min, at max, free), the best feasible one ------------------
def brute_force(cov: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[float, np.ndarray]:
    """min wᵀΣw over Σw = 1, lower ≤ w ≤ upper by enumerating all 3ⁿ active patterns (float64 lstsq)."""
    n = len(lower)
    best = (np.inf, None)
    for pattern in itertools.product(range(3), repeat=n):
        pattern = np.array(pattern)
        free = pattern == 2
        w = np.where(pattern == 0, lower, upper).astype(np.float64)
        nf = int(free.sum())
        if nf:
            kkt = np.zeros((nf + 1, nf + 1))
            kkt[:nf, :nf] = 2 * cov[np.ix_(free, free)]
            kkt[:nf, nf] = kkt[nf, :nf] = 1.0
            rhs = np.concatenate([-2 * cov[np.ix_(free, ~free)] @ w[~free], [1.0 - w[~free].sum()]])
            w[free] = np.linalg.lstsq(kkt, rhs, rcond=None)[0][:nf]
        if abs(w.sum() - 1) > 1e-9 or (w < lower - 1e-9).any() or (w > upper + 1e-9).any():
            continue
        value = float(w @ cov @ w)
        if value < best[0]:
            best = (value, w)
    return best


@st.composite
def capped_problems(draw):
    n = draw(st.integers(2, 5))
    # Entries near 0 become exactly 0 (rank and structure stay drawn); subnormal prices (5e-324) are no
    # covariance an analyst has, and they make the test's own tolerance (1e-9 of the trace) round to 0.
    entries = st.floats(-3, 3).map(lambda v: 0.0 if abs(v) < 1e-6 else v)
    factor = draw(arrays(np.float64, (n, draw(st.integers(1, 2 * n))), elements=entries))
    scale = draw(st.sampled_from([1e-4, 1.0, 1e4]))
    cov = scale * (factor @ factor.T) + draw(st.sampled_from([0.0, 1e-3])) * scale * np.eye(n)
    lower = draw(arrays(np.float64, n, elements=st.sampled_from([0.0, 0.0, 0.05, 0.1, 0.2, 0.3])))
    upper = draw(arrays(np.float64, n, elements=st.sampled_from([1.0, 1.0, 0.6, 0.5, 0.35, 0.25])))
    return cov, lower, upper


@settings(deadline=None)
@given(problem=capped_problems())
def test_caps_match_brute_force_on_random_covariances(problem):
    cov, lower, upper = problem
    problem_text = pp.cap_problem([f"s{i}" for i in range(len(lower))], lower, upper)
    if problem_text:
        with pytest.raises(ValueError, match="Supplier|add up"):
            pp.capped_weights(cov, lower, upper)
        return
    split = pp.capped_weights(cov, lower, upper)
    w = split.weights
    assert abs(w.sum() - 1) < 1e-12 and (w >= lower).all() and (w <= upper).all()
    best, w_best = brute_force(cov, lower, upper)
    assert w @ cov @ w <= best + 1e-9 * np.trace(cov)  # no feasible split has a lower variance
    if np.linalg.eigvalsh(cov).min() > 1e-6 * np.trace(cov):  # strictly convex: the optimum is unique
        np.testing.assert_allclose(w, w_best, atol=1e-7)
        # KKT: a binding minimum has multiplier ≥ 0, a binding maximum ≤ 0, a free share 0.
        free = ~(split.at_min | split.at_max)
        grad = 2 * cov @ w
        assert np.allclose(split.multipliers[free], 0, atol=1e-7 * np.abs(grad).max())
        assert (split.multipliers[split.at_min] >= -1e-7 * np.abs(grad).max()).all()
        assert (split.multipliers[split.at_max] <= 1e-7 * np.abs(grad).max()).all()


def test_a_binding_maximum_is_reported_with_its_multiplier():
    cov = np.diag([1.0, 4.0, 16.0])  # uncapped: shares ∝ 1/σ² = 16:4:1
    split = pp.capped_weights(cov, np.zeros(3), np.array([0.5, 1.0, 1.0]))
    np.testing.assert_allclose(split.weights, [0.5, 0.4, 0.1])  # the rest ∝ 1/σ² too: 4:1 of 50%
    assert split.at_max.tolist() == [True, False, False] and not split.at_min.any()
    # ∂Var/∂w1 + ν with ν = −2σ₂²w₂: 2·1·0.5 − 2·4·0.4 = −2.2 (relaxing the cap lowers the variance)
    np.testing.assert_allclose(split.multipliers[0], -2.2)


def test_a_binding_minimum_and_uncapped_equals_the_long_only_solver():
    import pandas as pd

    from calc_core.procurement import min_variance_weights

    rng = np.random.default_rng(3)
    prices = pd.DataFrame(rng.normal(size=(40, 4)) * [1, 2, 3, 4] + 100)
    cov = np.cov(prices.to_numpy(), rowvar=False, bias=True)
    np.testing.assert_allclose(pp.capped_weights(cov, np.zeros(4), np.ones(4)).weights,
                               min_variance_weights(prices), atol=1e-9)
    split = pp.capped_weights(cov, np.array([0, 0, 0, 0.2]), np.ones(4))
    assert split.at_min[3] and split.weights[3] == pytest.approx(0.2)


@pytest.mark.parametrize(("lower", "upper", "words"), [
    ([0.6, 0.5], [1, 1], "minimums add up to 110%"),
    ([0, 0], [0.4, 0.5], "maximums add up to 90%"),
    ([0.3, 0], [0.2, 1], "'B': the maximum (20%) is below the minimum (30%)"),
])
def test_infeasible_caps_say_why(lower, upper, words):
    names = ["B", "C"]
    assert words in pp.cap_problem(names, np.array(lower, float), np.array(upper, float))
    with pytest.raises(ValueError, match="add up|below"):
        pp.capped_weights(np.eye(2), np.array(lower, float), np.array(upper, float))


# --- Ledoit–Wolf against the paper's formulas, written out as loops --------------------------------------
def lw_constant_correlation_loops(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Ledoit & Wolf (2004), 'Honey, I shrunk …', appendix B, element by element in float64."""
    t, n = x.shape
    xbar = x.mean(axis=0)
    s = np.array([[sum((x[k, i] - xbar[i]) * (x[k, j] - xbar[j]) for k in range(t)) / t for j in range(n)]
                  for i in range(n)])
    r = np.array([[s[i, j] / np.sqrt(s[i, i] * s[j, j]) for j in range(n)] for i in range(n)])
    rbar = sum(r[i, j] for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    f = np.array([[s[i, i] if i == j else rbar * np.sqrt(s[i, i] * s[j, j]) for j in range(n)] for i in range(n)])

    def y(k, i):
        return x[k, i] - xbar[i]

    pi = sum(sum(((y(k, i) * y(k, j)) - s[i, j]) ** 2 for k in range(t)) / t for i in range(n) for j in range(n))

    def theta(i, j):  # θ̂_ii,ij
        return sum((y(k, i) ** 2 - s[i, i]) * (y(k, i) * y(k, j) - s[i, j]) for k in range(t)) / t

    rho = sum(sum((y(k, i) * y(k, i) - s[i, i]) ** 2 for k in range(t)) / t for i in range(n))
    rho += sum(rbar / 2 * (np.sqrt(s[j, j] / s[i, i]) * theta(i, j) + np.sqrt(s[i, i] / s[j, j]) * theta(j, i))
               for i in range(n) for j in range(n) if i != j)
    gamma = sum((f[i, j] - s[i, j]) ** 2 for i in range(n) for j in range(n))
    delta = max(0.0, min((pi - rho) / gamma / t, 1.0))
    return delta * f + (1 - delta) * s, delta


def lw_identity_numpy(x: np.ndarray) -> np.ndarray:
    """Ledoit & Wolf (2004), 'A well-conditioned estimator …', lemmas 3.2–3.4, in float64 NumPy."""
    t, n = x.shape
    y = x - x.mean(axis=0)
    s = y.T @ y / t
    m = np.trace(s) / n
    d2 = np.sum((s - m * np.eye(n)) ** 2)
    b2 = min(sum(np.sum((np.outer(row, row) - s) ** 2) for row in y) / t**2, d2)
    return b2 / d2 * m * np.eye(n) + (1 - b2 / d2) * s


def lw(x: np.ndarray, target: str, mask: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    with jax.enable_x64(True):
        mask = np.ones(len(x)) if mask is None else mask
        cov, delta = pp.shrunk_covariance(jnp.asarray(x, jnp.float64), jnp.asarray(mask, jnp.float64), target)
        return np.asarray(cov), float(delta)


def test_identity_target_on_a_hand_computed_example():
    # Centred rows (2,0), (−2,0), (0,1), (0,−1): S = diag(2, ½), m = 5/4, d² = 2·(3/4)² = 9/8,
    # each ‖y yᵀ − S‖² = 2² + ½² = 17/4, so b̄² = 4·(17/4)/4² = 17/16 < d²: δ = (17/16)/(9/8) = 17/18,
    # Σ̂ = 17/18·(5/4)·I + 1/18·diag(2, ½) = diag(93/72, 87/72).
    x = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]]) + [100.0, 50.0]
    cov, delta = lw(x, "identity")
    assert delta == pytest.approx(17 / 18, rel=1e-12)
    np.testing.assert_allclose(cov, np.diag([93 / 72, 87 / 72]), rtol=1e-12, atol=1e-14)


def test_constant_correlation_matches_the_papers_formula_on_a_small_example():
    x = np.array([[10.0, 20.0, 31.0], [11.0, 19.0, 30.0], [13.0, 22.0, 33.0], [12.0, 18.0, 35.0],
                  [9.0, 21.0, 29.0], [12.5, 20.5, 32.0]])
    cov, delta = lw(x, "constant-correlation")
    want_cov, want_delta = lw_constant_correlation_loops(x)
    assert 0 < delta < 1 and delta == pytest.approx(want_delta, rel=1e-10)
    np.testing.assert_allclose(cov, want_cov, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(x=arrays(np.float64, st.tuples(st.integers(4, 12), st.just(4)), elements=st.floats(-100, 100)))
def test_constant_correlation_matches_the_loops_on_random_data(x):
    if np.min(np.std(x, axis=0)) < 1e-3:
        return  # a constant column has no correlation to average
    padded = np.vstack([x, np.full((12 - len(x), 4), 7.0)])  # one compiled shape; the mask drops the padding
    cov, delta = lw(padded, "constant-correlation", (np.arange(12) < len(x)).astype(float))
    want_cov, want_delta = lw_constant_correlation_loops(x)
    assert delta == pytest.approx(want_delta, abs=1e-8)
    np.testing.assert_allclose(cov, want_cov, rtol=1e-8, atol=1e-8 * np.abs(want_cov).max())


def test_masked_rows_are_ignored_and_two_suppliers_are_not_shrunk():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 3))
    mask = (np.arange(20) % 3 > 0).astype(float)
    np.testing.assert_allclose(lw(x, "constant-correlation", mask)[0],
                               lw(x[mask > 0], "constant-correlation")[0], rtol=1e-12)
    cov, delta = lw(x[:, :2], "constant-correlation")  # with n = 2 the target is S itself
    assert delta == 0 and np.allclose(cov, np.cov(x[:, :2], rowvar=False, bias=True))


@pytest.mark.parametrize("estimator", ["sample", *pp.SHRINKAGE_TARGETS])
def test_covariance_is_the_sample_estimate_or_the_shrunk_one(estimator):
    values = 100.0 + np.random.default_rng(3).normal(size=(30, 4)).cumsum(axis=0)
    cov, delta = pp.covariance(values, estimator)
    if estimator == "sample":
        want, want_delta = np.cov(values, rowvar=False, bias=True), 0.0
    else:
        want, want_delta = pp.shrink(values, estimator)
    np.testing.assert_array_equal(cov, want)
    assert delta == want_delta
    assert 0.0 < delta < 1.0 or estimator == "sample"  # the shrunk estimates do shrink these 30 periods


# --- walk-forward ------------------------------------------------------------------------------------------
SIGMAS = np.array([1.0, 2.0, 4.0])


def hadamard_prices(blocks: int) -> np.ndarray:
    """Prices whose every 4-period block has covariance exactly diag(σ²): columns are Hadamard ±1 rows."""
    signs = np.array([[1, 1, 1], [-1, 1, -1], [1, -1, -1], [-1, -1, 1]], dtype=np.float64)
    return 100.0 + np.tile(signs, (blocks, 1)) * SIGMAS


def test_walk_forward_on_data_whose_every_window_has_a_known_covariance():
    result = pp.walk_forward(hadamard_prices(30), window=8, horizon=4)
    assert len(result.starts) == (120 - 8) // 4 and result.converged.all()
    optimum = (1 / SIGMAS**2) / np.sum(1 / SIGMAS**2)  # 16:4:1 / 21
    np.testing.assert_allclose(result.weights, np.tile(optimum, (len(result.starts), 1)), atol=1e-9)
    np.testing.assert_allclose(result.blend_var, 1 / np.sum(1 / SIGMAS**2), rtol=1e-9)  # 16/21
    np.testing.assert_allclose(result.supplier_var, np.tile(SIGMAS**2, (len(result.starts), 1)), rtol=1e-12)
    np.testing.assert_allclose(result.equal_var, np.sum(SIGMAS**2) / 9, rtol=1e-12)


def test_walk_forward_with_a_cap_applies_the_capped_optimum():
    result = pp.walk_forward(hadamard_prices(10), window=4, horizon=4, upper=np.array([0.5, 1, 1]))
    np.testing.assert_allclose(result.weights, np.tile([0.5, 0.4, 0.1], (len(result.starts), 1)), atol=1e-9)
    np.testing.assert_allclose(result.blend_var, 0.25 + 0.16 * 4 + 0.01 * 16, rtol=1e-9)


@pytest.mark.parametrize("estimator", ["sample", "constant-correlation", "identity"])
def test_walk_forward_equals_a_loop_of_the_numpy_oracle(estimator):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(90, 4)).cumsum(axis=0) + 50
    window, horizon = 20, 7
    result = pp.walk_forward(x, window, horizon, lower=np.array([0.1, 0, 0, 0]),
                             upper=np.array([1, 0.6, 1, 1]), estimator=estimator)
    assert list(result.starts) == list(range(window, 90 - horizon + 1, horizon))
    for k, start in enumerate(result.starts):
        fit, test = x[start - window:start], x[start:start + horizon]
        cov = np.cov(fit, rowvar=False, bias=True)
        if estimator == "constant-correlation":
            cov = lw_constant_correlation_loops(fit)[0]
        elif estimator == "identity":
            cov = lw_identity_numpy(fit)
        value, w = brute_force(cov, np.array([0.1, 0, 0, 0]), np.array([1, 0.6, 1, 1]))
        np.testing.assert_allclose(result.weights[k], w, atol=1e-6)
        assert result.blend_var[k] == pytest.approx(np.var(test @ result.weights[k]), rel=1e-9)
        np.testing.assert_allclose(result.supplier_var[k], test.var(axis=0), rtol=1e-9)
        assert result.equal_var[k] == pytest.approx(np.var(test.mean(axis=1)), rel=1e-9)


def test_walk_forward_refuses_windows_it_cannot_fit():
    with pytest.raises(ValueError, match="too few"):
        pp.walk_forward(np.ones((10, 3)), window=8, horizon=4)
    with pytest.raises(ValueError, match="at least 2"):
        pp.walk_forward(np.ones((10, 3)), window=4, horizon=1)


def test_walk_comparison_matches_numpy_window_by_window():
    """Each strategy's per-window variance, mean, std, % against the split and % of windows won, from NumPy."""
    rng = np.random.default_rng(3)
    values = 100 + np.cumsum(rng.normal(0, [1.0, 2.0, 0.5], (40, 3)), axis=0)
    window, horizon = 12, 4
    result = pp.walk_forward(values, window, horizon, np.zeros(3), np.ones(3), "sample")
    fixed = np.array([0.2, 0.3, 0.5])
    hindsight = pp.hindsight_variance(values, result.starts, horizon, fixed)
    got = pp.compare_walk(result, hindsight, ["a", "b", "c"])
    blocks = [values[s:s + horizon] for s in result.starts]
    want = [np.array([np.var(b @ w) for b, w in zip(blocks, result.weights, strict=True)]),
            np.array([np.var(b.mean(axis=1)) for b in blocks]),
            np.array([np.var(b @ fixed) for b in blocks]),
            *(np.array([np.var(b[:, i]) for b in blocks]) for i in range(3))]
    assert got.names == ["walk-forward split", "equal split", "hindsight (fit on all periods)", "a", "b", "c"]
    for g, w in zip(got.variances, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-9)
    means = np.array([w.mean() for w in want])
    np.testing.assert_allclose(got.mean_variance, means, rtol=1e-9)
    np.testing.assert_allclose(got.typical_std, np.sqrt(means), rtol=1e-9)
    np.testing.assert_allclose(got.versus_split_pct, 100 * (means - means[0]) / means[0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got.split_steadier_pct, [100 * np.mean(want[0] < w) for w in want])
