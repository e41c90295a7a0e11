"""The load campaign: warm-up, steps of simulated students, idle memory, all while the server is sampled.

``python -m loadtest`` (loadtest/__main__.py) parses its arguments and calls :func:`campaign`; bench/bench_class.py,
loadtest/browsers.py and scripts/replica_scaling.py call these functions too.
"""

from __future__ import annotations

import asyncio
import math
import os
import sys
import time

from loadtest import report
from loadtest.protocol import Tab
from loadtest.sampler import Sampler
from loadtest.scenario import Scenario
from loadtest.student import Browser, LiveTrainer


async def warm_up(base: str, scenario: Scenario) -> dict[str, float]:
    """One tab opens every page of the scenario once (first-visit seconds; compiles happen here)."""
    firsts = {}
    async with Tab(base, timeout=max(scenario.timeout_seconds, 120)) as tab:
        for slug in dict.fromkeys([p.slug for p in scenario.pages] + [p.slug for p in scenario.live]):
            result = await tab.visit(slug)
            firsts[slug] = result.latency
    return firsts


async def run_step(base: str, scenario: Scenario, students: int, sampler: Sampler, seed: int) -> dict:
    """``students`` students for ``scenario.duration_seconds``; returns the step's summary."""
    live = scenario.live_count(students)
    rss_before, cpu_before, load_before = sampler.rss_now(), sampler.cpu_now(), os.getloadavg()[0]
    t_start = sampler.now()
    t0 = time.monotonic()
    deadline = t0 + scenario.duration_seconds
    crowd = [LiveTrainer(i, base, scenario, deadline, t0, seed + i, plan=scenario.live[i % len(scenario.live)])
             for i in range(live)]
    crowd += [Browser(i, base, scenario, deadline, t0, seed + i) for i in range(live, students)]
    tasks = [asyncio.create_task(s.run()) for s in crowd]
    await asyncio.sleep(max(0.0, deadline - time.monotonic() - 1.0))
    rss_loaded = sampler.rss_now()  # every tab still open
    await asyncio.gather(*tasks)
    seconds = time.monotonic() - t0
    records = [r for s in crowd for r in s.records]
    summary = report.step_summary(students, live, seconds, records, sampler.between(t_start, sampler.now()),
                                  rss_before, rss_loaded)
    summary["server_cpu_s"] = sampler.cpu_now() - cpu_before
    summary["server_cpu_ms_per_request"] = 1000 * summary["server_cpu_s"] / max(1, len(records))
    summary["load_average"] = (load_before, os.getloadavg()[0])
    return summary


async def idle_memory(base: str, scenario: Scenario, sampler: Sampler) -> dict:
    """Resident MB per extra idle session: open ``idle_sessions`` tabs on a page, wait, read RSS."""
    n = scenario.idle_sessions
    before = sampler.rss_now()
    tabs = [Tab(base, timeout=scenario.timeout_seconds) for _ in range(n)]
    opened = 0
    for tab in tabs:
        await tab.connect()
        opened += (await tab.visit(scenario.pages[0].slug)).status == "ok"
    await asyncio.sleep(5)
    loaded = sampler.rss_now()
    for tab in tabs:
        await tab.close()
    await asyncio.sleep(5)
    return {"sessions": n, "opened": opened, "page": scenario.pages[0].slug, "rss_mb_before": before, "rss_mb_loaded": loaded,
            "rss_mb_after_close": sampler.rss_now(), "mb_per_idle_session": (loaded - before) / n}


async def campaign(base: str, pids: list[int], scenario: Scenario, steps: list[int], seed: int) -> dict:
    """Warm-up, every step, then idle memory; all while sampling the server."""
    out = {"scenario": scenario.name, "base_url": base, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
           time.gmtime()), "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
           "server_pids": pids, "think_seconds": scenario.think_seconds, "steps": []}
    with Sampler(pids) as sampler:
        if scenario.warmup:
            print("warm-up: one tab opens every page once ...", file=sys.stderr, flush=True)
            out["first_visit_s"] = await warm_up(base, scenario)
        out["rss_mb_after_warmup"] = sampler.rss_now()
        if scenario.idle_sessions and pids:  # before the steps grow the heap (freed memory stays with Python)
            print(f"idle memory: {scenario.idle_sessions} tabs ...", file=sys.stderr, flush=True)
            out["idle"] = await idle_memory(base, scenario, sampler)
        for n in steps:
            print(f"step: {n} students for {scenario.duration_seconds:g} s ...", file=sys.stderr, flush=True)
            out["steps"].append(await run_step(base, scenario, n, sampler, seed))
            await asyncio.sleep(3)  # closed tabs are released before the next step
        out["load_average_at_end"] = os.getloadavg()
    return out


def jsonable(x):
    """``x`` with its non-finite floats as None (JSON has no NaN), dicts and lists walked."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    return x
