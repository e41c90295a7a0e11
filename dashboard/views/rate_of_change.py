"""Rate of change (coming next)."""

from dashboard import ui

ui.coming_next('Rate of change', 'the secant turning into a tangent, and the error of finite differences against Δx.')
