"""Test configuration shared by every layer: strict JAX promotion catches silent broadcasting."""

import jax
import pytest

jax.config.update("jax_numpy_rank_promotion", "raise")
jax.config.update("jax_numpy_dtype_promotion", "strict")


@pytest.fixture(autouse=True)
def _strict_jax():
    """Keep strict promotion on even if a test (or Streamlit's script thread) changed it."""
    jax.config.update("jax_numpy_rank_promotion", "raise")
    jax.config.update("jax_numpy_dtype_promotion", "strict")
    yield
