"""The live training loop of the training pages, written once: Play / Pause / Step / Reset, train, draw.

A page describes what it trains as a :class:`Trainer` (three callables), calls :func:`transport` for the
buttons and the speed, then :func:`run`: it restarts on a settings change or Reset, and its fragment ticks
(``run_every`` while playing) train :func:`chunks_to_run` units, stop with the page's message on divergence,
then show the metrics and the live charts. Everything a session trains lives in that session's
``st.session_state`` under the page's prefix (``<prefix>_<name>``, mapped in :mod:`dashboard.kit.state`), so two
browsers train independently.

One server holds at most :data:`MAX_LIVE_TRAINERS` sessions training live at once (each tick holds the
server's Python lock, so many trainers slow every student's page); Play beyond that explains why and
leaves Step available. A slot is freed by Pause, Reset, a diverged run, the tab closing, or the trainer
going quiet (no tick for :data:`STALE_SECONDS`, e.g. after leaving the page).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.kit import guard

TICK_SECONDS = 0.3
#: Live trainings per server process (the README's "A class on one server" measures why); an operator with
#: more cores can raise it with the environment variable CALCULUS_LAB_MAX_LIVE_TRAINERS.
MAX_LIVE_TRAINERS = int(os.environ.get("CALCULUS_LAB_MAX_LIVE_TRAINERS", "8"))
STALE_SECONDS = 10.0  # a running trainer that has not ticked for this long no longer holds a slot


@st.cache_resource(show_spinner=False)
def _slots() -> tuple[threading.Lock, dict[tuple[str, str], float]]:
    """Every live trainer of this server process: ``(session id, prefix) -> last tick (monotonic s)``."""
    return threading.Lock(), {}


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else ""


def _alive(session_id: str, last: float, now: float) -> bool:
    if now - last > STALE_SECONDS:
        return False
    return not Runtime.exists() or Runtime.instance().is_active_session(session_id)


def live_trainers() -> int:
    """How many sessions train live on this server now (forgets closed tabs and quiet trainers)."""
    lock, slots = _slots()
    now = time.monotonic()
    with lock:
        for slot in [slot for slot, last in slots.items() if not _alive(slot[0], last, now)]:
            del slots[slot]
        return len(slots)


def _acquire(prefix: str) -> bool:
    """Take (or keep) this session's slot for ``prefix``; False when the server is full."""
    lock, slots = _slots()
    slot = (_session_id(), prefix)
    full = live_trainers() >= MAX_LIVE_TRAINERS
    with lock:
        if slot in slots or not full:
            slots[slot] = time.monotonic()
            return True
    return False


def _release(prefix: str) -> None:
    lock, slots = _slots()
    with lock:
        slots.pop((_session_id(), prefix), None)


#: Keyboard shortcuts for a teacher at the projector: P plays or pauses, S steps, 0 resets (R and C are
#: Streamlit's own rerun and clear-cache keys).
PLAY_KEY, STEP_KEY, RESET_KEY = "p", "s", "0"


def _key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def is_running(prefix: str) -> bool:
    return bool(st.session_state.get(_key(prefix, "running"), False))


def stop(prefix: str) -> None:
    st.session_state[_key(prefix, "running")] = False
    _release(prefix)


def tick_interval(prefix: str) -> float | None:
    """The fragment's ``run_every``: a tick while running, ``None`` (idle) while paused."""
    return TICK_SECONDS if is_running(prefix) else None


def _set_running(prefix: str, run: bool) -> None:
    """Play (``run``) or Pause, as the button showed when it was drawn. Idempotent on purpose: Streamlit 1.67
    can dispatch one click's callback twice when it lands during a fragment's tick, and a toggle would then
    undo the teacher's Pause."""
    if not run:
        stop(prefix)
    elif is_running(prefix):
        return
    elif _acquire(prefix):
        st.session_state[_key(prefix, "running")] = True
    else:
        st.session_state[_key(prefix, "refused")] = True


def _step(prefix: str) -> None:
    st.session_state[_key(prefix, "pending")] = st.session_state.get(_key(prefix, "pending"), 0) + 1


def _reset(prefix: str) -> None:
    stop(prefix)
    st.session_state[_key(prefix, "reset")] = True


def transport(prefix: str, speed_label: str, speeds: tuple[int, ...], default_speed: int) -> int:
    """Play/Pause, Step and Reset buttons and a speed control; returns the chosen speed (units per tick)."""
    play, step, reset, speed = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
    running = is_running(prefix)
    play.button("Pause" if running else "Play", key=_key(prefix, "play"), on_click=_set_running, args=(prefix, not running),
                icon=":material/pause:" if running else ":material/play_arrow:", type="primary", width="stretch",
                shortcut=PLAY_KEY)
    step.button("Step", key=_key(prefix, "step"), on_click=_step, args=(prefix,),
                icon=":material/skip_next:", width="stretch", disabled=running, shortcut=STEP_KEY)
    reset.button("Reset", key=_key(prefix, "reset_button"), on_click=_reset, args=(prefix,),
                 icon=":material/restart_alt:", width="stretch", shortcut=RESET_KEY)
    chosen = speed.select_slider(speed_label, options=speeds, value=default_speed, key=_key(prefix, "speed"))
    if st.session_state.pop(_key(prefix, "refused"), False):
        st.info(f"This server is already running {MAX_LIVE_TRAINERS} live trainings, its limit, so that every "
                "student's page stays quick. Press **Step** to train a chunk at a time, or **Play** again in a "
                "moment, when someone pauses.", icon=":material/groups:")
    return chosen


def take_reset(prefix: str) -> bool:
    """True once after Reset was pressed."""
    return bool(st.session_state.pop(_key(prefix, "reset"), False))


def chunks_to_run(prefix: str, speed: int) -> int:
    """How many units this run of the fragment trains: ``speed`` while running, else pending Step presses."""
    pending = st.session_state.pop(_key(prefix, "pending"), 0)
    if is_running(prefix) and not _acquire(prefix):  # the slot went stale (page left, server restarted)
        st.session_state[_key(prefix, "running")] = False
        st.session_state[_key(prefix, "refused")] = True
        st.rerun(scope="app")  # redraw Play and the message; the fragment stops ticking
    return speed if is_running(prefix) else pending


def draw_charts(charts: list[tuple[object, str, dict]]) -> None:
    """Draw ``(column, key, Vega-Lite spec)`` triples, each in a keyed container (e2e selects ``.st-key-<key>``).

    Vega-Lite charts with a constant spec keep their DOM node across ticks: only their data is swapped.
    """
    for column, key, spec in charts:
        with column.container(key=key):
            st.vega_lite_chart(spec=spec, width="stretch")


class Fields:
    """One page's training state as attributes, kept in session state as ``<prefix>_<name>``.

    ``Fields("nn").params`` is ``st.session_state["nn_params"]``, so the state survives reruns and tests read
    it by its key.
    """

    def __init__(self, prefix: str):
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        try:
            return st.session_state[_key(self._prefix, name)]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        st.session_state[_key(self._prefix, name)] = value


class Shown(NamedTuple):
    """What a live page shows after a tick: metric columns, then Vega-Lite charts (the first on the left, the
    rest stacked on the right; each drawn in a container keyed ``<prefix>_<name>``)."""

    metrics: list[tuple[str, str | int, str | None]]  # (label, value, delta or None), one column each
    charts: Mapping[str, dict]  # name -> Vega-Lite spec, in drawing order


class Trainer(NamedTuple):
    """What a live page trains, as three callables over its :class:`Fields`; :func:`run` does the rest."""

    start: Callable[[], dict[str, Any]]  # the fields of a fresh run (params, losses, …)
    train: Callable[[Fields, int], str | None]  # train this many units; on divergence keep the last finite
    #                                             fields and return the message that says why, else None
    show: Callable[[Fields], Shown]  # metrics and chart specs of the run as it stands


def run(prefix: str, trainer: Trainer, config: Hashable, speed: int, widths: tuple[int, int] = (1, 1)) -> None:
    """Restart on Reset or when ``config`` (the settings that define a run) changed, then the live fragment.

    ``speed`` is :func:`transport`'s choice; ``widths`` are the relative widths of the two chart columns.
    """
    fields = Fields(prefix)
    if take_reset(prefix) or st.session_state.get(_key(prefix, "config")) != config:
        for name, value in {"config": config, "error": None, **trainer.start()}.items():
            setattr(fields, name, value)
    st.fragment(run_every=tick_interval(prefix))(_tick)(prefix, trainer, speed, widths)


@guard.guarded("Training")
def _tick(prefix: str, trainer: Trainer, speed: int, widths: tuple[int, int]) -> None:
    """One run of the fragment: train (or stop on divergence), then metrics and charts, drawn in place."""
    fields = Fields(prefix)
    units = chunks_to_run(prefix, speed)  # running: `speed` per tick; paused: the Step presses
    if units and (error := trainer.train(fields, units)):
        stop(prefix)
        fields.error = error
        st.rerun()
    shown = trainer.show(fields)  # every spec is built before the first element is drawn: they go out together
    if fields.error:
        st.error(fields.error, icon=":material/warning:")
    for column, (label, value, delta) in zip(st.columns(len(shown.metrics)), shown.metrics, strict=True):
        column.metric(label, value, delta, delta_color="off")
    left, right = st.columns(list(widths))
    draw_charts([(left if i == 0 else right, _key(prefix, name), spec)
                 for i, (name, spec) in enumerate(shown.charts.items())])
