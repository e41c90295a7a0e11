"""Plotly figure builders: data in, ``go.Figure`` out. No Streamlit here, so every builder is unit-tested."""
