"""Fit ``y = w x + b`` by gradient descent: data, loss, exact least squares and jitted ``lax.scan`` chunks.

Params are an array of shape ``(2,)`` holding ``[w, b]`` as in the article; data ``x`` and ``y`` have
shape ``(n,)``. The article draws x and the noise from the *same* PRNG key, so its noise equals x and
its data lie exactly on ``y = 2.1 x + 1``; :func:`make_data` splits the key unless ``reuse_key=True``.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp

from calc_core import article

__all__ = [
    "make_data", "predict", "mse_loss", "least_squares", "gd_step", "train_chunk", "article_loop", "SIZES",
    "STEPS_PER_TICK",
]

SIZES = (20, 100, 500, 2000)  # data sizes offered by the page (one compiled chunk each)
STEPS_PER_TICK = (1, 5, 20)


def make_data(seed: int = article.REGRESSION_SEED, n: int = article.REGRESSION_SIZE,
              noise: float = article.REGRESSION_NOISE, reuse_key: bool = False,
              w: float = article.REGRESSION_TRUE_W, b: float = article.REGRESSION_TRUE_B
              ) -> tuple[jax.Array, jax.Array]:
    """``(x, y)``, each of shape ``(n,)``: ``x ~ N(0, 1)``, ``y = w x + b + noise·ε`` with ``ε ~ N(0, 1)``.

    With ``reuse_key=True`` both draws use ``PRNGKey(seed)`` (the article's code), so ``ε = x`` exactly.
    """
    key = jax.random.PRNGKey(seed)
    key_x, key_noise = (key, key) if reuse_key else jax.random.split(key)
    x = jax.random.normal(key_x, (n,))
    eps = jax.random.normal(key_noise, (n,))
    return x, w * x + b + noise * eps


def predict(params: jax.Array, x: jax.Array) -> jax.Array:
    """``w x + b`` for params ``[w, b]`` of shape ``(2,)`` and ``x`` of shape ``(n,)``."""
    w, b = params[0], params[1]
    return w * x + b


def mse_loss(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """Mean squared error (a scalar)."""
    return jnp.mean((predict(params, x) - y) ** 2)


def least_squares(x: jax.Array, y: jax.Array) -> jax.Array:
    """The exact minimiser ``[w, b]`` of the MSE: ``w = cov(x, y) / var(x)``, ``b = ȳ - w x̄`` (float64)."""
    with jax.enable_x64(True):
        x64, y64 = jnp.asarray(x, jnp.float64), jnp.asarray(y, jnp.float64)
        xc, yc = x64 - x64.mean(), y64 - y64.mean()
        w = (xc * yc).sum() / (xc * xc).sum()
        return jnp.stack([w, y64.mean() - w * x64.mean()])


def gd_step(params: jax.Array, x: jax.Array, y: jax.Array, lr: float | jax.Array) -> jax.Array:
    """One gradient-descent step on the MSE (the article's ``training_step``)."""
    return params - lr * jax.grad(mse_loss)(params, x, y)


@functools.partial(jax.jit, static_argnames="steps")
def train_chunk(params: jax.Array, x: jax.Array, y: jax.Array, lr: float | jax.Array, steps: int
                ) -> tuple[jax.Array, jax.Array, jax.Array]:
    """``steps`` gradient-descent steps in one ``lax.scan``.

    Returns the final params ``(2,)``, the params after each step ``(steps, 2)`` and the loss before each
    step ``(steps,)``. Compiled once per data size and ``steps``; ``lr`` is traced.
    """

    def step(p, _):
        loss, grad = jax.value_and_grad(mse_loss)(p, x, y)
        new = p - lr * grad
        return new, (new, loss)

    final, (history, losses) = jax.lax.scan(step, params, None, length=steps)
    return final, history, losses


def article_loop(x: jax.Array, y: jax.Array, lr: float = article.REGRESSION_LR,
                 steps: int = article.REGRESSION_STEPS) -> jax.Array:
    """The article's un-jitted loop: ``jax.grad`` called eagerly ``steps`` times (the slow baseline)."""
    params = jnp.array([0.0, 0.0])
    grad_loss = jax.grad(mse_loss)
    for _ in range(steps):
        params = params - lr * grad_loss(params, x, y)
    return params
