"""Descent trajectories: many optimizer steps in one compiled ``jax.lax.scan``.

``run(f, x0, "adam", 0.1, 100)`` returns the iterates, shape ``(101, dim)``, first row ``x0``. One
compiled program per ``(f, optimizer, dim)`` and step-count bucket (:func:`compiled_length`): ``f`` is a static argument (functions from
:mod:`calc_core.expr` are cached by their text and the surface presets are module-level functions, so the
same ``f`` object reuses the compiled run), while the learning rate, the hyper-parameters and ``x0`` are
traced, so moving a slider never recompiles.

Divergence is explicit: once an iterate or its loss is non-finite or larger than :data:`ITERATE_BOUND` /
:data:`LOSS_BOUND`, that row and every later row are NaN, so a run that blew up never looks converged.
:func:`first_diverged_step` says where.

>>> from calc_core import surfaces
>>> xs = run(surfaces.bowl, jnp.array([1.0, 2.0]), "sgd", 0.25, 100)   # x² + y², gradient (2x, 2y)
>>> xs.shape
(101, 2)
>>> [float(v) for v in xs[1]]   # (1, 2) - 0.25 (2, 4): each step halves x
[0.5, 1.0]
>>> first_diverged_step(xs) is None
True
>>> xs = run(surfaces.bowl, [1.0, 1.0], "sgd", 1.5, 100)   # each step multiplies x by 1 - 1.5·2 = -2
>>> first_diverged_step(xs)   # |x| = 2²⁰ > ITERATE_BOUND
20
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from calc_core import optimizers
from calc_core.divergence import ITERATE_BOUND, LOSS_BOUND, first_diverged_step  # re-exported (__all__)

__all__ = [
    "run", "losses", "newton", "first_diverged_step", "compiled_length", "compile_count",
    "plain_descent_regime", "OPTIMIZER_NAMES", "MIN_COMPILED_STEPS", "ITERATE_BOUND", "LOSS_BOUND",
]

OPTIMIZER_NAMES = (*optimizers.OPTIMIZERS, "newton")  # every optimizer run() accepts

Objective = Callable[[jax.Array], jax.Array]
MIN_COMPILED_STEPS = 512  # every run of up to this many steps shares one compiled scan


def compiled_length(steps: int) -> int:
    """The scan length compiled for ``steps``: 512, or the next power of two above it (a few shapes in all)."""
    return max(MIN_COMPILED_STEPS, 1 << (max(int(steps), 1) - 1).bit_length())


def newton(f: Objective, learning_rate: float | jax.Array) -> optimizers.GradientTransformation:
    """Newton's method as an ``(init, update)`` pair: ``p <- p - lr * H(p)^-1 g``.

    It needs ``params`` (the Hessian is taken there). It jumps to the nearest *critical point* of the
    local quadratic model, which on a saddle is the saddle itself: Newton does not know up from down.
    """

    def init(params):
        return optimizers.EmptyState()

    def update(grads, state, params=None):
        hess = jax.hessian(f)(params)
        return -learning_rate * jnp.linalg.solve(hess, grads), state

    return optimizers.GradientTransformation(init, update)


def _optimizer(f: Objective, name: str, lr: jax.Array, hyper: dict[str, jax.Array]
               ) -> optimizers.GradientTransformation:
    if name == "newton":
        if hyper:
            raise ValueError(f"newton takes no {', '.join(sorted(hyper))}")
        return newton(f, lr)
    return optimizers.make(name, lr, **hyper)


def _scalar(f: Objective) -> Objective:
    """``f`` with its output reshaped to ``()`` (so a 1-D ``f`` returning shape ``(1,)`` works too)."""
    return lambda x: jnp.reshape(f(x), ())


def _healthy(f: Objective, x: jax.Array) -> jax.Array:
    """True when ``x`` (shape ``(dim,)``) and ``f(x)`` are finite and inside the bounds."""
    loss = f(x)
    return (jnp.all(jnp.isfinite(x)) & jnp.all(jnp.abs(x) < ITERATE_BOUND)
            & jnp.isfinite(loss) & (jnp.abs(loss) < LOSS_BOUND))


@functools.partial(jax.jit, static_argnames=("f", "optimizer", "steps"))
def _run(f: Objective, x0: jax.Array, lr: jax.Array, hyper: dict[str, jax.Array], *, optimizer: str,
         steps: int) -> jax.Array:
    f = _scalar(f)
    opt = _optimizer(f, optimizer, lr, hyper)
    grad = jax.grad(f)
    alive0 = _healthy(f, x0)

    def step(carry, _):
        x, state, alive = carry
        updates, state = opt.update(grad(x), state, x)
        new = optimizers.apply_updates(x, updates)
        alive = alive & _healthy(f, new)
        x = jnp.where(alive, new, x)  # a dead run keeps its last good x so NaN never feeds the maths
        return (x, state, alive), jnp.where(alive, new, jnp.nan)

    _, rows = jax.lax.scan(step, (x0, opt.init(x0), alive0), None, length=steps)
    first = jnp.where(alive0, x0, jnp.nan)
    return jnp.concatenate([first[None, :], rows], axis=0)


def run(f: Objective, x0, optimizer: str, lr: float, steps: int, **hyper: float) -> jax.Array:
    """Iterates of ``optimizer`` on ``f`` from ``x0``: shape ``(steps + 1, dim)``, float32, first row ``x0``.

    Args:
        f: scalar objective of one array of shape ``(dim,)``; a static argument (keep the same object).
        x0: start point, shape ``(dim,)``.
        optimizer: ``"sgd"``, ``"momentum"``, ``"nesterov"``, ``"adam"`` or ``"newton"``.
        lr: learning rate (traced: a new value does not recompile).
        steps: number of steps; runs of up to 512 steps share one compiled scan (longer ones round up to a
            power of two), so a new step count rarely recompiles.
        hyper: optimizer hyper-parameters such as ``beta`` or ``b1`` (traced).

    Rows after the first diverged iterate are NaN (see :func:`first_diverged_step`).
    """
    if optimizer not in OPTIMIZER_NAMES:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZER_NAMES)}")
    # every hyper-parameter is passed, defaults included, so the traced structure (and the compile) is fixed
    full = hyper if optimizer == "newton" else optimizers.with_defaults(optimizer, hyper)
    x0 = jnp.atleast_1d(jnp.asarray(x0, jnp.float32))
    traced = {k: jnp.asarray(v, jnp.float32) for k, v in full.items()}
    rows = _run(f, x0, jnp.asarray(lr, jnp.float32), traced, optimizer=optimizer, steps=compiled_length(steps))
    return jnp.asarray(np.asarray(rows)[: int(steps) + 1])  # a NumPy slice: no compile per step count


def compile_count() -> int:
    """How many programs this module has compiled in this process (runs and loss evaluations together).

    A new learning rate, hyper-parameter or start point must leave it unchanged; a new ``f``, optimizer,
    dimension or step-count bucket adds one.
    """
    return _run._cache_size() + _losses._cache_size()


@functools.partial(jax.jit, static_argnames="f")
def _losses(f: Objective, iterates: jax.Array) -> jax.Array:
    return jax.vmap(_scalar(f))(iterates)


def losses(f: Objective, iterates) -> jax.Array:
    """``f`` at every row of ``iterates`` (shape ``(k, dim)``) → shape ``(k,)``; NaN rows give NaN.

    Rows are padded with NaN to :func:`compiled_length`, so paths of different lengths share a compile.
    """
    rows = np.asarray(iterates, np.float32)
    padded = np.full((compiled_length(rows.shape[0]), rows.shape[1]), np.nan, np.float32)
    padded[: rows.shape[0]] = rows
    return jnp.asarray(np.asarray(_losses(f, jnp.asarray(padded)))[: rows.shape[0]])


def plain_descent_regime(lr: float, curvature: float) -> str:
    """What plain gradient descent does along a direction of curvature ``λ`` with step ``lr``.

    The error along that direction is multiplied by ``1 - lr λ`` each step: ``"converges"`` smoothly for
    ``lr < 1/λ``, ``"oscillates"`` (but converges) for ``1/λ < lr < 2/λ``, ``"diverges"`` for ``lr > 2/λ``;
    ``"escapes"`` when ``λ < 0`` (a direction of negative curvature, e.g. a saddle) and ``"drifts"`` for ``λ = 0``.
    """
    factor = 1.0 - lr * curvature
    if curvature < 0:
        return "escapes"
    if curvature == 0:
        return "drifts"
    if abs(factor) > 1:
        return "diverges"
    if abs(factor) == 1:
        return "cycles"
    return "oscillates" if factor < 0 else "converges"
