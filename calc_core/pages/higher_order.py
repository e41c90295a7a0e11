"""The higher-order-derivatives page's numbers: f and its derivatives on a grid, every derivative at a point
with its float32 trust, and a Taylor polynomial with its error and coefficients.

One model per part of the page (:func:`curves_view`, :func:`values_view`, :func:`taylor_view`), each of
which has its own controls; the page only reads controls and draws (see ``dashboard/views/higher_order.py``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from calc_core import derivatives as d
from calc_core.derivatives import Fn

__all__ = ["CurvesView", "ValuesView", "TaylorView", "curves_view", "values_view", "taylor_view", "NEAR_RADIUS"]

NEAR_RADIUS = 0.5  # the Taylor caption's "largest error within this distance of a"


class CurvesView(NamedTuple):
    """``xs``: the grid on [a, b], shape ``(GRID_POINTS,)``; ``stack``: f⁽⁰⁾ … f⁽ⁿ⁾ there, ``(order + 1, GRID_POINTS)``."""

    xs: np.ndarray
    stack: np.ndarray


class ValuesView(NamedTuple):
    """Every derivative up to ``order`` at ``point``: ``values`` in float32 and ``values64`` in float64, each shape
    ``(order + 1,)``; ``status``: :func:`calc_core.derivatives.value_status` per value; ``spacing``: float32's
    gap between numbers next to ``point`` (nan beyond float32's range)."""

    point: float
    values: np.ndarray
    values64: np.ndarray
    status: list[str]
    spacing: float

    @property
    def trusted(self) -> bool:
        """Every value is a number float32 resolves."""
        return all(code == "ok" for code in self.status)


class TaylorView(NamedTuple):
    """The Taylor polynomial of ``degree`` around ``center``.

    ``taylor``: its coefficients (``(degree + 1,)``), polynomial and error on the grid (``(n,)``);
    ``order``: the order of the first non-zero term left out (None when those looked at are ≈ 0);
    ``rule_applies``: f is smooth at the centre (derivatives finite, one-sided slopes agree), so the error rule
    holds; ``near``: the largest error within ``NEAR_RADIUS`` of the centre (None when not finite);
    ``coefficient_status``: ``value_status`` per coefficient; ``factorials``: k! for k ≤ degree.
    """

    center: float
    degree: int
    taylor: d.Taylor
    order: int | None
    rule_applies: bool
    near: float | None
    coefficient_status: list[str]
    factorials: tuple[int, ...]

    @property
    def trusted(self) -> bool:
        """Every coefficient is a finite number float32 resolves."""
        return all(code == "ok" for code in self.coefficient_status)


def curves_view(f: Fn, a: float, b: float, order: int) -> CurvesView:
    """f and its first ``order`` derivatives on the page's grid over [a, b] (one compiled call per order)."""
    xs = d.grid(a, b)
    return CurvesView(xs, d.derivatives(f, order, xs))


def values_view(f: Fn, order: int, point: float) -> ValuesView:
    """Every derivative up to ``order`` at ``point``, in float32 and in float64, and whether float32 holds it."""
    values = d.derivatives_at(f, order, [point])[:, 0]
    values64 = d.derivatives_at64(f, order, [point])[:, 0]
    with np.errstate(over="ignore"):  # a point beyond float32 has no spacing (nan); the page then never shows it
        spacing = d.float32_spacing(point)
    return ValuesView(point, values, values64, d.value_status(values, values64), spacing)


def taylor_view(f: Fn, center: float, degree: int, xs: np.ndarray) -> TaylorView:
    """The Taylor polynomial of ``degree`` around ``center`` on ``xs`` (shape ``(n,)``), the error's order near the
    centre, and how far its coefficients can be trusted."""
    result = d.taylor(f, center, degree, xs)
    order, smooth = d.error_order(f, center, degree)
    side = d.one_sided(f, center)
    near = d.largest_error_near(xs, result.error, center, NEAR_RADIUS)
    status = d.taylor_coefficient_status(f, center, result.coefficients)
    return TaylorView(center, degree, result, order, smooth and side.state == "differentiable", near, status,
                      tuple(math.factorial(k) for k in range(degree + 1)))
