"""The per-example-gradients page's numbers: the article's data with some labels corrupted, every example's
gradient at (w, b), their clipping and DP-SGD's noisy mean.

Named for its concept (the page's name is :mod:`calc_core.per_example`'s); the page only reads controls and
draws (see ``dashboard/views/per_example.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from calc_core import article, per_example, regression

__all__ = ["PerExampleView", "per_example_view"]


class PerExampleView(NamedTuple):
    """``x``, ``y``: the article's data, shape ``(n,)``, with the first ``corrupted`` labels shifted; ``params``:
    (w, b), shape ``(2,)``; ``clipping``: the per-example gradients, their means, clipping and noisy mean;
    ``outlier_count``: gradients whose norm is an outlier; ``noise_on_sum``: σC, the noise's std on the sum."""

    x: jax.Array
    y: jax.Array
    params: jax.Array
    clipping: per_example.Clipping
    outlier_count: int
    noise_on_sum: float


def per_example_view(w: float, b: float, corrupted: int, clip_norm: float, sigma: float, seed: int
                     ) -> PerExampleView:
    """Per-example gradients at (w, b) on the article's data with ``corrupted`` labels shifted, clipped at
    ``clip_norm``, with DP-SGD noise of multiplier ``sigma`` drawn from ``seed`` (a fixed draw per seed)."""
    x, y = regression.make_data(article.REGRESSION_SEED, article.REGRESSION_SIZE, article.REGRESSION_NOISE)
    y = per_example.corrupt(y, corrupted)
    params = jnp.array([w, b])
    c = per_example.clipping(params, x, y, clip_norm, sigma, jax.random.PRNGKey(seed))
    return PerExampleView(x, y, params, c, int(c.outlier_mask.sum()), sigma * clip_norm)
