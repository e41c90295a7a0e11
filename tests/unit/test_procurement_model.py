"""calc_core.pages.procurement: each section's model against the single procurement calls it replaces and,
on the article's two suppliers, against the closed form (unconstrained ω* = 1.012, so on [0, 1] the split is
the boundary ω = 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calc_core import article
from calc_core import procurement as P
from calc_core.pages.procurement import (
    BASES,
    answer_view,
    basis_series,
    binding_caps,
    data_view,
    tradeoff_view,
    walk_view,
)

NAMES = ["Supplier A", "Supplier B"]
PRICES = pd.DataFrame({"Supplier A": article.PRICES_A, "Supplier B": article.PRICES_B},
                      index=pd.RangeIndex(1, 11, name="period"))
VALUES = PRICES.to_numpy(np.float64)
NO_CAPS = (np.zeros(2), np.ones(2))


def closed_form_cov() -> np.ndarray:
    """The article's population covariance, written out."""
    centred = VALUES - VALUES.mean(axis=0)
    return centred.T @ centred / len(VALUES)


def test_the_basis_is_the_prices_or_their_changes():
    assert basis_series(PRICES, BASES[0]) is PRICES
    pd.testing.assert_frame_equal(basis_series(PRICES, BASES[1]), P.price_changes(PRICES))
    assert len(basis_series(PRICES, "period-to-period changes")) == 9


@pytest.mark.parametrize("basis", BASES)
def test_data_view_matches_the_calls(basis):
    view = data_view(PRICES, basis)
    series = basis_series(PRICES, basis)
    pd.testing.assert_frame_equal(view.series, series)
    pd.testing.assert_frame_equal(view.stats, P.supplier_stats(series))
    pd.testing.assert_frame_equal(view.corr, series.corr())


def test_answer_on_the_article_is_the_boundary_split():
    assert article.PROCUREMENT_UNCONSTRAINED_OMEGA > 1 and article.PROCUREMENT_OPTIMUM_OMEGA == 1.0
    view = answer_view(VALUES, NAMES, *NO_CAPS, "sample")
    np.testing.assert_allclose(view.sample, closed_form_cov())
    np.testing.assert_allclose(view.stds, np.sqrt(np.diag(closed_form_cov())))
    np.testing.assert_allclose(view.weights, [1.0, 0.0], atol=1e-12)  # ω = 1: all from A
    np.testing.assert_array_equal(view.weights, P.capped_weights(P.covariance(VALUES, "sample")[0],
                                                                 *NO_CAPS).weights)
    assert (view.best_name, view.periods, view.delta, view.problem) == ("Supplier A", 10, 0.0, None)
    assert view.best_std == pytest.approx(float(np.std(article.PRICES_A)))
    assert view.blend_std == pytest.approx(view.best_std)
    assert (view.saving, view.saving_pct) == (0.0, 0.0)  # no blend is steadier than A alone
    assert view.short_history is False and view.binding == []
    assert view.sample_weights is None and view.moved == 0.0


def test_a_binding_maximum_gives_the_capped_split_and_its_phrase():
    lower, upper = np.zeros(2), np.array([0.6, 1.0])
    view = answer_view(VALUES, NAMES, lower, upper, "sample")
    np.testing.assert_allclose(view.weights, [0.6, 0.4], atol=1e-12)
    w = np.array([0.6, 0.4])
    assert view.blend_std == pytest.approx(float(np.sqrt(w @ closed_form_cov() @ w)))
    assert view.saving == pytest.approx(view.best_std - view.blend_std)
    assert view.saving_pct == pytest.approx(100 * view.saving / view.best_std) and view.saving < 0
    split = P.capped_weights(closed_form_cov(), lower, upper)
    assert view.binding == binding_caps(NAMES, split, lower, upper)
    assert len(view.binding) == 1 and view.binding[0].startswith("Supplier A's maximum 60% (1 point more")


def test_infeasible_caps_give_the_problem_and_no_split():
    lower, upper = np.array([0.7, 0.7]), np.ones(2)
    view = answer_view(VALUES, NAMES, lower, upper, "sample")
    assert view.problem == P.cap_problem(NAMES, lower, upper) is not None
    assert view.split is None and view.weights is None and view.binding == []
    assert np.isnan(view.blend_std) and view.best_name == "Supplier A"


@pytest.mark.parametrize("estimator", P.SHRINKAGE_TARGETS)
def test_a_shrunk_estimate_is_compared_with_the_sample_split(estimator):
    rng = np.random.default_rng(3)
    values = 100 + rng.normal(size=(11, 4)).cumsum(axis=0)
    names = [f"s{i}" for i in range(4)]
    lower, upper = np.zeros(4), np.ones(4)
    estimate = P.covariance(values, estimator)
    view = answer_view(values, names, lower, upper, estimator)
    passed = answer_view(values, names, lower, upper, estimator, estimate)  # the view's cached covariance
    np.testing.assert_array_equal(view.weights, passed.weights)
    np.testing.assert_array_equal(view.weights, P.capped_weights(estimate[0], lower, upper).weights)
    plain = P.capped_weights(P.covariance(values, "sample")[0], lower, upper).weights
    np.testing.assert_array_equal(view.sample_weights, plain)
    assert view.moved == pytest.approx(100 * np.abs(view.weights - plain).max())
    assert view.delta == estimate[1] and view.short_history is True  # 11 periods < 3 × 4


@pytest.mark.parametrize("share", [0.0, 0.5])
def test_tradeoff_view_matches_the_four_calls(share):
    view = tradeoff_view(PRICES, share, BASES[0], 2, ["a.csv"])
    lam = P.tradeoff_lambda(PRICES, share)
    weights = P.min_variance_weights(PRICES, price_weight=lam)
    assert view.lam == lam
    np.testing.assert_array_equal(view.weights, weights)
    pd.testing.assert_frame_equal(view.table, P.summary(PRICES, weights))
    assert view.record == P.decision_summary(PRICES, weights, basis=BASES[0], price_weight=lam, rows_dropped=2,
                                             sources=["a.csv"])
    np.testing.assert_allclose(view.variances, np.var(VALUES, axis=0))
    assert view.blend_variance == pytest.approx(float(np.var(VALUES @ weights)))


def test_tradeoff_view_without_the_price_is_the_boundary_split():
    view = tradeoff_view(PRICES, 0.0, BASES[0], 0, [])
    assert view.lam == 0.0
    np.testing.assert_allclose(view.weights, [1.0, 0.0], atol=1e-6)  # long-only: ω = 1, not 1.012
    assert view.blend_variance == pytest.approx(float(np.var(article.PRICES_A)), rel=1e-5)


def test_walk_view_matches_the_comparison_calls():
    rng = np.random.default_rng(0)
    index = pd.date_range("2024-01-01", periods=40, freq="W")
    series = pd.DataFrame(100 + rng.normal(size=(40, 3)).cumsum(axis=0), index=index, columns=["x", "y", "z"])
    values = series.to_numpy(np.float64)
    weights = answer_view(values, ["x", "y", "z"], np.zeros(3), np.ones(3), "sample").weights
    result = P.walk_forward(values, 12, 4)
    view = walk_view(series, result, 4, weights)
    compared = P.compare_walk(result, P.hindsight_variance(values, result.starts, 4, weights), ["x", "y", "z"])
    assert view.compared.names == compared.names
    np.testing.assert_array_equal(view.compared.mean_variance, compared.mean_variance)
    assert view.labels == [str(d.date()) for d in index[result.starts]] and len(view.labels) == 7
    for name, variance in zip(compared.names, compared.variances, strict=True):
        np.testing.assert_array_equal(view.stds[name], np.sqrt(np.maximum(variance, 0)))
    assert [r[0] for r in view.rows] == compared.names and view.rows[0][3] == 0.0
    np.testing.assert_array_equal(view.table["mean realised variance"].to_numpy(), compared.mean_variance)
    assert list(view.table.index) == compared.names
    means = dict(zip(compared.names, compared.mean_variance, strict=True))
    assert view.steadiest == min(["x", "y", "z"], key=means.get)
    split = means["walk-forward split"]
    assert view.split_variance == split
    assert view.versus_steadiest == pytest.approx(100 * (split - means[view.steadiest]) / means[view.steadiest])
    assert view.versus_equal == pytest.approx(100 * (split - means["equal split"]) / means["equal split"])
    assert view.fallbacks == int((~result.converged).sum())


def test_walk_view_labels_a_plain_index_by_its_text():
    series = PRICES.iloc[:, :2].copy()
    result = P.walk_forward(VALUES, 4, 3)
    view = walk_view(series, result, 3, np.array([1.0, 0.0]))
    assert view.labels == [str(i) for i in series.index[result.starts]]
