"""Surfaces f(x, y): presets, gradient fields, slices, Jacobians, Hessians and what their eigenvalues say.

Every objective takes one array ``p`` of shape ``(2,)`` (or ``(dim,)``) and returns a scalar. The presets
are module-level functions, so jitted code that takes them as a static argument compiles once per process.

>>> classify_critical_point(saddle, jnp.zeros(2))   # Hessian [[2, 3], [3, 2]]: eigenvalues 5 and -1
'saddle'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

__all__ = [
    "saddle", "bowl", "valley", "rosenbrock", "himmelblau", "gradient", "hessian", "jacobian",
    "hessian_eigen", "classify_eigenvalues", "classify_critical_point", "finite_difference_jacobian",
    "finite_difference_hessian", "field", "slices", "linear_map", "stacked", "Field", "Surface",
    "LinearMap", "check_against", "gradient_norm", "HIMMELBLAU_MINIMA", "HIMMELBLAU_MAXIMUM", "PRESETS",
    "TYPED_DEFAULT", "ZERO_EIGENVALUE_TOL", "CRITICAL_TOL",
]

Objective = Callable[[jax.Array], jax.Array]
VectorFunction = Callable[[jax.Array], jax.Array]


# --- Presets -------------------------------------------------------------------------------------
def saddle(p: jax.Array) -> jax.Array:
    """The article's ``x² + 3xy + y²``: a saddle at the origin (Hessian eigenvalues 5 and −1)."""
    return p[0] ** 2 + 3 * p[0] * p[1] + p[1] ** 2


def bowl(p: jax.Array) -> jax.Array:
    """``x² + y²``: a round bowl, Hessian ``2 I``."""
    return p[0] ** 2 + p[1] ** 2


def valley(p: jax.Array) -> jax.Array:
    """``x²/2 + 10 y²``: an ill-conditioned valley, Hessian eigenvalues 1 and 20 (condition number 20)."""
    return 0.5 * p[0] ** 2 + 10 * p[1] ** 2


def rosenbrock(p: jax.Array) -> jax.Array:
    """``(1 − x)² + 100 (y − x²)²``: a curved banana valley, minimum 0 at (1, 1)."""
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def himmelblau(p: jax.Array) -> jax.Array:
    """``(x² + y − 11)² + (x + y² − 7)²``: four minima (value 0), a local maximum near (−0.2708, −0.9230)."""
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))
HIMMELBLAU_MAXIMUM = (-0.270845, -0.923039)


@dataclass(frozen=True)
class Surface:
    """A preset and the page's default settings for it.

    The defaults are chosen so that every optimizer (momentum and Adam included) stays finite for
    ``steps`` steps from ``start``; ``tests/unit/test_descent.py`` checks this for every preset.
    """

    title: str
    latex: str
    f: Objective
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    lr: float  # gradient descent, momentum and Nesterov
    adam_lr: float
    steps: int = 100


PRESETS: dict[str, Surface] = {
    "saddle": Surface("The article's saddle", r"x^2 + 3xy + y^2", saddle, (-3.0, 3.0), (-3.0, 3.0),
                      (2.0, 1.6), 0.02, 0.05),
    "bowl": Surface("Round bowl", r"x^2 + y^2", bowl, (-3.0, 3.0), (-3.0, 3.0), (2.5, 2.0), 0.1, 0.1),
    "valley": Surface("Ill-conditioned valley", r"\tfrac12 x^2 + 10y^2", valley, (-3.0, 3.0), (-1.5, 1.5),
                      (-2.5, 1.0), 0.06, 0.1),
    "rosenbrock": Surface("Rosenbrock", r"(1-x)^2 + 100\,(y-x^2)^2", rosenbrock, (-2.0, 2.0), (-1.0, 3.0),
                          (-1.2, 1.0), 0.001, 0.05, 200),
    "himmelblau": Surface("Himmelblau", r"(x^2+y-11)^2 + (x+y^2-7)^2", himmelblau, (-5.0, 5.0),
                          (-5.0, 5.0), (0.0, 0.5), 0.01, 0.1),
}
TYPED_DEFAULT = Surface("Your formula", "", bowl, (-3.0, 3.0), (-3.0, 3.0), (1.0, 1.0), 0.05, 0.05)


# --- Derivatives at a point ------------------------------------------------------------------------
@functools.partial(jax.jit, static_argnames="f")
def gradient(f: Objective, p: jax.Array) -> jax.Array:
    """∇f at ``p`` (shape ``(dim,)``) → shape ``(dim,)``."""
    return jax.grad(f)(jnp.asarray(p, jnp.float32))


@functools.partial(jax.jit, static_argnames="f")
def hessian(f: Objective, p: jax.Array) -> jax.Array:
    """The Hessian of ``f`` at ``p`` (shape ``(dim,)``) → shape ``(dim, dim)``."""
    return jax.hessian(f)(jnp.asarray(p, jnp.float32))


@functools.partial(jax.jit, static_argnames="f")
def jacobian(f: VectorFunction, p: jax.Array) -> jax.Array:
    """The Jacobian of ``f: R^n -> R^m`` at ``p`` (shape ``(n,)``) → shape ``(m, n)``."""
    return jax.jacobian(f)(jnp.asarray(p, jnp.float32))


def hessian_eigen(f: Objective, p) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending, shape ``(dim,)``) and unit eigenvectors (columns, ``(dim, dim)``) of the Hessian."""
    values, vectors = np.linalg.eigh(np.asarray(hessian(f, jnp.asarray(p, jnp.float32)), np.float64))
    return values, vectors


ZERO_EIGENVALUE_TOL = 1e-4  # relative: an eigenvalue within tol · max(1, max |λ|) of zero counts as zero


def classify_eigenvalues(eigenvalues, tol: float = ZERO_EIGENVALUE_TOL) -> str:
    """``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"degenerate"`` from Hessian eigenvalues.

    An eigenvalue within ``tol · max(1, max |λ|)`` of zero counts as zero: the second-derivative test
    cannot decide (``"degenerate"``) unless the others already have both signs (then it is a saddle).
    """
    lam = np.asarray(eigenvalues, np.float64)
    scale = tol * max(1.0, float(np.max(np.abs(lam))) if lam.size else 1.0)
    positive, negative = bool(np.any(lam > scale)), bool(np.any(lam < -scale))
    if positive and negative:
        return "saddle"
    if np.any(np.abs(lam) <= scale):
        return "degenerate"
    return "minimum" if positive else "maximum"


def classify_critical_point(f: Objective, point, tol: float = ZERO_EIGENVALUE_TOL) -> str:
    """Second-derivative test at ``point`` (shape ``(dim,)``): one of ``"minimum"``, ``"maximum"``,
    ``"saddle"``, ``"degenerate"``, from the Hessian's eigenvalues with a relative tolerance ``tol``."""
    return classify_eigenvalues(hessian_eigen(f, point)[0], tol)


def check_against(autodiff, reference, rtol: float = 1e-3) -> tuple[float, bool]:
    """``(gap, close)``: the largest |autodiff − reference| over matching arrays (e.g. a Jacobian and its finite
    differences), and whether it is within ``rtol · max(1, max |reference|)``."""
    autodiff, reference = np.asarray(autodiff, np.float64), np.asarray(reference, np.float64)
    gap = float(np.max(np.abs(autodiff - reference)))
    return gap, gap <= rtol * max(1.0, float(np.max(np.abs(reference))))


CRITICAL_TOL = 1e-3  # |∇f| below this counts as a critical point on the Jacobian-and-Hessian page


def gradient_norm(grad) -> float:
    """|∇f| of a gradient of shape ``(dim,)``, in the gradient's own precision."""
    return float(np.linalg.norm(np.asarray(grad)))


# --- Finite differences in float64 (an oracle independent of autodiff) ----------------------------
def finite_difference_jacobian(f: VectorFunction, p, h: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(p + h e_j) − f(p − h e_j)) / 2h`` in float64 → shape ``(m, n)``."""
    with jax.enable_x64(True):
        p64 = np.asarray(p, np.float64)
        columns = []
        for j in range(p64.size):
            step = np.zeros_like(p64)
            step[j] = h
            plus = np.asarray(f(jnp.asarray(p64 + step)), np.float64)
            minus = np.asarray(f(jnp.asarray(p64 - step)), np.float64)
            columns.append(np.atleast_1d((plus - minus) / (2 * h)))
    return np.stack(columns, axis=1)


def finite_difference_hessian(f: Objective, p, h: float = 1e-4) -> np.ndarray:
    """Second central differences of ``f`` in float64 → shape ``(dim, dim)``."""
    with jax.enable_x64(True):
        p64 = np.asarray(p, np.float64)
        n = p64.size
        eye = np.eye(n) * h

        def value(q: np.ndarray) -> float:
            return float(f(jnp.asarray(q)))

        out = np.empty((n, n))
        for i in range(n):
            for j in range(n):
                out[i, j] = (value(p64 + eye[i] + eye[j]) - value(p64 + eye[i] - eye[j])
                             - value(p64 - eye[i] + eye[j]) + value(p64 - eye[i] - eye[j])) / (4 * h * h)
    return out


# --- Grids ------------------------------------------------------------------------------------------
class Field(NamedTuple):
    """A surface on an ``n × n`` grid: ``xs``, ``ys`` shape ``(n,)``; ``z``, ``u``, ``v`` shape ``(n, n)``
    indexed ``[row = y, column = x]``; ``(u, v) = −∇f`` (the descent direction)."""

    xs: jax.Array
    ys: jax.Array
    z: jax.Array
    u: jax.Array
    v: jax.Array


@functools.partial(jax.jit, static_argnames=("f", "n"))
def _field(f: Objective, bounds: jax.Array, n: int) -> Field:
    xs = jnp.linspace(bounds[0], bounds[1], n)
    ys = jnp.linspace(bounds[2], bounds[3], n)
    gx, gy = jnp.meshgrid(xs, ys)
    points = jnp.stack([gx.ravel(), gy.ravel()], axis=1)
    values, grads = jax.vmap(jax.value_and_grad(f))(points)
    return Field(xs, ys, values.reshape(n, n), -grads[:, 0].reshape(n, n), -grads[:, 1].reshape(n, n))


def field(f: Objective, x_range: tuple[float, float], y_range: tuple[float, float], n: int = 40) -> Field:
    """``f`` and ``−∇f`` on an ``n × n`` grid over the box (ranges traced; one compile per ``(f, n)``)."""
    bounds = jnp.asarray([*x_range, *y_range], jnp.float32)
    return _field(f, bounds, n)


@functools.partial(jax.jit, static_argnames=("f", "n"))
def _slices(f: Objective, point: jax.Array, half_width: jax.Array, n: int) -> tuple[jax.Array, ...]:
    t = jnp.linspace(-1.0, 1.0, n) * half_width
    along_x = jax.vmap(lambda s: f(point + jnp.stack([s, jnp.zeros_like(s)])))(t)
    along_y = jax.vmap(lambda s: f(point + jnp.stack([jnp.zeros_like(s), s])))(t)
    return point[0] + t, along_x, point[1] + t, along_y


def slices(f: Objective, point, half_width: float = 1.5, n: int = 101) -> tuple[jax.Array, ...]:
    """The two slices through ``point`` = (x0, y0): ``(xs, f(xs, y0), ys, f(x0, ys))``, each shape ``(n,)``."""
    return _slices(f, jnp.asarray(point, jnp.float32), jnp.asarray(half_width, jnp.float32), n)


class LinearMap(NamedTuple):
    """Grid lines near a point and where they go: each shape ``(lines, points, 2)``."""

    grid: jax.Array
    image: jax.Array  # f(grid)
    linear: jax.Array  # f(p) + J(p) (grid − p)


@functools.partial(jax.jit, static_argnames=("f", "lines", "points"))
def _linear_map(f: VectorFunction, p: jax.Array, radius: jax.Array, lines: int, points: int) -> LinearMap:
    ticks = jnp.linspace(-1.0, 1.0, lines) * radius
    along = jnp.linspace(-1.0, 1.0, points) * radius
    tx, ax = jnp.meshgrid(ticks, along, indexing="ij")  # (lines, points)
    vertical = jnp.stack([tx, ax], axis=-1)  # x fixed, y varies
    horizontal = jnp.stack([ax, tx], axis=-1)  # y fixed, x varies
    offsets = jnp.concatenate([vertical, horizontal], axis=0)  # (2 lines, points, 2)
    grid = p[None, None, :] + offsets
    image = jax.vmap(jax.vmap(f))(grid)
    jac = jax.jacobian(f)(p)
    linear = f(p)[None, None, :] + jnp.einsum("ij,lpj->lpi", jac, offsets)
    return LinearMap(grid, image, linear)


def linear_map(f: VectorFunction, p, radius: float = 0.3, lines: int = 5, points: int = 21) -> LinearMap:
    """A small square grid around ``p`` (shape ``(2,)``), its image under ``f`` and under the linearisation."""
    return _linear_map(f, jnp.asarray(p, jnp.float32), jnp.asarray(radius, jnp.float32), lines, points)


@functools.lru_cache(maxsize=256)
def stacked(*components: Callable[..., jax.Array]) -> VectorFunction:
    """``F(p) = [g1(p0, p1, …), g2(p0, p1, …), …]`` from scalar functions of the coordinates (cached)."""

    n = len(getattr(components[0], "variables", ("x", "y")))

    def vector_function(p: jax.Array) -> jax.Array:
        args = [p[i] for i in range(n)]
        return jnp.stack([jnp.asarray(g(*args), p.dtype) for g in components])

    return vector_function
