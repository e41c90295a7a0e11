"""Calculus Lab's Streamlit dashboard: router, pages (views/), figure builders (figures/)."""
