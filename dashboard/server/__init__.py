"""Server infrastructure: the warm start (every page compiled in the background)."""
