"""Calculus Lab's math: pure functions on JAX arrays (no Streamlit, no Plotly)."""
