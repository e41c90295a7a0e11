"""The palette checker itself: it must catch a colour that is neither Okabe–Ito nor grey."""

import plotly.graph_objects as go
import pytest

from dashboard.figures import style
from tests.palette import is_safe_colour, unsafe_colours


@pytest.mark.parametrize(("colour", "safe"), [("#0072B2", True), ("#d55e00", True), ("#94a3b8", True),
                                              ("rgba(15,23,42,0.55)", True), ("white", True),
                                              ("#ff0000", False), ("#00ff00", False), ("rgb(255, 0, 0)", False),
                                              ("red", False)])
def test_is_safe_colour(colour, safe):
    assert is_safe_colour(colour) is safe


def test_checker_finds_a_red_and_a_rainbow_in_a_figure():
    fig = go.Figure()
    fig.add_scatter(y=[1, 2], line={"color": "#ff0000"})
    fig.add_heatmap(z=[[1, 2]], colorscale="Jet")
    fig.add_scatter(y=[1, 2], line={"color": style.COLORS[0]}, marker={"color": [1.0, 2.0]})
    fig.add_heatmap(z=[[1, 2]], colorscale="Viridis")
    found = unsafe_colours(fig.to_plotly_json())
    assert ("color", "#ff0000") in found
    assert ("colorscale", "rgb(250,0,0)") in found  # Jet's red, expanded by Plotly
    assert all(kind == "colorscale" for kind, c in found if c != "#ff0000")
    assert not unsafe_colours(go.Figure(go.Heatmap(z=[[1, 2]], colorscale="Viridis")).to_plotly_json())


def test_the_shared_palette_is_okabe_ito():
    assert all(is_safe_colour(c) for c in style.COLORS)


def test_checker_reads_vega_lite_scale_ranges():
    spec = {"resolve": {"scale": {"color": "shared"}},
            "layer": [{"encoding": {"color": {"datum": "fit", "scale": {"range": ["#0072B2", "#ff00ff"]}}}}]}
    assert unsafe_colours(spec) == [("range", "#ff00ff")]
