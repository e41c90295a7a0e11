"""calc_core.pages.descent_1d: the 1-D descent page's run, step and plot window against closed forms in float64."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import article
from calc_core.expr import as_vector_function, parse_function
from calc_core.pages.descent_1d import WINDOW_LIMIT, descent_view, last_finite, plot_window

ARTICLE = as_vector_function(parse_function(article.DESCENT_FORMULA), 1)


def closed_form_path(x0: float, lr: float, steps: int) -> np.ndarray:
    """(x − 3)² + 1: x_k − 3 = (1 − 2η)^k (x₀ − 3), in float64."""
    return 3.0 + (1.0 - 2.0 * lr) ** np.arange(steps + 1) * (x0 - 3.0)


@pytest.mark.parametrize("k", [0, 2, 50])
def test_article_run_window_and_curve_match_the_closed_form(k):
    view = descent_view(ARTICLE, 0.0, 0.1, 50, k)
    oracle = closed_form_path(0.0, 0.1, 50)
    np.testing.assert_allclose(view.path, oracle, atol=1e-5)
    np.testing.assert_allclose(view.values, (oracle - 3.0) ** 2 + 1.0, rtol=1e-5, atol=1e-5)
    assert view.k == k and len(view.shown) == k + 1
    assert view.current == pytest.approx(oracle[k], abs=1e-5)
    assert view.curvature == pytest.approx(2.0, rel=1e-5)
    low, high = min(oracle[: k + 1].min(), 0.0) - 1.0, max(oracle[: k + 1].max(), 0.0) + 1.0
    np.testing.assert_allclose(view.grid[[0, -1]], [low, high], atol=1e-5)
    np.testing.assert_allclose(view.curve, (view.grid.astype(np.float64) - 3.0) ** 2 + 1.0, rtol=1e-5)
    assert view.target == pytest.approx(3.0, abs=1e-4) and view.zone_curvature == pytest.approx(2.0, rel=1e-4)


def test_diverged_run_keeps_the_window_within_the_limit():
    view = descent_view(ARTICLE, 0.0, 1.2, 50, 50)  # |1 − 2η| = 1.4: |x| passes 10⁶ at step 38
    oracle = closed_form_path(0.0, 1.2, 50)
    first_out = int(np.flatnonzero(np.abs(oracle) > 1e6)[0])
    assert view.run.diverged_at == first_out == 38
    assert np.isnan(view.path[first_out:]).all() and not np.isfinite(view.value_at_k)
    assert view.current == pytest.approx(oracle[first_out - 1], rel=1e-4)
    assert (float(view.grid[0]), float(view.grid[-1])) == (-WINDOW_LIMIT, WINDOW_LIMIT)


def test_plot_window_ignores_nan_and_includes_the_start():
    assert plot_window(np.array([2.0, np.nan, 5.0]), x0=-1.0) == (-2.0, 6.0)
    assert plot_window(np.array([np.nan]), x0=4.0) == (3.0, 5.0)
    assert plot_window(np.array([-5e5, 7e5]), x0=0.0) == (-WINDOW_LIMIT, WINDOW_LIMIT)


def test_last_finite_falls_back_to_the_start():
    assert last_finite(np.array([1.0, 2.5, np.nan]), 0.0) == 2.5
    assert last_finite(np.array([np.nan, np.inf]), 7.0) == 7.0
