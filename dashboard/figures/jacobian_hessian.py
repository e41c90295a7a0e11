"""Figures for the Jacobian and Hessian page: the Jacobian as a linear map, Hessian eigenvectors on contours.

Data in (NumPy or JAX arrays, a ``calc_core.surfaces.Field``), ``go.Figure`` out; no Streamlit.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from calc_core.surfaces import Field
from dashboard.figures.encode import color_values
from dashboard.figures.style import COLORS, FUNCTION_COLOR, POINT_COLOR, TANGENT_COLOR, base_layout


def f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


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


def hessian_contour_figure(field: Field, point, eigenvalues, eigenvectors,
                           title: str = "Hessian eigenvectors on the contours") -> go.Figure:
    """Contours of ``field.z`` with the Hessian's eigenvectors (columns of ``eigenvectors``, shape ``(2, 2)``)
    drawn from ``point``; each arrow is labelled with its eigenvalue (curvature along that direction)."""
    xs, ys, z = f32(field.xs), f32(field.ys), np.asarray(field.z, np.float32)
    shown, color_title = color_values(z)
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
