"""The tangent-line page's numbers: f on the page's grid and the tangent at every frame of the animation.

The page only reads controls and draws (see ``dashboard/views/tangent_line.py``); its "predict first" question
asks for one slope, :func:`calc_core.derivatives.derivatives_at` at the question's point.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import derivatives as d
from calc_core.derivatives import Fn

__all__ = ["TangentView", "tangent_view"]


class TangentView(NamedTuple):
    """``xs``, ``ys``: f on [a, b], each shape ``(GRID_POINTS,)``; ``frames``: the animation's touch points,
    values, slopes and angles, each shape ``(frames,)``."""

    xs: np.ndarray
    ys: np.ndarray
    frames: d.TangentFrames


def tangent_view(f: Fn, a: float, b: float, frames: int) -> TangentView:
    """The curve of ``f`` on [a, b] and ``frames`` tangents along it (one vmapped call each)."""
    xs = d.grid(a, b)
    return TangentView(xs, d.derivatives(f, 0, xs)[0], d.tangent_frames(f, a, b, frames))
