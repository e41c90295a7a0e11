"""The article's cheat sheet (concept → math → JAX), each row run live on a small example.

Every row pairs the JAX call's live result with the answer worked out by hand (closed forms in NumPy),
so the page can show both side by side and say whether they agree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from calc_core import article

__all__ = [
    "rows", "CheatRow", "PER_EXAMPLE_X", "PER_EXAMPLE_Y", "PER_EXAMPLE_PARAMS",
]


@dataclass(frozen=True)
class CheatRow:
    concept: str
    math: str  # LaTeX
    jax_call: str  # the JAX call, as code
    example: str  # LaTeX lines (\\ between): the function, then the point it is evaluated at
    live: np.ndarray  # what the JAX call returned, just now
    analytic: np.ndarray  # the hand-derived answer
    analytic_latex: str  # how the analytic answer is obtained

    @property
    def agrees(self) -> bool:
        return self.live.shape == self.analytic.shape and bool(
            np.allclose(self.live, self.analytic, rtol=1e-4, atol=1e-5))


PER_EXAMPLE_X = (1.0, 2.0, 3.0)
PER_EXAMPLE_Y = (2.0, 3.0, 5.0)
PER_EXAMPLE_PARAMS = (1.0, 0.0)


def _cube(x: jax.Array) -> jax.Array:
    return x**3


def _squared_error(params: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    """``(w·x + b − y)²`` for one example; ``params`` has shape ``(2,)``."""
    return (params[0] * x + params[1] - y) ** 2


def _derivative() -> CheatRow:
    x = 2.0
    return CheatRow("Derivative", r"f'(x)", "jax.grad(f)(x)", r"f(x) = x^3 \\ x = 2",
                    np.asarray(jax.grad(_cube)(x)), np.asarray(3 * x**2, np.float32), r"3x^2 = 12")


def _gradient() -> CheatRow:
    x, y = article.MULTI_POINT
    live = jax.grad(article.f_multi)(jnp.array([x, y]))
    return CheatRow("Gradient", r"\nabla_\theta L", "jax.grad(loss)(params)",
                    r"L(x, y) = x^2 + 3xy + y^2 \\ (x, y) = (1, 2)", np.asarray(live),
                    np.array([2 * x + 3 * y, 3 * x + 2 * y], np.float32), r"[2x + 3y,\; 3x + 2y] = [8, 7]")


def _jacobian() -> CheatRow:
    x0, x1 = article.JH_POINT
    live = jax.jacobian(article.vector_fn)(jnp.array([x0, x1]))
    analytic = np.array([[2 * x0, 1.0], [x1**3, 3 * x0 * x1**2]], np.float32)
    return CheatRow("Jacobian", r"J = \partial \mathbf{f} / \partial \mathbf{x}", "jax.jacobian(f)(x)",
                    r"\mathbf{f}(x) = [x_0^2 + x_1,\; x_0 x_1^3] \\ x = (1, 2)", np.asarray(live), analytic,
                    r"\begin{bmatrix} 2x_0 & 1 \\ x_1^3 & 3x_0x_1^2 \end{bmatrix}")


def _hessian() -> CheatRow:
    x0, x1 = article.JH_POINT
    live = jax.hessian(article.scalar_fn)(jnp.array([x0, x1]))
    analytic = np.array([[6 * x0, 2 * x1], [2 * x1, 2 * x0 + 6 * x1]], np.float32)
    return CheatRow("Hessian", r"H = \partial^2 f / \partial x^2", "jax.hessian(f)(x)",
                    r"f(x) = x_0^3 + x_0 x_1^2 + x_1^3 \\ x = (1, 2)", np.asarray(live), analytic,
                    r"\begin{bmatrix} 6x_0 & 2x_1 \\ 2x_1 & 2x_0 + 6x_1 \end{bmatrix}")


def _chain_rule() -> CheatRow:
    x = article.CHAIN_X
    t = np.tanh(x)
    return CheatRow("Chain rule", r"\frac{dL}{dx} = \frac{dL}{dy}\frac{dy}{dx}", "jax.grad(composed)(x)",
                    r"L(x) = \tanh(x)^2 \\ x = 2", np.asarray(jax.grad(article.composed)(x)),
                    np.asarray(2 * t * (1 - t**2), np.float32), r"2\tanh(x)\,\mathrm{sech}^2(x)")


def _per_example() -> CheatRow:
    params = jnp.array(PER_EXAMPLE_PARAMS)
    xs, ys = jnp.array(PER_EXAMPLE_X), jnp.array(PER_EXAMPLE_Y)
    live = jax.vmap(jax.grad(_squared_error), in_axes=(None, 0, 0))(params, xs, ys)
    w, b = PER_EXAMPLE_PARAMS
    residual = w * np.array(PER_EXAMPLE_X) + b - np.array(PER_EXAMPLE_Y)
    analytic = np.stack([2 * residual * np.array(PER_EXAMPLE_X), 2 * residual], axis=1).astype(np.float32)
    return CheatRow("Per-example grad", r"\nabla_\theta \ell_i",
                    "jax.vmap(jax.grad(loss), in_axes=(None, 0, 0))",
                    r"\ell_i = (w x_i + b - y_i)^2 \\ (w, b) = (1, 0) \\ x = (1, 2, 3),\; y = (2, 3, 5)",
                    np.asarray(live), analytic, r"2(w x_i + b - y_i)\,[x_i,\; 1]")


def _jit() -> CheatRow:
    x = article.DESCENT_X0
    live = jax.jit(jax.grad(article.descent_loss))(x)
    return CheatRow("JIT compilation", r"\text{(same math, compiled)}", "jax.jit(fn)",
                    r"\mathrm{fn} = \mathrm{grad}\,[(x - 3)^2 + 1] \\ x = 0", np.asarray(live),
                    np.asarray(2 * (x - 3), np.float32), r"2(x - 3) = -6")


@functools.lru_cache(maxsize=1)
def rows() -> tuple[CheatRow, ...]:
    """All seven rows, computed once per process."""
    return (_derivative(), _gradient(), _jacobian(), _hessian(), _chain_rule(), _per_example(), _jit())
