"""Divergence in one place: when a run stops being finite (or bounded), and where.

A run has diverged once an iterate, a parameter or a loss is non-finite (inf, NaN) or larger in size than a
bound. :mod:`calc_core.descent` marks such rows NaN inside its compiled scan (with :data:`ITERATE_BOUND` and
:data:`LOSS_BOUND`); the charts and explanations cut a path at :func:`first_diverged_step`
(:func:`finite_prefix`); the live training pages check each trained chunk with :func:`diverged`.

>>> first_diverged_step(np.array([[0.0, 1.0], [2.0, np.nan], [np.nan, np.nan]]))
1
>>> diverged([np.array([1.0, 2e6])], bound=ITERATE_BOUND)
True
"""

from __future__ import annotations

import math

import jax
import numpy as np

__all__ = [
    "first_diverged_step", "finite_prefix", "diverged", "ITERATE_BOUND", "LOSS_BOUND",
]

ITERATE_BOUND = 1e6  # |x_i| beyond this counts as diverged
LOSS_BOUND = 1e30  # |f(x)| beyond this counts as diverged


def _bad(values, bound: float) -> np.ndarray:
    """Elementwise (same shape as ``values``): non-finite, or larger than ``bound`` in absolute value."""
    values = np.asarray(values)
    return ~np.isfinite(values) | (np.abs(values) > bound)


def first_diverged_step(iterates, bound: float = math.inf) -> int | None:
    """Index of the first row of ``iterates`` (shape ``(steps + 1, …)``; a 1-D array is one value per row)
    holding a non-finite value or one beyond ``bound``; None if every row is fine."""
    bad = _bad(iterates, bound)
    if bad.ndim > 1:
        bad = bad.any(axis=tuple(range(1, bad.ndim)))
    rows = np.flatnonzero(bad)
    return int(rows[0]) if rows.size else None


def finite_prefix(iterates) -> tuple[np.ndarray, int | None]:
    """The rows of ``iterates`` before the first non-finite one, and that row's index (None: all finite)."""
    rows = np.asarray(iterates)
    step = first_diverged_step(rows)
    return rows[:step], step


def diverged(tree, bound: float = math.inf) -> bool:
    """True when any array of ``tree`` (an array, or a pytree such as params or ``(losses, params)``) holds a
    non-finite value or one beyond ``bound`` in absolute value."""
    return any(bool(_bad(leaf, bound).any()) for leaf in jax.tree.leaves(tree))
