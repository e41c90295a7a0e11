"""vmap per-example gradients (coming next)."""

from dashboard import ui

ui.coming_next('vmap per-example gradients', 'per-example gradients with jax.vmap, and clipping.')
