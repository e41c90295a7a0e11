"""dashboard.figures.jacobian_hessian: the linear map and the Hessian's eigenvectors carry the data; the legend's
words for a zero eigenvalue."""

import numpy as np

from calc_core import surfaces
from dashboard.figures import jacobian_hessian as figs
from tests.figure_spec import figure_spec, trace


def flat_field() -> surfaces.Field:
    """f = 0 on a 5 × 5 grid over [−1, 1]²."""
    xs = np.linspace(-1, 1, 5)
    return surfaces.Field(xs, xs, np.zeros((5, 5)), np.zeros((5, 5)), np.zeros((5, 5)))


def test_linear_map_and_hessian_figures_carry_the_data():
    vector = surfaces.stacked(*(surfaces_fn for surfaces_fn in _article_components()))
    lm = surfaces.linear_map(vector, (1.0, 2.0), 0.3)
    spec = figure_spec(figs.linear_map_figure(lm.grid, lm.image, lm.linear, (1.0, 2.0), (3.0, 8.0)))
    assert np.isfinite(trace(spec, "f(grid)")["x"]).sum() == 10 * 21
    lam, vec = surfaces.hessian_eigen(surfaces.saddle, np.zeros(2))
    fld = surfaces.field(surfaces.saddle, (-2.0, 2.0), (-2.0, 2.0), 20)
    spec = figure_spec(figs.hessian_contour_figure(fld, (0.0, 0.0), lam, vec))
    names = [t["name"] for t in spec["data"]]
    assert any("λ1 = -1" in n and "down" in n for n in names) and any("λ2 = 5" in n for n in names)


def _article_components():
    from calc_core.article import VECTOR_FORMULAS
    from calc_core.expr import parse_function
    return [parse_function(t, ("x", "y")) for t in VECTOR_FORMULAS]


def test_hessian_legend_never_calls_a_zero_eigenvalue_curving_down():
    spec = figure_spec(figs.hessian_contour_figure(flat_field(), (0.0, 0.0), np.array([0.0, 2.0]), np.eye(2)))
    names = [t["name"] for t in spec["data"] if t.get("name", "").startswith("λ")]
    assert names[0].startswith("λ1 = 0 (flat to second order") and names[1] == "λ2 = 2 (curves up)"
    assert "curves down" in figs.curve_word(-1.0) and "curves down" not in figs.curve_word(0.0)
