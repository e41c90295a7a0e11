"""calc_core.pages.per_example: the per-example page's model against the calls it replaces and the closed-form
gradients of (w x + b − y)²."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, per_example, regression
from calc_core.pages.per_example import per_example_view


def test_view_is_the_corrupted_data_and_its_clipping():
    view = per_example_view(0.5, -0.2, 3, 5.0, 1.0, 1)
    x, y = regression.make_data(article.REGRESSION_SEED, article.REGRESSION_SIZE, article.REGRESSION_NOISE)
    np.testing.assert_array_equal(view.x, x)
    np.testing.assert_allclose(np.asarray(view.y)[:3], np.asarray(y)[:3] + 8.0, rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(view.y)[3:], np.asarray(y)[3:])
    want = per_example.clipping(jnp.array([0.5, -0.2]), x, view.y, 5.0, 1.0, jax.random.PRNGKey(1))
    np.testing.assert_array_equal(np.asarray(view.clipping.noisy), np.asarray(want.noisy))
    residual = 0.5 * np.asarray(x, np.float64) - 0.2 - np.asarray(view.y, np.float64)
    np.testing.assert_allclose(np.asarray(view.clipping.grads), np.stack([2 * residual * x, 2 * residual], 1),
                               rtol=1e-5, atol=1e-5)
    assert view.clipping.grads.shape == (article.REGRESSION_SIZE, 2)
    assert view.outlier_count == int(want.outlier_mask.sum()) and view.outlier_count >= 3  # the shifted labels
    assert view.noise_on_sum == pytest.approx(5.0)
