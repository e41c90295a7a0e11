"""The rate-of-change page's numbers: the secant against the tangent at x₀, and the finite-difference errors
against the step Δx.

One model per section (:func:`secant_view`, :func:`difference_view`); the page only reads controls, words the
special cases and draws (see ``dashboard/views/rate_of_change.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import derivatives as d
from calc_core.derivatives import Fn

__all__ = ["SecantView", "DifferenceView", "secant_view", "difference_view"]


class SecantView(NamedTuple):
    """The secant over [x₀, x₀ + Δx] and the tangent at x₀.

    ``xs``, ``ys``: f on the page's grid over [a, b], shape ``(GRID_POINTS,)``; ``secant``: f(x₀), f(x₀ + Δx),
    the secant slope and jax.grad's f′(x₀); ``slope``, ``exact``: those two slopes as floats; ``side``: the
    float64 one-sided slopes and whether f′(x₀) exists; ``exists``: it does and jax.grad's value is finite;
    ``gap``: secant − tangent (None unless both are numbers); ``sides``: ``(left, right)`` slopes to draw at a
    corner or a one-sided point, else None.
    """

    xs: np.ndarray
    ys: np.ndarray
    secant: d.Secant
    slope: float
    exact: float
    side: d.OneSided
    exists: bool
    gap: float | None
    sides: tuple[float, float] | None


class DifferenceView(NamedTuple):
    """``errors``: forward and central difference errors against Δx in float32 and float64 (each shape
    ``(len(STEPS),)``); ``best32``, ``best64``: the central difference's best step in each precision."""

    errors: d.DifferenceErrors
    best32: float
    best64: float


def secant_view(f: Fn, a: float, b: float, x0: float, dx: float) -> SecantView:
    """f on [a, b], the secant from ``x0`` over ``dx``, jax.grad's slope there and whether f′(x0) exists."""
    xs = d.grid(a, b)
    ys, _ = d.values_and_slopes(f, xs)
    sec = d.secant(f, x0, dx)
    slope, exact = float(sec.slope), float(sec.derivative)
    side = d.one_sided(f, x0)
    exists = side.state == "differentiable" and bool(np.isfinite(exact))
    gap = slope - exact if exists and np.isfinite(slope) else None
    sides = (side.left, side.right) if side.state in ("kink", "one-sided") else None
    return SecantView(np.asarray(xs), np.asarray(ys), sec, slope, exact, side, exists, gap, sides)


def difference_view(f: Fn, x0: float) -> DifferenceView:
    """The finite-difference errors at ``x0`` for every step in ``derivatives.STEPS``, and the best steps."""
    errors = d.difference_errors(f, x0)
    return DifferenceView(errors, d.best_step(errors.steps, errors.central32),
                          d.best_step(errors.steps, errors.central64))
