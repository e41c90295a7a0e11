"""Procurement figure builders: the right traces, frames that move the ω marker and the blend, float32 data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B
from dashboard.figures import procurement as figs
from tests.figure_spec import figure_spec, trace

A, B = np.array(PRICES_A), np.array(PRICES_B)
FRAMES = np.round(np.linspace(0.0, 1.0, 101), 2)


def omega_spec(active: int = 100) -> dict:
    chart = P.omega_chart(P.omega_curve(A, B), w0=0.2, eta=0.5, frames=FRAMES)._replace(active=active)
    fig = figs.omega_figure(chart, pd.RangeIndex(1, 11, name="period"), ("A", "B"))
    return figure_spec(fig)


def test_omega_figure_frames_move_the_marker_and_the_blend():
    spec = omega_spec(active=100)
    assert len(spec["frames"]) == 101
    names = [t["name"] for t in spec["data"]]
    moving = spec["frames"][30]["traces"]
    assert [names[int(i)] for i in moving] == ["blend", "ω", "ω (gradient)"]
    blend, marker, gradient = spec["frames"][30]["data"]
    np.testing.assert_allclose(blend["y"], 0.3 * A + 0.7 * B, rtol=1e-6)
    assert marker["x"][0] == np.float32(0.3)
    np.testing.assert_allclose(marker["y"][0], np.var(0.3 * A + 0.7 * B), rtol=1e-4)
    np.testing.assert_allclose(gradient["y"][0], 2 * np.cov(0.3 * A + 0.7 * B, A - B, bias=True)[0, 1], rtol=1e-3)
    assert spec["layout"]["sliders"][0]["active"] == 100
    assert trace(spec, "L(ω)")["y"].dtype == np.float32 and len(trace(spec, "dL/dω")["y"]) == 1001


def test_omega_figure_thins_long_series_but_keeps_the_curve():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(90, 110, 5000), rng.uniform(90, 110, 5000)
    omegas = np.linspace(0, 1, 1001)
    zeros = np.zeros(1001)
    curve = P.OmegaCurve(a, b, 1.0, None, None, None, omegas, zeros, zeros, 0.5, 0.5, 0.5, 0.0)
    chart = P.OmegaChart(curve, FRAMES, P.blend_frames(FRAMES, a, b), zeros[:101], zeros[:101], 50,
                         np.array([0.5]), np.array([0.0]))
    fig = figs.omega_figure(chart, pd.RangeIndex(5000), ("a", "b"))
    spec = figure_spec(fig)
    assert len(trace(spec, "blend")["y"]) <= 400 and len(spec["frames"][0]["data"][0]["y"]) <= 400


def test_weights_and_variance_bars():
    spec = figure_spec(figs.weights_figure(["A", "B", "C"], np.array([0.5, 0.5, 0.0]), np.array([4.0, 4.0, 9.0]),
                                           1.0))
    np.testing.assert_array_equal(trace(spec, "weight")["y"], [0.5, 0.5, 0.0])
    assert list(trace(spec, "variance")["x"]) == ["A", "B", "C", "blend"]


def test_price_chart_has_a_line_per_supplier_and_correlation_is_symmetric():
    prices = pd.DataFrame({"A": A, "B": B})
    spec = figure_spec(figs.price_chart(prices))
    assert [t["name"] for t in spec["data"]] == ["A", "B"]
    heat = figure_spec(figs.correlation_heatmap(prices.corr()))["data"][0]
    z = np.asarray(heat["z"]).reshape(2, 2)
    np.testing.assert_allclose(z, z.T) and np.testing.assert_allclose(np.diag(z), 1.0)


def test_bootstrap_figure_title_states_the_interval():
    spec = figure_spec(figs.bootstrap_figure(np.linspace(0.2, 0.8, 1000), 0.23, 0.77, 0.5))
    assert "[0.230, 0.770]" in spec["layout"]["title"]["text"]
    assert len(spec["data"][0]["x"]) == 1000


def test_walk_forward_figure_draws_one_line_per_strategy_with_escaped_names():
    from dashboard.figures.procurement import walk_forward_figure

    series = {"walk-forward split": np.array([1.0, 2.0]), "<b>Acme</b>": np.array([3.0, 4.0])}
    fig = walk_forward_figure(["2024-01-01", "2024-02-01"], series)
    assert [t.name for t in fig.data] == ["walk-forward split", "&lt;b&gt;Acme&lt;/b&gt;"]
    assert fig.data[0].line.width == 3 and fig.data[1].line.width == 1.5
    np.testing.assert_allclose(np.asarray(fig.data[1].y, dtype=np.float64), [3.0, 4.0])
