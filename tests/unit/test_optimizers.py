"""calc_core.optimizers against hand-written NumPy updates, on pytrees, with traced hyper-parameters."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import optimizers
from calc_core.optimizers import apply_updates, make

A = np.array([[3.0, 0.5], [0.5, 1.0]], np.float32)  # a positive-definite quadratic bowl, minimum at 0


def quadratic(p):
    return 0.5 * p @ (jnp.asarray(A) @ p)


def numpy_reference(name, lr, steps, p0, **hyper):
    """The textbook update rules, written out in NumPy (float64)."""
    p, v, m, s = np.array(p0, np.float64), np.zeros(2), np.zeros(2), np.zeros(2)
    beta, b1, b2, eps = hyper.get("beta", 0.9), 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        g = A.astype(np.float64) @ p
        if name == "sgd":
            p = p - lr * g
        elif name == "momentum":
            v = beta * v + g
            p = p - lr * v
        elif name == "nesterov":
            v = beta * v + g
            p = p - lr * (beta * v + g)
        elif name == "adam":
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g**2
            p = p - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
    return p


def run(name, lr, steps, p0, **hyper):
    opt = make(name, lr, **hyper)
    p = jnp.asarray(p0, jnp.float32)
    state = opt.init(p)
    for _ in range(steps):
        updates, state = opt.update(jax.grad(quadratic)(p), state, p)
        p = apply_updates(p, updates)
    return np.asarray(p)


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_matches_the_textbook_update(name):
    p0 = [1.0, -2.0]
    np.testing.assert_allclose(run(name, 0.05, 25, p0), numpy_reference(name, 0.05, 25, p0), rtol=1e-4,
                               atol=1e-5)


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_converges_on_a_bowl(name):
    final = run(name, 0.05, 400, [1.0, -2.0])
    assert np.linalg.norm(final) < 1e-2


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_works_on_pytrees_and_keeps_dtypes(name):
    params = {"w": jnp.ones((2, 3), jnp.float32), "b": (jnp.zeros(3, jnp.float32),)}
    opt = make(name, 0.1)
    state = opt.init(params)
    grads = jax.tree.map(jnp.ones_like, params)
    updates, state = opt.update(grads, state, params)
    new = apply_updates(params, updates)
    assert jax.tree.structure(new) == jax.tree.structure(params)
    for leaf in jax.tree.leaves(new):
        assert leaf.dtype == jnp.float32
        assert bool(jnp.all(leaf < jnp.ones_like(leaf)))  # every leaf moved against its gradient


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_learning_rate_is_traced_so_a_new_value_does_not_recompile(name):
    traces = []

    @jax.jit
    def one_step(p, lr):
        traces.append(1)
        opt = make(name, lr)
        updates, _ = opt.update(jax.grad(quadratic)(p), opt.init(p), p)
        return apply_updates(p, updates)

    p = jnp.array([1.0, -2.0])
    first, second = one_step(p, 0.1), one_step(p, 0.01)
    assert len(traces) == 1
    assert not np.allclose(first, second)


def test_unknown_optimizer_and_hyper_parameter_are_refused():
    with pytest.raises(ValueError, match="unknown optimizer"):
        make("lbfgs", 0.1)
    with pytest.raises(ValueError, match="takes no"):
        make("sgd", 0.1, beta=0.9)
