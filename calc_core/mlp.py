"""The article's small network (1 → 32 → 32 → 1) as flat pure functions, trained in jitted ``lax.scan`` chunks.

Params are a list of ``(w, b)`` pairs, ``w`` of shape ``(n_in, n_out)`` and ``b`` of shape ``(n_out,)``, as in
the article. Inputs and targets have shape ``(n, 1)``. A training chunk runs :data:`CHUNK` steps in one call;
:func:`train_chunk` returns one jitted callable per activation and optimizer, cached for the whole process;
it compiles once per shape of its inputs (layer sizes, data size), so a learning-rate change never
recompiles and every browser session shares the same compiled code.

>>> x, y = article_data()
>>> params = init_params(jax.random.PRNGKey(0), (1, 32, 32, 1))
>>> chunk = train_chunk("relu", "sgd")
>>> params, opt_state, losses = chunk(params, init_opt_state("sgd", params), x, y, 0.01)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import jax
import jax.numpy as jnp

from calc_core import article, divergence
from calc_core.expr import relu
from calc_core.optimizers import apply_updates, make

__all__ = [
    "layer_sizes", "init_params", "forward", "hidden_activations", "loss_fn", "make_data", "article_data",
    "init_opt_state", "train_chunk", "sgd_step", "article_step", "is_finite", "forward_jit",
    "hidden_activations_jit", "loss_jit", "CHUNK", "WIDTHS", "DEPTHS", "POINTS", "OPTIMIZER_CHOICES",
    "ACTIVATIONS", "TARGETS", "GRID",
]

Params = list[tuple[jax.Array, jax.Array]]

CHUNK = 100  # steps per jitted call (one tick of live training runs a few of these)
WIDTHS = (8, 16, 32, 64)
DEPTHS = (1, 2, 3)  # hidden layers
POINTS = (50, 200, 1000)
OPTIMIZER_CHOICES = ("sgd", "momentum", "adam")  # offered by the network page (descent.OPTIMIZER_NAMES has 5)


ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {
    "relu": relu,
    "tanh": jnp.tanh,
    "gelu": jax.nn.gelu,
}


def _step_target(x: jax.Array) -> jax.Array:
    return jnp.where(x > 0, 1.0, 0.0).astype(x.dtype)


TARGETS: dict[str, Callable[[jax.Array], jax.Array]] = {
    "sin(x)": jnp.sin,
    "step": _step_target,
    "|x|": jnp.abs,
}


def layer_sizes(width: int, depth: int) -> tuple[int, ...]:
    """``(1, width, …, width, 1)`` with ``depth`` hidden layers."""
    return (1, *([width] * depth), 1)


def init_params(key: jax.Array, sizes: Sequence[int]) -> Params:
    """The article's initialisation: ``w ~ N(0, 0.1²)`` of shape ``(n_in, n_out)``, ``b = 0``."""
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        key, subkey = jax.random.split(key)
        params.append((jax.random.normal(subkey, (n_in, n_out)) * 0.1, jnp.zeros(n_out)))
    return params


def hidden_activations(params: Params, x: jax.Array, activation: str = "relu") -> list[jax.Array]:
    """The output of every hidden layer for ``x`` of shape ``(n, 1)``: a list of ``(n, width)`` arrays."""
    act = ACTIVATIONS[activation]
    outputs = []
    for w, b in params[:-1]:
        x = act(x @ w + b[None, :])
        outputs.append(x)
    return outputs


def forward(params: Params, x: jax.Array, activation: str = "relu") -> jax.Array:
    """Predictions of shape ``(n, 1)`` for ``x`` of shape ``(n, 1)``; no activation on the last layer."""
    act = ACTIVATIONS[activation]
    for w, b in params[:-1]:
        x = act(x @ w + b[None, :])
    w, b = params[-1]
    return x @ w + b[None, :]


def loss_fn(params: Params, x: jax.Array, y: jax.Array, activation: str = "relu") -> jax.Array:
    """Mean squared error, a scalar; ``x`` and ``y`` of shape ``(n, 1)``."""
    return jnp.mean((forward(params, x, activation) - y) ** 2)


def make_data(seed: int, n: int = article.MLP_POINTS, target: Callable[[jax.Array], jax.Array] = jnp.sin,
              noise: float = 0.0, x_range: tuple[float, float] = article.MLP_X_RANGE
              ) -> tuple[jax.Array, jax.Array]:
    """Training data ``(x, y)``, each of shape ``(n, 1)``: x uniform on ``x_range``, ``y = target(x) + noise·ε``.

    x is drawn from ``PRNGKey(seed)`` exactly as the article does; the noise comes from a key folded off it,
    so it is independent of x (with ``noise = 0`` the data are the article's).
    """
    key = jax.random.PRNGKey(seed)
    x = jax.random.uniform(key, (n, 1), minval=x_range[0], maxval=x_range[1])
    eps = jax.random.normal(jax.random.fold_in(key, 1), (n, 1))
    y = jnp.asarray(target(x), jnp.float32) + noise * eps
    return x, y


def article_data() -> tuple[jax.Array, jax.Array]:
    """The article's 200 points of sin(x) on [-3, 3], from ``PRNGKey(0)``."""
    return make_data(article.MLP_SEED)


def init_opt_state(optimizer: str, params: Params):
    """The optimizer's initial state for ``params`` (the learning rate does not enter the state)."""
    return make(optimizer, 0.0).init(params)


@functools.lru_cache(maxsize=64)
def train_chunk(activation: str, optimizer: str, steps: int = CHUNK) -> Callable:
    """A jitted ``(params, opt_state, x, y, lr) -> (params, opt_state, losses)`` running ``steps`` steps.

    ``losses`` has shape ``(steps,)``: the loss *before* each step. One callable per activation, optimizer
    and ``steps`` (cached); like any ``jax.jit`` function it compiles once per shape of params and data
    (each architecture and data size), and ``lr`` is traced (no recompilation).
    """

    def step(carry, _, x, y, lr):
        params, opt_state = carry
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y, activation)
        updates, opt_state = make(optimizer, lr).update(grads, opt_state, params)
        return (apply_updates(params, updates), opt_state), loss

    @jax.jit
    def chunk(params, opt_state, x, y, lr):
        (params, opt_state), losses = jax.lax.scan(
            functools.partial(step, x=x, y=y, lr=lr), (params, opt_state), None, length=steps)
        return params, opt_state, losses

    return chunk


def sgd_step(params: Params, x: jax.Array, y: jax.Array, lr: float | jax.Array) -> Params:
    """The article's step, one gradient-descent update (jit it to get the article's loop; used as the bench baseline)."""
    grads = jax.grad(loss_fn)(params, x, y)
    return jax.tree.map(lambda p, g: p - lr * g, params, grads)


article_step = jax.jit(sgd_step)


def is_finite(params: Params) -> bool:
    """True when every weight and bias is finite."""
    return not divergence.diverged(params)


# Compiled once per shape and activation; the live page calls these on every tick.
forward_jit = jax.jit(forward, static_argnames="activation")
hidden_activations_jit = jax.jit(hidden_activations, static_argnames="activation")
loss_jit = jax.jit(loss_fn, static_argnames="activation")
GRID = jnp.linspace(article.MLP_X_RANGE[0], article.MLP_X_RANGE[1], 200).reshape(-1, 1)
