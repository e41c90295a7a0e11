"""Critical points of a one-variable function on an interval, found and classified honestly.

1. Sample f' on a fine grid (one vmapped call).
2. Candidates: sign changes of f' (simple zeros) and touching zeros (local minima of |f'| where f'
   does not change sign, as for x³ at 0, where f' = 3x² only touches 0).
3. Refine with Newton's method, safeguarded by bisection: on f' inside a sign-change bracket, on f''
   around a touching candidate (f' has an extremum there). Keep a point only if f' ≈ 0 there.
4. Classify by the first derivative of order ≥ 2 that is not ≈ 0: even order → minimum (> 0) or
   maximum (< 0); odd order → inflection point, no extremum; none up to order 6 → inconclusive.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from calc_core.derivatives import (
    GRID_POINTS,
    MAX_ORDER,
    POINT_BATCH,
    Fn,
    derivatives,
    derivatives_at,
    grid,
    nth_derivative,
)

SCAN_POINTS = 4001
NEWTON_STEPS = 60
ACCEPT = 1e-4  # |f'(x*)| ≤ ACCEPT · max|f'| on the interval counts as f'(x*) = 0
FLAT = 1e-4  # |f⁽ᵏ⁾(x*)| ≤ FLAT · max|f⁽ᵏ⁾| on the interval counts as ≈ 0


class CriticalPoint(NamedTuple):
    x: float
    y: float
    kind: str  # "minimum", "maximum", "inflection point" or "inconclusive"
    order: int  # order of the derivative that decided (2 = f''), 0 if none did
    second: float  # f''(x)
    found_by: str  # "sign change" or "touching zero"


class EndPoint(NamedTuple):
    x: float
    y: float
    slope: float
    kind: str  # "local minimum", "local maximum" or "flat"


class Extrema(NamedTuple):
    points: tuple[CriticalPoint, ...]
    ends: tuple[EndPoint, EndPoint]
    jumps: tuple[float, ...]  # where f' changes sign without being 0 (a corner or a singularity)
    lowest: float  # x of the smallest f on [a, b] (critical points and ends)
    highest: float
    truncated: bool  # more candidates than POINT_BATCH: only the first were refined
    constant: bool  # f' = 0 everywhere: every point is critical
    flats: tuple[tuple[float, float], ...] = ()  # stretches where f' = 0 exactly (a plateau)


@functools.partial(jax.jit, static_argnames="g")
def _bracketed_newton(g: Fn, lo: jax.Array, hi: jax.Array) -> jax.Array:
    """A zero of ``g`` in each bracket ``[lo_i, hi_i]`` (shapes ``(m,)``) → shape ``(m,)``.

    Newton's step x − g(x)/g'(x) when it stays inside the bracket, else bisection; the bracket shrinks
    to the side where g changes sign, so the iteration cannot escape.
    """
    dg = jax.grad(g)

    def solve(lo: jax.Array, hi: jax.Array) -> jax.Array:
        sign_lo = jnp.sign(g(lo))

        def step(_: int, state: tuple[jax.Array, jax.Array, jax.Array]):
            lo, hi, x = state
            gx = g(x)
            same = jnp.sign(gx) == sign_lo
            lo, hi = jnp.where(same, x, lo), jnp.where(same, hi, x)
            newton = x - gx / dg(x)
            inside = (newton > lo) & (newton < hi) & jnp.isfinite(newton)
            x = jnp.where(gx == 0, x, jnp.where(inside, newton, 0.5 * (lo + hi)))
            return lo, hi, x

        return jax.lax.fori_loop(0, NEWTON_STEPS, step, (lo, hi, 0.5 * (lo + hi)))[2]

    return jax.vmap(solve)(lo, hi)


def _refine(g: Fn, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """:func:`_bracketed_newton` on at most ``POINT_BATCH`` brackets, padded so one shape compiles."""
    if lo.size == 0:
        return np.zeros(0, np.float32)
    pad_lo, pad_hi = np.full(POINT_BATCH, lo[0], np.float32), np.full(POINT_BATCH, hi[0], np.float32)
    pad_lo[: lo.size], pad_hi[: hi.size] = lo, hi
    return np.asarray(_bracketed_newton(g, jnp.asarray(pad_lo), jnp.asarray(pad_hi)))[: lo.size]


def classify(values: np.ndarray, flat: np.ndarray) -> tuple[str, int]:
    """Kind and deciding order from ``values[k]`` = f⁽ᵏ⁾(x*) for k = 2.. and tolerances ``flat[k]``."""
    for k in range(2, len(values)):
        if not np.isfinite(values[k]):
            return "inconclusive", 0
        if abs(values[k]) > flat[k]:
            if k % 2:
                return "inflection point", k
            return ("minimum" if values[k] > 0 else "maximum"), k
    return "inconclusive", 0


def _candidates(xs: np.ndarray, slopes: np.ndarray, scale: float):
    """Sign-change brackets, touching brackets and exact grid zeros of f' sampled at ``xs``."""
    finite = np.isfinite(slopes)
    s = np.sign(np.where(finite, slopes, 0.0))
    both = finite[:-1] & finite[1:]
    change = np.flatnonzero(both & (s[:-1] * s[1:] < 0))
    zero = finite & (slopes == 0)
    isolated = zero & ~np.r_[False, zero[:-1]] & ~np.r_[zero[1:], False]
    exact = np.flatnonzero(isolated)
    mag = np.where(finite, np.abs(slopes), np.inf)
    inner = np.arange(1, len(xs) - 1)
    local_min = (mag[inner] <= mag[inner - 1]) & (mag[inner] <= mag[inner + 1]) & (mag[inner] > 0)
    no_change = (s[inner - 1] * s[inner] > 0) & (s[inner] * s[inner + 1] > 0)
    touching = inner[local_min & no_change & (mag[inner] < 1e-2 * scale)]
    return change, touching, exact


def _merge(xs: list[tuple[float, str]], gap: float) -> list[tuple[float, str]]:
    merged: list[tuple[float, str]] = []
    for x, how in sorted(xs):
        if merged and x - merged[-1][0] < gap:
            continue
        merged.append((x, how))
    return merged


def _end(x: float, y: float, slope: float, left: bool, flat: float) -> EndPoint:
    if abs(slope) <= flat or not np.isfinite(slope):
        return EndPoint(x, y, slope, "flat")
    rising = slope > 0
    return EndPoint(x, y, slope, "local minimum" if rising == left else "local maximum")


def critical_points(f: Fn, a: float, b: float) -> Extrema:
    """Every critical point of ``f`` on ``[a, b]`` (``a < b``), classified, plus what the ends do."""
    if not a < b:
        raise ValueError("the interval needs a < b")
    d1 = nth_derivative(f, 1)
    xs = grid(a, b, SCAN_POINTS)
    slopes = derivatives(f, 1, xs)[1]
    finite = np.isfinite(slopes)
    magnitudes = np.abs(slopes[finite])
    # a robust scale: a pole's huge slopes must not make every other slope look like zero
    scale = float(np.percentile(magnitudes, 95) or np.max(magnitudes)) if finite.any() else 0.0
    ends_d = derivatives_at(f, 1, [a, b])
    ends = (_end(a, float(ends_d[0, 0]), float(ends_d[1, 0]), True, ACCEPT * scale),
            _end(b, float(ends_d[0, 1]), float(ends_d[1, 1]), False, ACCEPT * scale))
    if scale == 0.0:
        return Extrema((), ends, (), a, a, False, finite.any())
    change, touching, exact = _candidates(xs, slopes, scale)
    truncated = change.size > POINT_BATCH or touching.size > POINT_BATCH
    change, touching = change[:POINT_BATCH], touching[:POINT_BATCH]
    from_change = _refine(d1, xs[change], xs[change + 1])
    from_touch = _refine(nth_derivative(f, 2), xs[touching - 1], xs[touching + 1])
    found = [(float(x), "exact zero on the grid") for x in xs[exact]]
    jumps = []
    check = derivatives_at(f, 1, np.concatenate([from_change, from_touch])[:POINT_BATCH]) if (
        from_change.size + from_touch.size) else np.zeros((2, 0), np.float32)
    for i, x in enumerate(from_change):
        if abs(check[1, i]) <= 10 * ACCEPT * scale:
            found.append((float(x), "sign change"))
        else:
            jumps.append(float(x))
    for j, x in enumerate(from_touch):
        k = from_change.size + j
        if k < check.shape[1] and abs(check[1, k]) <= ACCEPT * scale:
            found.append((float(x), "touching zero"))
    found = [(x, how) for x, how in _merge(found, 0.5 * (b - a) / SCAN_POINTS) if a <= x <= b]
    points = _classify_all(f, [x for x, _ in found], [how for _, how in found], a, b)
    lowest, highest = _global(points, ends)
    return Extrema(tuple(points), ends, tuple(jumps), lowest, highest, truncated, False, _flats(xs, slopes))


def _flats(xs: np.ndarray, slopes: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Runs of two or more grid points where f' is exactly 0, as ``(start, end)`` pairs."""
    zero = np.r_[False, np.isfinite(slopes) & (slopes == 0), False].astype(np.int8)
    edges = np.flatnonzero(np.diff(zero))
    return tuple((float(xs[s]), float(xs[e - 1])) for s, e in zip(edges[::2], edges[1::2], strict=True)
                 if e - s > 1)


def _classify_all(f: Fn, xs: list[float], hows: list[str], a: float, b: float) -> list[CriticalPoint]:
    """Classify each point, computing orders above 2 only when every lower order is ≈ 0."""
    if not xs:
        return []
    xs = xs[:POINT_BATCH]
    plot = grid(a, b, GRID_POINTS)
    at = derivatives_at(f, 2, xs)
    flat = [0.0, 0.0, FLAT * float(np.nanmax(np.abs(derivatives(f, 2, plot)[2])))]
    if any(abs(at[2, i]) <= flat[2] for i in range(len(xs))):  # degenerate: look further up
        at = derivatives_at(f, MAX_ORDER, xs)
        on_grid = derivatives(f, MAX_ORDER, plot)
        flat = [FLAT * float(np.nanmax(np.abs(row))) for row in on_grid]
    tolerances = np.array(flat)
    points = []
    for i, (x, how) in enumerate(zip(xs, hows, strict=True)):
        kind, order = classify(at[:, i].astype(np.float64), tolerances)
        points.append(CriticalPoint(x, float(at[0, i]), kind, order, float(at[2, i]), how))
    return points


def _global(points: list[CriticalPoint], ends: tuple[EndPoint, EndPoint]) -> tuple[float, float]:
    xs = [p.x for p in points] + [e.x for e in ends]
    ys = np.array([p.y for p in points] + [e.y for e in ends], np.float64)
    ys_low = np.where(np.isfinite(ys), ys, np.inf)
    ys_high = np.where(np.isfinite(ys), ys, -np.inf)
    return xs[int(np.argmin(ys_low))], xs[int(np.argmax(ys_high))]
