"""Derivatives of one-variable functions: secants, finite differences, tangents, higher orders, Taylor.

Every function takes ``f``: a scalar JAX function of one variable (e.g. from
:func:`calc_core.expr.parse_function`, which returns the same object for the same text, so ``f`` is a
static argument and each jitted function compiles once per ``f`` and array shape). Values (x₀, Δx, the
interval ends) are traced: moving a slider never recompiles.

>>> from calc_core.expr import parse_function
>>> ys, slopes = values_and_slopes(parse_function("x^2"), jnp.array([1.0, 2.0]))
>>> slopes.tolist()
[2.0, 4.0]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.experimental import jet
from jax.extend import core as jcore

__all__ = [
    "values_and_slopes", "secant", "difference_errors", "nth_derivative", "derivative_on", "derivatives",
    "derivatives_at", "derivatives_at64", "taylor", "tangent_frames", "one_sided", "error_order", "grid",
    "number_state", "value_status", "resolved32", "highest_order", "check_order", "CostlyOrder",
    "repeated_grad", "taylor_on", "program_size", "DifferenceErrors", "TangentFrames", "Taylor", "Secant",
    "OneSided", "best_step", "by_repeated_grad", "grad_size", "taylor_size", "float32_spacing",
    "largest_error_near", "taylor_coefficient_status", "MAX_ORDER", "GRID_POINTS", "POINT_BATCH", "STEPS",
    "GRAD_BUDGET", "TAYLOR_BUDGET", "SIZE_SPEC", "ONE_SIDED_STEP", "KINK_RTOL", "RESOLVE_RTOL",
]

Fn = Callable[[jax.Array], jax.Array]

MAX_ORDER = 6  # highest derivative order the pages offer (each order compiles once per function)
GRID_POINTS = 401  # every curve on the derivative pages is drawn on this many points
POINT_BATCH = 64  # point evaluations (Taylor centre, critical points) are padded to this length
STEPS = np.logspace(-15.0, 0.0, 61)  # Δx values of the finite-difference error plot


def grid(a: float, b: float, n: int = GRID_POINTS) -> np.ndarray:
    """``n`` evenly spaced float32 points on ``[a, b]``; shape ``(n,)``."""
    return np.linspace(a, b, n, dtype=np.float32)


# --- Rate of change ---------------------------------------------------------------------------------
@functools.partial(jax.jit, static_argnames="f")
def values_and_slopes(f: Fn, xs: jax.Array) -> tuple[jax.Array, jax.Array]:
    """``f(x)`` and ``f'(x)`` at every point in one vectorised call; ``xs`` shape ``(n,)`` → two ``(n,)``."""
    return jax.vmap(jax.value_and_grad(f))(xs)


class Secant(NamedTuple):
    y0: jax.Array  # f(x0)
    y1: jax.Array  # f(x0 + dx)
    slope: jax.Array  # (y1 - y0) / dx
    derivative: jax.Array  # f'(x0) from jax.grad


@functools.partial(jax.jit, static_argnames="f")
def secant(f: Fn, x0: float, dx: float) -> Secant:
    """The secant through ``x0`` and ``x0 + dx`` and the exact derivative at ``x0`` (all scalars)."""
    y0, y1 = f(x0), f(x0 + dx)
    return Secant(y0, y1, (y1 - y0) / dx, jax.grad(f)(x0))


@functools.partial(jax.jit, static_argnames="f")
def _differences(f: Fn, x0: jax.Array, hs: jax.Array) -> tuple[jax.Array, jax.Array, jax.Array]:
    """Forward and central differences at ``x0`` for every step in ``hs`` (shape ``(k,)``), and f'(x0)."""
    k = hs.shape[0]
    # one batch, so equal inputs go through the same (vectorised) code and give equal outputs
    values = jax.vmap(f)(jnp.concatenate([x0[None], x0 + hs, x0 - hs]))
    fx, ahead, behind = values[0], values[1 : k + 1], values[k + 1 :]
    return (ahead - fx) / hs, (ahead - behind) / (2.0 * hs), jax.grad(f)(x0)


class DifferenceErrors(NamedTuple):
    """Absolute errors against f'(x0) from ``jax.grad`` in float64; every array has shape ``(len(steps),)``."""

    steps: np.ndarray
    forward32: np.ndarray
    central32: np.ndarray
    forward64: np.ndarray
    central64: np.ndarray
    grad32: float  # |jax.grad in float32 − reference|: no step, only rounding
    reference: float  # f'(x0) in float64


def difference_errors(f: Fn, x0: float, steps: np.ndarray = STEPS) -> DifferenceErrors:
    """Errors of forward and central differences in float32 and float64 at ``x0`` (rounded to float32).

    float64 runs inside ``jax.enable_x64(True)``, which is thread-local: other sessions stay float32.
    """
    x0 = float(np.float32(x0))  # one point both precisions represent exactly
    fwd32, ctr32, grad32 = _differences(f, jnp.asarray(x0, jnp.float32), jnp.asarray(steps, jnp.float32))
    with jax.enable_x64(True):
        fwd64, ctr64, grad64 = _differences(f, jnp.asarray(x0, jnp.float64), jnp.asarray(steps, jnp.float64))
        fwd64, ctr64, reference = np.asarray(fwd64), np.asarray(ctr64), float(grad64)

    def error(approx: jax.Array | np.ndarray) -> np.ndarray:
        return np.abs(np.asarray(approx, np.float64) - reference)

    return DifferenceErrors(np.asarray(steps, np.float64), error(fwd32), error(ctr32), error(fwd64),
                            error(ctr64), float(abs(float(grad32) - reference)), reference)


# --- Higher-order derivatives -------------------------------------------------------------------------
# Repeated jax.grad builds a program that grows exponentially with the order (f⁽⁶⁾ of a 13-factor product: 20,631
# equations, ~11 s of XLA compile for one shape under load; a page compiles every order for three shapes). So the
# programs are measured (traced, which is cheap, not compiled) first: past GRAD_BUDGET the formula's derivatives
# come from Taylor mode (jax.experimental.jet: every order in one program whose size grows like k^1.6, not ~3^k);
# past TAYLOR_BUDGET too, the order is refused (CostlyOrder) and the page says so.
GRAD_BUDGET = 1000  # equations in the repeated-grad programs of orders 0..n together (one page call compiles them all)
TAYLOR_BUDGET = 3000  # equations in one Taylor-mode program (orders 0..n at once)
SIZE_SPEC = jax.ShapeDtypeStruct((GRID_POINTS,), jnp.float32)  # programs are measured at the pages' curve shape


class CostlyOrder(ValueError):
    """A derivative order whose program would be too large to compile in reasonable time; the message says so."""


def program_size(jaxpr: jcore.Jaxpr) -> int:
    """Equations in ``jaxpr``, counting those inside called sub-programs (jit, custom_jvp, loops)."""
    return len(jaxpr.eqns) + sum(program_size(sub) for sub in jcore.subjaxprs(jaxpr))


@functools.lru_cache(maxsize=256)
def repeated_grad(f: Fn, order: int) -> Fn:
    """``f`` differentiated ``order`` times by repeated ``jax.grad`` (same object for the same arguments)."""
    if order < 0:
        raise ValueError("the order must be 0 or more")
    return f if order == 0 else jax.grad(repeated_grad(f, order - 1))


@functools.lru_cache(maxsize=256)
def _grad_on(f: Fn, order: int) -> Callable[[jax.Array], jax.Array]:
    """A jitted, vmapped repeated-grad ``f⁽ᵒʳᵈᵉʳ⁾``: shape ``(n,)`` → ``(n,)``."""
    return jax.jit(jax.vmap(repeated_grad(f, order)))


@functools.lru_cache(maxsize=1024)
def grad_size(f: Fn, order: int) -> int:
    """Equations of the repeated-grad program of ``f⁽ᵒʳᵈᵉʳ⁾``, traced at ``SIZE_SPEC``: the trace the page's first
    call then reuses (jit caches it), so measuring costs no extra trace there."""
    return program_size(_grad_on(f, order).trace(SIZE_SPEC).jaxpr.jaxpr)


@functools.lru_cache(maxsize=1024)
def by_repeated_grad(f: Fn, order: int) -> bool:
    """Whether orders 0..``order`` of ``f`` come from repeated grad: orders 0 and 1 always (their cost is linear
    in the formula's size); higher ones while the programs of orders 0..``order`` total at most ``GRAD_BUDGET``.

    An order is traced only when its predicted size (the last order's, times the last growth and at least ×2)
    still fits, so measuring never traces a program much larger than the budget.
    """
    if order <= 1:
        return True
    if not by_repeated_grad(f, order - 1):
        return False
    sizes = [grad_size(f, k) for k in range(order)]
    predicted = sizes[-1] * max(2.0, sizes[-1] / max(sizes[-2], 1))
    if sum(sizes) + predicted > GRAD_BUDGET:
        return False
    return sum(sizes) + grad_size(f, order) <= GRAD_BUDGET


# Taylor mode. jet has no rule for these primitives, so here they are written with ones it has.
_COMPOSED: dict[str, Callable[[jax.Array], jax.Array]] = {
    "tan": lambda x: lax.div(lax.sin(x), lax.cos(x)),
    "atan": lambda x: lax.atan2(x, lax.full_like(x, 1)),
    "asin": lambda x: lax.atan2(x, lax.sqrt((1 - x) * (1 + x))),
    "acos": lambda x: lax.atan2(lax.sqrt((1 - x) * (1 + x)), x),
}


def _inline(jaxpr: jcore.Jaxpr, consts: list, *args: jax.Array) -> list[jax.Array]:
    """Run ``jaxpr`` primitive by primitive, entering jit and custom_jvp calls (jet cannot enter them) and
    rewriting the primitives of ``_COMPOSED``."""
    env = dict(zip(jaxpr.constvars, consts, strict=True)) | dict(zip(jaxpr.invars, args, strict=True))

    def read(v):
        return v.val if isinstance(v, jcore.Literal) else env[v]

    for eqn in jaxpr.eqns:
        ins = [read(v) for v in eqn.invars]
        inner = eqn.params.get("jaxpr", eqn.params.get("call_jaxpr"))
        if eqn.primitive.name in ("jit", "pjit", "custom_jvp_call") and isinstance(inner, jcore.ClosedJaxpr):
            outs = _inline(inner.jaxpr, inner.consts, *ins)
        elif eqn.primitive.name in _COMPOSED:
            outs = [_COMPOSED[eqn.primitive.name](*ins)]
        else:
            out = eqn.primitive.bind(*ins, **eqn.params)
            outs = out if eqn.primitive.multiple_results else [out]
        env.update(zip(eqn.outvars, outs, strict=True))
    return [read(v) for v in jaxpr.outvars]


def taylor_terms(f: Fn, order: int, x: jax.Array) -> jax.Array:
    """``f(x), f′(x), …, f⁽ᵒʳᵈᵉʳ⁾(x)`` at a scalar ``x`` in one Taylor-mode pass (``jax.experimental.jet``
    pushes the series x + t through f) → shape ``(order + 1,)``."""
    if order == 0:
        return jnp.stack([f(x)])
    program = jax.make_jaxpr(f)(x)
    series = [jnp.ones_like(x)] + [jnp.zeros_like(x)] * (order - 1)  # x + t
    # Plain Taylor coefficients f⁽ᵏ⁾/k! (factorial_scaled=True would compute each k! with lgamma in the program,
    # an XLA function that took most of the compile time), then k! from Python.
    _, coefficients = jet.jet(lambda t: _inline(program.jaxpr, program.consts, t)[0], (x,), (series,),
                              factorial_scaled=False)
    return jnp.stack([f(x)] + [c * math.factorial(k) for k, c in enumerate(coefficients, start=1)])


@functools.lru_cache(maxsize=256)
def taylor_on(f: Fn, order: int) -> Callable[[jax.Array], jax.Array]:
    """Jitted, vmapped :func:`taylor_terms`: ``xs`` shape ``(n,)`` → shape ``(order + 1, n)``."""
    return jax.jit(lambda xs: jax.vmap(functools.partial(taylor_terms, f, order), out_axes=1)(xs))


@functools.lru_cache(maxsize=256)
def taylor_size(f: Fn, order: int) -> int | None:
    """Equations of the Taylor-mode program of orders 0..``order``; None when jet cannot trace ``f``."""
    try:
        return program_size(taylor_on(f, order).trace(SIZE_SPEC).jaxpr.jaxpr)
    except (KeyError, NotImplementedError, TypeError, ValueError, AttributeError):  # a primitive jet lacks
        return None


@functools.lru_cache(maxsize=256)
def highest_order(f: Fn) -> int:
    """The highest derivative order of ``f`` (at most ``MAX_ORDER``) whose programs fit their budget.

    Repeated grad's orders always count. Above them, Taylor mode's size is predicted from its order-2 program
    (a cheap trace; its size grows a little slower than k^1.6 in the order k), and the predicted top order is
    traced to check it (the trace the first call then reuses), one order lower while it is over the budget.
    """
    fits = max(k for k in range(MAX_ORDER + 1) if by_repeated_grad(f, k))
    base = taylor_size(f, 2) if fits < MAX_ORDER else None
    if base is None:
        return max(fits, 1)
    k = max((k for k in range(fits + 1, MAX_ORDER + 1) if base * (k / 2) ** 1.6 <= TAYLOR_BUDGET), default=fits)
    while k > fits and not (taylor_size(f, k) or TAYLOR_BUDGET + 1) <= TAYLOR_BUDGET:
        k -= 1
    return max(k, 1)


def check_order(f: Fn, order: int) -> None:
    """Raise :class:`CostlyOrder` when ``order`` is above :func:`highest_order` of ``f``."""
    if order > 1 and order > highest_order(f):
        raise CostlyOrder(f"derivatives above order {highest_order(f)} are not computed for this formula: "
                          "its program would be too large to compile in reasonable time")


@functools.lru_cache(maxsize=256)
def nth_derivative(f: Fn, order: int) -> Fn:
    """``f`` differentiated ``order`` times (same object for the same arguments): repeated ``jax.grad`` while its
    program fits ``GRAD_BUDGET``, else Taylor mode. Raises :class:`CostlyOrder` above :func:`highest_order`."""
    if by_repeated_grad(f, order):
        return repeated_grad(f, order)
    check_order(f, order)
    return lambda x: taylor_terms(f, order, x)[order]


@functools.lru_cache(maxsize=256)
def derivative_on(f: Fn, order: int) -> Callable[[jax.Array], jax.Array]:
    """A jitted, vmapped ``f⁽ᵒʳᵈᵉʳ⁾``: ``xs`` shape ``(n,)`` → shape ``(n,)``; compiled once per shape."""
    if by_repeated_grad(f, order):
        return _grad_on(f, order)
    return jax.jit(jax.vmap(nth_derivative(f, order)))


def _stack(f: Fn, order: int, xs: jax.Array) -> np.ndarray:
    """Orders 0..``order`` at ``xs`` (shape ``(n,)``, in its dtype) → shape ``(order + 1, n)``: one repeated-grad
    program per order, or one Taylor-mode program for every order the formula allows (sliced)."""
    if by_repeated_grad(f, order):
        return np.stack([np.asarray(derivative_on(f, k)(xs)) for k in range(order + 1)])
    check_order(f, order)
    return np.asarray(taylor_on(f, highest_order(f))(xs))[: order + 1]


def derivatives(f: Fn, order: int, xs: np.ndarray | jax.Array) -> np.ndarray:
    """``f, f', …, f⁽ᵒʳᵈᵉʳ⁾`` at ``xs`` (shape ``(n,)``) → shape ``(order + 1, n)`` float32.

    Raises :class:`CostlyOrder` above :func:`highest_order`.
    """
    return _stack(f, order, jnp.asarray(xs, jnp.float32))


def _padded(f: Fn, order: int, points: np.ndarray) -> np.ndarray:
    """``points`` (shape ``(m,)``, m ≤ ``POINT_BATCH``) padded to one shape: ``POINT_BATCH``, or in Taylor mode
    ``GRID_POINTS``, so the points reuse the curve's compiled program instead of compiling one of their own."""
    if points.size > POINT_BATCH:
        raise ValueError(f"at most {POINT_BATCH} points")
    size = POINT_BATCH if by_repeated_grad(f, order) else GRID_POINTS
    padded = np.full(size, points[0] if points.size else 0.0, points.dtype)
    padded[: points.size] = points
    return padded


def derivatives_at(f: Fn, order: int, points: np.ndarray | list[float]) -> np.ndarray:
    """Like :func:`derivatives` at a few points (at most ``POINT_BATCH``, padded so one shape compiles)."""
    points = np.asarray(points, np.float32).reshape(-1)
    return derivatives(f, order, _padded(f, order, points))[:, : points.size]


class Taylor(NamedTuple):
    coefficients: np.ndarray  # shape (order + 1,): f⁽ᵏ⁾(a) / k!
    polynomial: np.ndarray  # shape (n,): the polynomial at xs
    error: np.ndarray  # shape (n,): |f(xs) − polynomial|


def taylor(f: Fn, a: float, order: int, xs: np.ndarray) -> Taylor:
    """The Taylor polynomial of ``f`` of degree ``order`` around ``a`` at ``xs`` (shape ``(n,)``), with its error."""
    at_a = derivatives_at(f, order, [a])[:, 0].astype(np.float64)
    coefficients = at_a / np.array([math.factorial(k) for k in range(order + 1)], np.float64)
    offset = np.asarray(xs, np.float64) - float(np.float32(a))
    polynomial = np.zeros_like(offset)
    with np.errstate(invalid="ignore", over="ignore"):  # an infinite coefficient gives inf/nan: the page says so
        for c in coefficients[::-1]:  # Horner
            polynomial = polynomial * offset + c
    values = np.asarray(derivative_on(f, 0)(jnp.asarray(xs, jnp.float32)), np.float64)
    return Taylor(coefficients, polynomial.astype(np.float32), np.abs(values - polynomial).astype(np.float32))


# --- Tangent frames ------------------------------------------------------------------------------------
class TangentFrames(NamedTuple):
    xs: np.ndarray  # shape (frames,): where the tangent touches
    ys: np.ndarray  # f(xs)
    slopes: np.ndarray  # f'(xs) = tan θ
    angles: np.ndarray  # θ in degrees, in the graph's units


def tangent_frames(f: Fn, a: float, b: float, frames: int = 120) -> TangentFrames:
    """Touch points, values, slopes and angles for ``frames`` tangents on ``[a, b]``: one vmapped call."""
    xs = grid(a, b, frames)
    ys, slopes = values_and_slopes(f, jnp.asarray(xs))
    ys, slopes = np.asarray(ys), np.asarray(slopes)
    return TangentFrames(xs, ys, slopes, np.degrees(np.arctan(slopes)).astype(np.float32))


# --- Does the derivative exist? Is a value trustworthy? --------------------------------------------------
ONE_SIDED_STEP = 1e-7  # relative step of the float64 one-sided difference quotients
KINK_RTOL = 1e-3  # one-sided slopes further apart than this (relative) are two different slopes


class OneSided(NamedTuple):
    """Whether f′(x₀) exists, from float64 one-sided difference quotients (independent of jax.grad).

    ``state``: "differentiable" (both sides agree), "kink" (two finite slopes that differ), "infinite"
    (a side's quotient grows without bound as Δx shrinks: a vertical tangent or cusp), "one-sided" (f is
    undefined on one side), or "undefined" (f(x₀) itself is not finite).
    """

    value: float  # f(x0) in float64
    left: float  # slope from the left (±inf when it grows without bound, nan when f is undefined there)
    right: float
    state: str


@functools.partial(jax.jit, static_argnames="f")
def _around(f: Fn, x0: jax.Array, hs: jax.Array) -> jax.Array:
    """f(x0), f(x0 + hs), f(x0 − hs) in one batch; ``hs`` shape ``(k,)`` → shape ``(2k + 1,)``."""
    return jax.vmap(f)(jnp.concatenate([x0[None], x0 + hs, x0 - hs]))


def _side(quotients: np.ndarray) -> float:
    """The one-sided slope from quotients at steps 10⁴h, 10²h, h: ±inf when |quotient| keeps growing (×3 per
    step, same sign: a smooth f's quotient is affine in the step and cannot), nan when f is undefined there."""
    if np.isnan(quotients).any():
        return float("nan")
    q = quotients
    if np.isinf(q[-1]) or (np.all(np.sign(q) == np.sign(q[-1])) and abs(q[1]) > 3 * abs(q[0])
                           and abs(q[2]) > 3 * abs(q[1])):
        return float(np.copysign(np.inf, q[-1]))
    return float(q[-1])


def one_sided(f: Fn, x0: float) -> OneSided:
    """Left and right slopes of ``f`` at ``x0`` from float64 difference quotients, and whether f′(x0) exists."""
    h = ONE_SIDED_STEP * max(1.0, abs(x0))
    hs = h * np.array([1e4, 1e2, 1.0], np.float64)
    with jax.enable_x64(True):
        v = np.asarray(_around(f, jnp.asarray(x0, jnp.float64), jnp.asarray(hs)), np.float64)
    fx = v[0]
    if not np.isfinite(fx):
        return OneSided(float(fx), float("nan"), float("nan"), "undefined")
    with np.errstate(invalid="ignore", over="ignore"):
        q_right, q_left = (v[1:4] - fx) / hs, (fx - v[4:7]) / hs
    right, left = _side(q_right), _side(q_left)
    if np.isinf(left) or np.isinf(right):
        return OneSided(float(fx), left, right, "infinite")
    if np.isnan(left) or np.isnan(right):
        state = "one-sided" if np.isfinite(left) or np.isfinite(right) else "undefined"
        return OneSided(float(fx), left, right, state)
    # what a smooth f's quotients can differ by: truncation (read off the 100h quotients) and rounding
    noise = 10 * (abs(q_right[1] - q_right[2]) + abs(q_left[1] - q_left[2])) / 99 + 1e-12 * abs(fx) / hs[2]
    differ = abs(left - right) > KINK_RTOL * max(abs(left), abs(right)) + noise
    return OneSided(float(fx), left, right, "kink" if differ else "differentiable")


def number_state(value: float) -> str:
    """"finite", "inf", "-inf" or "nan": what a page must say in words instead of printing the number."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return "finite"


RESOLVE_RTOL = 1e-4  # float32 values further than this from float64 (relative to their size) are unresolved


def resolved32(values32: np.ndarray, values64: np.ndarray) -> np.ndarray:
    """Per value: does float32 resolve it? False where float32 is not finite or is far from float64.

    "Far" is beyond ``RESOLVE_RTOL`` times the largest finite |value| of the set (a derivative table: its
    orders share one scale), so a float32 value of 8.7e−8 for sin″(π) = −1.2e−16 counts as resolved, while
    sin(1e20) in float32 (0.657; the true value is −0.645) does not. Shapes ``(n,)`` → ``(n,)`` bool.
    """
    v32, v64 = np.asarray(values32, np.float64), np.asarray(values64, np.float64)
    finite64 = np.abs(v64[np.isfinite(v64)])
    scale = float(finite64.max()) if finite64.size else 0.0
    with np.errstate(invalid="ignore"):
        close = np.abs(v32 - v64) <= RESOLVE_RTOL * max(scale, 1e-30)
    return np.isfinite(v32) & np.isfinite(v64) & close


def derivatives_at64(f: Fn, order: int, points: np.ndarray | list[float]) -> np.ndarray:
    """:func:`derivatives_at` in float64 (thread-local x64) at the points as given (not rounded to float32)."""
    points = np.asarray(points, np.float64).reshape(-1)
    padded = _padded(f, order, points)
    with jax.enable_x64(True):
        rows = _stack(f, order, jnp.asarray(padded)).astype(np.float64)
    return rows[:, : points.size]


def value_status(values32: np.ndarray, values64: np.ndarray) -> list[str]:
    """Per value, what a page must say beside it: "ok", "nan" (undefined), "inf" (infinite), "overflow"
    (finite in float64, too large for float32) or "unresolved" (float32 far from float64, see
    :func:`resolved32`). Shapes ``(n,)`` → a list of ``n`` codes."""
    v32, v64 = np.asarray(values32, np.float64), np.asarray(values64, np.float64)
    good = resolved32(v32, v64)
    codes = []
    for ok, a, b in zip(good, v32, v64, strict=True):
        if ok:
            codes.append("ok")
        elif np.isnan(b) or (np.isnan(a) and not np.isfinite(b)):
            codes.append("nan")
        elif np.isinf(b):
            codes.append("inf")
        elif not np.isfinite(a):
            codes.append("overflow")
        else:
            codes.append("unresolved")
    return codes


def error_order(f: Fn, a: float, degree: int, rtol: float = 1e-8, look: int = 2) -> tuple[int | None, bool]:
    """The order of the first non-zero term a Taylor polynomial of ``degree`` around ``a`` leaves out.

    Returns ``(m, smooth)``: the error shrinks like |x − a|^m near a. Orders ``degree + 1`` to
    ``degree + look`` (at most :func:`highest_order`, normally ``MAX_ORDER``) are looked at, in float64; ``m`` is None when all of them are
    ≈ 0: then the error shrinks at least like |x − a|^(last order looked at + 1). ``smooth`` is False when a
    derivative up to that order is not finite at a, so Taylor's rule does not apply.
    """
    top = min(degree + look, highest_order(f))
    at = derivatives_at64(f, top, [a])[:, 0]
    if not np.isfinite(at).all():
        return None, False
    tol = rtol * float(np.max(np.abs(at)))
    for k in range(degree + 1, top + 1):
        if abs(at[k]) > tol:
            return k, True
    return None, True


def largest_error_near(xs: np.ndarray, error: np.ndarray, center: float, radius: float = 0.5) -> float | None:
    """The largest ``error`` (shape ``(n,)``, at ``xs``) within ``radius`` of ``center``; None when no point lies
    there or an error there is not finite (f or the polynomial is undefined or infinite)."""
    near = np.asarray(error)[np.abs(np.asarray(xs) - center) <= radius]
    return float(np.max(near)) if near.size and np.isfinite(near).all() else None


def taylor_coefficient_status(f: Fn, a: float, coefficients: np.ndarray) -> list[str]:
    """:func:`value_status` of the Taylor ``coefficients`` f⁽ᵏ⁾(a)/k! (shape ``(degree + 1,)``) against float64."""
    degree = len(coefficients) - 1
    exact = derivatives_at64(f, degree, [a])[:, 0] / np.array([math.factorial(k) for k in range(degree + 1)],
                                                               np.float64)
    return value_status(coefficients, exact)


def float32_spacing(x: float) -> float:
    """The gap between ``x`` in float32 and the next float32 number: how finely float32 resolves values there."""
    return float(np.spacing(np.float32(x)))


def best_step(steps: np.ndarray, errors: np.ndarray) -> float:
    """The step Δx (of ``steps``, shape ``(k,)``) with the smallest finite error (``errors``, shape ``(k,)``);
    the first step when no error is finite."""
    finite = np.where(np.isfinite(errors), errors, np.inf)
    return float(steps[int(np.nanargmin(finite))])
