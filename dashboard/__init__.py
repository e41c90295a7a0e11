"""Calculus Lab's Streamlit dashboard: the router (app.py) over the page list (registry.py); views/ (one module
per page), kit/ (what the pages share), classroom/ (the teacher's tools), server/ (warm start), figures/ (Plotly)."""
