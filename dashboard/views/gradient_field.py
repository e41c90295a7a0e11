"""Partial derivatives and gradient field (coming next)."""

from dashboard import ui

ui.coming_next('Partial derivatives and gradient field', 'contours, negative-gradient arrows and optimizers racing on a surface.')
