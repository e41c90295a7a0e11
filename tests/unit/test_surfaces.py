"""calc_core.surfaces against analytic gradients, Hessians and classifications."""

import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import article, surfaces
from calc_core.expr import as_vector_function, parse_function

XY = ("x", "y")


def test_article_gradient_at_one_two():
    np.testing.assert_allclose(surfaces.gradient(surfaces.saddle, jnp.array(article.MULTI_POINT)),
                               article.MULTI_GRADIENT, rtol=1e-6)
    typed = as_vector_function(parse_function(article.MULTI_FORMULA, XY), 2)
    np.testing.assert_allclose(surfaces.gradient(typed, jnp.array([1.0, 2.0])), [8.0, 7.0], rtol=1e-6)


def test_saddle_hessian_eigenvalues_five_and_minus_one():
    np.testing.assert_allclose(surfaces.hessian(surfaces.saddle, jnp.zeros(2)), article.SADDLE_HESSIAN)
    values, vectors = surfaces.hessian_eigen(surfaces.saddle, np.zeros(2))
    np.testing.assert_allclose(values, article.SADDLE_EIGENVALUES, atol=1e-5)
    escape = vectors[:, 0]  # the eigenvector of λ = −1
    assert abs(abs(escape @ np.array(article.SADDLE_ESCAPE_DIRECTION)) / np.sqrt(2) - 1) < 1e-5
    assert surfaces.classify_critical_point(surfaces.saddle, (0.0, 0.0)) == "saddle"


@pytest.mark.parametrize("f,point,kind", [
    (surfaces.bowl, (0.0, 0.0), "minimum"),
    (surfaces.valley, (0.0, 0.0), "minimum"),
    (surfaces.rosenbrock, (1.0, 1.0), "minimum"),
    (surfaces.himmelblau, surfaces.HIMMELBLAU_MAXIMUM, "maximum"),
    *[(surfaces.himmelblau, m, "minimum") for m in surfaces.HIMMELBLAU_MINIMA],
    (as_vector_function(parse_function("x^4 + y^2", XY), 2), (0.0, 0.0), "degenerate"),
    (as_vector_function(parse_function("-(x^2) - 2*y^2", XY), 2), (0.0, 0.0), "maximum"),
])
def test_classification_of_known_critical_points(f, point, kind):
    assert np.linalg.norm(np.asarray(surfaces.gradient(f, jnp.asarray(point, jnp.float32)))) < 1e-3
    assert surfaces.classify_critical_point(f, point) == kind


def test_rosenbrock_hessian_at_its_minimum():
    np.testing.assert_allclose(surfaces.hessian(surfaces.rosenbrock, jnp.ones(2)), [[802, -400], [-400, 200]],
                               rtol=1e-5)


def test_classify_eigenvalues_tolerance():
    assert surfaces.classify_eigenvalues([1e-9, 3.0]) == "degenerate"
    assert surfaces.classify_eigenvalues([-2.0, 0.0]) == "degenerate"
    assert surfaces.classify_eigenvalues([-2.0, 0.0, 1.0]) == "saddle"
    assert surfaces.classify_eigenvalues([0.01, 3.0]) == "minimum"


def test_article_jacobian_and_hessian_match_finite_differences():
    g1, g2 = (parse_function(t, XY) for t in article.VECTOR_FORMULAS)
    vector = surfaces.stacked(g1, g2)
    assert vector is surfaces.stacked(g1, g2)
    point = np.array(article.JH_POINT)
    np.testing.assert_allclose(surfaces.jacobian(vector, jnp.asarray(point, jnp.float32)),
                               article.JACOBIAN_AT_POINT, rtol=1e-6)
    np.testing.assert_allclose(surfaces.finite_difference_jacobian(vector, point), article.JACOBIAN_AT_POINT,
                               rtol=1e-6)
    np.testing.assert_allclose(surfaces.hessian(article.scalar_fn, jnp.asarray(point, jnp.float32)),
                               article.HESSIAN_AT_POINT, rtol=1e-6)
    np.testing.assert_allclose(surfaces.finite_difference_hessian(article.scalar_fn, point),
                               article.HESSIAN_AT_POINT, rtol=1e-5)


def test_field_is_minus_the_gradient_on_the_grid():
    fld = surfaces.field(surfaces.saddle, (-3.0, 3.0), (-2.0, 2.0), n=9)
    assert fld.z.shape == fld.u.shape == (9, 9)
    gx, gy = np.meshgrid(np.asarray(fld.xs), np.asarray(fld.ys))
    np.testing.assert_allclose(fld.z, gx**2 + 3 * gx * gy + gy**2, atol=1e-5)
    np.testing.assert_allclose(fld.u, -(2 * gx + 3 * gy), atol=1e-5)
    np.testing.assert_allclose(fld.v, -(3 * gx + 2 * gy), atol=1e-5)


def test_slices_hold_one_coordinate_fixed():
    xs, along_x, ys, along_y = (np.asarray(a) for a in surfaces.slices(surfaces.saddle, (1.0, 2.0), 1.0, 11))
    np.testing.assert_allclose(along_x, xs**2 + 6 * xs + 4, rtol=1e-5)
    np.testing.assert_allclose(along_y, 1 + 3 * ys + ys**2, rtol=1e-5)
    slope = np.gradient(along_x, xs)[5]  # at x = 1: ∂f/∂x = 8
    assert abs(slope - 8.0) < 1e-3


def test_linear_map_agrees_with_f_to_second_order():
    vector = surfaces.stacked(*(parse_function(t, XY) for t in article.VECTOR_FORMULAS))
    errors = []
    for radius in (0.2, 0.1):
        lm = surfaces.linear_map(vector, (1.0, 2.0), radius)
        assert lm.grid.shape == lm.image.shape == lm.linear.shape == (10, 21, 2)
        errors.append(float(np.max(np.abs(np.asarray(lm.image) - np.asarray(lm.linear)))))
    assert 3.0 < errors[0] / errors[1] < 5.0  # halving the grid quarters the linearisation error


def test_presets_are_module_level_functions():
    for s in surfaces.PRESETS.values():
        assert getattr(surfaces, s.f.__name__) is s.f
