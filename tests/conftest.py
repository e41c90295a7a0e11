"""Test configuration shared by every layer: strict JAX promotion catches silent broadcasting."""

import jax
import pytest
from hypothesis import HealthCheck, settings

from tests.fuzzing import FUZZING

jax.config.update("jax_numpy_rank_promotion", "raise")
jax.config.update("jax_numpy_dtype_promotion", "strict")

# Property tests: a few hundred examples in `make test`; `make fuzz` sets CALCULUS_LAB_FUZZ=1 for many more
# (tests/fuzzing.py). Property tests that should scale with the run take no max_examples of their own (the
# profile decides); tests that only make sense long are marked @pytest.mark.fuzz and skipped unless fuzzing.
settings.register_profile("ci", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("fuzz" if FUZZING else "ci")


def pytest_collection_modifyitems(config, items):
    """Tests marked `fuzz` run only under `make fuzz`."""
    if FUZZING:
        return
    skip = pytest.mark.skip(reason="long fuzz run: `make fuzz`")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _strict_jax():
    """Keep strict promotion on even if a test (or Streamlit's script thread) changed it."""
    jax.config.update("jax_numpy_rank_promotion", "raise")
    jax.config.update("jax_numpy_dtype_promotion", "strict")
    yield
