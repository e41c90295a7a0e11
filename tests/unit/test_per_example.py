"""Per-example gradients: the mean is the batch gradient, clipping bounds every norm, outliers stand out."""

import jax
import jax.numpy as jnp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from calc_core import per_example, regression


def data():
    return regression.make_data()


def test_per_example_gradients_match_the_hand_derivative():
    x, y = data()
    params = jnp.array([0.7, 0.2])
    grads = per_example.per_example_grads(params, x, y)
    residual = 0.7 * x + 0.2 - y
    assert grads.shape == (100, 2)
    np.testing.assert_allclose(grads, jnp.stack([2 * residual * x, 2 * residual], axis=1), rtol=1e-5,
                               atol=1e-6)


@settings(max_examples=20, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.integers(0, 10))
def test_mean_equals_batch_gradient(w, b, corrupted):
    x, y = data()
    y = per_example.corrupt(y, corrupted)
    params = jnp.array([w, b], jnp.float32)
    mean = per_example.per_example_grads(params, x, y).mean(axis=0)
    np.testing.assert_allclose(mean, per_example.batch_grad(params, x, y), rtol=1e-4, atol=1e-4)


@settings(max_examples=20, deadline=None)
@given(st.floats(0.01, 50.0))
def test_clipping_bounds_every_norm_and_keeps_short_gradients(max_norm):
    x, y = data()
    grads = per_example.per_example_grads(jnp.zeros(2), x, y)
    clipped = per_example.clip(grads, max_norm)
    norms, new_norms = np.linalg.norm(grads, axis=1), np.linalg.norm(clipped, axis=1)
    assert np.all(new_norms <= max_norm * (1 + 1e-5))
    short = norms <= max_norm
    np.testing.assert_allclose(np.asarray(clipped)[short], np.asarray(grads)[short], rtol=1e-6)
    cos = np.sum(np.asarray(clipped) * np.asarray(grads), axis=1) / np.maximum(norms * new_norms, 1e-12)
    assert np.all(cos > 0.9999)  # direction kept


def test_corrupted_labels_are_the_outliers_at_the_fit():
    x, y = data()
    fit = jnp.asarray(regression.least_squares(x, y), jnp.float32)
    mask = np.asarray(per_example.outliers(per_example.per_example_grads(fit, x, per_example.corrupt(y, 3))))
    assert mask[:3].all() and mask.sum() == 3
    assert not np.asarray(per_example.outliers(per_example.per_example_grads(fit, x, y))).any()


def test_loop_gives_the_same_gradients_and_timing_returns_both():
    x, y = data()
    params = jnp.array([1.0, 0.0])
    np.testing.assert_allclose(per_example.loop_grads(params, x, y), per_example.per_example_grads(params, x, y),
                               rtol=1e-6)
    times = per_example.time_vmap_vs_loop(params, x, y, repeats=2)
    assert set(times) == {"vmap", "loop"} and all(t > 0 for t in times.values())


def test_private_mean_is_the_clipped_mean_plus_gaussian_noise_of_sigma_c_over_n():
    x, y = regression.make_data()
    grads = per_example.per_example_grads(jnp.zeros(2), x, y)
    n, c, sigma = grads.shape[0], 2.0, 1.5
    clipped_mean = np.asarray(grads, np.float64)
    norms = np.linalg.norm(clipped_mean, axis=1, keepdims=True)
    clipped_mean = (clipped_mean * np.minimum(1.0, c / norms)).mean(axis=0)  # NumPy oracle for the clipping
    np.testing.assert_allclose(per_example.private_mean(grads, c, 0.0, jax.random.PRNGKey(0)), clipped_mean,
                               rtol=1e-5)  # σ = 0: clipping alone, no noise
    keys = jax.random.split(jax.random.PRNGKey(1), 4000)
    draws = np.stack([np.asarray(per_example.private_mean(grads, c, sigma, k)) for k in keys[:4000:4]])
    noise = draws - clipped_mean  # (1000, 2)
    assert np.all(np.abs(noise.mean(axis=0)) < 4 * sigma * c / n / np.sqrt(len(noise)))
    np.testing.assert_allclose(noise.std(axis=0), sigma * c / n, rtol=0.1)
