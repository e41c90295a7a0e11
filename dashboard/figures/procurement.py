"""Figures for the procurement page: prices, correlations, the ω slider over L(ω) and dL/dω, weights, bootstrap.

Data in (NumPy arrays, pandas frames), ``go.Figure`` out; arrays go to Plotly as float32. Long series are
thinned to at most ``MAX_POINTS`` points per trace (the maths always uses every row).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from calc_core.procurement import OmegaChart
from dashboard.figures.animation import animate
from dashboard.figures.style import COLORS, MUTED, base_layout, finite_or_none

MAX_POINTS = 1500


def _thin(length: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most ``max_points`` evenly spaced rows out of ``length``."""
    return np.unique(np.linspace(0, length - 1, min(length, max_points)).round().astype(int))


def _x(index: pd.Index, rows: np.ndarray):
    picked = index[rows]
    return picked if isinstance(picked, pd.DatetimeIndex) else np.asarray([str(v) for v in picked])


def price_chart(prices: pd.DataFrame, y_title: str = "price") -> go.Figure:
    """One line per supplier over the periods."""
    rows = _thin(len(prices))
    fig = go.Figure()
    for k, name in enumerate(prices.columns):
        fig.add_scatter(x=_x(prices.index, rows), y=finite_or_none(prices[name].to_numpy()[rows]), mode="lines+markers"
                        if len(rows) <= 60 else "lines", name=str(name), line={"color": COLORS[k % len(COLORS)]})
    return base_layout(fig, "Prices per supplier", str(prices.index.name or "period"), y_title, 380)


def correlation_heatmap(corr: pd.DataFrame) -> go.Figure:
    """The suppliers' correlation matrix, −1 (blue) to +1 (red), values written in the cells."""
    names = [str(c) for c in corr.columns]
    values = corr.to_numpy(dtype=np.float64)
    fig = go.Figure(go.Heatmap(z=finite_or_none(values), x=names, y=names, zmin=-1, zmax=1, colorscale="RdBu_r",
                               text=np.vectorize(lambda v: f"{v:.2f}")(values), texttemplate="%{text}",
                               colorbar={"title": {"text": "ρ"}}, name="correlation"))
    base_layout(fig, "Correlation of prices", "", "", 380)
    fig.update_yaxes(autorange="reversed")
    return fig


def _omega_series(fig: go.Figure, chart: OmegaChart, x, rows: np.ndarray, names: Sequence[str]) -> None:
    """Top row: both suppliers' prices and the blend at the active frame (thinned to ``rows``)."""
    curve = chart.curve
    fig.add_scatter(x=x, y=finite_or_none(curve.a[rows]), name=f"A: {names[0]}", mode="lines", row=1, col=1,
                    line={"color": COLORS[0], "width": 1.5})
    fig.add_scatter(x=x, y=finite_or_none(curve.b[rows]), name=f"B: {names[1]}", mode="lines", row=1, col=1,
                    line={"color": COLORS[1], "width": 1.5})
    fig.add_scatter(x=x, y=finite_or_none(chart.blends[chart.active][rows]), name="blend", mode="lines", row=1, col=1,
                    line={"color": "#000000", "width": 3})


def _omega_curves(fig: go.Figure, chart: OmegaChart) -> None:
    """Middle and bottom rows: L(ω) with projected descent and the grid answer, dL/dω, the optimum dashed,
    and the ω markers at the active frame (the last two traces)."""
    curve, active = chart.curve, chart.active
    fig.add_scatter(x=finite_or_none(curve.omegas), y=finite_or_none(curve.loss), name="L(ω)", mode="lines",
                    row=2, col=1, line={"color": COLORS[2], "width": 2.5})
    fig.add_scatter(x=finite_or_none(chart.descent), y=finite_or_none(chart.descent_loss), name="projected descent",
                    mode="lines+markers", row=2, col=1, marker={"color": COLORS[3], "size": 7},
                    line={"color": COLORS[3], "dash": "dot"})
    grid_loss = np.interp(curve.grid_best, curve.omegas, curve.loss)
    fig.add_scatter(x=finite_or_none([curve.grid_best]), y=finite_or_none([grid_loss]), mode="markers",
                    name="grid: smallest |dL/dω|", row=2, col=1,
                    marker={"symbol": "x", "size": 13, "color": COLORS[4], "line": {"width": 2}})
    fig.add_scatter(x=finite_or_none(curve.omegas), y=finite_or_none(curve.grad), name="dL/dω", mode="lines",
                    row=3, col=1, line={"color": COLORS[5], "width": 2.5})
    fig.add_hline(y=0, line={"color": MUTED, "width": 1}, row=3, col=1)
    for row in (2, 3):
        fig.add_vline(x=curve.optimum, line={"color": COLORS[1], "dash": "dash", "width": 1.5}, row=row, col=1)
    at = slice(active, active + 1)
    fig.add_scatter(x=finite_or_none(chart.frame_omegas[at]), y=finite_or_none(chart.frame_loss[at]), name="ω",
                    mode="markers", row=2, col=1, marker={"size": 14, "color": "#000000"}, showlegend=False)
    fig.add_scatter(x=finite_or_none(chart.frame_omegas[at]), y=finite_or_none(chart.frame_grad[at]),
                    name="ω (gradient)", mode="markers", row=3, col=1, marker={"size": 14, "color": "#000000"},
                    showlegend=False)


def omega_figure(chart: OmegaChart, index: pd.Index, names: Sequence[str]) -> go.Figure:
    """Blended series (top), L(ω) (middle) and dL/dω (bottom), with an in-figure ω slider over the frames.

    ``chart`` is :func:`calc_core.procurement.omega_chart`'s result; ``index`` labels the periods (shape
    ``(T,)``), ``names`` the two suppliers. The slider starts at ``chart.active``.
    """
    rows = _thin(len(chart.curve.a), 400)
    fig = make_subplots(rows=3, cols=1, vertical_spacing=0.09, row_heights=[0.4, 0.32, 0.28],
                        subplot_titles=("Blended price ω·A + (1 − ω)·B", "Loss L(ω) = variance of the blend",
                                        "Gradient dL/dω"))
    _omega_series(fig, chart, _x(index, rows), rows, names)
    _omega_curves(fig, chart)
    base_layout(fig, "", "", "", 920)
    fig.update_xaxes(range=[-0.02, 1.02], row=2, col=1)
    fig.update_xaxes(title_text="ω (share ordered from A) · dashed: the optimum ω*", range=[-0.02, 1.02],
                     row=3, col=1)
    fig.update_layout(title=None, margin={"t": 70, "b": 150},
                      legend={"x": 0.0, "xanchor": "left", "y": 1.04, "yanchor": "bottom"})
    moving = [2, len(fig.data) - 2, len(fig.data) - 1]
    frames = [[{"y": finite_or_none(chart.blends[i][rows])},
               {"x": finite_or_none([w]), "y": finite_or_none([chart.frame_loss[i]])},
               {"x": finite_or_none([w]), "y": finite_or_none([chart.frame_grad[i]])}]
              for i, w in enumerate(chart.frame_omegas)]
    return animate(fig, frames, moving, [f"{w:.2f}" for w in chart.frame_omegas], prefix="ω = ",
                   active=chart.active, frame_ms=80, slider_x=0.24)  # clear of the play/pause buttons at this width


def weights_figure(names: Sequence[str], weights: np.ndarray, variances: np.ndarray, blend_variance: float
                   ) -> go.Figure:
    """Left: the long-only minimum-variance weights. Right: variance of each supplier against the blend."""
    names = [str(n) for n in names]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=("Share of the order", "Variance: each supplier alone vs the blend"))
    fig.add_bar(x=names, y=finite_or_none(weights), name="weight", marker={"color": COLORS[0]},
                text=[f"{w:.1%}" for w in weights], textposition="outside", row=1, col=1)
    fig.add_bar(x=[*names, "blend"], y=finite_or_none(np.append(variances, blend_variance)), name="variance",
                marker={"color": [MUTED] * len(names) + [COLORS[2]]}, row=1, col=2)
    base_layout(fig, "Minimum-variance split across all suppliers", "", "", 420)
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", title_text="share", row=1, col=1)
    fig.update_yaxes(title_text="variance (price²)", row=1, col=2)
    fig.update_layout(showlegend=False, margin={"t": 90})
    return fig


def bootstrap_figure(samples: np.ndarray, low: float, high: float, estimate: float) -> go.Figure:
    """Histogram of bootstrap ω* with the 90% interval shaded and the estimate from all rows."""
    fig = go.Figure(go.Histogram(x=finite_or_none(samples), xbins={"start": 0.0, "end": 1.0 + 1e-6, "size": 0.02},
                                 name="bootstrap ω*", marker={"color": COLORS[0]}))
    fig.add_vrect(x0=low, x1=high, fillcolor=COLORS[4], opacity=0.25, line_width=0)  # the 90% interval
    fig.add_vline(x=estimate, line={"color": COLORS[1], "dash": "dash", "width": 2})
    base_layout(fig, f"ω* on {len(samples):,} resamples: 90% in [{low:.3f}, {high:.3f}]", "ω*", "resamples", 340)
    fig.update_xaxes(range=[-0.02, 1.02])
    fig.update_layout(showlegend=False)
    return fig


def walk_forward_figure(labels: Sequence[str], series: dict[str, np.ndarray]) -> go.Figure:
    """Realised standard deviation per test window (x: the window's first period), one line per strategy.

    The first series (the walk-forward split) is drawn thick; names are escaped (Plotly reads HTML tags).
    """
    fig = go.Figure()
    for k, (name, values) in enumerate(series.items()):
        fig.add_scatter(x=list(labels), y=finite_or_none(values), name=html.escape(name), mode="lines",
                        line={"color": "#000000" if k == 0 else COLORS[(k - 1) % len(COLORS)],
                              "width": 3 if k == 0 else 1.5, "dash": "dash" if k == 1 else "solid"})
    base_layout(fig, "Out of sample: realised std in each test window", "test window starts", "realised std", 420)
    # below the plot: one line per strategy and per supplier does not fit beside the title
    return fig.update_layout(legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": -0.3, "yanchor": "top"},
                             margin={"b": 120})
