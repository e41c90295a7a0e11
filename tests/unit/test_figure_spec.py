"""The test helper that reads Plotly specs decodes Plotly 7's binary arrays exactly."""

import numpy as np
import plotly.graph_objects as go

from tests.figure_spec import decode, figure_spec, trace


def test_binary_arrays_round_trip_with_dtype_and_shape():
    z = np.arange(6, dtype=np.float32).reshape(2, 3)
    fig = go.Figure([go.Heatmap(z=z, name="heat"), go.Scatter(x=np.array([1.5, 2.5]), y=[1, None], name="s")])
    spec = figure_spec(fig)
    np.testing.assert_array_equal(trace(spec, "heat")["z"], z)
    np.testing.assert_array_equal(trace(spec, "s")["x"], [1.5, 2.5])
    assert np.isnan(trace(spec, "s")["y"][1])


def test_decode_handles_int_types_and_nested_structures():
    data = {"a": [{"dtype": "i2", "bdata": "AQACAA=="}], "b": "text", "c": [True, False]}
    decoded = decode(data)
    np.testing.assert_array_equal(decoded["a"][0], [1, 2])
    assert decoded["b"] == "text" and decoded["c"] == [True, False]
