"""Does the generator measure what a browser feels? The same class, once as simulated students, once in Chromium.

    python -m loadtest.browsers                          # 8 students, 60 s each way, a server of its own
    python -m loadtest.browsers --students 8 --duration 60 --url http://127.0.0.1:8501 --server-pid 1234

One run, one server: first ``--students`` WebSocket-level students (``python -m loadtest``'s own step), then as
many headless Chromium contexts (one browser, one context each: separate sessions) doing the same: open a
scenario page, move its sliders with the keyboard every ~3 s (the scenario's think time), open another page;
up to the scenario's share of them press Play on a live page and watch. Chromium moves only the scenario's
sliders (keyboard arrows); the generator also moves select boxes and number inputs. A browser move is timed
inside the page (``devtools/browser_js.py``'s clock, bench's too: key press -> last message, idle app and every
chart redrawn), so it includes what the generator leaves out: the browser's own rendering, on the same 2 cores
as the server. Both halves sample the server's CPU; the browser half also samples Chromium's. Prints a
side-by-side table and writes ``test-artifacts/loadtest/browsers.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import sys
import time
from contextlib import nullcontext

import psutil
from playwright.async_api import Page, async_playwright

from devtools.browser_js import INIT_JS, QUIET_MS, WAIT_JS
from devtools.chromium import chromium_path
from devtools.server import ARTIFACTS, ROOT, started_server
from loadtest import report
from loadtest.campaign import jsonable, run_step, warm_up
from loadtest.protocol import RunResult, check_loopback
from loadtest.sampler import Sampler, cpu_seconds, listening_pids
from loadtest.scenario import LivePlan, PagePlan, Scenario, load
from loadtest.student import Record

OUT = ARTIFACTS / "loadtest" / "browsers.json"
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"], [data-testid="stStatusWidget"]')
    && !!document.querySelector('[data-testid="stHeading"], [data-testid="stException"]');
}"""


class BrowserStudent:
    """One Chromium context: a session of its own, driven as a student of the scenario."""

    def __init__(self, number: int, page: Page, base: str, scenario: Scenario, t0: float, deadline: float,
                 seed: int, live: LivePlan | None = None):
        self.number, self.page, self.base, self.scenario = number, page, base, scenario
        self.t0, self.deadline, self.live = t0, deadline, live
        self.rng = random.Random(seed)
        self.records: list[Record] = []

    def time_left(self) -> float:
        return self.deadline - time.monotonic()

    def think(self) -> float:
        mean = self.scenario.think_seconds
        return min(max(self.rng.expovariate(1 / mean), 0.3), 3 * mean)

    def record(self, slug: str, kind: str, widget: str, started: float, seconds: float, status: str,
               problem: str = "") -> None:
        result = RunResult(seconds, 0, 0, status, [problem] if problem else [])
        self.records.append(Record(self.number, slug, kind, widget, started - self.t0, result))

    async def visit(self, slug: str) -> bool:
        """Open ``slug`` as a student does: by address the first time, then from the sidebar (same session, no
        reload); timed until the app is idle with every chart drawn."""
        started = time.monotonic()
        link = self.page.locator(f'[data-testid="stSidebarNavLink"][href$="/{slug}"]')
        try:
            if await link.count():
                await self.page.evaluate("() => window.__bench.mark()")
                await link.first.click()
                seconds = (await self.page.evaluate(WAIT_JS, [QUIET_MS, self.scenario.timeout_seconds * 1000]))["ms"] / 1000
            else:
                await self.page.goto(f"{self.base}/{slug}")
                await self.page.wait_for_function(READY_JS, timeout=self.scenario.timeout_seconds * 1000, polling=20)
                seconds = time.monotonic() - started
        except Exception as exc:  # noqa: BLE001 - a browser error is this student's error, not the tool's
            self.record(slug, "visit", "", started, time.monotonic() - started, "timeout", repr(exc)[:200])
            return False
        status = "exception" if await self.page.get_by_test_id("stException").count() else "ok"
        self.record(slug, "visit", "", started, seconds, status)
        return True

    async def move(self, slug: str, key: str) -> None:
        """One keyboard step of the slider with ``key`` (skipped when that control is not a visible slider)."""
        slider = self.page.locator(f'.st-key-{key}:not([data-stale="true"])').get_by_role("slider").first
        try:
            if not await slider.count() or not await slider.is_visible():
                return
            await slider.focus(timeout=5_000)
        except Exception:  # noqa: BLE001 - the slider went away (a rerun replaced it): no request was sent
            return
        started = time.monotonic()
        try:
            await self.page.keyboard.press(self.rng.choice(["ArrowRight", "ArrowLeft"]))
            times = await self.page.evaluate(WAIT_JS, [QUIET_MS, self.scenario.timeout_seconds * 1000])
        except Exception as exc:  # noqa: BLE001
            self.record(slug, "move", key, started, time.monotonic() - started, "timeout", repr(exc)[:200])
            return
        status = "exception" if await self.page.get_by_test_id("stException").count() else "ok"
        self.record(slug, "move", key, started, times["ms"] / 1000, status)

    async def browse(self, plans: tuple[PagePlan, ...]) -> None:
        while self.time_left() > 0:
            plan = self.rng.choice(plans)
            if not await self.visit(plan.slug):
                continue
            for _ in range(self.rng.randint(*self.scenario.moves_per_page)):
                await asyncio.sleep(min(self.think(), max(0.0, self.time_left())))
                if self.time_left() <= 0:
                    return
                await self.move(plan.slug, self.rng.choice(plan.moves).key)

    async def train(self, plan: LivePlan) -> None:
        if await self.visit(plan.slug):
            await asyncio.sleep(min(self.think(), max(0.0, self.time_left())))
            started = time.monotonic()
            try:
                button = self.page.locator(f".st-key-{plan.play} button")
                await button.click(timeout=self.time_left() * 1000)
                started = time.monotonic()  # the live charts tick from here on: done when the button says Pause
                await button.filter(has_text="Pause").wait_for(timeout=self.scenario.timeout_seconds * 1000)
                self.record(plan.slug, "play", plan.play, started, time.monotonic() - started, "ok")
            except Exception as exc:  # noqa: BLE001
                self.record(plan.slug, "play", plan.play, started, time.monotonic() - started, "timeout",
                            repr(exc)[:200])
        await asyncio.sleep(max(0.0, self.time_left()))  # watching the live charts tick

    async def run(self) -> None:
        await asyncio.sleep(self.rng.uniform(0, min(self.scenario.think_seconds, 5.0)))
        plans = tuple(p for p in self.scenario.pages if p.moves)
        await (self.train(self.live) if self.live else self.browse(plans))


async def open_app(page: Page, base: str) -> None:
    """Load the app (home page) in ``page`` and wait until it is connected and idle."""
    await page.goto(base)
    await page.wait_for_function(READY_JS, timeout=120_000, polling=50)


def tree_cpu_seconds(process: psutil.Process) -> float:
    """CPU seconds of ``process`` and every descendant (Playwright's driver and Chromium's processes)."""
    return cpu_seconds([process, *process.children(recursive=True)])


async def browser_step(base: str, scenario: Scenario, students: int, pids: list[int], seed: int) -> dict:
    """``students`` Chromium contexts for ``scenario.duration_seconds``; the generator's step summary shape."""
    me = psutil.Process()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(),
                                           args=["--no-sandbox", "--disable-dev-shm-usage"])
        contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(students)]
        pages = [await c.new_page() for c in contexts]
        for page in pages:
            await page.add_init_script(INIT_JS)
        # Untimed, as the generator's handshake is: every student has the app open (its JS loaded) to begin with.
        await asyncio.gather(*(open_app(page, base) for page in pages))
        live = scenario.live_count(students)
        with Sampler(pids) as sampler:
            rss_before, cpu_client = sampler.rss_now(), tree_cpu_seconds(me)
            t_start, t0 = sampler.now(), time.monotonic()
            crowd = [BrowserStudent(i, page, base, scenario, t0, t0 + scenario.duration_seconds, seed + i,
                                    scenario.live[i % len(scenario.live)] if i < live else None)
                     for i, page in enumerate(pages)]
            await asyncio.gather(*(s.run() for s in crowd))
            seconds = time.monotonic() - t0
            summary = report.step_summary(students, live, seconds, [r for s in crowd for r in s.records],
                                          sampler.between(t_start, sampler.now()), rss_before, sampler.rss_now())
            summary["client_cores_mean"] = (tree_cpu_seconds(me) - cpu_client) / seconds
        await browser.close()
    return summary


def side_by_side(generator: dict, browsers: dict) -> str:
    """Markdown: the same students as WebSocket-level simulations and as Chromium contexts."""
    rows = [("requests (visits, moves, Play)", "interactions", "count"),
            ("p50 ms, all requests", "interactions", "p50_ms"), ("p95 ms, all requests", "interactions", "p95_ms"),
            ("control moves", "moves", "count"), ("p50 ms, control moves", "moves", "p50_ms"),
            ("p95 ms, control moves", "moves", "p95_ms"), ("p99 ms, control moves", "moves", "p99_ms")]
    lines = ["| | generator | Chromium |", "|---|---|---|"]
    for label, group, field in rows:
        lines.append(f"| {label} | {report.cell(generator[group][field])} | {report.cell(browsers[group][field])} |")
    lines.append(f"| errors | {generator['errors']['total']} | {browsers['errors']['total']} |")
    lines.append(f"| server cores, median | {generator['server_cores_median']:.2f} | "
                 f"{browsers['server_cores_median']:.2f} |")
    lines.append(f"| load generator / Chromium cores, mean | {generator['client_cores_median']:.2f} (median) | "
                 f"{browsers['client_cores_mean']:.2f} |")
    return "\n".join(lines)


async def compare(base: str, pids: list[int], scenario: Scenario, students: int, seed: int) -> dict:
    print("warm-up: one tab opens every page once ...", file=sys.stderr, flush=True)
    await warm_up(base, scenario)
    print(f"generator: {students} students for {scenario.duration_seconds:g} s ...", file=sys.stderr, flush=True)
    with Sampler(pids) as sampler:
        generator = await run_step(base, scenario, students, sampler, seed)
    await asyncio.sleep(3)
    print(f"Chromium: {students} contexts for {scenario.duration_seconds:g} s ...", file=sys.stderr, flush=True)
    browsers = await browser_step(base, scenario, students, pids, seed)
    return {"scenario": scenario.name, "students": students, "duration_s": scenario.duration_seconds,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "generator": generator,
            "chromium": browsers}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m loadtest.browsers", description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="class")
    ap.add_argument("--students", type=int, default=8)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--url", help="a running server on this machine (loopback only)")
    ap.add_argument("--server-pid", type=int, action="append", default=[])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=str(OUT))
    args = ap.parse_args(argv)
    scenario = load(args.scenario)
    scenario = dataclasses.replace(scenario, duration_seconds=args.duration)
    if args.url:
        check_loopback(args.url)
    server = nullcontext((args.url, None)) if args.url else started_server()
    with server as (base, pid):
        pids = args.server_pid or ([pid] if pid else listening_pids(int(base.rsplit(":", 1)[1])))
        out = asyncio.run(compare(base, pids, scenario, args.students, args.seed))
    path = ROOT / args.json  # an absolute --json stays as it is
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        json.dump(jsonable(out), f, indent=2, default=str)
    print(f"\n{args.students} students, scenario {scenario.name}, {args.duration:g} s each way, one server:\n")
    print(side_by_side(out["generator"], out["chromium"]))
    ratio = out["chromium"]["moves"]["p50_ms"] / out["generator"]["moves"]["p50_ms"]
    print(f"\nMedian control move, Chromium / generator: {ratio:.2f}x. Written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
