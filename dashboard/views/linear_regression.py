"""Linear regression (coming next)."""

from dashboard import ui

ui.coming_next('Linear regression', 'y = wx + b fitted live.')
