"""Warm start: a background visit of every page, so the first student on a page waits for no compile.

Streamlit runs no app code until the first browser connects, so the first run of ``app.py`` in a server
process starts one daemon thread (:func:`start`, cached per process). The thread opens a session on its
own server over the loopback WebSocket, exactly as a browser would, and runs every page once, plus a
Step on the live pages (which compiles their training chunk) and every data size of the jit page (whose
live timing of a size is measured once per server and shared), as each page's ``PageSpec.warm_up`` says.
Compiled programs, ``st.cache_resource`` and ``st.cache_data`` entries are per process, so every later session finds them ready. Progress goes to
the server log. The first visitor's own page is not blocked: the thread is one more session, and before
each page it steps aside (up to :data:`YIELD_SECONDS`) while a visitor's script is running.

``CALCULUS_LAB_WARM_START=off`` turns it off (tests that count compiles, or a tiny machine).
"""

from __future__ import annotations

import os
import threading
import time

import streamlit as st
from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSessionState

from dashboard.registry import all_pages

LOG = get_logger("calculus_lab.warm_start")
TIMEOUT_SECONDS = 300.0
YIELD_SECONDS = 5.0  # per page, the longest the warm-up waits for visitors' scripts to finish
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def _stream_url() -> str:
    """The server's own WebSocket endpoint on the loopback interface."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    address = st.get_option("server.address") or "127.0.0.1"
    host = "[::1]" if address in {"::", "::1"} else "127.0.0.1"
    return f"ws://{host}:{st.get_option('server.port')}/{base + '/' if base else ''}_stcore/stream"


def _visitors_running() -> bool:
    """True while some session runs its script (Streamlit's session manager; False if that API changed)."""
    try:
        sessions = Runtime.instance()._session_mgr.list_active_sessions()  # noqa: SLF001 (no public API)
        return any(getattr(s.session, "_state", None) == AppSessionState.APP_IS_RUNNING for s in sessions)
    except Exception:
        return False


def _step_aside() -> None:
    deadline = time.monotonic() + YIELD_SECONDS
    while _visitors_running() and time.monotonic() < deadline:
        time.sleep(0.1)


def _run(ws, page: str, page_hash: str = "", button_id: str = "",
         choice: tuple[str, str] | None = None) -> tuple[str, dict[str, object]]:
    """One rerun of ``page`` (clicking ``button_id``, or setting select slider ``choice = (id, option)``).

    Returns the page hash and, by user key, the buttons' ids and the select sliders' protos.
    """
    msg = BackMsg()
    if page_hash:
        msg.rerun_script.page_script_hash = page_hash
    else:
        msg.rerun_script.page_name = page
    if button_id:
        msg.rerun_script.widget_states.widgets.add(id=button_id, trigger_value=True)
    if choice:
        msg.rerun_script.widget_states.widgets.add(id=choice[0]).string_array_value.data.append(choice[1])
    ws.send(msg.SerializeToString())
    ids: dict[str, object] = {}
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        fm = ForwardMsg.FromString(ws.recv(timeout=max(1.0, deadline - time.monotonic())))
        kind = fm.WhichOneof("type")
        if kind == "navigation":
            page_hash = fm.navigation.page_script_hash
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            if element.WhichOneof("type") == "button":
                ids[element.button.id.rsplit("-", 1)[-1]] = element.button.id
            elif element.WhichOneof("type") == "slider" and element.slider.options:
                ids[element.slider.id.rsplit("-", 1)[-1]] = element.slider
        elif kind == "script_finished" and fm.script_finished != EARLY:
            return page_hash, ids


def warm_all(url: str) -> None:
    """Visit every page once over ``url`` (and Step the live pages); log each page's time."""
    from websockets.sync.client import connect  # here: only the warm-up thread needs it

    pages = all_pages()
    started = time.perf_counter()
    LOG.info("warm start: opening %d pages in the background", len(pages))
    try:
        with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=30) as ws:
            for i, spec in enumerate(pages, 1):
                _step_aside()
                t = time.perf_counter()
                page_hash, ids = _run(ws, spec.slug)
                press, sweep = spec.warm_up.press, spec.warm_up.sweep  # the page's PageSpec.warm_up
                if press and press in ids:
                    _run(ws, spec.slug, page_hash, ids[press])
                if sweep and sweep in ids:
                    slider = ids[sweep]
                    for option in slider.options:
                        _run(ws, spec.slug, page_hash, choice=(slider.id, option))
                LOG.info("warm start: %d/%d %s ready in %.1f s", i, len(pages), spec.slug, time.perf_counter() - t)
    except Exception as exc:  # never take the server down: pages still compile on first use
        LOG.warning("warm start stopped early: %r", exc)
        return
    LOG.info("warm start: all %d pages ready in %.1f s", len(pages), time.perf_counter() - started)


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread | None:
    """Start the warm-up thread once per server process (not under AppTest, or when turned off)."""
    if os.environ.get("CALCULUS_LAB_WARM_START", "on").lower() == "off":
        return None
    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:  # AppTest runs a mock runtime
        return None
    thread = threading.Thread(target=warm_all, args=(_stream_url(),), name="calculus-lab-warm-start", daemon=True)
    thread.start()
    return thread
