"""Gradient descent in 1-D (coming next)."""

from dashboard import ui

ui.coming_next('Gradient descent in 1-D', 'gradient descent on (x − 3)² + 1 and your own functions, step by step.')
