"""Figures for the derivative pages: data in (NumPy arrays, calc_core results), ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from calc_core.chain import ChainResult
from calc_core.critical import Extrema
from calc_core.derivatives import DifferenceErrors, TangentFrames, Taylor
from dashboard.figures.animation import animate
from dashboard.figures.style import (
    COLORS,
    FUNCTION_COLOR,
    MUTED,
    POINT_COLOR,
    TANGENT_COLOR,
    base_layout,
    finite_or_none,
)

ERROR_FLOOR = 1e-17  # an error of exactly 0 is drawn here on the log axis
ORDER_NAMES = ("f", "f′", "f″", "f‴", "f⁽⁴⁾", "f⁽⁵⁾", "f⁽⁶⁾", "f⁽⁷⁾", "f⁽⁸⁾")


def order_name(k: int) -> str:
    return ORDER_NAMES[k] if k < len(ORDER_NAMES) else f"f({k})"


def count_nonfinite(*arrays: np.ndarray) -> int:
    return int(sum(np.count_nonzero(~np.isfinite(np.asarray(a, np.float64))) for a in arrays))


def mask_note(fig: go.Figure, missing: int) -> go.Figure:
    """Say on the chart how many points were not finite (drawn as gaps), if any."""
    if missing:
        fig.add_annotation(text=f"{missing} points not finite (e.g. log of a negative, 1/0): left as gaps",
                           xref="paper", yref="paper", x=0.0, y=1.0, xanchor="left", yanchor="bottom",
                           showarrow=False, font={"size": 12, "color": COLORS[1]}, name="mask-note")
    return fig


def _r(values: Sequence[float] | np.ndarray, digits: int = 5) -> list[float | None]:
    """A short JSON list: rounded floats, None for non-finite values."""
    return [None if v is None or not np.isfinite(v) else round(float(v), digits) for v in values]


def _y_range(*arrays: np.ndarray, pad: float = 0.08) -> list[float] | None:
    values = np.concatenate([np.asarray(a, np.float64).ravel() for a in arrays])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    low, high = float(values.min()), float(values.max())
    span = high - low or max(abs(high), 1.0)
    return [low - pad * span, high + pad * span]


# --- Rate of change -----------------------------------------------------------------------------
def secant_figure(xs: np.ndarray, ys: np.ndarray, x0: float, y0: float, x1: float, y1: float,
                  slope: float, derivative: float, title: str,
                  sides: tuple[float, float] | None = None) -> go.Figure:
    """The curve, the secant through (x0, y0) and (x1, y1), and the tangent at x0.

    A non-finite ``derivative`` draws no tangent; ``sides`` = (left slope, right slope) draws the two
    one-sided half-tangents instead (a corner, where f′(x0) does not exist).
    """
    fig = go.Figure()
    fig.add_scatter(x=xs, y=finite_or_none(ys), name="f(x)", line={"color": FUNCTION_COLOR, "width": 3})
    span = np.array([xs[0], xs[-1]], np.float32)
    secant_name = f"secant, slope {slope:.4g}" if np.isfinite(slope) else "secant (slope not finite)"
    fig.add_scatter(x=span, y=finite_or_none(y0 + slope * (span - x0)), name=secant_name,
                    line={"color": COLORS[4], "width": 2})
    if sides is not None:
        for name, end, side_slope in (("left", xs[0], sides[0]), ("right", xs[-1], sides[1])):
            if np.isfinite(side_slope):
                half = np.array([x0, end], np.float32)
                fig.add_scatter(x=half, y=finite_or_none(y0 + side_slope * (half - x0)),
                                name=f"slope from the {name} {side_slope:.4g}",
                                line={"color": TANGENT_COLOR, "width": 2, "dash": "dot" if name == "left" else "dash"})
    elif np.isfinite(derivative):
        fig.add_scatter(x=span, y=finite_or_none(y0 + derivative * (span - x0)),
                        name=f"tangent, slope f′(x₀) = {derivative:.4g}",
                        line={"color": TANGENT_COLOR, "width": 2, "dash": "dash"})
    fig.add_scatter(x=_r([x0, x1, x1]), y=_r([y0, y0, y1]), mode="lines", name="Δx, Δy",
                    line={"color": MUTED, "width": 2}, showlegend=False)
    fig.add_scatter(x=_r([x0, x1]), y=_r([y0, y1]), mode="markers", name="points",
                    marker={"color": POINT_COLOR, "size": 11}, showlegend=False)
    base_layout(fig, title, "x", "f(x)", height=440)
    fig.update_yaxes(range=_y_range(ys, [y0, y1]))
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])])
    return mask_note(fig, count_nonfinite(ys))


def difference_error_figure(errors: DifferenceErrors) -> go.Figure:
    """|approximation − f′(x0)| against Δx on log–log axes, forward and central, float32 and float64."""
    fig = go.Figure()
    series = [("forward, float32", errors.forward32, COLORS[1], "solid"),
              ("central, float32", errors.central32, COLORS[0], "solid"),
              ("forward, float64", errors.forward64, COLORS[1], "dot"),
              ("central, float64", errors.central64, COLORS[0], "dot")]
    for name, values, color, dash in series:
        fig.add_scatter(x=errors.steps.astype(np.float32),
                        y=np.maximum(np.asarray(values, np.float64), ERROR_FLOOR).astype(np.float32),
                        name=name, mode="lines+markers", marker={"size": 5},
                        line={"color": color, "dash": dash, "width": 2})
    grad = max(errors.grad32, ERROR_FLOOR)
    fig.add_scatter(x=_r([errors.steps[0], errors.steps[-1]], 20), y=[grad, grad], name="jax.grad, float32",
                    mode="lines", line={"color": COLORS[2], "width": 3, "dash": "dash"})
    base_layout(fig, "Error of the difference quotient against Δx", "step Δx", "|error|", height=460)
    fig.update_xaxes(type="log", exponentformat="power")
    fig.update_yaxes(type="log", exponentformat="power")
    return fig


# --- Tangent animation --------------------------------------------------------------------------
def tangent_animation(xs: np.ndarray, ys: np.ndarray, frames: TangentFrames, title: str,
                      frame_ms: int = 60) -> go.Figure:
    """A tangent sliding along the curve with its right triangle (Δx, Δy = f′Δx) and θ, as Plotly frames.

    Two traces move: the tangent with its triangle legs (one Scatter, None between the pieces) and the
    touch point with its labels and readout. Everything else stays, so each frame is a few numbers.
    """
    width = float(xs[-1] - xs[0])
    half, leg = 0.22 * width, 0.12 * width
    y_range = _y_range(ys, pad=0.25) or [-1.0, 1.0]
    corner_x, corner_y = float(xs[0]), y_range[1] - 0.02 * (y_range[1] - y_range[0])  # the readout's place

    max_rise = 0.3 * (y_range[1] - y_range[0])  # a steep tangent gets a shorter Δx so Δy stays on screen

    def pieces(x: float, y: float, slope: float, angle: float) -> list[dict]:
        run = min(leg, max_rise / abs(slope)) if slope else leg
        if not y_range[0] <= y + slope * run <= y_range[1]:
            run = -run  # draw the triangle on the other side, where the tangent stays on screen
        rise = slope * run
        lines = {"x": _r([x - half, x + half, None, x, x + run, x + run]),
                 "y": _r([y - slope * half, y + slope * half, None, y, y, y + rise])}
        labels = {"x": _r([x, x + run / 2, x + run, corner_x]), "y": _r([y, y, y + rise / 2, corner_y]),
                  "text": ["θ", "Δx", "Δy", f"x = {x:.3g}:  tan θ = f′(x) = {slope:.4g},  θ = {angle:.1f}°"]}
        return [lines, labels]

    all_pieces = [pieces(*v) for v in zip(frames.xs, frames.ys, frames.slopes, frames.angles, strict=True)]
    start = all_pieces[0]
    fig = go.Figure()
    fig.add_scatter(x=xs, y=finite_or_none(ys), name="f(x)", line={"color": FUNCTION_COLOR, "width": 3})
    fig.add_scatter(**start[0], name="tangent, Δx and Δy", mode="lines",
                    line={"color": TANGENT_COLOR, "width": 3}, connectgaps=False)
    fig.add_scatter(**start[1], name="point", mode="markers+text", marker={"color": POINT_COLOR,
                    "size": [12, 0, 0, 0]}, textposition=["bottom right", "bottom center", "middle right",
                                                           "bottom right"],
                    textfont={"size": [14, 14, 14, 16]}, showlegend=False)
    base_layout(fig, title, "x", "f(x)", height=520)
    fig.update_layout(margin={"l": 60, "r": 20, "t": 60, "b": 150})
    fig.update_xaxes(range=[float(xs[0]) - 0.02 * width, float(xs[-1]) + 0.02 * width])
    fig.update_yaxes(range=y_range)
    labels = [f"{x:.2f}" for x in frames.xs]
    return animate(fig, all_pieces, moving=[1, 2], labels=labels, frame_ms=frame_ms, prefix="x = ")


def point_question_figure(xs: np.ndarray, ys: np.ndarray, x0: float, y0: float, title: str) -> go.Figure:
    """The curve and one marked point, with no tangent: the question before a predict-then-reveal."""
    fig = go.Figure()
    fig.add_scatter(x=xs, y=finite_or_none(ys), name="f(x)", line={"color": FUNCTION_COLOR, "width": 3})
    fig.add_scatter(x=_r([x0]), y=_r([y0]), mode="markers+text", name="x₀", text=["slope here?"],
                    textposition="top center", textfont={"size": 16},
                    marker={"color": POINT_COLOR, "size": 14}, showlegend=False)
    base_layout(fig, title, "x", "f(x)", height=520)
    fig.update_yaxes(range=_y_range(ys, pad=0.25))
    return mask_note(fig, count_nonfinite(ys))


# --- Minima and maxima --------------------------------------------------------------------------
KIND_STYLE = {"minimum": ("triangle-up", COLORS[2]), "maximum": ("triangle-down", COLORS[1]),
              "inflection point": ("diamond", COLORS[3]), "inconclusive": ("x", COLORS[7])}


def extrema_figure(xs: np.ndarray, stack: np.ndarray, extrema: Extrema) -> go.Figure:
    """f with its critical points and the interval's ends, then f′ and f″ below on a shared x axis.

    ``stack`` has shape ``(3, n)``: f, f′, f″ at ``xs``.
    """
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.5, 0.25, 0.25])
    colors = (FUNCTION_COLOR, TANGENT_COLOR, COLORS[3])
    for k in range(3):
        fig.add_scatter(x=xs, y=finite_or_none(stack[k]), name=order_name(k) + "(x)", row=k + 1, col=1,
                        line={"color": colors[k], "width": 3 if k == 0 else 2})
        if k:
            fig.add_hline(y=0, line={"color": MUTED, "width": 1}, row=k + 1, col=1)
    for kind, (symbol, color) in KIND_STYLE.items():
        chosen = [p for p in extrema.points if p.kind == kind]
        if chosen:
            fig.add_scatter(x=_r([p.x for p in chosen]), y=_r([p.y for p in chosen]), mode="markers",
                            name=kind, marker={"symbol": symbol, "color": color, "size": 15,
                                               "line": {"color": "white", "width": 1}}, row=1, col=1)
            fig.add_scatter(x=_r([p.x for p in chosen]), y=[0.0] * len(chosen), mode="markers",
                            marker={"symbol": symbol, "color": color, "size": 11}, showlegend=False,
                            name=f"{kind} (f′ = 0)", row=2, col=1)
    rough = [x for x in (*extrema.jumps, *extrema.singular) if np.isfinite(x)]
    if rough:  # corners and points where f′ is undefined: candidates for the extremes too
        ys = np.interp(rough, xs, np.where(np.isfinite(stack[0]), stack[0], np.nan))
        fig.add_scatter(x=_r(rough), y=_r(ys), mode="markers", name="f′ undefined (corner, cusp)",
                        marker={"symbol": "triangle-up-open", "color": COLORS[7], "size": 14}, row=1, col=1)
    fig.add_scatter(x=_r([e.x for e in extrema.ends]), y=_r([e.y for e in extrema.ends]), mode="markers",
                    name="interval ends", marker={"symbol": "square-open", "color": COLORS[7], "size": 13},
                    row=1, col=1)
    base_layout(fig, "f with its critical points; f′ and f″ below", "x", "f(x)", height=680)
    fig.update_xaxes(title_text=None, row=1, col=1)
    fig.update_xaxes(title_text=None, row=2, col=1)
    fig.update_yaxes(title_text="f′(x)", row=2, col=1)
    fig.update_yaxes(title_text="f″(x)", row=3, col=1)
    fig.update_layout(legend={"y": 1.04})
    return mask_note(fig, count_nonfinite(stack))


# --- Higher-order derivatives -------------------------------------------------------------------
def higher_order_figure(xs: np.ndarray, stack: np.ndarray, title: str) -> go.Figure:
    """f, f′, …, f⁽ⁿ⁾ together; ``stack`` has shape ``(n + 1, len(xs))``."""
    fig = go.Figure()
    for k, values in enumerate(stack):
        fig.add_scatter(x=xs, y=finite_or_none(values), name=order_name(k),
                        line={"color": COLORS[k % len(COLORS)], "width": 3 if k == 0 else 2})
    base_layout(fig, title, "x", "value", height=460)
    return mask_note(fig, count_nonfinite(stack))


def taylor_figure(xs: np.ndarray, ys: np.ndarray, result: Taylor, a: float, order: int) -> go.Figure:
    """The function and its Taylor polynomial around ``a`` (top), and |f − T| on a log axis (bottom)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38])
    fig.add_scatter(x=xs, y=finite_or_none(ys), name="f(x)", line={"color": FUNCTION_COLOR, "width": 3},
                    row=1, col=1)
    fig.add_scatter(x=xs, y=finite_or_none(result.polynomial), name=f"Taylor polynomial, degree {order}",
                    line={"color": TANGENT_COLOR, "width": 2, "dash": "dash"}, row=1, col=1)
    fa = float(result.coefficients[0])
    fig.add_scatter(x=[round(a, 6)], y=[round(fa, 6)], mode="markers", name=f"centre a = {a:.3g}",
                    marker={"color": POINT_COLOR, "size": 12}, row=1, col=1)
    error = finite_or_none(np.maximum(result.error, np.float32(1e-12)))
    fig.add_scatter(x=xs, y=error, name="|f − T|", line={"color": COLORS[3], "width": 2}, row=2, col=1)
    base_layout(fig, f"Taylor polynomial of degree {order} around a = {a:.3g}", "x", "f(x)", height=600)
    fig.update_xaxes(title_text=None, row=1, col=1)
    fig.update_yaxes(range=_y_range(ys, pad=0.3), row=1, col=1)
    fig.update_yaxes(type="log", title_text="|f − T|", exponentformat="power", row=2, col=1)
    return mask_note(fig, count_nonfinite(ys, result.polynomial))


# --- Chain rule ---------------------------------------------------------------------------------
def chain_figure(result: ChainResult, layer_names: Sequence[str]) -> go.Figure:
    """Each layer's local derivative, their product and jax.grad of the composition, as bars."""
    local = np.asarray(result.local, np.float64)
    names = [f"L{i + 1}′ ({name})" for i, name in enumerate(layer_names)]
    fig = go.Figure()
    fig.add_bar(x=names, y=_r(local, 6), name="local derivatives", marker_color=COLORS[5],
                text=[f"{v:.4g}" for v in local], textposition="outside")
    product, auto = float(result.product), float(result.autodiff)
    fig.add_bar(x=["product (chain rule)", "jax.grad"], y=_r([product, auto], 6), name="dy/dx",
                marker_color=[COLORS[1], COLORS[2]], text=[f"{product:.6g}", f"{auto:.6g}"],
                textposition="outside")
    base_layout(fig, "Local derivatives multiply; jax.grad agrees", "", "derivative", height=420)
    fig.update_yaxes(range=_y_range(local, [product, auto, 0.0], pad=0.2))
    return fig
