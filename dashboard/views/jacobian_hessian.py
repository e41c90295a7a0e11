"""Jacobian and Hessian (coming next)."""

from dashboard import ui

ui.coming_next('Jacobian and Hessian', 'jax.jacobian and jax.hessian as matrices, maps and curvature.')
