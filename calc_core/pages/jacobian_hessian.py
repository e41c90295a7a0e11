"""The Jacobian-and-Hessian page's numbers: a typed vector function's Jacobian at a point, and a typed scalar
function's Hessian there, each by autodiff and by finite differences.

Each section of the page is a fragment with its own formulas, so each has its own model
(:func:`jacobian_view`, :func:`hessian_view`); the page only reads controls and draws
(see ``dashboard/views/jacobian_hessian.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import surfaces
from calc_core.expr import as_vector_function

__all__ = ["JacobianView", "HessianView", "jacobian_view", "hessian_view", "CONTOUR_POINTS"]

CONTOUR_POINTS = 40  # the Hessian's contour chart is f on this many points a side


class JacobianView(NamedTuple):
    """F = (f₁, f₂) at a point: ``value`` F(p), shape ``(2,)``; ``jac`` by jax.jacobian and ``jac_fd`` by central
    differences in float64, shape ``(2, 2)``; ``gap`` their largest difference and ``close`` whether it is
    within tolerance; ``linear_map``: a grid near p, its image under F and under the linearisation."""

    value: np.ndarray
    jac: np.ndarray
    jac_fd: np.ndarray
    gap: float
    close: bool
    linear_map: surfaces.LinearMap


class HessianView(NamedTuple):
    """f at a point: ``hess`` by jax.hessian and ``hess_fd`` by second differences in float64, shape ``(2, 2)``;
    ``lam`` its eigenvalues (ascending, ``(2,)``) and ``vectors`` its unit eigenvectors (columns, ``(2, 2)``);
    ``grad`` ∇f, ``(2,)``, and ``norm`` |∇f|; ``critical``: |∇f| below ``surfaces.CRITICAL_TOL``; ``kind``
    what the eigenvalues say (None when they are not finite); ``field``: f around the point for the contours."""

    hess: np.ndarray
    hess_fd: np.ndarray
    lam: np.ndarray
    vectors: np.ndarray
    grad: np.ndarray
    norm: float
    critical: bool
    kind: str | None
    field: surfaces.Field


def jacobian_view(g1, g2, point: np.ndarray, radius: float) -> JacobianView:
    """The Jacobian of F = (g1, g2) (parsed formulas in x, y) at ``point`` (shape ``(2,)``, float32), checked,
    and the linear map on a grid of half-width ``radius``."""
    vector_f = surfaces.stacked(g1, g2)
    jac = np.asarray(surfaces.jacobian(vector_f, point))
    jac_fd = surfaces.finite_difference_jacobian(vector_f, point)
    gap, close = surfaces.check_against(jac, jac_fd, rtol=1e-3)
    return JacobianView(np.asarray(vector_f(point)), jac, jac_fd, gap, close,
                        surfaces.linear_map(vector_f, point, radius))


def hessian_view(g, point: np.ndarray, span: float, n: int = CONTOUR_POINTS) -> HessianView:
    """The Hessian of ``g`` (a parsed formula in x, y) at ``point`` (shape ``(2,)``, float32), checked, its
    eigen-pairs, the gradient, and f on the box ``point ± span``."""
    scalar_f = as_vector_function(g, 2)
    hess = np.asarray(surfaces.hessian(scalar_f, point))
    hess_fd = surfaces.finite_difference_hessian(scalar_f, point)
    lam, vectors = surfaces.hessian_eigen(scalar_f, point)
    grad = np.asarray(surfaces.gradient(scalar_f, point))
    norm = surfaces.gradient_norm(grad)
    kind = surfaces.classify_eigenvalues(lam) if np.isfinite(lam).all() else None
    px, py = (float(v) for v in point)
    field = surfaces.field(scalar_f, (px - span, px + span), (py - span, py + span), n=n)
    return HessianView(hess, hess_fd, lam, vectors, grad, norm, norm < surfaces.CRITICAL_TOL, kind, field)
