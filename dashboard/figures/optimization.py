"""Figures for the gradient-field page: slices through a point, the −∇f field with optimizers racing on it,
their losses and the 3-D surface. (1-D descent and the learning-rate zones are in ``figures.descent_1d``, the
Jacobian and Hessian in ``figures.jacobian_hessian``, the PNG/SVG encoders in ``figures.encode``.)

Data in (NumPy or JAX arrays, ``calc_core.surfaces.Field``), ``go.Figure`` out; no Streamlit. Arrays go to
Plotly as float32.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from calc_core import divergence
from calc_core.surfaces import Field
from dashboard.figures.animation import animate
from dashboard.figures.encode import SURFACE_SCALE, arrows_svg_uri, banded_rgb, color_values, png_data_uri
from dashboard.figures.style import COLORS, FUNCTION_COLOR, MUTED, POINT_COLOR, TANGENT_COLOR, base_layout

MAX_FRAMES = 60
MAX_MARKERS = 100  # step markers drawn per path (evenly thinned by plotly.js): SVG nodes cost redraw time
OPTIMIZER_COLORS = {"sgd": COLORS[0], "momentum": COLORS[1], "nesterov": COLORS[2], "adam": COLORS[3],
                    "newton": COLORS[7]}
# "sgd" stays the internal key (and optax's name); it is deterministic full-batch descent, so it is shown as such
OPTIMIZER_LABELS = {"sgd": "Gradient descent", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam",
                    "newton": "Newton"}
PICK_TRACE = "pick a start"
ARROWS_IMAGE = "−∇f"  # the arrows are a layout image of this name (see arrows_svg_uri)


def f32(values) -> np.ndarray:
    """A float32 copy, values as they are (``style.finite_or_none`` is the one that turns inf into gaps)."""
    return np.asarray(values, dtype=np.float32)


def finite_rows(path) -> np.ndarray:
    """The rows of ``path`` (shape ``(k, dim)``) before the first non-finite one."""
    return divergence.finite_prefix(np.asarray(path, np.float32))[0]


# --- Partial derivatives ------------------------------------------------------------------------------
def slice_figure(t, values, at: float, value: float, slope: float, variable: str, fixed: str) -> go.Figure:
    """One slice of f through the point, with the tangent of slope ``∂f/∂variable`` at ``at``."""
    t, values = f32(t), f32(values)
    half = 0.35 * float(t.max() - t.min())
    tangent_t = f32([at - half, at + half])
    fig = go.Figure()
    fig.add_scatter(x=t, y=values, mode="lines", name=f"slice ({fixed})", line={"color": FUNCTION_COLOR})
    fig.add_scatter(x=tangent_t, y=f32(value + slope * (tangent_t - at)), mode="lines",
                    name=f"slope ∂f/∂{variable} = {slope:.4g}", line={"color": TANGENT_COLOR, "dash": "dash"})
    fig.add_scatter(x=f32([at]), y=f32([value]), mode="markers", name="the point",
                    marker={"size": 12, "color": POINT_COLOR}, showlegend=False)
    fig = base_layout(fig, f"Slice with {fixed}", variable, "f", height=320)
    fig.update_layout(legend={"y": -0.3, "yanchor": "top", "x": 0.0, "xanchor": "left"},
                      margin={"b": 90})
    return fig


# --- Gradient field and trajectories ------------------------------------------------------------------
def quiver_xy(xs, ys, u, v, scale: float, head: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Arrows from every grid point along ``(u, v)`` as one polyline with NaN breaks.

    ``xs`` shape ``(n,)``, ``ys`` shape ``(m,)``, ``u, v`` shape ``(m, n)``. The longest arrow is ``scale``
    long and lengths grow like ``√|(u, v)|`` (so small gradients stay visible); directions are exact.
    Returns x and y, each shape ``(m·n·7,)``: shaft (2 points), break, head (3 points), break.
    """
    gx, gy = np.meshgrid(np.asarray(xs, np.float64), np.asarray(ys, np.float64))
    u, v = np.asarray(u, np.float64), np.asarray(v, np.float64)
    mag = np.hypot(u, v)
    finite = np.isfinite(mag)
    top = float(mag[finite].max()) if finite.any() else 0.0
    length = scale * np.sqrt(np.where(finite, mag, 0.0) / top) if top > 0 else np.zeros_like(mag)
    with np.errstate(invalid="ignore", divide="ignore"):
        dx, dy = np.where(mag > 0, u / mag, 0.0), np.where(mag > 0, v / mag, 0.0)
    ex, ey = gx + dx * length, gy + dy * length
    hl = head * length
    # two head strokes at ±25° from the reversed direction
    c, s = np.cos(np.deg2rad(25)), np.sin(np.deg2rad(25))
    lx, ly = ex - hl * (dx * c - dy * s), ey - hl * (dy * c + dx * s)
    rx, ry = ex - hl * (dx * c + dy * s), ey - hl * (dy * c - dx * s)
    nan = np.full_like(gx, np.nan)
    x = np.stack([gx, ex, nan, lx, ex, rx, nan], axis=-1)
    y = np.stack([gy, ey, nan, ly, ey, ry, nan], axis=-1)
    hide = (length <= 0)[..., None]
    return f32(np.where(hide, np.nan, x).ravel()), f32(np.where(hide, np.nan, y).ravel())


def _background(fig: go.Figure, xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> None:
    """Filled-contour look as a layout image plus a colourbar. Plotly drops contour and heatmap traces
    when an animation runs with ``redraw: False`` (plotly.js #4491); a layout image is not a trace."""
    shown, color_title = color_values(np.asarray(z, np.float64))
    finite = shown[np.isfinite(shown)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    dx, dy = (xs[-1] - xs[0]) / (len(xs) - 1) / 2, (ys[-1] - ys[0]) / (len(ys) - 1) / 2
    fig.add_layout_image(source=png_data_uri(banded_rgb(shown, low, high)), xref="x", yref="y",
                         x=float(xs[0] - dx), y=float(ys[-1] + dy), sizex=float(xs[-1] - xs[0] + 2 * dx),
                         sizey=float(ys[-1] - ys[0] + 2 * dy), sizing="stretch", layer="below")
    fig.add_scatter(x=f32([np.nan]), y=f32([np.nan]), mode="markers", name="f", showlegend=False,
                    hoverinfo="skip", marker={"color": f32([low]), "cmin": low, "cmax": high,
                                              "colorscale": [[i / (len(SURFACE_SCALE) - 1), c]
                                                             for i, c in enumerate(SURFACE_SCALE)],
                                              "showscale": True, "colorbar": {"title": {"text": color_title},
                                                                              "thickness": 14, "len": 0.8}})


def _arrows(fig: go.Figure, field: Field) -> None:
    """The −∇f arrows of ``field`` as one SVG layout image over the field's box."""
    xs, ys = f32(field.xs), f32(field.ys)
    cell = float(min(xs[-1] - xs[0], ys[-1] - ys[0])) / max(len(xs) - 1, 1)
    qx, qy = quiver_xy(xs, ys, field.u, field.v, scale=0.9 * cell)
    x_range, y_range = [float(xs[0]), float(xs[-1])], [float(ys[0]), float(ys[-1])]
    fig.add_layout_image(source=arrows_svg_uri(qx, qy, x_range, y_range), name=ARROWS_IMAGE, xref="x", yref="y",
                         x=x_range[0], y=y_range[1], sizex=x_range[1] - x_range[0], sizey=y_range[1] - y_range[0],
                         sizing="stretch", layer="below")


def _pick_grid(fig: go.Figure, xs: np.ndarray, ys: np.ndarray, pick_n: int) -> None:
    """A transparent ``pick_n × pick_n`` marker grid over the box: clicking one selects a point."""
    px, py = np.meshgrid(np.linspace(xs[0], xs[-1], pick_n), np.linspace(ys[0], ys[-1], pick_n))
    fig.add_scatter(x=f32(px.ravel()), y=f32(py.ravel()), mode="markers", name=PICK_TRACE, showlegend=False,
                    marker={"size": 14, "color": "rgba(0,0,0,0)"},
                    selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}},
                    hovertemplate="click to start here<br>(%{x:.2f}, %{y:.2f})<extra></extra>")


def _paths(fig: go.Figure, finite_paths: Mapping[str, np.ndarray], start: Sequence[float], marker_name: str
           ) -> int:
    """Each optimizer's path, the start marker, and a ball per path at its start; returns the first ball's
    trace index (the balls are what the frames move)."""
    for name, path in finite_paths.items():
        color = OPTIMIZER_COLORS.get(name, MUTED)
        fig.add_scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=OPTIMIZER_LABELS.get(name, name),
                        line={"color": color, "width": 2.5},
                        marker={"size": 4, "color": color, "maxdisplayed": MAX_MARKERS},
                        unselected={"marker": {"opacity": 1}}, legendgroup=name,
                        hovertemplate=f"{OPTIMIZER_LABELS.get(name, name)}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>")
    fig.add_scatter(x=f32([start[0]]), y=f32([start[1]]), mode="markers", name=marker_name,
                    marker={"size": 14, "color": "white", "symbol": "star", "line": {"width": 2, "color": "#0f172a"}},
                    unselected={"marker": {"opacity": 1}}, hoverinfo="skip")
    first_ball = len(fig.data)
    for name, path in finite_paths.items():
        color = OPTIMIZER_COLORS.get(name, MUTED)
        fig.add_scatter(x=path[:1, 0], y=path[:1, 1], mode="markers", name=f"{name} ball", showlegend=False,
                        legendgroup=name, marker={"size": 13, "color": color, "line": {"width": 2, "color": "white"}},
                        unselected={"marker": {"opacity": 1}}, hoverinfo="skip")
    return first_ball


def field_figure(field: Field, paths: Mapping[str, np.ndarray], start: Sequence[float],
                 title: str = "Negative gradient and descent paths", pick_n: int = 31,
                 height: int = 720, z_fine=None, marker_name: str = "start") -> go.Figure:
    """Filled contours, ``−∇f`` arrows, a transparent grid to click a start on, and optimizer paths.

    ``field.z`` (shape ``(m, n)``) colours the background unless a finer square grid ``z_fine`` over the same
    box is given. ``paths`` maps optimizer name → iterates of shape ``(steps + 1, 2)`` (NaN rows after divergence
    are dropped). The balls (one per optimizer) move in the browser: Plotly frames update only those traces,
    at most :data:`MAX_FRAMES` frames, steps subsampled.
    """
    xs, ys = f32(field.xs), f32(field.ys)
    fig = go.Figure()
    if z_fine is None:
        _background(fig, xs, ys, field.z)
    else:
        n = np.asarray(z_fine).shape[0]
        _background(fig, np.linspace(xs[0], xs[-1], n), np.linspace(ys[0], ys[-1], n), z_fine)
    _arrows(fig, field)
    _pick_grid(fig, xs, ys, pick_n)
    finite_paths = {name: finite_rows(path) for name, path in paths.items()}
    finite_paths = {name: path for name, path in finite_paths.items() if len(path)}  # not finite from the start
    first_ball = _paths(fig, finite_paths, start, marker_name)
    fig = base_layout(fig, title, "x", "y", height=height)
    fig.update_layout(
        xaxis={"range": [float(xs[0]), float(xs[-1])], "constrain": "domain", "showgrid": False, "zeroline": False},
        yaxis={"range": [float(ys[0]), float(ys[-1])], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain",
               "showgrid": False, "zeroline": False},
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.01, "yanchor": "bottom"},
        margin={"l": 60, "r": 20, "t": 110, "b": 130}, clickmode="event+select", dragmode="pan")
    if not finite_paths:
        return fig
    steps = max(len(np.asarray(p)) for p in paths.values()) - 1
    frame_steps = np.unique(np.round(np.linspace(0, steps, min(steps + 1, MAX_FRAMES))).astype(int))
    frames = [[_ball(path, k) for path in finite_paths.values()] for k in frame_steps]
    moving = list(range(first_ball, first_ball + len(finite_paths)))
    return animate(fig, frames, moving, [str(k) for k in frame_steps], prefix="step ", frame_ms=80)


def _ball(path: np.ndarray, step: int) -> dict:
    """The ball at ``step`` (held at the last finite iterate after a divergence), rounded to 4 decimals:
    one-number lists are far shorter in JSON than typed arrays."""
    k = min(step, len(path) - 1)
    return {"x": [round(float(path[k, 0]), 4)], "y": [round(float(path[k, 1]), 4)]}  # short plain lists


LOG_FLOOR = 1e-12


def loss_figure(losses: Mapping[str, np.ndarray], title: str = "Loss against step") -> go.Figure:
    """f at each iterate per optimizer (shape ``(steps + 1,)``); NaN rows (after divergence) are left out.

    Log scale when no value is negative (an exact 0, e.g. Newton landing on a minimum, is drawn at
    :data:`LOG_FLOOR` and the title says so); linear when f goes negative.
    """
    fig = go.Figure()
    every = np.concatenate([f32(v)[np.isfinite(f32(v))] for v in losses.values()] or [np.zeros(0, np.float32)])
    log = every.size > 0 and bool(np.all(every >= 0))
    for name, values in losses.items():
        values = f32(values)
        keep = np.isfinite(values)
        steps = np.arange(values.size, dtype=np.float32)
        shown = np.maximum(values[keep], LOG_FLOOR) if log else values[keep]
        fig.add_scatter(x=steps[keep], y=f32(shown), mode="lines", name=OPTIMIZER_LABELS.get(name, name),
                        line={"color": OPTIMIZER_COLORS.get(name, MUTED), "width": 2})
    if not log:
        title += " (linear: f goes negative)"
    elif np.any(every < LOG_FLOOR):
        title += f" (log; f = 0 drawn at {LOG_FLOOR:g})"
    fig = base_layout(fig, title, "step", "f(x_k)", height=400)
    fig.update_layout(legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.22, "yanchor": "top"},
                      margin={"b": 100})
    if log:
        fig.update_yaxes(type="log", exponentformat="power")
    return fig


def surface_3d_figure(field: Field, paths: Mapping[str, np.ndarray], path_values: Mapping[str, np.ndarray],
                      title: str = "The surface and the paths on it") -> go.Figure:
    """``field.z`` (shape ``(m, n)``) as a 3-D surface with each path drawn on it (points outside the box dropped)."""
    xs, ys, z = f32(field.xs), f32(field.ys), np.asarray(field.z, np.float32)
    fig = go.Figure()
    fig.add_surface(x=xs, y=ys, z=z, colorscale="Blues", reversescale=True, opacity=0.9, showscale=False,
                    name="f")
    for name, path in paths.items():
        path, values = f32(path), f32(path_values[name])
        inside = (np.all(np.isfinite(path), axis=1) & (path[:, 0] >= xs[0]) & (path[:, 0] <= xs[-1])
                  & (path[:, 1] >= ys[0]) & (path[:, 1] <= ys[-1]))
        fig.add_scatter3d(x=np.where(inside, path[:, 0], np.nan), y=np.where(inside, path[:, 1], np.nan),
                          z=np.where(inside, values, np.nan), mode="lines",
                          name=OPTIMIZER_LABELS.get(name, name),
                          line={"color": OPTIMIZER_COLORS.get(name, MUTED), "width": 6})
    fig = base_layout(fig, title, "x", "y", height=560)
    fig.update_layout(scene={"xaxis_title": "x", "yaxis_title": "y", "zaxis_title": "f",
                             "camera": {"eye": {"x": 1.5, "y": -1.5, "z": 1.0}}},
                      margin={"l": 0, "r": 0, "t": 60, "b": 0})
    return fig


