"""Figures for gradient descent in 1-D: the iterates on the curve, x_k against k, and the learning rate
against the curvature (the 1/λ and 2/λ zones, also drawn on the gradient-field page).

Data in (NumPy or JAX arrays), ``go.Figure`` out; no Streamlit. Arrays go to Plotly as float32.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.style import FUNCTION_COLOR, MUTED, POINT_COLOR, TANGENT_COLOR, base_layout


def f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


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
