"""The minima-and-maxima page's numbers: the critical points of f on [a, b] with the ends and the extremes,
and the curves drawn under them.

The page's "predict first" question sits between the two: it needs the critical points to ask, and decides
which curves are drawn. So :func:`extrema_view` gives the points and :func:`extrema_curves` the curves
(see ``dashboard/views/extrema.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import critical
from calc_core import derivatives as d
from calc_core.derivatives import Fn

__all__ = ["ExtremaView", "extrema_view", "extrema_curves", "value_size", "ANSWER_ORDER"]

ANSWER_ORDER = 2  # with the answer shown, the chart draws f, f′ and f″


class ExtremaView(NamedTuple):
    """``found``: every critical point, corner, end and extreme of f on [a, b]; ``xs``: the page's grid on
    [a, b], shape ``(GRID_POINTS,)``."""

    found: critical.Extrema
    xs: np.ndarray


def extrema_view(f: Fn, a: float, b: float) -> ExtremaView:
    """The critical points of ``f`` on [a, b] (classified, with the ends and extremes) and the grid there."""
    return ExtremaView(critical.critical_points(f, a, b), d.grid(a, b))


def extrema_curves(f: Fn, xs: np.ndarray, hidden: bool) -> np.ndarray:
    """The chart's curves at ``xs`` (shape ``(n,)``): f alone, shape ``(1, n)``, while the answer is hidden,
    else f, f′ and f″, shape ``(3, n)``."""
    return d.derivatives(f, 0 if hidden else ANSWER_ORDER, xs)


def value_size(found: critical.Extrema) -> float:
    """The size of f on the interval: the largest finite |f| at the ends and extremes (1e−30 when none)."""
    values = [e.y for e in found.ends] + [found.minimum.y, found.maximum.y]
    return max([abs(v) for v in values if np.isfinite(v)] + [1e-30])
