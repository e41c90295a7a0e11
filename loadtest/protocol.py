"""One simulated browser tab speaking Streamlit 1.67's WebSocket protocol (no browser, no JavaScript).

The handshake is the browser's: GET ``/`` for the ``_streamlit_xsrf`` cookie, then open
``ws://host:port/_stcore/stream`` with ``Sec-WebSocket-Protocol: streamlit, <xsrf token>``, the cookie and a
same-origin ``Origin``. Every request is a ``BackMsg.rerun_script`` carrying a ``ClientState``: the page
(``page_name`` = the page's url path on the first visit, then ``page_script_hash``), the query string, the
state of every widget on the page, and the hashes of the large messages this tab already holds (the
browser's ForwardMsg cache, so the server may answer with ``ref_hash`` as it does for a browser). The
server answers with ``ForwardMsg``s, one per frame, until ``script_finished``.

Widget ids come from the deltas of a run (``$$ID-<hash>-<user key>``); a tab keeps each widget's current
value and resends them all on each rerun, as the frontend's widget manager does. A tab also follows the
server's ``auto_rerun`` messages (``st.fragment(run_every=...)``), which is how live training ticks.
"""

from __future__ import annotations

import asyncio
import http.cookies
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
XSRF_COOKIE = "_streamlit_xsrf"
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
WIDGET_KINDS = {"slider", "selectbox", "radio", "number_input", "checkbox", "text_input", "text_area",
                "button", "multiselect"}


class ProtocolError(RuntimeError):
    """The server broke the protocol or the connection (a dropped socket, a timeout)."""


def check_loopback(url: str) -> tuple[str, int]:
    """``(host, port)`` of an ``http://`` or ``ws://`` URL on this machine; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "ws"} or parts.hostname not in LOOPBACK or parts.port is None:
        raise ValueError(f"refusing {url!r}: the load generator only targets http://127.0.0.1:PORT, "
                         "http://[::1]:PORT or http://localhost:PORT (servers on this machine)")
    return parts.hostname, parts.port


@dataclass
class RunResult:
    """What one rerun cost: wall time from send to ``script_finished``, the frames and bytes received."""

    latency: float
    messages: int
    bytes: int
    status: str  # "ok", "exception", "timeout" or "dropped"
    exceptions: list[str] = field(default_factory=list)
    cache_hits: int = 0  # ref_hash frames: elements the server did not resend
    texts: list[str] = field(default_factory=list)  # markdown and alert bodies drawn in this run (for tests)


@dataclass
class Widget:
    """A widget as the last run drew it: its proto (kind, id, options, range) and the value this tab holds."""

    kind: str
    proto: object
    state: WidgetState | None  # None for buttons (only sent on a click)
    fragment_id: str = ""  # set when the widget lives in an st.fragment: moving it reruns only that fragment

    @property
    def key(self) -> str:
        """The user key (``$$ID-<hash>-<key>``), or the whole id for an unkeyed widget."""
        parts = self.proto.id.split("-", 2)
        return parts[2] if self.proto.id.startswith("$$ID-") and len(parts) == 3 else self.proto.id

    def choices(self) -> list:
        """Every value a student can pick: options, or the slider's grid (at most ~50 points)."""
        p = self.proto
        if self.kind == "slider" and p.type == Slider.Type.SELECT_SLIDER:
            return list(p.options)
        if self.kind == "slider":
            n = max(1, round((p.max - p.min) / p.step)) if p.step > 0 else 50
            stride = max(1, n // 50)
            return [p.min + i * p.step for i in range(0, n + 1, stride)]
        if self.kind in {"selectbox", "radio"}:
            return list(p.options)
        if self.kind == "checkbox":
            return [True, False]
        if self.kind == "number_input":
            lo = p.min if p.has_min else p.default - 10 * (p.step or 1)
            hi = p.max if p.has_max else p.default + 10 * (p.step or 1)
            step = p.step or 1
            return [lo + i * step for i in range(int((hi - lo) / step) + 1)][:50]
        return []


def initial_state(kind: str, proto) -> WidgetState | None:
    """The value a freshly drawn widget holds (``value`` if the server set it, else ``default``)."""
    ws = WidgetState(id=proto.id)
    if kind == "slider":
        values = list(proto.value) if proto.set_value else list(proto.default)
        if proto.type == Slider.Type.SELECT_SLIDER:
            ws.string_array_value.data[:] = [proto.options[int(i)] for i in values]
        else:
            ws.double_array_value.data[:] = values
    elif kind in {"selectbox", "radio"}:
        if proto.set_value and proto.raw_value:
            ws.string_value = proto.raw_value
        elif proto.HasField("default") and len(proto.options):
            ws.string_value = proto.options[proto.default]
        else:
            return None
    elif kind == "number_input":
        value = proto.value if proto.set_value else proto.default
        if proto.data_type == proto.DataType.INT:
            ws.int_value = int(value)
        else:
            ws.double_value = value
    elif kind == "checkbox":
        ws.bool_value = proto.value if proto.set_value else proto.default
    elif kind in {"text_input", "text_area"}:
        ws.string_value = proto.value if proto.set_value else proto.default
    else:  # buttons and the rest: the server keeps their defaults
        return None
    return ws


def set_value(widget: Widget, value) -> WidgetState:
    """``widget``'s state holding ``value`` (an option text, a number or a bool), as the frontend sends it."""
    ws = WidgetState(id=widget.proto.id)
    kind, p = widget.kind, widget.proto
    if kind == "button":
        ws.trigger_value = True
    elif kind == "slider" and p.type == Slider.Type.SELECT_SLIDER:
        ws.string_array_value.data[:] = [str(value)]
    elif kind == "slider":
        ws.double_array_value.data[:] = [float(value)]
    elif kind in {"selectbox", "radio", "text_input", "text_area"}:
        ws.string_value = str(value)
    elif kind == "number_input":
        if p.data_type == p.DataType.INT:
            ws.int_value = int(value)
        else:
            ws.double_value = float(value)
    elif kind == "checkbox":
        ws.bool_value = bool(value)
    else:
        raise ValueError(f"cannot set a {kind} widget")
    return ws


def fetch_xsrf_cookie(base: str, timeout: float = 10.0) -> str | None:
    """The ``_streamlit_xsrf`` cookie the app's index page sets (what the browser holds before connecting)."""
    with urllib.request.urlopen(f"{base}/", timeout=timeout) as response:  # noqa: S310 (loopback only)
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            if XSRF_COOKIE in jar:
                return jar[XSRF_COOKIE].value
    return None


class Tab:
    """One browser tab: a WebSocket, its widgets, its ForwardMsg cache and its auto-rerun timers.

    Use as ``async with Tab(url) as tab: await tab.visit("descent_1d"); await tab.move("d1_lr", 0.1)``.
    """

    def __init__(self, base_url: str, timeout: float = 60.0):
        host, port = check_loopback(base_url)
        self.host = f"[{host}]" if ":" in host else host
        self.base = f"http://{self.host}:{port}"
        self.timeout = timeout
        self.ws = None
        self.page_hash = ""
        self.page_name = ""
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}  # by widget id
        self.auto_reruns: dict[str, float] = {}  # fragment id -> interval in seconds
        self.cached_hashes: set[str] = set()
        self.session_id = ""
        self._frames: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> Tab:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        """The browser's handshake: the XSRF cookie, then the WebSocket with the ``streamlit`` subprotocol."""
        cookie = await asyncio.to_thread(fetch_xsrf_cookie, self.base, self.timeout)
        headers = {"Origin": self.base}
        protocols = ["streamlit"]
        if cookie:
            headers["Cookie"] = f"{XSRF_COOKIE}={cookie}"
            protocols.append(cookie)
        self.ws = await websockets.connect(
            f"ws://{self.base.removeprefix('http://')}/_stcore/stream", additional_headers=headers,
            subprotocols=protocols, max_size=None, open_timeout=self.timeout, ping_interval=None,
            compression=None)
        if self.ws.subprotocol != "streamlit":
            raise ProtocolError(f"server chose subprotocol {self.ws.subprotocol!r}, not 'streamlit'")
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Close the tab (the server releases its session)."""
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        """Move every frame into the queue with its arrival time; ``None`` marks a dropped socket."""
        try:
            async for frame in self.ws:
                self._frames.put_nowait((time.perf_counter(), frame))
        except websockets.ConnectionClosed:
            pass
        finally:
            self._frames.put_nowait(None)

    def widget(self, key: str) -> Widget:
        """The widget with this user key on the current page."""
        for w in self.widgets.values():
            if w.key == key:
                return w
        raise KeyError(f"no widget with key {key!r} on page {self.page_name!r}; "
                       f"keys: {sorted(w.key for w in self.widgets.values())}")

    async def visit(self, page: str) -> RunResult:
        """Open a page by its url path (``""`` for the default page), as a click in the sidebar does."""
        self.page_name, self.page_hash, self.query_string = page, "", ""
        self.widgets.clear()
        self.auto_reruns.clear()
        return await self.rerun()

    async def move(self, key: str, value) -> RunResult:
        """Set the widget with this user key to ``value`` (for a button: click it) and rerun."""
        widget = self.widget(key)
        return await self.rerun(extra=[set_value(widget, value)], fragment_id=widget.fragment_id)

    async def tick(self, fragment_id: str) -> RunResult:
        """One ``run_every`` tick of a fragment (what the browser's auto-rerun timer sends)."""
        return await self.rerun(fragment_id=fragment_id, auto=True)

    def client_state(self, extra: list[WidgetState], fragment_id: str = "", auto: bool = False) -> ClientState:
        """The ClientState the frontend would send now."""
        cs = ClientState(query_string=self.query_string, fragment_id=fragment_id, is_auto_rerun=auto)
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        else:
            cs.page_name = self.page_name
        changed = {ws.id: ws for ws in extra}
        for wid, w in self.widgets.items():
            if wid in changed:
                cs.widget_states.widgets.append(changed.pop(wid))
            elif w.state is not None:
                cs.widget_states.widgets.append(w.state)
        cs.widget_states.widgets.extend(changed.values())
        cs.cached_message_hashes[:] = sorted(self.cached_hashes)
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.context_info.url = f"{self.base}/{self.page_name}"
        return cs

    async def rerun(self, extra: list[WidgetState] = (), fragment_id: str = "", auto: bool = False) -> RunResult:
        """Send one ``rerun_script`` and read ForwardMsgs until the run (or fragment run) finishes."""
        extra = list(extra)
        for ws in extra:  # keep the new value (a button's trigger is sent once)
            if ws.id in self.widgets and ws.WhichOneof("value") != "trigger_value":
                self.widgets[ws.id].state = ws
        msg = BackMsg()
        msg.rerun_script.CopyFrom(self.client_state(extra, fragment_id, auto))
        start = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
        except websockets.ConnectionClosed:
            return RunResult(0.0, 0, 0, "dropped", ["socket closed before send"])
        return await self._until_finished(start, full_run=not fragment_id)

    async def _until_finished(self, start: float, full_run: bool) -> RunResult:
        result = RunResult(0.0, 0, 0, "ok")
        seen: dict[str, Widget] = {}
        deadline = start + self.timeout
        while True:
            try:
                item = await asyncio.wait_for(self._frames.get(), max(0.0, deadline - time.perf_counter()))
            except TimeoutError:
                result.status, result.latency = "timeout", time.perf_counter() - start
                result.exceptions.append(f"no script_finished within {self.timeout:g} s")
                return result
            if item is None:
                result.status, result.latency = "dropped", time.perf_counter() - start
                result.exceptions.append("the server closed the WebSocket")
                return result
            arrived, frame = item
            result.messages += 1
            result.bytes += len(frame)
            fm = ForwardMsg()
            fm.ParseFromString(frame)
            if self._handle(fm, result, seen) and fm.script_finished != EARLY_FOR_RERUN:
                result.latency = arrived - start
                if result.exceptions:
                    result.status = "exception"
                if full_run:
                    self.widgets = seen
                else:
                    self.widgets.update(seen)
                return result

    def _handle(self, fm: ForwardMsg, result: RunResult, seen: dict[str, Widget]) -> bool:
        """Apply one ForwardMsg to this tab; True when it is the run's ``script_finished``."""
        kind = fm.WhichOneof("type")
        if fm.metadata.cacheable and fm.hash:
            self.cached_hashes.add(fm.hash)
        if kind == "script_finished":
            return True
        if kind == "new_session":
            self.page_hash = fm.new_session.page_script_hash or self.page_hash  # st.navigation refines it
            if fm.new_session.HasField("initialize"):
                self.session_id = fm.new_session.initialize.session_id
            if not fm.metadata.run.fragment_ids:
                self.auto_reruns.clear()  # a full run re-registers its timers, as the frontend does
        elif kind == "navigation":
            self.page_hash = fm.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query_string = fm.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in fm.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "ref_hash":
            result.cache_hits += 1
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            self._element(fm.delta.new_element, fm.delta.fragment_id, result, seen)
        return False

    def _element(self, element, fragment_id: str, result: RunResult, seen: dict[str, Widget]) -> None:
        """Record an exception element, or a widget and the value this tab holds for it."""
        kind = element.WhichOneof("type")
        if kind == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "markdown":
            result.texts.append(element.markdown.body)
        elif kind == "alert":
            result.texts.append(element.alert.body)
        elif kind in WIDGET_KINDS:
            proto = getattr(element, kind)
            old = self.widgets.get(proto.id)
            keep = old is not None and old.state is not None and not getattr(proto, "set_value", False)
            seen[proto.id] = Widget(kind, proto, old.state if keep else initial_state(kind, proto), fragment_id)
