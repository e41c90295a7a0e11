"""Gradient descent in 1-D, as the page shows it: the run, the step on screen, its verdict and the plot window.

Everything the 1-D descent page draws or prints comes from :func:`descent_view`, so the page only reads
controls and draws (see ``dashboard/views/descent_1d.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import descent, stability, surfaces
from calc_core.descent import Objective

__all__ = [
    "descent_view", "plot_window", "chart_target", "zone_curvature", "DescentView", "last_finite",
    "WINDOW_PAD", "WINDOW_LIMIT", "CURVE_POINTS", "MINIMA", "ZONED",
]

WINDOW_PAD = 1.0  # the curve extends this far beyond the shown iterates and x₀
#: The window never reaches past ±WINDOW_LIMIT: a diverging run passes |x| = 10⁶ (descent.ITERATE_BOUND), and
#: a window that wide would flatten the curve into a line around the start.
WINDOW_LIMIT = 1e3
CURVE_POINTS = 400
#: Run kinds with a minimum ahead, whose x* the iterates chart marks.
MINIMA = ("converges", "oscillates", "diverges", "cycles", "flat_minimum", "kink")
#: Run kinds where the curvature λ splits the learning rates into the 1/λ and 2/λ zones.
ZONED = ("converges", "oscillates", "diverges", "cycles", "diverged")


class DescentView(NamedTuple):
    """One 1-D run and the step ``k`` on screen.

    ``path``, ``values``: every iterate and f there, shape ``(steps + 1,)`` (NaN after divergence);
    ``shown``: ``path[:k + 1]``; ``current``: the last finite shown iterate (x₀ if none); ``curvature``:
    f″(current) in float32; ``grid``, ``curve``: the window of the curve, shape ``(CURVE_POINTS,)``;
    ``target``: the minimum ahead (None without one); ``zone_curvature``: λ > 0 for the stability chart's
    zones (None when no 2/λ bound applies).
    """

    path: np.ndarray
    values: np.ndarray
    k: int
    shown: np.ndarray
    current: float
    curvature: float
    run: stability.Run1D
    grid: np.ndarray
    curve: np.ndarray
    target: float | None
    zone_curvature: float | None

    @property
    def value_at_k(self) -> float:
        """f(x_k), NaN once the run has diverged."""
        return float(self.values[self.k])


def plot_window(iterates: np.ndarray, x0: float, pad: float = WINDOW_PAD, limit: float = WINDOW_LIMIT
                ) -> tuple[float, float]:
    """``(low, high)``: the finite ``iterates`` (shape ``(k,)``) and ``x0``, ``pad`` beyond, within ±``limit``."""
    finite = np.asarray(iterates, np.float64)
    finite = finite[np.isfinite(finite)]
    low, high = min(finite.min(initial=x0), x0) - pad, max(finite.max(initial=x0), x0) + pad
    return max(low, -limit), min(high, limit)


def last_finite(iterates: np.ndarray, default: float) -> float:
    """The last finite value of ``iterates`` (shape ``(k,)``), or ``default`` when there is none."""
    finite = np.asarray(iterates)[np.isfinite(iterates)]
    return float(finite[-1]) if finite.size else float(default)


def chart_target(run: stability.Run1D) -> float | None:
    """The minimum the iterates chart marks: ``run.target`` for a run heading to a minimum (−0 and float32
    dust below 1e−9 read as 0), else None."""
    if run.kind not in MINIMA or run.target is None:
        return None
    return run.target if abs(run.target) > 1e-9 else 0.0


def zone_curvature(run: stability.Run1D) -> float | None:
    """λ > 0 that splits the learning rates into converge / oscillate / diverge zones, or None."""
    positive = run.kind in ZONED and run.curvature is not None and run.curvature > 0
    return run.curvature if positive else None


def descent_view(f: Objective, x0: float, lr: float, steps: int, k: int) -> DescentView:
    """Plain descent from ``x0`` for ``steps`` steps (one compiled scan), shown up to step ``k ≤ steps``."""
    path = np.asarray(descent.run(f, [x0], "sgd", lr, steps))[:, 0]
    values = np.asarray(descent.losses(f, path[:, None]))
    shown = path[: k + 1]
    current = last_finite(shown, x0)
    curvature = float(surfaces.hessian(f, np.array([current], np.float32))[0, 0])
    run = stability.explain_run_1d(f, path, lr)  # judged from the whole run, curvature only where it is valid
    low, high = plot_window(shown, x0)
    grid = np.linspace(low, high, CURVE_POINTS, dtype=np.float32)
    curve = np.asarray(descent.losses(f, grid[:, None]))
    return DescentView(path, values, k, shown, current, curvature, run, grid, curve, chart_target(run),
                       zone_curvature(run))
