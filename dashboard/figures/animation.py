"""Motion that lives in the browser: Plotly frames, play/pause buttons and a frame slider.

Streamlit sliders send their value only on release, so anything that should move while the user drags
(a tangent sliding, ω sweeping, optimizers racing) is precomputed into frames. Frames update only the
traces that move (``traces=``) and never redraw the axes (``redraw: False``), which keeps playback smooth
and the JSON small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

TraceUpdate = Mapping[str, Any]  # e.g. {"x": array, "y": array}: merged into the moving trace


def animate(fig: go.Figure, frames: Sequence[Sequence[TraceUpdate]], moving: Sequence[int],
            labels: Sequence[str], *, frame_ms: int = 60, prefix: str = "", active: int = 0,
            layout_updates: Sequence[Mapping[str, Any]] | None = None) -> go.Figure:
    """Return ``fig`` with ``frames`` added, plus play/pause buttons and a slider over the frames.

    Args:
        fig: the figure in its first state; the traces at indices ``moving`` are the ones that move.
        frames: one entry per frame; each is a list of updates, one per index in ``moving``.
        moving: indices of ``fig.data`` the frames update (all other traces stay as they are).
        labels: one label per frame, shown on the slider (``prefix`` before the current one).
        frame_ms: time per frame while playing.
        active: the slider step that matches the figure's first state.
        layout_updates: optional per-frame layout changes (e.g. an annotation's text).
    """
    if len(frames) != len(labels):
        raise ValueError(f"{len(frames)} frames but {len(labels)} labels")
    if layout_updates is not None and len(layout_updates) != len(frames):
        raise ValueError("one layout update per frame, or none")
    frame_dicts = []
    for i, (updates, label) in enumerate(zip(frames, labels, strict=True)):
        if len(updates) != len(moving):
            raise ValueError(f"frame {i} updates {len(updates)} traces; expected {len(moving)}")
        frame = {"name": str(label), "traces": list(moving),
                 "data": [{"type": fig.data[k].type, **u} for k, u in zip(moving, updates, strict=True)]}
        if layout_updates is not None:
            frame["layout"] = dict(layout_updates[i])
        frame_dicts.append(frame)
    animated = go.Figure(data=fig.data, layout=fig.layout, frames=frame_dicts, _validate=False)
    animated.update_layout(updatemenus=[_buttons(frame_ms)],
                           sliders=[_slider(labels, prefix, frame_ms, active)])
    return animated


def _play_args(frame_ms: int) -> dict[str, Any]:
    return {"frame": {"duration": frame_ms, "redraw": False}, "fromcurrent": True,
            "transition": {"duration": 0}, "mode": "immediate"}


def _buttons(frame_ms: int) -> dict[str, Any]:
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    return {
        "type": "buttons", "direction": "left", "showactive": False,
        "x": 0.0, "xanchor": "left", "y": -0.18, "yanchor": "top", "pad": {"r": 10, "t": 10},
        "buttons": [
            {"label": "▶ Play", "method": "animate", "args": [None, _play_args(frame_ms)]},
            {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
        ],
    }


def _slider(labels: Sequence[str], prefix: str, frame_ms: int, active: int) -> dict[str, Any]:
    step_args = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    return {
        "active": active, "x": 0.16, "len": 0.84, "y": -0.12, "yanchor": "top",
        "pad": {"t": 10, "b": 10}, "transition": {"duration": 0},
        "currentvalue": {"prefix": prefix, "visible": True, "xanchor": "left"},
        "steps": [{"label": str(label), "method": "animate", "args": [[str(label)], step_args]}
                  for label in labels],
    }
