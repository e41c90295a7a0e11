"""dashboard.figures.descent_1d: the learning-rate zones, and the 1-D descent charts dropping NaN."""

import json

import numpy as np

from dashboard.figures import descent_1d as figs
from tests.figure_spec import figure_spec, trace


def test_stability_figure_marks_one_and_two_over_lambda():
    spec = figure_spec(figs.stability_figure(0.8, 2.0))
    lines = sorted(s["x0"] for s in spec["layout"]["shapes"] if s["type"] == "line")
    np.testing.assert_allclose(lines, [0.5, 1.0])
    assert trace(spec, "your lr")["x"][0] == np.float32(0.8)
    saddle = figure_spec(figs.stability_figure(0.1, -1.0))
    assert "no step size" in json.dumps(saddle["layout"]["annotations"])


def test_1d_figures_drop_nan_and_mark_the_target():
    xs = np.linspace(-1, 5, 50)
    spec = figure_spec(figs.descent_curve_figure(xs, (xs - 3) ** 2 + 1, np.array([0.0, 0.6, np.nan]),
                                                 np.array([10.0, 6.76, np.nan])))
    np.testing.assert_allclose(trace(spec, "iterates")["x"], [0.0, 0.6], rtol=1e-6)
    spec = figure_spec(figs.iterates_figure(np.array([0.0, 0.6, 1.08]), target=3.0))
    assert spec["layout"]["shapes"][0]["y0"] == 3.0


def test_stability_figure_without_a_positive_curvature_has_no_converges_zone():
    spec = figure_spec(figs.stability_figure(0.1, None, note="λ_min = -1 < 0", bound=0.4))
    notes = json.dumps(spec["layout"]["annotations"], ensure_ascii=False)
    assert "converges" not in notes and "λ_min = -1 < 0" in notes and "2/λ_max = 0.4" in notes
