"""Critical points and global extremes of a one-variable function on an interval, found and classified honestly.

1. Sample f' on a fine grid (one vmapped call).
2. Candidates: sign changes of f' (simple zeros) and touching zeros (local minima of |f'| where f'
   does not change sign, as for x³ at 0, where f' = 3x² only touches 0).
3. Refine with Newton's method, safeguarded by bisection: on f' inside a sign-change bracket, on f''
   around a touching candidate (f' has an extremum there). Keep a point only if f' ≈ 0 there, "≈ 0"
   meaning small next to |f'| *near that point* (not over the whole interval). A sign change where f' stays
   large is a kink (f' does not exist there, as for abs(x) at 0); a grid point where f' is inf or NaN but f is
   finite is a singular point (sqrt(x) at 0).
4. Classify by the first derivative of order ≥ 2 that is not ≈ 0 next to the same derivative near x*: even
   order → minimum (> 0) or maximum (< 0); odd order → inflection point, no extremum; none up to order 6 →
   inconclusive. Then check the verdict against f itself in float64 just left and right of x*; a verdict the
   values contradict is marked unsure.
5. Global extremes on [a, b]: the smallest and largest float64 values among the ends, critical points, kinks
   and singular points, compared with a dense float64 scan. Ties are all listed; if the scan finds a value
   beyond every such point (a pole, a missed point) or f is undefined somewhere, the answer is marked unsure.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from calc_core.derivatives import (
    GRID_POINTS,
    POINT_BATCH,
    Fn,
    derivatives,
    derivatives_at,
    grid,
    highest_order,
    nth_derivative,
)

__all__ = [
    "critical_points", "classify", "role", "values64", "local_scale", "typical_spread", "CriticalPoint",
    "EndPoint", "Extreme", "Extrema", "SCAN_POINTS", "VALUE_POINTS", "NEWTON_STEPS", "ACCEPT", "FLAT",
    "NEAR", "PROBES",
]

SCAN_POINTS = 4001  # f' in float32 on this many points
VALUE_POINTS = 8001  # f in float64 on this many points, for the global extremes
NEWTON_STEPS = 60
ACCEPT = 1e-4  # |f'(x*)| ≤ ACCEPT · max|f'| near x* counts as f'(x*) = 0
FLAT = 1e-4  # |f⁽ᵏ⁾(x*)| ≤ FLAT · max|f⁽ᵏ⁾| near x* counts as ≈ 0
NEAR = 0.02  # "near x*" means within NEAR · (b − a)
PROBES = (-2.0, -0.5, 0.5, 2.0)  # offsets, in scan steps, where f checks a verdict
_EXTRA = 8 * POINT_BATCH  # float64 evaluations beyond the scan: candidates and probes, padded to this


class CriticalPoint(NamedTuple):
    x: float
    y: float
    kind: str  # "minimum", "maximum", "inflection point" or "inconclusive"
    order: int  # order of the derivative that decided (2 = f''), 0 if none did
    second: float  # f''(x)
    found_by: str  # "sign change", "touching zero" or "exact zero on the grid"
    sure: bool = True  # False: f's float64 values next to x contradict the kind


class EndPoint(NamedTuple):
    x: float
    y: float
    slope: float  # f'(x) from jax.grad (may be inf or NaN)
    kind: str  # "local minimum", "local maximum", "level" (f equal nearby) or "undefined" (f not finite)
    slope_state: str = "finite"  # "finite", "flat" (f' ≈ 0: a critical point too) or "undefined" (inf/NaN)


class Extreme(NamedTuple):
    """The smallest (or largest) value of f on [a, b] and every x where it is reached."""

    xs: tuple[float, ...]
    y: float
    sure: bool  # False: see ``reason``
    reason: str = ""  # "" | "undefined" (f not finite somewhere) | "scan" (only the scan saw it) | "none"


class Extrema(NamedTuple):
    points: tuple[CriticalPoint, ...]
    ends: tuple[EndPoint, EndPoint]
    jumps: tuple[float, ...]  # kinks: f' changes sign without being 0 (a corner or a singularity)
    lowest: float  # first x of ``minimum.xs``
    highest: float
    truncated: bool  # more candidates than POINT_BATCH: only the first were refined
    constant: bool  # f' = 0 everywhere: every point is critical
    flats: tuple[tuple[float, float], ...] = ()  # stretches where f' = 0 exactly (a plateau)
    minimum: Extreme = Extreme((), float("nan"), False, "none")
    maximum: Extreme = Extreme((), float("nan"), False, "none")
    singular: tuple[float, ...] = ()  # grid points where f is finite but f' is inf or NaN
    undefined: bool = False  # f is not finite somewhere on [a, b]


@functools.partial(jax.jit, static_argnames=("g", "dg"))
def _bracketed_newton(g: Fn, dg: Fn, lo: jax.Array, hi: jax.Array) -> jax.Array:
    """A zero of ``g`` in each bracket ``[lo_i, hi_i]`` (shapes ``(m,)``) → shape ``(m,)``; ``dg`` is g′.

    Newton's step x − g(x)/g'(x) when it stays inside the bracket, else bisection; the bracket shrinks
    to the side where g changes sign, so the iteration cannot escape.
    """

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


@functools.partial(jax.jit, static_argnames="f")
def _map(f: Fn, xs: jax.Array) -> jax.Array:
    return jax.vmap(f)(xs)


def values64(f: Fn, xs: np.ndarray) -> np.ndarray:
    """``f`` at ``xs`` (shape ``(n,)``) computed in float64 (thread-local x64: other sessions stay float32)."""
    with jax.enable_x64(True):
        return np.asarray(_map(f, jnp.asarray(np.asarray(xs, np.float64))), np.float64)


def _refine(f: Fn, order: int, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Zeros of f⁽ᵒʳᵈᵉʳ⁾ by :func:`_bracketed_newton` (its derivative is f⁽ᵒʳᵈᵉʳ⁺¹⁾, so both follow the cost rules
    of :func:`calc_core.derivatives.nth_derivative`) on at most ``POINT_BATCH`` brackets, padded so one shape
    compiles."""
    if lo.size == 0:
        return np.zeros(0, np.float32)
    pad_lo, pad_hi = np.full(POINT_BATCH, lo[0], np.float32), np.full(POINT_BATCH, hi[0], np.float32)
    pad_lo[: lo.size], pad_hi[: hi.size] = lo, hi
    g, dg = nth_derivative(f, order), nth_derivative(f, order + 1)
    return np.asarray(_bracketed_newton(g, dg, jnp.asarray(pad_lo), jnp.asarray(pad_hi)))[: lo.size]


def classify(values: np.ndarray, flat: np.ndarray) -> tuple[str, int]:
    """Kind and deciding order from ``values[k]`` = f⁽ᵏ⁾(x*) for k = 2.. and tolerances ``flat[k]``.

    A non-finite derivative decides nothing: the verdict is "inconclusive", never "≈ 0".
    """
    for k in range(2, len(values)):
        if not np.isfinite(values[k]):
            return "inconclusive", 0
        if abs(values[k]) > flat[k]:
            if k % 2:
                return "inflection point", k
            return ("minimum" if values[k] > 0 else "maximum"), k
    return "inconclusive", 0


def local_scale(values: np.ndarray, half_width: int) -> np.ndarray:
    """max |values| over the window of ``half_width`` samples either side, ignoring inf/NaN; shape ``(n,)``."""
    mag = np.where(np.isfinite(values), np.abs(values), 0.0)
    padded = np.pad(mag, half_width)
    return np.lib.stride_tricks.sliding_window_view(padded, 2 * half_width + 1).max(axis=1)


def _candidates(xs: np.ndarray, slopes: np.ndarray, near: np.ndarray):
    """Sign-change brackets, touching brackets and exact grid zeros of f' sampled at ``xs``.

    ``near`` (shape ``(n,)``) is max|f'| near each grid point: "small" is judged against it.
    """
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
    touching = inner[local_min & no_change & (mag[inner] < 1e-2 * near[inner])]
    return change, touching, exact


def _merge(xs: list[tuple[float, str]], gap: float) -> list[tuple[float, str]]:
    merged: list[tuple[float, str]] = []
    for x, how in sorted(xs):
        if merged and x - merged[-1][0] < gap:
            continue
        merged.append((x, how))
    return merged


def _near_scale(x: float, xs: np.ndarray, near: np.ndarray) -> float:
    """max|f'| near ``x``, read from the scan's ``near`` at the closest grid point."""
    return float(near[int(np.clip(np.searchsorted(xs, x), 0, len(xs) - 1))])


def critical_points(f: Fn, a: float, b: float) -> Extrema:
    """Every critical point of ``f`` on ``[a, b]`` (``a < b``), classified, what the ends do, and the global
    smallest and largest values with where they are reached."""
    if not a < b:
        raise ValueError("the interval needs a < b")
    xs = grid(a, b, SCAN_POINTS)
    scan = derivatives(f, 1, xs)
    values, slopes = scan
    finite = np.isfinite(slopes)
    half = max(1, int(NEAR * SCAN_POINTS))
    near = local_scale(slopes, half)
    if not finite.any() or not np.any(slopes[finite]):
        ends_d = derivatives_at(f, 1, [a, b])[1]
        return _finish(f, a, b, [], ends_d, (), (), False, bool(finite.any()), _flats(xs, slopes), None)
    change, touching, exact = _candidates(xs, slopes, near)
    truncated = change.size > POINT_BATCH or touching.size > POINT_BATCH
    change, touching = change[:POINT_BATCH], touching[:POINT_BATCH]
    from_change = _refine(f, 1, xs[change], xs[change + 1])
    from_touch = _refine(f, 2, xs[touching - 1], xs[touching + 1])
    found = [(float(x), "exact zero on the grid") for x in xs[exact]]
    jumps = []
    refined = np.concatenate([from_change, from_touch])[:POINT_BATCH]
    check = derivatives_at(f, 1, refined)[1] if refined.size else np.zeros(0, np.float32)
    for i, x in enumerate(from_change):
        if abs(check[i]) <= 10 * ACCEPT * _near_scale(x, xs, near):
            found.append((float(x), "sign change"))
        else:
            jumps.append(float(x))
    for j, x in enumerate(from_touch):
        k = from_change.size + j
        if k < check.size and abs(check[k]) <= ACCEPT * _near_scale(x, xs, near):
            found.append((float(x), "touching zero"))
    found = [(x, how) for x, how in _merge(found, 0.5 * (b - a) / SCAN_POINTS) if a <= x <= b]
    points = _classify_all(f, [x for x, _ in found], [how for _, how in found], a, b)
    singular = tuple(float(x) for x in xs[np.isfinite(values) & ~finite][:POINT_BATCH])
    ends_d = derivatives_at(f, 1, [a, b])[1]
    return _finish(f, a, b, points, ends_d, tuple(jumps), singular, truncated, False, _flats(xs, slopes),
                   near)


def _flats(xs: np.ndarray, slopes: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Runs of two or more grid points where f' is exactly 0, as ``(start, end)`` pairs."""
    zero = np.r_[False, np.isfinite(slopes) & (slopes == 0), False].astype(np.int8)
    edges = np.flatnonzero(np.diff(zero))
    return tuple((float(xs[s]), float(xs[e - 1])) for s, e in zip(edges[::2], edges[1::2], strict=True)
                 if e - s > 1)


def _classify_all(f: Fn, xs: list[float], hows: list[str], a: float, b: float) -> list[CriticalPoint]:
    """Classify each point against the same derivatives near it; orders above 2 only when needed.

    The points and four neighbours each (within ``NEAR · (b − a)``) share one batch of ``GRID_POINTS``, the
    shape the pages already compile for their curves.
    """
    if not xs:
        return []
    m = min(len(xs), POINT_BATCH)
    xs = np.asarray(xs[:m], np.float32)
    r = NEAR * (b - a)
    around = np.clip(xs[:, None] + r * np.array([-1.0, -0.5, 0.5, 1.0], np.float32), a, b)  # (m, 4)
    batch = np.full(GRID_POINTS, xs[0], np.float32)
    batch[: 5 * m] = np.concatenate([xs, around.ravel()])

    def tolerances(stack: np.ndarray) -> np.ndarray:
        """FLAT · max|f⁽ᵏ⁾| over each point and its neighbours; shape ``(orders, m)``."""
        here = np.abs(stack[:, :m])[:, :, None]
        nearby = np.abs(stack[:, m : 5 * m]).reshape(len(stack), m, 4)
        both = np.concatenate([here, nearby], axis=2).astype(np.float64)
        return FLAT * np.where(np.isfinite(both), both, 0.0).max(axis=2)

    stack = derivatives(f, 2, batch)
    flat = tolerances(stack)
    if np.any(np.abs(stack[2, :m]) <= flat[2]):  # degenerate somewhere: look further up
        stack = derivatives(f, highest_order(f), batch)  # MAX_ORDER unless f's programs would be too large
        flat = tolerances(stack)
    points = []
    for i, how in enumerate(hows[:m]):
        kind, order = classify(stack[:, i].astype(np.float64), flat[:, i])
        points.append(CriticalPoint(float(xs[i]), float(stack[0, i]), kind, order, float(stack[2, i]), how))
    return points


def _ends(a: float, b: float, slopes: np.ndarray, ys: np.ndarray, flat: tuple[float, float]
          ) -> tuple[EndPoint, EndPoint]:
    """The two ends: the slope's state from f' (``slopes``, shape ``(2,)``; ``flat``: what counts as ≈ 0 at
    each), the kind from the slope's sign, or from f's float64 values next to the end (``ys``: the scan)
    when f' is ≈ 0 or undefined there."""
    ends = []
    for side, (x, slope) in enumerate(zip((a, b), slopes, strict=True)):
        y, inner = (ys[0], ys[1:4]) if side == 0 else (ys[-1], ys[-4:-1])
        state = "undefined" if not np.isfinite(slope) else "flat" if abs(slope) <= flat[side] else "finite"
        if not np.isfinite(y):
            kind = "undefined"
        elif state == "finite":
            kind = "local minimum" if (slope > 0) == (side == 0) else "local maximum"
        elif np.all(inner > y):
            kind = "local minimum"
        elif np.all(inner < y):
            kind = "local maximum"
        else:
            kind = "level"
        ends.append(EndPoint(x, float(y), float(slope), kind, state))
    return ends[0], ends[1]


def _finish(f: Fn, a: float, b: float, points: list[CriticalPoint], end_slopes: np.ndarray,
            jumps: tuple[float, ...], singular: tuple[float, ...], truncated: bool, constant: bool,
            flats: tuple[tuple[float, float], ...], near: np.ndarray | None) -> Extrema:
    """One float64 evaluation (scan, candidates, probes) decides the ends, checks each kind, finds the extremes."""
    scan_x = np.linspace(a, b, VALUE_POINTS)
    cand_x = np.array([p.x for p in points] + list(jumps) + list(singular), np.float64)[: 3 * POINT_BATCH]
    step = (b - a) / SCAN_POINTS
    probe_x = (np.array([p.x for p in points], np.float64)[:, None] + step * np.array(PROBES)).ravel()
    extra = np.full(_EXTRA, a, np.float64)
    extra[: cand_x.size], extra[cand_x.size : cand_x.size + probe_x.size] = cand_x, probe_x
    ys = values64(f, np.concatenate([scan_x, extra]))
    scan_y, cand_y = ys[:VALUE_POINTS], ys[VALUE_POINTS : VALUE_POINTS + cand_x.size]
    probe_y = ys[VALUE_POINTS + cand_x.size : VALUE_POINTS + cand_x.size + probe_x.size]
    flat = (ACCEPT * float(near[0]), ACCEPT * float(near[-1])) if near is not None else (0.0, 0.0)
    ends = _ends(a, b, np.asarray(end_slopes, np.float64), scan_y, flat)
    spread = typical_spread(scan_y)
    points = [_checked(p, cand_y[i], probe_y[4 * i : 4 * i + 4], spread) for i, p in enumerate(points)]
    undefined = not np.isfinite(scan_y).all()
    cands, cvals = np.r_[a, b, cand_x], np.r_[scan_y[0], scan_y[-1], cand_y]
    low = _extreme(cands, cvals, scan_x, scan_y, undefined, 2 * step, 1.0, spread)
    high = _extreme(cands, cvals, scan_x, scan_y, undefined, 2 * step, -1.0, spread)
    return Extrema(tuple(points), ends, tuple(jumps), low.xs[0] if low.xs else a, high.xs[0] if high.xs else a,
                   truncated, constant, flats, low, high, tuple(singular), undefined)


def typical_spread(ys: np.ndarray) -> float:
    """The 5–95 % spread of the finite values in ``ys``: a scale that a pole's huge values cannot inflate."""
    finite = ys[np.isfinite(ys)]
    return float(np.percentile(finite, 95) - np.percentile(finite, 5)) if finite.size else 0.0


def _checked(p: CriticalPoint, y: float, probes: np.ndarray, spread: float) -> CriticalPoint:
    """Mark ``p`` unsure when f's float64 values at ``probes`` (left 2, left ½, right ½, right 2 steps) deny it."""
    tol = 1e-12 * (abs(y) + spread) + 1e-300
    if not (np.isfinite(y) and np.isfinite(probes).all()):
        return p._replace(sure=p.kind == "inconclusive")
    rise = probes - y
    if p.kind == "minimum":
        return p._replace(sure=bool(np.all(rise >= -tol)))
    if p.kind == "maximum":
        return p._replace(sure=bool(np.all(rise <= tol)))
    if p.kind == "inflection point":
        left, right = rise[:2], rise[2:]
        return p._replace(sure=bool(np.all(left * right[::-1] <= tol * tol)))
    return p


def _extreme(cx: np.ndarray, cy: np.ndarray, sx: np.ndarray, sy: np.ndarray, undefined: bool, gap: float,
             sign: float, spread: float) -> Extreme:
    """Smallest (``sign`` = 1) or largest (−1) f among the candidates ``cx`` (values ``cy``), checked by the scan.

    ``spread``: :func:`typical_spread` of the scan. Ties within rounding are all listed. If the scan ``(sx, sy)`` goes beyond every candidate, its point is
    reported as unsure ("scan"); if f is not finite somewhere, every answer is unsure ("undefined").
    """
    ok_c, ok_s = np.isfinite(cy), np.isfinite(sy)
    if not ok_c.any() and not ok_s.any():
        return Extreme((), float("nan"), False, "none")
    best_c = float(np.min(sign * cy[ok_c])) if ok_c.any() else np.inf
    tol = 1e-6 * spread + 1e-12 * (abs(best_c) if np.isfinite(best_c) else 0.0) + 1e-300
    best_s = float(np.min(sign * sy[ok_s])) if ok_s.any() else np.inf
    reason = "undefined" if undefined else ""
    if best_s < best_c - tol:
        i = int(np.argmin(np.where(ok_s, sign * sy, np.inf)))
        return Extreme((float(sx[i]),), float(sy[i]), False, reason or "scan")
    ties = sorted(float(x) for x in cx[ok_c & (sign * cy <= best_c + tol)])
    xs: list[float] = []
    for x in ties:
        if not xs or x - xs[-1] >= gap:
            xs.append(x)
    return Extreme(tuple(xs), sign * best_c, not undefined, reason)


def role(extrema: Extrema, x: float) -> str:
    """"global minimum", "global maximum", "global minimum and maximum" or "local", for a point at ``x``.

    Global only when the extreme is sure and ``x`` is one of the places it is reached.
    """
    tol = 1e-9 + 1e-6 * max((abs(e.x) for e in extrema.ends), default=1.0)
    low = extrema.minimum.sure and any(abs(x - t) <= tol for t in extrema.minimum.xs)
    high = extrema.maximum.sure and any(abs(x - t) <= tol for t in extrema.maximum.xs)
    if low and high:
        return "global minimum and maximum"
    return "global minimum" if low else "global maximum" if high else "local"
