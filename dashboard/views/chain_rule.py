"""Chain rule (coming next)."""

from dashboard import ui

ui.coming_next('Chain rule', 'composed layers, their local derivatives, and jax.grad of the composition.')
