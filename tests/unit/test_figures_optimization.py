"""dashboard.figures.optimization: the data that reaches Plotly (decoded specs), frames, sizes, NaN handling."""

import base64
import re

import numpy as np

from calc_core import descent, surfaces
from dashboard.figures import encode
from dashboard.figures import optimization as figs
from tests.figure_spec import figure_spec, trace


def race(start=(2.0, 1.6), steps=100):
    fld = surfaces.field(surfaces.saddle, (-3.0, 3.0), (-3.0, 3.0), 40)
    paths = {name: np.asarray(descent.run(surfaces.saddle, start, name, 0.02, steps))
             for name in descent.OPTIMIZER_NAMES}
    return fld, paths


def test_quiver_arrows_follow_minus_gradient():
    xs, ys = np.array([0.0, 1.0]), np.array([0.0, 1.0])
    u, v = np.array([[1.0, 0.0], [0.0, -4.0]]), np.array([[0.0, 2.0], [0.0, 0.0]])
    qx, qy = figs.quiver_xy(xs, ys, u, v, scale=0.5)
    assert qx.dtype == np.float32 and qx.shape == (4 * 7,)
    arrows = np.stack([qx, qy], 1).reshape(2, 2, 7, 2)
    tail, tip = arrows[..., 0, :], arrows[..., 1, :]
    direction = tip - tail
    np.testing.assert_allclose(np.linalg.norm(direction[1, 1]), 0.5, rtol=1e-6)  # the longest arrow
    np.testing.assert_allclose(direction[0, 0] / np.linalg.norm(direction[0, 0]), [1, 0], atol=1e-6)
    np.testing.assert_allclose(direction[0, 1] / np.linalg.norm(direction[0, 1]), [0, 1], atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(direction[0, 0]), 0.5 * np.sqrt(1 / 4), rtol=1e-6)  # √ scaling
    assert np.all(np.isnan(arrows[1, 0]))  # a zero gradient draws no arrow


def arrow_subpaths(uri: str) -> list[np.ndarray]:
    """The polylines of an arrow SVG data URI, each ``(k, 2)`` in the SVG's 0..1000 canvas coordinates."""
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode("ascii")
    assert 'preserveAspectRatio="none"' in svg and 'vector-effect="non-scaling-stroke"' in svg
    d = re.search(r' d="([^"]*)"', svg).group(1)
    return [np.array([[float(v) for v in pt.split()] for pt in re.split("L", sub)]) for sub in d.split("M")[1:]]


def test_arrow_svg_puts_each_arrow_where_quiver_xy_puts_it():
    xs, ys = np.array([0.0, 1.0]), np.array([0.0, 2.0])
    u, v = np.array([[1.0, 0.0], [0.0, -4.0]]), np.array([[0.0, 2.0], [0.0, 0.0]])
    qx, qy = figs.quiver_xy(xs, ys, u, v, scale=0.5)
    subpaths = arrow_subpaths(encode.arrows_svg_uri(qx, qy, (0.0, 1.0), (0.0, 2.0)))
    assert [len(p) for p in subpaths] == [2, 3] * 3  # three arrows (one gradient is zero): shaft, head
    polyline = np.stack([qx, qy], 1)
    drawn = polyline[np.isfinite(polyline[:, 0])]
    expected = np.stack([drawn[:, 0] / 1.0 * 1000, (2.0 - drawn[:, 1]) / 2.0 * 1000], 1)  # y flipped
    np.testing.assert_allclose(np.concatenate(subpaths), expected, atol=0.51)  # whole canvas units in the SVG
    np.testing.assert_allclose(subpaths[0], [[0.0, 1000.0], [250.0, 1000.0]], atol=0.51)  # (0,0) → right


def test_field_figure_paths_balls_frames_and_pick_grid():
    fld, paths = race()
    fig = figs.field_figure(fld, paths, (2.0, 1.6))
    spec = figure_spec(fig)
    sgd = trace(spec, "Gradient descent")
    np.testing.assert_allclose(np.stack([sgd["x"], sgd["y"]], 1), paths["sgd"], rtol=1e-6)
    assert len(trace(spec, figs.PICK_TRACE)["x"]) == 31 * 31
    assert spec["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    frames = spec["frames"]
    assert 2 <= len(frames) <= figs.MAX_FRAMES
    balls = [i for i, t in enumerate(spec["data"]) if t["name"].endswith(" ball")]
    assert all(list(f["traces"]) == balls for f in frames)  # frames move only the balls
    last = frames[-1]["data"][balls.index(balls[0])]
    np.testing.assert_allclose([last["x"][0], last["y"][0]], paths["sgd"][-1], atol=5e-5)  # 4 decimals
    assert len(fig.to_json()) < 500_000


def test_light_field_for_fast_redraws():
    """The page sends a 24 × 24 arrow grid: the figure stays small and the frames are plain short lists."""
    fld = surfaces.field(surfaces.saddle, (-3.0, 3.0), (-3.0, 3.0), 24)
    paths = {name: np.asarray(descent.run(surfaces.saddle, (2.0, 1.6), name, 0.02, 500))
             for name in descent.OPTIMIZER_NAMES}
    shade = surfaces.field(surfaces.saddle, (-3.0, 3.0), (-3.0, 3.0), 128).z
    fig = figs.field_figure(fld, paths, (2.0, 1.6), z_fine=shade)
    images = {image.get("name"): image for image in figure_spec(fig)["layout"]["images"]}
    assert len(arrow_subpaths(images[figs.ARROWS_IMAGE]["source"])) == 24 * 24 * 2  # a shaft and a head each
    assert not any(t["name"] == figs.ARROWS_IMAGE for t in figure_spec(fig)["data"])  # not a trace
    assert all(isinstance(d["x"], list) and len(d["x"]) == 1 for f in fig.to_dict()["frames"] for d in f["data"])
    assert len(fig.to_json()) < 150_000


def test_diverged_path_stops_at_its_last_finite_point():
    path = np.array([[0.0, 0.0], [1.0, 1.0], [np.nan, np.nan], [np.nan, np.nan]], np.float32)
    fld, _ = race(steps=3)
    spec = figure_spec(figs.field_figure(fld, {"sgd": path}, (0.0, 0.0)))
    assert len(trace(spec, "Gradient descent")["x"]) == 2 and np.all(np.isfinite(trace(spec, "Gradient descent")["x"]))
    final = spec["frames"][-1]["data"][0]
    assert (final["x"][0], final["y"][0]) == (1.0, 1.0)


def test_loss_figure_is_log_only_when_every_value_is_positive():
    positive = figure_spec(figs.loss_figure({"sgd": np.array([4.0, 2.0, 1.0, np.nan])}))
    assert positive["layout"]["yaxis"]["type"] == "log"
    assert len(trace(positive, "Gradient descent")["y"]) == 3  # NaN rows left out, never plotted
    zero = figure_spec(figs.loss_figure({"newton": np.array([4.0, 0.0])}))
    assert zero["layout"]["yaxis"]["type"] == "log" and "drawn at 1e-12" in zero["layout"]["title"]["text"]
    np.testing.assert_allclose(trace(zero, "Newton")["y"], [4.0, 1e-12], rtol=1e-6)
    negative = figure_spec(figs.loss_figure({"sgd": np.array([1.0, -2.0])}))
    assert negative["layout"]["yaxis"].get("type") != "log"
    assert "linear" in negative["layout"]["title"]["text"]


def test_surface_3d_drops_points_outside_the_box():
    fld, paths = race(start=(2.0, 1.6))
    losses = {k: np.asarray(descent.losses(surfaces.saddle, p)) for k, p in paths.items()}
    spec = figure_spec(figs.surface_3d_figure(fld, paths, losses))
    momentum = trace(spec, "Momentum")
    inside = np.isfinite(momentum["x"])
    assert 0 < inside.sum() < len(paths["momentum"])  # momentum leaves the box along (1, −1)
    assert np.all(np.abs(momentum["x"][inside]) <= 3.0)
