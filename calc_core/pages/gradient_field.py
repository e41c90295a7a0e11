"""The gradient-field page's numbers: the surface on two grids, the partial derivatives at a point, and the
optimizers' race from a start.

Each tab of the page is a fragment, so each has its own model (:func:`partial_view`, :func:`race_view`);
:func:`surface_view` is what both tabs draw on. The page only reads controls and draws
(see ``dashboard/views/gradient_field.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import descent, stability, surfaces
from calc_core.descent import Objective

__all__ = ["SurfaceView", "PartialView", "RaceView", "surface_view", "partial_view", "race_view",
           "optimizer_rates", "divergences"]

_Box = tuple[tuple[float, float], tuple[float, float]]


class SurfaceView(NamedTuple):
    """The surface over the box: ``field`` (f and −∇f on an ``arrows × arrows`` grid) and ``shade`` (f on a
    ``shade × shade`` grid, shape ``(shade, shade)``, the background colours)."""

    field: surfaces.Field
    shade: np.ndarray


class PartialView(NamedTuple):
    """The partial derivatives at ``point`` (shape ``(2,)``, float32).

    ``grad``: ∇f by jax.grad, shape ``(2,)``; ``check``: central finite differences in float64, shape ``(2,)``;
    ``value``: f(point); ``xs``, ``along_x``: the slice y = point[1], and ``ys``, ``along_y``: the slice
    x = point[0], each shape ``(101,)``.
    """

    point: np.ndarray
    grad: np.ndarray
    check: np.ndarray
    value: float
    xs: np.ndarray
    along_x: np.ndarray
    ys: np.ndarray
    along_y: np.ndarray


class RaceView(NamedTuple):
    """The optimizers raced from ``start`` (shape ``(2,)``, float32).

    ``rates``: each raced optimizer's learning rate; ``paths``: its iterates, shape ``(steps + 1, 2)`` (NaN
    rows after divergence); ``losses``: f on them, shape ``(steps + 1,)``; ``diverged``: for each diverged
    optimizer, ``(step, why)``; ``report``: plain gradient descent's run diagnosed (None when f is not finite
    at the start); ``lam``: the Hessian's eigenvalues at the start, ascending, shape ``(2,)``; ``kind``: what
    they say the surface is curved like there (None when they are not finite).
    """

    start: np.ndarray
    rates: dict[str, float]
    paths: dict[str, np.ndarray]
    losses: dict[str, np.ndarray]
    diverged: dict[str, tuple[int, str]]
    report: stability.Report | None
    lam: np.ndarray
    kind: str | None


def surface_view(f: Objective, box: _Box, arrows: int, shade: int) -> SurfaceView:
    """f over ``box`` = ``(x_range, y_range)`` on the arrow grid and the finer background grid."""
    return SurfaceView(surfaces.field(f, *box, n=arrows), surfaces.field(f, *box, n=shade).z)


def partial_view(f: Objective, px: float, py: float) -> PartialView:
    """∇f at (px, py) by autodiff and by finite differences, f there, and the two slices through it."""
    point = np.array([px, py], np.float32)
    grad = np.asarray(surfaces.gradient(f, point))
    check = surfaces.finite_difference_jacobian(f, point)[0]
    xs, along_x, ys, along_y = (np.asarray(a) for a in surfaces.slices(f, point))
    return PartialView(point, grad, check, float(f(point)), xs, along_x, ys, along_y)


def optimizer_rates(chosen: list[str], lr: float, adam_lr: float) -> dict[str, float]:
    """Each optimizer's learning rate: Adam its own, Newton full steps (1), the others ``lr``."""
    special = {"adam": adam_lr, "newton": 1.0}
    return {name: special.get(name, lr) for name in chosen}


def divergences(f: Objective, paths: dict[str, np.ndarray], rates: dict[str, float]) -> dict[str, tuple[int, str]]:
    """``{name: (step, why)}`` for each path (shape ``(steps + 1, 2)``) that diverged: the first diverged step
    and the sentence saying why."""
    found = {}
    for name, path in paths.items():
        step = descent.first_diverged_step(path)
        if step is not None:
            why = ("f is not finite at the start." if step == 0 else stability.explain_divergence(
                stability.descent_report(f, path), rates[name], "gradient descent" if name == "sgd" else name))
            found[name] = (step, why)
    return found


def race_view(f: Objective, sx: float, sy: float, lr: float, adam_lr: float, steps: int, chosen: list[str]
              ) -> RaceView:
    """The ``chosen`` optimizers for ``steps`` steps from (sx, sy), their losses and divergences, plain
    descent's diagnosis and the curvature at the start.

    descent.run compiles one scan for every step count up to 512, so a new ``steps`` never recompiles.
    """
    start = np.array([sx, sy], np.float32)
    rates = optimizer_rates(chosen, lr, adam_lr)
    paths = {name: np.asarray(descent.run(f, start, name, rate, steps)) for name, rate in rates.items()}
    losses = {name: np.asarray(descent.losses(f, path)) for name, path in paths.items()}
    plain = paths["sgd"] if "sgd" in paths else np.asarray(descent.run(f, start, "sgd", lr, steps))
    report = stability.descent_report(f, plain) if np.isfinite(plain[0]).all() else None
    lam, _ = surfaces.hessian_eigen(f, start)
    kind = surfaces.classify_eigenvalues(lam) if np.isfinite(lam).all() else None
    return RaceView(start, rates, paths, losses, divergences(f, paths, rates), report, lam, kind)
