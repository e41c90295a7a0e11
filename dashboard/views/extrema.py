"""Minima and maxima (coming next)."""

from dashboard import ui

ui.coming_next('Minima and maxima', 'every critical point of a function on an interval, classified by f″.')
