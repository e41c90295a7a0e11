"""Tangent line and tan θ (coming next)."""

from dashboard import ui

ui.coming_next('Tangent line and tan θ', 'an animated tangent line with its slope tan θ.')
