"""Figures for the training pages: regression fit, loss curves, per-example gradient arrows, the network.

Data in (NumPy or JAX arrays), figure out; arrays are sent as float32.

The charts that update on every tick of live training are **Vega-Lite spec dicts** (draw them with
``st.vega_lite_chart(spec=..., width="stretch")``). Their spec is the same on every tick and only the named
``datasets`` (Arrow tables, built from the columns directly: ``pa.Table.from_pandas`` took ~20 ms per
DataFrame, most of a live tick's server time) change, including the title, which is a text mark drawn from
the one-row dataset ``"title"``. Streamlit's frontend then swaps the data into the existing Vega view in
place, so the chart never blanks. (A Plotly chart's element ID is a hash of its whole spec in Streamlit 1.67,
so every new tick remounted it and the chart blinked.) The other charts are Plotly ``go.Figure``s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from dashboard.figures.style import COLORS, MUTED, base_layout, finite_or_none


def _segments(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Arrows from the origin to each row of ``rows`` (shape ``(n, 2)``) as one line trace: ``x`` and ``y`` of
    shape ``(3n,)``, each arrow ``0, tip, NaN`` (the NaN breaks the line between arrows)."""
    xs = np.full(3 * len(rows), np.nan, np.float32)
    ys = np.full(3 * len(rows), np.nan, np.float32)
    xs[0::3], ys[0::3] = 0.0, 0.0
    xs[1::3], ys[1::3] = rows[:, 0], rows[:, 1]
    return xs, ys


def gradient_arrows_figure(grads, mean, batch, clipped_mean, outlier_mask, clip_norm: float,
                           clipped=None) -> go.Figure:
    """Per-example gradients ``(n, 2)`` as arrows from the origin in (∂L/∂w, ∂L/∂b) space.

    One trace for ordinary examples and one for outliers (arrows drawn as segments with ``None`` gaps),
    the clipping circle, and three markers: the mean, the batch gradient and the clipped mean.
    """
    grads = np.asarray(grads, dtype=np.float32)
    mask = np.asarray(outlier_mask, dtype=bool)
    fig = go.Figure()
    for rows, name, color, width in ((grads[~mask], "per-example gradient", COLORS[5], 1.2),
                                     (grads[mask], "outlier (norm above Q3 + 3 IQR)", COLORS[1], 2.2)):
        xs, ys = _segments(rows)
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


# ---------------------------------------------------------------- live Vega-Lite charts (constant spec)

FONT = {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": "normal"}
MARKER_BELOW = 40  # curves with fewer points also get a dot per point


def _frame(**columns) -> pd.DataFrame:
    """A DataFrame of float32 columns (non-finite values become NaN, sent as nulls: gaps in lines)."""
    return pd.DataFrame({name: finite_or_none(np.ravel(np.asarray(values))) for name, values in columns.items()})


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table, column by column (NaN becomes null, as pandas' own conversion does)."""
    return pa.table({str(name): pa.array(frame[name].to_numpy(), from_pandas=True) for name in frame.columns})


def _thin(losses, steps, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """float32 losses and their steps, thinned to about ``max_points`` (the last point always kept)."""
    losses = finite_or_none(np.ravel(np.asarray(losses)))
    steps = np.arange(1, losses.size + 1) if steps is None else np.ravel(np.asarray(steps))
    stride = max(1, -(-losses.size // max_points))
    if stride > 1:
        keep = np.unique(np.append(np.arange(0, losses.size, stride), losses.size - 1))
        losses, steps = losses[keep], steps[keep]
    return losses, steps.astype(np.float32)


def _axis(field: str, title: str, **scale) -> dict:
    out: dict[str, Any] = {"field": field, "type": "quantitative", "title": title}
    if field == "step":  # whole steps: no "0.000000" tick when the run has just started
        out["axis"] = {"format": ",d", "tickMinStep": 1}
    if scale:
        out["scale"] = scale
    return out


def _title_layer() -> dict:
    """The chart title as a text mark over the plot, drawn from the dataset ``"title"`` (column ``text``)."""
    return {"data": {"name": "title"},
            "mark": {"type": "text", "align": "left", "baseline": "bottom", "dy": -12, "fontSize": 16,
                     "fontWeight": 600, "color": "#31333F"},
            "encoding": {"text": {"field": "text", "type": "nominal"}, "x": {"value": 0}, "y": {"value": 0}}}


def _live_chart(title: str, height: int, layers: list[dict], datasets: dict[str, pd.DataFrame],
                color: tuple[tuple[str, str], ...] = ()) -> dict:
    """A layered spec with the title layer first; ``color`` = (series, colour) pairs of a shared legend."""
    spec: dict[str, Any] = {
        "height": height,
        "padding": {"top": 28},
        "datasets": {"title": pa.table({"text": [title]}),
                     **{name: _arrow(frame) for name, frame in datasets.items()}},
        "layer": [_title_layer(), *layers],
        "config": {"axis": FONT, "legend": {**FONT, "orient": "bottom", "title": None, "symbolStrokeWidth": 3},
                   "view": {"stroke": "#e5e7eb"}},
    }
    if color:
        spec["resolve"] = {"scale": {"color": "shared"}}
        for layer in layers:  # every layer's colour goes through one scale: one legend, fixed colours
            enc = layer.get("encoding", {})
            if "color" in enc and ("datum" in enc["color"] or "field" in enc["color"]):
                enc["color"]["scale"] = {"domain": [name for name, _ in color], "range": [c for _, c in color]}
    return spec


def _line(data: str, x: str, y: str, x_title: str, y_title: str, *, series: str | None = None,
          dash: list[int] | None = None, width: float = 2.5, y_scale: dict | None = None) -> dict:
    mark: dict[str, Any] = {"type": "line", "strokeWidth": width, "clip": True}
    if dash:
        mark["strokeDash"] = dash
    enc: dict[str, Any] = {"x": _axis(x, x_title), "y": _axis(y, y_title, **(y_scale or {}))}
    if series is not None:
        enc["color"] = {"datum": series, "type": "nominal"}
    return {"data": {"name": data}, "mark": mark, "encoding": enc}


def prediction_chart(x_grid, target, prediction, x_train, y_train, title: str, height: int = 400) -> dict:
    """The network's prediction against the target on a grid ``(n, 1)``, over the training data."""
    train = {"data": {"name": "train"}, "mark": {"type": "circle", "size": 28, "opacity": 0.6},
             "encoding": {"x": _axis("x", "x"), "y": _axis("y", "y"),
                          "color": {"datum": "training data", "type": "nominal"}}}
    return _live_chart(
        title, height,
        [train, _line("curves", "x", "target", "x", "y", series="target", width=3),
         _line("curves", "x", "network", "x", "y", series="network", dash=[7, 4], width=3)],
        {"train": _frame(x=x_train, y=y_train), "curves": _frame(x=x_grid, target=target, network=prediction)},
        color=(("training data", MUTED), ("target", COLORS[0]), ("network", COLORS[1])))


def loss_chart(losses, title: str = "Loss", log: bool = True, height: int = 320, steps=None,
               max_points: int = 2000) -> dict:
    """Loss against step (log scale by default); ``steps`` defaults to 1, 2, ….

    Long curves are thinned to about ``max_points`` points; non-finite losses (and, on the log scale,
    losses <= 0, which have no logarithm) become gaps. Short curves also get a dot per point.
    """
    losses, steps = _thin(losses, steps, max_points)
    if log:
        losses = np.where(losses > 0, losses, np.float32(np.nan))
    data = _frame(step=steps, loss=losses)
    data["dot"] = losses.size < MARKER_BELOW
    y_scale = {"type": "log"} if log else {"zero": False}
    line = _line("loss", "step", "loss", "step", "loss (MSE)", y_scale=y_scale)
    line["mark"]["color"] = COLORS[0]
    dots = {"data": {"name": "loss"}, "transform": [{"filter": "datum.dot"}],
            "mark": {"type": "circle", "size": 30, "color": COLORS[0], "opacity": 1},
            "encoding": {"x": _axis("step", "step"), "y": _axis("loss", "loss (MSE)", **y_scale)}}
    return _live_chart(title, height, [line, dots], {"loss": data})


def activations_chart(x_grid, activations, max_units: int = 16, height: int = 320) -> dict:
    """The first ``max_units`` hidden units of one layer, ``activations`` of shape ``(n, width)``."""
    acts = finite_or_none(activations)
    units = min(max_units, acts.shape[1])
    names = [f"unit {u:02d}" for u in range(units)]
    data = _frame(x=x_grid, **{name: acts[:, u] for u, name in enumerate(names)})
    line = {"data": {"name": "acts"}, "transform": [{"fold": names, "as": ["unit", "activation"]}],
            "mark": {"type": "line", "strokeWidth": 1.5, "opacity": 0.85, "clip": True},
            "encoding": {"x": _axis("x", "x"), "y": _axis("activation", "activation"),
                         "color": {"field": "unit", "type": "nominal", "legend": None,
                                   "scale": {"domain": names, "range": [COLORS[u % 6] for u in range(units)]}}}}
    return _live_chart(f"Last hidden layer: {units} of {acts.shape[1]} units", height, [line], {"acts": data})


def regression_chart(x, y, w: float, b: float, true_wb: tuple[float, float], exact_wb: tuple[float, float],
                     step: int, height: int = 480) -> dict:
    """The data, the current line ``w x + b``, the true line and the exact least-squares line."""
    x = finite_or_none(x)
    ends = np.array([np.nanmin(x), np.nanmax(x)], dtype=np.float32)
    points = {"data": {"name": "points"}, "mark": {"type": "circle", "size": 36, "opacity": 0.8},
              "encoding": {"x": _axis("x", "x"), "y": _axis("y", "y"), "color": {"datum": "data", "type": "nominal"}}}
    return _live_chart(
        f"y = {w:.3f}x + {b:.3f} after {step:,} steps", height,
        [points, _line("lines", "x", "true", "x", "y", series="true: 2x + 1", dash=[2, 3]),
         _line("lines", "x", "exact", "x", "y", series="least squares", dash=[7, 4]),
         _line("lines", "x", "fit", "x", "y", series="current fit", width=3.5)],
        {"points": _frame(x=x, y=y),
         "lines": _frame(x=ends, true=true_wb[0] * ends + true_wb[1], exact=exact_wb[0] * ends + exact_wb[1],
                         fit=w * ends + b)},
        color=(("data", MUTED), ("true: 2x + 1", COLORS[2]), ("least squares", COLORS[4]),
               ("current fit", COLORS[1])))


def params_chart(history, true_wb: tuple[float, float], exact_wb: tuple[float, float], height: int = 320,
                 max_points: int = 2000) -> dict:
    """w and b against step: ``history`` of shape ``(steps + 1, 2)`` starts with the initial params (step 0).

    Dotted rules mark the true values, dashed rules the least-squares values; long runs are thinned.
    """
    history = finite_or_none(np.asarray(history).reshape(-1, 2))
    steps = np.arange(history.shape[0])
    w, _ = _thin(history[:, 0], steps, max_points)
    b, kept = _thin(history[:, 1], steps, max_points)
    data = _frame(step=kept, w=w, b=b)
    data["dot"] = w.size < MARKER_BELOW
    refs = pd.DataFrame({"param": ["w", "b", "w", "b"], "kind": ["true", "true", "least squares", "least squares"],
                         "value": np.float32([true_wb[0], true_wb[1], exact_wb[0], exact_wb[1]])})
    layers = [_line("history", "step", name, "step", "value", series=name) for name in ("w", "b")]
    layers += [{"data": {"name": "history"}, "transform": [{"filter": "datum.dot"}],
                "mark": {"type": "circle", "size": 30, "opacity": 1},
                "encoding": {"x": _axis("step", "step"), "y": _axis(name, "value"),
                             "color": {"datum": name, "type": "nominal"}}} for name in ("w", "b")]
    layers.append({"data": {"name": "refs"}, "mark": {"type": "rule", "strokeWidth": 1.2},
                   "encoding": {"y": _axis("value", "value"), "color": {"field": "param", "type": "nominal"},
                                "strokeDash": {"field": "kind", "type": "nominal", "legend": None,
                                               "scale": {"domain": ["true", "least squares"],
                                                         "range": [[2, 3], [7, 4]]}}}})
    return _live_chart("w and b (dotted: true 2 and 1; dashed: least squares)", height, layers,
                       {"history": data, "refs": refs}, color=(("w", COLORS[1]), ("b", COLORS[0])))
