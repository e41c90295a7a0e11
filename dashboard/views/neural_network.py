"""Neural network on sin(x) (coming next)."""

from dashboard import ui

ui.coming_next('Neural network on sin(x)', 'a 1→32→32→1 network learning sin(x) live.')
