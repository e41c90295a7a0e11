"""n suppliers: the exact long-only minimum-variance weights (a primal active set, float64 NumPy).

The weights minimise ``wᵀΣw + λ·p̄ᵀw`` on the simplex (w ≥ 0, Σw = 1); :func:`active_set_step` is the step
that :mod:`calc_core.procurement.plan` shares for its two-sided caps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc_core.procurement.scale import price_scale, safe_mean
from calc_core.procurement.table import PriceDataError

__all__ = ["tradeoff_lambda", "active_set_step", "min_variance_weights"]


def tradeoff_lambda(prices: pd.DataFrame, share: float) -> float:
    """λ of the all-supplier objective ``wᵀΣw + λ p̄ᵀw`` for the trade-off slider's ``share`` ∈ [0, 1].

    λ = share · 4 · (largest supplier variance) / (spread of the mean prices): at share 1, moving the whole
    order from the dearest to the cheapest supplier gains 4× the largest variance in the price term, so price
    outweighs any variance difference. 0 when every mean price is the same (the price term cannot choose).
    ``prices``: one column per supplier, shape ``(T, n)``.
    """
    means = prices.mean()
    spread = float(means.max() - means.min())
    return share * 4.0 * float(prices.var(ddof=0).max()) / spread if spread > 0 else 0.0


def active_set_step(h: np.ndarray, grad: np.ndarray, e: np.ndarray, free: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, bool]:
    """One step of a primal active set: move the ``free`` coordinates to the minimum of the quadratic model.

    Minimises ½sᵀHs + gradᵀs subject to E s = 0 and s = 0 off ``free``, solving the KKT system by least squares
    (minimum norm, so a singular H is fine). Where the model is flat along a feasible direction in which it still
    falls, the step is that direction (−grad projected on it, scaled to a largest entry of 1) and ``unbounded``
    is True: the caller walks along it until a bound blocks.

    Shapes: H ``(n, n)``, grad ``(n,)``, E ``(m, n)``, free bool ``(n,)``. Returns the step ``(n,)``, the KKT
    solution ``(free count + m,)`` (its last m entries are the equality multipliers) and ``unbounded``.
    Used by :func:`_active_set` (w ≥ 0) and ``plan._box_active_set`` (lower ≤ w ≤ upper).
    """
    n, m, nf = len(grad), e.shape[0], int(free.sum())
    kkt = np.zeros((nf + m, nf + m))
    kkt[:nf, :nf] = h[np.ix_(free, free)]
    kkt[:nf, nf:] = e[:, free].T
    kkt[nf:, :nf] = e[:, free]
    rhs = np.concatenate([-grad[free], np.zeros(m)])
    solution = np.linalg.lstsq(kkt, rhs, rcond=1e-13)[0]
    step = np.zeros(n)
    step[free] = solution[:nf]
    unbounded = nf > 0 and bool(np.linalg.norm(kkt @ solution - rhs) > 1e-9 * (1.0 + np.linalg.norm(rhs)))
    if unbounded:
        _, sing, vt = np.linalg.svd(np.vstack([h[np.ix_(free, free)], e[:, free]]))
        rank = int((sing > 1e-12 * max(float(sing.max()), 1e-300)).sum())
        flat = vt[rank:].T
        step = np.zeros(n)
        step[free] = -flat @ (flat.T @ grad[free])
        size = np.abs(step).max()
        unbounded = bool(size > 1e-12 * (1.0 + np.abs(grad).max()))
        step = step / size if unbounded else np.zeros(n)
    return step, solution, unbounded


def _active_set(h: np.ndarray, c: np.ndarray, e: np.ndarray, w: np.ndarray, tol: float = 1e-11,
                max_iter: int = 1000) -> np.ndarray:
    """min ½wᵀHw + cᵀw subject to E w = E w0, w ≥ 0, from the feasible ``w`` (primal active set).

    Each equality-constrained step is the minimum-norm solution of its KKT system (lstsq), so a singular
    H is fine. Shapes: H ``(n, n)``, c ``(n,)``, E ``(m, n)``, w ``(n,)``.
    """
    # Over 40 lines on purpose: one iteration of the textbook method (solve, detect a flat direction, release
    # or block a bound) reads best in one place, and its state (w, active, step) would otherwise be threaded
    # through helpers.
    w = w.copy()
    n = len(w)
    active = w <= tol
    w[active] = 0.0
    for _ in range(max_iter):
        free = ~active
        nf = int(free.sum())
        grad = h @ w + c
        step, solution, unbounded = active_set_step(h, grad, e, free)
        if not unbounded and np.linalg.norm(step) <= 1e-10 * (1.0 + np.linalg.norm(w)):
            multipliers = grad + e.T @ solution[nf:]
            if not active.any() or multipliers[active].min() >= -tol * (1.0 + np.abs(grad).max()):
                return w
            release = np.flatnonzero(active)[np.argmin(multipliers[active])]
            active[release] = False
            continue
        shrinking = free & (step < 0)
        ratios = np.full(n, np.inf)
        ratios[shrinking] = w[shrinking] / -step[shrinking]
        block = int(np.argmin(ratios))
        alpha = float(ratios[block]) if unbounded else min(1.0, float(ratios[block]))
        w = w + alpha * step
        if unbounded or alpha < 1.0:
            active[block] = True
            w[block] = 0.0
        w[w < 0.0] = 0.0
    return w


def _per_supplier_scaled(h: np.ndarray, c: np.ndarray) -> np.ndarray:
    """min ½wᵀHw + cᵀw on the simplex, solved in v with w = v / (σ·d), d = √diag H, σ = Σ 1/d (each supplier in
    units of its own spread; v = 1 is the inverse-spread split), then mapped back. Shapes: H ``(n, n)``, c ``(n,)``
    → w ``(n,)``.

    In H itself suppliers whose spreads differ by 10⁸ differ by 10¹⁶ on the diagonal, below the least-squares
    cut-off of the active-set steps: the small ones looked flat and got an even split. In v the quadratic is a
    correlation matrix (diagonal 1, or 0 for a constant supplier), so every supplier is resolved alike.
    """
    diag = np.diag(h)
    d = np.sqrt(np.where(diag > 0, diag, 1.0))
    sigma = float(np.sum(1.0 / d))
    row = 1.0 / (sigma * d)
    v = _active_set(h / np.outer(d, d), sigma * c / d, (row / np.linalg.norm(row))[None, :], np.ones(len(d)))
    return v * row


def min_variance_weights(prices: pd.DataFrame, *, price_weight: float = 0.0) -> np.ndarray:
    """Exact long-only weights (≥ 0, sum 1) minimising the blend's population variance + λ·mean price.

    ``prices``: one column per supplier, shape ``(T, n)``; ``price_weight`` = λ (price units). When the
    optimum is not unique (identical suppliers, a singular covariance), returns the minimum-norm optimum.
    Returns shape ``(n,)``.
    """
    values = np.asarray(prices, dtype=np.float64)
    if not np.isfinite(values).all():
        raise PriceDataError("Prices must be finite numbers to compute a split.")
    n = values.shape[1]
    # Scale-free: deviations from the mean in units of the largest one, so the covariance is O(1) whatever
    # the currency unit (1e±300 prices would overflow or vanish in the squares).
    means = np.array([safe_mean(values[:, j]) for j in range(n)])
    unit = price_scale(*values.T)
    centred = (values - means) / unit
    cov = centred.T @ centred / len(values)
    scale = max(float(np.trace(cov)) / n, 1e-300)
    h = 2.0 * cov / scale
    c = (price_weight / unit) * (means / unit) / scale
    ones = np.ones((1, n))
    w = _per_supplier_scaled(h, c)
    # Collinear suppliers are found in the correlation matrix R = D⁻¹HD⁻¹ (D = √diag H), whose eigenvalues do not
    # depend on each supplier's unit: in H itself a supplier with 10⁶× the spread of the others would make
    # theirs look like a null space (and the split fell back to an even one).
    root = np.sqrt(np.where(np.diag(h) > 0, np.diag(h), 1.0))
    eigval, eigvec = np.linalg.eigh(h / np.outer(root, root))
    null = eigval <= 1e-10 * max(float(eigval.max()), 1e-300)
    if null.any():
        # Every optimum has the same Hw (H is PSD), and cᵀw must not change either: the optimal set is
        # {w ≥ 0, 1ᵀw = 1, UᵀDw = UᵀDw*, cᵀw = cᵀw*} with U spanning R's range. Take its minimum-norm point.
        rows = (eigvec[:, ~null] * root[:, None]).T
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        constraints = np.vstack([ones, rows, c[None, :]])
        w = _active_set(np.eye(n), np.zeros(n), constraints, w)
    w = np.clip(w, 0.0, None)
    return w / w.sum()
