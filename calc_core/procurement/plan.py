"""The analyst's plan: share caps solved exactly, Ledoit–Wolf shrinkage, and the walk-forward check.

- :func:`capped_weights` minimises ``wᵀΣw`` over ``Σw = 1, lower ≤ w ≤ upper`` exactly (float64 NumPy,
  a primal active set that extends ``solver._active_set`` from ``w ≥ 0`` to two-sided bounds,
  sharing its step, ``solver.active_set_step``) and
  returns the KKT multipliers that say which caps bind and what relaxing them is worth.
- :func:`ledoit_wolf` shrinks the sample covariance towards a constant-correlation target (Ledoit & Wolf,
  "Honey, I shrunk the sample covariance matrix", 2004) or a scaled identity (Ledoit & Wolf, "A
  well-conditioned estimator for large-dimensional covariance matrices", 2004), in JAX, with a row mask
  so the same code runs on the whole history and, vmapped, on every walk-forward window.
- :func:`walk_forward` fits on W periods, applies the split to the next H, and repeats: every window in
  one jitted call (gathered windows, batched covariances, a vmapped fixed-iteration active set).
- :func:`covariance` is the page's choice of estimate: the sample covariance or a Ledoit–Wolf target.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from calc_core.procurement.solver import active_set_step

__all__ = ["SHRINKAGE_TARGETS", "MAX_WINDOW_CELLS", "cap_problem", "CappedSplit", "capped_weights",
           "ledoit_wolf", "shrunk_covariance", "sample_covariance", "WalkForward", "WalkComparison",
           "hindsight_variance", "compare_walk", "walk_forward", "shrink", "covariance"]

SHRINKAGE_TARGETS = ("constant-correlation", "identity")  # Ledoit–Wolf targets (mlp.TARGETS: functions to learn)
MAX_WINDOW_CELLS = 2**23  # windows × padded window length × suppliers held at once by the walk-forward


# --- caps ------------------------------------------------------------------------------------------------
def cap_problem(names: list[str], lower: np.ndarray, upper: np.ndarray) -> str | None:
    """Why no split can meet these caps (shares in [0, 1]), or None when some split can."""
    lower, upper = np.asarray(lower, np.float64), np.asarray(upper, np.float64)
    for name, lo, hi in zip(names, lower, upper, strict=True):
        if lo < 0 or hi > 1 or not (np.isfinite(lo) and np.isfinite(hi)):
            return f"Supplier '{name}': caps must lie between 0% and 100%."
        if hi < lo:
            return f"Supplier '{name}': the maximum ({hi:.0%}) is below the minimum ({lo:.0%})."
    if lower.sum() > 1 + 1e-9:
        return f"The minimums add up to {lower.sum():.0%}, more than 100%: no split can meet them all."
    if upper.sum() < 1 - 1e-9:
        return f"The maximums add up to {upper.sum():.0%}, less than 100%: the shares cannot add up to 100%."
    return None


def _feasible_start(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """A point with lower ≤ w ≤ upper and Σw = 1 (caps assumed feasible): lower plus a share of the room."""
    room = upper - lower
    return lower + (1.0 - lower.sum()) * room / room.sum() if room.sum() > 0 else lower.copy()


def _multipliers(grad: np.ndarray, nu: float) -> np.ndarray:
    """KKT multipliers of the bounds: ∂(objective)/∂w_i + ν; ≥ 0 where a minimum binds, ≤ 0 at a maximum."""
    return grad + nu


def _nu_without_free(grad: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """ν when every share sits on a cap: the middle of the interval the KKT signs allow (or of its gap)."""
    low = float(np.max(-grad[lo])) if lo.any() else -np.inf
    high = float(np.min(-grad[hi])) if hi.any() else np.inf
    if np.isinf(low) or np.isinf(high):
        return high if np.isinf(low) else low
    return 0.5 * (low + high)


def _box_active_set(h: np.ndarray, lower: np.ndarray, upper: np.ndarray, tol: float = 1e-11,
                    max_iter: int = 1000) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """min ½wᵀHw subject to Σw = 1 and lower ≤ w ≤ upper (primal active set, exact in float64).

    Shapes: H ``(n, n)`` positive semi-definite, bounds ``(n,)``. Each step solves the KKT system of the
    free shares by least squares (a singular H is fine); a flat, descending direction is followed to the
    next cap. Returns (w, multipliers, at_min, at_max), all shape ``(n,)``.
    """
    n = len(lower)
    w = _feasible_start(lower, upper)
    fixed = upper - lower <= tol
    lo = fixed | (w <= lower + tol)
    hi = ~lo & (w >= upper - tol)
    for _ in range(max_iter):
        free = ~(lo | hi)
        nf = int(free.sum())
        grad = h @ w
        step, solution, unbounded = active_set_step(h, grad, np.ones((1, n)), free)
        if not unbounded and np.linalg.norm(step) <= 1e-10 * (1.0 + np.linalg.norm(w)):
            nu = float(solution[nf]) if nf else _nu_without_free(grad, lo, hi)
            mult = _multipliers(grad, nu)
            violation = np.where(lo & ~fixed, -mult, np.where(hi, mult, -np.inf))
            if violation.max() <= tol * (1.0 + np.abs(grad).max()):
                return w, mult, lo & ~fixed | (fixed & (mult >= 0)), hi | (fixed & (mult < 0))
            release = int(np.argmax(violation))
            lo[release] = hi[release] = False
            continue
        ratios = np.full(n, np.inf)
        down, up = free & (step < 0), free & (step > 0)
        ratios[down] = (w[down] - lower[down]) / -step[down]
        ratios[up] = (upper[up] - w[up]) / step[up]
        block = int(np.argmin(ratios))
        alpha = float(ratios[block]) if unbounded else min(1.0, float(ratios[block]))
        w = np.clip(w + alpha * step, lower, upper)
        if unbounded or alpha < 1.0:
            if step[block] < 0:
                lo[block], w[block] = True, lower[block]
            else:
                hi[block], w[block] = True, upper[block]
    raise RuntimeError("the active-set solver did not converge")  # not seen; a bug if it happens


@dataclass(frozen=True)
class CappedSplit:
    """The capped minimum-variance split (all shapes ``(n,)``)."""

    weights: np.ndarray
    multipliers: np.ndarray  # ∂(wᵀΣw)/∂w_i + ν: the variance saved per unit of relaxing a binding cap
    at_min: np.ndarray  # bool: the share sits on its minimum and the minimum holds it there
    at_max: np.ndarray  # bool: the share sits on its maximum


def capped_weights(cov: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> CappedSplit:
    """Exact minimum-variance shares under caps: min wᵀΣw s.t. Σw = 1, lower ≤ w ≤ upper.

    ``cov`` shape ``(n, n)``; bounds shape ``(n,)`` as fractions. Raises ValueError with the
    :func:`cap_problem` message when the caps are infeasible.
    """
    cov = np.asarray(cov, np.float64)
    lower, upper = np.asarray(lower, np.float64), np.asarray(upper, np.float64)
    problem = cap_problem([str(i + 1) for i in range(len(lower))], lower, upper)
    if problem:
        raise ValueError(problem)
    scale = max(float(np.trace(cov)) / len(cov), 1e-300)
    w, mult, at_min, at_max = _box_active_set(2.0 * cov / scale, lower, upper)
    return CappedSplit(np.clip(w, lower, upper), mult * scale, at_min, at_max)


# --- Ledoit–Wolf shrinkage -------------------------------------------------------------------------------
def _centred(x: jax.Array, mask: jax.Array) -> tuple[jax.Array, jax.Array]:
    """Rows where ``mask`` is 1, centred on their mean (other rows zero), and the row count.

    Shapes: x ``(T, n)``, mask ``(T,)``.
    """
    count = jnp.sum(mask)
    mean = jnp.sum(x * mask[:, None], axis=0) / count
    return (x - mean[None, :]) * mask[:, None], count


def ledoit_wolf(x: jax.Array, mask: jax.Array, target: str = "constant-correlation"
                ) -> tuple[jax.Array, jax.Array]:
    """(shrunk covariance ``(n, n)``, intensity δ ∈ [0, 1]) from the rows of ``x`` ``(T, n)`` where mask is 1.

    Σ̂ = δ·F + (1 − δ)·S with S the sample covariance (divisor T) and F the target:

    - "constant-correlation": F_ii = s_ii, F_ij = r̄·√(s_ii s_jj), r̄ the mean sample correlation;
      δ = max(0, min(1, (π̂ − ρ̂)/(γ̂·T))) with π̂, ρ̂, γ̂ as in Ledoit & Wolf (2004), section 2 and
      appendix B. With 2 suppliers F = S exactly (δ reported as 0).
    - "identity": F = m·I, m = tr(S)/n; δ = min(b̄², d²)/d² with d² = ‖S − mI‖², b̄² = Σ_t‖y_t y_tᵀ − S‖²/T².
    """
    y, t = _centred(x, mask)
    n = x.shape[1]
    s = y.T @ y / t
    if target == "identity":
        m = jnp.trace(s) / n
        d2 = jnp.sum((s - m * jnp.eye(n)) ** 2)
        outer = y[:, :, None] * y[:, None, :] - s[None] * mask[:, None, None]
        b2 = jnp.minimum(jnp.sum(outer**2) / t**2, d2)
        delta = jnp.where(d2 > 0, b2 / jnp.where(d2 > 0, d2, 1.0), 0.0)
        return delta * m * jnp.eye(n) + (1.0 - delta) * s, delta
    sd = jnp.sqrt(jnp.diag(s))
    sd = jnp.where(sd > 0, sd, 1.0)  # a constant price (fixed-price contract) correlates with nothing
    corr = s / jnp.outer(sd, sd)
    off = 1.0 - jnp.eye(n)
    rbar = jnp.sum(corr * off) / (n * (n - 1))
    f = jnp.where(jnp.eye(n) > 0, s, rbar * jnp.outer(sd, sd))
    y2 = y**2
    pi_mat = (y2.T @ y2) / t - s**2  # π̂_ij = (1/T)Σ_t (y_it y_jt − s_ij)², expanded
    theta = ((y**3).T @ y) / t - jnp.diag(s)[:, None] * s  # θ̂_ii,ij = (1/T)Σ_t (y_it² − s_ii)(y_it y_jt − s_ij)
    ratio = sd[None, :] / sd[:, None]  # √(s_jj / s_ii)
    rho = jnp.sum(jnp.diag(pi_mat)) + rbar / 2 * jnp.sum(off * (ratio * theta + ratio.T * theta.T))
    gamma = jnp.sum((f - s) ** 2)
    kappa = (jnp.sum(pi_mat) - rho) / jnp.where(gamma > 0, gamma, 1.0)
    delta = jnp.where(gamma > 1e-12 * jnp.sum(s**2), jnp.clip(kappa / t, 0.0, 1.0), 0.0)
    return delta * f + (1.0 - delta) * s, delta


@functools.partial(jax.jit, static_argnames="target")
def shrunk_covariance(x: jax.Array, mask: jax.Array, target: str = "constant-correlation"
                      ) -> tuple[jax.Array, jax.Array]:
    """Jitted :func:`ledoit_wolf` (call under ``jax.enable_x64(True)`` with float64 inputs)."""
    return ledoit_wolf(x, mask, target)


def sample_covariance(x: jax.Array, mask: jax.Array) -> jax.Array:
    """Population covariance ``(n, n)`` of the rows of ``x`` ``(T, n)`` where ``mask`` is 1."""
    y, t = _centred(x, mask)
    return y.T @ y / t


# --- the same capped active set, batched in JAX (for the walk-forward) ------------------------------------
def _kkt_step(h: jax.Array, grad: jax.Array, free: jax.Array) -> tuple[jax.Array, jax.Array]:
    """The step on the free shares (``(n,)``, zero elsewhere) and ν, for a positive-definite H.

    One Cholesky factorisation of H's free block (identity on the capped rows) solves for both
    right-hand sides: p = −a − ν·b with a = H_ff⁻¹g_f, b = H_ff⁻¹1_f, and ν makes Σp = 0.
    """
    f = free.astype(h.dtype)
    m = h * f[:, None] * f[None, :] + jnp.diag(1.0 - f)
    both = jax.scipy.linalg.cho_solve((jnp.linalg.cholesky(m), True), jnp.stack([grad * f, f], axis=1))
    a, b = both[:, 0] * f, both[:, 1] * f
    nu = -jnp.sum(a) / jnp.where(jnp.sum(b) > 0, jnp.sum(b), 1.0)
    return -(a + nu * b), nu


# Long on purpose: jax.lax.while_loop takes its step and test as closures over H and the bounds, so the
# KKT check, the step and the loop stay together; each inner function is short.
def _batched_box(h: jax.Array, lower: jax.Array, upper: jax.Array, iterations: int
                 ) -> tuple[jax.Array, jax.Array]:
    """One problem of :func:`_box_active_set` for a positive-definite H, in at most ``iterations`` steps.

    Returns (w ``(n,)``, converged: the KKT conditions hold at the end). Vmapped over windows.
    """
    tol = 1e-9
    fixed = upper - lower <= tol
    room = upper - lower
    w0 = lower + (1.0 - jnp.sum(lower)) * room / jnp.maximum(jnp.sum(room), 1e-300)
    lo0 = fixed | (w0 <= lower + tol)
    hi0 = ~lo0 & (w0 >= upper - tol)

    def kkt(w, lo, hi):
        grad = h @ w
        step, nu = _kkt_step(h, grad, ~(lo | hi))
        nu = jnp.where(jnp.any(~(lo | hi)), nu, _nu_bounds(grad, lo, hi))
        mult = grad + nu
        violation = jnp.where(lo & ~fixed, -mult, jnp.where(hi, mult, -jnp.inf))
        return step, violation, tol * (1.0 + jnp.max(jnp.abs(grad)))

    def body(state):
        w, lo, hi, _, count = state
        step, violation, limit = kkt(w, lo, hi)
        still = jnp.linalg.norm(step) <= 1e-9 * (1.0 + jnp.linalg.norm(w))
        release = jnp.argmax(violation)
        do_release = still & (violation[release] > limit)
        free = ~(lo | hi)
        down = free & (step < 0)
        up = free & (step > 0)
        ratios = jnp.where(down, (w - lower) / jnp.where(down, -step, 1.0),
                           jnp.where(up, (upper - w) / jnp.where(up, step, 1.0), jnp.inf))
        block = jnp.argmin(ratios)
        alpha = jnp.where(still, 0.0, jnp.minimum(1.0, ratios[block]))
        hit = ~still & (ratios[block] < 1.0)
        w = jnp.clip(w + alpha * step, lower, upper)
        onehot = jnp.arange(w.shape[0]) == block
        lo = (lo | (hit & onehot & (step < 0))) & ~(do_release & (jnp.arange(w.shape[0]) == release))
        hi = (hi | (hit & onehot & (step > 0))) & ~(do_release & (jnp.arange(w.shape[0]) == release))
        w = jnp.where(lo & ~fixed & hit & onehot, lower, jnp.where(hi & hit & onehot, upper, w))
        return w, lo, hi, still & ~do_release, count + 1

    def running(state):
        return ~state[3] & (state[4] < iterations)

    # A while loop: vmapped, it runs until the slowest window is done (finished windows stay put).
    w, lo, hi, _, _ = jax.lax.while_loop(running, body, (w0, lo0, hi0, jnp.array(False), jnp.array(0)))
    step, violation, limit = kkt(w, lo, hi)
    converged = (jnp.linalg.norm(step) <= 1e-7 * (1.0 + jnp.linalg.norm(w))) & (jnp.max(violation) <= 100 * limit)
    return w, converged


def _nu_bounds(grad: jax.Array, lo: jax.Array, hi: jax.Array) -> jax.Array:
    """JAX version of :func:`_nu_without_free`."""
    low = jnp.max(jnp.where(lo, -grad, -jnp.inf))
    high = jnp.min(jnp.where(hi, -grad, jnp.inf))
    return jnp.where(jnp.isinf(low), high, jnp.where(jnp.isinf(high), low, 0.5 * (low + high)))


# --- walk-forward -----------------------------------------------------------------------------------------
class WalkForward:
    """Result of :func:`walk_forward` (NumPy arrays; K windows, n suppliers)."""

    def __init__(self, starts, weights, blend_var, equal_var, supplier_var, converged, delta):
        self.starts = starts  # (K,) index of each test window's first period
        self.weights = weights  # (K, n) split fitted on the W periods before
        self.blend_var = blend_var  # (K,) realised variance of the split's blend over the test window
        self.equal_var = equal_var  # (K,) same for the equal split
        self.supplier_var = supplier_var  # (K, n) same for each single supplier
        self.converged = converged  # (K,) bool, the solver's KKT check
        self.delta = delta  # (K,) shrinkage intensity used in each window (0 for the sample covariance)


class WalkComparison(NamedTuple):
    """Each strategy's realised variance over a walk-forward's test windows, against the walk-forward split.

    Strategies, in order: the walk-forward split, the equal split, the split fitted on all periods (hindsight),
    then each single supplier. Arrays of shape ``(S,)`` unless said.
    """

    names: list[str]
    variances: list[np.ndarray]  # S arrays of shape (K,): realised variance per test window
    mean_variance: np.ndarray
    typical_std: np.ndarray  # sqrt of the mean variance
    versus_split_pct: np.ndarray  # 100·(mean − split's mean)/split's mean (0 when the split's is 0)
    split_steadier_pct: np.ndarray  # % of windows where the walk-forward split's variance was lower


def hindsight_variance(values: np.ndarray, starts: np.ndarray, horizon: int, weights: np.ndarray) -> np.ndarray:
    """Realised variance per test window (``(K,)``) of one fixed split ``weights`` (``(n,)``) applied to
    ``values`` (``(T, n)``) over the windows starting at ``starts`` (``(K,)``), ``horizon`` periods each."""
    rows = starts[:, None] + np.arange(horizon)[None, :]
    return (values[rows] @ weights).var(axis=1)


def compare_walk(result: WalkForward, hindsight: np.ndarray, supplier_names: list[str]) -> WalkComparison:
    """The walk-forward split against the equal split, the hindsight split and every single supplier."""
    names = ["walk-forward split", "equal split", "hindsight (fit on all periods)", *supplier_names]
    variances = [result.blend_var, result.equal_var, hindsight,
                 *(result.supplier_var[:, i] for i in range(len(supplier_names)))]
    means = np.array([float(v.mean()) for v in variances])
    base = means[0]
    versus = 100 * (means - base) / base if base > 0 else np.zeros_like(means)
    steadier = np.array([100 * float(np.mean(result.blend_var < v)) for v in variances])
    return WalkComparison(names, variances, means, np.sqrt(means), versus, steadier)


def _bucket(count: int, floor: int = 8) -> int:
    """The next power of two ≥ max(count, floor): one compile per bucket, not per slider value."""
    return max(floor, 1 << int(np.ceil(np.log2(max(count, 1)))))


@functools.partial(jax.jit, static_argnames=("fit_len", "test_len", "estimator", "iterations"))
def _walk(x: jax.Array, starts: jax.Array, valid: jax.Array, window: jax.Array, horizon: jax.Array,
          lower: jax.Array, upper: jax.Array, fit_len: int, test_len: int, estimator: str, iterations: int):
    """Every window at once. x ``(T, n)``; starts/valid ``(K,)``; window ≤ fit_len, horizon ≤ test_len."""
    fit_rows = starts[:, None] - fit_len + jnp.arange(fit_len)[None, :]  # (K, fit_len), the last `window` used
    fit_mask = (jnp.arange(fit_len)[None, :] >= fit_len - window) & valid[:, None]
    test_rows = starts[:, None] + jnp.arange(test_len)[None, :]
    test_mask = (jnp.arange(test_len)[None, :] < horizon) & valid[:, None]
    last = x.shape[0] - 1
    fit_x = x[jnp.clip(fit_rows, 0, last)]
    test_x = x[jnp.clip(test_rows, 0, last)]
    fit_m = fit_mask.astype(x.dtype) + (~valid[:, None]).astype(x.dtype)  # invalid windows: any full rows
    if estimator == "sample":
        covs = jax.vmap(sample_covariance)(fit_x, fit_m)
        delta = jnp.zeros(starts.shape[0], x.dtype)
    else:
        covs, delta = jax.vmap(functools.partial(ledoit_wolf, target=estimator))(fit_x, fit_m)
    n = x.shape[1]
    scale = jnp.trace(covs, axis1=1, axis2=2)[:, None, None] / n
    h = covs / jnp.maximum(scale, 1e-300) + 1e-10 * jnp.eye(n)[None]  # a ridge keeps W ≤ n windows solvable
    weights, converged = jax.vmap(_batched_box, in_axes=(0, None, None, None))(h, lower, upper, iterations)
    test_covs = jax.vmap(sample_covariance)(test_x, test_mask.astype(x.dtype) + (~valid[:, None]).astype(x.dtype))
    blend_var = jnp.einsum("ki,kij,kj->k", weights, test_covs, weights)
    equal_var = jnp.sum(test_covs, axis=(1, 2)) / n**2
    supplier_var = jnp.diagonal(test_covs, axis1=1, axis2=2)
    return weights, blend_var, equal_var, supplier_var, converged | ~valid, delta


def walk_forward(prices: np.ndarray, window: int, horizon: int, lower: np.ndarray | None = None,
                 upper: np.ndarray | None = None, estimator: str = "sample") -> WalkForward:
    """Fit the (capped) minimum-variance split on ``window`` periods, apply it to the next ``horizon``, repeat.

    ``prices`` shape ``(T, n)``; windows step by ``horizon`` (test windows do not overlap); the first fit
    uses periods ``[0, window)``. ``estimator``: "sample" or a Ledoit–Wolf target (see :data:`SHRINKAGE_TARGETS`).
    Realised variances are population variances within each test window (``horizon`` ≥ 2).
    One jitted call in float64; shapes are padded to powers of two so changing W or H rarely recompiles.
    """
    values = np.asarray(prices, np.float64)
    t, n = values.shape
    if horizon < 2 or window < 2:
        raise ValueError("W and H must be at least 2 periods (a variance needs two).")
    count = (t - window) // horizon
    if count < 1:
        raise ValueError(f"{t} periods are too few for W = {window} and H = {horizon}: need at least W + H.")
    lower = np.zeros(n) if lower is None else np.asarray(lower, np.float64)
    upper = np.ones(n) if upper is None else np.asarray(upper, np.float64)
    problem = cap_problem([str(i + 1) for i in range(n)], lower, upper)
    if problem:
        raise ValueError(problem)
    k_pad, fit_len, test_len = _bucket(count), _bucket(window, 2), _bucket(horizon, 2)
    per_row = n * (n if estimator == "identity" else 1)  # the identity target holds an n×n outer product per row
    if k_pad * (fit_len + test_len) * per_row > MAX_WINDOW_CELLS:
        raise ValueError(f"{count:,} windows of {window:,} periods are too many to hold at once: "
                         "take a longer H (fewer windows) or a shorter W.")
    starts = window + horizon * np.arange(k_pad)
    valid = np.arange(k_pad) < count
    centred = values - values.mean(axis=0)  # the variances do not change; float64 keeps the digits
    with jax.enable_x64(True):
        out = _walk(jnp.asarray(centred), jnp.asarray(np.where(valid, starts, window)), jnp.asarray(valid),
                    jnp.asarray(window), jnp.asarray(horizon), jnp.asarray(lower), jnp.asarray(upper),
                    fit_len=fit_len, test_len=test_len, estimator=estimator, iterations=4 * n + 8)
        weights, blend_var, equal_var, supplier_var, converged, delta = (np.array(v)[:count] for v in out)
    for k in np.flatnonzero(~converged):  # not seen in tests; the exact NumPy solver takes over if it happens
        start = int(starts[k])
        fit, test = centred[start - window:start], centred[start:start + horizon]
        cov = np.cov(fit, rowvar=False, bias=True) if estimator == "sample" else np.asarray(
            shrunk_covariance(jnp.asarray(fit), jnp.ones(window), estimator)[0])
        weights[k] = capped_weights(cov, lower, upper).weights
        blend_var[k] = float(np.var(test @ weights[k]))
    return WalkForward(starts[:count], weights, blend_var, equal_var, supplier_var, converged, delta)


def shrink(values: np.ndarray, target: str) -> tuple[np.ndarray, float]:
    """Ledoit–Wolf on a price table ``(T, n)`` in float64: (shrunk covariance ``(n, n)``, intensity δ).

    Rows are padded to a power of two and masked, so one compile serves every file of similar length.
    """
    values = np.asarray(values, np.float64)
    length = _bucket(len(values), 16)
    padded = np.zeros((length, values.shape[1]))
    padded[: len(values)] = values - values.mean(axis=0)
    mask = (np.arange(length) < len(values)).astype(np.float64)
    with jax.enable_x64(True):
        cov, delta = shrunk_covariance(jnp.asarray(padded), jnp.asarray(mask), target)
        return np.asarray(cov), float(delta)


def covariance(values: np.ndarray, estimator: str) -> tuple[np.ndarray, float]:
    """The covariance ``(n, n)`` of a price table ``values`` ``(T, n)`` and its shrinkage intensity δ.

    ``estimator``: "sample" (the population covariance, δ = 0) or a Ledoit–Wolf target of
    :data:`SHRINKAGE_TARGETS` (see :func:`shrink`).
    """
    if estimator == "sample":
        return np.cov(values, rowvar=False, bias=True), 0.0
    return shrink(values, estimator)
