"""calc_core.stability against float64 NumPy oracles and closed forms: bounds, escapes, overshoots, 1-D runs."""

import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc_core import descent, regression, stability, surfaces
from calc_core.expr import as_vector_function, parse_function

SADDLE = np.array([[1.0, 1.5], [1.5, 1.0]])  # x² + 3xy + y² = pᵀ SADDLE p


def oracle_mse_hessian(x) -> np.ndarray:
    """The closed form 2 [[mean x², mean x], [mean x, 1]] in float64."""
    x = np.asarray(x, np.float64)
    return 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def run_1d(text: str, x0: float, lr: float, steps: int = 50):
    f = as_vector_function(parse_function(text), 1)
    path = np.asarray(descent.run(f, [x0], "sgd", lr, steps))[:, 0]
    return path, stability.explain_run_1d(f, path, lr)


# --- bounds ---------------------------------------------------------------------------------------
def test_regression_bound_on_the_default_data_is_2_over_lambda_max_not_1_over_mean_x2():
    x, _ = regression.make_data()
    expected = 2.0 / np.linalg.eigvalsh(oracle_mse_hessian(x))[-1]
    assert stability.regression_bound(x) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(0.8827, abs=1e-4)  # the issue's ≈ 0.88
    assert expected < 0.95 < 1.0 / float(np.mean(np.asarray(x, np.float64) ** 2))  # the old claim said 0.95 is fine


def test_the_default_data_diverge_at_0_95_and_converge_just_below_the_bound():
    x, y = regression.make_data()
    bound = 2.0 / np.linalg.eigvalsh(oracle_mse_hessian(x))[-1]
    best = np.asarray(regression.least_squares(x, y))
    for lr, grows in ((0.95, True), (0.98 * bound, False)):
        params = jnp.zeros(2)
        for _ in range(50):
            params = regression.train_chunk(params, x, y, lr, 20)[0]
        gap = np.linalg.norm(np.asarray(params, np.float64) - best)
        assert (not np.isfinite(gap) or gap > 1e3) if grows else (gap < 1e-3), (lr, gap)


@given(mean=st.floats(-2.0, 2.0), spread=st.floats(0.3, 3.0), seed=st.integers(0, 10_000),
       side=st.sampled_from([0.9, 1.1]))
def test_random_quadratics_bound_matches_eigvalsh_and_splits_converge_from_diverge(mean, spread, seed, side):
    """The MSE of a line fit is a random quadratic in (w, b); its bound decides the run either side of it."""
    rng = np.random.default_rng(seed)
    x = jnp.asarray(mean + spread * rng.standard_normal(20), jnp.float32)
    y = jnp.asarray(rng.standard_normal(20), jnp.float32)
    oracle = 2.0 / np.linalg.eigvalsh(oracle_mse_hessian(x))[-1]
    bound = stability.regression_bound(x)
    assert bound == pytest.approx(oracle, rel=1e-9)
    best = np.asarray(regression.least_squares(x, y), np.float64)
    params = jnp.zeros(2)
    start = np.linalg.norm(best)
    for _ in range(4):
        params = regression.train_chunk(params, x, y, side * bound, 500)[0]
    gap = np.linalg.norm(np.asarray(params, np.float64) - best)
    if side < 1:
        assert gap < 1e-2 * max(start, 1.0)
    else:
        assert not np.isfinite(gap) or gap > 1e3 * max(start, 1.0)


@given(st.lists(st.floats(-5.0, 5.0), min_size=4, max_size=4))
def test_quadratic_bound_is_2_over_the_largest_eigenvalue(entries):
    a = np.asarray(entries, np.float64).reshape(2, 2)
    h = a @ a.T + 1e-3 * np.eye(2)  # symmetric positive definite
    lam = np.linalg.eigvalsh(h)
    assert stability.quadratic_bound(h) == pytest.approx(2.0 / lam[-1], rel=1e-9)
    assert stability.quadratic_bound(-h) is None


# --- 2-D runs ------------------------------------------------------------------------------------
def test_the_saddle_escapes_along_negative_curvature_at_a_small_learning_rate():
    path = np.asarray(descent.run(surfaces.saddle, [2.0, 1.6], "sgd", 0.1, 500))
    report = stability.descent_report(surfaces.saddle, path)
    lam = np.linalg.eigvalsh(np.array([[2.0, 3.0], [3.0, 2.0]]))  # the saddle's constant Hessian
    assert report.kind == "escapes" and report.diverged_at is not None
    assert report.worst.lam_min == pytest.approx(lam[0]) and report.worst.bound == pytest.approx(2 / lam[-1])
    assert 2 / lam[-1] > 0.1  # lr is below the overshoot bound: the old "needs lr < 0.4" was no reason
    np.testing.assert_allclose(report.worst.down_direction, np.array([1.0, -1.0]) / np.sqrt(2), atol=1e-9)
    text = stability.explain_divergence(report, 0.1)
    assert "negative curvature" in text and "λ_min = -1" in text and "(0.707, -0.707)" in text
    assert "not a step-size problem" in text and report.unbounded_down and "f → −∞ along that line" in text
    t = np.geomspace(1.0, 1e6, 7)[:, None] * np.array([1.0, -1.0]) / np.sqrt(2)
    assert np.all(np.diff(np.einsum("ki,ij,kj->k", t, SADDLE, t)) < 0)  # oracle: f = −t²/2 along (1, −1)/√2


def test_the_bowl_overshoots_above_2_over_lambda():
    path = np.asarray(descent.run(surfaces.bowl, [2.5, 2.0], "sgd", 1.5, 100))
    report = stability.descent_report(surfaces.bowl, path)
    assert report.kind == "overshoots" and report.worst.bound == pytest.approx(1.0)
    assert "2/λ_max = 1" in stability.explain_divergence(report, 1.5)


def test_the_valley_settles_and_its_bound_comes_from_the_minimum():
    path = np.asarray(descent.run(surfaces.valley, [-2.5, 1.0], "sgd", 0.06, 500))
    report = stability.descent_report(surfaces.valley, path)
    assert report.kind == "settles" and report.end.lam_max == pytest.approx(20.0) and not report.negative_on_path


# --- 1-D runs (each against its closed form) -------------------------------------------------------
def test_article_quadratic_regimes():
    _, run = run_1d("(x - 3)^2 + 1", 0.0, 0.1)
    assert run.kind == "converges" and run.target == pytest.approx(3.0) and run.curvature == pytest.approx(2.0)
    assert "1 − ηλ = 0.8" in run.text
    _, run = run_1d("(x - 3)^2 + 1", 0.0, 0.8)
    assert run.kind == "oscillates" and "1/λ < η < 2/λ" in run.text
    _, run = run_1d("(x - 3)^2 + 1", 0.0, 1.2)
    assert run.kind == "diverged" and run.diverged_at == 38 and "2/λ = 1" in run.text


def test_exp_has_no_minimum_and_says_so():
    path, run = run_1d("exp(x)", 0.0, 0.1)
    assert run.kind == "no_minimum" and "No minimum" in run.text
    reach = np.linspace(path[-1] - 20.0, path[-1], 10_001)
    assert np.all(np.exp(reach) > 0)  # oracle: f′ = eˣ never vanishes on the range the text names
    assert "smooth slide" not in run.text


def test_x_cubed_from_one_heads_to_an_inflection_point():
    path, run = run_1d("x^3", 1.0, 0.1)
    assert run.kind == "inflection" and run.target == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.diff(path) < 0) and path[-1] > 0  # oracle: x_{k+1} = x_k − 0.3 x_k² creeps down to 0
    assert np.all(3 * np.array([-0.5, -1e-3, 1e-3, 0.5]) ** 2 > 0)  # f′ keeps its sign across 0
    assert "inflection point, not a minimum" in run.text


def test_x_to_the_fourth_from_two_overshoots_on_step_one():
    path, run = run_1d("x^4", 2.0, 0.1)
    x1 = 2.0 - 0.1 * 4 * 2.0**3  # closed form: −1.2
    assert path[1] == pytest.approx(x1) and x1 < 0 < 2.0
    assert run.kind == "flat_minimum" and run.overshoot_step == 1 and "Step 1 jumped over" in run.text
    assert "smooth slide" not in run.text


def test_corner_and_domain_edges_are_named():
    _, run = run_1d("abs(x)", 1.0, 0.1)
    assert run.kind == "kink" and "corner" in run.text
    _, run = run_1d("log(x)", 1.0, 0.1)
    assert run.kind == "left_domain"
    _, run = run_1d("x^3", -1.0, 0.1)
    assert run.kind == "escapes" and "no minimum" in run.text
