"""Page benchmarks over every registered page: warm reruns (AppTest), one slider step in Chromium, cold start.

Rows:
- ``rerun <slug>`` (ms): median of 20 AppTest reruns of the real router switched to the page, after a
  warm-up (fewer for a page whose single rerun is slow, said in the goal). Goal < 100 ms on the
  Derivatives pages, < 300 ms elsewhere.
- ``interaction <slug>`` (ms) and ``payload <slug>`` (bytes): in Chromium against ``streamlit run``, the
  page's first ``st.slider`` (else its first ``st.select_slider``) moved one keyboard step -> rerun done
  and every changed chart redrawn (see bench/browser.py); median of 3 steps; bytes received over the
  WebSocket per step.
  Pages without a slider get no such rows.
- ``cold start`` (s): ``streamlit run`` process start -> the home page drawn in Chromium.

A page that errors gives failed rows (value NaN, reason on stderr), never a crash of the whole module.
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import Row
from dashboard.kit.page import PageSpec
from dashboard.registry import GROUPS, all_pages
from devtools.chromium import CHROMIUM_ARGS, ChromiumNotFound, chromium_path
from devtools.server import server_env, start_server, stop_server

BASELINE = "public Streamlit GD visualiser (2.9 s, 2.4 MB)"
BASELINE_MS = 2900.0
BASELINE_BYTES = 2.4e6
INTERACTION_GOAL_MS = 300.0
PAYLOAD_GOAL_BYTES = 300_000.0
COLD_START_GOAL_S = 10.0
FAST_PAGES = frozenset(spec.slug for spec in GROUPS["Derivatives"])
RERUNS = 20  # the count; fewer only for a page whose single rerun is slow
RERUN_BUDGET_S = 1.5  # per page, for the timed reruns (the whole module must stay near 100 s)
MIN_RERUNS = 5
CHROMIUM_BUDGET_S = 150.0  # a safety valve: pages left after this get failed rows, the bench still ends
CHANGES, CHANGE_WARMUP = 3, 0  # the median of 3 already shrugs off one slow first step


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- rows (pure, unit-tested)

def rerun_goal_ms(slug: str) -> float:
    return 100.0 if slug in FAST_PAGES else 300.0


def rerun_count(single_s: float, budget_s: float = RERUN_BUDGET_S) -> int:
    """How many reruns to time: 20, or fewer (at least 5) when 20 would not fit the page's budget."""
    if not math.isfinite(single_s) or single_s <= 0:
        return RERUNS
    return max(MIN_RERUNS, min(RERUNS, int(budget_s / single_s)))


def rerun_row(slug: str, seconds: list[float]) -> Row:
    """``rerun <slug>``: median in ms; the goal names the count when it is not the usual 20."""
    ms = statistics.median(seconds) * 1000
    limit = rerun_goal_ms(slug)
    goal = f"< {limit:g} ms" + ("" if len(seconds) == RERUNS else f" (median of {len(seconds)})")
    return Row(f"rerun {slug}", ms, "ms", goal=goal, passed=ms < limit)


def interaction_row(slug: str, ms: float) -> Row:
    return Row(f"interaction {slug}", ms, "ms", baseline=BASELINE, ratio=BASELINE_MS / ms,
               goal=f"< {INTERACTION_GOAL_MS:g} ms", passed=ms < INTERACTION_GOAL_MS)


def payload_row(slug: str, received: float) -> Row:
    return Row(f"payload {slug}", received, "bytes", baseline=BASELINE,
               ratio=BASELINE_BYTES / received if received > 0 else None,
               goal=f"< {PAYLOAD_GOAL_BYTES / 1000:g} KB", passed=received < PAYLOAD_GOAL_BYTES)


def cold_start_row(seconds: float) -> Row:
    return Row("cold start", seconds, "s", goal=f"< {COLD_START_GOAL_S:g} s", passed=seconds < COLD_START_GOAL_S)


def failed_row(name: str, unit: str, goal: str, reason: str) -> Row:
    """A row for a figure that could not be measured: NaN, failed, the reason on stderr."""
    log(f"  {name}: FAILED: {reason}")
    return Row(name, float("nan"), unit, goal=goal, passed=False)


# ---------------------------------------------------------------- warm reruns (AppTest, in this process)

SliderRef = tuple[str | None, str]  # (key, label) of the slider a user would move


@dataclass
class Rerun:
    row: Row
    has_slider: bool | None  # None: unknown (the page errored)
    slider: SliderRef | None = None


def slider_to_move(at) -> SliderRef | None:
    """The first ``st.slider`` of an AppTest run (a value: moving it must never recompile), else the first
    ``st.select_slider`` (often a shape choice, compiled once per choice), else None."""
    widgets = list(at.slider) or list(at.select_slider)
    return (widgets[0].key, widgets[0].label) if widgets else None


def time_reruns(slug: str, open_page: Callable[[str], object]) -> Rerun:
    """Open the page through the real router, rerun once to warm up, then time the reruns."""
    name, goal = f"rerun {slug}", f"< {rerun_goal_ms(slug):g} ms"
    try:
        opened = time.perf_counter()
        at = open_page(slug)
        at.run()  # warm-up: JAX compiles and caches fill in the first runs
        if at.exception:
            return Rerun(failed_row(name, "ms", goal, f"exception: {at.exception[0].value}"), None)
        slider = slider_to_move(at)
        log(f"  {slug}: opened and warmed up in {time.perf_counter() - opened:.1f} s")
        first = _timed(at.run)
        seconds = [first] + [_timed(at.run) for _ in range(rerun_count(first) - 1)]
        if at.exception:
            return Rerun(failed_row(name, "ms", goal, f"exception: {at.exception[0].value}"), slider is not None,
                         slider)
        return Rerun(rerun_row(slug, seconds), slider is not None, slider)
    except Exception as exc:  # a broken page is a failed row, not a crashed benchmark
        return Rerun(failed_row(name, "ms", goal, f"{type(exc).__name__}: {exc}"), None)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ---------------------------------------------------------------- Chromium against `streamlit run`

def browser_rows(specs: list[PageSpec], sliders: dict[str, SliderRef] | None = None,
                 budget_s: float = CHROMIUM_BUDGET_S) -> list[Row]:
    """Cold start, then slider steps on each page in ``specs`` (the pages that may have a slider).

    ``sliders`` names the slider to move per slug (from AppTest); otherwise the first slider-role element.

    Whatever goes wrong (no Chromium, the server dies, the time budget runs out), every figure still
    gets a row: failed ones are NaN with the reason on stderr.
    """
    from playwright.sync_api import sync_playwright

    from bench import browser

    cold_goal = f"< {COLD_START_GOAL_S:g} s"
    try:
        executable = chromium_path()
    except ChromiumNotFound as exc:
        return [failed_row("cold start", "s", cold_goal, f"no Chromium: {exc}")] + unmeasured(specs, "no Chromium")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            return [failed_row("cold start", "s", cold_goal, f"Chromium: {exc}")] + unmeasured(specs, "Chromium")
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        meter = browser.WebSocketBytes()
        page.on("websocket", meter.attach)
        browser.instrument(page)
        server_log = Path(tmp) / "server.log"
        start = time.perf_counter()  # Chromium is already up: this is the server's cold start
        try:
            proc, url = start_server(server_log, env=server_env())
        except Exception as exc:
            chromium.close()
            return [failed_row("cold start", "s", cold_goal, f"server: {exc}")] + unmeasured(specs, "no server")
        try:
            try:
                page.goto(url)
                browser.page_ready(page)
                rows.append(cold_start_row(time.perf_counter() - start))
            except Exception as exc:
                rows.append(failed_row("cold start", "s", cold_goal, str(exc)))
            for spec in specs:
                if proc.poll() is not None:
                    rows += unmeasured([spec], f"the server exited ({server_log.read_text()[-300:]})")
                elif time.perf_counter() - start > budget_s:
                    rows += unmeasured([spec], f"the Chromium time budget ({budget_s:g} s) ran out")
                else:
                    page_rows = page_interaction(page, url, spec, meter, browser, (sliders or {}).get(spec.slug))
                    rows += page_rows
                    if any(row.passed is False and math.isnan(row.value) for row in page_rows):
                        reset(page, url, browser)
        finally:
            stop_server(proc)
            context.close()
            chromium.close()
    return rows


def unmeasured(specs: list[PageSpec], reason: str) -> list[Row]:
    """Failed ``interaction`` and ``payload`` rows for pages that could not be measured."""
    return [row for spec in specs for row in (
        failed_row(f"interaction {spec.slug}", "ms", f"< {INTERACTION_GOAL_MS:g} ms", reason),
        failed_row(f"payload {spec.slug}", "bytes", f"< {PAYLOAD_GOAL_BYTES / 1000:g} KB", reason))]


def reset(page, url: str, browser) -> None:
    """After a failed page: reload the home page so the next page starts from a clean session."""
    try:
        page.goto(url)
        browser.page_ready(page, timeout_ms=20_000)
    except Exception as exc:
        log(f"  reset after a failed page: {exc}")


def page_interaction(page, url: str, spec: PageSpec, meter, browser, slider: SliderRef | None = None
                     ) -> list[Row]:
    """``interaction`` and ``payload`` rows for one page: [] when it has no slider, failed rows on errors."""
    try:
        seconds = browser.navigate(page, url, spec.slug, timeout_ms=45_000)
        log(f"  {spec.slug}: opened in {seconds:.1f} s")
        if page.get_by_test_id("stException").count():
            raise RuntimeError("the page shows an exception")
        key, label = slider or (None, None)
        target = browser.slider_locator(page, key, label)
        if not browser.reveal(page, target, browser.widget_container(page, key)):
            log(f"  {spec.slug}: no visible slider {slider or ''} in the browser, no interaction row")
            return []
        log(f"  {spec.slug}: moving slider {slider or '(first on the page)'}")
        change = browser.measure_slider(page, target, meter, repeats=CHANGES, warmup=CHANGE_WARMUP, log=log)
        if page.get_by_test_id("stException").count():
            raise RuntimeError("the page shows an exception after the slider step")
    except Exception as exc:
        return unmeasured([spec], f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    return [interaction_row(spec.slug, change.ms), payload_row(spec.slug, change.bytes)]


# ---------------------------------------------------------------- entry point

def run() -> list[Row]:
    from devtools.apptest import open_page

    started = time.perf_counter()
    reruns: dict[str, Rerun] = {}
    for spec in all_pages():
        reruns[spec.slug] = time_reruns(spec.slug, open_page)
        row = reruns[spec.slug].row
        log(f"  rerun {spec.slug}: {row.value:.1f} ms ({row.goal})")
    log(f"  AppTest reruns: {time.perf_counter() - started:.0f} s")
    # Visit in Chromium the pages AppTest saw a slider on, and those it could not run (maybe it can).
    slider_pages = [spec for spec in all_pages() if reruns[spec.slug].has_slider is not False]
    browser_started = time.perf_counter()
    browser = browser_rows(slider_pages, {slug: r.slider for slug, r in reruns.items() if r.slider})
    log(f"  Chromium: {time.perf_counter() - browser_started:.0f} s for {len(slider_pages)} pages")
    by_kind = {kind: [r for r in browser if r.name.startswith(kind)] for kind in ("interaction", "payload")}
    cold = [r for r in browser if r.name == "cold start"]
    return [r.row for r in reruns.values()] + by_kind["interaction"] + by_kind["payload"] + cold
