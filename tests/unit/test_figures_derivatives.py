"""Figure builders for the derivative pages: the numbers in the spec, masking, and the animation's size."""

import json

import numpy as np
import pytest

from calc_core import article, chain, critical
from calc_core import derivatives as d
from calc_core.expr import parse_function
from dashboard.figures import derivatives as figs
from tests.figure_spec import figure_spec, trace


def test_secant_figure_draws_secant_and_tangent_slopes():
    xs = d.grid(0, 2)
    fig = figs.secant_figure(xs, xs**2, 1.0, 1.0, 1.5, 2.25, 2.5, 2.0, "t")
    spec = figure_spec(fig)
    secant = [t for t in spec["data"] if t["name"].startswith("secant")][0]
    tangent = [t for t in spec["data"] if t["name"].startswith("tangent")][0]
    assert np.diff(secant["y"]) / np.diff(secant["x"]) == np.float32(2.5)
    np.testing.assert_allclose(np.diff(tangent["y"]) / np.diff(tangent["x"]), 2.0, rtol=1e-6)
    assert trace(spec, "f(x)")["y"].dtype == np.float32


def test_nonfinite_values_are_gaps_with_a_note():
    xs = d.grid(-1, 1, 11)
    ys = np.asarray(d.derivatives(parse_function("log(x)"), 0, xs)[0])
    spec = figure_spec(figs.secant_figure(xs, ys, 0.5, -0.69, 0.6, -0.51, 1.8, 2.0, "log"))
    assert np.isnan(trace(spec, "f(x)")["y"][:6]).all()
    notes = [a["text"] for a in spec["layout"].get("annotations", [])]
    assert any("not finite" in n and n.startswith("6 points") for n in notes), notes
    clean = figure_spec(figs.secant_figure(xs, xs, 0.5, 0.5, 0.6, 0.6, 1.0, 1.0, "x"))
    assert not clean["layout"].get("annotations")


def test_difference_error_figure_is_log_log_and_floors_zero():
    e = d.difference_errors(parse_function("x^2"), 1.0)
    spec = figure_spec(figs.difference_error_figure(e))
    assert spec["layout"]["xaxis"]["type"] == spec["layout"]["yaxis"]["type"] == "log"
    central64 = trace(spec, "central, float64")["y"]
    assert central64.min() >= np.float32(figs.ERROR_FLOOR)  # exact zeros stay drawable
    assert len(spec["data"]) == 5


def test_tangent_animation_has_120_small_frames_with_the_true_slope():
    f = parse_function(article.DISTANCE_FORMULA)
    xs = d.grid(*article.DISTANCE_RANGE)
    frames = d.tangent_frames(f, *article.DISTANCE_RANGE)
    fig = figs.tangent_animation(xs, d.derivatives(f, 0, xs)[0], frames, "t")
    assert len(fig.frames) == 120
    assert len(fig.to_json()) < 300_000
    for i in (0, 60, 119):
        tangent = fig.frames[i].data[0]
        slope = (tangent.y[1] - tangent.y[0]) / (tangent.x[1] - tangent.x[0])
        assert abs(slope - 60 / np.cosh(0.6 * frames.xs[i]) ** 2) < 1e-3 * max(1.0, abs(slope))
        assert tangent.x[2] is None  # one trace: tangent, then the triangle's legs after a gap
        assert tangent.y[5] - tangent.y[4] == pytest.approx(slope * (tangent.x[4] - tangent.x[3]), rel=1e-3)
    assert list(fig.frames[0].traces) == [1, 2]
    assert fig.slider["x"] >= 0.2  # clear of the buttons


def test_extrema_figure_marks_points_by_kind_and_the_ends():
    f = parse_function("x^3 - 2*x")
    xs = d.grid(-2, 2)
    found = critical.critical_points(f, -2.0, 2.0)
    spec = figure_spec(figs.extrema_figure(xs, d.derivatives(f, 2, xs), found))
    np.testing.assert_allclose(trace(spec, "minimum")["x"], [np.sqrt(2 / 3)], atol=1e-4)
    np.testing.assert_allclose(trace(spec, "maximum")["x"], [-np.sqrt(2 / 3)], atol=1e-4)
    np.testing.assert_allclose(trace(spec, "interval ends")["x"], [-2, 2])
    np.testing.assert_allclose(trace(spec, "f″(x)")["y"], 6 * xs, atol=1e-4)


def test_higher_order_and_taylor_figures():
    f = parse_function("sin(x)")
    xs = d.grid(-3, 3)
    spec = figure_spec(figs.higher_order_figure(xs, d.derivatives(f, 3, xs), "t"))
    assert [t["name"] for t in spec["data"]] == ["f", "f′", "f″", "f‴"]
    np.testing.assert_allclose(trace(spec, "f‴")["y"], -np.cos(xs), atol=1e-5)
    result = d.taylor(f, 0.0, 3, xs)
    spec = figure_spec(figs.taylor_figure(xs, np.sin(xs), result, 0.0, 3))
    np.testing.assert_allclose(trace(spec, "Taylor polynomial, degree 3")["y"], xs - xs**3 / 6, atol=1e-5)
    assert spec["layout"]["yaxis2"]["type"] == "log"


def test_chain_figure_shows_product_and_grad():
    result = chain.chain_rule((article.layer1, article.layer2), 2.0)
    spec = figure_spec(figs.chain_figure(result, ["tanh(x)", "x^2"]))
    product, grad = trace(spec, "dy/dx")["y"]
    assert product == grad == round(float(result.autodiff), 6)
    assert json.dumps(spec["layout"]["title"]["text"]).count("agrees") == 1
