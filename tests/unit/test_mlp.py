"""The article's network: gradients against finite differences, training, seeds, the article's setting."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, mlp

SIZES = (1, 8, 8, 1)


def small_problem(seed=0, n=50):
    x, y = mlp.make_data(seed, n)
    return mlp.init_params(jax.random.PRNGKey(seed), SIZES), x, y


@pytest.mark.parametrize("activation", list(mlp.ACTIVATIONS))
def test_gradient_matches_central_differences(activation):
    params, x, y = small_problem()
    with jax.enable_x64(True):
        p64 = jax.tree.map(lambda a: jnp.asarray(a, jnp.float64), params)
        x64, y64 = jnp.asarray(x, jnp.float64), jnp.asarray(y, jnp.float64)
        grads = jax.grad(mlp.loss_fn)(p64, x64, y64, activation)
        h = 1e-6
        for layer, which, index in [(0, 0, (0, 3)), (1, 0, (2, 5)), (1, 1, (4,)), (2, 0, (6, 0)), (2, 1, (0,))]:
            def bumped(delta, layer=layer, which=which, index=index):
                new = [list(pair) for pair in p64]
                new[layer][which] = new[layer][which].at[index].add(delta)
                return mlp.loss_fn([tuple(pair) for pair in new], x64, y64, activation)
            numeric = (bumped(h) - bumped(-h)) / (2 * h)
            np.testing.assert_allclose(grads[layer][which][index], numeric, rtol=1e-5, atol=1e-9)


def test_forward_shapes_and_hidden_layers():
    params, x, _ = small_problem()
    assert mlp.forward(params, x).shape == (50, 1)
    hidden = mlp.hidden_activations(params, x)
    assert [h.shape for h in hidden] == [(50, 8), (50, 8)]
    assert float(jnp.min(hidden[0])) >= 0.0  # ReLU


def test_init_matches_the_article():
    params = mlp.init_params(jax.random.PRNGKey(0), article.MLP_LAYER_SIZES)
    assert [(w.shape, b.shape) for w, b in params] == [((1, 32), (32,)), ((32, 32), (32,)), ((32, 1), (1,))]
    assert all(float(jnp.abs(b).max()) == 0.0 for _, b in params)
    assert 0.05 < float(jnp.std(params[1][0])) < 0.15


@pytest.mark.parametrize("optimizer", mlp.OPTIMIZER_CHOICES)
def test_training_chunk_reduces_the_loss(optimizer):
    params, x, y = small_problem()
    chunk = mlp.train_chunk("tanh", optimizer)
    state = mlp.init_opt_state(optimizer, params)
    before = float(mlp.loss_fn(params, x, y, "tanh"))
    for _ in range(5):
        params, state, losses = chunk(params, state, x, y, 0.01)
    assert losses.shape == (mlp.CHUNK,)
    assert float(mlp.loss_fn(params, x, y, "tanh")) < 0.5 * before


def test_chunk_equals_the_articles_step_loop():
    params, x, y = small_problem()
    chunk = mlp.train_chunk("relu", "sgd", steps=20)
    from_chunk, _, losses = chunk(params, mlp.init_opt_state("sgd", params), x, y, 0.05)
    looped = params
    for _ in range(20):
        looped = mlp.article_step(looped, x, y, 0.05)
    for a, b in zip(jax.tree.leaves(from_chunk), jax.tree.leaves(looped), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(losses[0], mlp.loss_fn(params, x, y), rtol=1e-6)


def test_compiled_once_per_architecture():
    assert mlp.train_chunk("relu", "adam") is mlp.train_chunk("relu", "adam")
    assert mlp.train_chunk("relu", "adam") is not mlp.train_chunk("gelu", "adam")


def test_same_seed_same_result_and_noise_is_independent_of_x():
    x1, y1 = mlp.make_data(3, 200, noise=0.1)
    x2, y2 = mlp.make_data(3, 200, noise=0.1)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    eps = (y1 - jnp.sin(x1)) / 0.1
    assert abs(float(jnp.corrcoef(eps[:, 0], x1[:, 0])[0, 1])) < 0.2
    x0, y0 = mlp.article_data()
    np.testing.assert_array_equal(x0, jax.random.uniform(jax.random.PRNGKey(0), (200, 1), minval=-3, maxval=3))
    np.testing.assert_allclose(y0, jnp.sin(x0))


def test_the_articles_setting_trains_sin():
    """PRNGKey(0), SGD at lr 0.01, 1 -> 32 -> 32 -> 1 ReLU on 200 points of sin(x).

    Measured with JAX 0.12 here: 0.047 after the article's 2,000 epochs (not the 0.0088 quoted in the
    issue), below article.MLP_LOSS_BELOW = 0.02 by 3,000 epochs, 0.003 after 5,000.
    """
    x, y = mlp.article_data()
    params = mlp.init_params(jax.random.PRNGKey(article.MLP_SEED), article.MLP_LAYER_SIZES)
    state = mlp.init_opt_state("sgd", params)
    chunk = mlp.train_chunk("relu", "sgd")
    start = float(mlp.loss_fn(params, x, y))
    losses = {}
    for i in range(1, 51):
        params, state, _ = chunk(params, state, x, y, article.MLP_LR)
        losses[i * mlp.CHUNK] = float(mlp.loss_fn(params, x, y))
    assert start > 0.4
    assert losses[article.MLP_EPOCHS] < 0.1 * start
    assert losses[article.MLP_EPOCHS] < 0.06
    assert losses[3000] < article.MLP_LOSS_BELOW
    assert losses[5000] < 0.005


def test_divergence_is_detected():
    params, x, y = small_problem()
    chunk = mlp.train_chunk("relu", "sgd")
    params, _, losses = chunk(params, mlp.init_opt_state("sgd", params), x, y, 50.0)
    assert not (bool(jnp.isfinite(losses).all()) and mlp.is_finite(params))
