"""Linear regression: the reused-key bug, least squares, scan chunks against the article's loop."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, regression


def test_reusing_one_key_makes_the_noise_equal_x():
    x, y = regression.make_data(reuse_key=True)
    np.testing.assert_array_equal(x, jax.random.normal(jax.random.PRNGKey(article.REGRESSION_SEED), (100,)))
    np.testing.assert_allclose(y, article.REGRESSION_REUSED_KEY_W * x + article.REGRESSION_REUSED_KEY_B,
                               rtol=1e-5, atol=1e-5)
    w, b = regression.least_squares(x, y)
    assert w == pytest.approx(2.1, abs=1e-5) and b == pytest.approx(1.0, abs=1e-5)


def test_split_keys_give_noise_independent_of_x_and_a_fit_near_2_and_1():
    x, y = regression.make_data(n=2000)
    eps = (y - 2.0 * x - 1.0) / article.REGRESSION_NOISE
    assert abs(float(jnp.corrcoef(eps, x)[0, 1])) < 0.1
    w, b = regression.least_squares(x, y)
    assert w == pytest.approx(2.0, abs=0.01) and b == pytest.approx(1.0, abs=0.01)


def test_least_squares_matches_numpy_lstsq():
    x, y = regression.make_data(seed=7, n=100, noise=0.5)
    design = np.stack([np.asarray(x, np.float64), np.ones(100)], axis=1)
    expected = np.linalg.lstsq(design, np.asarray(y, np.float64), rcond=None)[0]
    np.testing.assert_allclose(regression.least_squares(x, y), expected, rtol=1e-9)


def test_gradient_matches_the_closed_form():
    x, y = regression.make_data()
    params = jnp.array([0.5, -0.3])
    residual = 0.5 * x - 0.3 - y
    expected = jnp.stack([2 * jnp.mean(residual * x), 2 * jnp.mean(residual)])
    np.testing.assert_allclose(jax.grad(regression.mse_loss)(params, x, y), expected, rtol=1e-5)


def test_scan_chunk_equals_the_articles_loop_and_converges_to_least_squares():
    x, y = regression.make_data()
    final, history, losses = regression.train_chunk(jnp.zeros(2), x, y, article.REGRESSION_LR, 200)
    assert history.shape == (200, 2) and losses.shape == (200,)
    np.testing.assert_allclose(final, regression.article_loop(x, y), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(final, regression.least_squares(x, y), atol=1e-4)
    assert float(losses[-1]) < float(losses[0])
    assert np.all(np.diff(np.asarray(losses)) <= 1e-7)  # lr 0.1 is below the stability limit: monotone


def test_chunks_compose():
    x, y = regression.make_data()
    once = regression.train_chunk(jnp.zeros(2), x, y, 0.1, 20)[0]
    twice = regression.train_chunk(regression.train_chunk(jnp.zeros(2), x, y, 0.1, 5)[0], x, y, 0.1, 15)[0]
    np.testing.assert_allclose(once, twice, rtol=1e-6)


def test_too_large_a_learning_rate_diverges():
    x, y = regression.make_data()
    limit = 1.0 / float(jnp.mean(x * x))  # 2 / largest Hessian eigenvalue is at most this
    _, history, _ = regression.train_chunk(jnp.zeros(2), x, y, 1.5 * limit, 20)
    assert float(jnp.abs(history[-1]).max()) > 1e3


def test_jit_page_measurements():
    from calc_core import timing

    x, y = regression.make_data()
    t = timing.eager_vs_jit(x, y, 0.1, repeats=3)
    assert set(t) == {"eager", "jit", "trace", "compile"} and all(v > 0 for v in t.values())
    assert "f32[100]" in timing.step_jaxpr(x, y)
    assert [traced for _, traced in timing.recompile_demo()] == [True, False, True, True, False, True]
    scan = timing.loop_vs_scan(x, y, 0.1, steps=50, repeats=1)
    np.testing.assert_allclose(scan["loop_params"], scan["scan_params"], rtol=1e-5, atol=1e-6)
