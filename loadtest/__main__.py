"""A class on one server: step up simulated students and measure latency, errors, CPU and memory.

    python -m loadtest                          # scenarios/class.toml: 1, 5, 10, 20, 30, 50 students, 60 s each
    python -m loadtest --steps 5,30 --duration 30
    python -m loadtest --scenario smoke         # the short run `make test` does
    python -m loadtest --url http://127.0.0.1:8501 --server-pid 1234   # a server you started (loopback only)

Without ``--url`` the tool starts the dashboard itself on 127.0.0.1 (a free port) and stops it at the end.
Prints a table and writes a JSON file (default test-artifacts/loadtest/results.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from loadtest import report
from loadtest.protocol import Tab, check_loopback
from loadtest.scenario import Scenario, load
from loadtest.server import ROOT, Sampler, listening_pids, started_server
from loadtest.student import Browser, LiveTrainer

DEFAULT_JSON = ROOT / "test-artifacts" / "loadtest" / "results.json"


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
    for tab in tabs:
        await tab.connect()
        await tab.visit(scenario.pages[0].slug)
    await asyncio.sleep(5)
    loaded = sampler.rss_now()
    for tab in tabs:
        await tab.close()
    await asyncio.sleep(5)
    return {"sessions": n, "page": scenario.pages[0].slug, "rss_mb_before": before, "rss_mb_loaded": loaded,
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
        for n in steps:
            print(f"step: {n} students for {scenario.duration_seconds:g} s ...", file=sys.stderr, flush=True)
            out["steps"].append(await run_step(base, scenario, n, sampler, seed))
            await asyncio.sleep(3)  # closed tabs are released before the next step
        if scenario.idle_sessions and pids:
            print(f"idle memory: {scenario.idle_sessions} tabs ...", file=sys.stderr, flush=True)
            out["idle"] = await idle_memory(base, scenario, sampler)
        out["load_average_at_end"] = os.getloadavg()
    return out


def _jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    return x


def print_report(out: dict) -> None:
    print(f"\nScenario {out['scenario']}, {out['cpus']} CPUs, load average at start "
          f"{out['load_average_at_start'][0]:.2f}, think time ~{out['think_seconds']:g} s. "
          "Latency = send -> script_finished, over page visits, control moves and Play presses.\n")
    print(report.table(out["steps"]))
    for step in out["steps"]:
        print()
        print(report.page_table(step))
        if step["errors"]["examples"]:
            print("errors, e.g.: " + "; ".join(step["errors"]["examples"]))
    if "idle" in out:
        i = out["idle"]
        print(f"\nIdle sessions: {i['sessions']} tabs on {i['page']}: {i['mb_per_idle_session']:.1f} MB each "
              f"(RSS {i['rss_mb_before']:.0f} -> {i['rss_mb_loaded']:.0f} MB, {i['rss_mb_after_close']:.0f} MB "
              "after they closed)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="class", help="a TOML file or a name in loadtest/scenarios/")
    ap.add_argument("--steps", help="students per step, e.g. 1,5,10 (default: the scenario's)")
    ap.add_argument("--duration", type=float, help="seconds per step (default: the scenario's)")
    ap.add_argument("--url", help="target a running server on this machine instead of starting one")
    ap.add_argument("--server-pid", type=int, action="append", default=[],
                    help="with --url: processes to sample (default: whoever listens on the port)")
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--server-log", type=Path, help="self-started server: write its log here")
    return ap.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    scenario = load(args.scenario)
    steps = [int(s) for s in args.steps.split(",")] if args.steps else list(scenario.steps)
    if args.duration:
        scenario = Scenario(**{**scenario.__dict__, "duration_seconds": args.duration})
    if args.url:
        try:
            _, port = check_loopback(args.url)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        server = nullcontext((args.url.rstrip("/"), None))
    else:
        server = started_server(log=args.server_log)
    with server as (base, pid):
        pids = [pid] if pid else (args.server_pid or listening_pids(port))
        out = asyncio.run(campaign(base, pids, scenario, steps, args.seed))
    print_report(out)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(_jsonable(out), indent=2) + "\n")
    print(f"\nWritten to {args.json}")
    return 1 if any(s["errors"]["total"] for s in out["steps"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
