"""Higher-order derivatives (coming next)."""

from dashboard import ui

ui.coming_next('Higher-order derivatives', 'repeated jax.grad, and Taylor polynomials with their error.')
