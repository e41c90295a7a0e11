"""calc_core.divergence against a plain-Python oracle: every caller's old check gives the same answer."""

import math

import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from calc_core import descent, divergence, mlp, stability
from dashboard.figures import optimization

VALUES = st.one_of(st.floats(-1e8, 1e8), st.sampled_from([math.inf, -math.inf, math.nan, 1e6, -1e6, 1e6 + 1]))
PATHS = hnp.arrays(np.float64, st.tuples(st.integers(0, 12), st.integers(1, 3)), elements=VALUES)


def oracle_first_bad_row(rows, bound=math.inf):
    """Row by row, value by value, in plain Python floats."""
    for i, row in enumerate(rows.tolist()):
        if any(not math.isfinite(v) or abs(v) > bound for v in row):
            return i
    return None


@settings(max_examples=200, deadline=None)
@given(PATHS, st.sampled_from([math.inf, divergence.ITERATE_BOUND]))
def test_first_diverged_step_matches_the_oracle(rows, bound):
    assert divergence.first_diverged_step(rows, bound) == oracle_first_bad_row(rows, bound)


@settings(max_examples=200, deadline=None)
@given(PATHS)
def test_every_caller_cuts_a_path_at_the_same_row(rows):
    step = oracle_first_bad_row(rows)
    kept = rows.shape[0] if step is None else step
    assert descent.first_diverged_step(rows) == step
    np.testing.assert_array_equal(optimization.finite_rows(rows), rows[:kept].astype(np.float32))
    prefix, at = divergence.finite_prefix(rows)
    np.testing.assert_array_equal(prefix, rows[:kept])
    assert at == step


def test_stability_reads_a_1d_run_through_the_same_rows():
    path = np.array([0.5, 0.25, np.nan, np.nan])
    run = stability.explain_run_1d(lambda x: x**2, path, 1.5)
    assert run.diverged_at == 2


@settings(max_examples=200, deadline=None)
@given(st.lists(hnp.arrays(np.float32, st.integers(0, 5), elements=VALUES.map(np.float32)), max_size=4),
       st.sampled_from([math.inf, divergence.ITERATE_BOUND]))
def test_diverged_looks_at_every_leaf(leaves, bound):
    expected = any(not math.isfinite(v) or abs(v) > bound for leaf in leaves for v in leaf.tolist())
    assert divergence.diverged(leaves, bound) is expected
    assert divergence.diverged({"nested": (leaves, [])}, bound) is expected


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_network_params_with_one_bad_weight_are_not_finite(bad):
    params = [(jnp.ones((1, 3)), jnp.zeros(3)), (jnp.ones((3, 1)), jnp.zeros(1))]
    assert mlp.is_finite(params)
    params[1] = (params[1][0].at[2, 0].set(bad), params[1][1])
    assert not mlp.is_finite(params)


def test_a_regression_history_past_the_bound_has_diverged_though_finite():
    history = np.array([[1.0, 2.0], [3.0, -2e6]])
    assert divergence.diverged(history, bound=divergence.ITERATE_BOUND)
    assert not divergence.diverged(history)
    assert divergence.first_diverged_step(history, divergence.ITERATE_BOUND) == 1
