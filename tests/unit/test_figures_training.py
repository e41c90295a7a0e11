"""Figure builders for the training pages: the right traces, float32 data, gaps for non-finite values.

The live charts are Vega-Lite specs whose spec (all but the datasets) must not change from tick to tick:
that is what lets Streamlit swap the data into the drawn chart instead of remounting it (no blinking).
"""

import json

import numpy as np

from dashboard.figures import training
from tests.figure_spec import figure_spec, trace
from tests.vega_spec import title, vega_chart


def frozen(spec: dict) -> str:
    """The part of a live spec that must stay the same on every tick (everything but the data)."""
    return json.dumps(vega_chart(spec)[0], sort_keys=True)


def test_regression_chart_draws_the_current_line():
    x = np.linspace(-2, 2, 30)
    chart = vega_chart(training.regression_chart(x, 2 * x + 1, 1.5, 0.5, (2.0, 1.0), (2.01, 0.99), 7))
    lines = chart[1]["lines"]
    np.testing.assert_allclose(lines["fit"], 1.5 * lines["x"] + 0.5, rtol=1e-6)
    assert lines["fit"].dtype == np.float32 and chart[1]["points"]["y"].dtype == np.float32
    np.testing.assert_allclose(lines["exact"], [2.01 * -2 + 0.99, 2.01 * 2 + 0.99], rtol=1e-6)
    assert title(chart) == "y = 1.500x + 0.500 after 7 steps"
    later = training.regression_chart(x, 2 * x + 1, 1.9, 0.9, (2.0, 1.0), (2.01, 0.99), 70)
    assert frozen(later) == frozen(training.regression_chart(x, 2 * x + 1, 1.5, 0.5, (2.0, 1.0), (2.01, 0.99), 7))


def test_loss_chart_is_log_scale_thins_long_curves_and_gaps_nan():
    spec, data = vega_chart(training.loss_chart([1.0, 0.5, np.inf, 0.1, 0.0]))
    assert spec["layer"][1]["encoding"]["y"]["scale"] == {"type": "log"}
    y = data["loss"]["loss"].to_numpy()
    assert np.isnan(y[2]) and y[3] == np.float32(0.1) and np.isnan(y[4])  # inf and 0 (no log) are gaps
    assert data["loss"]["dot"].all()  # short curves get a dot per point
    _, long = vega_chart(training.loss_chart(np.linspace(1, 0.01, 50_000), max_points=1000))
    assert len(long["loss"]) <= 1001 and long["loss"]["step"].iloc[-1] == 50_000
    assert long["loss"]["loss"].iloc[-1] == np.float32(0.01) and not long["loss"]["dot"].any()
    assert frozen(training.loss_chart([1.0])) == frozen(training.loss_chart(np.ones(5000)))
    linear, _ = vega_chart(training.loss_chart([1.0, -1.0], log=False))
    assert linear["layer"][1]["encoding"]["y"]["scale"] == {"zero": False}


def test_params_chart_starts_at_step_zero_with_reference_rules():
    spec, data = vega_chart(training.params_chart([[0, 0], [1, 0.5], [1.8, 0.9]], (2, 1), (2.01, 0.99)))
    np.testing.assert_array_equal(data["history"]["step"], [0, 1, 2])
    np.testing.assert_allclose(data["history"]["b"], [0, 0.5, 0.9])
    refs = data["refs"].set_index(["param", "kind"])["value"]
    assert refs["w", "true"] == 2 and refs["b", "least squares"] == np.float32(0.99)
    _, long = vega_chart(training.params_chart(np.ones((9000, 2)), (2, 1), (2, 1), max_points=500))
    assert len(long["history"]) <= 501 and long["history"]["step"].iloc[-1] == 8999


def test_gradient_arrows_are_segments_from_the_origin():
    grads = np.array([[1.0, 2.0], [3.0, -1.0], [40.0, 10.0]], np.float32)
    mask = np.array([False, False, True])
    fig = training.gradient_arrows_figure(grads, grads.mean(0), grads.mean(0), grads.mean(0), mask, 5.0, grads)
    spec = figure_spec(fig)
    normal = trace(spec, "per-example gradient (2)")
    np.testing.assert_array_equal(normal["x"][0::3], [0, 0])
    np.testing.assert_array_equal(normal["x"][1::3], [1, 3])
    assert np.isnan(normal["x"][2::3]).all()
    outlier = trace(spec, "outlier (norm above Q3 + 3 IQR) (1)")
    np.testing.assert_array_equal(outlier["y"][1::3], [10])
    circle = trace(spec, "clip norm C = 5")
    np.testing.assert_allclose(np.hypot(circle["x"], circle["y"]), 5.0, rtol=1e-5)
    np.testing.assert_allclose(trace(spec, "batch gradient")["x"], [grads.mean(0)[0]])


def test_prediction_and_activation_charts():
    grid = np.linspace(-3, 3, 200).reshape(-1, 1)
    chart = vega_chart(training.prediction_chart(grid, np.sin(grid), 0 * grid, grid[::4], np.sin(grid[::4]), "t"))
    curves = chart[1]["curves"]
    assert len(curves) == 200 and len(chart[1]["train"]) == 50 and title(chart) == "t"
    np.testing.assert_allclose(curves["target"], np.sin(curves["x"]), atol=1e-6)
    assert (curves.dtypes == np.float32).all()
    acts_spec, acts = vega_chart(training.activations_chart(grid, np.arange(200 * 32).reshape(200, 32), 16))
    assert acts["acts"].shape == (200, 17) and acts_spec["layer"][1]["transform"][0]["fold"][-1] == "unit 15"
    assert acts["acts"]["unit 03"].iloc[2] == 2 * 32 + 3


def test_live_specs_do_not_change_between_ticks():
    """Only the datasets change as training goes on, never the spec, so the drawn chart is reused."""
    grid = np.linspace(-3, 3, 200).reshape(-1, 1)
    before = training.prediction_chart(grid, np.sin(grid), 0 * grid, grid, np.sin(grid), "after 0 steps")
    after = training.prediction_chart(grid, np.sin(grid), np.cos(grid), grid, np.sin(grid), "after 900 steps")
    assert frozen(before) == frozen(after)
    assert frozen(training.activations_chart(grid, np.zeros((200, 32)))) == frozen(
        training.activations_chart(grid, np.ones((200, 32))))
    assert frozen(training.params_chart([[0, 0]], (2, 1), (2, 1))) == frozen(
        training.params_chart(np.ones((50, 2)), (2, 1), (2.1, 0.9)))


def test_timing_figure_in_microseconds():
    spec = figure_spec(training.timing_figure(["a", "b"], [1e-3, 2e-6], "t"))
    np.testing.assert_allclose(spec["data"][0]["x"], [1000.0, 2.0], rtol=1e-6)
    assert spec["layout"]["xaxis"]["type"] == "log"
