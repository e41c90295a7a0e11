"""Procurement split (coming next)."""

from dashboard import ui

ui.coming_next('Procurement split', 'supplier price uploads and the minimum-variance split ω.')
