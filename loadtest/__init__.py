"""A class on one server: simulated students speaking Streamlit's WebSocket protocol (``python -m loadtest``)."""
