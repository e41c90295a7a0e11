"""calc_core.pages.gradient_field: the page's two models against the single calc_core calls and closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from calc_core import article, descent, stability, surfaces
from calc_core.pages.gradient_field import optimizer_rates, partial_view, race_view, surface_view

SADDLE = surfaces.PRESETS["saddle"]
BOWL = surfaces.PRESETS["bowl"]


def test_surface_view_is_the_two_fields():
    box = (SADDLE.x_range, SADDLE.y_range)
    view = surface_view(SADDLE.f, box, 24, 128)
    np.testing.assert_array_equal(view.field.z, surfaces.field(SADDLE.f, *box, n=24).z)
    np.testing.assert_array_equal(view.shade, surfaces.field(SADDLE.f, *box, n=128).z)
    assert view.shade.shape == (128, 128)


def test_partial_view_matches_the_calls_and_the_closed_form_gradient():
    f = SADDLE.f
    view = partial_view(f, 1.0, 2.0)
    point = np.array([1.0, 2.0], np.float32)
    np.testing.assert_array_equal(view.grad, np.asarray(surfaces.gradient(f, point)))
    np.testing.assert_allclose(view.check, surfaces.finite_difference_jacobian(f, point)[0])
    hessian = np.array(article.SADDLE_HESSIAN)  # the saddle is ½ pᵀHp, so ∇f = Hp
    np.testing.assert_allclose(view.grad, hessian @ [1.0, 2.0], rtol=1e-5)
    np.testing.assert_allclose(view.check, hessian @ [1.0, 2.0], rtol=1e-6)
    assert view.value == pytest.approx(0.5 * np.array([1.0, 2.0]) @ hessian @ [1.0, 2.0], rel=1e-6)
    xs, along_x, ys, along_y = (np.asarray(a) for a in surfaces.slices(f, point))
    for got, want in ((view.xs, xs), (view.along_x, along_x), (view.ys, ys), (view.along_y, along_y)):
        np.testing.assert_array_equal(got, want)
    assert view.xs.shape == (101,) and view.xs[50] == pytest.approx(1.0)


def test_rates_give_adam_its_own_and_newton_full_steps():
    assert optimizer_rates(["sgd", "adam", "newton", "momentum"], 0.1, 0.3) == {
        "sgd": 0.1, "adam": 0.3, "newton": 1.0, "momentum": 0.1}


def test_race_view_on_the_saddle_matches_the_runs_and_its_eigenvalues():
    f, chosen = SADDLE.f, list(descent.OPTIMIZER_NAMES)
    race = race_view(f, 0.5, 0.3, 0.05, 0.1, 500, chosen)
    start = np.array([0.5, 0.3], np.float32)
    for name in chosen:
        want = np.asarray(descent.run(f, start, name, race.rates[name], 500))
        np.testing.assert_array_equal(race.paths[name], want)
        np.testing.assert_array_equal(race.losses[name], np.asarray(descent.losses(f, want)))
        assert race.paths[name].shape == (501, 2)
    np.testing.assert_allclose(race.lam, sorted(article.SADDLE_EIGENVALUES), rtol=1e-5)
    assert race.kind == "saddle"
    for name, (step, why) in race.diverged.items():  # descent runs off along (1, −1): f → −∞
        assert step == descent.first_diverged_step(race.paths[name]) and why
    assert "sgd" in race.diverged
    assert race.report.kind == stability.descent_report(f, race.paths["sgd"]).kind == "escapes"


def test_race_view_without_plain_descent_still_diagnoses_it():
    race = race_view(BOWL.f, *BOWL.start, BOWL.lr, BOWL.adam_lr, 200, ["adam"])
    assert list(race.paths) == ["adam"] and race.diverged == {}
    plain = np.asarray(descent.run(BOWL.f, np.array(BOWL.start, np.float32), "sgd", BOWL.lr, 200))
    assert race.report.kind == stability.descent_report(BOWL.f, plain).kind
    assert race.kind == "minimum" and (race.lam > 0).all()


def test_a_start_where_f_is_not_finite_has_no_report():
    from calc_core.expr import as_vector_function, parse_function

    f = as_vector_function(parse_function("log(x) + y^2", ("x", "y")), 2)
    race = race_view(f, -1.0, 0.0, 0.1, 0.1, 50, ["sgd"])
    assert race.report is None
    assert race.diverged == {"sgd": (0, "f is not finite at the start.")}
