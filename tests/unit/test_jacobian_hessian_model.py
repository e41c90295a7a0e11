"""calc_core.pages.jacobian_hessian: the page's two models against the single calc_core calls and the article's
closed-form Jacobian and Hessian at (1, 2)."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import article, surfaces
from calc_core.expr import as_vector_function, parse_function
from calc_core.pages.jacobian_hessian import CONTOUR_POINTS, hessian_view, jacobian_view

XY = ("x", "y")
POINT = np.array(article.JH_POINT, np.float32)


def test_jacobian_view_is_the_article_jacobian_and_the_calls():
    g1, g2 = (parse_function(text, XY) for text in article.VECTOR_FORMULAS)
    view = jacobian_view(g1, g2, POINT, 0.3)
    np.testing.assert_allclose(view.jac, article.JACOBIAN_AT_POINT, rtol=1e-6)
    np.testing.assert_allclose(view.jac_fd, article.JACOBIAN_AT_POINT, rtol=1e-6)
    vector_f = surfaces.stacked(g1, g2)
    np.testing.assert_array_equal(view.jac, np.asarray(surfaces.jacobian(vector_f, POINT)))
    assert (view.gap, view.close) == surfaces.check_against(view.jac, view.jac_fd, rtol=1e-3) and view.close
    np.testing.assert_allclose(view.value, [1 + 2, 1 * 8], rtol=1e-6)
    want = surfaces.linear_map(vector_f, POINT, 0.3)
    np.testing.assert_array_equal(np.asarray(view.linear_map.image), np.asarray(want.image))


def test_hessian_view_is_the_article_hessian_and_the_calls():
    g = parse_function(article.SCALAR_FORMULA, XY)
    view = hessian_view(g, POINT, 2.0)
    np.testing.assert_allclose(view.hess, article.HESSIAN_AT_POINT, rtol=1e-6)
    np.testing.assert_allclose(view.hess_fd, article.HESSIAN_AT_POINT, rtol=1e-5)
    np.testing.assert_allclose(view.lam, np.linalg.eigvalsh(np.array(article.HESSIAN_AT_POINT)), rtol=1e-6)
    assert view.kind == "minimum"  # both eigenvalues of [[6, 4], [4, 14]] are positive
    np.testing.assert_allclose(view.grad, [3 + 4, 4 + 12], rtol=1e-6)  # (3x² + y², 2xy + 3y²)
    assert view.norm == pytest.approx(np.hypot(7, 16), rel=1e-6) and not view.critical
    f = as_vector_function(g, 2)
    want = surfaces.field(f, (-1.0, 3.0), (0.0, 4.0), n=CONTOUR_POINTS)
    np.testing.assert_array_equal(view.field.z, want.z)
    assert view.field.z.shape == (CONTOUR_POINTS, CONTOUR_POINTS)


def test_the_saddle_at_the_origin_is_critical_with_eigenvalues_5_and_minus_1():
    view = hessian_view(parse_function("x^2 + 3*x*y + y^2", XY), np.zeros(2, np.float32), 2.0)
    np.testing.assert_allclose(view.lam, sorted(article.SADDLE_EIGENVALUES), rtol=1e-6)
    assert view.critical and view.kind == "saddle"


def test_eigenvalues_that_are_not_finite_have_no_kind():
    view = hessian_view(parse_function("sqrt(x) + y", XY), np.array([-1.0, 0.0], np.float32), 2.0)
    assert not np.isfinite(view.hess).all() and view.kind is None
