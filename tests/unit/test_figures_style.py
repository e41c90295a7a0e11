"""Presenter mode's figure style: every line thicker, markers and text larger, nothing else changed."""

import numpy as np
import plotly.graph_objects as go

from dashboard.figures import style


def sample() -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=[0, 1], y=[0, 1], line={"color": style.COLORS[0], "width": 3})
    fig.add_scatter(x=[0, 1], y=[1, 0], mode="lines")  # Plotly's default width
    fig.add_scatter(x=[0.5], y=[0.5], mode="markers", marker={"size": 10, "color": style.COLORS[1]})
    fig.add_heatmap(z=[[1, 2]])  # no line, no marker: untouched
    fig.add_annotation(text="note", x=0, y=0, font={"size": 12})
    return style.base_layout(fig, "title")


def test_for_projector_scales_lines_markers_and_text():
    before, after = sample(), style.for_projector(sample())
    assert after.data[0].line.width == 3 * style.PROJECTOR_LINE
    assert after.data[1].line.width == style.DEFAULT_LINE_WIDTH * style.PROJECTOR_LINE
    assert after.data[2].marker.size == 10 * style.PROJECTOR_MARKER
    assert after.layout.font.size == round(before.layout.font.size * style.PROJECTOR_FONT)
    assert after.layout.title.font.size > after.layout.font.size
    assert after.layout.annotations[0].font.size == round(12 * style.PROJECTOR_FONT)
    np.testing.assert_array_equal(after.data[0].y, before.data[0].y)  # the data is the same
    assert after.data[0].line.color == before.data[0].line.color
