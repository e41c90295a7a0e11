"""Figures for the Optimization pages: 1-D descent, slices, gradient fields with racing optimizers,
loss curves, the stability bound, 3-D surfaces, the Jacobian as a linear map and Hessian eigenvectors.

Data in (NumPy or JAX arrays), ``go.Figure`` out; no Streamlit. Arrays go to Plotly as float32.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.colors as pcolors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from calc_core import divergence
from dashboard.figures.animation import animate
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


# --- 1-D descent ------------------------------------------------------------------------------------
def descent_curve_figure(xs, ys, iterates, values, title: str = "Iterates on the curve") -> go.Figure:
    """The curve ``(xs, ys)`` and the iterates ``(iterates, values)`` (shape ``(k,)``) coloured by step."""
    it, val = f32(iterates), f32(values)
    keep = np.isfinite(it) & np.isfinite(val)
    it, val = it[keep], val[keep]
    fig = go.Figure()
    fig.add_scatter(x=f32(xs), y=f32(ys), mode="lines", name="f(x)", line={"color": FUNCTION_COLOR, "width": 3})
    fig.add_scatter(x=it, y=val, mode="lines", name="path", line={"color": MUTED, "width": 1, "dash": "dot"},
                    hoverinfo="skip", showlegend=False)
    fig.add_scatter(x=it, y=val, mode="markers", name="iterates",
                    marker={"size": 10, "color": np.arange(it.size, dtype=np.float32), "colorscale": "Viridis",
                            "colorbar": {"title": {"text": "step"}, "thickness": 14},
                            "line": {"width": 1, "color": "white"}},
                    hovertemplate="step %{marker.color:.0f}<br>x = %{x:.4f}<br>f = %{y:.4f}<extra></extra>")
    if it.size:
        fig.add_scatter(x=it[-1:], y=val[-1:], mode="markers", name="current x",
                        marker={"size": 16, "color": TANGENT_COLOR, "symbol": "diamond"})
    finite_ys = f32(ys)[np.isfinite(f32(ys))]
    if finite_ys.size:
        low, high = float(finite_ys.min()), float(finite_ys.max())
        pad = 0.08 * (high - low or 1.0)
        fig.update_yaxes(range=[low - pad, high + pad])
    fig.update_xaxes(range=[float(np.min(xs)), float(np.max(xs))])
    return base_layout(fig, title, "x", "f(x)", height=400)


def iterates_figure(iterates, target: float | None = None, title: str = "x against step") -> go.Figure:
    """``x_k`` against ``k`` (shape ``(k,)``); NaN after divergence is left out; ``target`` as a dashed line."""
    it = f32(iterates)
    steps = np.arange(it.size, dtype=np.float32)
    keep = np.isfinite(it)
    fig = go.Figure()
    fig.add_scatter(x=steps[keep], y=it[keep], mode="lines+markers", name="x_k",
                    line={"color": FUNCTION_COLOR}, marker={"size": 6})
    if target is not None:
        fig.add_hline(y=target, line={"dash": "dash", "color": POINT_COLOR},
                      annotation_text=f"minimum x = {target:g}", annotation_position="bottom right")
    return base_layout(fig, title, "step k", "x_k", height=400)


def stability_figure(lr: float, curvature: float | None, lr_max: float | None = None,
                     title: str = "Learning rate against the curvature", note: str | None = None,
                     bound: float | None = None) -> go.Figure:
    """A learning-rate axis split at ``1/λ`` and ``2/λ`` (``λ = curvature``) with ``lr`` marked.

    Below ``1/λ`` plain descent converges smoothly, between ``1/λ`` and ``2/λ`` it oscillates but converges,
    above ``2/λ`` it diverges. With ``curvature`` None or ``≤ 0`` no zone says "converges": one band carries
    ``note`` (why no step size converges), and ``bound`` (e.g. 2/λ_max of the upward-curving direction) is
    drawn as a dotted line if given.
    """
    fig = go.Figure()
    positive = curvature is not None and curvature > 0
    top = max(lr_max or 0.0, 1.25 * lr, 2.6 / curvature if positive else 0.0, 1.3 * (bound or 0.0), 1e-6)
    if positive:
        one, two = 1.0 / curvature, 2.0 / curvature
        regions = [(0.0, one, "#009E73", "converges"), (one, two, "#E69F00", "oscillates"),
                   (two, top, "#D55E00", "diverges")]
        for left, right, color, label in regions:
            fig.add_vrect(x0=left, x1=right, fillcolor=color, opacity=0.25, line_width=0,
                          annotation_text=label, annotation_position="top left")
        for value, text in ((one, "1/λ"), (two, "2/λ")):
            fig.add_vline(x=value, line={"color": "#334155", "dash": "dot"},
                          annotation_text=f"{text} = {value:.3g}", annotation_position="bottom right")
    else:
        fig.add_vrect(x0=0.0, x1=top, fillcolor="#CC79A7", opacity=0.2, line_width=0,
                      annotation_text=note or "λ ≤ 0: no step size converges along this direction",
                      annotation_position="top left")
        if bound is not None:
            fig.add_vline(x=bound, line={"color": "#334155", "dash": "dot"},
                          annotation_text=f"2/λ_max = {bound:.3g}", annotation_position="bottom right")
    fig.add_scatter(x=f32([lr]), y=f32([0.5]), mode="markers+text", name="your lr",
                    marker={"size": 18, "color": "#0f172a", "symbol": "triangle-down"},
                    text=[f"  lr = {lr:.3g}"], textposition="middle right")
    fig.update_yaxes(visible=False, range=[0.0, 1.0])
    fig.update_xaxes(range=[0.0, top])
    fig = base_layout(fig, title, "learning rate", "", height=230)
    fig.update_layout(showlegend=False, margin={"l": 20, "r": 20, "t": 50, "b": 45})
    return fig


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


ARROW_CANVAS = 1000.0  # the arrow SVG's own coordinates: the plot box mapped to 0..1000 on both axes
ARROW_COLOR = "rgba(15,23,42,0.55)"


def arrows_svg_uri(qx: np.ndarray, qy: np.ndarray, x_range: Sequence[float], y_range: Sequence[float]) -> str:
    """The polyline of :func:`quiver_xy` (NaN breaks) as one SVG path over the box ``x_range × y_range``,
    as a ``data:image/svg+xml;base64,…`` URI for a layout image stretched over that box.

    One image costs the browser a single decode on every redraw, where the same arrows as a Plotly trace cost
    ~300 ms per chart redraw (half of the gradient field's redraw). Strokes keep 1 px whatever the stretch.
    """
    (x0, x1), (y0, y1) = (float(v) for v in x_range), (float(v) for v in y_range)
    px = (np.asarray(qx, np.float64) - x0) / ((x1 - x0) or 1.0) * ARROW_CANVAS
    py = (y1 - np.asarray(qy, np.float64)) / ((y1 - y0) or 1.0) * ARROW_CANVAS  # SVG y grows downwards
    finite = np.isfinite(px) & np.isfinite(py)
    starts = finite & ~np.concatenate([[False], finite[:-1]])  # first point after a break: "M", else "L"
    d = "".join(f"{'M' if start else 'L'}{x:.0f} {y:.0f}"  # 1/1000 of the plot: sub-pixel
                for x, y, start in zip(px[finite], py[finite], starts[finite], strict=True))
    size = f"{ARROW_CANVAS:g}"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" preserveAspectRatio="none">'
           f'<path d="{d}" fill="none" stroke="{ARROW_COLOR}" stroke-width="1" stroke-linecap="round" '
           f'vector-effect="non-scaling-stroke"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


def _color_values(z: np.ndarray) -> tuple[np.ndarray, str]:
    """Contour colours: ``z`` itself, or ``log10(1 + z − min z)`` when a few peaks would flatten the rest."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return z, "f"
    low = float(finite.min())
    spread, typical = float(finite.max()) - low, float(np.median(finite)) - low
    if typical > 0 and spread > 5 * typical:
        return np.log10(1.0 + z - low), "log₁₀(1 + f − min f)"
    return z, "f"


BANDS = 24
SURFACE_SCALE = pcolors.sequential.Blues[::-1]  # low f dark, high f light


def png_data_uri(rgb: np.ndarray) -> str:
    """A ``(h, w, 3)`` uint8 image as a ``data:image/png;base64,…`` URI (no imaging library needed)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + row.tobytes() for row in np.ascontiguousarray(rgb, np.uint8))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def banded_rgb(values: np.ndarray, low: float, high: float, bands: int = BANDS) -> np.ndarray:
    """Colour ``values`` (shape ``(m, n)``, row 0 = lowest y) in ``bands`` flat bands like filled contours;
    returns ``(m, n, 3)`` uint8 with row 0 at the top (image order)."""
    t = np.clip((np.nan_to_num(values, nan=high) - low) / ((high - low) or 1.0), 0.0, 1.0)
    t = (np.minimum(np.floor(t * bands), bands - 1) + 0.5) / bands
    anchors = np.array([pcolors.unlabel_rgb(c) for c in SURFACE_SCALE], np.float64)
    pos = np.linspace(0.0, 1.0, len(anchors))
    rgb = np.stack([np.interp(t, pos, anchors[:, c]) for c in range(3)], axis=-1)
    return np.round(rgb[::-1]).astype(np.uint8)


def _background(fig: go.Figure, xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> None:
    """Filled-contour look as a layout image plus a colourbar. Plotly drops contour and heatmap traces
    when an animation runs with ``redraw: False`` (plotly.js #4491); a layout image is not a trace."""
    shown, color_title = _color_values(np.asarray(z, np.float64))
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


def field_figure(xs, ys, z, u, v, paths: Mapping[str, np.ndarray], start: Sequence[float],
                 title: str = "Negative gradient and descent paths", pick_n: int = 31,
                 height: int = 720, z_fine=None, marker_name: str = "start") -> go.Figure:
    """Filled contours, ``−∇f`` arrows, a transparent grid to click a start on, and optimizer paths.

    ``z`` (shape ``(m, n)``) colours the background unless a finer square grid ``z_fine`` over the same box
    is given. ``paths`` maps optimizer name → iterates of shape ``(steps + 1, 2)`` (NaN rows after divergence are
    dropped). The balls (one per optimizer) move in the browser: Plotly frames update only those traces,
    at most :data:`MAX_FRAMES` frames, steps subsampled.
    """
    xs, ys = f32(xs), f32(ys)
    fig = go.Figure()
    if z_fine is None:
        _background(fig, xs, ys, z)
    else:
        n = np.asarray(z_fine).shape[0]
        _background(fig, np.linspace(xs[0], xs[-1], n), np.linspace(ys[0], ys[-1], n), z_fine)
    cell = float(min(xs[-1] - xs[0], ys[-1] - ys[0])) / max(len(xs) - 1, 1)
    qx, qy = quiver_xy(xs, ys, u, v, scale=0.9 * cell)
    x_range, y_range = [float(xs[0]), float(xs[-1])], [float(ys[0]), float(ys[-1])]
    fig.add_layout_image(source=arrows_svg_uri(qx, qy, x_range, y_range), name=ARROWS_IMAGE, xref="x", yref="y",
                         x=x_range[0], y=y_range[1], sizex=x_range[1] - x_range[0], sizey=y_range[1] - y_range[0],
                         sizing="stretch", layer="below")
    px, py = np.meshgrid(np.linspace(xs[0], xs[-1], pick_n), np.linspace(ys[0], ys[-1], pick_n))
    fig.add_scatter(x=f32(px.ravel()), y=f32(py.ravel()), mode="markers", name=PICK_TRACE, showlegend=False,
                    marker={"size": 14, "color": "rgba(0,0,0,0)"},
                    selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}},
                    hovertemplate="click to start here<br>(%{x:.2f}, %{y:.2f})<extra></extra>")
    finite_paths = {name: finite_rows(path) for name, path in paths.items()}
    finite_paths = {name: path for name, path in finite_paths.items() if len(path)}  # not finite from the start
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
    fig = base_layout(fig, title, "x", "y", height=height)
    fig.update_layout(
        xaxis={"range": x_range, "constrain": "domain", "showgrid": False, "zeroline": False},
        yaxis={"range": y_range, "scaleanchor": "x", "scaleratio": 1, "constrain": "domain", "showgrid": False,
               "zeroline": False},
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


def surface_3d_figure(xs, ys, z, paths: Mapping[str, np.ndarray], path_values: Mapping[str, np.ndarray],
                      title: str = "The surface and the paths on it") -> go.Figure:
    """``z`` (shape ``(m, n)``) as a 3-D surface with each path drawn on it (points outside the box dropped)."""
    xs, ys, z = f32(xs), f32(ys), np.asarray(z, np.float32)
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


# --- Jacobian and Hessian ------------------------------------------------------------------------------
def linear_map_figure(grid, image, linear, point, image_point,
                      title: str = "The Jacobian as a linear map") -> go.Figure:
    """Left: a small grid near the point (shape ``(lines, points, 2)``). Right: its image under f (solid)
    and under the linearisation ``f(p) + J (q − p)`` (dashed)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("near the point (input)", "its image under f"),
                        horizontal_spacing=0.1)

    def polyline(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lines = np.asarray(lines, np.float32)
        pad = np.full((lines.shape[0], 1, 2), np.nan, np.float32)
        flat = np.concatenate([lines, pad], axis=1).reshape(-1, 2)
        return flat[:, 0], flat[:, 1]

    gx, gy = polyline(grid)
    ix, iy = polyline(image)
    lx, ly = polyline(linear)
    fig.add_scatter(x=gx, y=gy, mode="lines", name="grid", line={"color": FUNCTION_COLOR}, row=1, col=1)
    fig.add_scatter(x=ix, y=iy, mode="lines", name="f(grid)", line={"color": FUNCTION_COLOR}, row=1, col=2,
                    showlegend=False)
    fig.add_scatter(x=lx, y=ly, mode="lines", name="f(p) + J (q − p)",
                    line={"color": TANGENT_COLOR, "dash": "dash"}, row=1, col=2)
    fig.add_scatter(x=f32([point[0]]), y=f32([point[1]]), mode="markers", name="p",
                    marker={"size": 11, "color": POINT_COLOR}, row=1, col=1)
    fig.add_scatter(x=f32([image_point[0]]), y=f32([image_point[1]]), mode="markers", name="f(p)",
                    marker={"size": 11, "color": POINT_COLOR, "symbol": "diamond"}, row=1, col=2)
    fig = base_layout(fig, title, "x", "y", height=440)
    fig.update_xaxes(title_text="f₁", row=1, col=2)
    fig.update_yaxes(title_text="f₂", row=1, col=2)
    fig.update_yaxes(scaleanchor="x", scaleratio=1, row=1, col=1)
    fig.update_layout(margin={"t": 90, "b": 110},
                      legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.2, "yanchor": "top"})
    return fig


def curve_word(lam: float, tol: float = 1e-6) -> str:
    """How f bends along an eigenvector with eigenvalue ``lam``: up, down, or flat to second order."""
    if lam > tol:
        return " (curves up)"
    if lam < -tol:
        return " (curves down)"
    return " (flat to second order: the Hessian cannot tell)"


def hessian_contour_figure(xs, ys, z, point, eigenvalues, eigenvectors,
                           title: str = "Hessian eigenvectors on the contours") -> go.Figure:
    """Contours of f with the Hessian's eigenvectors (columns of ``eigenvectors``, shape ``(2, 2)``) drawn
    from ``point``; each arrow is labelled with its eigenvalue (curvature along that direction)."""
    xs, ys, z = f32(xs), f32(ys), np.asarray(z, np.float32)
    shown, color_title = _color_values(z)
    fig = go.Figure()
    fig.add_contour(x=xs, y=ys, z=f32(shown), colorscale="Blues", reversescale=True, ncontours=24,
                    colorbar={"title": {"text": color_title}, "thickness": 14}, name="f", hoverinfo="skip")
    span = 0.22 * float(min(xs[-1] - xs[0], ys[-1] - ys[0]))
    zero = 1e-4 * max(1.0, float(np.max(np.abs(eigenvalues))))  # the tolerance classify_eigenvalues uses
    for i, (lam, color) in enumerate(zip(eigenvalues, (TANGENT_COLOR, COLORS[3]), strict=False)):
        vec = np.asarray(eigenvectors)[:, i]
        tips = np.asarray(point, np.float64)[None, :] + np.array([[-1.0], [1.0]]) * span * vec[None, :]
        fig.add_scatter(x=f32(tips[:, 0]), y=f32(tips[:, 1]), mode="lines+markers",
                        name=f"λ{i + 1} = {lam:.4g}" + curve_word(lam, zero),
                        line={"color": color, "width": 4}, marker={"symbol": "arrow", "angleref": "previous",
                                                                  "size": 14, "color": color})
    fig.add_scatter(x=f32([point[0]]), y=f32([point[1]]), mode="markers", name="the point",
                    marker={"size": 12, "color": POINT_COLOR, "line": {"width": 2, "color": "white"}})
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])], constrain="domain")
    fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], scaleanchor="x", scaleratio=1, constrain="domain")
    fig = base_layout(fig, title, "x", "y", height=520)
    fig.update_layout(margin={"t": 100})
    return fig
