"""jit speed (coming next)."""

from dashboard import ui

ui.coming_next('jit speed', 'the same training step eager and compiled, timed live.')
