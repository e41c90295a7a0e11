"""Per-example gradients of the regression loss with ``jax.vmap``, outliers and per-example clipping.

Params ``[w, b]`` have shape ``(2,)``; data ``x`` and ``y`` shape ``(n,)``; per-example gradients shape
``(n, 2)``. The mean of the per-example gradients of the squared error is the gradient of the MSE.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from calc_core.regression import mse_loss

__all__ = [
    "single_loss", "single_grad", "per_example_grads", "batch_grad", "clip", "private_mean", "outliers",
    "corrupt", "loop_grads", "time_vmap_vs_loop", "Clipping", "clipping",
]


def single_loss(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """Squared error of one example (scalars ``x`` and ``y``)."""
    pred = params[0] * x + params[1]
    return (pred - y) ** 2


single_grad = jax.grad(single_loss)


@jax.jit
def per_example_grads(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """One gradient per example, shape ``(n, 2)``: ``jax.vmap(jax.grad(single_loss))``."""
    return jax.vmap(single_grad, in_axes=(None, 0, 0))(params, x, y)


@jax.jit
def batch_grad(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """Gradient of the mean squared error, shape ``(2,)``."""
    return jax.grad(mse_loss)(params, x, y)


@jax.jit
def clip(grads: jax.Array, max_norm: float | jax.Array) -> jax.Array:
    """Scale each row of ``grads`` ``(n, 2)`` to norm at most ``max_norm`` (DP-SGD's clipping step)."""
    norms = jnp.linalg.norm(grads, axis=1)
    scale = jnp.minimum(1.0, max_norm / jnp.maximum(norms, 1e-12))
    return grads * scale[:, None]


@jax.jit
def private_mean(grads: jax.Array, max_norm: float | jax.Array, noise_multiplier: float | jax.Array,
                 key: jax.Array) -> jax.Array:
    """DP-SGD's gradient: clip each row of ``grads`` ``(n, 2)`` to norm ``max_norm`` = C, sum, add Gaussian
    noise ``N(0, (σ C)² I)`` with σ = ``noise_multiplier``, divide by n → shape ``(2,)``.

    Clipping bounds what one example can change (the sum moves by at most C when one is added or removed);
    the noise, scaled to that bound, is what hides any single example. σ = 0 gives the clipped mean (no privacy).
    """
    noise = noise_multiplier * max_norm * jax.random.normal(key, grads.shape[1:], grads.dtype)
    return (clip(grads, max_norm).sum(axis=0) + noise) / grads.shape[0]


def outliers(grads: jax.Array, k: float = 3.0) -> jax.Array:
    """Boolean mask ``(n,)``: gradient norms above Tukey's far-out fence ``Q3 + k IQR``."""
    norms = jnp.linalg.norm(grads, axis=1)
    q1, q3 = jnp.percentile(norms, 25.0), jnp.percentile(norms, 75.0)
    return norms > q3 + k * (q3 - q1)


def corrupt(y: jax.Array, count: int, shift: float = 8.0) -> jax.Array:
    """``y`` with its first ``count`` labels moved up by ``shift`` (outliers to look at)."""
    return y.at[:count].add(shift)


_jitted_single_grad = jax.jit(single_grad)


def loop_grads(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """The same ``(n, 2)`` gradients from a Python loop of jitted single-example calls (the slow way)."""
    return jnp.stack([_jitted_single_grad(params, x[i], y[i]) for i in range(x.shape[0])])


def time_vmap_vs_loop(params: jax.Array, x: jax.Array, y: jax.Array, repeats: int = 5) -> dict[str, float]:
    """Median seconds of :func:`per_example_grads` (vmap) and :func:`loop_grads`, after a warm-up call."""
    results = {}
    for name, fn in (("vmap", per_example_grads), ("loop", loop_grads)):
        jax.block_until_ready(fn(params, x, y))
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            jax.block_until_ready(fn(params, x, y))
            times.append(time.perf_counter() - start)
        results[name] = sorted(times)[len(times) // 2]
    return results


class Clipping(NamedTuple):
    """Everything the per-example page shows for one ``(w, b)``, clip norm C and noise multiplier σ.

    ``grads``, ``clipped``: per-example gradients before and after clipping, shape ``(n, 2)``; ``batch``: the
    gradient of the mean loss; ``mean``, ``clipped_mean``, ``noisy``: the means (DP-SGD's noisy one last), each
    shape ``(2,)``; ``outlier_mask``, ``norms``: shape ``(n,)``; ``gap``: max |mean − batch| (float32 rounding);
    ``clipped_count``: gradients longer than C; ``noise_per_coordinate``: σC/n, the noise's std on the mean.
    """

    grads: jax.Array
    batch: jax.Array
    clipped: jax.Array
    mean: jax.Array
    clipped_mean: jax.Array
    noisy: jax.Array
    outlier_mask: np.ndarray
    norms: np.ndarray
    gap: float
    clipped_count: int
    noise_per_coordinate: float


def clipping(params: jax.Array, x: jax.Array, y: jax.Array, clip_norm: float, sigma: float, key: jax.Array
             ) -> Clipping:
    """Per-example gradients at ``params`` (shape ``(2,)``), their clipping at ``clip_norm`` and DP-SGD's noisy
    mean with noise multiplier ``sigma`` drawn from ``key``."""
    grads = per_example_grads(params, x, y)
    batch = batch_grad(params, x, y)
    clipped = clip(grads, clip_norm)
    norms = np.linalg.norm(np.asarray(grads), axis=1)
    mean, clipped_mean = grads.mean(axis=0), clipped.mean(axis=0)
    return Clipping(grads, batch, clipped, mean, clipped_mean, private_mean(grads, clip_norm, sigma, key),
                    np.asarray(outliers(grads)), norms, float(jnp.max(jnp.abs(mean - batch))),
                    int((norms > clip_norm).sum()), sigma * clip_norm / x.shape[0])
