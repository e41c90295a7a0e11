"""Tangent page: 120 frames whose tangent slopes are f′, for presets and typed functions."""

import numpy as np
import pytest

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs


def frame_slopes(spec):
    out = []
    for frame in spec["frames"]:
        tangent = frame["data"][0]
        out.append(float((tangent["y"][1] - tangent["y"][0]) / (tangent["x"][1] - tangent["x"][0])))
    return np.array(out)


def touch_points(spec):
    return np.array([float(frame["data"][1]["x"][0]) for frame in spec["frames"]])  # the marked point


def test_sin_frames_have_slope_cos():
    at = open_page("tangent_line")
    assert not at.exception
    spec = plotly_specs(at)[0]
    assert len(spec["frames"]) == 120 and len(spec["layout"]["sliders"][0]["steps"]) == 120
    np.testing.assert_allclose(frame_slopes(spec), np.cos(touch_points(spec)), atol=2e-3)


def test_preset_and_typed_function_change_the_frames():
    at = open_page("tangent_line")
    at.selectbox(key="tan_preset").set_value("x³ − 2x").run()
    spec = plotly_specs(at)[0]
    assert spec["layout"]["sliders"][0]["steps"][0]["label"] == "-2.00"
    np.testing.assert_allclose(frame_slopes(spec), 3 * touch_points(spec) ** 2 - 2, atol=2e-2)
    at.text_input(key="tan_formula_2").set_value("x^2").run()
    spec = plotly_specs(at)[0]
    np.testing.assert_allclose(frame_slopes(spec), 2 * touch_points(spec), atol=1e-2)
    readout = spec["frames"][60]["data"][1]["text"][3]
    x = touch_points(spec)[60]
    assert f"θ = {np.degrees(np.arctan(2 * x)):.1f}°" in readout or pytest.fail(readout)
