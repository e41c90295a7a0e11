"""Figures for the training pages: regression fit, loss curves, per-example gradient arrows, the network.

Data in (NumPy or JAX arrays), ``go.Figure`` out; arrays are sent to Plotly as float32.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.style import COLORS, MUTED, base_layout, finite_or_none


def _f32(values) -> np.ndarray:
    return finite_or_none(np.asarray(values))


def regression_figure(x, y, w: float, b: float, true_wb: tuple[float, float], exact_wb: tuple[float, float],
                      step: int) -> go.Figure:
    """The data, the current line ``w x + b``, the true line and the exact least-squares line."""
    x = _f32(x)
    ends = np.array([np.nanmin(x), np.nanmax(x)], dtype=np.float32)
    fig = go.Figure()
    fig.add_scatter(x=x, y=_f32(y), mode="markers", name="data", marker={"color": MUTED, "size": 6})
    fig.add_scatter(x=ends, y=_f32(true_wb[0] * ends + true_wb[1]), mode="lines", name="true: 2x + 1",
                    line={"color": COLORS[2], "dash": "dot", "width": 2})
    fig.add_scatter(x=ends, y=_f32(exact_wb[0] * ends + exact_wb[1]), mode="lines", name="least squares",
                    line={"color": COLORS[4], "dash": "dash", "width": 2})
    fig.add_scatter(x=ends, y=_f32(w * ends + b), mode="lines", name=f"fit after {step} steps",
                    line={"color": COLORS[1], "width": 3})
    base_layout(fig, f"y = {w:.3f}x + {b:.3f}", "x", "y", 480)
    fig.update_layout(legend={"orientation": "v", "x": 0.99, "xanchor": "right", "y": 0.02, "yanchor": "bottom",
                              "bgcolor": "rgba(255,255,255,0.8)"})
    return fig


def _thin(losses, steps, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """float32 losses and their steps, thinned to about ``max_points`` (the last point always kept)."""
    losses = _f32(losses)
    steps = np.arange(1, losses.size + 1) if steps is None else np.asarray(steps)
    stride = max(1, -(-losses.size // max_points))
    if stride > 1:
        keep = np.unique(np.append(np.arange(0, losses.size, stride), losses.size - 1))
        losses, steps = losses[keep], steps[keep]
    return losses, steps.astype(np.float32)


def loss_figure(losses, title: str = "Loss", log: bool = True, height: int = 320, steps=None,
                max_points: int = 2000) -> go.Figure:
    """Loss against step (log scale by default); non-finite values become gaps.

    ``steps`` defaults to 1, 2, …; long curves are thinned to at most about ``max_points`` points.
    """
    losses, steps = _thin(losses, steps, max_points)
    fig = go.Figure()
    fig.add_scatter(x=steps, y=losses, mode="lines+markers" if losses.size < 40 else "lines",
                    name="loss", marker={"size": 5}, line={"color": COLORS[0], "width": 2})
    base_layout(fig, title, "step", "loss (MSE)", height)
    if log:
        fig.update_yaxes(type="log")
    fig.update_layout(showlegend=False)
    return fig


def update_loss(fig: go.Figure, losses, steps=None, max_points: int = 2000) -> go.Figure:
    """Put a new curve into a :func:`loss_figure` in place (about 0.1 ms; a new figure costs ~20 ms)."""
    losses, steps = _thin(losses, steps, max_points)
    fig.data[0].update(x=steps, y=losses, mode="lines+markers" if losses.size < 40 else "lines")
    return fig


def params_figure(history, true_wb: tuple[float, float], exact_wb: tuple[float, float]) -> go.Figure:
    """w and b against step: ``history`` of shape ``(steps + 1, 2)`` starts with the initial params (step 0)."""
    history = _f32(np.asarray(history).reshape(-1, 2))
    steps = np.arange(history.shape[0], dtype=np.float32)
    mode = "lines+markers" if history.shape[0] < 40 else "lines"
    fig = go.Figure()
    for i, (name, color) in enumerate((("w", COLORS[1]), ("b", COLORS[0]))):
        fig.add_scatter(x=steps, y=history[:, i], mode=mode, name=name, line={"color": color, "width": 2},
                        marker={"size": 5})
        fig.add_hline(y=true_wb[i], line={"color": color, "dash": "dot", "width": 1})
        fig.add_hline(y=exact_wb[i], line={"color": color, "dash": "dash", "width": 1})
    return base_layout(fig, "w and b (dotted: true 2 and 1; dashed: least squares)", "step", "value", 320)


def gradient_arrows_figure(grads, mean, batch, clipped_mean, outlier_mask, clip_norm: float,
                           clipped=None) -> go.Figure:
    """Per-example gradients ``(n, 2)`` as arrows from the origin in (∂L/∂w, ∂L/∂b) space.

    One trace for ordinary examples and one for outliers (arrows drawn as segments with ``None`` gaps),
    the clipping circle, and three markers: the mean, the batch gradient and the clipped mean.
    """
    grads = np.asarray(grads, dtype=np.float32)
    mask = np.asarray(outlier_mask, dtype=bool)
    fig = go.Figure()

    def segments(rows: np.ndarray):
        xs = np.full(3 * len(rows), np.nan, np.float32)
        ys = np.full(3 * len(rows), np.nan, np.float32)
        xs[0::3], ys[0::3] = 0.0, 0.0
        xs[1::3], ys[1::3] = rows[:, 0], rows[:, 1]
        return xs, ys

    for rows, name, color, width in ((grads[~mask], "per-example gradient", COLORS[5], 1.2),
                                     (grads[mask], "outlier (norm above Q3 + 3 IQR)", COLORS[1], 2.2)):
        xs, ys = segments(rows)
        fig.add_scatter(x=xs, y=ys, mode="lines", name=f"{name} ({len(rows)})", connectgaps=False,
                        line={"color": color, "width": width}, hoverinfo="skip")
        fig.add_scatter(x=rows[:, 0], y=rows[:, 1], mode="markers", showlegend=False,
                        marker={"color": color, "size": 5}, name=name)
    if clipped is not None:
        clipped = np.asarray(clipped, dtype=np.float32)
        fig.add_scatter(x=clipped[:, 0], y=clipped[:, 1], mode="markers", name="clipped tips",
                        marker={"color": COLORS[3], "size": 4, "symbol": "circle-open"})
    angle = np.linspace(0.0, 2 * np.pi, 121, dtype=np.float32)
    fig.add_scatter(x=clip_norm * np.cos(angle), y=clip_norm * np.sin(angle), mode="lines",
                    name=f"clip norm C = {clip_norm:g}", line={"color": COLORS[3], "dash": "dash"})
    for point, name, symbol, color in ((mean, "mean of per-example", "x", COLORS[7]),
                                       (batch, "batch gradient", "circle-open", COLORS[2]),
                                       (clipped_mean, "mean after clipping", "diamond", COLORS[3])):
        point = np.asarray(point, dtype=np.float32)
        fig.add_scatter(x=point[:1], y=point[1:2], mode="markers", name=name,
                        marker={"symbol": symbol, "size": 14, "color": color, "line": {"width": 2.5}})
    base_layout(fig, "Per-example gradients in (w, b) space", "∂ℓ/∂w", "∂ℓ/∂b", 560)
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
                      margin={"r": 240})
    return fig


def prediction_figure(x_grid, target, prediction, x_train, y_train, title: str) -> go.Figure:
    """The network's prediction against the target on a grid, over the training data."""
    fig = go.Figure()
    fig.add_scatter(x=_f32(np.ravel(x_train)), y=_f32(np.ravel(y_train)), mode="markers", name="training data",
                    marker={"color": MUTED, "size": 5, "opacity": 0.6})
    fig.add_scatter(x=_f32(np.ravel(x_grid)), y=_f32(np.ravel(target)), mode="lines", name="target",
                    line={"color": COLORS[0], "width": 3})
    fig.add_scatter(x=_f32(np.ravel(x_grid)), y=_f32(np.ravel(prediction)), mode="lines", name="network",
                    line={"color": COLORS[1], "width": 3, "dash": "dash"})
    return base_layout(fig, title, "x", "y", 400)


def update_prediction(fig: go.Figure, prediction, title: str) -> go.Figure:
    """Put a new prediction and title into a :func:`prediction_figure` in place."""
    fig.data[2].y = _f32(np.ravel(prediction))
    fig.layout.title.text = title
    return fig


def activations_figure(x_grid, activations, max_units: int = 16) -> go.Figure:
    """The first ``max_units`` hidden units of one layer, ``activations`` of shape ``(n, width)``."""
    acts = _f32(activations)
    x = _f32(np.ravel(x_grid))
    fig = go.Figure()
    for unit in range(min(max_units, acts.shape[1])):
        fig.add_scatter(x=x, y=acts[:, unit], mode="lines", name=f"unit {unit}", showlegend=False,
                        line={"width": 1.5, "color": COLORS[unit % 6]}, opacity=0.8)
    base_layout(fig, f"Last hidden layer: {min(max_units, acts.shape[1])} of {acts.shape[1]} units",
                "x", "activation", 320)
    return fig


def update_activations(fig: go.Figure, activations) -> go.Figure:
    """Put new hidden-unit outputs ``(n, width)`` into an :func:`activations_figure` in place."""
    acts = _f32(activations)
    for unit, trace in enumerate(fig.data):
        trace.y = acts[:, unit]
    return fig


def timing_figure(labels: Sequence[str], seconds: Sequence[float], title: str) -> go.Figure:
    """Horizontal bars of times in microseconds (log axis), one per label."""
    micro = np.asarray(seconds, dtype=np.float64) * 1e6
    fig = go.Figure(go.Bar(x=micro.astype(np.float32), y=list(labels), orientation="h",
                           marker={"color": [COLORS[i % len(COLORS)] for i in range(len(labels))]},
                           text=[f"{m:,.1f} µs" for m in micro], textposition="auto"))
    base_layout(fig, title, "microseconds (log scale)", "", 60 + 55 * len(labels) + 80)
    fig.update_xaxes(type="log")
    fig.update_layout(showlegend=False, margin={"l": 170})
    return fig
