"""A class on one server: the load generator (loadtest/) against a self-started server, a short version.

Rows (steps of 10 and 30 students, 30 s each, think time ~3 s, up to 5 training live; the full 1..50 run
is ``make loadtest``):
- ``class p95 <N> students`` (ms): p95 of send -> script_finished over page visits, control moves and Play
  presses. Goal for 30 students: < 1 s.
- ``class errors <N> students``: exceptions in a page, dropped sockets and timeouts. Goal: 0.
- ``class MB per session``: resident memory per extra idle session (20 tabs opened on one page). Goal < 20 MB.

The machine is shared: these figures move with whatever else runs (the load average is printed).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys

from bench.common import Row, below
from devtools.server import started_server
from loadtest.campaign import campaign
from loadtest.scenario import load

STEPS = tuple(int(s) for s in os.environ.get("CALCULUS_LAB_CLASS_STEPS", "10,30").split(","))
SECONDS = float(os.environ.get("CALCULUS_LAB_CLASS_SECONDS", "30"))
P95_GOAL_MS = 1000.0
MB_GOAL = 20.0


def run() -> list[Row]:
    scenario = dataclasses.replace(load("class"), duration_seconds=SECONDS)
    with started_server() as (base, pid):
        out = asyncio.run(campaign(base, [pid], scenario, list(STEPS), seed=0))
    print(f"  class: load average {out['load_average_at_start'][0]:.1f} at start", file=sys.stderr)
    rows = []
    for step in out["steps"]:
        n = step["students"]
        p95 = step["interactions"]["p95_ms"]
        rows.append(below(f"class p95 {n} students", p95, "ms", P95_GOAL_MS) if n >= 30
                    else Row(f"class p95 {n} students", p95, "ms"))
        rows.append(below(f"class errors {n} students", float(step["errors"]["total"]), "errors", 1))
    idle = out.get("idle", {})
    rows.append(below("class MB per session", idle.get("mb_per_idle_session", float("nan")), "MB", MB_GOAL))
    return rows
