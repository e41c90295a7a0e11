"""The chain rule, layer by layer: forward values, local derivatives, their product, and ``jax.grad``.

For y = L_n(… L_2(L_1(x))): with v₀ = x and v_i = L_i(v_{i−1}),
dy/dx = L_n'(v_{n−1}) · … · L_2'(v_1) · L_1'(v_0). ``jax.grad`` of the composition must agree.

>>> from calc_core import article
>>> result = chain_rule((article.layer1, article.layer2), 2.0)
>>> round(float(result.autodiff), 4)
0.1362
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

__all__ = [
    "chain_rule", "compose", "gradient_jaxpr", "ChainResult", "agreement",
]

Fn = Callable[[jax.Array], jax.Array]


@functools.lru_cache(maxsize=256)
def compose(layers: tuple[Fn, ...]) -> Fn:
    """``x ↦ layers[-1](… layers[0](x))`` (same object for the same layers, so jit caches it)."""

    def composed(x: jax.Array) -> jax.Array:
        for layer in layers:
            x = layer(x)
        return x

    return composed


class ChainResult(NamedTuple):
    values: jax.Array  # shape (n + 1,): x, then the value after each layer
    local: jax.Array  # shape (n,): L_i'(v_{i-1}), each layer's derivative at its own input
    product: jax.Array  # the product of the local derivatives (the chain rule)
    autodiff: jax.Array  # jax.grad of the whole composition at x


@functools.partial(jax.jit, static_argnames="layers")
def chain_rule(layers: tuple[Fn, ...], x: float) -> ChainResult:
    """Forward pass with each layer's local derivative, their product, and ``jax.grad`` of the composition."""
    values, local = [jnp.asarray(x, jnp.float32)], []
    for layer in layers:
        value, slope = jax.value_and_grad(layer)(values[-1])
        values.append(value)
        local.append(slope)
    local_arr = jnp.stack(local)
    return ChainResult(jnp.stack(values), local_arr, jnp.prod(local_arr),
                       jax.grad(compose(layers))(jnp.asarray(x, jnp.float32)))


def gradient_jaxpr(layers: tuple[Fn, ...], x: float) -> str:
    """The jaxpr of ``jax.grad`` of the composition: the primitive operations autodiff actually runs."""
    return str(jax.make_jaxpr(jax.grad(compose(layers)))(jnp.asarray(x, jnp.float32)))


def agreement(result: ChainResult, rtol: float = 1e-5, atol: float = 1e-7) -> str:
    """``"not finite"`` (a layer's value or jax.grad is inf/nan), ``"agree"`` (the product of local derivatives
    equals jax.grad within float32 tolerances) or ``"differ"``."""
    values = np.asarray(result.values, np.float64)
    product, autodiff = float(result.product), float(result.autodiff)
    if not np.all(np.isfinite(values)) or not np.isfinite(autodiff):
        return "not finite"
    return "agree" if np.isclose(product, autodiff, rtol=rtol, atol=atol) else "differ"
