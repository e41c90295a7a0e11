"""Why a descent run did what it did: the stability bound 2/λ_max, and diagnoses read from the iterates.

A bound such as "plain gradient descent needs lr < 2/λ_max" holds only near a minimum, where the local
quadratic model is valid. These functions therefore judge a run by what it *did* (its iterates, and f along
them) and use curvature only where it is valid: at the minimum the run heads for, or along the whole path.
Derivatives are taken by JAX in float64 (``jax.enable_x64``) and reduced in float64 NumPy.

>>> from calc_core import descent, surfaces
>>> report = descent_report(surfaces.saddle, descent.run(surfaces.saddle, [2.0, 1.6], "sgd", 0.1, 500))
>>> report.kind   # f fell without bound along the eigenvector of λ = −1: not a step-size problem
'escapes'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from calc_core import divergence
from calc_core.regression import mse_loss

__all__ = [
    "descent_report", "explain_divergence", "explain_run_1d", "divergence_threshold_1d", "derivatives_1d",
    "curvature_of", "curvature_at", "local_derivatives", "quadratic_bound", "regression_hessian",
    "regression_bound", "Report", "Run1D", "Curvature", "SAMPLES", "SCAN", "NEGATIVE_TOL", "RAY_CHECK",
]

Objective = Callable[[jax.Array], jax.Array]
SAMPLES = 16  # path points where the Hessian is measured (padded: one compile per f and dimension)
SCAN = 2048  # float64 points scanned ahead of a 1-D run for the critical point it heads to
NEGATIVE_TOL = 1e-6  # λ_min below −tol·max(1, max|λ|) counts as negative curvature


# --- Curvature --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Curvature:
    """Hessian eigenvalues (ascending, shape ``(dim,)``) and unit eigenvectors (columns, ``(dim, dim)``)."""

    eigenvalues: np.ndarray
    vectors: np.ndarray

    @property
    def lam_min(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def lam_max(self) -> float:
        return float(self.eigenvalues[-1])

    @property
    def negative(self) -> bool:
        """True when some direction curves down (λ_min < 0 beyond round-off)."""
        scale = max(1.0, float(np.max(np.abs(self.eigenvalues))))
        return self.lam_min < -NEGATIVE_TOL * scale

    @property
    def bound(self) -> float | None:
        """``2/λ_max``: plain descent overshoots along the steepest-curving direction above it (None if λ_max ≤ 0)."""
        return 2.0 / self.lam_max if self.lam_max > 0 else None

    @property
    def down_direction(self) -> np.ndarray:
        """The unit eigenvector of ``λ_min`` (shape ``(dim,)``), sign chosen so its first nonzero entry is > 0."""
        v = self.vectors[:, 0]
        nonzero = v[np.abs(v) > 1e-12]
        return -v if nonzero.size and nonzero[0] < 0 else v


def curvature_of(hessian) -> Curvature:
    """Eigen-decomposition in float64 of a (symmetrised) Hessian of shape ``(dim, dim)``."""
    h = np.asarray(hessian, np.float64)
    if not np.all(np.isfinite(h)):  # a kink or a singularity: no curvature to speak of there
        return Curvature(np.full(h.shape[0], np.nan), np.eye(h.shape[0]))
    values, vectors = np.linalg.eigh(0.5 * (h + h.T))
    return Curvature(values, vectors)


def quadratic_bound(hessian) -> float | None:
    """``2/λ_max`` of a constant Hessian ``(dim, dim)``: plain descent on ``½ xᵀHx`` converges iff
    ``0 < lr < 2/λ_max`` and H is positive definite; None when λ_max ≤ 0 (no step size converges)."""
    return curvature_of(hessian).bound


def _scalar(f: Objective) -> Objective:
    return lambda p: jnp.reshape(f(p), ())


@functools.partial(jax.jit, static_argnames="f")
def _local(f: Objective, points: jax.Array) -> tuple[jax.Array, jax.Array, jax.Array]:
    """f, ∇f and the Hessian at each row of ``points`` ``(k, dim)`` → ``(k,)``, ``(k, dim)``, ``(k, dim, dim)``."""
    g = _scalar(f)
    return jax.vmap(g)(points), jax.vmap(jax.grad(g))(points), jax.vmap(jax.hessian(g))(points)


def local_derivatives(f: Objective, points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f, ∇f and Hessians in float64 at ``points`` (shape ``(k, dim)``); padded to a multiple of
    :data:`SAMPLES` rows so runs of different lengths share a compile."""
    pts = np.atleast_2d(np.asarray(points, np.float64))
    k = pts.shape[0]
    padded = np.resize(pts, (max(SAMPLES, -(-k // SAMPLES) * SAMPLES), pts.shape[1]))
    with jax.enable_x64(True):
        values, grads, hessians = _local(f, jnp.asarray(padded, jnp.float64))
        return (np.asarray(values, np.float64)[:k], np.asarray(grads, np.float64)[:k],
                np.asarray(hessians, np.float64)[:k])


def curvature_at(f: Objective, point) -> Curvature:
    """The Hessian's eigen-decomposition at ``point`` (shape ``(dim,)``), in float64."""
    return curvature_of(local_derivatives(f, np.asarray(point, np.float64)[None, :])[2][0])


# --- Linear regression ------------------------------------------------------------------------------
_mse_hessian = jax.jit(jax.hessian(mse_loss))  # compiled once per data size (float64 under enable_x64)


def regression_hessian(x) -> np.ndarray:
    """The MSE's Hessian in ``[w, b]`` for data ``x`` (shape ``(n,)``), by autodiff in float64 → ``(2, 2)``.

    It equals ``2 [[mean x², mean x], [mean x, 1]]`` and does not depend on ``y`` or on where it is taken.
    """
    with jax.enable_x64(True):
        x64 = jnp.asarray(np.asarray(x, np.float64))
        return np.asarray(_mse_hessian(jnp.zeros(2, jnp.float64), x64, jnp.zeros_like(x64)), np.float64)


def regression_bound(x) -> float:
    """The largest stable learning rate ``2/λ_max`` of gradient descent on the MSE for data ``x`` ``(n,)``."""
    bound = quadratic_bound(regression_hessian(x))
    return float("inf") if bound is None else bound


# --- n-D runs (the gradient field) ------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    """What a run did and why, in one of these ``kind`` s:

    ``"escapes"`` (diverged while f fell: no minimum that way), ``"overshoots"`` (diverged while f rose:
    steps too large for the curvature), ``"settles"`` (finite, ∇f ≈ 0 at a point with positive curvature),
    ``"moving"`` (finite, still going). ``start`` and ``end`` are the curvature at the first and last
    finite iterate, ``worst`` the most negative (for escapes) or largest (otherwise) curvature sampled on
    the path, at ``where`` (shape ``(dim,)``).
    """

    kind: str
    diverged_at: int | None
    start: Curvature
    end: Curvature
    worst: Curvature
    where: np.ndarray
    f_first: float
    f_last: float
    negative_on_path: bool
    unbounded_down: bool = False  # f → −∞ along ±(eigenvector of λ_min) from ``where`` (checked in float64)


def _finite_rows(path) -> tuple[np.ndarray, int | None]:
    return divergence.finite_prefix(np.atleast_2d(np.asarray(path, np.float64)))


def descent_report(f: Objective, path) -> Report:
    """Diagnose a run from its iterates ``path`` (shape ``(steps + 1, dim)``, NaN rows after divergence)."""
    rows, diverged = _finite_rows(path)
    if rows.shape[0] == 0:
        raise ValueError("the run has no finite iterate (the start itself is not finite)")
    picks = np.unique(np.round(np.linspace(0, rows.shape[0] - 1, SAMPLES)).astype(int))
    values, grads, hessians = local_derivatives(f, rows[picks])
    curves = [curvature_of(h) for h in hessians]
    negative = any(c.negative for c in curves)
    falling = bool(values[-1] < values[0])
    lows, highs = np.array([c.lam_min for c in curves]), np.array([c.lam_max for c in curves])
    if np.all(np.isnan(lows)):
        i = 0
    elif negative and (diverged is None or falling):
        i = int(np.nanargmin(lows))
    else:
        i = int(np.nanargmax(highs))
    end = curves[-1]
    if diverged is not None:
        kind = "escapes" if falling else "overshoots"
    else:
        g0 = float(np.linalg.norm(grads[0]))
        settled = float(np.linalg.norm(grads[-1])) <= 1e-3 * max(1.0, g0)
        kind = "settles" if settled and end.lam_min > 0 else "moving"
    where = rows[picks[i]]
    unbounded = negative and _unbounded_along(f, where, curves[i].down_direction)
    return Report(kind, diverged, curves[0], end, curves[i], where, float(values[0]), float(values[-1]),
                  negative, unbounded)


RAY_CHECK = 1e6  # how far along a direction of negative curvature f is evaluated


def _unbounded_along(f: Objective, point: np.ndarray, direction: np.ndarray) -> bool:
    """f (float64) on the line ``point ± t·direction``, t = 1 … 10⁶, keeps falling on one side to below −10¹⁰."""
    if not np.all(np.isfinite(direction)):
        return False
    t = np.geomspace(1.0, RAY_CHECK, SAMPLES)
    for sign in (1.0, -1.0):
        values = local_derivatives(f, point[None, :] + sign * t[:, None] * direction[None, :])[0]
        if np.all(np.isfinite(values)) and np.all(np.diff(values) < 0) and values[-1] < -1e10:
            return True
    return False


def _vec(v: np.ndarray) -> str:
    return "(" + ", ".join(f"{x:.3g}" for x in v) + ")"


def explain_divergence(report: Report, lr: float, optimizer: str = "gradient descent") -> str:
    """One paragraph saying why a diverged run diverged (``report.kind`` is ``escapes`` or ``overshoots``)."""
    w, bound = report.worst, report.worst.bound
    if report.kind == "escapes":
        if report.negative_on_path and optimizer != "gradient descent":
            return (f"it escaped along negative curvature (λ_min = {w.lam_min:.3g}): f fell "
                    f"from {report.f_first:.4g} to {report.f_last:.4g}.")
        if report.negative_on_path:
            unbounded = ("f → −∞ along that line (checked in float64 out to distance 10⁶)"
                         if report.unbounded_down else f"f fell from {report.f_first:.4g} to {report.f_last:.4g}")
            text = (f"it escaped along negative curvature. At {_vec(report.where)} the Hessian has "
                    f"λ_min = {w.lam_min:.3g} < 0 with eigenvector ±{_vec(w.down_direction)}: along it f curves "
                    f"down, so every step goes further downhill, and {unbounded}. This is not a step-size "
                    "problem: ")
            text += (f"2/λ_max = {bound:.3g} only limits overshooting along the upward-curving direction, and "
                     f"lr = {lr:.3g} is {'below' if lr < bound else 'not below'} it; "
                     if bound is not None else "")
            return text + "no learning rate makes it converge from this start."
        return (f"it ran away downhill: f fell from {report.f_first:.4g} to {report.f_last:.4g} while |x| grew, "
                "so f has no minimum in the direction it went; a smaller learning rate only slows the escape.")
    if bound is not None and lr > bound and optimizer == "gradient descent":
        return (f"each step overshot. The curvature along the path reaches λ_max = {w.lam_max:.3g} "
                f"(at {_vec(report.where)}), and plain descent is stable only for lr < 2/λ_max = {bound:.3g}; "
                f"lr = {lr:.3g} multiplies the error along that direction by |1 − lr·λ_max| = "
                f"{abs(1 - lr * w.lam_max):.3g} > 1 per step, and f rose from {report.f_first:.4g} to "
                f"{report.f_last:.4g}.")
    if optimizer != "gradient descent":
        cause = {"momentum": "the velocity built up beyond what the curvature allows",
                 "nesterov": "the velocity built up beyond what the curvature allows",
                 "adam": "its steps, each about lr long whatever the gradient, kept overshooting",
                 "newton": "the Hessian was near-singular or indefinite, so the Newton step H⁻¹g was huge"}
        return (f"its steps overshot: f rose from {report.f_first:.4g} to {report.f_last:.4g} as the iterates "
                f"grew; {cause.get(optimizer, 'the steps grew')}"
                + (f" (plain descent's bound here is 2/λ_max = {bound:.3g})." if bound is not None else "."))
    return (f"f rose from {report.f_first:.4g} to {report.f_last:.4g} as the iterates grew, although lr = "
            f"{lr:.3g} is below the bound 2/λ_max measured on the path"
            + (f" ({bound:.3g})" if bound is not None else "")
            + ": the curvature beyond the sampled points must be larger. A smaller learning rate may help.")


# --- 1-D runs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run1D:
    """A 1-D run of plain gradient descent, explained.

    ``kind``: ``"diverged"`` (overshoot), ``"escapes"`` (diverged downhill), ``"converges"``,
    ``"oscillates"``, ``"diverges"`` (finite so far but |1 − ηλ| > 1 at the minimum ahead), ``"cycles"``,
    ``"flat_minimum"`` (f″ ≈ 0 at the minimum), ``"inflection"`` (f′ = 0 without a sign change),
    ``"no_minimum"`` (f′ keeps its sign ahead), ``"maximum"`` (sitting on one), ``"kink"`` (a corner minimum
    such as |x| at 0), ``"left_domain"`` (a step left where f is finite). ``target`` is the critical point
    the run heads to (or None), ``curvature`` f″ there, ``overshoot_step`` the first step that jumped over it.
    """

    kind: str
    text: str
    target: float | None = None
    curvature: float | None = None
    overshoot_step: int | None = None
    diverged_at: int | None = None


@functools.partial(jax.jit, static_argnames="f")
def _derivs_1d(f: Objective, xs: jax.Array) -> tuple[jax.Array, jax.Array, jax.Array]:
    def g(t):
        return jnp.reshape(f(jnp.reshape(t, (1,))), ())

    return jax.vmap(g)(xs), jax.vmap(jax.grad(g))(xs), jax.vmap(jax.grad(jax.grad(g)))(xs)


def derivatives_1d(f: Objective, xs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f, f′, f″ in float64 at ``xs`` (shape ``(k,)``) for ``f`` taking shape ``(1,)``; padded to :data:`SCAN`."""
    xs = np.asarray(xs, np.float64).ravel()
    k = xs.shape[0]
    padded = np.resize(xs, max(SCAN, -(-k // SCAN) * SCAN))
    with jax.enable_x64(True):
        out = _derivs_1d(f, jnp.asarray(padded, jnp.float64))
        return tuple(np.asarray(a, np.float64)[:k] for a in out)


def _bisect(f: Objective, lo: float, hi: float, order: int) -> float:
    """A sign change of f′ (``order=1``) or f″ (``order=2``) between ``lo`` and ``hi``, to float64 precision."""
    pick = 1 if order == 1 else 2
    s_lo = np.sign(derivatives_1d(f, [lo])[pick][0])
    for _ in range(8):  # 8 rounds of a 2048-point grid: far below float64 spacing
        grid = np.linspace(lo, hi, SCAN)
        s = np.sign(derivatives_1d(f, grid)[pick])
        change = np.flatnonzero(s != s_lo)
        if not change.size or change[0] == 0:
            return lo
        lo, hi = float(grid[change[0] - 1]), float(grid[change[0]])
        if abs(hi - lo) <= 4 * np.spacing(max(abs(lo), abs(hi), 1e-300)):
            break
    return 0.5 * (lo + hi)


def _ahead(x: float, direction: float, reach: float) -> np.ndarray:
    """Float64 points from ``x`` out to ``x + direction·reach``: fine near x, coarse far away, shape ``(SCAN,)``."""
    u = np.unique(np.concatenate([[0.0], np.geomspace(1e-9, 1.0, SCAN // 2),
                                  np.linspace(0.0, 1.0, SCAN // 2 - 1)]))[:SCAN]
    return x + direction * reach * u


def _critical_ahead(f: Objective, x: float, direction: float, reach: float) -> tuple[str, float | None]:
    """The first critical point met going from ``x`` in ``direction``: ``("minimum" | "maximum" | "flat",
    point)``, or ``("none", None)`` when f′ keeps its sign over the whole reach (checked in float64)."""
    ts = _ahead(x, direction, reach)
    _, d1, d2 = derivatives_1d(f, ts)
    ok = np.isfinite(d1) & np.isfinite(d2)
    if not ok[0]:
        return "none", None
    last = int(np.flatnonzero(~ok)[0]) if not ok.all() else ts.size
    ts, d1, d2 = ts[:last], d1[:last], d2[:last]
    s0 = np.sign(d1[0])
    cross = np.flatnonzero((np.sign(d1) != s0) & (d1 != 0))
    cross = int(cross[0]) if cross.size else None
    scale = float(np.max(np.abs(d1))) or 1.0
    bends = np.flatnonzero(np.sign(d2[1:]) != np.sign(d2[:-1])) + 1
    for j in bends:  # f′ reaching ≈ 0 at a local extremum of f′ without changing sign: a flat point
        if cross is not None and j >= cross:
            break
        point = _bisect(f, float(ts[j - 1]), float(ts[j]), order=2)
        if abs(derivatives_1d(f, [point])[1][0]) <= 1e-8 * scale:
            return "flat", point
    if cross is None:
        return "none", None
    point = _bisect(f, float(ts[cross - 1]), float(ts[cross]), order=1)
    # going downhill (direction = −sign f′): f′ turning to the sign of `direction` means f starts to rise
    return ("minimum" if np.sign(d1[cross]) == np.sign(direction) else "maximum"), point


def _flat_second(f: Objective, x: float, lam: float) -> bool:
    """f″(x) ≈ 0 relative to f″ a little way off (scale-free: x⁴ at 0 is flat, 0.001 x² is not)."""
    delta = 1e-2 * (1.0 + abs(x))
    near = np.abs(derivatives_1d(f, [x - delta, x + delta])[2])
    return abs(lam) <= 1e-3 * max(float(np.max(near)), 1e-300)


def _num(v: float) -> str:
    """A value for the text: 4 significant digits, and 0 for |v| < 1e-9 (round-off around a zero)."""
    return "0" if abs(v) < 1e-9 else f"{v:.4g}"


def _side_slopes(f: Objective, x: float) -> tuple[float, float]:
    """f′ just left and just right of ``x`` (float64)."""
    delta = 1e-9 * (1.0 + abs(x))
    d1 = derivatives_1d(f, [x - delta, x + delta])[1]
    return float(d1[0]), float(d1[1])


def _kink(f: Objective, x: float, path_slopes: np.ndarray) -> bool:
    """f′ has opposite signs just either side of ``x`` and is not small there: a corner such as |x| at 0."""
    left, right = _side_slopes(f, x)
    finite = path_slopes[np.isfinite(path_slopes)]
    scale = max(float(np.max(np.abs(finite))) if finite.size else 0.0, abs(left), abs(right))
    return left * right < 0 and min(abs(left), abs(right)) > 1e-4 * scale


def _first_crossing(xs: np.ndarray, target: float) -> int | None:
    side = np.sign(xs - target)
    jumps = np.flatnonzero((side[1:] * side[:-1]) < 0)
    return int(jumps[0]) + 1 if jumps.size else None


def _regime(lr: float, lam: float) -> tuple[str, str]:
    factor = 1.0 - lr * lam
    if abs(factor) > 1:
        return "diverges", (f"η = {lr:.3g} > 2/λ = {2 / lam:.3g}: |1 − ηλ| = {abs(factor):.3g} > 1, so near the "
                            "minimum every step overshoots further than the last and the run cannot settle there.")
    if abs(factor) == 1:
        return "cycles", "η = 2/λ exactly: |1 − ηλ| = 1, so near the minimum x bounces between two points."
    if factor < 0:
        return "oscillates", (f"1/λ < η < 2/λ: the factor 1 − ηλ = {factor:.3g} is negative but |1 − ηλ| < 1, so "
                              "x jumps over the minimum and back, converging while it oscillates.")
    return "converges", (f"η < 1/λ: near the minimum every step shrinks the error by the factor 1 − ηλ = "
                         f"{factor:.3g}, between 0 and 1: a smooth slide in.")


def explain_run_1d(f: Objective, path, lr: float) -> Run1D:
    """Explain a 1-D run of plain descent from its iterates ``path`` (shape ``(steps + 1,)``, NaN after
    divergence) and float64 derivatives: local curvature is used only at the critical point it heads to."""
    rows, diverged = _finite_rows(np.asarray(path, np.float64).reshape(-1, 1))
    xs = rows[:, 0]
    if xs.size == 0:
        return Run1D("undefined", "f is not defined (or not finite) at the start x₀: pick a start inside its "
                     "domain.", diverged_at=0)
    values, d1, d2 = derivatives_1d(f, xs)
    if diverged is not None:
        return _explain_divergence_1d(xs, values, d1, d2, diverged, lr)
    x, g = float(xs[-1]), float(d1[-1])
    reach = 10.0 * max(1.0, abs(x - float(xs[0])), abs(x))
    if g == 0.0 or abs(lr * g) <= 1e-12 * (1.0 + abs(x)):
        kind, target = ("maximum" if d2[-1] < 0 and not _flat_second(f, x, d2[-1]) else "minimum"), x
    else:
        kind, target = _critical_ahead(f, x, -np.sign(g), reach)
    if kind == "minimum":
        return _explain_minimum_1d(f, xs, d1, target, lr)
    return _explain_no_minimum_1d(kind, target, x, g, float(d2[-1]), xs.size - 1, reach)


def _explain_divergence_1d(xs, values, d1, d2, diverged: int, lr: float) -> Run1D:
    """A run that diverged at step ``diverged``: left f's domain, escaped downhill, or overshot."""
    bound_to = "|x| passed 10⁶ or f stopped being finite"
    if abs(xs[-1]) < 1e3 and abs(values[-1]) < 1e6:
        return Run1D("left_domain", f"Step {diverged} took x out of where f is defined or finite (the last "
                     f"finite iterate was x = {_num(xs[-1])}, f′ = {d1[-1]:.3g} there): the step η·f′ jumped "
                     "past the edge of f's domain or onto a singularity. A smaller η or another start helps "
                     "only if a minimum lies inside the domain.", diverged_at=diverged)
    if values[-1] < values[0]:
        return Run1D("escapes", f"Diverged at step {diverged} ({bound_to}) while f kept falling, from "
                     f"{values[0]:.4g} to {values[-1]:.4g}: f has no minimum in that direction, so there is "
                     "nothing to converge to; a smaller η only slows the escape.", diverged_at=diverged)
    finite = d2[np.isfinite(d2)]
    lam = float(finite.max()) if finite.size else float("nan")
    why = (f"the curvature f″ along the run reaches λ = {lam:.3g}, and η = {lr:.3g} is above 2/λ = "
           f"{2 / lam:.3g}, so each step overshoots further than the last" if lam > 0 and lr > 2 / lam else
           "each step overshot further than the last")
    return Run1D("diverged", f"Diverged at step {diverged} ({bound_to}; f rose from {values[0]:.4g} to "
                 f"{values[-1]:.4g}): {why}.", curvature=lam if lam > 0 else None, diverged_at=diverged)


def _explain_no_minimum_1d(kind: str, target: float, x: float, g: float, d2_last: float, n: int,
                           reach: float) -> Run1D:
    """A run heading to no minimum (``kind`` "none", "flat" or "maximum") from the last iterate ``x``, where
    f′ = ``g`` and f″ = ``d2_last`` after ``n`` steps; ``reach``: how far "none" was checked."""
    if kind == "none":
        way = "left" if g > 0 else "right"
        return Run1D("no_minimum", f"No minimum ahead: going {way} from x = {x:.4g}, f′ keeps its sign "
                      f"(f′(x_{n}) = {g:.3g}) all the way to x = {x - np.sign(g) * reach:.4g} (checked in float64), "
                      "so f keeps decreasing and there is nothing to converge to. The steps only shrink as f "
                      f"flattens; f″(x_{n}) = {d2_last:.3g} here says nothing about a minimum.")
    if kind == "flat":
        return Run1D("inflection", f"x is heading to x ≈ {_num(target)}, where f′ = 0 but does not change sign: an "
                     "inflection point, not a minimum. f keeps decreasing beyond it; descent slows to a crawl "
                     f"as f′ → 0 there (after {n} steps x = {x:.4g}). f″(x_{n}) = {d2_last:.3g} > 0 here does not "
                     "mean a minimum is near." if d2_last > 0 else
                     f"x is heading to x ≈ {_num(target)}, where f′ = 0 but does not change sign: an inflection "
                     f"point, not a minimum; descent slows to a crawl near it (after {n} steps x = {x:.4g}).",
                     target=target)
    return Run1D("maximum", f"x = {_num(target)} is a critical point with f″ = {d2_last:.3g} < 0 (a maximum): "
                 "f′ = 0 so descent does not move, but any nudge rolls away from it.", target=target)


def _explain_minimum_1d(f: Objective, xs: np.ndarray, d1: np.ndarray, target: float, lr: float) -> Run1D:
    """A run heading to the minimum ``target`` (``xs``, ``d1``: the iterates and f′ there, shape ``(k,)``):
    a corner, a flat minimum, or the 1 − ηλ regimes."""
    x, n = float(xs[-1]), xs.size - 1
    lam = float(derivatives_1d(f, [target])[2][0])
    jump = _first_crossing(xs, target)
    gap = abs(x - target)
    far = (f" After {n} steps x is still {gap:.3g} away from it." if gap > 1e-3 * (1.0 + abs(target)) else "")
    over = (f" Step {jump} jumped over the minimum (x went from {_num(xs[jump - 1])} to {_num(xs[jump])}): "
            "far from x* the steps are larger than near it." if jump is not None else "")
    if _kink(f, target, d1):
        return Run1D("kink", f"The run heads to a corner minimum at x* ≈ {_num(target)}: f′ jumps from "
                     f"{_side_slopes(f, target)[0]:.3g} to {_side_slopes(f, target)[1]:.3g} there, so no factor "
                     "1 − ηλ applies; with a fixed η the steps stay about η·|f′| long and x keeps hopping "
                     "around x* instead of settling."
                     + (f" It first hopped over x* at step {jump}." if jump is not None else "") + far,
                     target=target, overshoot_step=jump)
    if _flat_second(f, target, lam) or lam <= 0:
        return Run1D("flat_minimum", f"The run heads to a flat minimum at x* ≈ {_num(target)}: f″(x*) ≈ 0, so there "
                     "is no factor 1 − ηλ and the error shrinks more slowly than by any fixed factor per step."
                     + over + far, target=target, curvature=lam, overshoot_step=jump)
    regime, text = _regime(lr, lam)
    over = ""
    if regime == "converges" and jump is not None:
        over = (f" But step {jump} jumped over it (x went from {_num(xs[jump - 1])} to {_num(xs[jump])}): far from "
                "x* the curvature is larger than λ, so the early steps overshoot.")
    return Run1D(regime, f"Minimum ahead at x* ≈ {_num(target)} with curvature λ = f″(x*) = {lam:.4g}. " + text
                 + over + far, target=target, curvature=lam, overshoot_step=jump)


def divergence_threshold_1d(f: Objective, x0: float) -> tuple[float, float, float] | None:
    """``(2/λ, x*, λ)`` for the minimum x* that plain descent from ``x0`` heads to, λ = f″(x*) > 0 (float64).

    Near x* a step multiplies the error by 1 − ηλ, so η > 2/λ makes it grow: descent diverges. None when no
    minimum with positive curvature lies ahead (no minimum, an inflection, a flat or corner minimum).
    """
    _, d1, _ = derivatives_1d(f, [x0])
    g = float(d1[0])
    if not np.isfinite(g):
        return None
    if g == 0.0:
        target = float(x0)
    else:
        kind, target = _critical_ahead(f, float(x0), -np.sign(g), 10.0 * max(1.0, abs(float(x0))))
        if kind != "minimum":
            return None
    lam = float(derivatives_1d(f, [target])[2][0])
    if not np.isfinite(lam) or lam <= 0 or _flat_second(f, target, lam) or _kink(f, target, d1):
        return None
    return 2.0 / lam, target, lam
