"""Play / pause / step / reset for live training pages (state in ``st.session_state``, one set per page).

A page calls :func:`transport` for the buttons, then runs its ``@st.fragment(run_every=tick_interval(prefix))``
which calls :func:`chunks_to_run` to learn how many chunks this tick should run. Everything a session
trains lives in that session's ``st.session_state``, so two browsers train independently.
"""

from __future__ import annotations

import streamlit as st

TICK_SECONDS = 0.3
#: Keyboard shortcuts for a teacher at the projector: P plays or pauses, S steps, 0 resets (R and C are
#: Streamlit's own rerun and clear-cache keys).
PLAY_KEY, STEP_KEY, RESET_KEY = "p", "s", "0"


def _key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def is_running(prefix: str) -> bool:
    return bool(st.session_state.get(_key(prefix, "running"), False))


def stop(prefix: str) -> None:
    st.session_state[_key(prefix, "running")] = False


def tick_interval(prefix: str) -> float | None:
    """The fragment's ``run_every``: a tick while running, ``None`` (idle) while paused."""
    return TICK_SECONDS if is_running(prefix) else None


def _toggle(prefix: str) -> None:
    st.session_state[_key(prefix, "running")] = not is_running(prefix)


def _step(prefix: str) -> None:
    st.session_state[_key(prefix, "pending")] = st.session_state.get(_key(prefix, "pending"), 0) + 1


def _reset(prefix: str) -> None:
    st.session_state[_key(prefix, "running")] = False
    st.session_state[_key(prefix, "reset")] = True


def transport(prefix: str, speed_label: str, speeds: tuple[int, ...], default_speed: int) -> int:
    """Play/Pause, Step and Reset buttons and a speed control; returns the chosen speed (units per tick)."""
    play, step, reset, speed = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
    running = is_running(prefix)
    play.button("Pause" if running else "Play", key=_key(prefix, "play"), on_click=_toggle, args=(prefix,),
                icon=":material/pause:" if running else ":material/play_arrow:", type="primary", width="stretch",
                shortcut=PLAY_KEY)
    step.button("Step", key=_key(prefix, "step"), on_click=_step, args=(prefix,),
                icon=":material/skip_next:", width="stretch", disabled=running, shortcut=STEP_KEY)
    reset.button("Reset", key=_key(prefix, "reset_button"), on_click=_reset, args=(prefix,),
                 icon=":material/restart_alt:", width="stretch", shortcut=RESET_KEY)
    return speed.select_slider(speed_label, options=speeds, value=default_speed, key=_key(prefix, "speed"))


def take_reset(prefix: str) -> bool:
    """True once after Reset was pressed."""
    return bool(st.session_state.pop(_key(prefix, "reset"), False))


def chunks_to_run(prefix: str, speed: int) -> int:
    """How many units this run of the fragment trains: ``speed`` while running, else pending Step presses."""
    pending = st.session_state.pop(_key(prefix, "pending"), 0)
    return speed if is_running(prefix) else pending


def draw_charts(charts: list[tuple[object, str, dict]]) -> None:
    """Draw ``(column, key, Vega-Lite spec)`` triples, each in a keyed container (e2e selects ``.st-key-<key>``).

    Vega-Lite charts with a constant spec keep their DOM node across ticks: only their data is swapped.
    """
    for column, key, spec in charts:
        with column.container(key=key):
            st.vega_lite_chart(spec=spec, width="stretch")
