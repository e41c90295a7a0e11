"""Calculus Lab's Streamlit dashboard: the router (app.py) and its home page (home.py) over the page list
(registry.py); views/ (one module per content page), classroom/ (the Lesson page and the teacher's tools),
kit/ (what the pages share), server/ (warm start), figures/ (Plotly)."""
