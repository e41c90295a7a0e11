"""Two suppliers: the variance of a blended price, its gradient in ω, and ω* (the article's example).

Two suppliers A and B, a fraction ω ∈ [0, 1] ordered from A: the blended price is ``ω·pA + (1−ω)·pB`` and
the loss is its (population) variance. L(ω) is a convex parabola, so its minimiser on [0, 1] is the
unconstrained ω* clipped to the interval; when ω* falls outside, the optimum is a bound where dL/dω ≠ 0.

Every solver is scale-free: prices in any unit (×1e20 or ×1e−20) give the same ω*, because each divides
the prices by a common scale before it forms variances (float32 squares of 1e22 overflow, of 1e−18 vanish).
Time series of different lengths are padded to a few fixed lengths (powers of two) with a 0/1 mask,
so each jitted function compiles once per length bucket, never per file.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from calc_core.procurement.scale import price_scale, safe_mean

__all__ = ["OMEGA_GRID", "FRAME_OMEGAS", "CURVE_CHUNK_ELEMENTS", "BOOTSTRAP_BATCH_ELEMENTS", "pad", "blend",
           "variance_loss", "loss_curve", "closed_form_omega", "grid_omega", "projected_descent",
           "bootstrap_omega", "OmegaCurve", "omega_curve", "nearest", "grid_lookup", "OmegaChart",
           "omega_chart", "bootstrap_prices", "bootstrap_interval", "blend_frames"]

OMEGA_GRID = 1001  # the article's grid of ω values on [0, 1]
FRAME_OMEGAS = np.round(np.linspace(0.0, 1.0, 101), 2)  # ω positions of the ω chart's in-figure slider
#: ω·period pairs in one vmapped chunk of :func:`loss_curve`: a ``(chunk, T)`` float32 blend of 64 KB stays in
#: the CPU cache, where one ``(K, T)`` array would not (40x faster at T = 65,536 on 2 cores).
CURVE_CHUNK_ELEMENTS = 2**14
#: resample·period pairs in one vmapped batch of :func:`bootstrap_omega`: each gathered ``(batch, T)`` float32
#: array stays under 8 MB, so 1,000 resamples of a 100,000-row file never hold 1,000·T values at once.
BOOTSTRAP_BATCH_ELEMENTS = 2**21


# --- two suppliers, in JAX ------------------------------------------------------------------------------
def pad(values: np.ndarray, scale: float = 1.0) -> tuple[jax.Array, jax.Array]:
    """Shape ``(T,)`` → float32 ``(P,)`` values and 0/1 mask, P the next power of two ≥ max(T, 16).

    Values are centred on their mean and divided by ``scale`` first (the variance changes by ``scale**2``
    only; float32 keeps its digits). Pad series that are compared with the same ``scale``.
    """
    values = np.asarray(values, dtype=np.float64)
    length = max(16, 1 << int(np.ceil(np.log2(max(len(values), 1)))))
    out, mask = np.zeros(length, np.float32), np.zeros(length, np.float32)
    out[: len(values)] = (values - safe_mean(values)) / scale
    mask[: len(values)] = 1.0
    return jnp.asarray(out), jnp.asarray(mask)


def blend(w: jax.Array, pa: jax.Array, pb: jax.Array) -> jax.Array:
    """The blended price ``w·pA + (1−w)·pB``; w scalar, prices shape ``(T,)``."""
    return w * pa + (1.0 - w) * pb


def variance_loss(w: jax.Array, pa: jax.Array, pb: jax.Array, mask: jax.Array) -> jax.Array:
    """L(w): population variance of the blended price over the periods where ``mask`` is 1 (shape ``(T,)``)."""
    blended = blend(w, pa, pb)
    n = jnp.sum(mask)
    mean = jnp.sum(mask * blended) / n
    return jnp.sum(mask * (blended - mean) ** 2) / n


@jax.jit
def loss_curve(omegas: jax.Array, pa: jax.Array, pb: jax.Array, mask: jax.Array) -> tuple[jax.Array, jax.Array]:
    """L(ω) and dL/dω at every ω in ``omegas`` (shape ``(K,)``), in one jitted call of the vmapped gradient.

    For short series that is ``jax.vmap(jax.value_and_grad(L))`` over all K values at once; for long ones
    the same vmap runs over chunks of ω (``lax.map`` with ``batch_size``) so the ``(chunk, T)`` blend stays
    in cache instead of a ``(K, T)`` array in memory (40x faster at T = 65,536 on 2 cores).
    """
    curve = jax.vmap(jax.value_and_grad(variance_loss), in_axes=(0, None, None, None))
    batch = max(1, min(omegas.shape[0], CURVE_CHUNK_ELEMENTS // pa.shape[0]))
    if batch >= omegas.shape[0]:
        return curve(omegas, pa, pb, mask)
    return jax.lax.map(lambda w: jax.value_and_grad(variance_loss)(w, pa, pb, mask), omegas, batch_size=batch)


def _unit(pa: jax.Array, pb: jax.Array, mask: jax.Array) -> tuple[jax.Array, jax.Array, jax.Array]:
    """Both series divided by their common largest |value| where ``mask`` is 1 (so ω* does not see the unit);
    returns ``(pa / s, pb / s, s)``, s = 1 for all-zero series."""
    s = jnp.maximum(jnp.max(jnp.abs(pa) * mask), jnp.max(jnp.abs(pb) * mask))
    s = jnp.where(s > 0.0, s, 1.0)
    return pa / s, pb / s, s


def _moments(pa: jax.Array, pb: jax.Array, weights: jax.Array) -> tuple[jax.Array, jax.Array, jax.Array]:
    n = jnp.sum(weights)
    ma, mb = jnp.sum(weights * pa) / n, jnp.sum(weights * pb) / n
    da, db = pa - ma, pb - mb
    return jnp.sum(weights * da * da) / n, jnp.sum(weights * db * db) / n, jnp.sum(weights * da * db) / n


def _omega_from_moments(var_a: jax.Array, var_b: jax.Array, cov: jax.Array, shift: jax.Array = 0.0
                        ) -> jax.Array:
    """Unconstrained ω* = (σB² − σAB − shift)/(σA² + σB² − 2σAB); 0.5 when the blend's variance is flat."""
    curvature = var_a + var_b - 2.0 * cov
    flat = curvature <= 1e-12 * (var_a + var_b + 1e-30)
    return jnp.where(flat, 0.5, (var_b - cov - shift) / jnp.where(flat, 1.0, curvature))


@jax.jit
def closed_form_omega(pa: jax.Array, pb: jax.Array, mask: jax.Array, mean_gap: jax.Array = 0.0,
                      price_weight: jax.Array = 0.0) -> tuple[jax.Array, jax.Array]:
    """(unconstrained ω*, ω* clipped to [0, 1]) minimising Var(blend) + λ·mean(blend).

    ``mean_gap`` = mean(pA) − mean(pB) (the inputs are centred), ``price_weight`` = λ ≥ 0, both in the units of
    ``pa``. Scale-free: the prices are divided by a common scale first.
    """
    pa, pb, s = _unit(pa, pb, mask)
    var_a, var_b, cov = _moments(pa, pb, mask)
    omega = _omega_from_moments(var_a, var_b, cov, 0.5 * (price_weight / s) * (mean_gap / s))
    return omega, jnp.clip(omega, 0.0, 1.0)


def grid_omega(grads: np.ndarray) -> float:
    """The article's method: the grid ω (of ``len(grads)`` points on [0, 1]) with the smallest |dL/dω|."""
    return float(np.linspace(0.0, 1.0, len(grads))[int(np.argmin(np.abs(grads)))])


@functools.partial(jax.jit, static_argnames="steps")
def projected_descent(w0: jax.Array, step: jax.Array, pa: jax.Array, pb: jax.Array, mask: jax.Array,
                      steps: int = 30) -> jax.Array:
    """Projected gradient descent ω ← clip(ω − η·L′(ω)/L″, 0, 1); returns the ``steps + 1`` iterates.

    ``step`` = η is the learning rate in units of 1/L″ (the curvature), so η = 1 lands on ω* in one
    step, 0 < η < 2 converges and η ≥ 2 diverges (before the clip). Scale-free, like ``closed_form_omega``.
    """
    pa, pb, _ = _unit(pa, pb, mask)
    var_a, var_b, cov = _moments(pa, pb, mask)
    curvature = jnp.maximum(2.0 * (var_a + var_b - 2.0 * cov), 1e-30)
    grad = jax.grad(variance_loss)

    def one(w, _):
        w = jnp.clip(w - step * grad(w, pa, pb, mask) / curvature, 0.0, 1.0)
        return w, w

    _, path = jax.lax.scan(one, w0, None, length=steps)
    return jnp.concatenate([jnp.reshape(w0, (1,)), path])


@functools.partial(jax.jit, static_argnames=("resamples", "batch"))
def _bootstrap(key: jax.Array, pa: jax.Array, pb: jax.Array, count: jax.Array, resamples: int,
               batch: int) -> jax.Array:
    length = pa.shape[0]
    pa, pb, _ = _unit(pa, pb, (jnp.arange(length) < count).astype(pa.dtype))

    def one(k: jax.Array) -> jax.Array:
        idx = jax.random.randint(k, (length,), 0, count)
        keep = (jnp.arange(length) < count).astype(jnp.float32)
        var_a, var_b, cov = _moments(pa[idx], pb[idx], keep)
        return jnp.clip(_omega_from_moments(var_a, var_b, cov), 0.0, 1.0)

    return jax.lax.map(one, jax.random.split(key, resamples), batch_size=batch)


def bootstrap_omega(pa: jax.Array, pb: jax.Array, mask: jax.Array, *, seed: int = 0,
                    resamples: int = 1000) -> np.ndarray:
    """ω* (clipped) on ``resamples`` bootstrap resamples of the periods; shape ``(resamples,)``.

    Each resample draws T periods with replacement (T = mask.sum()); fixed ``seed``, one jitted call
    (vmapped in batches so memory stays bounded for long files).
    """
    batch = int(max(1, min(resamples, BOOTSTRAP_BATCH_ELEMENTS // pa.shape[0])))
    count = jnp.sum(mask).astype(jnp.int32)
    return np.asarray(_bootstrap(jax.random.key(seed), pa, pb, count, resamples, batch))


# --- two suppliers, as the page shows them ---------------------------------------------------------------
class OmegaCurve(NamedTuple):
    """Two suppliers' L(ω) and dL/dω on a grid of ω, in price units.

    ``a``, ``b``: the prices as given, shape ``(T,)``; ``scale``, ``pa``, ``pb``, ``mask``: their common unit and
    the padded, centred float32 series (see :func:`pad`); ``omegas``: the grid, shape ``(K,)``; ``loss``,
    ``grad``: L(ω) in price² and dL/dω, shape ``(K,)`` float64; ``unconstrained``, ``optimum``: ω* before and
    after clipping to [0, 1]; ``grid_best``: the article's grid answer (smallest |dL/dω|); ``slope``: dL/dω at
    the optimum (interpolated on the grid).
    """

    a: np.ndarray
    b: np.ndarray
    scale: float
    pa: jax.Array
    pb: jax.Array
    mask: jax.Array
    omegas: np.ndarray
    loss: np.ndarray
    grad: np.ndarray
    unconstrained: float
    optimum: float
    grid_best: float
    slope: float


@functools.lru_cache(maxsize=4)
def _omega_grid(size: int) -> jax.Array:
    return jnp.linspace(0.0, 1.0, size, dtype=jnp.float32)


def omega_curve(a: np.ndarray, b: np.ndarray, grid_size: int = OMEGA_GRID) -> OmegaCurve:
    """L(ω), dL/dω and ω* of blending the prices ``a`` and ``b`` (each shape ``(T,)``) on ``grid_size`` ω ≥ 2."""
    a, b = np.asarray(a), np.asarray(b)
    scale = price_scale(a, b)  # one unit for both: float32 neither overflows (×1e20) nor vanishes (×1e−20)
    pa, mask = pad(a, scale)
    pb, _ = pad(b, scale)
    omegas = _omega_grid(grid_size)
    loss, grad = (np.asarray(v, dtype=np.float64) * scale**2 for v in loss_curve(omegas, pa, pb, mask))
    unconstrained, optimum = (float(v) for v in closed_form_omega(pa, pb, mask))
    omegas = np.asarray(omegas)
    return OmegaCurve(a, b, scale, pa, pb, mask, omegas, loss, grad, unconstrained, optimum, grid_omega(grad),
                      float(np.interp(optimum, omegas, grad)))


def nearest(points: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Index of the point of the increasing ``points`` (shape ``(K,)``, K ≥ 2) nearest each of ``at`` (shape
    ``(F,)``); a tie goes to the lower one."""
    points, at = np.asarray(points, np.float64), np.asarray(at, np.float64)
    right = np.clip(np.searchsorted(points, at), 1, len(points) - 1)
    return np.where(at - points[right - 1] <= points[right] - at, right - 1, right)


def grid_lookup(grid: np.ndarray, values: np.ndarray, at: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """``values`` (on the increasing ``grid``, both shape ``(K,)``, K ≥ 2) at each of ``at`` (shape ``(F,)``).

    A point within ``tol`` of the grid's span from a grid point takes that point's value exactly (the ω chart's
    frames, multiples of 0.01, lie on the article's 1001-point grid); between grid points the value is
    interpolated linearly, so any grid size gives the value at ``at`` itself.
    """
    grid64, at = np.asarray(grid, np.float64), np.asarray(at, np.float64)
    values = np.asarray(values)
    index = nearest(grid64, at)
    on_grid = np.abs(grid64[index] - at) <= tol * (grid64[-1] - grid64[0])
    return np.where(on_grid, values[index], np.interp(at, grid64, values))


class OmegaChart(NamedTuple):
    """What the ω chart draws: ``curve`` (:class:`OmegaCurve`); the slider's ``frame_omegas`` (shape ``(F,)``) with
    the blended series ``blends`` (shape ``(F, T)``) and ``frame_loss``, ``frame_grad`` (shape ``(F,)``); the frame
    ``active`` nearest ω*; projected descent's iterates ``descent`` and their losses ``descent_loss``
    (shape ``(steps + 1,)``, price²)."""

    curve: OmegaCurve
    frame_omegas: np.ndarray
    blends: np.ndarray
    frame_loss: np.ndarray
    frame_grad: np.ndarray
    active: int
    descent: np.ndarray
    descent_loss: np.ndarray


def omega_chart(curve: OmegaCurve, w0: float, eta: float, frames: np.ndarray = FRAME_OMEGAS) -> OmegaChart:
    """The ω chart's data: ``curve`` at the slider's ``frames``, and projected descent from ``w0`` with step η."""
    path = projected_descent(jnp.float32(w0), jnp.float32(eta), curve.pa, curve.pb, curve.mask)
    path_loss = np.asarray(loss_curve(path, curve.pa, curve.pb, curve.mask)[0], dtype=np.float64) * curve.scale**2
    frame_loss, frame_grad = (grid_lookup(curve.omegas, v, frames) for v in (curve.loss, curve.grad))
    active = int(np.argmin(np.abs(frames - curve.optimum)))
    return OmegaChart(curve, frames, blend_frames(frames, curve.a, curve.b), frame_loss, frame_grad, active,
                      np.asarray(path), path_loss)


def bootstrap_prices(a: np.ndarray, b: np.ndarray, *, seed: int = 0, resamples: int = 1000) -> np.ndarray:
    """:func:`bootstrap_omega` on the prices ``a``, ``b`` (each shape ``(T,)``), scaled and padded; shape
    ``(resamples,)``."""
    scale = price_scale(a, b)
    pa, mask = pad(a, scale)
    return bootstrap_omega(pa, pad(b, scale)[0], mask, seed=seed, resamples=resamples)


def bootstrap_interval(samples: np.ndarray, level: float = 0.9) -> tuple[float, float]:
    """The central ``level`` interval of ``samples`` (shape ``(R,)``): its (1 − level)/2 and (1 + level)/2
    percentiles (NumPy's linear interpolation)."""
    tail = 50.0 * (1.0 - level)
    low, high = np.percentile(samples, [tail, 100.0 - tail])
    return float(low), float(high)


def blend_frames(omegas: np.ndarray, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Blended series for each ω: shape ``(K,)`` ω and ``(T,)`` prices → ``(K, T)``."""
    omegas = np.asarray(omegas, dtype=np.float64)[:, None]
    return omegas * np.asarray(pa, dtype=np.float64)[None, :] + (1.0 - omegas) * np.asarray(pb)[None, :]
