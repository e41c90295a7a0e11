"""Figure builders for the training pages: the right traces, float32 data, gaps for non-finite values."""

import numpy as np

from dashboard.figures import training
from tests.figure_spec import figure_spec, trace


def test_regression_figure_draws_the_current_line():
    x = np.linspace(-2, 2, 30)
    spec = figure_spec(training.regression_figure(x, 2 * x + 1, 1.5, 0.5, (2.0, 1.0), (2.01, 0.99), 7))
    fit = trace(spec, "fit after 7 steps")
    np.testing.assert_allclose(fit["y"], 1.5 * fit["x"] + 0.5, rtol=1e-6)
    assert fit["y"].dtype == np.float32
    np.testing.assert_allclose(trace(spec, "least squares")["y"], [2.01 * -2 + 0.99, 2.01 * 2 + 0.99], rtol=1e-6)
    assert spec["layout"]["title"]["text"] == "y = 1.500x + 0.500"


def test_loss_figure_is_log_scale_thins_long_curves_and_gaps_nan():
    spec = figure_spec(training.loss_figure([1.0, 0.5, np.inf, 0.1]))
    assert spec["layout"]["yaxis"]["type"] == "log"
    y = trace(spec, "loss")["y"]
    assert np.isnan(y[2]) and y[3] == np.float32(0.1)
    long = figure_spec(training.loss_figure(np.linspace(1, 0.01, 50_000), max_points=1000))
    loss = trace(long, "loss")
    assert len(loss["y"]) <= 1001 and loss["x"][-1] == 50_000 and loss["y"][-1] == np.float32(0.01)


def test_params_figure_starts_at_step_zero():
    spec = figure_spec(training.params_figure([[0, 0], [1, 0.5], [1.8, 0.9]], (2, 1), (2.01, 0.99)))
    np.testing.assert_array_equal(trace(spec, "w")["x"], [0, 1, 2])
    np.testing.assert_allclose(trace(spec, "b")["y"], [0, 0.5, 0.9])


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


def test_prediction_and_activation_figures():
    grid = np.linspace(-3, 3, 200).reshape(-1, 1)
    spec = figure_spec(training.prediction_figure(grid, np.sin(grid), 0 * grid, grid[::4], np.sin(grid[::4]), "t"))
    assert len(trace(spec, "network")["y"]) == 200 and len(trace(spec, "training data")["x"]) == 50
    acts = figure_spec(training.activations_figure(grid, np.ones((200, 32)), max_units=16))
    assert len(acts["data"]) == 16 and "16 of 32" in acts["layout"]["title"]["text"]


def test_timing_figure_in_microseconds():
    spec = figure_spec(training.timing_figure(["a", "b"], [1e-3, 2e-6], "t"))
    np.testing.assert_allclose(spec["data"][0]["x"], [1000.0, 2.0], rtol=1e-6)
    assert spec["layout"]["xaxis"]["type"] == "log"


def test_in_place_updates_match_fresh_figures():
    grid = np.linspace(-3, 3, 200).reshape(-1, 1)
    fig = training.prediction_figure(grid, np.sin(grid), 0 * grid, grid, np.sin(grid), "old")
    training.update_prediction(fig, np.cos(grid), "new")
    spec = figure_spec(fig)
    np.testing.assert_allclose(trace(spec, "network")["y"], np.cos(grid).ravel(), rtol=1e-6)
    assert spec["layout"]["title"]["text"] == "new"
    loss = training.loss_figure([1.0, 0.5])
    training.update_loss(loss, np.linspace(1, 0.1, 5000), np.arange(5000), max_points=500)
    assert figure_spec(loss)["data"][0]["x"][-1] == 4999 and len(figure_spec(loss)["data"][0]["y"]) <= 501
    acts = training.activations_figure(grid, np.zeros((200, 8)))
    training.update_activations(acts, np.ones((200, 8)))
    assert all((t["y"] == 1).all() for t in figure_spec(acts)["data"])
