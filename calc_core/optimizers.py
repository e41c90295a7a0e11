"""First-order optimizers as ``(init, update)`` pairs of pure functions on pytrees, shaped like optax.

``update(grads, state, params=None) -> (updates, new_state)``; the updates are *added* to the params
(:func:`apply_updates`), so they already carry the minus sign. Hyper-parameters may be traced JAX
values: build the optimizer inside a jitted function and a new learning rate never recompiles.

>>> def loss(params):   # params is any pytree, here a dict of arrays
...     return jnp.sum((params["w"] - 2.0) ** 2)
>>> params = {"w": jnp.array([0.0, 1.0])}
>>> opt = sgd(0.25)
>>> state = opt.init(params)
>>> updates, state = opt.update(jax.grad(loss)(params), state)   # -0.25 · 2 (w - 2)
>>> [float(w) for w in apply_updates(params, updates)["w"]]
[1.0, 1.5]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

__all__ = [
    "sgd", "momentum", "nesterov", "adam", "make", "apply_updates", "GradientTransformation", "OPTIMIZERS",
    "DEFAULT_HYPER", "UPDATE_RULES",
]

PyTree = Any


class GradientTransformation(NamedTuple):
    """An optimizer: ``init(params) -> state`` and ``update(grads, state, params) -> (updates, state)``."""

    init: Callable[[PyTree], PyTree]
    update: Callable[..., tuple[PyTree, PyTree]]


class EmptyState(NamedTuple):
    pass


class TraceState(NamedTuple):
    velocity: PyTree


class AdamState(NamedTuple):
    count: jax.Array
    mu: PyTree
    nu: PyTree


def _zeros_like(tree: PyTree) -> PyTree:
    return jax.tree.map(jnp.zeros_like, tree)


def sgd(learning_rate: float | jax.Array) -> GradientTransformation:
    """Plain gradient descent: ``p <- p - lr * g``."""

    def init(params):
        return EmptyState()

    def update(grads, state, params=None):
        return jax.tree.map(lambda g: -learning_rate * g, grads), state

    return GradientTransformation(init, update)


def momentum(learning_rate: float | jax.Array, beta: float | jax.Array = 0.9) -> GradientTransformation:
    """Heavy-ball momentum: ``v <- beta v + g``, ``p <- p - lr v``."""

    def init(params):
        return TraceState(_zeros_like(params))

    def update(grads, state, params=None):
        velocity = jax.tree.map(lambda v, g: beta * v + g, state.velocity, grads)
        return jax.tree.map(lambda v: -learning_rate * v, velocity), TraceState(velocity)

    return GradientTransformation(init, update)


def nesterov(learning_rate: float | jax.Array, beta: float | jax.Array = 0.9) -> GradientTransformation:
    """Nesterov momentum (optax's form): ``v <- beta v + g``, ``p <- p - lr (beta v + g)``."""

    def init(params):
        return TraceState(_zeros_like(params))

    def update(grads, state, params=None):
        velocity = jax.tree.map(lambda v, g: beta * v + g, state.velocity, grads)
        step = jax.tree.map(lambda v, g: -learning_rate * (beta * v + g), velocity, grads)
        return step, TraceState(velocity)

    return GradientTransformation(init, update)


def adam(
    learning_rate: float | jax.Array,
    b1: float | jax.Array = 0.9,
    b2: float | jax.Array = 0.999,
    eps: float | jax.Array = 1e-8,
) -> GradientTransformation:
    """Adam with bias correction (Kingma & Ba, 2015)."""

    def init(params):
        return AdamState(jnp.zeros((), jnp.int32), _zeros_like(params), _zeros_like(params))

    def update(grads, state, params=None):
        count = state.count + 1
        mu = jax.tree.map(lambda m, g: b1 * m + (1 - b1) * g, state.mu, grads)
        nu = jax.tree.map(lambda v, g: b2 * v + (1 - b2) * jnp.square(g), state.nu, grads)
        t = count.astype(jnp.float32)
        mu_hat_scale = 1 / (1 - b1**t)
        nu_hat_scale = 1 / (1 - b2**t)

        def step(m, v):
            return -learning_rate * (m * mu_hat_scale) / (jnp.sqrt(v * nu_hat_scale) + eps)

        return jax.tree.map(step, mu, nu), AdamState(count, mu, nu)

    return GradientTransformation(init, update)


def apply_updates(params: PyTree, updates: PyTree) -> PyTree:
    """``params + updates``, leaf by leaf, keeping each leaf's dtype."""
    return jax.tree.map(lambda p, u: (p + u).astype(p.dtype), params, updates)


OPTIMIZERS: dict[str, Callable[..., GradientTransformation]] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adam": adam,
}

DEFAULT_HYPER: dict[str, dict[str, float]] = {
    "sgd": {},
    "momentum": {"beta": 0.9},
    "nesterov": {"beta": 0.9},
    "adam": {"b1": 0.9, "b2": 0.999, "eps": 1e-8},
}


#: The update rules above in LaTeX, one equation per string, exactly as the code computes them (g_t = ∇f(θ_t),
#: state starts at zero, t counts from 0). Every product is written with ``\,`` so a test can read the rule back
#: as arithmetic and check it against one step of the implementation (tests/unit/test_optimizers.py).
UPDATE_RULES: dict[str, tuple[str, ...]] = {
    "sgd": (r"\theta_{t+1} = \theta_t - \eta\, g_t",),
    "momentum": (r"v_{t+1} = \beta\, v_t + g_t",
                 r"\theta_{t+1} = \theta_t - \eta\, v_{t+1}"),
    "nesterov": (r"v_{t+1} = \beta\, v_t + g_t",
                 r"\theta_{t+1} = \theta_t - \eta\, (\beta\, v_{t+1} + g_t)"),
    "adam": (r"m_{t+1} = \beta_1\, m_t + (1 - \beta_1)\, g_t",
             r"s_{t+1} = \beta_2\, s_t + (1 - \beta_2)\, g_t^2",
             r"\hat m = \frac{m_{t+1}}{1 - \beta_1^{t+1}}",
             r"\hat s = \frac{s_{t+1}}{1 - \beta_2^{t+1}}",
             r"\theta_{t+1} = \theta_t - \eta\, \frac{\hat m}{\sqrt{\hat s} + \epsilon}"),
}


def make(name: str, learning_rate: float | jax.Array, **hyper: float | jax.Array) -> GradientTransformation:
    """The optimizer called ``name`` (one of :data:`OPTIMIZERS`) with defaults for missing hyper-parameters."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    unknown = set(hyper) - set(DEFAULT_HYPER[name])
    if unknown:
        raise ValueError(f"{name} takes no {', '.join(sorted(unknown))}")
    return OPTIMIZERS[name](learning_rate, **{**DEFAULT_HYPER[name], **hyper})
