"""The Plotly animation helper: frames update only the moving traces, never redraw, and play in the browser."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboard.figures.animation import animate
from tests.figure_spec import figure_spec


def base_figure():
    xs = np.linspace(0, 1, 50, dtype=np.float32)
    return go.Figure([go.Scatter(x=xs, y=xs**2, name="curve"), go.Scatter(x=[0.0], y=[0.0], name="point")])


def test_frames_update_only_the_moving_trace_without_redraw():
    xs = np.linspace(0, 1, 5, dtype=np.float32)
    frames = [[{"x": [float(x)], "y": [float(x * x)]}] for x in xs]
    fig = animate(base_figure(), frames, moving=[1], labels=[f"{x:.2f}" for x in xs], prefix="x = ")
    spec = figure_spec(fig)
    assert len(spec["frames"]) == 5
    assert all(frame["traces"] == [1] for frame in spec["frames"])
    np.testing.assert_allclose([f["data"][0]["x"][0] for f in spec["frames"]], xs)
    slider = spec["layout"]["sliders"][0]
    assert [step["label"] for step in slider["steps"]] == [f"{x:.2f}" for x in xs]
    assert all(step["args"][1]["frame"]["redraw"] is False for step in slider["steps"])
    play, pause = spec["layout"]["updatemenus"][0]["buttons"]
    assert play["args"][0] is None and play["args"][1]["frame"]["redraw"] is False
    assert pause["args"][0] == [None]
    assert slider["currentvalue"]["prefix"] == "x = "


def test_static_traces_are_kept_and_frames_are_typed():
    fig = animate(base_figure(), [[{"y": [1.0]}], [{"y": [2.0]}]], moving=[1], labels=["a", "b"])
    spec = figure_spec(fig)
    assert [t["name"] for t in spec["data"]] == ["curve", "point"]
    assert spec["frames"][1]["data"][0]["type"] == "scatter"
    assert json.loads(fig.to_json())["frames"][0]["name"] == "a"


def test_layout_updates_travel_with_their_frames():
    fig = animate(base_figure(), [[{"y": [1.0]}], [{"y": [2.0]}]], moving=[1], labels=["a", "b"],
                  layout_updates=[{"title": {"text": "one"}}, {"title": {"text": "two"}}])
    assert [frame.layout.title.text for frame in fig.frames] == ["one", "two"]


@pytest.mark.parametrize(
    ("frames", "moving", "labels"),
    [([[{"y": [1.0]}]], [1], ["a", "b"]), ([[{"y": [1.0]}, {"y": [2.0]}]], [1], ["a"])],
)
def test_mismatched_frames_are_refused(frames, moving, labels):
    with pytest.raises(ValueError):
        animate(base_figure(), frames, moving=moving, labels=labels)
