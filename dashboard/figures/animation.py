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


class AnimatedFigure(go.Figure):
    """A ``go.Figure`` whose frames and frame slider are kept as plain dicts until serialised.

    Plotly validates every ``go.Frame`` and slider step on construction (~0.5 ms each, so ~100 ms for a
    120-frame animation); the browser needs none of that for data we built ourselves. Serialisation
    (``to_dict``, ``to_json``, ``st.plotly_chart``) includes them; ``frames`` gives validated copies for
    inspection in tests.
    """

    def __init__(self, base: go.Figure, frames: list[dict[str, Any]], controls: dict[str, Any]):
        super().__init__(data=base.data, layout=base.layout)
        self._raw_frames = frames
        self._controls = controls  # {"updatemenus": [...], "sliders": [...]}

    @property
    def frames(self):
        return tuple(go.Frame(frame) for frame in self._raw_frames)

    @frames.setter
    def frames(self, value):  # plotly's own constructor assigns an empty tuple
        if value:
            raise AttributeError("pass frames to animate(), not to AnimatedFigure.frames")

    @property
    def slider(self) -> dict[str, Any]:
        """The frame slider's dict (placement: ``x``, ``len``; ``active`` step)."""
        return self._controls["sliders"][0]

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["layout"] = {**out.get("layout", {}), **self._controls}
        out["frames"] = self._raw_frames
        return out

    def to_plotly_json(self) -> dict[str, Any]:
        return self.to_dict()


def animate(fig: go.Figure, frames: Sequence[Sequence[TraceUpdate]], moving: Sequence[int],
            labels: Sequence[str], *, frame_ms: int = 60, prefix: str = "", active: int = 0,
            layout_updates: Sequence[Mapping[str, Any]] | None = None,
            slider_x: float = 0.22) -> AnimatedFigure:
    """Return ``fig`` with ``frames`` added, plus play/pause buttons and a slider over the frames.

    Args:
        fig: the figure in its first state; the traces at indices ``moving`` are the ones that move.
        frames: one entry per frame; each is a list of updates, one per index in ``moving``.
        moving: indices of ``fig.data`` the frames update (all other traces stay as they are).
        labels: one label per frame, shown on the slider (``prefix`` before the current one).
        frame_ms: time per frame while playing.
        active: the slider step that matches the figure's first state.
        layout_updates: optional per-frame layout changes (e.g. an annotation's text).
        slider_x: where the slider starts (0–1 of the plot width), clear of the play/pause buttons.
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
    controls = {"updatemenus": [_buttons(frame_ms)], "sliders": [_slider(labels, prefix, active, slider_x)]}
    return AnimatedFigure(fig, frame_dicts, controls)


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


def _slider(labels: Sequence[str], prefix: str, active: int, x: float) -> dict[str, Any]:
    step_args = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    return {
        "active": active, "x": x, "len": 1.0 - x, "y": -0.12, "yanchor": "top",
        "pad": {"t": 10, "b": 10}, "transition": {"duration": 0},
        "currentvalue": {"prefix": prefix, "visible": True, "xanchor": "left"},
        "steps": [{"label": str(label), "method": "animate", "args": [[str(label)], step_args]}
                  for label in labels],
    }
