"""First-order optimizers as ``(init, update)`` pairs of pure functions on pytrees, shaped like optax.

``update(grads, state, params=None) -> (updates, new_state)``; the updates are *added* to the params
(:func:`apply_updates`), so they already carry the minus sign. Hyper-parameters may be traced JAX
values: build the optimizer inside a jitted function and a new learning rate never recompiles.

As in optax, each optimizer is a :func:`chain` of small pieces: :func:`trace` (a velocity),
:func:`scale_by_adam` (Adam's direction) and :func:`scale` (times a step size), so
``momentum(lr, beta) = chain(trace(beta), scale(-lr))``. The hyper-parameters' defaults are set once, in the
optimizers' signatures (:data:`DEFAULT_HYPER` reads them there).

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

import inspect
from collections.abc import Callable
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

__all__ = [
    "sgd", "momentum", "nesterov", "adam", "make", "apply_updates", "GradientTransformation", "scale", "trace",
    "scale_by_adam", "chain", "hyper_defaults", "with_defaults", "EmptyState", "TraceState", "AdamState",
    "OPTIMIZERS", "DEFAULT_HYPER", "UPDATE_RULES",
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


# --- the pieces ------------------------------------------------------------------------------------------
def scale(step_size: float | jax.Array) -> GradientTransformation:
    """Multiply the updates by ``step_size`` (``scale(-lr)`` turns a direction into a descent step)."""

    def init(params):
        return EmptyState()

    def update(updates, state, params=None):
        return jax.tree.map(lambda u: step_size * u, updates), state

    return GradientTransformation(init, update)


def trace(decay: float | jax.Array, nesterov: bool = False) -> GradientTransformation:
    """A velocity ``v <- decay v + g``; the output is ``v``, or ``decay v + g`` (the look-ahead) with ``nesterov``."""

    def init(params):
        return TraceState(_zeros_like(params))

    def update(updates, state, params=None):
        velocity = jax.tree.map(lambda v, g: decay * v + g, state.velocity, updates)
        if nesterov:
            return jax.tree.map(lambda v, g: decay * v + g, velocity, updates), TraceState(velocity)
        return velocity, TraceState(velocity)

    return GradientTransformation(init, update)


def scale_by_adam(b1: float | jax.Array, b2: float | jax.Array, eps: float | jax.Array) -> GradientTransformation:
    """Adam's direction ``m̂ / (√ŝ + eps)``: moment averages ``m``, ``s`` of ``g`` and ``g²``, bias-corrected."""

    def init(params):
        return AdamState(jnp.zeros((), jnp.int32), _zeros_like(params), _zeros_like(params))

    def update(updates, state, params=None):
        count = state.count + 1
        mu = jax.tree.map(lambda m, g: b1 * m + (1 - b1) * g, state.mu, updates)
        nu = jax.tree.map(lambda v, g: b2 * v + (1 - b2) * jnp.square(g), state.nu, updates)
        t = count.astype(jnp.float32)
        mu_hat_scale = 1 / (1 - b1**t)
        nu_hat_scale = 1 / (1 - b2**t)

        def direction(m, v):
            return (m * mu_hat_scale) / (jnp.sqrt(v * nu_hat_scale) + eps)

        return jax.tree.map(direction, mu, nu), AdamState(count, mu, nu)

    return GradientTransformation(init, update)


def chain(*transforms: GradientTransformation) -> GradientTransformation:
    """Apply ``transforms`` in turn, each to the previous one's output; the state is the tuple of their states."""

    def init(params):
        return tuple(t.init(params) for t in transforms)

    def update(updates, state, params=None):
        new_state = []
        for t, s in zip(transforms, state, strict=True):
            updates, s = t.update(updates, s, params)
            new_state.append(s)
        return updates, tuple(new_state)

    return GradientTransformation(init, update)


# --- the optimizers ----------------------------------------------------------------------------------------
def sgd(learning_rate: float | jax.Array) -> GradientTransformation:
    """Plain gradient descent: ``p <- p - lr * g``."""
    return scale(-learning_rate)


def momentum(learning_rate: float | jax.Array, beta: float | jax.Array = 0.9) -> GradientTransformation:
    """Heavy-ball momentum: ``v <- beta v + g``, ``p <- p - lr v``."""
    return chain(trace(beta), scale(-learning_rate))


def nesterov(learning_rate: float | jax.Array, beta: float | jax.Array = 0.9) -> GradientTransformation:
    """Nesterov momentum (optax's form): ``v <- beta v + g``, ``p <- p - lr (beta v + g)``."""
    return chain(trace(beta, nesterov=True), scale(-learning_rate))


def adam(
    learning_rate: float | jax.Array,
    b1: float | jax.Array = 0.9,
    b2: float | jax.Array = 0.999,
    eps: float | jax.Array = 1e-8,
) -> GradientTransformation:
    """Adam with bias correction (Kingma & Ba, 2015): ``p <- p - lr m̂ / (√ŝ + eps)``."""
    return chain(scale_by_adam(b1, b2, eps), scale(-learning_rate))


def apply_updates(params: PyTree, updates: PyTree) -> PyTree:
    """``params + updates``, leaf by leaf, keeping each leaf's dtype."""
    return jax.tree.map(lambda p, u: (p + u).astype(p.dtype), params, updates)


OPTIMIZERS: dict[str, Callable[..., GradientTransformation]] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adam": adam,
}


def hyper_defaults(optimizer: Callable[..., GradientTransformation]) -> dict[str, float]:
    """The hyper-parameters ``optimizer`` takes after the learning rate, with the defaults of its signature."""
    return {p.name: p.default for p in list(inspect.signature(optimizer).parameters.values())[1:]}


#: Each optimizer's hyper-parameters and defaults, read from the signatures above (the one place they are set).
DEFAULT_HYPER: dict[str, dict[str, float]] = {name: hyper_defaults(fn) for name, fn in OPTIMIZERS.items()}


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


def with_defaults(name: str, hyper: dict[str, float | jax.Array]) -> dict[str, float | jax.Array]:
    """``hyper`` completed with the defaults of optimizer ``name``; ValueError for an unknown name or key."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    unknown = set(hyper) - set(DEFAULT_HYPER[name])
    if unknown:
        raise ValueError(f"{name} takes no {', '.join(sorted(unknown))}")
    return {**DEFAULT_HYPER[name], **hyper}


def make(name: str, learning_rate: float | jax.Array, **hyper: float | jax.Array) -> GradientTransformation:
    """The optimizer called ``name`` (one of :data:`OPTIMIZERS`) with defaults for missing hyper-parameters."""
    hyper = with_defaults(name, hyper)  # checks the name first
    return OPTIMIZERS[name](learning_rate, **hyper)
