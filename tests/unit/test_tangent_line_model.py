"""calc_core.pages.tangent_line: the page's model against the single calc_core calls and sin's closed forms."""

from __future__ import annotations

import numpy as np

from calc_core import derivatives as d
from calc_core.expr import parse_function
from calc_core.pages.tangent_line import tangent_view

SIN = parse_function("sin(x)")


def test_curve_and_frames_are_the_calls_and_sin_cos():
    view = tangent_view(SIN, -np.pi, np.pi, 120)
    np.testing.assert_array_equal(view.xs, d.grid(-np.pi, np.pi))
    np.testing.assert_array_equal(view.ys, d.derivatives(SIN, 0, view.xs)[0])
    want = d.tangent_frames(SIN, -np.pi, np.pi, 120)
    np.testing.assert_array_equal(view.frames.slopes, want.slopes)
    assert view.ys.shape == (d.GRID_POINTS,) and view.frames.xs.shape == (120,)
    x = view.frames.xs.astype(np.float64)
    np.testing.assert_allclose(view.frames.ys, np.sin(x), atol=1e-6)
    np.testing.assert_allclose(view.frames.slopes, np.cos(x), atol=1e-6)  # tan θ = f′
    np.testing.assert_allclose(view.frames.angles, np.degrees(np.arctan(np.cos(x))), atol=1e-4)
