"""What a user feels, measured in real Chromium against `streamlit run`: one slider step -> every chart redrawn.

The clock runs inside the page: devtools/browser_js.py (key press -> last message, idle app and every chart
redrawn, after a quiet spell of QUIET_MS that is not counted).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from devtools.browser_js import INIT_JS, QUIET_MS, WAIT_JS

SLIDER_STATE_JS = "el => [Number(el.value), Number(el.min), Number(el.max)]"


def first_direction(value: float, low: float, high: float) -> int:
    """+1 (ArrowRight) or -1 (ArrowLeft): towards the side with more room, so each step tends to reach a
    value not seen before (Streamlit's client caches large messages it has received, so going back and
    forth would understate the payload)."""
    return 1 if high - value >= value - low else -1


def next_direction(direction: int, value: float, low: float, high: float) -> int:
    """Keep ``direction`` unless the slider sits at that end (a short slider bounces back)."""
    at_end = value >= high if direction > 0 else value <= low
    return -direction if at_end and high > low else direction


@dataclass
class WebSocketBytes:
    """Bytes received over the page's WebSockets (Streamlit's /_stcore/stream), for ``page.on("websocket")``."""

    received: int = 0
    sockets: list[WebSocket] = field(default_factory=list)

    def attach(self, ws: WebSocket) -> None:
        self.sockets.append(ws)
        ws.on("framereceived", self.count)

    def count(self, payload: bytes | str) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)


@dataclass
class Change:
    ms: float
    bytes: int
    phases: dict = field(default_factory=dict)  # ms from the key press: answer, last_message, chart, idle


def instrument(page: Page) -> None:
    """Call once, before the first goto: every later page load gets the timing hooks."""
    page.add_init_script(INIT_JS)


def navigate(page: Page, base_url: str, slug: str, timeout_ms: float = 60_000) -> float:
    """Open the page ``slug`` from the sidebar (same session, no reload); seconds until it has settled.

    Falls back to ``page.goto`` when the sidebar has no link to it.
    """
    path = "" if slug == "home" else slug
    if page.url.rstrip("/") == f"{base_url}/{path}".rstrip("/"):
        return 0.0
    link = page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]')
    if not path or not link.count():
        start = time.perf_counter()
        page.goto(f"{base_url}/{path}")
        page_ready(page, timeout_ms)
        return time.perf_counter() - start
    page.evaluate("() => window.__bench.mark()")
    link.first.click()
    return page.evaluate(WAIT_JS, [QUIET_MS, timeout_ms])["ms"] / 1000


def slider_locator(page: Page, key: str | None = None, label: str | None = None) -> Locator:
    """The slider to move: the widget with ``key=`` (or this label), else the first slider-role element."""
    if key:
        return page.locator(f'.st-key-{key}:not([data-stale="true"])').get_by_role("slider").first
    if label:
        return page.get_by_role("slider", name=label, exact=True).first
    return page.get_by_role("slider").first


def reveal(page: Page, slider: Locator, container: Locator | None = None) -> bool:
    """Is ``slider`` visible? When it is not, open the expander around its ``container`` (the ``st-key-``
    element: a collapsed expander does not render its content), then the page's other tabs one by one."""
    def opened() -> bool:
        if container is not None and container.count():
            summary = container.first.locator("xpath=ancestor::details[1]/summary")
            if summary.count() and summary.first.is_visible() and not slider.is_visible():
                summary.first.click()
        try:
            slider.wait_for(state="visible", timeout=3_000)
            return True
        except PlaywrightTimeout:
            return False

    if slider.is_visible() or (container is not None and opened()):
        return True
    for tab in page.get_by_role("tab").all():
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
            if opened():
                return True
    return False


def widget_container(page: Page, key: str | None) -> Locator | None:
    """The fresh element Streamlit made for the widget with ``key=`` (it exists even when hidden)."""
    return page.locator(f'.st-key-{key}:not([data-stale="true"])') if key else None


def slider_change(page: Page, slider: Locator, meter: WebSocketBytes, direction: int, quiet_ms: float = QUIET_MS,
                  timeout_ms: float = 10_000) -> tuple[Change, int]:
    """Move ``slider`` one keyboard step and wait until every changed chart has redrawn.

    ``direction`` is the preferred one (+1 right, -1 left); returns the change and the direction used.
    """
    slider.focus()
    direction = next_direction(direction, *slider.evaluate(SLIDER_STATE_JS))
    key = "ArrowRight" if direction > 0 else "ArrowLeft"
    meter.received = 0
    page.keyboard.press(key)
    times = page.evaluate(WAIT_JS, [quiet_ms, timeout_ms])
    return Change(ms=float(times.pop("ms")), bytes=meter.received, phases=times), direction


def median_change(changes: list[Change]) -> Change:
    return Change(ms=statistics.median(c.ms for c in changes),
                  bytes=int(statistics.median(c.bytes for c in changes)))


def measure_slider(page: Page, slider: Locator, meter: WebSocketBytes, repeats: int = 3, warmup: int = 0,
                   log: Callable[[str], None] = lambda _: None) -> Change:
    """Median time and bytes of ``repeats`` steps of ``slider`` after ``warmup`` steps."""
    direction = first_direction(*slider.evaluate(SLIDER_STATE_JS))
    changes = []
    for i in range(warmup + repeats):
        change, direction = slider_change(page, slider, meter, direction)
        phases = ", ".join(f"{k} {v:.0f}" for k, v in change.phases.items() if v is not None)
        log(f"    step {i}: {change.ms:.0f} ms ({phases}), {change.bytes} bytes")
        if i >= warmup:
            changes.append(change)
    return median_change(changes)


def page_ready(page: Page, timeout_ms: float = 60_000) -> None:
    """After goto: connected, script done, nothing stale, every chart drawn (no fixed sleeps)."""
    page.wait_for_function("""() => {
      const app = document.querySelector('[data-testid="stApp"]');
      if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
      if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
      if (document.querySelector('[data-stale="true"], [data-testid="stStatusWidget"]')) return false;
      if (!document.querySelector('[data-testid="stHeading"], [data-testid="stException"]')) return false;
      const charts = document.querySelectorAll(
          '[data-testid="stElementContainer"]:not([data-stale="true"]) [data-testid="stPlotlyChart"]');
      return Array.from(charts).every(c => c.querySelector('.js-plotly-plot .main-svg'));
    }""", timeout=timeout_ms, polling=20)

