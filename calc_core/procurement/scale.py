"""Prices in any unit: an overflow-free mean and one common scale (for the two-supplier ω and the solver).

Dividing by the scale before squaring keeps float32 and float64 variances finite and normal whatever the
currency unit (×1e±20 in float32, 1e±300 in float64).
"""

from __future__ import annotations

import numpy as np

__all__ = ["safe_mean", "price_scale"]


def safe_mean(values: np.ndarray) -> float:
    """The mean of shape ``(T,)`` float64 values without overflow (sums of 1e300s are computed as 1e300·Σ)."""
    big = float(np.max(np.abs(values))) if len(values) else 0.0
    return big * float(np.mean(values / big)) if big > 0 and np.isfinite(big) else float(np.mean(values))


def price_scale(*series: np.ndarray) -> float:
    """One scale for several price series (each shape ``(T,)``): the largest |deviation from its mean|.

    Divide every series by it before padding (``pad(a, scale)``) so float32 variances neither overflow nor
    vanish; multiply losses by ``scale**2`` to get them back in price² units. 1.0 for constant series.
    """
    scale = 0.0
    for values in series:
        values = np.asarray(values, dtype=np.float64)
        if len(values):
            scale = max(scale, float(np.max(np.abs(values - safe_mean(values)))))
    return scale if 0.0 < scale < np.inf else 1.0
